"""A stable, seeded layout of the drawn network, so people keep their place as time moves.

The layout is computed once, on the undirected projection of the network it is given
(everything that is drawn, not a snapshot: the drawings pass the part of
:func:`netpipe.outputs.drawing.drawn.drawn_part`, the largest ``max_nodes`` nodes and the ties
among them), and every view (the interactive page, the per-period images) draws each
person at the same place. Small graphs use NetworkX's ``spring_layout``; larger ones
netpipe's own force layout in numpy and scipy (:func:`_force`): every connected group of
at least ``GROUP`` people starts where a classical scaling of its distances in ties puts it
(pivot MDS, which unfolds chains, trees and grids as a few hundred force rounds from random
places do not), smaller groups start at random places, ``ROUNDS`` rounds of
Fruchterman-Reingold forces then settle the details, and the people without ties are placed
in a ring around the rest. It lays out 2,000 people in about half a second and 20,000 in
about four on one core (``benchmarks/bench_layout.py``). Both layouts are seeded, so the same
graph and seed give the same positions, and neither draws from a global random generator
(Python's, NumPy's or igraph's).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.analysis.common import project
from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike, selection_of

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["SMALL", "layout"]

#: Up to this many nodes the layout uses NetworkX (dense arrays); above, netpipe's force layout.
SMALL = 300
#: Force rounds of the layout of large graphs (after a start that already shows its shape).
ROUNDS = 60
#: Connected groups of at least this many people start from their own scaling (pivot MDS).
GROUP = 10
#: Pivots of the scaling: people whose distances in ties to everyone are measured.
PIVOTS = 50


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
        pixels = _apart(_to_pixels(_gathered(_force(n, source, target, weight, seed))))
    return pd.DataFrame(np.round(pixels, 1), index=ids, columns=["x", "y"])


def _networkx(n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, seed: int) -> np.ndarray:
    """Spring layout of a small graph, as an ``(n, 2)`` array."""
    simple = nx.Graph()
    simple.add_nodes_from(range(n))
    simple.add_weighted_edges_from(zip(source.tolist(), target.tolist(), weight.tolist(), strict=True))
    placed = nx.spring_layout(simple, seed=seed, weight="weight", iterations=100)
    return np.array([placed[i] for i in range(n)], dtype=float).reshape(n, 2)


def _force(n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, seed: int) -> np.ndarray:
    """Layout of a large graph, as an ``(n, 2)`` array; draws only from ``default_rng(seed)``.

    The people with ties are placed by forces (:func:`_start`, :func:`_settled`); those
    without ties (in the drawn part) around them (:func:`_around`), not scattered among them.
    """
    tied = np.zeros(n, dtype=bool)
    tied[source] = tied[target] = True
    position = np.cumsum(tied) - 1
    source, target = position[source], position[target]
    placed = np.zeros((n, 2))
    if tied.sum() >= 2:
        start = _start(int(tied.sum()), source, target, np.random.default_rng(seed))
        placed[tied] = _settled(start, source, target, np.asarray(weight, dtype=float))
    placed[~tied] = _around(placed[tied], int(n - tied.sum()))
    return placed


def _around(inner: np.ndarray, count: int) -> np.ndarray:
    """``count`` places on a ring around ``inner``, as far apart as the nearest people of ``inner``.

    A sunflower pattern (golden angle) fills the ring from its inside out, so the places
    keep an even spacing whatever their number.
    """
    from scipy.spatial import cKDTree

    if len(inner) >= 2:
        centre = inner.mean(axis=0)
        spacing = float(np.median(cKDTree(inner).query(inner, k=2)[0][:, 1]))
        spacing = spacing if spacing > 0 else 1.0
        rim = float(np.sqrt(((inner - centre) ** 2).sum(axis=1)).max()) + spacing
    else:
        centre, spacing = (inner[0] if len(inner) else np.zeros(2)), 1.0
        rim = spacing if len(inner) else 0.0
    order = np.arange(count)
    radius = np.sqrt(rim**2 + (order + 0.5) * spacing**2 / math.pi * 1.5)
    angle = order * math.pi * (3 - math.sqrt(5))
    return centre + np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _start(n: int, source: np.ndarray, target: np.ndarray, generator: np.random.Generator) -> np.ndarray:
    """Start positions: each connected group of at least ``GROUP`` people by pivot MDS, the rest at random.

    The positions fill a square of half-width ``sqrt(n) / 2``, the scaled groups the
    middle of it in proportion to their share of the people (:func:`_fanned` then spreads
    those the scaling puts at one point), and a small random shift is added to everyone.
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    radius = math.sqrt(n) / 2
    placed = generator.uniform(-radius, radius, size=(n, 2))
    ties = sp.coo_matrix((np.ones(len(source)), (source, target)), shape=(n, n)).tocsr()
    ties = ((ties + ties.T) > 0).astype(float).tocsr()
    _, label = connected_components(ties, directed=False)
    grouped = np.flatnonzero(np.bincount(label)[label] >= GROUP)
    if len(grouped):
        scaled = _pivot_mds(ties[grouped][:, grouped], label[grouped])
        offset = np.sqrt((scaled**2).sum(axis=1))
        # Nine in ten within the groups' share of the square; a tenth of the farthest at least,
        # for a scaling that puts nearly everyone at one point (the people around a hub).
        reach = max(float(np.quantile(offset, 0.9)), float(offset.max()) / 10)
        if reach > 0:
            placed[grouped] = _fanned(scaled * (radius * math.sqrt(len(grouped) / n) / reach))
    return placed + generator.normal(scale=0.05, size=(n, 2))


def _fanned(placed: np.ndarray) -> np.ndarray:
    """People at the same point (equally far from everyone) fanned out around it, half a unit apart.

    The scaling puts people with the same ties (the people tied only to one hub) at one
    point; forces from a pile of hundreds take many rounds to undo. Each pile becomes a
    sunflower (golden angle) around its point, in the order of the people.
    """
    _, pile, size = np.unique(np.round(placed, 6), axis=0, return_inverse=True, return_counts=True)
    pile = pile.ravel()
    order = np.argsort(pile, kind="stable")
    rank = np.empty(len(pile), dtype=np.int64)
    rank[order] = np.arange(len(pile)) - np.repeat(np.cumsum(size) - size, size)
    radius, angle = 0.5 * np.sqrt(rank), rank * math.pi * (3 - math.sqrt(5))
    return placed + np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _pivot_mds(ties: sp.csr_matrix, label: np.ndarray) -> np.ndarray:
    """Pivot MDS (Brandes and Pich 2007) of a graph, as an ``(n, 2)`` array centred on 0.

    Distances are counted in ties, from ``PIVOTS`` people chosen one by one as the farthest
    from those chosen before (the first: the most tied; ties broken by position). Separate
    groups (``label``) are joined through one extra person tied to the most tied of each,
    so that they lie apart.
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import shortest_path

    n = ties.shape[0]
    degree = np.asarray(ties.sum(axis=1)).ravel()
    order = np.lexsort((np.arange(n), -degree, label))
    heads = order[np.r_[True, label[order][1:] != label[order][:-1]]]
    if len(heads) > 1:
        rows, columns = ties.nonzero()
        hub = np.full(len(heads), n)
        ties = sp.coo_matrix(
            (np.ones(len(rows) + 2 * len(heads)), (np.r_[rows, heads, hub], np.r_[columns, hub, heads])),
            shape=(n + 1, n + 1),
        ).tocsr()
    pivots = [int(np.argmax(degree))]
    distances = []
    nearest = np.full(ties.shape[0], np.inf)
    for _ in range(min(PIVOTS, ties.shape[0])):
        distance = shortest_path(ties, method="D", unweighted=True, indices=pivots[-1])
        distances.append(distance)
        nearest = np.minimum(nearest, distance)
        pivots.append(int(np.argmax(nearest)))
    squared = np.column_stack(distances)[:n] ** 2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean()
    # The two leading singular directions of the n x pivots matrix, from its small square.
    _, vectors = np.linalg.eigh(centred.T @ centred)
    return centred @ vectors[:, [-1, -2]]


def _settled(placed: np.ndarray, source: np.ndarray, target: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``ROUNDS`` rounds of Fruchterman-Reingold forces from ``placed``, as an ``(n, 2)`` array.

    Everyone repels everyone with force ``1 / d``: the 16 nearest within two cells exactly
    (found with a k-d tree every five rounds), the rest through a mesh of about ``sqrt(n)``
    cells a side over the middle 98 % of the drawing (each cell's count of people at its
    centre, convolved by FFT). Ties pull their ends with force ``d**2`` times their weight.
    Those farther from the centre than nine in ten are pulled back in proportion to the
    excess, so that small separate groups stay near the rest. No one moves farther in a
    round than a twentieth of the drawing's width, cooling to 0.
    """
    from scipy.fft import irfft2, rfft2
    from scipy.spatial import cKDTree

    x, y = placed[:, 0].copy(), placed[:, 1].copy()
    n = len(x)
    cells = int(min(max(math.sqrt(n), 16), 128))
    push_x, push_y = _mesh(cells)
    size = (3 * cells - 2,) * 2  # the whole convolution of a cells x cells grid with the mesh: no wrap-around
    inner = slice(cells - 1, 2 * cells - 1)
    spectrum_x, spectrum_y = rfft2(push_x, s=size), rfft2(push_y, s=size)
    for step in range(ROUNDS):
        (low_x, high_x), (low_y, high_y) = np.quantile(x, [0.01, 0.99]), np.quantile(y, [0.01, 0.99])
        width = max(float(high_x - low_x), float(high_y - low_y), 1e-9)
        side = width / cells * (1 + 1e-9)
        row = np.clip(((x - low_x) / side).astype(np.int64), 0, cells - 1)
        column = np.clip(((y - low_y) / side).astype(np.int64), 0, cells - 1)
        flat = row * cells + column
        count = np.bincount(flat, minlength=cells * cells).reshape(cells, cells).astype(float)
        counted = rfft2(count, s=size)
        move_x = irfft2(counted * spectrum_x, s=size)[inner, inner].ravel()[flat] / side
        move_y = irfft2(counted * spectrum_y, s=size)[inner, inner].ravel()[flat] / side
        if step % 5 == 0:
            points = np.column_stack([x, y])
            _, near = cKDTree(points).query(points, k=min(17, n), distance_upper_bound=3 * side)
            near = near[:, 1:]
            found = near < n
            near = np.where(found, near, 0)
        apart_x, apart_y = x[:, None] - x[near], y[:, None] - y[near]
        squared = apart_x * apart_x + apart_y * apart_y
        inverse = np.where(found & (squared < 4 * side * side), 1.0 / np.maximum(squared, 1e-18), 0.0)
        move_x += (apart_x * inverse).sum(axis=1)
        move_y += (apart_y * inverse).sum(axis=1)
        along_x, along_y = x[source] - x[target], y[source] - y[target]
        pull = np.sqrt(along_x * along_x + along_y * along_y) * weight
        move_x -= np.bincount(source, along_x * pull, n) - np.bincount(target, along_x * pull, n)
        move_y -= np.bincount(source, along_y * pull, n) - np.bincount(target, along_y * pull, n)
        off_x, off_y = x - x.mean(), y - y.mean()
        distance = np.sqrt(off_x * off_x + off_y * off_y)
        spread = max(float(np.quantile(distance, 0.9)), 1e-9)
        beyond = np.maximum(distance - spread, 0.0) / np.where(distance > 0, distance, 1.0) * n / spread**2
        move_x -= off_x * beyond
        move_y -= off_y * beyond
        length = np.sqrt(move_x * move_x + move_y * move_y)
        limit = width / 20 * (1 - step / ROUNDS)
        scale = np.minimum(length, limit) / np.where(length > 0, length, 1.0)
        x += move_x * scale
        y += move_y * scale
    return np.column_stack([x, y])


def _mesh(cells: int) -> tuple[np.ndarray, np.ndarray]:
    """The push ``1 / d`` (x and y parts) between cells of side 1; 0 from a cell and its eight neighbours."""
    offset = np.arange(-(cells - 1), cells)
    along, across = np.meshgrid(offset, offset, indexing="ij")
    near = np.maximum(abs(along), abs(across)) <= 1
    squared = np.where(near, 1, along * along + across * across).astype(float)
    return np.where(near, 0.0, along / squared), np.where(near, 0.0, across / squared)


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


def _apart(pixels: np.ndarray, gap: float = 20.0, rounds: int = 50) -> np.ndarray:
    """Push apart the pairs of nodes closer than ``gap`` pixels (found with a k-d tree).

    Dense groups pull their people close together; each round moves both people of such
    a pair half the missing distance apart (people at the very same point along a fixed
    direction per pair), until no pair is left or after ``rounds`` rounds.
    """
    from scipy.spatial import cKDTree

    placed = pixels.copy()
    for _ in range(rounds):
        pairs = cKDTree(placed).query_pairs(gap, output_type="ndarray")
        if not len(pairs):
            break
        first, second = pairs[:, 0], pairs[:, 1]
        apart = placed[first] - placed[second]
        distance = np.sqrt((apart**2).sum(axis=1))
        fixed = np.column_stack([np.cos(first + second), np.sin(first + second)])
        unit = apart / np.where(distance > 0, distance, 1.0)[:, None]
        direction = np.where(distance[:, None] > 0, unit, fixed)
        push = direction * ((gap - distance) / 2)[:, None]
        for axis in (0, 1):
            placed[:, axis] += np.bincount(first, push[:, axis], len(placed))
            placed[:, axis] -= np.bincount(second, push[:, axis], len(placed))
    return placed


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
