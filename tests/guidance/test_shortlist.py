"""The shortlist after an LLM / fine-tuned outcome (guidance/shortlist.py), against the seed.

Expectations are worked out here from the database with plain ORM queries and the catalog's
own inherited-restriction filter, never copied from the seed files.
"""

import datetime
from dataclasses import replace

import pytest
from django.http import QueryDict

from catalog import lineage
from catalog.models import NOT_CHAT, LanguageModel, Lifecycle, ModelSize
from guidance.memory import memory_gb
from guidance.models import Outcome
from guidance.shortlist import (
    FITS,
    Needs,
    load_candidates,
    make_shortlist,
    parse_needs,
)
from tests.factories import bulk_links, bulk_models, make_license

pytestmark = pytest.mark.django_db

COMMERCIAL_24GB_TEXT = Needs(
    Outcome.LLM, commercial="yes", run="own-gpu", gpu_gb=24, bits=4, inputs=("text",)
)
IMPOSSIBLE = Needs(Outcome.LLM, run="own-gpu", gpu_gb=8, bits=4, context=1_000_000, reasoning=True)
LLM_BRANCHES = ("decoder-only", "state-space-hybrid")


def sizes_by_model() -> dict[int, list[float]]:
    """Known parameter counts of each published model's sizes, or of its largest size."""
    sizes: dict[int, list[float]] = {}
    for pk, billions in ModelSize.objects.filter(
        model__status="published", parameters_billions__isnull=False
    ).values_list("model_id", "parameters_billions"):
        sizes.setdefault(pk, []).append(billions)
    for model in LanguageModel.objects.published().filter(parameters_billions__isnull=False):
        sizes.setdefault(model.pk, [model.parameters_billions])
    return sizes


def expected_fits(gpu_gb: int, bits: int) -> set[str]:
    """Commercial use without conditions (own and inherited), open, active, text in, and a
    size whose weights (bytes per parameter x 1.2) fit in `gpu_gb` — worked out separately."""
    per_parameter = {16: 2.0, 4: 0.5}[bits]
    candidates = lineage.filter_inherited_restriction(
        LanguageModel.objects.published().filter(
            branch__in=LLM_BRANCHES,
            access="open",
            lifecycle="active",
            license__commercial_use="yes",
        ),
        "no",
    )
    sizes = sizes_by_model()
    return {
        model.slug
        for model in candidates
        if "text" in model.input_modalities
        and any(b * per_parameter * 1.2 <= gpu_gb for b in sizes.get(model.pk, []))
        and not (set(model.purposes) & NOT_CHAT and "chat" not in model.purposes)
    }


def test_the_memory_rule_is_bytes_per_parameter_plus_a_fifth():
    assert memory_gb(7, 16) == pytest.approx(7 * 2 * 1.2)
    assert memory_gb(70, 4) == pytest.approx(70 * 0.5 * 1.2)


@pytest.mark.parametrize("bits", [16, 4])
def test_the_fits_are_exactly_the_models_meeting_every_constraint(seeded, bits):
    needs = replace(COMMERCIAL_24GB_TEXT, bits=bits)
    shortlist = make_shortlist(needs, load_candidates())
    listed = {v.candidate.slug for v in shortlist.fits}
    assert listed == expected_fits(24, bits)
    assert listed  # the seed has such models: the test compares something
    assert all(v.result == FITS for v in shortlist.fits)


def test_each_fit_says_why_with_its_size_in_memory(seeded):
    shortlist = make_shortlist(COMMERCIAL_24GB_TEXT, load_candidates())
    for verdict in shortlist.fits:
        reasons = {check.constraint: check.reason for check in verdict.checks}
        assert set(reasons) >= {"weights", "commercial", "memory", "input"}
        model = LanguageModel.objects.select_related("license").get(slug=verdict.candidate.slug)
        assert model.license.name in reasons["commercial"]
        size = verdict.size
        assert memory_gb(size.billions, 4) <= 24
        assert f"{memory_gb(size.billions, 4):,.1f} GB at 4-bit" in reasons["memory"]
        assert f"{memory_gb(size.billions, 16):,.1f} GB at 16-bit" in reasons["memory"]
        # The largest size that fits is the one shown.
        bigger = [b for b in sizes_by_model()[model.pk] if b > size.billions]
        assert all(memory_gb(b, 4) > 24 for b in bigger)


def test_models_without_evidence_come_last_by_the_memory_they_need(seeded):
    shortlist = make_shortlist(COMMERCIAL_24GB_TEXT, load_candidates())
    lead = {slug for slug, _name, _count in shortlist.ranking.benchmarks}
    has = [bool(lead & set(v.candidate.results)) for v in shortlist.fits]
    assert has == sorted(has, reverse=True)  # every model with evidence before those without
    rest = [v for v, evidence in zip(shortlist.fits, has, strict=True) if not evidence]
    needed = [memory_gb(v.size.billions, 4) for v in rest]
    assert rest and needed == sorted(needed)


def test_a_parents_licence_keeps_a_permissive_child_off_the_unconditional_list(seeded):
    """Models whose own licence allows commercial use but whose weights come from a parent
    with restricted terms (found with the catalog's own filter)."""
    bound = set(
        lineage.filter_inherited_restriction(
            LanguageModel.objects.published().filter(
                license__commercial_use="yes", branch__in=LLM_BRANCHES, lifecycle="active"
            ),
            "yes",
        ).values_list("slug", flat=True)
    )
    assert bound
    candidates = load_candidates()
    strict = make_shortlist(replace(COMMERCIAL_24GB_TEXT, run="api"), candidates)
    assert not bound & {v.candidate.slug for v in strict.fits}
    loose = make_shortlist(
        replace(COMMERCIAL_24GB_TEXT, run="api", commercial="conditional"), candidates
    )
    for verdict in loose.fits:
        if verdict.candidate.slug in bound:
            reason = next(c.reason for c in verdict.checks if c.constraint == "commercial")
            assert "bound by" in reason


def test_models_missing_a_needed_fact_are_counted_not_listed(seeded):
    candidates = load_candidates()
    shortlist = make_shortlist(replace(COMMERCIAL_24GB_TEXT, commercial="not-needed"), candidates)
    sizes = sizes_by_model()
    unknown_size = {
        m.slug
        for m in LanguageModel.objects.published().filter(
            branch__in=LLM_BRANCHES, access="open", lifecycle="active"
        )
        if m.pk not in sizes and "text" in m.input_modalities
    }
    assert unknown_size
    assert not unknown_size & {v.candidate.slug for v in shortlist.fits}
    assert shortlist.unknown["memory"] >= len(unknown_size)
    assert shortlist.left_out_unknown >= len(unknown_size)


def test_retired_and_deprecated_models_are_never_listed(seeded):
    api = Needs(Outcome.LLM, inputs=("text",))
    shortlist = make_shortlist(api, load_candidates())
    assert {v.candidate.lifecycle for v in shortlist.fits} == {Lifecycle.ACTIVE}
    not_active = LanguageModel.objects.published().filter(
        branch__in=LLM_BRANCHES, input_modalities__icontains='"text"'
    )
    assert shortlist.not_active == not_active.exclude(lifecycle="active").count()


def test_no_fit_offers_single_relaxations_that_each_bring_models_in(seeded):
    candidates = load_candidates()
    shortlist = make_shortlist(IMPOSSIBLE, candidates)
    assert shortlist.fits == []
    assert shortlist.relaxations
    for relaxation in shortlist.relaxations:
        changed = [
            name
            for name in ("commercial", "run", "gpu_gb", "bits", "context", "inputs", "reasoning")
            if getattr(relaxation.needs, name) != getattr(IMPOSSIBLE, name)
        ]
        assert len(changed) == 1, relaxation.text
        fits = make_shortlist(relaxation.needs, candidates).fits
        assert len(fits) == relaxation.count > 0


def test_a_fine_tuned_outcome_needs_weights():
    needs, notices = parse_needs(Outcome.FINE_TUNED, QueryDict("run=api"))
    assert needs.run == "open-weights" and notices


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("commercial=maybe", "Ignored commercial=“maybe”"),
        ("gpu_gb=-3&run=own-gpu", "Ignored gpu_gb=“-3”"),
        ("context=lots", "Ignored context=“lots”"),
        ("input=smell", "Ignored input=“smell”"),
        ("bits=3", "Ignored bits=“3”"),
        ("run=%00", "Ignored run=“\\0”"),
    ],
)
def test_bad_constraint_values_fall_back_to_defaults_with_a_notice(query, notice):
    needs, notices = parse_needs(Outcome.LLM, QueryDict(query))
    assert needs is not None
    assert any(n.startswith(notice) for n in notices), notices


def test_no_constraints_means_no_shortlist_yet():
    assert parse_needs(Outcome.LLM, QueryDict("answers=y")) == (None, [])
    assert parse_needs(Outcome.UNCERTAIN, QueryDict("commercial=yes")) == (None, [])


def test_the_needs_round_trip_through_the_url():
    needs = Needs(Outcome.LLM, "conditional", "own-gpu", 48, 16, 128_000, ("text", "image"), True)
    query = QueryDict(mutable=True)
    for key, value in needs.query().items():
        query.setlist(key, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    assert parse_needs(Outcome.LLM, query) == (needs, [])


# --- The page ----------------------------------------------------------------------------

SHORTLIST_URL = (
    "/decide/?answers=y&commercial=yes&run=own-gpu&gpu_gb=24&bits=4&input=text&reasoning=any"
)


def test_the_page_lists_the_fits_and_links_to_the_catalog(client, seeded):
    page = client.get(SHORTLIST_URL).content.decode()
    fits = make_shortlist(COMMERCIAL_24GB_TEXT, load_candidates()).fits
    for verdict in fits[:3]:
        assert f'data-pick="{verdict.candidate.slug}"' in page
    for verdict in fits[3:15]:
        assert f'data-model="{verdict.candidate.slug}"' in page
    assert "Not considered:" in page and "× 0.5 bytes at 4-bit" in page
    assert (
        'href="/models/?branch=decoder-only&amp;branch=state-space-hybrid&amp;access=open'
        "&amp;commercial=yes&amp;inherited_restriction=no&amp;input_modality=text"
        '&amp;lifecycle=active&amp;sort=-release_date"' in page
    )


def test_the_page_says_when_nothing_fits_and_links_each_relaxation(client, seeded):
    url = "/decide/?answers=y&run=own-gpu&gpu_gb=8&bits=4&context=1000000&reasoning=yes&input=text"
    page = client.get(url).content.decode()
    assert "No published model in the atlas meets all of these constraints." in page
    assert "gpu_gb=24" in page  # the GPU that would do, as a link


def test_bad_constraint_values_never_fail_the_page(client, seeded):
    response = client.get("/decide/?answers=y&gpu_gb=1e999&context=-1&input=%00&commercial=<b>")
    assert response.status_code == 200
    assert "Some of the request was ignored" in response.content.decode()


def test_shortlist_queries_do_not_grow_with_the_catalog(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        assert client.get(SHORTLIST_URL).status_code == 200
    licence = make_license(commercial_use="yes")
    models = bulk_models(
        {
            "slug": f"bulk-{i}",
            "name": f"Bulk {i}",
            "license": licence,
            "parameters_billions": 7,
            "input_modalities": ["text"],
            "release_date": datetime.date(2020, 1, 1),
        }
        for i in range(200)
    )
    bulk_links((child, parent, None) for child, parent in zip(models[1:], models, strict=False))
    with django_assert_max_num_queries(12) as large:
        assert client.get(SHORTLIST_URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
