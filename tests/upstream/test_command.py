"""`manage.py sync_upstream` against the committed snapshots and the seed: it proposes and
changes nothing; an accepted value shows on the page, in the API and in the export with its
citation; a bad copy is refused with nothing changed."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from atlas import interchange
from catalog.models import LanguageModel
from upstream.models import Mapping, Proposal, Snapshot
from upstream.review import accept

pytestmark = pytest.mark.django_db

SNAPSHOTS = [
    ("models-dev", "fixtures/upstream/models-dev/api.json"),
    ("litellm", "fixtures/upstream/litellm/model_prices_and_context_window.json"),
    ("epoch", "fixtures/upstream/epoch/notable_ai_models.csv"),
]
LAST_LINE = re.compile(r"proposals: (\d+) new, (\d+) unchanged, (\d+) unmatched\Z")


def sync_upstream(*args) -> list[str]:
    out = StringIO()
    call_command("sync_upstream", *args, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def counts(line: str) -> tuple[int, int, int]:
    match = LAST_LINE.match(line)
    assert match, line
    return tuple(int(n) for n in match.groups())


@pytest.fixture
def mapped(seeded):
    out = StringIO()
    call_command("load_upstream_mappings", stdout=out)
    assert out.getvalue().startswith("mappings: ")
    assert Mapping.objects.count() > 200


def test_the_committed_snapshots_propose_and_change_nothing_until_accepted(mapped):
    before = interchange.export()
    for dataset, path in SNAPSHOTS:
        new, unchanged, unmatched = counts(sync_upstream(dataset, path)[-1])
        assert new > 0 and unmatched > 0, dataset
        assert Proposal.objects.filter(dataset=dataset, state="open").count() == new
    assert interchange.export() == before
    taken = dict(Snapshot.objects.values_list("dataset", "taken_on"))
    assert {name: day.isoformat() for name, day in taken.items()} == {
        "models-dev": "2026-07-02",
        "litellm": "2026-12-07",
        "epoch": "2026-01-26",
    }
    for dataset, path in SNAPSHOTS:  # a second sync proposes nothing new
        assert counts(sync_upstream(dataset, path)[-1])[0] == 0


def test_an_accepted_value_shows_with_its_citation_on_the_page_in_the_api_and_the_export(
    mapped, client
):
    sync_upstream(*SNAPSHOTS[0])
    proposal = (
        Proposal.objects.filter(field="offerings", part="price_input_usd_per_mtok")
        .select_related("model")
        .order_by("pk")
        .first()
    )
    slug, price = proposal.model.slug, proposal.upstream_value
    accept(proposal)
    citation = LanguageModel.objects.get(slug=slug).citations.get(method="third-party")
    assert citation.item == proposal.item

    page = client.get(f"/models/{slug}/").content.decode()
    assert citation.note.split(";")[0] in page.replace("&#x27;", "'")
    assert f'href="{citation.source_url}"' in page

    record = client.get(f"/api/models/{slug}/").json()
    offering = next(o for o in record["offerings"] if o["model_id"] == proposal.provider_model_id)
    assert offering["price_input_usd_per_mtok"] == price
    assert {"method": "third-party", "item": proposal.item} | {
        "source_url": citation.source_url
    } in [{k: c[k] for k in ("method", "item", "source_url")} for c in record["citations"]]

    out = StringIO()
    call_command("export_atlas", stdout=out)
    exported = next(m for m in json.loads(out.getvalue())["models"] if m["slug"] == slug)
    assert price in [o["price_input_usd_per_mtok"] for o in exported["offerings"]]
    assert citation.note in [c["note"] for c in exported["citations"]]

    assert counts(sync_upstream(*SNAPSHOTS[0])[-1])[0] == 0


def test_its_last_line_counts_and_a_dry_run_writes_nothing(mapped):
    lines = sync_upstream(*SNAPSHOTS[0], "--dry-run")
    assert lines[-2] == "Dry run: nothing was written."
    assert counts(lines[-1])[0] > 0
    assert not Proposal.objects.exists()
    assert not Snapshot.objects.exists()


def test_a_dry_run_does_not_keep_the_mappings_it_loaded(seeded):
    lines = sync_upstream(
        *SNAPSHOTS[2], "--dry-run", "--mappings", "fixtures/upstream/mappings.json"
    )
    assert lines[0].startswith("mappings: ")
    assert counts(lines[-1])[0] > 0
    assert not Mapping.objects.exists()


# --- Refused copies ------------------------------------------------------------------------


@pytest.fixture
def truncated(tmp_path):
    raw = Path(SNAPSHOTS[0][1]).read_bytes()
    path = tmp_path / "api.json"
    path.write_bytes(raw[: len(raw) // 3])
    return str(path)


@pytest.fixture
def wrong_types(tmp_path):
    doc = json.loads(Path(SNAPSHOTS[1][1]).read_text())
    next(entry for key, entry in doc.items() if key != "sample_spec")["input_cost_per_token"] = "1"
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(doc))
    return str(path)


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "api.json"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that costs nothing
    return str(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("models-dev", "truncated"), "malformed JSON"),
        (("litellm", "wrong_types"), "must be a number, got str"),
        (("models-dev", "huge"), "too large (50.0\xa0MB); the limit is 20.0\xa0MB"),
        (("openrouter", SNAPSHOTS[0][1]), "unknown dataset 'openrouter'"),
        (("epoch", "fixtures/upstream/models-dev/LICENSE"), "not an Epoch AI models CSV"),
    ],
    ids=["truncated", "wrong-types", "too-large", "unknown-dataset", "wrong-shape"],
)
def test_a_bad_copy_is_refused_with_a_clear_message_and_nothing_changed(
    world, request, args, message
):
    dataset, location = args
    if location in {"truncated", "wrong_types", "huge"}:
        location = request.getfixturevalue(location)
    before = interchange.export()
    err = StringIO()
    with pytest.raises(CommandError, match="The copy was refused; nothing was changed."):
        call_command(
            "sync_upstream",
            dataset,
            location,
            "--date",
            "2026-07-02",
            "--mappings",
            "fixtures/upstream/mappings.json",
            stdout=StringIO(),
            stderr=err,
        )
    assert message in err.getvalue()
    assert Mapping.objects.count() == 2  # the world's own: the file was not loaded
    assert not Proposal.objects.exists()
    assert not Snapshot.objects.exists()
    assert interchange.export() == before


def test_a_file_of_unknown_date_is_refused(db, tmp_path):
    path = tmp_path / "api.json"
    path.write_text("{}")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("sync_upstream", "models-dev", str(path), stdout=StringIO(), stderr=err)
    assert "say when this copy was taken: --date YYYY-MM-DD" in err.getvalue()
    lines = sync_upstream("models-dev", str(path), "--date", "2026-07-02")
    assert lines[-1] == "proposals: 0 new, 0 unchanged, 0 unmatched"
