"""The evidence part of importing `llm-atlas/3`, called by `atlas/interchange.py`.

`evidence/records.py` declares a benchmark. Here is the writing of its tasks: each imported
benchmark's tasks become exactly its file's (the link is declared on the task, since guidance
sits above evidence). A model's results are rows of its record like its sizes
(`interchange._sync_rows`, keyed by benchmark, reported_by and setting).
"""

from core.history import ChangeLog
from guidance.models import Task

from .batches import chunks, slug_ids


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
