"""`make lighthouse`: Lighthouse 12 (mobile, default throttling) on the three pages a phone uses most.

It builds a demo database in PostgreSQL (its name must contain "bench": it is dropped and recreated), serves the
app under production settings with gunicorn, signs in as the Chicago organizer, and runs Lighthouse on the public
event page, the people list and the log-a-contact page. Scores go to stdout and bench/lighthouse.json.
Environment: LIGHTHOUSE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/coalition_lighthouse_bench),
CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import Refused, bench_database_url, recreate_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_lighthouse_bench"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "lighthouse.json"
ORGANIZER = "chicago.organizer@demo.coalition.test"
TARGETS = {"performance": 95, "accessibility": 100}


def pages() -> dict[str, str]:
    """The paths to score, read from the demo data: a public event that takes RSVPs, and a Chicago person."""
    from django.urls import reverse
    from django.utils import timezone

    from events.models import Event
    from members.models import Person

    event = (Event.objects.filter(is_public=True, starts_at__gt=timezone.now(), status=Event.Status.SCHEDULED)
             .order_by("starts_at").first())
    person = Person.objects.filter(region__slug="chicago").order_by("pk").first()
    if event is None or person is None:
        raise RuntimeError("the demo data has no upcoming public event or no Chicago person")
    return {
        "public_event": reverse("public:event", args=[event.slug]),
        "people_list": reverse("members:person_list"),
        "log_contact": reverse("members:interaction_create", args=[person.pk]),
    }


def run_lighthouse(url: str, cookie: str | None, out: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile form factor and simulated throttling are its defaults); the category scores."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=performance,accessibility",
               "--chrome-flags=--headless --no-sandbox --disable-gpu"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=240)
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {report['runtimeError']}")
    final = report.get("finalDisplayedUrl") or report.get("finalUrl", "")
    if "/accounts/login/" in final:
        raise RuntimeError(f"Lighthouse was sent to sign in instead of scoring {url}")
    scores: dict[str, Any] = {name: round(report["categories"][name]["score"] * 100) for name in TARGETS}
    scores["lighthouse_version"] = report.get("lighthouseVersion", "")
    return scores


def main() -> int:
    try:
        database_url = bench_database_url(os.environ.get("LIGHTHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL))
    except Refused as why:
        print(why, file=sys.stderr)
        return 2
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (make test-tools does).", file=sys.stderr)
        return 2
    recreate_database(database_url)
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "coalition.settings",
                       "REDIS_URL": "", "DJANGO_ENV": "development"})
    python = str(Path(sys.executable))
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    import django

    django.setup()
    from bench import web

    paths = pages()
    var_dir = web.temp_var_dir()
    server = web.start_server(web.production_env(database_url, "", var_dir))
    scores: dict[str, dict[str, Any]] = {}
    try:
        client = web.sign_in(server.base, ORGANIZER, "organize-illinois-2026")
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        for name, path in paths.items():
            signed_in = name != "public_event"
            # A 404 or an error page would score well too: score only a page that answers as the person sees it.
            status = (client if signed_in else web.Client(server.base)).get(path).status
            if status != 200:
                raise RuntimeError(f"{path} answered {status}, not 200")
            scores[name] = run_lighthouse(server.base + path, cookie if signed_in else None,
                                          var_dir / f"{name}.json")
            print(f"  {name:14s} {path:28s} performance {scores[name]['performance']:3.0f}  "
                  f"accessibility {scores[name]['accessibility']:3.0f}", flush=True)
    finally:
        server.stop()
    missed = [f"{page} {name} {score[name]:.0f} < {target}" for page, score in scores.items()
              for name, target in TARGETS.items() if score[name] < target]
    RESULTS.write_text(json.dumps({
        "measured_at": datetime.now(UTC).replace(microsecond=0).isoformat(), "lighthouse": "12",
        "form_factor": "mobile", "throttling": "simulated (default)", "targets": TARGETS,
        "pages": {name: {"path": paths[name], **score} for name, score in scores.items()},
        "missed": missed,
    }, indent=2) + "\n")
    print("\n".join(missed) if missed else "Every page meets its Lighthouse targets.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
