"""A reader switches languages both ways in the browser; the choice outlives Accept-Language."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reader(browser, live_server):
    """A page in a browser that prefers Chinese (Accept-Language: zh-CN)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_a_chinese_reader_lands_in_chinese_and_switches_both_ways(reader, seeded, live_server):
    reader.goto("/models/qwen3/")
    assert reader.url == f"{live_server.url}/zh-hans/models/qwen3/"
    expect(reader.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(reader.get_by_role("navigation", name="主导航")).to_contain_text("模型")
    reader.get_by_role("link", name="English").click()
    assert reader.url == f"{live_server.url}/models/qwen3/"
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    reader.goto("/tasks/")  # the choice is remembered: no redirect any more
    assert reader.url == f"{live_server.url}/tasks/"
    expect(reader.get_by_role("heading", level=1)).not_to_contain_text("任务")
    reader.get_by_role("link", name="中文").click()
    assert reader.url == f"{live_server.url}/zh-hans/tasks/"
    reader.goto("/glossary/")  # an English address leads to the chosen language
    assert reader.url == f"{live_server.url}/zh-hans/glossary/"


def test_an_english_reader_stays_in_english(page, seeded, live_server):
    page.goto("/decide/")
    assert page.url == f"{live_server.url}/decide/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="中文")).to_have_attribute("hreflang", "zh-hans")
