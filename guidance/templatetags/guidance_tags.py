"""Cross-links from catalog pages into the guidance, one query each.

{% load guidance_tags %}
{% guidelines_naming model %}   guidelines giving a catalog model as an example
{% guidelines_citing paper %}   guidelines citing a paper as evidence, with the note
"""

from django import template

from guidance.models import Guideline

register = template.Library()

LINKS = "guidance/includes/_guideline_links.html"


@register.inclusion_tag(LINKS)
def guidelines_naming(model):
    """A list of the guidelines that name `model` as an example, or “None yet.”."""
    return {"guidelines": list(Guideline.objects.published().naming(model))}


@register.inclusion_tag(LINKS)
def guidelines_citing(paper):
    """A list of the guidelines citing `paper` as evidence (with the note), or “None yet.”."""
    return {"guidelines": list(Guideline.objects.published().citing(paper))}
