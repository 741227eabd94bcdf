from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The whole seed knowledge base, as `make run` loads it."""
    files = sorted(str(p) for p in Path("fixtures").glob("*.json"))
    call_command("import_atlas", *files, stdout=StringIO())
