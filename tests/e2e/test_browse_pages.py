"""Organisations, licences, datasets and papers in Chromium: accessible, filterable in place."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from catalog.models import LanguageModel
from tests.catalog.test_bibtex import read_entries

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/organizations/",
    "/organizations/?kind=academic&country=US&kind=pirate&sort=-models",
    "/organizations/meta/",
    "/licenses/",
    "/licenses/?commercial=no&branch=decoder-only&commercial=maybe",
    "/datasets/",
    "/datasets/?q=zzzz-nothing",
    "/datasets/the-pile/",
    "/papers/",
    "/papers/?topic=alignment&year_min=2022&year_max=2020",
    "/papers/albert-2019/",
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, seeded, axe, path):
    page.goto(path)
    results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []


def test_licences_filter_in_place_and_the_url_follows(page, seeded):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Licences").click()
    page.wait_for_url("**/licenses/")  # loaded, with browse.js listening to the filters
    expect(page.get_by_role("heading", level=1)).to_have_text("Licences: usage and restrictions")
    page.get_by_role("checkbox", name="Not allowed").check()
    page.wait_for_url("**commercial=no**")
    heading = page.get_by_role("heading", name="models", exact=False).first
    not_allowed = LanguageModel.objects.published().filter(license__commercial_use="no").count()
    expect(heading).to_have_text(f"{not_allowed} models")
    expect(page.locator("table.usage tbody .mark.commercial-yes")).to_have_count(0)
    page.get_by_role("checkbox", name="Decoder-only").check()
    page.wait_for_url("**branch=decoder-only**")
    rows = page.locator("table.usage tbody tr:not(.group)")
    assert rows.count() > 0
    expect(page.locator("table.usage tbody .mark.commercial-no")).to_have_count(rows.count())
    page.get_by_role("link", name="Remove filter Commercial use: not allowed").click()
    # A Python-side check: the CSP forbids the string evaluation of wait_for_function.
    expect(page).to_have_url(re.compile(r"^[^?]*(\?(?!.*commercial).*)?$"))


def test_papers_by_topic_then_one_papers_bibtex(page, seeded):
    page.goto("/papers/")
    page.locator("#facet-topic summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Alignment \d+$")).check()
    page.wait_for_url("**topic=alignment**")
    count = int(page.locator("#results-heading").inner_text().split()[0])
    with page.expect_download() as download_info:
        page.get_by_role("link", name="BibTeX", exact=True).click()
    assert download_info.value.suggested_filename == "llm-atlas-papers.bib"
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert len(read_entries(text)) == count > 0
    page.get_by_role(
        "link",
        name="Training language models to follow instructions with human feedback",
        exact=True,
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("follow instructions")
    expect(page.locator("pre.bibtex")).to_contain_text("@inproceedings{")
