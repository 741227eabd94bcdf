"""/models/: filters, facets, sort and exports, checked against plain Python over the rows."""

import csv
import datetime
import io
import json
import random

import pytest
from django.urls import reverse

from catalog.models import Dataset, LanguageModel, License
from tests.factories import (
    bulk_models,
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
    new_dataset,
    new_license,
)
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:model_list")


@built_once
def world():
    """A deterministic random catalog: 120 models over 6 orgs, 4 licences, 5 datasets."""
    rng = random.Random(7)
    orgs = [make_org(name=f"Org {c}", slug=f"org-{c}") for c in "abcdef"]
    licences = [
        make_license(name=f"Licence {c}", slug=f"lic-{c}", commercial_use=use)
        for c, use in zip("wxyz", ["yes", "no", "conditional", "yes"], strict=True)
    ]
    datasets = [make_dataset(name=f"Data {i}", slug=f"data-{i}") for i in range(5)]
    return bulk_models(
        {
            "name": f"Model {i:03d}",
            "slug": f"model-{i:03d}",
            "branch": rng.choice(LanguageModel.Branch.values),
            "access": rng.choice(["open", "closed"]),
            "release_date": datetime.date(rng.randint(2017, 2024), rng.randint(1, 12), 1),
            "parameters_billions": rng.choice([None, 0.1, 1.5, 7.0, 70.0, 175.0]),
            "license": rng.choice([*licences, None]),
            "organizations": rng.sample(orgs, rng.randint(1, 2)),
            "datasets": rng.sample(datasets, rng.randint(0, 2)),
        }
        for i in range(120)
    )


def facts(model):
    """Plain Python view of a model, for independent computations."""
    return {
        "slug": model.slug,
        "name": model.name,
        "branch": model.branch,
        "access": model.access,
        "year": model.release_date.year,
        "date": model.release_date,
        "params": model.parameters_billions,
        "license": model.license.slug if model.license else None,
        "commercial": model.license.commercial_use if model.license else None,
        "orgs": {o.slug for o in model.organizations.all()},
        "datasets": {d.slug for d in model.datasets.all()},
    }


def exported_slugs(client, params) -> list[str]:
    response = client.get(URL, {**params, "format": "json"})
    assert response.status_code == 200
    return [row["slug"] for row in json.loads(b"".join(response.streaming_content))["results"]]


CASES = {
    "branch": (
        {"branch": ["encoder-only", "decoder-only"]},
        lambda m: m["branch"] in {"encoder-only", "decoder-only"},
    ),
    "org": ({"org": ["org-a", "org-c"]}, lambda m: bool(m["orgs"] & {"org-a", "org-c"})),
    "access": ({"access": "closed"}, lambda m: m["access"] == "closed"),
    "years": ({"year_min": "2019", "year_max": "2021"}, lambda m: 2019 <= m["year"] <= 2021),
    "license": ({"license": "lic-x"}, lambda m: m["license"] == "lic-x"),
    "commercial": (
        {"commercial": ["yes", "conditional"]},
        lambda m: m["commercial"] in {"yes", "conditional"},
    ),
    "dataset": ({"dataset": "data-2"}, lambda m: "data-2" in m["datasets"]),
    "three at once": (
        {"branch": "decoder-only", "access": "open", "year_min": "2020"},
        lambda m: m["branch"] == "decoder-only" and m["access"] == "open" and m["year"] >= 2020,
    ),
    "everything": (
        {
            "branch": ["decoder-only", "encoder-decoder"],
            "org": ["org-b", "org-d", "org-e"],
            "access": "open",
            "year_max": "2023",
            "commercial": "yes",
            "dataset": ["data-0", "data-1"],
        },
        lambda m: (
            m["branch"] in {"decoder-only", "encoder-decoder"}
            and bool(m["orgs"] & {"org-b", "org-d", "org-e"})
            and m["access"] == "open"
            and m["year"] <= 2023
            and m["commercial"] == "yes"
            and bool(m["datasets"] & {"data-0", "data-1"})
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_filters_match_an_independent_computation(client, world, case):
    params, predicate = CASES[case]
    expected = sorted(m["slug"] for m in map(facts, world) if predicate(m))
    assert expected, "the case should select something"
    assert sorted(exported_slugs(client, params)) == expected
    page = client.get(URL, params)
    assert f"{len(expected)} model{'s' if len(expected) != 1 else ''}</h2>" in page.content.decode()


def test_facet_counts_are_computed_under_the_other_filters(client, world):
    params = {"branch": "decoder-only", "org": "org-a", "access": "open"}
    response = client.get(URL, params)
    facets = {facet.name: facet for facet in response.context["facets"]}
    rows = list(map(facts, world))

    def matches(m, skip):
        return (
            (skip == "branch" or m["branch"] == "decoder-only")
            and (skip == "org" or "org-a" in m["orgs"])
            and (skip == "access" or m["access"] == "open")
        )

    branch_counts = {o.value: o.count for o in facets["branch"].options}
    for branch in LanguageModel.Branch.values:
        expected = sum(1 for m in rows if matches(m, "branch") and m["branch"] == branch)
        assert branch_counts.get(branch, 0) == expected, branch
    org_counts = {o.value: o.count for o in facets["org"].options}
    for org in "abcdef":
        expected = sum(1 for m in rows if matches(m, "org") and f"org-{org}" in m["orgs"])
        assert org_counts.get(f"org-{org}", 0) == expected, org
    commercial = {o.value: o.count for o in facets["commercial"].options}
    for use in ("yes", "no", "conditional"):
        expected = sum(1 for m in rows if matches(m, None) and m["commercial"] == use)
        assert commercial.get(use, 0) == expected, use
    years = {int(o.value): o.count for o in facets["year"].options}
    for year in range(2017, 2025):
        assert years.get(year, 0) == sum(1 for m in rows if matches(m, None) and m["year"] == year)
    selected = [o.value for o in facets["branch"].options if o.selected]
    assert selected == ["decoder-only"]


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("name", lambda m: m["name"], False),
        ("-name", lambda m: m["name"], True),
        ("release_date", lambda m: (m["date"], m["name"]), False),
        ("-release_date", lambda m: (m["date"], m["name"][::-1]), True),
    ],
)
def test_sorting(client, world, sort, key, reverse):
    got = exported_slugs(client, {"sort": sort})
    rows = sorted(map(facts, world), key=key, reverse=reverse)
    if sort == "-release_date":  # newest first, ties by name ascending
        rows = sorted(map(facts, world), key=lambda m: m["name"])
        rows = sorted(rows, key=lambda m: m["date"], reverse=True)
    assert got == [m["slug"] for m in rows]


def test_parameter_sort_puts_unknown_sizes_last(client, world):
    got = exported_slugs(client, {"sort": "-parameters"})
    by_slug = {m["slug"]: m for m in map(facts, world)}
    sizes = [by_slug[slug]["params"] for slug in got]
    known = [s for s in sizes if s is not None]
    assert known == sorted(known, reverse=True)
    assert sizes[len(known) :] == [None] * (len(sizes) - len(known))


def test_pagination_keeps_the_filters(client, world):
    params = {"access": "open", "sort": "name"}
    first = client.get(URL, params)
    total = first.context["paginator"].count
    assert total > 50
    body = first.content.decode()
    assert 'href="?access=open&amp;sort=name&amp;page=2"' in body
    second = client.get(URL, {**params, "page": 2})
    names = [m.name for m in second.context["models"]]
    expected = sorted(m["name"] for m in map(facts, world) if m["access"] == "open")[50:100]
    assert names == expected


def test_chips_remove_one_value_each(client, world):
    response = client.get(URL, {"branch": ["encoder-only", "decoder-only"], "access": "open"})
    chips = dict(response.context["chips"])
    assert chips["Encoder-only"] == "?branch=decoder-only&access=open"
    assert chips["Open"] == "?branch=encoder-only&branch=decoder-only"


def test_csv_export_has_every_matching_row_and_neutralises_formulas(client, world):
    evil = world[0]
    evil.name = '=HYPERLINK("http://evil")'
    evil.parameters_note = "+1 more"
    evil.data_license = "@SUM(A1)"
    evil.save()
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(world)
    row = next(r for r in rows if r["slug"] == evil.slug)
    assert row["name"].startswith("'=")
    assert row["parameters_note"] == "'+1 more"
    assert row["data_license"] == "'@SUM(A1)"
    assert all(not value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_csv_rows_carry_lineage_and_terms(client):
    base = make_model(name="Base", slug="base", license=make_license(commercial_use="no"))
    child = make_model(name="Child", slug="child")
    link(child, base, relation="instruction-tuned-from")
    text = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["child"]["parents"] == "base (instruction-tuned-from)"
    assert rows["base"]["commercial_use"] == "no"


def test_exports_ignore_pagination(client, world):
    assert len(exported_slugs(client, {"page": 2})) == len(world)


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"org": "no-such-org"}, "Ignored org=“no-such-org”: no organisation has this slug."),
        ({"branch": "decoder"}, "Ignored branch=“decoder”: not a branch"),
        ({"year_min": "twenty"}, "Ignored year_min=“twenty”: not a year between 1900 and 2100."),
        ({"year_min": "2023", "year_max": "2019"}, "year_min (2023) is after year_max (2019)"),
        ({"page": "99999"}, "Page 99999 does not exist; showing the last page"),
        ({"page": "-1"}, "Ignored page=“-1”"),
        ({"q": "x" * 10_000}, "searches are limited to 200 characters"),
        ({"q": "a\x00b"}, "contains a NUL character"),
        ({"sort": "colour"}, "Ignored sort=“colour”"),
        ({"format": "xml"}, "Ignored format=“xml”"),
        ({"access": "semi-open"}, "Ignored access=“semi-open”"),
    ],
)
def test_bad_values_are_ignored_with_a_notice(client, world, params, notice):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert notice in " ".join(response.context["notices"])
    assert response.context["paginator"].count == len(world)


def test_unknown_values_do_not_hide_known_ones(client, world):
    response = client.get(URL, {"org": ["org-a", "ghost"]})
    expected = sum(1 for m in map(facts, world) if "org-a" in m["orgs"])
    assert response.context["paginator"].count == expected
    assert any("ghost" in n for n in response.context["notices"])


def test_empty_result_suggests_what_to_relax(client, world):
    response = client.get(URL, {"q": "zzzznothing"})
    body = response.content.decode()
    assert "No model matches all of these filters." in body
    assert "Try removing one of the filters" in body


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Model 007", ["model-007"]), ("org", None)],
)
def test_search_matches_names_and_organisations(client, world, word, expected):
    got = exported_slugs(client, {"q": word})
    if expected is not None:
        assert got == expected
    else:
        assert len(got) == len(world)  # every model has an organisation named "Org ..."


def test_search_covers_summary_and_aliases(client):
    make_model(name="Alpha", slug="alpha", summary="A chatbot tuned on conversations.")
    make_model(name="Beta", slug="beta", aliases=["Zebra-13B"])
    make_model(name="Gamma", slug="gamma")
    assert exported_slugs(client, {"q": "conversations"}) == ["alpha"]
    assert exported_slugs(client, {"q": "zebra"}) == ["beta"]
    assert exported_slugs(client, {"q": "alpha conversations"}) == ["alpha"]
    assert exported_slugs(client, {"q": "alpha zebra"}) == []


def test_list_queries_are_bounded(client, django_assert_max_num_queries):
    params = {"branch": "decoder-only", "access": "open", "year_min": "2018", "q": "model"}

    def count(n):
        datasets = Dataset.objects.bulk_create([new_dataset() for _ in range(n)])
        licences = License.objects.bulk_create([new_license() for _ in range(n)])
        bulk_models(
            {"datasets": [data], "license": licence, "release_date": datetime.date(2020, 1, 1)}
            for data, licence in zip(datasets, licences, strict=True)
        )
        with django_assert_max_num_queries(28) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured.captured_queries)

    assert count(5) == count(300)


def test_fast_export_rows_equal_the_interchange_records(world):
    from catalog import records

    link(world[5], world[1], note="a note", source_url="https://example.org/s")
    link(world[5], world[2], relation="variant-of")
    world[5].papers.add(make_paper())
    fast = {row["slug"]: row for row in records.model_records(LanguageModel.objects.all(), chunk=7)}
    assert len(fast) == len(world)
    for model in LanguageModel.objects.for_export():
        row = dict(fast[model.slug])
        assert row.pop("commercial_use") == (
            model.license.commercial_use if model.license else None
        )
        assert row == records.model_record(model)


def test_inherited_restriction_filter_and_facet(client):
    research_only = make_license(name="Research only", commercial_use="no")
    base = make_model(name="Base", slug="base", license=research_only)
    tuned = make_model(name="Tuned", slug="tuned", license=make_license(commercial_use="yes"))
    link(tuned, base, relation="instruction-tuned-from")
    sibling = make_model(name="Successor", slug="successor")
    link(sibling, base, relation="successor-of")  # a new model, not bound by base's weights
    make_model(name="Loner", slug="loner")
    assert exported_slugs(client, {"inherited_restriction": "yes"}) == ["tuned"]
    assert sorted(exported_slugs(client, {"inherited_restriction": "no"})) == [
        "base",
        "loner",
        "successor",
    ]
    response = client.get(URL, {"inherited_restriction": "yes"})
    facet = next(f for f in response.context["facets"] if f.name == "inherited_restriction")
    assert {o.value: o.count for o in facet.options} == {"yes": 1, "no": 3}
    assert dict(response.context["chips"]).keys() == {
        "Inherited restriction: bound by an ancestor’s restriction"
    }
