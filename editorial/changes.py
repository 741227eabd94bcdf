"""Recent changes across the curated models, for /changes/, its feed and the deleted list.

Every query that decides what the public may see goes through `published_history()`.

/changes/ shows one entry per save or import, not one per history row: an import writes all
its rows with one date and the reason "import"; one save in the admin (an object with its
inlines) writes its rows within a moment, by one editor. So rows by the same user with the same
reason are one entry when they fall within `SAME_SAVE` of the entry's newest row (an import's
rows, when they share its date).
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CharField, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext, pgettext

from core.history import IMPORT_REASON, curated_models
from core.publishing import Status, has_status, published_q
from core.translation import shown

KINDS = {"+": "added", "~": "changed", "-": "deleted"}
PUBLISHED = "published"  # the kind of a change that took a draft public
IGNORED = {"created_at", "updated_at", "id"}
SAME_SAVE = datetime.timedelta(seconds=2)  # rows of one save are written within this
SHOWN_PER_KIND = 12  # changes listed per kind of object in one entry; the rest are counted
# What a change did, as readers see it ("Language model added"), by its kind.
# The kinds of object /changes/ names: the models' verbose names (the admin keeps them in
# English), marked here for the translation catalogue and translated where shown.
OBJECT_TYPES = [
    gettext_noop(name)
    for name in (
        "citation",
        "citations",
        "organization",
        "organizations",
        "license",
        "licenses",
        "dataset",
        "datasets",
        "topic",
        "topics",
        "paper",
        "papers",
        "family",
        "families",
        "language model",
        "language models",
        "lineage",
        "model size",
        "model sizes",
        "past licence",
        "past licences",
        "offering",
        "offerings",
        "earlier price",
        "earlier prices",
        "benchmark",
        "benchmarks",
        "result",
        "results",
        "task category",
        "task categories",
        "task",
        "tasks",
        "guideline",
        "guidelines",
        "evidence",
        "flow question",
        "flow questions",
        "answer",
        "answers",
        "mapping",
        "mappings",
        "proposal",
        "proposals",
    )
]


def object_type(verbose_name) -> str:
    return _(str(verbose_name))


HEADINGS = {
    KINDS["+"]: gettext_lazy("%(type)s added"),
    KINDS["~"]: gettext_lazy("%(type)s changed"),
    KINDS["-"]: gettext_lazy("%(type)s deleted"),
    PUBLISHED: gettext_lazy("%(type)s published"),
}


def _related(model) -> list[str]:
    """The rows a change's label names (a lineage link names its two models): its foreign
    keys, loaded with the same query."""
    return [f.name for f in model._meta.concrete_fields if f.many_to_one]


def published_history(model):
    """The history rows of `model` the public may see: versions recorded as published (with
    the objects they belong to or link published now), of objects readers can see today or
    that were deleted. Drafts are left out here and nowhere else.
    """
    visible_now = model._default_manager.filter(published_q(model)).values("pk")
    return model.history.filter(published_q(model)).filter(
        Q(history_type="-") | Q(id__in=visible_now)
    )


def public_models() -> list:
    """The curated models whose edits readers see: all but those that mark themselves as the
    editors' own work (`in_public_changes = False`: upstream mappings and proposals)."""
    return [model for model in curated_models() if getattr(model, "in_public_changes", True)]


def save_index(imports: bool = True):
    """The public changes counted by moment, user, reason and kind of object, newest first:
    (history_date, user, reason, source, count, newest history_id). An import gives one row per
    kind of object it touched, a save one per row it wrote. One UNION query; `imports=False`
    leaves imports out.
    """
    parts = []
    for model in public_models():
        rows = published_history(model)
        if not imports:
            rows = rows.exclude(history_change_reason=IMPORT_REASON)
        parts.append(
            rows.values("history_date", "history_user_id", "history_change_reason")
            .annotate(
                source=Value(model._meta.label_lower, output_field=CharField()),
                count=Count("history_id"),
                newest=Max("history_id"),
            )
            .order_by()
        )
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-newest")


@dataclass
class Change:
    record: object
    model: type
    kind: str
    label: str
    fields: list[str] = field(default_factory=list)
    url: str = ""
    editor: str = ""  # only for editors who chose to be named

    @property
    def anchor(self) -> str:
        return f"change-{self.model._meta.model_name}-{self.record.history_id}"

    @property
    def date(self):
        return self.record.history_date

    @property
    def type_name(self) -> str:
        return object_type(self.model._meta.verbose_name)

    @property
    def imported(self) -> bool:
        return self.record.history_change_reason == IMPORT_REASON

    @property
    def heading(self) -> str:
        """'Language model added': the kind of object and what happened to it."""
        type_name = capfirst(self.type_name)
        if self.kind not in HEADINGS:
            return f"{type_name} {self.kind}"
        return HEADINGS[self.kind] % {"type": type_name}

    @property
    def title(self) -> str:
        return _("%(heading)s: %(label)s") % {"heading": self.heading, "label": self.label}


@dataclass
class Entry:
    """One save or one import: the changes it made (up to SHOWN_PER_KIND of each kind of
    object) and how many it made of each kind."""

    rows: list[dict]  # save_index() rows, newest first
    changes: list[Change] = field(default_factory=list)  # one per object, in the order made
    loaded: int = 0  # history rows behind `changes`

    @property
    def date(self):
        return self.rows[0]["history_date"]

    @property
    def imported(self) -> bool:
        return self.rows[0]["history_change_reason"] == IMPORT_REASON

    @property
    def anchor(self) -> str:
        first = self.rows[0]
        return f"save-{first['source'].split('.')[1]}-{first['newest']}"

    @property
    def count(self) -> int:
        return sum(row["count"] for row in self.rows)

    @property
    def editor(self) -> str:
        return next((change.editor for change in self.changes if change.editor), "")

    @property
    def more(self) -> int:
        """How many history rows the entry wrote beyond those it lists."""
        return self.count - self.loaded

    @property
    def title(self) -> str:
        """'Data import: 280 language models, 52 organizations', 'Language model changed:
        Alpaca', 'Language model added: Alpaca (and 2 more changes)'."""
        if self.imported:
            return _("Data import: %(tally)s") % {"tally": self.tally_text}
        if not self.changes:
            return self.tally_text
        others = len(self.changes) - 1 + self.more
        if not others:
            return self.changes[0].title
        return ngettext(
            "%(title)s (and %(count)s more change)",
            "%(title)s (and %(count)s more changes)",
            others,
        ) % {"title": self.changes[0].title, "count": others}

    @property
    def tally(self) -> list[str]:
        """'280 language models', '1 organization': what the entry touched, by kind."""
        counts = {}
        for row in self.rows:
            counts[row["source"]] = counts.get(row["source"], 0) + row["count"]
        result = []
        for source, n in counts.items():
            opts = apps.get_model(source)._meta
            name = object_type(opts.verbose_name if n == 1 else opts.verbose_name_plural)
            # Translators: a number of objects of one kind: "280 language models".
            counted = pgettext("number of objects", "%(count)s %(name)s")
            result.append(counted % {"count": n, "name": name})
        return result

    @property
    def tally_text(self) -> str:
        """The tally as one list: '280 language models, 52 organizations'."""
        return pgettext("between list items", ", ").join(self.tally)


def group_saves(rows) -> list[Entry]:
    """Consecutive save_index() rows by the same user with the same reason, within SAME_SAVE
    of the first of them (an import: at its one date), as one Entry each (no query)."""
    entries = []
    for row in rows:
        last = entries[-1].rows[0] if entries else None
        window = (
            datetime.timedelta(0) if row["history_change_reason"] == IMPORT_REASON else SAME_SAVE
        )
        if (
            last is not None
            and row["history_user_id"] == last["history_user_id"]
            and row["history_change_reason"] == last["history_change_reason"]
            and last["history_date"] - row["history_date"] <= window
        ):
            entries[-1].rows.append(row)
        else:
            entries.append(Entry(rows=[row]))
    return entries


def load_entries(entries: list[Entry]) -> list[Entry]:
    """Fill each entry's changes, in the order they were made, from at most SHOWN_PER_KIND
    history rows per kind of object and moment: one query per kind of object for the rows, then
    load_changes()' few per kind."""
    by_source = {}
    for entry in entries:
        for row in entry.rows:
            by_source.setdefault(row["source"], set()).add(row["history_date"])
    index = []
    for source, dates in by_source.items():
        model = apps.get_model(source)
        ranked = (
            published_history(model)
            .filter(history_date__in=dates)
            .annotate(
                source=Value(source, output_field=CharField()),
                rank=Window(
                    RowNumber(),
                    partition_by=[
                        F("history_date"),
                        F("history_user_id"),
                        F("history_change_reason"),
                    ],
                    order_by=F("history_id").desc(),
                    output_field=IntegerField(),
                ),
            )
            .filter(rank__lte=SHOWN_PER_KIND)
            .values("history_id", "history_date", "source")
        )
        index += list(ranked)
    changes = {}
    for change in load_changes(index):
        record = change.record
        key = (change.model._meta.label_lower, record.history_date, record.history_user_id)
        changes.setdefault(key + (record.history_change_reason,), []).append(change)
    for entry in entries:
        found = []
        for row in entry.rows:
            key = (row["source"], row["history_date"], row["history_user_id"])
            found += changes.get(key + (row["history_change_reason"],), [])
        found.sort(key=lambda c: (c.date, c.record.history_id))
        entry.loaded = len(found)
        entry.changes = _one_per_object(found)
    return entries


def _one_per_object(changes: list[Change]) -> list[Change]:
    """The changes of one entry, oldest first, with the rows of one object merged into one:
    added then changed stays added, anything then deleted is deleted, changed fields add up."""
    merged = {}
    for change in changes:
        key = (change.model, change.record.id)
        first = merged.get(key)
        if first is None:
            merged[key] = change
            continue
        if change.kind == KINDS["-"]:
            first.kind, first.fields, first.url = change.kind, [], ""
        elif first.kind == KINDS["~"]:
            first.fields += [name for name in change.fields if name not in first.fields]
            first.label, first.url = change.label, change.url or first.url
        elif first.kind in (KINDS["+"], PUBLISHED):
            first.label, first.url = change.label, change.url or first.url
    return list(merged.values())


def load_changes(rows) -> list[Change]:
    """The Change for each index row, in order; a bounded number of queries per kind of row."""
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["source"], []).append(row["history_id"])
    loaded = {}
    for kind, ids in by_kind.items():
        model = apps.get_model(kind)
        for change in _load_kind(model, kind, ids):
            loaded[(kind, change.record.history_id)] = change
    return [loaded[(row["source"], row["history_id"])] for row in rows]


def _load_kind(model, kind, ids) -> list[Change]:
    History = model.history.model
    previous = (
        History.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    records = list(
        History.objects.filter(history_id__in=ids)
        .select_related("history_user__editor_preference", *_related(model))
        .annotate(previous_id=Subquery(previous))
    )
    prev_ids = [r.previous_id for r in records if r.previous_id]
    before = {p.history_id: p for p in History.objects.filter(history_id__in=prev_ids)}
    links = _m2m_snapshots(model, [r.history_id for r in records] + prev_ids)
    recorded = {f.name for f in History._meta.concrete_fields}  # history may leave some out
    compared = [
        f for f in model._meta.concrete_fields if f.name not in IGNORED and f.name in recorded
    ]
    changes = []
    for record in records:
        prev = before.get(record.previous_id)
        fields = []
        if record.history_type == "~" and prev is not None:
            fields = [
                str(f.verbose_name)
                for f in compared
                if getattr(record, f.attname) != getattr(prev, f.attname)
            ]
            for name, snapshot in links.items():
                if snapshot.get(record.history_id, set()) != snapshot.get(prev.history_id, set()):
                    fields.append(str(model._meta.get_field(name).verbose_name))
        kind_name = KINDS.get(record.history_type, record.history_type)
        if has_status(model) and prev is not None and prev.status == Status.DRAFT:
            kind_name, fields = PUBLISHED, []  # its drafts were never public: it is new to readers
        changes.append(
            Change(
                record=record,
                model=model,
                kind=kind_name,
                label=_label(kind, record),
                fields=fields,
                url=_url(kind, record),
                editor=_editor(record),
            )
        )
    return changes


def _m2m_snapshots(model, history_ids) -> dict[str, dict[int, set]]:
    """For each tracked many-to-many field: history_id -> the set of linked ids (one query each)."""
    from simple_history.utils import get_m2m_reverse_field_name

    records = model._history_records
    result = {}
    for m2m_field in records.m2m_fields:
        m2m_field = model._meta.get_field(getattr(m2m_field, "name", m2m_field))
        through = records.m2m_models[m2m_field]
        target = get_m2m_reverse_field_name(m2m_field) + "_id"
        snapshot = {}
        rows = through.objects.filter(history_id__in=history_ids).values_list("history_id", target)
        for history_id, other in rows:
            snapshot.setdefault(history_id, set()).add(other)
        result[m2m_field.name] = snapshot
    return result


def _label(kind, record) -> str:
    if kind == "catalog.lineage":
        relation = record.get_relation_display()
        # Translators: a lineage link, e.g. "Alpaca instruction-tuned from LLaMA".
        return _("%(child)s %(relation)s %(parent)s") % {
            "child": _name(record, "child"),
            "relation": relation,
            "parent": _name(record, "parent"),
        }
    if kind == "guidance.evidence":
        # Translators: a paper cited as evidence for a guideline.
        return _("%(paper)s for %(guideline)s") % {
            "paper": _name(record, "paper"),
            "guideline": _name(record, "guideline"),
        }
    if kind == "guidance.flowanswer":
        return _("%(question)s: %(answer)s") % {
            "question": _name(record, "question"),
            "answer": record.get_answer_display(),
        }
    for attribute in ("name", "title", "label"):
        if hasattr(record, attribute):
            return shown(record, attribute)  # a task's Chinese name on a Chinese page
    return f"#{record.id}"


def _name(record, relation) -> str:
    try:
        related = getattr(record, relation)
    except Exception:  # noqa: BLE001 - the related row is gone
        related = None
    return str(related) if related is not None else _("(deleted)")


def _url(kind, record) -> str:
    """The public page of the changed object; models opt in with `page_from_own_row`."""
    if not getattr(record.instance_type, "page_from_own_row", False) or record.history_type == "-":
        return ""
    # Built from the record's own columns: `record.instance` would query the row for each
    # field that history leaves out (the models' search vector).
    model = record.instance_type
    recorded = {f.attname for f in type(record)._meta.concrete_fields}
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in recorded]
    return model(**{name: getattr(record, name) for name in fields}).get_absolute_url()


def _editor(record) -> str:
    user = record.history_user
    preference = getattr(user, "editor_preference", None) if user else None
    if preference is not None and preference.show_name_on_changes:
        return preference.display_name
    return ""


def deleted_records(limit: int = 200) -> list[Change]:
    """The latest deletion of each curated object that is still deleted, newest first."""
    rows = []
    for model in public_models():
        History = model.history.model
        live = model._default_manager.values("pk")
        deletions = (
            History.objects.filter(history_type="-")
            .exclude(id__in=live)
            .annotate(source=Value(model._meta.label_lower, output_field=CharField()))
            .values("history_id", "history_date", "source")
            .order_by("-history_date")[:limit]
        )
        rows += list(deletions)
    rows.sort(key=lambda row: row["history_date"], reverse=True)
    latest = {}
    for change in load_changes(rows[:limit]):  # deleted, restored and deleted again: once
        latest.setdefault((change.model, change.record.id), change)
    return list(latest.values())
