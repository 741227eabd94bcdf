"""Importing a document through `manage.py import_atlas`, as an editor would, in tests."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def load(doc, tmp_path, name="doc.json"):
    """Import `doc`; fails the test if the command refuses it."""
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_atlas", str(path), stdout=StringIO())


def refused(doc, tmp_path) -> str:
    """What the command says when it refuses `doc` (it must refuse it)."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_atlas", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()
