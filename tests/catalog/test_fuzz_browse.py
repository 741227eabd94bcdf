"""Arbitrary query strings on every browse page: never a server error, always a whole page.

Hypothesis writes the query strings: known parameters and stray ones, good values and
garbage (NUL bytes, 10,000 characters, huge numbers, unicode, malformed percent-escapes),
repeated keys. Examples are derandomised so CI runs the same ones every time.
"""

import json
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.catalog.downloads import body
from tests.factories import (
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
    make_topic,
)
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

COMMON = {
    "page": ["1", "2", "0", "-1", "99999", "1e3"],
    "format": ["csv", "json", "bib", "html", "CSV"],
    "q": ["llama", "data", "a b", "“quoted”"],
}
PAGES = {
    "models": (
        reverse("catalog:model_list"),
        {
            "branch": ["decoder-only", "encoder-only", "Decoder-Only"],
            "org": ["meta", "nobody"],
            "access": ["open", "closed", "ajar"],
            "year_min": ["2019", "1899", "2101"],
            "year_max": ["2023", "2018"],
            "license": ["apache", "none"],
            "commercial": ["yes", "no", "conditional", "maybe"],
            "dataset": ["pile", "void"],
            "sort": ["name", "-name", "parameters", "-release_date", "size"],
        },
    ),
    "organizations": (
        reverse("catalog:organization_list"),
        {
            "kind": ["company", "academic", "pirate"],
            "country": ["US", "FR", "us", "ZZ"],
            "sort": ["name", "-name", "models", "-models", "size"],
        },
    ),
    "licenses": (
        reverse("catalog:license_list"),
        {"commercial": ["yes", "no", "conditional", "maybe"], "branch": ["decoder-only", "x"]},
    ),
    "datasets": (
        reverse("catalog:dataset_list"),
        {"access": ["public", "restricted", "unknown", "secret"], "sort": ["-models", "x"]},
    ),
    "papers": (
        reverse("catalog:paper_list"),
        {
            "topic": ["alignment", "nothing"],
            "year_min": ["2019", "1899", "abc"],
            "year_max": ["2023", "2018"],
            "sort": ["year", "-year", "title", "-title", "x"],
        },
    ),
    "paper page": ("/papers/attention-2017/", {}),
    "tree": (
        reverse("catalog:tree"),
        {"branch": ["decoder-only"], "org": ["meta"], "highlight": ["llama", "nothing", ""]},
    ),
    "tree svg": (reverse("catalog:tree_svg"), {"highlight": ["llama"], "access": ["open"]}),
    "tasks": (
        reverse("guidance:task_list"),
        {"category": ["generation", "x"], "verdict": ["use-llm", "use-fine-tuned", "never"]},
    ),
    "decide": (reverse("guidance:decide"), {"answers": ["y", "yn", "nnn", "z", "y" * 500]}),
    "search": (reverse("atlas:search"), {}),
}

garbage = st.one_of(
    st.text(max_size=30),  # any unicode, NUL included
    st.just("\x00"),
    st.text(st.sampled_from("\x00\t\r\n %&=+;#?,'\"<>\\/"), max_size=12),
    st.just("x" * 10_000),
    st.from_regex(r"-?[0-9]{1,40}", fullmatch=True),
    st.sampled_from(["=1+1", "@SUM(A1)", "-2", "+3", "NaN", "inf", "1e309", "٣"]),
)


def query_strings(params: dict):
    names = sorted({*params, *COMMON})
    known = {**COMMON, **params}
    pair = st.one_of(
        st.sampled_from(names).flatmap(
            lambda name: st.tuples(st.just(name), st.one_of(st.sampled_from(known[name]), garbage))
        ),
        st.tuples(st.text(max_size=8), garbage),  # stray keys
    )
    encoded = st.lists(pair, max_size=8).map(urlencode)
    # Raw, possibly malformed percent-escapes and bare separators, as a browser might send.
    raw = st.text(st.sampled_from("%0FZz&=+;a1\x00é "), max_size=40).map(
        lambda text: quote(text, safe="%&=+;")
    )
    return st.one_of(encoded, raw)


@built_once
def catalog():
    """A little of everything, named as the known values above expect."""
    meta = make_org(name="Meta", slug="meta", country="US")
    lab = make_org(name="Lab", slug="lab", kind="academic", country="FR")
    apache = make_license(name="Apache", slug="apache", commercial_use="yes")
    research = make_license(name="Research", slug="research", commercial_use="no")
    pile = make_dataset(name="The Pile", slug="pile", access="public")
    alignment = make_topic(name="Alignment", slug="alignment")
    paper = make_paper(title="Attention", slug="attention-2017", year=2017, venue="NIPS 2017")
    make_paper(title="Aligning {things} & more", topics=[alignment], venue="arXiv", year=None)
    llama = make_model(name="LLaMA", slug="llama", organizations=[meta], license=research)
    for i in range(60):  # enough for a second page everywhere it paginates by 50
        model = make_model(
            organizations=[meta if i % 2 else lab],
            license=apache if i % 3 else None,
            datasets=[pile] if i % 4 else [],
            papers=[paper] if i % 5 == 0 else [],
            summary="=cmd|' /C calc'!A0",
        )
        if i % 7 == 0:
            link(model, llama)
        make_org(name=f"Org {i}", country="US")
        make_paper(title=f"Paper {i}", topics=[alignment] if i % 2 else [])
        make_dataset(name=f"Data {i}")


def check(response):
    assert response.status_code < 500
    if response.status_code != 200:
        return
    content_type = response["Content-Type"]
    text = body(response)
    if content_type.startswith("text/html"):
        assert text.rstrip().endswith("</html>")
        assert "<h1" in text
    elif content_type == "application/json":
        data = json.loads(text)
        assert data["count"] == len(data["results"])
    elif content_type.startswith("text/csv"):
        assert text.startswith("\ufeffslug,")
    elif content_type.startswith("image/svg+xml"):
        assert text.rstrip().endswith("</svg>")
    else:
        assert content_type.startswith("text/x-bibtex")


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_any_query_string_gives_a_page_not_an_error(client, catalog, page):
    path, params = page

    @settings(
        max_examples=60,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query_strings(params))
    def run(query):
        check(client.get(f"{path}?{query}"))

    run()


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_nul_bytes_in_every_parameter(client, catalog, page):
    """PostgreSQL refuses NUL in text: every parameter must be checked before a query."""
    path, params = page
    for name in sorted({*params, *COMMON}):
        for value in ["\x00", "a\x00b", "yes\x00"]:
            check(client.get(path, {name: value}))
        check(client.get(path, {name: ["\x00", "ok", "\x00\x00"]}))
