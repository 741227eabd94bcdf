"""The guidance sections of llm-atlas/1: every class of bad data is refused whole, with its
JSON path; good data round-trips."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from atlas import interchange
from guidance.models import Evidence, FlowAnswer, Guideline, Question, Task, TaskCategory
from tests.catalog.test_interchange import small_doc

pytestmark = pytest.mark.django_db

GUIDANCE_TABLES = (TaskCategory, Task, Guideline, Evidence, Question, FlowAnswer)


def guidance_doc():
    """The small catalog of the catalog tests plus a little guidance that uses it."""
    doc = small_doc()
    doc["task_categories"] = [
        {"slug": "nlu", "name": "Traditional NLU", "order": 10, "description": "Labels."},
        {"slug": "generation", "name": "Generation", "order": 20},
    ]
    doc["tasks"] = [
        {"slug": "ner", "name": "Named entity recognition", "category": "nlu"},
        {"slug": "summaries", "name": "Summarisation", "category": "generation", "order": 5},
    ]
    doc["guidelines"] = [
        {
            "slug": "ner-fine-tuned",
            "task": "ner",
            "verdict": "use-fine-tuned",
            "title": "Fixed entity types",
            "conditions": "Labelled sentences exist.",
            "rationale": "Exact *spans*.",
            "evidence": [{"paper": "base-2020", "note": "fine-tuned ~2x F1 on CoNLL03"}],
            "example_models": ["base"],
        },
        {
            "slug": "summaries-llm",
            "task": "summaries",
            "verdict": "use-llm",
            "title": "Summaries people read",
            "evidence": [
                {"paper": "tuned-2022", "note": "people prefer them"},
                {"paper": "base-2020"},
            ],
            "example_models": ["chat", "tuned"],
        },
    ]
    doc["decision_flow"] = [
        {
            "slug": "chatbot",
            "order": 10,
            "label": "Mimicking a human?",
            "text": "Does it chat like a person?",
            "yes": {"outcome": "llm", "explanation": "Chat.", "guidelines": ["summaries-llm"]},
            "no": {"next": "knowledge"},
        },
        {
            "slug": "knowledge",
            "order": 20,
            "label": "Knowledge-intensive?",
            "text": "Does it need world knowledge?",
            "yes": {"outcome": "uncertain"},
            "no": {"outcome": "fine-tuned", "guidelines": ["ner-fine-tuned"]},
        },
    ]
    return doc


def write_json(tmp_path, name, doc) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def run_import(*files):
    call_command("import_atlas", *files, stdout=StringIO(), stderr=StringIO())


def refused(*files) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_atlas", *files, stdout=StringIO(), stderr=err)
    return err.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in GUIDANCE_TABLES}


def test_a_good_file_imports_the_guidance(tmp_path):
    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    assert counts() == {
        "TaskCategory": 2,
        "Task": 2,
        "Guideline": 2,
        "Evidence": 3,
        "Question": 2,
        "FlowAnswer": 4,
    }
    guideline = Guideline.objects.get(slug="ner-fine-tuned")
    assert guideline.task.category.slug == "nlu"
    assert [e.note for e in guideline.evidence.all()] == ["fine-tuned ~2x F1 on CoNLL03"]
    assert [m.slug for m in guideline.example_models.all()] == ["base"]
    no = FlowAnswer.objects.get(question__slug="chatbot", answer="no")
    assert (no.next_question.slug, no.outcome) == ("knowledge", "")
    yes = FlowAnswer.objects.get(question__slug="chatbot", answer="yes")
    assert (yes.next_question, yes.outcome) == (None, "llm")
    assert [g.slug for g in yes.guidelines.all()] == ["summaries-llm"]


def mutate(path, value):
    """A mutation that sets doc[path...] = value; `path` is a tuple of keys and indexes."""

    def apply(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return apply


DELETE = object()

BAD_GUIDANCE = {
    "unknown evidence paper": (
        mutate(("guidelines", 0, "evidence", 0, "paper"), "x"),
        "guidelines[0].evidence[0].paper: unknown paper 'x'",
    ),
    "evidence paper twice": (
        mutate(("guidelines", 1, "evidence", 1, "paper"), "tuned-2022"),
        "guidelines[1].evidence: paper 'tuned-2022' listed 2 times",
    ),
    "evidence not a list": (
        mutate(("guidelines", 0, "evidence"), {"paper": "base-2020"}),
        "guidelines[0].evidence: must be a list of objects",
    ),
    "evidence item not an object": (
        mutate(("guidelines", 0, "evidence", 0), "base-2020"),
        "guidelines[0].evidence[0]: must be an object",
    ),
    "evidence note too long": (
        mutate(("guidelines", 0, "evidence", 0, "note"), "n" * 301),
        "guidelines[0].evidence[0].note: longer than 300 characters",
    ),
    "evidence unknown key": (
        mutate(("guidelines", 0, "evidence", 0, "page"), 12),
        "guidelines[0].evidence[0].page: unknown key",
    ),
    "unknown example model": (
        mutate(("guidelines", 1, "example_models", 1), "gpt-9"),
        "guidelines[1].example_models[1]: unknown model 'gpt-9'",
    ),
    "unknown task": (
        mutate(("guidelines", 0, "task"), "parsing"),
        "guidelines[0].task: unknown task 'parsing'",
    ),
    "bad verdict": (
        mutate(("guidelines", 0, "verdict"), "use-bert"),
        "guidelines[0].verdict: 'use-bert' is not one of use-llm, use-fine-tuned, depends",
    ),
    "missing title": (
        mutate(("guidelines", 1, "title"), DELETE),
        "guidelines[1].title: required",
    ),
    "unknown category": (
        mutate(("tasks", 0, "category"), "vision"),
        "tasks[0].category: unknown task category 'vision'",
    ),
    "task name clash ignoring case": (
        mutate(("tasks", 1, "name"), "NAMED entity recognition"),
        "tasks[1].name: 'NAMED entity recognition' is already the name of task 'ner'",
    ),
    "duplicate guideline slug": (
        mutate(("guidelines", 1, "slug"), "ner-fine-tuned"),
        "guidelines[1].slug: duplicate slug 'ner-fine-tuned' (first at",
    ),
    "category order not a number": (
        mutate(("task_categories", 0, "order"), "first"),
        "task_categories[0].order: must be a whole number",
    ),
    "unknown next question": (
        mutate(("decision_flow", 0, "no", "next"), "nowhere"),
        "decision_flow[0].no.next: unknown question 'nowhere'",
    ),
    "bad outcome": (
        mutate(("decision_flow", 1, "yes", "outcome"), "maybe"),
        "decision_flow[1].yes.outcome: 'maybe' is not one of llm, fine-tuned, uncertain",
    ),
    "answer leads nowhere": (
        mutate(("decision_flow", 1, "yes"), {"explanation": "?"}),
        "decision_flow[1].yes: leads nowhere: give the next question or an outcome",
    ),
    "answer leads to both": (
        mutate(("decision_flow", 0, "no", "outcome"), "llm"),
        "decision_flow[0].no: leads both to a question and to an outcome: keep one",
    ),
    "missing answer": (
        mutate(("decision_flow", 1, "no"), DELETE),
        "decision_flow[1].no: required",
    ),
    "answer not an object": (
        mutate(("decision_flow", 0, "yes"), "llm"),
        "decision_flow[0].yes: must be an object",
    ),
    "unknown answer guideline": (
        mutate(("decision_flow", 0, "yes", "guidelines"), ["ghost"]),
        "decision_flow[0].yes.guidelines[0]: unknown guideline 'ghost'",
    ),
    "loop": (
        mutate(("decision_flow", 1, "yes"), {"next": "chatbot"}),
        "decision_flow[0]: the answers make a loop: chatbot -> knowledge -> chatbot",
    ),
    "self loop": (
        mutate(("decision_flow", 1, "yes"), {"next": "knowledge"}),
        "decision_flow[1]: the answers make a loop: knowledge -> knowledge",
    ),
    "unreachable question": (
        mutate(("decision_flow", 0, "no"), {"outcome": "fine-tuned"}),
        "decision_flow[1]: cannot be reached from the first question 'chatbot'",
    ),
    "label too long": (
        mutate(("decision_flow", 0, "label"), "L" * 81),
        "decision_flow[0].label: longer than 80 characters",
    ),
    "flow not a list": (
        mutate(("decision_flow",), {"slug": "chatbot"}),
        "decision_flow: must be a list",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_GUIDANCE))
def test_bad_guidance_is_refused_whole_with_the_json_path(tmp_path, case):
    change, expected = BAD_GUIDANCE[case]
    doc = guidance_doc()
    change(doc)
    printed = refused(write_json(tmp_path, "kb.json", doc))
    assert f"{tmp_path / 'kb.json'}: {expected}" in printed
    assert counts() == dict.fromkeys(counts(), 0)


def test_every_guidance_problem_is_reported(tmp_path):
    doc = guidance_doc()
    doc["guidelines"][0]["evidence"][0]["paper"] = "x"
    doc["guidelines"][1]["verdict"] = "maybe"
    doc["tasks"][0]["category"] = "vision"
    printed = refused(write_json(tmp_path, "kb.json", doc))
    assert "guidelines[0].evidence[0].paper: unknown paper 'x'" in printed
    assert "guidelines[1].verdict" in printed
    assert "tasks[0].category: unknown task category 'vision'" in printed


def test_the_flow_after_the_import_includes_stored_questions(tmp_path):
    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    extra = {
        "format": "llm-atlas/1",
        "decision_flow": [
            {
                "slug": "orphan",
                "order": 30,
                "label": "Orphan?",
                "text": "Nobody leads here?",
                "yes": {"outcome": "llm"},
                "no": {"outcome": "fine-tuned"},
            }
        ],
    }
    printed = refused(write_json(tmp_path, "extra.json", extra))
    assert "extra.json: decision_flow[0]: cannot be reached from the first question" in printed
    # pointing a stored question at it fixes the flow
    doc = guidance_doc()
    doc["decision_flow"][1]["yes"] = {"next": "orphan"}
    run_import(write_json(tmp_path, "fixed.json", doc), write_json(tmp_path, "extra.json", extra))
    assert FlowAnswer.objects.get(question__slug="knowledge", answer="yes").next_question.slug == (
        "orphan"
    )


def test_a_loop_through_a_stored_question_is_refused(tmp_path):
    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    update = {
        "format": "llm-atlas/1",
        "decision_flow": [copy.deepcopy(guidance_doc()["decision_flow"][1])],
    }
    update["decision_flow"][0]["no"] = {"next": "chatbot"}
    printed = refused(write_json(tmp_path, "update.json", update))
    assert (
        "update.json: decision_flow[0]: the answers make a loop: chatbot -> knowledge -> chatbot"
    ) in printed
    assert FlowAnswer.objects.get(question__slug="knowledge", answer="no").outcome == "fine-tuned"


def test_reimport_replaces_evidence_models_and_answers_with_the_files(tmp_path):
    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    doc = guidance_doc()
    doc["guidelines"][1]["evidence"] = [{"paper": "base-2020", "note": "changed"}]
    doc["guidelines"][1]["example_models"] = ["base"]
    doc["decision_flow"][1]["yes"] = {"outcome": "llm", "explanation": "Now sure."}
    run_import(write_json(tmp_path, "kb2.json", doc))
    summaries = Guideline.objects.get(slug="summaries-llm")
    assert [(e.paper.slug, e.note) for e in summaries.evidence.all()] == [("base-2020", "changed")]
    assert [m.slug for m in summaries.example_models.all()] == ["base"]
    yes = FlowAnswer.objects.get(question__slug="knowledge", answer="yes")
    assert (yes.outcome, yes.explanation) == ("llm", "Now sure.")
    assert counts()["FlowAnswer"] == 4


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_json(tmp_path, "kb.json", guidance_doc())
    run_import(path)
    stamps = {m: dict(m.objects.values_list("pk", "updated_at")) for m in GUIDANCE_TABLES}
    run_import(path)
    assert {m: dict(m.objects.values_list("pk", "updated_at")) for m in GUIDANCE_TABLES} == stamps


def test_export_is_sorted_and_round_trips(tmp_path):
    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    first = interchange.dumps(interchange.export())
    doc = json.loads(first)
    assert [c["slug"] for c in doc["task_categories"]] == ["generation", "nlu"]
    assert [q["slug"] for q in doc["decision_flow"]] == ["chatbot", "knowledge"]
    assert doc["decision_flow"][0]["no"] == {
        "next": "knowledge",
        "outcome": None,
        "explanation": "",
        "explanation_zh_hans": "",
        "guidelines": [],
    }
    assert doc["guidelines"][1]["evidence"] == [
        {"paper": "base-2020", "note": "", "note_zh_hans": ""},
        {"paper": "tuned-2022", "note": "people prefer them", "note_zh_hans": ""},
    ]
    for model in (FlowAnswer, Question, Evidence, Guideline, Task, TaskCategory):
        model.objects.all().delete()
    from tests.catalog.test_interchange import ALL_TABLES

    for model in reversed(ALL_TABLES):
        model.objects.all().delete()
    run_import(write_json(tmp_path, "export.json", first))
    assert interchange.dumps(interchange.export()) == first


def test_export_runs_a_fixed_number_of_queries(django_assert_max_num_queries, tmp_path):
    from guidance.records import export_sections

    run_import(write_json(tmp_path, "kb.json", guidance_doc()))
    with django_assert_max_num_queries(9) as captured:
        export_sections()
    small = len(captured.captured_queries)
    doc = guidance_doc()
    for i in range(40):
        doc["guidelines"].append(dict(doc["guidelines"][1], slug=f"extra-{i}", title=f"Extra {i}"))
    run_import(write_json(tmp_path, "kb2.json", doc))
    with django_assert_max_num_queries(9) as captured:
        export_sections()
    assert len(captured.captured_queries) == small


def test_draft_guidance_travels_in_the_format(tmp_path):
    doc = guidance_doc()
    doc["task_categories"][1]["status"] = "draft"
    doc["tasks"][0]["status"] = "draft"
    doc["guidelines"][0]["status"] = "draft"
    run_import(write_json(tmp_path, "kb.json", doc))
    assert TaskCategory.objects.get(slug="generation").status == "draft"
    assert Task.objects.get(slug="ner").status == "draft"
    assert Guideline.objects.get(slug="ner-fine-tuned").status == "draft"
    exported = interchange.export()
    assert {c["slug"]: c.get("status") for c in exported["task_categories"]} == {
        "generation": "draft",
        "nlu": None,
    }
    assert [t.get("status") for t in exported["tasks"]] == ["draft", None]
    assert exported["guidelines"][0]["status"] == "draft"
