"""Training corpora: the list with model counts, and which models each one trained."""

from django.views.generic import DetailView

from ..browse_filters import DatasetFilterSet, count_public_models
from ..models import Dataset
from .listing import FilteredListView

DATASET_COLUMNS = ["slug", "name", "access", "models", "url", "description"]


class DatasetListView(FilteredListView):
    template_name = "catalog/dataset_list.html"
    context_object_name = "datasets"
    filterset_class = DatasetFilterSet
    export_columns = DATASET_COLUMNS
    export_name = "llm-atlas-datasets"

    def export_row(self, dataset):
        return {
            "slug": dataset.slug,
            "name": dataset.name,
            "access": dataset.access,
            "models": dataset.model_count,
            "url": dataset.url,
            "description": dataset.description,
        }


class DatasetDetailView(DetailView):
    template_name = "catalog/dataset_detail.html"
    context_object_name = "dataset"

    def get_queryset(self):
        return Dataset.objects.published().annotate(model_count=count_public_models())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["models"] = (
            self.object.models.published().for_listing().order_by("release_date", "name")
        )
        return context
