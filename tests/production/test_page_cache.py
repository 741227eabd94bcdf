"""The page cache (config/page_cache.py): anonymous public pages and API answers are kept,
keyed by the URL and the atlas state, so that an edit changes every key at once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from catalog.models import LanguageModel
from config.page_cache import GENERATION_KEY, cacheable_response, new_generation
from editorial.models import EditorPreference
from tests.factories import make_model

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_then_served_from_the_cache(client, django_assert_num_queries):
    model = make_model(name="Cached Model")
    url = model.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the atlas state, nothing else
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in again  # added on every answer, cached or not


def test_an_edit_is_seen_at_once(client):
    model = make_model(name="Before Edit")
    url = model.get_absolute_url()
    assert b"Before Edit" in client.get(url).content
    model.name = "After Edit"
    model.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"After Edit" in response.content


def test_a_deletion_is_seen_at_once(client):
    keep, gone = make_model(name="Kept Model"), make_model(name="Gone Model")
    assert b"Gone Model" in client.get("/models/").content
    LanguageModel.objects.filter(pk=gone.pk).delete()
    response = client.get("/models/")
    assert b"Gone Model" not in response.content
    assert keep.name.encode() in response.content


def test_a_write_that_bypasses_the_models_is_seen_at_once(client):
    """QuerySet.update() and plain SQL send no signal; the state's triggers still move."""
    model = make_model(name="Quiet Model")
    url = model.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    LanguageModel.objects.filter(pk=model.pk).update(name="Renamed Quietly")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Renamed Quietly" in response.content


def test_a_new_generation_is_a_miss(client):
    """An account's change moves the generation (no trigger watches accounts): pages kept in
    the generation before are not served."""
    make_model(name="Some Model")
    assert client.get("/models/")["X-Page-Cache"] == "miss"
    assert client.get("/models/")["X-Page-Cache"] == "hit"
    new_generation()
    assert client.get("/models/")["X-Page-Cache"] == "miss"
    assert client.get("/models/")["X-Page-Cache"] == "hit"


def test_the_query_string_is_keyed_in_a_canonical_order(client):
    make_model(name="Some Model")
    assert client.get("/models/?sort=name&access=open")["X-Page-Cache"] == "miss"
    assert client.get("/models/?access=open&sort=name")["X-Page-Cache"] == "hit"
    assert client.get("/models/?access=closed&sort=name")["X-Page-Cache"] == "miss"


def test_a_head_is_answered_from_the_cached_get(client):
    client.get("/models/")
    response = client.head("/models/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_signed_in_editors_neither_read_nor_fill_the_cache(client):
    client.get("/models/")  # cached for readers
    editor = get_user_model().objects.create_user("dora", password="pw", is_staff=True)
    client.force_login(editor)
    response = client.get("/models/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    client.logout()
    assert client.get("/models/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/no-such-page/"])
def test_admin_health_and_errors_are_never_cached(client, url):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(url)


def test_answers_that_set_a_cookie_or_vary_are_not_kept():
    request = RequestFactory().get("/models/")
    assert cacheable_response(request, HttpResponse("ok"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    varying = HttpResponse("ok", headers={"Vary": "Accept-Language, Cookie"})
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    for response in (with_cookie, varying, private, HttpResponse("no", status=404)):
        assert not cacheable_response(request, response)
    request.META["CSRF_COOKIE_USED"] = True  # a page with a form token
    assert not cacheable_response(request, HttpResponse("ok"))


def test_an_english_page_varying_on_accept_language_is_kept():
    """Accept-Language only decides the redirect of config/languages.py, which answers before
    the cache: the URL still names the page."""
    request = RequestFactory().get("/models/")
    assert cacheable_response(request, HttpResponse("ok", headers={"Vary": "Accept-Language"}))


def test_a_chinese_reader_is_redirected_before_the_cache_answers(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert client.get("/glossary/").status_code == 200
    assert client.get("/glossary/")["X-Page-Cache"] == "hit"
    chinese = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chinese.status_code == 302 and chinese["Location"] == "/zh-hans/glossary/"


def test_a_committed_write_moves_the_generation(django_capture_on_commit_callbacks):
    """For what the atlas state does not watch, e.g. an editor's user name on /changes/."""
    before = cache.get(GENERATION_KEY, 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = get_user_model().objects.create_user("erin")
        EditorPreference.objects.create(user=user, show_name_on_changes=True)
        EditorPreference.objects.filter(user=user).delete()
    assert len(callbacks) == 1  # once per transaction, however many writes
    assert cache.get(GENERATION_KEY) == before + 1


def test_an_api_answer_is_computed_once_per_state(client, django_assert_num_queries):
    make_model(name="Api Model")
    first = client.get("/api/models/?access=open")
    with django_assert_num_queries(1):  # the state: the query was valid, the rows are kept
        again = client.get("/api/models/?access=open")
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    make_model(name="Another Api Model")
    names = [row["name"] for row in client.get("/api/models/?access=open").json()["results"]]
    assert "Another Api Model" in names


def test_a_bad_api_query_is_refused_every_time(client):
    for _ in range(2):
        response = client.get("/api/models/?access=ajar")
        assert response.status_code == 400
        assert "access" in response.json()["errors"]


def test_the_cache_can_be_turned_off(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/models/")
    response = client.get("/models/")
    assert "X-Page-Cache" not in response


def test_an_unknown_host_is_refused_not_cached(client):
    response = client.get("/models/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_an_unreachable_cache_serves_pages_and_the_api_uncached(client, settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": "5/minute", "anon-sustained": None},
    }

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for name in ("get", "set", "add", "incr", "get_many", "get_or_set"):
        monkeypatch.setattr(cache, name, unreachable)
    make_model(name="Still Served")
    assert b"Still Served" in client.get("/models/").content
    response = client.get("/api/models/")
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Still Served"
