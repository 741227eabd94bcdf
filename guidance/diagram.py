"""Geometry of the decision-flow diagram; `templates/guidance/includes/_flow_diagram.html`
draws it as SVG.

Questions stand in a column, in flow order (answers always lead further down). An answer
that leads to the next question is a short arrow down; one that leads further is routed
through a lane on the left; one that ends the flow points right to an outcome pill. A
reader's walk marks the answered questions, the answers taken and the outcome reached.
"""

import heapq
import textwrap
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from core.translation import shown

from .models import Answer, Outcome

BOX_W, BOX_H, ROW = 300, 58, 96
PILL_W, PILL_H = 192, 28
TOP, WRAP = 14, 33
LANE = 12  # distance between routing lanes on the left
# The letter on an answer's arrow.
LETTERS = {
    Answer.YES: pgettext_lazy("flow diagram: the Yes answer in one letter", "Y"),
    Answer.NO: pgettext_lazy("flow diagram: the No answer in one letter", "N"),
}


@dataclass
class Box:
    x: int
    y: int
    lines: list[tuple[int, int, str]]
    title: str
    classes: str
    current: bool = False


@dataclass
class Edge:
    d: str
    classes: str
    label_x: int
    label_y: int
    letter: str


@dataclass
class Pill:
    x: int
    y: int
    text: str
    title: str
    classes: str
    reached: bool = False


@dataclass
class Diagram:
    width: int
    height: int
    box_w: int = BOX_W
    box_h: int = BOX_H
    pill_w: int = PILL_W
    pill_h: int = PILL_H
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    pills: list[Pill] = field(default_factory=list)
    summary: str = ""


def rows(questions) -> list:
    """Questions in an order where every answer leads further down (topological, then by
    order). A question caught in a loop (only possible in a broken flow) goes last."""
    by_pk = {q.pk: q for q in questions}
    rank = {q.pk: i for i, q in enumerate(questions)}
    incoming = {q.pk: 0 for q in questions}
    for q in questions:
        for a in q.answers.all():
            if a.next_question_id in incoming:
                incoming[a.next_question_id] += 1
    ready = [rank[pk] for pk, n in incoming.items() if n == 0]
    heapq.heapify(ready)
    ordered = []
    while ready:
        q = questions[heapq.heappop(ready)]
        ordered.append(q)
        for a in q.answers.all():
            if a.next_question_id in incoming:
                incoming[a.next_question_id] -= 1
                if incoming[a.next_question_id] == 0:
                    heapq.heappush(ready, rank[a.next_question_id])
    placed = {q.pk for q in ordered}
    return ordered + [by_pk[pk] for pk in by_pk if pk not in placed]


def layout(flow, walk) -> Diagram:
    """Place every question, answer and outcome; `walk` (or None) marks the reader's path."""
    questions = rows(flow.questions)
    row_of = {q.pk: i for i, q in enumerate(questions)}
    visited = walk.visited if walk else set()
    taken = walk.taken if walk else set()
    current = walk.question.pk if walk and walk.question else None
    reached = walk.result.pk if walk and walk.result else None

    long_edges = [
        a
        for q in questions
        for a in q.answers.all()
        if a.next_question_id in row_of and row_of[a.next_question_id] != row_of[q.pk] + 1
    ]
    gutter = 28 + LANE * len(long_edges)
    box_x = gutter
    pill_x = box_x + BOX_W + 64
    height = TOP * 2 + ROW * max(len(questions) - 1, 0) + BOX_H + 4
    diagram = Diagram(width=pill_x + PILL_W + 8, height=height)
    lanes = {a.pk: gutter - 16 - LANE * i for i, a in enumerate(long_edges)}

    for i, q in enumerate(questions):
        y = TOP + i * ROW
        lines = wrap(shown(q, "label"), WRAP)[:3]
        first_line = y + BOX_H / 2 - (len(lines) - 1) * 9 + 5
        classes = ["question"]
        if q.pk in visited:
            classes.append("visited")
        if q.pk == current:
            classes.append("current")
        diagram.boxes.append(
            Box(
                x=box_x,
                y=y,
                lines=[
                    (box_x + BOX_W // 2, round(first_line + n * 18), line)
                    for n, line in enumerate(lines)
                ],
                title=shown(q, "text"),
                classes=" ".join(classes),
                current=q.pk == current,
            )
        )
        answers = list(q.answers.all())
        ends = [a for a in answers if not a.next_question_id]
        for a in answers:
            letter = str(LETTERS[Answer(a.answer)])
            edge_classes = "edge taken" if a.pk in taken else "edge"
            if not a.next_question_id:
                outcome = Outcome(a.outcome) if a.outcome in Outcome.values else None
                if len(ends) == 2:
                    pill_y = y - 4 if a.answer == Answer.YES else y + BOX_H - PILL_H + 4
                else:
                    pill_y = y + (BOX_H - PILL_H) // 2
                mid = pill_y + PILL_H // 2
                start_x = box_x + BOX_W
                diagram.edges.append(
                    Edge(
                        d=f"M{start_x},{mid} H{pill_x - 2}",
                        classes=edge_classes,
                        label_x=(start_x + pill_x) // 2,
                        label_y=mid,
                        letter=letter,
                    )
                )
                verdict = outcome.verdict.value if outcome else "depends"
                pill_classes = f"outcome verdict-{verdict}"
                if a.pk == reached:
                    pill_classes += " reached"
                diagram.pills.append(
                    Pill(
                        x=pill_x,
                        y=pill_y,
                        text=outcome.label if outcome else _("(no outcome)"),
                        title=_("%(question)s %(answer)s: %(outcome)s")
                        % {
                            "question": shown(q, "label"),
                            "answer": a.get_answer_display(),
                            "outcome": outcome.label if outcome else _("no outcome"),
                        },
                        classes=pill_classes,
                        reached=a.pk == reached,
                    )
                )
            elif a.pk in lanes:
                lane = lanes[a.pk]
                target_y = TOP + row_of[a.next_question_id] * ROW + BOX_H // 2
                start_y = y + BOX_H // 2 + (8 if a.answer == Answer.NO else -8)
                diagram.edges.append(
                    Edge(
                        d=f"M{box_x},{start_y} H{lane} V{target_y} H{box_x - 2}",
                        classes=edge_classes,
                        label_x=lane,
                        label_y=start_y + (target_y - start_y) // 2,
                        letter=letter,
                    )
                )
            else:
                x = box_x + BOX_W // 2
                diagram.edges.append(
                    Edge(
                        d=f"M{x},{y + BOX_H} V{y + ROW - 2}",
                        classes=edge_classes,
                        label_x=x,
                        label_y=y + BOX_H + (ROW - BOX_H) // 2,
                        letter=letter,
                    )
                )
    diagram.summary = _summary(walk)
    return diagram


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns. Text with wide characters (Chinese, Japanese, Korean)
    counts each as two columns and may break between any two of them."""
    if not any(_wide(c) for c in text):
        return textwrap.wrap(text, width)
    lines, line, used = [], "", 0
    for token in _tokens(text):
        size = sum(2 if _wide(c) else 1 for c in token)
        if used + size > width and line.strip() and token not in NO_LINE_START:
            lines.append(line.strip())
            line, used = "", 0
            if token.isspace():
                continue
        line += token
        used += size
    if line.strip():
        lines.append(line.strip())
    return lines


# Punctuation that stays at the end of a line rather than start the next one.
NO_LINE_START = set("，。、；：？！）」』》”’")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Wide characters one by one; runs of other characters (words, spaces) whole."""
    tokens: list[str] = []
    for c in text:
        if (
            tokens
            and not _wide(c)
            and not _wide(tokens[-1][-1])
            and tokens[-1][-1].isspace() == c.isspace()
        ):
            tokens[-1] += c
        else:
            tokens.append(c)
    return tokens


def _summary(walk) -> str:
    """The reader's path in words, for the diagram's description."""
    if walk is None or not walk.steps:
        return _("No answers yet: the path starts at the first question.")
    parts = [
        # Translators: one step of the reader's path, e.g. "Labelled data? Yes".
        _("%(question)s %(answer)s")
        % {"question": shown(step.question, "label"), "answer": step.answer.get_answer_display()}
        for step in walk.steps
    ]
    path = pgettext("clause separator", "; ").join(parts)
    if walk.outcome:
        return _("Your path: %(path)s; recommendation: %(outcome)s.") % {
            "path": path,
            "outcome": walk.outcome.label,
        }
    return _("Your path: %(path)s; now at: %(question)s") % {
        "path": path,
        "question": shown(walk.question, "label"),
    }
