"""The seed guidance against the survey: every category, enough cases, each with evidence and
example models, and the decision flow's questions in the figure's order."""

from collections import Counter

import pytest

from guidance.models import Evidence, Guideline, Question, Task, TaskCategory, Verdict

pytestmark = pytest.mark.django_db

# The categories of guidance-facts.md, in the survey's order.
CATEGORIES = [
    "traditional-nlu",
    "generation",
    "knowledge-intensive",
    "reasoning-and-scale",
    "emergent-abilities",
    "miscellaneous",
    "real-world",
    "data",
    "efficiency",
    "trustworthiness",
    "safety",
]

# Use and no-use cases of the notes, as (task, verdict): each must be in the seed.
CASES = [
    ("text-classification", "use-fine-tuned"),  # abundant labels, toxicity
    ("text-classification", "use-llm"),  # miscellaneous classification
    ("named-entity-recognition", "use-fine-tuned"),
    ("natural-language-inference", "depends"),
    ("natural-language-inference", "use-llm"),  # ANLI
    ("question-answering", "depends"),
    ("information-retrieval", "use-fine-tuned"),
    ("summarization", "use-llm"),
    ("machine-translation", "use-llm"),  # low-resource into English
    ("machine-translation", "use-fine-tuned"),  # high- and extremely low-resource
    ("open-ended-writing", "use-llm"),
    ("code-generation", "use-llm"),
    ("closed-book-qa", "use-llm"),
    ("knowledge-exams", "use-llm"),
    ("reading-comprehension", "use-fine-tuned"),
    ("open-book-qa", "use-fine-tuned"),
    ("counterfactual-knowledge", "depends"),
    ("arithmetic-reasoning", "use-llm"),
    ("commonsense-reasoning", "use-llm"),
    ("word-manipulation", "use-llm"),
    ("logical-deduction", "use-llm"),
    ("inverse-scaling", "depends"),
    ("regression", "use-fine-tuned"),
    ("non-text-inputs", "use-fine-tuned"),
    ("chatbots", "use-llm"),
    ("data-annotation", "use-llm"),
    ("data-augmentation", "use-llm"),
    ("nlg-evaluation", "use-llm"),
    ("explaining-answers", "use-llm"),
    ("noisy-input", "use-llm"),
    ("ill-defined-tasks", "use-llm"),
    ("following-instructions", "use-llm"),
    ("real-world-evaluation", "depends"),
    ("zero-labelled-data", "use-llm"),
    ("few-labelled-data", "use-llm"),
    ("abundant-labelled-data", "depends"),
    ("out-of-distribution-data", "use-llm"),
    ("domain-pretraining", "depends"),
    ("tight-budget", "use-fine-tuned"),
    ("strict-latency", "use-fine-tuned"),
    ("parameter-efficient-tuning", "depends"),
    ("robustness-calibration", "use-llm"),
    ("spurious-shortcuts", "depends"),
    ("fairness-bias", "depends"),
    ("hallucination", "depends"),
    ("harmful-content", "depends"),
    ("privacy", "depends"),
]


def test_every_category_of_the_survey_is_there_in_order(seeded):
    assert list(TaskCategory.objects.values_list("slug", flat=True)) == CATEGORIES
    assert not TaskCategory.objects.filter(tasks__isnull=True).exists()


def test_every_use_and_no_use_case_is_a_guideline(seeded):
    found = set(Guideline.objects.values_list("task__slug", "verdict"))
    assert sorted(set(CASES) - found) == []
    assert Guideline.objects.count() >= 30
    verdicts = Counter(Guideline.objects.values_list("verdict", flat=True))
    assert all(verdicts[v] >= 5 for v in Verdict.values)


def test_every_guideline_is_supported_and_has_examples(seeded):
    for guideline in Guideline.objects.prefetch_related("evidence", "example_models"):
        assert guideline.conditions.strip(), guideline.slug
        assert guideline.rationale.strip(), guideline.slug
        assert guideline.evidence.all(), guideline.slug
        assert guideline.example_models.all(), guideline.slug
    assert not Evidence.objects.filter(note="").exists()
    assert not Task.objects.filter(guidelines__isnull=True).exists()


def test_key_numbers_of_the_notes_are_cited(seeded):
    ner = Evidence.objects.get(guideline__task__slug="named-entity-recognition")
    assert ner.paper.slug == "chatgpt-nlp-solver-2023" and "half the F1" in ner.note
    cost = Evidence.objects.get(paper__slug="gpt-3-technical-overview-2020")
    assert "$4.6 million" in cost.note
    atlas = Evidence.objects.get(paper__slug="atlas-2022")
    assert "64 examples" in atlas.note and atlas.guideline.verdict == "use-fine-tuned"


def test_the_flow_asks_the_figures_questions_in_order(seeded):
    labels = list(Question.objects.order_by("order").values_list("label", flat=True))
    keywords = [
        "Mimicking a human",
        "emergent abilities",
        "Multiple tasks",
        "language modelling",
        "few labelled",
        "Out-of-distribution",
        "Creative and complex",
        "Knowledge-intensive",
        "Contexts contain enough knowledge",
        "inconsistent with the real world",
    ]
    assert len(labels) == len(keywords)
    for label, keyword in zip(labels, keywords, strict=True):
        assert keyword in label
