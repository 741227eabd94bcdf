"""/licenses/: models with their terms, grouped by branch, filtered by commercial use."""

import datetime
import random
from collections import Counter

import pytest
from django.urls import reverse

from catalog.models import LanguageModel
from tests.catalog.downloads import csv_rows, json_results, queries_for
from tests.factories import bulk_models, make_dataset, make_license, make_model
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:license_list")
BRANCHES = LanguageModel.Branch.values  # also the order the page groups them in


@built_once
def world():
    """90 models over 5 licences (and none), 4 datasets; returns the facts as plain dicts."""
    rng = random.Random(5)
    licences = [
        make_license(name=f"Licence {c}", slug=f"lic-{c}", commercial_use=use, restrictions=r)
        for c, use, r in [
            ("a", "yes", "Permissive. Keep the notice."),
            ("b", "no", "Research only."),
            ("c", "conditional", "Allowed under 700M monthly users. Ask otherwise."),
            ("d", "yes", ""),
            ("e", "no", '=HYPERLINK("http://evil")'),
        ]
    ]
    datasets = [make_dataset(name=f"Data {i}", slug=f"data-{i}") for i in range(4)]
    specs = []
    for i in range(90):
        licence = rng.choice([*licences, None])
        specs.append(
            {
                "name": f"{'Mm'[i % 2]}odel {i:02d}",
                "slug": f"model-{i:02d}",
                "branch": rng.choice(BRANCHES),
                "license": licence,
                "data_license": rng.choice(["Public", "", "@not disclosed"]),
                "datasets": rng.sample(datasets, rng.randint(0, 2)),
                "release_date": datetime.date(2020, 1, 1),
            }
        )
    bulk_models(specs)
    return [
        {
            "slug": spec["slug"],
            "name": spec["name"],
            "branch": spec["branch"],
            "license": licence and licence.slug,
            "commercial": licence and licence.commercial_use,
            "restrictions": licence and licence.restrictions,
            "data_license": spec["data_license"],
            "datasets": sorted(d.slug for d in spec["datasets"]),
        }
        for spec in specs
        for licence in [spec["license"]]
    ]


def page_order(facts):
    """The page's order: branch as in the survey's table, then name ignoring case."""
    licensed = [f for f in facts if f["license"]]
    return sorted(licensed, key=lambda f: (BRANCHES.index(f["branch"]), f["name"].lower()))


CASES = {
    "all": ({}, lambda f: True),
    "yes": ({"commercial": "yes"}, lambda f: f["commercial"] == "yes"),
    "no or conditional": (
        {"commercial": ["no", "conditional"]},
        lambda f: f["commercial"] in {"no", "conditional"},
    ),
    "branch": ({"branch": ["encoder-only"]}, lambda f: f["branch"] == "encoder-only"),
    "both": (
        {"commercial": "yes", "branch": ["decoder-only", "pre-transformer"]},
        lambda f: f["commercial"] == "yes" and f["branch"] in {"decoder-only", "pre-transformer"},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_filters_and_order_match_python(client, world, case):
    params, keep = case
    expected = [f["slug"] for f in page_order(world) if keep(f)]
    assert [r["slug"] for r in json_results(client, URL, params)] == expected
    assert [r["slug"] for r in csv_rows(client, URL, params)] == expected
    response = client.get(URL, params)
    assert [m.slug for m in response.context["models"]] == expected
    assert response.context["total"] == len(expected)


def test_export_rows_carry_the_terms(client, world):
    rows = {r["slug"]: r for r in json_results(client, URL)}
    for fact in world:
        if not fact["license"]:
            assert fact["slug"] not in rows
            continue
        row = rows[fact["slug"]]
        assert row["license"] == fact["license"]
        assert row["commercial_use"] == fact["commercial"]
        assert row["restrictions"] == fact["restrictions"]
        assert row["data_license"] == fact["data_license"]
        assert row["datasets"] == fact["datasets"]


def test_csv_neutralises_formulas(client, world):
    rows = csv_rows(client, URL, {"commercial": "no"})
    evil = [r for r in rows if r["license"] == "lic-e"]
    assert evil and all(r["restrictions"].startswith("'=") for r in evil)
    assert all(not r["data_license"].startswith("@") for r in rows)
    assert any(r["data_license"] == "'@not disclosed" for r in rows)


def test_facets_count_under_the_other_filter(client, world):
    response = client.get(URL, {"commercial": "no", "branch": "decoder-only"})
    facets = {
        f.name: {o.value: (o.count, o.selected) for o in f.options}
        for f in response.context["facets"]
    }
    licensed = [f for f in world if f["license"]]
    commercial = Counter(f["commercial"] for f in licensed if f["branch"] == "decoder-only")
    branches = Counter(f["branch"] for f in licensed if f["commercial"] == "no")
    assert facets["commercial"] == {k: (n, k == "no") for k, n in commercial.items()}
    assert facets["branch"] == {k: (n, k == "decoder-only") for k, n in branches.items()}


def test_page_groups_by_branch_with_words_for_commercial_use(client, world):
    page = client.get(URL).content.decode()
    positions = [page.index(f'id="branch-{b}"') for b in BRANCHES if f'id="branch-{b}"' in page]
    assert positions == sorted(positions) and len(positions) == len(BRANCHES)
    assert '<span class="mark commercial-yes">Yes</span>' in page
    assert '<span class="mark commercial-no">No</span>' in page
    assert '<span class="mark commercial-conditional">Conditional</span>' in page
    unlicensed = sum(1 for f in world if not f["license"])
    assert f"{unlicensed} models have no licence recorded" in page
    # The long restriction folds behind its first sentence; the short one is shown whole.
    assert "<summary>Allowed under 700M monthly users." in page
    assert "Research only." in page


def test_licence_links_to_its_page_and_its_text(client):
    lic = make_license(name="Open Thing", url="https://example.org/licence")
    make_model(license=lic)
    page = client.get(URL).content.decode()
    assert f'<a href="{lic.get_absolute_url()}">Open Thing</a>' in page
    assert '<a class="source" href="https://example.org/licence">text' in page


def test_bad_values_are_named_in_notices(client, world):
    response = client.get(URL, {"commercial": ["maybe", "yes"], "branch": "\x00", "page": "0"})
    assert response.status_code == 200
    notices = " ".join(response.context["notices"])
    assert "commercial=“maybe”" in notices
    assert "branch=“\\0”" in notices
    assert "page=“0”" in notices
    assert {m.license.commercial_use for m in response.context["models"]} == {"yes"}


def make_many(n):
    licences = [make_license(commercial_use=c) for c in ["yes", "no", "conditional"]]
    data = [make_dataset() for _ in range(3)]
    bulk_models(
        {"branch": BRANCHES[i % 4], "license": licences[i % 3], "datasets": data[: i % 3 + 1]}
        for i in range(n)
    )


@pytest.mark.parametrize(
    "query", ["", "?commercial=yes&branch=decoder-only", "?format=json", "?format=csv"]
)
def test_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, query):
    make_many(5)
    small = queries_for(client, URL + query, django_assert_max_num_queries)
    make_many(300)
    large = queries_for(client, URL + query, django_assert_max_num_queries)
    assert large == small
