"""Rows made once and written back cheaply: the seed, and the worlds of the browse tests.

Building rows through the ORM (an import, factories) costs a query or more per row; writing
the same rows back from memory costs one INSERT per few hundred rows. A snapshot is taken in a
transaction that is rolled back, and restored inside each test's own transaction (or committed
in a transactional test, whose flush removes it), so every test still starts from what it asked
for and nothing more.
"""

import copy
import gc

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def built_once(build):
    """Makes `build` a fixture of the same name whose rows are built once per session (in the
    first test that asks for them) and written back for each test that asks; its value is a
    fresh copy of what `build` returned, so a test may change the objects it is given."""
    taken = []

    @pytest.fixture(name=build.__name__)
    def fixture(db):
        if not taken:
            taken.append(Snapshot.of(build))
        snapshot, value = taken[0]
        snapshot.restore()
        return copy.deepcopy(value)

    fixture.__doc__ = build.__doc__
    return fixture


class Snapshot:
    """The rows a build wrote (an import, a world), as INSERT statements that write them back."""

    def __init__(self, tables: dict[str, tuple[list[str], list[tuple]]]):
        self.tables = list(tables)
        self.rows = tables
        # Rows naming a content type (citations) hold its id; a transactional test's flush
        # makes the content types again, maybe with other ids: restore maps them by name.
        self.content_types = _content_types()
        self.statements = self._statements(self.content_types)

    def _statements(self, content_types: dict[tuple[str, str], int]) -> list:
        new_id = {
            self.content_types[name]: content_types[name]
            for name in self.content_types
            if name in content_types
        }
        statements = []
        for table, (columns, rows) in self.rows.items():
            if "content_type_id" in columns and any(k != v for k, v in new_id.items()):
                at = columns.index("content_type_id")
                rows = [(*row[:at], new_id.get(row[at], row[at]), *row[at + 1 :]) for row in rows]
            statements += _inserts(table, columns, rows)
        return statements

    @classmethod
    def of(cls, build) -> tuple["Snapshot", object]:
        """Runs `build()`, reads every table it filled, then rolls it back; returns the
        snapshot and what `build` returned. Tables that held rows before (permissions,
        content types, roles) must come out unchanged: their ids are not ours to restore."""
        with transaction.atomic():
            before = _row_counts()
            value = build()
            after = _row_counts()
            changed = [t for t in after if before[t] and after[t] != before[t]]
            assert changed == [], f"the build changed tables that held rows: {changed}"
            tables = {}
            with connection.cursor() as cursor:
                for table in (t for t in after if after[t] and not before[t]):
                    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                    columns = [column[0] for column in cursor.description]
                    tables[table] = (columns, cursor.fetchall())
            transaction.set_rollback(True)
        return cls(tables), value

    def restore(self) -> None:
        """Writes the rows back in one transaction (foreign keys are checked at its end), then
        moves PostgreSQL's sequences past the restored ids."""
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in self.tables
        ]
        if connection.vendor == "sqlite":
            # A SQLite connection left behind by a live server's request thread, finalised by
            # the garbage collector in the middle of these INSERTs, waits for the lock they
            # hold: the worker hangs. Finalise such leftovers first, outside any statement.
            gc.collect()
        statements = self.statements
        content_types = _content_types()
        if content_types != self.content_types:
            statements = self._statements(content_types)
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _inserts(table, columns, rows):
    """Multi-row INSERTs for `rows`; on PostgreSQL with the values already quoted by the
    driver, so that each restore skips the parameter handling (half its time)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = f"({', '.join(['%s'] * len(columns))})"
    size = max(1, min(500, (connection.features.max_query_params or 999) // len(columns)))
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([marks] * len(batch))}"  # noqa: S608
        params = [value for row in batch for value in row]
        if connection.vendor == "postgresql":
            yield connection.ops.compose_sql(sql, params), None
        else:
            yield sql, params


def _content_types() -> dict[tuple[str, str], int]:
    from django.contrib.contenttypes.models import ContentType

    return {
        (app, model): pk
        for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def _row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts
