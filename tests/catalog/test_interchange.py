"""The llm-atlas/1 format: every class of bad file is refused whole; good files round-trip."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from atlas import interchange
from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic
from tests.factories import link, make_model, make_org

pytestmark = pytest.mark.django_db

ALL_TABLES = (Organization, License, Dataset, Topic, Paper, LanguageModel, Lineage)


def small_doc():
    """A complete, valid little knowledge base: three models in a line, two papers."""
    return {
        "format": "llm-atlas/1",
        "organizations": [
            {
                "slug": "acme",
                "name": "Acme AI",
                "kind": "company",
                "country": "US",
                "url": "https://acme.example/",
            },
            {"slug": "uni", "name": "Some University", "kind": "academic"},
        ],
        "licenses": [
            {
                "slug": "apache-2-0",
                "name": "Apache License 2.0",
                "commercial_use": "yes",
                "url": "https://www.apache.org/licenses/LICENSE-2.0",
            },
        ],
        "datasets": [{"slug": "web", "name": "Web crawl", "access": "public"}],
        "topics": [{"slug": "models", "name": "Models", "order": 10}],
        "papers": [
            {"slug": "base-2020", "title": "A Base Model", "year": 2020, "topics": ["models"]},
            {"slug": "tuned-2022", "title": "Tuning It", "year": 2022},
        ],
        "models": [
            {
                "slug": "base",
                "name": "Base",
                "branch": "decoder-only",
                "organizations": ["acme"],
                "access": "open",
                "release_date": "2020-05-01",
                "release_date_precision": "month",
                "parameters_billions": 1.3,
                "license": "apache-2-0",
                "datasets": ["web"],
                "papers": ["base-2020"],
            },
            {
                "slug": "tuned",
                "name": "Tuned",
                "branch": "decoder-only",
                "organizations": ["acme", "uni"],
                "access": "closed",
                "release_date": "2022-11-30",
                "release_date_precision": "day",
                "papers": ["tuned-2022"],
                "parents": [{"model": "base", "relation": "instruction-tuned-from"}],
            },
            {
                "slug": "chat",
                "name": "Chat",
                "branch": "decoder-only",
                "organizations": ["uni"],
                "access": "closed",
                "release_date": "2023-01-01",
                "release_date_precision": "year",
                "parents": [{"model": "tuned", "relation": "aligned-from", "note": "RLHF"}],
            },
        ],
    }


def write_json(tmp_path, name, doc) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def run_import(*files):
    out, err = StringIO(), StringIO()
    call_command("import_atlas", *files, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*files) -> str:
    """Run an import that must fail; return what it printed."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_atlas", *files, stdout=StringIO(), stderr=err)
    return err.getvalue()


def table_counts():
    return {model.__name__: model.objects.count() for model in ALL_TABLES}


def test_a_good_file_imports_everything(tmp_path):
    out, _ = run_import(write_json(tmp_path, "kb.json", small_doc()))
    assert "Imported" in out
    tuned = LanguageModel.objects.get(slug="tuned")
    assert sorted(o.slug for o in tuned.organizations.all()) == ["acme", "uni"]
    edge = Lineage.objects.get(child__slug="chat")
    assert (edge.parent.slug, edge.relation, edge.note) == ("tuned", "aligned-from", "RLHF")
    assert LanguageModel.objects.get(slug="base").license.slug == "apache-2-0"
    assert list(Paper.objects.get(slug="base-2020").topics.values_list("slug", flat=True)) == [
        "models"
    ]


def test_files_may_split_a_knowledge_base(tmp_path):
    doc = small_doc()
    first = {"format": "llm-atlas/1", "models": doc.pop("models")}
    run_import(write_json(tmp_path, "a.json", first), write_json(tmp_path, "b.json", doc))
    assert LanguageModel.objects.count() == 3


BAD_FILES = {
    "unknown model slug": (
        lambda d: d["models"][2]["parents"][0].update(model="gpt-5x"),
        "models[2].parents[0].model: unknown model 'gpt-5x'",
    ),
    "unknown organization": (
        lambda d: d["models"][0]["organizations"].append("nobody"),
        "models[0].organizations[1]: unknown organization 'nobody'",
    ),
    "unknown licence": (
        lambda d: d["models"][0].update(license="gpl-9"),
        "models[0].license: unknown licence 'gpl-9'",
    ),
    "unknown topic": (
        lambda d: d["papers"][0]["topics"].append("poetry"),
        "papers[0].topics[1]: unknown topic 'poetry'",
    ),
    "bad branch": (
        lambda d: d["models"][1].update(branch="decoder"),
        "models[1].branch: 'decoder' is not one of",
    ),
    "bad relation": (
        lambda d: d["models"][1]["parents"][0].update(relation="child-of"),
        "models[1].parents[0].relation: 'child-of' is not one of",
    ),
    "bad commercial use": (
        lambda d: d["licenses"][0].update(commercial_use="maybe"),
        "licenses[0].commercial_use: 'maybe' is not one of",
    ),
    "cycle": (
        lambda d: d["models"][0].update(parents=[{"model": "chat", "relation": "variant-of"}]),
        "lineage cycle",
    ),
    "self parent": (
        lambda d: d["models"][0].update(parents=[{"model": "base", "relation": "variant-of"}]),
        "models[0].parents[0].model: a model cannot be its own parent",
    ),
    "duplicate slug": (
        lambda d: d["models"].append(dict(d["models"][0], name="Other")),
        "models[3].slug: duplicate slug 'base' (first at",
    ),
    "duplicate name ignoring case": (
        lambda d: d["models"][1].update(name="BASE"),
        "is already the name of model 'base'",
    ),
    "duplicate parent": (
        lambda d: d["models"][1]["parents"].append({"model": "base", "relation": "variant-of"}),
        "models[1].parents: parent 'base' listed 2 times",
    ),
    "missing required key": (
        lambda d: d["models"][0].pop("branch"),
        "models[0].branch: required",
    ),
    "unknown key": (
        lambda d: d["models"][0].update(colour="blue"),
        "models[0].colour: unknown key",
    ),
    "bad date": (
        lambda d: d["models"][0].update(release_date="2020-02-30"),
        "models[0].release_date: not a real date: '2020-02-30'",
    ),
    "date finer than precision": (
        lambda d: d["models"][0].update(release_date="2020-05-17"),
        "models[0].release_date: with precision 'month' the day must be 01",
    ),
    "year precision with a month": (
        lambda d: d["models"][2].update(release_date="2023-06-01"),
        "models[2].release_date: with precision 'year' the month must be 01",
    ),
    "year precision with a day": (
        lambda d: d["models"][2].update(release_date="2023-01-15"),
        "models[2].release_date: with precision 'year' the day must be 01",
    ),
    "negative parameters": (
        lambda d: d["models"][0].update(parameters_billions=-3),
        "models[0].parameters_billions: must be zero or more",
    ),
    "parameters as text": (
        lambda d: d["models"][0].update(parameters_billions="1.3B"),
        "models[0].parameters_billions: must be a number or null",
    ),
    "bad slug": (
        lambda d: d["organizations"][0].update(slug="Acme AI"),
        "organizations[0].slug: bad slug 'Acme AI'",
    ),
    "bad url": (
        lambda d: d["organizations"][0].update(url="javascript:alert(1)"),
        "organizations[0].url: not a valid http(s) URL",
    ),
    "NUL byte": (
        lambda d: d["models"][0].update(summary="a\x00b"),
        "models[0].summary: contains a NUL character",
    ),
    "too long": (
        lambda d: d["models"][0].update(name="x" * 101),
        "models[0].name: longer than 100 characters",
    ),
    "section not a list": (
        lambda d: d.update(papers={"slug": "x"}),
        "papers: must be a list",
    ),
    "unknown section": (
        lambda d: d.update(benchmarks=[]),
        "benchmarks: unknown section",
    ),
    "wrong format": (
        lambda d: d.update(format="llm-atlas/4"),
        "format: expected 'llm-atlas/3' or 'llm-atlas/2' or 'llm-atlas/1', got 'llm-atlas/4'",
    ),
    "no organisations": (
        lambda d: d["models"][0].update(organizations=[]),
        "models[0].organizations: must name at least one",
    ),
    "unknown status": (
        lambda d: d["organizations"][0].update(status="hidden"),
        "organizations[0].status: ",
    ),
    "a published model with a draft licence": (
        lambda d: d["licenses"][0].update(status="draft"),
        "models[0].license: licence 'apache-2-0' is a draft; a published model needs a "
        "published licence",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_whole_with_the_json_path(tmp_path, case):
    make_org(name="Already Here", slug="already-here")
    before = table_counts()
    mutate, expected = BAD_FILES[case]
    doc = small_doc()
    mutate(doc)
    printed = refused(write_json(tmp_path, "kb.json", doc))
    assert expected in printed
    assert printed.startswith(str(tmp_path / "kb.json")) or "lineage cycle" in printed
    assert table_counts() == before


def test_a_year_precision_date_on_the_first_of_january_is_accepted(tmp_path):
    doc = small_doc()
    assert doc["models"][2]["release_date_precision"] == "year"
    run_import(write_json(tmp_path, "kb.json", doc))
    chat = LanguageModel.objects.get(slug="chat")
    assert (chat.release_date.isoformat(), chat.release_date_precision) == ("2023-01-01", "year")


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    doc = small_doc()
    doc["models"][0]["branch"] = "nope"
    doc["models"][1]["access"] = "semi"
    doc["models"][2]["parents"][0]["model"] = "ghost"
    printed = refused(write_json(tmp_path, "kb.json", doc))
    assert "models[0].branch" in printed
    assert "models[1].access" in printed
    assert "models[2].parents[0].model: unknown model 'ghost'" in printed


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "llm-atlas/1", "models": [', "malformed JSON"),
        ("[1, 2, 3]", "the top level must be a JSON object"),
        (
            '{"models": []}',
            "format: expected 'llm-atlas/3' or 'llm-atlas/2' or 'llm-atlas/1', got None",
        ),
    ],
)
def test_malformed_files_are_refused(tmp_path, content, expected):
    assert expected in refused(write_json(tmp_path, "broken.json", content))


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "llm-atlas/1", "x": "caf\xe9"}'.encode("latin-1"))
    assert "not UTF-8 text" in refused(str(path))


def test_a_missing_file_is_refused(tmp_path):
    good = write_json(tmp_path, "kb.json", small_doc())
    assert "cannot read" in refused(good, str(tmp_path / "missing.json"))
    assert LanguageModel.objects.count() == 0


def test_one_bad_file_among_several_writes_nothing(tmp_path):
    good = write_json(tmp_path, "good.json", small_doc())
    bad = write_json(tmp_path, "bad.json", {"format": "llm-atlas/1", "licenses": [{"slug": "x"}]})
    printed = refused(good, bad)
    assert "bad.json: licenses[0].name: required" in printed
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_a_cycle_through_existing_rows_is_refused(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    update = {
        "format": "llm-atlas/1",
        "models": [
            dict(small_doc()["models"][0], parents=[{"model": "chat", "relation": "variant-of"}])
        ],
    }
    printed = refused(write_json(tmp_path, "update.json", update))
    assert "lineage cycle" in printed and "base" in printed
    assert not Lineage.objects.filter(child__slug="base").exists()


def test_a_name_clash_with_an_existing_row_is_refused(tmp_path):
    make_model(name="Base", slug="older-base")
    printed = refused(write_json(tmp_path, "kb.json", small_doc()))
    assert "'Base' is already the name of model 'older-base'" in printed


def test_import_upserts_by_slug(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    first_pk = LanguageModel.objects.get(slug="tuned").pk
    doc = small_doc()
    doc["models"][1].update(name="Tuned v1", parameters_billions=6.7, organizations=["uni"])
    doc["models"][1]["parents"] = [{"model": "base", "relation": "fine-tuned-from"}]
    run_import(write_json(tmp_path, "kb2.json", doc))
    tuned = LanguageModel.objects.get(slug="tuned")
    assert tuned.pk == first_pk
    assert (tuned.name, tuned.parameters_billions) == ("Tuned v1", 6.7)
    assert [o.slug for o in tuned.organizations.all()] == ["uni"]
    assert list(tuned.parent_links.values_list("parent__slug", "relation")) == [
        ("base", "fine-tuned-from")
    ]
    assert LanguageModel.objects.count() == 3
    assert Lineage.objects.count() == 2


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_json(tmp_path, "kb.json", small_doc())
    run_import(path)
    stamps = {m: dict(m.objects.values_list("pk", "updated_at")) for m in ALL_TABLES}
    run_import(path)
    assert {m: dict(m.objects.values_list("pk", "updated_at")) for m in ALL_TABLES} == stamps


def test_only_changed_rows_are_updated(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    before = dict(LanguageModel.objects.values_list("slug", "updated_at"))
    doc = small_doc()
    doc["models"][2]["summary"] = "Now with a summary."
    doc["papers"][1]["topics"] = ["models"]
    run_import(write_json(tmp_path, "kb2.json", doc))
    after = dict(LanguageModel.objects.values_list("slug", "updated_at"))
    assert [slug for slug in before if before[slug] != after[slug]] == ["chat"]
    assert Paper.objects.get(slug="tuned-2022").topics.get().slug == "models"


def test_import_replaces_a_models_parents_with_the_files(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    doc = {"format": "llm-atlas/1", "models": [dict(small_doc()["models"][2], parents=[])]}
    run_import(write_json(tmp_path, "kb2.json", doc))
    assert not Lineage.objects.filter(child__slug="chat").exists()
    assert Lineage.objects.filter(child__slug="tuned").exists()  # other models untouched


def test_export_is_sorted_and_complete():
    base = make_model(name="Zeta", slug="zeta")
    child = make_model(name="Alpha", slug="alpha")
    link(child, base, note="n")
    doc = interchange.export()
    assert doc["format"] == "llm-atlas/3"
    assert [m["slug"] for m in doc["models"]] == ["alpha", "zeta"]
    assert doc["models"][0]["parents"] == [
        {
            "model": "zeta",
            "relation": "fine-tuned-from",
            "note": "n",
            "source_url": "",
            "source_note": "",
        }
    ]
    assert set(doc) == {"format", "license", *interchange.SECTIONS}
    assert doc["license"] == "CC-BY-4.0"


def test_export_command_writes_to_stdout_and_to_a_file(tmp_path):
    make_model(name="Solo", slug="solo")
    out = StringIO()
    call_command("export_atlas", stdout=out)
    assert json.loads(out.getvalue())["models"][0]["slug"] == "solo"
    target = tmp_path / "out.json"
    call_command("export_atlas", "--output", str(target), stderr=StringIO())
    assert target.read_text(encoding="utf-8") == out.getvalue()


def test_round_trip_of_a_small_knowledge_base(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    first = interchange.dumps(interchange.export())
    for model in reversed(ALL_TABLES):
        model.objects.all().delete()
    run_import(write_json(tmp_path, "export.json", first))
    assert interchange.dumps(interchange.export()) == first


def test_round_trip_of_the_seed_data(tmp_path):
    seed = sorted(str(p) for p in Path("fixtures").glob("*.json"))
    run_import(*seed)
    first = interchange.dumps(interchange.export())
    for model in reversed(ALL_TABLES):
        model.objects.all().delete()
    run_import(write_json(tmp_path, "export.json", first))
    second = interchange.dumps(interchange.export())
    assert second == first
    assert json.loads(first)["models"], "the seed data should hold models"


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(tmp_path):
    path = write_json(tmp_path, "kb.json", small_doc())
    terminal = Terminal()
    call_command("import_atlas", path, stdout=StringIO(), stderr=terminal)
    assert "\rmodels: 3/3" in terminal.getvalue()
    piped = StringIO()
    call_command(
        "import_atlas",
        write_json(tmp_path, "kb2.json", small_doc()),
        stderr=piped,
        stdout=StringIO(),
    )
    assert piped.getvalue() == ""


def test_if_empty_leaves_an_existing_catalog_alone(tmp_path):
    make_model(name="Kept", slug="kept")
    out = StringIO()
    call_command(
        "import_atlas", "--if-empty", write_json(tmp_path, "kb.json", small_doc()), stdout=out
    )
    assert "nothing imported" in out.getvalue()
    assert list(LanguageModel.objects.values_list("slug", flat=True)) == ["kept"]


def test_validate_does_not_touch_the_database_on_failure():
    doc = copy.deepcopy(small_doc())
    doc["models"][0]["branch"] = "bad"
    with pytest.raises(interchange.ImportFailed) as excinfo:
        interchange.import_documents([("", doc)])
    assert excinfo.value.problems == [
        "models[0].branch: 'bad' is not one of pre-transformer, encoder-only, encoder-decoder, "
        "decoder-only, state-space-hybrid"
    ]
    assert LanguageModel.objects.count() == 0


def test_drafts_travel_in_the_format_and_round_trip(tmp_path):
    doc = small_doc()
    doc["organizations"][1]["status"] = "draft"
    doc["licenses"][0]["status"] = "draft"
    for model in doc["models"]:
        model["status"] = "draft"
    doc["papers"][1]["status"] = "draft"
    run_import(write_json(tmp_path, "kb.json", doc))
    assert Organization.objects.get(slug="uni").status == "draft"
    assert Organization.objects.get(slug="acme").status == "published"  # the default
    assert set(LanguageModel.objects.values_list("status", flat=True)) == {"draft"}
    exported = interchange.export()
    organisations = {o["slug"]: o for o in exported["organizations"]}
    assert organisations["uni"]["status"] == "draft"
    assert "status" not in organisations["acme"]  # published records read as before
    assert [m["status"] for m in exported["models"]] == ["draft"] * len(doc["models"])
    first = interchange.dumps(exported)
    for model in reversed(ALL_TABLES):
        model.objects.all().delete()
    run_import(write_json(tmp_path, "export.json", first))
    assert interchange.dumps(interchange.export()) == first


def test_a_record_without_a_status_publishes_a_draft(tmp_path):
    make_org(name="Acme AI", slug="acme", kind="company", status="draft")
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    assert Organization.objects.get(slug="acme").status == "published"


def test_a_licence_that_published_models_carry_cannot_become_a_draft(tmp_path):
    run_import(write_json(tmp_path, "kb.json", small_doc()))
    doc = {"format": "llm-atlas/1", "licenses": [small_doc()["licenses"][0] | {"status": "draft"}]}
    printed = refused(write_json(tmp_path, "licence.json", doc))
    assert "licenses[0].status: published model 'base' carries this licence" in printed
    assert License.objects.get(slug="apache-2-0").status == "published"
