"""The editorial workflow in Chromium: an editor adds a model, readers cannot see the draft,
a publisher publishes it and readers can.

Each person has a browser context of their own (their own cookies), as three people would.
"""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from catalog.models import LanguageModel, Lineage
from core.publishing import Status
from editorial.roles import EDITORS, PUBLISHERS
from tests.editorial.conftest import make_user
from tests.factories import make_license, make_model, make_org

pytestmark = pytest.mark.django_db(transaction=True)

# For a person to look at the layout: /tmp/editorial-*.png (the temporary directory).
SCREENSHOTS = Path(tempfile.gettempdir())
NAME, SLUG = "Atlas Chat 7B", "atlas-chat-7b"


@pytest.fixture
def existing(transactional_db):
    """Published things the new model will point to."""
    org = make_org("Northwind Labs")
    licence = make_license("Northwind Open Licence")
    parent = make_model(
        "Northwind Base 7B", slug="northwind-base-7b", organizations=[org], license=licence
    )
    return org, licence, parent


def sign_in(page, username):
    page.goto("/admin/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def choose(page, field, search, option):
    """Picks `option` in the autocomplete (select2) widget of `field`, typing `search`."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#id_{field} + .select2")).to_contain_text(option)


def test_an_editor_drafts_a_model_and_a_publisher_publishes_it(new_page, existing):
    org, licence, parent = existing
    make_user("carol", EDITORS)
    make_user("bob", PUBLISHERS)

    # Carol, an editor, adds the model on one page.
    carol = new_page()
    sign_in(carol, "carol")
    carol.get_by_role("link", name="Language models").click()
    carol.get_by_role("link", name="Add language model").click()
    # Loaded: the admin's script that fills the slug from the name runs after the form.
    carol.wait_for_url("**/languagemodel/add/")
    carol.get_by_label("Name:").press_sequentially(NAME)
    expect(carol.get_by_label("Slug:")).to_have_value(SLUG)
    carol.get_by_label("Branch:").select_option(label="Decoder-only")
    choose(carol, "organizations", "North", org.name)
    carol.get_by_label("Access:").select_option(label="Open")
    carol.get_by_label("Release date:").fill("2024-03-01")
    choose(carol, "license", "North", licence.name)
    choose(carol, "parent_links-0-parent", "Base", parent.name)
    carol.locator("#id_parent_links-0-relation").select_option(label="fine-tuned from")
    carol.get_by_role("button", name="Save", exact=True).click()
    expect(carol.locator(".messagelist")).to_contain_text(
        f"“{NAME}” is a draft: readers will see it once a publisher publishes it."
    )
    model = LanguageModel.objects.get(slug=SLUG)
    assert model.status == Status.DRAFT
    assert list(model.organizations.all()) == [org]
    assert model.license == licence
    assert [(p.parent, p.relation) for p in model.parent_links.all()] == [
        (parent, Lineage.Relation.FINE_TUNED_FROM)
    ]

    # Her change form shows the status but offers no way to publish.
    carol.locator("#result_list").get_by_role("link", name=NAME).click()
    expect(carol.get_by_text("A draft: only editors see it.")).to_be_visible()
    expect(carol.locator("input[name=_publish]")).to_have_count(0)
    expect(carol.get_by_role("button", name="Save and publish")).to_have_count(0)

    # A reader sees nothing of the draft.
    reader = new_page()
    response = reader.goto(f"/models/{SLUG}/")
    assert response.status == 404
    expect(reader.get_by_role("heading", name="Not Found")).to_be_visible()
    reader.goto("/models/")
    expect(reader.get_by_role("link", name=parent.name)).to_be_visible()
    expect(reader.get_by_role("link", name=NAME)).to_have_count(0)
    reader.goto(parent.get_absolute_url())
    expect(reader.get_by_role("heading", name=parent.name, level=1)).to_be_visible()
    expect(reader.locator("body")).not_to_contain_text(NAME)

    # Bob, a publisher, finds the draft and publishes it.
    bob = new_page()
    sign_in(bob, "bob")
    bob.get_by_role("link", name="Language models").click()
    bob.get_by_role("link", name="Draft", exact=True).click()
    bob.wait_for_url("**status__exact=draft**")
    bob.locator("#result_list").get_by_role("link", name=NAME).click()
    publish = bob.get_by_role("button", name="Save and publish")
    expect(publish).to_be_visible()
    bob.screenshot(path=SCREENSHOTS / "editorial-change-form.png", full_page=True)
    publish.click()
    expect(bob.locator(".messagelist")).to_contain_text(f"“{NAME}” was changed successfully")
    model.refresh_from_db()
    assert model.status == Status.PUBLISHED

    # The reader now finds it everywhere.
    response = reader.goto(f"/models/{SLUG}/")
    assert response.status == 200
    expect(reader.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(reader.locator("dl.facts").first).to_contain_text(org.name)
    comes_from = reader.get_by_role("list", name=f"What {NAME} comes from")
    expect(comes_from).to_contain_text(f"Fine-tuned from {parent.name}")
    expect(comes_from.get_by_role("link", name=parent.name)).to_have_attribute(
        "href", parent.get_absolute_url()
    )
    reader.screenshot(path=SCREENSHOTS / "editorial-published-model.png", full_page=True)
    reader.goto("/models/")
    expect(reader.get_by_role("link", name=NAME)).to_be_visible()
    reader.goto("/changes/")
    change = reader.get_by_role("listitem").filter(has=reader.get_by_role("link", name=NAME))
    expect(change).to_contain_text(f"Language model published: {NAME}")
    expect(reader).to_have_title(re.compile("Recent changes"))
