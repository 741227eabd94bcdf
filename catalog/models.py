"""The catalog: language models, who made them, what they descend from, their terms and data."""

import datetime

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.citations import Citation
from core.graph import find_cycle
from core.history import AtlasHistoricalRecords
from core.models import (
    NOTE_LIMIT,
    SUMMARY_LIMIT,
    ReadableJSONEncoder,
    Sourced,
    Timestamped,
    UniquelyNamed,
    long_text,
    slug_validator,
    unique_name,
)
from core.publishing import PublishableQuerySet, Status, status_field, status_valid
from core.slug_urls import slug_url
from core.translation import translation_of
from core.validators import (
    LANGUAGE_RE,
    ListOfNamesValidator,
    validate_date_range,
    validate_text,
)

from . import languages


class OrganizationKind(models.TextChoices):
    COMPANY = "company", gettext_lazy("Company")
    ACADEMIC = "academic", gettext_lazy("Academic")
    NON_PROFIT = "non-profit", gettext_lazy("Non-profit")
    GOVERNMENT = "government", gettext_lazy("Government")
    COMMUNITY = "community", gettext_lazy("Community")


class CommercialUse(models.TextChoices):
    YES = "yes", gettext_lazy("Commercial use allowed")
    NO = "no", gettext_lazy("No commercial use")
    CONDITIONAL = "conditional", gettext_lazy("Commercial use under conditions")


class DatasetAccess(models.TextChoices):
    PUBLIC = "public", gettext_lazy("Public")
    RESTRICTED = "restricted", gettext_lazy("Restricted")
    UNKNOWN = "unknown", gettext_lazy("Unknown")


class Branch(models.TextChoices):
    PRE_TRANSFORMER = "pre-transformer", gettext_lazy("Pre-transformer")
    ENCODER_ONLY = "encoder-only", gettext_lazy("Encoder-only")
    ENCODER_DECODER = "encoder-decoder", gettext_lazy("Encoder-decoder")
    DECODER_ONLY = "decoder-only", gettext_lazy("Decoder-only")
    STATE_SPACE_HYBRID = "state-space-hybrid", gettext_lazy("State-space & hybrid")


class Architecture(models.TextChoices):
    """How the network is built, whatever lane the tree draws it in."""

    TRANSFORMER = "transformer", gettext_lazy("Transformer")
    STATE_SPACE = "state-space", gettext_lazy("State-space")
    RECURRENT = "recurrent", gettext_lazy("Recurrent")
    HYBRID = "hybrid", gettext_lazy("Hybrid")


class Weights(models.TextChoices):
    """How released weights are obtained (closed models have none)."""

    ON_REQUEST = "on-request", gettext_lazy("On request")
    GATED = "gated", gettext_lazy("Gated (accept terms to download)")
    DOWNLOADABLE = "downloadable", gettext_lazy("Downloadable")
    FULLY_OPEN = "fully-open", gettext_lazy("Fully open (weights, data and code)")


class Modality(models.TextChoices):
    TEXT = "text", gettext_lazy("Text")
    IMAGE = "image", gettext_lazy("Image")
    AUDIO = "audio", gettext_lazy("Audio")
    VIDEO = "video", gettext_lazy("Video")


class Reasoning(models.TextChoices):
    YES = "yes", gettext_lazy("Reasoning (thinks before answering)")
    NO = "no", gettext_lazy("No reasoning training")


class Purpose(models.TextChoices):
    """What a model is made and offered for; a model may serve several."""

    CHAT = "chat", gettext_lazy("Chat and instructions")
    CODE = "code", gettext_lazy("Code")
    AGENTIC = "agentic", gettext_lazy("Agentic tool use")
    EMBEDDING = "embedding", gettext_lazy("Embedding")
    RERANKING = "reranking", gettext_lazy("Reranking")
    CLASSIFICATION_SAFETY = "classification-safety", gettext_lazy("Classification and safety")
    SPEECH = "speech", gettext_lazy("Speech")
    VISION_LANGUAGE = "vision-language", gettext_lazy("Vision and language")
    REASONING = "reasoning", gettext_lazy("Reasoning")


# Purposes whose models answer no chat: a classifier, reward or embedding model is never a pick
# for a chat task, whatever else it lists.
NOT_CHAT = {Purpose.EMBEDDING, Purpose.RERANKING, Purpose.CLASSIFICATION_SAFETY}


class Support(models.TextChoices):
    """A capability the maker documents, or not; empty means the maker does not say."""

    YES = "yes", gettext_lazy("Supported")
    NO = "no", gettext_lazy("Not supported")


class Lifecycle(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    DEPRECATED = "deprecated", gettext_lazy("Deprecated")
    RETIRED = "retired", gettext_lazy("Retired")


MAX_ALIASES = 50


def aliases_field() -> models.JSONField:
    """Other names of a model, family or organisation: short names, and the maker's own
    Chinese name. Kept as written (not as \\u escapes), so that a plain LIKE finds a Chinese
    name on SQLite as on PostgreSQL."""
    return models.JSONField(
        default=list,
        blank=True,
        encoder=ReadableJSONEncoder,
        validators=[ListOfNamesValidator(max_items=MAX_ALIASES, max_length=100)],
        help_text="Other names readers search for; Chinese names as the maker writes them.",
    )


class ModelAccess(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    CLOSED = "closed", gettext_lazy("Closed")


class DatePrecision(models.TextChoices):
    YEAR = "year", gettext_lazy("Year")
    MONTH = "month", gettext_lazy("Month")
    DAY = "day", gettext_lazy("Day")

    def format(self, value: datetime.date) -> str:
        """The date shown to readers, no finer than what is known, in their language."""
        return dates.shown(value, self.value)


class Relation(models.TextChoices):
    FINE_TUNED_FROM = "fine-tuned-from", gettext_lazy("fine-tuned from")
    INSTRUCTION_TUNED_FROM = "instruction-tuned-from", gettext_lazy("instruction-tuned from")
    ALIGNED_FROM = "aligned-from", gettext_lazy("aligned (RLHF / chat) from")
    DISTILLED_FROM = "distilled-from", gettext_lazy("distilled from")
    SUCCESSOR_OF = "successor-of", gettext_lazy("successor of")
    VARIANT_OF = "variant-of", gettext_lazy("variant of")
    SCALED_FROM = "scaled-from", gettext_lazy("scaled up from")
    MULTILINGUAL_VERSION_OF = "multilingual-version-of", gettext_lazy("multilingual version of")
    SAME_FAMILY = "same-family", gettext_lazy("same family as")
    PRUNED_FROM = "pruned-from", gettext_lazy("pruned from")
    UPCYCLED_FROM = "upcycled-from", gettext_lazy("upcycled (to mixture-of-experts) from")
    ADAPTED_FROM = "adapted-from", gettext_lazy("adapted (architecture changed) from")
    REASONING_TRAINED_FROM = "reasoning-trained-from", gettext_lazy("reasoning-trained from")
    MERGED_FROM = "merged-from", gettext_lazy("merged from")
    TRAINED_ON_OUTPUTS_OF = "trained-on-outputs-of", gettext_lazy("trained on outputs of")


class Organization(UniquelyNamed, Timestamped):
    Kind = OrganizationKind

    name = models.CharField(max_length=100, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_text],
        help_text="ISO 3166-1 alpha-2 code, e.g. US.",
    )
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])
    aliases = aliases_field()

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()
    page_from_own_row = True  # /changes/ links to its page without another query
    citations = GenericRelation(Citation)  # the sources of its facts (its Chinese name)

    class Meta:
        ordering = ["name"]
        constraints = [
            status_valid("organization"),
            unique_name("organization", "An organisation"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:organization_detail", self.slug)


class License(UniquelyNamed, Timestamped, Sourced):
    CommercialUse = CommercialUse

    name = models.CharField(max_length=150, validators=[validate_text])
    # Only for a name of our own ("Proprietary, API access only"); a maker's name stays as it is.
    name_zh_hans = translation_of(name)
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    version = models.CharField(
        max_length=50,
        blank=True,
        validators=[validate_text],
        help_text="The licence's own version, e.g. 2.0; empty if none.",
    )
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])
    commercial_use = models.CharField(max_length=20, choices=CommercialUse.choices)
    restrictions = long_text(NOTE_LIMIT, help_text="Notable restrictions on use, in plain words.")
    restrictions_zh_hans = translation_of(restrictions)

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["name"]
        constraints = [
            status_valid("license"),
            unique_name("license", "A licence"),
            models.CheckConstraint(
                condition=Q(commercial_use__in=CommercialUse.values),
                name="license_commercial_use_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:license_detail", self.slug)

    def clean(self):
        super().clean()
        if self.status == Status.DRAFT and self.pk is not None:
            users = self.models.published().order_by("name").values_list("name", flat=True)
            names = list(users[:6])
            if names:
                shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
                raise ValidationError(
                    f"Published models carry this licence ({shown}): it cannot go back to "
                    "draft while they do."
                )


class Dataset(UniquelyNamed, Timestamped):
    """A corpus a model was pre-trained or fine-tuned on."""

    Access = DatasetAccess

    name = models.CharField(max_length=150, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    description = long_text(NOTE_LIMIT)
    description_zh_hans = translation_of(description)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.UNKNOWN)
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["name"]
        constraints = [
            status_valid("dataset"),
            unique_name("dataset", "A dataset"),
            models.CheckConstraint(
                condition=Q(access__in=DatasetAccess.values),
                name="dataset_access_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:dataset_detail", self.slug)


class Topic(UniquelyNamed, Timestamped):
    """A section of the survey's curated paper list, e.g. "Alignment"."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_text])
    name_zh_hans = translation_of(name)
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    order = models.PositiveSmallIntegerField(default=0)

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [status_valid("topic"), unique_name("topic", "A topic")]

    def __str__(self):
        return self.name


class Paper(Timestamped):
    """A paper, report, blog post or repository: from the curated list, or introducing a model."""

    title = models.CharField(max_length=300, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    authors = models.CharField(max_length=300, blank=True, validators=[validate_text])
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year it first appeared. Empty for undated pages."
    )
    venue = models.CharField(max_length=100, blank=True, validators=[validate_text])
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])
    topics = models.ManyToManyField(Topic, blank=True, related_name="papers")

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords(m2m_fields=[topics])
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            status_valid("paper"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="paper_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return slug_url("catalog:paper_detail", self.slug)


class Family(UniquelyNamed, Timestamped):
    """A line of releases drawn and listed together (Llama, Llama 2, 3, 3.1 ... 4)."""

    name = models.CharField(max_length=100, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    organizations = models.ManyToManyField(Organization, blank=True, related_name="families")
    aliases = aliases_field()
    summary = long_text(SUMMARY_LIMIT, help_text="One or two sentences, Markdown.")
    summary_zh_hans = translation_of(summary)
    citations = GenericRelation(Citation)  # the sources of its facts (its Chinese name)

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords(m2m_fields=[organizations])
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"
        constraints = [status_valid("family"), unique_name("family", "A family")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:family_detail", self.slug)


def _results():
    """The manager of benchmark results (evidence/models.py, above the catalog: found by name,
    not imported)."""
    return apps.get_model("evidence", "Result").objects


class LanguageModelQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list row shows: licence and (published) organisations, the latter as the
        list `listed_organizations`, in a fixed number of queries."""
        return self.select_related("license").prefetch_related(
            Prefetch(
                "organizations",
                queryset=Organization.objects.published().order_by("name"),
                to_attr="listed_organizations",
            )
        )

    def for_page(self):
        """Everything a model's page (and /compare/) shows, with only the published links: ten
        queries however many models."""
        return self.select_related("license", "family").prefetch_related(
            "sizes",
            Prefetch(
                "past_licenses",
                queryset=PastLicense.objects.published().select_related("license"),
            ),
            Prefetch("organizations", queryset=Organization.objects.published()),
            Prefetch("datasets", queryset=Dataset.objects.published()),
            Prefetch("papers", queryset=Paper.objects.published().order_by("year", "title")),
            Prefetch(
                "parent_links",
                queryset=Lineage.objects.published()
                .select_related("parent")
                .order_by("parent__release_date", "parent__name"),
            ),
            "citations",
            Prefetch(
                "offerings",
                queryset=Offering.objects.published()
                .select_related("provider")
                .prefetch_related("price_history"),
            ),
            Prefetch(
                "results",
                queryset=_results()
                .published()
                .select_related("benchmark")
                .order_by("benchmark__name", "-date", "setting"),
            ),
        )

    def for_export(self):
        """Everything the interchange format carries, in a fixed number of queries."""
        return self.select_related("license", "family").prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.order_by("slug")),
            Prefetch("datasets", queryset=Dataset.objects.order_by("slug")),
            Prefetch("papers", queryset=Paper.objects.order_by("slug")),
            Prefetch(
                "parent_links",
                queryset=Lineage.objects.select_related("parent").order_by("parent__slug"),
            ),
            "sizes",
            Prefetch("past_licenses", queryset=PastLicense.objects.select_related("license")),
            "citations",
            Prefetch(
                "offerings",
                queryset=Offering.objects.select_related("provider").prefetch_related(
                    "price_history"
                ),
            ),
            Prefetch("results", queryset=_results().select_related("benchmark")),
        )


class LanguageModel(UniquelyNamed, Timestamped, Sourced):
    Branch = Branch

    Access = ModelAccess

    DatePrecision = DatePrecision

    name = models.CharField(max_length=100, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    aliases = aliases_field()
    family = models.ForeignKey(
        Family,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="models",
        help_text="The line of releases it belongs to, if any.",
    )
    branch = models.CharField(max_length=20, choices=Branch.choices)
    branch_note = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_text],
        help_text="Why the tree draws it in this branch when its design says otherwise.",
    )
    architecture = models.CharField(
        max_length=20, choices=Architecture.choices, blank=True, help_text="Empty when unknown."
    )
    organizations = models.ManyToManyField(Organization, related_name="models")
    access = models.CharField(
        max_length=10,
        choices=Access.choices,
        help_text="Open: weights downloadable. Closed: weights not released (API or nothing).",
    )
    weights = models.CharField(
        max_length=15,
        choices=Weights.choices,
        blank=True,
        help_text="How released weights are obtained; empty when closed or unknown.",
    )
    release_date = models.DateField(
        validators=[validate_date_range],
        help_text="First public release; with month or year precision the finer parts are 1.",
    )
    release_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    parameters_billions = models.FloatField(
        "parameters (billions)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The largest published size (total). Empty when never published.",
    )
    parameters_active_billions = models.FloatField(
        "active parameters (billions)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Mixture-of-experts: parameters used per token, for the largest size.",
    )
    parameters_note = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_text],
        help_text="Sizes of the family, e.g. “110M (base), 340M (large)”.",
    )
    context_length_tokens = models.PositiveIntegerField(
        "context length (tokens)", null=True, blank=True, validators=[MaxValueValidator(10**9)]
    )
    training_tokens_trillions = models.FloatField(
        "training tokens (trillions)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    input_modalities = models.JSONField(
        default=list, blank=True, help_text="What it reads: text, image, audio, video."
    )
    output_modalities = models.JSONField(
        default=list, blank=True, help_text="What it writes: text, image, audio, video."
    )
    reasoning = models.CharField(
        max_length=3,
        choices=Reasoning.choices,
        default=Reasoning.NO,
        help_text="Trained to think before answering (o1, DeepSeek-R1, QwQ).",
    )
    knowledge_cutoff = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_range],
        help_text="The last date its training data covers, as the maker states it.",
    )
    knowledge_cutoff_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    max_output_tokens = models.PositiveIntegerField(
        "max output (tokens)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**9)],
        help_text="The model's own longest answer; each offering may set its own.",
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="ISO 639-1 codes of the languages the maker lists, e.g. en, zh.",
    )
    languages_unlisted = models.BooleanField(
        "many languages, not listed",
        default=False,
        help_text="The maker says it handles many languages without listing them all.",
    )
    purposes = models.JSONField(default=list, blank=True, help_text="What it is made for.")
    tool_use = models.CharField(
        max_length=3,
        choices=Support.choices,
        blank=True,
        help_text="The maker documents function or tool calling; empty: not said.",
    )
    structured_output = models.CharField(
        max_length=3,
        choices=Support.choices,
        blank=True,
        help_text="The maker documents JSON or schema-constrained output; empty: not said.",
    )
    lifecycle = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    retired_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_range],
        help_text="When it stopped being served; only when retired.",
    )
    license = models.ForeignKey(
        License,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="models",
        help_text="The current licence; empty when the weights were never released.",
    )
    data_license = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_text],
        help_text="Terms of the training data, in short.",
    )
    datasets = models.ManyToManyField(Dataset, blank=True, related_name="models")
    papers = models.ManyToManyField(Paper, blank=True, related_name="models")
    summary = long_text(SUMMARY_LIMIT, help_text="Two or three sentences, Markdown.")
    summary_zh_hans = translation_of(summary)
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])
    parents = models.ManyToManyField(
        "self", through="Lineage", symmetrical=False, related_name="children", blank=True
    )
    # Name, aliases, organisations and summary as weighted search words, kept by PostgreSQL
    # triggers (catalog/search.py); empty on SQLite, which searches the columns instead.
    search_vector = SearchVectorField(null=True, editable=False)
    # Bound by a published ancestor's commercial restriction through weight relations:
    # derived from licences and lineage, and recomputed in the transaction of every change
    # to them (catalog/lineage.py, `refresh_inherited_restriction`).
    inherited_restriction = models.BooleanField(default=False, editable=False)
    # Where each fact comes from, field by field (core/citations.py).
    citations = GenericRelation(Citation)

    objects = LanguageModelQuerySet.as_manager()

    history = AtlasHistoricalRecords(
        m2m_fields=[organizations, datasets, papers],
        excluded_fields=["search_vector", "inherited_restriction"],
    )
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["release_date", "name"]
        constraints = [
            status_valid("languagemodel"),
            unique_name("languagemodel", "A model"),
            models.CheckConstraint(
                condition=Q(parameters_billions__isnull=True) | Q(parameters_billions__gte=0),
                name="languagemodel_parameters_not_negative",
                violation_error_message="Parameters cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(branch__in=Branch.values),
                name="languagemodel_branch_valid",
            ),
            models.CheckConstraint(
                condition=Q(access__in=ModelAccess.values), name="languagemodel_access_valid"
            ),
            models.CheckConstraint(
                condition=Q(architecture__in=["", *Architecture.values]),
                name="languagemodel_architecture_valid",
            ),
            models.CheckConstraint(
                condition=Q(weights="") | Q(access=ModelAccess.OPEN, weights__in=Weights.values),
                name="languagemodel_weights_only_when_open",
                violation_error_message="Only open models have released weights.",
            ),
            models.CheckConstraint(
                condition=Q(reasoning__in=Reasoning.values), name="languagemodel_reasoning_valid"
            ),
            models.CheckConstraint(
                condition=Q(lifecycle__in=Lifecycle.values), name="languagemodel_lifecycle_valid"
            ),
            models.CheckConstraint(
                condition=Q(tool_use__in=["", *Support.values])
                & Q(structured_output__in=["", *Support.values]),
                name="languagemodel_support_valid",
            ),
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | Q(lifecycle=Lifecycle.RETIRED),
                name="languagemodel_retired_on_only_when_retired",
                violation_error_message="Only a retired model has a retirement date.",
            ),
            models.CheckConstraint(
                condition=Q(parameters_active_billions__isnull=True)
                | Q(
                    parameters_billions__isnull=False,
                    parameters_active_billions__gte=0,
                    parameters_active_billions__lte=F("parameters_billions"),
                ),
                name="languagemodel_active_within_total",
                violation_error_message=("Active parameters need a total and cannot exceed it."),
            ),
            models.CheckConstraint(
                condition=Q(release_date_precision="day")
                | Q(release_date_precision="month", release_date__day=1)
                | Q(release_date_precision="year", release_date__day=1, release_date__month=1),
                name="languagemodel_release_date_matches_precision",
                violation_error_message=(
                    "The release date is finer than its precision: use the 1st of the month "
                    "(month precision) or 1 January (year precision)."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["branch"]),
            models.Index(fields=["access"]),
            models.Index(fields=["release_date"]),
            models.Index(fields=["family"]),
            # Every column the /models/ facets count or filter on (catalog/filters.py), after
            # the status all of them test: SQLite counts from this index, not the wide rows.
            models.Index(
                fields=[
                    "status",
                    "branch",
                    "access",
                    "architecture",
                    "weights",
                    "reasoning",
                    "lifecycle",
                    "release_date",
                    "license",
                    "family",
                    "input_modalities",
                ],
                name="languagemodel_facets",
            ),
            # With no filter in use, each facet the index above does not lead with is
            # counted from one of these alone (catalog_counts in catalog/filters.py).
            *(
                models.Index(fields=["status", field], name=f"languagemodel_status_{short}")
                for field, short in (
                    ("inherited_restriction", "inherited"),
                    ("input_modalities", "input"),
                    ("license", "license"),
                    ("family", "family"),
                    ("release_date", "released"),
                )
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:model_detail", self.slug)

    @property
    def release_display(self) -> str:
        return self.DatePrecision(self.release_date_precision).format(self.release_date)

    @property
    def parameters_display(self) -> str:
        if self.parameters_billions is None:
            return _("not published")
        return format_parameters(self.parameters_billions)

    @property
    def active_display(self) -> str:
        active = self.parameters_active_billions
        return "" if active is None else format_parameters(active)

    @property
    def cutoff_display(self) -> str:
        """The knowledge cutoff, no finer than what is known; empty when unsaid."""
        if self.knowledge_cutoff is None:
            return ""
        return self.DatePrecision(self.knowledge_cutoff_precision).format(self.knowledge_cutoff)

    @property
    def ordered_languages(self) -> list[str]:
        """English and Chinese first (what readers here most often look for), then by code."""
        first = [code for code in ("en", "zh") if code in self.languages]
        return first + [code for code in self.languages if code not in first]

    @property
    def language_names(self) -> list[str]:
        return [languages.name(code) for code in self.ordered_languages]

    @property
    def languages_short(self) -> str:
        """At most ten names, then how many more."""
        names = self.language_names
        if len(names) <= 10:
            return ", ".join(names)
        return _("%(names)s and %(count)d more") % {
            "names": ", ".join(names[:8]),
            "count": len(names) - 8,
        }

    @property
    def purpose_labels(self) -> list[str]:
        return [str(Purpose(value).label) for value in self.purposes if value in Purpose.values]

    @property
    def context_display(self) -> str:
        """128,000 for 128000; empty when unknown."""
        tokens = self.context_length_tokens
        return "" if tokens is None else f"{tokens:,}"

    def clean(self):
        super().clean()
        date, precision = self.release_date, self.release_date_precision
        coarse = {self.DatePrecision.MONTH, self.DatePrecision.YEAR}
        if date and precision in coarse and date.day != 1:
            raise ValidationError(
                {"release_date": "With month or year precision, use the 1st of the month."}
            )
        if date and precision == self.DatePrecision.YEAR and date.month != 1:
            raise ValidationError(
                {"release_date": "With year precision, use 1 January of that year."}
            )
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": "Aliases must be a list of names."})
        for name in ("input_modalities", "output_modalities"):
            value = getattr(self, name)
            if not isinstance(value, list) or not set(value) <= set(Modality.values):
                raise ValidationError({name: f"Choose among {', '.join(Modality.values)}."})
        if not isinstance(self.purposes, list) or not set(self.purposes) <= set(Purpose.values):
            raise ValidationError({"purposes": f"Choose among {', '.join(Purpose.values)}."})
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and LANGUAGE_RE.match(code) for code in self.languages
        ):
            raise ValidationError(
                {"languages": "Give ISO 639-1 codes: two lower-case letters, such as en or zh."}
            )
        cutoff, precision = self.knowledge_cutoff, self.knowledge_cutoff_precision
        if cutoff and (
            (precision in coarse and cutoff.day != 1)
            or (precision == self.DatePrecision.YEAR and cutoff.month != 1)
        ):
            message = "Use the 1st of the month (or 1 January) for its precision."
            raise ValidationError({"knowledge_cutoff": message})
        if self.weights and self.access != ModelAccess.OPEN:
            raise ValidationError({"weights": "Only open models have released weights."})
        if self.retired_on and self.lifecycle != Lifecycle.RETIRED:
            raise ValidationError({"retired_on": "Only a retired model has a retirement date."})
        active, total = self.parameters_active_billions, self.parameters_billions
        if active is not None and (total is None or active > total):
            message = "Active parameters need a total and cannot exceed it."
            raise ValidationError({"parameters_active_billions": message})
        if (
            self.status == Status.PUBLISHED
            and self.license
            and self.license.status != Status.PUBLISHED
        ):
            raise ValidationError(
                {
                    "license": f"The licence “{self.license}” is still a draft: a published model "
                    "can only carry a published licence. Publish the licence first."
                }
            )


def format_parameters(billions: float) -> str:
    """340M for 0.34, 1.5B for 1.5, 1.2T for 1200."""
    if billions >= 1000:
        return f"{billions / 1000:g}T"
    if billions >= 1:
        return f"{billions:g}B"
    return f"{billions * 1000:g}M"


class Lineage(Timestamped, Sourced):
    """A typed edge: `child` was derived from `parent`."""

    Relation = Relation

    child = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="child_links")
    relation = models.CharField(max_length=30, choices=Relation.choices)
    note = models.CharField(max_length=300, blank=True, validators=[validate_text])

    objects = PublishableQuerySet.as_manager()
    # No status of its own: a link is public when both of its models are.
    published_with = ("child", "parent")

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["child__name", "parent__name"]
        verbose_name_plural = "lineage"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "parent"],
                name="lineage_unique_edge",
                violation_error_message="This parent is already linked to this model.",
            ),
            models.CheckConstraint(
                condition=~Q(child=F("parent")),
                name="lineage_no_self_edge",
                violation_error_message="A model cannot be its own parent.",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values),
                name="lineage_relation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.child} {self.get_relation_display()} {self.parent}"

    def clean(self):
        super().clean()
        if self.child_id is None or self.parent_id is None:
            return
        if self.child_id == self.parent_id:
            raise ValidationError({"parent": "A model cannot be its own parent."})
        edges = Lineage.objects.exclude(pk=self.pk).values_list("child_id", "parent_id")
        cycle = find_cycle(list(edges) + [(self.child_id, self.parent_id)])
        if cycle:
            names = dict(LanguageModel.objects.filter(pk__in=cycle).values_list("pk", "name"))
            path = " → ".join(names[pk] for pk in cycle)
            raise ValidationError(
                {
                    "parent": f"This link would close a loop in the lineage ({path}; "
                    "each model derived from the next)."
                }
            )


class ModelSize(Timestamped):
    """One released size of a model (8B, 70B, 405B; 8x7B for a mixture of experts)."""

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="sizes")
    label = models.CharField(
        max_length=30,
        validators=[validate_text],
        help_text="As the maker names it, e.g. 70B, 8x7B.",
    )
    parameters_billions = models.FloatField(
        "parameters (billions)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    parameters_active_billions = models.FloatField(
        "active parameters (billions)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Mixture-of-experts only.",
    )

    objects = PublishableQuerySet.as_manager()
    published_with = ("model",)

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = [F("parameters_billions").asc(nulls_last=True), "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "label"],
                name="modelsize_unique_label",
                violation_error_message="This model already has a size with this label.",
            ),
        ]

    def __str__(self):
        return f"{self.model} {self.label}"


class PastLicense(Timestamped):
    """A licence a model carried before its current one, and until when."""

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="past_licenses")
    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="past_models")
    until = models.DateField(
        validators=[validate_date_range], help_text="The day the next licence took over."
    )
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, validators=[validate_text]
    )

    objects = PublishableQuerySet.as_manager()
    published_with = ("model", "license")

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["until"]
        verbose_name = "past licence"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "license"],
                name="pastlicense_unique",
                violation_error_message="This licence is already in the model's history.",
            ),
        ]

    def __str__(self):
        return f"{self.model}: {self.license} until {self.until}"


# Offerings live in their own module (catalog/offerings.py); imported here so Django sees them.
from .offerings import Offering, OfferingPrice, OfferingStatus  # noqa: E402, F401
