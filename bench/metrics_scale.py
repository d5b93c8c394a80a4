"""The metrics of the statewide-scale targets: how close the search and the organizer's home come to their own SQL,
and a wave of public RSVPs to an event with room, through the public page's CSRF and rate limit, from many
addresses.

Imported by `bench.metrics` where their turn comes (after the RSVP race, before the plans and memory read at the
end); they use its `metric`, `Bench`, `url` and `floor_ratio`.
"""

from __future__ import annotations

from typing import Any

from bench import web
from bench.metrics import Bench, Missing, first_url, floor_ratio, metric, people_url, url

# -- Cost over the SQL floor -------------------------------------------------------------------------------


@metric("person_search_sql_floor_ratio", "x", 2)
def search_floor(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The search by name, as the Chicago organizer: the page's median over HTTP over its own SQL run alone."""
    q = bench.build.facts.get("name_fragment")
    if not q:
        raise Missing("the dataset has no name to search for")
    return floor_ratio(bench, "chicago.organizer", people_url(q=q))


@metric("organizer_home_sql_floor_ratio", "x", 2)
def home_floor(bench: Bench) -> tuple[float, dict[str, Any]]:
    """The Chicago organizer's home: the page's median over HTTP over its own SQL run alone."""
    return floor_ratio(bench, "chicago.organizer", url("coalition:home"))


# -- Public RSVPs -------------------------------------------------------------------------------------------


def _fresh_phone(area_code: str, n: int) -> str:
    """A valid number no one in the dataset has: its people never get the 555 exchange (bench/illinois.py). A
    number someone has, under another name, sends the RSVP to staff review and makes no RSVP row, as it should;
    at a million people the wave's numbers used to meet a few of them."""
    if not 0 <= n < 10_000:
        raise ValueError(f"only 10,000 numbers per area code: {n}")
    return f"+1{area_code}555{n:04d}"


@metric("rsvp_last_seats_rps", "RSVPs/s", None, better="higher", writes=True)
def rsvp_last_seats(bench: Bench) -> tuple[float, dict[str, Any]]:
    """Concurrent public RSVPs against an event with ten seats left: throughput, and seats overbooked (must be 0)."""
    from django.db.models import F, Sum

    from events.models import RSVP, Event

    event_id = bench.build.events.get("nearly_full")
    if event_id is None:
        raise Missing("no events in the dataset")
    taken = RSVP.objects.filter(event_id=event_id, status="going").aggregate(s=Sum(F("guests") + 1))["s"] or 0
    Event.objects.filter(pk=event_id).update(capacity=taken + 10, is_public=True)
    event = Event.objects.get(pk=event_id)
    path = first_url([("public:event", (event.slug,))])
    threads, per_thread = 4, max(5, bench.requests)
    answers: list[int] = []

    def member(n: int) -> None:
        for i in range(per_thread):
            client = web.Client(bench.server.base)
            page = client.get(path)
            response = client.post_form(path, {
                "name": f"Bench Member {n}-{i}", "phone": _fresh_phone("309", n * 1000 + i),
                "email": "", "language": "en", "guests": "0", "access_needs": "",
                "csrfmiddlewaretoken": web.csrf_token(page.text)})
            answers.append(response.status)

    seconds = web.run_together(member, threads)
    going = RSVP.objects.filter(event_id=event_id, status="going").aggregate(s=Sum(F("guests") + 1))["s"] or 0
    overbooked = max(0, going - (taken + 10))
    statuses = {str(code): answers.count(code) for code in sorted(set(answers))}
    return len(answers) / seconds, {"overbooked_seats": overbooked, "capacity": taken + 10, "going_seats": going,
                                    "requests": len(answers), "answers": statuses,
                                    "waitlisted": RSVP.objects.filter(event_id=event_id,
                                                                      status="waitlisted").count()}



RSVP_WAVE_CLIENTS = 8
RSVP_WAVE_WORKERS = 4
RATE_LIMIT = 10  # the public page's default: RSVPs per client address per minute


def _address(n: int) -> str:
    """A distinct client address per simulated member (10.x.y.z), as a proxy would pass it on."""
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@metric("rsvp_open_event_rps", "RSVPs/s", 200, better="higher", writes=True)
def rsvp_open_event(bench: Bench) -> tuple[float, dict[str, Any]]:
    """Members RSVP to a public event with room, each from an address of their own: the page is read for its CSRF
    token and the form posted, through a server of its own with the real per-address rate limit behind one
    trusted proxy (X-Forwarded-For). The value is RSVPs saved per second of the wave. One address then posts past
    the limit, which must be refused (429), and every saved RSVP must be one row."""
    from events.models import RSVP, Event

    roster = bench.build.events.get("roster")
    if roster is None:
        raise Missing("no events in the dataset")
    from django.utils import timezone

    event = (Event.objects.filter(starts_at__gt=timezone.now()).exclude(pk__in=bench.build.events.values())
             .order_by("starts_at").first())
    if event is None:
        raise Missing("the dataset has no event ahead other than the roster's and the nearly full one")
    Event.objects.filter(pk=event.pk).update(capacity=None, is_public=True, registration_open=True,
                                             rsvp_deadline=None, status=Event.Status.SCHEDULED)
    path = first_url([("public:event", (event.slug,))])
    before = RSVP.objects.filter(event_id=event.pk).count()
    env = {**bench.env, "PUBLIC_RSVP_RATE_LIMIT": str(RATE_LIMIT), "TRUSTED_PROXY_COUNT": "1"}
    server = web.start_server(env, workers=RSVP_WAVE_WORKERS)
    per_client = max(10, bench.requests)
    answers: list[int] = []
    post_ms: list[float] = []
    try:
        def member(n: int) -> None:
            for i in range(per_client):
                number = n * per_client + i
                proxy = {"X-Forwarded-For": _address(number + 1)}
                client = web.Client(server.base)
                page = client.get(path, headers=proxy)
                sent = client.post_form(path, {
                    "name": f"Wave Member {number}", "phone": _fresh_phone("217", number),
                    "email": "", "language": "es" if number % 4 == 0 else "en", "guests": "0", "access_needs": "",
                    "consent": "on" if number % 2 else "", "csrfmiddlewaretoken": web.csrf_token(page.text)},
                    headers=proxy)
                answers.append(sent.status)
                post_ms.append(sent.ms)

        seconds = web.run_together(member, RSVP_WAVE_CLIENTS)
        # One address past its limit: the first RATE_LIMIT posts may pass, the rest are refused.
        flooder, limited = web.Client(server.base), []
        for i in range(RATE_LIMIT + 2):
            proxy = {"X-Forwarded-For": "10.255.255.254"}
            page = flooder.get(path, headers=proxy)
            limited.append(flooder.post_form(path, {
                "name": f"Flood {i}", "phone": _fresh_phone("618", i), "email": "", "language": "en",
                "guests": "0", "access_needs": "", "csrfmiddlewaretoken": web.csrf_token(page.text)},
                headers=proxy).status)
    finally:
        server.stop()
    saved = answers.count(302)
    rows = RSVP.objects.filter(event_id=event.pk).count() - before
    if saved == 0:
        raise RuntimeError(f"no RSVP was saved: answers {sorted(set(answers))}")
    if limited[-1] != 429:
        raise RuntimeError(f"an address past its limit was not refused: {limited}")
    expected_rows = saved + limited.count(302)
    if rows != expected_rows:
        raise RuntimeError(f"{expected_rows} RSVPs were answered as saved but {rows} rows exist")
    return saved / seconds, {
        "clients": RSVP_WAVE_CLIENTS, "server_workers": RSVP_WAVE_WORKERS, "rsvps": saved,
        "seconds": round(seconds, 2), "answers": {str(c): answers.count(c) for c in sorted(set(answers))},
        "post_p50_ms": round(web.median(post_ms), 1), "post_p95_ms": round(web.percentile(post_ms, 95), 1),
        "past_the_limit": {str(c): limited.count(c) for c in sorted(set(limited))}, "rows": rows}
