"""The site links to itself: from the home page, following only its own links, a reader
reaches the page of every published organisation, licence, family, dataset and paper.

A breadth-first walk with the test client over the seed. It reads every HTML page it reaches
and follows links within the site, except the admin, the API (JSON and its docs), downloads
and query-string variants (filters, sorts, highlights) other than a list's next pages. Model
pages and older changes are counted as reached but not opened (they are half the time of the
walk, and what they link to is linked from the lists too); a test below reads a sample of
model pages for their links instead. The walk takes about five seconds.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from catalog.models import Dataset, Family, LanguageModel, License, Organization, Paper

pytestmark = pytest.mark.django_db

SKIPPED = re.compile(r"^/(admin|api|static|media)/|\.(svg|json|csv|xml|bib)$|^/changes/feed/")
PAGE_ONLY = re.compile(r"^page=\d{1,3}$")
NOT_OPENED = re.compile(r"^/models/[^/?]+/$|^/changes/\?")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str, base: str) -> set[str]:
    """The site's own pages that `html` (served at `base`) links to, as the walk follows
    them: path and, for a list's later pages, `?page=N`; nothing else."""
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        if SKIPPED.search(parts.path) or (parts.query and not PAGE_ONLY.match(parts.query)):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, start="/") -> tuple[set[str], list[str]]:
    """(every page reached, pages that did not answer 200)."""
    seen, broken = {start}, []
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if NOT_OPENED.match(url):
            continue
        response = client.get(url)
        if response.status_code != 200:
            broken.append(f"{url}: {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        for link in links_in(response.content.decode(), url) - seen:
            seen.add(link)
            queue.append(link)
    return seen, broken


def test_the_link_reader_keeps_only_the_walk_s_links():
    html = (
        '<a href="/models/llama/">a</a> <a href="../organizations/meta/#top">b</a>'
        '<a href="/papers/?page=2">c</a> <a href="/models/?branch=encoder-only">d</a>'
        '<a href="/admin/">e</a> <a href="/api/docs/">f</a> <a href="/tree.svg">g</a>'
        '<a href="https://example.org/x">h</a> <a href="//evil.example/y">i</a>'
        '<a href="/models/?format=json">j</a> <a href="http://testserver/datasets/c4/">k</a>'
    )
    assert links_in(html, "/licenses/x/") == {
        "/models/llama/",
        "/licenses/organizations/meta/",
        "/papers/?page=2",
        "/datasets/c4/",
    }


def test_every_published_page_is_reached_from_home(client, seeded):
    reached, broken = crawl(client)
    assert broken == []
    for model in (Organization, License, Family, Dataset, Paper):
        expected = {obj.get_absolute_url() for obj in model.objects.published()}
        assert expected, model
        assert expected - reached == set(), model.__name__


def test_model_pages_link_to_the_atlas_pages_of_their_facts(client, seeded):
    """The twenty models with the most papers and data: each links to the page of its
    organisations, licence, family, datasets and papers."""
    models = (
        LanguageModel.objects.published()
        .select_related("license", "family")
        .prefetch_related("organizations", "datasets", "papers")
        .order_by("-pk")
    )
    rich = sorted(models, key=lambda m: -(len(m.papers.all()) + len(m.datasets.all())))[:20]
    for model in rich:
        url = model.get_absolute_url()
        links = links_in(client.get(url).content.decode(), url)
        related = [
            *model.organizations.all(),
            *model.datasets.all(),
            *model.papers.all(),
            *[x for x in (model.license, model.family) if x is not None],
        ]
        expected = {obj.get_absolute_url() for obj in related if obj.status == "published"}
        assert expected - links == set(), model.slug
