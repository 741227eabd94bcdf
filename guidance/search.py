"""Site search over the guidance, for /search/: plain words, every word must match.

Each function returns a queryset (one query when evaluated), empty for a blank query.
"""

from .models import Guideline, Task


def search_tasks(q: str):
    """Tasks whose name, description or category name hold every word of `q`."""
    return Task.objects.published().search(q).select_related("category").order_by("name")


def search_guidelines(q: str):
    """Guidelines whose title, conditions, rationale or task name hold every word of `q`."""
    return Guideline.objects.published().search(q).select_related("task").order_by("title")
