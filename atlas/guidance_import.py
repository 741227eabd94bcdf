"""The guidance part of importing `llm-atlas/1` and `/2`, called by `atlas/interchange.py`.

The sections are declared in `guidance/records.py`; `atlas/interchange.py` validates fields
and references and upserts the rows. What is particular to guidance lives here: the shape of
the decision flow after an import, a guideline's evidence (papers with a note each) and a
question's two answers.
"""

from django.utils import timezone

from catalog.models import Paper
from core.history import ChangeLog
from guidance.flow import Node, check_structure
from guidance.models import Answer, Evidence, FlowAnswer, Guideline, Question

from .batches import BATCH
from .batches import chunks as _chunks
from .batches import slug_ids as _slug_ids

# --- Validation ----------------------------------------------------------------------------


def check_flow(plan, problems: list[str]) -> None:
    """The flow as it would be after the import must be sound (see `flow.check_structure`).

    Questions already in the database and not in the files keep their answers, so they take
    part. Skipped while a question of the files has problems of its own (already reported).
    Two queries.
    """
    incoming = plan.objects["decision_flow"]
    if not incoming or plan.invalid["decision_flow"]:
        return
    nodes = {
        slug: Node(
            item["order"],
            {a.value: (item[a.value]["next"], item[a.value]["outcome"]) for a in Answer},
        )
        for slug, item in incoming.items()
    }
    stored = Question.objects.exclude(slug__in=list(incoming))
    leads: dict[str, dict] = {slug: {} for slug in stored.values_list("slug", flat=True)}
    rows = FlowAnswer.objects.filter(question__in=stored).values_list(
        "question__slug", "answer", "next_question__slug", "outcome"
    )
    for slug, answer, nxt, outcome in rows:
        leads[slug][answer] = (nxt, outcome or None)
    orders = dict(stored.values_list("slug", "order"))
    nodes |= {slug: Node(orders[slug], leads[slug]) for slug in leads}
    for problem in check_structure(nodes):
        if problem.kind == "unknown-question":
            continue  # reported with its JSON path by the reference check
        path = plan.paths.get(("decision_flow", problem.slug))
        for slug in problem.involves:  # a loop: point at a question of the files on it
            path = path or plan.paths.get(("decision_flow", slug))
        if path is None:
            place = f"decision_flow: question {problem.slug!r} (already in the database)"
        elif problem.answer:
            place = f"{path}.{problem.answer}"
        else:
            place = path
        problems.append(f"{place}: {problem.message}")


# --- Writing -------------------------------------------------------------------------------


EVIDENCE_COLUMNS = ("note", "note_zh_hans")


def sync_evidence(guideline_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported guideline's evidence exactly the file's; unchanged rows stay."""
    paper_ids = _slug_ids(Paper, {e["paper"] for item in items.values() for e in item["evidence"]})
    wanted = {
        (guideline_ids[slug], paper_ids[e["paper"]]): {key: e[key] for key in EVIDENCE_COLUMNS}
        for slug, item in items.items()
        for e in item["evidence"]
    }
    existing = {}
    for chunk in _chunks(sorted(guideline_ids.values())):
        for pk, guideline, paper, *values in Evidence.objects.filter(
            guideline_id__in=chunk
        ).values_list("pk", "guideline_id", "paper_id", *EVIDENCE_COLUMNS):
            existing[(guideline, paper)] = (pk, dict(zip(EVIDENCE_COLUMNS, values, strict=True)))
    stale = sorted(pk for key, (pk, _) in existing.items() if key not in wanted)
    log.deleting(Evidence, stale)
    for chunk in _chunks(stale):
        Evidence.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    for key, values in wanted.items():
        if key in existing and existing[key][1] != values:
            Evidence.objects.filter(pk=existing[key][0]).update(updated_at=now, **values)
    Evidence.objects.bulk_create(
        [
            Evidence(guideline_id=guideline, paper_id=paper, **values)
            for (guideline, paper), values in wanted.items()
            if (guideline, paper) not in existing
        ],
        batch_size=BATCH,
    )


ANSWER_COLUMNS = ("next_question_id", "outcome", "explanation", "explanation_zh_hans")


def sync_answers(question_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Write each imported question's Yes and No answers and their guideline links."""
    target_ids = _slug_ids(
        Question, {item[a.value]["next"] for item in items.values() for a in Answer} - {None}
    )
    existing = {}
    for chunk in _chunks(sorted(question_ids.values())):
        for row in FlowAnswer.objects.filter(question_id__in=chunk).values(
            "pk", "question_id", "answer", *ANSWER_COLUMNS
        ):
            existing[(row["question_id"], row["answer"])] = row
    to_create, guideline_slugs, now = [], {}, timezone.now()
    for slug, item in items.items():
        for answer in Answer:
            data = item[answer.value]
            values = {
                "next_question_id": target_ids[data["next"]] if data["next"] else None,
                "outcome": data["outcome"] or "",
                "explanation": data["explanation"],
                "explanation_zh_hans": data["explanation_zh_hans"],
            }
            key = (question_ids[slug], answer.value)
            guideline_slugs[key] = data["guidelines"]
            row = existing.get(key)
            if row is None:
                to_create.append(FlowAnswer(question_id=key[0], answer=key[1], **values))
            elif any(row[column] != values[column] for column in ANSWER_COLUMNS):
                FlowAnswer.objects.filter(pk=row["pk"]).update(updated_at=now, **values)
    FlowAnswer.objects.bulk_create(to_create, batch_size=BATCH)
    answer_ids = {}
    for chunk in _chunks(sorted(question_ids.values())):
        rows = FlowAnswer.objects.filter(question_id__in=chunk)
        for pk, question, answer in rows.values_list("pk", "question_id", "answer"):
            answer_ids[(question, answer)] = pk
    guideline_ids = _slug_ids(Guideline, {s for slugs in guideline_slugs.values() for s in slugs})
    through = FlowAnswer.guidelines.through
    wanted = {
        (answer_ids[key], guideline_ids[slug])
        for key, slugs in guideline_slugs.items()
        for slug in slugs
    }
    current = {}
    for chunk in _chunks(sorted(answer_ids.values())):
        rows = through.objects.filter(flowanswer_id__in=chunk)
        for pk, answer, guideline in rows.values_list("pk", "flowanswer_id", "guideline_id"):
            current[(answer, guideline)] = pk
    stale = sorted(pk for pair, pk in current.items() if pair not in wanted)
    for chunk in _chunks(stale):
        through.objects.filter(pk__in=chunk).delete()
    missing = sorted(wanted - current.keys())
    through.objects.bulk_create(
        [through(flowanswer_id=answer, guideline_id=guideline) for answer, guideline in missing],
        batch_size=BATCH,
    )
    stale_answers = {answer for answer, guideline in current if (answer, guideline) not in wanted}
    log.add_changed(FlowAnswer, {answer for answer, _ in missing} | stale_answers)
