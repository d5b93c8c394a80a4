"""Query plans: EXPLAIN (ANALYZE) of a page's queries, saved as text, and the sequential-scan check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PLANS_DIR = Path(__file__).resolve().parent / "plans"
# Tables a hot page must never read from end to end at statewide scale.
BIG_TABLES = ("members_person", "members_interaction", "members_personphone", "events_rsvp", "messaging_message")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def seq_scans(plan: str, tables: tuple[str, ...] = BIG_TABLES) -> list[str]:
    """The big tables a plan scans sequentially (one entry per scan node)."""
    return [table for table in SEQ_SCAN.findall(plan) if table in tables]


def explain(cursor: Any, sql: str) -> str:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
    return "\n".join(row[0] for row in cursor.fetchall())


def plans_dir(scale: float) -> Path:
    """Where a run at `scale` keeps its plans: bench/plans/ at scale 1, bench/plans-scale<N>/ at another."""
    return PLANS_DIR if scale == 1 else PLANS_DIR.with_name(f"plans-scale{scale:g}")


def save_plans(page: str, entries: list[dict[str, Any]], directory: Path = PLANS_DIR) -> Path:
    """Write every explained query of a page, slowest first, with the sequential scans named on top."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{page}.txt"
    parts = []
    for n, entry in enumerate(entries, start=1):
        flags = ", ".join(entry["seq_scans"]) or "none"
        parts.append(f"-- query {n} of {len(entries)}: {entry['ms']:.2f} ms; seq scans on big tables: {flags}\n"
                     f"-- url: {entry['url']}\n{entry['sql']}\n\n{entry['plan']}\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
