"""Serving in production: /healthz, error pages (HTML and, under /api/, JSON), the CSP
header, database timeouts and the read-replica router."""

import json
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from config import errors, healthz
from config.settings import database

pytestmark = pytest.mark.django_db


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_healthz_without_the_cache_is_degraded_but_serving(client, monkeypatch):
    """Every server shares the cache: its failure must not take them all out of rotation."""
    monkeypatch.setattr(healthz, "cache_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error"},
    }


def test_healthz_reports_an_unreachable_cache(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("no Redis")

    monkeypatch.setattr(healthz.cache, "set", broken)
    assert client.get("/healthz").json()["checks"]["cache"] == "error"


def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    monkeypatch.setattr(healthz, "database_ok", lambda alias: False)
    monkeypatch.setattr(healthz, "cache_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error", "cache": "error"}}


# --- Error pages -----------------------------------------------------------------------------


def test_a_missing_page_is_the_sites_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "/no-such-page/" in page
    assert 'class="site-header"' in page  # the site's look, with its navigation


def test_the_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/models/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def fail(*args, **kwargs):
    """Stands in for a view's method to make it raise."""
    raise RuntimeError("boom")


def test_a_server_error_under_api_answers_json(monkeypatch, db):
    monkeypatch.setattr("api.views.Root.body", fail)
    response = Client(raise_request_exception=False).get("/api/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "A server error occurred."}


def test_a_server_error_on_a_page_shows_the_500_page(monkeypatch, db):
    monkeypatch.setattr("catalog.views.HomeView.get_context_data", fail)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_404_under_api_outside_any_endpoint_answers_json():
    request = RequestFactory().get("/api/models/x")
    response = errors.page_not_found(request, Exception())
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not found."}


# --- Content-Security-Policy -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/api/docs/", "/admin/login/"])
def test_scripts_may_come_from_this_site_only(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"


def test_the_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page
    assert "/api/docs/?script=" in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


# --- Databases -------------------------------------------------------------------------------


def test_postgresql_gets_connect_and_statement_timeouts_and_no_jit(monkeypatch):
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "2500")
    options = database("postgres://atlas@db.example:5432/atlas")["OPTIONS"]
    assert options == {"connect_timeout": 5, "options": "-c statement_timeout=2500 -c jit=off"}


def test_sqlite_takes_its_write_lock_when_a_transaction_begins():
    options = database("sqlite:///atlas.sqlite3")["OPTIONS"]
    assert options == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


# --- gunicorn.conf.py ------------------------------------------------------------------------


def gunicorn_config(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_WORKERS", "GUNICORN_MAX_WORKERS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def test_gunicorn_runs_two_workers_per_core_plus_one_within_a_cap(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    assert gunicorn_config(monkeypatch)["workers"] == 5
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 16)
    assert gunicorn_config(monkeypatch)["workers"] == 8
    assert gunicorn_config(monkeypatch, GUNICORN_MAX_WORKERS="4")["workers"] == 4
    config = gunicorn_config(monkeypatch, GUNICORN_WORKERS="1", GUNICORN_TIMEOUT="10")
    assert (config["workers"], config["timeout"]) == (1, 10)
    assert config["accesslog"] == "-"  # stdout
    defaults = gunicorn_config(monkeypatch)
    assert (defaults["timeout"], defaults["graceful_timeout"]) == (30, 20)


def test_healthz_answers_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/models/").status_code == 301
