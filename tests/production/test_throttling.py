"""API throttling (api/throttling.py): the client is the connecting address unless proxies
are configured, and only accepted requests count (across workers: tests/production/
test_two_servers.py runs two servers on one Redis)."""

import pytest

from api.throttling import AnonymousThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(burst, sustained, **extra):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon-burst": burst, "anon-sustained": sustained},
            **extra,
        }

    return set_rates


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(AnonymousThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def test_a_forged_x_forwarded_for_does_not_escape_the_throttle(client, rates):
    """With no proxy configured (the default), the header is the client's to write."""
    rates("2/minute", None)
    for n in range(2):
        assert client.get("/api/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 200
    assert client.get("/api/", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_behind_one_proxy_the_address_it_appends_is_the_client(client, rates, settings):
    rates("1/minute", None, NUM_PROXIES=1)
    assert client.get("/api/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1").status_code == 200
    refused = client.get("/api/", HTTP_X_FORWARDED_FOR="7.7.7.7, 192.0.2.1")
    assert refused.status_code == 429  # what the client wrote before the proxy's entry
    assert client.get("/api/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def test_a_request_refused_by_one_rate_counts_against_neither(client, rates, clock):
    rates("2/minute", "3/hour")
    assert [client.get("/api/").status_code for _ in range(3)] == [200, 200, 429]
    clock[0] += 61  # the burst window has passed; the refused request used no hourly place
    assert client.get("/api/").status_code == 200
    refused = client.get("/api/")
    assert refused.status_code == 429
    assert 3000 < int(refused["Retry-After"]) <= 3600 - 61


def test_refused_requests_do_not_prolong_the_wait(client, rates, clock):
    rates("1/minute", None)
    assert client.get("/api/").status_code == 200
    for _ in range(5):
        clock[0] += 10
        assert client.get("/api/").status_code == 429
    clock[0] += 11  # 61 s after the one accepted request
    assert client.get("/api/").status_code == 200
