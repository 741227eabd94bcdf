"""Benchmarks and their results: who reported which score for which model, in what setting.

A maker's own figure (its model card, report or launch post) is reported by `maker`; a figure
measured by a named third party from openly licensed data carries that party's name. Pages
never mix the two without saying which is which.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.citations import validate_https
from core.history import AtlasHistoricalRecords
from core.models import (
    NOTE_LIMIT,
    Timestamped,
    UniquelyNamed,
    long_text,
    slug_validator,
    unique_name,
)
from core.publishing import PublishableQuerySet, status_field, status_valid
from core.slug_urls import slug_url
from core.translation import translation_of
from core.validators import LANGUAGE_RE, validate_date_range, validate_text

MAKER = "maker"  # `Result.reported_by` for the model's own maker


class Benchmark(UniquelyNamed, Timestamped):
    """A test that scores models on one ability (GPQA Diamond, SWE-bench Verified ...)."""

    name = models.CharField(max_length=100, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    measures = long_text(NOTE_LIMIT, help_text="What a high score shows, in plain words.")
    measures_zh_hans = translation_of(measures)
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])
    version = models.CharField(
        max_length=50,
        blank=True,
        validators=[validate_text],
        help_text="The version or subset results refer to, when it has one.",
    )
    metric = models.CharField(
        max_length=60,
        validators=[validate_text],
        help_text="What a score counts, with its unit: accuracy (%), pass@1 (%) ...",
    )
    higher_is_better = models.BooleanField(default=True)
    language = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(LANGUAGE_RE, "Give an ISO 639-1 code such as en or zh.")],
        help_text="ISO 639-1 code of the language of its items; empty when several.",
    )

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["name"]
        constraints = [
            status_valid("benchmark"),
            unique_name("benchmark", "A benchmark"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("evidence:benchmark", self.slug)


class Result(Timestamped):
    """One score of one model on one benchmark, as someone reported it."""

    model = models.ForeignKey(
        "catalog.LanguageModel", on_delete=models.CASCADE, related_name="results"
    )
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="results")
    score = models.FloatField(help_text="In the benchmark's metric.")
    setting = models.CharField(
        max_length=120,
        blank=True,
        validators=[validate_text],
        help_text="How it was run: shots, thinking or not, tools, harness, version "
        "(e.g. 0-shot, thinking, no tools).",
    )
    reported_by = models.CharField(
        max_length=100,
        default=MAKER,
        validators=[validate_text],
        help_text="maker, or the name of the third party that measured it.",
    )
    source_url = models.URLField(
        "source URL", max_length=500, validators=[validate_text, validate_https]
    )
    date = models.DateField(validators=[validate_date_range], help_text="The date of the source.")
    note = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_text],
        help_text="Where in the source, and anything a reader should know about the figure.",
    )

    objects = PublishableQuerySet.as_manager()
    published_with = ("model", "benchmark")

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["benchmark__name", "reported_by", "setting"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "benchmark", "reported_by", "setting"],
                name="result_unique",
                violation_error_message="This model already has this result from this source "
                "in this setting.",
            ),
            models.CheckConstraint(
                condition=Q(source_url__startswith="https://"),
                name="result_source_https",
                violation_error_message="Cite an https:// address.",
            ),
        ]
        indexes = [models.Index(fields=["benchmark", "score"], name="result_benchmark_score")]

    def __str__(self):
        return f"{self.model} on {self.benchmark}: {self.score:g}"

    @property
    def key(self) -> str:
        """What names it in a citation or a message: benchmark/reported_by/setting."""
        return f"{self.benchmark.slug}/{self.reported_by}/{self.setting}"

    @property
    def by_maker(self) -> bool:
        return self.reported_by == MAKER
