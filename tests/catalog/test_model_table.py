"""/models/ as a table: the columns a reader adds, their sorts, the new filters (purpose,
language, tool use, structured output, benchmark), each checked against plain Python over the
rows and against the export; bad values; the URL keeps the columns; bounded queries."""

import csv
import datetime
import io
import json
import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import LanguageModel, Modality, Offering, Purpose
from core.publishing import Status
from evidence.models import Benchmark, Result
from tests.factories import bulk_models, make_org
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

URL = reverse("catalog:model_list")
API = "/api/models/"
LANGUAGES = ["en", "zh", "fr", "de", "ja"]
LIVE = {"preview", "active"}
ALL_COLUMNS = [
    "context",
    "max_output",
    "price_in",
    "price_out",
    "knowledge_cutoff",
    "languages",
    "modalities",
    "purposes",
]


@built_once
def world():
    """A deterministic random catalog: 70 models with the new facts, offerings on published
    and draft providers in every status, and results on a benchmark where higher is better, one
    where lower is better and a draft one."""
    rng = random.Random(11)

    def some(values):
        return rng.sample(values, rng.randint(0, len(values)))

    models = bulk_models(
        {
            "name": f"Model {i:03d}",
            "slug": f"model-{i:03d}",
            "languages": some(LANGUAGES),
            "languages_unlisted": rng.random() < 0.15,
            "purposes": some(Purpose.values[:5]),
            "tool_use": rng.choice(["", "yes", "no"]),
            "structured_output": rng.choice(["", "yes", "no"]),
            "context_length_tokens": rng.choice([None, 4096, 32768, 128000, 1_000_000]),
            "max_output_tokens": rng.choice([None, 4096, 8192, 65536]),
            "knowledge_cutoff": rng.choice(
                [None, *(datetime.date(2023 + k % 3, 1 + k % 12, 1) for k in range(8))]
            ),
            "input_modalities": some(Modality.values),
            "output_modalities": ["text"],
            "release_date": datetime.date(2020 + i % 6, 1 + i % 12, 1),
        }
        for i in range(70)
    )
    provider, hidden = make_org(name="Cloud"), make_org(name="Hidden", status=Status.DRAFT)
    offerings = []
    for model in models:
        for k in range(rng.randint(0, 3)):
            status = rng.choice(["preview", "active", "deprecated", "retired"])
            offerings.append(
                Offering(
                    model=model,
                    provider=rng.choice([provider, provider, hidden]),
                    service=f"api-{k}",
                    provider_model_id=model.slug,
                    availability=status,
                    retires_on=datetime.date(2025, 1, 1) if status == "retired" else None,
                    price_input_usd_per_mtok=rng.choice([None, 0.1, 0.5, 1.25, 3.0, 15.0]),
                    price_output_usd_per_mtok=rng.choice([None, 0.4, 2.0, 10.0, 60.0]),
                )
            )
    Offering.objects.bulk_create(offerings)
    benchmarks = [
        Benchmark.objects.create(name="Quiz", slug="quiz", metric="accuracy (%)", measures="Q."),
        Benchmark.objects.create(
            name="Errors", slug="errors", metric="errors", measures="E.", higher_is_better=False
        ),
        Benchmark.objects.create(
            name="Secret", slug="secret", metric="x", measures="S.", status=Status.DRAFT
        ),
    ]
    results = []
    for model in models:
        for benchmark in benchmarks:
            for setting in rng.sample(["0-shot", "5-shot", "thinking"], rng.randint(0, 2)):
                results.append(
                    Result(
                        model=model,
                        benchmark=benchmark,
                        score=rng.choice([10.0, 25.5, 50.0, 71.25, 88.0, 93.5]),
                        setting=setting,
                        source_url="https://maker.example/card",
                        date=datetime.date(2026, 1, 1),
                    )
                )
    Result.objects.bulk_create(results)
    return [m.slug for m in models]


def facts() -> dict[str, dict]:
    """Every model's facts and derived column values, computed in Python."""
    rows = {}
    for model in LanguageModel.objects.prefetch_related(
        "offerings__provider", "results__benchmark"
    ):
        live = [
            o
            for o in model.offerings.all()
            if o.availability in LIVE and o.provider.status == Status.PUBLISHED
        ]

        def lowest(field, live=live):
            prices = [getattr(o, field) for o in live if getattr(o, field) is not None]
            return min(prices) if prices else None

        scores = {}
        for result in model.results.all():
            if result.benchmark.status == Status.PUBLISHED:
                scores.setdefault(result.benchmark.slug, []).append(result.score)
        rows[model.slug] = {
            "name": model.name,
            "languages": set(model.languages),
            "purposes": set(model.purposes),
            "tool_use": model.tool_use,
            "structured_output": model.structured_output,
            "context": model.context_length_tokens,
            "max_output": model.max_output_tokens,
            "knowledge_cutoff": model.knowledge_cutoff,
            "languages_count": 10_000
            if model.languages_unlisted
            else (len(model.languages) or None),
            "modalities": len(model.input_modalities) or None,
            "price_in": lowest("price_input_usd_per_mtok"),
            "price_out": lowest("price_output_usd_per_mtok"),
            "quiz": max(scores["quiz"]) if "quiz" in scores else None,
            "errors": min(scores["errors"]) if "errors" in scores else None,
            "scored": set(scores),
        }
    return rows


def exported(client, params) -> list[str]:
    response = client.get(URL, {**params, "format": "json"})
    assert response.status_code == 200
    return [row["slug"] for row in json.loads(b"".join(response.streaming_content))["results"]]


def exported_csv(client, params) -> list[dict]:
    response = client.get(URL, {**params, "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def by_name(rows, slugs):
    return sorted(slugs, key=lambda slug: rows[slug]["name"])


# --- filters -------------------------------------------------------------------------------

FILTERS = {
    "purpose": ({"purpose": "code"}, lambda m: "code" in m["purposes"]),
    "purposes, any of": (
        {"purpose": ["code", "agentic"]},
        lambda m: bool(m["purposes"] & {"code", "agentic"}),
    ),
    "language": ({"language": "zh"}, lambda m: "zh" in m["languages"]),
    "languages, any of": (
        {"language": ["ja", "fr"]},
        lambda m: bool(m["languages"] & {"ja", "fr"}),
    ),
    "tool use": ({"tool_use": "yes"}, lambda m: m["tool_use"] == "yes"),
    "no tool use": ({"tool_use": "no"}, lambda m: m["tool_use"] == "no"),
    "structured output": (
        {"structured_output": "yes"},
        lambda m: m["structured_output"] == "yes",
    ),
    "benchmark": ({"benchmark": "quiz"}, lambda m: "quiz" in m["scored"]),
    "all together": (
        {"language": "en", "tool_use": "yes", "purpose": "chat", "benchmark": "errors"},
        lambda m: (
            "en" in m["languages"]
            and m["tool_use"] == "yes"
            and "chat" in m["purposes"]
            and "errors" in m["scored"]
        ),
    ),
}


@pytest.mark.parametrize("case", list(FILTERS))
def test_filters_match_an_independent_computation(client, world, case):
    params, keep = FILTERS[case]
    rows = facts()
    expected = by_name(rows, [slug for slug, m in rows.items() if keep(m)])
    assert 0 < len(expected) < len(rows)
    assert exported(client, {**params, "sort": "name"}) == expected
    page = client.get(URL, {**params, "sort": "name"})
    assert [m.slug for m in page.context["models"]] == expected[:50]
    assert page.context["total"] == len(expected)
    api = client.get(API, {**params, "sort": "name", "page_size": 100}).json()
    assert [row["slug"] for row in api["results"]] == expected


def test_a_draft_benchmark_is_no_filter_and_no_count(client, world):
    page = client.get(URL, {"benchmark": "secret"})
    assert any("benchmark" in notice for notice in page.context["notices"])
    assert page.context["total"] == len(world)
    options = page.context["benchmark_choices"]
    assert {o.value for o in options} == {"quiz", "errors"}


@pytest.mark.parametrize(
    "params",
    [{}, {"tool_use": "yes"}, {"language": "zh", "purpose": "code"}, {"q": "model"}],
    ids=["whole catalog", "one filter", "two list filters", "search"],
)
def test_new_facets_count_under_the_other_filters(client, world, params):
    rows = facts()
    facets = {f.name: f for f in client.get(URL, params).context["facets"]}

    def holds(m, name, value):
        if name == "purpose":
            return value in m["purposes"]
        if name == "language":
            return value in m["languages"]
        if name == "benchmark":
            return value in m["scored"]
        return m[name] == value

    def others(m, name):
        return all(
            holds(m, key, value)
            for key, value in params.items()
            if key not in (name, "q")  # every model is named "Model ..."
        )

    for name in ("purpose", "language", "tool_use", "structured_output"):
        shown = {o.value: o.count for o in facets[name].options}
        for value, count in shown.items():
            expected = sum(1 for m in rows.values() if others(m, name) and holds(m, name, value))
            assert count == expected, (name, value)
        assert shown  # something to choose
    benchmark = {o.value: o.count for o in client.get(URL, params).context["benchmark_choices"]}
    for slug in ("quiz", "errors"):
        expected = sum(1 for m in rows.values() if others(m, "benchmark") and slug in m["scored"])
        assert benchmark.get(slug, 0) == expected


# --- columns and sorts -----------------------------------------------------------------------

SORTS = {
    "context": "context",
    "max_output": "max_output",
    "price_in": "price_in",
    "price_out": "price_out",
    "knowledge_cutoff": "knowledge_cutoff",
    "languages": "languages_count",
    "modalities": "modalities",
}


def ordered(rows, key, descending, slugs=None) -> list[str]:
    """Slugs by `key`, unknown values last in either direction, then by name."""
    slugs = by_name(rows, slugs if slugs is not None else rows)
    known = [s for s in slugs if rows[s][key] is not None]
    unknown = [s for s in slugs if rows[s][key] is None]
    return sorted(known, key=lambda s: rows[s][key], reverse=descending) + unknown


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_each_column_sorts_with_unknowns_last(client, world, sort, descending):
    rows = facts()
    key = SORTS[sort]
    # Python's stable sort keeps the name order among equal values, as the ORDER BY does.
    expected = ordered(rows, key, descending)
    param = f"-{sort}" if descending else sort
    assert exported(client, {"sort": param}) == expected
    page = client.get(URL, {"sort": param, "col": sort})
    assert [m.slug for m in page.context["models"]] == expected[:50]
    head = next(h for h in page.context["heads"] if h.key == sort)
    assert head.state == ("descending" if descending else "ascending")
    assert f"sort={sort if descending else '-' + sort}" in head.sort_url  # the other way round


@pytest.mark.parametrize(
    ("benchmark", "descending"),
    [("quiz", True), ("quiz", False), ("errors", True), ("errors", False)],
)
def test_the_benchmark_column_shows_and_sorts_by_the_best_score(
    client, world, benchmark, descending
):
    rows = facts()
    scored = [s for s, m in rows.items() if benchmark in m["scored"]]
    expected = ordered(rows, benchmark, descending, scored)
    params = {"benchmark": benchmark, "sort": "-benchmark" if descending else "benchmark"}
    assert exported(client, params) == expected
    page = client.get(URL, params)
    shown = {m.slug: m.score for m in page.context["models"]}
    assert shown == {slug: rows[slug][benchmark] for slug in expected[:50]}
    assert page.context["heads"][-1].label == benchmark.title()
    csv_rows = exported_csv(client, params)
    assert [r["slug"] for r in csv_rows] == expected
    assert {r["slug"]: float(r[f"best_score_{benchmark}"]) for r in csv_rows} == {
        slug: rows[slug][benchmark] for slug in expected
    }


def test_prices_are_the_lowest_of_live_published_offerings_on_page_and_csv(client, world):
    rows = facts()
    params = {"col": ["price_in", "price_out"], "sort": "name"}
    page = client.get(URL, params)
    for model in page.context["models"]:
        assert (model.price_in, model.price_out) == (
            rows[model.slug]["price_in"],
            rows[model.slug]["price_out"],
        )
    assert any(m.price_in is None for m in page.context["models"])
    assert any(m.price_in is not None for m in page.context["models"])
    for row in exported_csv(client, params):
        for column, key in (
            ("lowest_price_input_usd_per_mtok", "price_in"),
            ("lowest_price_output_usd_per_mtok", "price_out"),
        ):
            cell = row[column]
            assert (float(cell) if cell else None) == rows[row["slug"]][key]


def test_every_column_renders_its_head_and_a_cell_per_row(client, world):
    response = client.get(URL, {"col": ALL_COLUMNS, "benchmark": "quiz"})
    html = response.content.decode()
    heads = [h.key for h in response.context["heads"]]
    assert heads == [
        "name",
        "organizations",
        "license",
        "released",
        "parameters",
        *ALL_COLUMNS,
        "score",
    ]
    rows = len(response.context["models"])
    for key in [*ALL_COLUMNS, "score"]:
        assert html.count(f'class="col-{key}') == rows + 1, key  # every row, and the head
    assert "min-width:" in html  # the table's least width, from the chosen columns


def test_columns_without_a_choice_show_none(client, world):
    html = client.get(URL).content.decode()
    assert 'class="col-context' not in html
    assert [h.key for h in client.get(URL).context["heads"]][-1] == "parameters"


# --- the URL keeps the columns ---------------------------------------------------------------


def test_sort_links_paging_chips_and_clearing_keep_the_columns(client, world):
    params = {"col": ["context", "price_in"], "tool_use": "yes", "sort": "name"}
    response = client.get(URL, {**params, "purpose": "chat"})
    context = response.context
    for head in context["heads"]:
        if head.sort_url:
            assert "col=context" in head.sort_url and "col=price_in" in head.sort_url
            assert "tool_use=yes" in head.sort_url
    for _label, remove_url in context["chips"]:
        assert "col=context" in remove_url
    assert context["clear_url"] == f"{URL}?col=context&col=price_in"
    many = client.get(URL, {"col": "context"})
    assert 'rel="next" href="?col=context&amp;page=2"' in many.content.decode()
    downloads = many.content.decode()
    assert "col=context&amp;format=csv" in downloads


def test_the_column_form_works_as_a_plain_get(client, world):
    html = client.get(URL, {"col": "languages"}).content.decode()
    assert 'name="col" value="languages" id="col-languages" checked' in html
    assert 'name="col" value="context" id="col-context">' in html
    assert '<select id="id_benchmark" name="benchmark"' in html
    assert 'type="submit" class="button">Show columns</button>' in html


# --- bad values ------------------------------------------------------------------------------

BAD = [
    ({"col": "colour"}, "col", "colour"),
    ({"sort": "-colour"}, "sort", "-colour"),
    ({"sort": "-benchmark"}, "sort", "-benchmark"),  # no benchmark chosen
    ({"language": "ENG"}, "language", "ENG"),
    ({"purpose": "poetry"}, "purpose", "poetry"),
    ({"tool_use": "maybe"}, "tool_use", "maybe"),
    ({"benchmark": "nope"}, "benchmark", "nope"),
]


@pytest.mark.parametrize(("params", "name", "value"), BAD, ids=[b[1] + "=" + b[2] for b in BAD])
def test_bad_values_are_a_notice_on_the_page_and_a_400_from_the_api(
    client, world, params, name, value
):
    response = client.get(URL, params)
    assert response.status_code == 200
    notices = response.context["notices"]
    assert any(f"{name}=“{value}”" in notice for notice in notices), notices
    assert value in response.content.decode()
    assert response.context["total"] == len(world)  # the rest of the request still applies
    api = client.get(API, params)
    assert api.status_code == 400
    assert value in json.dumps(api.json()["errors"][name], ensure_ascii=False)


def test_a_bad_column_does_not_hide_the_good_ones(client, world):
    response = client.get(URL, {"col": ["context", "bogus", "price_out"]})
    assert response.context["columns"] == ["context", "price_out"]
    assert len(response.context["notices"]) == 1


def test_an_unlisted_language_code_matches_nothing_without_a_notice(client, world):
    response = client.get(URL, {"language": "sw"})
    assert response.context["notices"] == []
    assert response.context["total"] == 0


# --- bounded queries -------------------------------------------------------------------------


def test_queries_do_not_grow_with_rows_with_every_column_on(client, django_assert_max_num_queries):
    benchmark = Benchmark.objects.create(name="Quiz", slug="quiz", metric="%", measures="Q.")
    provider = make_org(name="Cloud")
    params = {
        "col": ALL_COLUMNS,
        "benchmark": "quiz",
        "sort": "price_in",
        "language": "en",
        "tool_use": "yes",
    }

    def count(n):
        models = bulk_models(
            {
                "languages": ["en", "zh"],
                "purposes": ["chat"],
                "tool_use": "yes",
                "context_length_tokens": 1000 * (i + 1),
                "knowledge_cutoff": datetime.date(2024, 1, 1),
                "input_modalities": ["text", "image"],
            }
            for i in range(n)
        )
        Offering.objects.bulk_create(
            Offering(
                model=m,
                provider=provider,
                service=f"api-{k}",
                provider_model_id=m.slug,
                availability="active",
                price_input_usd_per_mtok=0.5 + k,
                price_output_usd_per_mtok=2.0 + k,
            )
            for m in models
            for k in range(2)
        )
        Result.objects.bulk_create(
            Result(
                model=m,
                benchmark=benchmark,
                score=50.0 + k,
                setting=f"s{k}",
                source_url="https://maker.example/card",
                date=datetime.date(2026, 1, 1),
            )
            for m in models
            for k in range(2)
        )
        ContentType.objects.clear_cache()  # as a fresh process would count
        with django_assert_max_num_queries(16) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        assert response.context["models"][0].price_in == 0.5
        return len(captured.captured_queries)

    assert count(5) == count(200)
