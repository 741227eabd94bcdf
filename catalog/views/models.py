"""The model list (filtered, faceted, exportable) and each model's page."""

from django.core.paginator import Paginator
from django.views.generic import DetailView

from core.history import IMPORT_REASON
from core.publishing import is_published

from ..filters import ModelFilterSet
from ..models import LanguageModel, OfferingStatus
from ..records import MODEL_CSV_COLUMNS, model_records
from .listing import FilteredListView

MAX_OFFSET = 2**31  # rows; far past any catalog, and within every database's integers


class KeysFirstPaginator(Paginator):
    """Finds the page's primary keys first (a narrow sorted scan), then loads those rows whole.

    Sorting thousands of whole rows (summaries, JSON lists, the licence) to keep fifty cost
    more than both queries together. A page whose keys are already known (`known_keys`, by
    page number) skips the sorted scan.
    """

    known_keys: dict[int, list[int]] | None = None

    def _get_page(self, object_list, number, paginator):
        keys = (self.known_keys or {}).get(number)
        if keys is None:
            keys = list(object_list.values_list("pk", flat=True))
        rows = LanguageModel.objects.filter(pk__in=keys).for_listing().in_bulk()
        return super()._get_page([rows[key] for key in keys], number, paginator)


class ModelListView(FilteredListView):
    """Every model, filtered and faceted by ModelFilterSet (catalog/filters.py)."""

    filterset_class = ModelFilterSet
    template_name = "catalog/model_list.html"
    context_object_name = "models"
    export_columns = MODEL_CSV_COLUMNS
    export_name = "llm-atlas-models"
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return self.filterset.ordered()

    def get_paginator(self, queryset, per_page, **kwargs):
        """When searching, the facet statement, which selects the matching rows anyway, also
        finds the asked page's keys in order: the page's own sorted query would repeat the
        search. Without a search that query is a short walk of the release-date index, cheaper
        than sorting every matching row in the statement. Not for a page past MAX_OFFSET rows
        either: no catalog has one, and the paginator shows the last page instead."""
        number = self.page_asked
        offset = (number - 1) * per_page
        if self.filterset.search_text and offset <= MAX_OFFSET:
            self.filterset.page_window = (offset, per_page)
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.filterset.page_keys is not None:
            paginator.known_keys = {number: self.filterset.page_keys}
        return paginator

    def export_rows(self):
        """Interchange records (plus commercial use in CSV), built from plain rows for speed."""
        queryset = self.filterset.ordered()
        as_csv = self.request.GET.get("format") == "csv"

        def rows():
            for record in model_records(queryset):
                if as_csv:
                    record["parents"] = [
                        f"{p['model']} ({p['relation']})" for p in record["parents"]
                    ]
                else:
                    del record["commercial_use"]  # JSON rows are exactly the interchange fields
                yield record

        return rows(), queryset.count()


class ModelDetailView(DetailView):
    template_name = "catalog/model_detail.html"
    context_object_name = "model"

    def get_queryset(self):
        """Published models only (a draft's URL is a 404), with their published links."""
        return LanguageModel.objects.published().for_page()

    def get_context_data(self, **kwargs):
        """The published family, and when an editor last changed the facts (one query: the
        import's own history rows say when the database was loaded, not when facts changed)."""
        context = super().get_context_data(**kwargs)
        family = self.object.family
        context["family"] = family if family is not None and is_published(family) else None
        context["api_shut_down"] = any(
            offering.availability == OfferingStatus.RETIRED
            for offering in self.object.offerings.all()
        )
        context["last_edit"] = (
            self.object.history.exclude(history_change_reason=IMPORT_REASON)
            .order_by("-history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        return context
