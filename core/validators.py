"""Rules every curated value follows, whoever writes it: the admin's forms (through the model
fields' validators) and the importer (`core/records.py` calls the same functions).

- Text holds no control characters: C0 other than tab, line feed and carriage return, C1, and
  lone surrogates are refused (XML cannot carry most of them, and none is ever meant).
- Dates lie between 1950 and a few years from today.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# C0 except \t \n \r, DEL and C1, lone surrogates (only Python strings can hold those).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

EARLIEST_DATE = datetime.date(1950, 1, 1)
YEARS_AHEAD = 5  # announced releases and licence changes may be dated a little ahead


def latest_date() -> datetime.date:
    """The last date a curated fact may carry: 31 December, `YEARS_AHEAD` years from now."""
    return datetime.date(datetime.date.today().year + YEARS_AHEAD, 12, 31)


def date_in_range(value: datetime.date) -> bool:
    return EARLIEST_DATE <= value <= latest_date()


def validate_date_range(value: datetime.date) -> None:
    """Refuse a date before 1950 or more than a few years ahead (a typo such as 9999)."""
    if value is not None and not date_in_range(value):
        raise ValidationError(
            "Use a date between %(earliest)s and %(latest)s; %(value)s is out of range.",
            code="date_out_of_range",
            params={
                "earliest": EARLIEST_DATE.isoformat(),
                "latest": latest_date().isoformat(),
                "value": value.isoformat(),
            },
        )


def describe_character(char: str) -> str:
    """U+0007 for BEL: how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def validate_text(value: str) -> None:
    """Refuse text holding a control character (see the module docstring), naming the first."""
    found = CONTROL_CHARACTERS.search(value or "")
    if found:
        raise ValidationError(
            "Remove the invisible control character %(char)s at position %(position)s.",
            code="control_character",
            params={"char": describe_character(found.group()), "position": found.start() + 1},
        )


def strip_control_characters(text: str) -> str:
    """`text` without the characters `validate_text` refuses: for writing XML (feeds, SVG),
    so that a row stored before the rule, or a history record, cannot break a document."""
    return CONTROL_CHARACTERS.sub("", text)


@deconstructible
class ListOfNamesValidator:
    """A JSON list of at most `max_items` names, each non-empty text of at most `max_length`
    characters without control characters (a model's aliases)."""

    def __init__(self, max_items: int, max_length: int):
        self.max_items = max_items
        self.max_length = max_length

    def __call__(self, value) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValidationError("Give a list of names.", code="not_a_list_of_names")
        if len(value) > self.max_items:
            raise ValidationError(
                "Give at most %(max)s names (%(count)s given).",
                code="too_many_names",
                params={"max": self.max_items, "count": len(value)},
            )
        for name in value:
            if len(name) > self.max_length:
                raise ValidationError(
                    "Each name has at most %(max)s characters; “%(start)s…” has %(length)s.",
                    code="name_too_long",
                    params={"max": self.max_length, "start": name[:20], "length": len(name)},
                )
            validate_text(name)

    def __eq__(self, other):
        return isinstance(other, ListOfNamesValidator) and (self.max_items, self.max_length) == (
            other.max_items,
            other.max_length,
        )


# An ISO 639-1 language code: two lower-case letters (en, zh).
LANGUAGE_RE = re.compile(r"^[a-z]{2}\Z")
