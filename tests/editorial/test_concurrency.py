"""Concurrent edits on PostgreSQL: two editors closing a lineage loop at the same moment."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

import catalog.models
from catalog.models import Lineage
from tests.editorial.helpers import admin_url
from tests.factories import make_model

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time; the lock matters on PostgreSQL",
    ),
]


def test_two_editors_closing_a_loop_at_once_exactly_one_succeeds(monkeypatch, carol, bob):
    a, b = make_model(name="Alpha"), make_model(name="Beta")
    check = catalog.models.find_cycle

    def slow_check(edges):
        found = check(edges)
        time.sleep(0.5)  # both would have checked before either saved, were it not for the lock
        return found

    monkeypatch.setattr(catalog.models, "find_cycle", slow_check)
    responses = {}

    def add_link(user, child, parent):
        client = Client()
        client.force_login(user)
        try:
            responses[user.username] = client.post(
                admin_url(Lineage, "add"),
                {"child": child.pk, "parent": parent.pk, "relation": "variant-of", "note": ""},
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add_link, args=(carol, a, b)),
        threading.Thread(target=add_link, args=(bob, b, a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    refused = next(r for r in responses.values() if r.status_code == 200)
    assert "This link would close a loop in the lineage" in refused.content.decode()
    assert Lineage.objects.count() == 1


def test_two_concurrent_saves_of_one_object_keep_the_first(carol, bob):
    from tests.editorial.helpers import form_data
    from tests.factories import make_org

    org = make_org(name="Allen AI", kind="non-profit")
    url = admin_url(org, "change", org.pk)
    starts = {}
    for user in (carol, bob):
        client = Client()
        client.force_login(user)
        starts[user.username] = (client, form_data(client.get(url)))
    barrier = threading.Barrier(2)
    results = {}

    def save(username, name):
        client, data = starts[username]
        barrier.wait()
        try:
            results[username] = client.post(url, data | {"name": name}).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("carol", "AI2")),
        threading.Thread(target=save, args=("bob", "Allen Institute for AI")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [200, 302]
    winner = next(name for name, code in results.items() if code == 302)
    org.refresh_from_db()
    assert org.name == {"carol": "AI2", "bob": "Allen Institute for AI"}[winner]
