"""Serialising writers that must see each other's work, such as lineage cycle checks."""

from django.db import connection

# pg_advisory_xact_lock takes a 64-bit key; this one is "lineage" in ASCII.
LINEAGE_LOCK = 0x6C696E65616765


def lock_lineage() -> None:
    """Hold the lineage lock until the current transaction ends.

    Call it inside `transaction.atomic()` before checking lineage for cycles and saving it:
    two editors each closing half of a loop then check one after the other, and the second
    sees the first's edge. On PostgreSQL this is an advisory lock; SQLite already lets one
    writer at a time in, so there it does nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINEAGE_LOCK])
