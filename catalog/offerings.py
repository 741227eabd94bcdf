"""Offerings: where a model can be used through an API, at what price, until when.

A closed model is offered by its maker's API and often by clouds (Amazon Bedrock, Google
Vertex AI, Azure), each with its own model id, prices, limits and shutdown date. Its lifecycle
follows its offerings (`derived_lifecycle`); an open model's weights outlive any API, so its
lifecycle is its own.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy

from core.history import AtlasHistoricalRecords
from core.models import Timestamped, slug_validator
from core.publishing import PublishableQuerySet
from core.validators import validate_date_range, validate_text


class OfferingStatus(models.TextChoices):
    PREVIEW = "preview", gettext_lazy("Preview")
    ACTIVE = "active", gettext_lazy("Active")
    DEPRECATED = "deprecated", gettext_lazy("Deprecated: shutdown announced")
    RETIRED = "retired", gettext_lazy("Retired: shut down")

    @property
    def is_live(self) -> bool:
        return self in {self.PREVIEW, self.ACTIVE}


PRICE_FIELDS = (
    "price_input_usd_per_mtok",
    "price_cached_input_usd_per_mtok",
    "price_output_usd_per_mtok",
)


def price_field(verbose_name: str) -> models.FloatField:
    return models.FloatField(verbose_name, null=True, blank=True, validators=[MinValueValidator(0)])


def prices_not_negative(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
            name=f"{prefix}_{name}_not_negative",
            violation_error_message="Prices cannot be negative.",
        )
        for name in PRICE_FIELDS
    ]


class Offering(Timestamped):
    """One place a model is served: a provider's service and the model id it answers to."""

    Status = OfferingStatus

    model = models.ForeignKey(
        "catalog.LanguageModel", on_delete=models.CASCADE, related_name="offerings"
    )
    provider = models.ForeignKey(
        "catalog.Organization", on_delete=models.PROTECT, related_name="offerings"
    )
    service = models.CharField(
        max_length=50,
        validators=[slug_validator, validate_text],
        help_text="The platform, as a slug: openai-api, claude-api, gemini-api, vertex-ai, "
        "bedrock, azure ...",
    )
    # `model_id` in the interchange format (the name `model_id` is the foreign key's column).
    provider_model_id = models.CharField(
        "model id",
        max_length=200,
        validators=[validate_text],
        help_text="The id the service answers to, e.g. claude-opus-4-5-20251101.",
    )
    # `status` in the interchange format; named apart from the publishing status (a row with a
    # `status` field is a draft or published, core/publishing.py).
    availability = models.CharField("status", max_length=10, choices=OfferingStatus.choices)
    deprecated_on = models.DateField(
        null=True, blank=True, validators=[validate_date_range], help_text="Announced on."
    )
    retires_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_date_range],
        help_text="The shutdown date, announced or past.",
    )
    price_input_usd_per_mtok = price_field("input, USD per 1M tokens")
    price_cached_input_usd_per_mtok = price_field("cached input, USD per 1M tokens")
    price_output_usd_per_mtok = price_field("output, USD per 1M tokens")
    price_note = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_text],
        help_text="When prices are tiered or conditional, how.",
    )
    context_tokens = models.PositiveIntegerField(null=True, blank=True)
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_text])

    objects = PublishableQuerySet.as_manager()
    published_with = ("model", "provider")

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["service", "provider_model_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "service", "provider_model_id"],
                name="offering_unique",
                violation_error_message="This model already has an offering with this id on "
                "this service.",
            ),
            models.CheckConstraint(
                condition=Q(availability__in=OfferingStatus.values), name="offering_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(availability=OfferingStatus.RETIRED) | Q(retires_on__isnull=False),
                name="offering_retired_has_date",
                violation_error_message="A retired offering needs its shutdown date.",
            ),
            models.CheckConstraint(
                condition=Q(deprecated_on__isnull=True)
                | Q(retires_on__isnull=True)
                | Q(deprecated_on__lte=F("retires_on")),
                name="offering_dates_in_order",
                violation_error_message="The deprecation comes before the shutdown.",
            ),
            *prices_not_negative("offering"),
        ]

    def __str__(self):
        return f"{self.provider_model_id} on {self.service}"

    @property
    def key(self) -> str:
        """How a citation names this offering (`Citation.item`)."""
        return f"{self.service}/{self.provider_model_id}"

    def clean(self):
        today = datetime.date.today()
        if (
            self.availability == OfferingStatus.RETIRED
            and self.retires_on
            and self.retires_on > today
        ):
            raise ValidationError(
                {"availability": "Not retired yet: its shutdown date has not passed (deprecated)."}
            )


class OfferingPrice(Timestamped):
    """A price an offering had before, and the day the next one took effect."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="price_history")
    until = models.DateField(
        validators=[validate_date_range], help_text="The day the next price took effect."
    )
    price_input_usd_per_mtok = price_field("input, USD per 1M tokens")
    price_cached_input_usd_per_mtok = price_field("cached input, USD per 1M tokens")
    price_output_usd_per_mtok = price_field("output, USD per 1M tokens")
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, validators=[validate_text]
    )

    objects = PublishableQuerySet.as_manager()
    published_with = ("offering",)

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["until"]
        verbose_name = "earlier price"
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "until"],
                name="offeringprice_unique",
                violation_error_message="This offering already has a price ending that day.",
            ),
            *prices_not_negative("offeringprice"),
        ]

    def __str__(self):
        return f"{self.offering} until {self.until}"


def derived_lifecycle(statuses, shutdowns) -> tuple[str, datetime.date | None] | None:
    """A closed model's (lifecycle, retired_on) from its offerings' statuses and shutdown
    dates: retired once every offering is (on the last shutdown), deprecated when none is
    live, else active. None without offerings (the model's own value stands)."""
    statuses = [OfferingStatus(status) for status in statuses]
    if not statuses:
        return None
    if all(status == OfferingStatus.RETIRED for status in statuses):
        return "retired", max(shutdowns)
    if not any(status.is_live for status in statuses):
        return "deprecated", None
    return "active", None


def lifecycle_change(model) -> tuple[str, datetime.date | None] | None:
    """The (lifecycle, retired_on) a closed model's saved offerings make, when it differs from
    the model's; None for an open model, one without offerings, or one already agreeing. One
    query."""
    if model.access != "closed":  # catalog.models.ModelAccess.CLOSED (that module imports this)
        return None
    rows = list(model.offerings.values_list("availability", "retires_on"))
    derived = derived_lifecycle(
        [status for status, _ in rows], [date for _, date in rows if date is not None]
    )
    if derived is None or (model.lifecycle, model.retired_on) == derived:
        return None
    return derived


def refresh_lifecycle(model) -> bool:
    """Set and save a closed model's lifecycle as its offerings make it; returns whether it
    changed. One or two queries."""
    change = lifecycle_change(model)
    if change is None:
        return False
    model.lifecycle, model.retired_on = change
    model.save(update_fields=["lifecycle", "retired_on", "updated_at"])
    return True


LIVE = (OfferingStatus.PREVIEW, OfferingStatus.ACTIVE)


def lowest_price(field: str, model_ref: str = "pk") -> Subquery:
    """The lowest `field` price among the live, published offerings of the model that
    `model_ref` names in the outer query (a model's pk, or e.g. "model_id" from a result):
    what it costs at the cheapest place it is served today. Null when none publishes one."""
    offerings = Offering.objects.published().filter(
        model=OuterRef(model_ref), availability__in=LIVE, **{f"{field}__isnull": False}
    )
    return Subquery(offerings.order_by(field).values(field)[:1])
