"""FilterSets of the other browse pages: organisations, licences, datasets and papers.

They behave like the /models/ filters (catalog/filters.py): repeatable parameters keep their
known values and report the others, a malformed or out-of-range value is ignored with a
notice naming it, and each facet counts its options under all the *other* active filters.
`BrowseFilterSet` holds what the four share; each subclass declares its filters, sorts and
facets.
"""

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from core.publishing import published_q

from .filters import (
    COMMERCIAL,
    MAX_QUERY_LENGTH,
    BrowseFilterSet,
    Facet,
    Option,
    YearFilter,
    grouped,
    sort_filter,
    words_filter,
)
from .filters import LenientMultipleChoiceFilter as MultipleFilter
from .models import Dataset, LanguageModel, License, Organization, Paper, Topic

# --- Organisations ---------------------------------------------------------------------------

BRANCH_COUNTS = {branch: f"{branch.replace('-', '_')}_count" for branch in LanguageModel.Branch}


def count_public_models(condition=None) -> Count:
    """How many published models (meeting `condition`) a row links to through `models`."""
    public = published_q(LanguageModel, "models__")
    return Count("models", filter=public & (condition or Q()), distinct=True)


def with_model_counts(queryset):
    """Organisations annotated with counts of published models: in all, open, closed and per
    branch."""
    count = count_public_models
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
            queryset = Organization.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        countries = (
            Organization.objects.published()
            .exclude(country="")
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
        "branch": f"not a branch ({', '.join(LanguageModel.Branch.values)})",
    }

    class Meta(BrowseFilterSet.Meta):
        model = LanguageModel
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = LanguageModel.objects.published().filter(license__isnull=False)
        super().__init__(data, queryset=queryset, **kwargs)
        self.labels = {
            "commercial": COMMERCIAL,
            "branch": dict(LanguageModel.Branch.choices),
        }

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
            queryset = Dataset.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        self.labels = {"access": dict(Dataset.Access.choices)}

    def ordered(self):
        qs = self.qs.annotate(model_count=count_public_models())
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
            queryset = Paper.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        topics = Topic.objects.published().order_by("order", "name").values_list("slug", "name")
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
