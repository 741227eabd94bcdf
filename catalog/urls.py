from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("models/", views.ModelListView.as_view(), name="model_list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model_detail"),
]
