"""llm-atlas/3: per-fact citations and offerings import, export and refuse bad input whole."""

import copy
import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from atlas import interchange
from catalog.models import LanguageModel, Offering, OfferingPrice
from core.citations import Citation
from tests.atlas_files import load, refused

pytestmark = pytest.mark.django_db

SOURCE = "https://vendor.example/docs/models"


def cite(field, item="", method="stated", note="Model table, row for the model"):
    return {
        "field": field,
        "item": item,
        "source_url": SOURCE,
        "retrieved_on": "2026-12-07",
        "method": method,
        "note": note,
    }


def offering(model_id, status="active", **values):
    return {
        "provider": "vendor",
        "service": "vendor-api",
        "model_id": model_id,
        "status": status,
        "deprecated_on": None,
        "retires_on": None,
        "price_input_usd_per_mtok": 3.0,
        "price_cached_input_usd_per_mtok": 0.3,
        "price_output_usd_per_mtok": 15.0,
        "price_note": "",
        "context_tokens": 200000,
        "max_output_tokens": 64000,
        "url": "",
        "price_history": [],
        **values,
    }


def v3_doc():
    """Two closed models, the second derived from the first, with offerings and citations."""
    return {
        "format": "llm-atlas/3",
        "license": "CC-BY-4.0",
        "organizations": [
            {"slug": "vendor", "name": "Vendor", "kind": "company"},
            {"slug": "cloud", "name": "Cloud", "kind": "company"},
        ],
        "licenses": [{"slug": "api-only", "name": "API only", "commercial_use": "conditional"}],
        "models": [
            {
                "slug": "one",
                "name": "One",
                "branch": "decoder-only",
                "organizations": ["vendor"],
                "access": "closed",
                "release_date": "2025-03-04",
                "release_date_precision": "day",
                "lifecycle": "retired",
                "retired_on": "2026-06-01",
                "license": "api-only",
                "citations": [
                    cite("release_date"),
                    cite("branch", method="inferred", note="Not disclosed; drawn as usual"),
                    cite("offerings", "vendor-api/one-2025"),
                ],
                "offerings": [
                    offering(
                        "one-2025",
                        status="retired",
                        deprecated_on="2026-01-10",
                        retires_on="2026-06-01",
                    )
                ],
            },
            {
                "slug": "two",
                "name": "Two",
                "branch": "decoder-only",
                "organizations": ["vendor"],
                "access": "closed",
                "release_date": "2026-02-01",
                "release_date_precision": "day",
                "lifecycle": "active",
                "license": "api-only",
                "citations": [
                    cite("release_date"),
                    cite(
                        "parents", "one", method="inferred", note="Rests on naming: Two after One"
                    ),
                    cite("offerings"),
                ],
                "offerings": [
                    offering(
                        "two-2026",
                        price_history=[
                            {
                                "until": "2026-05-01",
                                "price_input_usd_per_mtok": 5.0,
                                "price_cached_input_usd_per_mtok": None,
                                "price_output_usd_per_mtok": 25.0,
                                "source_url": SOURCE,
                            }
                        ],
                    ),
                    {
                        **offering("vendor.two-v1:0", status="deprecated"),
                        "provider": "cloud",
                        "service": "cloud-ai",
                        "retires_on": "2027-03-01",
                    },
                ],
                "parents": [{"model": "one", "relation": "successor-of"}],
            },
        ],
    }


def test_citations_and_offerings_import_and_export_as_written(tmp_path):
    load(v3_doc(), tmp_path)
    two = LanguageModel.objects.get(slug="two")
    assert [(c.field, c.item, c.method) for c in two.citations.all()] == [
        ("offerings", "", "stated"),
        ("parents", "one", "inferred"),
        ("release_date", "", "stated"),
    ]
    offerings = {o.key: o for o in two.offerings.all()}
    assert set(offerings) == {"vendor-api/two-2026", "cloud-ai/vendor.two-v1:0"}
    earlier = offerings["vendor-api/two-2026"].price_history.get()
    assert (earlier.until, earlier.price_output_usd_per_mtok) == (datetime.date(2026, 5, 1), 25.0)
    doc = interchange.export()
    assert (doc["format"], doc["license"]) == ("llm-atlas/3", "CC-BY-4.0")
    record = next(m for m in doc["models"] if m["slug"] == "two")
    assert record["offerings"][1]["price_history"][0]["until"] == "2026-05-01"
    assert {c["field"] for c in record["citations"]} == {"release_date", "parents", "offerings"}


def test_export_import_export_gives_the_same_bytes(tmp_path):
    load(v3_doc(), tmp_path)
    first = interchange.dumps(interchange.export())
    LanguageModel.objects.all().delete()
    assert not Citation.objects.exists()  # a model's citations go with it
    assert not Offering.objects.exists() and not OfferingPrice.objects.exists()
    (tmp_path / "export.json").write_text(first, encoding="utf-8")
    call_command("import_atlas", str(tmp_path / "export.json"), stdout=StringIO())
    assert interchange.dumps(interchange.export()) == first


def test_importing_again_changes_nothing_and_replaces_changed_citations(tmp_path):
    doc = v3_doc()
    load(doc, tmp_path)
    ids = sorted(Citation.objects.values_list("pk", flat=True))
    load(doc, tmp_path)
    assert sorted(Citation.objects.values_list("pk", flat=True)) == ids  # untouched
    doc["models"][1]["citations"][0]["note"] = "Release notes, first line"
    doc["models"][1]["offerings"][0]["price_input_usd_per_mtok"] = 2.5
    load(doc, tmp_path)
    two = LanguageModel.objects.get(slug="two")
    assert two.citations.get(field="release_date").note == "Release notes, first line"
    assert two.offerings.get(service="vendor-api").price_input_usd_per_mtok == 2.5
    assert Citation.objects.filter(object_id=LanguageModel.objects.get(slug="one").pk).count() == 3


def test_a_v2_file_still_imports_with_no_citations(tmp_path):
    doc = v3_doc()
    doc["format"] = "llm-atlas/2"
    del doc["license"]
    for model in doc["models"]:
        del model["citations"], model["offerings"]
    model = doc["models"][0]
    model["lifecycle"], model["retired_on"] = "active", None
    load(doc, tmp_path)
    assert LanguageModel.objects.count() == 2 and not Citation.objects.exists()


def test_a_v2_file_cannot_carry_v3_keys(tmp_path):
    doc = v3_doc()
    doc["format"] = "llm-atlas/2"
    message = refused(doc, tmp_path)
    assert "license: unknown section" in message
    assert "models[0].citations: unknown key" in message
    assert "models[0].offerings: unknown key" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["citations"].append(cite("summary")), "is not a fact of a model record"),
        (lambda m: m["citations"].append(cite("release_date", "x")), "only a list"),
        (lambda m: m["citations"].append(cite("parents", "zero")), "hold no 'zero'"),
        (lambda m: m["citations"].append(cite("branch", method="guessed")), "not one of stated"),
        (
            lambda m: m["citations"][0].update(source_url="http://vendor.example/"),
            "citations[0].source_url: Cite an https:// address.",
        ),
        (lambda m: m["citations"][0].update(note=""), "note: must not be empty"),
        (lambda m: m["citations"][0].pop("retrieved_on"), "retrieved_on: required"),
        (
            lambda m: m["offerings"][0].update(status="retired", retires_on="2030-01-01"),
            "'retired' before its shutdown",
        ),
        (
            lambda m: m["offerings"][0].update(deprecated_on="2027-05-01", retires_on="2027-04-01"),
            "after its retires_on",
        ),
        (lambda m: m["offerings"][0].update(price_input_usd_per_mtok=-1), "must be zero or more"),
        (lambda m: m["offerings"][0].update(provider="nobody"), "unknown organization 'nobody'"),
        (lambda m: m["offerings"].append(offering("two-2026")), "listed 2 times"),
        (lambda m: m.update(lifecycle="retired"), "which make it 'active'"),
    ],
)
def test_a_bad_citation_or_offering_is_refused_whole(tmp_path, change, expected):
    doc = v3_doc()
    change(doc["models"][1])
    message = refused(doc, tmp_path)
    assert expected in message
    assert not LanguageModel.objects.exists()
    assert not Citation.objects.exists() and not Offering.objects.exists()


def test_a_closed_model_is_retired_only_when_every_offering_is(tmp_path):
    doc = v3_doc()
    one = doc["models"][0]
    one["offerings"].append(offering("one-latest", status="active"))
    assert "which make it 'active'" in refused(copy.deepcopy(doc), tmp_path)
    one["lifecycle"], one["retired_on"] = "active", None
    load(doc, tmp_path)
    assert LanguageModel.objects.get(slug="one").lifecycle == "active"


def test_an_open_models_lifecycle_is_its_own(tmp_path):
    """Weights outlive an API: an open model stays active when its only API shut down."""
    doc = v3_doc()
    one = doc["models"][0]
    one.update(access="open", weights="downloadable", lifecycle="active", retired_on=None)
    load(doc, tmp_path)
    assert LanguageModel.objects.get(slug="one").lifecycle == "active"
