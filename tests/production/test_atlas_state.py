"""The atlas state (atlas/state.py): one row that database triggers move on every write to
what public pages show, whatever makes the write, in the write's own transaction."""

import pytest
from django.db import connection, transaction

from atlas import state
from catalog.models import LanguageModel
from guidance.models import TaskCategory
from tests.factories import make_model

pytestmark = pytest.mark.django_db


def test_every_table_of_the_catalog_guidance_and_editorial_is_watched():
    tables = state.watched_tables()
    assert "catalog_languagemodel" in tables
    assert "catalog_languagemodel_organizations" in tables  # a link table
    assert "guidance_task" in tables
    assert "editorial_editorpreference" in tables
    assert not [table for table in tables if "historical" in table]
    with connection.cursor() as cursor:
        watched = {table for table, _ in state._installed(cursor, connection.vendor)}
    assert watched == set(tables)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda m: m.save(), id="save"),
        pytest.param(
            lambda m: LanguageModel.objects.filter(pk=m.pk).update(summary="x"), id="update"
        ),
        pytest.param(lambda m: LanguageModel.objects.filter(pk=m.pk).delete(), id="delete"),
        pytest.param(lambda m: m.organizations.clear(), id="link"),
        pytest.param(
            lambda m: TaskCategory.objects.create(name="A category", slug="a-category"),
            id="guidance",
        ),
        pytest.param(
            lambda m: connection.cursor().execute(
                "UPDATE catalog_languagemodel SET summary = 'y' WHERE id = %s", [m.pk]
            ),
            id="plain SQL",
        ),
    ],
)
def test_any_write_moves_the_state(write):
    model = make_model(name="Watched")
    generation, changed_at = state.read()
    write(model)
    after, after_changed = state.read()
    assert after > generation
    assert after_changed >= changed_at


def test_a_rolled_back_write_leaves_the_state_as_it_was():
    make_model(name="Watched")
    before = state.read()
    with transaction.atomic():
        LanguageModel.objects.update(summary="never")
        assert state.read() != before
        transaction.set_rollback(True)
    assert state.read() == before


def test_a_write_elsewhere_does_not_move_it():
    before = state.read()
    with connection.cursor() as cursor:  # sessions are not shown on any public page
        cursor.execute("DELETE FROM django_session")
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone")
    assert state.read() == before


def test_installing_again_changes_nothing_but_the_generation():
    with connection.cursor() as cursor:
        before = sorted(state._installed(cursor, connection.vendor))
    state.install(using=connection.alias)
    with connection.cursor() as cursor:
        assert sorted(state._installed(cursor, connection.vendor)) == before


def test_a_missing_trigger_is_made_again():
    with connection.cursor() as cursor:
        before = sorted(state._installed(cursor, connection.vendor))
        table, name = before[0]
        state._drop(cursor, connection.vendor, table, name)
        assert (table, name) not in state._installed(cursor, connection.vendor)
    state.install(using=connection.alias)
    with connection.cursor() as cursor:
        assert sorted(state._installed(cursor, connection.vendor)) == before


def test_a_table_no_longer_watched_loses_its_trigger(monkeypatch):
    kept = [t for t in state.watched_tables() if t != "catalog_modelsize"]
    monkeypatch.setattr(state, "watched_tables", lambda: kept)
    state.install(using=connection.alias)
    with connection.cursor() as cursor:
        tables = {table for table, _ in state._installed(cursor, connection.vendor)}
    assert "catalog_modelsize" not in tables
    assert set(kept) == tables  # the test's transaction rolls the triggers back


def test_a_removed_row_comes_back_with_a_state_never_seen_before():
    """A flush empties the table; the next write makes the row again, with a new time."""
    make_model(name="First")
    before = state.read()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM atlas_atlasstate")
    assert state.read() == (0, None)
    make_model(name="Second")
    generation, changed_at = state.read()
    assert (generation, changed_at) != before
    assert changed_at >= before[1]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_the_state_as_it_commits():
    """PostgreSQL defers the triggers to the commit and moves the row once there; SQLite
    moves it at each write (its writers never run side by side)."""
    make_model(name="Committed")
    before, _ = state.read()
    with transaction.atomic():
        LanguageModel.objects.update(summary="changed")
        make_model(name="Also committed")
        inside, _ = state.read()
    after, _ = state.read()
    if connection.vendor == "postgresql":
        assert inside == before
        assert after == before + 1
    else:
        assert before < inside == after
