from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("models/", views.ModelList.as_view(), name="model-list"),
    path("models/<str:slug>/", views.ModelDetail.as_view(), name="model-detail"),
    path("models/<str:slug>/lineage/", views.ModelLineage.as_view(), name="model-lineage"),
    path("organizations/", views.OrganizationList.as_view(), name="organization-list"),
    path("licenses/", views.LicenseList.as_view(), name="license-list"),
    path("datasets/", views.DatasetList.as_view(), name="dataset-list"),
    path("papers/", views.PaperList.as_view(), name="paper-list"),
    path("benchmarks/", views.BenchmarkList.as_view(), name="benchmark-list"),
    path("tasks/", views.TaskList.as_view(), name="task-list"),
    path("guidelines/", views.GuidelineList.as_view(), name="guideline-list"),
    path("decision-flow/", views.DecisionFlow.as_view(), name="decision-flow"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else ending in a slash (APPEND_SLASH adds it): a JSON 404, not the HTML page.
    re_path(r"^(?:.*/)?$", views.not_found),
]
