from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("changes/", views.change_list, name="changes"),
    path("changes/feed/", views.ChangesFeed(), name="changes_feed"),
    path("changes/deleted/", views.deleted_list, name="deleted"),
]
