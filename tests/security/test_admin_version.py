"""The admin's stale-save check cannot be skipped: a change form sent without the version it
started from, or with one that is not a version, is refused with a form error and saves
nothing."""

import pytest

from catalog.models import Organization
from editorial.roles import EDITORS
from tests.editorial.conftest import make_user
from tests.editorial.helpers import admin_url, form_data
from tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_carol(client):
    """Carol is an editor."""
    client.force_login(make_user("carol", EDITORS))
    return client


@pytest.mark.parametrize(
    "version",
    [None, "", "   ", "yesterday", "2026-13-45T99:00:00", "0" * 5000],
    ids=["missing", "empty", "blank", "words", "not-a-date", "long"],
)
def test_a_change_without_a_valid_version_is_refused(as_carol, version):
    org = make_org(name="Cohere", kind="company")
    url = admin_url(org, "change", org.pk)
    data = form_data(as_carol.get(url)) | {"name": "Cohere AI"}
    if version is None:
        del data["edit_version"]
    else:
        data["edit_version"] = version
    response = as_carol.post(url, data)
    assert response.status_code == 200
    assert "without the version it was opened at" in response.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "Cohere"


def test_the_refused_form_carries_the_current_version_so_saving_again_works(as_carol):
    org = make_org(name="Cohere", kind="company")
    url = admin_url(org, "change", org.pk)
    data = form_data(as_carol.get(url)) | {"name": "Cohere AI"}
    del data["edit_version"]
    again = form_data(as_carol.post(url, data))
    assert again["edit_version"] and again["name"] == "Cohere AI"
    assert as_carol.post(url, again).status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "Cohere AI"


def test_a_change_with_its_version_is_saved(as_carol):
    org = make_org(name="Cohere", kind="company")
    url = admin_url(org, "change", org.pk)
    data = form_data(as_carol.get(url)) | {"name": "Cohere AI"}
    assert as_carol.post(url, data).status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "Cohere AI"


def test_adding_needs_no_version(as_carol):
    url = admin_url(Organization, "add")
    data = form_data(as_carol.get(url)) | {
        "name": "Mistral AI",
        "slug": "mistral",
        "kind": "company",
    }
    assert "edit_version" not in data or not data["edit_version"]
    response = as_carol.post(url, data)
    assert response.status_code == 302
    assert Organization.objects.filter(slug="mistral").exists()
