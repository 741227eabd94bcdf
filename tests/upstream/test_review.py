"""Accepting writes the value with a third-party citation in one transaction; rejecting is
remembered."""

import datetime

import pytest

from catalog.models import LanguageModel, Offering, OfferingPrice
from core.citations import Citation
from tests.upstream.conftest import DOCS, TAKEN_ON, copy_of, models_dev
from upstream.datasets import Dataset
from upstream.models import Proposal
from upstream.review import ReviewError, accept, reject
from upstream.sync import sync

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def proposals(world):
    sync(Dataset.MODELS_DEV, copy_of(models_dev()), taken_on=TAKEN_ON, source="api.json")
    return {p.target: p for p in Proposal.objects.select_related("model")}


def test_accepting_a_models_fact_writes_it_with_a_third_party_citation(proposals, carol):
    model = LanguageModel.objects.get()
    model.citations.create(
        field="context_length_tokens",
        source_url="https://example.com/old",
        retrieved_on=TAKEN_ON,
        method="stated",
        note="The old figure.",
    )
    accept(proposals["context_length_tokens"], carol)
    model.refresh_from_db()
    assert model.context_length_tokens == 1_000_000
    [citation] = model.citations.filter(field="context_length_tokens")  # the old one is gone
    assert citation.method == Citation.Method.THIRD_PARTY
    assert citation.source_url == DOCS
    assert citation.retrieved_on == TAKEN_ON
    assert citation.note.startswith(
        "models.dev, snapshot of 2026-07-02: entry anthropic/claude-nova"
    )
    proposal = Proposal.objects.get(field="context_length_tokens")
    assert (proposal.state, proposal.decided_by) == (Proposal.State.ACCEPTED, carol)
    assert model.history.latest().history_user == carol


def test_a_finer_release_date_comes_with_its_precision(proposals, carol):
    accept(proposals["release_date"], carol)
    model = LanguageModel.objects.get()
    assert (model.release_date, model.release_date_precision) == (datetime.date(2026, 3, 12), "day")


def test_accepting_a_price_keeps_the_earlier_one_until_today(proposals, carol):
    accept(proposals["offerings[claude-api/claude-nova].price_input_usd_per_mtok"], carol, TODAY)
    accept(proposals["offerings[claude-api/claude-nova].price_output_usd_per_mtok"], carol, TODAY)
    offering = Offering.objects.get()
    assert (offering.price_input_usd_per_mtok, offering.price_output_usd_per_mtok) == (5.0, 25.0)
    [earlier] = OfferingPrice.objects.all()  # one row for the day, with both earlier prices
    assert (earlier.until, earlier.price_input_usd_per_mtok, earlier.price_output_usd_per_mtok) == (
        TODAY,
        3.0,
        15.0,
    )
    cited = LanguageModel.objects.get().citations.filter(field="offerings")
    assert {c.item for c in cited} == {"claude-api/claude-nova"}
    assert cited.count() == 2


def test_accepting_a_new_offering_creates_it(proposals, carol):
    accept(proposals["offerings[claude-api/claude-nova-20260301]"], carol, TODAY)
    offering = Offering.objects.get(provider_model_id="claude-nova-20260301")
    assert offering.availability == Offering.Status.ACTIVE
    assert (offering.price_input_usd_per_mtok, offering.provider.slug) == (5.0, "anthropic")
    assert LanguageModel.objects.get().citations.get().item == "claude-api/claude-nova-20260301"


def test_a_shutdown_date_deprecates_the_offering_and_retires_a_closed_model_once_passed(
    world, carol
):
    world["model"].upstream_mappings.create(
        dataset=Dataset.LITELLM,
        upstream_id="claude-nova",
        provider=world["maker"],
        service="claude-api",
        provider_model_id="claude-nova",
    )
    shutdown = {"claude-nova": {"deprecation_date": "2026-11-30"}}
    sync(Dataset.LITELLM, copy_of(shutdown, Dataset.LITELLM), taken_on=TODAY, source="x")
    accept(Proposal.objects.get(part="retires_on"), carol, TODAY)
    offering, model = Offering.objects.get(), LanguageModel.objects.get()
    assert (offering.availability, offering.retires_on) == ("retired", datetime.date(2026, 11, 30))
    assert (model.lifecycle, model.retired_on) == ("retired", datetime.date(2026, 11, 30))


def test_a_deprecation_deprecates_a_closed_model_served_nowhere_else(proposals, carol):
    sync(
        Dataset.MODELS_DEV,
        copy_of(models_dev(status="deprecated")),
        taken_on=TAKEN_ON,
        source="api.json",
    )
    accept(Proposal.objects.get(part="status"), carol, TODAY)
    assert Offering.objects.get().availability == "deprecated"
    assert LanguageModel.objects.get().lifecycle == "deprecated"


def test_the_same_value_from_another_dataset_is_accepted_with_it(proposals, world, carol):
    world["model"].upstream_mappings.create(
        dataset=Dataset.LITELLM,
        upstream_id="claude-nova",
        provider=world["maker"],
        service="claude-api",
        provider_model_id="claude-nova",
    )
    litellm = {"claude-nova": {"input_cost_per_token": 5e-06, "source": "https://x.example/p"}}
    sync(Dataset.LITELLM, copy_of(litellm, Dataset.LITELLM), taken_on=TODAY, source="x")
    decision = accept(
        proposals["offerings[claude-api/claude-nova].price_input_usd_per_mtok"], carol
    )
    [twin] = decision.also
    assert twin.dataset == Dataset.LITELLM
    assert Proposal.objects.get(pk=twin.pk).state == Proposal.State.ACCEPTED
    sources = set(Citation.objects.values_list("source_url", flat=True))
    assert sources == {DOCS, "https://x.example/p"}


def test_rejecting_changes_nothing_but_the_proposal(proposals, carol):
    reject(proposals["context_length_tokens"], carol)
    assert LanguageModel.objects.get().context_length_tokens == 200_000
    assert Proposal.objects.get(field="context_length_tokens").state == Proposal.State.REJECTED
    assert not Citation.objects.exists()


def test_a_decided_proposal_cannot_be_decided_again(proposals, carol):
    proposal = proposals["context_length_tokens"]
    reject(proposal, carol)
    with pytest.raises(ReviewError, match="was rejected already"):
        accept(proposal, carol)


def test_a_value_the_catalog_refuses_changes_nothing(proposals, carol):
    Offering.objects.all().delete()
    with pytest.raises(ReviewError, match="no longer has the offering claude-api/claude-nova"):
        accept(proposals["offerings[claude-api/claude-nova].context_tokens"], carol)
    LanguageModel.objects.update(parameters_billions=10, parameters_active_billions=10)
    bad = Proposal.objects.create(
        dataset=Dataset.EPOCH,
        upstream_id="Claude Nova",
        snapshot_on=TAKEN_ON,
        upstream_key="Parameters",
        upstream_source=DOCS,
        model=LanguageModel.objects.get(),
        field="parameters_billions",
        current_value=10,
        upstream_value=5.0,
    )
    with pytest.raises(ReviewError, match="Active parameters need a total and cannot exceed it"):
        accept(bad, carol)
    assert LanguageModel.objects.get().parameters_billions == 10
    assert Proposal.objects.get(pk=bad.pk).state == Proposal.State.OPEN
    assert not Citation.objects.exists()
