from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("models/", views.ModelListView.as_view(), name="model_list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model_detail"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("families/<slug:slug>/", views.FamilyDetailView.as_view(), name="family_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path("licenses/", views.LicenseListView.as_view(), name="license_list"),
    path("licenses/<slug:slug>/", views.LicenseDetailView.as_view(), name="license_detail"),
    path("datasets/", views.DatasetListView.as_view(), name="dataset_list"),
    path("datasets/<slug:slug>/", views.DatasetDetailView.as_view(), name="dataset_detail"),
    path("papers/", views.PaperListView.as_view(), name="paper_list"),
    path("papers/<slug:slug>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("tree/", views.TreeView.as_view(), name="tree"),
    path("tree.svg", views.tree_svg, name="tree_svg"),
]
