"""The SQL behind /models/ facets and pages gives what the plain queries give: the modality
condition each database uses, and the page's keys found by the facet statement."""

import datetime
import itertools
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.filters import ModelFilterSet, reads
from catalog.models import LanguageModel, Modality
from tests.factories import bulk_models

pytestmark = pytest.mark.django_db


def test_the_modality_condition_finds_exactly_the_models_reading_it():
    """Every subset of the modalities, in both orders: the database's condition (JSON
    containment on PostgreSQL, the quoted word on SQLite) agrees with the list itself."""
    subsets = [
        list(subset)
        for size in range(len(Modality.values) + 1)
        for subset in itertools.combinations(Modality.values, size)
    ]
    lists = subsets + [subset[::-1] for subset in subsets if len(subset) > 1]
    models = bulk_models({"input_modalities": modalities} for modalities in lists)
    for modality in Modality.values:
        expected = {m.pk for m in models if modality in m.input_modalities}
        found = set(LanguageModel.objects.filter(reads(modality)).values_list("pk", flat=True))
        assert found == expected, modality
        assert 0 < len(found) < len(models)


# --- the page's keys, found by the facet statement ------------------------------------------

URL = reverse("catalog:model_list")
KEYS_QUERY = 'SELECT "catalog_languagemodel"."id" AS "pk" FROM'  # the paginator's own


@pytest.fixture
def world(db):
    """120 models with tied release dates, missing sizes and (when searching for "model") three
    levels of rank: the word in the name, twice in the summary, or once in the summary."""
    return bulk_models(
        {
            "name": f"Model {i:03d}" if i % 3 == 0 else f"Falcon {i:03d}",
            "summary": "A model." if i % 3 == 1 else "A model, the model.",
            "release_date": datetime.date(2020 + i % 4, 1 + i % 2, 1),
            "parameters_billions": None if i % 5 == 0 else float(i % 7),
        }
        for i in range(120)
    )


@pytest.mark.parametrize(
    "params",
    [
        {"q": "model"},
        {"q": "model", "sort": "-parameters"},
        {"q": "model", "sort": "parameters"},
        {"q": "model", "sort": "-name"},
        {"q": "model", "sort": "release_date"},
        {"q": "falcon", "year_min": "2021"},  # a grouped facet's filter: it gets its own query
        {"q": "model", "branch": "decoder-only", "year_min": "2021", "year_max": "2022"},
    ],
)
def test_each_page_of_a_search_lists_the_rows_of_the_ordered_queryset(client, world, params):
    """Every page of a search, in every sort: the keys the facet statement found are the
    page's rows, in order, and the paginator runs no sorted query (no second search)."""
    expected = list(
        ModelFilterSet(QueryDict(urlencode(params))).ordered().values_list("slug", flat=True)
    )
    assert len(expected) > 50
    listed = []
    for page in range(1, (len(expected) - 1) // 50 + 2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params | {"page": page})
        assert response.status_code == 200
        listed += [m.slug for m in response.context["models"]]
        assert not [q for q in captured if q["sql"].startswith(KEYS_QUERY)]
    assert listed == expected


@pytest.mark.parametrize("params", [{}, {"sort": "-parameters"}, {"branch": "decoder-only"}])
def test_without_a_search_the_paginator_finds_the_keys_itself(client, world, params):
    """Its sorted query walks an index; sorting every row in the facet statement costs more."""
    expected = list(
        ModelFilterSet(QueryDict(urlencode(params))).ordered().values_list("slug", flat=True)
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params | {"page": 2})
    assert [m.slug for m in response.context["models"]] == expected[50:100]
    assert len([q for q in captured if q["sql"].startswith(KEYS_QUERY)]) == 1


def test_a_page_past_the_last_falls_back_to_its_own_query(client, world):
    """The facet statement looked for page 9; the view shows the last page instead, whose
    keys it then finds with the paginator's own query."""
    params = {"q": "model"}
    expected = list(ModelFilterSet(QueryDict("q=model")).ordered().values_list("slug", flat=True))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params | {"page": 9})
    assert "showing the last page (3)" in response.content.decode()
    assert [m.slug for m in response.context["models"]] == expected[100:]
    assert len([q for q in captured if q["sql"].startswith(KEYS_QUERY)]) == 1


@pytest.mark.parametrize("page", [str(2**31 // 50 + 2), str(2**62), "9" * 400])
def test_a_page_number_past_any_database_integer_shows_the_last_page(client, world, page):
    response = client.get(URL, {"page": page, "q": "model"})
    assert response.status_code == 200
    assert "showing the last page (3)" in response.content.decode()
    assert len(response.context["models"]) == 20
