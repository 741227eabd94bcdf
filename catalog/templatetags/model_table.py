"""Short forms for the dense /models/ table: 128K tokens, Mar 2025, "en, zh +27"."""

import datetime

from django import template
from django.utils.translation import gettext as _

from catalog.model_columns import compact_tokens
from catalog.models import DatePrecision, Modality
from catalog.tree.data import in_sentence
from core import dates

register = template.Library()

SHOWN_LANGUAGES = 3  # codes a cell lists before "+N"
MODALITY_LABELS = dict(Modality.choices)


@register.filter
def tokens(value) -> str:
    """128K for 128000; empty when unknown."""
    return compact_tokens(value)


@register.filter
def short_date(value: datetime.date | None, precision: str = DatePrecision.MONTH) -> str:
    """2024, Mar 2024 or 9 Mar 2024 (2024年3月 in Chinese), no finer than `precision`."""
    return dates.shown(value, precision, long=False)


@register.filter
def language_codes(model) -> str:
    """The first codes a model lists, then how many more: "en, zh, fr +27"; "many" when the
    maker names no list."""
    codes = model.ordered_languages
    text = ", ".join(codes[:SHOWN_LANGUAGES])
    more = len(codes) - SHOWN_LANGUAGES
    if more > 0:
        text += f" +{more}"
    if model.languages_unlisted:
        text = _("%(codes)s and many more") % {"codes": text} if text else _("many")
    return text


@register.filter
def modalities(model) -> str:
    """What it reads → what it writes: "text, image → text"; empty when neither is known."""
    reads = ", ".join(in_sentence(MODALITY_LABELS.get(m, m)) for m in model.input_modalities)
    writes = ", ".join(in_sentence(MODALITY_LABELS.get(m, m)) for m in model.output_modalities)
    if not reads and not writes:
        return ""
    return f"{reads or '?'} → {writes or '?'}"


@register.filter
def score(value) -> str:
    """A benchmark score as reported, without trailing zeros: 87.3, 1402."""
    return "" if value is None else f"{value:g}"
