"""Reading a copy of a dataset: one reader per dataset, each checking the types of what it
reads and refusing the whole copy, with every problem located, before anything is written.

- models.dev: its `api.json`, providers by id, each with its models by id, in the shape of
  the project's provider TOML files (`cost` per million tokens, `limit`, `release_date`,
  `status`). An entry is "provider/model".
- LiteLLM: `model_prices_and_context_window.json`, entries by key with per-token costs
  (multiplied by a million here), `max_input_tokens`, `max_output_tokens` and a
  `deprecation_date`. Its `sample_spec` entry documents the format and is skipped.
- Epoch AI: its models CSV (`Model`, `Organization`, `Publication date`, `Parameters`,
  `Training dataset size ...`, `Confidence`, `Link`). An entry is the model's name.

Each entry becomes an `Entry`: the values it gives for a model's own facts and for an
offering's (`upstream/facts.py` names them), in canonical form, each with the dataset's own
name for it and the source the dataset gives. Keys a reader does not use are not checked:
the datasets grow, and a new key of theirs should not stop the sync.
"""

import csv
import datetime
import io
import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from atlas.interchange import shape_problem
from core.records import type_name

from .datasets import Dataset, known_names, parse_dataset
from .facts import MAX_TOKENS, MODEL_FACTS, OFFERING_FACTS

MEBIBYTE = 1024 * 1024
SHOWN_PROBLEMS = 20
TIMEOUT_SECONDS = 30
DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?\Z")
URL_RE = re.compile(r"https://[^\s,;\"'<>]+")
PER_MILLION = 1_000_000
NOTE_LENGTH = 500  # Proposal.upstream_note


class SnapshotRefused(Exception):
    """The copy cannot be read; `problems` says why, each with where. Nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:3]))
        self.problems = problems

    def lines(self) -> list[str]:
        shown = self.problems[:SHOWN_PROBLEMS]
        more = len(self.problems) - len(shown)
        return shown + ([f"… and {more} more problems."] if more else [])


@dataclass(frozen=True)
class Reading:
    """One value an entry gives."""

    value: object  # canonical (upstream/facts.py)
    key: str  # the dataset's own name for it
    source: str = ""  # the https source the dataset gives for it, if any
    note: str = ""  # what the dataset says beside it


@dataclass
class Entry:
    upstream_id: str
    model: dict[str, Reading] = field(default_factory=dict)
    offering: dict[str, Reading] = field(default_factory=dict)

    def add(self, scope: str, key: str, value, upstream_key: str, **extra) -> None:
        """Note `value` (None: nothing) for the model's (`scope` "model") or the offering's
        fact `key`."""
        if value is None:
            return
        facts, registry = (
            (self.model, MODEL_FACTS) if scope == "model" else (self.offering, OFFERING_FACTS)
        )
        facts[key] = Reading(registry[key].canonical(value), upstream_key, **extra)


@dataclass
class Copy:
    """What a reader made of a copy: its entries, and the values it skipped (of the right
    type but unusable, such as a date of month 25), each with where."""

    entries: list[Entry]
    skipped: list[str]


class Report:
    """Where a reader notes what is wrong: `problems` refuse the copy, `skipped` values are
    left out of an entry that is otherwise read."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[str] = []
        self.skipped: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(
            f"{self.name}: {path}: {message}" if path else f"{self.name}: {message}"
        )

    def skip(self, path: str, message: str) -> None:
        self.skipped.append(f"{self.name}: {path}: {message}")


def max_bytes() -> int:
    return getattr(settings, "UPSTREAM_MAX_BYTES", 20 * MEBIBYTE)


def dataset_named(name: str) -> Dataset:
    """The dataset called `name`; refused with the known names otherwise."""
    dataset = parse_dataset(name)
    if dataset is None:
        raise SnapshotRefused([f"unknown dataset {name!r}: use {known_names()}"])
    return dataset


def load(location: str, limit: int | None = None) -> bytes:
    """The bytes of a copy, from a file or an https URL, refused when over `limit` bytes
    (20 MiB unless `UPSTREAM_MAX_BYTES` says otherwise) before more than that is read."""
    limit = max_bytes() if limit is None else limit
    if location.startswith(("http://", "https://")):
        if not location.startswith("https://"):
            raise SnapshotRefused([f"{location}: read datasets over https only"])
        request = urllib.request.Request(  # noqa: S310 (https only, checked above)
            location, headers={"User-Agent": "llm-atlas-sync"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                raw = answer.read(limit + 1)
        except OSError as exc:
            raise SnapshotRefused([f"{location}: cannot be read ({exc})"]) from None
    else:
        path = Path(location)
        try:
            if path.stat().st_size > limit:
                raise SnapshotRefused([too_large(location, path.stat().st_size, limit)])
            with path.open("rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            raise SnapshotRefused([f"{location}: cannot be read ({exc.strerror})"]) from None
    if len(raw) > limit:
        raise SnapshotRefused([too_large(location, None, limit)])
    return raw


def too_large(location: str, size: int | None, limit: int) -> str:
    """The message for a copy over the limit; `size` None when only the limit was read."""
    how_large = filesizeformat(size) if size is not None else "more than that"
    return f"{location}: too large ({how_large}); the limit is {filesizeformat(limit)}"


def read(dataset: Dataset, raw: bytes, name: str = "snapshot") -> Copy:
    """The entries of a copy of `dataset`, or SnapshotRefused listing every problem: of
    encoding, of syntax (a file cut short), of type (a price that is a string)."""
    if len(raw) > max_bytes():
        raise SnapshotRefused([too_large(name, len(raw), max_bytes())])
    report = Report(name)
    entries = READERS[dataset](raw, report)
    if report.problems:
        raise SnapshotRefused(report.problems)
    return Copy(entries, report.skipped)


# --- Checks shared by the JSON readers -----------------------------------------------------


class Checker:
    """Reads typed values out of JSON objects: a value of the wrong type is a problem (the
    copy is refused), one of the right type that cannot be used is skipped."""

    def __init__(self, report: Report):
        self.report = report

    def object(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.report.fail(path, f"must be an object, got {type_name(value)}")
            return None
        return value

    def number(self, value, path: str, *, whole: bool = False, scale: float = 1):
        """A number zero or more (a whole one when `whole`), times `scale`; None if absent."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report.fail(path, f"must be a number, got {type_name(value)}")
            return None
        if not 0 <= value < float("inf"):
            self.report.skip(path, f"must be zero or more, got {value!r}")
            return None
        if whole and (value != int(value) or value > MAX_TOKENS):
            self.report.skip(path, f"must be a whole number up to {MAX_TOKENS:,}, got {value!r}")
            return None
        return value * scale

    def text(self, value, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.report.fail(path, f"must be a string, got {type_name(value)}")
            return None
        return value

    def date(self, value, path: str, *, whole: bool = False) -> str | None:
        """An ISO date, or a month when not `whole`."""
        value = self.text(value, path)
        if value is None:
            return None
        if not real_date(value) or (whole and len(value) != len("2025-08-07")):
            example = "'2025-08-07'" + ("" if whole else " or '2025-08'")
            self.report.skip(path, f"expected a date like {example}, got {value!r}")
            return None
        return value


def real_date(text: str) -> bool:
    """Whether `text` is a real ISO date or month ("2025-08-07", "2025-08")."""
    if not DATE_RE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        return False
    return True


def https(value: str | None) -> str:
    """The first https address in `value`, or ""."""
    match = URL_RE.search(value or "")
    return match.group(0).rstrip(".)") if match else ""


def parse_json(raw: bytes, report: Report) -> dict | None:
    """The top-level object of a JSON copy, or None with its problem noted."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.fail("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip())
        report.fail(
            "",
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            + ("; the file ends there: it looks cut short" if cut else ""),
        )
        return None
    except (RecursionError, ValueError):  # nesting too deep, or an integer of 4,300+ digits
        report.fail("", "not a JSON document this reader can hold (too deep or too long)")
        return None
    problem = shape_problem(doc)
    if problem:
        report.fail("", problem)
        return None
    if not isinstance(doc, dict):
        report.fail("", f"the top level must be a JSON object, got {type_name(doc)}")
        return None
    return doc


# --- models.dev ------------------------------------------------------------------------------

MODELS_DEV_STATUS = {"alpha": "preview", "beta": "preview", "deprecated": "deprecated"}
MODELS_DEV_PRICES = (
    ("price_input_usd_per_mtok", "input"),
    ("price_output_usd_per_mtok", "output"),
    ("price_cached_input_usd_per_mtok", "cache_read"),
)


def read_models_dev(raw: bytes, report: Report) -> list[Entry]:
    doc = parse_json(raw, report)
    if doc is None:
        return []
    check = Checker(report)
    entries = []
    for provider_id, provider in doc.items():
        provider = check.object(provider, provider_id)
        if provider is None:
            continue
        source = https(check.text(provider.get("doc"), f"{provider_id}.doc"))
        models = check.object(provider.get("models", {}), f"{provider_id}.models") or {}
        for model_id, item in models.items():
            path = f"{provider_id}.models.{model_id}"
            item = check.object(item, path)
            if item is not None:
                entries.append(
                    _models_dev_entry(f"{provider_id}/{model_id}", item, path, source, check)
                )
    return entries


def _models_dev_entry(upstream_id: str, item: dict, path: str, source: str, check) -> Entry:
    entry = Entry(upstream_id)
    limit = check.object(item.get("limit", {}), f"{path}.limit") or {}
    cost = check.object(item.get("cost", {}), f"{path}.cost") or {}
    context = check.number(limit.get("context"), f"{path}.limit.context", whole=True) or None
    output = check.number(limit.get("output"), f"{path}.limit.output", whole=True) or None
    released = check.date(item.get("release_date"), f"{path}.release_date")
    status = check.text(item.get("status"), f"{path}.status")
    if status is not None and status not in MODELS_DEV_STATUS:
        check.report.skip(f"{path}.status", f"expected alpha, beta or deprecated, got {status!r}")
    entry.add("model", "context_length_tokens", context, "limit.context", source=source)
    entry.add("model", "release_date", released, "release_date", source=source)
    entry.add("offering", "context_tokens", context, "limit.context", source=source)
    entry.add("offering", "max_output_tokens", output, "limit.output", source=source)
    for key, name in MODELS_DEV_PRICES:
        price = check.number(cost.get(name), f"{path}.cost.{name}")
        entry.add("offering", key, price, f"cost.{name}", source=source)
    entry.add("offering", "status", MODELS_DEV_STATUS.get(status), "status", source=source)
    return entry


# --- LiteLLM ---------------------------------------------------------------------------------

LITELLM_PRICES = (
    ("price_input_usd_per_mtok", "input_cost_per_token"),
    ("price_output_usd_per_mtok", "output_cost_per_token"),
    ("price_cached_input_usd_per_mtok", "cache_read_input_token_cost"),
)
LITELLM_LIMITS = (
    ("context_tokens", "max_input_tokens"),
    ("max_output_tokens", "max_output_tokens"),
)
LITELLM_SPEC = "sample_spec"


def read_litellm(raw: bytes, report: Report) -> list[Entry]:
    doc = parse_json(raw, report)
    if doc is None:
        return []
    check = Checker(report)
    entries = []
    for key, item in doc.items():
        if key == LITELLM_SPEC:
            continue
        item = check.object(item, key)
        if item is None:
            continue
        entry = Entry(key)
        source = https(check.text(item.get("source"), f"{key}.source"))
        for fact, name in LITELLM_PRICES:
            price = check.number(item.get(name), f"{key}.{name}", scale=PER_MILLION)
            entry.add("offering", fact, price, f"{name} × 10^6", source=source)
        for fact, name in LITELLM_LIMITS:
            tokens = check.number(item.get(name), f"{key}.{name}", whole=True) or None
            entry.add("offering", fact, tokens, name, source=source)
        shutdown = check.date(item.get("deprecation_date"), f"{key}.deprecation_date", whole=True)
        announced = https(check.text(item.get("deprecation_source"), f"{key}.deprecation_source"))
        entry.add(
            "offering", "retires_on", shutdown, "deprecation_date", source=announced or source
        )
        entries.append(entry)
    return entries


# --- Epoch AI --------------------------------------------------------------------------------

EPOCH_REQUIRED = ("Model", "Organization", "Publication date", "Parameters")
EPOCH_SIZES = (  # the column's name has changed over the years
    "Training dataset size (gradients)",
    "Training dataset size (datapoints)",
    "Training dataset size (tokens)",
)
EPOCH_FIGURES = (  # (fact, column, its notes column, scale)
    ("parameters_billions", "Parameters", "Parameters notes", 1e-9),
    ("training_tokens_trillions", None, "Dataset size notes", 1e-12),
)


def read_epoch(raw: bytes, report: Report) -> list[Entry]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.fail("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return []
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries, seen = [], {}
    try:
        header = [column.strip() for column in next(rows, [])]
        missing = [column for column in EPOCH_REQUIRED if column not in header]
        if missing:
            report.fail(
                "", f"not an Epoch AI models CSV: no column {', '.join(map(repr, missing))}"
            )
            return []
        size_column = next((column for column in EPOCH_SIZES if column in header), None)
        for row in rows:
            where = f"line {rows.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                report.fail(where, f"{len(row)} columns where the header has {len(header)}")
                continue
            values = dict(zip(header, row, strict=True))
            entry = _epoch_entry(values, size_column, where, report)
            if entry is None:
                continue
            if entry.upstream_id in seen:
                report.fail(
                    where,
                    f"model {entry.upstream_id!r} listed twice (first {seen[entry.upstream_id]})",
                )
                continue
            seen[entry.upstream_id] = where
            entries.append(entry)
    except csv.Error as exc:
        report.fail(f"line {rows.line_num}", f"malformed CSV ({exc}); the file may be cut short")
        return []
    return entries


def _epoch_entry(values: dict, size_column: str | None, where: str, report: Report):
    model = " ".join(values["Model"].split())
    if not model:
        report.fail(f"{where}: Model", "empty")
        return None
    entry = Entry(model)
    source = https(values.get("Link"))
    date = values["Publication date"].strip()
    if date and not (real_date(date) and len(date) == len("2025-08-07")):
        report.skip(
            f"{where}: Publication date", f"expected a date like '2025-08-07', got {date!r}"
        )
        date = ""
    entry.add("model", "release_date", date or None, "Publication date", source=source)
    confidence = values.get("Confidence", "").strip()
    for fact, column, notes, scale in EPOCH_FIGURES:
        column = column or size_column
        if column is None:
            continue
        number = _epoch_number(values[column], f"{where}: {column}", report)
        if number is None:
            continue
        said = [
            f"confidence: {confidence}" if confidence else "",
            " ".join(values.get(notes, "").split()),
        ]
        note = "; ".join(part for part in said if part)[:NOTE_LENGTH]
        entry.add("model", fact, number * scale, column, source=source, note=note)
    return entry


def _epoch_number(cell: str, where: str, report: Report) -> float | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        number = float(cell)
    except ValueError:
        if all(_is_number(part) for part in cell.split(",")):
            report.skip(where, f"several figures, none of them the model's: {cell!r}")
        else:
            report.fail(where, f"must be a number, got {cell!r}")
        return None
    if not 0 <= number < float("inf"):
        report.skip(where, f"must be zero or more, got {cell!r}")
        return None
    return number


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


READERS = {
    Dataset.MODELS_DEV: read_models_dev,
    Dataset.LITELLM: read_litellm,
    Dataset.EPOCH: read_epoch,
}
