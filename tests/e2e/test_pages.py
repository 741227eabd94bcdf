"""A reader finds a model from the home page and reads its lineage, in Chromium."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_home_to_a_model_and_its_parent(page, seeded):
    page.goto("/")
    page.get_by_role("link", name="Browse all").click()
    page.get_by_label("Search models").fill("alpaca")
    page.get_by_label("Search models").press("Enter")
    page.get_by_role("link", name="Alpaca", exact=True).click()
    page.wait_for_url("**/models/alpaca/")  # the click returns once the page starts loading
    assert page.get_by_role("heading", level=1).inner_text() == "Alpaca"
    page.get_by_role("list", name="What Alpaca comes from").get_by_role(
        "link", name="LLaMA", exact=True
    ).click()
    page.wait_for_url("**/models/llama/")
    assert page.get_by_role("heading", level=1).inner_text() == "LLaMA"
    descendants = page.get_by_role("list", name="What came from LLaMA")
    assert "Alpaca, instruction-tuned from LLaMA" in descendants.inner_text()
