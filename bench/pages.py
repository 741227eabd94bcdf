"""Server time of the browse pages over a synthetic catalog (not a test).

    export DATABASE_URL=sqlite:////tmp/bench.sqlite3   # or a scratch PostgreSQL database
    .venv/bin/python bench/pages.py --models 10000 --requests 50
    .venv/bin/python bench/pages.py --models 20000 --search   # on PostgreSQL: the search pages

Loads `--models` synthetic models through import_atlas unless the database already holds
them, then times requests through Django's test client (the whole server side: routing,
views, queries, templates; no network). Prints median and p99 in milliseconds per page.
"""

import argparse
import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log, cached templates
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")  # time the pages, not the page cache
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("API_THROTTLE_BURST", "1000000/minute")  # one client, many requests
os.environ.setdefault("API_THROTTLE_SUSTAINED", "1000000/hour")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate  # noqa: E402
from bench.interchange import empty_catalog  # noqa: E402
from catalog.models import LanguageModel  # noqa: E402

PAGES = {
    "/models/ three filters + facets": "/models/?branch=decoder-only&access=open&year_min=2020",
    "/models/ no filter + facets": "/models/",
    "/models/ search + two filters": "/models/?q=synthetic+42&branch=encoder-only&commercial=yes",
    "model page": "/models/model-05000/",
    "CSV export, everything": "/models/?format=csv",
}
SEARCH_PAGES = {  # --search: search in English and Chinese (target: /models/?q= < 100 ms)
    "/models/?q=model": "/models/?q=model",
    "/search/?q=model": "/search/?q=model",
    "/api/models/?q=model": "/api/models/?q=model",
    # In Chinese (core/search_terms.py): a name matched inside aliases and Chinese summaries,
    # a term through its English words, and a word found nowhere (every row scanned).
    "/zh-hans/models/?q=合成模型42号": "/zh-hans/models/?q=" + quote("合成模型42号"),
    "/zh-hans/models/?q=代码": "/zh-hans/models/?q=" + quote("代码"),
    "/zh-hans/search/?q=代码": "/zh-hans/search/?q=" + quote("代码"),
    "/zh-hans/search/?q=通义千问": "/zh-hans/search/?q=" + quote("通义千问"),
}


def ensure_catalog(models: int) -> None:
    call_command("migrate", verbosity=0)
    last = f"model-{models - 1:05d}"
    if LanguageModel.objects.count() == models and LanguageModel.objects.filter(slug=last).exists():
        return
    empty_catalog()
    path = Path("bench/out") / f"synthetic-{models}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(generate(models)), encoding="utf-8")
    call_command("import_atlas", str(path), stdout=StringIO())
    with connection.cursor() as cursor:
        # What autovacuum would do after the load: planner statistics and, on PostgreSQL, the
        # dead row versions of the import cleared and the visibility map set (index-only scans
        # need it). The benchmark server runs with autovacuum off, so it is done here.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def database_cpu():
    """A function giving the CPU milliseconds used so far by this connection's PostgreSQL
    server process, when that process runs on this machine (read from /proc); else None.
    Steadier than wall clock when other jobs share the machine; parallel workers not counted.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / ticks  # utime + stime

    return used


def measure(client: Client, url: str, requests: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request (CPU is steadier on a shared machine)."""
    client.get(url)  # warm up: compile templates, fill caches, open the connection
    times, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times, cpu


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--only", help="time only the pages whose label contains this text")
    parser.add_argument("--search", action="store_true", help="time the search pages instead")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {  # no collectstatic manifest needed
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    ensure_catalog(args.models)
    client = Client()
    print(
        f"{args.models} models on {django.db.connection.vendor}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}; ms per request (wall clock; CPU of this "
        "process; mean CPU of the PostgreSQL server process, when it runs here)"
    )
    print(f"  {'page':36} {'median':>8} {'p99':>8} {'cpu med':>8} {'db cpu':>8}  requests")
    for label, url in (SEARCH_PAGES if args.search else PAGES).items():
        if args.only and args.only not in label:
            continue
        requests = max(5, args.requests // 10) if "export" in label else args.requests
        client.get(url)  # the connection is open before its server process is looked up
        db_cpu = database_cpu()
        db_start = db_cpu() if db_cpu else 0
        times, cpu = measure(client, url, requests)
        # The warm-up request of measure() is counted too: one more than `requests`.
        db = f"{(db_cpu() - db_start) / (requests + 1):8.1f}" if db_cpu else f"{'-':>8}"
        print(
            f"  {label:36} {statistics.median(times):8.1f} {p99(times):8.1f} "
            f"{statistics.median(cpu):8.1f} {db}  {requests}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
