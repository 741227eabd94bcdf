"""Who may do what in the admin: anonymous, carol (editor), bob (publisher), alice (superuser),
against every admin action on every curated model."""

import pytest
from django.contrib import admin

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic
from core.publishing import Status, has_status
from guidance.models import Guideline, Question, Task, TaskCategory
from tests.editorial.helpers import admin_url
from tests.factories import link, make_dataset, make_license, make_model, make_paper, make_topic

pytestmark = pytest.mark.django_db

CURATED_ADMIN = [
    Organization,
    License,
    Dataset,
    Topic,
    Paper,
    LanguageModel,
    Lineage,
    TaskCategory,
    Task,
    Guideline,
    Question,
]
ACTIONS = ("changelist", "add", "change", "delete", "history", "revert")
ALLOWED = {
    "anonymous": set(),
    "carol": {"changelist", "add", "change", "history", "revert"},
    "bob": set(ACTIONS),
    "alice": set(ACTIONS),
}


@pytest.fixture
def objects():
    model = make_model(datasets=[make_dataset()], papers=[make_paper(topics=[make_topic()])])
    model.license = make_license()
    model.save()
    link(make_model(), model)
    category = TaskCategory.objects.create(name="Generation", slug="generation")
    task = Task.objects.create(name="Summarisation", slug="summarisation", category=category)
    Guideline.objects.create(slug="g", task=task, verdict="use-llm", title="Open-ended")
    Question.objects.create(slug="q", label="Mimicking a human?", text="Is the task like that?")
    return {model: model.objects.first() for model in CURATED_ADMIN}


def action_url(model, obj, action):
    if action in ("changelist", "add"):
        return admin_url(model, action)
    if action == "revert":
        version = obj.history.latest()
        return admin_url(model, "simple_history", obj.pk, version.history_id)
    return admin_url(model, action, obj.pk)


def test_every_curated_model_is_in_the_admin_with_history():
    for model in CURATED_ADMIN:
        assert hasattr(admin.site._registry[model], "history_form_view")


@pytest.mark.parametrize("who", sorted(ALLOWED))
@pytest.mark.parametrize("model", CURATED_ADMIN, ids=lambda m: m.__name__)
def test_permission_matrix(client, request, objects, who, model):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for action in ACTIONS:
        response = client.get(action_url(model, objects[model], action))
        if who == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        elif action in ALLOWED[who]:
            assert response.status_code == 200, (who, model, action)
        else:
            assert response.status_code == 403, (who, model, action)


def test_an_editor_cannot_delete_even_by_posting(client, carol, objects):
    client.force_login(carol)
    org = objects[Organization]
    response = client.post(admin_url(Organization, "delete", org.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Organization.objects.filter(pk=org.pk).exists()


@pytest.mark.parametrize("who", ["carol", "bob"])
def test_editors_and_publishers_cannot_touch_users_or_groups(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/auth/user/add/").status_code == 403


def test_only_publishers_see_the_delete_action_on_lists(client, bob, carol, objects):
    client.force_login(carol)
    assert (
        "delete_selected" not in client.get(admin_url(LanguageModel, "changelist")).content.decode()
    )
    client.force_login(bob)
    assert "delete_selected" in client.get(admin_url(LanguageModel, "changelist")).content.decode()


PUBLISHABLE = [m for m in CURATED_ADMIN if has_status(m)]
MAY_PUBLISH = {"anonymous": False, "carol": False, "bob": True, "alice": True}


@pytest.mark.parametrize("who", sorted(MAY_PUBLISH))
@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_publish_and_unpublish_matrix(client, request, objects, who, model):
    """The list actions, for each role on each model with drafts: only publishers change it."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    obj = objects[model]
    if model is License:
        obj.models.update(license=None)  # a licence that published models carry stays published
    model.objects.filter(pk=obj.pk).update(status=Status.DRAFT)
    for action, wanted in (("publish_selected", "published"), ("unpublish_selected", "draft")):
        response = client.post(
            admin_url(model, "changelist"), {"action": action, "_selected_action": [obj.pk]}
        )
        status = model.objects.get(pk=obj.pk).status
        if who == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
            assert status == "draft"
        elif MAY_PUBLISH[who]:
            assert status == wanted, (who, model, action)
        else:
            assert status == "draft", (who, model, action)
