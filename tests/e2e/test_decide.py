"""The decision helper in Chromium: click through, go back, reload, start over, by keyboard;
and the guidance pages pass the automated accessibility rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def outcome(page):
    return page.locator("[data-outcome]").get_attribute("data-outcome")


def test_click_through_the_helper_to_each_kind_of_outcome(page, seeded):
    page.goto("/tasks/")
    page.get_by_role("link", name="Answer a few questions instead").click()
    assert (
        "converse or behave like a person"
        in page.get_by_role("heading", level=2).first.inner_text()
    )

    # No to the first three questions, then Yes: tasks far from language modelling.
    for _ in range(3):
        page.get_by_role("button", name="No", exact=True).click()
    assert page.url.endswith("/decide/?answers=nnn")
    page.get_by_role("button", name="Yes", exact=True).click()
    assert outcome(page) == "fine-tuned"
    result = page.locator("[data-outcome]")
    assert "Use a fine-tuned model" in result.get_by_role("heading", level=2).inner_text()
    assert result.get_by_role("link", name="Predicting continuous values").is_visible()
    href = result.get_by_role("link", name="Browse open encoder-only").get_attribute("href")
    assert href == "/models/?access=open&branch=encoder-only&branch=encoder-decoder"

    # Back returns to the question; reloading shows the same step (the answers are the URL).
    page.get_by_role("link", name="Back").click()
    assert page.url.endswith("/decide/?answers=nnn")
    page.reload()
    assert "far from predicting text" in page.get_by_role("heading", level=2).first.inner_text()
    assert page.locator("[data-outcome]").count() == 0

    # On to the question mark: No x4, Yes (knowledge-intensive), No, Yes.
    for name in ["No", "No", "No", "No", "Yes", "No", "Yes"]:
        page.get_by_role("button", name=name, exact=True).click()
    assert outcome(page) == "uncertain"
    assert page.get_by_role("link", name="Redefined symbols and false premises").is_visible()
    path = page.locator("ol.path li")
    assert path.count() == 10

    # Change an earlier answer from the path, then start over.
    path.nth(0).get_by_role("link").click()
    assert page.url.endswith("/decide/")
    page.get_by_role("button", name="Yes", exact=True).click()
    assert outcome(page) == "llm"
    page.get_by_role("link", name="Start over").click()
    assert page.url.endswith("/decide/")
    assert page.get_by_role("link", name="Start over").count() == 0


def test_the_helper_works_from_the_keyboard(page, seeded):
    page.goto("/decide/")
    yes = page.get_by_role("button", name="Yes", exact=True)
    for _ in range(40):  # tab from the top of the page to the Yes button
        page.keyboard.press("Tab")
        if yes.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the Yes button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/decide/?answers=y")
    assert outcome(page) == "llm"


def test_a_tampered_link_explains_and_leads_back(page, seeded):
    response = page.goto("/decide/?answers=nnzz")
    assert response.status == 400
    assert "neither y (yes) nor n (no)" in page.locator("main").inner_text()
    page.get_by_role("link", name="Go to the last valid step").click()
    assert page.url.endswith("/decide/?answers=nn")
    assert page.get_by_role("button", name="Yes", exact=True).is_visible()


def test_the_diagram_marks_the_readers_path(page, seeded):
    page.goto("/decide/?answers=nnnnnnny")
    diagram = page.get_by_role("img", name="Decision flow diagram")
    assert diagram.is_visible()
    assert page.locator("svg .edge.taken").count() == 8
    assert page.locator("svg .question.current").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/tasks/",
        "/tasks/?verdict=use-fine-tuned&category=generation&q=pairs&verdict=bogus",
        "/tasks/machine-translation/",
        "/decide/",
        "/decide/?answers=nnnn",
        "/decide/?answers=nnnnnnnn",
        "/decide/?answers=nnnnnnnyny",
        "/decide/?answers=yy",
    ],
)
def test_guidance_pages_have_no_accessibility_violations(page, seeded, path):
    page.goto(path)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []
