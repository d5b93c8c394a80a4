"""The app under production settings on loopback (gunicorn), and a small HTTP client that signs in like a person.

The client keeps its own cookies (the session and CSRF cookies are `Secure` in production; on loopback the
bench sends them over plain HTTP on purpose) and measures each request's wall time.
"""

from __future__ import annotations

import gzip
import http.client
import math
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(database_url: str, redis_url: str, var_dir: Path) -> dict[str, str]:
    """Production settings for loopback: a fresh secret key, no TLS redirect and no HSTS (plain HTTP)."""
    env = dict(os.environ)
    env.update({
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_DEBUG": "false",
        # The bench signs in with a password only; two-factor is a login step, not a page cost.
        "REQUIRE_MFA": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "VAR_DIR": str(var_dir),
        "PUBLIC_RSVP_RATE_LIMIT": "1000000",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SMS_BACKEND": "messaging.backends.FileSmsBackend",
        "SMS_FILE_DIR": str(var_dir / "sms"),
        "LOG_LEVEL": "WARNING",
    })
    # The server reads sensitive facts written by this process (the loader, the demo seeder): the same keys.
    from django.conf import settings

    env["FIELD_ENCRYPTION_KEYS"] = ",".join(settings.FIELD_ENCRYPTION_KEYS)
    return env


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    var_dir: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                children.append(int(entry.name))
        return children

    def peak_rss_mb(self) -> float:
        """The largest peak resident set (VmHWM) among the gunicorn workers."""
        peaks = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return max(peaks) if peaks else 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_server(env: dict[str, str], workers: int = 2, timeout_s: int = 180) -> Server:
    """collectstatic into the bench's VAR_DIR, then gunicorn on a free loopback port; waits for /healthz."""
    var_dir = Path(env["VAR_DIR"])
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)
    port = free_port()
    log = var_dir / "gunicorn.log"
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "coalition.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", str(timeout_s), "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    server = Server(port=port, process=process, var_dir=var_dir, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start; see {log}:\n{log.read_text()[-2000:]}")
        try:
            if Client(server.base).get("/healthz").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        data = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return data.decode("utf-8", "replace")


@dataclass
class Client:
    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 180.0

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=self.timeout)
        sent = {"Host": f"{parts.hostname}:{parts.port}", "User-Agent": "coalition-bench"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        for key, value in raw.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, ms)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> Response:
        sent = {"Content-Type": "application/x-www-form-urlencoded", "Referer": urljoin(self.base, path),
                "Origin": self.base, "X-CSRFToken": self.cookies.get("csrftoken", "")}
        sent.update(headers or {})
        return self.request("POST", path, body=urlencode(fields).encode(), headers=sent)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    found = CSRF_INPUT.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def sign_in(base: str, email: str, password: str) -> Client:
    """Sign in through /accounts/login/ with the form's CSRF token, as a person would."""
    client = Client(base)
    page = client.get("/accounts/login/")
    answer = client.post_form("/accounts/login/", {"login": email, "password": password,
                                                   "csrfmiddlewaretoken": csrf_token(page.text)})
    if answer.status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {email} answered {answer.status}, not a redirect")
    return client


def timed(client: Client, path: str, n: int, warmup: int = 2) -> list[float]:
    """Wall times of n GETs of a path (after warm-up requests), in ms; a non-200 answer stops the run."""
    for _ in range(warmup):
        client.get(path)
    times = []
    for _ in range(n):
        response = client.get(path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        times.append(response.ms)
    return times


def run_together(target: Callable[[int], None], count: int) -> float:
    """Run target(0) ... target(count - 1) in threads at once; the wall seconds until the last one ends."""
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and (found.get("rel") or "") == "stylesheet" and found.get("href"):
            self.urls.append(found["href"] or "")
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")


def page_weight(client: Client, path: str) -> dict[str, float]:
    """Compressed bytes of a page's HTML and its own CSS and JS, as a browser with gzip would fetch them."""
    gz = {"Accept-Encoding": "gzip"}
    page = client.get(path, headers=gz)
    parser = _Assets()
    parser.feed(page.text)
    total = len(page.body)
    for url in parser.urls:
        if url.startswith(("http://", "https://", "//")) and not url.startswith(client.base):
            continue
        asset = client.get(urlsplit(url).path, headers=gz)
        total += len(asset.body)
    return {"bytes": total, "html_bytes": len(page.body), "assets": len(parser.urls)}


def temp_var_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="coalition-bench-"))
    for name in ("mail", "sms"):
        (path / name).mkdir()
    return path
