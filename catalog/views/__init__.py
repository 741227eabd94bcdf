"""Catalog pages, one module per kind of page."""

from .models import ModelDetailView, ModelListView
from .pages import GlossaryView, HomeView
from .search import SearchView

__all__ = ["GlossaryView", "HomeView", "ModelDetailView", "ModelListView", "SearchView"]
