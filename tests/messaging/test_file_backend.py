"""The file SMS backend, the provider the integration tests kill workers against: one acceptance per key, also
when a sender died between writing the text and writing its line in the log."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from messaging.backends import FileSmsBackend


def test_a_key_is_accepted_once(tmp_path: Path, settings: Any) -> None:
    settings.SMS_FILE_DIR = str(tmp_path)
    backend = FileSmsBackend()
    first = backend.send(to="+13125550100", body="Hi", idempotency_key="k-1")
    again = backend.send(to="+13125550100", body="Hi again", idempotency_key="k-1")
    backend.send(to="+13125550100", body="Other", idempotency_key="k-2")
    assert first == again
    assert (tmp_path / "accepted.log").read_text().split() == ["k-1", "k-2"]
    [text] = [p for p in tmp_path.glob("*.txt") if "k-1" in p.read_text()]
    assert text.read_text().endswith("\n\nHi\n")


def test_a_text_written_by_a_sender_that_died_before_its_log_line_is_finished_by_the_next(
        tmp_path: Path, settings: Any) -> None:
    settings.SMS_FILE_DIR = str(tmp_path)
    name = hashlib.sha256(b"k-dead").hexdigest()[:32]
    (tmp_path / f"{name}.txt").write_text("To: +13125550100\nKey: k-dead\n\nHi\n")  # the dead sender's half
    (tmp_path / "accepted.log").write_text("k-before\n")
    backend = FileSmsBackend()
    backend.send(to="+13125550100", body="Hi", idempotency_key="k-dead")
    backend.send(to="+13125550100", body="Hi", idempotency_key="k-dead")
    assert (tmp_path / "accepted.log").read_text().split() == ["k-before", "k-dead"]
