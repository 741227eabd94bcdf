"""What keeps /models/ fast: facets in a fixed number of queries, PostgreSQL search from the
stored vector (kept right by triggers on every write path), bounded search on SQLite."""

import datetime
import json
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.filters import ModelFilterSet
from catalog.models import Dataset, Family, LanguageModel, License, Organization
from catalog.search import MAX_SEARCH_WORDS, MAX_WORD_LENGTH, search_words
from tests.catalog.test_interchange import small_doc
from tests.factories import bulk_models, make_model, make_org, new_dataset, new_license, new_org

pytestmark = pytest.mark.django_db

URL = reverse("catalog:model_list")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored search vector is filled on PostgreSQL only; SQLite searches the columns",
)


def build_world(n):
    """`n` models, each with its own licence, family, organisation and dataset."""
    licences = License.objects.bulk_create([new_license() for _ in range(n)])
    datasets = Dataset.objects.bulk_create([new_dataset() for _ in range(n)])
    orgs = Organization.objects.bulk_create([new_org() for _ in range(n)])
    families = Family.objects.bulk_create(
        [Family(name=f"Family {n}-{i}", slug=f"family-{n}-{i}") for i in range(n)]
    )
    bulk_models(
        {
            "license": licences[i],
            "family": families[i],
            "organizations": [orgs[i]],
            "datasets": [datasets[i]],
            "input_modalities": ["text", "image"][: 1 + i % 2],
            "release_date": datetime.date(2015 + i % 10, 1, 1),
        }
        for i in range(n)
    )


def facet_queries(params) -> int:
    filterset = ModelFilterSet(QueryDict(urlencode(params)))
    filterset.active  # noqa: B018 - validate and load the labels before counting
    with CaptureQueriesContext(connection) as captured:
        facets = filterset.facets()
    assert {facet.name for facet in facets} >= {"branch", "org", "year", "input_modality"}
    return len(captured)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Fixed-choice facets together (the inherited restriction is a stored column now);
        # org, dataset, licence, family and year together.
        ({}, 3),  # the whole catalog: over indexes, and the licences of its models
        ({"q": "model"}, 2),
        ({"q": "model", "org": "ORG"}, 3),  # one more per filter on a grouped facet
        ({"branch": "decoder-only", "access": "open"}, 4),  # one more per fixed-choice filter
        ({"year_min": "2018", "weights": "gated", "inherited_restriction": "no"}, 5),
    ],
)
def test_facets_take_a_fixed_number_of_queries(params, expected):
    build_world(40)
    if params.get("org") == "ORG":  # a published organisation's slug
        params = params | {"org": Organization.objects.order_by("pk").first().slug}
    assert facet_queries(params) == expected


def test_the_model_list_with_facets_costs_the_same_for_many_rows(
    client, django_assert_max_num_queries
):
    params = {"branch": "decoder-only", "year_min": "2016", "input_modality": "image"}

    def count(n):
        build_world(n)
        with django_assert_max_num_queries(18) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured.captured_queries)

    assert count(4) == count(200)


# --- the stored search vector (PostgreSQL) ---------------------------------------------------


def found(word) -> set[str]:
    query = SearchQuery(word, config="simple")
    return set(LanguageModel.objects.filter(search_vector=query).values_list("slug", flat=True))


@on_postgresql
def test_the_vector_follows_the_model_and_its_organisations():
    acme = make_org(name="Acme Labs")
    model = make_model(name="Falcon", slug="falcon", organizations=[acme], summary="Fast birds.")
    assert found("falcon") == found("acme") == found("birds") == {"falcon"}

    model.name, model.aliases, model.summary = "Osprey", ["Seahawk"], "Slow fish."
    model.save()
    assert found("falcon") == found("birds") == set()
    assert found("osprey") == found("seahawk") == found("fish") == {"falcon"}

    acme.name = "Zenith Works"
    acme.save()
    assert found("acme") == set()
    assert found("zenith") == {"falcon"}

    acme.status = "draft"  # an unpublished organisation's name finds nothing
    acme.save()
    assert found("zenith") == set()

    other = make_org(name="Quasar")
    model.organizations.set([other])
    assert found("quasar") == {"falcon"}
    model.organizations.clear()
    assert found("quasar") == set()


@on_postgresql
def test_the_vector_is_filled_by_the_bulk_import(tmp_path):
    path = tmp_path / "atlas.json"
    doc = small_doc()
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_atlas", str(path), stdout=StringIO())
    assert found("acme") == {"base", "tuned"}
    assert found("university") == {"tuned", "chat"}

    doc["organizations"][0]["name"] = "Zenith Works"
    doc["models"][2]["name"] = "Parrot"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_atlas", str(path), stdout=StringIO())
    assert found("acme") == found("chat") == set()
    assert found("zenith") == {"base", "tuned"}
    assert found("parrot") == {"chat"}


@on_postgresql
def test_search_ranks_names_before_summaries(client):
    make_model(name="Other", slug="other", summary="Mentions heron once.")
    make_model(name="Heron", slug="heron")
    models = client.get(URL, {"q": "heron"}).context["models"]
    assert [m.slug for m in models] == ["heron", "other"]


# --- bounded search (every database; SQLite has no index for it) ----------------------------


def test_search_words_are_bounded():
    words = search_words(" ".join(f"{'w' * 80}{i}" for i in range(40)))
    assert len(words) == MAX_SEARCH_WORDS
    assert all(len(word) == MAX_WORD_LENGTH for word in words)
    assert search_words("  two   words ") == ["two", "words"]


def test_a_query_of_many_words_searches_the_first_ones(client):
    make_model(name="Alpha", slug="alpha", summary=" ".join(f"w{i}" for i in range(10)))
    make_model(name="Beta", slug="beta")
    many = " ".join(f"w{i}" for i in range(30))  # words after the tenth are not searched
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": many, "format": "json"})
    assert response.status_code == 200
    rows = json.loads(b"".join(response.streaming_content))["results"]
    assert [row["slug"] for row in rows] == ["alpha"]
    assert not any("w10" in query["sql"] for query in captured)


def test_a_very_long_search_is_cut_and_answers(client):
    make_model(name="Alpha", slug="alpha")
    response = client.get(reverse("atlas:search"), {"q": "alpha " + "x" * 5000})
    assert response.status_code == 200
    assert "limited to 200 characters" in response.content.decode()
