"""Reader texts in the page's language (core/translation.py).

    {{ model|tr:"summary"|markdown }}{% english_marker model "summary" %}

`tr` gives the Chinese on a Chinese page when an editor wrote it, else the English; the marker
says "English" (and nothing on English pages, or when the text is translated).
"""

from django import template
from django.template.loader import render_to_string

from core import translation

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    return translation.text(obj, field)[0] if obj is not None else ""


@register.filter
def in_english(obj, field: str) -> bool:
    """Whether a Chinese page shows this text in English, for want of a translation."""
    return obj is not None and translation.text(obj, field)[1]


@register.simple_tag
def english_marker(obj, field: str) -> str:
    if not in_english(obj, field):
        return ""
    return render_to_string("core/includes/_in_english.html")
