"""Anonymous throttling: a burst rate and a sustained rate per client address.

Rates come from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (config/settings.py, set by
API_THROTTLE_BURST and API_THROTTLE_SUSTAINED), read on each request so that a settings
change takes effect at once. Past a rate the API answers 429 with `Retry-After` (seconds).

- One throttle holds both rates, so that only accepted requests are counted: a request
  refused by one rate counts against neither (with one DRF throttle per rate, a request the
  burst rate refused still used up the sustained allowance).
- The counts (the times of the accepted requests, DRF's sliding window) live in the default
  cache: shared by every worker and app server when REDIS_URL is set, else per process. If
  the cache cannot be reached, requests pass unthrottled (and /healthz says 503). Two
  requests of one client at the very same moment on two workers may both be let through
  (the count is read, then written), as with DRF's own throttles.
- The client is the connecting address (`REMOTE_ADDR`); X-Forwarded-For is read only when
  API_NUM_PROXIES says how many proxies stand in front (DRF's `get_ident`).
"""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)


class AnonymousThrottle(SimpleRateThrottle):
    scopes = ("anon-burst", "anon-sustained")

    def __init__(self):
        """Nothing to read yet: the rates are read on each request."""

    def windows(self, request) -> list[tuple[str, int, int]]:
        """(cache key, allowed requests, seconds) of each rate that is set."""
        ident = self.get_ident(request)
        found = []
        for scope in self.scopes:
            rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
            if rate is not None:
                allowed, seconds = self.parse_rate(rate)
                found.append(
                    (self.cache_format % {"scope": scope, "ident": ident}, allowed, seconds)
                )
        return found

    def allow_request(self, request, view):
        windows = self.windows(request)
        if not windows:
            return True
        now = self.timer()
        try:
            stored = self.cache.get_many([key for key, _, _ in windows])
        except Exception:  # noqa: BLE001 - an unreachable cache must not take the API down
            log.warning("cache unavailable; request not throttled", exc_info=True)
            return True
        histories = {}
        refused, self.wait_seconds = False, 0.0
        for key, allowed, seconds in windows:
            history = [moment for moment in stored.get(key, []) if moment > now - seconds]
            if len(history) >= allowed:  # newest first: a place frees when this one expires
                frees = history[allowed - 1] + seconds if allowed else now + seconds
                refused, self.wait_seconds = True, max(self.wait_seconds, frees - now)
            histories[key] = (history, seconds)
        if refused:
            return False
        try:
            for key, (history, seconds) in histories.items():
                self.cache.set(key, [now, *history], seconds)
        except Exception:  # noqa: BLE001
            log.warning("cache unavailable; request not counted", exc_info=True)
        return True

    def wait(self):
        return self.wait_seconds
