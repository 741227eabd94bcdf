"""From a copy to proposals: matched through the mapping only, compared with the catalog,
never written to it."""

import pytest

from catalog.models import LanguageModel, Offering
from tests.upstream.conftest import DOCS, TAKEN_ON, copy_of, models_dev
from upstream.datasets import Dataset
from upstream.models import Proposal, Snapshot
from upstream.review import reject
from upstream.sync import plan, sync

pytestmark = pytest.mark.django_db


def run(doc=None, dataset=Dataset.MODELS_DEV, **options):
    return sync(
        dataset,
        copy_of(doc or models_dev(), dataset),
        taken_on=TAKEN_ON,
        source="api.json",
        **options,
    )


def targets() -> set[tuple]:
    return {
        (p.target, str(p.current_value), str(p.upstream_value))
        for p in Proposal.objects.select_related("model")
    }


def test_a_copy_proposes_what_differs_and_changes_nothing_in_the_catalog(world):
    outcome = run()
    assert outcome.summary() == "proposals: 7 new, 0 unchanged, 1 unmatched"
    assert targets() == {
        ("context_length_tokens", "200000", "1000000"),
        ("release_date", "2026-03", "2026-03-12"),
        ("offerings[claude-api/claude-nova].context_tokens", "200000", "1000000"),
        ("offerings[claude-api/claude-nova].max_output_tokens", "None", "64000"),
        ("offerings[claude-api/claude-nova].price_input_usd_per_mtok", "3.0", "5.0"),
        ("offerings[claude-api/claude-nova].price_output_usd_per_mtok", "15.0", "25.0"),
        (
            "offerings[claude-api/claude-nova-20260301]",
            "None",
            str({"price_input_usd_per_mtok": 5.0, "price_output_usd_per_mtok": 25.0}),
        ),
    }
    assert outcome.unmatched == ["anthropic/claude-unmapped"]
    model = LanguageModel.objects.get()
    assert (model.context_length_tokens, model.release_date_precision) == (200_000, "month")
    assert Offering.objects.get().price_input_usd_per_mtok == 3.0
    assert Offering.objects.count() == 1
    assert model.citations.count() == 0


def test_each_proposal_says_where_it_comes_from(world):
    run()
    proposal = Proposal.objects.get(field="offerings", part="price_input_usd_per_mtok")
    assert proposal.dataset == Dataset.MODELS_DEV
    assert proposal.upstream_id == "anthropic/claude-nova"
    assert proposal.upstream_key == "cost.input"
    assert proposal.upstream_source == DOCS
    assert proposal.snapshot_on == TAKEN_ON
    assert (proposal.provider, proposal.service) == (world["maker"], "claude-api")
    assert proposal.state == Proposal.State.OPEN
    snapshot = Snapshot.objects.get()
    assert (snapshot.taken_on, snapshot.new, snapshot.unchanged, snapshot.unmatched) == (
        TAKEN_ON,
        7,
        0,
        1,
    )


def test_a_second_sync_of_the_same_copy_proposes_nothing_new(world):
    run()
    assert run().summary() == "proposals: 0 new, 7 unchanged, 1 unmatched"
    assert Proposal.objects.count() == 7


def test_a_rejected_value_is_not_proposed_again_but_another_value_is(world, carol):
    run()
    reject(Proposal.objects.get(part="price_input_usd_per_mtok"), carol)
    assert run().summary() == "proposals: 0 new, 7 unchanged, 1 unmatched"
    assert Proposal.objects.filter(part="price_input_usd_per_mtok").count() == 1
    assert run(models_dev(cost={"input": 6, "output": 25})).summary() == (
        "proposals: 1 new, 6 unchanged, 1 unmatched"
    )
    assert Proposal.objects.get(part="price_input_usd_per_mtok", state="open").upstream_value == 6


def test_a_rejection_holds_whatever_dataset_proposes_the_value_again(world, carol):
    run()
    reject(Proposal.objects.get(part="price_input_usd_per_mtok"), carol)
    world["model"].upstream_mappings.create(
        dataset=Dataset.LITELLM,
        upstream_id="claude-nova",
        provider=world["maker"],
        service="claude-api",
        provider_model_id="claude-nova",
    )
    litellm = {"claude-nova": {"input_cost_per_token": 5e-06}}
    assert run(litellm, Dataset.LITELLM).summary() == "proposals: 0 new, 1 unchanged, 0 unmatched"


def test_an_open_proposal_follows_the_catalog_it_would_change(world):
    run()
    Offering.objects.update(price_input_usd_per_mtok=4.0)
    outcome = run()
    assert outcome.summary() == "proposals: 0 new, 7 unchanged, 1 unmatched"
    assert Proposal.objects.get(part="price_input_usd_per_mtok").current_value == 4.0


def test_nothing_is_proposed_for_values_the_catalog_holds_or_knows_better(world):
    doc = models_dev(release_date="2026-03", cost={"input": 3, "output": 15})
    doc["anthropic"]["models"]["claude-nova"]["limit"] = {"context": 200_000}
    outcome = run(doc)
    assert {p.target for p in outcome.new} == {"offerings[claude-api/claude-nova-20260301]"}
    Offering.objects.update(availability=Offering.Status.RETIRED, retires_on=TAKEN_ON)
    assert not [p for p in run(models_dev(status="deprecated")).new if p.part == "status"]


def test_an_entry_without_a_mapping_is_never_matched_by_name(world):
    doc = {"anthropic": {"models": {"Claude Nova": {"cost": {"input": 9, "output": 9}}}}}
    assert run(doc).summary() == "proposals: 0 new, 0 unchanged, 1 unmatched"
    assert not Proposal.objects.exists()


def test_a_dry_run_writes_nothing(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        outcome = run(dry_run=True)
    assert outcome.summary() == "proposals: 7 new, 0 unchanged, 1 unmatched"
    assert not Proposal.objects.exists()
    assert not Snapshot.objects.exists()


def test_planning_costs_four_queries_however_many_entries(world, django_assert_num_queries):
    doc = models_dev()
    doc["anthropic"]["models"] |= {f"m{n}": {"cost": {"input": n, "output": n}} for n in range(300)}
    copy = copy_of(doc)
    with django_assert_num_queries(4):
        outcome = plan(Dataset.MODELS_DEV, copy.entries, TAKEN_ON)
    assert len(outcome.unmatched) == 301
