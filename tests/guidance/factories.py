"""`make_*` helpers for guidance data: readable, unique slugs, no hard-coded primary keys."""

import itertools

from guidance.models import (
    Evidence,
    FlowAnswer,
    Guideline,
    Outcome,
    Question,
    Task,
    TaskCategory,
    Verdict,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_category(name=None, **fields) -> TaskCategory:
    n = _n()
    fields.setdefault("slug", f"category-{n}")
    fields.setdefault("order", n)
    return TaskCategory.objects.create(name=name or f"Category {n}", **fields)


def make_task(name=None, category=None, **fields) -> Task:
    n = _n()
    fields.setdefault("slug", f"task-{n}")
    return Task.objects.create(
        name=name or f"Task {n}", category=category or make_category(), **fields
    )


def make_guideline(task=None, verdict=Verdict.USE_LLM, papers=(), models=(), **fields):
    """A guideline citing `papers` (each with a note) and naming `models` as examples."""
    n = _n()
    fields.setdefault("slug", f"guideline-{n}")
    fields.setdefault("title", f"Guideline {n}")
    guideline = Guideline.objects.create(task=task or make_task(), verdict=verdict, **fields)
    for paper in papers:
        Evidence.objects.create(guideline=guideline, paper=paper, note=f"shows {paper.slug}")
    guideline.example_models.set(models)
    return guideline


def make_question(label=None, **fields) -> Question:
    n = _n()
    fields.setdefault("slug", f"question-{n}")
    fields.setdefault("order", n)
    fields.setdefault("text", f"Question {n}?")
    return Question.objects.create(label=label or f"Q{n}?", **fields)


def answer(question, choice, leads_to, guidelines=(), **fields) -> FlowAnswer:
    """`leads_to` is a Question or an Outcome."""
    if isinstance(leads_to, Question):
        fields["next_question"] = leads_to
    else:
        fields["outcome"] = Outcome(leads_to)
    row = FlowAnswer.objects.create(question=question, answer=choice, **fields)
    row.guidelines.set(guidelines)
    return row


def make_chain(length: int, guidelines=()) -> list[Question]:
    """A flow of `length` questions: Yes ends in an LLM outcome, No goes on; the last No ends
    in a fine-tuned outcome. Each answer links `guidelines`."""
    questions = [make_question() for _ in range(length)]
    for index, question in enumerate(questions):
        answer(question, "yes", Outcome.LLM, guidelines)
        nxt = questions[index + 1] if index + 1 < length else Outcome.FINE_TUNED
        answer(question, "no", nxt, guidelines)
    return questions


def bulk_guidance(categories, n_tasks: int, papers=(), models=()) -> list[Task]:
    """n tasks over `categories`, each with one guideline per verdict citing `papers` (with a
    note each) and naming `models`, in four INSERTs; no history records."""
    tasks = []
    for i in range(n_tasks):
        n = _n()
        category = categories[i % len(categories)]
        tasks.append(Task(name=f"Task {n}", slug=f"task-{n}", category=category))
    Task.objects.bulk_create(tasks)
    guidelines = []
    for task in tasks:
        for verdict in Verdict:
            n = _n()
            guidelines.append(
                Guideline(task=task, verdict=verdict, slug=f"guideline-{n}", title=f"Guideline {n}")
            )
    Guideline.objects.bulk_create(guidelines)
    Evidence.objects.bulk_create(
        [Evidence(guideline=g, paper=p, note=f"shows {p.slug}") for g in guidelines for p in papers]
    )
    through = Guideline.example_models.through
    through.objects.bulk_create(
        [through(guideline=g, languagemodel=m) for g in guidelines for m in models]
    )
    return tasks
