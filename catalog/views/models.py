"""The model list (filtered, faceted, exportable) and each model's page."""

from django.db.models import Prefetch
from django.http import QueryDict
from django.views.generic import DetailView, ListView

from .. import exports
from ..filters import SORTS, ModelFilterSet, quote_value
from ..models import LanguageModel, Lineage, Paper
from .browse import BrowseMixin

MODEL_COLUMNS = [
    "slug",
    "name",
    "branch",
    "organizations",
    "access",
    "release_date",
    "release_date_precision",
    "parameters_billions",
    "parameters_note",
    "license",
    "commercial_use",
    "data_license",
    "datasets",
    "papers",
    "parents",
    "url",
    "source_url",
]


class ModelListView(BrowseMixin, ListView):
    """Every model, filtered and faceted by ModelFilterSet (catalog/filters.py)."""

    template_name = "catalog/model_list.html"
    context_object_name = "models"
    paginate_by = 50
    export_columns = MODEL_COLUMNS
    export_name = "llm-atlas-models"

    def get(self, request, *args, **kwargs):
        self.filterset = ModelFilterSet(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.ordered().for_listing()

    def export_rows(self):
        """Interchange records (plus commercial use in CSV), built from plain rows for speed."""
        queryset = self.filterset.ordered()
        as_csv = self.request.GET.get("format") == "csv"

        def rows():
            for record in exports.model_records(queryset):
                if as_csv:
                    record["parents"] = [
                        f"{p['model']} ({p['relation']})" for p in record["parents"]
                    ]
                else:
                    del record["commercial_use"]  # JSON rows are exactly the interchange fields
                yield record

        return rows(), queryset.count()

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad or out-of-range page shows a notice, never a 404."""
        paginator = self.get_paginator(queryset, page_size)
        raw = self.request.GET.get("page", "1")
        self.page_notice = None
        try:
            number = int(raw)
            if number < 1:
                raise ValueError
        except ValueError:
            number = 1
            self.page_notice = f"Ignored page={quote_value(raw)}: pages are numbered from 1."
        if number > paginator.num_pages:
            if raw != "1":
                self.page_notice = (
                    f"Page {number} does not exist; showing the last page ({paginator.num_pages})."
                )
            number = paginator.num_pages
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        notices = filterset.notices() + self.format_notice()
        if self.page_notice:
            notices.append(self.page_notice)
        context.update(
            filterset=filterset,
            facets=filterset.facets(),
            chips=[(label, self._without(name, value)) for name, value, label in filterset.chips()],
            notices=notices,
            sorts=[(key, label) for key, (label, _) in SORTS.items()],
            sort=filterset.sort_key,
            total=context["paginator"].count,
            query=self._query_without(),
        )
        return context

    def _query_without(self, *names: str) -> QueryDict:
        query = self.request.GET.copy()
        for name in ("page", "format", *names):
            query.pop(name, None)
        return query

    def _without(self, name: str, value: str) -> str:
        """The current URL with one filter value removed (for a chip's remove link)."""
        query = self._query_without()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        return "?" + query.urlencode() if query else "?"


class ModelDetailView(DetailView):
    template_name = "catalog/model_detail.html"
    context_object_name = "model"

    def get_queryset(self):
        return LanguageModel.objects.select_related("license").prefetch_related(
            "organizations",
            "datasets",
            Prefetch("papers", queryset=Paper.objects.order_by("year", "title")),
            Prefetch(
                "parent_links",
                queryset=Lineage.objects.select_related("parent").order_by("parent__release_date"),
            ),
            Prefetch(
                "child_links",
                queryset=Lineage.objects.select_related("child").order_by("child__release_date"),
            ),
        )
