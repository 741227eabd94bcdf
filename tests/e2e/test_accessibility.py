"""Every public page passes axe-core's automated accessibility rules (WCAG 2.1 A and AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/models/",
    "/models/?branch=decoder-only&org=meta&year_min=2022&org=ghost",
    "/models/?q=zzzz-nothing",
    "/models/llama/",
    "/models/flan-t5/",
    "/compare/?models=llama-2,falcon,flan-t5",
    "/licenses/llama-2-community-license/",
    "/glossary/",
    "/search/?q=llama",
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
