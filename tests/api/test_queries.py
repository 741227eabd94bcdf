"""Every endpoint runs a fixed number of queries, whatever the number of rows."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from catalog.models import Paper
from guidance.models import Evidence, FlowAnswer, Guideline, Outcome, Question, Task, Verdict
from tests.factories import (
    bulk_links,
    bulk_m2m,
    bulk_models,
    make_dataset,
    make_license,
    make_org,
    make_topic,
)
from tests.guidance.factories import make_category

pytestmark = pytest.mark.django_db

# The most each endpoint may run: a FilterSet's choices, the state of the atlas (for the
# validators), the count, the rows and their relations. At a few rows and at hundreds.
BUDGET = {
    "/api/": 1,
    "/api/models/?page_size=100": 18,  # with results and the benchmark filter's choices
    "/api/models/?page_size=100&org=org-0&q=model&sort=-parameters": 18,
    "/api/models/m-0/": 12,
    "/api/models/m-0/lineage/": 4,
    "/api/organizations/?page_size=100&sort=-models": 6,  # + their citations (Chinese names)
    "/api/licenses/?page_size=100&commercial=yes": 4,
    "/api/datasets/?page_size=100": 3,
    "/api/papers/?page_size=100&topic=topic-0": 5,
    "/api/benchmarks/?page_size=100": 4,
    "/api/tasks/?page_size=100&verdict=use-llm": 5,
    "/api/guidelines/?page_size=100": 6,
    "/api/decision-flow/": 4,
}


@pytest.fixture
def catalog():
    """grow(n) adds n models, each with its paper, task, two guidelines and a question, in a
    few bulk INSERTs: a long chain and a wide fan of parents give deep and broad lineage."""
    orgs = [make_org(slug=f"org-{i}") for i in range(4)]
    licences = [make_license(slug=f"lic-{i}") for i in range(3)]
    datasets = [make_dataset(slug=f"data-{i}") for i in range(3)]
    topics = [make_topic(slug=f"topic-{i}") for i in range(3)]
    categories = [make_category(slug=f"cat-{i}") for i in range(2)]
    state = {"models": [], "n": 0}

    def grow(n):
        numbers = range(state["n"], state["n"] + n)
        papers = Paper.objects.bulk_create(
            [Paper(title=f"Paper {i}", slug=f"p-{i}", year=2022) for i in numbers]
        )
        bulk_m2m(
            Paper.topics,
            [
                (paper, topic)
                for i, paper in zip(numbers, papers, strict=True)
                for topic in topics[: 1 + i % 3]
            ],
        )
        new = bulk_models(
            {
                "name": f"Model {i}",
                "slug": f"m-{i}",
                "release_date": datetime.date(2015 + i % 9, 1, 1),
                "parameters_billions": float(i % 50) or None,
                "license": licences[i % 3],
                "organizations": orgs[i % 4 : i % 4 + 2],
                "datasets": datasets[: i % 3],
                "papers": [paper],
            }
            for i, paper in zip(numbers, papers, strict=True)
        )
        models = state["models"]
        links = []
        for i, model in zip(numbers, new, strict=True):
            if models:
                links.append((model, models[-1], None))
                if i % 3 and len(models) > 1:
                    links.append((model, models[0], "variant-of"))
            models.append(model)
        bulk_links(links)
        tasks = Task.objects.bulk_create(
            [Task(name=f"Task {i}", slug=f"t-{i}", category=categories[i % 2]) for i in numbers]
        )
        guidelines = Guideline.objects.bulk_create(
            [
                Guideline(task=task, verdict=verdict, slug=f"g-{i}-{verdict}", title=f"G {i}")
                for i, task in zip(numbers, tasks, strict=True)
                for verdict in (Verdict.USE_LLM, Verdict.USE_FINE_TUNED)
            ]
        )
        use_llm, use_fine_tuned = guidelines[::2], guidelines[1::2]
        Evidence.objects.bulk_create(
            [
                Evidence(guideline=g, paper=paper, note=f"shows {paper.slug}")
                for g, paper in zip(use_llm, papers, strict=True)
            ]
        )
        bulk_m2m(
            Guideline.example_models,
            [
                (g, m)
                for g, model in zip(use_llm, new, strict=True)
                for m in dict.fromkeys([model, models[0]])
            ]
            + list(zip(use_fine_tuned, new, strict=True)),
        )
        questions = Question.objects.bulk_create(
            [
                Question(label=f"Q{i}?", text=f"Question {i}?", slug=f"q-{i}", order=i)
                for i in numbers
            ]
        )
        FlowAnswer.objects.bulk_create(
            [
                FlowAnswer(question=q, answer=choice, outcome=outcome)
                for q in questions
                for choice, outcome in (("yes", Outcome.LLM), ("no", Outcome.FINE_TUNED))
            ]
        )
        state["n"] += n

    return grow


def count_queries(client, url, django_assert_max_num_queries) -> int:
    """Queries of one request as a fresh process runs them (content types, which citations are
    found by, are cached per process after their first lookup)."""
    ContentType.objects.clear_cache()
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
    with django_assert_max_num_queries(6):  # the FilterSet's choices and the state
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
