"""The state of the atlas: one row that every write to what the public pages show moves.

`AtlasState` (atlas/models.py) holds a generation number and when it last moved. Database
triggers on every table of the catalog, the guidance and the editorial settings (their link
tables included, their history tables not) move it whatever wrote: the admin, an import, a
`QuerySet.update()`, the shell or plain SQL. So the state changes in the very transaction
that makes a write visible (on SQLite with each write, on PostgreSQL as the transaction
commits), and reading it costs one lookup of one row by its key, which is what lets a cached
page be served without scanning any table (config/page_cache.py, api/caching.py).

The triggers are (re)installed after every `migrate` (`install`, on `post_migrate`): a table
added later is watched without a migration of its own, and installing twice changes nothing.
"""

import datetime

from django.apps import apps
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

WATCHED_APPS = ("core", "catalog", "guidance", "editorial")
TABLE = "atlas_atlasstate"
PREFIX = "atlas_state_"

# Insert the row if a flush removed it, else move it on. `changed_at` keeps the microseconds
# (PostgreSQL) or milliseconds (SQLite), so a row made again after a flush never repeats an
# earlier state.
BUMP = {
    "postgresql": (
        "INSERT INTO atlas_atlasstate (id, generation, changed_at)"
        " VALUES (1, 1, clock_timestamp())"
        " ON CONFLICT (id) DO UPDATE SET generation = atlas_atlasstate.generation + 1,"
        " changed_at = clock_timestamp()"
    ),
    "sqlite": (
        "INSERT INTO atlas_atlasstate (id, generation, changed_at)"
        " VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))"
        " ON CONFLICT (id) DO UPDATE SET generation = generation + 1,"
        " changed_at = excluded.changed_at"
    ),
}


# PostgreSQL: the row triggers are deferred to the commit, where they all fire in one
# statement (COMMIT) and move the row once: a setting local to the transaction remembers the
# statement that moved it. A writing transaction takes the row's lock only as it commits,
# never while it holds other rows: writers queue there for a moment but cannot deadlock on
# it, and an import does not block the admin.
PG_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {PREFIX}bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF current_setting('atlas.state_moved_by', true)"
    " IS DISTINCT FROM statement_timestamp()::text THEN "
    + BUMP["postgresql"]
    + "; PERFORM set_config('atlas.state_moved_by', statement_timestamp()::text, true);"
    " END IF; RETURN NULL; END $$"
)


def watched_tables() -> list[str]:
    """Every table of the watched apps, link tables included, history tables left out."""
    tables = []
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            opts = model._meta
            if opts.model_name.startswith("historical") or not opts.managed or opts.proxy:
                continue
            tables.append(opts.db_table)
    return sorted(set(tables))


def read(using: str | None = None) -> tuple[int, datetime.datetime | None]:
    """(generation, when it last moved) on the database the public reads go to: one query.
    (0, None) before anything was ever written."""
    from .models import AtlasState

    connection = connections[using or router.db_for_read(AtlasState)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT generation, changed_at FROM atlas_atlasstate WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return 0, None
    return row[0], _as_datetime(row[1])


def _as_datetime(value) -> datetime.datetime | None:
    """SQLite gives text, PostgreSQL a datetime; either way an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def install(using: str = "default", **kwargs) -> None:
    """Creates the row, the triggers missing on watched tables and drops those on tables no
    longer watched. After a flush (tests) nothing is missing: it runs a few statements."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in BUMP:
        raise NotImplementedError(f"the atlas state has no triggers for {vendor}")
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:  # migrating backwards past atlas 0001
        return
    wanted = {
        name: sql
        for table in watched_tables()
        if table in existing
        for name, sql in _triggers(vendor, table)
    }
    with connection.cursor() as cursor:
        installed = {name: table for table, name in _installed(cursor, vendor)}
        for name, table in installed.items():
            if name not in wanted:
                _drop(cursor, vendor, table, name)
        if vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for name, sql in wanted.items():
            if name not in installed:
                cursor.execute(sql)
        cursor.execute(BUMP[vendor])


def _triggers(vendor: str, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the triggers that watch `table`."""
    quoted = f'"{table}"'
    if vendor == "postgresql":
        # Deferred row triggers (constraint triggers are row triggers), and one for TRUNCATE
        # (a flush), which cannot be deferred.
        name, truncate = f"{PREFIX}{table}", f"{PREFIX}{table}_truncate"
        return [
            (
                name,
                f'CREATE CONSTRAINT TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE'
                f" ON {quoted} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                f" EXECUTE FUNCTION {PREFIX}bump()",
            ),
            (
                truncate,
                f'CREATE TRIGGER "{truncate}" AFTER TRUNCATE ON {quoted}'
                f" FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}bump()",
            ),
        ]
    # SQLite has row triggers only, one event each.
    return [
        (
            f"{PREFIX}{table}_{event.lower()}",
            f'CREATE TRIGGER "{PREFIX}{table}_{event.lower()}" AFTER {event} ON {quoted}'
            f" BEGIN {BUMP[vendor]}; END",
        )
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def _installed(cursor, vendor: str) -> list[tuple[str, str]]:
    """(table, trigger name) of every state trigger in the database."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
            [PREFIX + "%"],
        )
    else:
        cursor.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [PREFIX + "%"],
        )
    return cursor.fetchall()


def _drop(cursor, vendor: str, table: str, trigger: str) -> None:
    if vendor == "postgresql":
        cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}"')
    else:
        cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
