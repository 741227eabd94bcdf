"""Content in Chinese: a text's zh-hans translation on the Chinese page, the English with an
"English" marker where none is written, never a blank; the English pages never change; the
translations travel through import and export, the API, the admin and the history."""

import json

import pytest
from django.contrib.auth.models import User

from atlas import interchange
from catalog.models import Family, Organization
from core.citations import Citation
from guidance.models import Task, TaskCategory
from tests.factories import make_model

pytestmark = pytest.mark.django_db

MARKER = 'class="in-english"'


def make_task(**fields):
    category = TaskCategory.objects.create(
        name="Generation", slug="generation", name_zh_hans="生成"
    )
    return Task.objects.create(category=category, slug="writing", name="Writing", **fields)


def test_a_translation_replaces_the_english_on_the_chinese_page_only(client):
    make_task(description="Writing texts.", name_zh_hans="写作", description_zh_hans="撰写文本。")
    chinese = client.get("/zh-hans/tasks/writing/").content.decode()
    assert "<h1>写作</h1>" in chinese and "撰写文本。" in chinese
    assert "Writing texts." not in chinese and MARKER not in chinese
    english = client.get("/tasks/writing/").content.decode()
    assert "<h1>Writing</h1>" in english and "Writing texts." in english
    assert "撰写文本" not in english and MARKER not in english


def test_a_missing_translation_shows_the_english_marked(client):
    make_task(description="Writing texts.")
    chinese = client.get("/zh-hans/tasks/writing/").content.decode()
    assert "Writing texts." in chinese
    assert chinese.count(MARKER) == 2  # the name and the description
    assert 'lang="en"' in chinese


def test_a_model_summary_in_chinese_and_its_fallback(client):
    make_model(slug="done", name="Done", summary="In English.", summary_zh_hans="已翻译。")
    make_model(slug="todo", name="Todo", summary="Only in English.")
    assert "已翻译。" in client.get("/zh-hans/models/done/").content.decode()
    page = client.get("/zh-hans/models/todo/").content.decode()
    assert "Only in English." in page and MARKER in page


def lab_citing(field: str) -> dict:
    """A document with one organisation whose Chinese name has a citation backing `field`."""
    citation = {
        "field": field,
        "source_url": "https://example.org/zh",
        "retrieved_on": "2026-12-01",
        "method": "stated",
        "note": "The Chinese page names it so.",
    }
    lab = {"slug": "lab", "name": "Lab", "kind": "company", "aliases": ["实验室"]}
    return {"format": "llm-atlas/3", "organizations": [lab | {"citations": [citation]}]}


def test_translations_and_cited_chinese_names_round_trip():
    doc = lab_citing("aliases") | {
        "families": [
            {"slug": "line", "name": "Line", "summary": "A line.", "summary_zh_hans": "一个系列。"}
        ],
    }
    interchange.import_documents([("", doc)])
    lab = Organization.objects.get(slug="lab")
    assert lab.aliases == ["实验室"]
    assert Citation.objects.get(object_id=lab.pk).field == "aliases"
    assert Family.objects.get(slug="line").summary_zh_hans == "一个系列。"
    exported = interchange.export()
    assert exported["organizations"][0]["citations"][0]["source_url"] == "https://example.org/zh"
    assert exported["families"][0]["summary_zh_hans"] == "一个系列。"


def test_a_citation_of_an_organisation_must_name_one_of_its_facts():
    doc = lab_citing("release_date")
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.import_documents([("", doc)])
    where = "organizations[0].citations[0].field"
    assert failed.value.problems == [
        f"{where}: 'release_date' is not a fact of an organisation record"
    ]
    assert not Organization.objects.exists()


def test_the_api_gives_the_chinese_on_request(client):
    make_model(slug="m", name="M", summary="English.", summary_zh_hans="中文。")
    make_model(slug="n", name="N", summary="Untranslated.")
    assert client.get("/api/models/m/").json()["summary"] == "English."
    assert client.get("/api/models/m/", {"lang": "zh-hans"}).json()["summary"] == "中文。"
    assert client.get("/api/models/n/", {"lang": "zh-hans"}).json()["summary"] == "Untranslated."
    bad = client.get("/api/models/m/", {"lang": "fr"})
    assert bad.status_code == 400 and "lang" in bad.json()["errors"]


def test_editors_write_the_chinese_beside_the_english_with_history(client):
    editor = User.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    family = Family.objects.create(name="Line", slug="line", summary="A line.")
    form = client.get(f"/admin/catalog/family/{family.pk}/change/").content.decode()
    assert 'name="summary_zh_hans"' in form and 'name="aliases"' in form
    assert "core-citation-content_type-object_id-TOTAL_FORMS" in form  # its sources
    family.summary_zh_hans = "一个系列。"
    family.save()
    assert family.history.first().summary_zh_hans == "一个系列。"


def test_the_seed_ships_chinese_for_every_text_readers_see():
    from pathlib import Path

    missing = []
    for path in sorted(Path("fixtures").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        wanted = {
            "task_categories": ["name", "description"],
            "tasks": ["name", "description"],
            "guidelines": ["title", "conditions", "rationale"],
            "decision_flow": ["label", "text", "explanation"],
            "licenses": ["restrictions"],
            "families": ["summary"],
            "datasets": ["description"],
            "benchmarks": ["measures"],
            "topics": ["name"],
            "models": ["summary"],
        }
        for section, fields in wanted.items():
            for item in doc.get(section, []):
                if section == "models" and item.get("status") == "draft":
                    continue
                for field in fields:
                    if item.get(field) and not item.get(f"{field}_zh_hans"):
                        missing.append(f"{path.name} {section} {item['slug']} {field}")
    assert missing == []


def test_an_organisation_is_named_as_it_writes_its_name_for_the_reader(client):
    from tests.factories import make_org

    lab = make_org(name="Deep Lab", aliases=["DL", "深度实验室"])
    make_model(slug="m", name="M", organizations=[lab])
    assert ">深度实验室</a>" in client.get("/zh-hans/models/m/").content.decode()
    assert ">Deep Lab</a>" in client.get("/models/m/").content.decode()
    page = client.get(lab.get_absolute_url()).content.decode()
    assert "Also known as DL, 深度实验室" in page
