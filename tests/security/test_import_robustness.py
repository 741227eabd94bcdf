"""A hostile or broken import file is refused whole with a clear message and changes nothing:
deep nesting, numbers too long to read, lone surrogates, values of any size. What it prints is
bounded: the first problems, then how many more."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from atlas import interchange
from catalog.models import LanguageModel, Organization
from tests.catalog.test_interchange import small_doc, table_counts, write_json
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def refused(tmp_path, text: str) -> str:
    """Import `text` as a file, which must be refused without a change; what it printed."""
    make_org(name="Already here", slug="here")
    before = table_counts()
    path = write_json(tmp_path, "atlas.json", text)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_atlas", path, stdout=StringIO(), stderr=err)
    assert table_counts() == before
    return err.getvalue()


def test_deep_nesting_is_refused(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    text = json.dumps(small_doc())[:-1] + f', "models_extra": {deep}}}'
    assert "nested too deeply" in refused(tmp_path, text)


def test_nesting_deeper_than_the_format_is_refused_before_reading_it(tmp_path):
    doc = small_doc()
    doc["models"][0]["aliases"] = json.loads("[" * 500 + "]" * 500)
    assert "nested too deeply" in refused(tmp_path, json.dumps(doc))


def test_a_number_too_long_to_read_is_refused(tmp_path):
    text = json.dumps(small_doc()).replace('"order": 10', '"order": 1' + "0" * 4_400)
    assert "number too long" in refused(tmp_path, text)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('"name": "Base"', "models[0].name: contains a lone surrogate"),
        ('"slug": "base"', "models[0].slug: contains a lone surrogate"),
        ('"branch": "decoder-only"', "models[0]: a key contains a lone surrogate"),
    ],
)
def test_a_lone_surrogate_is_refused(tmp_path, where, expected):
    text = json.dumps(small_doc())
    key, value = where.split(": ")
    if "branch" in where:
        bad = '"br\\udc80anch": "decoder-only"'
    else:
        bad = f'{key}: "{value[1:-1]}\\ud800"'
    assert where in text
    out = refused(tmp_path, text.replace(where, bad, 1))
    assert expected in out
    out.encode("utf-8")  # what was printed can be written anywhere


def test_the_problems_printed_are_capped(tmp_path):
    doc = small_doc()
    doc["models"] = [{"slug": f"m{n}", "kind": "x" * 1_000} for n in range(300)]
    doc["models"][0]["kind"] = "x" * 1_000_000
    out = refused(tmp_path, json.dumps(doc))
    lines = out.splitlines()
    assert len(lines) == interchange.SHOWN_PROBLEMS + 1
    assert lines[-1].startswith("… and ") and lines[-1].endswith(" more problems.")
    assert max(len(line) for line in lines) <= interchange.SHOWN_WIDTH + 1
    assert len(out) < 100_000


def test_validate_refuses_deep_documents_given_as_objects():
    doc = small_doc()
    doc["models"][0]["name"] = json.loads("[" * 100 + "]" * 100)
    with pytest.raises(interchange.ImportFailed) as failure:
        interchange.validate([("atlas.json", doc)])
    assert any("nested too deeply" in p for p in failure.value.problems)
    assert not LanguageModel.objects.exists() and not Organization.objects.exists()
