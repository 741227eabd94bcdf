"""Every fact a model page or /compare/ shows carries a source mark or a "no source" mark, and
each mark leads to its citation; the API serves the same citations and offerings."""

import re
from html.parser import HTMLParser

import pytest

from catalog.models import LanguageModel
from tests.factories import make_model

NO_SOURCE = "no source"
# Rows that are not facts of the record: a link, or values derived from the licence.
NOT_FACTS = {"Home page", "Commercial use", "Restrictions"}
# What a row says when the record holds no value: nothing to cite.
ABSENT = ("not published", "Not recorded.", "None: the weights were never released.")


class FactRows(HTMLParser):
    """The text and marks of each <dt>/<dd> pair of the page's fact lists."""

    def __init__(self):
        super().__init__()
        self.rows, self.label, self.where, self.depth = [], None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "dl" and "facts" in (attrs.get("class") or ""):
            self.depth += 1
        elif self.depth and tag in {"dt", "dd"}:
            self.where = tag
            if tag == "dd":
                self.rows.append([self.label, ""])
        elif self.where == "dd" and tag == "a" and (attrs.get("href") or "").startswith("#source-"):
            self.rows[-1][1] += f" [{attrs['href']}]"

    def handle_endtag(self, tag):
        if tag == "dl" and self.depth:
            self.depth -= 1
        elif tag in {"dt", "dd"}:
            self.where = None

    def handle_data(self, data):
        if self.where == "dt":
            self.label = data.strip()
        elif self.where == "dd":
            self.rows[-1][1] += data


def fact_rows(html: str) -> list[tuple[str, str]]:
    parser = FactRows()
    parser.feed(html)
    return [
        (label, text)
        for label, text in parser.rows
        if label not in NOT_FACTS and not text.strip().startswith(ABSENT)
    ]


def test_every_fact_of_a_cited_model_has_a_mark_that_leads_to_its_source(client, seeded):
    html = client.get("/models/gpt-4o-mini/").content.decode()
    rows = fact_rows(html)
    assert len(rows) > 10
    unmarked = [label for label, text in rows if "[#source-" not in text and NO_SOURCE not in text]
    assert not unmarked
    targets = set(re.findall(r'href="#source-(\d+)"', html))
    listed = set(re.findall(r'<li id="source-(\d+)"', html))
    assert targets and targets == listed
    assert listed == {str(n) for n in range(1, len(listed) + 1)}  # numbered in order, no gap


def test_a_fact_without_citation_says_so(client, db):
    make_model(name="Bare", slug="bare", release_date="2024-01-01")
    html = client.get("/models/bare/").content.decode()
    rows = fact_rows(html)
    assert rows and all(NO_SOURCE in text for _label, text in rows)
    assert "No fact on this page has a source of its own yet." in html


def test_the_checker_finds_an_unmarked_fact():
    """The oracle can fail: a fact list with a value and no mark is reported."""
    html = '<dl class="facts"><dt>Released</dt><dd>2024</dd><dt>Home page</dt><dd>x</dd></dl>'
    assert fact_rows(html) == [("Released", "2024")]


def test_the_mark_names_method_and_date_for_screen_readers_and_hover(client, seeded):
    html = client.get("/models/gpt-4o-mini/").content.decode()
    mark = re.search(r'<a href="#source-1" class="cite-([a-z-]+)" title="([^"]+)">', html)
    assert mark and mark.group(2).startswith("Source 1: ")
    assert re.search(r"read \d+ \w+ 20\d\d", mark.group(2))
    assert '<span class="visually-hidden">source </span>1</a>' in html


def test_offerings_show_on_the_page_with_prices_and_dates(client, seeded):
    html = client.get("/models/gpt-4o-mini/").content.decode()
    assert "Where to use it: offerings and prices" in html
    assert "gpt-4o-mini-2024-07-18" in html
    assert "shuts down 14 Jan 2027" in html


def test_compare_marks_its_values_and_lists_the_sources(client, seeded):
    html = client.get("/compare/?models=gpt-4o-mini,gpt-5").content.decode()
    targets = set(re.findall(r'href="#source-(\d+)"', html))
    listed = set(re.findall(r'<li id="source-(\d+)"', html))
    assert len(targets) > 10 and targets == listed
    assert "Price now (USD per 1M tokens)" in html


def test_the_api_serves_citations_and_offerings(client, seeded):
    data = client.get("/api/models/gpt-4o-mini/").json()
    model = LanguageModel.objects.get(slug="gpt-4o-mini")
    assert len(data["citations"]) == model.citations.count() > 5
    assert {"field", "item", "source_url", "retrieved_on", "method", "note"} == set(
        data["citations"][0]
    )
    offering = next(o for o in data["offerings"] if o["model_id"] == "gpt-4o-mini-2024-07-18")
    assert (offering["status"], offering["retires_on"]) == ("deprecated", "2027-01-14")


@pytest.mark.parametrize("url", ["/models/gpt-4o-mini/", "/compare/?models=gpt-4o-mini,gpt-5"])
def test_marks_cost_no_query_per_fact(client, seeded, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
