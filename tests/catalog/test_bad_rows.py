"""One bad row already in the database (written before today's validators, or by a script)
never takes a page down: the tree and the model page skip or clamp it."""

import datetime
import re

import pytest

from catalog.models import LanguageModel
from tests.factories import link, make_model

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(9999, 12, 31)
FAR_PAST = datetime.date(1, 1, 1)


@pytest.fixture
def bad_dates():
    """Two sane models and, linked to them, two whose release dates no validator lets in."""
    base = make_model(name="Base", slug="base", release_date=datetime.date(2022, 1, 1))
    chat = make_model(name="Chat", slug="chat", release_date=datetime.date(2023, 1, 1))
    link(chat, base)
    future = make_model(name="Future", slug="future", release_date=datetime.date(2024, 1, 1))
    past = make_model(name="Ancient", slug="ancient", release_date=datetime.date(2024, 1, 1))
    link(future, base)
    link(chat, past)
    # As a script or an old version of the site would have written them: no validation.
    LanguageModel.objects.filter(pk=future.pk).update(
        release_date=FAR_FUTURE, release_date_precision="day"
    )
    LanguageModel.objects.filter(pk=past.pk).update(
        release_date=FAR_PAST, release_date_precision="day"
    )
    return future, past


@pytest.mark.parametrize("url", ["/tree/", "/tree.svg", "/tree/?highlight=future"])
def test_the_tree_survives_a_date_out_of_range(client, bad_dates, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-model="base"' in body and 'data-model="chat"' in body
    assert 'data-model="future"' not in body  # left out of the drawing, not drawn wrong


def test_the_model_page_survives_a_date_out_of_range(client, bad_dates):
    future, past = bad_dates
    for model in (future, past):
        response = client.get(model.get_absolute_url())
        assert response.status_code == 200
    for slug in ("base", "chat"):  # their lineage drawings include the bad rows' neighbours
        response = client.get(f"/models/{slug}/")
        assert response.status_code == 200
        assert 'data-model="base"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/models/",
        "/models/?sort=release_date&year_min=2020&year_max=2030",
        "/models/?format=csv",
        "/changes/",
        "/api/models/future/",
    ],
)
def test_other_pages_survive_a_date_out_of_range(client, bad_dates, url):
    assert client.get(url).status_code == 200


def test_the_charts_leave_a_date_out_of_range_out(client, bad_dates):
    """Not a column for every year up to 9999 (the home page took seconds to draw them)."""
    page = client.get("/").content.decode()
    years = {int(y) for y in re.findall(r">(\d{4})</text>", page)}
    assert 2022 in years and max(years) < 2100
