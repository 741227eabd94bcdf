"""Two simultaneous admin saves on SQLite: the second waits for the first, then sees its
commit, so the admin refuses it as stale (core/admin.py) instead of failing with "database
is locked".

The test suite's SQLite database lives in memory with a shared cache, whose locks work
differently, so this runs two connections of Django's own SQLite backend, configured by
config/settings.py's `database()`, on a file. Each begins a transaction as `atomic()` does
on SQLite; the first writes and holds its transaction a moment.
"""

import threading
import time

from django.db.utils import ConnectionHandler

from config.settings import database


def begin(connection) -> None:
    connection.ensure_connection()
    connection._start_transaction_under_autocommit()  # what atomic() does on SQLite


def test_a_second_writer_waits_for_the_first_and_reads_its_commit(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of its own, not the test database
        seen, failed = two_editors(tmp_path / "atlas.db")
    assert failed == []
    assert seen == [2, 0]  # it saw the first save, so its own matched nothing: a stale save


def two_editors(path):
    handler = ConnectionHandler({"default": database(f"sqlite:///{path}")})
    first = handler["default"]
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE org (id INTEGER PRIMARY KEY, name TEXT, version INTEGER)")
        cursor.execute("INSERT INTO org VALUES (1, 'Allen AI', 1)")
    seen, failed = [], []

    def second_editor():
        connection = handler["default"]  # a connection of this thread's own
        try:
            begin(connection)
            with connection.cursor() as cursor:
                cursor.execute("SELECT version FROM org WHERE id = 1")
                seen.append(cursor.fetchone()[0])
                cursor.execute("UPDATE org SET name = 'AI2', version = 3 WHERE version = 1")
                seen.append(cursor.rowcount)
                cursor.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - the failure is what is checked
            failed.append(error)
        finally:
            connection.close()

    begin(first)
    with first.cursor() as cursor:
        cursor.execute("UPDATE org SET name = 'Allen Institute', version = 2 WHERE version = 1")
    other = threading.Thread(target=second_editor)
    other.start()
    time.sleep(0.3)  # the second editor's save arrives while the first's is under way
    with first.cursor() as cursor:
        cursor.execute("COMMIT")
    other.join(timeout=30)
    first.close()
    return seen, failed
