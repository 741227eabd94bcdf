"""Throughput of faceted /models/ against Datasette on the same SQLite file (not a test).

    python3 -m venv /work/bench-venv && /work/bench-venv/bin/pip install datasette==0.65.5
    .venv/bin/python bench/facets.py --models 10000 --datasette /work/bench-venv/bin/datasette

Datasette lives in its own virtualenv (it is not a dependency of the project). In one run this:
builds `--models` synthetic models into a fresh SQLite file (bench/out/facets-N.sqlite3), runs
collectstatic, starts gunicorn with 2 workers (production settings: DEBUG off, cached
templates, no page cache) and Datasette 0.65.5 on that file, then loads each with the same
client: `--clients` threads, each with its own keep-alive http.client connection, sending
requests back to back for `--seconds` seconds, `--rounds` times in turn. Prints the median
requests per second of the rounds, side by side.

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
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench file")
    args = parser.parse_args()

    path = ROOT / "bench" / "out" / f"facets-{args.models}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and path.exists()):
        build(path, args.models)
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{path}",
        DEBUG="0",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a throwaway local server
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
    )
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", "2"]
    gunicorn += ["--bind", "127.0.0.1:8701", "--chdir", str(ROOT)]
    datasette = [args.datasette, "serve", "--immutable", str(path), "--port", "8702"]
    datasette += ["--setting", "facet_time_limit_ms", "60000"]
    datasette += ["--setting", "sql_time_limit_ms", "60000", "--setting", "suggest_facets", "off"]
    if not shutil.which(args.datasette):
        raise SystemExit(f"no Datasette at {args.datasette}: see this script's docstring")
    servers = [start(gunicorn, env, 8701), start(datasette, env, 8702)]
    targets = {label: (8701, url) for label, url in ATLAS_PAGES.items()}
    targets["Datasette table + 9 facets"] = (8702, DATASETTE_PATH.format(db=path.stem))
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
    print(
        f"{args.models} models on SQLite, {os.cpu_count()} CPUs; {args.clients} clients, "
        f"{args.rounds} rounds of {args.seconds:g} s; requests per second"
    )
    print(f"  {'page':36} {'median':>8}   rounds")
    for label, rates in results.items():
        rounds = " ".join(f"{rate:.1f}" for rate in rates)
        print(f"  {label:36} {statistics.median(rates):8.1f}   {rounds}")


if __name__ == "__main__":
    main()
