"""Bad input answers 400 with a JSON body naming the parameter; never a 500.

The pages ignore what they do not understand and say so; the API refuses it, using the
same FilterSets' judgement of what is unknown or malformed.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import LanguageModel

from .helpers import get_json

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/models/",
    "/api/organizations/",
    "/api/licenses/",
    "/api/datasets/",
    "/api/papers/",
    "/api/tasks/",
    "/api/guidelines/",
]


def errors(client, url, params) -> dict:
    body = get_json(client, url, params, status=400)
    assert body["detail"]
    return body["errors"]


@pytest.mark.parametrize(
    ("url", "params", "param", "words"),
    [
        ("/api/models/", {"branch": "decoder-only&x"}, "branch", "Unknown value"),
        ("/api/models/", {"org": "no-such-org"}, "org", "no-such-org"),
        ("/api/models/", {"license": "nope"}, "license", "nope"),
        ("/api/models/", {"dataset": "nope"}, "dataset", "nope"),
        ("/api/models/", {"commercial": "maybe"}, "commercial", "yes, no, conditional"),
        ("/api/models/", {"access": "ajar"}, "access", "valid choice"),
        ("/api/models/", {"sort": "size"}, "sort", "valid choice"),
        ("/api/organizations/", {"kind": "guild"}, "kind", "guild"),
        ("/api/organizations/", {"country": "ZZ"}, "country", "ZZ"),
        ("/api/licenses/", {"commercial": "free"}, "commercial", "free"),
        ("/api/datasets/", {"access": "secret"}, "access", "secret"),
        ("/api/papers/", {"topic": "nope"}, "topic", "nope"),
        ("/api/tasks/", {"category": "nope"}, "category", "nope"),
        ("/api/tasks/", {"verdict": "use-magic"}, "verdict", "use-magic"),
        ("/api/guidelines/", {"verdict": "use-magic"}, "verdict", "use-magic"),
        ("/api/models/llama/lineage/", {"relation": "cousin-of"}, "relation", "cousin-of"),
    ],
)
def test_unknown_values(client, seeded, url, params, param, words):
    problems = errors(client, url, params)
    assert list(problems) == [param]
    assert words in " ".join(problems[param])


@pytest.mark.parametrize(
    ("url", "params", "param"),
    [
        ("/api/models/", {"year_min": "abc"}, "year_min"),
        ("/api/models/", {"year_max": "2020.0"}, "year_max"),
        ("/api/models/", {"year_min": " 2020"}, "year_min"),
        ("/api/models/", {"year_min": "-5"}, "year_min"),
        ("/api/models/", {"year_min": "1899"}, "year_min"),
        ("/api/models/", {"year_max": "9" * 5000}, "year_max"),
        ("/api/papers/", {"year_min": "twenty"}, "year_min"),
        ("/api/models/", {"page": "two"}, "page"),
        ("/api/models/", {"page": "0"}, "page"),
        ("/api/models/", {"page": "1e3"}, "page"),
        ("/api/models/", {"page_size": "0"}, "page_size"),
        ("/api/models/llama/lineage/", {"depth": "0"}, "depth"),
        ("/api/models/llama/lineage/", {"depth": "deep"}, "depth"),
    ],
)
def test_malformed_numbers(client, seeded, url, params, param):
    assert list(errors(client, url, params)) == [param]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "100001"},
        {"page": "9" * 5000},
        {"page_size": "101"},
        {"page_size": "1000000"},
    ],
)
def test_huge_pages(client, seeded, params):
    (param,) = params
    assert list(errors(client, "/api/models/", params)) == [param]


def test_a_page_past_the_last_is_a_404_naming_page(client, seeded):
    last = -(-LanguageModel.objects.published().count() // 50)  # 50 to a page
    body = get_json(client, "/api/models/", {"page": str(last + 1)}, status=404)
    message = f"Page {last + 1} does not exist: the last page is {last}."
    assert body["errors"] == {"page": [message]}
    assert get_json(client, "/api/models/", {"page": str(last)})["results"]


def test_an_empty_list_has_a_first_page(client, db):
    assert get_json(client, "/api/models/") == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_reversed_year_range(client, seeded):
    problems = errors(client, "/api/models/", {"year_min": "2023", "year_max": "2019"})
    assert problems == {"year_min": ["year_min (2023) is after year_max (2019)."]}


@pytest.mark.parametrize("url", LISTS)
def test_unknown_parameters(client, seeded, url):
    problems = errors(client, url, {"format": "csv", "orgs": "meta"})
    assert set(problems) == {"format", "orgs"}
    assert "Unknown parameter" in problems["orgs"][0]


@pytest.mark.parametrize("url", ["/api/", "/api/models/llama/", "/api/decision-flow/"])
def test_endpoints_without_parameters_take_none(client, seeded, url):
    assert list(errors(client, url, {"page": "1"})) == ["page"]


def test_single_values_given_twice(client, seeded):
    problems = errors(client, "/api/models/?access=open&access=closed&branch=encoder-only", None)
    assert list(problems) == ["access"]


def test_empty_values(client, seeded):
    problems = errors(client, "/api/models/?access=&year_min=&branch=&q=", None)
    assert set(problems) == {"access", "year_min", "branch"}  # an empty search is no search


def test_long_and_nul_searches(client, seeded):
    assert list(errors(client, "/api/models/", {"q": "x" * 201})) == ["q"]
    assert list(errors(client, "/api/models/", {"q": " " * 150 + "x" * 60})) == ["q"]
    assert list(errors(client, "/api/papers/", {"q": "a\x00b"})) == ["q"]
    assert list(errors(client, "/api/tasks/", {"q": "y" * 201})) == ["q"]


def test_every_problem_is_reported_at_once(client, seeded):
    problems = errors(
        client,
        "/api/models/",
        {"branch": "nope", "year_min": "abc", "year_max": "3000", "org": ["x", "meta"]},
    )
    assert set(problems) == {"branch", "year_min", "year_max", "org"}


def test_unknown_model_slugs(client, seeded):
    for url in ("/api/models/gpt-9/", "/api/models/gpt-9/lineage/", "/api/models/GPT%00/"):
        body = get_json(client, url, status=404)
        assert "slug" in body["detail"]


def test_unknown_paths_are_json_404s(client, db):
    for url in ("/api/nothing/", "/api/models/a/b/", "/api/nothing"):
        response = client.get(url, follow=True)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


QUERY_KEYS = st.sampled_from(
    ["q", "branch", "org", "access", "year_min", "year_max", "license", "commercial"]
    + ["dataset", "sort", "page", "page_size", "kind", "topic", "verdict", "x"]
)
QUERY_VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["open", "decoder-only", "meta", "2020", "-name", "1", "\x00", ""]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=5), url=st.sampled_from(LISTS))
def test_no_query_string_gives_a_server_error(client, seeded, query, url):
    response = client.get(url, [*query] and _encode(query))
    assert response.status_code in (200, 400, 404), response.content[:300]
    body = response.json()
    if response.status_code == 400:
        assert set(body["errors"]) <= {key for key, _ in query}


def _encode(pairs):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(key, value)
    return query
