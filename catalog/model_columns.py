"""The columns a reader adds to the /models/ table, and the orders they sort by.

`col` (repeatable) names columns of COLUMNS; `benchmark=<slug>` adds one benchmark's best
score (and filters, catalog/filters.py). A column read from the model's own row (context, max
output, knowledge cutoff, languages, modalities, purposes) costs nothing; prices and the score
are annotations of the page's own query (one correlated subquery each), never a query of their
own. Every sort puts rows without a value last, in either direction.

The catalog sits below the evidence app: benchmark scores are reached through the reverse
relation `results`, never by importing evidence.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import NullIf
from django.utils.translation import gettext_lazy as _

from core.publishing import Status

from .models import LanguageModel
from .offerings import lowest_price

MANY_LANGUAGES = 10_000  # sorts "many languages, not listed" above any listed count
SCORE_WIDTH = 5.6  # rem: the benchmark score's column
NAME_WIDTH = 11.0  # rem: the least the model's name gets before the table scrolls in its box
# Widths (rem) of the columns every row shows, narrower as more columns are added: with up to
# one, two to four, or more added columns.
BASE_WIDTHS = (
    {"organizations": 9.5, "license": 13.0, "released": 6.6, "parameters": 4.8},
    {"organizations": 7.5, "license": 9.5, "released": 6.2, "parameters": 4.6},
    {"organizations": 6.5, "license": 7.5, "released": 5.8, "parameters": 4.6},
)


def base_widths(added: int) -> dict[str, float]:
    """The base columns' widths when `added` columns are added."""
    return BASE_WIDTHS[0 if added <= 1 else 1 if added <= 4 else 2]


@dataclass(frozen=True)
class Column:
    key: str  # the `col` value
    label: str
    help: str  # what the header's title says
    sort: str = ""  # the sort key (ascending form); empty: the column does not sort
    descending_first: bool = True  # a header's first click sorts descending
    numeric: bool = False  # right-aligned
    width: float = 5.0  # rem, in the table; a longer value is cut short (whole in its title)


COLUMNS = {
    column.key: column
    for column in (
        Column(
            "context",
            _("Context"),
            _("Context length, in tokens"),
            "context",
            numeric=True,
            width=4.8,
        ),
        Column(
            "max_output",
            _("Max output"),
            _("Longest answer, in tokens"),
            "max_output",
            numeric=True,
            width=4.8,
        ),
        Column(
            "price_in",
            _("Input $"),
            _("Lowest input price among live offerings, USD per million tokens"),
            "price_in",
            descending_first=False,
            numeric=True,
            width=4.6,
        ),
        Column(
            "price_out",
            _("Output $"),
            _("Lowest output price among live offerings, USD per million tokens"),
            "price_out",
            descending_first=False,
            numeric=True,
            width=4.6,
        ),
        Column(
            "knowledge_cutoff",
            _("Cutoff"),
            _("Knowledge cutoff: the last date its training data covers"),
            "knowledge_cutoff",
            width=5.6,
        ),
        Column("languages", _("Languages"), _("Languages the maker lists"), "languages", width=6.4),
        Column(
            "modalities",
            _("Modalities"),
            _("What it reads → what it writes"),
            "modalities",
            width=7.2,
        ),
        Column("purposes", _("Purposes"), _("What it is made for"), width=8.0),
    )
}


class JSONLength(Func):
    """The number of items of a JSON list column (SQLite and PostgreSQL)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, function="JSONB_ARRAY_LENGTH", **extra)


def best_score(slug: str, higher_is_better: bool) -> Subquery:
    """The row's best published score on benchmark `slug` (the highest, or the lowest where
    lower is better); null when it has none."""
    best = Max if higher_is_better else Min
    scores = (
        LanguageModel.objects.filter(
            pk=OuterRef("pk"),
            results__benchmark__slug=slug,
            results__benchmark__status=Status.PUBLISHED,
        )
        .order_by()
        .values("pk")
        .annotate(best=best("results__score"))
        .values("best")
    )
    return Subquery(scores)


LANGUAGE_COUNT = Case(
    When(languages_unlisted=True, then=Value(MANY_LANGUAGES)),
    default=NullIf(JSONLength("languages"), Value(0)),
    output_field=IntegerField(),
)
MODALITY_COUNT = NullIf(JSONLength("input_modalities"), Value(0))


def _both(key: str, expression, up: str, down: str) -> dict:
    """`key` (ascending) and `-key` (descending) sorts of `expression`, unknowns last, then
    by name."""
    return {
        f"-{key}": (down, [expression.desc(nulls_last=True), "name"]),
        key: (up, [expression.asc(nulls_last=True), "name"]),
    }


COLUMN_SORTS = {
    **_both("context", F("context_length_tokens"), _("Shortest context"), _("Longest context")),
    **_both("max_output", F("max_output_tokens"), _("Shortest output"), _("Longest output")),
    **_both(
        "price_in",
        lowest_price("price_input_usd_per_mtok"),
        _("Cheapest input"),
        _("Dearest input"),
    ),
    **_both(
        "price_out",
        lowest_price("price_output_usd_per_mtok"),
        _("Cheapest output"),
        _("Dearest output"),
    ),
    **_both(
        "knowledge_cutoff",
        F("knowledge_cutoff"),
        _("Oldest knowledge"),
        _("Newest knowledge"),
    ),
    **_both("languages", LANGUAGE_COUNT, _("Fewest languages"), _("Most languages")),
    **_both("modalities", MODALITY_COUNT, _("Fewest inputs"), _("Most inputs")),
}
# Sorting by the chosen benchmark's score: the terms depend on the benchmark (`score_sort`).
BENCHMARK_SORTS = {
    "-benchmark": (_("Highest score"), []),
    "benchmark": (_("Lowest score"), []),
}


def score_sort(key: str, slug: str, higher_is_better: bool) -> list:
    """The order_by() terms of `benchmark` or `-benchmark` for the chosen benchmark."""
    score = best_score(slug, higher_is_better)
    term = score.desc(nulls_last=True) if key.startswith("-") else score.asc(nulls_last=True)
    return [term, "name"]


def annotations(columns: list[str], benchmark: dict | None) -> dict:
    """What the page's rows are annotated with for the chosen columns: `price_in`,
    `price_out` and `score` (of the chosen benchmark)."""
    found = {}
    if "price_in" in columns:
        found["price_in"] = lowest_price("price_input_usd_per_mtok")
    if "price_out" in columns:
        found["price_out"] = lowest_price("price_output_usd_per_mtok")
    if benchmark is not None:
        found["score"] = best_score(benchmark["slug"], benchmark["higher_is_better"])
    return found


def holds(field: str, value: str) -> Q:
    """Rows whose JSON list `field` holds `value` (a plain word: a choice value or a language
    code). PostgreSQL tests JSON containment; SQLite has none and matches the quoted word in
    the list's text."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


def compact_tokens(tokens: int | None) -> str:
    """128K for 128000, 1M for 1000000, 1.05M for 1048576; empty when unknown."""
    if tokens is None:
        return ""
    for size, unit in ((1_000_000, "M"), (1_000, "K")):
        if tokens >= size:
            return f"{tokens / size:.3g}{unit}"
    return str(tokens)
