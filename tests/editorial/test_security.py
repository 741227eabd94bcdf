"""Sign-in lockout, security logging and the production security settings."""

import importlib
import logging

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tests.editorial.helpers import admin_url
from tests.factories import make_org

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_a_failed_sign_in_is_logged(client, carol, caplog):
    with caplog.at_level(logging.WARNING, logger="security"):
        assert sign_in(client, "carol", "wrong").status_code == 200
    assert "failed login for 'carol' from 127.0.0.1" in caplog.text


def test_repeated_failures_lock_the_account_out_with_a_clear_page(client, carol, caplog):
    assert settings.AXES_FAILURE_LIMIT == 5
    with caplog.at_level(logging.WARNING, logger="security"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "carol", "wrong")
        locked = sign_in(client, "carol", "pw")  # even the right password, for now
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert "locked out for 'carol'" in caplog.text
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_count(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "carol", "wrong")
    assert sign_in(client, "carol", "pw").status_code == 302
    client.logout()
    sign_in(client, "carol", "wrong")
    assert sign_in(client, "carol", "pw").status_code == 302


def test_a_permission_denial_is_logged(client, carol, caplog):
    org = make_org()
    client.force_login(carol)
    with caplog.at_level(logging.WARNING, logger="security"):
        assert client.get(admin_url(org, "delete", org.pk)).status_code == 403
    assert f"permission denied: GET /admin/catalog/organization/{org.pk}/delete/ for carol" in (
        caplog.text
    )


def test_a_csrf_failure_is_logged(caplog):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="security"):
        assert strict.post(LOGIN, {"username": "x", "password": "y"}).status_code == 403
    assert "permission denied: POST /admin/login/ for anonymous" in caplog.text


def test_production_cookies_are_hardened():
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_https_switches_are_opt_in_from_the_environment(monkeypatch):
    import config.settings as module

    try:
        monkeypatch.setenv("SECURE_SSL_REDIRECT", "1")
        monkeypatch.setenv("SECURE_HSTS_SECONDS", "31536000")
        monkeypatch.setenv("SECURE_HSTS_INCLUDE_SUBDOMAINS", "yes")
        monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "true")
        module = importlib.reload(module)
        assert module.SECURE_SSL_REDIRECT is True
        assert module.SECURE_HSTS_SECONDS == 31536000
        assert module.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
        assert module.SECURE_HSTS_PRELOAD is False
        assert module.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"):
            monkeypatch.delenv(name)
        del module.SECURE_PROXY_SSL_HEADER  # reload runs the module again in the same namespace
        module = importlib.reload(module)
        assert module.SECURE_SSL_REDIRECT is False and module.SECURE_HSTS_SECONDS == 0
        assert not hasattr(module, "SECURE_PROXY_SSL_HEADER")
    finally:
        monkeypatch.undo()
        vars(module).pop("SECURE_PROXY_SSL_HEADER", None)
        importlib.reload(module)


@pytest.mark.parametrize("name", ["AXES_FAILURE_LIMIT", "SESSION_COOKIE_AGE", "CONN_MAX_AGE"])
def test_a_number_setting_that_is_not_a_number_is_refused_by_name(monkeypatch, name):
    import config.settings as module

    try:
        monkeypatch.setenv(name, "five")
        with pytest.raises(ImproperlyConfigured, match=f"{name}='five' is not a whole number"):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)
