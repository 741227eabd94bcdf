"""The dataset readers: what they read from each shape, and what they refuse (no database)."""

import json
from pathlib import Path

import pytest

from upstream import readers
from upstream.datasets import Dataset

SNAPSHOTS = Path("fixtures/upstream")

MODELS_DEV = {
    "anthropic": {
        "id": "anthropic",
        "name": "Anthropic",
        "doc": "https://docs.anthropic.com/en/docs/about-claude/models",
        "models": {
            "claude-opus-4-6": {
                "id": "claude-opus-4-6",
                "release_date": "2026-02-05",
                "cost": {"input": 5, "output": 25, "cache_read": 0.5, "cache_write": 6.25},
                "limit": {"context": 1_000_000, "output": 128_000},
            },
            "claude-3-opus-20240229": {"status": "deprecated", "release_date": "2024-02"},
        },
    }
}

LITELLM = {
    "sample_spec": {"max_input_tokens": "max input tokens, if the provider specifies it"},
    "gpt-5.1": {
        "input_cost_per_token": 1.25e-06,
        "output_cost_per_token": 1e-05,
        "cache_read_input_token_cost": 1.25e-07,
        "max_input_tokens": 272000,
        "max_output_tokens": 128000,
        "litellm_provider": "openai",
        "source": "https://developers.openai.com/api/docs/pricing",
        "deprecation_date": "2027-04-01",
        "deprecation_source": "https://developers.openai.com/api/docs/deprecations",
    },
}

EPOCH = (
    "Model,Organization,Publication date,Parameters,Parameters notes,"
    "Training dataset size (gradients),Confidence,Link\n"
    "Chinchilla,DeepMind,2022-03-29,70000000000.0,,1400000000000,Confident,"
    '"https://arxiv.org/abs/2203.15556"\n'
    '"Claude 2\n",Anthropic,2023-07-11,,,,Speculative,https://www.anthropic.com/index/claude-2\n'
    'Aya,Cohere,2024-02-13,13000000000,,"2260275840,2290000001",Likely,\n'
)


def encode(doc) -> bytes:
    return json.dumps(doc).encode()


def refused(dataset, raw) -> list[str]:
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.read(dataset, raw, name="copy")
    return caught.value.problems


def test_models_dev_gives_model_and_offering_facts_with_the_providers_page_as_source():
    entries = {
        e.upstream_id: e for e in readers.read(Dataset.MODELS_DEV, encode(MODELS_DEV)).entries
    }
    opus = entries["anthropic/claude-opus-4-6"]
    assert {key: r.value for key, r in opus.model.items()} == {
        "context_length_tokens": 1_000_000,
        "release_date": "2026-02-05",
    }
    assert {key: r.value for key, r in opus.offering.items()} == {
        "context_tokens": 1_000_000,
        "max_output_tokens": 128_000,
        "price_input_usd_per_mtok": 5.0,
        "price_output_usd_per_mtok": 25.0,
        "price_cached_input_usd_per_mtok": 0.5,
    }
    assert opus.offering["price_input_usd_per_mtok"].key == "cost.input"
    assert opus.offering["price_input_usd_per_mtok"].source.startswith("https://docs.anthropic")
    old = entries["anthropic/claude-3-opus-20240229"]
    assert old.offering["status"].value == "deprecated"
    assert old.model["release_date"].value == "2024-02"  # a month stays a month


def test_litellm_per_token_costs_become_prices_per_million_and_its_spec_is_skipped():
    copy = readers.read(Dataset.LITELLM, encode(LITELLM))
    [entry] = copy.entries
    assert entry.upstream_id == "gpt-5.1"
    values = {key: r.value for key, r in entry.offering.items()}
    assert values == {
        "price_input_usd_per_mtok": 1.25,
        "price_output_usd_per_mtok": 10.0,
        "price_cached_input_usd_per_mtok": 0.125,
        "context_tokens": 272000,
        "max_output_tokens": 128000,
        "retires_on": "2027-04-01",
    }
    assert entry.offering["retires_on"].source.endswith("/deprecations")
    assert entry.offering["context_tokens"].key == "max_input_tokens"
    assert entry.model == {}


def test_epoch_reads_dates_sizes_and_notes_and_skips_a_cell_of_several_figures():
    copy = readers.read(Dataset.EPOCH, EPOCH.encode())
    entries = {e.upstream_id: e for e in copy.entries}
    assert list(entries) == ["Chinchilla", "Claude 2", "Aya"]  # names with spaces tidied
    chinchilla = entries["Chinchilla"].model
    assert chinchilla["parameters_billions"].value == 70.0
    assert chinchilla["training_tokens_trillions"].value == 1.4
    assert chinchilla["release_date"].value == "2022-03-29"
    assert chinchilla["parameters_billions"].note == "confidence: Confident"
    assert chinchilla["release_date"].source == "https://arxiv.org/abs/2203.15556"
    assert "parameters_billions" not in entries["Claude 2"].model
    assert "training_tokens_trillions" not in entries["Aya"].model
    assert copy.skipped == [
        "snapshot: line 5: Training dataset size (gradients): several figures, none of them "
        "the model's: '2260275840,2290000001'"
    ]


@pytest.mark.parametrize(
    ("dataset", "path"),
    [
        (Dataset.MODELS_DEV, "models-dev/api.json"),
        (Dataset.LITELLM, "litellm/model_prices_and_context_window.json"),
        (Dataset.EPOCH, "epoch/notable_ai_models.csv"),
    ],
)
def test_the_committed_snapshots_read_whole_with_their_dates(dataset, path):
    copy = readers.read(dataset, readers.load(str(SNAPSHOTS / path)))
    assert len(copy.entries) > 50
    assert copy.skipped == []
    meta = json.loads((SNAPSHOTS / path).with_name("snapshot.json").read_text())
    assert meta["dataset"] == dataset.value
    assert (SNAPSHOTS / path).with_name(meta["licence_file"]).exists()


# --- Refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", [Dataset.MODELS_DEV, Dataset.LITELLM])
def test_truncated_json_is_refused_saying_it_looks_cut_short(dataset):
    raw = encode(MODELS_DEV if dataset == Dataset.MODELS_DEV else LITELLM)
    [problem] = refused(dataset, raw[: len(raw) // 2])
    assert problem.startswith("copy: malformed JSON")
    assert "cut short" in problem


def test_a_truncated_csv_is_refused():
    cut = EPOCH[: EPOCH.index('"Claude 2') + 5]  # inside a quoted cell
    [problem] = refused(Dataset.EPOCH, cut.encode())
    assert "malformed CSV" in problem and "cut short" in problem


@pytest.mark.parametrize(
    ("dataset", "doc", "expected"),
    [
        (
            Dataset.MODELS_DEV,
            {"openai": {"models": {"gpt-5": {"cost": {"input": "1.25"}}}}},
            "copy: openai.models.gpt-5.cost.input: must be a number, got str",
        ),
        (
            Dataset.MODELS_DEV,
            {"openai": {"models": {"gpt-5": {"limit": [400000]}}}},
            "copy: openai.models.gpt-5.limit: must be an object, got a list",
        ),
        (
            Dataset.MODELS_DEV,
            {"openai": ["gpt-5"]},
            "copy: openai: must be an object, got a list",
        ),
        (
            Dataset.LITELLM,
            {"gpt-5": {"max_input_tokens": True}},
            "copy: gpt-5.max_input_tokens: must be a number, got a boolean",
        ),
        (
            Dataset.LITELLM,
            {"gpt-5": {"deprecation_date": 20270401}},
            "copy: gpt-5.deprecation_date: must be a string, got int",
        ),
        (Dataset.LITELLM, [1, 2], "copy: the top level must be a JSON object, got a list"),
    ],
)
def test_values_of_the_wrong_type_refuse_the_whole_copy(dataset, doc, expected):
    assert refused(dataset, encode(doc)) == [expected]


def test_every_problem_is_listed_with_where_it_is():
    doc = {"a": {"input_cost_per_token": "x"}, "b": {"max_output_tokens": "y"}}
    assert len(refused(Dataset.LITELLM, encode(doc))) == 2


def test_a_csv_without_the_epoch_columns_or_with_text_for_a_number_is_refused():
    [problem] = refused(Dataset.EPOCH, b"name,date\nx,2024-01-01\n")
    assert "no column 'Model', 'Organization', 'Publication date', 'Parameters'" in problem
    bad = "Model,Organization,Publication date,Parameters\nX,Y,2024-01-01,about 7B\n"
    assert refused(Dataset.EPOCH, bad.encode()) == [
        "copy: line 2: Parameters: must be a number, got 'about 7B'"
    ]


def test_values_of_the_right_type_that_cannot_be_used_are_skipped_not_refused():
    doc = {"x": {"models": {"m": {"release_date": "2025-25-11", "limit": {"context": -1}}}}}
    copy = readers.read(Dataset.MODELS_DEV, encode(doc), name="copy")
    assert copy.entries[0].model == {}
    assert len(copy.skipped) == 2


def test_a_copy_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, settings):
    settings.UPSTREAM_MAX_BYTES = 1000
    big = tmp_path / "api.json"
    big.write_bytes(b"{" + b" " * 2000 + b"}")
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.load(str(big))
    assert caught.value.problems == [f"{big}: too large (2.0\xa0KB); the limit is 1000\xa0bytes"]
    with pytest.raises(readers.SnapshotRefused):
        readers.read(Dataset.MODELS_DEV, big.read_bytes())


def test_the_default_limit_is_twenty_mebibytes(tmp_path):
    big = tmp_path / "api.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: nothing is read
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.load(str(big))
    assert caught.value.problems == [f"{big}: too large (50.0\xa0MB); the limit is 20.0\xa0MB"]


def test_an_unknown_dataset_is_refused_naming_the_known_ones():
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.dataset_named("openrouter")
    assert caught.value.problems == [
        "unknown dataset 'openrouter': use models-dev, litellm or epoch"
    ]


def test_urls_are_read_over_https_only():
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.load("http://models.dev/api.json")
    assert "https only" in caught.value.problems[0]


def test_a_url_is_read_no_further_than_the_limit(monkeypatch, settings):
    settings.UPSTREAM_MAX_BYTES = 10
    asked = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size):
            asked.append(size)
            return b"x" * size

    monkeypatch.setattr(readers.urllib.request, "urlopen", lambda request, timeout: Answer())
    with pytest.raises(readers.SnapshotRefused) as caught:
        readers.load("https://models.dev/api.json")
    assert asked == [11]
    assert "too large (more than that); the limit is" in caught.value.problems[0]
