"""The live server on SQLite serves one request at a time.

With SQLite the tests' database lives in memory, and Django hands the live server's request threads the test
thread's one connection. Two requests at once on that one connection break each other: a savepoint cannot open
while another request's statement is still stepping ("cannot open savepoint - SQL statements in progress"). A
browser does send requests at once (the service worker saving pages ahead while the person taps a button), and a
deployed app on SQLite gives each thread its own connection, so the fault is only the harness's. Here the requests
queue for the connection instead, as they would queue for a lock on the database file. PostgreSQL keeps its
threaded server: there every request thread has its own connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

WAIT_S = 60  # a request never waits longer than this for the one before it (a download left half read)


class _Released:
    """The body of an answer, which gives the connection back when the server is done with it."""

    def __init__(self, body: Iterable[bytes], release: Callable[[], None]) -> None:
        self.body, self.release = body, release

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.release()


def one_at_a_time(application: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """A WSGI app that runs `application` for one request at a time, the body's streaming included."""
    lock = threading.Lock()

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        held = lock.acquire(timeout=WAIT_S)
        done = threading.Event()

        def release() -> None:
            if held and not done.is_set():
                done.set()
                lock.release()
        try:
            return _Released(application(environ, start_response), release)
        except BaseException:
            release()
            raise
    return serve


class SQLiteSafeServer(ThreadedWSGIServer):
    """The live server's own class, which queues requests when the database is SQLite in memory."""

    def set_app(self, application: Any) -> None:
        if connections["default"].vendor == "sqlite" and connections["default"].is_in_memory_db():
            application = one_at_a_time(application)
        super().set_app(application)


def install() -> None:
    LiveServerThread.server_class = SQLiteSafeServer
