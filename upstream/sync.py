"""From a copy of a dataset to proposals: match its entries through the mapping, compare each
value with the catalog's, and queue what differs.

An entry without a `Mapping` is unmatched and left alone: nothing is matched by name. A
mapped entry's values are facts of the model (when the mapping gives them) and of the mapped
offering; one for an offering the atlas does not have yet proposes the offering as a whole.
A value is new (a proposal is made) unless the catalog holds it already, the same dataset
proposes it already (an open proposal: its current value is brought up to date), or an
editor rejected it for the same target (from any dataset): then it is unchanged.

The sync reads the catalog and writes only proposals and the record of the copy it read;
with `dry_run` it writes nothing at all.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from catalog.models import Offering

from .datasets import Dataset
from .facts import MODEL_FACTS, OFFERING_FACTS, model_value, offering_value
from .models import Mapping, Proposal, ProposalState, Snapshot, canonical_json
from .readers import Copy, Entry, Reading

SYNC_REASON = "upstream sync"
NEW_OFFERING_KEY = "the whole entry"  # a new offering's `upstream_key`


@dataclass
class Outcome:
    """What a sync found: proposals made, values that needed none, entries left unmatched."""

    new: list[Proposal] = field(default_factory=list)
    unchanged: int = 0
    unmatched: list[str] = field(default_factory=list)
    refreshed: list[Proposal] = field(default_factory=list)  # open ones whose current moved

    def summary(self) -> str:
        return (
            f"proposals: {len(self.new)} new, {self.unchanged} unchanged, "
            f"{len(self.unmatched)} unmatched"
        )


def sync(
    dataset: Dataset,
    copy: Copy,
    *,
    taken_on: datetime.date,
    source: str,
    dry_run: bool = False,
) -> Outcome:
    """Propose what `copy` (of `dataset`, taken on `taken_on`, read from `source`) says that
    the catalog does not. Four queries to plan; writes, unless `dry_run`, in one
    transaction."""
    outcome = plan(dataset, copy.entries, taken_on)
    if dry_run:
        return outcome
    with transaction.atomic():
        bulk_create_with_history(
            outcome.new, Proposal, batch_size=500, default_change_reason=SYNC_REASON
        )
        if outcome.refreshed:
            Proposal.objects.bulk_update(outcome.refreshed, ["current_value", "updated_at"])
        Snapshot.objects.create(
            dataset=dataset,
            taken_on=taken_on,
            source=source[:500],
            new=len(outcome.new),
            unchanged=outcome.unchanged,
            unmatched=len(outcome.unmatched),
        )
    return outcome


def plan(dataset: Dataset, entries: list[Entry], taken_on: datetime.date) -> Outcome:
    """The proposals `entries` call for, unsaved, and the counts. Four queries: the
    dataset's mappings (with models), the mapped models' offerings, and their proposals
    (rejected and open)."""
    mappings = {m.upstream_id: m for m in Mapping.objects.for_dataset(dataset)}
    model_ids = {m.model_id for m in mappings.values()}
    offerings = {
        (o.model_id, o.service, o.provider_model_id): o
        for o in Offering.objects.filter(model_id__in=model_ids)
    }
    known = Proposal.objects.filter(model_id__in=model_ids)
    rejected = {p.identity for p in known.filter(state=ProposalState.REJECTED)}
    open_ones = {p.identity: p for p in known.filter(state=ProposalState.OPEN, dataset=dataset)}
    outcome = Outcome()
    for entry in entries:
        mapping = mappings.get(entry.upstream_id)
        if mapping is None:
            outcome.unmatched.append(entry.upstream_id)
            continue
        for proposal in _candidates(dataset, entry, mapping, offerings, taken_on, outcome):
            if proposal.identity in rejected:
                outcome.unchanged += 1
            elif proposal.identity in open_ones:
                outcome.unchanged += 1
                waiting = open_ones[proposal.identity]
                if canonical_json(waiting.current_value) != canonical_json(proposal.current_value):
                    waiting.current_value = proposal.current_value
                    outcome.refreshed.append(waiting)
            else:
                open_ones[proposal.identity] = proposal  # an entry listed twice proposes once
                outcome.new.append(proposal)
    return outcome


def _candidates(dataset, entry: Entry, mapping: Mapping, offerings, taken_on, outcome):
    """Unsaved proposals for the values of `entry` that differ from the catalog's; the
    values that do not are counted unchanged on `outcome`."""
    model = mapping.model

    def proposal(field, reading: Reading, current, value, part="", **offering):
        return Proposal(
            dataset=dataset,
            upstream_id=entry.upstream_id,
            snapshot_on=taken_on,
            upstream_key=reading.key,
            upstream_source=reading.source or dataset.about.file_url,
            upstream_note=reading.note,
            model=model,
            field=field,
            part=part,
            current_value=current,
            upstream_value=value,
            **offering,
        )

    if mapping.gives_model_facts:
        for key, reading in entry.model.items():
            current = model_value(model, key)
            if MODEL_FACTS[key].differs(current, reading.value):
                yield proposal(key, reading, current, reading.value)
            else:
                outcome.unchanged += 1
    if not mapping.is_offering or not entry.offering:
        return
    where = {
        "provider": mapping.provider,
        "service": mapping.service,
        "provider_model_id": mapping.provider_model_id,
    }
    offering = offerings.get((model.pk, mapping.service, mapping.provider_model_id))
    if offering is None:
        values = {key: reading.value for key, reading in sorted(entry.offering.items())}
        first = next(iter(entry.offering.values()))
        whole = Reading(values, NEW_OFFERING_KEY, source=first.source)
        yield proposal("offerings", whole, None, values, **where)
        return
    for key, reading in entry.offering.items():
        current = offering_value(offering, key)
        if OFFERING_FACTS[key].differs(current, reading.value):
            yield proposal("offerings", reading, current, reading.value, part=key, **where)
        else:
            outcome.unchanged += 1
