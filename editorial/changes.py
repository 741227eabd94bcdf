"""Recent changes across the curated models, for /changes/, its feed and the deleted list.

Every query that decides what the public may see goes through `published_history()`.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CharField, OuterRef, Q, Subquery, Value

from core.history import curated_models
from core.publishing import Status, has_status, published_q

KINDS = {"+": "added", "~": "changed", "-": "deleted"}
PUBLISHED = "published"  # the kind of a change that took a draft public
IGNORED = {"created_at", "updated_at", "id"}


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


def change_index():
    """(history_id, history_date, kind) of every public change, newest first: one UNION query."""
    parts = [
        published_history(model)
        .annotate(source=Value(model._meta.label_lower, output_field=CharField()))
        .values("history_id", "history_date", "source")
        .order_by()
        for model in curated_models()
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


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
        return str(self.model._meta.verbose_name)

    @property
    def imported(self) -> bool:
        return self.record.history_change_reason == "import"


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
        return f"{_name(record, 'child')} {relation} {_name(record, 'parent')}"
    if kind == "guidance.evidence":
        return f"{_name(record, 'paper')} for {_name(record, 'guideline')}"
    if kind == "guidance.flowanswer":
        return f"{_name(record, 'question')}: {record.get_answer_display()}"
    for attribute in ("name", "title", "label"):
        if hasattr(record, attribute):
            return getattr(record, attribute)
    return f"#{record.id}"


def _name(record, relation) -> str:
    try:
        related = getattr(record, relation)
    except Exception:  # noqa: BLE001 - the related row is gone
        related = None
    return str(related) if related is not None else "(deleted)"


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
    for model in curated_models():
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
