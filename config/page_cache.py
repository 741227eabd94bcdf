"""Rendered public pages, kept in the shared cache and keyed by the state of the atlas.

A page is kept under a hash of its address (path and query string in a canonical order) and
the atlas state, and with the cache's generation number; it is served only while both hold:

- the atlas state (atlas/state.py): one row, moved by database triggers in the very
  transaction that makes a write visible, read by its key on the database the page itself
  is read from; so no reader on any app server gets the page of before once the edit has
  committed, and a hit costs that lookup and one round trip to the cache;
- a generation number in the shared cache, moved on the commit of any write to the
  accounts, which the state's triggers do not watch (an editor renamed, whose name /changes/
  shows). It is kept in the page's value,
  not its key, so that one round trip reads both and a page of an older generation is a miss.

Only what every reader sees alike is cached: a GET or HEAD of a public page (not /admin/,
not /api/, whose answers are cached by their ETag in api/views.py, not /healthz) from a
visitor without a session cookie, answered 200 with no cookie set, not varying on the
cookie or anything else, and not private. A HEAD is answered from the GET's copy. The answer carries
`X-Page-Cache: hit` or `miss`. If the cache is unreachable, pages are served uncached.
"""

import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from atlas import state

log = logging.getLogger(__name__)

GENERATION_KEY = "page:generation"
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/healthz", "/static/")
# Writes to the accounts can change a public page (an editor's shown name); the atlas state's
# triggers watch the rest (atlas/state.py).
WATCHED_APPS = {"auth"}


def cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cacheable_response(request, response) -> bool:
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _varies_beyond_language(response)  # the key holds the URL only
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not cache_control & {"private", "no-store", "no-cache"}
    )


def _varies_beyond_language(response) -> bool:
    """Whether the page depends on a request header other than Accept-Language. An English
    page varies on Accept-Language only through the redirect of config/languages.py, which
    answers before the cache; so its URL still names it."""
    varies = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return bool(varies - {"", "accept-language"})


def page_key(request) -> str:
    """The page's key in the cache: the URL in a canonical form and the atlas state (one
    lookup of one row)."""
    current = state.read()
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    site = request.build_absolute_uri("/")  # scheme and host: feeds write absolute links
    raw = repr((current, site, request.path, urlencode(query)))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def lookup(key: str) -> tuple[int, tuple | None]:
    """(the current generation, the page kept under `key` if it was kept in that generation):
    one round trip to the cache for both."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return generation, kept[1:]
    return generation, None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:  # the view answers 400; nothing to key or keep
            return self.get_response(request)
        try:
            key = page_key(request)
            generation, stored = lookup(key)
        except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
            log.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return _response(*stored, state="hit")
        response = self.get_response(request)
        if cacheable_response(request, response):
            stored = (generation, response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                log.warning("page cache unavailable; page not kept", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response


def _response(status: int, headers: list, content: bytes, state: str) -> HttpResponse:
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = state
    return response


def new_generation() -> None:
    """Move every page to a new key (after a commit): a fresh counter if there was none."""
    try:
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)
    except ValueError:  # expired between add and incr
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:  # noqa: BLE001 - the atlas state still moves with the data
        log.warning("page cache unavailable; generation not moved", exc_info=True)


def _on_write(sender, using=None, **kwargs):
    """After the commit of a write that a page may show, once per transaction."""
    if sender._meta.app_label not in WATCHED_APPS:
        return
    pending = transaction.get_connection(using).run_on_commit
    if not any(callback is new_generation for _, callback, _ in pending):
        transaction.on_commit(new_generation, using=using)


post_save.connect(_on_write, dispatch_uid="page_cache_save")
post_delete.connect(_on_write, dispatch_uid="page_cache_delete")
m2m_changed.connect(_on_write, dispatch_uid="page_cache_m2m")
