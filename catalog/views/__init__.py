"""Catalog pages, one module per kind of page."""

from .datasets import DatasetDetailView, DatasetListView
from .families import FamilyDetailView
from .licenses import LicenseListView
from .models import ModelDetailView, ModelListView
from .organizations import OrganizationDetailView, OrganizationListView
from .pages import GlossaryView, HomeView
from .papers import PaperDetailView, PaperListView
from .tree import TreeView, tree_svg

__all__ = [
    "DatasetDetailView",
    "DatasetListView",
    "FamilyDetailView",
    "GlossaryView",
    "HomeView",
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
