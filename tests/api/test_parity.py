"""The API and the pages give the same rows, in the same order, for the same filters.

Each list endpoint runs its page's FilterSet: these compare the page's rows (every page of
them) with the API's over the seed data, for a spread of filters on each.
"""

import json

import pytest
from django.urls import reverse

from .helpers import all_pages

pytestmark = pytest.mark.django_db


def page_rows(client, url, params, name) -> list:
    """The objects a browse page lists, over all its pages."""
    rows, number = [], 1
    while True:
        response = client.get(url, {**params, "page": number})
        assert response.status_code == 200
        assert not response.context.get("notices"), response.context["notices"]
        rows += list(response.context[name])
        if not response.context["page_obj"].has_next():
            return rows
        number += 1


MODEL_FILTERS = [
    {},
    {"branch": ["decoder-only"], "access": "open"},
    {"org": ["google", "meta"], "sort": "name"},
    {"year_min": "2020", "year_max": "2022", "commercial": ["yes"]},
    {"q": "instruction"},
    {"dataset": ["c4"], "sort": "-parameters"},
    {"license": ["apache-2-0", "mit"], "sort": "release_date"},
]


@pytest.mark.parametrize("params", MODEL_FILTERS)
def test_models(client, seeded, params):
    page = [m.slug for m in page_rows(client, reverse("catalog:model_list"), params, "models")]
    api = [m["slug"] for m in all_pages(client, "/api/models/", params)]
    assert api == page
    assert page or not params  # the filters were chosen to match something


@pytest.mark.parametrize("params", MODEL_FILTERS[:3])
def test_model_rows_are_the_json_export(client, seeded, params):
    """The API's model records are exactly the rows of /models/?format=json."""
    export = client.get(reverse("catalog:model_list"), {**params, "format": "json"})
    rows = json.loads(b"".join(export.streaming_content))["results"]
    assert all_pages(client, "/api/models/", params) == rows


@pytest.mark.parametrize(
    "params", [{}, {"kind": ["company"]}, {"country": ["US", "CN"], "sort": "-models"}]
)
def test_organizations(client, seeded, params):
    url = reverse("catalog:organization_list")
    page = [o.slug for o in page_rows(client, url, params, "organizations")]
    api = [o["slug"] for o in all_pages(client, "/api/organizations/", params)]
    assert api == page
    assert page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"commercial": ["no"]},
        {"branch": ["encoder-decoder", "decoder-only"], "commercial": ["yes", "conditional"]},
    ],
)
def test_licenses(client, seeded, params):
    """/licenses/ lists models with their terms; the API, their licences with those models."""
    models = page_rows(client, reverse("catalog:license_list"), params, "models")
    api = all_pages(client, "/api/licenses/", params)
    assert {m.slug for m in models} == {slug for lic in api for slug in lic["models"]}
    assert {m.license.slug for m in models} == {lic["slug"] for lic in api}
    for lic in api:
        assert lic["models"] == sorted(m.slug for m in models if m.license.slug == lic["slug"])
    assert models


@pytest.mark.parametrize("params", [{}, {"access": ["public"]}, {"q": "web", "sort": "-models"}])
def test_datasets(client, seeded, params):
    page = [d.slug for d in page_rows(client, reverse("catalog:dataset_list"), params, "datasets")]
    api = [d["slug"] for d in all_pages(client, "/api/datasets/", params)]
    assert api == page
    assert page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"topic": ["alignment"]},
        {"year_min": "2021", "year_max": "2022", "sort": "title"},
        {"q": "language models"},
    ],
)
def test_papers(client, seeded, params):
    page = [p.slug for p in page_rows(client, reverse("catalog:paper_list"), params, "papers")]
    api = [p["slug"] for p in all_pages(client, "/api/papers/", params)]
    assert api == page
    assert page


TASK_FILTERS = [
    {},
    {"verdict": ["use-fine-tuned"]},
    {"category": ["traditional-nlu"], "q": "entity"},
    {"verdict": ["use-llm", "depends"], "category": ["generation", "real-world"]},
]


@pytest.mark.parametrize("params", TASK_FILTERS)
def test_tasks_and_their_guidelines(client, seeded, params):
    tasks = page_rows(client, reverse("guidance:task_list"), params, "tasks")
    api = all_pages(client, "/api/tasks/", params)
    assert [t["slug"] for t in api] == [t.slug for t in tasks]
    assert [t["guidelines"] for t in api] == [[g.slug for g in t.matrix_guidelines] for t in tasks]
    assert tasks


@pytest.mark.parametrize("params", TASK_FILTERS)
def test_guidelines_are_those_of_the_task_matrix(client, seeded, params):
    tasks = page_rows(client, reverse("guidance:task_list"), params, "tasks")
    api = all_pages(client, "/api/guidelines/", params)
    assert [g["slug"] for g in api] == [g.slug for t in tasks for g in t.matrix_guidelines]
    assert api
