"""The public /changes/ page and its Atom feed: what changed, never who unless they opted in."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import LanguageModel, Organization
from editorial.models import EditorPreference
from guidance.models import Evidence, Guideline, Task, TaskCategory
from tests.factories import link, make_model, make_org, make_paper

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def edit_as(user, obj, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def test_changes_lists_what_changed_newest_first(client, carol):
    org = make_org(name="Stability", kind="company")
    edit_as(carol, org, name="Stability AI", country="GB")
    page = client.get("/changes/")
    assert page.status_code == 200
    first = page.context["changes"][0]
    assert (first.label, first.kind, first.url) == (
        "Stability AI",
        "changed",
        org.get_absolute_url(),
    )
    assert first.fields == ["name", "country"]
    html = page.content.decode()
    assert "Stability AI" in html and "name, country" in html
    assert "carol" not in html  # not named: carol has not opted in


def test_an_editor_who_opted_in_is_named(client, carol):
    EditorPreference.objects.create(user=carol, show_name_on_changes=True, public_name="Carol C.")
    org = make_org(name="Aleph Alpha", kind="company")
    edit_as(carol, org, country="DE")
    assert "Carol C." in client.get("/changes/").content.decode()
    feed = parse_feed(client.get("/changes/feed/"))
    authors = [e.findtext(f"{ATOM}author/{ATOM}name") for e in feed.iter(f"{ATOM}entry")]
    assert "Carol C." in authors


def test_deletions_and_links_are_changes_too(client):
    parent = make_model(name="BLOOM")
    child = make_model(name="BLOOMZ", organizations=[])
    link(child, parent)
    child.organizations.add(make_org(name="Hugging Face"))
    Organization.objects.filter(name="Hugging Face").delete()
    changes = client.get("/changes/").context["changes"]
    described = [(c.type_name, c.kind, c.label) for c in changes]
    assert ("organization", "deleted", "Hugging Face") in described
    assert ("lineage", "added", "BLOOMZ fine-tuned from BLOOM") in described
    organisations = [c for c in changes if c.label == "BLOOMZ" and "organizations" in c.fields]
    assert organisations


def test_the_feed_is_atom_with_one_entry_per_change(client):
    make_model(name="T5")
    response = client.get("/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_feed(response)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Language model added: T5" in titles
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_changes_is_paginated_and_bad_pages_are_harmless(client):
    for n in range(60):
        make_org(name=f"Lab {n}", kind="academic")
    first = client.get("/changes/")
    assert len(first.context["changes"]) == 50 and first.context["is_paginated"]
    assert len(client.get("/changes/", {"page": "2"}).context["changes"]) >= 10
    assert client.get("/changes/", {"page": "nope"}).status_code == 200
    assert client.get("/changes/", {"page": "999"}).status_code == 200


def _every_kind_of_change(n):
    category = TaskCategory.objects.create(name=f"Category {n}", slug=f"category-{n}")
    task = Task.objects.create(name=f"Task {n}", slug=f"task-{n}", category=category)
    guideline = Guideline.objects.create(
        slug=f"guideline-{n}", task=task, verdict="use-llm", title=f"Case {n}"
    )
    paper = make_paper()
    Evidence.objects.create(guideline=guideline, paper=paper, note="shows it")
    parent = make_model(papers=[paper])
    child = make_model(release_date=datetime.date(2023, 5, 1))
    link(child, parent)
    guideline.example_models.add(child)
    LanguageModel.objects.get(pk=child.pk).save()


def test_changes_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    _every_kind_of_change(0)
    with CaptureQueriesContext(connection) as few:
        client.get("/changes/")
    for n in range(1, 8):
        _every_kind_of_change(n)
    with django_assert_max_num_queries(len(few) + 2):
        page = client.get("/changes/")
    assert len(page.context["changes"]) == 50
    with django_assert_max_num_queries(len(few) + 2):
        client.get("/changes/feed/")
