"""Edit history (django-simple-history) for every curated model, and recording bulk writes.

Each curated model declares `history = AtlasHistoricalRecords(...)`; the importer, which writes
with bulk operations that send no signals, records what it did through a `ChangeLog`.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.models import HistoricalRecords

IMPORT_REASON = "import"
BATCH = 500


class AtlasHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that leave themselves on the model, so bulk writers can record rows."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._history_records = self


def records_for(model) -> AtlasHistoricalRecords:
    return model._history_records


class ChangeLog:
    """What a bulk write created, changed and deleted, recorded as history in the same transaction.

    Deletions are recorded at once (the rows are about to go); creations and changes when
    `record()` runs at the end, so that the rows carry their final links.
    """

    def __init__(self, reason: str = IMPORT_REASON):
        self.reason = reason
        self.date = timezone.now()
        self.created = defaultdict(set)
        self.changed = defaultdict(set)

    def add_created(self, model, pks) -> None:
        self.created[model].update(pks)

    def add_changed(self, model, pks) -> None:
        self.changed[model].update(pks)

    def deleting(self, model, pks) -> None:
        """Record the rows `pks` of `model` as deleted; call before deleting them."""
        self._write(model, sorted(pks), "-")

    def record(self) -> dict[str, int]:
        """Write a history row for every created or changed object; return counts by model."""
        counts = {}
        for model in set(self.created) | set(self.changed):
            created = self.created[model]
            changed = self.changed[model] - created
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
            if records.m2m_fields:
                # Rows with links: one at a time, so each keeps a snapshot of its links.
                for obj in objects:
                    records.create_historical_record(obj, history_type)
            elif history_type == "-":
                for obj in objects:
                    records.create_historical_record(obj, history_type)
            else:
                model.history.bulk_history_create(
                    objects,
                    update=history_type == "~",
                    default_change_reason=self.reason,
                    default_date=self.date,
                )
