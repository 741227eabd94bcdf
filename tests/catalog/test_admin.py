"""Django admin for editors: every page loads for a superuser and errors are in plain words."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic
from core.admin import version_token
from tests.factories import (
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
    make_topic,
)

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [Organization, License, Dataset, Topic, Paper, LanguageModel, Lineage]


@pytest.fixture
def alice(client):
    """Alice is a superuser."""
    user = get_user_model().objects.create_superuser("alice", "alice@example.org", "pw-alice-1")
    client.force_login(user)
    return client


@pytest.fixture
def catalog():
    org = make_org(name="Meta")
    lic = make_license(name="Apache 2.0")
    base = make_model(
        name="LLaMA",
        organizations=[org],
        license=lic,
        datasets=[make_dataset()],
        papers=[make_paper(topics=[make_topic()])],
    )
    tuned = make_model(name="Alpaca", release_date=datetime.date(2023, 3, 1))
    link(tuned, base, relation="instruction-tuned-from")
    return {"org": org, "base": base, "tuned": tuned}


def url(model, view, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load(alice, catalog, model):
    assert alice.get(url(model, "changelist")).status_code == 200
    assert alice.get(url(model, "changelist"), {"q": "a"}).status_code == 200
    assert alice.get(url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert alice.get(url(model, "change", obj.pk)).status_code == 200


def test_model_list_filters_work(alice, catalog):
    response = alice.get(url(LanguageModel, "changelist"), {"year": "2023"})
    names = [m.name for m in response.context["cl"].result_list]
    assert names == ["Alpaca"]
    response = alice.get(url(LanguageModel, "changelist"), {"year": "not-a-year"})
    assert response.status_code == 200


def model_form_data(model, **overrides):
    """POST data for a model's change page, with the version it was opened at."""
    data = {
        "edit_version": version_token(LanguageModel, model.pk),
        "name": model.name,
        "slug": model.slug,
        "aliases": "",
        "branch": model.branch,
        "organizations": [o.pk for o in model.organizations.all()],
        "access": model.access,
        "url": "",
        "release_date": model.release_date.isoformat(),
        "release_date_precision": model.release_date_precision,
        "parameters_billions": "",
        "parameters_note": "",
        "license": model.license_id or "",
        "data_license": "",
        "datasets": [d.pk for d in model.datasets.all()],
        "papers": [p.pk for p in model.papers.all()],
        "summary": "",
        "source_url": "",
        "source_note": "",
        "parent_links-TOTAL_FORMS": "1",
        "parent_links-INITIAL_FORMS": "0",
        "parent_links-MIN_NUM_FORMS": "0",
        "parent_links-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_adding_a_parent_that_closes_a_loop_is_refused_in_words(alice, catalog):
    base, tuned = catalog["base"], catalog["tuned"]
    data = model_form_data(
        base,
        **{
            "parent_links-0-parent": tuned.pk,
            "parent_links-0-relation": "fine-tuned-from",
        },
    )
    response = alice.post(url(LanguageModel, "change", base.pk), data)
    assert response.status_code == 200
    assert "would close a loop in the lineage" in response.content.decode()
    assert not Lineage.objects.filter(child=base).exists()


def test_a_model_with_a_parent_can_be_added_on_one_page(alice, catalog):
    org = catalog["org"]
    data = {
        "name": "Vicuna",
        "slug": "vicuna",
        "aliases": "Vicuna-13B\n\n  Vicuna 13B  \n",
        "branch": "decoder-only",
        "organizations": [org.pk],
        "access": "open",
        "release_date": "2023-03-01",
        "release_date_precision": "month",
        "parameters_billions": "13",
        "url": "",
        "parameters_note": "",
        "license": "",
        "data_license": "",
        "summary": "",
        "source_url": "",
        "source_note": "",
        "reasoning": "no",
        "lifecycle": "active",
        "input_modalities": ["text"],
        "parent_links-TOTAL_FORMS": "1",
        "parent_links-INITIAL_FORMS": "0",
        "parent_links-MIN_NUM_FORMS": "0",
        "parent_links-MAX_NUM_FORMS": "1000",
        "parent_links-0-parent": catalog["base"].pk,
        "parent_links-0-relation": "instruction-tuned-from",
        "sizes-TOTAL_FORMS": "1",
        "sizes-INITIAL_FORMS": "0",
        "sizes-MIN_NUM_FORMS": "0",
        "sizes-MAX_NUM_FORMS": "1000",
        "sizes-0-label": "13B",
        "sizes-0-parameters_billions": "13",
        "past_licenses-TOTAL_FORMS": "0",
        "past_licenses-INITIAL_FORMS": "0",
        "past_licenses-MIN_NUM_FORMS": "0",
        "past_licenses-MAX_NUM_FORMS": "1000",
        "offerings-TOTAL_FORMS": "0",
        "offerings-INITIAL_FORMS": "0",
        "knowledge_cutoff_precision": "month",
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "core-citation-content_type-object_id-TOTAL_FORMS": "1",
        "core-citation-content_type-object_id-INITIAL_FORMS": "0",
        "core-citation-content_type-object_id-0-field": "release_date",
        "core-citation-content_type-object_id-0-method": "stated",
        "core-citation-content_type-object_id-0-source_url": "https://lmsys.org/blog/vicuna/",
        "core-citation-content_type-object_id-0-retrieved_on": "2026-12-07",
        "core-citation-content_type-object_id-0-note": "Blog post date line",
    }
    response = alice.post(url(LanguageModel, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    vicuna = LanguageModel.objects.get(slug="vicuna")
    assert vicuna.aliases == ["Vicuna-13B", "Vicuna 13B"]  # one per line, blanks dropped
    assert list(vicuna.parents.all()) == [catalog["base"]]
    assert vicuna.citations.get().note == "Blog post date line"  # sources beside the facts
    assert vicuna.input_modalities == ["text"]  # ticked boxes, stored as a list
    assert [(s.label, s.parameters_billions) for s in vicuna.sizes.all()] == [("13B", 13.0)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"release_date": "2023-03-15"}, "1st of the month"),
        ({"slug": "Upper-Case"}, "lower-case letters"),
        ({"name": "llama"}, "names are compared ignoring case"),
        ({"parameters_billions": "-1"}, "greater than or equal to 0"),
        ({"access": "closed", "weights": "gated"}, "Only open models have released weights"),
        ({"retired_on": "2025-01-01"}, "Only a retired model has a retirement date"),
        ({"parameters_active_billions": "500"}, "cannot exceed it"),
        ({"context_length_tokens": "-3"}, "greater than or equal to 0"),
    ],
)
def test_admin_explains_bad_values(alice, catalog, overrides, message):
    tuned = catalog["tuned"]
    response = alice.post(
        url(LanguageModel, "change", tuned.pk), model_form_data(tuned, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    tuned.refresh_from_db()
    assert tuned.name == "Alpaca"


def test_anonymous_visitors_are_sent_to_login(client, catalog):
    response = client.get(url(LanguageModel, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def offering_form(model, provider, **overrides):
    data = {
        "model": model.pk,
        "provider": provider.pk,
        "service": "vendor-api",
        "provider_model_id": "m-2025",
        "availability": "active",
        "deprecated_on": "",
        "retires_on": "",
        "price_input_usd_per_mtok": "3",
        "price_cached_input_usd_per_mtok": "",
        "price_output_usd_per_mtok": "15",
        "price_note": "",
        "context_tokens": "",
        "max_output_tokens": "",
        "url": "",
        "price_history-TOTAL_FORMS": "0",
        "price_history-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_an_offering_saved_in_the_admin_moves_a_closed_models_lifecycle(alice):
    vendor = make_org(name="Vendor")
    model = make_model(name="Closed One", access="closed", license=None)
    response = alice.post(
        reverse("admin:catalog_offering_add"),
        offering_form(model, vendor, availability="retired", retires_on="2025-06-01"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    model.refresh_from_db()
    assert (model.lifecycle, model.retired_on) == ("retired", datetime.date(2025, 6, 1))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"availability": "retired", "retires_on": "2030-01-01"}, "Not retired yet"),
        ({"availability": "retired"}, "A retired offering needs its shutdown date."),
        (
            {
                "availability": "deprecated",
                "deprecated_on": "2026-05-01",
                "retires_on": "2026-04-01",
            },
            "The deprecation comes before the shutdown.",
        ),
        ({"price_input_usd_per_mtok": "-1"}, "greater than or equal to 0"),
    ],
)
def test_the_offering_form_says_what_is_wrong_and_saves_nothing(alice, overrides, message):
    vendor = make_org(name="Vendor")
    model = make_model(name="Closed One", access="closed", license=None)
    response = alice.post(
        reverse("admin:catalog_offering_add"), offering_form(model, vendor, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    model.refresh_from_db()
    assert not model.offerings.exists() and model.lifecycle == "active"
