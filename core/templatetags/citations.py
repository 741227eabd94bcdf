"""Source marks: `{% cite obj "field" %}` beside a fact, `{% cited_sources %}` at the end.

Each fact shown on a page gets a small numbered mark that leads to its citation in the page's
list of sources (method and date on hover and in the list), or a "no source" mark. Numbers are
given in the order the marks appear, across every object on the page (compare shows several
models): the first `cite` puts the numbering in the template's render context, and
`cited_sources` lists what was numbered. Reads `obj.citations.all()`, so prefetch it.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What the list of sources calls each fact a citation can back (`Citation.field`: the record
# keys of catalog.records.FACT_KEYS, and those of organisations and families); a key not named
# here is shown as it is, with spaces for "_".
FACT_NAMES = {
    "family": _("family"),
    "branch": _("branch"),
    "architecture": _("architecture"),
    "organizations": _("organizations"),
    "access": _("access"),
    "weights": _("weights"),
    "release_date": _("release date"),
    "parameters_billions": _("parameters billions"),
    "parameters_active_billions": _("parameters active billions"),
    "sizes": _("sizes"),
    "context_length_tokens": _("context length tokens"),
    "training_tokens_trillions": _("training tokens trillions"),
    "input_modalities": _("input modalities"),
    "output_modalities": _("output modalities"),
    "reasoning": _("reasoning"),
    "knowledge_cutoff": _("knowledge cutoff"),
    "max_output_tokens": _("max output tokens"),
    "languages": _("languages"),
    "purposes": _("purposes"),
    "tool_use": _("tool use"),
    "structured_output": _("structured output"),
    "lifecycle": _("lifecycle"),
    "retired_on": _("retired on"),
    "license": _("license"),
    "past_licenses": _("past licenses"),
    "data_license": _("data license"),
    "datasets": _("datasets"),
    "papers": _("papers"),
    "offerings": _("offerings"),
    "parents": _("parents"),
    "kind": _("kind"),
    "country": _("country"),
    "url": _("url"),
    "aliases": _("aliases"),
}


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
    name = str(FACT_NAMES.get(citation.field, citation.field.replace("_", " ")))
    return f"{name}: {citation.item}" if citation.item else name
