"""The XSS corpus in Chromium: every page that shows curated text loads, its content is
hovered, focused and its non-http links clicked, and no vector's script runs.

The vectors call alert() (recorded as dialogs) or set window.__xss; one that loads a script
from elsewhere is caught by the `page` fixture, which refuses requests leaving the server.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.security.corpus import HTML_PAGES, REFLECTING_PAGES, SVG_PAGES, build_corpus
from tests.security.xss_vectors import HTML_VECTORS

pytestmark = pytest.mark.django_db(transaction=True)

# Every event a surviving handler could wait for, sent to every element; then a click on each
# link that is not an ordinary http(s), mailto or in-site link (a live javascript: link runs).
PROVOKE = """() => {
  for (const element of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'toggle', 'animationend']) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  let clicked = 0;
  for (const link of document.querySelectorAll('a')) {
    const href = (link.getAttribute('href') ?? link.getAttribute('xlink:href') ?? '').trim();
    if (!/^(https?:|mailto:|\\/|#|\\?)/i.test(href)) {
      link.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
      clicked += 1;
    }
  }
  return clicked;
}"""


@pytest.fixture
def corpus(transactional_db):
    return build_corpus()


@pytest.fixture
def watched(page):
    """The page, and the dialogs any script opened on it."""
    dialogs = []

    def record(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return page, dialogs


def ran_script(page, dialogs, url) -> list[str]:
    """What ran on `url`: dialogs opened or window.__xss set, on loading or when provoked."""
    page.goto(url)
    page.evaluate(PROVOKE)
    page.wait_for_timeout(50)  # an image's onerror, a toggle event: they come after load
    found = [f"{url}: {dialog}" for dialog in dialogs]
    if page.evaluate("() => window.__xss !== undefined"):
        found.append(f"{url}: window.__xss set")
    dialogs.clear()
    return found


def test_no_vector_runs_on_any_page(watched, corpus):
    page, dialogs = watched
    found = []
    for _, view, args, query in HTML_PAGES + SVG_PAGES:
        found += ran_script(page, dialogs, reverse(view, args=args) + query)
    assert found == []


def test_no_vector_runs_from_the_query_string(watched, corpus):
    page, dialogs = watched
    found = []
    for start, (_, view, names) in enumerate(REFLECTING_PAGES):
        vectors = [HTML_VECTORS[(start * 7 + k) % len(HTML_VECTORS)] for k in range(len(names))]
        found += ran_script(
            page, dialogs, f"{reverse(view)}?{urlencode(dict(zip(names, vectors, strict=True)))}"
        )
    assert found == []


def test_the_watch_sees_a_script_that_runs(watched, live_server):
    """The check can fail: a page that does run a vector is caught, both ways."""
    page, dialogs = watched
    # A page without the site's Content-Security-Policy, which would block these vectors
    # (tests/e2e/test_csp.py shows that it does).
    page.route("**/xss-oracle", lambda route: route.fulfill(content_type="text/html", body=""))
    page.goto("/xss-oracle")
    page.set_content(
        '<img src="/no-such-image" onerror="alert(1)"><a href="javascript:window.__xss=1">x</a>'
    )
    page.evaluate(PROVOKE)
    page.wait_for_timeout(50)
    assert dialogs == ["alert: 1"]
    assert page.evaluate("() => window.__xss") == 1
