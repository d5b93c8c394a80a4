"""bench/results.json (metric, value, unit, target, whether it is met), and the table printed at the end of a run."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS_PATH = Path(__file__).resolve().parent / "results.json"


@dataclass
class Metric:
    """One line of results.json: `value` is None when the metric could not be measured, and `missing` says why."""

    name: str
    unit: str
    target: float | None
    better: str  # "lower" | "higher"
    value: float | None = None
    missing: str = ""
    detail: dict[str, Any] | None = None

    @property
    def meets(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "unit": self.unit, "target": self.target, "better": self.better}
        if self.missing:
            data["missing"] = self.missing
        if self.detail:
            data["detail"] = self.detail
        return data


def machine() -> dict[str, Any]:
    memory_mb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory_mb = int(handle.readline().split()[1]) // 1024
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "memory_mb": memory_mb, "python": platform.python_version(),
            "platform": platform.platform(), "processor": platform.machine()}


def results_document(dataset: dict[str, Any], metrics: list[Metric], machine_info: dict[str, Any]) -> dict[str, Any]:
    return {"dataset": dataset, "machine": machine_info, "metrics": {m.name: m.as_json() for m in metrics}}


def results_path(scale: float) -> Path:
    """Where a run at `scale` writes its results: bench/results.json at scale 1 (the default `make bench`),
    bench/results-scale<N>.json at another, so a scale-10 run sits beside the scale-1 table instead of over it."""
    return RESULTS_PATH if scale == 1 else RESULTS_PATH.with_name(f"results-scale{scale:g}.json")


def write_results(document: dict[str, Any], path: Path = RESULTS_PATH) -> Path:
    path.write_text(json.dumps(document, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8")
    return path


def table(metrics: list[Metric]) -> str:
    """A plain-text table: metric, value, target, and whether it meets it."""
    lines = [f"{'metric':38} {'value':>12} {'target':>10}  result", "-" * 78]
    for m in metrics:
        value = "-" if m.value is None else f"{m.value:.4g} {m.unit}"
        target = "-" if m.target is None else f"{'<=' if m.better == 'lower' else '>='}{m.target:g}"
        verdict = {True: "ok", False: "MISSES", None: "missing" if m.missing else "reported"}[m.meets]
        lines.append(f"{m.name:38} {value:>12} {target:>10}  {verdict}{': ' + m.missing if m.missing else ''}")
    return "\n".join(lines)


def growth_table(growth: dict[str, Any]) -> str:
    """Per page: its p95 at the smaller and the larger scale, and the ratio."""
    lines = [f"{'page (growth ' + str(growth['from_scale']) + ' -> ' + str(growth['to_scale']) + ')':38} "
             f"{'p95 small':>10} {'p95 large':>10} {'ratio':>7}", "-" * 70]
    for name, row in growth["pages"].items():
        cells = ["-" if row[k] is None else f"{row[k]:.4g}" for k in ("smaller_p95_ms", "larger_p95_ms", "ratio")]
        lines.append(f"{name:38} {cells[0]:>10} {cells[1]:>10} {cells[2]:>7}")
    return "\n".join(lines)
