"""/search/?q=: one box for the whole atlas, results grouped by kind."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import TemplateView

from catalog.filters import MAX_QUERY_LENGTH
from catalog.models import Organization, Paper
from catalog.search import ranked_models
from core.text import words_match
from guidance.models import Guideline, Task

GROUP_SIZE = 20

# Each kind of result: (heading, how many of them, anchor, the list page that searches them too)
KINDS = {
    "models": (
        gettext_lazy("Models"),
        ngettext_lazy("%(count)s model", "%(count)s models", "count"),
        "catalog:model_list",
    ),
    "organizations": (
        gettext_lazy("Organisations"),
        ngettext_lazy("%(count)s organisation", "%(count)s organisations", "count"),
        None,
    ),
    "papers": (
        gettext_lazy("Papers"),
        ngettext_lazy("%(count)s paper", "%(count)s papers", "count"),
        "catalog:paper_list",
    ),
    "tasks": (
        gettext_lazy("Tasks"),
        ngettext_lazy("%(count)s task", "%(count)s tasks", "count"),
        "guidance:task_list",
    ),
    "guidelines": (
        gettext_lazy("Guidelines"),
        ngettext_lazy("%(count)s guideline", "%(count)s guidelines", "count"),
        None,
    ),
}


class SearchView(TemplateView):
    template_name = "atlas/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        notice = None
        if "\x00" in raw:
            notice, raw = _("The search contained a NUL character and was ignored."), ""
        elif len(raw) > MAX_QUERY_LENGTH:
            notice = _("Searches are limited to %(limit)s characters; the rest was cut.") % {
                "limit": MAX_QUERY_LENGTH
            }
            raw = raw[:MAX_QUERY_LENGTH]
        query = raw.strip()
        groups = []
        if query:
            words = query.split()
            models = ranked_models(query)
            organizations = (
                Organization.objects.published()
                .filter(words_match(["name", "slug"], words, chinese_fields=["aliases"]))
                .order_by("name")
            )
            papers = (
                Paper.objects.published()
                .filter(words_match(["title", "authors", "venue"], words))
                .order_by("-year", "title")
            )
            found = {
                "models": models,
                "organizations": organizations,
                "papers": papers,
                "tasks": search_tasks(query),
                "guidelines": search_guidelines(query),
            }
            groups = []
            for anchor, queryset in found.items():
                label, counted, list_url = KINDS[anchor]
                count = queryset.count()
                groups.append(
                    {
                        "label": label,
                        "id": anchor,
                        "count": count,
                        "counted": counted % {"count": count},
                        "results": list(queryset[:GROUP_SIZE]),
                        "more_url": list_url,
                    }
                )
        context.update(
            query=query,
            notice=notice,
            groups=groups,
            found=[group for group in groups if group["count"]],
            total=sum(group["count"] for group in groups),
        )
        return context


def search_tasks(q: str):
    """Tasks whose name, description or category name hold every word of `q` (one query)."""
    return Task.objects.published().search(q).select_related("category").order_by("name")


def search_guidelines(q: str):
    """Guidelines whose title, conditions, rationale or task name hold every word of `q`
    (one query)."""
    return Guideline.objects.published().search(q).select_related("task").order_by("title")
