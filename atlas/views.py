"""/search/?q=: one box for the whole atlas, results grouped by kind."""

from django.views.generic import TemplateView

from catalog.filters import MAX_QUERY_LENGTH
from catalog.models import Organization, Paper
from catalog.search import ranked_models
from core.text import words_match
from guidance.models import Guideline, Task

GROUP_SIZE = 20


class SearchView(TemplateView):
    template_name = "atlas/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        notice = None
        if "\x00" in raw:
            notice, raw = "The search contained a NUL character and was ignored.", ""
        elif len(raw) > MAX_QUERY_LENGTH:
            notice = f"Searches are limited to {MAX_QUERY_LENGTH} characters; the rest was cut."
            raw = raw[:MAX_QUERY_LENGTH]
        query = raw.strip()
        groups = []
        if query:
            words = query.split()
            models = ranked_models(query)
            organizations = (
                Organization.objects.published()
                .filter(words_match(["name", "slug"], words))
                .order_by("name")
            )
            papers = (
                Paper.objects.published()
                .filter(words_match(["title", "authors", "venue"], words))
                .order_by("-year", "title")
            )
            # (heading, one of them, anchor, rows, the list page that searches them too)
            groups = [
                ("Models", "model", "models", models, "catalog:model_list"),
                ("Organisations", "organisation", "organizations", organizations, None),
                ("Papers", "paper", "papers", papers, "catalog:paper_list"),
                ("Tasks", "task", "tasks", search_tasks(query), "guidance:task_list"),
                ("Guidelines", "guideline", "guidelines", search_guidelines(query), None),
            ]
            groups = [
                {
                    "label": label,
                    "id": anchor,
                    "count": (count := queryset.count()),
                    "counted": f"{count} {one if count == 1 else label.lower()}",
                    "results": list(queryset[:GROUP_SIZE]),
                    "more_url": list_url,
                }
                for label, one, anchor, queryset, list_url in groups
            ]
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
