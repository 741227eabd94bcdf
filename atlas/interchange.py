"""The interchange format `llm-atlas/3` (`/1` and `/2` still import): export the atlas and
import it.

Import is two passes. `validate()` reads every document and reports every problem with its
JSON path, touching nothing. Only when there are none does `write()` upsert by slug, all
files in one transaction. docs/interchange.md describes the format.

Each section is declared once, by the app that owns it (`catalog/records.py`,
`guidance/records.py`); this module checks what spans sections (references, unique names,
lineage cycles, draft licences) and writes. What is particular to the guidance import
(evidence, flow answers, the flow's shape) lives in `atlas/guidance_import.py`.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from catalog import lineage
from catalog import records as catalog_records
from catalog.models import (
    Dataset,
    Family,
    LanguageModel,
    License,
    Lineage,
    ModelSize,
    Offering,
    OfferingPrice,
    Organization,
    Paper,
    PastLicense,
    Topic,
)
from core import data_license
from core.citations import Citation
from core.graph import find_cycle
from core.history import ChangeLog
from core.locks import lock_lineage
from core.models import name_key
from core.publishing import Status
from core.records import Reader, columns
from evidence import records as evidence_records
from evidence.models import Benchmark, Result
from guidance import records as guidance_records
from guidance.models import Evidence, FlowAnswer, Guideline, Question, Task, TaskCategory

from . import citation_import, evidence_import, guidance_import, offering_import
from .batches import BATCH
from .batches import chunks as _chunks
from .batches import slug_ids as _slug_ids

FORMAT = "llm-atlas/3"  # what export writes
VERSIONS = {"llm-atlas/1": 1, "llm-atlas/2": 2, "llm-atlas/3": 3}  # what import reads
LICENSE_SINCE = 3  # the top-level `license` key: the data's licence, an SPDX id
SPECS = catalog_records.SECTIONS | evidence_records.SECTIONS | guidance_records.SECTIONS
# Sections a format version introduced after the first.
SECTION_SINCE = catalog_records.SECTION_SINCE | evidence_records.SECTION_SINCE
SECTIONS = tuple(SPECS)
MAX_DEPTH = 16  # the format nests 5 deep (document, section, object, list of links, link)
SHOWN_PROBLEMS = 100  # problems printed by `shown`; the rest are counted
SHOWN_WIDTH = 500  # characters of a problem printed
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class ImportFailed(Exception):
    """Raised with the full list of problems; nothing has been written."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# Many-to-many keys (a section's lists of slugs), synchronised after every object exists. A
# benchmark's tasks are the other end of a task's field (`atlas/evidence_import.py`).
MANY_TO_MANY = {
    section: refs
    for section, specs in SPECS.items()
    if section != "benchmarks"
    and (refs := tuple(key for key, spec in specs.items() if spec.kind == "refs"))
}

# Sections whose `name` must be unique ignoring case, by its key (`core.models.name_key`, the
# database constraint's rule).
UNIQUE_NAMES = {
    "organizations",
    "licenses",
    "families",
    "datasets",
    "topics",
    "models",
    "benchmarks",
    "task_categories",
    "tasks",
}


# --- Validation ----------------------------------------------------------------------------


@dataclass
class Plan:
    """Validated objects by section and slug, with the reference checks still to run."""

    objects: dict[str, dict[str, dict]] = field(default_factory=lambda: {s: {} for s in SPECS})
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    refs: list[tuple[str, str, str]] = field(default_factory=list)  # (path, section, slug)
    invalid: dict[str, set[str]] = field(default_factory=lambda: {s: set() for s in SPECS})

    def count(self) -> int:
        return sum(len(items) for items in self.objects.values())


def parse(name: str, text: str | bytes, problems: list[str]):
    """JSON text to a Python object, or None with a problem recorded."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text)
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        problems.append(
            f"{name}: malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        )
    except RecursionError:
        problems.append(f"{name}: nested too deeply (the format nests {MAX_DEPTH} levels at most)")
    except ValueError:  # the only other error json raises: an integer of over 4,300 digits
        problems.append(f"{name}: holds a number too long to read (over 4,300 digits)")
    return None


def shape_problem(doc, prefix: str = "") -> str | None:
    """The first thing no reading of `doc` should meet, as a problem: nesting deeper than
    `MAX_DEPTH`, or a lone surrogate (JSON may escape one; no text can hold it). Walks the
    document without recursion."""
    stack = [(doc, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        where = f"{prefix}{path.lstrip('.') or 'the top level'}"
        if depth > MAX_DEPTH:
            return f"{where}: nested too deeply (the format nests {MAX_DEPTH} levels at most)"
        if isinstance(value, str) and LONE_SURROGATE.search(value):
            return f"{where}: contains a lone surrogate (half of a UTF-16 pair), not text"
        if isinstance(value, dict):
            for key, item in value.items():
                if LONE_SURROGATE.search(key):
                    return f"{where}: a key contains a lone surrogate (half of a UTF-16 pair)"
                stack.append((item, f"{path}.{key}", depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
    return None


def shown(problems: list[str]) -> list[str]:
    """What to print of `problems`: the first `SHOWN_PROBLEMS`, each cut to `SHOWN_WIDTH`
    characters, then how many more there are."""
    lines = [
        problem if len(problem) <= SHOWN_WIDTH else problem[: SHOWN_WIDTH - 1] + "…"
        for problem in problems[:SHOWN_PROBLEMS]
    ]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"… and {len(problems) - SHOWN_PROBLEMS} more problems.")
    return lines


def validate(documents: Iterable[tuple[str, object]]) -> Plan:
    """Check documents (name, parsed JSON) against the format and the database.

    Raises ImportFailed listing every problem. Runs a fixed number of queries.
    """
    problems: list[str] = []
    plan = Plan()
    for name, doc in documents:
        _validate_document(name, doc, plan, problems)
    _check_references(plan, problems)
    _check_unique_names(plan, problems)
    _check_cycles(plan, problems)
    _check_draft_licences(plan, problems)
    guidance_import.check_flow(plan, problems)
    if problems:
        raise ImportFailed(problems)
    return plan


def _validate_document(name: str, doc, plan: Plan, problems: list[str]) -> None:
    prefix = f"{name}: " if name else ""
    problem = shape_problem(doc, prefix)
    if problem:  # nothing else is read: every message would carry it
        problems.append(problem)
        return
    if not isinstance(doc, dict):
        problems.append(f"{prefix}the top level must be a JSON object")
        return
    version = VERSIONS.get(doc.get("format")) if isinstance(doc.get("format"), str) else None
    if version is None:
        expected = " or ".join(repr(name) for name in reversed(VERSIONS))
        problems.append(f"{prefix}format: expected {expected}, got {doc.get('format')!r}")
        return
    reader = Reader(problems, plan.refs, version)
    sections = [s for s in SECTIONS if SECTION_SINCE.get(s, 1) <= version]
    if version >= LICENSE_SINCE and not isinstance(doc.get("license", ""), str):
        problems.append(f"{prefix}license: must be a string (an SPDX id such as 'CC-BY-4.0')")
    for key in doc:
        if key == "license" and version >= LICENSE_SINCE:
            continue
        if key != "format" and key not in sections:
            problems.append(
                f"{prefix}{key}: unknown section (expected one of {', '.join(sections)})"
            )
    for section, specs in SPECS.items():
        if section not in sections:
            continue
        items = doc.get(section, [])
        if not isinstance(items, list):
            problems.append(f"{prefix}{section}: must be a list")
            continue
        for index, item in enumerate(items):
            path = f"{prefix}{section}[{index}]"
            known_problems = len(problems)
            cleaned = reader.read_object(item, specs, path)
            if cleaned and section == "models":
                _check_model(cleaned, path, problems)
            elif cleaned and section in citation_import.FACTS:
                citation_import.check(cleaned, path, problems, section)
            if cleaned is None or "slug" not in cleaned:
                continue
            slug = cleaned["slug"]
            if (section, slug) in plan.paths:
                first = plan.paths[(section, slug)]
                problems.append(f"{path}.slug: duplicate slug {slug!r} (first at {first})")
                continue
            plan.paths[(section, slug)] = path
            if len(problems) > known_problems:
                plan.invalid[section].add(slug)  # reported; still counts as known for references
            else:
                plan.objects[section][slug] = cleaned


def _check_model(cleaned: dict, path: str, problems: list[str]) -> None:
    """The rules between a model's keys (the database checks them too)."""
    date, precision = cleaned.get("release_date"), cleaned.get("release_date_precision")
    if date and precision in {"month", "year"} and date.day != 1:
        problems.append(f"{path}.release_date: with precision {precision!r} the day must be 01")
    if date and precision == "year" and date.month != 1:
        problems.append(f"{path}.release_date: with precision 'year' the month must be 01")
    cutoff, precision = cleaned.get("knowledge_cutoff"), cleaned.get("knowledge_cutoff_precision")
    if cutoff and precision in {"month", "year"} and cutoff.day != 1:
        problems.append(f"{path}.knowledge_cutoff: with precision {precision!r} the day must be 01")
    if cutoff and precision == "year" and cutoff.month != 1:
        problems.append(f"{path}.knowledge_cutoff: with precision 'year' the month must be 01")
    if cleaned.get("weights") and cleaned.get("access") == "closed":
        problems.append(f"{path}.weights: a closed model has no released weights: leave it empty")
    if cleaned.get("retired_on") and cleaned.get("lifecycle") != "retired":
        problems.append(f"{path}.retired_on: only a retired model has a retirement date")
    _check_active(cleaned, path, problems)
    for index, size in enumerate(cleaned.get("sizes") or []):
        _check_active(size, f"{path}.sizes[{index}]", problems)
    offering_import.check(cleaned, path, problems)
    citation_import.check(cleaned, path, problems)


def _check_active(values: dict, path: str, problems: list[str]) -> None:
    active, total = values.get("parameters_active_billions"), values.get("parameters_billions")
    if active is not None and (total is None or active > total):
        problems.append(
            f"{path}.parameters_active_billions: needs parameters_billions and cannot exceed it"
        )


# Rows the import writes that have no section of their own; their edits are recorded too.
HISTORY_ONLY_MODELS = (
    Lineage,
    ModelSize,
    PastLicense,
    Offering,
    OfferingPrice,
    Result,
    Citation,
    Evidence,
    FlowAnswer,
)

SECTION_MODELS = {
    "organizations": Organization,
    "licenses": License,
    "families": Family,
    "datasets": Dataset,
    "topics": Topic,
    "papers": Paper,
    "models": LanguageModel,
    "benchmarks": Benchmark,
    "task_categories": TaskCategory,
    "tasks": Task,
    "guidelines": Guideline,
    "decision_flow": Question,
}
SINGULAR = {
    "organizations": "organization",
    "licenses": "licence",
    "families": "family",
    "datasets": "dataset",
    "topics": "topic",
    "papers": "paper",
    "models": "model",
    "benchmarks": "benchmark",
    "task_categories": "task category",
    "tasks": "task",
    "guidelines": "guideline",
    "decision_flow": "question",
}


def _check_references(plan: Plan, problems: list[str]) -> None:
    wanted = {section for _, section, _ in plan.refs}
    known = {
        section: set(plan.objects[section])
        | plan.invalid[section]
        | set(SECTION_MODELS[section].objects.values_list("slug", flat=True))
        for section in wanted
    }
    for path, section, slug in plan.refs:
        if slug not in known[section]:
            problems.append(f"{path}: unknown {SINGULAR[section]} {slug!r}")
    for slug, item in plan.objects["models"].items():
        for index, link in enumerate(item["parents"]):
            if link["model"] == slug:
                path = plan.paths[("models", slug)]
                problems.append(f"{path}.parents[{index}].model: a model cannot be its own parent")


def _check_unique_names(plan: Plan, problems: list[str]) -> None:
    for section in UNIQUE_NAMES:
        items = plan.objects[section]
        if not items:
            continue
        owner = {  # name key -> slug, starting from rows the files leave alone
            key: slug
            for slug, key in SECTION_MODELS[section].objects.values_list("slug", "name_key")
            if slug not in items
        }
        for slug, item in items.items():
            key = name_key(item["name"])
            if key in owner and owner[key] != slug:
                path = plan.paths[(section, slug)]
                problems.append(
                    f"{path}.name: {item['name']!r} is already the name of "
                    f"{SINGULAR[section]} {owner[key]!r} (names are unique, ignoring case)"
                )
            owner.setdefault(key, slug)


def _check_cycles(plan: Plan, problems: list[str]) -> None:
    incoming = plan.objects["models"]
    edges = [
        (child, parent)
        for child, parent in Lineage.objects.values_list("child__slug", "parent__slug")
        if child not in incoming
    ]
    edges += [(slug, p["model"]) for slug, item in incoming.items() for p in item["parents"]]
    cycle = find_cycle(edges)
    if cycle:
        path = plan.paths.get(("models", cycle[0]), "models")
        problems.append(
            f"{path}.parents: lineage cycle {' -> '.join(cycle)} (each derived from the next)"
        )


def _check_draft_licences(plan: Plan, problems: list[str]) -> None:
    """A published model cannot carry a draft licence, after the import as before it."""
    incoming = plan.objects["licenses"]
    status = dict(License.objects.values_list("slug", "status"))
    status |= {slug: item["status"] for slug, item in incoming.items()}
    for slug, item in plan.objects["models"].items():
        licence = item["license"]
        if item["status"] == Status.PUBLISHED and licence and status.get(licence) == Status.DRAFT:
            path = plan.paths[("models", slug)]
            problems.append(
                f"{path}.license: licence {licence!r} is a draft; a published model needs a "
                "published licence"
            )
    drafts = [slug for slug, item in incoming.items() if item["status"] == Status.DRAFT]
    kept = LanguageModel.objects.published().exclude(slug__in=list(plan.objects["models"]))
    for slug, model in kept.filter(license__slug__in=drafts).values_list("license__slug", "slug"):
        path = plan.paths[("licenses", slug)]
        problems.append(
            f"{path}.status: published model {model!r} carries this licence, so it cannot be a "
            "draft"
        )


# --- Writing -------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


def write(plan: Plan, progress: Progress | None = None) -> dict[str, int]:
    """Upsert every validated object by slug in one transaction; return counts by section.

    A model's lists (organisations, datasets, papers, parents) are replaced by the file's.
    Database errors roll everything back and are raised as ImportFailed.
    """
    report = progress or (lambda section, done, total: None)
    try:
        with transaction.atomic():
            # Checked again under the lineage lock: an admin edit may have come in meanwhile.
            lock_lineage()
            problems = []
            _check_cycles(plan, problems)
            if problems:
                raise ImportFailed(problems)
            log = ChangeLog()  # what the import did, written to the edit history below
            ids = {}
            for section in ("organizations", "licenses", "families", "datasets", "topics"):
                ids[section] = _upsert(section, plan.objects[section], {}, report)
            ids["papers"] = _upsert("papers", plan.objects["papers"], {}, report)
            ids["benchmarks"] = _upsert("benchmarks", plan.objects["benchmarks"], {}, report)
            models = plan.objects["models"]
            fk_ids = {
                key: _slug_ids(model, {m[key] for m in models.values() if m[key]})
                for key, model in (("license", License), ("family", Family))
            }
            ids["models"] = _upsert("models", models, fk_ids, report)
            ids["task_categories"] = _upsert(
                "task_categories", plan.objects["task_categories"], {}, report
            )
            tasks = plan.objects["tasks"]
            category_ids = _slug_ids(TaskCategory, {t["category"] for t in tasks.values()})
            ids["tasks"] = _upsert("tasks", tasks, {"category": category_ids}, report)
            guidelines = plan.objects["guidelines"]
            task_ids = _slug_ids(Task, {g["task"] for g in guidelines.values()})
            ids["guidelines"] = _upsert("guidelines", guidelines, {"task": task_ids}, report)
            ids["decision_flow"] = _upsert(
                "decision_flow", plan.objects["decision_flow"], {}, report
            )
            for section, fields in MANY_TO_MANY.items():
                for key in fields:
                    model = SECTION_MODELS[section]
                    field = model._meta.get_field(key)
                    log.add_changed(
                        model, _sync_m2m(field, ids[section], plan.objects[section], key)
                    )
            _sync_lineage(ids["models"], models, log)
            lineage.refresh_inherited_restriction()  # bulk writes send no signals
            for key in ("sizes", "past_licenses", "results"):
                _sync_rows(catalog_records.MODEL[key], ids["models"], models, log)
            offering_import.sync(ids["models"], models, log)
            evidence_import.sync_tasks(ids["benchmarks"], plan.objects["benchmarks"], log)
            for section in citation_import.FACTS:
                model = SECTION_MODELS[section]
                citation_import.sync(model, ids[section], plan.objects[section], log)
            guidance_import.sync_evidence(ids["guidelines"], guidelines, log)
            guidance_import.sync_answers(ids["decision_flow"], plan.objects["decision_flow"], log)
            log.record([*SECTION_MODELS.values(), *HISTORY_ONLY_MODELS])
    except DatabaseError as exc:
        raise ImportFailed([f"the database refused the data: {exc}"]) from exc
    return {section: len(items) for section, items in plan.objects.items() if items}


def _columns(section: str) -> list[str]:
    """The object's own columns in declaration order (foreign keys as `<key>_id`)."""
    return columns(SPECS[section])


def _column_values(section: str, item: dict, fk_ids: dict) -> dict:
    values = {}
    if section in UNIQUE_NAMES:  # bulk_create computes it too; an UPDATE would not
        values["name_key"] = name_key(item["name"])
    for column in _columns(section):
        if column.endswith("_id"):
            key = column.removesuffix("_id")
            values[column] = fk_ids[key][item[key]] if item[key] else None
        else:
            values[column] = item[column]
    return values


def _upsert(section: str, items: dict, fk_ids: dict, report: Progress) -> dict[str, int]:
    """Create new rows, update rows whose columns differ, leave identical rows alone."""
    model = SECTION_MODELS[section]
    columns = _columns(section)
    current = {}
    for chunk in _chunks(sorted(items)):
        for row in model.objects.filter(slug__in=chunk).values("pk", *columns):
            current[row["slug"]] = row
    now = timezone.now()
    to_create, to_update = [], []
    for slug, item in items.items():
        values = _column_values(section, item, fk_ids)
        row = current.get(slug)
        if row is None:
            to_create.append(model(**values))
        elif any(row[column] != values[column] for column in columns):
            to_update.append((row["pk"], values))
    total, done = len(to_update) + len(to_create), 0
    # One UPDATE per changed row: bulk_update's CASE expressions cost far more at this size.
    for pk, values in to_update:
        model.objects.filter(pk=pk).update(updated_at=now, **values)
        done += 1
        if done % BATCH == 0 or done == len(to_update):
            report(section, done, total)
    for chunk in _chunks(to_create):
        model.objects.bulk_create(chunk)
        done += len(chunk)
        report(section, done, total)
    return _slug_ids(model, items)


def _sync_m2m(field, own_ids: dict[str, int], items: dict, key: str) -> set[int]:
    """Make each object's `key` links exactly the file's: delete extra rows, add missing ones.

    Return the ids of the objects whose links changed.
    """
    through = field.remote_field.through
    own_column, other_column = field.m2m_column_name(), field.m2m_reverse_name()
    other_ids = _slug_ids(field.related_model, {s for item in items.values() for s in item[key]})
    wanted = {
        (own_ids[slug], other_ids[other]) for slug, item in items.items() for other in item[key]
    }
    existing = {}
    for chunk in _chunks(sorted(own_ids.values())):
        rows = through.objects.filter(**{f"{own_column}__in": chunk})
        for pk, own, other in rows.values_list("pk", own_column, other_column):
            existing[(own, other)] = pk
    stale = sorted(pk for pair, pk in existing.items() if pair not in wanted)
    for chunk in _chunks(stale):
        through.objects.filter(pk__in=chunk).delete()
    missing = sorted(wanted - existing.keys())
    through.objects.bulk_create(
        [through(**{own_column: own, other_column: other}) for own, other in missing],
        batch_size=BATCH,
    )
    return {own for own, _other in missing} | {
        own for own, other in existing if (own, other) not in wanted
    }


def _sync_lineage(model_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported model's parent links exactly the file's, keeping unchanged edges."""
    parent_ids = _slug_ids(
        LanguageModel, {p["model"] for i in items.values() for p in i["parents"]}
    )
    wanted = {
        (model_ids[slug], parent_ids[link["model"]]): link
        for slug, item in items.items()
        for link in item["parents"]
    }
    existing = {}
    for chunk in _chunks(sorted(model_ids.values())):
        for edge in Lineage.objects.filter(child_id__in=chunk):
            existing[(edge.child_id, edge.parent_id)] = edge
    stale = sorted(edge.pk for key, edge in existing.items() if key not in wanted)
    log.deleting(Lineage, stale)
    for chunk in _chunks(stale):
        Lineage.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    to_create = []
    for (child_id, parent_id), link in wanted.items():
        attrs = {name: link[name] for name in catalog_records.LINK_FIELDS}
        edge = existing.get((child_id, parent_id))
        if edge is None:
            to_create.append(Lineage(child_id=child_id, parent_id=parent_id, **attrs))
        elif any(getattr(edge, name) != value for name, value in attrs.items()):
            Lineage.objects.filter(pk=edge.pk).update(updated_at=now, **attrs)
    Lineage.objects.bulk_create(to_create, batch_size=BATCH)


def _sync_rows(spec, model_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported model's rows of a one-to-many key (sizes, past licences, results)
    exactly the file's: rows whose key (`spec.key`, one or several columns) is gone are
    deleted, changed ones updated, new ones created."""
    relation = LanguageModel._meta.get_field(spec.attr)
    Row, owner = relation.related_model, relation.field.name  # noqa: N806 - a model class
    refs = {key: field for key, field in spec.fields.items() if field.kind == "ref"}
    ref_ids = {
        key: _slug_ids(
            Row._meta.get_field(key).related_model,
            {row[key] for item in items.values() for row in item[spec.attr]},
        )
        for key in refs
    }

    def values(row: dict) -> dict:
        return {
            (f"{key}_id" if key in refs else key): (ref_ids[key][value] if key in refs else value)
            for key, value in row.items()
        }

    keys = spec.key if isinstance(spec.key, tuple) else (spec.key,)
    key_columns = [f"{key}_id" if key in refs else key for key in keys]
    wanted = {}
    for slug, item in items.items():
        for row in item[spec.attr]:
            attrs = values(row)
            wanted[(model_ids[slug], *(attrs[column] for column in key_columns))] = attrs
    existing = {}
    for chunk in _chunks(sorted(model_ids.values())):
        for row in Row.objects.filter(**{f"{owner}_id__in": chunk}):
            key = (getattr(row, f"{owner}_id"), *(getattr(row, c) for c in key_columns))
            existing[key] = row
    stale = sorted(row.pk for key, row in existing.items() if key not in wanted)
    log.deleting(Row, stale)
    for chunk in _chunks(stale):
        Row.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    to_create = []
    for key, attrs in wanted.items():
        row = existing.get(key)
        if row is None:
            to_create.append(Row(**{f"{owner}_id": key[0]}, **attrs))
        elif any(getattr(row, name) != value for name, value in attrs.items()):
            Row.objects.filter(pk=row.pk).update(updated_at=now, **attrs)
    Row.objects.bulk_create(to_create, batch_size=BATCH)


def import_documents(documents: Iterable[tuple[str, object]], progress: Progress | None = None):
    """Validate then write; raises ImportFailed (nothing written) on any problem."""
    return write(validate(documents), progress)


# --- Export --------------------------------------------------------------------------------


def export() -> dict:
    """The whole atlas as an `llm-atlas/3` document, every list sorted by slug."""
    return {
        "format": FORMAT,
        "license": data_license.SPDX,
        **catalog_records.export_sections(),
        **evidence_records.export_sections(),
        **guidance_records.export_sections(),
    }


def dumps(doc: dict) -> str:
    """Deterministic JSON text: 2-space indent, UTF-8 characters kept, trailing newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
