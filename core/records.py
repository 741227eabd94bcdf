"""A record declared once: how each key of an interchange section is read, written and shown.

Each app declares its sections as `{key: Spec}` dictionaries (`catalog/records.py`,
`guidance/records.py`). From one declaration come:

- validation of a file's objects (`Reader.read_object`, used by `atlas/interchange.py`), with
  problems located by JSON path;
- the record written on export (`to_record`), keys in declaration order;
- the database columns the importer writes (`columns`);
- the CSV columns of a download (`csv_columns`);
- the API's serializers and their OpenAPI schema (`api/serializers.py`, from `help`).

A spec with `interchange=False` is a derived value shown in downloads only (a model's
commercial use comes from its licence); the format neither reads nor writes it.

A key stored in a model field takes the field's rules (`from_model`): its length limit and its
validators (no control characters, dates in range), so each rule has one home, the model.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, replace

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import EMPTY_VALUES, MaxLengthValidator, URLValidator

from .models import slug_validator
from .publishing import Status, status_entry
from .validators import LANGUAGE_RE

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
COUNTRY_RE = re.compile(r"^[A-Z]{2}\Z")

_url_validator = URLValidator(schemes=["http", "https"])

# Kinds whose value is not a column of the row itself (related rows, nested objects).
NESTED_KINDS = {"refs", "parents", "object", "objects"}


@dataclass(frozen=True)
class Spec:
    """One key of a record. `kind` picks the checker; the rest parameterise it."""

    kind: str
    help: str = ""  # what the key means, for the API schema
    required: bool = False
    default: object = ""
    max_length: int | None = None  # from the model field (`from_model`)
    validators: tuple = ()  # the model field's, run on the value read (`from_model`)
    choices: type | None = None  # a TextChoices class, for "choice" and "status"
    ref: str | None = None  # section a slug (or list of slugs) must exist in
    fields: dict | None = None  # specs of a nested object ("object") or of list items
    # for "objects"/"parents": the key (or keys, joined by "/") that must not repeat in the
    # list; None lets items repeat
    key: str | tuple[str, ...] | None = None
    noun: str | None = None  # for "objects"/"parents": what a repeated item is called
    nullable: bool = False  # for "choice" and "int": null is allowed and means "none"
    empty: bool = False  # for "choice": "" is allowed and means "unknown"
    attr: str | None = None  # the model attribute, when it is not named like the key
    interchange: bool = True  # False: derived, shown in downloads only
    source: str | None = None  # for derived values: the lookup that reads them
    csv: bool = True  # a column of the CSV download
    since: int = 1  # the format version that introduced the key (llm-atlas/<since>)
    maximum: int = 32767  # for "int": the largest whole number accepted
    unit: str = "billions of parameters"  # for "number": what it counts, for messages
    ordered: bool = False  # for "objects": keep the rows' own order instead of sorting by key

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices.choices) if self.choices else ()

    def item_key(self, item: dict) -> str:
        """What names one item of an "objects" list: its `key` value(s), joined by "/"."""
        keys = self.key if isinstance(self.key, tuple) else (self.key,)
        return "/".join(str(item[name]) for name in keys)

    def fresh_default(self):
        return list(self.default) if isinstance(self.default, list) else self.default


# Kinds whose value is stored in one model field, whose rules it then follows.
FIELD_KINDS = {"str", "text", "url", "country", "date", "strings"}


def from_model(model, specs: dict[str, Spec]) -> dict[str, Spec]:
    """`specs` with the length limit and validators of the `model` field each key is stored
    in (keys of `FIELD_KINDS` only; the length check is the reader's own)."""
    bound = {}
    for key, spec in specs.items():
        try:
            field = model._meta.get_field(spec.attr or key)
        except FieldDoesNotExist:
            field = None
        if field is not None and spec.kind in FIELD_KINDS:
            validators = tuple(v for v in field.validators if not isinstance(v, MaxLengthValidator))
            spec = replace(spec, max_length=field.max_length, validators=validators)
        bound[key] = spec
    return bound


def chinese(key: str, help: str, kind: str = "text") -> dict[str, Spec]:
    """The key of a text's zh-hans translation (core/translation.py), beside its English."""
    return {
        f"{key}_zh_hans": Spec(
            kind, f"{help} In Simplified Chinese; empty: not translated.", since=3, csv=False
        )
    }


# Drafts travel in backups; a record without a status is published (core/publishing.py).
STATUS = Spec("status", choices=Status, default=Status.PUBLISHED.value, csv=False)


def interchange_specs(specs: dict[str, Spec], version: int | None = None) -> dict[str, Spec]:
    """The keys the format reads and writes (in `version` of it, when given)."""
    return {
        key: spec
        for key, spec in specs.items()
        if spec.interchange and (version is None or spec.since <= version)
    }


def columns(specs: dict[str, Spec]) -> list[str]:
    """The row's own columns in declaration order (foreign keys as `<attr>_id`)."""
    return [
        f"{spec.attr or key}_id" if spec.kind == "ref" else (spec.attr or key)
        for key, spec in interchange_specs(specs).items()
        if spec.kind not in NESTED_KINDS
    ]


def csv_columns(specs: dict[str, Spec]) -> list[str]:
    """Columns of a CSV download, in declaration order."""
    return [key for key, spec in specs.items() if spec.csv]


# --- Export --------------------------------------------------------------------------------


def to_record(obj, specs: dict[str, Spec]) -> dict:
    """`obj` as an interchange record. Related rows come from `.all()`, so prefetch them."""
    record = {}
    for key, spec in interchange_specs(specs).items():
        value = getattr(obj, spec.attr or key)
        if spec.kind == "status":
            record |= status_entry(obj)
        elif spec.kind == "date":
            record[key] = value.isoformat() if value is not None else None
        elif spec.kind in {"strings", "choices", "languages"}:
            record[key] = list(value)
        elif spec.kind == "ref":
            record[key] = value.slug if value is not None else None
        elif spec.kind == "refs":
            record[key] = sorted(item.slug for item in value.all())
        elif spec.kind in {"parents", "objects"}:
            items = [to_record(item, spec.fields) for item in value.all()]
            record[key] = items if spec.ordered else sorted(items, key=spec.item_key)
        else:
            record[key] = value
    return record


# --- Validation ----------------------------------------------------------------------------

INVALID = object()


class Reader:
    """Checks objects against their specs, collecting problems and slug references.

    `problems` gets one message per problem, prefixed with its JSON path; `refs` gets a
    (path, section, slug) for every slug that must exist, checked later against the database.
    """

    def __init__(self, problems: list[str], refs: list[tuple[str, str, str]], version: int):
        self.problems = problems
        self.refs = refs
        self.version = version  # of the format: keys introduced later are unknown

    def fail(self, path: str, message: str):
        self.problems.append(f"{path}: {message}")
        return INVALID

    def read_object(self, item, specs: dict[str, Spec], path: str) -> dict | None:
        """The object's values by key, defaults filled in; None when it is not an object."""
        if not isinstance(item, dict):
            self.fail(path, "must be an object")
            return None
        known = interchange_specs(specs, self.version)
        cleaned = {}
        for key in item:
            if key not in known:
                self.fail(f"{path}.{key}", "unknown key")
        for key, spec in interchange_specs(specs).items():
            if key not in known:  # introduced by a later version: empty
                cleaned[key] = spec.fresh_default()
                continue
            if key not in item:
                if spec.required:
                    self.fail(f"{path}.{key}", "required")
                else:
                    cleaned[key] = spec.fresh_default()
                continue
            value = self.read_value(item[key], spec, f"{path}.{key}")
            if value is not INVALID:
                cleaned[key] = value
        return cleaned

    def read_value(self, value, spec: Spec, path: str):
        value = getattr(self, f"_{spec.kind}")(value, spec, path)
        if value is INVALID or value in EMPTY_VALUES:  # as Django's fields: empty is not checked
            return value
        for validator in spec.validators:
            try:
                validator(value)
            except ValidationError as error:
                return self.fail(path, " ".join(error.messages))
        return value

    def _str(self, value, spec: Spec, path: str):
        if not isinstance(value, str):
            return self.fail(path, f"must be a string, got {type_name(value)}")
        if "\x00" in value:
            return self.fail(path, "contains a NUL character")
        if spec.required and not value.strip():
            return self.fail(path, "must not be empty")
        if spec.max_length and len(value) > spec.max_length:
            return self.fail(path, f"longer than {spec.max_length} characters ({len(value)})")
        return value

    _text = _str

    def _url(self, value, spec: Spec, path: str):
        value = self._str(value, spec, path)
        if value is INVALID or not value:
            return value
        try:
            _url_validator(value)
        except ValidationError:
            return self.fail(path, f"not a valid http(s) URL: {value!r}")
        return value

    def _country(self, value, spec: Spec, path: str):
        value = self._str(value, spec, path)
        if value is INVALID or not value or COUNTRY_RE.match(value):
            return value
        return self.fail(
            path, f"expected a two-letter ISO country code such as 'US', got {value!r}"
        )

    def _slug(self, value, spec: Spec, path: str):
        if not isinstance(value, str) or not slug_validator.regex.match(value) or len(value) > 100:
            return self.fail(
                path,
                f"bad slug {value!r}: use lower-case letters, digits, '-' and '_' (at most 100)",
            )
        return value

    def _choice(self, value, spec: Spec, path: str):
        if (value is None and spec.nullable) or (value == "" and spec.empty):
            return value
        if value not in spec.values:
            allowed = ", ".join(spec.values) + (" or empty" if spec.empty else "")
            return self.fail(path, f"{value!r} is not one of {allowed}")
        return value

    _status = _choice

    def _int(self, value, spec: Spec, path: str):
        if value is None and spec.nullable:
            return None
        top = spec.maximum
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            rule = f"a whole number from 0 to {top}" + (" or null" if spec.nullable else "")
            return self.fail(path, f"must be {rule}, got {value!r}")
        return value

    def _year(self, value, spec: Spec, path: str):
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
            return self.fail(path, f"must be a year between 1900 and 2100 or null, got {value!r}")
        return value

    def _number(self, value, spec: Spec, path: str):
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            return self.fail(path, f"must be a number or null, got {type_name(value)}")
        if not 0 <= value < 1e9:
            return self.fail(path, f"must be zero or more ({spec.unit}), got {value!r}")
        return float(value)

    def _date(self, value, spec: Spec, path: str):
        if value is None and not spec.required:
            return None
        if not isinstance(value, str) or not DATE_RE.match(value):
            return self.fail(path, f"expected an ISO date like '2022-11-30', got {value!r}")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return self.fail(path, f"not a real date: {value!r}")

    def _bool(self, value, spec: Spec, path: str):
        if not isinstance(value, bool):
            return self.fail(path, f"must be true or false, got {value!r}")
        return value

    def _languages(self, value, spec: Spec, path: str):
        """ISO 639-1 codes, each at most once."""
        if not isinstance(value, list) or not all(
            isinstance(v, str) and LANGUAGE_RE.match(v) for v in value
        ):
            return self.fail(
                path, "must be a list of ISO 639-1 codes: two lower-case letters, like 'zh'"
            )
        duplicates = sorted(v for v, n in Counter(value).items() if n > 1)
        if duplicates:
            return self.fail(path, f"listed twice: {', '.join(duplicates)}")
        return value

    def _strings(self, value, spec: Spec, path: str):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return self.fail(path, "must be a list of non-empty strings")
        if any("\x00" in v for v in value):
            return self.fail(path, "contains a NUL character")
        return value

    def _choices(self, value, spec: Spec, path: str):
        """A list of choice values, each at most once."""
        if not isinstance(value, list) or not all(v in spec.values for v in value):
            return self.fail(path, f"must be a list of {', '.join(spec.values)}")
        duplicates = sorted(v for v, n in Counter(value).items() if n > 1)
        if duplicates:
            return self.fail(path, f"listed twice: {', '.join(duplicates)}")
        return value

    def _ref(self, value, spec: Spec, path: str):
        if value is None and not spec.required:
            return None
        if not isinstance(value, str):
            return self.fail(path, f"must be a slug, got {type_name(value)}")
        self.refs.append((path, spec.ref, value))
        return value

    def _refs(self, value, spec: Spec, path: str):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self.fail(path, "must be a list of slugs")
        if spec.required and not value:
            return self.fail(path, "must name at least one")
        duplicates = sorted(v for v, n in Counter(value).items() if n > 1)
        if duplicates:
            return self.fail(path, f"listed twice: {', '.join(duplicates)}")
        for index, slug in enumerate(value):
            self.refs.append((f"{path}[{index}]", spec.ref, slug))
        return value

    def _object(self, value, spec: Spec, path: str):
        cleaned = self.read_object(value, spec.fields, path)
        return INVALID if cleaned is None else cleaned

    def _objects(self, value, spec: Spec, path: str):
        """A list of objects, none repeating `spec.key`; items missing a required key (already
        reported) are left out."""
        if not isinstance(value, list):
            what = "{model, relation} objects" if spec.kind == "parents" else "objects"
            return self.fail(path, f"must be a list of {what}")
        required = [key for key, field in spec.fields.items() if field.required]
        items = []
        for index, item in enumerate(value):
            cleaned = self.read_object(item, spec.fields, f"{path}[{index}]")
            if cleaned is not None and all(key in cleaned for key in required):
                items.append(cleaned)
        if spec.key is None:
            return items
        seen = Counter(spec.item_key(item) for item in items)
        for slug, n in sorted(seen.items()):
            if n > 1:
                self.problems.append(f"{path}: {spec.noun or spec.key} {slug!r} listed {n} times")
        return items

    _parents = _objects


def type_name(value) -> str:
    return {dict: "an object", list: "a list", type(None): "null", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )
