"""Two languages at the same paths: English plain, Chinese under /zh-hans/; Accept-Language
decides a first visit, the switch's choice every later one; hreflang pairs on every page."""

import re

import pytest
from django.conf import settings

from config.languages import path_in, plain_path
from tests.factories import make_model

pytestmark = pytest.mark.django_db

CHINESE_BROWSER = "zh-CN,zh;q=0.9,en;q=0.8"
ENGLISH_BROWSER = "en-GB,en;q=0.9"


def test_paths_in_each_language():
    assert path_in("/models/?x", "zh-hans") == "/zh-hans/models/?x"
    assert path_in("/zh-hans/models/", "en") == "/models/"
    assert path_in("/zh-hans", "en") == "/"
    assert plain_path("/zh-hansel/") == "/zh-hansel/"  # only a whole segment is a prefix


@pytest.mark.parametrize("header", [CHINESE_BROWSER, "zh-TW", "zh-Hans-CN;q=0.8, fr;q=0.5"])
def test_a_chinese_reader_is_sent_to_the_chinese_page(client, header):
    response = client.get("/models/?access=open", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/models/?access=open"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("header", [ENGLISH_BROWSER, "", "fr-FR", "*", "en;q=0.9, zh;q=0.5"])
def test_other_readers_stay(client, header):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response.content.startswith(b'<!doctype html>\n<html lang="en">')


def test_the_api_admin_and_healthz_are_never_redirected(client):
    for path in ("/api/models/", "/healthz", "/admin/login/"):
        assert client.get(path, HTTP_ACCEPT_LANGUAGE=CHINESE_BROWSER).status_code != 302, path


def test_the_switch_remembers_the_choice_both_ways(client):
    response = client.get("/language/en/", {"next": "/models/?q=llama"})
    assert response.status_code == 302 and response["Location"] == "/models/?q=llama"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # English chosen: Accept-Language no longer decides
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=CHINESE_BROWSER).status_code == 200
    response = client.get("/language/zh-hans/", {"next": "/models/?q=llama"})
    assert response["Location"] == "/zh-hans/models/?q=llama"
    # Chinese chosen: an English address leads to the Chinese page, whatever the browser says
    response = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    assert response["Location"] == "/zh-hans/tasks/"


@pytest.mark.parametrize(
    "code, target",
    [("xx", "/"), ("en", "https://evil.example/"), ("zh-hans", "//evil.example/x")],
)
def test_the_switch_never_leaves_the_site(client, code, target):
    response = client.get(f"/language/{code}/", {"next": target})
    assert response["Location"] in ("/", "/zh-hans/")


def test_every_page_has_the_switch_and_hreflang_pairs(client):
    make_model(slug="llama", name="LLaMA")
    for path in ("/", "/models/llama/", "/tasks/", "/no-such-page/", "/models/?q=x&page=2"):
        for prefix in ("", "/zh-hans"):
            html = client.get(prefix + path).content.decode()
            plain = path
            pairs = dict(
                re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
            )
            assert pairs == {
                "en": "http://testserver" + plain.replace("&", "&amp;"),
                "zh-hans": "http://testserver/zh-hans" + plain.replace("&", "&amp;"),
            }, (prefix, path)
            other = "zh-hans" if prefix == "" else "en"
            assert f'href="/language/{other}/?next=' in html, (prefix, path)


def test_chinese_pages_say_so(client):
    html = client.get("/zh-hans/tasks/").content.decode()
    assert html.startswith('<!doctype html>\n<html lang="zh-hans">')
    assert "<title>" in html and "任务" in html


def test_links_follow_the_language_whichever_was_drawn_first():
    from django.utils import translation

    model = make_model(slug="same", name="Same")
    for first, second in (("zh-hans", "en"), ("en", "zh-hans")):
        with translation.override(first):
            one = model.get_absolute_url()
        with translation.override(second):
            other = model.get_absolute_url()
        urls = {first: one, second: other}
        assert urls == {"en": "/models/same/", "zh-hans": "/zh-hans/models/same/"}
