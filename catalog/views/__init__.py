"""Catalog pages, one module per kind of page."""

from .compare import CompareView
from .datasets import DatasetDetailView, DatasetListView
from .families import FamilyDetailView
from .licenses import LicenseDetailView, LicenseListView
from .models import ModelDetailView, ModelListView
from .organizations import OrganizationDetailView, OrganizationListView
from .pages import GlossaryView, HomeView
from .papers import PaperDetailView, PaperListView
from .tree import TreeView, tree_svg

__all__ = [
    "CompareView",
    "DatasetDetailView",
    "DatasetListView",
    "FamilyDetailView",
    "GlossaryView",
    "HomeView",
    "LicenseDetailView",
    "LicenseListView",
    "ModelDetailView",
    "ModelListView",
    "OrganizationDetailView",
    "OrganizationListView",
    "PaperDetailView",
    "PaperListView",
    "TreeView",
    "tree_svg",
]
