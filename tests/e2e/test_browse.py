"""Browse in Chromium: from the home page to a filtered CSV without typing a URL."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from catalog.models import LanguageModel

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_decoder_only_models_by_meta_after_2022_as_csv(page, seeded):
    page.goto("/")
    page.get_by_role("link", name="Browse all").click()
    # The click returns once /models/ starts loading: wait for its (deferred) browse.js, or the
    # filter is checked before anything listens and the URL never follows.
    page.wait_for_url("**/models/")
    page.get_by_label("Decoder-only").check()
    page.wait_for_url("**branch=decoder-only**")
    page.get_by_role("radio", name="Open").check()
    page.wait_for_url("**access=open**")
    page.get_by_role("checkbox", name="Meta").check()
    page.wait_for_url("**org=meta**")
    page.get_by_label("From").fill("2023")
    page.get_by_label("From").press("Enter")
    page.wait_for_url("**year_min=2023**")
    expected = sorted(
        LanguageModel.objects.published()
        .filter(organizations__slug="meta", release_date__year__gte=2023)
        .values_list("slug", flat=True)
    )
    expect(page.get_by_role("heading", name=f"{len(expected)} models")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    assert sorted(r["slug"] for r in rows) == expected
    assert {"llama", "llama-2", "llama-4-maverick"} <= set(expected)
    assert {(r["branch"], r["access"], r["organizations"]) for r in rows} == {
        ("decoder-only", "open", "meta")
    }


def test_the_filter_form_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/models/")
    page.get_by_label("Encoder-only").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "branch=encoder-only" in page.url
    encoders = LanguageModel.objects.published().filter(branch="encoder-only").count()
    expect(page.get_by_role("heading", name=f"{encoders} models")).to_be_visible()
    page.get_by_role("link", name="Remove filter Encoder-only").click()
    total = LanguageModel.objects.published().count()
    expect(page.get_by_role("heading", name=f"{total} models")).to_be_visible()
    context.close()


def test_back_button_restores_the_previous_filters(page, seeded):
    page.goto("/models/")
    page.get_by_label("Encoder-decoder").check()
    page.wait_for_url("**branch=encoder-decoder**")
    pairs = LanguageModel.objects.published().filter(branch="encoder-decoder").count()
    expect(page.get_by_role("heading", name=f"{pairs} models")).to_be_visible()
    page.go_back()
    # A Python-side check: the CSP forbids the string evaluation of wait_for_function.
    expect(page).to_have_url(re.compile(r"^[^?]*(\?(?!.*branch).*)?$"))
    total = LanguageModel.objects.published().count()
    expect(page.get_by_role("heading", name=f"{total} models")).to_be_visible()
