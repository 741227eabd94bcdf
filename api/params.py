"""Query parameters: described once, published in the schema, enforced on every request.

A list endpoint's parameters are read off the page's FilterSet (its form fields give names,
types, choices and limits), so the API and the page cannot disagree on what a parameter is.
Checking a request is two steps:

1. `check_query` holds the raw query string to the published schema: no unknown parameter,
   no repeated single value, no empty value, digits for whole numbers, strings within their
   length. (The FilterSet forms are lenient about these: they strip spaces, read "2000.0"
   as 2000 and take an empty value for none.)
2. The FilterSet validates the values themselves, as it does for the page, and
   `filterset_errors` turns what it rejected or ignored into errors by parameter.

Either step failing answers 400 with `{"detail": ..., "errors": {"<param>": ["..."]}}`.
"""

import re
from dataclasses import dataclass, field

from django import forms
from rest_framework import status
from rest_framework.exceptions import APIException

NO_NUL = "^[^\\x00]*$"
DIGITS = re.compile(r"[0-9]+")
DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,4})?")  # a JSON number, not negative
MAX_PAGE = 100_000
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
LONG_LIST = 12  # above this many choices, an error message does not list them all


# Every endpoint takes it (api/views.py): the text fields in Chinese where translated.
def language_param() -> "Param":
    return Param(
        "lang",
        "choice",
        "Language of the text fields: zh-hans gives each text in Simplified Chinese where a "
        "translation is written, in English otherwise (its `<key>_zh_hans` says which). Keys "
        "and values of choices stay English.",
        choices=["en", "zh-hans"],
        default="en",
    )


class BadQuery(APIException):
    """400: the query string does not fit the schema; `errors` maps parameters to messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The query string has errors; see `errors`, by parameter."
    default_code = "bad_query"

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__()
        self.errors = errors


@dataclass
class Param:
    """One query parameter: its OpenAPI schema and the raw-syntax check that matches it."""

    name: str
    kind: str  # "string", "integer", "choice" or "choices" (repeatable)
    description: str = ""
    choices: list[str] = field(default_factory=list)
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # for an open list of choices: what each value looks like
    default: object = None
    # Ranges and choices are checked here unless a FilterSet checks them (and words the error).
    check_values: bool = True

    @property
    def repeatable(self) -> bool:
        return self.kind == "choices"

    def schema(self) -> dict:
        if self.kind in ("integer", "number"):
            schema = {"type": self.kind}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.kind in ("choice", "choices") and self.pattern:
            schema = {"type": "string", "pattern": self.pattern}
        elif self.kind in ("choice", "choices") and self.choices:
            schema = {"type": "string", "enum": list(self.choices)}
        else:
            schema = {"type": "string", "pattern": NO_NUL}
            if self.max_length is not None:
                schema["maxLength"] = self.max_length
        if self.default is not None:
            schema["default"] = self.default
        if self.repeatable:
            return {"type": "array", "items": schema}
        return schema

    def openapi(self) -> dict:
        """The parameter object of the OpenAPI document."""
        parameter = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema(),
        }
        if self.repeatable:
            parameter |= {"style": "form", "explode": True}
        return parameter

    def problems(self, values: list[str]) -> list[str]:
        """What is wrong with the raw values given, before any value is looked up."""
        if len(values) > 1 and not self.repeatable:
            return [f"Give {self.name} once (it was given {len(values)} times)."]
        problems = []
        for value in values:
            if value == "" and self.kind != "string":
                problems.append("Empty value: give a value or leave the parameter out.")
            elif self.kind == "integer" and not DIGITS.fullmatch(value):
                problems.append(f"{quote(value)} is not a whole number (digits only).")
            elif self.kind == "number" and not DECIMAL.fullmatch(value):
                problems.append(f"{quote(value)} is not a number such as 12 or 3.5.")
            elif self.kind == "integer" and self.check_values and not self._in_range(value):
                problems.append(f"{quote(value)} is {self._range_words()}.")
            elif self.choices and self.check_values and value not in self.choices:
                problems.append(_unknown_value(self.name, value, self.choices))
            elif self.max_length is not None and len(value) > self.max_length:
                problems.append(
                    f"At most {self.max_length} characters (this one has {len(value)})."
                )
        return problems

    def _in_range(self, digits: str) -> bool:
        if len(digits) > 18:  # int() of thousands of digits is slow, and refused past 4300
            return False
        number = int(digits)
        low = self.minimum if self.minimum is not None else number
        high = self.maximum if self.maximum is not None else number
        return low <= number <= high

    def _range_words(self) -> str:
        return f"not between {self.minimum} and {self.maximum}"


def quote(value) -> str:
    text = str(value).replace("\x00", "\\0")
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


# --- Parameters of a FilterSet ---------------------------------------------------------------


def filterset_params(filterset) -> list[Param]:
    """The FilterSet's parameters, read off its bound form: what the page accepts.

    Choices that the FilterSet loads from the database (organisations, licences, ...) are
    listed as they are now. Ranges of whole numbers are published, but checked by the
    FilterSet, whose message names the limits.
    """
    params = []
    for name, form_field in filterset.form.fields.items():
        if isinstance(form_field, forms.MultipleChoiceField):
            param = Param(name, "choices", choices=_choice_values(form_field))
            param.pattern = getattr(form_field, "pattern", None)
        elif isinstance(form_field, forms.ChoiceField):
            param = Param(name, "choice", choices=_choice_values(form_field))
        elif isinstance(form_field, forms.DecimalField):
            param = Param(
                name, "number", minimum=form_field.min_value, maximum=form_field.max_value
            )
        elif isinstance(form_field, forms.IntegerField):
            param = Param(
                name,
                "integer",
                minimum=form_field.min_value,
                maximum=form_field.max_value,
            )
        else:
            param = Param(name, "string", max_length=getattr(form_field, "max_length", None))
        param.check_values = False  # the FilterSet does, as for the page
        param.description = _description(param, filterset.filters[name], form_field)
        if name == "sort":
            param.default = _default_sort(filterset)
        params.append(param)
    return params


def _choice_values(form_field) -> list[str]:
    return [str(value) for value, _ in form_field.choices if value not in ("", None)]


def _description(param: Param, filter_, form_field) -> str:
    """The filter's label and help text, then how the value is written."""
    words = [str(filter_.label or param.name).rstrip(".") + "."]
    help_text = str(form_field.help_text or "")
    if help_text:
        words.append(help_text)
    if param.name == "sort":
        words.append("The order of the results.")
    elif param.kind == "choice":
        words.append("One of the values listed.")
    elif param.kind == "choices":
        words.append("Repeat the parameter to match any of several values.")
    elif param.kind == "integer" and param.maximum is None:
        words.append(f"A whole number, at least {param.minimum}.")
    elif param.kind == "integer":
        words.append(f"A whole number from {param.minimum} to {param.maximum}.")
    elif param.kind == "number":
        words.append(f"A number from {param.minimum} to {param.maximum}.")
    elif param.kind == "string" and param.name == "q":
        words.append("Every word must match (case-insensitive).")
    if param.name in ("year_min", "year_max"):
        words.append("Inclusive; year_min may not be after year_max.")
    elif param.name.endswith("_min") or param.name.endswith("_max"):
        words.append("Inclusive.")
    return " ".join(words)


def _default_sort(filterset) -> str | None:
    """The order the page uses when `sort` is not given."""
    return getattr(filterset, "default_sort", None) or None


def pagination_params(default_size: int = DEFAULT_PAGE_SIZE) -> list[Param]:
    return [
        Param(
            "page",
            "integer",
            "Page number, from 1. A page past the last one answers 404.",
            minimum=1,
            maximum=MAX_PAGE,
            default=1,
        ),
        Param(
            "page_size",
            "integer",
            f"Results per page (default {default_size}, at most {MAX_PAGE_SIZE}).",
            minimum=1,
            maximum=MAX_PAGE_SIZE,
            default=default_size,
        ),
    ]


# --- Checking a request ----------------------------------------------------------------------


def check_query(query, params: list[Param]) -> dict[str, list[str]]:
    """Problems of the raw query string (a QueryDict) against `params`, by parameter name."""
    known = {param.name: param for param in params}
    errors: dict[str, list[str]] = {}
    for name in query:
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            errors[name] = [f"Unknown parameter. This endpoint takes: {names}."]
            continue
        problems = known[name].problems(query.getlist(name))
        if problems:
            errors[name] = problems
    return errors


def filterset_errors(filterset, notices=()) -> dict[str, list[str]]:
    """What the FilterSet rejected (form errors) or ignored (unknown values), by parameter.

    Reads the same form state the page's notices come from. `notices`, the page's own
    list, is a safety net: should it name something this function does not know about, the
    notices are returned under `query` rather than let the request through.
    """
    filterset.is_valid()  # validates once; the form keeps the result
    form = filterset.form
    errors: dict[str, list[str]] = {}
    for name, form_field in form.fields.items():
        for value in getattr(form_field, "ignored", None) or []:
            pattern = getattr(form_field, "pattern", None)
            problem = (
                f"Unknown value {quote(value)}: each value must match {pattern}."
                if pattern
                else _unknown_value(name, value, _choice_values(form_field))
            )
            errors.setdefault(name, []).append(problem)
    for name, messages in form.errors.items():
        if name != "__all__":
            errors.setdefault(name, []).extend(str(message) for message in messages)
    range_notice = getattr(form, "range_notice", "")
    if range_notice:
        errors.setdefault("year_min", []).append(range_notice.split(": ", 1)[-1])
    if not errors and notices:
        errors["query"] = [str(notice) for notice in notices]
    return errors


def _unknown_value(name: str, value, choices: list[str]) -> str:
    if len(choices) <= LONG_LIST:
        return f"Unknown value {quote(value)}: expected one of {', '.join(choices)}."
    return (
        f"Unknown value {quote(value)}: not one of the {len(choices)} known values "
        f"(the `{name}` enum of /api/schema/ lists them)."
    )
