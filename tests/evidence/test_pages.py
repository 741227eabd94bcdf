"""Benchmark pages, results on model and task pages, /api/benchmarks/: what they show, that a
maker's figures are never mixed with a third party's unmarked, and bounded queries."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import LanguageModel, Offering
from evidence.models import Benchmark, Result
from tests.factories import bulk_models, make_org

pytestmark = pytest.mark.django_db


def world(n: int, benchmark=None):
    """`n` models, each with a maker's score and a live priced offering on one benchmark."""
    benchmark = benchmark or Benchmark.objects.create(
        name="Quiz", slug="quiz", metric="accuracy (%)", measures="Questions."
    )
    models = bulk_models(
        {"release_date": datetime.date(2020 + i % 6, 1 + i % 12, 1)} for i in range(n)
    )
    provider = make_org()
    Result.objects.bulk_create(
        Result(
            model=m,
            benchmark=benchmark,
            score=50 + i % 40,
            source_url="https://maker.example/card",
            date=datetime.date(2026, 1, 1),
        )
        for i, m in enumerate(models)
    )
    Offering.objects.bulk_create(
        Offering(
            model=m,
            provider=provider,
            service="api",
            provider_model_id=m.slug,
            availability="active",
            price_input_usd_per_mtok=0.1 * (1 + i % 9),
            price_output_usd_per_mtok=0.4 * (1 + i % 9),
        )
        for i, m in enumerate(models)
    )
    return benchmark, models


def queries(client, url, django_assert_max_num_queries, limit):
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path",
    ["/benchmarks/", "/benchmarks/quiz/", "/benchmarks/quiz/?sort=price", "/api/benchmarks/"],
)
def test_benchmark_pages_run_the_same_queries_for_many_results(
    client, django_assert_max_num_queries, path
):
    benchmark, _ = world(3)
    small = queries(client, path, django_assert_max_num_queries, 12)
    world(150, benchmark)
    assert queries(client, path, django_assert_max_num_queries, 12) == small


def test_the_detail_table_sorts_and_plots_every_model(client):
    benchmark, models = world(12)
    page = client.get("/benchmarks/quiz/?sort=-score")
    scores = [r.score for r in page.context["results"]]
    assert scores == sorted(scores, reverse=True)
    cheapest = client.get("/benchmarks/quiz/?sort=price").context["results"]
    prices = [r.price_out for r in cheapest]
    assert prices == sorted(prices)
    assert len(page.context["by_date"].points) == len(page.context["by_price"].points) == 12
    html = page.content.decode()
    assert html.count('<circle class="point"') == 24  # two plots, every model on each


def test_a_bad_sort_is_ignored_with_a_notice(client):
    world(3)
    page = client.get("/benchmarks/quiz/?sort=<script>")
    assert page.status_code == 200
    assert "Ignored sort=" in page.content.decode()
    assert "<script>" not in page.content.decode().split("Ignored sort=")[1][:60]
    assert client.get("/benchmarks/nothing-here/").status_code == 404


def test_the_list_names_each_benchmarks_leader_by_the_makers_figure(client, seeded):
    page = client.get("/benchmarks/")
    leaders = {b.slug: b.leader for b in page.context["benchmarks"]}
    best = (
        Result.objects.published()
        .filter(benchmark__slug="gpqa-diamond", reported_by="maker")
        .order_by("-score")
        .first()
    )
    assert leaders["gpqa-diamond"].score == best.score
    assert leaders["gpqa-diamond"].by_maker


def test_a_model_page_keeps_makers_and_third_parties_apart(client, seeded):
    model = LanguageModel.objects.published().filter(results__isnull=False).order_by("slug").first()
    benchmark = Benchmark.objects.get(slug="mmlu")
    Result.objects.create(
        model=model,
        benchmark=benchmark,
        score=12.5,
        setting="5-shot",
        reported_by="Open Evals Lab",
        source_url="https://evals.example/run",
        date=datetime.date(2026, 6, 1),
    )
    html = client.get(model.get_absolute_url()).content.decode()
    maker = html.index("Reported by the maker")
    third = html.index("Measured by third parties")
    assert maker < third
    assert html.index("Open Evals Lab") > third  # listed under its own heading only


def test_compare_has_a_row_per_shared_benchmark_marked_when_settings_differ(client):
    benchmark, (a, b, c) = world(3)
    Result.objects.filter(model=b).update(setting="5-shot")
    page = client.get(reverse("catalog:compare"), {"models": f"{a.slug},{b.slug},{c.slug}"})
    rows = [row for section in page.context["sections"] for row in section.rows]
    row = next(row for row in rows if row.label.startswith("Quiz"))
    assert [cell.items[0][0] for cell in row.cells] == [
        f"{r.score:g}" for r in (a.results.get(), b.results.get(), c.results.get())
    ]
    assert "settings differ" in row.remark
    Result.objects.filter(model=b).update(setting="")
    page = client.get(reverse("catalog:compare"), {"models": f"{a.slug},{b.slug}"})
    rows = [row for section in page.context["sections"] for row in section.rows]
    assert next(row for row in rows if row.label.startswith("Quiz")).remark == ""


def test_a_task_page_names_its_benchmarks_and_their_leaders(client, seeded):
    html = client.get("/tasks/code-generation/").content.decode()
    section = html[html.index('id="benchmarks-heading"') :]
    leader = (
        Result.objects.published()
        .filter(benchmark__slug="swe-bench-verified", reported_by="maker")
        .order_by("-score")
        .select_related("model")
        .first()
    )
    assert "SWE-bench Verified" in section
    assert leader.model.name in section[: section.index("</section>")]


def test_the_api_lists_benchmarks_and_model_results_carry_their_metric(client, seeded):
    data = client.get("/api/benchmarks/").json()
    assert data["count"] == Benchmark.objects.published().count()
    gpqa = next(b for b in data["results"] if b["slug"] == "gpqa-diamond")
    assert gpqa["result_count"] == Result.objects.filter(benchmark__slug="gpqa-diamond").count()
    model = Result.objects.filter(benchmark__slug="gpqa-diamond").first().model
    record = client.get(f"/api/models/{model.slug}/").json()
    result = next(r for r in record["results"] if r["benchmark"] == "gpqa-diamond")
    assert result["metric"] == "accuracy (%)"
    assert set(result) >= {"score", "setting", "reported_by", "source_url", "date"}
    assert client.get("/api/benchmarks/?page=0").status_code == 400


def test_model_export_rows_carry_the_new_keys(client, seeded):
    export = client.get(reverse("catalog:model_list"), {"format": "json"})
    rows = json.loads(b"".join(export.streaming_content))["results"]
    keys = {
        "knowledge_cutoff",
        "knowledge_cutoff_precision",
        "max_output_tokens",
        "languages",
        "purposes",
        "tool_use",
        "structured_output",
        "offerings",
        "results",
    }
    assert keys <= set(rows[0])
    assert any(row["results"] for row in rows) and any("zh" in row["languages"] for row in rows)


def test_the_api_names_what_a_language_code_must_look_like(client, db):
    response = client.get("/api/models/", {"language": "ZZ"})
    assert response.status_code == 400
    assert response.json()["errors"]["language"] == [
        "Unknown value “ZZ”: each value must match ^[a-z]{2}$."
    ]
