"""What editors and imports may store: every text has a length limit and no control
characters, every date a sane range. The admin says what is wrong; an import refuses the file
whole and names the JSON path. Runs on SQLite and PostgreSQL."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from atlas import interchange
from catalog import records as catalog_records
from catalog.models import LanguageModel, Organization
from core.models import SUMMARY_LIMIT, NameKeyField
from core.validators import validate_text
from guidance import records as guidance_records
from tests.catalog.test_admin import model_form_data
from tests.catalog.test_interchange import small_doc
from tests.editorial.helpers import admin_url, form_data
from tests.factories import make_model, make_org

pytestmark = pytest.mark.django_db

CURATED_APPS = ("catalog", "guidance")


def curated_text_fields():
    for app in CURATED_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField) and not isinstance(
                    field, models.SlugField | NameKeyField
                ):
                    yield model, field


def test_every_free_text_field_has_a_limit_that_model_validation_enforces():
    found = list(curated_text_fields())
    assert len(found) > 40  # the check looks at the fields it means to
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model, field in found
        if not field.max_length
        or not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unbounded == []


def test_every_free_text_field_refuses_control_characters():
    free = [(m, f) for m, f in curated_text_fields() if not f.choices]
    unchecked = [f"{m.__name__}.{f.name}" for m, f in free if validate_text not in f.validators]
    assert unchecked == []


def test_the_import_reads_its_limits_from_the_model_fields():
    """One home for each limit: the interchange declarations take the model field's."""
    pairs = [
        (catalog_records.MODEL, LanguageModel),
        (catalog_records.ORGANIZATION, Organization),
        *(
            (catalog_records.SECTIONS[s], m)
            for s, m in interchange.SECTION_MODELS.items()
            if s in catalog_records.SECTIONS
        ),
        *(
            (guidance_records.SECTIONS[s], m)
            for s, m in interchange.SECTION_MODELS.items()
            if s in guidance_records.SECTIONS
        ),
    ]
    checked = 0
    for specs, model in pairs:
        for key, spec in specs.items():
            if spec.kind in {"str", "text", "url"}:
                field = model._meta.get_field(spec.attr or key)
                assert spec.max_length == field.max_length, (model.__name__, key)
                checked += 1
    assert checked > 30


# --- Model validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("summary", "word " * (SUMMARY_LIMIT // 5) + "more", "max_length"),
        ("name", "Bad\x01name", "control_character"),
        ("parameters_note", "a\x85b", "control_character"),  # C1
        ("summary", "lone \ud800 surrogate", "control_character"),
        ("release_date", datetime.date(9999, 12, 31), "date_out_of_range"),
        ("release_date", datetime.date(1949, 12, 31), "date_out_of_range"),
    ],
)
def test_model_validation_refuses(field, value, code):
    model = make_model(name="Fine", release_date=datetime.date(2023, 5, 1))
    setattr(model, field, value)
    if field == "release_date":
        model.release_date_precision = "day"
    with pytest.raises(ValidationError) as error:
        model.full_clean()
    assert code in [e.code for e in error.value.error_dict[field]]


def test_text_with_tabs_and_line_breaks_is_fine():
    model = make_model(name="Fine", summary="One line.\r\nAnother,\tindented.")
    model.full_clean()


def test_dates_a_few_years_ahead_are_fine():
    ahead = datetime.date(datetime.date.today().year + 2, 1, 1)
    model = make_model(name="Announced", release_date=ahead, release_date_precision="year")
    model.full_clean()


# --- The admin -----------------------------------------------------------------------------


@pytest.fixture
def alice(client):
    user = get_user_model().objects.create_superuser("alice", "alice@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"release_date": "9999-12-31", "release_date_precision": "day"}, "out of range"),
        ({"release_date": "1900-01-01", "release_date_precision": "day"}, "between 1950-01-01"),
        ({"summary": "x" * (SUMMARY_LIMIT + 1)}, "at most 20000 characters"),
        ({"name": "Bell\x07"}, "control character U+0007 at position 5"),
        ({"parameters_note": "C1 \x9b"}, "control character U+009B"),
    ],
)
def test_the_admin_says_what_is_wrong(alice, overrides, message):
    model = make_model(name="Alpaca", release_date=datetime.date(2023, 3, 1))
    response = alice.post(admin_url(model, "change", model.pk), model_form_data(model) | overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    model.refresh_from_db()
    assert (model.name, model.release_date) == ("Alpaca", datetime.date(2023, 3, 1))


def test_the_admin_refuses_a_control_character_in_an_organisation_name(alice):
    org = make_org(name="Meta")
    data = form_data(alice.get(admin_url(org, "change", org.pk)))
    response = alice.post(admin_url(org, "change", org.pk), data | {"name": "Me\x1bta"})
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "Meta"


# --- The importer --------------------------------------------------------------------------


def refused_problems(doc) -> list[str]:
    with pytest.raises(interchange.ImportFailed) as failure:
        interchange.import_documents([("atlas.json", doc)])
    assert not LanguageModel.objects.exists()
    return failure.value.problems


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            {"release_date": "9999-12-31", "release_date_precision": "day"},
            "release_date",
            "out of range",
        ),
        ({"release_date": "1066-10-01"}, "release_date", "between 1950-01-01"),
        ({"summary": "x" * (SUMMARY_LIMIT + 1)}, "summary", "longer than 20000"),
        ({"name": "Bad\x01name"}, "name", "U+0001 at position 4"),
        ({"source_note": "lone \udc80"}, "source_note", "lone surrogate"),
        ({"aliases": ["fine", "bad\x01"]}, "aliases", "U+0001"),
        ({"aliases": ["x" * 101]}, "aliases", "at most 100"),
        ({"aliases": [f"alias {n}" for n in range(51)]}, "aliases", "at most 50"),
    ],
)
def test_the_importer_refuses(change, path, words):
    doc = small_doc()
    doc["models"][0].update(change)
    problems = refused_problems(doc)
    assert any(p.startswith(f"atlas.json: models[0].{path}:") and words in p for p in problems), (
        problems
    )


def test_the_importer_refuses_a_control_character_in_a_guideline():
    doc = small_doc() | {
        "task_categories": [{"slug": "nlu", "name": "NLU", "description": "Tab\tis fine\x02"}],
    }
    problems = refused_problems(doc)
    assert any("task_categories[0].description" in p and "U+0002" in p for p in problems)


def test_a_past_licence_date_out_of_range_is_refused():
    doc = json.loads(json.dumps(small_doc()))
    doc["format"] = "llm-atlas/2"
    doc["models"][0]["past_licenses"] = [{"license": "apache-2-0", "until": "9999-01-01"}]
    problems = refused_problems(doc)
    assert any("past_licenses[0].until" in p and "out of range" in p for p in problems)


def test_the_admin_page_for_the_model_list_still_loads(alice):
    assert alice.get(reverse("admin:catalog_languagemodel_changelist")).status_code == 200


def test_search_works_with_a_summary_at_the_limit(client):
    """The longest summary allowed stays far below PostgreSQL's tsvector limit (1 MB)."""
    words = " ".join(f"w{n}q" for n in range(4_000))[:SUMMARY_LIMIT]
    model = make_model(name="Wordy", summary=words)
    model.full_clean()
    for url in ("/models/", "/search/"):
        response = client.get(url, {"q": "w100q"})
        assert response.status_code == 200
        assert "Wordy" in response.content.decode()
