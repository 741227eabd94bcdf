"""The /models/ filters: one FilterSet for the page, its exports, the tree and the API.

Bad values never fail a request: a value the filter does not know is dropped and reported in
`notices`, so the page can say what it ignored. Facet counts for each filter are computed
under all the *other* active filters, a few aggregate queries in all.
"""

import json
from collections import defaultdict
from dataclasses import dataclass

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, OrderBy, Q, Value
from django.db.models.expressions import Ref
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.publishing import Status, published_q
from core.text import words_match
from core.translation import pick
from core.validators import LANGUAGE_RE

from . import languages, lineage
from .model_columns import BENCHMARK_SORTS, COLUMN_SORTS, COLUMNS, holds, score_sort
from .models import (
    Architecture,
    Dataset,
    Family,
    LanguageModel,
    License,
    Lifecycle,
    Modality,
    Organization,
    Purpose,
    Reasoning,
    Support,
    Weights,
)
from .search import search_models
from .tree.data import in_sentence

MIN_YEAR, MAX_YEAR = 1900, 2100
# The year as text: ISO dates begin with it, and unlike ExtractYear this needs no Python
# function per row on SQLite. PostgreSQL extracts it faster than it casts a date to text.
YEAR_TEXT = Substr(Cast("release_date", CharField()), 1, 4)


def release_year():
    """The release year of each row, as cheaply as the database allows (on PostgreSQL an
    integer: EXTRACT gives a numeric, slower to group)."""
    if connection.vendor == "postgresql":
        return Cast(ExtractYear("release_date"), IntegerField())
    return YEAR_TEXT


FACET_LIMIT = 30  # options listed per facet; more would bury the page
COMMERCIAL = {
    "yes": gettext_lazy("Allowed"),
    "conditional": gettext_lazy("Under conditions"),
    "no": gettext_lazy("Not allowed"),
}
MAX_QUERY_LENGTH = 200
MAX_BILLIONS = 1_000_000  # parameters: far above any model, below float trouble
MAX_CONTEXT = 10**9  # tokens, as the model field allows
NUMBER_CHIPS = {
    "active_min": gettext_lazy("active ≥ %(n)sB"),
    "active_max": gettext_lazy("active ≤ %(n)sB"),
    "context_min": gettext_lazy("context ≥ %(n)s tokens"),
}


def interpolated(message, values: dict):
    """`message % values`, lazily: translated when it is shown, not once at import."""
    return lazy(lambda: str(message) % values, str)()


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """A repeated parameter that keeps its known values and remembers the others in `ignored`."""

    def clean(self, value):
        values = self.to_python(value)
        self.ignored = [v for v in values if not self.valid_value(v)]
        return [v for v in values if self.valid_value(v)]


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)  # each filter below joins at most one row per model
        super().__init__(*args, **kwargs)


class LanguageCodesField(LenientMultipleChoiceField):
    """ISO 639-1 codes: any two lower-case letters is a code (one no model lists matches
    nothing); anything else is ignored."""

    pattern = "^[a-z]{2}$"  # what the API's schema publishes for each value

    def valid_value(self, value):
        return bool(LANGUAGE_RE.match(str(value)))


class LanguageCodesFilter(LenientMultipleChoiceFilter):
    field_class = LanguageCodesField


SORTS = {
    "-release_date": (gettext_lazy("Newest first"), [F("release_date").desc(), "name"]),
    "release_date": (gettext_lazy("Oldest first"), [F("release_date").asc(), "name"]),
    "name": (gettext_lazy("Name, A to Z"), ["name"]),
    "-name": (gettext_lazy("Name, Z to A"), ["-name"]),
    "-parameters": (
        gettext_lazy("Largest first"),
        [F("parameters_billions").desc(nulls_last=True), "name"],
    ),
    "parameters": (
        gettext_lazy("Smallest first"),
        [F("parameters_billions").asc(nulls_last=True), "name"],
    ),
    **COLUMN_SORTS,
    **BENCHMARK_SORTS,
}
DEFAULT_SORT = "-release_date"


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # the query parameter
    label: str
    options: list[Option]
    multiple: bool = True
    help: str = ""  # the glossary section explaining this filter, if any

    @property
    def none_selected(self) -> bool:
        return not any(option.selected for option in self.options)


# Errors whose message is written for the reader already (the code names the rule).
PLAIN_CODES = ("needs_benchmark",)
# Yes/no filters whose chip names the filter: "Tool use: supported".
LABELLED_CHIPS = ("tool_use", "structured_output")


class BrowseForm(forms.Form):
    """Drops a reversed year range (when the FilterSet has one) and says so."""

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("year_min"), cleaned.get("year_max")
        if low is not None and high is not None and low > high:
            del cleaned["year_min"], cleaned["year_max"]
            self.range_notice = _(
                "The year range was ignored: year_min (%(low)s) is after year_max (%(high)s)."
            ) % {"low": low, "high": high}
        return cleaned


def sort_filter(sorts: dict) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        method="filter_sort",
        choices=[(key, label) for key, (label, _) in sorts.items()],
        label=gettext_lazy("Sort"),
        empty_label=None,
    )


class YearFilter(django_filters.NumberFilter):
    """A whole year in the range the models accept; anything else is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number, zero or more."""

    field_class = forms.IntegerField


def words_filter(fields: tuple[str, ...]):
    """A `q` filter method: every word appears in at least one of `fields`."""

    def filter_words(queryset, name, value):
        return queryset.filter(words_match(fields, value.split()))

    return filter_words


class ModelBrowseForm(BrowseForm):
    """Also refuses a sort by benchmark score when no benchmark is chosen."""

    def clean(self):
        cleaned = super().clean()
        sort = cleaned.get("sort")
        if sort in BENCHMARK_SORTS and not cleaned.get("benchmark"):
            message = _("%(sort)s sorts by a benchmark's scores: choose one with benchmark=<slug>.")
            error = ValidationError(message % {"sort": quote_value(sort)}, code="needs_benchmark")
            self.add_error("sort", error)
        return cleaned


class BrowseFilterSet(django_filters.FilterSet):
    """What every browse FilterSet shares: sort, active values, notices, chips, facets."""

    sorts: dict[str, tuple[str, list]] = {}
    default_sort = ""
    # Parameters that shape the page, not the rows: never a filter, a chip or a facet's cause.
    view_params = ("sort",)
    # Why an unknown value of a repeatable filter was ignored, by parameter.
    unknown: dict[str, str] = {}

    class Meta:
        form = BrowseForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.labels: dict[str, dict] = {}

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in `ordered()`

    @property
    def sort_key(self) -> str:
        self.errors  # noqa: B018 - validate before reading cleaned_data
        return self.form.cleaned_data.get("sort") or self.default_sort

    def ordered(self):
        """The filtered queryset in the chosen order."""
        return self.qs.order_by(*self.sorts[self.sort_key][1])

    @property
    def active(self) -> dict:
        """Cleaned values of the filters in use (sort and the other `view_params` excluded)."""
        self.errors  # noqa: B018 - validate before reading cleaned_data
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name not in self.view_params and value not in (None, "", [])
        }

    @property
    def search_text(self) -> str:
        return self.active.get("q", "")

    def notices(self) -> list[str]:
        """What the request asked for that was ignored, in words a reader understands."""
        self.errors  # noqa: B018
        messages = []
        for name, field in self.form.fields.items():
            for value in getattr(field, "ignored", []):
                reason = self.unknown.get(name) or _("not a known value")
                message = _("Ignored %(name)s=%(value)s: %(reason)s.")
                messages.append(
                    message % {"name": name, "value": quote_value(value), "reason": reason}
                )
        for name, errors in self.form.errors.as_data().items():
            if name == "__all__":
                continue
            value = self.data.get(name, "")
            for error in errors:
                # The reason is a whole sentence, its full stop included.
                message = _("Ignored %(name)s=%(value)s: %(reason)s")
                reason = self._plain(name, error)
                messages.append(
                    message % {"name": name, "value": quote_value(value), "reason": reason}
                )
        if hasattr(self.form, "range_notice"):
            messages.append(self.form.range_notice)
        return messages

    def _plain(self, name: str, error: ValidationError) -> str:
        """Why a value was refused, from the error's code (never from Django's wording)."""
        if name in ("year_min", "year_max"):
            return _("not a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        if error.code == "max_length" and name == "q":
            return _("searches are limited to %(n)s characters.") % {"n": MAX_QUERY_LENGTH}
        if error.code == "null_characters_not_allowed":
            return _("contains a NUL character.")
        if error.code in PLAIN_CODES:
            return " ".join(error.messages)
        if name == "sort":
            return _("not a sort order (%(values)s).") % {"values": ", ".join(self.sorts)}
        return " ".join(error.messages)

    def chips(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for each active filter value, to show and remove."""
        chips = []
        for name, value in self.active.items():
            for item in value if isinstance(value, list) else [value]:
                if name == "q":
                    label = f"“{item}”"
                elif name == "year_min":
                    label = _("from %(year)s") % {"year": item}
                elif name == "year_max":
                    label = _("to %(year)s") % {"year": item}
                elif name in NUMBER_CHIPS:
                    number = f"{item:,f}".rstrip("0").rstrip(".")
                    label = NUMBER_CHIPS[name] % {"n": number}
                else:
                    label = self.labels.get(name, {}).get(item, item)
                    if name in ("commercial", "inherited_restriction", *LABELLED_CHIPS):
                        # Translators: a filter chip, e.g. "Commercial use: allowed".
                        label = _("%(filter)s: %(value)s") % {
                            "filter": self.filters[name].label,
                            "value": in_sentence(label),
                        }
                    elif name == "benchmark":
                        label = _("Benchmark: %(name)s") % {"name": label}
                chips.append((name, str(item), label))
        return chips

    def without(self, *names: str):
        """The queryset filtered by every active filter except `names`."""
        qs = self.queryset.all()
        for name, value in self.active.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs

    def options(self, name: str, counts: dict, order_by_count=False) -> list[Option]:
        """A facet's options: every label with a count, or selected; zero counts hidden."""
        selected = self.active.get(name, [])
        selected = selected if isinstance(selected, list) else [selected]
        result = [
            Option(value, label, counts.get(value, 0), value in selected)
            for value, label in self.labels[name].items()
        ]
        if order_by_count:
            result.sort(key=lambda o: (-o.count, o.label.lower()))
        shown = [o for o in result if o.count or o.selected]
        if len(shown) > FACET_LIMIT:  # the biggest, plus whatever is selected
            shown = shown[:FACET_LIMIT] + [o for o in shown[FACET_LIMIT:] if o.selected]
        return shown

    def facets(self) -> list[Facet]:
        return []

    # The number of rows matching every filter when facets() counted it along the way (so the
    # page needs no COUNT of its own), else None.
    total: int | None = None


def grouped(queryset, field: str) -> dict:
    """{value of `field`: number of rows} in one query."""
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


class ModelFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=gettext_lazy("Search"),
        max_length=MAX_QUERY_LENGTH,
        help_text=gettext_lazy("Words in the name, aliases, summary or organisations."),
    )
    branch = LenientMultipleChoiceFilter(
        choices=LanguageModel.Branch.choices, label=gettext_lazy("Branch")
    )
    org = LenientMultipleChoiceFilter(method="filter_org", label=gettext_lazy("Organisation"))
    access = django_filters.ChoiceFilter(
        choices=LanguageModel.Access.choices, label=gettext_lazy("Access")
    )
    year_min = YearFilter(
        field_name="release_date__year", lookup_expr="gte", label=gettext_lazy("From year")
    )
    year_max = YearFilter(
        field_name="release_date__year", lookup_expr="lte", label=gettext_lazy("To year")
    )
    license = LenientMultipleChoiceFilter(method="filter_license", label=gettext_lazy("Licence"))
    commercial = LenientMultipleChoiceFilter(
        field_name="license__commercial_use",
        choices=License.CommercialUse.choices,
        label=gettext_lazy("Commercial use"),
    )
    dataset = LenientMultipleChoiceFilter(
        method="filter_dataset", label=gettext_lazy("Training data")
    )
    family = LenientMultipleChoiceFilter(method="filter_family", label=gettext_lazy("Family"))
    architecture = LenientMultipleChoiceFilter(
        choices=Architecture.choices, label=gettext_lazy("Architecture")
    )
    input_modality = LenientMultipleChoiceFilter(
        method="filter_input_modality", choices=Modality.choices, label=gettext_lazy("Input")
    )
    weights = LenientMultipleChoiceFilter(choices=Weights.choices, label=gettext_lazy("Weights"))
    reasoning = django_filters.ChoiceFilter(
        choices=Reasoning.choices, label=gettext_lazy("Reasoning")
    )
    lifecycle = LenientMultipleChoiceFilter(
        choices=Lifecycle.choices, label=gettext_lazy("Lifecycle")
    )
    active_min = django_filters.NumberFilter(
        field_name="parameters_active_billions",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_BILLIONS,
        label=gettext_lazy("Active parameters from (billions)"),
    )
    active_max = django_filters.NumberFilter(
        field_name="parameters_active_billions",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_BILLIONS,
        label=gettext_lazy("Active parameters up to (billions)"),
    )
    context_min = WholeNumberFilter(
        field_name="context_length_tokens",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_CONTEXT,
        label=gettext_lazy("Context at least (tokens)"),
    )
    inherited_restriction = django_filters.ChoiceFilter(
        choices=lineage.INHERITED_RESTRICTION_CHOICES,
        method="filter_inherited_restriction",
        label=gettext_lazy("Inherited restriction"),
    )
    purpose = LenientMultipleChoiceFilter(
        method="filter_purpose", choices=Purpose.choices, label=gettext_lazy("Purpose")
    )
    language = LanguageCodesFilter(
        method="filter_language",
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("An ISO 639-1 code, e.g. en or zh: models that list it."),
    )
    tool_use = django_filters.ChoiceFilter(choices=Support.choices, label=gettext_lazy("Tool use"))
    structured_output = django_filters.ChoiceFilter(
        choices=Support.choices, label=gettext_lazy("Structured output")
    )
    benchmark = django_filters.ChoiceFilter(
        method="filter_benchmark",
        label=gettext_lazy("Benchmark"),
        help_text=gettext_lazy(
            "A benchmark slug: models with a published result on it (on /models/ also a "
            "column of their best score)."
        ),
    )
    col = LenientMultipleChoiceFilter(
        method="filter_columns",
        choices=[(key, column.label) for key, column in COLUMNS.items()],
        label=gettext_lazy("Columns"),
        help_text=gettext_lazy("Columns the /models/ table adds; the API gives every field."),
    )
    sort = sort_filter(SORTS)

    sorts = SORTS
    default_sort = DEFAULT_SORT
    view_params = ("sort", "col")
    unknown = {
        "branch": interpolated(
            gettext_lazy("not a branch (%(values)s)"),
            {"values": ", ".join(LanguageModel.Branch.values)},
        ),
        "org": gettext_lazy("no organisation has this slug"),
        "license": gettext_lazy("no licence has this slug"),
        "dataset": gettext_lazy("no dataset has this slug"),
        "commercial": interpolated(
            gettext_lazy("not one of %(values)s"), {"values": "yes, no, conditional"}
        ),
        "family": gettext_lazy("no family has this slug"),
        "architecture": interpolated(
            gettext_lazy("not an architecture (%(values)s)"),
            {"values": ", ".join(Architecture.values)},
        ),
        "input_modality": interpolated(
            gettext_lazy("not a modality (%(values)s)"), {"values": ", ".join(Modality.values)}
        ),
        "weights": interpolated(
            gettext_lazy("not a kind of weights (%(values)s)"),
            {"values": ", ".join(Weights.values)},
        ),
        "lifecycle": interpolated(
            gettext_lazy("not a lifecycle (%(values)s)"), {"values": ", ".join(Lifecycle.values)}
        ),
        "purpose": interpolated(
            gettext_lazy("not a purpose (%(values)s)"), {"values": ", ".join(Purpose.values)}
        ),
        "language": gettext_lazy("not an ISO 639-1 code (two lower-case letters, e.g. en)"),
        "col": interpolated(
            gettext_lazy("not a column (%(values)s)"), {"values": ", ".join(COLUMNS)}
        ),
    }

    # (offset, limit) of the page the view will show, set before facets(); and that page's
    # primary keys in order, when facets() found them along the way (so the page needs no
    # sorted query of its own), else None.
    page_window: tuple[int, int] | None = None
    page_keys: list[int] | None = None

    class Meta(BrowseFilterSet.Meta):
        model = LanguageModel
        fields = []
        form = ModelBrowseForm

    def __init__(self, data=None, queryset=None, **kwargs):
        self.whole_catalog = queryset is None  # every published model, before filters
        if queryset is None:
            queryset = LanguageModel.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        # Published choices from the database, one query each; they label facets and chips.
        self.labels = {
            "branch": dict(LanguageModel.Branch.choices),
            "access": dict(LanguageModel.Access.choices),
            "commercial": COMMERCIAL,
            "inherited_restriction": dict(lineage.INHERITED_RESTRICTION_CHOICES),
            "org": {},
            "license": {},
            "dataset": {},
            "family": {},
            "architecture": dict(Architecture.choices),
            "input_modality": dict(Modality.choices),
            "weights": dict(Weights.choices),
            "reasoning": {"yes": _("Reasoning"), "no": _("No reasoning")},
            "lifecycle": dict(Lifecycle.choices),
            "purpose": dict(Purpose.choices),
            "language": {},  # the codes models list, found as they are counted
            "tool_use": dict(Support.choices),
            "structured_output": dict(Support.choices),
        }
        # Published organisations, licences, datasets, families and benchmarks: one query for
        # all five. They label facets and chips; a benchmark's metric and direction serve its
        # score column.
        self.slugs: dict[str, dict[int, str]] = {}  # published rows' slugs by primary key
        self.benchmarks: dict[str, dict] = {}  # by slug
        for name in LABELLED:
            self.labels[name], self.slugs[name] = {}, {}
        for kind, pk, slug, label, metric, higher_is_better in labelled_rows():
            self.labels[kind][slug] = label
            self.slugs[kind][pk] = slug
            if kind == "benchmark":
                self.benchmarks[slug] = {
                    "slug": slug,
                    "name": label,
                    "metric": metric,
                    "higher_is_better": bool(higher_is_better),
                }
        for name in LABELLED:
            self.filters[name].extra["choices"] = list(self.labels[name].items())

    # --- filters ---------------------------------------------------------------------------

    def filter_search(self, queryset, name, value):
        return search_models(queryset, value)

    def filter_org(self, queryset, name, value):
        return _through_filter(queryset, LanguageModel.organizations, "organization__slug", value)

    def filter_dataset(self, queryset, name, value):
        return _through_filter(queryset, LanguageModel.datasets, "dataset__slug", value)

    def filter_family(self, queryset, name, value):
        return queryset.filter(family__slug__in=value) if value else queryset

    def filter_input_modality(self, queryset, name, value):
        """Models reading any of the modalities."""
        if not value:
            return queryset
        condition = Q()
        for modality in value:
            condition |= reads(modality)
        return queryset.filter(condition)

    def filter_license(self, queryset, name, value):
        return queryset.filter(license__slug__in=value) if value else queryset

    def filter_inherited_restriction(self, queryset, name, value):
        return lineage.filter_inherited_restriction(queryset, value)

    def filter_purpose(self, queryset, name, value):
        """Models made for any of the purposes."""
        return _holding_any(queryset, "purposes", value)

    def filter_language(self, queryset, name, value):
        """Models listing any of the languages."""
        return _holding_any(queryset, "languages", value)

    def filter_benchmark(self, queryset, name, value):
        """Models with a published result on the benchmark (through the reverse relation)."""
        if not value:
            return queryset
        return queryset.filter(pk__in=_scored_on(value).values("pk"))

    def filter_columns(self, queryset, name, value):
        return queryset  # the page's columns, read by the view (`columns`)

    @property
    def columns(self) -> list[str]:
        """The chosen extra columns (known ones), in the table's order."""
        self.errors  # noqa: B018 - validate before reading cleaned_data
        chosen = set(self.form.cleaned_data.get("col") or [])
        return [key for key in COLUMNS if key in chosen]

    @property
    def chosen_benchmark(self) -> dict | None:
        """The chosen benchmark (slug, name, metric, higher_is_better), if any."""
        slug = self.active.get("benchmark")
        return self.benchmarks.get(slug) if slug else None

    def ordered(self):
        """The filtered queryset in the chosen order (search rank first when searching)."""
        return self.qs.order_by(*self._ordering(self.qs))

    def _ordering(self, queryset) -> list:
        key = self.sort_key
        if key in BENCHMARK_SORTS:  # the form refuses it without a benchmark
            chosen = self.chosen_benchmark
            ordering = score_sort(key, chosen["slug"], chosen["higher_is_better"])
        else:
            ordering = list(self.sorts[key][1])
        if not self.data.get("sort"):
            for relevance in ("rank", "named"):  # catalog/search.py: named outranks rank
                if relevance in queryset.query.annotations:
                    ordering = [F(relevance).desc(), *ordering]
        return ordering

    # --- facets ----------------------------------------------------------------------------

    def facets(self) -> list[Facet]:
        """Each filter's options with their counts under the other filters.

        With no filter in use, three statements over indexes (`catalog_counts`). Otherwise two
        queries with no filter on a faceted field, one more per such filter in use: the
        options of the fixed-choice facets are conditional counts of one query per set of other
        filters (`choice_counts`); organisations, families, licences, training data and years
        share one grouped statement (`grouped_counts`).
        """
        if self.whole_catalog and not self.active:
            counts = catalog_counts()
            self.total = sum(counts["branch"].values())  # every model has one branch
        else:
            counts = self.choice_counts(choice_conditions()) | self.grouped_counts()
        years = counts.pop("year")
        active = self.active
        counts |= {name: self._by_id(name, counts[name]) for name in BY_ID}
        chosen = active.get("language", [])
        self.labels["language"] = {
            code: languages.name(code) for code in sorted({*counts["language"], *chosen})
        }
        return [
            Facet("branch", _("Branch"), self.options("branch", counts["branch"]), help="branch"),
            Facet(
                "access",
                _("Access"),
                self.options("access", counts["access"]),
                multiple=False,
                help="access",
            ),
            Facet(
                "commercial",
                _("Commercial use"),
                self.options("commercial", counts["commercial"]),
                help="commercial",
            ),
            Facet(
                "inherited_restriction",
                _("Inherited restriction"),
                self.options("inherited_restriction", counts["inherited_restriction"]),
                multiple=False,
                help="inherited_restriction",
            ),
            Facet(
                "architecture",
                _("Architecture"),
                self.options("architecture", counts["architecture"]),
                help="architecture",
            ),
            Facet(
                "input_modality",
                _("Input"),
                self.options("input_modality", counts["input_modality"]),
                help="modalities",
            ),
            Facet(
                "weights", _("Weights"), self.options("weights", counts["weights"]), help="weights"
            ),
            Facet(
                "reasoning",
                _("Reasoning"),
                self.options("reasoning", counts["reasoning"]),
                multiple=False,
                help="reasoning",
            ),
            Facet(
                "lifecycle",
                _("Lifecycle"),
                self.options("lifecycle", counts["lifecycle"]),
                help="lifecycle",
            ),
            Facet(
                "purpose",
                _("Purpose"),
                self.options("purpose", counts["purpose"]),
            ),
            Facet(
                "language",
                _("Language"),
                self.options("language", counts["language"], True),
            ),
            Facet(
                "tool_use",
                _("Tool use"),
                self.options("tool_use", counts["tool_use"]),
                multiple=False,
            ),
            Facet(
                "structured_output",
                _("Structured output"),
                self.options("structured_output", counts["structured_output"]),
                multiple=False,
            ),
            Facet(
                "benchmark",
                _("Benchmark"),
                self.options("benchmark", counts["benchmark"], True),
                multiple=False,
            ),
            Facet("org", _("Organisation"), self.options("org", counts["org"], True)),
            Facet("family", _("Family"), self.options("family", counts["family"], True)),
            Facet("license", _("Licence"), self.options("license", counts["license"], True)),
            Facet("dataset", _("Training data"), self.options("dataset", counts["dataset"], True)),
            Facet(
                "year",
                _("Release year"),
                [
                    Option(str(year), str(year), n, _year_selected(active, year))
                    for year, n in sorted(years.items(), reverse=True)
                ],
                multiple=False,
            ),
        ]

    def choice_counts(self, conditions: dict[str, dict[str, Q]]) -> dict[str, dict[str, int]]:
        """{facet: {value: rows meeting its condition}}, each facet counted under the other
        filters: one query for the facets whose own filter is not in use (they share the
        rows), plus one per facet whose filter is. The first also counts the rows matching every
        filter, kept in `total`."""
        active = self.active.keys()
        groups = defaultdict(list)
        for name in conditions:
            groups[frozenset({name}).intersection(active)].append(name)
        counts = {}
        for excluded, names in groups.items():
            cells = [(name, value) for name in names for value in conditions[name]]
            cells_and_total = {
                f"c{i}": Count("pk", filter=conditions[name][value] or None)
                for i, (name, value) in enumerate(cells)
            }
            if not excluded:  # under every filter: the number of matching rows, for free
                cells_and_total["total"] = Count("pk")
            row = self.without(*excluded).aggregate(**cells_and_total)
            if not excluded:
                self.total = row["total"]
            for i, (name, value) in enumerate(cells):
                counts.setdefault(name, {})[value] = row[f"c{i}"]
        return counts

    def grouped_counts(self) -> dict[str, dict[int, int]]:
        """{facet: {primary key (or year): matching models}} for organisations, training data,
        licences, families and years, each under the other filters.

        The facets whose own filter is not in use share one statement: the matching rows are
        selected once (a materialised WITH) and grouped five ways (UNION ALL), so a search
        that matches the whole catalog reads it once instead of five times. A facet whose
        filter is in use gets its own query.

        When the view has set `page_window` (offset, limit), the same statement also sorts the
        matching rows it selected and keeps that page's primary keys in `page_keys`, so the page
        needs no sorted query (and no second search) of its own.

        Languages and benchmarks are counted in the same statement: each distinct list of
        languages (its text, beside the part's name, for one column type in every part) and the
        matching models' published results.
        """
        active = self.active.keys()
        own = {name: {name} for name in GROUPED_FACETS} | {"year": {"year_min", "year_max"}}
        shared = [name for name in GROUPED_FACETS if not own[name] & active]
        counts = {name: {} for name in GROUPED_FACETS}
        if shared:
            rows = self.without().annotate(year=release_year())
            parts = [GROUPED_SQL[name]() for name in shared]
            page_params = ()
            sort_columns = {}
            if self.page_window is not None:  # the page's keys too, in the page's order
                sort_columns, order_by = _sort_columns(rows, self._ordering(rows))
                rows = rows.annotate(**sort_columns)
                parts.append(PAGE_SQL.format(order_by=order_by))
                page_params = self.page_window[::-1]  # LIMIT, then OFFSET
            rows = rows.values(*M_COLUMNS, *sort_columns).order_by()
            sql, params = rows.query.sql_with_params()
            columns = ", ".join(["id", *M_COLUMNS[1:], *sort_columns])
            statement = (
                f"WITH m ({columns}) AS MATERIALIZED ({sql}) "  # noqa: S608 - our names
                + " UNION ALL ".join(parts)
            )
            page, lists = [], []
            with connection.cursor() as cursor:
                cursor.execute(statement, (*params, *page_params))
                for name, key, n in cursor.fetchall():
                    if name == "page":
                        page.append((n, key))
                    elif name.startswith(LANGUAGE_PART):
                        lists.append((name.removeprefix(LANGUAGE_PART), n))
                    elif key is not None:
                        counts[name][int(key)] = n
            if "language" in shared:
                counts["language"] = _list_counts(lists)
            if self.page_window is not None:
                self.page_keys = [key for _, key in sorted(page)]
        for name in GROUPED_FACETS:
            if name not in shared:
                counts[name] = GROUPED_QUERY[name](self.without(*own[name]))
        return counts

    def _by_id(self, name: str, counts: dict) -> dict:
        """Counts by primary key turned into counts by slug (published rows only)."""
        slugs = self.slugs[name]
        return {slugs[pk]: n for pk, n in counts.items() if pk in slugs}


GROUPED_FACETS = ("org", "dataset", "license", "family", "year", "language", "benchmark")
# Counted by primary key, shown by slug.
BY_ID = ("org", "dataset", "license", "family", "benchmark")
LABELLED = BY_ID  # their labels and slugs are read when the FilterSet is made


def labelled_rows():
    """(kind, pk, slug, name, metric, higher_is_better) of every published organisation,
    licence, dataset, family and benchmark, by name: one query. The benchmark is found by name
    (the evidence app sits above the catalog)."""
    extra = {"metric": Value(""), "higher": Value(True)}
    parts = [
        model.objects.published()
        .annotate(facet=Value(kind), zh=chinese, **extra)
        .values_list("pk", "slug", "name", "zh", "facet", "metric", "higher")
        .order_by()
        for kind, model, chinese in (
            ("org", Organization, Value("")),
            ("license", License, F("name_zh_hans")),  # an atlas-made name has a translation
            ("dataset", Dataset, Value("")),
            ("family", Family, Value("")),
        )
    ]
    benchmarks = (
        apps.get_model("evidence", "Benchmark")
        .objects.published()
        .annotate(
            facet=Value("benchmark"), zh=Value(""), m=F("metric"), higher=F("higher_is_better")
        )
        .values_list("pk", "slug", "name", "zh", "facet", "m", "higher")
        .order_by()
    )
    rows = parts[0].union(*parts[1:], benchmarks, all=True).order_by("name")
    return [
        (kind, pk, slug, pick(name, zh), metric, higher)
        for pk, slug, name, zh, kind, metric, higher in rows
    ]


def choice_conditions() -> dict[str, dict[str, Q]]:
    """{fixed-choice facet: {value: the condition a row meets to count under it}}."""
    return {
        "branch": {value: Q(branch=value) for value in LanguageModel.Branch.values},
        "access": {value: Q(access=value) for value in LanguageModel.Access.values},
        "commercial": {
            value: Q(license__commercial_use=value) for value in License.CommercialUse.values
        },
        "architecture": {value: Q(architecture=value) for value in Architecture.values},
        "weights": {value: Q(weights=value) for value in Weights.values},
        "reasoning": {value: Q(reasoning=value) for value in Reasoning.values},
        "lifecycle": {value: Q(lifecycle=value) for value in Lifecycle.values},
        "input_modality": {value: reads(value) for value in Modality.values},
        "inherited_restriction": {
            "yes": Q(inherited_restriction=True),
            "no": Q(inherited_restriction=False),
        },
        "purpose": {value: holds("purposes", value) for value in Purpose.values},
        "tool_use": {value: Q(tool_use=value) for value in Support.values},
        "structured_output": {value: Q(structured_output=value) for value in Support.values},
    }


# Facets counted together by catalog_counts, in one walk of the languagemodel_facets index
# whose leading columns they are, by the column each option is read from.
INDEX_FACETS = ("branch", "access", "architecture", "weights", "reasoning", "lifecycle")
# The other facets catalog_counts groups on a (status, column) index each.
FACET_COLUMNS = {
    "inherited_restriction": "inherited_restriction",
    "input_modality": "input_modalities",
    "license": "license_id",
    "family": "family_id",
}
# Facets catalog_counts groups by a column with no index of its own (few distinct values).
PLAIN_COLUMNS = {
    "purpose": "purposes",
    "language": "languages",
    "tool_use": "tool_use",
    "structured_output": "structured_output",
}
# Facets whose option is a JSON list of values, each counted.
LIST_FACETS = ("input_modality", "purpose", "language")


def catalog_counts() -> dict[str, dict]:
    """Every facet's counts over the whole published catalog (no filter in use), as facets()
    wants them, from indexes, without reading model rows: three statements.

    The fixed-choice columns that lead the languagemodel_facets index are grouped together in
    one walk of it; each other column on its (status, column) index; years on the release date
    one. Organisations and training data are counted over their link tables alone: all links,
    less those of unpublished models (usually few). Commercial use is the
    sum of its licences' counts. Purposes, languages, tool use and structured output are
    grouped by their column, benchmarks over the models' published results, in the same
    statement. The conditional counts of `choice_counts` evaluate every
    condition on every row instead, and `grouped_counts` joins every link to its model: more
    than twice the work, on the page most readers open first.
    """
    published = LanguageModel.objects.published()
    unpublished = LanguageModel.objects.exclude(published_q(LanguageModel)).values("pk")
    parts = {
        name: published.annotate(option=F(column))
        for name, column in (FACET_COLUMNS | PLAIN_COLUMNS).items()
    } | {"year": published.annotate(option=release_year())}
    for name, descriptor in (
        ("org", LanguageModel.organizations),
        ("dataset", LanguageModel.datasets),
    ):
        links = descriptor.through.objects.annotate(option=F(descriptor.field.m2m_reverse_name()))
        parts[name] = links
        parts[f"{name} unpublished"] = links.filter(languagemodel__in=unpublished)
    grouped_parts = {
        name: rows.values("option").annotate(n=Count("pk")).order_by()
        for name, rows in parts.items()
    }
    grouped_parts["benchmark"] = (
        _scored_on()
        .filter(published_q(LanguageModel))
        .annotate(option=F("results__benchmark_id"))
        .values("option")
        .annotate(n=Count("pk", distinct=True))  # a model with several results counts once
        .order_by()
    )
    statements, params = [], []
    for name, rows in grouped_parts.items():
        sql, part_params = rows.query.sql_with_params()
        statements.append(f"SELECT %s, CAST(part.option AS TEXT), part.n FROM ({sql}) part")  # noqa: S608
        params += [name, *part_params]
    found = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        for name, key, n in cursor.fetchall():
            if key not in (None, ""):  # no licence, family or recorded value
                found[name][key] = n
    counts = {name: defaultdict(int) for name in INDEX_FACETS}
    for *values, n in published.values_list(*INDEX_FACETS).annotate(n=Count("pk")).order_by():
        for name, value in zip(INDEX_FACETS, values, strict=True):
            if value:  # blank: not recorded
                counts[name][value] += n
    counts["inherited_restriction"] = {
        ("yes" if key in ("1", "true") else "no"): n
        for key, n in found["inherited_restriction"].items()
    }
    for name in LIST_FACETS:
        counts[name] = _list_counts(found[name].items())
    for name in ("tool_use", "structured_output"):
        counts[name] = found[name]
    for name in ("license", "family", "year", "benchmark"):
        counts[name] = {int(key): n for key, n in found[name].items()}
    for name in ("org", "dataset"):
        hidden = found[f"{name} unpublished"]
        counts[name] = {int(key): n - hidden.get(key, 0) for key, n in found[name].items()}
    counts["commercial"] = defaultdict(int)
    for pk, use in License.objects.filter(pk__in=counts["license"]).values_list(
        "pk", "commercial_use"
    ):
        counts["commercial"][use] += counts["license"][pk]
    return counts


def _list_counts(rows) -> dict[str, int]:
    """{value: rows holding it} from (a JSON list's text, rows with that list) pairs."""
    counts = defaultdict(int)
    for key, n in rows:
        for value in set(json.loads(key) if isinstance(key, str) else key or []):
            counts[value] += n
    return dict(counts)


def list_counts(queryset, field: str) -> dict[str, int]:
    """{value: rows of `queryset` whose JSON list `field` holds it}, in one grouped query."""
    return _list_counts(queryset.values_list(field).annotate(n=Count("pk")).order_by())


def benchmark_counts(queryset) -> dict[int, int]:
    """{benchmark id: models of `queryset` with a published result on it}, in one query."""
    return dict(
        _scored_on()
        .filter(pk__in=queryset.values("pk"))
        .values_list("results__benchmark_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


def _through_sql(name: str, descriptor):
    def sql() -> str:
        through = descriptor.through._meta.db_table
        other = descriptor.field.m2m_reverse_name()
        return (
            f"SELECT '{name}', t.{other}, COUNT(*) FROM {through} t"  # noqa: S608 - our names
            f" JOIN m ON m.id = t.languagemodel_id GROUP BY t.{other}"
        )

    return sql


def _benchmark_sql() -> str:
    """Models of `m` with a published result, by benchmark (tables named through the reverse
    relation `results`: the evidence app sits above the catalog)."""
    result = LanguageModel._meta.get_field("results").related_model
    benchmark = result._meta.get_field("benchmark").related_model
    model_column = result._meta.get_field("model").column
    benchmark_column = result._meta.get_field("benchmark").column
    return (
        f"SELECT 'benchmark', r.{benchmark_column}, COUNT(DISTINCT r.{model_column})"  # noqa: S608
        f" FROM {result._meta.db_table} r JOIN m ON m.id = r.{model_column}"
        f" JOIN {benchmark._meta.db_table} b ON b.id = r.{benchmark_column}"
        f" WHERE b.status = '{Status.PUBLISHED.value}' GROUP BY r.{benchmark_column}"
    )


# The columns of the matching rows `m` that the grouped facets read.
M_COLUMNS = ("pk", "license_id", "family_id", "year", "languages")
LANGUAGE_PART = "language "  # names a list of languages' row: "language [...]"
# One SELECT per facet over the matching rows `m` (columns id, license_id, family_id, year,
# languages).
GROUPED_SQL = {
    "org": _through_sql("org", LanguageModel.organizations),
    "dataset": _through_sql("dataset", LanguageModel.datasets),
    "license": lambda: "SELECT 'license', license_id, COUNT(*) FROM m GROUP BY license_id",
    "family": lambda: "SELECT 'family', family_id, COUNT(*) FROM m GROUP BY family_id",
    "year": lambda: "SELECT 'year', CAST(year AS INTEGER), COUNT(*) FROM m GROUP BY year",
    "language": lambda: (
        "SELECT 'language ' || CAST(languages AS TEXT), NULL, COUNT(*) FROM m GROUP BY languages"
    ),
    "benchmark": _benchmark_sql,
}
# One page of the matching rows' keys, numbered in the order of the sort columns s0, s1...
PAGE_SQL = (
    "SELECT 'page', id, ROW_NUMBER() OVER (ORDER BY {order_by})"
    " FROM (SELECT * FROM m ORDER BY {order_by} LIMIT %s OFFSET %s) page"
)


def _sort_columns(queryset, ordering: list) -> tuple[dict, str]:
    """`ordering` (order_by() terms) as columns s0, s1... to select, and the ORDER BY over
    them, compiled as Django compiles the same terms (descending, nulls first or last)."""
    columns, terms = {}, []
    for i, term in enumerate(ordering):
        if isinstance(term, str):
            term = F(term[1:]).desc() if term.startswith("-") else F(term).asc()
        name = f"s{i}"
        columns[name] = term.expression
        terms.append(
            OrderBy(
                Ref(name, term.expression),  # the column of m, by its name
                descending=term.descending,
                nulls_first=term.nulls_first,
                nulls_last=term.nulls_last,
            )
        )
    compiler = queryset.query.get_compiler(connection=connection)
    return columns, ", ".join(compiler.compile(term)[0] for term in terms)  # no parameters


# The same counts, one query each (for a facet whose own filter is in use).
GROUPED_QUERY = {
    "org": lambda qs: _through_counts(LanguageModel.organizations, qs),
    "dataset": lambda qs: _through_counts(LanguageModel.datasets, qs),
    "license": lambda qs: grouped(qs, "license_id"),
    "family": lambda qs: grouped(qs, "family_id"),
    "year": lambda qs: {
        int(year): n
        for year, n in qs.annotate(year=release_year())
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
        if year is not None
    },
    "language": lambda qs: list_counts(qs, "languages"),
    "benchmark": lambda qs: benchmark_counts(qs),
}


def _through_counts(descriptor, queryset) -> dict:
    """{id of the other side: models of `queryset` it is linked to} through a many-to-many
    `descriptor`, in one grouped query over the link table alone."""
    other = descriptor.field.m2m_reverse_name()
    return dict(
        descriptor.through.objects.filter(languagemodel__in=queryset.values("pk"))
        .values_list(other)
        .annotate(n=Count("languagemodel_id"))
        .order_by()
    )


def reads(modality: str) -> Q:
    """Models whose input modalities (a JSON list of Modality values, as `clean()` requires)
    hold `modality`. PostgreSQL tests JSON containment, a third of the cost of matching the
    list's text; SQLite has no containment and matches the quoted word in the text."""
    return holds("input_modalities", modality)


def _holding_any(queryset, field: str, values: list[str]):
    """Rows whose JSON list `field` holds any of `values`."""
    if not values:
        return queryset
    condition = Q()
    for value in values:
        condition |= holds(field, value)
    return queryset.filter(condition)


def _scored_on(slug: str | None = None):
    """Models with a published result (on benchmark `slug`, or on any), through `results`."""
    scored = LanguageModel.objects.filter(results__benchmark__status=Status.PUBLISHED)
    return scored.filter(results__benchmark__slug=slug) if slug else scored


def _year_selected(active, year) -> bool:
    return active.get("year_min") == year and active.get("year_max") == year


def _through_filter(queryset, descriptor, lookup, values):
    if not values:
        return queryset
    matching = descriptor.through.objects.filter(**{f"{lookup}__in": values})
    return queryset.filter(pk__in=matching.values("languagemodel_id"))


def quote_value(value) -> str:
    text = str(value).replace("\x00", "\\0")
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"
