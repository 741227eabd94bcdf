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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.publishing import published_q
from core.translation import pick

from .filters import (
    COMMERCIAL,
    MAX_QUERY_LENGTH,
    BrowseFilterSet,
    Facet,
    Option,
    YearFilter,
    grouped,
    interpolated,
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
    "name": (gettext_lazy("Name, A to Z"), [Lower("name"), "pk"]),
    "-name": (gettext_lazy("Name, Z to A"), [Lower("name").desc(), "-pk"]),
    "-models": (gettext_lazy("Most models first"), [F("model_count").desc(), Lower("name"), "pk"]),
    "models": (gettext_lazy("Fewest models first"), [F("model_count").asc(), Lower("name"), "pk"]),
}


class OrganizationFilterSet(BrowseFilterSet):
    kind = MultipleFilter(
        choices=Organization.Kind.choices, label=gettext_lazy("Kind"), distinct=False
    )
    country = MultipleFilter(label=gettext_lazy("Country"), distinct=False)
    sort = sort_filter(ORGANIZATION_SORTS)

    sorts = ORGANIZATION_SORTS
    default_sort = "name"
    unknown = {
        "kind": interpolated(
            gettext_lazy("not a kind (%(values)s)"),
            {"values": "company, academic, non-profit, community"},
        ),
        "country": gettext_lazy(
            "no organisation is in this country (use a two-letter code, e.g. US)"
        ),
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
            Facet("kind", _("Kind"), self.options("kind", kinds)),
            Facet("country", _("Country"), self.options("country", countries, True)),
        ]


# --- Licences: models with their terms, grouped by branch ---------------------------------

BRANCH_ORDER = Case(
    *(When(branch=branch, then=Value(i)) for i, branch in enumerate(LanguageModel.Branch)),
    output_field=IntegerField(),
)
USAGE_SORTS = {"branch": (gettext_lazy("Branch, then name"), [BRANCH_ORDER, Lower("name"), "pk"])}


class UsageFilterSet(BrowseFilterSet):
    """Models that have a licence, for the "usage and restrictions" view (/licenses/)."""

    commercial = MultipleFilter(
        field_name="license__commercial_use",
        choices=License.CommercialUse.choices,
        label=gettext_lazy("Commercial use"),
        distinct=False,
    )
    branch = MultipleFilter(
        choices=LanguageModel.Branch.choices, label=gettext_lazy("Branch"), distinct=False
    )

    sorts = USAGE_SORTS
    default_sort = "branch"
    unknown = {
        "commercial": interpolated(
            gettext_lazy("not one of %(values)s"), {"values": "yes, no, conditional"}
        ),
        "branch": interpolated(
            gettext_lazy("not a branch (%(values)s)"),
            {"values": ", ".join(LanguageModel.Branch.values)},
        ),
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
            Facet("commercial", _("Commercial use"), self.options("commercial", commercial)),
            Facet("branch", _("Branch"), self.options("branch", branches)),
        ]


# --- Datasets --------------------------------------------------------------------------------

DATASET_SORTS = ORGANIZATION_SORTS  # by name or by number of models, alike


class DatasetFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method=words_filter(("name", "description")),
        label=gettext_lazy("Search"),
        max_length=MAX_QUERY_LENGTH,
    )
    access = MultipleFilter(
        choices=Dataset.Access.choices, label=gettext_lazy("Access"), distinct=False
    )
    sort = sort_filter(DATASET_SORTS)

    sorts = DATASET_SORTS
    default_sort = "name"
    unknown = {
        "access": interpolated(
            gettext_lazy("not one of %(values)s"), {"values": "public, restricted, unknown"}
        )
    }

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
        return [Facet("access", _("Access"), self.options("access", access))]


# --- Papers ----------------------------------------------------------------------------------

PAPER_SORTS = {
    "-year": (
        gettext_lazy("Newest first"),
        [F("year").desc(nulls_last=True), Lower("title"), "pk"],
    ),
    "year": (gettext_lazy("Oldest first"), [F("year").asc(nulls_last=True), Lower("title"), "pk"]),
    "title": (gettext_lazy("Title, A to Z"), [Lower("title"), "pk"]),
    "-title": (gettext_lazy("Title, Z to A"), [Lower("title").desc(), "-pk"]),
}


class PaperFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method=words_filter(("title", "authors", "venue")),
        label=gettext_lazy("Search"),
        max_length=MAX_QUERY_LENGTH,
        help_text=gettext_lazy("Words in the title, authors or venue."),
    )
    topic = MultipleFilter(method="filter_topic", label=gettext_lazy("Topic"))
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=gettext_lazy("From year"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=gettext_lazy("To year"))
    sort = sort_filter(PAPER_SORTS)

    sorts = PAPER_SORTS
    default_sort = "-year"
    unknown = {"topic": gettext_lazy("no topic has this slug")}

    class Meta(BrowseFilterSet.Meta):
        model = Paper
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Paper.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        topics = Topic.objects.published().order_by("order", "name")
        names = topics.values_list("slug", "name", "name_zh_hans")
        self.labels = {"topic": {slug: pick(name, chinese) for slug, name, chinese in names}}
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
            Facet("topic", _("Topic"), self.options("topic", topics)),
            Facet(
                "year",
                _("Year"),
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
