"""Drafts and review in the admin: new objects start as drafts, publishers publish and
unpublish (button and list action), editors cannot, and the rules that keep drafts hidden
(a published model needs a published licence) are said in plain words.

The permission matrix at the end covers every public URL of a draft for anonymous, carol
(editor), bob (publisher) and alice (superuser): a 404 for all, the admin page for editors.
"""

import logging

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, License, Organization
from core.publishing import Status
from guidance.models import Guideline
from tests.editorial.helpers import admin_url, form_data, messages_of
from tests.factories import make_dataset, make_license, make_model, make_org, make_paper
from tests.guidance.factories import make_task

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Status.DRAFT, Status.PUBLISHED


def add_organisation(client, name="Mistral AI", extra=None):
    page = client.get(admin_url(Organization, "add"))
    data = form_data(page) | {"name": name, "slug": name.lower().replace(" ", "-")}
    data |= {"kind": "company"} | (extra or {})
    return client.post(admin_url(Organization, "add"), data, follow=True)


@pytest.mark.parametrize("who", ["carol", "bob", "alice"])
def test_a_new_object_starts_as_a_draft_whoever_adds_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = add_organisation(client)
    org = Organization.objects.get(slug="mistral-ai")
    assert org.status == DRAFT
    assert any("is a draft" in m for m in messages_of(response))
    assert client.get(org.get_absolute_url()).status_code == 404


def test_a_publisher_adds_and_publishes_in_one_step(client, bob):
    client.force_login(bob)
    add_organisation(client, extra={"_publish": "Save and publish"})
    org = Organization.objects.get(slug="mistral-ai")
    assert org.status == PUBLISHED
    assert client.get(org.get_absolute_url()).status_code == 200


def test_the_change_form_shows_the_button_to_publishers_only(client, bob, carol):
    org = make_org(status=DRAFT)
    client.force_login(carol)
    page = client.get(admin_url(org, "change", org.pk)).content.decode()
    assert 'name="_publish"' not in page and "A draft: only editors see it" in page
    client.force_login(bob)
    page = client.get(admin_url(org, "change", org.pk)).content.decode()
    assert 'name="_publish"' in page and 'name="_unpublish"' not in page
    org.status = PUBLISHED
    org.save()
    page = client.get(admin_url(org, "change", org.pk)).content.decode()
    assert 'name="_unpublish"' in page and 'name="_publish"' not in page


def test_an_editor_cannot_publish_even_by_posting(client, carol, caplog):
    org = make_org(status=DRAFT)
    client.force_login(carol)
    data = form_data(client.get(admin_url(org, "change", org.pk)))
    with caplog.at_level(logging.WARNING, logger="security"):
        response = client.post(admin_url(org, "change", org.pk), data | {"_publish": "1"})
    assert response.status_code == 403
    assert f"permission denied: POST {admin_url(org, 'change', org.pk)} for carol" in caplog.text
    org.refresh_from_db()
    assert org.status == DRAFT
    changelist = client.get(admin_url(Organization, "changelist")).content.decode()
    assert "publish_selected" not in changelist
    response = client.post(
        admin_url(Organization, "changelist"),
        {"action": "publish_selected", "_selected_action": [org.pk]},
    )
    org.refresh_from_db()
    assert org.status == DRAFT


def test_an_editors_edit_keeps_the_status(client, carol):
    published, draft = make_org(name="Published"), make_org(name="Draft", status=DRAFT)
    client.force_login(carol)
    for org in (published, draft):
        data = form_data(client.get(admin_url(org, "change", org.pk)))
        client.post(admin_url(org, "change", org.pk), data | {"country": "FR"})
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, published.country) == (PUBLISHED, "FR")
    assert (draft.status, draft.country) == (DRAFT, "FR")


def test_publish_and_unpublish_with_the_button_are_in_the_history(client, bob):
    org = make_org(status=DRAFT)
    client.force_login(bob)
    data = form_data(client.get(admin_url(org, "change", org.pk)))
    assert (
        client.post(admin_url(org, "change", org.pk), data | {"_publish": "1"}).status_code == 302
    )
    org.refresh_from_db()
    assert org.status == PUBLISHED
    assert org.history.latest().history_change_reason == "published"
    data = form_data(client.get(admin_url(org, "change", org.pk)))
    client.post(admin_url(org, "change", org.pk), data | {"_unpublish": "1"})
    org.refresh_from_db()
    assert org.status == DRAFT
    assert org.history.latest().history_change_reason == "unpublished"
    assert client.get(org.get_absolute_url()).status_code == 404


def test_publish_and_unpublish_selected(client, bob):
    drafts = [make_org(status=DRAFT) for _ in range(3)]
    client.force_login(bob)
    url = admin_url(Organization, "changelist")
    response = client.post(
        url,
        {"action": "publish_selected", "_selected_action": [o.pk for o in drafts[:2]]},
        follow=True,
    )
    assert any(m.startswith("2 published") for m in messages_of(response))
    statuses = [Organization.objects.get(pk=o.pk).status for o in drafts]
    assert statuses == [PUBLISHED, PUBLISHED, DRAFT]
    client.post(url, {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]})
    assert Organization.objects.get(pk=drafts[0].pk).status == DRAFT


def test_status_column_and_filter_on_the_list(client, carol):
    make_org(name="Visible"), make_org(name="Hidden", status=DRAFT)
    client.force_login(carol)
    response = client.get(admin_url(Organization, "changelist") + "?status__exact=draft")
    assert [o.name for o in response.context["cl"].result_list] == ["Hidden"]
    assert "column-status" in response.content.decode()


def test_a_published_model_needs_a_published_licence(client, bob):
    licence = make_license(name="Draft terms", status=DRAFT)
    model = make_model(status=DRAFT, license=licence)
    client.force_login(bob)
    data = form_data(client.get(admin_url(model, "change", model.pk)))
    response = client.post(admin_url(model, "change", model.pk), data | {"_publish": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Draft terms” is still a draft" in page
    # The form shown again says what is stored: a draft, with its publish button, no site link.
    assert response.context["adminform"].form.instance.status == DRAFT
    assert 'name="_publish"' in page and "viewsitelink" not in page
    model.refresh_from_db()
    assert model.status == DRAFT

    response = client.post(
        admin_url(LanguageModel, "changelist"),
        {"action": "publish_selected", "_selected_action": [model.pk]},
        follow=True,
    )
    assert any("Not changed" in m and "still a draft" in m for m in messages_of(response))
    model.refresh_from_db()
    assert model.status == DRAFT


def test_a_licence_in_use_cannot_go_back_to_draft(client, bob):
    licence = make_license(name="Apache 2.0")
    make_model(name="Falcon", license=licence)
    client.force_login(bob)
    response = client.post(
        admin_url(License, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [licence.pk]},
        follow=True,
    )
    assert any("Falcon" in m and "cannot go back to draft" in m for m in messages_of(response))
    licence.refresh_from_db()
    assert licence.status == PUBLISHED


def test_revert_keeps_the_current_status(client, bob):
    org = make_org(name="Old name", status=DRAFT)
    org.name, org.status = "New name", PUBLISHED
    org.save()
    draft_version = org.history.earliest()
    client.force_login(bob)
    url = admin_url(org, "simple_history", org.pk, draft_version.history_id)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.status) == ("Old name", PUBLISHED)


def test_an_object_restored_after_deletion_comes_back_as_a_draft(client, bob):
    org = make_org(name="EleutherAI")
    pk = org.pk
    client.force_login(bob)
    client.post(admin_url(org, "delete", pk), {"post": "yes"})
    version = Organization.history.filter(id=pk, history_type="+").get()
    url = admin_url(Organization, "simple_history", pk, version.history_id)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert Organization.objects.get(pk=pk).status == DRAFT


def test_new_rows_of_an_inline_start_as_drafts(client, carol):
    task = make_task()
    client.force_login(carol)
    data = form_data(client.get(admin_url(task, "change", task.pk)))
    prefix = "guidelines"
    data |= {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-title": "A new case",
        f"{prefix}-0-verdict": "use-llm",
        f"{prefix}-0-slug": "a-new-case",
    }
    response = client.post(admin_url(task, "change", task.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Guideline.objects.get(slug="a-new-case").status == DRAFT


def test_no_view_on_site_link_for_a_draft(client, carol):
    draft, published = make_org(status=DRAFT), make_org()
    client.force_login(carol)
    assert "viewsitelink" not in client.get(admin_url(draft, "change", draft.pk)).content.decode()
    page = client.get(admin_url(published, "change", published.pk)).content.decode()
    assert "viewsitelink" in page and published.get_absolute_url() in page


# --- Permission matrix: every public URL of a draft --------------------------------------


@pytest.fixture
def drafts():
    licence = make_license(status=DRAFT)
    model = make_model(
        name="Draft model",
        status=DRAFT,
        license=licence,
        organizations=[make_org(status=DRAFT)],
        datasets=[make_dataset(status=DRAFT)],
        papers=[make_paper(status=DRAFT)],
    )
    task = make_task(status=DRAFT)
    return {
        "model": model,
        "organization": model.organizations.get(),
        "dataset": model.datasets.get(),
        "paper": model.papers.get(),
        "task": task,
        "licence": licence,
    }


def public_urls_of(drafts) -> list[str]:
    model, paper = drafts["model"], drafts["paper"]
    return [
        model.get_absolute_url(),
        drafts["organization"].get_absolute_url(),
        drafts["dataset"].get_absolute_url(),
        paper.get_absolute_url(),
        paper.get_absolute_url() + "?format=bib",
        drafts["task"].get_absolute_url(),
        reverse("api:model-detail", args=[model.slug]),
        reverse("api:model-lineage", args=[model.slug]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "carol", "bob", "alice"])
def test_permission_matrix_for_the_public_urls_of_drafts(client, request, drafts, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in public_urls_of(drafts):
        assert client.get(url).status_code == 404, (who, url)
    for obj in drafts.values():
        response = client.get(admin_url(obj, "change", obj.pk))
        if who == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            assert response.status_code == 200, (who, obj)
    # Published, the same pages are there for everyone: the 404s above come from the status.
    for obj in drafts.values():
        type(obj).objects.filter(pk=obj.pk).update(status=PUBLISHED)
    for url in public_urls_of(drafts):
        assert client.get(url).status_code == 200, (who, url)
