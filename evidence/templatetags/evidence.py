"""Showing benchmark results: scores as their makers print them, reporters kept apart."""

from django import template

from evidence.models import MAKER

register = template.Library()


@register.filter
def score(value) -> str:
    """71.2 for 71.2, 80 for 80.0: no more digits than the source gave."""
    if value is None:
        return ""
    return f"{value:g}"


@register.simple_tag
def split_by_reporter(results) -> list[dict]:
    """Results in two groups, the maker's first, so that a page never mixes them unmarked."""
    groups = {}
    for result in results:
        groups.setdefault(result.reported_by == MAKER, []).append(result)
    return [
        {"by_maker": by_maker, "results": groups[by_maker]}
        for by_maker in (True, False)
        if by_maker in groups
    ]
