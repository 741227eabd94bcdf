"""The mapping as a file: editors extend it in the admin; a reviewed file of mappings (such as
`fixtures/upstream/mappings.json`) loads with `manage.py load_upstream_mappings` or
`sync_upstream --mappings`.

The file is a JSON object `{"format": "llm-atlas-upstream-mappings/1", "mappings": [...]}`;
each mapping names the dataset, the entry's `upstream_id`, the atlas `model` by slug, and for
an offering its `provider` (organisation slug), `service` and `model_id`, with `model_facts`
true where the entry's model facts are the model's own. Loading upserts by (dataset,
upstream_id) in one transaction, and on any problem reports them all and writes nothing.
"""

import json

from django.db import transaction

from catalog.models import LanguageModel, Organization
from core.records import type_name

from .datasets import known_names, parse_dataset
from .models import Mapping

FORMAT = "llm-atlas-upstream-mappings/1"
KEYS = {"dataset", "upstream_id", "model", "provider", "service", "model_id", "model_facts", "note"}
TEXT_KEYS = ("upstream_id", "model", "provider", "service", "model_id", "note")


class MappingsRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def load(raw: bytes, name: str) -> dict[str, int]:
    """Upsert the mappings of a file; {"created": n, "updated": m, "unchanged": k}."""
    problems: list[str] = []
    rows = _read(raw, name, problems)
    models = dict(
        LanguageModel.objects.filter(slug__in={r["model"] for r in rows}).values_list("slug", "pk")
    )
    providers = dict(
        Organization.objects.filter(
            slug__in={r["provider"] for r in rows if r["provider"]}
        ).values_list("slug", "pk")
    )
    for row in rows:
        if row["model"] not in models:
            problems.append(f"{row['path']}.model: unknown model {row['model']!r}")
        if row["provider"] and row["provider"] not in providers:
            problems.append(f"{row['path']}.provider: unknown organisation {row['provider']!r}")
    if problems:
        raise MappingsRefused(problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {(m.dataset, m.upstream_id): m for m in Mapping.objects.all()}
        for row in rows:
            values = {
                "model_id": models[row["model"]],
                "provider_id": providers.get(row["provider"]),
                "service": row["service"],
                "provider_model_id": row["model_id"],
                "model_facts": row["model_facts"],
                "note": row["note"],
            }
            mapping = existing.get((row["dataset"], row["upstream_id"]))
            if mapping is None:
                mapping = Mapping(dataset=row["dataset"], upstream_id=row["upstream_id"])
                counts["created"] += 1
            elif all(getattr(mapping, key) == value for key, value in values.items()):
                counts["unchanged"] += 1
                continue
            else:
                counts["updated"] += 1
            for key, value in values.items():
                setattr(mapping, key, value)
            mapping._change_reason = "upstream mappings loaded"
            mapping.full_clean(validate_unique=False)
            mapping.save()
    return counts


def _read(raw: bytes, name: str, problems: list[str]) -> list[dict]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(f"{name}: not a JSON file ({exc})")
        raise MappingsRefused(problems) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        problems.append(f"{name}: expected an object with format {FORMAT!r}")
        raise MappingsRefused(problems)
    items = doc.get("mappings")
    if not isinstance(items, list):
        problems.append(f"{name}: mappings: must be a list")
        raise MappingsRefused(problems)
    rows, seen = [], {}
    for index, item in enumerate(items):
        path = f"{name}: mappings[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{path}: must be an object, got {type_name(item)}")
            continue
        for key in sorted(set(item) - KEYS):
            problems.append(f"{path}.{key}: unknown key")
        row = {"path": path, "model_facts": item.get("model_facts", False)}
        for key in TEXT_KEYS:
            value = item.get(key, "")
            if not isinstance(value, str):
                problems.append(f"{path}.{key}: must be a string, got {type_name(value)}")
                value = ""
            row[key] = value.strip()
        if not isinstance(row["model_facts"], bool):
            problems.append(f"{path}.model_facts: must be true or false")
        dataset = (
            parse_dataset(item.get("dataset", "")) if isinstance(item.get("dataset"), str) else None
        )
        if dataset is None:
            problems.append(
                f"{path}.dataset: expected {known_names()}, got {item.get('dataset')!r}"
            )
            continue
        row["dataset"] = dataset.value
        if not row["upstream_id"] or not row["model"]:
            problems.append(f"{path}: needs an upstream_id and a model")
            continue
        offering = [row["provider"], row["service"], row["model_id"]]
        if any(offering) and not all(offering):
            problems.append(f"{path}: an offering needs provider, service and model_id together")
        key = (row["dataset"], row["upstream_id"])
        if key in seen:
            problems.append(f"{path}: {row['upstream_id']!r} is mapped already at {seen[key]}")
            continue
        seen[key] = path
        rows.append(row)
    if problems:
        raise MappingsRefused(problems)
    return rows


def dump() -> dict:
    """Every mapping in the file's form, sorted (two queries)."""
    rows = Mapping.objects.select_related("model", "provider").order_by("dataset", "upstream_id")
    return {
        "format": FORMAT,
        "mappings": [
            {
                "dataset": m.dataset,
                "upstream_id": m.upstream_id,
                "model": m.model.slug,
                **(
                    {
                        "provider": m.provider.slug,
                        "service": m.service,
                        "model_id": m.provider_model_id,
                        "model_facts": m.model_facts,
                    }
                    if m.is_offering
                    else {}
                ),
                **({"note": m.note} if m.note else {}),
            }
            for m in rows
        ],
    }
