"""Which upstream entry is which atlas model (`Mapping`), what the datasets propose
(`Proposal`), and which copies of them the sync has read (`Snapshot`).

Nothing here is a fact of the catalog: a proposal changes the catalog only when an editor
accepts it (`upstream/review.py`).
"""

import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.citations import validate_https
from core.history import AtlasHistoricalRecords
from core.models import Timestamped, slug_validator
from core.validators import validate_text

from .datasets import Dataset
from .facts import fact_for


def dataset_field(**options) -> models.CharField:
    return models.CharField(_("dataset"), max_length=20, choices=Dataset.choices, **options)


def dataset_valid(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(dataset__in=Dataset.values), name=f"{prefix}_dataset_valid"
    )


class MappingQuerySet(models.QuerySet):
    def for_dataset(self, dataset: Dataset):
        """The dataset's mappings with their model and provider (one query)."""
        return self.filter(dataset=dataset).select_related("model", "provider")


class Mapping(Timestamped):
    """An entry of a dataset is this atlas model, and for data about one place it is served
    (prices, limits, shutdown) this offering: provider, service and the id it answers to.

    Entries without a mapping are left alone: the sync never guesses by name.
    """

    in_public_changes = False  # editors' work, not facts: kept off /changes/

    dataset = dataset_field()
    upstream_id = models.CharField(
        _("upstream id"),
        max_length=300,
        validators=[validate_text],
        help_text=_(
            "The entry's id in the dataset: models.dev 'provider/model', a LiteLLM key, "
            "an Epoch AI model name."
        ),
    )
    model = models.ForeignKey(
        "catalog.LanguageModel", on_delete=models.CASCADE, related_name="upstream_mappings"
    )
    provider = models.ForeignKey(
        "catalog.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upstream_mappings",
        help_text=_("Who serves it, for data about one offering; empty for model data only."),
    )
    service = models.CharField(
        max_length=50,
        blank=True,
        validators=[slug_validator],
        help_text=_("The offering's service (openai-api, claude-api, vertex-ai ...)."),
    )
    provider_model_id = models.CharField(
        _("model id"),
        max_length=200,
        blank=True,
        validators=[validate_text],
        help_text=_("The id the service answers to, as the atlas records the offering."),
    )
    model_facts = models.BooleanField(
        _("model facts too"),
        default=False,
        help_text=_(
            "For an offering: also propose the model's own facts (context length, release "
            "date) from this entry. Tick it for the maker's own API only."
        ),
    )
    note = models.CharField(max_length=300, blank=True, validators=[validate_text])

    objects = MappingQuerySet.as_manager()
    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["dataset", "upstream_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "upstream_id"],
                name="mapping_unique",
                violation_error_message=_("This entry of the dataset is mapped already."),
            ),
            dataset_valid("mapping"),
            models.CheckConstraint(
                condition=Q(provider__isnull=True, service="", provider_model_id="")
                | (Q(provider__isnull=False) & ~Q(service="") & ~Q(provider_model_id="")),
                name="mapping_offering_whole",
                violation_error_message=_(
                    "An offering needs its provider, service and model id; leave all three "
                    "empty for model data only."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.dataset}:{self.upstream_id} → {self.model_id and self.model.slug}"

    @property
    def is_offering(self) -> bool:
        return bool(self.service)

    @property
    def gives_model_facts(self) -> bool:
        return not self.service or self.model_facts

    @property
    def offering_key(self) -> str:
        """The mapped offering as a citation names it (`Offering.key`)."""
        return f"{self.service}/{self.provider_model_id}" if self.service else ""


class ProposalState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ProposalState.OPEN)

    def for_review(self):
        """What the review queue shows: model, provider and decider (one query)."""
        return self.select_related("model", "provider", "decided_by")


class Proposal(Timestamped):
    """A value a dataset gives for one fact of a model or of one of its offerings, waiting
    for an editor (or decided by one).

    `field` is the model record's key: a fact of the model itself ("context_length_tokens",
    "release_date"), or "offerings", with the offering named by `service`/`provider_model_id`
    and the fact of it by `part` ("price_input_usd_per_mtok", "status" ...; empty proposes a
    new offering, whose values `upstream_value` holds as an object). A rejected value for the
    same target is never proposed again.
    """

    in_public_changes = False  # editors' work, not facts: kept off /changes/

    State = ProposalState

    dataset = dataset_field()
    upstream_id = models.CharField(_("upstream id"), max_length=300, validators=[validate_text])
    snapshot_on = models.DateField(_("snapshot of"), help_text=_("The day the copy was taken."))
    upstream_key = models.CharField(
        _("upstream key"),
        max_length=100,
        validators=[validate_text],
        help_text=_("The dataset's own name for the value, e.g. cost.input."),
    )
    upstream_source = models.URLField(
        _("upstream source"),
        max_length=500,
        validators=[validate_text, validate_https],
        help_text=_("The source the dataset gives for the entry, or else the dataset's file."),
    )
    upstream_note = models.CharField(
        _("upstream note"),
        max_length=500,
        blank=True,
        validators=[validate_text],
        help_text=_("What the dataset says beside the value (its notes, its confidence)."),
    )
    model = models.ForeignKey(
        "catalog.LanguageModel", on_delete=models.CASCADE, related_name="upstream_proposals"
    )
    field = models.CharField(max_length=50)
    provider = models.ForeignKey(
        "catalog.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upstream_proposals",
    )
    service = models.CharField(max_length=50, blank=True)
    provider_model_id = models.CharField(_("model id"), max_length=200, blank=True)
    part = models.CharField(max_length=50, blank=True)
    current_value = models.JSONField(_("current value"), null=True, blank=True)
    upstream_value = models.JSONField(_("upstream value"))
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateTimeField(null=True, blank=True)

    objects = ProposalQuerySet.as_manager()
    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["model", "field", "service", "provider_model_id", "part", "pk"]
        indexes = [
            models.Index(fields=["model", "field"], name="proposal_target"),
            models.Index(fields=["state", "dataset"], name="proposal_queue"),
        ]
        constraints = [
            dataset_valid("proposal"),
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=ProposalState.OPEN) | Q(decided_on__isnull=False),
                name="proposal_decided_when_closed",
            ),
            models.CheckConstraint(
                condition=(Q(field="offerings") & ~Q(service="") & ~Q(provider_model_id=""))
                | (~Q(field="offerings") & Q(service="", provider_model_id="", part="")),
                name="proposal_target_whole",
            ),
            models.CheckConstraint(
                condition=Q(upstream_source__startswith="https://"),
                name="proposal_source_https",
            ),
        ]

    def __str__(self):
        return f"{self.model_id and self.model.slug}: {self.target} = {self.upstream_value}"

    @property
    def item(self) -> str:
        """The offering as a citation names it (`Offering.key`); empty for a model's fact."""
        return f"{self.service}/{self.provider_model_id}" if self.service else ""

    @property
    def target(self) -> str:
        """What it proposes to change: "context_length_tokens",
        "offerings[claude-api/claude-opus-4-6].price_input_usd_per_mtok", or
        "offerings[claude-api/claude-opus-4-6]" for a new offering."""
        if not self.item:
            return self.field
        return f"{self.field}[{self.item}]" + (f".{self.part}" if self.part else "")

    @property
    def identity(self) -> tuple:
        """What makes two proposals the same: the target and the value."""
        return (
            self.model_id,
            self.field,
            self.service,
            self.provider_model_id,
            self.part,
            canonical_json(self.upstream_value),
        )

    def show(self, value) -> str:
        """A value of this proposal as a reviewer reads it."""
        fact = fact_for(self.field, self.part)
        if fact is not None:
            return fact.show(value)
        if isinstance(value, dict):
            return "; ".join(f"{key} {item}" for key, item in sorted(value.items()))
        return "—" if value is None else str(value)


def canonical_json(value) -> str:
    """A value as comparable text (keys sorted)."""
    return json.dumps(value, sort_keys=True)


class SnapshotQuerySet(models.QuerySet):
    def newest_by_dataset(self) -> dict:
        """{dataset: its newest snapshot read} (one query)."""
        newest = {}
        for snapshot in self.order_by("dataset", "-taken_on", "-read_at"):
            newest.setdefault(snapshot.dataset, snapshot)
        return newest


class Snapshot(models.Model):
    """A copy of a dataset the sync has read, and what came of it."""

    dataset = dataset_field()
    taken_on = models.DateField(help_text=_("The day the copy was taken."))
    source = models.CharField(
        max_length=500, help_text=_("The URL it was read from, or the file's name.")
    )
    read_at = models.DateTimeField(auto_now_add=True)
    new = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-read_at"]
        get_latest_by = "read_at"
        constraints = [dataset_valid("snapshot")]

    def __str__(self):
        return f"{self.get_dataset_display()} of {self.taken_on}"
