from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fresh_api(settings):
    """No throttling (test_http turns it on where it is the subject) and an empty cache."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": None, "anon-sustained": None},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    """The whole seed knowledge base, as `make run` loads it."""
    files = sorted(str(p) for p in Path("fixtures").glob("*.json"))
    call_command("import_atlas", *files, stdout=StringIO())
