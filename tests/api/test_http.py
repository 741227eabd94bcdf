"""HTTP manners: conditional GET, Cache-Control, CORS, throttling, read-only methods."""

import datetime

import pytest
from django.utils.http import http_date

from catalog.models import LanguageModel
from tests.factories import make_model, make_org

from .helpers import get_json

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/",
    "/api/models/?branch=decoder-only",
    "/api/models/llama/",
    "/api/models/llama/lineage/",
    "/api/organizations/",
    "/api/licenses/",
    "/api/datasets/",
    "/api/papers/",
    "/api/tasks/",
    "/api/guidelines/",
    "/api/decision-flow/",
    "/api/schema/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_validators_and_cache_control(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    assert again["Cache-Control"] == "public, max-age=60"
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_each_url_has_its_own_etag(client, seeded):
    etags = {client.get(url)["ETag"] for url in ENDPOINTS}
    assert len(etags) == len(ENDPOINTS)
    assert client.get("/api/models/?page=2")["ETag"] != client.get("/api/models/")["ETag"]


def test_the_order_of_parameters_does_not_matter(client, seeded):
    one = client.get("/api/models/?branch=decoder-only&access=open")["ETag"]
    assert client.get("/api/models/?access=open&branch=decoder-only")["ETag"] == one


def test_an_edit_changes_the_etag_and_a_stale_one_gets_the_new_rows(client, seeded):
    first = client.get("/api/models/llama/")
    LanguageModel.objects.filter(slug="llama").update(
        name="LLaMA 1", updated_at=datetime.datetime.now(datetime.UTC)
    )
    second = client.get("/api/models/llama/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["name"] == "LLaMA 1"
    assert second["ETag"] != first["ETag"]


def test_a_deletion_moves_the_validators_too(client, db):
    """Deleting stamps nothing; the row counts and the first-seen time still move."""
    make_model(slug="kept")
    gone = make_model(slug="gone")
    first = client.get("/api/models/")
    assert first.json()["count"] == 2
    gone.delete()
    second = client.get("/api/models/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["count"] == 1
    assert second["Last-Modified"] >= first["Last-Modified"]


def test_unlinking_changes_the_etag(client, db):
    """Link tables have no stamps: their counts and ids count."""
    model = make_model(slug="m", organizations=[make_org(slug="a"), make_org(slug="b")])
    first = client.get("/api/models/m/")["ETag"]
    model.organizations.remove(model.organizations.get(slug="b"))
    response = client.get("/api/models/m/", HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200
    assert response.json()["organizations"] == ["a"]


def test_an_old_if_modified_since_gets_the_rows(client, seeded):
    long_ago = http_date(datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert client.get("/api/papers/", HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_the_etag_wins_over_the_date(client, seeded):
    response = client.get("/api/datasets/")
    stale = client.get(
        "/api/datasets/",
        HTTP_IF_NONE_MATCH='W/"something-else"',
        HTTP_IF_MODIFIED_SINCE=response["Last-Modified"],
    )
    assert stale.status_code == 200


def test_errors_carry_no_validators(client, seeded):
    response = client.get("/api/models/?branch=nope")
    assert response.status_code == 400
    assert "ETag" not in response
    assert "Cache-Control" not in response


def test_head_has_the_headers_and_no_body(client, seeded):
    response = client.head("/api/models/")
    assert response.status_code == 200
    assert response["ETag"]
    assert response.content == b""


# --- Methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_answer_405(client, seeded, url, method):
    count = LanguageModel.objects.count()
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "not allowed" in response.json()["detail"]
    assert LanguageModel.objects.count() == count


# --- CORS ------------------------------------------------------------------------------------


def test_any_origin_may_read(client, seeded):
    response = client.get("/api/models/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_get_only(client, db):
    response = client.options(
        "/api/models/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_pages_are_not_cors_enabled(client, db):
    response = client.get("/models/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


# --- Throttling ------------------------------------------------------------------------------


def test_anonymous_throttling_answers_429_with_retry_after(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": "3/minute", "anon-sustained": "100/hour"},
    }
    for _ in range(3):
        assert client.get("/api/").status_code == 200
    response = client.get("/api/models/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]
    other = client.get("/api/", REMOTE_ADDR="10.1.2.3")  # another client is not held back
    assert other.status_code == 200


def test_the_sustained_rate_holds_too(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": "100/minute", "anon-sustained": "2/hour"},
    }
    client.get("/api/")
    client.get("/api/")
    response = client.get("/api/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 60


# --- Shape -----------------------------------------------------------------------------------


def test_root_lists_absolute_links(client, db):
    links = get_json(client, "/api/")
    assert links["models"] == "http://testserver/api/models/"
    assert links["docs"] == "http://testserver/api/docs/"
    assert set(links) == {
        "models",
        "organizations",
        "licenses",
        "datasets",
        "papers",
        "benchmarks",
        "tasks",
        "guidelines",
        "decision_flow",
        "schema",
        "docs",
        "license",
    }
    assert links["license"]["id"] == "CC-BY-4.0"
    assert links["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
