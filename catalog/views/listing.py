"""The browse page pattern: a FilterSet, facets, chips, notices, lenient pages, exports."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.views.generic import ListView

from ..filters import quote_value
from .browse import BrowseMixin


class LenientPaginationMixin:
    """A ListView whose bad or out-of-range `page` shows a notice (`page_notice`), never a 404."""

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad or out-of-range page shows a notice, never a 404."""
        raw = self.request.GET.get("page", "1")
        self.page_notice = None
        try:
            number = int(raw)
            if number < 1:
                raise ValueError
        except ValueError:
            number = 1
            self.page_notice = _("Ignored page=%(value)s: pages are numbered from 1.") % {
                "value": quote_value(raw)
            }
        self.page_asked = number  # before the paginator, which may want to know it
        paginator = self.get_paginator(queryset, page_size)
        if number > paginator.num_pages:
            self.page_notice = _(
                "Page %(number)s does not exist; showing the last page (%(last)s)."
            ) % {"number": number, "last": paginator.num_pages}
            number = paginator.num_pages
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()


class FilteredListView(LenientPaginationMixin, BrowseMixin, ListView):
    """A list filtered by `filterset_class` (catalog/browse_filters.py), also downloadable.

    Nothing the query string holds gives an error: unknown values, bad pages and formats
    are ignored and listed in `notices` for the page to show.
    """

    filterset_class = None
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.ordered()

    def get_paginator(self, queryset, per_page, **kwargs):
        """The facets are counted first: the query that counts them also counts the matching
        rows when it can (`filterset.total`), which saves the paginator its COUNT."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        self.facets = self.filterset.facets()
        if self.filterset.total is not None:
            paginator.count = self.filterset.total
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        notices = filterset.notices() + self.format_notice()
        if self.page_notice:
            notices.append(self.page_notice)
        facets = self.facets
        for facet in facets:  # a selected option among those folded away opens the fold
            facet.open = any(option.selected for option in facet.options[8:])
        context.update(
            filterset=filterset,
            facets=facets,
            chips=[(label, self._without(name, value)) for name, value, label in filterset.chips()],
            notices=notices,
            sorts=[(key, label) for key, (label, _) in filterset.sorts.items()],
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
