"""`make bench`: build the statewide dataset in PostgreSQL, serve the app under production settings, measure.

Environment: DATABASE_URL (PostgreSQL; its database is dropped and recreated, so its name must contain
"bench"; default postgres://postgres@127.0.0.1:5432/coalition_bench), BENCH_REDIS_URL (default Redis db 6),
BENCH_SCALE (1 = 100,000 people), BENCH_REQUESTS (timed requests per page and account),
BENCH_SEED, BENCH_ONLY (comma-separated metric names), BENCH_CALL_WORKERS (gunicorn workers of the call-list
run, default 4), BENCH_CALL_PAUSE_S (a caller's average pause between saving a call and pressing "next", default
1). Writes bench/results.json and bench/plans/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"


class Refused(Exception):
    """The bench will not run with this configuration; the message says what to change."""


def bench_database_url(value: str | None) -> str:
    """The PostgreSQL URL the bench may drop and recreate, or Refused with a plain reason."""
    value = (value or "").strip() or DEFAULT_DATABASE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("postgres", "postgresql"):
        raise Refused(f"make bench needs PostgreSQL: DATABASE_URL is {parts.scheme or value!r}, not "
                      f"postgres://... (for example {DEFAULT_DATABASE_URL}).")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise Refused(f"make bench drops and recreates its database; {name!r} does not look like a bench database. "
                      f"Use a database name containing 'bench' (for example {DEFAULT_DATABASE_URL}).")
    return value


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme.replace("postgres", "postgresql", 1) if parts.scheme == "postgres"
                            else parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    started = time.perf_counter()
    try:
        database_url = bench_database_url(os.environ.get("DATABASE_URL"))
    except Refused as why:
        print(why, file=sys.stderr)
        return 2
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    requests = int(os.environ.get("BENCH_REQUESTS", "40"))
    seed = int(os.environ.get("BENCH_SEED", "2026"))
    only = [m for m in os.environ.get("BENCH_ONLY", "").split(",") if m]
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)

    print(f"Recreating {urlsplit(database_url).path.lstrip('/')} and migrating", flush=True)
    recreate_database(database_url)
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "coalition.settings",
                       "REDIS_URL": "", "DJANGO_ENV": "development"})
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)

    import django

    django.setup()
    from bench import dataset, metrics, results, web

    now = datetime.now(UTC).replace(microsecond=0)
    print(f"Loading the dataset at scale {scale}", flush=True)
    build = dataset.build_dataset(scale=scale, seed=seed, now=now)
    for name, seconds in build.seconds.items():
        print(f"  {name}: {seconds} s{' MISSING: ' + build.missing[name] if name in build.missing else ''}")

    var_dir = web.temp_var_dir()
    env = web.production_env(database_url, redis_url, var_dir)
    print("Serving under gunicorn with production settings", flush=True)
    server = web.start_server(env)
    try:
        password = dataset.BENCH_PASSWORD
        clients = {name: web.sign_in(server.base, f"{name}@{dataset.BENCH_DOMAIN}", password)
                   for name in ("chicago.organizer", "staff", "admin")}
        bench = metrics.Bench(build=build, server=server, clients=clients, requests=requests, env=env)
        print(f"Measuring ({requests} requests per page and account)", flush=True)
        measured = metrics.measure_all(bench, only or None)
    finally:
        server.stop()
    info = results.machine()
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    data = {"scale": scale, "seed": seed, **build.counts, "load_seconds": build.seconds}
    if build.missing:
        data["missing"] = build.missing
    path = results.write_results(results.results_document(data, measured, info))
    print()
    print(results.table(measured))
    print(f"\nWrote {path.relative_to(ROOT)} and bench/plans/ in {info['bench_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
