"""The metrics: a registry of small functions, each measuring one thing against its target over real HTTP.

A metric whose page or service does not exist yet raises Missing with the reason; it is reported as
missing in results.json, never given a number it did not measure.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench import loader, plans, web
from bench.dataset import BENCH_DOMAIN, Build
from bench.results import Metric

DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(OUT)? HOLD FOR ')


class Missing(Exception):
    """The metric cannot be measured yet; the message says why."""


@dataclass
class Bench:
    build: Build
    server: web.Server
    clients: dict[str, web.Client]
    requests: int
    env: dict[str, str]
    plan_findings: dict[str, list[str]] = field(default_factory=dict)
    # The statewide reports (the map, the funder report) count over everyone, so they read the big tables whole:
    # their scans are reported beside the hot pages' (and go to the read replica when one is set), not counted.
    report_findings: dict[str, list[str]] = field(default_factory=dict)
    page_times: dict[str, list[float]] = field(default_factory=dict)
    runs: dict[str, Any] = field(default_factory=dict)  # a load run once and read by more than one metric


MetricFunction = Callable[[Bench], "float | tuple[float, dict[str, Any]]"]
METRICS: list[tuple[str, str, float | None, str, MetricFunction]] = []
# The metrics that write in bulk (imports, reminder and broadcast waves, the outbox, RSVP crowds): the database is
# settled after each (settle), so that the next metric measures its own work and not a vacuum of this one's rows.
WRITES: set[str] = set()


def metric(name: str, unit: str, target: float | None, better: str = "lower", *,
           writes: bool = False) -> Callable[[MetricFunction], MetricFunction]:
    def register(function: MetricFunction) -> MetricFunction:
        METRICS.append((name, unit, target, better, function))
        if writes:
            WRITES.add(name)
        return function

    return register


def settle() -> float:
    """VACUUM ANALYZE after a metric that wrote in bulk, as autovacuum does on a live database once a table has
    changed by a fifth; here it would start during the next metric, which would then measure it. Returns the
    seconds it took (reported, not counted in any metric)."""
    started = time.perf_counter()
    loader.analyze()
    return time.perf_counter() - started


def measure_all(bench: Bench, only: list[str] | None = None) -> list[Metric]:
    results = []
    for name, unit, target, better, function in METRICS:
        if only and name not in only:
            continue
        result = Metric(name=name, unit=unit, target=target, better=better)
        started = time.perf_counter()
        try:
            value = function(bench)
            if isinstance(value, tuple):
                value, result.detail = value
            result.value = round(float(value), 3)
        except Missing as why:
            result.missing = str(why)
        except Exception as error:  # noqa: BLE001 (a broken page is a result to report, not a crash)
            result.missing = f"failed: {type(error).__name__}: {error}"[:500]
        settled = f", then settled in {settle():.1f} s" if name in WRITES else ""
        print(f"  {name}: {result.value if result.value is not None else result.missing} "
              f"({time.perf_counter() - started:.1f} s{settled})", flush=True)
        results.append(result)
    return results


def url(name: str, *args: Any, query: dict[str, Any] | None = None) -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch as error:
        raise Missing(f"no page named {name} yet") from error
    return path + ("?" + urlencode(query) if query else "")


def first_url(candidates: list[tuple[str, tuple[Any, ...]]]) -> str:
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    raise Missing("no page yet named " + " or ".join(name for name, _ in candidates))


def p95_over(bench: Bench, page: str, runs: list[tuple[str, str]]) -> tuple[float, dict[str, Any]]:
    """p95 of every request of every (account, path); p50 and the slowest path in the detail."""
    times: list[float] = []
    per_path = {}
    for account, path in runs:
        got = web.timed(bench.clients[account], path, bench.requests)
        per_path[f"{account} {path}"] = {"p50": round(web.median(got), 1), "p95": round(web.percentile(got, 95), 1)}
        times += got
    bench.page_times[page] = times
    return web.percentile(times, 95), {"p50_ms": round(web.median(times), 1), "requests": len(times),
                                       "by_path": per_path}


# -- Query plans of the list pages ------------------------------------------------------------------------

def page_queries(account: str, path: str, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The SQL a page runs, captured by rendering it in this process as the same account (or, with `headers`,
    as whoever they name: an API token)."""
    from coalition.models import User

    client = DjangoClient(headers=headers)
    if headers is None:
        client.force_login(User.objects.get(email=f"{account}@{BENCH_DOMAIN}"))
    client.get(path)  # warm the caches the way the timed requests do
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in-process")
    # Form choice fields read through .iterator(): a server-side cursor wraps a plain SELECT.
    return [{**q, "sql": DECLARE.sub("", q["sql"])} for q in captured.captured_queries]


def explain_page(bench: Bench, page: str, account: str, path: str, hot: bool = True,
                 headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE every SELECT of a page, save them to bench/plans/<page>.txt, note sequential scans (of a
    hot page, or of a statewide report with `hot=False`)."""
    if connection.vendor != "postgresql":
        return []
    entries = []
    with connection.cursor() as cursor:
        for query in page_queries(account, path, headers):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plan = plans.explain(cursor, sql)
            entries.append({"sql": sql, "plan": plan, "ms": float(query["time"]) * 1000, "url": path,
                            "seq_scans": plans.seq_scans(plan)})
    entries.sort(key=lambda e: -e["ms"])
    plans.save_plans(page, entries, plans.plans_dir(bench.build.scale))
    flagged = sorted({t for e in entries for t in e["seq_scans"]})
    if flagged:
        (bench.plan_findings if hot else bench.report_findings)[page] = flagged
    return entries


# -- People ------------------------------------------------------------------------------------------------


def people_url(**query: Any) -> str:
    return url("members:person_list", query=query)


@metric("person_search_p95_ms", "ms", 50)
def person_search(bench: Bench) -> tuple[float, dict[str, Any]]:
    facts = bench.build.facts
    queries = [q for q in (facts.get("name_fragment"), facts.get("phone_fragment"), facts.get("email")) if q]
    runs = [(account, people_url(q=q)) for q in queries for account in ("chicago.organizer", "staff")]
    for n, q in enumerate(queries):
        explain_page(bench, f"person_search_{['name', 'phone', 'email'][n]}", "chicago.organizer", people_url(q=q))
    return p95_over(bench, "person_search", runs)


def _stage_id() -> int | None:
    from leadership.models import Stage

    return Stage.objects.order_by("order").values_list("id", flat=True).first()


@metric("person_list_p95_ms", "ms", 100)
def person_list(bench: Bench) -> tuple[float, dict[str, Any]]:
    stage = _stage_id()
    filtered = {"stage": stage} if stage else {}
    runs = [
        ("chicago.organizer", people_url(**filtered)),
        ("chicago.organizer", people_url(**filtered, page=999999)),  # the nearest real page: the last
        ("staff", people_url(region="chicago")),
        ("staff", people_url(region="chicago", page=999999)),
    ]
    explain_page(bench, "person_list", "chicago.organizer", runs[0][1])
    explain_page(bench, "person_list_deep", "chicago.organizer", runs[1][1])
    return p95_over(bench, "person_list", runs)


@metric("organizer_home_p95_ms", "ms", 100)
def organizer_home(bench: Bench) -> tuple[float, dict[str, Any]]:
    path = url("coalition:home")
    explain_page(bench, "organizer_home", "chicago.organizer", path)
    return p95_over(bench, "organizer_home", [("chicago.organizer", path)])


@metric("event_roster_p95_ms", "ms", 100)
def event_roster(bench: Bench) -> tuple[float, dict[str, Any]]:
    event = bench.build.events.get("roster")
    if event is None:
        raise Missing("no events in the dataset: " + bench.build.missing.get("events", "events piece not run"))
    path = first_url([("events:event_roster", (event,)), ("events:roster", (event,)),
                      ("events:event_detail", (event,))])
    explain_page(bench, "event_roster", "staff", path)
    runs = [("staff", path), ("staff", path + "?page=999999"), ("chicago.organizer", path)]
    return p95_over(bench, "event_roster", runs)


@metric("whip_count_p95_ms", "ms", 100)
def whip_count(bench: Bench) -> tuple[float, dict[str, Any]]:
    from campaigns.models import Bill

    bill_id = bench.build.facts.get("bill_id")
    if bill_id is None:
        raise Missing("no bills in the dataset: " + bench.build.missing.get("whip_counts", "piece not run"))
    bill = Bill.objects.get(pk=bill_id)
    args = (bill.kind, bill.number)
    path = first_url([("coalition:campaigns:whip_count", args), ("coalition:campaigns:bill_detail", args),
                      ("campaigns:whip_count", args), ("campaigns:bill_detail", args)])
    explain_page(bench, "whip_count", "staff", path)
    return p95_over(bench, "whip_count", [("staff", path), ("chicago.organizer", path)])


@metric("admin_search_vs_app_search_ratio", "x", 5, better="higher")
def admin_ratio(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The Django admin's changelist search against ours, same query, same data (admin account, all people)."""
    q = bench.build.facts.get("name_fragment") or "a"
    admin_path = url("admin:members_person_changelist", query={"q": q})
    app_path = people_url(q=q)
    n = max(5, bench.requests // 4)
    admin_times = web.timed(bench.clients["admin"], admin_path, n)
    app_times = web.timed(bench.clients["admin"], app_path, n)
    ratio = web.median(admin_times) / web.median(app_times)
    return ratio, {"admin_median_ms": round(web.median(admin_times), 1),
                   "app_median_ms": round(web.median(app_times), 1), "query": q}


def floor_ratio(bench: Bench, account: str, path: str) -> tuple[float, dict[str, Any]]:
    """A page's median over HTTP divided by the median of running its own SQL directly: what the app adds."""
    queries = [q["sql"] for q in page_queries(account, path)]
    page_times = web.timed(bench.clients[account], path, bench.requests)
    sql_times = []
    with connection.cursor() as cursor:
        for _ in range(bench.requests):
            started = time.perf_counter()
            for sql in queries:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            sql_times.append((time.perf_counter() - started) * 1000)
    return web.median(page_times) / web.median(sql_times), {
        "path": path, "page_median_ms": round(web.median(page_times), 1),
        "sql_median_ms": round(web.median(sql_times), 1), "queries": len(queries)}


@metric("person_list_sql_floor_ratio", "x", 2)
def sql_floor(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The list page (the Chicago organizer's people at the first stage) over its own SQL."""
    stage = _stage_id()
    return floor_ratio(bench, "chicago.organizer", people_url(**({"stage": stage} if stage else {})))


@metric("csv_import_10k_rows_s", "s", 15, writes=True)
def csv_import(bench: Bench) -> tuple[float, dict[str, Any]]:
    """10,000 rows (scaled), half of them people already known by phone, through the import services."""
    from coalition.celery import app as celery_app
    from coalition.models import User
    from members import services
    from members.models import PersonPhone

    rows = max(10, round(10_000 * min(1.0, bench.build.scale * 10)))
    known = list(PersonPhone.objects.order_by("id").values_list("number", "person__first_name",
                                                                  "person__last_name")[: rows // 2])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["First name", "Last name", "Phone", "Email", "County"])
    for number, first, last in known:
        writer.writerow([first, last, str(number), "", "Cook"])
    for i in range(rows - len(known)):
        writer.writerow([f"Newperson{i}", "Bench", f"+1773{(2000000 + i * 7) % 8000000 + 2000000:07d}",
                         f"new{i}@example.org", "Peoria"])
    actor = User.objects.get(email=f"staff@{BENCH_DOMAIN}")
    celery_app.conf.task_always_eager = True
    started = time.perf_counter()
    job = services.import_job_create(actor=actor, file_name="bench.csv", raw=buffer.getvalue().encode())
    job = services.import_job_map(actor=actor, job=job, mapping=job.mapping)
    services.import_job_start(actor=actor, job=job)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    return seconds * 10_000 / rows, {"rows": rows, "seconds": round(seconds, 2), "created": job.created_count,
                                     "matched": job.updated_count, "failed": job.failed_count,
                                     "status": job.status, "scaled_to_10k_rows": rows != 10_000}


@metric("import_an_export_100k_s", "s", 60, writes=True)
def import_an_export(bench: Bench) -> tuple[float, dict[str, Any]]:
    """An Action Network activists export with a row for every person (100,000 at full scale): each known by phone
    and email, with an id, an address, a county, tags, subscription statuses and a custom field, imported
    through the import services. Reported scaled to 100,000 rows."""
    from coalition.celery import app as celery_app
    from coalition.models import User
    from members import services
    from members.models import Person

    people = (Person.objects.order_by("id").filter(phones__is_primary=True)
              .values_list("pk", "first_name", "last_name", "email", "phones__number", "county__name"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["uuid", "first_name", "last_name", "email", "zip_code", "can2_phone", "can2_sms_status",
                     "can2_subscription_status", "can2_user_address", "can2_user_city", "can2_state_abbreviated",
                     "can2_county", "can2_user_tags", "Shirt size"])
    rows = 0
    for pk, first, last, email, number, county in people.iterator(chunk_size=5000):
        rows += 1
        writer.writerow([f"an-{pk:08d}", first or "Bench", last, email, "60623", str(number),
                         "subscribed" if pk % 3 else "unsubscribed", "subscribed" if pk % 2 else "unsubscribed",
                         f"{pk} S Pulaski Rd", "Chicago", "IL", county or "", "Clean Slate, Springfield trip", "M"])
    actor = User.objects.get(email=f"staff@{BENCH_DOMAIN}")
    celery_app.conf.task_always_eager = True
    started = time.perf_counter()
    job = services.import_job_create(actor=actor, file_name="activists.csv", raw=buffer.getvalue().encode())
    services.import_job_start(actor=actor, job=job, create_tags=True)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    return seconds * 100_000 / max(rows, 1), {
        "rows": rows, "seconds": round(seconds, 2), "created": job.created_count, "matched": job.updated_count,
        "failed": job.failed_count, "status": job.status, "source": job.source,
        "scaled_to_100k_rows": rows != 100_000}


@metric("duplicate_scan_100k_s", "s", 20)
def duplicate_scan(bench: Bench) -> tuple[float, dict[str, Any]]:
    path = url("members:duplicate_list")
    response = bench.clients["staff"].get(path)
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return response.ms / 1000, {"people": bench.build.counts.get("people")}


@metric("page_weight_kb", "kB", 50)
def page_weight(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The heaviest main page, gzip-compressed, with its CSS and JS."""
    person = bench.build.person_ids[len(bench.build.person_ids) // 2] if bench.build.person_ids else None
    pages = [("chicago.organizer", url("coalition:home")), ("chicago.organizer", people_url()),
             ("staff", people_url(region="chicago"))]
    if person:
        pages.append(("staff", url("members:person_detail", person)))
    weights = {}
    for account, path in pages:
        weights[path] = web.page_weight(bench.clients[account], path)
    heaviest = max(weights, key=lambda p: weights[p]["bytes"])
    return weights[heaviest]["bytes"] / 1024, {"heaviest": heaviest, "pages": weights}


@metric("reminders_dispatch_10k_s", "s", 60, writes=True)
def reminders_dispatch(bench: Bench) -> tuple[float, dict[str, Any]]:
    """10,000 due reminders (scaled) through a real Celery worker on Redis to the console and file backends.

    The bench plays the scheduler: it queues `messaging.dispatch_due` whenever the queue is empty, until none is due.
    """
    import subprocess
    from datetime import timedelta

    import redis
    from celery import Celery
    from django.utils import timezone

    from bench.loader import copy_rows, next_id, reset_sequences
    from events.models import RSVP
    from messaging.models import Message

    wanted = max(10, round(10_000 * min(1.0, bench.build.scale * 10)))
    now = timezone.now()
    rsvps = list(RSVP.objects.filter(status="going", event__starts_at__gt=now + timedelta(days=2),
                                     event__status="scheduled")
                 .values_list("id", "person_id", "event_id", "event__starts_at")[:wanted])
    if not rsvps:
        raise Missing("no upcoming RSVPs to remind")
    from django.contrib.contenttypes.models import ContentType

    start = next_id(Message)
    due = now - timedelta(minutes=1)
    about = ContentType.objects.get_for_model(RSVP).pk
    rows = [(start + i, person, "reminder", about, rsvp, f"events.event:{event}", starts, 1440, due,
             f"bench-due-{start + i}", due)
            for i, (rsvp, person, event, starts) in enumerate(rsvps)]
    copy_rows(Message, ["id", "person_id", "kind", "subject_type_id", "subject_id", "topic", "planned_for",
                        "offset_minutes", "due_at", "dedupe_key", "created_at"], rows, now)
    reset_sequences([Message])
    ids = [row[0] for row in rows]
    worker = subprocess.Popen(
        [str(web.VENV_BIN / "celery"), "-A", "coalition", "worker", "--concurrency=2", "--loglevel=WARNING",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=web.ROOT, env=bench.env, stdout=(bench.server.var_dir / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    broker = Celery(broker=bench.env["REDIS_URL"])
    queue = redis.Redis.from_url(bench.env["REDIS_URL"])
    try:
        started = time.perf_counter()
        left = len(ids)
        while left and time.perf_counter() - started < 240:
            # Like beat, but as soon as the worker has drained the queue (beat's tick is 60 s).
            if queue.llen("celery") == 0:
                broker.send_task("messaging.dispatch_due")
            time.sleep(0.5)
            left = Message.objects.filter(pk__in=ids, status__in=["pending", "sending"], due_at__lte=now).count()
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if left:
        raise RuntimeError(f"{left} of {len(ids)} reminders still due after 240 s (the cap of the bench)")
    outcome = dict(Message.objects.filter(pk__in=ids).values_list("status").annotate(n=_count()).values_list(
        "status", "n"))
    return seconds * 10_000 / len(ids), {"messages": len(ids), "seconds": round(seconds, 1), "outcome": outcome,
                                         "scaled_to_10k": len(ids) != 10_000}


@metric("broadcast_queue_100k_s", "s", 15, writes=True)
def broadcast_queue(bench: Bench) -> tuple[float, dict[str, Any]]:
    """A text broadcast to a smart list of everyone (100,000 people at scale 1), from "send" until every outbox
    row exists: the send service and the queue service, as the worker runs it. The broadcast is scheduled an hour
    ahead so no dispatch follows; its rows are deleted afterwards."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from coalition.models import User
    from members import services as member_services
    from members.models import SavedList
    from messaging import broadcast_selectors, broadcast_services
    from messaging.models import Broadcast

    actor = User.objects.get(email=f"staff@{BENCH_DOMAIN}")
    everyone = member_services.saved_list_create(actor=actor, name="Bench: everyone", kind=SavedList.Kind.SMART,
                                                 sharing=SavedList.Sharing.STAFF, filters={})
    draft = broadcast_services.broadcast_save(
        actor=actor, name="Bench broadcast", audience=f"list:{everyone.pk}", mode=Broadcast.Mode.SMS,
        sms_en="Hi {preferred_name}, see you in Springfield.",
        sms_es="Hola {preferred_name}, nos vemos en Springfield.")
    later = timezone.now() + timedelta(hours=1)
    queued_by: list[Any] = []
    started = time.perf_counter()
    # The queue task runs after commit; here it runs right after the send's commit, in this process.
    with transaction.atomic():
        sent = Broadcast.objects.filter(pk=draft.pk).update(status=Broadcast.Status.SENDING, scheduled_for=later,
                                                            sent_at=timezone.now())
        transaction.on_commit(lambda: queued_by.append(broadcast_services.broadcast_queue(broadcast_id=draft.pk)))
    seconds = time.perf_counter() - started
    counted = time.perf_counter()
    reach = broadcast_selectors.broadcast_reach(broadcast=draft)
    count_seconds = time.perf_counter() - counted
    broadcast_selectors.broadcast_messages(draft).delete()
    Broadcast.objects.filter(pk=draft.pk).delete()
    everyone.delete()
    people = queued_by[0] if queued_by else 0
    return seconds * 100_000 / max(people, 1), {
        "messages": people, "seconds": round(seconds, 2), "sent": sent, "counts_before_sending_s": round(
            count_seconds, 2), "getting": reach.getting, "scaled_to_100k": people != 100_000}


@metric("outbox_dispatch_10k_s", "s", 10, writes=True)
def outbox_dispatch(bench: Bench) -> tuple[float, dict[str, Any]]:
    """10,000 due reminders through two real Celery worker processes on Redis to the file backends (SMS and
    email), from the first dispatch tick until none is due; the workers are up before the clock starts.

    The bench plays the scheduler, as above. Afterwards the files are read back: each message that went out was
    accepted once (one SMS file per key, one email per Message-ID), which two workers claiming from the same
    queue must not break.
    """
    import subprocess
    from datetime import timedelta

    import redis
    from celery import Celery
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.loader import copy_rows, next_id, reset_sequences
    from events.models import RSVP
    from messaging.models import Message

    wanted = 10_000
    now = timezone.now()
    rsvps = list(RSVP.objects.filter(status="going", event__starts_at__gt=now + timedelta(days=2),
                                     event__status="scheduled", bus__isnull=True)
                 .values_list("id", "person_id", "event_id", "event__starts_at")[:wanted])
    if not rsvps:
        raise Missing("no upcoming RSVPs to remind")
    start = next_id(Message)
    due = now - timedelta(minutes=1)
    about = ContentType.objects.get_for_model(RSVP).pk
    # With fewer RSVPs than messages (a small scale), an RSVP gets several reminders (other offsets).
    rows = []
    for i in range(wanted):
        rsvp, person, event, starts = rsvps[i % len(rsvps)]
        rows.append((start + i, person, "reminder", about, rsvp, f"events.event:{event}", starts,
                     1440 + i // len(rsvps), due, f"bench-outbox-{start + i}", due))
    copy_rows(Message, ["id", "person_id", "kind", "subject_type_id", "subject_id", "topic", "planned_for",
                        "offset_minutes", "due_at", "dedupe_key", "created_at"], rows, now)
    reset_sequences([Message])
    ids = [row[0] for row in rows]
    files = bench.server.var_dir / "outbox"
    env = {**bench.env, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(files / "mail"), "SMS_BACKEND": "messaging.backends.FileSmsBackend",
           "SMS_FILE_DIR": str(files / "sms")}
    broker = Celery(broker=bench.env["REDIS_URL"])
    queue = redis.Redis.from_url(bench.env["REDIS_URL"])
    queue.delete("celery")
    workers = [
        subprocess.Popen(
            [str(web.VENV_BIN / "celery"), "-A", "coalition", "worker", "--concurrency=1", "--loglevel=WARNING",
             f"--hostname=outbox{n}@%h", "--without-heartbeat", "--without-mingle", "--without-gossip"],
            cwd=web.ROOT, env=env, stdout=(bench.server.var_dir / f"outbox-worker{n}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for n in (1, 2)
    ]
    try:
        ready = time.perf_counter()
        while time.perf_counter() - ready < 60 and len(broker.control.ping(timeout=0.5)) < len(workers):
            time.sleep(0.2)
        started = time.perf_counter()
        left = len(ids)
        while left and time.perf_counter() - started < 240:
            if queue.llen("celery") == 0:
                broker.send_task("messaging.dispatch_due")
            time.sleep(0.2)
            left = Message.objects.filter(pk__in=ids, status__in=["pending", "sending"], due_at__lte=now).count()
        seconds = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    if left:
        raise RuntimeError(f"{left} of {len(ids)} messages still due after 240 s (the cap of the bench)")
    outcome = dict(Message.objects.filter(pk__in=ids).values_list("status").annotate(n=_count()).values_list(
        "status", "n"))
    sent = dict(Message.objects.filter(pk__in=ids, status="sent").values_list("channel").annotate(n=_count())
                .values_list("channel", "n"))
    texts = [line for line in (files / "sms" / "accepted.log").read_text().splitlines()
             if line.startswith("bench-outbox-")] if (files / "sms" / "accepted.log").exists() else []
    emails = [line for path in sorted((files / "mail").glob("*")) for line in path.read_text().splitlines()
              if line.startswith("Message-ID: <bench-outbox-")]
    accepted = {"sms": len(texts), "sms_keys": len(set(texts)), "email": len(emails), "email_ids": len(set(emails))}
    if accepted["sms"] != accepted["sms_keys"] or accepted["email"] != accepted["email_ids"]:
        raise RuntimeError(f"a message was accepted twice: {accepted}")
    if (accepted["sms"], accepted["email"]) != (sent.get("sms", 0), sent.get("email", 0)):
        raise RuntimeError(f"the files do not match the rows marked sent: {accepted} against {sent}")
    return seconds * 10_000 / len(ids), {"messages": len(ids), "workers": len(workers),
                                         "seconds": round(seconds, 2), "outcome": outcome, "accepted": accepted}


def _count() -> Any:
    from django.db.models import Count

    return Count("id")


# -- Call lists, the API and the statewide picture (bench/metrics_apps.py), then the scale targets
# (bench/metrics_scale.py): registered here, in this order.

from bench import metrics_apps, metrics_scale  # noqa: E402,F401  (each registers its metrics)


@metric("hot_page_seq_scans", "tables", 0)
def hot_page_seq_scans(bench: Bench) -> tuple[float, dict[str, Any]]:
    """Sequential scans over people, phones, interactions, RSVPs or messages in the saved plans of the hot pages;
    the statewide reports' are listed beside them."""
    if connection.vendor != "postgresql":
        raise Missing("plans are read on PostgreSQL only")
    return sum(len(tables) for tables in bench.plan_findings.values()), {
        "hot_pages": dict(bench.plan_findings), "statewide_reports_not_counted": dict(bench.report_findings)}


@metric("peak_rss_mb", "MB", 200)
def peak_rss(bench: Bench) -> float:
    """Measured last: the largest peak resident memory of a gunicorn worker after everything above."""
    return bench.server.peak_rss_mb()
