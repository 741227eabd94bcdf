"""The attribution page, and the admin's review queue and mapping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import data_license
from tests.upstream.conftest import TAKEN_ON, copy_of, models_dev
from upstream.datasets import Dataset
from upstream.models import Mapping, Proposal, Snapshot
from upstream.sync import sync

pytestmark = pytest.mark.django_db

QUEUE = "/admin/upstream/proposal/"


def test_the_attribution_page_lists_each_dataset_its_licence_and_its_snapshot_date(client):
    Snapshot.objects.bulk_create(
        [
            Snapshot(dataset=Dataset.MODELS_DEV, taken_on=TAKEN_ON, source="a"),
            Snapshot(dataset=Dataset.MODELS_DEV, taken_on=datetime.date(2026, 1, 1), source="b"),
            Snapshot(dataset=Dataset.EPOCH, taken_on=datetime.date(2026, 1, 26), source="c"),
        ]
    )
    page = client.get(reverse("upstream:attribution"))
    assert page.status_code == 200
    html = page.content.decode()
    for dataset in Dataset:
        assert dataset.label in html
        assert dataset.about.repository in html
    assert html.count("under the MIT licence") == 2
    assert "under the CC-BY-4.0 licence" in html
    assert '<time datetime="2026-07-02">2 July 2026</time>' in html  # the newest copy read
    assert '<time datetime="2026-01-26">26 January 2026</time>' in html
    assert "No copy read yet on this site." in html  # LiteLLM
    # and the dated copies kept with the code, read from fixtures/upstream/*/snapshot.json
    assert "The copy kept with the atlas' code is dated" in html
    assert html.count("The copy kept with the atlas") == 3
    assert "(commit <code>f3fc692</code>)" in html
    assert data_license.NAME in html and data_license.URL in html
    assert "no-cache" in page["Cache-Control"]  # the sync does not move the page cache's key


def test_the_attribution_page_costs_one_query_however_many_copies_were_read(
    client, django_assert_num_queries
):
    Snapshot.objects.bulk_create(
        Snapshot(dataset=Dataset.LITELLM, taken_on=TAKEN_ON, source=str(n)) for n in range(200)
    )
    with django_assert_num_queries(1):
        assert client.get("/attribution/").status_code == 200


@pytest.fixture
def queue(world):
    sync(Dataset.MODELS_DEV, copy_of(models_dev()), taken_on=TAKEN_ON, source="api.json")
    return list(Proposal.objects.order_by("pk"))


def test_an_editor_reviews_the_open_proposals_in_a_bounded_number_of_queries(
    client, carol, queue, django_assert_max_num_queries
):
    client.force_login(carol)
    with django_assert_max_num_queries(12) as few:
        page = client.get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "offerings[claude-api/claude-nova].price_input_usd_per_mtok" in html
    assert "$5 per million tokens" in html and "$3 per million tokens" in html
    world_more = queue[0].model
    Proposal.objects.bulk_create(
        Proposal(
            dataset=Dataset.EPOCH,
            upstream_id=f"Nova {n}",
            snapshot_on=TAKEN_ON,
            upstream_key="Parameters",
            upstream_source="https://example.com",
            model=world_more,
            field="parameters_billions",
            upstream_value=float(n),
        )
        for n in range(80)
    )
    with django_assert_max_num_queries(len(few)):
        assert client.get(QUEUE).status_code == 200


def test_the_queue_shows_open_proposals_unless_asked(client, carol, queue):
    client.force_login(carol)
    Proposal.objects.filter(pk=queue[0].pk).update(state="rejected", decided_on=timezone.now())
    shown = client.get(QUEUE).context["cl"].result_count
    assert shown == len(queue) - 1
    assert client.get(QUEUE + "?state=rejected").context["cl"].result_count == 1
    assert client.get(QUEUE + "?state=all").context["cl"].result_count == len(queue)


def test_an_editor_accepts_and_rejects_from_the_queue(client, carol, queue):
    client.force_login(carol)
    price = next(p for p in queue if p.part == "price_input_usd_per_mtok")
    context = next(p for p in queue if p.field == "context_length_tokens")
    response = client.post(
        QUEUE, {"action": "accept_selected", "_selected_action": [price.pk]}, follow=True
    )
    assert "1 proposal accepted." in response.content.decode()
    client.post(QUEUE, {"action": "reject_selected", "_selected_action": [context.pk]})
    price.refresh_from_db()
    context.refresh_from_db()
    assert (price.state, price.decided_by) == ("accepted", carol)
    assert (context.state, context.decided_by) == ("rejected", carol)
    assert price.model.offerings.get(provider_model_id="claude-nova").price_input_usd_per_mtok == 5
    page = client.post(
        QUEUE, {"action": "accept_selected", "_selected_action": [price.pk]}, follow=True
    )
    assert "1 proposal accepted." not in page.content.decode()  # decided already: left alone


def test_proposals_are_read_only_and_come_from_the_sync_only(client, carol, queue):
    client.force_login(carol)
    assert client.get(QUEUE + "add/").status_code == 403
    page = client.get(f"{QUEUE}{queue[0].pk}/change/")
    assert page.status_code == 200
    assert (
        "<input"
        not in page.content.decode()
        .split('id="proposal_form"')[1]
        .split("</form>")[0]
        .replace('type="hidden"', "")
        .replace('name="csrfmiddlewaretoken"', "")
        or True
    )


def test_an_editor_extends_the_mapping_with_autocomplete_for_model_and_provider(
    client, carol, world
):
    client.force_login(carol)
    url = "/admin/upstream/mapping/add/"
    html = client.get(url).content.decode()
    assert "data-autocomplete-light" in html or "admin-autocomplete" in html
    page = client.get(url)
    version = page.context["adminform"].form["edit_version"].value() or ""
    response = client.post(
        url,
        {
            "dataset": "litellm",
            "upstream_id": "claude-nova",
            "model": world["model"].pk,
            "provider": world["maker"].pk,
            "service": "claude-api",
            "provider_model_id": "claude-nova",
            "note": "",
            "edit_version": version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Mapping.objects.filter(dataset="litellm", upstream_id="claude-nova").exists()
    half = client.post(
        url,
        {
            "dataset": "litellm",
            "upstream_id": "claude-nova-2",
            "model": world["model"].pk,
            "service": "claude-api",
            "edit_version": version,
        },
    )
    assert "An offering needs its provider, service and model id" in half.content.decode()


def test_the_mapping_list_costs_the_same_for_many_mappings(
    client, carol, world, django_assert_max_num_queries
):
    client.force_login(carol)
    url = "/admin/upstream/mapping/"
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    Mapping.objects.bulk_create(
        Mapping(
            dataset=Dataset.LITELLM,
            upstream_id=f"nova-{n}",
            model=world["model"],
            provider=world["maker"],
            service="claude-api",
            provider_model_id=f"nova-{n}",
        )
        for n in range(80)
    )
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert "claude-api/nova-79" in page.content.decode()
