from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("benchmarks/", views.BenchmarkListView.as_view(), name="benchmark_list"),
    path("benchmarks/<slug:slug>/", views.BenchmarkDetailView.as_view(), name="benchmark"),
]
