"""Citations: where each fact comes from, for any field of any row (DESIGN: core.Citation)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from .history import AtlasHistoricalRecords
from .models import Timestamped
from .validators import validate_text


def validate_https(value: str) -> None:
    """A citation's source is read over https: a reader's browser should not be sent to a
    page that anyone on the way could change."""
    if value and not value.startswith("https://"):
        raise ValidationError("Cite an https:// address.", code="not_https")


class CitationMethod(models.TextChoices):
    """How the cited source supports the fact."""

    STATED = "stated", gettext_lazy("stated by the maker")
    THIRD_PARTY = "third-party", gettext_lazy("third-party source")
    MEASURED = "measured", gettext_lazy("measured")
    ESTIMATED = "estimated", gettext_lazy("estimated")
    INFERRED = "inferred", gettext_lazy("inferred")

    @property
    def is_firm(self) -> bool:
        """Whether the fact rests on a source saying it (not on reasoning about one)."""
        return self in {self.STATED, self.MEASURED}


class Citation(Timestamped):
    """The source of one fact: a field of any row (`field`), or one item of a list it holds
    (`item`: a size's label, a parent's slug, an offering's `service/model_id`).

    A fact may have several citations. Rows point here through a GenericRelation named
    `citations`; the importer replaces a record's citations with its file's.
    """

    Method = CitationMethod

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=50, validators=[validate_text], help_text="The record key the source backs."
    )
    item = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_text],
        help_text="For a list: which item (a size label, parent slug, service/model id); "
        "empty for all of them.",
    )
    source_url = models.URLField(
        "source URL", max_length=500, validators=[validate_text, validate_https]
    )
    retrieved_on = models.DateField(help_text="The day the source was read.")
    method = models.CharField(max_length=20, choices=CitationMethod.choices)
    note = models.CharField(
        max_length=500,
        validators=[validate_text],
        help_text="Where in the source (section, table, line) and what it says, in our words; "
        "for an inference, why.",
    )

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["field", "item", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=CitationMethod.values),
                name="citation_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source_url__startswith="https://"),
                name="citation_source_https",
                violation_error_message="Cite an https:// address.",
            ),
        ]

    def __str__(self):
        target = f"{self.field}[{self.item}]" if self.item else self.field
        return f"{target}: {self.source_url}"

    def covers(self, field: str, item: str = "") -> bool:
        """Whether this citation backs `field` (and `item` of it, when given)."""
        return self.field == field and (not self.item or self.item == item)
