"""The guidance sections of the interchange format, each declared once.

Validation and writing (`atlas/interchange.py`), export and the API's serializers
(`api/serializers.py`) are derived from these declarations (`core/records.py` explains how).
A question's two answers are one declaration (`ANSWER`) used twice, under "yes" and "no".
"""

from django.db.models import Prefetch

from catalog.models import LanguageModel
from core.records import STATUS, Spec, chinese, from_model, to_record

from .models import (
    Answer,
    Evidence,
    FlowAnswer,
    Guideline,
    Outcome,
    Question,
    Task,
    TaskCategory,
    Verdict,
)

IDENTIFIER = Spec("slug", "Identifier.", required=True)

TASK_CATEGORY = from_model(
    TaskCategory,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        **chinese("name", "The name.", kind="str"),
        "order": Spec("int", "Position among the categories.", default=0),
        "description": Spec("text", "What the category covers."),
        **chinese("description", "The description."),
    },
)

TASK = from_model(
    Task,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        **chinese("name", "The name.", kind="str"),
        "category": Spec("ref", "Slug of its task category.", required=True, ref="task_categories"),
        "order": Spec("int", "Position within its category.", default=0),
        "description": Spec("text", "What the task is."),
        **chinese("description", "The description."),
    },
)

EVIDENCE = from_model(
    Evidence,
    {
        "paper": Spec("ref", "Slug of the paper.", required=True, ref="papers"),
        "note": Spec("str", "What the paper shows."),
        **chinese("note", "The note.", kind="str"),
    },
)

GUIDELINE = from_model(
    Guideline,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "task": Spec("ref", "Slug of its task.", required=True, ref="tasks"),
        "verdict": Spec("choice", "What the guideline recommends.", required=True, choices=Verdict),
        "title": Spec("str", "The case in a few words.", required=True),
        **chinese("title", "The title.", kind="str"),
        "conditions": Spec("text", "When it applies."),
        **chinese("conditions", "The conditions."),
        "rationale": Spec("text", "Why, Markdown."),
        **chinese("rationale", "The rationale."),
        "evidence": Spec(
            "objects",
            "Papers supporting it, by paper slug.",
            default=[],
            fields=EVIDENCE,
            key="paper",
        ),
        "example_models": Spec(
            "refs", "Slugs of models that fit the case.", default=[], ref="models"
        ),
    },
)

ANSWER = from_model(
    FlowAnswer,
    {
        "next": Spec(
            "ref",
            "Slug of the next question; null when the answer ends the flow.",
            default=None,
            ref="decision_flow",
            attr="next_question",
        ),
        "outcome": Spec(
            "choice",
            "Where the flow ends; null when a question follows.",
            default=None,
            choices=Outcome,
            nullable=True,
        ),
        "explanation": Spec("text", "Why the answer leads there, Markdown."),
        **chinese("explanation", "The explanation."),
        "guidelines": Spec(
            "refs",
            "Slugs of guidelines worth reading on this answer.",
            default=[],
            ref="guidelines",
        ),
    },
)

QUESTION = from_model(
    Question,
    {
        "slug": IDENTIFIER,
        "order": Spec("int", "Position in the flow; the lowest starts it.", default=0),
        "label": Spec("str", "A few words, for diagrams.", required=True),
        **chinese("label", "The label.", kind="str"),
        "text": Spec("str", "The question.", required=True),
        **chinese("text", "The question.", kind="str"),
        "explanation": Spec("text", "Help in answering it, Markdown."),
        **chinese("explanation", "The explanation."),
        "yes": Spec("object", "Where Yes leads.", required=True, fields=ANSWER),
        "no": Spec("object", "Where No leads.", required=True, fields=ANSWER),
    },
)

SECTIONS = {
    "task_categories": TASK_CATEGORY,
    "tasks": TASK,
    "guidelines": GUIDELINE,
    "decision_flow": QUESTION,
}


class _NoAnswer:
    """What a missing answer reads as: it leads nowhere yet."""

    next_question = None
    outcome = None
    explanation = ""
    explanation_zh_hans = ""

    class guidelines:  # noqa: N801 - stands in for a related manager
        @staticmethod
        def all():
            return []


def guideline_record(g: Guideline) -> dict:
    """Expects the task, evidence papers and example models loaded (see `export_sections`)."""
    return to_record(g, GUIDELINE)


def question_record(q: Question) -> dict:
    """Expects the answers with their next question and guidelines loaded."""
    record = to_record(q, {k: s for k, s in QUESTION.items() if s.kind != "object"})
    answers = {a.answer: a for a in q.answers.all()}
    for answer in Answer:
        found = to_record(answers.get(answer.value, _NoAnswer), ANSWER)
        found["outcome"] = found["outcome"] or None  # stored as "" when a question follows
        record[answer.value] = found
    return record


def export_sections() -> dict[str, list]:
    """The four guidance sections, every list sorted by slug. Five queries."""
    slug_only = LanguageModel.objects.order_by("slug").only("slug")
    guidelines = (
        Guideline.objects.select_related("task")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("paper")),
            Prefetch("example_models", queryset=slug_only),
        )
        .order_by("slug")
    )
    questions = Question.objects.order_by("slug").prefetch_related(
        Prefetch(
            "answers",
            queryset=FlowAnswer.objects.select_related("next_question").prefetch_related(
                Prefetch("guidelines", queryset=Guideline.objects.order_by("slug").only("slug"))
            ),
        )
    )
    return {
        "task_categories": [
            to_record(c, TASK_CATEGORY) for c in TaskCategory.objects.order_by("slug")
        ],
        "tasks": [
            to_record(t, TASK) for t in Task.objects.select_related("category").order_by("slug")
        ],
        "guidelines": [guideline_record(g) for g in guidelines],
        "decision_flow": [question_record(q) for q in questions],
    }
