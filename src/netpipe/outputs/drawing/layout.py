"""A stable, seeded layout of the drawn network, so people keep their place as time moves.

The layout is computed once, on the undirected projection of the network it is given
(everything that is drawn, not a snapshot: the drawings pass the part of
:func:`netpipe.outputs.drawing.drawn.drawn_part`, the largest ``max_nodes`` nodes and the ties
among them), and every view (the interactive page, the per-period images) draws each
person at the same place. Small graphs use NetworkX's
``spring_layout``; larger ones igraph's Fruchterman-Reingold (grid variant), which lays
out 20,000 people in about two seconds. Both are seeded, so the same graph and seed give
the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.analysis.common import project
from netpipe.io.errors import ArgumentError
from netpipe.io.seeded import seeded_igraph
from netpipe.model.network import NetworkLike, selection_of

__all__ = ["SMALL", "layout"]

#: Up to this many nodes the layout uses NetworkX (dense arrays); above, igraph.
SMALL = 300


def layout(graph: NetworkLike, seed: int = 42, nodes: Iterable[str] | None = None) -> pd.DataFrame:
    """Place every node of ``graph`` (or only ``nodes``) on a plane, in pixels.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection; its undirected
        projection (ties summed into weights) is what is laid out.
    seed : int
        The seed of every random step: the same seed gives the same positions.
    nodes : iterable of str, optional
        Lay out only these nodes (and the ties among them), e.g. the largest ones when a
        page cannot draw everyone.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id, columns ``x`` and ``y`` in pixels, centred on 0, with
        ``y`` growing downwards as on a screen. The spread grows with the square root of
        the number of nodes, so a node keeps about 160 pixels of room.

    Raises
    ------
    ArgumentError
        ``seed`` is not between 0 and 2**32 - 1 (numpy's seeds).

    Examples
    --------
    >>> import netpipe
    >>> positions = layout(netpipe.load("tests/data/valid"))
    >>> sorted(positions.index), list(positions.columns)
    (['007', 'koba', 'okhrana', 'sergo'], ['x', 'y'])
    >>> positions.equals(layout(netpipe.load("tests/data/valid")))
    True
    """
    if not 0 <= seed < 2**32:
        raise ArgumentError(f"the seed {seed} is not between 0 and {2**32 - 1}")
    graph = selection_of(graph)
    projection = project(graph, "undirected")
    ids = projection.nodes
    source, target, weight = projection.source, projection.target, projection.weight
    if nodes is not None:
        keep = ids.isin(list(nodes))
        position = np.cumsum(keep) - 1
        inside = keep[source] & keep[target]
        source, target, weight = position[source[inside]], position[target[inside]], weight[inside]
        ids = ids[keep]
    n = len(ids)
    if n == 0:
        return pd.DataFrame({"x": [], "y": []}, index=pd.Index([], dtype=object, name=ids.name), dtype=float)
    if n <= SMALL:
        pixels = _spread(_to_pixels(_gathered(_networkx(n, source, target, weight, seed))))
    else:
        pixels = _to_pixels(_gathered(_igraph(n, source, target, weight, seed)))
    return pd.DataFrame(np.round(pixels, 1), index=ids, columns=["x", "y"])


def _networkx(n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, seed: int) -> np.ndarray:
    """Spring layout of a small graph, as an ``(n, 2)`` array."""
    simple = nx.Graph()
    simple.add_nodes_from(range(n))
    simple.add_weighted_edges_from(zip(source.tolist(), target.tolist(), weight.tolist(), strict=True))
    placed = nx.spring_layout(simple, seed=seed, weight="weight", iterations=100)
    return np.array([placed[i] for i in range(n)], dtype=float).reshape(n, 2)


def _igraph(n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, seed: int) -> np.ndarray:
    """Fruchterman-Reingold (grid) layout of a large graph, as an ``(n, 2)`` array."""
    import igraph

    simple = igraph.Graph(n=n, edges=np.column_stack([source, target]).tolist(), directed=False)
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    with seeded_igraph(seed):
        placed = simple.layout_fruchterman_reingold(
            weights=weight.tolist() if len(weight) else None, seed=start.tolist(), grid="auto"
        )
    return np.array(placed.coords, dtype=float).reshape(n, 2)


def _gathered(coordinates: np.ndarray) -> np.ndarray:
    """Nodes far out (people without ties, small separate groups) pulled in to the rim of the rest.

    Force layouts push what is not tied to the main group far away, and a drawing that
    shows them all then shows the main group small. No node stays farther from the centre
    than 1.2 times the distance within which nine in ten nodes lie.
    """
    if len(coordinates) < 10:
        return coordinates
    centre = np.median(coordinates, axis=0)
    offset = coordinates - centre
    distance = np.sqrt((offset**2).sum(axis=1))
    rim = 1.2 * float(np.quantile(distance, 0.9))
    scale = np.where(distance > rim, rim / np.where(distance > 0, distance, 1.0), 1.0)
    return centre + offset * scale[:, None]


def _to_pixels(coordinates: np.ndarray) -> np.ndarray:
    """Centre the coordinates and scale them to about 160 pixels of room per node."""
    n = len(coordinates)
    centred = coordinates - coordinates.mean(axis=0)
    extent = float(np.abs(centred).max()) if n > 1 else 0.0
    half_width = 80.0 * math.sqrt(n) + 150.0
    return centred * (half_width / extent) if extent > 0 else centred


def _spread(pixels: np.ndarray, gap: float = 100.0, rounds: int = 200) -> np.ndarray:
    """Push apart nodes closer than ``gap`` pixels (hubs pile up in spring layouts)."""
    placed = pixels.copy()
    n = len(placed)
    if n < 2:
        return placed
    # A fixed, tiny offset per node separates nodes placed at the very same point.
    placed += np.column_stack([np.cos(np.arange(n)), np.sin(np.arange(n))]) * 1e-3
    for _ in range(rounds):
        delta = placed[:, None, :] - placed[None, :, :]
        distance = np.sqrt((delta**2).sum(axis=-1))
        np.fill_diagonal(distance, np.inf)
        overlap = np.clip(gap - distance, 0.0, None)
        if not overlap.any():
            break
        push = (delta / distance[..., None]) * (overlap / 2)[..., None]
        placed += push.sum(axis=1) * 0.5
    return placed
