"""Model helpers shared by the apps: slugs, timestamps, sources, names unique ignoring case,
text with a limit."""

import json
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models

from .validators import validate_text

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*\Z",
    "Use lower-case letters, digits, hyphens and underscores, starting with a letter or digit.",
)

# Limits of free text (characters): generous, but a page, a search vector and an export stay
# small whatever one row holds.
SUMMARY_LIMIT = 20_000  # a summary or rationale, Markdown
NOTE_LIMIT = 5_000  # a description, restrictions, an explanation


class ReadableJSONEncoder(json.JSONEncoder):
    """JSON keeping non-ASCII characters as they are, not as \\u escapes."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def long_text(max_length: int, **options) -> models.TextField:
    """Free text of at most `max_length` characters without control characters.

    Django's forms honour a TextField's `max_length` but its model validation does not: the
    validator makes `full_clean` (and so the admin) refuse longer text; the importer reads the
    limit from the field (`core/records.py`).
    """
    return models.TextField(
        blank=True,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length), validate_text],
        **options,
    )


# --- Names unique ignoring case ----------------------------------------------------------


def name_key(name: str) -> str:
    """What names are compared by: Unicode compatibility normalisation and case folding
    (NFKC_Casefold, in Python), so "İ", "ß"/"SS" and "Σ"/"σ"/"ς" compare the same way on
    every database. Lower() in SQL does not: SQLite folds ASCII only, PostgreSQL by locale."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


class NameKeyField(models.TextField):
    """The row's `name` as `name_key` compares it, set on every save (bulk_create too, which
    calls `pre_save`). Not editable; left out of the edit history (core/history.py)."""

    def __init__(self, *args, **kwargs):
        kwargs["editable"] = False
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = name_key(model_instance.name)
        setattr(model_instance, self.attname, value)
        return value


class UniquelyNamed(models.Model):
    """A model whose `name` is unique ignoring case: it carries the key and checks it in
    `full_clean`, so the admin says which name clashes. Add `unique_name(...)` to its
    constraints."""

    name_key = NameKeyField()

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        self.name_key = name_key(self.name or "")
        exclude = set(exclude or ())
        if "name" not in exclude:
            exclude.discard("name_key")  # never in a form; checked when the name is
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = {}
            for key, found in error.update_error_dict({}).items():
                for one in found:
                    errors.setdefault("name" if one.code == NAME_TAKEN else key, []).append(one)
            raise ValidationError(errors) from None


NAME_TAKEN = "name_taken"


def unique_name(prefix: str, noun: str) -> models.UniqueConstraint:
    """Names are unique ignoring case, so "LLaMA" and "Llama" cannot both exist."""
    return models.UniqueConstraint(
        fields=["name_key"],
        name=f"{prefix}_unique_name_ci",
        violation_error_code=NAME_TAKEN,
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

    source_url = models.URLField(
        "source URL", max_length=500, blank=True, validators=[validate_text]
    )
    source_note = models.CharField(
        max_length=1000,
        blank=True,
        validators=[validate_text],
        help_text="What the source says, or what is uncertain about this fact.",
    )

    class Meta:
        abstract = True


# The one concrete model of core, in its own module (it needs the history base, which needs
# this module).
from .citations import Citation, CitationMethod  # noqa: E402, F401
