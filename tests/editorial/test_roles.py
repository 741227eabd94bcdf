"""The Editors and Publishers groups, and `manage.py createeditor`."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from editorial.roles import EDITORS, PUBLISHERS, curated

pytestmark = pytest.mark.django_db

CURATED_MODELS = curated(apps)


def test_the_curated_models_are_found_by_their_edit_history():
    """Every model whose edits are recorded, and nothing else (no historical model, no
    editor preference)."""
    assert set(CURATED_MODELS) == {
        ("catalog", name)
        for name in ("organization", "license", "dataset", "topic", "paper", "languagemodel")
    } | {
        ("catalog", name)
        for name in ("family", "lineage", "modelsize", "pastlicense", "offering", "offeringprice")
    } | {("core", "citation"), ("upstream", "mapping"), ("upstream", "proposal")} | {
        ("evidence", "benchmark"),
        ("evidence", "result"),
    } | {
        ("guidance", name)
        for name in ("taskcategory", "task", "guideline", "evidence", "question", "flowanswer")
    }


@pytest.mark.parametrize(("app", "model"), CURATED_MODELS)
def test_an_editor_adds_and_changes_but_never_deletes_or_publishes(carol, app, model):
    assert carol.has_perm(f"{app}.add_{model}")
    assert carol.has_perm(f"{app}.change_{model}")
    assert carol.has_perm(f"{app}.view_{model}")
    assert not carol.has_perm(f"{app}.delete_{model}")
    assert not carol.has_perm(f"{app}.publish_{model}")


@pytest.mark.parametrize(("app", "model"), CURATED_MODELS)
def test_a_publisher_also_deletes_and_publishes(bob, app, model):
    for action in ("add", "change", "view", "delete", "publish"):
        assert bob.has_perm(f"{app}.{action}_{model}")


def test_neither_role_touches_users_or_groups(bob, carol):
    for user in (bob, carol):
        for perm in ("auth.add_user", "auth.change_user", "auth.view_user", "auth.change_group"):
            assert not user.has_perm(perm)


def test_createeditor_with_a_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-enough-passphrase")
    out = StringIO()
    call_command("createeditor", "dora", "--role", "editor", stdout=out)
    user = get_user_model().objects.get(username="dora")
    assert "Created dora with the editor role." in out.getvalue()
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a-long-enough-passphrase")
    assert [g.name for g in user.groups.all()] == [EDITORS]

    monkeypatch.delenv("EDITOR_PASSWORD")
    call_command("createeditor", "dora", "--role", "publisher", stdout=StringIO())
    user.refresh_from_db()
    assert [g.name for g in user.groups.all()] == [PUBLISHERS]
    assert user.check_password("a-long-enough-passphrase")


def test_createeditor_prompts_for_the_password(monkeypatch):
    answers = iter(["another-long-passphrase", "another-long-passphrase"])
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("createeditor", "erin", "--role", "publisher", stdout=StringIO())
    assert get_user_model().objects.get(username="erin").check_password("another-long-passphrase")


def test_createeditor_refuses_mismatched_or_weak_passwords(monkeypatch):
    answers = iter(["first-passphrase-1", "second-passphrase-2"])
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("createeditor", "fay", "--role", "editor", stdout=StringIO())
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createeditor", "fay", "--role", "editor", stdout=StringIO())
    assert not get_user_model().objects.filter(username="fay").exists()


def test_an_editor_edits_only_their_own_preference(client, carol, bob):
    from editorial.models import EditorPreference

    EditorPreference.objects.create(user=bob, show_name_on_changes=True)
    client.force_login(carol)
    listing = client.get("/admin/editorial/editorpreference/").content.decode()
    assert "bob" not in listing
    response = client.post(
        "/admin/editorial/editorpreference/add/",
        {"show_name_on_changes": "on", "public_name": "Carol C."},
    )
    assert response.status_code == 302
    assert carol.editor_preference.display_name == "Carol C."
