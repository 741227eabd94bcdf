"""Integrity in the database, and the behaviour on the choice classes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from guidance.models import Answer, Evidence, FlowAnswer, Outcome, Verdict
from tests.factories import make_paper

from .factories import answer, make_guideline, make_question, make_task

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        FlowAnswer.objects.create(**fields)


def test_an_answer_leads_to_a_question_or_an_outcome_never_both_or_neither():
    first, second = make_question(), make_question()
    refused(question=first, answer="yes", next_question=second, outcome="llm")
    refused(question=first, answer="yes")
    refused(question=first, answer="yes", outcome="perhaps")
    refused(question=first, answer="nah", outcome="llm")
    refused(question=first, answer="no", next_question=first)  # no self loop
    answer(first, "yes", Outcome.LLM)
    refused(question=first, answer="yes", outcome="fine-tuned")  # one Yes per question


def test_answer_clean_explains_the_rule():
    first, second = make_question(), make_question()
    with pytest.raises(ValidationError, match="exactly one"):
        FlowAnswer(question=first, answer="yes", next_question=second, outcome="llm").full_clean()
    with pytest.raises(ValidationError, match="own question"):
        FlowAnswer(question=first, answer="no", next_question=first).full_clean()


def test_a_paper_is_cited_once_per_guideline_and_verdicts_are_checked():
    paper = make_paper()
    guideline = make_guideline(papers=[paper])
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(guideline=guideline, paper=paper)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_guideline(verdict="use-bert")


def test_task_names_are_unique_ignoring_case():
    make_task("Summarisation")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_task("SUMMARISATION")


def test_choice_behaviour():
    assert [v.short for v in Verdict] == ["LLM", "Fine-tuned", "Depends"]
    assert len({v.symbol for v in Verdict}) == 3
    assert Outcome.UNCERTAIN.verdict == Verdict.DEPENDS
    assert Answer.from_letter("y") == Answer.YES and Answer.NO.letter == "n"
    assert Answer.from_letter("Y") is None


def test_urls_and_strings():
    task = make_task("Regression", slug="regression")
    guideline = make_guideline(task, title="Predict numbers", slug="numbers")
    assert task.get_absolute_url() == "/tasks/regression/"
    assert guideline.get_absolute_url() == "/tasks/regression/#numbers"
    assert task.category.get_absolute_url() == f"/tasks/?category={task.category.slug}"
    question = make_question("Knowledge-intensive?")
    row = answer(question, "no", Outcome.FINE_TUNED)
    assert str(row) == "Knowledge-intensive?: No → Use a fine-tuned model"
    assert str(guideline) == "Predict numbers"
