"""/licenses/: the usage and restrictions of each model, grouped by branch; and a page per
licence, with the models that carry it now and those that carried it before."""

import re

from django.db.models import Count, Prefetch
from django.views.generic import DetailView

from core.publishing import published_q
from core.translation import shown

from ..browse_filters import UsageFilterSet
from ..models import Dataset, LanguageModel, License, PastLicense
from .listing import FilteredListView

USAGE_COLUMNS = [
    "slug",
    "name",
    "branch",
    "license",
    "license_name",
    "license_url",
    "commercial_use",
    "restrictions",
    "data_license",
    "datasets",
]


class LicenseListView(FilteredListView):
    """Each model that has a licence: its terms, commercial use, data terms and corpus."""

    template_name = "catalog/license_list.html"
    context_object_name = "models"
    filterset_class = UsageFilterSet
    paginate_by = 100
    export_columns = USAGE_COLUMNS
    export_name = "llm-atlas-usage"

    def get_queryset(self):
        return (
            self.filterset.ordered()
            .select_related("license")
            .prefetch_related(
                Prefetch("datasets", queryset=Dataset.objects.published().order_by("name"))
            )
        )

    def export_row(self, model):
        lic = model.license
        return {
            "slug": model.slug,
            "name": model.name,
            "branch": model.branch,
            "license": lic.slug,
            "license_name": lic.name,
            "license_url": lic.url,
            "commercial_use": lic.commercial_use,
            "restrictions": lic.restrictions,
            "data_license": model.data_license,
            "datasets": [d.slug for d in model.datasets.all()],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for model in context["models"]:
            model.restrictions_head, model.restrictions_rest = first_sentence(
                shown(model.license, "restrictions")
            )
        context["unlicensed"] = (
            LanguageModel.objects.published().filter(license__isnull=True).count()
        )
        context["licences"] = (
            License.objects.published()
            .annotate(model_count=Count("models", filter=published_q(LanguageModel, "models__")))
            .order_by("name")
        )
        return context


class LicenseDetailView(DetailView):
    """A licence's terms, the published models that carry it, and those that did before."""

    template_name = "catalog/license_detail.html"
    context_object_name = "license"

    def get_queryset(self):
        return License.objects.published()

    def get_context_data(self, **kwargs):
        """Current carriers (two queries) and past ones with their licence now (one)."""
        context = super().get_context_data(**kwargs)
        context["models"] = (
            LanguageModel.objects.published()
            .filter(license=self.object)
            .for_listing()
            .order_by("-release_date", "name")
        )
        context["past"] = (
            PastLicense.objects.published()
            .filter(license=self.object)
            .select_related("model", "model__license")
            .order_by("until", "model__name")
        )
        return context


def first_sentence(text: str) -> tuple[str, str]:
    """("First sentence.", "the rest"), so a long restriction can fold away behind its gist."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(“\"])|(?<=[。！？])(?=.)", text.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""
