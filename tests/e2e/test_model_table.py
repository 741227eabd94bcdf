"""/models/ in Chromium: columns chosen through the form (with and without JavaScript), the
table's density at 1280×800 and cards without sideways scrolling on a 390 px phone."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import LanguageModel

pytestmark = pytest.mark.django_db(transaction=True)

ROWS_IN_VIEW = """() => [...document.querySelectorAll('#results tbody tr')].filter(row => {
  const box = row.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def heads(page) -> list[str]:
    return [text.strip() for text in page.locator("#results thead th").all_inner_texts()]


def test_columns_chosen_through_the_form_follow_in_the_url_and_the_header(new_page, seeded):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/models/")
    page.wait_for_load_state("load")  # browse.js and model-table.js listen from here
    page.get_by_text("Columns", exact=True).click()
    page.locator("#col-context").check()
    page.wait_for_url(re.compile(r"col=context"))
    expect(page.locator("#col-price_in")).to_be_visible()  # the fold stays open
    page.locator("#col-price_in").check()
    page.wait_for_url(re.compile(r"col=context&col=price_in"))
    page.locator("#id_benchmark").select_option("mmlu")
    page.wait_for_url(re.compile(r"benchmark=mmlu"))
    assert heads(page)[-3:] == ["CONTEXT", "INPUT $", "MMLU"]
    scored = LanguageModel.objects.published().filter(results__benchmark__slug="mmlu")
    expect(page.get_by_role("heading", name=f"{scored.distinct().count()} models")).to_be_visible()
    page.keyboard.press("Escape")  # closes the fold
    expect(page.locator("#col-price_in")).to_be_hidden()
    # A head sorts by its column; the columns stay.
    page.locator("#results thead th.col-context a").click()
    page.wait_for_url(re.compile(r"sort=-context"))
    assert "col=context" in page.url and "col=price_in" in page.url
    expect(page.locator("#results thead th.col-context")).to_have_attribute(
        "aria-sort", "descending"
    )


def test_the_column_form_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/models/?tool_use=yes")
    page.get_by_text("Columns", exact=True).click()
    page.locator("#col-max_output").check()
    page.locator("#col-languages").check()
    page.get_by_role("button", name="Show columns").click()
    assert "col=max_output" in page.url and "col=languages" in page.url
    assert "tool_use=yes" in page.url  # the filters go along
    assert heads(page)[-2:] == ["MAX OUTPUT", "LANGUAGES"]
    page.get_by_role("link", name="Next →").click()
    assert "col=max_output" in page.url and "page=2" in page.url
    context.close()


def test_a_laptop_screen_shows_a_dozen_rows_and_nothing_overflows(new_page, seeded):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/models/")
    assert page.evaluate(ROWS_IN_VIEW) >= 12
    assert page.evaluate(OVERFLOW) <= 0
    table = page.locator("#results table").bounding_box()
    results = page.locator("#results").bounding_box()
    assert table["x"] + table["width"] <= results["x"] + results["width"] + 0.5
    # Four added columns still fit beside the filters.
    page.goto("/models/?col=context&col=price_in&col=price_out&col=knowledge_cutoff")
    assert page.evaluate(ROWS_IN_VIEW) >= 12
    assert page.evaluate(OVERFLOW) <= 0
    box = page.locator(".model-table-scroll").bounding_box()
    assert page.locator("#results table").bounding_box()["width"] <= box["width"] + 0.5


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?col=context&col=max_output&col=price_in&col=price_out&col=knowledge_cutoff"
        "&col=languages&col=modalities&col=purposes&benchmark=mmlu",
    ],
    ids=["base", "every column"],
)
def test_a_phone_gets_cards_and_no_sideways_scrolling(new_page, seeded, query):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/models/" + query)
    assert page.evaluate(OVERFLOW) <= 0
    expect(page.locator("#results thead")).to_be_hidden()
    first = page.locator("#results tbody tr").first.bounding_box()
    assert first["width"] <= 390
    assert (
        page.locator("#results tbody tr").first.evaluate("row => getComputedStyle(row).display")
        == "grid"
    )
