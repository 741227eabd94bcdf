"""The seed files themselves, read as JSON: references resolve, dates are possible, lists are
sorted, every model says where its facts come from. No database needed."""

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import SEED_FILES

TODAY = datetime.date(2026, 12, 1)  # the atlas is current to November 2026
REFERENCES = {  # key of a model -> section its slugs must be in
    "organizations": "organizations",
    "license": "licenses",
    "family": "families",
    "datasets": "datasets",
    "papers": "papers",
}


@pytest.fixture(scope="module")
def seed():
    """{section: {slug: record}} over every seed file, and the files' own documents."""
    documents = {path: json.loads(Path(path).read_text(encoding="utf-8")) for path in SEED_FILES}
    merged = {}
    for doc in documents.values():
        for section, items in doc.items():
            if isinstance(items, list):
                for item in items:
                    merged.setdefault(section, {})[item["slug"]] = item
    return merged, documents


def slugs_of(value) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_every_reference_of_a_model_resolves(seed):
    merged, _ = seed
    missing = []
    for slug, model in merged["models"].items():
        for key, section in REFERENCES.items():
            for ref in slugs_of(model.get(key)):
                if ref not in merged.get(section, {}):
                    missing.append(f"{slug}.{key}: {ref}")
        for link in model.get("parents", []):
            if link["model"] not in merged["models"]:
                missing.append(f"{slug}.parents: {link['model']}")
        for past in model.get("past_licenses", []):
            if past["license"] not in merged["licenses"]:
                missing.append(f"{slug}.past_licenses: {past['license']}")
    for slug, family in merged.get("families", {}).items():
        missing += [
            f"family {slug}: {org}"
            for org in family["organizations"]
            if org not in merged["organizations"]
        ]
    assert missing == []


def test_no_date_lies_in_the_future(seed):
    merged, _ = seed
    late = []
    for slug, model in merged["models"].items():
        dates = [model["release_date"], model.get("retired_on")]
        dates += [past["until"] for past in model.get("past_licenses", [])]
        late += [f"{slug}: {d}" for d in dates if d and date(d) > TODAY]
    assert late == []


def latest_possible(model) -> datetime.date:
    """The last day the release could have been, given its date's precision."""
    day = date(model["release_date"])
    precision = model.get("release_date_precision", "month")
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    if precision == "month":
        following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return day


def test_no_parent_is_released_after_its_child_unless_the_link_says_so(seed):
    """Within what the dates' precisions allow: a child known only by its year may follow a
    parent released later that year."""
    merged, _ = seed
    models = merged["models"]
    late = [
        f"{slug} <- {link['model']}"
        for slug, model in models.items()
        for link in model.get("parents", [])
        if date(models[link["model"]]["release_date"]) > latest_possible(model)
        and "released after" not in (link.get("note", "") + link.get("source_note", ""))
    ]
    assert late == []


def test_every_list_is_sorted_by_slug_in_every_file(seed):
    _, documents = seed
    unsorted = [
        f"{path}: {section}"
        for path, doc in documents.items()
        for section, items in doc.items()
        if isinstance(items, list)
        and [i["slug"] for i in items] != sorted(i["slug"] for i in items)
    ]
    assert unsorted == []


def test_every_model_says_where_its_facts_come_from(seed):
    merged, _ = seed
    models = merged["models"].values()
    assert [m["slug"] for m in models if not m.get("source_url")] == []
    drafts = [m for m in models if m.get("status") == "draft"]
    assert [m["slug"] for m in drafts if not m.get("source_note")] == []


def test_the_atlas_reaches_today(seed):
    merged, _ = seed
    published = [m for m in merged["models"].values() if m.get("status") != "draft"]
    since_mid_2023 = [m for m in published if date(m["release_date"]) > datetime.date(2023, 7, 31)]
    assert len(published) >= 200
    assert len(since_mid_2023) >= 100
    assert any(date(m["release_date"]).year == 2025 for m in published)


def test_the_checks_can_fail(seed):
    """The oracle: a planted dangling reference, future date and late parent are caught."""
    merged, documents = seed
    broken = json.loads(json.dumps(merged))
    model = next(iter(broken["models"].values()))
    model["family"] = "no-such-family"
    model["release_date"] = "2999-01-01"
    with pytest.raises(AssertionError):
        test_every_reference_of_a_model_resolves((broken, documents))
    with pytest.raises(AssertionError):
        test_no_date_lies_in_the_future((broken, documents))
    child = next(m for m in broken["models"].values() if m.get("parents"))
    child["release_date"], child["release_date_precision"] = "1900-01-01", "day"
    with pytest.raises(AssertionError):
        test_no_parent_is_released_after_its_child_unless_the_link_says_so((broken, documents))


# --- llm-atlas/3: offerings and citations ------------------------------------------------

PRICES = (
    "price_input_usd_per_mtok",
    "price_cached_input_usd_per_mtok",
    "price_output_usd_per_mtok",
)


def offerings_of(merged):
    for slug, model in merged["models"].items():
        for offering in model.get("offerings", []):
            yield f"{slug} {offering['service']}/{offering['model_id']}", offering


def test_no_offering_is_retired_before_its_shutdown(seed):
    merged, _ = seed
    today = datetime.date.today()
    early = [
        name
        for name, offering in offerings_of(merged)
        if offering["status"] == "retired"
        and (offering["retires_on"] is None or date(offering["retires_on"]) > today)
    ]
    assert not early


def test_no_model_retired_in_the_future(seed):
    merged, _ = seed
    today = datetime.date.today()
    future = [
        slug
        for slug, model in merged["models"].items()
        if model.get("retired_on") and date(model["retired_on"]) > today
    ]
    assert not future


def test_offering_dates_are_in_order(seed):
    merged, _ = seed
    disordered = [
        name
        for name, offering in offerings_of(merged)
        if offering["deprecated_on"]
        and offering["retires_on"]
        and offering["deprecated_on"] > offering["retires_on"]
    ]
    assert not disordered


def test_prices_are_not_negative(seed):
    merged, _ = seed
    negative = []
    for name, offering in offerings_of(merged):
        for price in [offering, *offering["price_history"]]:
            negative += [f"{name} {key}" for key in PRICES if (price.get(key) or 0) < 0]
    assert not negative
    assert sum(1 for _ in offerings_of(merged)) > 100  # the seed does hold offerings


def test_every_citation_is_read_over_https(seed):
    merged, _ = seed
    cited = [
        (slug, citation)
        for slug, model in merged["models"].items()
        for citation in model.get("citations", [])
    ]
    assert len(cited) > 2000
    assert not [
        f"{slug} {c['field']}: {c['source_url']}"
        for slug, c in cited
        if not c["source_url"].startswith("https://")
    ]


def test_a_closed_models_lifecycle_follows_its_offerings(seed):
    """The importer refuses a disagreement; the seed files are checked here by the same rule
    as written in the brief, so a hand edit that breaks it is found without a database."""
    merged, _ = seed
    wrong = []
    for slug, model in merged["models"].items():
        statuses = {o["status"] for o in model.get("offerings", [])}
        if model["access"] != "closed" or not statuses:
            continue
        expected = (
            "retired"
            if statuses == {"retired"}
            else "deprecated"
            if statuses <= {"retired", "deprecated"}
            else "active"
        )
        if model.get("lifecycle") != expected:
            wrong.append(f"{slug}: {model.get('lifecycle')} (offerings make it {expected})")
    assert not wrong
