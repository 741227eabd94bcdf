"""The public /changes/ page and its Atom feed: what changed, never who unless they opted in."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from catalog.models import LanguageModel, Lineage, Organization
from core.history import ChangeLog, curated_models
from editorial.changes import SHOWN_PER_KIND
from editorial.models import EditorPreference
from guidance.models import Evidence, Guideline, Task, TaskCategory
from tests.factories import link, make_model, make_org, make_paper, new_org

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def a_minute_passes():
    """Move every history row recorded so far a minute back, so what follows is a new save."""
    for model in curated_models():
        model.history.update(history_date=F("history_date") - datetime.timedelta(minutes=1))


def entries(client, **params):
    return client.get("/changes/", params).context["entries"]


def edit_as(user, obj, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def test_changes_lists_what_changed_newest_first(client, carol):
    org = make_org(name="Stability", kind="company")
    a_minute_passes()
    edit_as(carol, org, name="Stability AI", country="GB")
    page = client.get("/changes/")
    assert page.status_code == 200
    first = page.context["entries"][0].changes[0]
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
    a_minute_passes()
    child.organizations.add(make_org(name="Hugging Face"))
    a_minute_passes()
    Organization.objects.filter(name="Hugging Face").delete()
    changes = client.get("/changes/").context["changes"]
    described = [(c.type_name, c.kind, c.label) for c in changes]
    assert ("organization", "deleted", "Hugging Face") in described
    assert ("lineage", "added", "BLOOMZ fine-tuned from BLOOM") in described
    organisations = [c for c in changes if c.label == "BLOOMZ" and "organizations" in c.fields]
    assert organisations


def test_the_feed_is_atom_with_one_entry_per_save(client):
    google = make_org(name="Google")
    make_model(name="T5", organizations=[google])
    a_minute_passes()
    make_model(name="mT5", organizations=[google])
    response = client.get("/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_feed(response)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == [
        "Language model added: mT5",
        "Organization added: Google (and 1 more change)",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_changes_is_paginated_and_bad_pages_are_harmless(client):
    for n in range(60):
        make_org(name=f"Lab {n}", kind="academic")
        a_minute_passes()
    first = client.get("/changes/")
    assert len(first.context["entries"]) == 50 and first.context["is_paginated"]
    assert len(client.get("/changes/", {"page": "2"}).context["entries"]) == 10
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
        a_minute_passes()
        _every_kind_of_change(n)
    with django_assert_max_num_queries(len(few) + 2):
        page = client.get("/changes/")
    assert page.context["is_paginated"]  # a full page: every kind of change, several worlds
    assert len(page.context["entries"]) >= 3
    with django_assert_max_num_queries(len(few) + 2):
        client.get("/changes/feed/")


def test_one_save_is_one_entry_and_the_next_save_another(client, carol):
    parent = make_model(name="LLaMA", organizations=[])
    a_minute_passes()
    child = LanguageModel(
        name="Alpaca",
        slug="alpaca",
        branch="decoder-only",
        access="open",
        release_date=datetime.date(2023, 3, 1),
    )
    child._history_user = carol
    child.save()
    edge = Lineage(child=child, parent=parent, relation="instruction-tuned-from")
    edge._history_user = carol
    edge.save()
    a_minute_passes()
    edit_as(carol, child, summary="Instruction-tuned from LLaMA.")
    newest, save, first = entries(client)
    assert [c.title for c in newest.changes] == ["Language model changed: Alpaca"]
    assert [c.title for c in save.changes] == [
        "Language model added: Alpaca",
        "Lineage added: Alpaca instruction-tuned from LLaMA",
    ]
    assert [c.title for c in first.changes] == ["Language model added: LLaMA"]


def _import_orgs(n):
    log = ChangeLog()
    Organization.objects.bulk_create([new_org() for _ in range(n)])
    log.record([Organization])


def test_an_import_is_one_entry_that_lists_a_few_and_counts_the_rest(client):
    _import_orgs(30)
    (entry,) = entries(client)
    assert entry.imported and entry.count == 30
    assert entry.title == "Data import: 30 organizations"
    assert len(entry.changes) == SHOWN_PER_KIND and entry.more == 30 - SHOWN_PER_KIND
    html = client.get("/changes/").content.decode()
    assert "Data import:" in html and f"and {30 - SHOWN_PER_KIND} more" in html


def test_two_imports_in_a_row_are_two_entries(client):
    _import_orgs(2)
    _import_orgs(3)  # within the same second, but another import
    assert [e.title for e in entries(client)] == [
        "Data import: 3 organizations",
        "Data import: 2 organizations",
    ]


def test_imports_can_be_hidden_and_the_address_keeps_it(client, carol):
    _import_orgs(3)
    a_minute_passes()
    edit_as(carol, Organization.objects.first(), country="FR")
    assert [e.imported for e in entries(client)] == [False, True]
    page = client.get("/changes/", {"imports": "hide"})
    assert [e.imported for e in page.context["entries"]] == [False]
    html = page.content.decode()
    assert 'href="/changes/">Show data imports' in html
    assert "/changes/feed/?imports=hide" in html
    assert [e.imported for e in entries(client, imports="bogus")] == [False, True]
    feed = parse_feed(client.get("/changes/feed/", {"imports": "hide"}))
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 1 and not titles[0].startswith("Data import")


def test_upstream_proposals_and_mappings_stay_off_the_public_changes():
    """Editors' review work is recorded, but /changes/ lists facts, not the queue."""
    from editorial.changes import public_models
    from upstream.models import Mapping, Proposal

    listed = public_models()
    assert Mapping in curated_models() and Proposal in curated_models()
    assert Mapping not in listed and Proposal not in listed
    assert LanguageModel in listed
