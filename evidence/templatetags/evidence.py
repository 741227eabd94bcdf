"""Showing benchmark results: scores as their makers print them, reporters kept apart."""

from django import template

from catalog import languages
from catalog.templatetags import model_table
from evidence.models import MAKER

register = template.Library()


# A score as reported (71.2, 80), as the /models/ table shows it.
register.filter("score", model_table.score)
# The language of a benchmark's items by its name in the page's language (English, 英语).
register.filter("language_name", languages.name)


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
