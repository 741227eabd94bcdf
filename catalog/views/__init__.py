"""Catalog pages, one module per kind of page."""

from .models import ModelDetailView, ModelListView
from .pages import GlossaryView, HomeView

__all__ = ["GlossaryView", "HomeView", "ModelDetailView", "ModelListView"]
