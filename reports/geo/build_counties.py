"""Build reports/geo/illinois_counties.json from the us-atlas package's county TopoJSON (run once, at build time).

    python reports/geo/build_counties.py [node_modules/us-atlas/counties-10m.json]

Keeps the 102 Illinois counties (state FIPS 17), decodes the quantised arcs, simplifies each arc once (so two
neighbours still share the same border), projects longitude and latitude onto a plane fitted to Illinois (an
equirectangular projection with the x axis shrunk by the cosine of the state's middle latitude, which at this
size is indistinguishable from a conic) and writes one SVG path per county FIPS code. The app reads only the
written file; nothing here runs when the app does.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / "node_modules" / "us-atlas" / "counties-10m.json"
TARGET = HERE / "illinois_counties.json"
STATE = "17"
WIDTH = 400  # the drawing's width in SVG units; its height follows Illinois' shape
MARGIN = 4
TOLERANCE = 0.01  # degrees: about a kilometre, invisible at the size the map is drawn


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (longitude, latitude): delta-decoded and un-quantised."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the ends, and any point farther than `tolerance` from the line through its span."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        far, far_index = 0.0, -1
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > far:
                far, far_index = distance, index
        if far > tolerance and far_index > 0:
            keep[far_index] = True
            stack += [(first, far_index), (far_index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring's points from its arc indexes (a negative index ~i is arc i reversed), shared ends written once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def build(source: Path) -> dict:
    topology = json.loads(source.read_text())
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    counties = [g for g in topology["objects"]["counties"]["geometries"] if str(g["id"]).startswith(STATE)]
    rings = {str(g["id"]): [[ring_points(ring, arcs) for ring in polygon] for polygon in polygons(g)]
             for g in counties}
    every = [p for shapes in rings.values() for polygon in shapes for ring in polygon for p in ring]
    west, east = min(p[0] for p in every), max(p[0] for p in every)
    south, north = min(p[1] for p in every), max(p[1] for p in every)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * shrink)
    height = round((north - south) * scale + 2 * MARGIN)

    def plane(point: tuple[float, float]) -> tuple[float, float]:
        return (round(MARGIN + (point[0] - west) * shrink * scale, 1), round(MARGIN + (north - point[1]) * scale, 1))

    paths = {}
    for fips, shapes in sorted(rings.items()):
        parts = []
        for polygon in shapes:
            for ring in polygon:
                xy = [plane(p) for p in ring]
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in xy) + "Z")
        paths[fips] = {"name": next(g["properties"]["name"] for g in counties if str(g["id"]) == fips),
                       "path": "".join(parts)}
    return {"source": "us-atlas counties-10m.json (US Census Bureau cartographic boundaries, 1:10,000,000)",
            "width": WIDTH, "height": height, "counties": paths}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    data = build(source)
    TARGET.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(data['counties'])} counties, {TARGET.stat().st_size} bytes -> {TARGET}")  # noqa: T201


if __name__ == "__main__":
    main()
