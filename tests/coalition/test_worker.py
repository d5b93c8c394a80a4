"""A real Celery worker, started as its own process, runs a task: on Redis, and on the filesystem broker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_worker_and_ping(env: dict[str, str]) -> str:
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "coalition", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-mingle", "--without-gossip", "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        token = uuid.uuid4().hex
        client = subprocess.run(
            [sys.executable, "-c",
             "import django, sys; django.setup();"
             "from coalition.tasks import ping;"
             f"print(ping.delay('{token}').get(timeout=60))"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
        )
        assert client.returncode == 0, client.stderr
        return client.stdout.strip().splitlines()[-1], token  # type: ignore[return-value]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.integration
def test_a_worker_on_redis_runs_a_task(redis_url: str) -> None:
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "coalition.settings"}
    answer, token = run_worker_and_ping(env)
    assert answer == f"pong:{token}"


@pytest.mark.integration
def test_a_worker_on_the_embedded_filesystem_broker_runs_a_task(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "coalition.settings"})
    answer, token = run_worker_and_ping(env)
    assert answer == f"pong:{token}"
