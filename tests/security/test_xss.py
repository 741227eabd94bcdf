"""The XSS corpus in every curated text field, on every page and download that shows it.

Each page is parsed (html.parser, xml.etree, csv) and checked for anything that could run
script the site did not write; the browser side is tests/e2e/test_xss.py.
"""

import json
from html import escape
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse

from .checks import atom_problems, csv_problems, html_problems, svg_problems, url_problem
from .corpus import (
    API_PAGES,
    COPIES,
    CSV_PAGES,
    FIELDS,
    HTML_PAGES,
    REFLECTING_PAGES,
    SEARCH_WORD,
    SVG_PAGES,
    TEXT_FIELDS,
    URL_FIELDS,
    build_corpus,
    text_value,
    url_value,
)
from .xss_vectors import FORMULA_VECTORS, HTML_VECTORS, URL_VECTORS, VECTORS


@pytest.fixture
def corpus(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon-burst": None, "anon-sustained": None},
    }
    cache.clear()  # the API caches its answers
    yield build_corpus()
    cache.clear()


def get(client, view, args=(), query=""):
    response = client.get(reverse(view, args=args) + query)
    assert response.status_code == 200, (view, args, query, response.status_code)
    return response


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- The checker finds what it must find -------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "<img src=x onerror=alert(1)>",
        '<img src="/tree.svg?expand=none" onerror="alert(1)">',
        '<img src="/tree.svg?q=x">',
        "<script>alert(1)</script>",
        '<script src="/static/js/evil.js" defer></script>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<svg><a xlink:href="vbscript:x">x</a></svg>',
        '<form action="javascript:alert(1)"></form>',
        '<iframe src="https://x.example"></iframe>',
        '<meta http-equiv="refresh" content="0;url=https://x.example">',
        '<p style="color:red">x</p>',
        "<style>body{}</style>",
        "<base href=https://x.example>",
        "<p>unclosed <script>",
    ],
)
def test_the_html_checker_flags_unsafe_markup(snippet):
    assert html_problems(f"<p>before</p>{snippet}<p>after</p>")


def test_the_html_checker_passes_the_sites_own_markup():
    html = (
        '<link rel="stylesheet" href="/static/css/tree.css">'
        '<script src="/static/js/tree.js" defer></script><meta charset="utf-8">'
        '<a href="/models/?q=%3Cscript%3E">x</a> <a href="https://arxiv.org/abs/1">y</a>'
        '<span class="org-mark" style="background: #8c510a">AB</span>'
        '<img src="/tree.svg?expand=none" alt="The tree">'
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert html_problems(html) == []


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<a xlink:href="javascript:alert(1)"/></svg>',
            "javascript",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><text>]]></text>', "XML"),
    ],
)
def test_the_svg_checker_flags_unsafe_documents(document, kind):
    assert kind in " ".join(svg_problems(document))


def test_the_atom_checker_reads_html_summaries_as_html():
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a &lt;b&gt;</title>'
        '<summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary></entry></feed>'
    )
    problems, titles = atom_problems(feed)
    assert titles == ["a <b>"]
    assert problems == ["summary: <img> element", "summary: <img onerror> event handler"]


def test_the_csv_checker_flags_formulas():
    problems, _ = csv_problems('name,note\r\nok,"=1+1"\r\n"\tx",@A1\r\n')
    assert len(problems) == 3


@pytest.mark.parametrize("value", URL_VECTORS[:-1])
def test_every_url_vector_is_flagged(value):
    assert url_problem(value)


# --- The corpus is what it claims -------------------------------------------------------


def test_every_curated_field_gets_several_vectors():
    for model, name in TEXT_FIELDS:
        if model._meta.get_field(name).max_length == 2:
            continue  # Organization.country: '"<', "'>" and "<s"
        values = [text_value(model, name, copy) for copy in range(COPIES)]
        found = {vector for vector in VECTORS for value in values if vector in value}
        assert len(found) >= 4, (model.__name__, name, found)
    for model, name in URL_FIELDS:
        unsafe = {url_value(model, name, copy) for copy in range(COPIES)} - {URL_VECTORS[-1]}
        assert len(unsafe) >= 2, (model.__name__, name)


def test_formula_vectors_all_lead_a_value():
    values = [text_value(model, name, 1) for model, name in TEXT_FIELDS]
    for formula in FORMULA_VECTORS:
        assert any(value.startswith(formula) for value in values), formula


def test_every_field_is_expected_somewhere():
    on_pages = {key for keys in PAGE_FIELDS.values() for key in keys}
    assert on_pages | ONLY_IN_DOWNLOADS | {"Organization.country"} == set(FIELDS)


# Which fields each HTML page shows (a `-*` page: each of its copies). A field missing from a
# page that should show it would leave that page untested, so it fails the test.
FIELD_PAGES = {
    "Organization.name": "home models models-search model-* organizations organization-* "
    "dataset-* search tree tree-highlight tree-folded changes-2 compare",
    "License.name": "models models-search model-* licenses license-* compare tree tree-highlight "
    "tree-folded",
    "License.restrictions": "model-* licenses license-* compare",
    "Dataset.name": "models models-search model-* licenses datasets dataset-* tree "
    "tree-highlight tree-folded",
    "Dataset.description": "datasets dataset-*",
    "Topic.name": "papers papers-topic paper-*",
    "Paper.title": "model-* papers papers-topic paper-* search task-* changes",
    "Paper.authors": "model-* papers papers-topic paper-* task-*",
    "Paper.venue": "model-* papers papers-topic paper-*",
    "LanguageModel.name": "home models models-search model-* organization-* licenses "
    "dataset-* papers papers-topic paper-* search tree tree-highlight tree-folded task-* changes "
    "compare",
    "LanguageModel.aliases": "model-*",
    "LanguageModel.parameters_note": "model-*",
    "LanguageModel.data_license": "model-* licenses",
    "LanguageModel.summary": "model-*",
    "LanguageModel.source_note": "model-*",
    "Lineage.note": "model-1 model-2",
    "Lineage.source_note": "model-1 model-2",
    "TaskCategory.name": "tasks tasks-search task-* changes",
    "TaskCategory.description": "tasks tasks-search",
    "Task.name": "model-* paper-* search tasks tasks-search task-* decide-y decide-ny "
    "decide-nny decide-nnn changes",
    "Task.description": "task-*",
    "Guideline.title": "model-* paper-* search tasks tasks-search task-* decide-y decide-ny "
    "decide-nny decide-nnn changes",
    "Guideline.conditions": "task-*",
    "Guideline.rationale": "task-*",
    "Evidence.note": "paper-* task-*",
    "Question.label": "decide-start decide-y decide-n decide-ny decide-nn decide-nny "
    "decide-nnn changes",
    "Question.text": "decide-start decide-y decide-n decide-ny decide-nn decide-nny decide-nnn",
    "Question.explanation": "decide-start decide-n decide-nn",
    "FlowAnswer.explanation": "decide-y decide-n decide-ny decide-nn decide-nny decide-nnn",
}
ONLY_IN_DOWNLOADS = {"License.source_note"}  # in the CSV, JSON and API, on no page
PAGE_FIELDS = {
    page: [
        key
        for key, pages in FIELD_PAGES.items()
        for pattern in pages.split()
        if page == pattern or (pattern.endswith("-*") and page.startswith(pattern[:-1]))
    ]
    for page, *_ in HTML_PAGES
}


def markers_missing(text: str, keys) -> list[str]:
    return [key for key in keys if not any(m in text for m in FIELDS[key])]


# --- HTML pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "view", "args", "query"), HTML_PAGES, ids=[page[0] for page in HTML_PAGES]
)
def test_html_page(client, corpus, page, view, args, query):
    response = get(client, view, args, query)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = body(response)
    assert markers_missing(html, PAGE_FIELDS[page]) == []
    assert html_problems(html) == []


def test_country_is_shown_as_text(client, corpus):
    html = body(get(client, "catalog:organization_list"))
    assert "&quot;&lt;" in html and "&#x27;&gt;" in html
    assert html_problems(html) == []


def test_a_safe_url_with_markup_stays_a_link(client, corpus):
    """`safe_url` keeps http(s) links: LanguageModel.url of the first copy is one."""
    html = body(get(client, "catalog:model_detail", ["xss-model-0"]))
    assert 'href="https://x.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


@pytest.mark.parametrize(
    ("view", "names"), [p[1:] for p in REFLECTING_PAGES], ids=[p[0] for p in REFLECTING_PAGES]
)
def test_query_parameters_are_not_reflected_as_markup(client, db, view, names):
    """The vectors as filter values: notices, chips and form fields echo them as text."""
    echoed = 0
    for start in range(0, len(HTML_VECTORS), len(names)):
        query = urlencode(dict(zip(names, HTML_VECTORS[start : start + len(names)], strict=False)))
        response = client.get(f"{reverse(view)}?{query}")
        assert response.status_code == 200, query
        html = body(response)
        assert html_problems(html) == [], query
        echoed += any(escape(vector) in html for vector in HTML_VECTORS[start : start + len(names)])
    # /decide/ names the bad answer, never the whole string: nothing of it to echo.
    assert echoed or view == "guidance:decide", "the page never shows the values it was given"


# --- SVG, Atom, downloads and the API ---------------------------------------------------


@pytest.mark.parametrize(
    ("view", "args", "query"), [p[1:] for p in SVG_PAGES], ids=[p[0] for p in SVG_PAGES]
)
def test_tree_svg(client, corpus, view, args, query):
    response = get(client, view, args, query)
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = body(response)
    assert markers_missing(svg, ["LanguageModel.name", "Organization.name"]) == []
    assert svg_problems(svg) == []


def test_changes_feed(client, corpus):
    response = get(client, "editorial:changes_feed")
    assert response["Content-Type"].startswith("application/atom+xml")
    problems, titles = atom_problems(body(response))
    assert problems == []
    # Titles are plain text: the vectors come back from the XML as the characters typed (the
    # corpus, written at once, is one entry, titled by one of its objects).
    assert any(SEARCH_WORD in title and "<div" in title for title in titles)


@pytest.mark.parametrize(("view"), [p[1] for p in CSV_PAGES], ids=[p[0] for p in CSV_PAGES])
def test_csv_download(client, corpus, view):
    response = get(client, view, query="?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = body(response)
    problems, rows = csv_problems(text)
    assert problems == []
    cells = [value for row in rows[1:] for value in row]
    assert any(SEARCH_WORD in value for value in cells)
    # The values that start with a formula are there, neutralised.
    assert any(value.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) for value in cells)


@pytest.mark.parametrize(("view"), [p[1] for p in CSV_PAGES], ids=[p[0] for p in CSV_PAGES])
def test_json_download(client, corpus, view):
    response = get(client, view, query="?format=json")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(body(response))
    assert data["count"] >= COPIES and SEARCH_WORD in json.dumps(data)


@pytest.mark.parametrize(
    ("view", "args"),
    [("catalog:paper_list", ()), ("catalog:paper_detail", ("xss-paper-1",))],
    ids=["papers", "paper"],
)
def test_bibtex_download(client, corpus, view, args):
    response = get(client, view, args, "?format=bib")
    assert response["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert SEARCH_WORD in body(response)


@pytest.mark.parametrize(
    ("view", "args"), [p[1:] for p in API_PAGES], ids=[p[0] for p in API_PAGES]
)
def test_api(client, corpus, view, args):
    response = get(client, view, args)
    assert response["Content-Type"].split(";")[0] in (
        "application/json",
        "application/vnd.oai.openapi+json",
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(body(response))
    if view not in ("api:root", "api:schema"):
        assert SEARCH_WORD in json.dumps(data)


def test_fields_only_in_downloads_are_in_them(client, corpus):
    text = body(get(client, "catalog:license_list", query="?format=csv"))
    text += body(get(client, "api:license-list"))
    assert markers_missing(text, ONLY_IN_DOWNLOADS) == []
