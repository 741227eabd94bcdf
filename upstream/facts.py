"""The facts a dataset may propose, each declared once: how its value is written in a proposal,
read from the catalog, compared and shown.

A model's facts are keys of its interchange record (`catalog/records.py`); an offering's are
keys of an offering record. Values travel in a canonical JSON form, so that the same upstream
value read twice compares equal: token counts are whole numbers, prices and sizes floats
rounded to six decimals, dates ISO text no finer than they are known ("2026-02-05", "2026-02"
or "2026"), an offering's status one of its choices.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalog.models import DatePrecision, OfferingStatus

TOKENS, USD, BILLIONS, TRILLIONS, DATE, STATUS = (
    "tokens",
    "usd",
    "billions",
    "trillions",
    "date",
    "status",
)
DECIMALS = 6
MAX_TOKENS = 10**9  # the catalog's own bound (catalog/records.py)


@dataclass(frozen=True)
class Fact:
    key: str  # the record key
    kind: str
    label: str

    def canonical(self, value):
        """`value` in the form proposals keep, or None when there is none."""
        if value is None:
            return None
        if self.kind == TOKENS:
            return int(value)
        if self.kind in {USD, BILLIONS, TRILLIONS}:
            return round(float(value), DECIMALS)
        return str(value)

    def differs(self, current, upstream) -> bool:
        """Whether `upstream` tells the catalog something: it differs from `current` (both
        canonical), and for an offering's status lies further along its life (a dataset that
        still lists a retired offering proposes nothing), and for a date is not merely coarser
        than the catalog's."""
        if upstream is None or current == upstream:
            return False
        if self.kind == STATUS:
            return current is None or STAGES.index(upstream) > STAGES.index(current)
        if self.kind == DATE and current is not None:
            consistent = current.startswith(upstream) or upstream.startswith(current)
            return not consistent or len(upstream) > len(current)
        return True

    def show(self, value) -> str:
        """The value as a reviewer reads it."""
        if value is None:
            return "—"
        if self.kind == USD:
            return f"${value:g} per million tokens"
        if self.kind == TOKENS:
            return f"{value:,} tokens"
        if self.kind == BILLIONS:
            return f"{value:g} billion"
        if self.kind == TRILLIONS:
            return f"{value:g} trillion tokens"
        return str(value)


# An offering's life, in order: a dataset proposes a status only further along it.
STAGES = [
    OfferingStatus.PREVIEW.value,
    OfferingStatus.ACTIVE.value,
    OfferingStatus.DEPRECATED.value,
    OfferingStatus.RETIRED.value,
]

MODEL_FACTS = {
    fact.key: fact
    for fact in (
        Fact("context_length_tokens", TOKENS, _("context length")),
        Fact("release_date", DATE, _("release date")),
        Fact("parameters_billions", BILLIONS, _("parameters")),
        Fact("training_tokens_trillions", TRILLIONS, _("training tokens")),
    )
}

OFFERING_FACTS = {
    fact.key: fact
    for fact in (
        Fact("status", STATUS, _("status")),
        Fact("retires_on", DATE, _("shutdown date")),
        Fact("price_input_usd_per_mtok", USD, _("input price")),
        Fact("price_cached_input_usd_per_mtok", USD, _("cached input price")),
        Fact("price_output_usd_per_mtok", USD, _("output price")),
        Fact("context_tokens", TOKENS, _("context window")),
        Fact("max_output_tokens", TOKENS, _("longest answer")),
    )
}
PRICE_KEYS = (
    "price_input_usd_per_mtok",
    "price_cached_input_usd_per_mtok",
    "price_output_usd_per_mtok",
)


# --- Dates no finer than known -----------------------------------------------------------


def partial_date(value: datetime.date, precision: str) -> str:
    """A date as text no finer than `precision`: "2026-02-05", "2026-02" or "2026"."""
    text = value.isoformat()
    return {DatePrecision.YEAR: text[:4], DatePrecision.MONTH: text[:7]}.get(precision, text)


def from_partial(text: str) -> tuple[datetime.date, str]:
    """A partial ISO date as (date, precision), the finer parts 1 as the catalog keeps them."""
    parts = [int(part) for part in text.split("-")]
    precision = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)[len(parts) - 1]
    return datetime.date(*(parts + [1] * (3 - len(parts)))), precision.value


# --- The catalog's values ------------------------------------------------------------------


def model_value(model, key: str):
    """The canonical value of `model`'s fact `key`."""
    if key == "release_date":
        return partial_date(model.release_date, model.release_date_precision)
    return MODEL_FACTS[key].canonical(getattr(model, key))


def offering_value(offering, key: str):
    """The canonical value of `offering`'s fact `key` (None without an offering)."""
    if offering is None:
        return None
    if key == "status":
        return offering.availability
    if key == "retires_on":
        return offering.retires_on.isoformat() if offering.retires_on else None
    return OFFERING_FACTS[key].canonical(getattr(offering, key))


def fact_for(field: str, part: str) -> Fact | None:
    """The fact a proposal's (field, part) names; None for a whole new offering."""
    if field == "offerings":
        return OFFERING_FACTS.get(part)
    return MODEL_FACTS.get(field)


def availability_for(status: str | None, retires_on: datetime.date | None, today) -> str:
    """An offering's status from a dataset's status and shutdown date: with a date, deprecated
    (shutdown announced) until it passes, retired after; without one never retired (the
    catalog keeps a retired offering's date)."""
    status = status or OfferingStatus.ACTIVE.value
    if retires_on is None:
        return OfferingStatus.DEPRECATED.value if status == OfferingStatus.RETIRED else status
    if retires_on <= today:
        return OfferingStatus.RETIRED.value
    return OfferingStatus.DEPRECATED.value
