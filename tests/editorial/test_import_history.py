"""Imports write with bulk operations; they are recorded in the edit history all the same."""

import pytest

from atlas import interchange
from catalog.models import LanguageModel, Lineage
from tests.factories import link, make_model, make_org

pytestmark = pytest.mark.django_db


def reimport(edit):
    doc = interchange.export()
    edit(doc)
    return interchange.import_documents([("edited.json", doc)])


def model_record(doc, slug):
    return next(m for m in doc["models"] if m["slug"] == slug)


def test_an_import_records_added_changed_relinked_and_deleted_rows():
    meta = make_org(name="Meta", slug="meta")
    make_org(name="Stanford", slug="stanford")
    llama = make_model(name="LLaMA", slug="llama", organizations=[meta])
    alpaca = make_model(name="Alpaca", slug="alpaca")
    link(alpaca, llama)
    before = {m: m.history.count() for m in (LanguageModel, Lineage)}

    def edit(doc):
        model_record(doc, "llama")["summary"] = "Open weights from Meta."
        model_record(doc, "alpaca")["parents"] = []
        model_record(doc, "alpaca")["organizations"] = ["stanford"]
        doc["models"].append(
            dict(model_record(doc, "llama"), slug="llama-2", name="Llama 2", parents=[])
        )

    reimport(edit)
    imported = LanguageModel.history.filter(history_change_reason="import")
    assert {(r.slug, r.history_type) for r in imported} == {
        ("llama", "~"),
        ("alpaca", "~"),
        ("llama-2", "+"),
    }
    alpaca_now = imported.get(slug="alpaca")
    assert [o.organization.slug for o in alpaca_now.organizations.all()] == ["stanford"]
    deleted = Lineage.history.get(history_change_reason="import")
    assert deleted.history_type == "-" and deleted.child_id == alpaca.pk
    assert LanguageModel.history.count() == before[LanguageModel] + 3


def test_an_import_that_changes_nothing_records_nothing():
    make_model(name="BERT", slug="bert")
    reimport(lambda doc: None)
    counts = [LanguageModel.history.filter(history_change_reason="import").count()]
    assert counts == [0]


def test_imported_changes_appear_on_the_changes_page(client):
    make_model(name="OPT", slug="opt")
    reimport(lambda doc: model_record(doc, "opt").update(summary="Open pre-trained."))
    change = client.get("/changes/").context["changes"][0]
    assert (change.label, change.kind, change.imported) == ("OPT", "changed", True)
    assert change.fields == ["summary"]


def test_links_of_several_kinds_are_recorded_in_one_import():
    from catalog.models import Paper
    from tests.factories import make_paper, make_topic

    make_topic(name="Alignment", slug="alignment")
    make_topic(name="Scaling", slug="scaling")
    paper = make_paper(title="InstructGPT", slug="instructgpt", topics=[])
    make_model(name="GPT-3.5", slug="gpt-35", papers=[paper])
    make_org(name="OpenAI", slug="openai")

    def edit(doc):
        next(p for p in doc["papers"] if p["slug"] == "instructgpt")["topics"] = ["alignment"]
        model_record(doc, "gpt-35")["organizations"] = ["openai"]

    reimport(edit)
    paper_record = Paper.history.get(history_change_reason="import")
    assert [t.topic.slug for t in paper_record.topics.all()] == ["alignment"]
    model = LanguageModel.history.get(history_change_reason="import")
    assert [o.organization.slug for o in model.organizations.all()] == ["openai"]
    assert [p.paper.slug for p in model.papers.all()] == ["instructgpt"]
