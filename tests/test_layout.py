"""The layout: seeded and stable, in pixels, for small and large graphs."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import numpy as np

import netpipe
from netpipe.model.selection import snapshot
from netpipe.outputs.drawing.layout import SMALL, layout

VALID = Path(__file__).parent / "data" / "valid"


def chain(folder: Path, n: int) -> Path:
    """A ring of ``n`` people (more than SMALL takes the force layout of large graphs)."""
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
    assert not first.equals(layout(graph, seed=2))
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


def _distances(points: np.ndarray) -> np.ndarray:
    """Every pairwise distance of ``points`` (n x 2), the diagonal infinite."""
    distance = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(distance, np.inf)
    return distance


def test_two_dense_groups_joined_by_one_tie_lie_apart() -> None:
    """Each group is a cloud of its own: everyone nearer their group's centre, no one on another."""
    groups = nx.union(
        nx.gnp_random_graph(200, 0.2, seed=1), nx.gnp_random_graph(200, 0.2, seed=2), rename=("a", "b")
    )
    groups.add_edge("a0", "b0")
    for seed in (5, 6):
        positions = layout(groups, seed=seed)
        points = positions.to_numpy()
        first = np.array([name.startswith("a") for name in positions.index])
        centres = points[first].mean(axis=0), points[~first].mean(axis=0)
        apart = float(np.hypot(*(centres[0] - centres[1])))
        for members, centre in ((first, centres[0]), (~first, centres[1])):
            assert np.hypot(*(points[members] - centre).T).max() < apart
        own = np.where(first, *(np.hypot(*(points - centre).T) for centre in centres))
        other = np.where(first, *(np.hypot(*(points - centre).T) for centre in centres[::-1]))
        assert (own < other).all()
        assert _distances(points).min() > 5  # pixels: no two people at the same point


def test_ties_are_short_and_people_without_ties_lie_around() -> None:
    """A ring of 350 drawn as a ring (a tie is short against the drawing), 100 loners outside it."""
    ring = nx.cycle_graph(350)
    ring.add_nodes_from(range(350, 450))
    points = layout(ring, seed=3).loc[list(range(450))].to_numpy()
    tie = np.hypot(*(points[:350] - np.roll(points[:350], -1, axis=0)).T)
    unrelated = _distances(points[:350])
    assert tie.mean() < 0.1 * unrelated[np.isfinite(unrelated)].mean()
    centre = points[:350].mean(axis=0)
    assert np.hypot(*(points[350:] - centre).T).min() > np.hypot(*(points[:350] - centre).T).max()
    assert _distances(points).min() > 5
