"""Shared admin machinery for curated models: history with revert, no lost edits, filters."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from .admin_publishing import STATUS_FIELD, PublishingAdmin
from .citations import Citation
from .locks import lock_lineage

VERSION_FIELD = "edit_version"
IGNORED_FIELDS = ("created_at", "updated_at")


class ChangedRecentlyFilter(admin.SimpleListFilter):
    title = "changed"
    parameter_name = "changed"

    def lookups(self, request, model_admin):
        return [("7d", "in the last 7 days"), ("30d", "in the last 30 days")]

    def queryset(self, request, queryset):
        days = {"7d": 7, "30d": 30}.get(self.value())
        if days:
            return queryset.filter(updated_at__gte=timezone.now() - datetime.timedelta(days=days))
        return queryset


def version_token(model, pk) -> str:
    """The version of row `pk` an editor starts from: its `updated_at`, as text (one query)."""
    value = model._default_manager.filter(pk=pk).values_list("updated_at", flat=True).first()
    return value.isoformat() if value else ""


def changes_since(model, pk, token: str) -> tuple[list[tuple[str, str]], object]:
    """Fields of `pk` changed since version `token`, with their new values; and who changed it."""
    history = model.history.filter(id=pk)
    seen = history.filter(updated_at=parse_datetime(token)).order_by("-history_id").first()
    latest = history.order_by("-history_id").first()
    if seen is None or latest is None or seen.history_id == latest.history_id:
        return [], getattr(latest, "history_user", None)
    delta = latest.diff_against(seen, excluded_fields=IGNORED_FIELDS)
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        changes.append((str(field.verbose_name), _display(field, change.new)))
    return changes, latest.history_user


def _display(field, value) -> str:
    if field.many_to_many:
        target = get_m2m_reverse_field_name(field)
        ids = [row[target] for row in value if target in row]
        names = [str(o) for o in field.related_model._default_manager.filter(pk__in=ids)]
        return ", ".join(sorted(names)) or "(none)"
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first() if value else None
        return str(obj) if obj else "(none)"
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    return "(empty)" if value in ("", None, []) else str(value)


class VersionedForm(forms.ModelForm):
    """Refuses to save over an edit made since the form was opened (optimistic locking).

    The version the editor started from travels in a hidden field. Inside the admin's
    transaction, a conditional UPDATE … WHERE updated_at = <that version> both checks it and
    holds the row (PostgreSQL row lock; SQLite's single writer), so of two editors saving
    the same object only the first succeeds; the second sees what changed meanwhile.
    """

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # From the database, not the instance: a revert form holds an old version.
            self.initial[VERSION_FIELD] = version_token(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        model, pk = type(self.instance), self.instance.pk
        if pk is None:
            return cleaned
        token = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
        version = parse_version(token)
        if version is not None:
            unchanged = model._default_manager.filter(pk=pk, updated_at=version)
            if unchanged.update(updated_at=version) == 1:
                return cleaned
        current = version_token(model, pk)
        if not current:  # deleted meanwhile (or being restored): saving restores it
            return cleaned
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = current  # submitting again is deliberate
        if version is None:
            raise ValidationError(
                f"This form was sent without the version it was opened at, so it cannot tell "
                f"whether someone else saved this {model._meta.verbose_name} meanwhile; your "
                "changes were not saved. Check the form below against the current values; "
                "saving again will replace them with yours.",
                code="no_version",
            )
        changes, user = changes_since(model, pk, token)
        who = f" by {user}" if user else ""
        listed = "; ".join(f"{name}: now “{value}”" for name, value in changes)
        raise ValidationError(
            f"Someone else saved this {model._meta.verbose_name}{who} after you opened it, "
            "so your changes were not saved. "
            + (f"Changed meanwhile: {listed}. " if listed else "")
            + "Check the form below against the current values; saving again will replace "
            "them with yours.",
            code="stale",
        )


def parse_version(token: str) -> datetime.datetime | None:
    """The version a form carries (`version_token`), or None when it is missing or is not one."""
    if not token or len(token) > 40:
        return None
    try:
        return parse_datetime(token)
    except ValueError:  # shaped like a date and time, but not one (month 13)
        return None


def _links_of(model, record) -> dict[str, list]:
    """The ids each tracked many-to-many field of `model` held in history `record`."""
    links = {}
    for m2m_field in model._history_records.m2m_fields:
        m2m_field = model._meta.get_field(getattr(m2m_field, "name", m2m_field))
        target = get_m2m_reverse_field_name(m2m_field) + "_id"
        links[m2m_field.name] = [
            getattr(row, target) for row in getattr(record, m2m_field.name).all()
        ]
    return links


class CuratedAdmin(PublishingAdmin, SimpleHistoryAdmin):
    """Admin for every curated model: drafts and publishing, field-by-field history, revert,
    stale-save refusal.

    A subclass with its own `form` must derive it from VersionedForm. One that edits lineage
    sets `locks_lineage`: its saves then take the lineage lock before the cycle checks run.
    """

    form = VersionedForm
    locks_lineage = False

    def get_queryset(self, request):
        # Explicitly ordered: a subclass's counts (annotate) make the query grouped, and a
        # grouped query drops Meta.ordering, leaving autocomplete and paging in no fixed order.
        ordering = self.get_ordering(request) or self.model._meta.ordering
        return super().get_queryset(request).order_by(*ordering)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.SlugField) and formfield is not None:
            # The model's own slug rule says what is wrong in plain words; Django's says less.
            formfield.validators = [v for v in db_field.validators if v is not validate_slug]
        return formfield

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        flat = flatten_fieldsets(fieldsets)
        name, options = fieldsets[0]
        fields = tuple(f for f in options["fields"] if f != STATUS_FIELD)
        if self.publishable:
            fields = (STATUS_FIELD, *fields)  # shown first, read-only (see admin_publishing)
        if VERSION_FIELD not in flat:
            fields = (*fields, VERSION_FIELD)
        fieldsets[0] = (name, {**options, "fields": fields})
        return fieldsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert (or restore a deleted object) in one transaction, as the change view saves.

        The form starts from the version's links too (organisations, papers, ...): the library
        would show today's.
        """
        record = self.model.history.filter(history_id=version_id).first()
        request._version_links = _links_of(self.model, record) if record else {}
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if record is not None and request.method == "POST" and response.status_code == 302:
                self.reverted(request, record)
            return response

    def reverted(self, request, record) -> None:
        """Called in the revert's transaction once the object is saved as version `record`:
        a subclass brings back what the form does not hold (e.g. a model's parent links)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        links = getattr(request, "_version_links", None)
        if not links:
            return form

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, ids in links.items():
                    if name in self.fields:
                        self.initial[name] = ids

        return VersionForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and self.locks_lineage:
            # Cycle checks of parent links run while the form validates: lock first.
            with transaction.atomic(using=router.db_for_write(self.model)):
                lock_lineage()
                return super().changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    """Every citation, to find the weak ones: filter by method (inferred, third-party) or by
    age, search by source. They are edited beside their facts (the model's page in admin)."""

    list_display = ("__str__", "content_type", "object_id", "method", "retrieved_on")
    list_filter = ("method", "content_type", "field")
    search_fields = ("source_url", "note", "field", "item")
    date_hierarchy = "retrieved_on"
    fields = (
        ("content_type", "object_id"),
        ("field", "item"),
        "method",
        "source_url",
        "retrieved_on",
        "note",
    )
