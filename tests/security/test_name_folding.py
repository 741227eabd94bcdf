"""Names are unique ignoring case by one rule on every path and every database: Unicode
compatibility normalisation plus case folding, computed in Python and stored as a key that
the database keeps unique. Lower() in SQL differed: SQLite folds ASCII only, PostgreSQL by
locale. Runs on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from atlas import interchange
from catalog.models import Organization
from core.models import name_key
from guidance.models import TaskCategory
from tests.catalog.test_interchange import small_doc
from tests.editorial.helpers import admin_url, form_data
from tests.factories import make_org, new_org

pytestmark = pytest.mark.django_db

# (stored, clashing): each pair is one name to a reader.
SAME = [
    ("İstanbul", "i̇stanbul"),  # dotted capital I folds to i + combining dot
    ("Straße", "STRASSE"),
    ("ΣΊΣΥΦΟΣ", "σίσυφος"),  # final sigma
    ("Σίσυφος", "ΣΊΣΥΦΟΣ"),
    ("élan", "ÉLAN"),  # SQLite's lower() leaves É alone
    ("ﬁne", "FINE"),  # a ligature, by compatibility normalisation
    ("Ｍｅｔａ", "meta"),  # full-width letters
]
DIFFERENT = [("Ai2", "AI 2"), ("Falcon", "Falcón"), ("Istanbul", "İstanbul")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_rule_folds_what_readers_read_as_one_name(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_the_rule_keeps_different_names_apart(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(("stored", "clashing"), SAME)
def test_the_database_refuses_a_second_spelling(stored, clashing):
    make_org(name=stored)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(name=clashing)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_the_database_accepts_different_names(a, b):
    make_org(name=a)
    make_org(name=b)


def test_bulk_created_rows_get_their_key():
    Organization.objects.bulk_create([new_org(name="Straße"), new_org(name="Other")])
    assert Organization.objects.get(name="Straße").name_key == "strasse"
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.bulk_create([new_org(name="STRASSE")])


def test_model_validation_names_the_clash_on_the_name_field():
    make_org(name="Σίσυφος")
    clash = Organization(name="ΣΊΣΥΦΟΣ", slug="sisyphus", kind="company")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "names are compared ignoring case" in str(error.value.error_dict["name"])


def test_a_guidance_name_follows_the_same_rule():
    TaskCategory.objects.create(name="Straße", slug="a")
    with pytest.raises(ValidationError):
        TaskCategory(name="STRASSE", slug="b").full_clean()


def test_the_admin_says_which_name_clashes(client):
    user = get_user_model().objects.create_superuser("alice", "alice@example.org", "pw")
    client.force_login(user)
    make_org(name="İstanbul AI")
    org = make_org(name="Ankara AI")
    data = form_data(client.get(admin_url(org, "change", org.pk)))
    response = client.post(admin_url(org, "change", org.pk), data | {"name": "i̇stanbul ai"})
    assert response.status_code == 200
    assert "names are compared ignoring case" in response.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "Ankara AI"


def test_the_importer_refuses_a_clash_with_a_stored_name():
    make_org(name="Straße Labs")
    doc = small_doc()
    doc["organizations"][0]["name"] = "STRASSE LABS"
    with pytest.raises(interchange.ImportFailed) as failure:
        interchange.import_documents([("atlas.json", doc)])
    assert any(
        "organizations[0].name" in p and "ignoring case" in p for p in failure.value.problems
    )


def test_the_importer_refuses_a_clash_within_its_files():
    doc = small_doc()
    doc["organizations"][1]["name"] = "ÀCME AI"
    doc["organizations"][0]["name"] = "àcme ai"
    with pytest.raises(interchange.ImportFailed):
        interchange.import_documents([("atlas.json", doc)])


def test_a_renaming_import_keeps_the_key_in_step():
    interchange.import_documents([("atlas.json", small_doc())])
    renamed = small_doc()
    renamed["organizations"][0]["name"] = "Straße AI"
    interchange.import_documents([("atlas.json", renamed)])
    assert Organization.objects.get(slug="acme").name_key == "strasse ai"
    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(name="STRASSE AI")
