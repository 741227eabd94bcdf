"""XML documents (the Atom feed of /changes/, /tree.svg) stay well-formed whatever a row
holds: control characters stored before the input rule (or kept by a history record after the
name was fixed) are left out when the document is written."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db.models import F

from catalog.models import LanguageModel, Organization
from core.validators import strip_control_characters
from tests.factories import make_model, make_org

pytestmark = pytest.mark.django_db

BAD = "Bad\x01\x0b\x1f\x7f\x85name"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output; raises on bad chars


def test_the_checker_fails_on_a_control_character():
    with pytest.raises(ET.ParseError):
        ET.fromstring(f"<a>{BAD}</a>".encode())  # noqa: S314 - a literal


def test_stripping_keeps_tabs_line_breaks_and_every_printable_character():
    text = "Tab\there,\nnew line,\r\nİß Σσς 中文 🙂"
    assert strip_control_characters(text) == text
    assert strip_control_characters(BAD) == "Badname"


def test_the_feed_survives_a_control_character_kept_in_history(client):
    org = make_org(name="Meta")
    Organization.objects.filter(pk=org.pk).update(name=BAD)  # as stored before the rule
    # An hour ago, so that /changes/ shows it as its own save rather than folding it into the fix.
    Organization.history.filter(id=org.pk).update(
        name=BAD, history_date=F("history_date") - datetime.timedelta(hours=1)
    )
    org.refresh_from_db()
    org.name = "Meta AI"  # fixed since; the history record keeps the old name
    org.save()
    feed = parse(client.get("/changes/feed/"))
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Badname" in (t or "") for t in titles), titles
    assert any("Meta AI" in (t or "") for t in titles)


def test_the_tree_svg_survives_a_control_character_in_a_name(client):
    model = make_model(name="Fine", slug="fine")
    LanguageModel.objects.filter(pk=model.pk).update(name=BAD)
    Organization.objects.filter(pk=model.organizations.get().pk).update(name="Org\x02")
    svg = parse(client.get("/tree.svg"))
    assert "Badname" in ET.tostring(svg, encoding="unicode")


@pytest.mark.parametrize("query", ["q=%01x", "highlight=%01", "org=%0b", "year_min=%01"])
def test_the_tree_svg_survives_a_control_character_in_the_query(client, query):
    make_model(name="Fine", slug="fine")
    parse(client.get(f"/tree.svg?{query}"))
