"""The metrics of the apps that stand on the others: call lists, the OSDI API and the statewide picture.

Imported by `bench.metrics` where their turn comes, so `make bench` measures them after the outbox and before the
plans and memory read at the end; they use its `metric`, `Bench`, `url` and `p95_over`.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

from bench import web
from bench.dataset import BENCH_DOMAIN
from bench.metrics import Bench, Missing, explain_page, metric, p95_over, page_queries, url

# -- Call lists ------------------------------------------------------------------------------------------

CALL_LIST_SIZE = 10_000
CALLERS = 20
SAVE_FORM = re.compile(r'action="(/[^"]*/call/(\d+)/save/)"')
KEY_INPUT = re.compile(r'name="idempotency_key" value="([^"]+)"')


def double_handouts(shown: list[tuple[int, int]]) -> int:
    """People handed to more than one caller, from (caller, target) pairs of what each calling page showed. A
    shown person is saved at once and never handed out again, so a second caller seeing them is a double."""
    callers: dict[int, set[int]] = {}
    for caller, target in shown:
        callers.setdefault(target, set()).add(caller)
    return sum(1 for who in callers.values() if len(who) > 1)


def _call_run(bench: Bench) -> dict[str, Any]:
    """20 callers at once on one open list of up to 10,000 people, each pressing "next person", reading the calling
    page and saving "no answer"; the person the save hands over is then let go (their hold runs out, as when a
    caller closes the page) so that every "next person" really claims someone.

    A caller pauses between saving one call and pressing "next" (BENCH_CALL_PAUSE_S, 1 s on average): a real call
    lasts minutes, so this is far quicker than any phone bank, while it measures the handing out rather than 20
    requests queued on two cores. The same 20 callers then press with no pause at all for a few rounds, the
    worst case, reported beside the metric. One caller works alone first, for the cost without anyone else.
    Run once; both metrics read it."""
    if "calls" in bench.runs:
        return bench.runs["calls"]
    import random

    from django.contrib.auth.hashers import make_password
    from django.db import connection as db
    from django.db.models import Count
    from django.utils import timezone

    from bench.dataset import BENCH_PASSWORD
    from calls import services as calls
    from calls.models import CallTarget
    from coalition.models import User
    from members.models import Interaction, Person, PersonPhone
    from members.services.lists import saved_list_create

    staff = User.objects.get(email=f"staff@{BENCH_DOMAIN}")
    working = PersonPhone.objects.filter(stopped_working_on__isnull=True).values("person_id")
    ids = list(Person.objects.filter(phone_consent=True, pk__in=working).order_by("id")
               .values_list("pk", flat=True)[:CALL_LIST_SIZE])
    saved = saved_list_create(actor=staff, name="Bench call list", kind="fixed", person_ids=ids)
    call_list = calls.call_list_save(actor=staff, name="Bench phone bank", audience=f"list:{saved.pk}",
                                     script_en="Hi {preferred_name}, this is {caller_name} with the coalition.")
    opened = time.perf_counter()
    call_list = calls.call_list_open(actor=staff, call_list=call_list)
    open_seconds = time.perf_counter() - opened
    size = CallTarget.objects.filter(call_list=call_list).count()
    if size == 0:
        raise Missing("nobody in the dataset has phone consent and a working number")
    password = make_password(BENCH_PASSWORD)
    emails = [f"caller.{n}@{BENCH_DOMAIN}" for n in range(CALLERS)]
    User.objects.bulk_create([User(email=email, role=User.Role.MEMBER, first_name="Caller", last_name=str(n),
                                   password=password) for n, email in enumerate(emails)])
    for email in emails:
        calls.caller_add(actor=staff, call_list=call_list, email=email)
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))

    # A server of its own: a few workers for 20 callers (the shared PostgreSQL allows 100 connections), and no
    # quiet hours, so that an evening run measures the handing out rather than "it is too late to call".
    workers = int(bench.env.get("BENCH_CALL_WORKERS", "4"))
    pause_s = float(bench.env.get("BENCH_CALL_PAUSE_S", "1"))
    server = web.start_server({**bench.env, "SMS_QUIET_HOURS": ""}, workers=workers)
    rounds = max(5, bench.requests // 2)
    next_path, work_path = url("calls:call_next", call_list.pk), url("calls:call_work", call_list.pk)
    next_ms: list[float] = []
    save_ms: list[float] = []
    shown: list[tuple[int, int]] = []
    problems: list[str] = []
    try:
        clients = [web.sign_in(server.base, email, BENCH_PASSWORD) for email in emails]

        def caller(n: int, times: list[float] = next_ms, laps: int = rounds, pause: float = pause_s) -> None:
            client, user_id = clients[n], user_ids[emails[n]]
            pace = random.Random(n)  # noqa: S311 - spreading the callers' taps, not a secret
            try:
                for _round in range(laps):
                    if pause:
                        time.sleep(pace.uniform(0.5, 1.5) * pause)
                    pressed = client.post_form(next_path, {})
                    if pressed.status != 302:
                        problems.append(f"next answered {pressed.status}")
                        return
                    times.append(pressed.ms)
                    page = client.get(work_path)
                    form, key = SAVE_FORM.search(page.text), KEY_INPUT.search(page.text)
                    if page.status != 200 or form is None or key is None:
                        problems.append(f"the calling page ({page.status}) showed nobody to call")
                        return
                    shown.append((user_id, int(form.group(2))))
                    saved = client.post_form(form.group(1), {"outcome": "no_answer", "idempotency_key": key.group(1),
                                                             "notes": "", "call_back_at": ""})
                    if saved.status != 302:
                        problems.append(f"save answered {saved.status}")
                        return
                    save_ms.append(saved.ms)
                    CallTarget.objects.filter(call_list=call_list, outcome="", locked_by_id=user_id).update(
                        locked_until=timezone.now())
            finally:
                db.close()

        def together(times: list[float], laps: int, pause: float) -> float:
            return web.run_together(lambda n: caller(n, times, laps, pause), CALLERS)

        alone: list[float] = []  # one caller with the server to themself first: the cost without the queue
        caller(0, alone, 10, 0.0)
        seconds = together(next_ms, rounds, pause_s)
        unpaced: list[float] = []
        together(unpaced, 5, 0.0)
    finally:
        server.stop()
    if not next_ms:
        raise RuntimeError("no caller was handed anyone: " + "; ".join(sorted(set(problems)))[:300])
    targets = CallTarget.objects.filter(call_list=call_list)
    saved_twice = targets.filter(attempts__gt=1).count()
    logged = (Interaction.objects.filter(person_id__in=targets.values("person_id"), kind=Interaction.Kind.CALL,
                                         notes__startswith=call_list.name)
              .values("person_id").annotate(n=Count("id")).filter(n__gt=1).count())
    run: dict[str, Any] = {
        "next_ms": next_ms, "call_list_size": size, "callers": CALLERS, "rounds": rounds, "server_workers": workers,
        "open_seconds": round(open_seconds, 2), "seconds": round(seconds, 2),
        "pause_between_calls_s": pause_s,
        "one_caller_alone_p50_ms": round(web.median(alone), 1) if alone else None,
        "no_pause_p95_ms": round(web.percentile(unpaced, 95), 1) if unpaced else None,
        "save_and_next_p95_ms": round(web.percentile(save_ms, 95), 1) if save_ms else None,
        "saved": targets.exclude(outcome="").count(), "problems": sorted(set(problems)),
        "shown_to_two_callers": double_handouts(shown), "saved_twice": saved_twice, "logged_twice": logged,
    }
    run["double_handouts"] = run["shown_to_two_callers"] + saved_twice + logged
    bench.runs["calls"] = run
    return run


@metric("call_next_p95_ms", "ms", 50)
def call_next_p95(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The p95 of pressing "next person" on a call list of 10,000 with 20 callers pressing it at once."""
    run = _call_run(bench)
    times = run["next_ms"]
    detail = {k: v for k, v in run.items() if k != "next_ms"}
    return web.percentile(times, 95), {"p50_ms": round(web.median(times), 1), "requests": len(times), **detail}


@metric("call_double_handouts", "people", 0)
def call_double_handouts(bench: Bench) -> tuple[float, dict[str, Any]]:
    """People handed to two callers at once in the run above (shown to both, or saved twice): must be 0."""
    run = _call_run(bench)
    return run["double_handouts"], {k: run[k] for k in ("shown_to_two_callers", "saved_twice", "logged_twice",
                                                        "saved", "call_list_size")}


@metric("api_people_page_p95_ms", "ms", 100)
def api_people_page(bench: Bench) -> tuple[float, dict[str, Any]]:
    """A page of 25 people with their phones, emails, outside ids and tags from the OSDI API, as a region token
    (Chicago) and a coalition token, each following `_links.next` once."""
    try:
        from api import services
        from api.models import ApiToken
    except ImportError as error:
        raise Missing("no API app yet") from error
    from coalition.models import Region, User

    admin = User.objects.get(email=f"admin@{BENCH_DOMAIN}")
    chicago = Region.objects.get(slug="chicago")
    runs = []
    for scope, region in ((ApiToken.Scope.REGION, chicago), (ApiToken.Scope.COALITION, None)):
        _token, secret = services.token_create(actor=admin, name=f"bench {scope}", scope=scope, region=region)
        runs.append((scope, secret))
    client = web.Client(base=bench.server.base)
    times: list[float] = []
    by_path: dict[str, Any] = {}
    for scope, secret in runs:
        headers = {"OSDI-API-Token": secret}
        if scope == ApiToken.Scope.COALITION:  # its total counts everyone: the plan shows how
            explain_page(bench, "api_people", "admin", url("api:people"), headers=headers)
        first = client.get(url("api:people"), headers=headers)
        if first.status != 200:
            raise RuntimeError(f"the API's people page answered {first.status}")
        following = json.loads(first.text)["_links"].get("next", {}).get("href", "")
        paths = [url("api:people")] + ([urlsplit(following).path + "?" + urlsplit(following).query]
                                       if following else [])
        for path in paths:
            got = []
            for _ in range(bench.requests):
                response = client.get(path, headers=headers)
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
                got.append(response.ms)
            by_path[f"{scope} {path}"] = {"p50": round(web.median(got), 1), "p95": round(web.percentile(got, 95), 1)}
            times += got
    bench.page_times["api_people_page"] = times
    return web.percentile(times, 95), {"p50_ms": round(web.median(times), 1), "requests": len(times),
                                       "by_path": by_path}


@metric("county_map_p95_ms", "ms", 150)
def county_map_p95(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The statewide county map of people contacted in the last 90 days (staff), and the Chicago organizer's."""
    path = url("reports:county_map", query={"measure": "contacted_90"})
    queries = page_queries("staff", path)
    explain_page(bench, "county_map", "staff", path, hot=False)
    value, detail = p95_over(bench, "county_map", [("staff", path), ("chicago.organizer", path)])
    counted = [q for q in queries if "GROUP BY" in q["sql"]]
    return value, {**detail, "queries": len(queries), "grouped_queries": len(counted)}


@metric("funder_report_year_s", "s", 2)
def funder_report_year(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The funder report of the year the dataset's activity falls in, as staff: the slowest of a few requests."""
    year = bench.build.now.year
    path = url("reports:funder_report", query={"kind": "year", "year": year})
    explain_page(bench, "funder_report_year", "staff", path, hot=False)
    times = web.timed(bench.clients["staff"], path, max(3, min(bench.requests, 5)), warmup=1)
    return max(times) / 1000, {"p50_s": round(web.median(times) / 1000, 3), "requests": len(times), "year": year}
