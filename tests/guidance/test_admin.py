"""Admin for editors: every guidance page loads, and the flow cannot be broken from it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.admin import version_token
from guidance.models import FlowAnswer, Guideline, Outcome, Question, Task, TaskCategory
from tests.factories import make_model, make_paper

from .factories import answer, make_chain, make_guideline, make_question

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [TaskCategory, Task, Guideline, Question]


@pytest.fixture
def alice(client):
    """Alice is a superuser."""
    user = get_user_model().objects.create_superuser("alice", "alice@example.org", "pw-alice-1")
    client.force_login(user)
    return client


def url(model, view, *args):
    return reverse(f"admin:guidance_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load(alice, model):
    make_guideline(papers=[make_paper()], models=[make_model()])
    make_chain(2, Guideline.objects.all())
    assert alice.get(url(model, "changelist")).status_code == 200
    assert alice.get(url(model, "changelist"), {"q": "a"}).status_code == 200
    assert alice.get(url(model, "add")).status_code == 200
    assert alice.get(url(model, "change", model.objects.first().pk)).status_code == 200


def test_guideline_page_edits_evidence_inline(alice):
    guideline = make_guideline(papers=[make_paper("A paper")])
    page = alice.get(url(Guideline, "change", guideline.pk)).content.decode()
    assert "Evidence (papers, with what each shows)" in page
    assert "shows " in page  # the note of the existing evidence


def answer_form(question, yes, no, **extra):
    """POST data for a question's page: `yes`/`no` are (next question or None, outcome); with
    the version the page was opened at, as a browser sends it."""
    data = {
        "edit_version": version_token(Question, question.pk),
        "label": question.label,
        "slug": question.slug,
        "order": question.order,
        "text": question.text,
        "explanation": "",
        "answers-TOTAL_FORMS": "2",
        "answers-INITIAL_FORMS": str(question.answers.count()),
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "2",
    }
    existing = {a.answer: a.pk for a in question.answers.all()}
    for index, (choice, (nxt, outcome)) in enumerate((("yes", yes), ("no", no))):
        prefix = f"answers-{index}"
        data |= {
            f"{prefix}-id": existing.get(choice, ""),
            f"{prefix}-question": question.pk,
            f"{prefix}-answer": choice,
            f"{prefix}-next_question": nxt.pk if nxt else "",
            f"{prefix}-outcome": outcome or "",
            f"{prefix}-explanation": "",
        }
    return data | extra


def test_a_question_is_saved_with_its_two_answers(alice):
    first, second = make_chain(2)
    data = answer_form(first, (None, "uncertain"), (second, None))
    response = alice.post(url(Question, "change", first.pk), data)
    assert response.status_code == 302
    assert first.answers.get(answer="yes").outcome == "uncertain"


def test_the_admin_refuses_a_loop(alice):
    first, second = make_chain(2)
    data = answer_form(second, (first, None), (None, "llm"))
    page = alice.post(url(Question, "change", second.pk), data).content.decode()
    assert "These answers would make a loop in the flow" in page
    assert second.answers.get(answer="yes").outcome == "llm"


def test_the_admin_refuses_an_answer_leading_both_ways_or_nowhere(alice):
    first, second = make_chain(2)
    both = answer_form(first, (second, "llm"), (second, None))
    assert "exactly one" in alice.post(url(Question, "change", first.pk), both).content.decode()
    nowhere = answer_form(first, (None, None), (second, None))
    assert "exactly one" in alice.post(url(Question, "change", first.pk), nowhere).content.decode()


def test_the_admin_needs_one_yes_and_one_no(alice):
    first, second = make_chain(2)
    data = answer_form(first, (None, "llm"), (second, None), **{"answers-1-answer": "yes"})
    page = alice.post(url(Question, "change", first.pk), data).content.decode()
    assert "Please correct the duplicate data for answer." in page
    assert FlowAnswer.objects.filter(question=first, answer="no").exists()


def test_the_changelist_warns_about_an_unsound_flow(alice):
    make_chain(2)
    lonely = make_question("Lonely?")
    answer(lonely, "yes", Outcome.LLM)
    page = alice.get(url(Question, "changelist")).content.decode()
    assert "Flow problem" in page and "has no &#x27;No&#x27; answer" in page
    assert "cannot be reached from the first question" in page
