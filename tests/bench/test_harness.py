"""The harness pieces that need no server: results.json's shape, the table, the plan check, the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.metrics import METRICS
from bench.metrics_apps import double_handouts
from bench.plans import save_plans, seq_scans
from bench.results import Metric, machine, results_document, table, write_results
from bench.run import DEFAULT_DATABASE_URL, Refused, bench_database_url
from bench.web import percentile

SAMPLE_PLAN = """Limit  (cost=0.00..12.41 rows=25 width=412) (actual time=0.030..8.100 rows=25 loops=1)
  ->  Sort  (cost=4520.10..4770.10 rows=100000 width=412)
        ->  Seq Scan on members_person  (cost=0.00..3480.00 rows=100000 width=412)
              Filter: (region_id = 1)
  ->  Index Scan using interaction_person_when_idx on members_interaction  (cost=0.42..8.44 rows=1 width=8)
  ->  Seq Scan on coalition_region  (cost=0.00..1.06 rows=6 width=40)"""


def test_plan_check_flags_a_seq_scan_on_people_only() -> None:
    assert seq_scans(SAMPLE_PLAN) == ["members_person"]
    assert seq_scans(SAMPLE_PLAN.replace("Seq Scan on members_person", "Index Scan using x on members_person")) == []
    assert seq_scans("Parallel Seq Scan on members_interaction  (cost=...)") == ["members_interaction"]


def test_plans_are_saved_with_their_flags(tmp_path: Path) -> None:
    path = save_plans("person_list", [{"sql": "SELECT 1", "plan": SAMPLE_PLAN, "ms": 8.1, "url": "/people/",
                                       "seq_scans": seq_scans(SAMPLE_PLAN)}], directory=tmp_path)
    text = path.read_text()
    assert path.name == "person_list.txt"
    assert "seq scans on big tables: members_person" in text and "Seq Scan on members_person" in text


def test_results_have_the_issue_shape(tmp_path: Path) -> None:
    metrics = [
        Metric("person_search_p95_ms", "ms", 50, "lower", value=31.2),
        Metric("admin_search_vs_app_search_ratio", "x", 5, "higher", value=3.0),
        Metric("event_roster_p95_ms", "ms", 100, "lower", missing="no page named events:event_roster yet"),
    ]
    path = write_results(results_document({"people": 100_000}, metrics, machine()), tmp_path / "results.json")
    data = json.loads(path.read_text())
    assert set(data) == {"dataset", "machine", "metrics"}
    assert data["dataset"] == {"people": 100_000}
    assert data["machine"]["cpus"] >= 1
    assert data["metrics"]["person_search_p95_ms"] == {"value": 31.2, "unit": "ms", "target": 50, "better": "lower"}
    missing = data["metrics"]["event_roster_p95_ms"]
    assert missing["value"] is None and "events:event_roster" in missing["missing"]
    printed = table(metrics)
    assert "person_search_p95_ms" in printed and "ok" in printed
    assert "admin_search_vs_app_search_ratio" in printed and "MISSES" in printed
    assert "missing: no page named" in printed


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values, 50) == 50.0
    assert percentile([7.0], 95) == 7.0


def test_the_bench_refuses_a_database_it_must_not_drop() -> None:
    assert bench_database_url("") == DEFAULT_DATABASE_URL
    assert bench_database_url("postgresql://u@h/coalition_bench2") == "postgresql://u@h/coalition_bench2"
    with pytest.raises(Refused, match="needs PostgreSQL"):
        bench_database_url("sqlite:///var/db.sqlite3")
    with pytest.raises(Refused, match="does not look like a bench database"):
        bench_database_url("postgres://postgres@127.0.0.1:5432/coalition")


def test_a_person_shown_to_two_callers_is_a_double_handout() -> None:
    assert double_handouts([(1, 10), (2, 11), (1, 12), (1, 10)]) == 0  # one caller seeing their own person again
    assert double_handouts([(1, 10), (2, 10), (3, 10), (2, 11), (3, 11), (1, 12)]) == 2
    registered = {name: target for name, _unit, target, _better, _function in METRICS}
    assert registered["call_next_p95_ms"] == 50 and registered["call_double_handouts"] == 0


def test_growth_compares_each_page_across_the_two_scales() -> None:
    from bench.results import Metric, growth_table
    from bench.run import growth_ratios

    smaller = [Metric("person_list_p95_ms", "ms", 100, "lower", value=40.0),
               Metric("event_roster_p95_ms", "ms", 100, "lower", value=None, missing="failed")]
    larger = [Metric("person_list_p95_ms", "ms", 100, "lower", value=60.0),
              Metric("event_roster_p95_ms", "ms", 100, "lower", value=80.0),
              Metric("csv_import_10k_rows_s", "s", 15, "lower", value=3.0)]
    ratios = growth_ratios(smaller, larger)
    assert ratios == {"person_list_p95_ms": {"smaller_p95_ms": 40.0, "larger_p95_ms": 60.0, "ratio": 1.5},
                      "event_roster_p95_ms": {"smaller_p95_ms": None, "larger_p95_ms": 80.0, "ratio": None}}
    table = growth_table({"from_scale": 1.0, "to_scale": 10.0, "pages": ratios})
    assert "person_list_p95_ms" in table and "1.5" in table
    assert table.splitlines()[-1].split()[1:] == ["-", "80", "-"]


def test_each_member_of_the_rsvp_wave_comes_from_an_address_of_their_own() -> None:
    from bench.metrics_scale import _address

    addresses = {_address(n) for n in range(1, 70_000)}
    assert len(addresses) == 69_999
    assert _address(1) == "10.0.0.1" and _address(65_536 + 257) == "10.1.1.1"


def test_a_run_at_another_scale_writes_beside_the_default_table() -> None:
    from bench.plans import PLANS_DIR, plans_dir
    from bench.results import RESULTS_PATH, results_path

    assert results_path(1) == RESULTS_PATH and plans_dir(1.0) == PLANS_DIR
    assert results_path(10).name == "results-scale10.json" and results_path(10).parent == RESULTS_PATH.parent
    assert plans_dir(10.0).name == "plans-scale10" and plans_dir(0.1).name == "plans-scale0.1"


def test_the_database_is_settled_after_each_bulk_writer_and_only_then(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import metrics

    assert {"import_an_export_100k_s", "outbox_dispatch_10k_s", "rsvp_open_event_rps"} <= metrics.WRITES
    assert not {"call_next_p95_ms", "api_people_page_p95_ms", "person_list_p95_ms"} & metrics.WRITES
    order: list[str] = []
    monkeypatch.setattr(metrics, "METRICS", [
        ("a_page", "ms", 1, "lower", lambda bench: order.append("a_page") or 1.0),
        ("an_import", "s", 1, "lower", lambda bench: order.append("an_import") or 2.0),
        ("next_page", "ms", 1, "lower", lambda bench: order.append("next_page") or 3.0),
    ])
    monkeypatch.setattr(metrics, "WRITES", {"an_import"})
    monkeypatch.setattr(metrics, "settle", lambda: order.append("settle") or 0.0)
    measured = metrics.measure_all(None)  # type: ignore[arg-type]
    assert order == ["a_page", "an_import", "settle", "next_page"]
    assert [m.value for m in measured] == [1.0, 2.0, 3.0]


def test_the_rsvp_crowds_type_numbers_no_one_in_the_dataset_has() -> None:
    import random

    import phonenumbers

    from bench.illinois import phone_number
    from bench.metrics_scale import _fresh_phone

    rng = random.Random(7)
    dataset_exchanges = {phone_number(rng, "217")[5:8] for _ in range(20_000)}
    typed = [_fresh_phone("217", n) for n in (0, 1, 4_321, 9_999)]
    assert "555" not in dataset_exchanges
    assert {number[5:8] for number in typed} == {"555"}
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(number)) for number in typed)
    with pytest.raises(ValueError, match="10,000"):
        _fresh_phone("217", 10_000)
