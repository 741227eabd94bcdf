"""Every page's head: icons, and link-preview tags that repeat the page's own title and
description (atlas/templatetags/page_meta.py)."""

import re
from html import unescape

import pytest

from tests.factories import make_model, make_org

pytestmark = pytest.mark.django_db


def head(client, path):
    html = client.get(path).content.decode()
    tags = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html):
        tags[name] = unescape(content)
    tags["<title>"] = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    tags["icons"] = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
    return tags


def test_a_model_page_previews_with_its_own_title_and_description(client):
    make_model(name="Falcon <40B>", slug="falcon-40b", organizations=[make_org(name="TII")])
    tags = head(client, "/models/falcon-40b/?from=share")
    assert tags["og:title"] == tags["<title>"] == "Falcon <40B> · LLM Atlas"
    assert tags["og:description"] == tags["description"]
    assert tags["og:description"].startswith("Falcon <40B>: decoder-only language model by TII")
    assert tags["og:url"] == "http://testserver/models/falcon-40b/?from=share"
    assert tags["og:image"] == "http://testserver/static/img/preview.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["icons"] == [
        "/static/favicon.ico",
        "/static/favicon.svg",
        "/static/img/apple-touch-icon.png",
    ]


def test_a_page_without_its_own_description_previews_with_the_sites(client):
    tags = head(client, "/changes/")
    assert tags["og:title"] == "Recent changes · LLM Atlas"
    assert tags["og:description"] == tags["description"] != ""
    tags = head(client, "/glossary/")
    assert tags["og:title"] == "Glossary · LLM Atlas"
