"""The decision flow: its shape is checked, and every path of the survey's figure is walked."""

import pytest

from guidance.flow import MAX_ANSWERS, BadAnswers, Flow, Node, check_structure
from guidance.models import Outcome

from .factories import answer, make_chain, make_question

pytestmark = pytest.mark.django_db

# The figure (decision-flow.png), transcribed here independently of fixtures/guidance.json:
# each question in order, then where Yes and No lead ("next" = the following question).
FIGURE = [
    ("mimicking-human", "llm", "next"),
    ("emergent-abilities", "llm", "next"),
    ("multiple-tasks", "llm", "next"),
    ("little-relation-to-language-modelling", "fine-tuned", "next"),
    ("few-labelled-data", "llm", "next"),
    ("out-of-distribution", "llm", "next"),
    ("creative-generation", "llm", "next"),
    ("knowledge-intensive", "next", "fine-tuned"),
    ("context-has-knowledge", "fine-tuned", "next"),
    ("knowledge-against-the-world", "uncertain", "llm"),
]


def figure_paths() -> dict[str, str]:
    """Every path through the figure as answer letters, with its outcome."""
    paths, prefix = {}, ""
    for _slug, yes, no in FIGURE:
        for letter, target in (("y", yes), ("n", no)):
            if target != "next":
                paths[prefix + letter] = target
        prefix += "y" if yes == "next" else "n"
    return paths


def all_paths(flow: Flow) -> dict[str, str]:
    """Every path through the stored flow, found by exploring it (not from the figure)."""
    found, stack = {}, [("", flow.start)]
    while stack:
        prefix, question = stack.pop()
        for a in question.answers.all():
            letters = prefix + a.answer_choice.letter
            if a.next_question_id:
                stack.append((letters, flow.by_pk[a.next_question_id]))
            else:
                found[letters] = a.outcome
    return found


def test_the_figure_has_eleven_paths():
    paths = figure_paths()
    assert len(paths) == 11
    assert paths["y"] == "llm"
    assert paths["nnnnnnnn"] == "fine-tuned"
    assert paths["nnnnnnnyny"] == "uncertain"


def test_the_seed_flow_is_the_figure(seeded):
    flow = Flow.load()
    assert [q.slug for q in flow.questions] == [slug for slug, _, _ in FIGURE]
    assert check_structure(flow.nodes()) == []
    assert all_paths(flow) == figure_paths()


@pytest.mark.parametrize(("answers", "outcome"), sorted(figure_paths().items()))
def test_every_path_of_the_seed_flow_ends_in_the_figures_outcome(seeded, answers, outcome):
    walk = Flow.load().walk(answers)
    assert walk.question is None
    assert walk.outcome == Outcome(outcome)
    assert [step.question.slug for step in walk.steps] == [s for s, _, _ in FIGURE][: len(answers)]
    assert "".join(step.choice.letter for step in walk.steps) == answers


def test_every_outcome_of_the_seed_links_guidelines(seeded):
    flow = Flow.load()
    for question in flow.questions:
        for a in question.answers.all():
            if a.outcome:
                assert a.explanation, (question.slug, a.answer)
                assert a.guidelines.all(), (question.slug, a.answer)


def test_a_walk_stops_at_the_next_question():
    first, second, _ = make_chain(3)
    walk = Flow.load().walk("n")
    assert walk.question == second
    assert walk.result is None
    assert walk.back == ""
    assert [step.question for step in walk.steps] == [first]
    assert Flow.load().walk("").question == first


@pytest.mark.parametrize(
    ("answers", "message", "valid"),
    [
        ("nx", "Answer 2 is 'x', which is neither y (yes) nor n (no).", "n"),
        ("Y", "Answer 1 is 'Y'", ""),
        ("yn", "reached a recommendation after 1 answer; the 1 after it has no question", "y"),
        ("nyyy", "holds 4 answers, but the flow has only 3 questions", "ny"),
        ("n" * (MAX_ANSWERS + 1), f"holds {MAX_ANSWERS + 1} answers", ""),
    ],
)
def test_tampered_answers_say_what_is_wrong_and_the_valid_prefix(answers, message, valid):
    make_chain(3)
    with pytest.raises(BadAnswers) as excinfo:
        Flow.load().walk(answers)
    assert message in excinfo.value.message
    assert excinfo.value.valid == valid


def test_a_question_without_an_answer_is_reported_not_crashed():
    question = make_question()
    answer(question, "yes", Outcome.LLM)
    with pytest.raises(BadAnswers, match="has no 'No' answer"):
        Flow.load().walk("n")


def node(order, yes=(None, "llm"), no=(None, "fine-tuned")):
    return Node(order, {"yes": yes, "no": no})


def kinds(nodes):
    return sorted(
        ((p.slug, p.answer, p.kind) for p in check_structure(nodes)), key=lambda p: str(p)
    )


def test_a_sound_flow_has_no_problems():
    assert check_structure({"a": node(1, no=("b", None)), "b": node(2)}) == []
    assert check_structure({}) == []


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ({"a": Node(1, {"yes": (None, "llm")})}, [("a", None, "missing-answer")]),
        ({"a": node(1, no=(None, None))}, [("a", "no", "dead-end")]),
        ({"a": node(1, yes=("b", "llm")), "b": node(2)}, [("a", "yes", "both")]),
        ({"a": node(1, no=("ghost", None))}, [("a", "no", "unknown-question")]),
        ({"a": node(1, yes=(None, "maybe"))}, [("a", "yes", "unknown-outcome")]),
        (
            {"a": node(1, no=("b", None)), "b": node(2, no=("a", None))},
            [("a", None, "loop")],
        ),
        ({"a": node(1), "b": node(2)}, [("b", None, "unreachable")]),
    ],
    ids=["missing answer", "dead end", "both", "unknown", "bad outcome", "loop", "unreachable"],
)
def test_every_kind_of_broken_flow_is_reported(nodes, expected):
    assert kinds(nodes) == expected


def test_a_loop_message_names_the_questions():
    problems = check_structure({"a": node(1, no=("b", None)), "b": node(2, yes=("a", None))})
    assert [str(p) for p in problems] == ["question 'a': the answers make a loop: a -> b -> a"]
