"""The search itself, without the page around it (not a test): the first 50 matches and
their count, in English and in Chinese, over the catalog `pages.py` loaded.

    DATABASE_URL=... .venv/bin/python bench/search.py   # after pages.py --models 20000

Prints the median of 15 rounds per query in milliseconds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from catalog.models import LanguageModel  # noqa: E402
from catalog.search import ranked_models  # noqa: E402

QUERIES = ["model", "合成模型42号", "代码", "通义千问", "长上下文 推理"]
ROUNDS = 15


def main():
    print(f"{LanguageModel.objects.count()} models on {connection.vendor}, {os.cpu_count()} CPUs")
    for query in QUERIES:
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            list(ranked_models(query).values_list("pk", flat=True)[:50])
            found = ranked_models(query).count()
            times.append((time.perf_counter() - start) * 1000)
        print(f"  {query:14} {found:6} matches  {statistics.median(times):6.1f} ms")


if __name__ == "__main__":
    main()
