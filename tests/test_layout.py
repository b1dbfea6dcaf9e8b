"""The layout: seeded and stable, in pixels, for small and large graphs."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import netpipe
from netpipe.model.selection import snapshot
from netpipe.outputs.drawing.layout import SMALL, layout

VALID = Path(__file__).parent / "data" / "valid"


def chain(folder: Path, n: int) -> Path:
    """A ring of ``n`` people (more than SMALL takes the igraph path)."""
    folder.mkdir()
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["id", "name"], *[[f"n{i}", f"N {i}"] for i in range(n)]])
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as stream:
        rows = [[f"e{i}", f"n{i}", f"n{(i + 1) % n}", "ally"] for i in range(n)]
        csv.writer(stream).writerows([["id", "source", "target", "relation"], *rows])
    return folder


def test_same_seed_same_positions() -> None:
    first = layout(netpipe.load(VALID), seed=7)
    second = layout(netpipe.load(VALID), seed=7)
    assert first.equals(second)
    assert not first.equals(layout(netpipe.load(VALID), seed=8))
    assert sorted(first.index) == ["007", "koba", "okhrana", "sergo"]


def test_large_graphs_are_stable_too(tmp_path: Path) -> None:
    graph = netpipe.load(chain(tmp_path / "ring", SMALL + 50))
    first, second = layout(graph, seed=1), layout(graph, seed=1)
    assert first.equals(second)
    assert len(first) == SMALL + 50
    assert np.isfinite(first.to_numpy()).all()


def test_positions_are_pixels_and_apart() -> None:
    positions = layout(netpipe.load(VALID))
    assert abs(positions.to_numpy()).max() < 1000
    gaps = [
        np.hypot(*(positions.loc[a] - positions.loc[b]))
        for a in positions.index
        for b in positions.index
        if a < b
    ]
    assert min(gaps) > 50


def test_a_subset_and_a_snapshot() -> None:
    graph = netpipe.load(VALID)
    assert sorted(layout(graph, nodes=["sergo", "koba"]).index) == ["koba", "sergo"]
    assert sorted(layout(snapshot(graph, "1950")).index) == ["koba"]  # 007: attested 1930-1931 only
    assert list(layout(snapshot(graph, "1800", presence="always")).index) == ["007"]
