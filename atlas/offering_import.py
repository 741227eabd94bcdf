"""The offerings part of importing `llm-atlas/3`, called by `atlas/interchange.py`.

`catalog/records.py` declares an offering and its earlier prices; here are the rules between
their keys and the model's (a closed model's lifecycle follows its offerings) and the writing:
each imported model's offerings become exactly its file's, keyed by (service, model id), and
each offering's earlier prices exactly the file's.
"""

import datetime

from django.utils import timezone

from catalog.models import ModelAccess, Offering, OfferingPrice, OfferingStatus, Organization
from catalog.offerings import derived_lifecycle
from catalog.records import OFFERING
from core.history import ChangeLog
from core.records import columns

from .batches import chunks, slug_ids

OWN_COLUMNS = [c for c in columns(OFFERING) if c != "provider_id"]


def check(model: dict, path: str, problems: list[str]) -> None:
    """An offering's dates in order, `retired` only after its shutdown, and a closed model's
    lifecycle as its offerings make it."""
    today = datetime.date.today()
    offerings = model.get("offerings") or []
    for index, offering in enumerate(offerings):
        where = f"{path}.offerings[{index}]"
        deprecated, retires = offering.get("deprecated_on"), offering.get("retires_on")
        if deprecated and retires and deprecated > retires:
            problems.append(f"{where}.deprecated_on: after its retires_on ({retires})")
        if offering.get("status") == OfferingStatus.RETIRED:
            if retires is None:
                problems.append(f"{where}.retires_on: a retired offering needs its shutdown date")
            elif retires > today:
                problems.append(
                    f"{where}.status: 'retired' before its shutdown on {retires}: use "
                    "'deprecated' until then"
                )
    statuses = [o.get("status") for o in offerings]
    if model.get("access") != ModelAccess.CLOSED or not offerings or None in statuses:
        return
    if any(
        o.get("status") == OfferingStatus.RETIRED and not o.get("retires_on") for o in offerings
    ):
        return  # reported above
    shutdowns = [o["retires_on"] for o in offerings if o.get("retires_on")]
    lifecycle, retired_on = derived_lifecycle(statuses, shutdowns)
    if (model.get("lifecycle"), model.get("retired_on")) != (lifecycle, retired_on):
        stated = f"{lifecycle!r}" + (f" with retired_on {retired_on}" if retired_on else "")
        problems.append(
            f"{path}.lifecycle: a closed model's lifecycle follows its offerings, which make it "
            f"{stated}"
        )


def sync(model_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported model's offerings, and their earlier prices, exactly the file's."""
    providers = slug_ids(
        Organization, {o["provider"] for item in items.values() for o in item["offerings"]}
    )
    wanted = {}
    for slug, item in items.items():
        for offering in item["offerings"]:
            values = {column: offering[_key(column)] for column in OWN_COLUMNS}
            values["provider_id"] = providers[offering["provider"]]
            key = (model_ids[slug], offering["service"], offering["model_id"])
            wanted[key] = (values, offering["price_history"])
    existing = {}
    for chunk in chunks(sorted(model_ids.values())):
        for row in Offering.objects.filter(model_id__in=chunk):
            existing[(row.model_id, row.service, row.provider_model_id)] = row
    stale = sorted(row.pk for key, row in existing.items() if key not in wanted)
    log.deleting(Offering, stale)
    log.deleting(
        OfferingPrice,
        OfferingPrice.objects.filter(offering_id__in=stale).values_list("pk", flat=True),
    )
    for chunk in chunks(stale):
        Offering.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    created = []
    for key, (values, _prices) in wanted.items():
        row = existing.get(key)
        if row is None:
            created.append(Offering(model_id=key[0], **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            Offering.objects.filter(pk=row.pk).update(updated_at=now, **values)
    Offering.objects.bulk_create(created)
    offering_ids = {}
    for chunk in chunks(sorted(model_ids.values())):
        rows = Offering.objects.filter(model_id__in=chunk)
        for pk, model, service, model_id in rows.values_list(
            "pk", "model_id", "service", "provider_model_id"
        ):
            offering_ids[(model, service, model_id)] = pk
    _sync_prices({offering_ids[key]: prices for key, (_v, prices) in wanted.items()}, log)


def _key(column: str) -> str:
    """The interchange key of an offering's column."""
    return {"provider_model_id": "model_id", "availability": "status"}.get(column, column)


def _sync_prices(wanted: dict[int, list[dict]], log: ChangeLog) -> None:
    """Each offering's earlier prices exactly as listed: rows are replaced where they differ."""
    price_keys = list(OFFERING["price_history"].fields)
    existing = {}
    for chunk in chunks(sorted(wanted)):
        for row in OfferingPrice.objects.filter(offering_id__in=chunk).order_by("until"):
            existing.setdefault(row.offering_id, []).append(row)
    stale, created = [], []
    for offering_id, prices in wanted.items():
        rows = existing.get(offering_id, [])
        current = [{key: getattr(row, key) for key in price_keys} for row in rows]
        if current == prices:
            continue
        stale += [row.pk for row in rows]
        created += [OfferingPrice(offering_id=offering_id, **price) for price in prices]
    log.deleting(OfferingPrice, stale)
    for chunk in chunks(sorted(stale)):
        OfferingPrice.objects.filter(pk__in=chunk).delete()
    OfferingPrice.objects.bulk_create(created)
