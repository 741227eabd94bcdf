"""/datasets/ and /datasets/<slug>/: access filter, search, model counts, sort, exports."""

import datetime
import random
from collections import Counter

import pytest
from django.urls import reverse

from catalog.models import Dataset
from tests.catalog.downloads import csv_rows, json_results, queries_for
from tests.factories import bulk_models, make_dataset, make_model, new_dataset
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:dataset_list")
WORDS = ["web", "code", "books", "news", "science", "dialogue"]


@built_once
def world():
    """20 datasets with two description words each and 80 models trained on 0-3 of them."""
    rng = random.Random(3)
    datasets, facts = [], {}
    for i in range(20):
        words = rng.sample(WORDS, 2)
        dataset = new_dataset(
            name=f"{'Cc'[i % 2]}orpus {i:02d}",
            slug=f"corpus-{i:02d}",
            access=rng.choice(["public", "restricted", "unknown"]),
            description=f"Mostly {words[0]} text, some {words[1]}.",
        )
        datasets.append(dataset)
        facts[dataset.slug] = {
            "slug": dataset.slug,
            "name": dataset.name,
            "access": dataset.access,
            "text": f"{dataset.name} {dataset.description}".lower(),
            "models": 0,
        }
    Dataset.objects.bulk_create(datasets)
    specs = []
    for _ in range(80):
        used = rng.sample(datasets, rng.randint(0, 3))
        specs.append({"datasets": used})
        for dataset in used:
            facts[dataset.slug]["models"] += 1
    bulk_models(specs)
    return list(facts.values())


CASES = {
    "all": ({}, lambda d: True),
    "access": ({"access": ["public", "unknown"]}, lambda d: d["access"] in {"public", "unknown"}),
    "one word": ({"q": "Code"}, lambda d: "code" in d["text"]),
    "every word": ({"q": "web  books"}, lambda d: "web" in d["text"] and "books" in d["text"]),
    "name": ({"q": "orpus 07"}, lambda d: "orpus 07" in d["text"]),
    "both": (
        {"q": "science", "access": "restricted"},
        lambda d: "science" in d["text"] and d["access"] == "restricted",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_filters_match_python(client, world, case):
    params, keep = case
    expected = [d["slug"] for d in sorted(world, key=lambda d: d["name"].lower()) if keep(d)]
    assert [r["slug"] for r in json_results(client, URL, params)] == expected
    assert [r["slug"] for r in csv_rows(client, URL, params)] == expected
    response = client.get(URL, params)
    assert [d.slug for d in response.context["datasets"]] == expected


def test_model_counts_and_sort_by_them(client, world):
    rows = json_results(client, URL, {"sort": "-models"})
    by_name = sorted(world, key=lambda d: d["name"].lower())
    expected = sorted(by_name, key=lambda d: -d["models"])
    assert [(r["slug"], r["models"]) for r in rows] == [(d["slug"], d["models"]) for d in expected]
    rows = json_results(client, URL, {"sort": "models"})
    expected = sorted(by_name, key=lambda d: d["models"])
    assert [r["slug"] for r in rows] == [d["slug"] for d in expected]


def test_access_facet_counts_under_the_search(client, world):
    response = client.get(URL, {"q": "web", "access": "public"})
    [facet] = response.context["facets"]
    counts = Counter(d["access"] for d in world if "web" in d["text"])
    assert {o.value: (o.count, o.selected) for o in facet.options} == {
        a: (n, a == "public") for a, n in counts.items()
    }


def test_bad_input_is_reported(client, world):
    response = client.get(URL, {"access": "secret", "q": "x" * 10_000, "sort": "\x00"})
    assert response.status_code == 200
    notices = " ".join(response.context["notices"])
    assert "access=“secret”" in notices
    assert "searches are limited to 200 characters" in notices
    assert "sort=“\\0”" in notices
    assert response.context["total"] == len(world)


def test_detail_lists_the_models_trained_on_it(client):
    data = make_dataset(name="The Pile", description="Diverse English text.", access="public")
    older = make_model(name="GPT-Neo", datasets=[data], release_date=datetime.date(2021, 3, 1))
    newer = make_model(name="Pythia", datasets=[data], release_date=datetime.date(2023, 2, 1))
    make_model(name="Unrelated")
    response = client.get(data.get_absolute_url())
    assert [m.name for m in response.context["models"]] == [older.name, newer.name]
    page = response.content.decode()
    assert "Diverse English text." in page
    assert "Unrelated" not in page
    assert "<title>The Pile · Training data · LLM Atlas</title>" in page
    assert f'href="/models/?dataset={data.slug}"' in page


def test_unknown_dataset_is_404(client):
    assert client.get("/datasets/nothing-here/").status_code == 404


def make_many(n):
    datasets = Dataset.objects.bulk_create(
        [new_dataset(access=["public", "restricted"][i % 2]) for i in range(n)]
    )
    bulk_models({"datasets": datasets[i : i + 3]} for i in range(n))
    return datasets[0]


@pytest.mark.parametrize("query", ["", "?sort=-models&access=public", "?q=data", "?format=json"])
def test_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, query):
    make_many(5)
    small = queries_for(client, URL + query, django_assert_max_num_queries)
    make_many(250)
    large = queries_for(client, URL + query, django_assert_max_num_queries)
    assert large == small


def test_detail_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    data = make_dataset()
    for _ in range(3):
        make_model(datasets=[data])
    small = queries_for(client, data.get_absolute_url(), django_assert_max_num_queries)
    bulk_models({"datasets": [data]} for _ in range(200))
    large = queries_for(client, data.get_absolute_url(), django_assert_max_num_queries)
    assert large == small
