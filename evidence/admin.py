"""Benchmarks and results in the admin: edited with history like every curated row; a model's
results are also edited on its own page (catalog/admin.py, ResultInline)."""

from django.contrib import admin

from core.admin import ChangedRecentlyFilter, CuratedAdmin

from .models import Benchmark, Result


@admin.register(Benchmark)
class BenchmarkAdmin(CuratedAdmin):
    list_display = ("name", "metric", "language", "version", "higher_is_better")
    list_filter = ("language", "higher_is_better", ChangedRecentlyFilter)
    search_fields = ("name", "slug", "measures")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        ("measures", "measures_zh_hans"),
        "url",
        ("version", "metric", "higher_is_better"),
        "language",
    )


@admin.register(Result)
class ResultAdmin(CuratedAdmin):
    list_display = ("model", "benchmark", "score", "setting", "reported_by", "date")
    list_filter = ("benchmark", "reported_by", ChangedRecentlyFilter)
    list_select_related = ("model", "benchmark")
    search_fields = ("model__name", "benchmark__name", "setting", "reported_by", "note")
    autocomplete_fields = ("model", "benchmark")
    date_hierarchy = "date"
