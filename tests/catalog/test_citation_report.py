"""The share of cited facts: its rule (atlas/citation_report.py), the seed's figure, and the
command that prints it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from atlas import citation_report
from atlas.citation_report import Coverage, record_coverage

RECORD = {
    "slug": "m",
    "family": None,
    "branch": "decoder-only",
    "architecture": "",
    "organizations": ["acme"],
    "access": "closed",
    "weights": "",
    "release_date": "2025-01-01",
    "parameters_billions": None,
    "parameters_active_billions": None,
    "sizes": [{"label": "S"}, {"label": "L"}],
    "context_length_tokens": None,
    "training_tokens_trillions": None,
    "input_modalities": ["text"],
    "output_modalities": ["text"],
    "reasoning": "no",
    "knowledge_cutoff": None,
    "max_output_tokens": None,
    "languages": [],
    "purposes": [],
    "tool_use": "",
    "structured_output": "",
    "lifecycle": "active",
    "retired_on": None,
    "license": None,
    "past_licenses": [],
    "data_license": "",
    "datasets": [],
    "papers": [],
    "offerings": [{"service": "api", "model_id": "m-1"}],
    "parents": [{"model": "p"}, {"model": "q"}],
}


def cited(*pairs):
    return [{"field": field, "item": item} for field, item in pairs]


def test_each_non_empty_fact_counts_once_and_each_list_item_on_its_own():
    coverage = Coverage()
    record_coverage({**RECORD, "citations": []}, coverage)
    # branch, organizations, access, release date, two modalities, reasoning, lifecycle,
    # two sizes, one offering, two parents
    assert coverage.facts == 13 and coverage.cited == 0
    assert "m.parents[q]" in coverage.uncited and "m.sizes[S]" in coverage.uncited


def test_a_citation_without_item_covers_every_item_and_one_with_an_item_only_it():
    coverage = Coverage()
    record = {**RECORD, "citations": cited(("sizes", ""), ("parents", "p"), ("branch", ""))}
    record_coverage(record, coverage)
    assert coverage.cited == 4  # both sizes, parent p, branch
    assert "m.parents[q]" in coverage.uncited and "m.parents[p]" not in coverage.uncited


def test_a_closed_models_lifecycle_is_cited_by_its_cited_offerings():
    coverage = Coverage()
    record_coverage({**RECORD, "citations": cited(("offerings", "api/m-1"))}, coverage)
    assert "m.lifecycle" not in coverage.uncited and "m.offerings[api/m-1]" not in coverage.uncited
    coverage = Coverage()
    record_coverage({**RECORD, "access": "open", "citations": cited(("offerings", ""))}, coverage)
    assert "m.lifecycle" in coverage.uncited  # an open model's lifecycle is its own


def test_the_seed_cites_at_least_95_percent_of_recent_facts(seeded):
    coverage = citation_report.coverage()
    assert coverage.facts > 3000
    assert coverage.percent >= 95.0, coverage.uncited[:50]


def test_models_released_before_august_2023_do_not_count(seeded):
    everything = citation_report.coverage(since=datetime.date(1900, 1, 1))
    assert everything.facts > citation_report.coverage().facts


@pytest.mark.django_db
def test_the_command_prints_the_figure(seeded):
    out = StringIO()
    call_command("citation_report", stdout=out)
    last = out.getvalue().splitlines()[-1]
    coverage = citation_report.coverage()
    assert last.startswith(f"facts: {coverage.facts}, cited: {coverage.cited} (")
