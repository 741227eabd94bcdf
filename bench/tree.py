"""Server time and memory of the evolutionary tree and the lineage pieces (not a test).

    export DATABASE_URL=sqlite:////tmp/bench-tree.sqlite3   # or a scratch PostgreSQL database
    .venv/bin/python bench/tree.py                  # the seed (84 models), then 10,000
    .venv/bin/python bench/tree.py --sizes 10000 --requests 20

Uses (and empties) the database in DATABASE_URL. For each size, loads the catalog (the seed
fixtures, or `bench/generate.py`'s synthetic one), then times requests through Django's test
client (routing, view, queries, layout, SVG, template; no network) and prints the median and
p99 in milliseconds, and the peak of Python memory allocated while serving one request
(tracemalloc, in a separate run so it does not slow the timed ones). Also times `tree.draw()`
and its SVG (`.svg`: the figure through its template) alone on data already loaded, to
separate the drawing from the queries.

Figures, 1 December 2026, 10,000 synthetic models on SQLite, 2 CPUs shared with seven other
jobs (so wall times are inflated; "CPU med" is this process's own server time):

    what                                     median      p99  CPU med  peak MB
    /tree/ (overview; every facet counted)   4379.5   4795.5    710.0     14.6  (195 kB)
    /tree/ 3 filters + highlight             3578.3   5535.4    928.8     18.6  (214 kB)
    /tree.svg                                1384.1   1581.3    455.2     14.5  (100 kB)
    /tree.svg?expand=all (every model)       6707.9  11399.3   2655.9     52.1  (10 MB)
    draw().svg alone, folded                  307.7    681.0    138.8      3.6

The folded overview of 10,000 models is about 112 boxes (one family and one "N more" box per
lane and year), 2,272 x 1,080 units: fitted at 1280 x 800 its labels are about 6.6 px, so
reading it needs one zoom step; the seed's 280 models fit at 9.1 px.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log, cached templates
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402

from bench.interchange import empty_catalog  # noqa: E402
from bench.pages import ensure_catalog, p99  # noqa: E402
from catalog import tree  # noqa: E402
from catalog.models import LanguageModel  # noqa: E402

PAGES = {
    "/tree/ (overview; every facet counted)": "/tree/",
    "/tree/ 3 filters + highlight": "/tree/?branch=decoder-only&access=open&year_min=2020"
    "&highlight={middle}",
    "/tree.svg": "/tree.svg",
    "/tree.svg?expand=all (every model)": "/tree.svg?expand=all",
}
LINEAGE = Template(
    "{% load lineage_tags %}{% lineage_tree model %}{% lineage_list model %}"
    "{% inherited_terms model %}"
)
CHARTS = Template("{% load lineage_tags %}{% organizations_chart %}{% growth_charts %}")


def load(size: str) -> None:
    call_command("migrate", verbosity=0)
    if size == "seed":
        empty_catalog()
        files = sorted(str(p) for p in Path("fixtures").glob("*.json"))
        call_command("import_atlas", *files, stdout=StringIO(), stderr=StringIO())
    else:
        ensure_catalog(int(size))


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run (CPU time is what other processes on a
    busy machine do not inflate)."""
    fn()  # warm up: templates compiled, caches filled
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def request(client: Client, url: str):
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return get


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def report(label: str, times: tuple[list[float], list[float]], memory: float, extra="") -> None:
    wall, cpu = times
    print(
        f"  {label:38} {statistics.median(wall):8.1f} {p99(wall):8.1f} "
        f"{statistics.median(cpu):8.1f} {memory:8.1f}  {len(wall)}{extra}"
    )


def bench(size: str, requests: int) -> None:
    load(size)
    count = LanguageModel.objects.count()
    middle = LanguageModel.objects.order_by("release_date", "slug")[count // 2]
    client = Client()
    print(f"\n{count} models on {connection.vendor}: milliseconds, peak Python MB")
    print(f"  {'what':38} {'median':>8} {'p99':>8} {'CPU med':>8} {'peak MB':>8}  runs")
    for label, url in PAGES.items():
        url = url.format(middle=middle.slug)
        runs = requests if "expand" not in url else max(5, requests // 4)
        get = request(client, url)
        size_kb = len(get().content) / 1000
        report(label, timed(get, runs), peak_mb(get), f"  ({size_kb:,.0f} kB)")

    catalog = tree.load_catalog()
    drawing = tree.draw(catalog)
    report(
        f"draw().svg alone, {'folded' if drawing.folded else 'every model'}",
        timed(lambda: tree.draw(catalog).svg, requests),
        peak_mb(lambda: tree.draw(catalog).svg),
        f"  ({drawing.shown} boxes)",
    )
    if drawing.folded:
        everything = tree.Options(expand=True)
        report(
            "draw().svg alone, every model",
            timed(lambda: tree.draw(catalog, everything).svg, max(5, requests // 4)),
            peak_mb(lambda: tree.draw(catalog, everything).svg),
        )
    report(
        "load_catalog() (3 queries)",
        timed(tree.load_catalog, requests),
        peak_mb(tree.load_catalog),
    )

    def lineage_pieces():
        model = LanguageModel.objects.get(pk=middle.pk)
        LINEAGE.render(Context({"model": model}))

    report(
        "model page lineage pieces (3 tags)",
        timed(lineage_pieces, requests),
        peak_mb(lineage_pieces),
    )

    def chart_tags():
        CHARTS.render(Context({}))

    report("charts (organisations + growth)", timed(chart_tags, requests), peak_mb(chart_tags))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="seed,10000", help="comma-separated: seed or a number")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    print(f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    for size in args.sizes.split(","):
        bench(size.strip(), args.requests)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(f"\nprocess peak RSS over the whole run: {rss:.0f} MB")


if __name__ == "__main__":
    main()
