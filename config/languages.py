"""The site's two languages: English at the plain paths, Simplified Chinese under /zh-hans/.

- A reader's language is the one in the path (LocaleMiddleware, with `i18n_patterns` and
  `prefix_default_language=False` in config/urls.py); the paths are the same in both.
- On a first visit (no language cookie), the browser's Accept-Language decides: a reader who
  prefers Chinese and opens an English page is sent to the same page under /zh-hans/.
- The language switch goes through `switch` below, which remembers the choice in Django's
  language cookie; from then on the cookie decides instead of Accept-Language, both ways.

The redirect runs before the page cache, whose key is the URL alone: a cached English page is
never handed to a reader who should have been sent to the Chinese one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

# Paths outside i18n_patterns: the same in every language, never redirected.
UNTRANSLATED_PREFIXES = ("/admin/", "/api/", "/healthz", "/static/", "/language/")


def language_prefix(code: str) -> str:
    return "" if code == settings.LANGUAGE_CODE else f"/{code}"


def plain_path(path: str) -> str:
    """The path without its language prefix: /zh-hans/models/ -> /models/."""
    for code, _name in settings.LANGUAGES:
        prefix = language_prefix(code)
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


def path_in(path: str, code: str) -> str:
    """The same page in language `code`: the paths are the same, only the prefix differs."""
    return language_prefix(code) + plain_path(path)


def _translated(path: str) -> bool:
    return not path.startswith(UNTRANSLATED_PREFIXES)


class LanguageRedirectMiddleware:
    """Sends a reader who prefers another language from an English page to the same page in
    that language. Only GET and HEAD of pages; never the API, the admin or /healthz."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in ("GET", "HEAD") and _translated(path) and plain_path(path) == path:
            # The cookie of the switch if set, else Accept-Language's best match, else English.
            wanted = translation.get_language_from_request(request)
            if wanted != settings.LANGUAGE_CODE:
                query = request.META.get("QUERY_STRING", "")
                response = HttpResponseRedirect(_with_query(path_in(path, wanted), query))
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        return self.get_response(request)


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@require_GET
def switch(request, code: str):
    """The language switch: remember `code` and show the page `next` in it. An unknown
    language or a `next` on another site leads to the home page of the chosen language."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    parts = urlsplit(target)
    response = HttpResponseRedirect(_with_query(path_in(parts.path or "/", code), parts.query))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def alternates(request) -> dict:
    """Context processor: the current page in every language, for the switch and the
    hreflang links."""
    current = translation.get_language()
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    pages = []
    for code, name in settings.LANGUAGES:
        url = _with_query(path_in(path, code), query)
        pages.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"language_pages": pages, "language_next": _with_query(plain_path(path), query)}
