"""The seed knowledge base against the survey's figure and licence table, transcribed here
independently of fixtures/ so that an accidental edit of a fact fails a test."""

from collections import Counter

import pytest

from catalog.models import LanguageModel, Lineage

pytestmark = pytest.mark.django_db

# Every box of the evolutionary-tree figure: branch (colour) and access (solid = open).
FIGURE = {
    "pre-transformer": {
        "open": ["word2vec", "glove", "fasttext", "elmo", "ulmfit"],
        "closed": [],
    },
    "encoder-only": {
        "open": ["bert", "roberta", "albert", "distilbert", "ernie", "electra", "deberta"],
        "closed": [],
    },
    "encoder-decoder": {
        "open": [
            "bart",
            "t5",
            "mt5",
            "unilm",
            "unilmv2",
            "t0",
            "switch-transformer",
            "glm",
            "tk-instruct",
            "ul2",
            "alexatm-20b",
            "flan-t5",
            "flan-ul2",
            "chatglm",
        ],
        "closed": ["st-moe"],
    },
    "decoder-only": {
        "open": [
            "gpt-1",
            "gpt-2",
            "xlnet",
            "gpt-neo",
            "gpt-j",
            "gpt-neox",
            "opt",
            "yalm",
            "bloom",
            "bloomz",
            "galactica",
            "opt-iml",
            "llama",
        ],
        "closed": [
            "gpt-3",
            "codex",
            "jurassic-1",
            "mt-nlg",
            "glam",
            "gopher",
            "ernie-3",
            "anthropic-lm",
            "cohere",
            "lamda",
            "instructgpt",
            "chinchilla",
            "palm",
            "minerva",
            "sparrow",
            "flan-palm",
            "anthropic-lm-v4-s3",
            "chatgpt",
            "gpt-4",
            "bard",
            "jurassic-2",
            "claude",
        ],
    },
}
FIGURE_SLUGS = [s for by_access in FIGURE.values() for slugs in by_access.values() for s in slugs]

# The figure's bar chart: models per organisation (logo), open and closed. A box with two
# organisations is counted under the logo the figure draws; three grey roots have no logo.
BAR_CHART = {
    "google": (9, 7),
    "openai": (2, 5),
    "meta": (6, 0),
    "microsoft": (3, 1),
    "eleutherai": (3, 0),
    "anthropic": (0, 3),
    "deepmind": (0, 3),
    "baidu": (1, 1),
    "ai21": (0, 2),
    "ai2": (2, 0),
}
BAR_CHART_BIGSCIENCE_AND_HUGGING_FACE = (4, 0)  # one bar with both logos
LOGO = {"electra": "stanford", "xlnet": "google", "mt-nlg": "microsoft"}
NO_LOGO = ["word2vec", "glove", "fasttext"]

# The curated list's "Usage and Restrictions" table: commercial use per model.
LICENCE_TABLE = {
    "bert": "yes",
    "roberta": "yes",
    "ernie": "yes",
    "scibert": "yes",
    "biobert": "yes",
    "t5": "yes",
    "flan-t5": "yes",
    "bart": "yes",
    "glm": "yes",  # the table's Apache 2.0 was wrong; the repository's MIT also allows it
    "chatglm": "conditional",  # the table's "no" ended on 2023-07-08 (free after registration)
    "gpt-2": "yes",
    "gpt-neo": "yes",
    "gpt-j": "yes",
    "dolly": "no",
    "gpt4all-j": "yes",
    "pythia": "yes",
    "dolly-v2": "yes",
    "opt": "no",
    "opt-iml": "no",
    "yalm": "yes",
    "bloom": "yes",
    "bloomz": "yes",
    "galactica": "no",
    "llama": "no",
    "alpaca": "no",
    "vicuna": "no",
    "gpt4all": "no",
    "openllama": "yes",
    "codegeex": "no",
    "starcoder": "yes",
    "mpt-7b": "yes",
    "falcon": "yes",  # the table's TII licence ("conditional") gave way to Apache 2.0 in May 2023
    # The table marks LEGAL-BERT "no"; its licence, CC BY-SA 4.0, allows commercial use on
    # share-alike terms, so the atlas records "conditional" and explains it on the licence.
    "legal-bert": "conditional",
}

# Lineage the issue and the figure's sub-branches call for.
EXPECTED_EDGES = {
    ("instructgpt", "gpt-3", "aligned-from"),
    ("flan-t5", "t5", "instruction-tuned-from"),
    ("mt5", "t5", "multilingual-version-of"),
    ("gpt-j", "gpt-neo", "successor-of"),
    ("gpt-neox", "gpt-j", "successor-of"),
    ("alpaca", "llama", "instruction-tuned-from"),
    ("vicuna", "llama", "instruction-tuned-from"),
    ("dolly-v2", "pythia", "instruction-tuned-from"),
    ("distilbert", "bert", "distilled-from"),
    ("opt-iml", "opt", "instruction-tuned-from"),
    ("bloomz", "bloom", "instruction-tuned-from"),
    ("sparrow", "chinchilla", "aligned-from"),
    ("flan-palm", "palm", "instruction-tuned-from"),
    ("llama-2-chat", "llama-2", "aligned-from"),
}


def test_every_box_of_the_figure_is_a_model_with_its_branch_and_access(seeded):
    found = {m.slug: m for m in LanguageModel.objects.filter(slug__in=FIGURE_SLUGS)}
    assert sorted(set(FIGURE_SLUGS) - set(found)) == []
    assert len(FIGURE_SLUGS) == 62
    for branch, by_access in FIGURE.items():
        for access, slugs in by_access.items():
            for slug in slugs:
                assert (found[slug].branch, found[slug].access) == (branch, access), slug


def test_the_figure_bar_chart_counts_follow_from_the_data(seeded):
    counts = Counter()
    models = LanguageModel.objects.filter(slug__in=FIGURE_SLUGS).exclude(slug__in=NO_LOGO)
    for model in models.prefetch_related("organizations"):
        orgs = (
            [LOGO[model.slug]]
            if model.slug in LOGO
            else [o.slug for o in model.organizations.all()]
        )
        for org in orgs:
            counts[(org, model.access)] += 1
    for org, (open_, closed) in BAR_CHART.items():
        assert (counts[(org, "open")], counts[(org, "closed")]) == (open_, closed), org
    together = (
        counts[("bigscience", "open")] + counts[("hugging-face", "open")],
        counts[("bigscience", "closed")] + counts[("hugging-face", "closed")],
    )
    assert together == BAR_CHART_BIGSCIENCE_AND_HUGGING_FACE


def test_the_licence_table_is_transcribed(seeded):
    models = LanguageModel.objects.select_related("license").in_bulk(
        list(LICENCE_TABLE), field_name="slug"
    )
    assert sorted(set(LICENCE_TABLE) - set(models)) == []
    for slug, commercial in LICENCE_TABLE.items():
        assert models[slug].license is not None, slug
        assert models[slug].license.commercial_use == commercial, slug


def test_later_versions_from_the_curated_list_are_present(seeded):
    later = LanguageModel.objects.filter(slug__in=["palm-2", "llama-2", "llama-2-chat", "claude-2"])
    assert later.count() == 4
    assert all(m.release_date.year == 2023 for m in later)


def test_lineage_follows_the_figure(seeded):
    edges = set(Lineage.objects.values_list("child__slug", "parent__slug", "relation"))
    assert edges >= EXPECTED_EDGES


def test_every_model_has_a_summary_a_source_and_an_organisation(seeded):
    for model in LanguageModel.objects.prefetch_related("organizations"):
        assert model.summary.strip(), model.slug
        assert model.source_url, model.slug
        assert model.organizations.all(), model.slug


def test_closed_models_without_weights_have_no_open_licence(seeded):
    for model in LanguageModel.objects.filter(access="closed").select_related("license"):
        assert model.license is None or model.license.slug == "proprietary-api", model.slug


def test_every_paper_is_used_and_model_papers_are_linked(seeded):
    from catalog.models import Paper

    unused = Paper.objects.filter(topics__isnull=True, models__isnull=True, evidence__isnull=True)
    assert list(unused.values_list("slug", flat=True)) == []
    assert LanguageModel.objects.get(slug="bert").papers.filter(slug="bert-2018").exists()
