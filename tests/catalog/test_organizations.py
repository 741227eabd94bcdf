"""/organizations/ and /organizations/<slug>/: counts, filters, facets, sort, exports, lineage."""

import datetime
import itertools
import random
from collections import Counter

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, Organization
from tests.catalog.downloads import csv_rows, json_results, queries_for
from tests.factories import bulk_links, bulk_models, link, make_model, make_org, new_org
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:organization_list")
KINDS = Organization.Kind.values
BRANCHES = LanguageModel.Branch.values


@built_once
def world():
    """14 organisations and 150 models, each model made by one or two of them.

    Returns the organisations as plain dicts and the models as (orgs, branch, access): the
    facts the tests compute their expectations from, independently of the views.
    """
    rng = random.Random(11)
    orgs = Organization.objects.bulk_create(
        new_org(
            name=f"{'abcdefghijklmn'[i] if i % 3 else 'ABCDEFGHIJKLMN'[i]}org {i}",
            slug=f"org-{i:02d}",
            kind=KINDS[i % 4],
            country=["US", "CN", "FR", "", "GB"][i % 5],
        )
        for i in range(14)
    )
    models, specs = [], []
    for i in range(150):
        makers = rng.sample(orgs[:12], rng.randint(1, 2))  # the last two make nothing
        branch, access = rng.choice(BRANCHES), rng.choice(["open", "closed"])
        specs.append(
            {
                "slug": f"m-{i:03d}",
                "organizations": makers,
                "branch": branch,
                "access": access,
                "release_date": datetime.date(2018 + i % 6, 1, 1),
            }
        )
        models.append(({o.slug for o in makers}, branch, access))
    bulk_models(specs)
    records = [{"slug": o.slug, "name": o.name, "kind": o.kind, "country": o.country} for o in orgs]
    return records, models


def expected_counts(models, slug) -> dict:
    mine = [(branch, access) for makers, branch, access in models if slug in makers]
    branches = Counter(branch for branch, _ in mine)
    return {
        "models": len(mine),
        "open": sum(access == "open" for _, access in mine),
        "closed": sum(access == "closed" for _, access in mine),
        **{branch: branches[branch] for branch in BRANCHES},
    }


def test_model_counts_match_a_count_in_python(client, world):
    orgs, models = world
    rows = {row["slug"]: row for row in json_results(client, URL)}
    assert set(rows) == {o["slug"] for o in orgs}
    for org in orgs:
        row = rows[org["slug"]]
        assert {k: row[k] for k in ["models", "open", "closed", *BRANCHES]} == expected_counts(
            models, org["slug"]
        )


FILTERS = {
    "kind": ({"kind": ["academic", "community"]}, lambda o: o["kind"] in {"academic", "community"}),
    "country": ({"country": ["US", "FR"]}, lambda o: o["country"] in {"US", "FR"}),
    "both": (
        {"kind": "company", "country": "US"},
        lambda o: (o["kind"], o["country"]) == ("company", "US"),
    ),
    "none": ({}, lambda o: True),
}


@pytest.mark.parametrize("case", FILTERS.values(), ids=FILTERS.keys())
def test_filters_give_what_python_selects(client, world, case):
    orgs, _ = world
    params, keep = case
    expected = sorted(o["slug"] for o in orgs if keep(o))
    assert sorted(r["slug"] for r in json_results(client, URL, params)) == expected
    assert sorted(r["slug"] for r in csv_rows(client, URL, params)) == expected
    page = client.get(URL, params)
    assert sorted(o.slug for o in page.context["organizations"]) == expected
    assert page.context["total"] == len(expected)


@pytest.mark.parametrize("sort", ["name", "-name", "-models", "models"])
def test_sort_orders_like_python(client, world, sort):
    orgs, models = world
    count = {o["slug"]: expected_counts(models, o["slug"])["models"] for o in orgs}
    by_name = sorted(orgs, key=lambda o: o["name"].lower())
    expected = {
        "name": by_name,
        "-name": list(reversed(by_name)),
        "-models": sorted(by_name, key=lambda o: -count[o["slug"]]),
        "models": sorted(by_name, key=lambda o: count[o["slug"]]),
    }[sort]
    slugs = [r["slug"] for r in json_results(client, URL, {"sort": sort})]
    assert slugs == [o["slug"] for o in expected]
    page = client.get(URL, {"sort": sort})
    assert [o.slug for o in page.context["organizations"]] == slugs[:50]


def test_facets_count_each_option_under_the_other_filters(client, world):
    orgs, _ = world
    response = client.get(URL, {"kind": "company", "country": ["US", "GB"]})
    facets = {
        f.name: {o.value: (o.count, o.selected) for o in f.options}
        for f in response.context["facets"]
    }
    kinds = Counter(o["kind"] for o in orgs if o["country"] in {"US", "GB"})
    countries = Counter(o["country"] for o in orgs if o["kind"] == "company" and o["country"])
    assert facets["kind"] == {k: (n, k == "company") for k, n in kinds.items()}
    assert facets["country"] == {c: (n, c in {"US", "GB"}) for c, n in countries.items()}


def test_unknown_values_are_ignored_with_a_notice(client, world):
    response = client.get(
        URL, {"kind": ["company", "pirate"], "country": "ZZ", "sort": "size", "page": "abc"}
    )
    assert response.status_code == 200
    notices = response.context["notices"]
    assert any("kind=“pirate”" in n for n in notices)
    assert any("country=“ZZ”" in n for n in notices)
    assert any("sort=“size”" in n for n in notices)
    assert any("page=“abc”" in n for n in notices)
    assert {o.kind for o in response.context["organizations"]} == {"company"}
    assert "pirate" in response.content.decode()


def test_page_beyond_the_last_shows_the_last(client):
    for i in range(60):
        make_org(name=f"Bulk {i:02d}")
    response = client.get(URL, {"page": "99999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert "Page 99999 does not exist" in response.content.decode()


def test_list_shows_counts_and_links(client, world):
    orgs, models = world
    page = client.get(URL, {"sort": "-models"}).content.decode()
    top = max(orgs, key=lambda o: expected_counts(models, o["slug"])["models"])
    assert f'href="/organizations/{top["slug"]}/"' in page
    assert 'Download <a href="?sort=-models&amp;format=csv">CSV</a>' in page
    assert "<title>Organisations · LLM Atlas</title>" in page


def test_detail_lists_models_by_year_newest_first(client):
    org = make_org(name="Lab")
    old = make_model(name="Old", organizations=[org], release_date=datetime.date(2019, 5, 1))
    new = make_model(name="New", organizations=[org], release_date=datetime.date(2023, 2, 1))
    newer = make_model(name="Newer", organizations=[org], release_date=datetime.date(2023, 9, 1))
    make_model(name="Someone else's")
    response = client.get(org.get_absolute_url())
    assert [(year, [m.name for m in ms]) for year, ms in response.context["years"]] == [
        (2023, [newer.name, new.name]),
        (2019, [old.name]),
    ]
    page = response.content.decode()
    assert page.index('id="year-2023"') < page.index('id="year-2019"')
    assert "Someone else" not in page


def test_detail_shows_lineage_across_organisations_only(client):
    meta, stanford, google, both = (
        make_org(name=n) for n in ["Meta", "Stanford", "Google", "Both"]
    )
    llama = make_model(name="LLaMA", organizations=[meta])
    llama2 = make_model(name="Llama 2", organizations=[meta])
    alpaca = make_model(name="Alpaca", organizations=[stanford])
    bert = make_model(name="BERT", organizations=[google])
    roberta = make_model(name="RoBERTa", organizations=[meta])
    joint = make_model(name="Joint", organizations=[meta, both])
    link(llama2, llama, relation="successor-of")  # inside Meta: not shown
    link(alpaca, llama, relation="instruction-tuned-from")  # others built on Meta's
    link(roberta, bert, relation="variant-of")  # Meta's built on others'
    link(joint, llama)  # a model Meta co-made: inside Meta
    response = client.get(meta.get_absolute_url())
    ours = [(lk.child.name, lk.parent.name) for lk in response.context["built_on_others"]]
    theirs = [(lk.child.name, lk.parent.name) for lk in response.context["built_on_ours"]]
    assert ours == [("RoBERTa", "BERT")]
    assert theirs == [("Alpaca", "LLaMA")]
    page = response.content.decode()
    assert "is instruction-tuned from" in page
    assert f'href="{google.get_absolute_url()}">Google</a>' in page
    assert f'href="{stanford.get_absolute_url()}">Stanford</a>' in page

    response = client.get(stanford.get_absolute_url())
    assert [(lk.child.name, lk.parent.name) for lk in response.context["built_on_others"]] == [
        ("Alpaca", "LLaMA")
    ]
    assert response.context["built_on_ours"] == []


def test_unknown_organisation_is_404(client):
    assert client.get("/organizations/no-such-org/").status_code == 404


def make_many(n: int, start: int = 0):
    """n organisations, each with two models, one derived from a model of the one before."""
    numbers = range(start, start + n)
    orgs = Organization.objects.bulk_create(
        [new_org(name=f"Many {i:03d}", slug=f"many-{i:03d}", country="US") for i in numbers]
    )
    models = bulk_models(
        spec
        for i, org in zip(numbers, orgs, strict=True)
        for spec in (
            {"organizations": [org], "branch": BRANCHES[i % 4]},
            {"organizations": [org], "access": "closed"},
        )
    )
    firsts = models[::2]
    bulk_links((child, parent, None) for parent, child in itertools.pairwise(firsts))
    return orgs[-1]


@pytest.mark.parametrize(
    "query",
    ["", "?sort=-models", "?kind=company&country=US", "?format=json", "?format=csv"],
)
def test_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, query):
    make_many(5)
    small = queries_for(client, URL + query, django_assert_max_num_queries)
    make_many(250, start=5)
    large = queries_for(client, URL + query, django_assert_max_num_queries)
    assert large == small


def test_detail_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    hub = make_org(name="Hub")
    others = [make_org() for _ in range(3)]

    def grow(n):
        mine = bulk_models(
            {"organizations": [hub], "release_date": datetime.date(2015 + i % 9, 1, 1)}
            for i in range(n)
        )
        theirs = bulk_models({"organizations": [others[i % 3]]} for i in range(n))
        bulk_links(
            (b, a, None) if i % 2 else (a, b, None)
            for i, (a, b) in enumerate(zip(mine, theirs, strict=True))
        )

    grow(3)
    small = queries_for(client, hub.get_absolute_url(), django_assert_max_num_queries)
    grow(200)
    large = queries_for(client, hub.get_absolute_url(), django_assert_max_num_queries)
    assert large == small
