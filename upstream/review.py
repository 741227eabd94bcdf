"""Deciding a proposal: accepting writes its value to the catalog with a citation, rejecting
remembers it so that the same value is not proposed again for the same target.

Accepting is one transaction: the value (checked by the row's own validation), the earlier
price kept when a price changes, a closed model's lifecycle as its offerings now make it, a
`third-party` citation naming the dataset, the copy's date and the source the dataset gives,
and the decision. Open proposals of the same value for the same target (from another
dataset) are accepted with it, each adding its citation. A model's own fact loses the
citations it had: they backed the value it replaces (the history keeps them).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import LanguageModel, Offering, OfferingPrice
from catalog.offerings import lifecycle_change
from core.citations import Citation, CitationMethod

from .datasets import Dataset
from .facts import PRICE_KEYS, availability_for, fact_for, from_partial
from .models import Proposal, ProposalState

NOTE_LENGTH = 500  # Citation.note


class ReviewError(Exception):
    """A proposal that cannot be decided as asked; the message says why. Nothing changed."""


@dataclass
class Decision:
    proposal: Proposal
    also: list[Proposal]  # the same value for the same target, from other datasets


def accept(proposal: Proposal, user=None, today=None) -> Decision:
    """Write `proposal`'s value with its citation and mark it (and its twins) accepted."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            proposal = _open(proposal)
            model = LanguageModel.objects.select_for_update().get(pk=proposal.model_id)
            reason = f"upstream: accepted from {proposal.dataset}"
            if proposal.field == "offerings":
                _write_offering(proposal, model, user, reason, today)
            else:
                _write_model_fact(proposal, model, user, reason)
            twins = list(
                Proposal.objects.select_for_update()
                .filter(
                    state=ProposalState.OPEN,
                    model_id=proposal.model_id,
                    field=proposal.field,
                    service=proposal.service,
                    provider_model_id=proposal.provider_model_id,
                    part=proposal.part,
                )
                .exclude(pk=proposal.pk)
            )
            twins = [twin for twin in twins if twin.identity == proposal.identity]
            for decided in (proposal, *twins):
                _cite(decided, model, user, reason)
                _decide(decided, ProposalState.ACCEPTED, user, reason)
    except ValidationError as error:
        raise ReviewError(" ".join(error.messages)) from None
    except IntegrityError as error:
        raise ReviewError(f"the database refused the value ({error})") from None
    return Decision(proposal, twins)


def reject(proposal: Proposal, user=None) -> Decision:
    """Mark `proposal` rejected: its value is not proposed again for its target."""
    with transaction.atomic():
        proposal = _open(proposal)
        _decide(
            proposal, ProposalState.REJECTED, user, f"upstream: rejected from {proposal.dataset}"
        )
    return Decision(proposal, [])


def _open(proposal: Proposal) -> Proposal:
    """The proposal, locked, if it is still open."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != ProposalState.OPEN:
        raise ReviewError(f"{locked.target} of {locked.model} was {locked.state} already")
    return locked


def _decide(proposal: Proposal, state: ProposalState, user, reason: str) -> None:
    proposal.state = state
    proposal.decided_by = user
    proposal.decided_on = timezone.now()
    _save(proposal, user, reason)


def _save(obj, user, reason: str) -> None:
    """Save with the history naming the editor and why."""
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


# --- Writing the value ---------------------------------------------------------------------


def _write_model_fact(proposal: Proposal, model: LanguageModel, user, reason: str) -> None:
    value = proposal.upstream_value
    if proposal.field == "release_date":
        model.release_date, model.release_date_precision = from_partial(value)
    else:
        setattr(model, proposal.field, value)
    model.full_clean(validate_unique=False)
    _save(model, user, reason)
    stale = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(LanguageModel),
        object_id=model.pk,
        field=proposal.field,
        item="",
    )
    for citation in stale:
        citation._history_user = user
        citation._change_reason = reason
        citation.delete()


def _write_offering(proposal: Proposal, model: LanguageModel, user, reason: str, today) -> None:
    offering = (
        Offering.objects.select_for_update()
        .filter(model=model, service=proposal.service, provider_model_id=proposal.provider_model_id)
        .first()
    )
    if not proposal.part:
        if offering is not None:
            raise ReviewError(f"{model} has the offering {proposal.item} already")
        offering = _new_offering(proposal, model, today)
    elif offering is None:
        raise ReviewError(f"{model} no longer has the offering {proposal.item}")
    else:
        _set_part(offering, proposal.part, proposal.upstream_value, user, reason, today)
    offering.full_clean(validate_unique=False)
    _save(offering, user, reason)
    _follow_offerings(model, user, reason)


def _new_offering(proposal: Proposal, model: LanguageModel, today) -> Offering:
    values = dict(proposal.upstream_value)
    retires_on = values.pop("retires_on", None)
    retires_on = from_partial(retires_on)[0] if retires_on else None
    status = availability_for(values.pop("status", None), retires_on, today)
    return Offering(
        model=model,
        provider=proposal.provider,
        service=proposal.service,
        provider_model_id=proposal.provider_model_id,
        availability=status,
        retires_on=retires_on,
        **values,
    )


def _set_part(offering: Offering, part: str, value, user, reason: str, today) -> None:
    if part in PRICE_KEYS:
        _keep_earlier_price(offering, user, reason, today)
        setattr(offering, part, value)
    elif part == "status":
        offering.availability = availability_for(value, offering.retires_on, today)
    elif part == "retires_on":
        offering.retires_on = from_partial(value)[0]
        offering.availability = availability_for(offering.availability, offering.retires_on, today)
    else:
        setattr(offering, part, value)


def _keep_earlier_price(offering: Offering, user, reason: str, today) -> None:
    """The prices the offering had until today, as an earlier price (once a day: a second
    price accepted the same day changes the same current prices)."""
    prices = {key: getattr(offering, key) for key in PRICE_KEYS}
    if all(price is None for price in prices.values()):
        return
    if offering.price_history.filter(until=today).exists():
        return
    earlier = OfferingPrice(offering=offering, until=today, **prices)
    earlier.full_clean(validate_unique=False)
    _save(earlier, user, reason)


def _follow_offerings(model: LanguageModel, user, reason: str) -> None:
    """A closed model's lifecycle as its offerings now make it (catalog/offerings.py)."""
    change = lifecycle_change(model)
    if change is None:
        return
    model.lifecycle, model.retired_on = change
    model.full_clean(validate_unique=False)
    _save(model, user, reason)


# --- Citing it -----------------------------------------------------------------------------


def _cite(proposal: Proposal, model: LanguageModel, user, reason: str) -> None:
    dataset = Dataset(proposal.dataset)
    fact = fact_for(proposal.field, proposal.part)
    what = str(fact.label) if fact else "the offering"
    note = (
        f"{dataset.label}, snapshot of {proposal.snapshot_on.isoformat()}: entry "
        f"{proposal.upstream_id}, {proposal.upstream_key}, gives {what} "
        f"{proposal.show(proposal.upstream_value)}; the source it gives is cited."
    )
    if proposal.upstream_note:
        note += f" It notes: {proposal.upstream_note}"
    citation = Citation(
        content_type=ContentType.objects.get_for_model(LanguageModel),
        object_id=model.pk,
        field=proposal.field,
        item=proposal.item,
        source_url=proposal.upstream_source,
        retrieved_on=proposal.snapshot_on,
        method=CitationMethod.THIRD_PARTY,
        note=note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…",
    )
    citation.full_clean()
    _save(citation, user, reason)
