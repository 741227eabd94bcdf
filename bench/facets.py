"""Throughput of faceted /models/ against Datasette on the same SQLite file (not a test).

    python3 -m venv /work/bench-venv && /work/bench-venv/bin/pip install datasette==0.65.5
    .venv/bin/python bench/facets.py --models 10000 --datasette /work/bench-venv/bin/datasette

Datasette lives in its own virtualenv (it is not a dependency of the project). In one run this:
builds `--models` synthetic models into a fresh SQLite file (bench/out/facets-N.sqlite3), runs
collectstatic, starts two gunicorns as gunicorn.conf.py configures them (2 x cores + 1 sync
workers unless `--workers` says; production settings: DEBUG off, cached templates), one with
the page cache off and one with the shared Redis page cache (`--redis`, its own key prefix,
emptied first), and Datasette 0.65.5 on that file, then loads
each with the same client: `--clients` threads, each with its own keep-alive http.client
connection, sending requests back to back for `--seconds` seconds, `--rounds` times in turn.
Prints the median requests per second of the rounds, side by side, and each atlas page's
ratio to Datasette. The servers take turns, so at most one is busy at a time.

The two pages ask for the same thing: published models, first page (50 rows for the atlas,
Datasette's default 100), with counts by branch, access, architecture, weights, reasoning,
lifecycle, licence, family and input modality (Datasette: `_facet=` on the columns,
`_facet_array=input_modalities`). The atlas page does more: organisation, training data,
year, commercial use and inherited-restriction facets, chips, sorting and the full page.
Datasette's facet time limit is raised so that it computes every facet, and its facet
suggestions are off.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACETS = ["branch", "access", "architecture", "weights", "reasoning", "lifecycle"]
FACETS += ["license_id", "family_id"]
DATASETTE_PATH = (
    "/{db}/catalog_languagemodel?status=published&_size=100"
    + "".join(f"&_facet={name}" for name in FACETS)
    + "&_facet_array=input_modalities"
)
ATLAS_PAGES = {
    "/models/ no filter": "/models/",
    "/models/ three filters": "/models/?branch=decoder-only&access=open&year_min=2020",
}
UNCACHED, CACHED, DATASETTE = 8701, 8703, 8702
CACHE_PREFIX = "bench-facets"


def build(path: Path, models: int) -> None:
    """A fresh SQLite file holding `models` synthetic models (import_atlas, then ANALYZE)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate

    path.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    data = path.with_suffix(".json")
    data.write_text(json.dumps(generate(models)), encoding="utf-8")
    call_command("import_atlas", str(data), stdout=StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def clear_cache(url: str) -> None:
    """Drops the benchmark's own keys (its prefix) from the Redis database, nothing else."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{CACHE_PREFIX}:*"))
    if keys:
        client.delete(*keys)


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own commands
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{command[0]} did not start on port {port}")


def load(port: int, path: str, clients: int, seconds: float) -> float:
    """Requests per second answered 200 by `clients` threads sending back to back."""
    done = [0] * clients
    failures = []
    cached = port == CACHED
    stop = time.perf_counter() + seconds

    def client(i):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
                return
            if cached and done[i] and response.getheader("X-Page-Cache") != "hit":
                failures.append(f"X-Page-Cache: {response.getheader('X-Page-Cache')}")
                return
            done[i] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"port {port} {path} answered {failures[0]}")
    return sum(done) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--datasette", default="/work/bench-venv/bin/datasette")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, help="gunicorn workers (gunicorn.conf.py's)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench file")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7", help="for the page cache")
    args = parser.parse_args()
    path = ROOT / "bench" / "out" / f"facets-{args.models}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and path.exists()):
        build(path, args.models)
    load_before = load_average()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{path}",
        DEBUG="0",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a throwaway local server
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        PAGE_CACHE_SECONDS="0",
    )
    env.pop("REDIS_URL", None)
    cached_env = dict(
        env, PAGE_CACHE_SECONDS="600", REDIS_URL=args.redis, CACHE_KEY_PREFIX=CACHE_PREFIX
    )
    clear_cache(args.redis)

    def gunicorn(port):
        workers = ["--workers", str(args.workers)] if args.workers else []
        return [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", *workers] + [
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
        ]

    datasette = [args.datasette, "serve", "--immutable", str(path), "--port", str(DATASETTE)]
    datasette += ["--setting", "facet_time_limit_ms", "60000"]
    datasette += ["--setting", "sql_time_limit_ms", "60000", "--setting", "suggest_facets", "off"]
    if not shutil.which(args.datasette):
        raise SystemExit(f"no Datasette at {args.datasette}: see this script's docstring")
    servers = [
        start(gunicorn(UNCACHED), env, UNCACHED),
        start(gunicorn(CACHED), cached_env, CACHED),
        start(datasette, env, DATASETTE),
    ]
    targets = {"Datasette table + 9 facets": (DATASETTE, DATASETTE_PATH.format(db=path.stem))}
    for label, url in ATLAS_PAGES.items():
        targets[f"{label}, uncached"] = (UNCACHED, url)
        targets[f"{label}, Redis page cache"] = (CACHED, url)
    try:
        results = {label: [] for label in targets}
        for port, url in targets.values():  # warm up: templates, caches, pages
            load(port, url, 1, 1)
        for _ in range(args.rounds):
            for label, (port, url) in targets.items():
                results[label].append(load(port, url, args.clients, args.seconds))
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        clear_cache(args.redis)
    medians = {label: statistics.median(rates) for label, rates in results.items()}
    datasette_rate = medians["Datasette table + 9 facets"]
    print(
        f"{args.models} models on SQLite, {os.cpu_count()} CPUs; {args.clients} clients, "
        f"{args.rounds} rounds of {args.seconds:g} s; gunicorn workers: "
        f"{args.workers or 'gunicorn.conf.py'}; requests per second"
    )
    print(f"  load average before: {load_before}, after: {load_average()}")
    print(f"  {'page':48} {'median':>8} {'x Datasette':>12}   rounds")
    for label, rates in results.items():
        rounds = " ".join(f"{rate:.1f}" for rate in rates)
        ratio = medians[label] / datasette_rate
        print(f"  {label:48} {medians[label]:8.1f} {ratio:11.2f}x   {rounds}")


if __name__ == "__main__":
    main()
