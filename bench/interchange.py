"""Time import_atlas and export_atlas on a synthetic knowledge base (not a test).

    export DEBUG=1 DATABASE_URL=sqlite:////tmp/bench.sqlite3   # or a scratch PostgreSQL database
    .venv/bin/python bench/interchange.py --models 10000 --runs 3

Uses (and empties) the database in DATABASE_URL: point it at a scratch database. Prints the
median and spread of --runs runs of: import into an empty catalog, the same file again (no
change), a file with the same slugs and every row changed, and export; plus peak memory.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.generate import generate  # noqa: E402
from catalog.models import Dataset, LanguageModel, License, Organization, Paper, Topic  # noqa: E402


def empty_catalog():
    for model in (LanguageModel, Paper, Topic, Dataset, License, Organization):
        model.objects.all().delete()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    path, changed = out / f"synthetic-{args.models}.json", out / f"synthetic-{args.models}-b.json"
    path.write_text(json.dumps(generate(args.models, seed=1)), encoding="utf-8")
    changed.write_text(json.dumps(generate(args.models, seed=2)), encoding="utf-8")
    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    fresh, same, every, export = [], [], [], []
    for _ in range(args.runs):
        empty_catalog()
        fresh.append(timed(lambda: call_command("import_atlas", str(path), **quiet)))
        same.append(timed(lambda: call_command("import_atlas", str(path), **quiet)))
        every.append(timed(lambda: call_command("import_atlas", str(changed), **quiet)))
        export.append(timed(lambda: call_command("export_atlas", stdout=StringIO())))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    vendor = django.db.connection.vendor
    print(f"{args.models} models on {vendor}, {args.runs} runs (median, min-max seconds):")
    rows = (
        ("import, empty db", fresh),
        ("import, no change", same),
        ("import, all changed", every),
        ("export", export),
    )
    for label, values in rows:
        print(
            f"  {label:22} {statistics.median(values):7.2f}  ({min(values):.2f}-{max(values):.2f})"
        )
    print(f"  peak memory            {peak_mb:7.0f} MB")


if __name__ == "__main__":
    main()
