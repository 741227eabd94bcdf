"""Edit history in the admin: who changed what, field by field; revert; restore after delete;
and no lost edits (the second of two concurrent saves is refused). Runs on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.db.models import F

from catalog.models import LanguageModel, Lineage, Organization
from tests.editorial.helpers import admin_url, form_data, messages_of
from tests.factories import link, make_model, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_carol(client, carol):
    client.force_login(carol)
    return client


def test_an_admin_edit_is_kept_with_its_author_and_shown_field_by_field(as_carol, carol):
    org = make_org(name="Meta AI", kind="company")
    data = form_data(as_carol.get(admin_url(org, "change", org.pk)))
    response = as_carol.post(admin_url(org, "change", org.pk), data | {"name": "Meta"})
    assert response.status_code == 302
    latest = org.history.latest()
    assert latest.history_type == "~" and latest.history_user == carol
    page = as_carol.get(admin_url(org, "history", org.pk)).content.decode()
    assert "Meta AI" in page and "&rarr;" in page and "carol" in page


def test_links_to_organisations_are_kept_in_the_history(as_carol):
    model = make_model(name="Falcon", organizations=[make_org(name="TII")])
    other = make_org(name="LightOn")
    data = form_data(as_carol.get(admin_url(model, "change", model.pk)))
    data["organizations"] = [str(other.pk)]
    assert as_carol.post(admin_url(model, "change", model.pk), data).status_code == 302
    snapshots = [
        [o.organization.name for o in record.organizations.all()]
        for record in model.history.order_by("history_id")
    ]
    assert ["TII"] in snapshots
    assert snapshots[-1] == ["LightOn"]


def test_revert_to_an_earlier_version(as_carol):
    org = make_org(name="Google Brain", kind="company")
    org.name = "Google DeepMind"
    org.save()
    first = org.history.earliest()
    page = as_carol.get(admin_url(org, "simple_history", org.pk, first.history_id))
    assert page.status_code == 200 and "Google Brain" in page.content.decode()
    response = as_carol.post(
        admin_url(org, "simple_history", org.pk, first.history_id), form_data(page)
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Google Brain"
    assert org.history.count() == 3


def test_a_deleted_object_is_restored_from_its_history(client, bob, carol):
    org = make_org(name="EleutherAI", kind="non-profit")
    pk = org.pk
    client.force_login(bob)  # publishers delete
    response = client.post(admin_url(org, "delete", pk), {"post": "yes"})
    assert response.status_code == 302 and not Organization.objects.filter(pk=pk).exists()

    client.force_login(carol)  # an editor finds it among deleted objects and restores it
    deleted = client.get("/changes/deleted/").content.decode()
    assert "EleutherAI" in deleted and admin_url(org, "history", pk) in deleted
    history = client.get(admin_url(org, "history", pk))
    assert history.status_code == 200
    version = Organization.history.filter(id=pk, history_type="+").get()
    page = client.get(admin_url(org, "simple_history", pk, version.history_id))
    response = client.post(
        admin_url(org, "simple_history", pk, version.history_id), form_data(page)
    )
    assert response.status_code == 302
    assert Organization.objects.get(pk=pk).name == "EleutherAI"
    assert client.get("/changes/deleted/").context["changes"] == []


def test_the_second_of_two_concurrent_saves_is_refused_with_what_changed(client, bob, carol):
    org = make_org(name="BigScience", kind="community", country="FR")
    url = admin_url(org, "change", org.pk)
    client.force_login(bob)
    bobs = form_data(client.get(url))
    client.force_login(carol)
    carols = form_data(client.get(url))

    client.force_login(bob)
    assert client.post(url, bobs | {"name": "BigScience Workshop"}).status_code == 302
    client.force_login(carol)
    refused = client.post(url, carols | {"country": "US"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this organization by bob after you opened it" in page
    assert "name: now “BigScience Workshop”" in page
    org.refresh_from_db()
    assert (org.name, org.country) == ("BigScience Workshop", "FR")

    # Having seen the change, carol saves again from the re-shown form: that is deliberate.
    again = form_data(refused)
    assert again["name"] == "BigScience" and again["country"] == "US"
    assert client.post(url, again | {"name": "BigScience Workshop"}).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.country) == ("BigScience Workshop", "US")


def test_an_import_or_script_change_also_makes_an_open_form_stale(as_carol):
    org = make_org(name="Cohere", kind="company")
    url = admin_url(org, "change", org.pk)
    data = form_data(as_carol.get(url))
    Organization.objects.filter(pk=org.pk).update(
        country="CA", updated_at=org.updated_at + datetime.timedelta(seconds=1)
    )
    page = as_carol.post(url, data | {"name": "Cohere AI"}).content.decode()
    assert "your changes were not saved" in page
    assert Organization.objects.get(pk=org.pk).name == "Cohere"


def test_a_parent_released_after_its_child_is_saved_with_a_warning(as_carol):
    child = make_model(name="Vicuna", release_date=datetime.date(2023, 3, 1))
    parent = make_model(name="LLaMA 2", release_date=datetime.date(2023, 7, 1))
    page = as_carol.get(admin_url(child, "change", child.pk))
    data = form_data(page) | {
        "parent_links-0-parent": str(parent.pk),
        "parent_links-0-relation": Lineage.Relation.FINE_TUNED_FROM,
    }
    response = as_carol.post(admin_url(child, "change", child.pk), data, follow=True)
    assert Lineage.objects.filter(child=child, parent=parent).exists()
    warnings = " ".join(messages_of(response))
    assert "Please check: LLaMA 2 (released July 2023) is a parent of Vicuna" in warnings


def test_a_cycle_is_refused_in_plain_words(as_carol):
    a = make_model(name="Alpha")
    b = make_model(name="Beta")
    link(b, a)
    page = as_carol.get(admin_url(Lineage, "add"))
    data = form_data(page) | {
        "child": str(a.pk),
        "parent": str(b.pk),
        "relation": Lineage.Relation.VARIANT_OF,
    }
    content = as_carol.post(admin_url(Lineage, "add"), data).content.decode()
    assert "This link would close a loop in the lineage" in content
    assert not Lineage.objects.filter(child=a).exists()


def test_names_are_unique_ignoring_case_and_slugs_are_checked(as_carol):
    make_org(name="Mistral AI", kind="company")
    data = form_data(as_carol.get(admin_url(Organization, "add")))
    data |= {"name": "mistral ai", "slug": "Bad Slug!", "kind": "company"}
    content = as_carol.post(admin_url(Organization, "add"), data).content.decode()
    assert "An organisation with this name already exists (names are compared ignoring case)" in (
        content
    )
    assert "Use lower-case letters, digits, hyphens and underscores" in content


def test_the_changed_recently_filter(as_carol):
    old = make_model(name="GPT-2")
    LanguageModel.objects.filter(pk=old.pk).update(
        updated_at=old.updated_at - datetime.timedelta(days=30)
    )
    make_model(name="GPT-4")
    page = as_carol.get(admin_url(LanguageModel, "changelist"), {"changed": "7d"})
    names = [m.name for m in page.context["cl"].result_list]
    assert names == ["GPT-4"]


def test_revert_brings_back_the_versions_links(as_carol):
    tii, lighton = make_org(name="TII"), make_org(name="LightOn")
    model = make_model(name="Falcon", organizations=[tii])
    version = model.history.latest()
    model.organizations.set([lighton])
    url = admin_url(model, "simple_history", model.pk, version.history_id)
    page = as_carol.get(url)
    data = form_data(page)
    assert data["organizations"] == [str(tii.pk)]
    assert as_carol.post(url, data).status_code == 302
    assert list(model.organizations.all()) == [tii]


def test_the_admin_home_links_to_deleted_objects_and_public_changes(as_carol):
    page = as_carol.get("/admin/").content.decode()
    assert 'href="/changes/deleted/"' in page and 'href="/changes/"' in page


def an_hour_ago(*models):
    """Move every history row recorded so far an hour back, as if saved then."""
    for model in models:
        model.history.update(history_date=F("history_date") - datetime.timedelta(hours=1))


def test_revert_brings_back_the_versions_parent_links(as_carol):
    base, other = make_model(name="Llama 2"), make_model(name="Mistral")
    model = make_model(name="Zephyr")
    link(model, base, relation="fine-tuned-from", note="DPO on Llama 2")
    an_hour_ago(LanguageModel, Lineage)
    version = model.history.latest()
    model.parent_links.all().delete()
    link(model, other, relation="aligned-from")
    model.name = "Zephyr beta"
    model.save()

    url = admin_url(model, "simple_history", model.pk, version.history_id)
    page = as_carol.get(url)
    assert "brings back this version's parent links: fine-tuned from Llama 2." in " ".join(
        messages_of(page)
    )
    response = as_carol.post(url, form_data(page), follow=True)
    assert "Its parent links were restored" in " ".join(messages_of(response))
    model.refresh_from_db()
    assert model.name == "Zephyr"
    links = [(link.parent.name, link.relation, link.note) for link in model.parent_links.all()]
    assert links == [("Llama 2", "fine-tuned-from", "DPO on Llama 2")]
    assert Lineage.history.filter(child_id=model.pk, history_type="-").count() == 2


def test_parent_links_that_would_close_a_loop_are_left_alone(as_carol):
    base, model = make_model(name="Base"), make_model(name="Tuned")
    link(model, base)
    an_hour_ago(LanguageModel, Lineage)
    version = model.history.latest()
    model.parent_links.all().delete()
    link(base, model)  # the direction changed since: restoring would close a loop
    model.name = "Tuned v2"
    model.save()
    url = admin_url(model, "simple_history", model.pk, version.history_id)
    response = as_carol.post(url, form_data(as_carol.get(url)), follow=True)
    assert "would now close a loop in the lineage" in " ".join(messages_of(response))
    model.refresh_from_db()
    assert model.name == "Tuned" and not model.parent_links.exists()
    assert Lineage.objects.filter(child=base, parent=model).exists()
