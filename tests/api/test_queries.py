"""Every endpoint runs a fixed number of queries, whatever the number of rows."""

import datetime

import pytest

from guidance.models import Outcome
from tests.factories import (
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
    make_topic,
)
from tests.guidance.factories import answer, make_category, make_guideline, make_question, make_task

pytestmark = pytest.mark.django_db

# The most each endpoint may run: a FilterSet's choices, the state of the atlas (for the
# validators), the count, the rows and their relations. At a few rows and at hundreds.
BUDGET = {
    "/api/": 1,
    "/api/models/?page_size=100": 13,
    "/api/models/?page_size=100&org=org-0&q=model&sort=-parameters": 13,
    "/api/models/m-0/": 8,
    "/api/models/m-0/lineage/": 4,
    "/api/organizations/?page_size=100&sort=-models": 4,
    "/api/licenses/?page_size=100&commercial=yes": 4,
    "/api/datasets/?page_size=100": 3,
    "/api/papers/?page_size=100&topic=topic-0": 5,
    "/api/tasks/?page_size=100&verdict=use-llm": 5,
    "/api/guidelines/?page_size=100": 6,
    "/api/decision-flow/": 4,
}


@pytest.fixture
def catalog():
    orgs = [make_org(slug=f"org-{i}") for i in range(4)]
    licences = [make_license(slug=f"lic-{i}") for i in range(3)]
    datasets = [make_dataset(slug=f"data-{i}") for i in range(3)]
    topics = [make_topic(slug=f"topic-{i}") for i in range(3)]
    categories = [make_category(slug=f"cat-{i}") for i in range(2)]
    state = {"models": [], "n": 0}

    def grow(n):
        start = state["n"]
        for i in range(start, start + n):
            paper = make_paper(slug=f"p-{i}", topics=topics[: 1 + i % 3])
            model = make_model(
                name=f"Model {i}",
                slug=f"m-{i}",
                release_date=datetime.date(2015 + i % 9, 1, 1),
                parameters_billions=float(i % 50) or None,
                license=licences[i % 3],
                organizations=orgs[i % 4 : i % 4 + 2],
                datasets=datasets[: i % 3],
                papers=[paper],
            )
            models = state["models"]
            if models:  # a long chain and a wide fan: deep and broad lineage
                link(model, models[-1])
                if i % 3 and len(models) > 1:
                    link(model, models[0], relation="variant-of")
            models.append(model)
            task = make_task(slug=f"t-{i}", category=categories[i % 2])
            make_guideline(task=task, papers=[paper], models=[model, models[0]])
            make_guideline(task=task, verdict="use-fine-tuned", models=[model])
            question = make_question(slug=f"q-{i}", order=i)
            answer(question, "yes", Outcome.LLM, guidelines=[])
            answer(question, "no", Outcome.FINE_TUNED)
        state["n"] += n

    return grow


def count_queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(BUDGET[url]) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize("url", BUDGET)
def test_queries_do_not_grow_with_rows(client, catalog, url, django_assert_max_num_queries):
    catalog(3)
    small = count_queries(client, url, django_assert_max_num_queries)
    catalog(250)
    large = count_queries(client, url, django_assert_max_num_queries)
    assert large == small


def test_a_304_runs_only_the_checks(client, catalog, django_assert_max_num_queries):
    catalog(5)
    url = "/api/models/?page_size=100"
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(5):  # the FilterSet's choices and the state
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
