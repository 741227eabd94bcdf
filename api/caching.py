"""Conditional GET for the API: ETag and Last-Modified from the state of the atlas.

The *state* is the atlas's generation number and when it last moved (atlas/state.py): one
row, moved by database triggers in the transaction of any edit, addition or deletion of what
the API shows, so every response is revalidated after any change, and a request whose
validators still match is answered 304 before any listing query runs.

- ETag (weak): a hash of the state, the path and the query string, in a canonical order.
- Last-Modified: when the state last moved, or the time this state was first seen (kept in
  the default cache) if that is later. With one cache per process (the default) each process
  remembers its own first sight, which can only make it later: an extra 200, never a wrong
  304. HTTP dates count whole seconds, so two states within one second share a
  Last-Modified; the ETag tells them apart, and a request carrying both validators is judged
  by the ETag alone.
- Cache-Control: `public, max-age=60` on 200 and 304: a minute of staleness at most, then
  a cheap revalidation.
- The answer's data is kept in the (shared) cache under its ETag, so the next request for
  the same URL in the same state, from any app server, skips the listing queries
  and skips checking the query too, which was valid in this state (`KeptAnswer`;
  PAGE_CACHE_SECONDS, as for the pages of config/page_cache.py).
"""

import datetime
import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from atlas import state

log = logging.getLogger(__name__)

MAX_AGE = 60
CACHE_CONTROL = f"public, max-age={MAX_AGE}"
VERSION = "api-1"  # bump when the representation changes, to invalidate every ETag


class Validators:
    """ETag and Last-Modified of one request, from the current state."""

    def __init__(self, request):
        # One lookup of one row, on the database the request's reads go to (the replica,
        # for a public read).
        generation, latest = state.read()
        digest = hashlib.sha256(repr((VERSION, generation, latest)).encode()).hexdigest()
        query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
        resource = hashlib.sha256(
            f"{digest} {request.path} {urlencode(query)}".encode()
        ).hexdigest()
        self.etag = f'W/"{resource[:32]}"'
        seen = first_seen(digest)
        # HTTP dates count whole seconds: compare and send the same whole second.
        self.last_modified = max(latest, seen).replace(microsecond=0) if latest else seen

    def not_modified(self, request) -> HttpResponse | None:
        """A 304 (or 412) when the client's copy is current, else None."""
        headers = HttpResponse()
        self.apply(headers)
        response = get_conditional_response(
            request,
            etag=self.etag,
            last_modified=int(self.last_modified.timestamp()),
            response=headers,
        )
        return None if response is headers else response

    def apply(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = CACHE_CONTROL
        return response


def first_seen(digest: str) -> datetime.datetime:
    """When this state of the atlas was first seen by this cache, to the second."""
    try:
        stamp = cache.get_or_set(f"api:state:{digest}", int(time.time()), timeout=None)
    except Exception:  # noqa: BLE001 - an unreachable cache: now, so an extra 200, never a 304
        log.warning("cache unavailable; Last-Modified is now", exc_info=True)
        stamp = int(time.time())
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC)


class KeptAnswer:
    """An answer's data, kept under the request's ETag (and the site's address, which absolute
    links carry) for PAGE_CACHE_SECONDS; nothing is kept when that is 0. Only the data of a
    200 is kept, so a kept answer also tells that the query was valid in this state."""

    def __init__(self, request, validators: Validators):
        self.seconds = settings.PAGE_CACHE_SECONDS
        site = request.build_absolute_uri("/")
        self.key = "api:data:" + hashlib.sha256(f"{validators.etag} {site}".encode()).hexdigest()

    def get(self):
        try:
            return cache.get(self.key) if self.seconds > 0 else None
        except Exception:  # noqa: BLE001 - an unreachable cache: answer uncached
            log.warning("cache unavailable; answering uncached", exc_info=True)
            return None

    def keep(self, data) -> None:
        try:
            if self.seconds > 0:
                cache.set(self.key, data, self.seconds)
        except Exception:  # noqa: BLE001
            log.warning("cache unavailable; answer not kept", exc_info=True)
