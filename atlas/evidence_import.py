"""The evidence part of importing `llm-atlas/3`, called by `atlas/interchange.py`.

`evidence/records.py` declares a benchmark and `catalog/records.py` a model's results. Here is
the writing: each imported benchmark's tasks become exactly its file's (the link is declared
on the task, since guidance sits above evidence), and each imported model's results exactly
its file's, keyed by (benchmark, reported_by, setting).
"""

from django.utils import timezone

from catalog.records import RESULT
from core.history import ChangeLog
from core.records import columns
from evidence.models import Benchmark, Result
from guidance.models import Task

from .batches import chunks, slug_ids

OWN_COLUMNS = [c for c in columns(RESULT) if c != "benchmark_id"]


def sync_tasks(benchmark_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported benchmark's task links exactly the file's."""
    through = Task.benchmarks.through
    task_ids = slug_ids(Task, {slug for item in items.values() for slug in item["tasks"]})
    wanted = {
        (task_ids[task], benchmark_ids[slug])
        for slug, item in items.items()
        for task in item["tasks"]
    }
    existing = {}
    for chunk in chunks(sorted(benchmark_ids.values())):
        rows = through.objects.filter(benchmark_id__in=chunk)
        for pk, task, benchmark in rows.values_list("pk", "task_id", "benchmark_id"):
            existing[(task, benchmark)] = pk
    stale = sorted(pk for pair, pk in existing.items() if pair not in wanted)
    through.objects.filter(pk__in=stale).delete()
    missing = sorted(wanted - existing.keys())
    through.objects.bulk_create(
        [through(task_id=task, benchmark_id=benchmark) for task, benchmark in missing]
    )
    changed = {task for task, _ in missing} | {
        task for (task, benchmark) in existing if (task, benchmark) not in wanted
    }
    log.add_changed(Task, changed)


def sync_results(model_ids: dict[str, int], items: dict, log: ChangeLog) -> None:
    """Make each imported model's results exactly the file's."""
    benchmarks = slug_ids(
        Benchmark, {r["benchmark"] for item in items.values() for r in item["results"]}
    )
    wanted = {}
    for slug, item in items.items():
        for result in item["results"]:
            values = {column: result[column] for column in OWN_COLUMNS}
            key = (model_ids[slug], benchmarks[result["benchmark"]])
            wanted[(*key, result["reported_by"], result["setting"])] = values
    existing = {}
    for chunk in chunks(sorted(model_ids.values())):
        for row in Result.objects.filter(model_id__in=chunk):
            existing[(row.model_id, row.benchmark_id, row.reported_by, row.setting)] = row
    stale = sorted(row.pk for key, row in existing.items() if key not in wanted)
    log.deleting(Result, stale)
    for chunk in chunks(stale):
        Result.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    created = []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            created.append(Result(model_id=key[0], benchmark_id=key[1], **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            Result.objects.filter(pk=row.pk).update(updated_at=now, **values)
    Result.objects.bulk_create(created)
