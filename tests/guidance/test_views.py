"""/tasks/, /tasks/<slug>/ and /decide/: content, filters, tampered input, bounded queries."""

import re

import pytest
from django.urls import reverse

from catalog.models import Paper
from guidance.models import Outcome, Verdict
from tests.catalog.downloads import body, json_results
from tests.factories import bulk_models, make_model, make_paper, new_paper

from .factories import (
    answer,
    bulk_guidance,
    make_category,
    make_chain,
    make_guideline,
    make_question,
    make_task,
)

pytestmark = pytest.mark.django_db

TASKS = reverse("guidance:task_list")
DECIDE = reverse("guidance:decide")


def make_guidance(n_tasks: int, categories=3):
    """n tasks over a few categories, each with three guidelines citing papers and models."""
    cats = [make_category() for _ in range(categories)]
    papers = [make_paper() for _ in range(3)]
    models = [make_model() for _ in range(3)]
    return bulk_guidance(cats, n_tasks, papers=papers[:2], models=models[:2])


def count_queries(client, url, django_assert_max_num_queries, limit, status=200):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == status
    return len(captured.captured_queries)


# --- /tasks/ -----------------------------------------------------------------------------


def test_the_matrix_shows_each_guideline_under_its_verdict_with_words(client):
    nlu = make_category("Traditional NLU", slug="traditional-nlu")
    ner = make_task("Named entity recognition", category=nlu, slug="ner")
    make_guideline(ner, Verdict.USE_FINE_TUNED, title="Fixed entity types", slug="fixed")
    make_guideline(ner, Verdict.USE_LLM, title="Odd entity types", slug="odd")
    page = client.get(TASKS).content.decode()
    assert re.search(r'<h3 id="category-traditional-nlu"[^>]*>Traditional NLU</h3>', page)
    row = page[page.index('href="/tasks/ner/"') :]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)[:3]
    assert "Odd entity types" in cells[0] and "Fixed entity types" in cells[1]
    assert 'href="/tasks/ner/#fixed"' in page
    # never colour alone: the columns are named and each tag carries a word
    assert "Use a fine-tuned model" in page and "Fine-tuned</span>" in page


def test_filter_by_verdict_keeps_tasks_with_such_a_case_and_only_that_column(client):
    both = make_task("Both kinds")
    make_guideline(both, Verdict.USE_LLM, title="LLM side")
    make_guideline(both, Verdict.USE_FINE_TUNED, title="Tuned side")
    only_llm = make_task("Only LLM")
    make_guideline(only_llm, Verdict.USE_LLM, title="Just LLM")
    page = client.get(TASKS, {"verdict": "use-fine-tuned"}).content.decode()
    assert "Both kinds" in page and "Tuned side" in page
    assert "Only LLM" not in page and "LLM side" not in page
    assert "2 tasks" not in page and "1 task matches the filters" in page


def test_filter_by_category_and_search(client):
    gen, nlu = make_category("Generation"), make_category("NLU")
    summary = make_task("Summarisation", category=gen, description="Shorter texts")
    make_task("Translation", category=gen)
    make_task("Entity tagging", category=nlu)
    make_guideline(summary, title="Readers prefer LLM summaries", conditions="news articles")
    page = client.get(TASKS, {"category": gen.slug}).content.decode()
    assert "Summarisation" in page and "Translation" in page and "Entity tagging" not in page
    # words match tasks or their guidelines, all words required, any case
    for q, expected in [("NEWS", "Summarisation"), ("shorter texts", "Summarisation")]:
        page = client.get(TASKS, {"q": q}).content.decode()
        assert expected in page and "Translation" not in page, q
    assert "No task matches" in client.get(TASKS, {"q": "news translation"}).content.decode()


def test_facet_counts_follow_the_other_filters(client):
    gen, nlu = make_category("Generation"), make_category("NLU")
    make_guideline(make_task(category=gen), Verdict.USE_LLM)
    make_guideline(make_task(category=gen), Verdict.USE_FINE_TUNED)
    make_guideline(make_task(category=nlu), Verdict.USE_FINE_TUNED)
    context = client.get(TASKS, {"verdict": "use-fine-tuned", "category": gen.slug}).context
    assert {c.slug: n for c, n, _ in context["category_options"]} == {gen.slug: 1, nlu.slug: 1}
    assert {v.value: n for v, n, _ in context["verdict_options"]} == {
        "use-llm": 1,
        "use-fine-tuned": 1,
        "depends": 0,
    }


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        (
            {"verdict": "maybe"},
            "Ignored verdict=“maybe”: not a verdict (use-llm, use-fine-tuned, depends).",
        ),
        ({"category": "ghost"}, "Ignored category=“ghost”: not a task category."),
        ({"q": "x" * 201}, ": searches are limited to 200 characters."),
        ({"q": "a\x00b"}, "Ignored q=“a\\0b”: contains a NUL character."),
        ({"page": "999"}, "Page 999 does not exist; showing the last page (1)."),
        ({"page": "abc"}, "Ignored page=“abc”: pages are numbered from 1."),
    ],
)
def test_bad_filter_values_are_ignored_with_a_notice(client, params, notice):
    make_guideline(make_task("Kept"))
    response = client.get(TASKS, params)
    assert response.status_code == 200
    assert notice in response.content.decode()
    assert "Kept" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{}, {"verdict": "use-llm", "category": "category-x", "q": "task"}]
)
def test_task_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, params):
    make_guidance(3)
    small = count_queries(client, TASKS + "?" + _qs(params), django_assert_max_num_queries, 8)
    make_guidance(60)
    large = count_queries(client, TASKS + "?" + _qs(params), django_assert_max_num_queries, 8)
    assert large == small


def _qs(params):
    from urllib.parse import urlencode

    return urlencode(params)


# --- /tasks/<slug>/ ----------------------------------------------------------------------


def test_task_page_shows_use_and_no_use_side_by_side_with_evidence_and_models(client):
    paper = make_paper("Fine-tuned beats prompting", slug="ft-beats", url="https://example.org/p")
    bert = make_model("BERT", slug="bert")
    task = make_task("Named entity recognition", description="Finding names.")
    make_guideline(
        task,
        Verdict.USE_FINE_TUNED,
        title="Fixed types",
        slug="fixed-types",
        conditions="Labelled sentences exist.",
        rationale="Spans need **exact** boundaries.",
        papers=[paper],
        models=[bert],
    )
    make_guideline(task, Verdict.USE_LLM, title="No labels at all", slug="no-labels")
    page = client.get(task.get_absolute_url()).content.decode()
    use = page.index('id="column-use-llm"')
    no_use = page.index('id="column-use-fine-tuned"')
    assert use < page.index("No labels at all") < no_use < page.index("Fixed types")
    assert 'id="column-depends"' not in page  # no empty "depends" column
    assert "Labelled sentences exist." in page
    assert "<strong>exact</strong>" in page  # rationale is rendered Markdown
    assert f'href="{paper.get_absolute_url()}">Fine-tuned beats prompting</a>' in page
    assert "shows ft-beats" in page  # the evidence note
    assert 'href="https://example.org/p"' in page
    assert f'href="{bert.get_absolute_url()}">BERT</a>' in page
    assert 'id="fixed-types"' in page


def test_rationale_markdown_is_sanitised(client):
    task = make_task()
    make_guideline(task, rationale="<script>alert(1)</script> [x](javascript:alert(2))")
    page = client.get(task.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "javascript:" not in page


def test_unknown_task_is_404(client):
    assert client.get(reverse("guidance:task_detail", args=["nope"])).status_code == 404


def test_task_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    task = make_guidance(1)[0]
    small = count_queries(client, task.get_absolute_url(), django_assert_max_num_queries, 8)
    papers = Paper.objects.bulk_create([new_paper() for _ in range(60)])
    models = bulk_models({} for _ in range(30))
    for i, model in enumerate(models):
        make_guideline(task, papers=papers[2 * i : 2 * i + 2], models=[model])
    make_guidance(20)
    large = count_queries(client, task.get_absolute_url(), django_assert_max_num_queries, 8)
    assert large == small


# --- /decide/ ----------------------------------------------------------------------------


def test_the_first_question_has_yes_and_no_buttons_carrying_the_answers(client):
    first = make_chain(3)[0]
    page = client.get(DECIDE).content.decode()
    assert first.text in page
    assert re.search(r'<button type="submit" name="answers" value="y"[^>]*>Yes</button>', page)
    assert re.search(r'<button type="submit" name="answers" value="n"[^>]*>No</button>', page)
    assert "Start over" not in page  # nothing to go back from yet


def test_a_middle_step_shows_the_path_back_and_start_over(client):
    questions = make_chain(4)
    page = client.get(DECIDE, {"answers": "nn"}).content.decode()
    assert questions[2].text in page
    assert 'value="nny"' in page and 'value="nnn"' in page
    assert 'href="/decide/?answers=n" rel="prev">Back</a>' in page
    assert 'href="/decide/">Start over</a>' in page
    assert page.count('class="change"') == 2
    assert "data-outcome" not in page


def test_an_outcome_shows_why_guidelines_and_a_catalog_link(client):
    task = make_task("Regression")
    guideline = make_guideline(task, Verdict.USE_FINE_TUNED, title="Predict numbers")
    earlier = make_guideline(task, Verdict.DEPENDS, title="Plenty of data")
    first, second = make_question(), make_question()
    answer(first, "yes", Outcome.LLM)
    answer(first, "no", second, guidelines=[earlier])
    answer(second, "yes", Outcome.FINE_TUNED, [guideline], explanation="Numbers *differ*.")
    answer(second, "no", Outcome.LLM)
    page = client.get(DECIDE, {"answers": "ny"}).content.decode()
    assert 'data-outcome="fine-tuned"' in page
    assert "Use a fine-tuned model" in page and "<em>differ</em>" in page
    assert first.text in page and second.text in page  # why: the answers
    assert f'href="{guideline.get_absolute_url()}">Predict numbers</a>' in page
    assert "Also relevant to your earlier answers" in page and "Plenty of data" in page
    assert 'href="/models/?access=open&amp;branch=encoder-only&amp;branch=encoder-decoder"' in page


@pytest.mark.parametrize(
    ("outcome", "query"),
    [
        (Outcome.LLM, "?branch=decoder-only&sort=-release_date"),
        (Outcome.FINE_TUNED, "?access=open&branch=encoder-only&branch=encoder-decoder"),
        (Outcome.UNCERTAIN, "?branch=decoder-only&branch=encoder-decoder&branch=encoder-only"),
    ],
)
def test_each_outcome_links_to_filtered_models(outcome, query):
    assert outcome.catalog_query() == query


@pytest.mark.parametrize(
    ("answers", "message", "back"),
    [
        ("nq", "Answer 2 is &#x27;q&#x27;", "/decide/?answers=n"),
        ("yyy", "reached a recommendation after 1 answer", "/decide/?answers=y"),
        ("n" * 5000, "holds 5000 answers", "/decide/"),
        ("nnnnnn", "but the flow has only 3 questions", "/decide/?answers=nnn"),
        ("\x00", "Answer 1 is &#x27;\\x00&#x27;", "/decide/"),
        ("<b>", "Answer 1 is &#x27;&lt;&#x27;", "/decide/"),
    ],
)
def test_tampered_answers_give_a_400_with_a_message_and_a_way_back(client, answers, message, back):
    make_chain(3)
    response = client.get(DECIDE, {"answers": answers})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link cannot be followed" in page
    assert message in page
    assert f'href="{back}"' in page
    assert "<b>" not in page.split("</header>", 1)[1]


def test_an_empty_flow_says_so(client):
    response = client.get(DECIDE, {"answers": "yn"})
    assert response.status_code == 200
    assert "has not been written yet" in response.content.decode()


def test_the_diagram_marks_the_path(client):
    make_chain(4)
    page = client.get(DECIDE, {"answers": "nny"}).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="edge taken"') == 3
    assert svg.count('class="question visited"') == 3
    assert svg.count("outcome verdict-use-llm reached") == 1
    assert "Your path:" in svg and "recommendation: Use an LLM" in svg


def test_decide_queries_do_not_grow_with_the_flow(client, django_assert_max_num_queries):
    guidelines = [make_guideline() for _ in range(3)]
    make_chain(4, guidelines)
    small = count_queries(client, DECIDE + "?answers=nny", django_assert_max_num_queries, 6)
    make_chain(60, guidelines)  # a second, unreachable chain: more rows, same path
    large = count_queries(client, DECIDE + "?answers=nny", django_assert_max_num_queries, 6)
    assert large == small


def test_decide_with_the_seed_renders_every_path(client, seeded):
    from .test_flow import figure_paths

    for answers, outcome in figure_paths().items():
        page = client.get(DECIDE, {"answers": answers}).content.decode()
        assert f'data-outcome="{outcome}"' in page, answers


def test_exports_carry_the_filtered_tasks_and_guidelines(client):
    paper, model = make_paper(slug="p1"), make_model(slug="m1")
    task = make_task("Regression", slug="regression")
    make_guideline(task, Verdict.USE_FINE_TUNED, slug="numbers", papers=[paper], models=[model])
    make_guideline(task, Verdict.USE_LLM, slug="llm-side", conditions="=cmd()")
    [row] = json_results(client, TASKS, {"verdict": "use-fine-tuned"})
    assert row["slug"] == "regression" and row["url"].endswith("/tasks/regression/")
    assert [g["slug"] for g in row["guidelines"]] == ["numbers"]
    assert row["guidelines"][0]["evidence"] == [
        {"paper": "p1", "note": "shows p1", "note_zh_hans": ""}
    ]
    assert row["guidelines"][0]["example_models"] == ["m1"]
    response = client.get(TASKS, {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="tasks.csv"'
    lines = body(response).removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("category,task,task_name,guideline,verdict")
    assert len(lines) == 3
    rows = {line.split(",")[3]: line for line in lines[1:]}
    assert "p1" in rows["numbers"] and "m1" in rows["numbers"]
    assert rows["numbers"].endswith("/tasks/regression/#numbers")
    assert ",'=cmd()," in rows["llm-side"]  # never a spreadsheet formula


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, fmt):
    make_guidance(3)
    url = f"{TASKS}?format={fmt}"
    small = count_queries(client, url, django_assert_max_num_queries, 8)
    make_guidance(60)
    large = count_queries(client, url, django_assert_max_num_queries, 8)
    assert large == small
