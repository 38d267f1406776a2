"""Province boundaries as the maps draw them (data/geo: Open Development Vietnam, CC BY-SA 4.0, credited on each map).

Read once per province list and kept: each province's exterior rings as one pair of float32 coordinate arrays, the
rings separated by NaN (a gap in a filled plotly line), and the point its clickable dot and label stand on. Arrays,
not lists: plotly sends them to the browser as typed binary arrays (a third of the bytes, no per-number parsing),
and building a map from them takes 25 ms instead of 130 ms of per-point validation.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np

from kpis import DATA_DIR


@dataclass(frozen=True)
class Boundaries:
    """The provinces of one list (63 or 34), in the file's order."""

    vintage: int
    codes: tuple[str, ...]
    names: dict[str, str]  # the file's own name of each province (ten_tinh), for a province without a row
    outlines: dict[str, tuple[np.ndarray, np.ndarray]]  # code -> (longitudes, latitudes), NaN between rings
    label_points: dict[str, tuple[float, float]]  # code -> (longitude, latitude) of its dot


def _exterior_rings(geometry: dict) -> list[list[list[float]]]:
    """The exterior rings of a Polygon or MultiPolygon (holes are slivers here and are left out)."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [poly[0] for poly in polys]


def _label_point(rings: list[list[list[float]]]) -> tuple[float, float]:
    """The mean vertex of the largest ring: inside the mainland part for Vietnam's provinces."""
    ring = max(rings, key=len)
    return sum(pt[0] for pt in ring) / len(ring), sum(pt[1] for pt in ring) / len(ring)


def _outline(rings: list[list[list[float]]]) -> tuple[np.ndarray, np.ndarray]:
    parts = []
    for ring in rings:
        parts += [np.asarray(ring, dtype=np.float64)[:, :2], np.full((1, 2), np.nan)]
    xy = np.concatenate(parts).astype(np.float32)  # float32: 7 digits, under 2 m at Vietnam's longitudes
    xs, ys = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    xs.flags.writeable = ys.flags.writeable = False  # shared by every map drawn from this list
    return xs, ys


def from_geojson(geojson: dict, vintage: int) -> Boundaries:
    """Boundaries from a GeoJSON FeatureCollection whose features' ids are the province codes."""
    codes, names, outlines, points = [], {}, {}, {}
    for feature in geojson["features"]:
        code = str(feature["id"])
        rings = _exterior_rings(feature["geometry"])
        codes.append(code)
        names[code] = feature.get("properties", {}).get("ten_tinh", code)
        outlines[code] = _outline(rings)
        points[code] = _label_point(rings)
    return Boundaries(vintage, tuple(codes), names, outlines, points)


@functools.lru_cache(maxsize=4)
def load(vintage: int) -> Boundaries:
    """The shipped boundaries of the 63-province (before 1 July 2025) or the 34-province list."""
    path = DATA_DIR / "geo" / f"vn_provinces_{int(vintage)}.geojson"
    return from_geojson(json.loads(path.read_text(encoding="utf-8")), int(vintage))
