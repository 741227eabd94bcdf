"""What every test shares: cheap passwords, no throttling, empty caches, and the seed.

The seed (fixtures/*.json) is imported once per session, by `import_atlas` itself, inside a
transaction that is rolled back: the rows it wrote are kept in memory as a snapshot. A test
that asks for `seeded` gets those rows copied back into its database with one INSERT per row
batch (milliseconds, where an import takes about a second), inside a transaction of its own;
its usual rollback (or the flush after a transactional test) removes them again. Every other
test starts from an empty catalog.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from atlas import state
from tests.snapshot import Snapshot

SEED_FILES = sorted(str(p) for p in Path("fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """MD5 passwords (PBKDF2 costs ~0.3 s per user), no API throttling (tests/api/test_http.py
    turns it on where it is the subject), no page cache (tests/production turns it on: tests
    elsewhere count the queries of pages they render), plain static files
    (production uses a hashed manifest built by collectstatic)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PAGE_CACHE_SECONDS = 0
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": None, "anon-sustained": None},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English: a request to a /zh-hans/ page activates Chinese for the
    thread (LocaleMiddleware does not undo it), and code called outside a request would
    otherwise speak the previous test's language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every cache starts and ends empty: the API's answers and the atlas stamp live there."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _state_moves_at_each_write(request):
    """On PostgreSQL the atlas state moves as a writing transaction commits (atlas/state.py),
    and a test runs in one transaction that never commits: in these tests the state's
    triggers fire at each write instead, as if each write had committed. Transactional tests
    commit for real."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = "db" in request.fixturenames or marker is not None
    committing = "transactional_db" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or marker.args)
    )
    if not uses_db or committing:
        return
    request.getfixturevalue("db")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        names = [
            f'"{trigger}"'
            for _, trigger in state._installed(cursor, connection.vendor)
            if not trigger.endswith("_truncate")
        ]
        cursor.execute(f"SET CONSTRAINTS {', '.join(names)} IMMEDIATE")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and the seed imported into it once, kept as a snapshot."""
    global _seed
    with django_db_blocker.unblock():
        _seed = Snapshot.of(lambda: call_command("import_atlas", *SEED_FILES, stdout=StringIO()))[0]


_seed: Snapshot | None = None


@pytest.fixture
def seeded(db):
    """The whole seed knowledge base, exactly as `make run` imports it: in the test's own
    transaction, or committed for a transactional test (the live server may read it from
    another connection), which the flush after such a test removes."""
    _seed.restore()
