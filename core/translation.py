"""Content in Chinese: each text field a reader sees has a sibling column for its zh-hans
translation (`summary` -> `summary_zh_hans`), blank until an editor writes it.

Why sibling columns and not django-modeltranslation: modeltranslation makes `obj.summary`
answer in the active language, so the interchange export, the PostgreSQL search triggers,
the history diffs and every existing reader of `summary` would change meaning with the
request's language. Here `summary` stays the English, always; a page asks for the text in
its language through `text()` (the `tr` filter in templates), which falls back to the
English, and says so, when no translation is written. The siblings are ordinary fields:
history, admin forms, the interchange and the API carry them with no extra machinery.
"""

from django.db import models
from django.utils import translation

SUFFIX = "_zh_hans"
TRANSLATED_LANGUAGE = "zh-hans"


def translation_of(field: models.Field) -> models.Field:
    """A blank sibling of a text field, with the same limits, for its Chinese translation."""
    _name, _path, args, kwargs = field.deconstruct()
    kwargs.update(blank=True, default="", verbose_name=None, help_text="")
    kwargs.pop("unique", None)
    return field.__class__(*args, **kwargs)


def sibling(field: str) -> str:
    return field + SUFFIX


def wants_translation(language: str | None = None) -> bool:
    return (language or translation.get_language() or "") == TRANSLATED_LANGUAGE


def localized(data, language: str | None):
    """API data (dicts and lists) with each translated text in `language`: a key whose
    `<key>_zh_hans` sibling is written takes its value. Keys stay as they are."""
    if not wants_translation(language):
        return data
    if isinstance(data, list):
        return [localized(item, language) for item in data]
    if not isinstance(data, dict):
        return data
    found = {key: localized(value, language) for key, value in data.items()}
    for key in data:
        if key.endswith(SUFFIX) and found[key] and key.removesuffix(SUFFIX) in found:
            found[key.removesuffix(SUFFIX)] = found[key]
    return found


def pick(english: str, chinese: str) -> str:
    """The Chinese on a Chinese page when it is written, else the English (for values read
    without their object, e.g. by `values_list`)."""
    return chinese if chinese and wants_translation() else english


def shown(obj, field: str) -> str:
    """The text of `field` in the active language (English when not translated)."""
    return text(obj, field)[0]


def text(obj, field: str, language: str | None = None) -> tuple[str, bool]:
    """(the text of `field` in the active language, whether it is the English shown because
    no translation is written). The English text itself is never marked."""
    english = getattr(obj, field) or ""
    if not wants_translation(language):
        return english, False
    chinese = getattr(obj, sibling(field), "")
    if chinese:
        return chinese, False
    return english, bool(english)
