"""/licenses/<slug>/: a licence's terms, the models that carry it now and those that did."""

import datetime
from html import escape

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, License, PastLicense
from core.publishing import Status
from tests.factories import bulk_models, make_license, make_model

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2024, 3, 1)


def page_of(client, licence):
    response = client.get(reverse("catalog:license_detail", args=[licence.slug]))
    assert response.status_code == 200
    return response


def test_unknown_and_draft_licences_are_404(client):
    draft = make_license(status=Status.DRAFT)
    for slug in ("no-such-licence", draft.slug):
        assert client.get(reverse("catalog:license_detail", args=[slug])).status_code == 404


def test_lists_its_published_carriers_and_past_ones(client):
    lic = make_license(name="The Licence", url="https://example.org/text", restrictions="Be nice.")
    other = make_license(name="Another Licence")
    carriers = [make_model(license=lic) for _ in range(3)]
    make_model(license=lic, status=Status.DRAFT)
    make_model(license=other)
    moved = make_model(name="Moved On", license=other)
    hidden = make_model(license=other, status=Status.DRAFT)
    PastLicense.objects.create(model=moved, license=lic, until=UNTIL)
    PastLicense.objects.create(model=hidden, license=lic, until=UNTIL)

    response = page_of(client, lic)
    expected = LanguageModel.objects.published().filter(license=lic)
    assert {m.slug for m in response.context["models"]} == {m.slug for m in expected}
    assert {m.slug for m in expected} == {m.slug for m in carriers}
    past = PastLicense.objects.published().filter(license=lic)
    assert [p.model.slug for p in response.context["past"]] == [p.model.slug for p in past]
    assert [p.model for p in past] == [moved]
    page = response.content.decode()
    assert '<a href="https://example.org/text">https://example.org/text</a>' in page
    assert "Be nice." in page
    assert f'now under <a href="{other.get_absolute_url()}">Another Licence</a>' in page
    assert hidden.name not in page


def test_the_list_links_every_published_licence(client):
    make_model(license=make_license())
    unused = make_license()
    draft = make_license(status=Status.DRAFT)
    response = client.get(reverse("catalog:license_list"))
    names = [lic.name for lic in response.context["licences"]]
    assert names == sorted(lic.name for lic in License.objects.published())
    page = response.content.decode()
    for lic in License.objects.published():
        assert f'href="{lic.get_absolute_url()}"' in page
    assert unused.get_absolute_url() in page
    assert draft.get_absolute_url() not in page


def test_seeded_falcon_once_carried_the_tii_licence(client, seeded):
    response = page_of(client, License.objects.get(slug="tii-falcon-license"))
    assert [p.model.slug for p in response.context["past"]] == ["falcon"]
    assert "No model in the atlas carries it now." in response.content.decode()


def test_queries_do_not_grow_with_models(client, django_assert_max_num_queries):
    lic, now = make_license(), make_license()
    counts = []
    for n in (2, 200):
        bulk_models({"license": lic} for _ in range(n))
        movers = bulk_models({"license": now} for _ in range(n))
        PastLicense.objects.bulk_create(
            PastLicense(model=m, license=lic, until=UNTIL) for m in movers
        )
        with django_assert_max_num_queries(8) as captured:
            response = page_of(client, lic)
        assert len(response.context["past"]) == len(response.context["models"])
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_model_list_shows_each_rows_licence_and_commercial_use(client, seeded):
    """Every row of /models/ names its licence (linked to its page) and its commercial use."""
    models = list(
        LanguageModel.objects.published().select_related("license").order_by("-release_date")
    )
    page = client.get("/models/").content.decode()
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == min(len(models), 50)
    for row in rows:
        slug = row.split('href="/models/', 1)[1].split("/", 1)[0]
        lic = next(m for m in models if m.slug == slug).license
        if lic is None:
            assert "no weights released" in row
            continue
        assert f'<a href="{lic.get_absolute_url()}">{escape(lic.name)}</a>' in row, slug
        assert lic.get_commercial_use_display() in row, slug
