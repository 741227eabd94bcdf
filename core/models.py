"""Model helpers shared by the apps: slugs, timestamps, sources, names unique ignoring case."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*\Z",
    "Use lower-case letters, digits, hyphens and underscores, starting with a letter or digit.",
)


def unique_name(prefix: str, noun: str) -> models.UniqueConstraint:
    """Names are unique ignoring case, so "LLaMA" and "Llama" cannot both exist."""
    return models.UniqueConstraint(
        Lower("name"),
        name=f"{prefix}_unique_name_ci",
        violation_error_message=(
            f"{noun} with this name already exists (names are compared ignoring case)."
        ),
    )


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Where a fact comes from, so a reader can check it."""

    source_url = models.URLField("source URL", max_length=500, blank=True)
    source_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the source says, or what is uncertain about this fact.",
    )

    class Meta:
        abstract = True
