"""The citations part of importing `llm-atlas/3`, called by `atlas/interchange.py`.

A model's, an organisation's or a family's record's `citations` name the fact they back by
record key (`field`), and for a list key of a model by item (`item`). Here: that each names
a fact of the record, and the writing: each imported record's citations become exactly its
file's, in the file's order.
"""

from django.contrib.contenttypes.models import ContentType

from catalog.records import CITABLE_KEYS, FAMILY_FACT_KEYS, ITEM_KEYS, ORGANIZATION_FACT_KEYS
from core.citations import Citation
from core.history import ChangeLog

from .batches import chunks

CITATION_KEYS = ("field", "item", "source_url", "retrieved_on", "method", "note")


# What the citations of each section's records can back: (noun, fact keys, list keys).
FACTS = {
    "models": ("model", CITABLE_KEYS, ITEM_KEYS),
    "organizations": ("organisation", ORGANIZATION_FACT_KEYS, {}),
    "families": ("family", FAMILY_FACT_KEYS, {}),
}


def check(record: dict, path: str, problems: list[str], section: str = "models") -> None:
    """Each citation names a fact key of the record, and an item only of a list key, one the
    record holds."""
    noun, fact_keys, item_keys = FACTS[section]
    items = {
        key: {spec.item_key(item) for item in record.get(key) or []}
        for key, spec in item_keys.items()
    }
    for index, citation in enumerate(record.get("citations") or []):
        where = f"{path}.citations[{index}]"
        field, item = citation.get("field"), citation.get("item")
        if field is None:
            continue  # reported as required
        if field not in fact_keys:
            problems.append(f"{where}.field: {field!r} is not a fact of {_a(noun)} record")
        elif item and field not in item_keys:
            lists = ", ".join(item_keys) or "none here"
            problems.append(f"{where}.item: only a list ({lists}) has items")
        elif item and item not in items[field]:
            problems.append(f"{where}.item: the record's {field} hold no {item!r}")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def sync(model, object_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported row's citations exactly its record's; rows whose citations are
    unchanged are left alone."""
    content_type = ContentType.objects.get_for_model(model)
    existing = {}
    for chunk in chunks(sorted(object_ids.values())):
        rows = Citation.objects.filter(content_type=content_type, object_id__in=chunk)
        for row in rows.order_by("pk"):
            existing.setdefault(row.object_id, []).append(row)
    stale, created = [], []
    for slug, item in items.items():
        object_id = object_ids[slug]
        rows = existing.get(object_id, [])
        current = [{key: getattr(row, key) for key in CITATION_KEYS} for row in rows]
        wanted = [{key: citation[key] for key in CITATION_KEYS} for citation in item["citations"]]
        if current == wanted:
            continue
        stale += [row.pk for row in rows]
        created += [
            Citation(content_type=content_type, object_id=object_id, **citation)
            for citation in wanted
        ]
    log.deleting(Citation, stale)
    for chunk in chunks(sorted(stale)):
        Citation.objects.filter(pk__in=chunk).delete()
    Citation.objects.bulk_create(created, batch_size=500)
