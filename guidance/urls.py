from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<slug:slug>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("decide/", views.DecideView.as_view(), name="decide"),
]
