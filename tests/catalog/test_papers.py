"""/papers/ and /papers/<slug>/: topic, year and word filters, facets, sort, CSV/JSON/BibTeX."""

import random
from collections import Counter

import pytest
from django.urls import reverse

from catalog import bibtex
from catalog.models import Paper, Topic
from tests.catalog.downloads import body, csv_rows, json_results, queries_for
from tests.catalog.test_bibtex import read_entries
from tests.factories import (
    bulk_m2m,
    bulk_models,
    make_model,
    make_paper,
    make_topic,
    new_paper,
    new_topic,
)
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:paper_list")
TITLE_WORDS = ["Scaling", "Alignment", "Reasoning", "Efficient", "Instruction", "Retrieval"]
VENUES = ["arXiv", "ICLR 2022", "NeurIPS 2021", "Blog", "TACL", ""]


@built_once
def world():
    """120 papers over 5 topics (0-2 each), years 2015-2023 or none; facts as plain dicts."""
    rng = random.Random(13)
    topics = [
        make_topic(name=f"Topic {c}", slug=f"topic-{c}", order=i) for i, c in enumerate("abcde")
    ]
    facts, papers, links = [], [], []
    for i in range(120):
        chosen = rng.sample(topics, rng.randint(0, 2))
        title = f"{'Oo'[i % 2]}n {' '.join(rng.sample(TITLE_WORDS, 2))} {i:03d}"
        paper = new_paper(
            title=title,
            slug=f"paper-{i:03d}",
            authors=rng.choice(["Ada Lovelace et al.", "Alan Turing", "Grace Hopper et al."]),
            year=rng.choice([*range(2015, 2024), None]),
            venue=rng.choice(VENUES),
            url=f"https://arxiv.org/abs/23{i:02d}.00001" if i % 3 else "",
        )
        papers.append(paper)
        links += [(paper, topic) for topic in chosen]
        facts.append(
            {
                "slug": paper.slug,
                "title": paper.title,
                "year": paper.year,
                "topics": {t.slug for t in chosen},
                "text": f"{paper.title} {paper.authors} {paper.venue}".lower(),
            }
        )
    Paper.objects.bulk_create(papers)
    bulk_m2m(Paper.topics, links)
    return facts


def newest_first(facts):
    by_title = sorted(facts, key=lambda f: f["title"].lower())
    return sorted(by_title, key=lambda f: (f["year"] is None, -(f["year"] or 0)))


def words(*required):
    return lambda f: all(w.lower() in f["text"] for w in required)


CASES = {
    "all": ({}, lambda f: True),
    "topic": ({"topic": "topic-a"}, lambda f: "topic-a" in f["topics"]),
    "topics (any)": (
        {"topic": ["topic-b", "topic-d"]},
        lambda f: f["topics"] & {"topic-b", "topic-d"},
    ),
    "year range": (
        {"year_min": "2017", "year_max": "2019"},
        lambda f: f["year"] is not None and 2017 <= f["year"] <= 2019,
    ),
    "from year": ({"year_min": "2021"}, lambda f: f["year"] is not None and f["year"] >= 2021),
    "words in title": ({"q": "scaling reasoning"}, words("scaling", "reasoning")),
    "word in authors": ({"q": "TURING"}, words("turing")),
    "word in venue": ({"q": "iclr"}, words("iclr")),
    "everything": (
        {"q": "alignment", "topic": ["topic-c", "topic-e"], "year_max": "2020"},
        lambda f: (
            words("alignment")(f)
            and f["topics"] & {"topic-c", "topic-e"}
            and f["year"] is not None
            and f["year"] <= 2020
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_filters_match_python(client, world, case):
    params, keep = case
    expected = [f["slug"] for f in newest_first(world) if keep(f)]
    assert expected or params == {"q": "iclr"}  # the cases must select something to mean much
    assert [r["slug"] for r in json_results(client, URL, params)] == expected
    assert [r["slug"] for r in csv_rows(client, URL, params)] == expected
    response = client.get(URL, params)
    assert [p.slug for p in response.context["papers"]] == expected[:50]
    assert response.context["total"] == len(expected)


@pytest.mark.parametrize("sort", ["-year", "year", "title", "-title"])
def test_sorts_match_python(client, world, sort):
    by_title = sorted(world, key=lambda f: f["title"].lower())
    expected = {
        "-year": newest_first(world),
        "year": sorted(by_title, key=lambda f: (f["year"] is None, f["year"] or 0)),
        "title": by_title,
        "-title": list(reversed(by_title)),
    }[sort]
    assert [r["slug"] for r in json_results(client, URL, {"sort": sort})] == [
        f["slug"] for f in expected
    ]


def test_facets_count_under_the_other_filters(client, world):
    params = {"topic": "topic-a", "year_min": "2018", "q": "on"}
    response = client.get(URL, params)
    facets = {f.name: f for f in response.context["facets"]}
    in_years = [f for f in world if f["year"] and f["year"] >= 2018 and words("on")(f)]
    topics = Counter(t for f in in_years for t in f["topics"])
    assert {o.value: (o.count, o.selected) for o in facets["topic"].options} == {
        t: (n, t == "topic-a") for t, n in topics.items()
    }
    in_topic = [f for f in world if "topic-a" in f["topics"] and words("on")(f) and f["year"]]
    years = Counter(f["year"] for f in in_topic)
    assert [(o.value, o.count) for o in facets["year"].options] == [
        (str(y), n) for y, n in sorted(years.items(), reverse=True)
    ]


def test_bib_download_is_the_filtered_list(client, world):
    params = {"topic": ["topic-b"], "sort": "title"}
    response = client.get(URL, {**params, "format": "bib"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="llm-atlas-papers.bib"'
    entries = read_entries(body(response))
    expected = sorted(
        (f for f in world if "topic-b" in f["topics"]), key=lambda f: f["title"].lower()
    )
    assert [e["key"] for e in entries] == [f["slug"].replace("-", "") for f in expected]
    assert [e["title"] for e in entries] == [bibtex.protect_title(f["title"]) for f in expected]


def test_each_paper_shows_topics_models_and_bibtex(client):
    topic = make_topic(name="Alignment")
    paper = make_paper(
        title="Training & Aligning {LMs}",
        slug="aligning-lms-2022",
        topics=[topic],
        authors="Long Ouyang et al.",
        venue="NeurIPS 2022",
    )
    model = make_model(name="InstructGPT", papers=[paper])
    page = client.get(URL).content.decode()
    assert f'href="{paper.get_absolute_url()}">Training &amp; Aligning {{LMs}}</a>' in page
    assert f'href="{URL}?topic={topic.slug}">Alignment</a>' in page
    assert f'href="{model.get_absolute_url()}">InstructGPT</a>' in page
    assert "@inproceedings{aligninglms2022," in page
    assert r"Training \&amp; Aligning \textbraceleft{}LMs\textbraceright{}" in page
    assert f'href="{paper.get_absolute_url()}?format=bib"' in page


def test_paper_page_and_its_bib_download(client):
    paper = make_paper(
        title="Attention Is All You Need",
        slug="transformer-2017",
        authors="Ashish Vaswani et al.",
        venue="NIPS 2017",
        year=2017,
        url="https://arxiv.org/abs/1706.03762",
        topics=[make_topic(name="Architectures")],
    )
    make_model(name="Transformer", papers=[paper])
    response = client.get(paper.get_absolute_url())
    page = response.content.decode()
    for text in [
        "<h1>Attention Is All You Need</h1>",
        "Ashish Vaswani et al.",
        "NIPS 2017",
        "Architectures",
        "Transformer",
        "@inproceedings{transformer2017,",
        'href="https://arxiv.org/abs/1706.03762"',
    ]:
        assert text in page, text
    assert "<title>Attention Is All You Need · Papers · LLM Atlas</title>" in page
    download = client.get(paper.get_absolute_url(), {"format": "bib"})
    assert download["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="transformer-2017.bib"'
    [entry] = read_entries(download.content.decode())
    assert entry["key"] == "transformer2017" and entry["booktitle"] == "NIPS 2017"


def test_reversed_years_and_unknown_topics_are_ignored_with_notices(client, world):
    response = client.get(
        URL, {"year_min": "2022", "year_max": "2018", "topic": ["nope", "topic-a"], "format": "pdf"}
    )
    assert response.status_code == 200
    notices = response.context["notices"]
    assert "The year range was ignored: year_min (2022) is after year_max (2018)." in notices
    assert any("topic=“nope”" in n for n in notices)
    assert any("format=“pdf”" in n and "format=bib" in n for n in notices)
    expected = [f["slug"] for f in newest_first(world) if "topic-a" in f["topics"]]
    assert [p.slug for p in response.context["papers"]] == expected[:50]


@pytest.mark.parametrize("year", ["20x0", "1800", "99999999999999999999", "2020.5", "-1"])
def test_malformed_years_are_named(client, year):
    response = client.get(URL, {"year_min": year})
    assert response.status_code == 200
    assert (
        f"Ignored year_min=“{year}”: not a year between 1900 and 2100."
        in response.context["notices"]
    )


def test_unknown_paper_is_404(client):
    assert client.get("/papers/missing/").status_code == 404
    assert client.get("/papers/missing/?format=bib").status_code == 404


def make_many(n):
    topics = [make_topic() for _ in range(3)]
    papers = Paper.objects.bulk_create(
        [new_paper(year=2010 + i % 14, venue="arXiv") for i in range(n)]
    )
    bulk_m2m(
        Paper.topics,
        [(paper, topic) for i, paper in enumerate(papers) for topic in topics[: i % 3 + 1]],
    )
    bulk_models({"papers": [paper], "organizations": []} for paper in papers)
    return papers[-1]


@pytest.mark.parametrize(
    "query", ["", "?topic=x&year_min=2012&q=paper", "?format=json", "?format=csv", "?format=bib"]
)
def test_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, query):
    make_many(5)
    small = queries_for(client, URL + query, django_assert_max_num_queries)
    make_many(300)
    large = queries_for(client, URL + query, django_assert_max_num_queries)
    assert large == small


def test_detail_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    paper = make_many(1)
    small = queries_for(client, paper.get_absolute_url(), django_assert_max_num_queries)
    bulk_models({"papers": [paper], "organizations": []} for _ in range(200))
    paper.topics.add(*Topic.objects.bulk_create([new_topic() for _ in range(50)]))
    large = queries_for(client, paper.get_absolute_url(), django_assert_max_num_queries)
    assert large == small
    assert Paper.objects.get(pk=paper.pk).models.count() == 201
