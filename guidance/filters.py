"""The /tasks/ filters: search, category (repeatable) and verdict (repeatable).

Built on the browse pages' FilterSet (catalog/filters.py): bad values never fail a request;
an unknown category or verdict is dropped and reported by `notices()`, as is a search longer
than the limit, so the page can say what it ignored.
"""

import django_filters
from django.db.models import Count, Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.filters import MAX_QUERY_LENGTH, BrowseFilterSet, LenientMultipleChoiceFilter

from .models import Guideline, Task, Verdict


def _not_a_verdict() -> str:
    return gettext("not a verdict (%(verdicts)s)") % {"verdicts": ", ".join(Verdict.values)}


class TaskFilterSet(BrowseFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words in a task or in its guidelines."),
    )
    category = LenientMultipleChoiceFilter(field_name="category__slug", label=_("Category"))
    verdict = LenientMultipleChoiceFilter(
        method="filter_verdict", choices=Verdict.choices, label=_("Verdict")
    )

    unknown = {
        "category": _("not a task category"),
        "verdict": lazy(_not_a_verdict, str)(),
    }

    class Meta(BrowseFilterSet.Meta):
        model = Task
        fields = []

    def __init__(self, data=None, queryset=None, *, categories=(), **kwargs):
        """`categories`: the TaskCategory rows offered as choices (the view loads them once)."""
        if queryset is None:
            queryset = Task.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["category"].extra["choices"] = [(c.slug, c.name) for c in categories]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(pk__in=Task.objects.search(value).values("pk"))
            | Q(pk__in=Guideline.objects.published().search(value).values("task_id"))
        )

    def filter_verdict(self, queryset, name, values):
        if not values:
            return queryset
        guidelines = Guideline.objects.published().filter(verdict__in=values)
        return queryset.filter(pk__in=guidelines.values("task"))

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """Tasks per category and per verdict, each under the *other* active filters.

        Two aggregate queries, whatever the number of rows.
        """
        searched = Task.objects.published()
        if self.query:
            searched = self.filter_search(searched, "q", self.query)
        in_verdicts = self.filter_verdict(searched, "verdict", self.chosen_verdicts)
        by_category = in_verdicts.values("category__slug").annotate(n=Count("pk")).order_by()
        in_categories = searched
        if self.categories:
            in_categories = searched.filter(category__slug__in=self.categories)
        by_verdict = (
            Guideline.objects.published()
            .filter(task__in=in_categories)
            .values("verdict")
            .annotate(n=Count("task", distinct=True))
            .order_by()
        )
        return {
            "category": {row["category__slug"]: row["n"] for row in by_category},
            "verdict": {row["verdict"]: row["n"] for row in by_verdict},
        }

    def _cleaned(self, name):
        return self.active.get(name) or [] if self.is_bound else []

    @property
    def verdicts(self) -> list[Verdict]:
        """The verdict columns to show: the chosen ones, or all, in their usual order."""
        chosen = set(self._cleaned("verdict"))
        return [v for v in Verdict if not chosen or v.value in chosen]

    @property
    def chosen_verdicts(self) -> list[str]:
        """The known verdicts asked for (none means all)."""
        return list(self._cleaned("verdict"))

    @property
    def categories(self) -> list[str]:
        return list(self._cleaned("category"))

    @property
    def query(self) -> str:
        return self._cleaned("q") or ""
