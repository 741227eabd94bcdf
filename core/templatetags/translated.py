"""Reader texts in the page's language (core/translation.py).

    {{ model|tr:"summary"|markdown }}{% english_marker model "summary" %}

`tr` gives the Chinese on a Chinese page when an editor wrote it, else the English; the marker
says "English" (and nothing on English pages, or when the text is translated).
"""

from django import template
from django.template.loader import render_to_string

from core import translation
from core.search_terms import has_chinese

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


@register.filter
def local_name(obj) -> str:
    """An organisation's name as its maker writes it for the page's readers: on a Chinese page
    its Chinese name (a cited alias in Chinese characters) when it has one."""
    if translation.wants_translation():
        for alias in getattr(obj, "aliases", None) or []:
            if has_chinese(alias):
                return alias
    return obj.name


@register.filter
def named(obj) -> str:
    """What an object is called on this page: its translated name or title when it has one
    (a task, a guideline, a topic), else its own `str`."""
    for field in ("name", "title"):
        if translation.sibling(field) in {f.name for f in obj._meta.get_fields()}:
            return translation.shown(obj, field)
    return str(obj)
