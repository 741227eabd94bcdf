import pytest

from catalog.rich_text import render_markdown, safe_url


def test_markdown_is_rendered():
    html = render_markdown("Fine-tuned **twice**; see [BERT](/models/bert/).")
    assert "<strong>twice</strong>" in html
    assert 'href="/models/bert/"' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_dangerous_markup_is_removed(attack):
    html = render_markdown(attack).lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "data:", "<iframe", "style="):
        assert needle not in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "jav\tascript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_safe_url_drops_schemes_that_run_script(url):
    assert safe_url(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2304.13712",
        "http://x.example/a:b",
        "mailto:a@x.example",
        "/models/bert/",
        "",
    ],
)
def test_safe_url_keeps_links_readers_follow(url):
    assert safe_url(url) == url
