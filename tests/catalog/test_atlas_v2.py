"""llm-atlas/2: the seed's /1 files and a /2 file using every new field and relation import,
round-trip byte for byte, and the new /models/ filters agree with the export and the API."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from atlas import interchange
from catalog.models import Lineage, ModelSize, PastLicense, Relation
from catalog.records import MODEL
from tests.catalog.downloads import json_results

pytestmark = pytest.mark.django_db

NEW_RELATIONS = [
    "pruned-from",
    "upcycled-from",
    "adapted-from",
    "reasoning-trained-from",
    "merged-from",
    "trained-on-outputs-of",
]


def model(slug, **fields):
    """A /2 model record: `fields` over plain defaults."""
    record = {
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "branch": "decoder-only",
        "organizations": ["lab"],
        "access": "open",
        "release_date": "2024-01-01",
        "release_date_precision": "month",
    }
    return record | fields


def v2_document() -> dict:
    """Every key /2 adds, and every new relation, on a handful of models."""
    return {
        "format": "llm-atlas/2",
        "organizations": [{"slug": "lab", "name": "Lab", "kind": "government"}],
        "licenses": [
            {"slug": "open-2", "name": "Open 2", "version": "2.0", "commercial_use": "yes"},
            {"slug": "research", "name": "Research only", "commercial_use": "no"},
        ],
        "families": [
            {"slug": "line", "name": "Line", "organizations": ["lab"], "summary": "A *line*."}
        ],
        "models": [
            model(
                "base",
                family="line",
                architecture="transformer",
                weights="fully-open",
                parameters_billions=70.0,
                sizes=[
                    {"label": "8B", "parameters_billions": 8.0},
                    {"label": "70B", "parameters_billions": 70.0},
                ],
                context_length_tokens=128000,
                training_tokens_trillions=15.0,
                input_modalities=["text", "image"],
                output_modalities=["text"],
                license="open-2",
                past_licenses=[
                    {
                        "license": "research",
                        "until": "2023-06-01",
                        "source_url": "https://example.org/change",
                    }
                ],
            ),
            model(
                "moe",
                family="line",
                weights="gated",
                parameters_billions=47.0,
                parameters_active_billions=13.0,
                sizes=[
                    {
                        "label": "8x7B",
                        "parameters_billions": 47.0,
                        "parameters_active_billions": 13.0,
                    }
                ],
                release_date="2024-06-01",
                parents=[{"model": "base", "relation": "upcycled-from"}],
            ),
            model(
                "ssm",
                branch="state-space-hybrid",
                branch_note="Attention mixed with state-space layers.",
                architecture="hybrid",
                weights="downloadable",
                context_length_tokens=256000,
                release_date="2024-07-01",
                parents=[
                    {"model": "base", "relation": "adapted-from"},
                    {"model": "moe", "relation": "merged-from"},
                ],
            ),
            model(
                "thinker",
                access="closed",
                reasoning="yes",
                lifecycle="retired",
                retired_on="2026-03-01",
                input_modalities=["text", "audio", "video"],
                release_date="2025-01-20",
                release_date_precision="day",
                parents=[
                    {"model": "moe", "relation": "reasoning-trained-from"},
                    {"model": "ssm", "relation": "trained-on-outputs-of"},
                ],
            ),
            model(
                "small",
                lifecycle="deprecated",
                weights="on-request",
                parameters_billions=1.0,
                release_date="2025-02-01",
                parents=[{"model": "base", "relation": "pruned-from"}],
            ),
        ],
    }


def seed_as_v1(tmp_path) -> list[str]:
    """The seed's files, rewritten as llm-atlas/1 (every /2 key and section taken out)."""
    paths = []
    for source in sorted(Path("fixtures").glob("*.json")):
        doc = json.loads(source.read_text(encoding="utf-8"))
        doc["format"] = "llm-atlas/1"
        doc.pop("license", None)
        for section in interchange.SECTION_SINCE:  # families, benchmarks
            doc.pop(section, None)
        for section, specs in interchange.SPECS.items():
            for item in doc.get(section, []):
                _drop_later_keys(item, specs)
        path = tmp_path / f"v1-{source.name}"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(str(path))
    return paths


def _drop_later_keys(item: dict, specs: dict) -> None:
    """Take out of `item`, and of the objects nested in it, every key newer than /1."""
    for key, spec in specs.items():
        if spec.since > 1:
            item.pop(key, None)
        elif spec.fields and item.get(key):
            nested = item[key] if isinstance(item[key], list) else [item[key]]
            for child in nested:
                if isinstance(child, dict):
                    _drop_later_keys(child, spec.fields)


def export_text() -> str:
    out = StringIO()
    call_command("export_atlas", stdout=out)
    return out.getvalue()


def test_the_v2_file_uses_every_new_key_and_relation():
    """The oracle of the round trip below: it must exercise what /2 adds."""
    doc = v2_document()
    used = {key for item in doc["models"] for key in item}
    added = {key for key, spec in MODEL.items() if spec.since == 2}
    assert added <= used
    relations = {p["relation"] for item in doc["models"] for p in item.get("parents", [])}
    assert set(NEW_RELATIONS) <= relations
    assert set(NEW_RELATIONS) <= set(Relation.values)


def empty_the_atlas():
    """Delete every row of the guidance and the catalog, dependants first."""
    for label in ("guidance", "catalog"):
        for cls in reversed(list(apps.get_app_config(label).get_models())):
            cls._default_manager.all().delete()


def test_seed_in_v1_plus_a_v2_file_round_trips_byte_for_byte(tmp_path):
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(v2_document()), encoding="utf-8")
    call_command("import_atlas", *seed_as_v1(tmp_path), str(v2), stdout=StringIO())
    first = export_text()
    assert json.loads(first)["format"] == "llm-atlas/3"
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")
    empty_the_atlas()
    assert export_text() != first
    call_command("import_atlas", str(exported), stdout=StringIO())
    assert export_text() == first


def test_v2_facts_are_stored_and_exported():
    interchange.import_documents([("", v2_document())])
    doc = interchange.export()
    models = {m["slug"]: m for m in doc["models"]}
    assert models["base"]["sizes"] == [
        {"label": "8B", "parameters_billions": 8.0, "parameters_active_billions": None},
        {"label": "70B", "parameters_billions": 70.0, "parameters_active_billions": None},
    ]
    assert models["base"]["past_licenses"] == [
        {"license": "research", "until": "2023-06-01", "source_url": "https://example.org/change"}
    ]
    assert models["thinker"]["retired_on"] == "2026-03-01"
    assert models["thinker"]["weights"] == ""
    assert models["moe"]["parameters_active_billions"] == 13.0
    assert doc["families"] == [
        {
            "slug": "line",
            "name": "Line",
            "organizations": ["lab"],
            "aliases": [],
            "summary": "A *line*.",
            "summary_zh_hans": "",
            "citations": [],
        }
    ]
    assert doc["licenses"][0]["version"] == "2.0"
    assert ModelSize.objects.count() == 3 and PastLicense.objects.count() == 1
    assert set(Lineage.objects.values_list("relation", flat=True)) == set(NEW_RELATIONS)


def test_reimport_replaces_sizes_and_past_licences():
    interchange.import_documents([("", v2_document())])
    doc = v2_document()
    doc["models"][0]["sizes"] = [{"label": "70B", "parameters_billions": 71.0}]
    doc["models"][0]["past_licenses"] = []
    interchange.import_documents([("", doc)])
    base = interchange.export()["models"]
    base = next(m for m in base if m["slug"] == "base")
    assert base["sizes"] == [
        {"label": "70B", "parameters_billions": 71.0, "parameters_active_billions": None}
    ]
    assert base["past_licenses"] == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d.update(format="llm-atlas/1"),
            "models[0].family: unknown key",
        ),
        (
            lambda d: d["models"][3].update(weights="gated"),
            "models[3].weights: a closed model has no released weights",
        ),
        (
            lambda d: d["models"][4].update(retired_on="2026-01-01"),
            "models[4].retired_on: only a retired model has a retirement date",
        ),
        (
            lambda d: d["models"][1].update(parameters_active_billions=50.0),
            "models[1].parameters_active_billions: needs parameters_billions and cannot exceed",
        ),
        (
            lambda d: d["models"][1]["sizes"][0].update(parameters_active_billions=48.0),
            "models[1].sizes[0].parameters_active_billions: needs parameters_billions",
        ),
        (
            lambda d: d["models"][0].update(input_modalities=["text", "smell"]),
            "models[0].input_modalities: must be a list of text, image, audio, video",
        ),
        (
            lambda d: d["models"][0].update(output_modalities=["text", "text"]),
            "models[0].output_modalities: listed twice: text",
        ),
        (
            lambda d: d["models"][0]["sizes"].append({"label": "8B"}),
            "models[0].sizes: size '8B' listed 2 times",
        ),
        (
            lambda d: d["models"][0].update(architecture="quantum"),
            "models[0].architecture: 'quantum' is not one of transformer, state-space, "
            "recurrent, hybrid or empty",
        ),
        (
            lambda d: d["models"][0].update(context_length_tokens=-5),
            "models[0].context_length_tokens: must be a whole number from 0 to 1000000000 or null",
        ),
        (
            lambda d: d["models"][0].update(training_tokens_trillions=-1),
            "models[0].training_tokens_trillions: must be zero or more (trillions of tokens)",
        ),
        (
            lambda d: d["models"][0]["past_licenses"][0].update(license="nobody"),
            "models[0].past_licenses[0].license: unknown licence 'nobody'",
        ),
        (
            lambda d: d["models"][0]["past_licenses"][0].update(until="June 2023"),
            "models[0].past_licenses[0].until: expected an ISO date",
        ),
        (
            lambda d: d["models"][0].update(family="nobody"),
            "models[0].family: unknown family 'nobody'",
        ),
        (
            lambda d: d["models"][1]["parents"][0].update(relation="cloned-from"),
            "models[1].parents[0].relation: 'cloned-from' is not one of",
        ),
    ],
)
def test_bad_v2_values_are_refused_with_their_path(change, problem):
    doc = copy.deepcopy(v2_document())
    change(doc)
    with pytest.raises(interchange.ImportFailed) as refused:
        interchange.import_documents([("", doc)])
    assert any(p.startswith(problem) for p in refused.value.problems), refused.value.problems
    assert not Lineage.objects.exists()


# --- The new filters agree with the export and the API ---------------------------------------

FILTERS = {
    "architecture=hybrid": lambda m: m["architecture"] == "hybrid",
    "input_modality=image": lambda m: "image" in m["input_modalities"],
    "input_modality=audio&input_modality=image": lambda m: bool(
        {"audio", "image"} & set(m["input_modalities"])
    ),
    "weights=fully-open": lambda m: m["weights"] == "fully-open",
    "weights=gated&weights=on-request": lambda m: m["weights"] in ("gated", "on-request"),
    "reasoning=yes": lambda m: m["reasoning"] == "yes",
    "reasoning=no": lambda m: m["reasoning"] == "no",
    "lifecycle=retired": lambda m: m["lifecycle"] == "retired",
    "lifecycle=deprecated": lambda m: m["lifecycle"] == "deprecated",
    "family=line": lambda m: m["family"] == "line",
    "active_min=10": lambda m: (m["parameters_active_billions"] or -1) >= 10,
    "active_max=12.5": lambda m: (
        m["parameters_active_billions"] is not None and m["parameters_active_billions"] <= 12.5
    ),
    "context_min=200000": lambda m: (m["context_length_tokens"] or 0) >= 200000,
    "branch=state-space-hybrid": lambda m: m["branch"] == "state-space-hybrid",
}


@pytest.fixture
def v2_world():
    interchange.import_documents([("", v2_document())])
    return {m["slug"]: m for m in interchange.export()["models"]}


@pytest.mark.parametrize("query", FILTERS)
def test_new_filters_agree_with_the_export_and_the_api(client, v2_world, query):
    expected = sorted(slug for slug, m in v2_world.items() if FILTERS[query](m))
    params = dict(part.split("=") for part in query.split("&"))
    if "&" in query:  # repeated parameter
        name = query.split("=")[0]
        params = {name: [part.split("=")[1] for part in query.split("&")]}
    page = sorted(row["slug"] for row in json_results(client, "/models/", params))
    api = client.get("/api/models/", params | {"page_size": 100})
    assert api.status_code == 200, api.content
    assert page == expected
    assert sorted(row["slug"] for row in api.json()["results"]) == expected


@pytest.mark.parametrize(
    ("facet", "value", "query"),
    [
        ("architecture", "hybrid", "architecture=hybrid"),
        ("input_modality", "image", "input_modality=image"),
        ("weights", "fully-open", "weights=fully-open"),
        ("reasoning", "yes", "reasoning=yes"),
        ("lifecycle", "retired", "lifecycle=retired"),
        ("family", "line", "family=line"),
    ],
)
def test_facet_counts_are_the_rows_each_option_gives(client, v2_world, facet, value, query):
    response = client.get("/models/")
    [shown] = [f for f in response.context["facets"] if f.name == facet]
    [option] = [o for o in shown.options if o.value == value]
    assert option.count == sum(FILTERS[query](m) for m in v2_world.values())
    assert option.count > 0


@pytest.mark.parametrize(
    "params",
    [
        {"active_min": "-3"},
        {"active_min": "lots"},
        {"active_max": "1e400"},
        {"context_min": "99999999999999999999999"},
        {"context_min": "1.5"},
        {"architecture": "quantum"},
        {"input_modality": "smell"},
        {"reasoning": "maybe"},
        {"family": "nobody"},
    ],
)
def test_bad_values_of_new_filters_are_notices_on_the_page_and_400s_in_the_api(
    client, v2_world, params
):
    page = client.get("/models/", params)
    assert page.status_code == 200
    assert "Ignored" in page.content.decode()
    assert client.get("/api/models/", params).status_code == 400


def test_model_page_shows_the_v2_facts(client, v2_world):
    html = client.get("/models/moe/").content.decode()
    assert "13B active per token" in html
    assert "8x7B" in html
    assert 'href="/families/line/"' in html
    base = client.get("/models/base/").content.decode()
    assert "128,000 tokens" in base and "Research only</a>, until" in base
    thinker = client.get("/models/thinker/").content.decode()
    assert "Retired since" in thinker and "Trained to think before it answers" in thinker


def test_family_page_lists_its_line_of_releases(client, v2_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = client.get("/families/line/").content.decode()
    assert html.index("Base") < html.index("Moe")
    assert "Upcycled (to mixture-of-experts) from Base" in html
    assert client.get("/families/nobody/").status_code == 404
