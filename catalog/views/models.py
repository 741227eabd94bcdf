"""The model list (filtered, faceted, exportable, with the columns a reader chooses) and each
model's page."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.history import IMPORT_REASON
from core.publishing import is_published

from .. import model_columns
from ..filters import DEFAULT_SORT, ModelFilterSet
from ..model_columns import BENCHMARK_SORTS, COLUMNS
from ..models import LanguageModel, Modality, OfferingStatus
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
    annotations: dict | None = None  # the chosen columns' values (model_columns.annotations)

    def _get_page(self, object_list, number, paginator):
        keys = (self.known_keys or {}).get(number)
        if keys is None:
            keys = list(object_list.values_list("pk", flat=True))
        rows = (
            LanguageModel.objects.filter(pk__in=keys)
            .for_listing()
            .annotate(**(self.annotations or {}))
            .in_bulk()
        )
        return super()._get_page([rows[key] for key in keys], number, paginator)


@dataclass
class Header:
    """A column head of the /models/ table: its label, and the link that sorts by it."""

    key: str
    label: str
    help: str = ""
    sort_url: str = ""  # empty: the column does not sort
    state: str = ""  # "ascending" or "descending" when the table is sorted by it
    numeric: bool = False
    width: str = ""  # CSS width; empty: what the others leave


# The columns every row shows: (key, label, title, sort key, descending first, numeric).
BASE_HEADERS = (
    ("name", _("Model"), _("Name; the colour is its branch"), "name", False, False),
    ("organizations", _("Organisations"), "", "", False, False),
    ("license", _("Access and licence"), _("Weights open or closed; licence"), "", False, False),
    ("released", _("Released"), "", "release_date", True, False),
    ("parameters", _("Params"), _("Parameters: the largest size, total"), "parameters", True, True),
)


class ModelListView(FilteredListView):
    """Every model, filtered and faceted by ModelFilterSet (catalog/filters.py)."""

    filterset_class = ModelFilterSet
    template_name = "catalog/model_list.html"
    context_object_name = "models"
    export_name = "llm-atlas-models"
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return self.filterset.ordered()

    @property
    def export_columns(self) -> list[str]:
        """The interchange columns, plus in CSV the chosen prices and benchmark score."""
        return MODEL_CSV_COLUMNS + list(self.export_extras().values())

    def export_extras(self) -> dict[str, str]:
        """{annotation: CSV column} of the chosen columns not in the interchange record."""
        names = {
            "price_in": "lowest_price_input_usd_per_mtok",
            "price_out": "lowest_price_output_usd_per_mtok",
        }
        benchmark = self.filterset.chosen_benchmark
        if benchmark is not None:
            names["score"] = f"best_score_{benchmark['slug']}"
        return {key: names[key] for key in self.annotations() if key in names}

    def annotations(self) -> dict:
        filterset = self.filterset
        return model_columns.annotations(filterset.columns, filterset.chosen_benchmark)

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
        paginator.annotations = self.annotations()
        return paginator

    def get_context_data(self, **kwargs):
        """The chosen columns, their heads (each a link that sorts by it) and the choices."""
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        columns = filterset.columns
        benchmark = filterset.chosen_benchmark
        if benchmark is None:  # sorting by score needs a benchmark
            context["sorts"] = [
                (k, label) for k, label in context["sorts"] if k not in BENCHMARK_SORTS
            ]
        added = [
            (
                self._header(
                    key,
                    column.label,
                    column.help,
                    column.sort,
                    column.descending_first,
                    column.numeric,
                ),
                column.width,
            )
            for key, column in ((key, COLUMNS[key]) for key in columns)
        ]
        if benchmark is not None:
            head = self._header(
                "score",
                benchmark["name"],
                benchmark["metric"],
                "benchmark",
                benchmark["higher_is_better"],
                True,
            )
            added.append((head, model_columns.SCORE_WIDTH))
        widths = model_columns.base_widths(len(added))
        heads = [self._header(*head) for head in BASE_HEADERS]
        for head in heads:
            head.width = f"{widths[head.key]}rem" if head.key in widths else ""
        for head, width in added:
            head.width = f"{width}rem"
        added_width = sum(width for head, width in added)
        least = model_columns.NAME_WIDTH + sum(widths.values()) + added_width
        chosen = set(columns)
        context.update(
            columns=columns,
            heads=heads + [head for head, width in added],
            added_heads=[head for head, width in added],
            table_min_width=f"{least:g}rem",
            benchmark=benchmark,
            column_choices=[(key, column.label, key in chosen) for key, column in COLUMNS.items()],
            benchmark_choices=next(
                (facet.options for facet in context["facets"] if facet.name == "benchmark"), []
            ),
            clear_url=self._clear_url(),
        )
        return context

    def _header(self, key, label, help_text, sort, descending_first, numeric) -> Header:
        """A column head; with `sort`, its link sorts by the column, the other way round when
        the table is already sorted by it (back to page 1)."""
        head = Header(key, label, help_text, numeric=numeric)
        if not sort:
            return head
        current = self.filterset.sort_key
        if current == sort:
            head.state, target = "ascending", f"-{sort}"
        elif current == f"-{sort}":
            head.state, target = "descending", sort
        else:
            target = f"-{sort}" if descending_first else sort
        query = self._query_without("sort")
        if target != DEFAULT_SORT:
            query["sort"] = target
        head.sort_url = "?" + query.urlencode() if query else "?"
        return head

    def _clear_url(self) -> str:
        """The page without filters, keeping the chosen columns."""
        kept = [value for value in self.request.GET.getlist("col") if value in COLUMNS]
        return self.request.path + "".join(
            f"{'&' if i else '?'}col={value}" for i, value in enumerate(kept)
        )

    def export_rows(self):
        """Interchange records (plus commercial use and the chosen prices and score in CSV),
        built from plain rows for speed: one more query for the chosen prices and score."""
        queryset = self.filterset.ordered()
        as_csv = self.request.GET.get("format") == "csv"
        extras = self.export_extras() if as_csv else {}
        values = {}
        if extras:
            values = {
                slug: dict(zip(extras.values(), row, strict=True))
                for slug, *row in queryset.annotate(**self.annotations())
                .order_by()
                .values_list("slug", *extras)
            }

        def rows():
            for record in model_records(queryset):
                if as_csv:
                    record["parents"] = [
                        f"{p['model']} ({p['relation']})" for p in record["parents"]
                    ]
                    record |= values.get(record["slug"], {})
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
        context["reads"] = modality_labels(self.object.input_modalities)
        context["writes"] = modality_labels(self.object.output_modalities)
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


def modality_labels(values) -> list[str]:
    """The modalities' names in the reader's language ("Text", "Image"), a code unknown to
    Modality as itself."""
    labels = dict(Modality.choices)
    return [str(labels.get(value, value)) for value in values]
