"""Source marks: `{% cite obj "field" %}` beside a fact, `{% cited_sources %}` at the end.

Each fact shown on a page gets a small numbered mark that leads to its citation in the page's
list of sources (method and date on hover and in the list), or a "no source" mark. Numbers are
given in the order the marks appear, across every object on the page (compare shows several
models): the first `cite` puts the numbering in the template's render context, and
`cited_sources` lists what was numbered. Reads `obj.citations.all()`, so prefetch it.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class SourceMarks:
    """The citations a page has marked, numbered in order of first mark."""

    def __init__(self):
        self.numbers: dict[int, int] = {}
        self.cited: list = []

    def number(self, citation) -> int:
        if citation.pk not in self.numbers:
            self.cited.append(citation)
            self.numbers[citation.pk] = len(self.cited)
        return self.numbers[citation.pk]


def _marks(context) -> SourceMarks:
    """One numbering per page: kept at the root of the context, which includes share."""
    root = context.dicts[0]
    if "_source_marks" not in root:
        root["_source_marks"] = SourceMarks()
    return root["_source_marks"]


@register.simple_tag(takes_context=True)
def cite(context, obj, field: str, item: str = ""):
    """The mark of `obj`'s `field` (and `item` of it, for a list; "*" for every item): its
    citations' numbers, or "no source"."""
    marks = _marks(context)
    if item == "*":
        found = [c for c in obj.citations.all() if c.field == field]
    else:
        found = [c for c in obj.citations.all() if c.covers(field, str(item))]
    numbered = [(marks.number(citation), citation) for citation in found]
    return render_to_string("core/includes/_cite.html", {"numbered": numbered})


@register.simple_tag(takes_context=True)
def cited_sources(context):
    """The numbered list of every citation the page has marked so far."""
    marks = _marks(context)
    return render_to_string("core/includes/_cited_sources.html", {"cited": marks.cited})


@register.filter
def fact_name(citation) -> str:
    """What a citation backs, for the list of sources: "release date", "parents: llama-2"."""
    name = citation.field.replace("_", " ")
    return f"{name}: {citation.item}" if citation.item else name
