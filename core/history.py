"""Edit history (django-simple-history) for every curated model, and recording bulk writes.

Each curated model declares `history = AtlasHistoricalRecords(...)`; the importer, which writes
with bulk operations that send no signals, records what it did through a `ChangeLog`.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name

from .models import NameKeyField

IMPORT_REASON = "import"
BATCH = 500


class AtlasHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that leave themselves on the model, so bulk writers can record rows.

    Derived columns (a name's comparison key, `core.models.NameKeyField`) are not history: they
    are left out, and read as None on a history row, so comparing two versions never lists them.
    """

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._history_records = self

    def finalize(self, sender, **kwargs):
        if sender is self.cls:  # the library hears every model being prepared
            derived = [f.name for f in sender._meta.fields if isinstance(f, NameKeyField)]
            self.excluded_fields = [*self.excluded_fields, *derived]
        super().finalize(sender, **kwargs)

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        derived = [f.name for f in model._meta.fields if isinstance(f, NameKeyField)]
        for name in derived:
            setattr(history_model, name, None)
        # Rebuilding an object from a version would read derived columns from today's row, one
        # query each; save() computes them again anyway.
        history_model._history_excluded_fields = [
            name for name in self.excluded_fields if name not in derived
        ]
        return history_model


def records_for(model) -> AtlasHistoricalRecords:
    return model._history_records


class ChangeLog:
    """What a bulk write created, changed and deleted, recorded as history in the same transaction.

    Deletions are recorded at once (the rows are about to go); creations and changes when
    `record()` runs at the end, so that the rows carry their final links.
    """

    def __init__(self, reason: str = IMPORT_REASON):
        self.reason = reason
        self.date = timezone.now()  # every row written from now on has updated_at >= date
        self.changed = defaultdict(set)

    def add_changed(self, model, pks) -> None:
        """Rows whose links changed (their own columns, and so updated_at, may not have)."""
        self.changed[model].update(pks)

    def deleting(self, model, pks) -> None:
        """Record the rows `pks` of `model` as deleted; call before deleting them."""
        self._write(model, sorted(pks), "-")

    def record(self, models) -> dict[str, int]:
        """Write a history row for every row of `models` created or changed since the log began.

        Return counts by model label.
        """
        counts = {}
        for model in models:
            created, changed = set(), set(self.changed[model])
            rows = model._default_manager.filter(updated_at__gte=self.date)
            for pk, created_at in rows.values_list("pk", "created_at"):
                (created if created_at >= self.date else changed).add(pk)
            changed -= created
            if not created and not changed:
                continue
            self._write(model, sorted(created), "+")
            self._write(model, sorted(changed), "~")
            counts[model._meta.label] = len(created) + len(changed)
        return counts

    def _write(self, model, pks, history_type) -> None:
        records = records_for(model)
        for start in range(0, len(pks), BATCH):
            objects = list(model.objects.filter(pk__in=pks[start : start + BATCH]))
            for obj in objects:
                obj._history_date = self.date
                obj._change_reason = self.reason
            if history_type == "-":  # few rows, and these need the library's own handling
                for obj in objects:
                    records.create_historical_record(obj, history_type)
                continue
            rows = model.history.bulk_history_create(
                objects,
                update=history_type == "~",
                default_change_reason=self.reason,
                default_date=self.date,
            )
            if records.m2m_fields:
                _write_link_snapshots(model, records, rows)


def _write_link_snapshots(model, records, history_rows) -> None:
    """Each new history row's links, as the library keeps them: one INSERT per field."""
    by_object = {row.id: row for row in history_rows}
    for m2m_field in records.m2m_models:
        if m2m_field.model is not model:  # the library shares this dict between models
            continue
        through = m2m_field.remote_field.through
        own = through._meta.get_field(get_m2m_field_name(m2m_field))
        snapshot_model = records.m2m_models[m2m_field]
        columns = [f.attname for f in through._meta.fields]
        links = through.objects.filter(**{f"{own.attname}__in": list(by_object)})
        snapshot_model.objects.bulk_create(
            [
                snapshot_model(
                    history=by_object[getattr(link, own.attname)],
                    **{column: getattr(link, column) for column in columns},
                )
                for link in links
            ],
            batch_size=BATCH,
        )


def curated_models(registry=None) -> list:
    """Every curated model: those whose edits are recorded, i.e. that have a historical model.

    Walks an app registry (Django's, or a migration's, whose models lack our attributes but
    keep the historical models), in app and definition order.
    """
    if registry is None:
        from django.apps import apps as registry
    found = []
    for model in registry.get_models():
        opts = model._meta
        if opts.model_name.startswith("historical"):
            continue
        try:
            registry.get_model(opts.app_label, f"historical{opts.model_name}")
        except LookupError:
            continue
        found.append(model)
    return found
