"""`make bench`: build the statewide dataset in PostgreSQL, serve the app under production settings, measure.

Environment: DATABASE_URL (PostgreSQL; its database is dropped and recreated, so its name must contain
"bench"; default postgres://postgres@127.0.0.1:5432/coalition_bench), BENCH_REDIS_URL (default Redis db 6),
BENCH_SCALE (1 = 100,000 people), BENCH_REQUESTS (timed requests per page and account),
BENCH_SEED, BENCH_ONLY (comma-separated metric names), BENCH_CALL_WORKERS (gunicorn workers of the call-list
run, default 4), BENCH_CALL_PAUSE_S (a caller's average pause between saving a call and pressing "next", default
1), BENCH_GROWTH (a factor, e.g. 10: the hot pages are measured at BENCH_SCALE first, then everything at
BENCH_SCALE times the factor, and each page's p95 ratio is reported). Writes bench/results.json and bench/plans/
at scale 1, bench/results-scale<N>.json and bench/plans-scale<N>/ at another scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
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


# The pages the growth mode measures at both scales: each one's p95 at the larger scale over the smaller's.
GROWTH_PAGES = ("person_search_p95_ms", "person_list_p95_ms", "organizer_home_p95_ms", "event_roster_p95_ms",
                "whip_count_p95_ms", "api_people_page_p95_ms", "county_map_p95_ms")
GROWTH_TARGET = 1.5


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
    growth = float(os.environ.get("BENCH_GROWTH", "0") or 0)

    from bench import results
    from bench.plans import plans_dir

    smaller = None
    if growth > 1:
        print(f"Growth mode: the pages at scale {scale}, then everything at scale {scale * growth}", flush=True)
        smaller = measure_at(database_url, redis_url, scale, seed, requests, list(GROWTH_PAGES))[1]
        scale *= growth
    data, measured = measure_at(database_url, redis_url, scale, seed, requests, only)
    document_extra = {}
    if smaller is not None:
        ratios = growth_ratios(smaller, measured)
        document_extra["growth"] = {"from_scale": scale / growth, "to_scale": scale, "pages": ratios}
        worst = max((r["ratio"] for r in ratios.values() if r["ratio"] is not None), default=None)
        measured.append(results.Metric(
            name="growth_p95_ratio_max", unit="x", target=GROWTH_TARGET, better="lower",
            value=None if worst is None else round(worst, 3), missing="" if worst is not None else "no page measured",
            detail={"worst": max(ratios, key=lambda k: ratios[k]["ratio"] or 0) if worst is not None else None}))
    info = results.machine()
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    path = results.write_results({**results.results_document(data, measured, info), **document_extra},
                                 results.results_path(scale))
    print()
    print(results.table(measured))
    if smaller is not None:
        print("\n" + results.growth_table(document_extra["growth"]))
    print(f"\nWrote {path.relative_to(ROOT)} and {plans_dir(scale).relative_to(ROOT)}/ in {info['bench_seconds']} s")
    return 0


def growth_ratios(smaller: list[Any], larger: list[Any]) -> dict[str, dict[str, float | None]]:
    """Per page: its p95 at both scales and the larger over the smaller (None where either was not measured)."""
    before = {m.name: m.value for m in smaller}
    ratios: dict[str, dict[str, float | None]] = {}
    for m in larger:
        if m.name not in GROWTH_PAGES:
            continue
        low, high = before.get(m.name), m.value
        ratios[m.name] = {"smaller_p95_ms": low, "larger_p95_ms": high,
                          "ratio": round(high / low, 3) if low and high else None}
    return ratios


def measure_at(database_url: str, redis_url: str, scale: float, seed: int, requests: int,
               only: list[str]) -> tuple[dict[str, Any], list[Any]]:
    """Recreate the bench database, load the dataset at `scale`, serve it under gunicorn and measure `only` (or
    everything): the dataset's counts and load times, and the metrics."""
    print(f"Recreating {urlsplit(database_url).path.lstrip('/')} and migrating", flush=True)
    recreate_database(database_url)
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "coalition.settings",
                       "REDIS_URL": "", "DJANGO_ENV": "development"})
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)

    import django

    django.setup()
    from django.db import connections

    from bench import dataset, metrics, web

    connections.close_all()  # a second scale in one run: the database was dropped under the old connection
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
    data = {"scale": scale, "seed": seed, **build.counts, "load_seconds": build.seconds}
    if build.missing:
        data["missing"] = build.missing
    return data, measured


if __name__ == "__main__":
    sys.exit(main())
