"""The decision flow in memory: structural checks and walking a reader's answers.

`check_structure` works on plain data (slugs), so the importer, the admin and the tests share
it. `Flow` wraps the database rows, loaded once in a fixed number of queries, and `Flow.walk`
turns the answer letters of a /decide/ URL into the path so far and where it stands.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.graph import find_cycle
from core.translation import shown

from .models import Answer, FlowAnswer, Outcome, Question

# Longer answer strings are refused before anything is looked up.
MAX_ANSWERS = 200


# --- Structure -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A question as plain data: its order and, per answer, the next slug or an outcome."""

    order: int
    leads: Mapping[str, tuple[str | None, str | None]]  # "yes"/"no" -> (next slug, outcome)


@dataclass(frozen=True)
class Problem:
    slug: str  # the question
    answer: str | None  # "yes", "no" or None for the question as a whole
    kind: str
    message: str
    involves: tuple[str, ...] = ()  # for a loop: every question on it

    def __str__(self):
        where = f"{self.slug!r}" + (f" ({self.answer})" if self.answer else "")
        return f"question {where}: {self.message}"


def check_structure(nodes: Mapping[str, Node]) -> list[Problem]:
    """Every problem of a flow; empty when the flow is sound.

    Sound means: each question has a Yes and a No answer; each answer leads to exactly one
    known question or outcome; no answer leads back to an earlier step (no loop); and every
    question can be reached from the first one (lowest order, then slug). With no loops and
    every answer leading somewhere, every path ends in an outcome.
    """
    problems = []
    if not nodes:
        return problems
    for slug in sorted(nodes):
        node = nodes[slug]
        for answer in Answer:
            if answer.value not in node.leads:
                problems.append(
                    Problem(slug, None, "missing-answer", f"has no {str(answer.label)!r} answer")
                )
                continue
            nxt, outcome = node.leads[answer.value]
            if nxt is None and outcome is None:
                problems.append(
                    Problem(
                        slug,
                        answer.value,
                        "dead-end",
                        "leads nowhere: give the next question or an outcome",
                    )
                )
            elif nxt is not None and outcome is not None:
                problems.append(
                    Problem(
                        slug,
                        answer.value,
                        "both",
                        "leads both to a question and to an outcome: keep one",
                    )
                )
            elif nxt is not None and nxt not in nodes:
                problems.append(
                    Problem(slug, answer.value, "unknown-question", f"unknown question {nxt!r}")
                )
            elif outcome is not None and outcome not in Outcome.values:
                problems.append(
                    Problem(slug, answer.value, "unknown-outcome", f"unknown outcome {outcome!r}")
                )
    edges = [
        (slug, nxt)
        for slug, node in nodes.items()
        for nxt, _outcome in node.leads.values()
        if nxt is not None and nxt in nodes
    ]
    cycle = find_cycle(edges)
    if cycle:
        problems.append(
            Problem(
                cycle[0],
                None,
                "loop",
                f"the answers make a loop: {' -> '.join(cycle)}",
                tuple(cycle[:-1]),
            )
        )
    start = first_slug(nodes)
    reached, stack = {start}, [start]
    while stack:
        for nxt, _outcome in nodes[stack.pop()].leads.values():
            if nxt in nodes and nxt not in reached:
                reached.add(nxt)
                stack.append(nxt)
    for slug in sorted(set(nodes) - reached):
        problems.append(
            Problem(
                slug, None, "unreachable", f"cannot be reached from the first question {start!r}"
            )
        )
    return problems


def first_slug(nodes: Mapping[str, Node]) -> str:
    return min(nodes, key=lambda slug: (nodes[slug].order, slug))


# --- Walking -------------------------------------------------------------------------------


class BadAnswers(Exception):
    """The answer string cannot be followed; `valid` is the longest prefix that can."""

    def __init__(self, message: str, valid: str):
        super().__init__(message)
        self.message = message
        self.valid = valid


@dataclass
class Step:
    number: int
    question: Question
    answer: FlowAnswer
    answers_before: str  # the URL answers that lead to this question

    @property
    def choice(self) -> Answer:
        return self.answer.answer_choice


@dataclass
class Walk:
    """Where a reader stands: the steps taken, then a question to answer or an outcome."""

    answers: str
    steps: list[Step] = field(default_factory=list)
    question: Question | None = None
    result: FlowAnswer | None = None

    @property
    def outcome(self) -> Outcome | None:
        return self.result.outcome_choice if self.result else None

    @property
    def back(self) -> str:
        return self.answers[:-1]

    @property
    def visited(self) -> set[int]:
        return {step.question.pk for step in self.steps}

    @property
    def taken(self) -> set[int]:
        return {step.answer.pk for step in self.steps}

    def guidelines_along_the_way(self):
        """Guidelines of the answers before the last one, not already listed by the result."""
        shown = {g.pk for g in self.result.guidelines.all()} if self.result else set()
        found = []
        for step in self.steps[:-1] if self.result else self.steps:
            for guideline in step.answer.guidelines.all():
                if guideline.pk not in shown:
                    shown.add(guideline.pk)
                    found.append(guideline)
        return found


class Flow:
    """The whole flow, loaded with `Question.objects.for_flow()` (three queries)."""

    def __init__(self, questions: Iterable[Question]):
        self.questions = list(questions)
        self.by_pk = {q.pk: q for q in self.questions}
        self.start = self.questions[0] if self.questions else None

    @classmethod
    def load(cls) -> "Flow":
        return cls(Question.objects.for_flow())

    def __bool__(self):
        return bool(self.questions)

    def answer(self, question: Question, choice: Answer) -> FlowAnswer | None:
        for answer in question.answers.all():
            if answer.answer == choice:
                return answer
        return None

    def nodes(self) -> dict[str, Node]:
        targets = {q.pk: q.slug for q in self.questions}
        return {
            q.slug: Node(
                q.order,
                {
                    a.answer: (targets.get(a.next_question_id), a.outcome or None)
                    for a in q.answers.all()
                },
            )
            for q in self.questions
        }

    def walk(self, answers: str) -> Walk:
        """Follow `answers` (letters y and n) from the first question.

        Raises BadAnswers for a string too long, an unknown letter, or answers left over after
        an outcome, with the longest prefix that is a valid step.
        """
        if len(answers) > MAX_ANSWERS:
            raise BadAnswers(
                _(
                    "The link holds %(count)s answers; no path through the flow is longer "
                    "than %(questions)s."
                )
                % {"count": len(answers), "questions": len(self.questions)},
                "",
            )
        if len(answers) > len(self.questions):
            raise BadAnswers(
                ngettext(
                    "The link holds %(count)s answers, but the flow has only %(questions)s "
                    "question.",
                    "The link holds %(count)s answers, but the flow has only %(questions)s "
                    "questions.",
                    len(self.questions),
                )
                % {"count": len(answers), "questions": len(self.questions)},
                self._valid_prefix(answers),
            )
        walk = Walk(answers=answers)
        question = self.start
        for index, letter in enumerate(answers):
            choice = Answer.from_letter(letter)
            if choice is None:
                raise BadAnswers(
                    _("Answer %(number)s is %(letter)s, which is neither y (yes) nor n (no).")
                    % {"number": index + 1, "letter": repr(letter)},
                    answers[:index],
                )
            if walk.result is not None:
                left = len(answers) - index
                rest = ngettext(
                    "the %(left)s after it has no question to answer.",
                    "the %(left)s after it have no question to answer.",
                    left,
                ) % {"left": left}
                raise BadAnswers(
                    ngettext(
                        # Translators: %(rest)s is "the 2 after it have no question to answer."
                        "The answers reached a recommendation after %(count)s answer; %(rest)s",
                        "The answers reached a recommendation after %(count)s answers; %(rest)s",
                        index,
                    )
                    % {"count": index, "rest": rest},
                    answers[:index],
                )
            if question is None:
                raise BadAnswers(_("The flow has no question here."), answers[:index])
            answer = self.answer(question, choice)
            if answer is None:
                raise BadAnswers(
                    _("The question “%(question)s” has no '%(answer)s' answer yet.")
                    % {"question": shown(question, "text"), "answer": choice.label},
                    answers[:index],
                )
            walk.steps.append(Step(index + 1, question, answer, answers[:index]))
            if answer.next_question_id:
                question = self.by_pk.get(answer.next_question_id)
            else:
                question = None
                walk.result = answer
        if walk.result is None:
            walk.question = question
        return walk

    def _valid_prefix(self, answers: str) -> str:
        prefix = ""
        for letter in answers[: len(self.questions)]:
            try:
                self.walk(prefix + letter)
            except BadAnswers:
                break
            prefix += letter
        return prefix
