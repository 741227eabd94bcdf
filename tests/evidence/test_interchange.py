"""llm-atlas/3 carries the facts for choosing a model and benchmark evidence: they import,
export as written, and a file with a bad value is refused whole with the value's path."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command

from atlas import interchange
from catalog.models import LanguageModel
from evidence.models import Benchmark, Result
from guidance.models import Task
from tests.atlas_files import load, refused

pytestmark = pytest.mark.django_db

SOURCE = "https://vendor.example/model-card"


def result(benchmark="gpqa", score=71.2, setting="0-shot, thinking", **values):
    return {
        "benchmark": benchmark,
        "score": score,
        "setting": setting,
        "reported_by": "maker",
        "source_url": SOURCE,
        "date": "2026-04-15",
        "note": "Table 2",
        **values,
    }


def doc():
    return {
        "format": "llm-atlas/3",
        "license": "CC-BY-4.0",
        "organizations": [{"slug": "vendor", "name": "Vendor", "kind": "company"}],
        "benchmarks": [
            {
                "slug": "gpqa",
                "name": "GPQA Diamond",
                "measures": "Hard science questions.",
                "metric": "accuracy (%)",
                "language": "en",
                "tasks": ["exams"],
            },
            {"slug": "ceval", "name": "C-Eval", "metric": "accuracy (%)", "language": "zh"},
        ],
        "task_categories": [{"slug": "knowledge", "name": "Knowledge"}],
        "tasks": [{"slug": "exams", "name": "Exams", "category": "knowledge"}],
        "models": [
            {
                "slug": "m",
                "name": "M",
                "branch": "decoder-only",
                "organizations": ["vendor"],
                "access": "open",
                "release_date": "2026-04-01",
                "knowledge_cutoff": "2025-12-01",
                "knowledge_cutoff_precision": "month",
                "max_output_tokens": 32768,
                "languages": ["en", "zh"],
                "languages_unlisted": True,
                "purposes": ["chat", "reasoning"],
                "tool_use": "yes",
                "structured_output": "no",
                "results": [
                    result(),
                    result(setting="0-shot, no thinking", score=60.1),
                    result("ceval", 88.0, "5-shot", reported_by="Open Evals Lab"),
                ],
                "citations": [
                    {
                        "field": "knowledge_cutoff",
                        "source_url": SOURCE,
                        "retrieved_on": "2026-12-08",
                        "method": "stated",
                        "note": "Card: knowledge cutoff December 2025.",
                    }
                ],
            }
        ],
    }


def test_the_new_facts_results_and_benchmarks_import_and_export_as_written(tmp_path):
    load(doc(), tmp_path)
    model = LanguageModel.objects.get(slug="m")
    assert (model.max_output_tokens, model.languages, model.languages_unlisted) == (
        32768,
        ["en", "zh"],
        True,
    )
    assert (model.tool_use, model.structured_output, model.cutoff_display) == (
        "yes",
        "no",
        "December 2025",
    )
    assert sorted(Result.objects.values_list("benchmark__slug", "setting", "score")) == [
        ("ceval", "5-shot", 88.0),
        ("gpqa", "0-shot, no thinking", 60.1),
        ("gpqa", "0-shot, thinking", 71.2),
    ]
    assert list(Task.objects.get(slug="exams").benchmarks.values_list("slug", flat=True)) == [
        "gpqa"
    ]
    exported = interchange.export()
    record = next(m for m in exported["models"] if m["slug"] == "m")
    assert record["knowledge_cutoff"] == "2025-12-01"
    assert record["purposes"] == ["chat", "reasoning"]
    assert [(r["benchmark"], r["reported_by"]) for r in record["results"]] == [
        ("ceval", "Open Evals Lab"),
        ("gpqa", "maker"),
        ("gpqa", "maker"),
    ]
    assert "metric" not in record["results"][0]  # derived: shown in the API, not the format
    benchmark = next(b for b in exported["benchmarks"] if b["slug"] == "gpqa")
    assert (benchmark["tasks"], benchmark["higher_is_better"]) == (["exams"], True)


def test_export_import_export_gives_the_same_bytes(tmp_path):
    load(doc(), tmp_path)
    first = interchange.dumps(interchange.export())
    LanguageModel.objects.all().delete()
    assert not Result.objects.exists()  # a model's results go with it
    (tmp_path / "export.json").write_text(first, encoding="utf-8")
    call_command("import_atlas", str(tmp_path / "export.json"), stdout=StringIO())
    assert interchange.dumps(interchange.export()) == first


def test_importing_again_replaces_changed_results_and_links(tmp_path):
    document = doc()
    load(document, tmp_path)
    ids = sorted(Result.objects.values_list("pk", flat=True))
    load(document, tmp_path)
    assert sorted(Result.objects.values_list("pk", flat=True)) == ids  # untouched
    document["models"][0]["results"] = [result(score=72.0)]
    document["benchmarks"][0]["tasks"] = []
    load(document, tmp_path)
    assert list(Result.objects.values_list("score", flat=True)) == [72.0]
    assert not Task.objects.get(slug="exams").benchmarks.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["models"][0].update(languages=["EN"]),
            "models[0].languages: must be a list of ISO 639-1 codes",
        ),
        (
            lambda d: d["models"][0].update(purposes=["chatting"]),
            "models[0].purposes: must be a list of chat, code",
        ),
        (
            lambda d: d["models"][0].update(tool_use="maybe"),
            "models[0].tool_use: 'maybe' is not one of yes, no or empty",
        ),
        (
            lambda d: d["models"][0].update(knowledge_cutoff="2025-12-15"),
            "models[0].knowledge_cutoff: with precision 'month' the day must be 01",
        ),
        (
            lambda d: d["models"][0].update(languages_unlisted="yes"),
            "models[0].languages_unlisted: must be true or false",
        ),
        (
            lambda d: d["models"][0]["results"].append(result("mmlu")),
            "models[0].results[3].benchmark: unknown benchmark 'mmlu'",
        ),
        (
            lambda d: d["models"][0]["results"].append(result()),
            "models[0].results: result 'gpqa/maker/0-shot, thinking' listed 2 times",
        ),
        (
            lambda d: d["models"][0]["results"][0].update(source_url="http://vendor.example/"),
            "models[0].results[0].source_url: Cite an https:// address.",
        ),
        (
            lambda d: d["models"][0]["results"][0].update(score="71"),
            "models[0].results[0].score: must be a number or null",
        ),
        (
            lambda d: d["benchmarks"][0].update(tasks=["nope"]),
            "benchmarks[0].tasks[0]: unknown task 'nope'",
        ),
        (
            lambda d: d["benchmarks"][1].update(language="ZH"),
            "benchmarks[1].language: Give an ISO 639-1 code",
        ),
    ],
)
def test_a_bad_value_refuses_the_whole_file_naming_its_path(tmp_path, change, message):
    document = copy.deepcopy(doc())
    change(document)
    assert message in refused(document, tmp_path)
    assert not LanguageModel.objects.exists() and not Benchmark.objects.exists()


def test_a_v2_file_cannot_name_benchmarks_or_results(tmp_path):
    document = doc()
    document["format"] = "llm-atlas/2"
    del document["license"]
    errors = refused(document, tmp_path)
    assert "benchmarks: unknown section" in errors
    assert "models[0].results: unknown key" in errors
