"""How many facts of recent published models carry a citation for their field.

A fact is a non-empty key of a model record named in `catalog.records.FACT_KEYS` (for list
keys such as sizes, parents and offerings, each item). It is cited when a citation names its
field (and its item, or no item: then it backs every item of the key). A closed model's
lifecycle follows its offerings, so it is cited when every offering is. Models released after
`SINCE` count: the audit that asked for per-fact sources looked at those.
"""

import datetime
from dataclasses import dataclass, field

from catalog.models import LanguageModel, ModelAccess
from catalog.records import FACT_KEYS, ITEM_KEYS, model_records

SINCE = datetime.date(2023, 7, 31)  # models released after this day
EMPTY = (None, "", [])


@dataclass
class Coverage:
    facts: int = 0
    cited: int = 0
    uncited: list[str] = field(default_factory=list)  # "slug.key" or "slug.key[item]"

    @property
    def percent(self) -> float:
        return 100.0 * self.cited / self.facts if self.facts else 100.0


def covered(citations: list[dict], key: str, item: str = "") -> bool:
    return any(c["field"] == key and (not c["item"] or c["item"] == item) for c in citations)


def record_coverage(record: dict, coverage: Coverage) -> None:
    """Count the facts of one model record (as `model_records` gives it) into `coverage`."""
    citations = record["citations"]
    for key in FACT_KEYS:
        value = record[key]
        if value in EMPTY:
            continue
        if key in ITEM_KEYS:
            facts = [
                (ITEM_KEYS[key].item_key(item), f"[{ITEM_KEYS[key].item_key(item)}]")
                for item in value
            ]
        else:
            facts = [("", "")]
        for item, label in facts:
            coverage.facts += 1
            ok = covered(citations, key, item) or (
                key == "lifecycle" and _lifecycle_follows_cited_offerings(record)
            )
            if ok:
                coverage.cited += 1
            else:
                coverage.uncited.append(f"{record['slug']}.{key}{label}")


def _lifecycle_follows_cited_offerings(record: dict) -> bool:
    offerings = record["offerings"]
    spec = ITEM_KEYS["offerings"]
    return (
        record["access"] == ModelAccess.CLOSED
        and bool(offerings)
        and all(covered(record["citations"], "offerings", spec.item_key(o)) for o in offerings)
    )


def coverage(since: datetime.date = SINCE) -> Coverage:
    """The citation coverage of the published models released after `since`. Ten queries per
    thousand models."""
    result = Coverage()
    models = LanguageModel.objects.published().filter(release_date__gt=since).order_by("slug")
    for record in model_records(models):
        record_coverage(record, result)
    return result
