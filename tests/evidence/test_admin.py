"""Editors curate the new facts, benchmarks and results in the admin; bad input is named and
saves nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.admin import LanguagesField
from evidence.models import Benchmark, Result
from tests.factories import make_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    return client


def test_the_model_form_has_the_facts_for_choosing_and_a_results_inline(editor):
    model = make_model()
    page = editor.get(reverse("admin:catalog_languagemodel_change", args=[model.pk]))
    html = page.content.decode()
    for name in ("purposes", "languages", "knowledge_cutoff", "max_output_tokens", "tool_use"):
        assert f'name="{name}' in html
    assert "results-TOTAL_FORMS" in html


def test_the_languages_field_reads_codes_and_names_bad_ones():
    field = LanguagesField(required=False)
    assert field.clean("zh, en  fr") == ["en", "fr", "zh"]
    with pytest.raises(ValidationError, match="Not ISO 639-1 codes: Chinese"):
        field.clean("en Chinese")


def test_a_result_with_an_http_source_is_refused_and_nothing_saved(editor):
    model = make_model()
    benchmark = Benchmark.objects.create(name="Quiz", slug="quiz", metric="accuracy (%)")
    url = reverse("admin:evidence_result_add")
    data = {
        "model": model.pk,
        "benchmark": benchmark.pk,
        "score": "71.5",
        "setting": "0-shot",
        "reported_by": "maker",
        "source_url": "http://maker.example/card",
        "date": "2026-04-01",
        "note": "",
    }
    page = editor.post(url, data)
    assert page.status_code == 200
    assert "Cite an https:// address." in page.content.decode()
    assert not Result.objects.exists()
    editor.post(url, {**data, "source_url": "https://maker.example/card"})
    result = Result.objects.get()
    assert (result.score, result.date) == (71.5, datetime.date(2026, 4, 1))
    assert result.history.count() == 1
