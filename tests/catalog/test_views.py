"""The minimal public pages: content, JSON, 404s and bounded query counts."""

import datetime
import itertools
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import LanguageModel
from tests.factories import (
    bulk_links,
    bulk_models,
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
)

pytestmark = pytest.mark.django_db


def make_catalog(n: int):
    """n models with organisations, licence, data, papers and a chain of parents (bulk)."""
    orgs = [make_org() for _ in range(3)]
    lic = make_license()
    data = make_dataset()
    paper = make_paper()
    models = bulk_models(
        {
            "organizations": orgs[: 1 + i % 3],
            "license": lic,
            "datasets": [data],
            "papers": [paper],
            "release_date": datetime.date(2018 + i % 6, 1 + i % 12, 1),
        }
        for i in range(n)
    )
    bulk_links((child, parent, None) for parent, child in itertools.pairwise(models))
    return models


def count_queries(client, url, django_assert_max_num_queries, limit):
    """Queries of one request, counted as a fresh process would run them: the content types
    that citations are found by are cached per process after their first lookup."""
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("url_for", "budget"),
    [
        (lambda models: reverse("catalog:home"), 16),
        (lambda models: reverse("catalog:model_list"), 24),  # fifteen facets
        (lambda models: reverse("catalog:model_list") + "?format=json", 16),
        (lambda models: models[len(models) // 2].get_absolute_url(), 18),
    ],
    ids=["home", "model list", "model list json", "model page"],
)
def test_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, url_for, budget):
    models = make_catalog(5)
    small = count_queries(client, url_for(models), django_assert_max_num_queries, budget)
    models += make_catalog(200)[1:]
    large = count_queries(client, url_for(models), django_assert_max_num_queries, budget)
    assert large == small


def test_home_shows_counts(client):
    make_catalog(3)
    page = client.get(reverse("catalog:home")).content.decode()
    assert "<strong>3</strong> models" in page
    assert "<strong>2</strong> lineage links" in page


def test_model_list_shows_every_model_newest_first(client):
    old = make_model(name="Old One", release_date=datetime.date(2018, 6, 1))
    new = make_model(name="New One", release_date=datetime.date(2023, 3, 1))
    page = client.get(reverse("catalog:model_list")).content.decode()
    assert page.index(new.name) < page.index(old.name)


def test_model_list_json_carries_the_interchange_fields(client):
    models = make_catalog(3)
    response = client.get(reverse("catalog:model_list"), {"format": "json"})
    body = json.loads(b"".join(response.streaming_content))
    assert body["count"] == 3 == len(body["results"])
    row = next(r for r in body["results"] if r["slug"] == models[1].slug)
    assert row["parents"] == [
        {
            "model": models[0].slug,
            "relation": "fine-tuned-from",
            "note": "",
            "source_url": "",
            "source_note": "",
        }
    ]
    assert row["license"] == models[1].license.slug
    assert row["organizations"] == sorted(o.slug for o in models[1].organizations.all())
    expected_keys = {
        "slug",
        "name",
        "branch",
        "organizations",
        "access",
        "release_date",
        "parameters_billions",
        "license",
        "datasets",
        "papers",
        "parents",
    }
    assert expected_keys <= set(row)


def test_model_page_shows_facts_lineage_and_sources(client):
    base = make_model(name="Base LM")
    org = make_org(name="Lab of Tests")
    tuned = make_model(
        name="Tuned LM",
        organizations=[org],
        parameters_billions=6.7,
        license=make_license(name="Non-commercial", commercial_use="no"),
        source_url="https://example.org/tuned",
        source_note="Date from the blog post.",
    )
    link(tuned, base, relation="instruction-tuned-from", note="on chat data")
    child = make_model(name="Chat LM")
    link(child, tuned, relation="aligned-from")
    page = client.get(tuned.get_absolute_url()).content.decode()
    for text in (
        "Lab of Tests",
        "6.7B",
        "Non-commercial",
        "No commercial use",
        "Instruction-tuned from",
        "Base LM",
        "on chat data",
        "Chat LM",
        "aligned (RLHF / chat) from",
        "https://example.org/tuned",
        "Date from the blog post.",
    ):
        assert text in page, text


def test_unknown_model_is_404(client):
    assert client.get("/models/no-such-model/").status_code == 404


def test_text_is_escaped(client):
    model = make_model(name="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    page = client.get(model.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_model_list_counts_match_the_database(client):
    make_catalog(7)
    page = client.get(reverse("catalog:model_list")).content.decode()
    assert f"{LanguageModel.objects.count()} models" in page
