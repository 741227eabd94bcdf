"""FilterSets of the other browse pages: organisations, licences, datasets and papers.

They behave like the /models/ filters (catalog/filters.py): repeatable parameters keep their
known values and report the others, a malformed or out-of-range value is ignored with a
notice naming it, and each facet counts its options under all the *other* active filters.
`BrowseFilterSet` holds what the four share; each subclass declares its filters, sorts and
facets.
"""

import django_filters
from django import forms
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from .filters import COMMERCIAL, MAX_QUERY_LENGTH, MAX_YEAR, MIN_YEAR, Facet, Option, quote_value
from .filters import LenientMultipleChoiceFilter as MultipleFilter
from .models import Dataset, LanguageModel, License, Organization, Paper, Topic

FACET_LIMIT = 30  # options listed per facet


class BrowseForm(forms.Form):
    """Drops a reversed year range (when the FilterSet has one) and says so."""

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("year_min"), cleaned.get("year_max")
        if low is not None and high is not None and low > high:
            del cleaned["year_min"], cleaned["year_max"]
            self.range_notice = (
                f"The year range was ignored: year_min ({low}) is after year_max ({high})."
            )
        return cleaned


def sort_filter(sorts: dict) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        method="filter_sort",
        choices=[(key, label) for key, (label, _) in sorts.items()],
        label="Sort",
        empty_label=None,
    )


class YearFilter(django_filters.NumberFilter):
    """A whole year in the range the models accept; anything else is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


def words_filter(fields: tuple[str, ...]):
    """A `q` filter method: every word appears in at least one of `fields`."""

    def filter_words(queryset, name, value):
        for word in value.split():
            any_field = Q()
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(any_field)
        return queryset

    return filter_words


class BrowseFilterSet(django_filters.FilterSet):
    """What every browse FilterSet shares: sort, active values, notices, chips, facets."""

    sorts: dict[str, tuple[str, list]] = {}
    default_sort = ""
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
        """Cleaned values of the filters in use (sort excluded)."""
        self.errors  # noqa: B018 - validate before reading cleaned_data
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "", [])
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
                reason = self.unknown.get(name, "not a known value")
                messages.append(f"Ignored {name}={quote_value(value)}: {reason}.")
        for name, errors in self.form.errors.items():
            if name == "__all__":
                continue
            value = self.data.get(name, "")
            for error in errors:
                messages.append(f"Ignored {name}={quote_value(value)}: {self._plain(name, error)}")
        if hasattr(self.form, "range_notice"):
            messages.append(self.form.range_notice)
        return messages

    def _plain(self, name: str, error: str) -> str:
        if name in ("year_min", "year_max"):
            return f"not a year between {MIN_YEAR} and {MAX_YEAR}."
        if name == "q" and "at most" in error:
            return f"searches are limited to {MAX_QUERY_LENGTH} characters."
        if "Null characters" in error:
            return "contains a NUL character."
        if name == "sort":
            return f"not a sort order ({', '.join(self.sorts)})."
        return error

    def chips(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for each active filter value, to show and remove."""
        chips = []
        for name, value in self.active.items():
            for item in value if isinstance(value, list) else [value]:
                if name == "q":
                    label = f"“{item}”"
                elif name in ("year_min", "year_max"):
                    label = f"{'from' if name == 'year_min' else 'to'} {item}"
                else:
                    label = self.labels.get(name, {}).get(item, item)
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


def grouped(queryset, field: str) -> dict:
    """{value of `field`: number of rows} in one query."""
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


# --- Organisations ---------------------------------------------------------------------------

BRANCH_COUNTS = {branch: f"{branch.replace('-', '_')}_count" for branch in LanguageModel.Branch}


def with_model_counts(queryset):
    """Organisations annotated with model counts: in all, open, closed and per branch."""

    def count(condition=None):
        return Count("models", filter=condition, distinct=True)

    return queryset.annotate(
        model_count=count(),
        open_count=count(Q(models__access=LanguageModel.Access.OPEN)),
        closed_count=count(Q(models__access=LanguageModel.Access.CLOSED)),
        **{name: count(Q(models__branch=branch)) for branch, name in BRANCH_COUNTS.items()},
    )


ORGANIZATION_SORTS = {
    "name": ("Name, A to Z", [Lower("name"), "pk"]),
    "-name": ("Name, Z to A", [Lower("name").desc(), "-pk"]),
    "-models": ("Most models first", [F("model_count").desc(), Lower("name"), "pk"]),
    "models": ("Fewest models first", [F("model_count").asc(), Lower("name"), "pk"]),
}


class OrganizationFilterSet(BrowseFilterSet):
    kind = MultipleFilter(choices=Organization.Kind.choices, label="Kind", distinct=False)
    country = MultipleFilter(label="Country", distinct=False)
    sort = sort_filter(ORGANIZATION_SORTS)

    sorts = ORGANIZATION_SORTS
    default_sort = "name"
    unknown = {
        "kind": "not a kind (company, academic, non-profit, community)",
        "country": "no organisation is in this country (use a two-letter code, e.g. US)",
    }

    class Meta(BrowseFilterSet.Meta):
        model = Organization
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Organization.objects.all()
        super().__init__(data, queryset=queryset, **kwargs)
        countries = (
            Organization.objects.exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        self.labels = {
            "kind": dict(Organization.Kind.choices),
            "country": {code: code for code in countries},
        }
        self.filters["country"].extra["choices"] = list(self.labels["country"].items())

    def ordered(self):
        return with_model_counts(self.qs).order_by(*self.sorts[self.sort_key][1])

    def facets(self) -> list[Facet]:
        """Kind and country, each counted under the other (2 queries)."""
        kinds = grouped(self.without("kind"), "kind")
        countries = grouped(self.without("country"), "country")
        return [
            Facet("kind", "Kind", self.options("kind", kinds)),
            Facet("country", "Country", self.options("country", countries, True)),
        ]


# --- Licences: models with their terms, grouped by branch ---------------------------------

BRANCH_ORDER = Case(
    *(When(branch=branch, then=Value(i)) for i, branch in enumerate(LanguageModel.Branch)),
    output_field=IntegerField(),
)
USAGE_SORTS = {"branch": ("Branch, then name", [BRANCH_ORDER, Lower("name"), "pk"])}


class UsageFilterSet(BrowseFilterSet):
    """Models that have a licence, for the "usage and restrictions" view (/licenses/)."""

    commercial = MultipleFilter(
        field_name="license__commercial_use",
        choices=License.CommercialUse.choices,
        label="Commercial use",
        distinct=False,
    )
    branch = MultipleFilter(choices=LanguageModel.Branch.choices, label="Branch", distinct=False)

    sorts = USAGE_SORTS
    default_sort = "branch"
    unknown = {
        "commercial": "not one of yes, no, conditional",
        "branch": "not a branch (pre-transformer, encoder-only, encoder-decoder, decoder-only)",
    }

    class Meta(BrowseFilterSet.Meta):
        model = LanguageModel
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = LanguageModel.objects.filter(license__isnull=False)
        super().__init__(data, queryset=queryset, **kwargs)
        self.labels = {
            "commercial": COMMERCIAL,
            "branch": dict(LanguageModel.Branch.choices),
        }

    def chips(self):
        return [
            (name, value, f"commercial use: {label.lower()}" if name == "commercial" else label)
            for name, value, label in super().chips()
        ]

    def facets(self) -> list[Facet]:
        """Commercial use and branch, each counted under the other (2 queries)."""
        commercial = grouped(self.without("commercial"), "license__commercial_use")
        branches = grouped(self.without("branch"), "branch")
        return [
            Facet("commercial", "Commercial use", self.options("commercial", commercial)),
            Facet("branch", "Branch", self.options("branch", branches)),
        ]


# --- Datasets --------------------------------------------------------------------------------

DATASET_SORTS = ORGANIZATION_SORTS  # by name or by number of models, alike


class DatasetFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method=words_filter(("name", "description")),
        label="Search",
        max_length=MAX_QUERY_LENGTH,
    )
    access = MultipleFilter(choices=Dataset.Access.choices, label="Access", distinct=False)
    sort = sort_filter(DATASET_SORTS)

    sorts = DATASET_SORTS
    default_sort = "name"
    unknown = {"access": "not one of public, restricted, unknown"}

    class Meta(BrowseFilterSet.Meta):
        model = Dataset
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Dataset.objects.all()
        super().__init__(data, queryset=queryset, **kwargs)
        self.labels = {"access": dict(Dataset.Access.choices)}

    def ordered(self):
        qs = self.qs.annotate(model_count=Count("models", distinct=True))
        return qs.order_by(*self.sorts[self.sort_key][1])

    def facets(self) -> list[Facet]:
        """Access, counted under the search (1 query)."""
        access = grouped(self.without("access"), "access")
        return [Facet("access", "Access", self.options("access", access))]


# --- Papers ----------------------------------------------------------------------------------

PAPER_SORTS = {
    "-year": ("Newest first", [F("year").desc(nulls_last=True), Lower("title"), "pk"]),
    "year": ("Oldest first", [F("year").asc(nulls_last=True), Lower("title"), "pk"]),
    "title": ("Title, A to Z", [Lower("title"), "pk"]),
    "-title": ("Title, Z to A", [Lower("title").desc(), "-pk"]),
}


class PaperFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method=words_filter(("title", "authors", "venue")),
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        help_text="Words in the title, authors or venue.",
    )
    topic = MultipleFilter(method="filter_topic", label="Topic")
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="To year")
    sort = sort_filter(PAPER_SORTS)

    sorts = PAPER_SORTS
    default_sort = "-year"
    unknown = {"topic": "no topic has this slug"}

    class Meta(BrowseFilterSet.Meta):
        model = Paper
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Paper.objects.all()
        super().__init__(data, queryset=queryset, **kwargs)
        topics = Topic.objects.order_by("order", "name").values_list("slug", "name")
        self.labels = {"topic": dict(topics)}
        self.filters["topic"].extra["choices"] = list(self.labels["topic"].items())

    def filter_topic(self, queryset, name, value):
        """Papers in any of the topics."""
        if not value:
            return queryset
        matching = Paper.topics.through.objects.filter(topic__slug__in=value)
        return queryset.filter(pk__in=matching.values("paper_id"))

    def facets(self) -> list[Facet]:
        """Topic and year, each counted under the other filters (2 queries)."""
        active = self.active
        topics = dict(
            Paper.topics.through.objects.filter(paper__in=self.without("topic").values("pk"))
            .values_list("topic__slug")
            .annotate(n=Count("paper_id"))
            .order_by()
        )
        years = grouped(self.without("year_min", "year_max").exclude(year=None), "year")
        return [
            Facet("topic", "Topic", self.options("topic", topics)),
            Facet(
                "year",
                "Year",
                [
                    Option(
                        str(year),
                        str(year),
                        n,
                        active.get("year_min") == year == active.get("year_max"),
                    )
                    for year, n in sorted(years.items(), reverse=True)
                ],
                multiple=False,
            ),
        ]
