"""/search/: models, organisations and papers by plain words, grouped by kind."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_model, make_org, make_paper

pytestmark = pytest.mark.django_db

URL = reverse("atlas:search")


def groups(response):
    return {g["id"]: [str(item) for item in g["results"]] for g in response.context["groups"]}


def test_results_are_grouped_by_kind(client):
    meta = make_org(name="Meta")
    make_model(name="LLaMA", organizations=[meta], summary="Open foundation models.")
    make_model(name="Alpaca", summary="Instruction-tuned from LLaMA.")
    make_model(name="GPT-3")
    make_paper(title="LLaMA: Open and Efficient Foundation Language Models", year=2023)
    response = client.get(URL, {"q": "llama"})
    found = groups(response)
    assert sorted(found["models"]) == ["Alpaca", "LLaMA"]
    assert found["papers"] == ["LLaMA: Open and Efficient Foundation Language Models (2023)"]
    assert found["organizations"] == []
    assert response.context["total"] == 3


def test_every_word_must_match(client):
    make_org(name="Meta AI")
    make_org(name="Meta Platforms Research")
    assert groups(client.get(URL, {"q": "meta research"}))["organizations"] == [
        "Meta Platforms Research"
    ]


def test_model_search_finds_organisation_names(client):
    make_model(name="OPT", organizations=[make_org(name="Meta")])
    make_model(name="T5", organizations=[make_org(name="Google")])
    assert groups(client.get(URL, {"q": "meta"}))["models"] == ["OPT"]


def test_empty_query_shows_only_the_box(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["groups"] == []


@pytest.mark.parametrize("q", ["a\x00b", "x" * 10_000, "   ", "%", "'; DROP TABLE x; --", "∑🙂"])
def test_odd_queries_never_fail(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def test_nul_is_refused_with_a_notice(client):
    response = client.get(URL, {"q": "gpt\x00"})
    assert "NUL character" in response.content.decode()
    assert response.context["groups"] == []


def test_search_queries_are_bounded(client, django_assert_max_num_queries):
    def count(n):
        for i in range(n):
            make_model(name=f"Llama variant {n}-{i}", organizations=[make_org()])
        with django_assert_max_num_queries(15) as captured:
            client.get(URL, {"q": "llama"})
        return len(captured.captured_queries)

    assert count(3) == count(60)


def summary(response):
    """The sentence under the search box, as a reader sees it."""
    html = response.content.decode()
    lede = re.search(r'<p class="lede">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", lede)


def test_summary_counts_each_kind_in_the_right_number_and_ends_cleanly(client):
    make_model(name="Orca")
    make_paper(title="Orca: progressive learning", year=2023)
    make_paper(title="Orca 2: teaching small models", year=2023)
    assert summary(client.get(URL, {"q": "orca"})) == "3 results for “orca”: 1 model, 2 papers."
    assert summary(client.get(URL, {"q": "teaching"})) == "1 result for “teaching”: 1 paper."


def test_nothing_found_says_how_to_propose_a_model(client):
    response = client.get(URL, {"q": "zzz-no-such-model"})
    html = response.content.decode()
    assert summary(response) == "0 results for “zzz-no-such-model”."
    assert "may not be in the atlas yet" in html
    assert "write to the editors" in html
    assert reverse("admin:index") in html
