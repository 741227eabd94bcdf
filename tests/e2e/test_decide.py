"""The decision helper in Chromium: click through, go back, reload, start over, by keyboard;
on to a shortlist of models checked against the JSON export; and the guidance pages pass the
automated accessibility rules."""

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
    page.wait_for_load_state()
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
    page.wait_for_load_state()
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
    page.wait_for_load_state()
    assert page.url.endswith("/decide/?answers=nn")
    assert page.get_by_role("button", name="Yes", exact=True).is_visible()


def test_the_diagram_marks_the_readers_path(page, seeded):
    page.goto("/decide/?answers=nnnnnnny")
    diagram = page.get_by_role("img", name="Decision flow diagram")
    assert diagram.is_visible()
    assert page.locator("svg .edge.taken").count() == 8
    assert page.locator("svg .question.current").count() == 1


LLM_MODELS = "/models/?format=json&branch=decoder-only&branch=state-space-hybrid&lifecycle=active"


def export(page, query):
    """The /models/ JSON export for `query`, read as any client would."""
    response = page.request.get(LLM_MODELS + query)
    assert response.ok
    return {record["slug"]: record for record in response.json()["results"]}


def memory_gb(record, bits):
    """Memory for the smallest released size: parameters x bytes x 1.2 (the page's rule)."""
    sizes = [s["parameters_billions"] for s in record["sizes"] if s["parameters_billions"]]
    sizes = sizes or [record["parameters_billions"]]
    return min(sizes) * {16: 2, 4: 0.5}[bits] * 1.2


def test_walk_to_a_shortlist_each_model_meeting_every_constraint(page, seeded):
    page.goto("/decide/")
    page.get_by_role("button", name="Yes", exact=True).click()
    assert outcome(page) == "llm"
    page.get_by_label("Needed, with no conditions attached").check()
    page.get_by_label("It must run on my own hardware").check()
    page.get_by_label("GPU memory, when it runs on your own hardware").select_option("24")
    assert page.get_by_role("checkbox", name="Text", exact=True).is_checked()
    page.get_by_role("button", name="Show models that fit").click()
    # The form is a plain GET: wait for the new page before counting its rows.
    page.wait_for_load_state()
    assert "gpu_gb=24" in page.url and "commercial=yes" in page.url

    picks = page.locator("ol.picks li[data-pick]")
    listed = page.locator("ol.fits li[data-model]")
    slugs = [picks.nth(i).get_attribute("data-pick") for i in range(picks.count())]
    slugs += [listed.nth(i).get_attribute("data-model") for i in range(listed.count())]
    assert len(slugs) > 3
    # Commercial use without conditions, own and inherited, by the catalog's own filters.
    allowed = export(page, "&commercial=yes&inherited_restriction=no")
    licences = {
        row["slug"]: row["commercial_use"]
        for row in page.request.get("/licenses/?format=json").json()["results"]
    }
    for slug in slugs:
        record = allowed.get(slug)
        assert record is not None, f"{slug} is not commercially usable without conditions"
        assert licences[slug] == "yes"
        assert record["access"] == "open" and record["lifecycle"] == "active"
        assert "text" in record["input_modalities"]
        assert memory_gb(record, 4) <= 24, slug
    # Ranked by the evidence the page names: its first benchmark is a link on the page.
    assert shortlist_rule(page)
    shortlist = page.locator("#shortlist")
    assert "Not considered:" in shortlist.inner_text()
    catalog = shortlist.get_by_role("link", name="The same filters in the model catalog")
    assert "inherited_restriction=no" in catalog.get_attribute("href")


def test_an_impossible_shortlist_says_so_and_what_to_relax(page, seeded):
    page.goto(
        "/decide/?answers=y&commercial=not-needed&run=own-gpu&gpu_gb=8&bits=4"
        "&context=1000000&input=text&reasoning=any"
    )
    page.get_by_label("Yes, a model trained to reason before answering").check()
    page.get_by_role("button", name="Show models that fit").click()
    page.wait_for_load_state()
    shortlist = page.locator("#shortlist")
    assert "No published model in the atlas meets all of these" in shortlist.inner_text()
    assert shortlist.locator("ol.fits").count() == 0

    # From the export: every open, reasoning, million-token model needs more than 8 GB, and
    # the GPU the page suggests is enough for the smallest of them.
    reasoning = export(page, "&access=open&reasoning=yes&context_min=1000000&input_modality=text")
    least = min(memory_gb(record, 4) for record in reasoning.values())
    assert least > 8
    bigger = shortlist.get_by_role("link", name="Use a GPU with")
    gb = int(bigger.inner_text().split()[-2])
    assert gb >= least
    bigger.click()
    page.wait_for_load_state()
    assert f"gpu_gb={gb}" in page.url
    assert page.locator("ol.picks li[data-pick]").count() >= 1


def shortlist_rule(page) -> bool:
    rules = page.locator("#shortlist ul.rules").inner_text()
    return "Order:" in rules and ("benchmark" in rules)


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
        "/decide/?answers=y&commercial=yes&run=own-gpu&gpu_gb=24&input=text",
        "/decide/?answers=y&run=own-gpu&gpu_gb=8&context=1000000&reasoning=yes&input=text",
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


def test_the_form_leads_to_three_picks_and_a_comparison_of_them(page, seeded):
    """The engineer's case: an open chat model for Chinese, commercial use, one 24 GB GPU."""
    page.goto("/decide/?answers=y")
    page.get_by_label("Needed, with no conditions attached").check()
    page.get_by_label("It must run on my own hardware").check()
    page.get_by_label("GPU memory, when it runs on your own hardware").select_option("24")
    page.get_by_label("Purpose").select_option("chat")
    page.get_by_label("Language it must handle, as listed by its maker").select_option("zh")
    page.get_by_label("Input, millions of tokens").fill("30")
    page.get_by_label("Output, millions of tokens").fill("5")
    page.get_by_role("button", name="Show models that fit").click()
    page.wait_for_load_state()
    assert "purpose=chat" in page.url and "language=zh" in page.url
    picks = page.locator("[data-pick]")
    assert picks.count() == 3
    slugs = [picks.nth(i).get_attribute("data-pick") for i in range(3)]
    for i in range(3):
        assert "Chinese listed on the card" in picks.nth(i).locator(".why").inner_text()
    page.get_by_role("link", name="Compare these side by side").click()
    page.wait_for_load_state()
    assert "/compare/" in page.url
    compared = page.locator("table.compare thead th a:not(.remove)")
    hrefs = [compared.nth(i).get_attribute("href") for i in range(compared.count())]
    assert [f"/models/{slug}/" for slug in slugs] == hrefs[:3]
