"""The evolutionary tree in Chromium: what a reader sees, finds, zooms and reaches by keyboard."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from catalog.models import LanguageModel, Lineage

pytestmark = pytest.mark.django_db(transaction=True)

BOXES = """() => Array.from(document.querySelectorAll('.tree-level-wide .node[data-model]'))
  .map(g => {
    const rect = g.querySelector('rect').getBoundingClientRect();
    const label = g.querySelector('text.label').getBoundingClientRect();
    const marks = Array.from(g.querySelectorAll('.org')).map(m => m.getBoundingClientRect());
    return {
      slug: g.dataset.model,
      rect: [rect.left, rect.top, rect.right, rect.bottom],
      label: [label.left, label.top, label.right, label.bottom],
      marks: marks.map(m => [m.left, m.top, m.right, m.bottom]),
    };
  })"""


def inside(inner, outer, slack=0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


# What the first view shows: every box and lane title inside the box, and the smallest label's
# size on screen (its font size times the drawing's scale).
FIRST_VIEW = """() => {
  const box = document.getElementById('tree-viewport').getBoundingClientRect();
  const svg = Array.from(document.querySelectorAll('#tree-viewport svg.atlas-tree'))
    .find(s => s.getClientRects().length);
  const scale = svg.getScreenCTM().a;
  const inside = r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
    && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
  const shapes = Array.from(svg.querySelectorAll('.node[data-model] > rect, .group > rect'));
  const chart = Array.from(svg.querySelectorAll('.org-chart > rect'));
  const lanes = Array.from(svg.querySelectorAll('.lane-title'));
  const labels = Array.from(svg.querySelectorAll('text.label, .lane-title, .org-chart text'));
  return {
    shapes: shapes.length,
    chart: svg.querySelectorAll('.org-chart .name').length,
    outside: shapes.concat(lanes, chart).filter(e => !inside(e.getBoundingClientRect())).length,
    lanes: lanes.map(t => t.firstChild.textContent.trim()),
    smallest: Math.min(...labels.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    scrolls: svg.getBoundingClientRect().width > box.width + 1,
  };
}"""


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_first_view_shows_every_lane_and_box_with_legible_labels(
    browser, live_server, seeded, width, height
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto("/tree/")
    seen = page.evaluate(FIRST_VIEW)
    context.close()
    assert seen["shapes"] > 20
    if width >= 1200:  # the organisations' chart in the drawing's free corner, as in the survey
        assert seen["chart"] >= 6
    assert seen["outside"] == 0
    assert len(seen["lanes"]) == 5
    assert seen["smallest"] >= 9
    assert not seen["scrolls"]


def test_every_label_fits_its_box_and_no_boxes_overlap_as_drawn(page, seeded):
    page.goto("/tree/?expand=all")
    boxes = page.evaluate(BOXES)
    assert len(boxes) == LanguageModel.objects.published().count()
    for box in boxes:
        assert inside(box["label"], box["rect"]), box["slug"]
        for mark in box["marks"]:
            assert inside(mark, box["rect"]), box["slug"]
            assert mark[0] >= box["label"][2], f"{box['slug']}: marker over the name"
    rects = sorted((b["rect"], b["slug"]) for b in boxes)
    for i, (a, slug_a) in enumerate(rects):
        for b, slug_b in rects[i + 1 :]:
            if b[0] >= a[2]:
                break
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (slug_a, slug_b)


def descendants(slug: str) -> set[str]:
    """Every published model derived, at any distance, from `slug`."""
    children = {}
    for parent, child in Lineage.objects.published().values_list("parent__slug", "child__slug"):
        children.setdefault(parent, set()).add(child)
    found, todo = set(), [slug]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def test_find_a_model_lights_its_lineage_and_brings_it_into_view(page, seeded):
    page.goto("/tree/")
    page.get_by_role("combobox", name="Find a model").fill("llama")
    page.get_by_role("button", name="Show its lineage").click()
    page.wait_for_url(re.compile(r"highlight=llama"))
    below = descendants("llama")
    assert {"alpaca", "vicuna", "llama-2", "llama-4-scout"} <= below
    text = f"Lineage of LLaMA: 0 ancestors and {len(below)} descendants"
    assert page.get_by_text(text).is_visible()
    lit = page.locator(".tree-level-wide svg.atlas-tree .node.highlight[data-model]")
    assert set(lit.evaluate_all("els => els.map(e => e.dataset.model)")) == below | {"llama"}
    # The whole lineage is framed: every lit box inside the box.
    viewport = page.locator("#tree-viewport").bounding_box()
    for box in lit.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert viewport["x"] - 1 <= box["x"] <= viewport["x"] + viewport["width"]
        assert viewport["y"] - 1 <= box["y"] <= viewport["y"] + viewport["height"]


def test_filters_fade_models_on_the_page(page, seeded):
    page.goto("/tree/?branch=encoder-only&expand=all")
    faded = page.locator(".tree-level-wide svg.atlas-tree .node.dimmed[data-model]")
    shown = page.locator(".tree-level-wide svg.atlas-tree .node:not(.dimmed)[data-model]")
    total = LanguageModel.objects.published().count()
    encoders = LanguageModel.objects.published().filter(branch="encoder-only").count()
    assert shown.count() == encoders and faded.count() == total - encoders
    assert float(faded.first.evaluate("e => getComputedStyle(e).opacity")) < 0.5
    assert page.get_by_text(f"{encoders} of {total} models match the filters").is_visible()


def test_zoom_buttons_and_keys(page, seeded):
    page.goto("/tree/")
    svg = page.locator(".tree-level-wide svg.atlas-tree")
    natural = float(svg.get_attribute("width"))
    fitted = svg.bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    assert svg.bounding_box()["width"] == pytest.approx(fitted * 1.25, rel=0.01)
    page.get_by_role("button", name="Fit the whole tree in view").click()
    viewport = page.locator("#tree-viewport").bounding_box()
    assert svg.bounding_box()["width"] <= viewport["width"]
    page.locator("#tree-viewport").focus()
    page.keyboard.press("0")
    assert svg.bounding_box()["width"] == pytest.approx(natural, rel=0.01)
    page.keyboard.press("-")
    assert svg.bounding_box()["width"] == pytest.approx(natural / 1.25, rel=0.01)


# The models drawn in the box, those whose box is in view, and the smallest label in view on
# screen (font size times the drawing's scale).
IN_VIEW = """() => {
  const box = document.getElementById('tree-viewport').getBoundingClientRect();
  const svg = Array.from(document.querySelectorAll('#tree-viewport svg.atlas-tree'))
    .find(s => s.getClientRects().length);
  const scale = svg.getScreenCTM().a;
  const nodes = Array.from(svg.querySelectorAll('.node[data-model]'));
  const seen = nodes.filter(g => {
    const r = g.querySelector('rect').getBoundingClientRect();
    return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  });
  return {
    drawn: nodes.map(g => g.dataset.model),
    seen: seen.map(g => g.dataset.model),
    smallest: Math.min(...seen.map(g =>
      parseFloat(getComputedStyle(g.querySelector('text.label')).fontSize) * scale)),
  };
}"""


def test_zooming_in_opens_the_families_in_view_and_zooming_out_folds_them(page, seeded):
    page.goto("/tree/")
    viewport = page.locator("#tree-viewport")
    assert viewport.get_attribute("data-level") == "overview"
    overview = page.evaluate(IN_VIEW)
    for _ in range(3):
        page.get_by_role("button", name="Zoom in").click()
    page.wait_for_selector('#tree-viewport[data-level="detail"]')
    detail = page.evaluate(IN_VIEW)
    only_in_detail = set(detail["seen"]) - set(overview["drawn"])
    assert only_in_detail, "no model that the overview folds is in view"
    assert detail["smallest"] >= 9
    assert page.locator("#tree-viewport svg.atlas-tree").count() == 1  # one drawing, one set of ids
    for _ in range(2):
        page.get_by_role("button", name="Zoom out").click()
    page.wait_for_selector('#tree-viewport[data-level="overview"]')
    assert set(page.evaluate(IN_VIEW)["drawn"]) == set(overview["drawn"])


PINCH = """([x, y, from, to]) => {
  const box = document.getElementById('tree-viewport');
  const send = (type, id, dx) => box.dispatchEvent(new PointerEvent(type, {
    pointerId: id, pointerType: 'touch', isPrimary: id === 1, bubbles: true, cancelable: true,
    clientX: x + dx, clientY: y,
  }));
  send('pointerdown', 1, -from / 2);
  send('pointerdown', 2, from / 2);
  for (let step = 1; step <= 4; step++) send('pointermove', 2, from / 2 + (to - from) * step / 4);
  send('pointerup', 2, to / 2);
  send('pointerup', 1, -from / 2);
}"""


def test_a_pinch_on_a_phone_zooms_and_opens_what_is_in_view(browser, live_server, seeded):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, has_touch=True
    )
    page = context.new_page()
    page.goto("/tree/")
    box = page.locator("#tree-viewport").bounding_box()
    middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    page.evaluate(PINCH, [*middle, 40, 100])  # fingers 2.5 times as far apart
    page.wait_for_selector('#tree-viewport[data-level="detail"]')
    level = page.locator(".tree-zoom output").inner_text()
    context.close()
    assert int(level.split()[0]) >= 115


def test_a_folded_group_opens_on_click_and_frames_what_it_held(page, seeded):
    page.goto("/tree/")
    group = page.locator(".tree-level-wide .group[data-group]").first
    key = group.get_attribute("data-group")
    held = int(group.get_attribute("data-count"))
    group.click()
    page.wait_for_url(re.compile(r"unfold="))
    opened = page.locator(f'.tree-level-wide [data-cell="{key}"]')
    assert opened.count() >= 1
    names = opened.evaluate_all(
        "els => els.map(g => g.querySelector('.unfold text') ? +g.querySelector('.unfold text')"
        ".textContent : 1)"
    )
    assert sum(names) == held  # every model it held, as itself or in a family's count
    box = page.locator("#tree-viewport").bounding_box()
    for rect in opened.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert (
            box["x"] - 1 <= rect["x"] and rect["x"] + rect["width"] <= box["x"] + box["width"] + 1
        )
        assert (
            box["y"] - 1 <= rect["y"] and rect["y"] + rect["height"] <= box["y"] + box["height"] + 1
        )


def test_a_phone_overview_box_is_named_for_what_it_holds_and_opens_on_a_tap(
    browser, live_server, seeded
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, has_touch=True
    )
    page = context.new_page()
    page.goto("/tree/")
    name = re.compile(r"^\d+ decoder-only models, 2023–\d{4}, in \d+ families that began in 2023: ")
    box = page.locator(".tree-level-narrow").get_by_role("link", name=name)
    assert box.count() == 1
    box.tap()
    page.wait_for_url(re.compile(r"unfold=decoder-only%3A2023"))
    page.wait_for_function(
        "document.getElementById('tree-viewport').classList.contains('is-fitted')"
    )
    seen = page.evaluate(
        IN_VIEW.replace(".node[data-model]", '.node[data-cell="decoder-only:2023"]')
    )
    context.close()
    assert len(seen["seen"]) >= 2
    assert seen["smallest"] >= 9


def test_boxes_are_links_named_by_their_description_and_reached_by_keyboard(page, seeded):
    page.goto("/tree/?expand=all")
    link = page.get_by_role("link", name=re.compile(r"^GPT-3: decoder-only, closed"))
    assert link.count() == 1
    link.focus()
    assert page.evaluate("document.activeElement.id") == "tree-node-gpt-3"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id").startswith("tree-node-")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/models/gpt-3/")
    assert page.get_by_role("heading", level=1).inner_text() == "GPT-3"


def test_without_javascript_the_tree_is_complete(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tree/?highlight=t5&expand=all")
    total = LanguageModel.objects.published().count()
    assert page.locator("svg.atlas-tree .node[data-model]").count() == total
    assert page.locator(".tree-zoom").count() == 0
    page.get_by_role("link", name="Show it in the tree").click()
    node = page.locator('.node[data-model="t5"]').bounding_box()
    viewport = page.locator("#tree-viewport").bounding_box()
    assert viewport["y"] <= node["y"] <= viewport["y"] + viewport["height"]
    context.close()


@pytest.mark.parametrize("path", ["/tree/", "/tree/?branch=decoder-only&highlight=llama&org=ghost"])
def test_tree_page_has_no_accessibility_violations(page, seeded, path):
    page.goto(path)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []


def test_tree_filters_are_the_models_facets_and_apply_at_once(page, seeded):
    page.goto("/tree/?expand=all")
    facets = page.locator("#facets")
    assert not facets.is_visible()  # folded behind its button
    page.get_by_role("button", name="Filters").click()
    assert facets.is_visible()
    option = facets.locator("#facet-branch label", has_text="Encoder-only")
    assert option.locator(".count").inner_text().strip() != ""  # counts, as on /models/
    option.click()
    page.wait_for_url(re.compile(r"branch=encoder-only"))
    total = LanguageModel.objects.published().count()
    encoders = LanguageModel.objects.published().filter(branch="encoder-only").count()
    assert page.get_by_text(f"{encoders} of {total} models match the filters").is_visible()
    shown = page.locator(".tree-level-wide .node:not(.dimmed)[data-model]")
    assert shown.count() == encoders
    assert page.get_by_role("button", name="Filters (1)").get_attribute("aria-expanded") == "true"


def test_models_filters_fold_behind_a_button_on_a_phone(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/models/")
    assert not page.locator("#facets").is_visible()
    page.get_by_role("button", name="Filters").click()
    assert page.locator("#facets").is_visible()
    context.close()
