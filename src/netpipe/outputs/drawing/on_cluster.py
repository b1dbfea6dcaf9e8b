"""The drawn part of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`), and its style: what
:func:`~netpipe.outputs.drawing.drawn.drawn_part` and
:func:`~netpipe.outputs.drawing.style.drawn_style` give of the same selection in memory.

Each node's size (a measure given, or its weighted number of ties, added up part after part on the
workers in the order of the ties as in memory, so the sums are the same to the last bit) is known
here; the largest nodes are chosen here, each part keeps its strongest ties among them, and the
strongest of these are the drawn ties. The drawn part's projection, made on the workers, is laid
out here.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netpipe.analysis.on_cluster import network_on_cluster
from netpipe.io.spans import tie_bounds
from netpipe.io.worker_copies import beside
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    gathered_rows,
    nodes_of,
    presence_on_cluster,
    tie_ends,
    ties_held,
)
from netpipe.outputs.drawing.drawn import Drawn, largest_nodes, node_sizes, people_sizes, strongest
from netpipe.outputs.drawing.style import style_of

if TYPE_CHECKING:
    from distributed import Future

__all__ = ["DrawnOnCluster", "drawn_on_cluster", "drawn_part_on_cluster", "drawn_style_on_cluster"]

#: Where a pair has no tie in a part: after every row.
_NONE = 2**62


@dataclass(frozen=True)
class DrawnOnCluster:
    """The drawn part of a selection on a cluster (as :func:`~netpipe.outputs.drawing.drawn.drawn_part`
    chooses it): its nodes here, its ties on the workers."""

    selection: ClusterSelection
    size: pd.Series
    """The size measure of each drawn node, by id, in the node table's order."""
    node_mask: np.ndarray
    """Which rows of the node table are drawn."""
    edge_masks: list[Future]
    """Which rows of each part are drawn ties (a boolean array per part, on the workers)."""
    ties_cut: bool
    """True when some ties among the drawn nodes are left out (the tie budget)."""

    def part(self) -> ClusterSelection:
        """The drawn nodes and ties as a selection."""
        return replace(self.selection, node_mask=self.node_mask, edge_masks=self.edge_masks)


def drawn_on_cluster(
    selection: ClusterSelection, sizes: pd.Series | None, max_nodes: int, max_edges: int
) -> DrawnOnCluster:
    """The ``max_nodes`` largest nodes of a selection on a cluster by ``sizes`` (default: each node's
    weighted number of ties) and the ``max_edges`` strongest ties among them, as
    :func:`~netpipe.outputs.drawing.drawn.drawn_part` chooses them in memory."""
    ties, client = selection.ties, selection.ties.client
    size = _weighted_degrees(selection) if sizes is None else node_sizes(nodes_of(selection), None, sizes)
    chosen, drawn = largest_nodes(size, selection.node_mask, max_nodes)
    shared = beside(client, (drawn, people_sizes(size, selection.node_mask)), ties.parts)
    found = [
        client.submit(_among, part, mask, index, copy, max_edges, pure=False)
        for part, mask, index, copy in zip(
            ties.parts, selection.edge_masks, selection.indexes, shared, strict=True
        )
    ]
    masks: list[Future] = [client.submit(operator.getitem, among, 0) for among in found]
    counted = client.gather([client.submit(operator.getitem, among, 1) for among in found])
    ties_cut = sum(count for count, _ in counted) > max_edges
    if ties_cut:
        strong = pd.concat([frame for _, frame in counted], keys=range(len(counted)), names=["part", None])
        strong = strong.reset_index("part")
        everyone = np.ones(len(strong), bool)
        kept = strong[
            strongest(strong["weight"].to_numpy(), strong["people"].to_numpy(), everyone, max_edges)
        ]
        masks = [
            client.submit(_only, mask, kept.loc[kept["part"] == number, "at"].to_numpy())
            for number, mask in enumerate(masks)
        ]
    return DrawnOnCluster(selection, size.iloc[chosen], drawn, masks, ties_cut)


def drawn_style_on_cluster(selection: ClusterSelection, max_nodes: int, max_edges: int) -> pd.DataFrame:
    """The style of each drawn node of a selection on a cluster (see
    :func:`netpipe.outputs.drawing.style.drawn_style` of
    :func:`netpipe.outputs.drawing.drawn.drawn_part` with these ``max_nodes`` and ``max_edges``)."""
    drawn = drawn_on_cluster(selection, None, max_nodes, max_edges)
    laid = network_on_cluster(drawn.part(), [("undirected", "all")])
    nodes = selection.ties.tables.nodes
    return style_of(nodes.iloc[np.flatnonzero(drawn.node_mask)], drawn.size, laid)


def drawn_part_on_cluster(
    selection: ClusterSelection, sizes: pd.Series | None, max_nodes: int, max_edges: int
) -> Drawn:
    """The drawn part of a selection on a cluster (as :func:`drawn_on_cluster` chooses it), its ties
    gathered here: the :class:`~netpipe.outputs.drawing.drawn.Drawn` of
    :func:`~netpipe.outputs.drawing.drawn.drawn_part` of the same selection in memory, on tables
    that hold the whole node table and the drawn ties alone (in the order a network in memory lists
    them), with the presence of the nodes computed from every tie."""
    chosen = drawn_on_cluster(selection, sizes, max_nodes, max_edges)
    ties = selection.ties
    client, nodes = ties.client, ties.tables.nodes
    edges = gathered_rows(ties, _drawn_rows, each=[chosen.edge_masks], keep_index=True)
    source, target = tie_ends(edges, nodes.index)
    codes = source.astype(np.int64) * (len(nodes) + 1) + target
    pairs = np.unique(codes)
    lengths = client.gather(client.map(len, ties.parts))
    offsets = np.cumsum([0, *lengths[:-1]], dtype=np.int64)
    firsts = client.gather(client.map(_first_rows, ties.parts, selection.indexes, pairs=pairs, pure=False))
    first = np.min([offset + found for offset, found in zip(offsets, firsts, strict=True)], axis=0)
    # A network in memory lists its ties by source, then by the first tie of each pair, then by row.
    order = np.lexsort((first[np.searchsorted(pairs, codes)], source))
    cache = {
        f"spans-{reading}-attested": (*presence_on_cluster(selection, reading), *tie_bounds(edges, reading))
        for reading in ("wide", "narrow")
    }
    cache["attested"] = ties.cache["attested"]  # the nodes' attested days, found with their presence
    tables = replace(ties.tables, edges=edges, cache=cache)
    every = np.ones(len(edges), bool)
    base = Network(None, tables, selection.node_mask, every, selection.label)
    part = Network(None, tables, chosen.node_mask, every, selection.label)
    held = (int(selection.node_mask.sum()), ties_held(selection))
    return Drawn(base, part, chosen.size, np.flatnonzero(chosen.node_mask), order, held, chosen.ties_cut)


def _drawn_rows(edges: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The drawn ties of a part."""
    return edges[mask]


def _first_rows(edges: pd.DataFrame, index: pd.Index, pairs: np.ndarray) -> np.ndarray:
    """Where each pair of ``pairs`` (sorted codes of source and target positions) first has a tie in
    a part: its row (:data:`_NONE` where it has none)."""
    source, target = tie_ends(edges, index)
    codes = source.astype(np.int64) * (len(index) + 1) + target
    at = np.searchsorted(pairs, codes).clip(max=max(len(pairs) - 1, 0))
    found = np.flatnonzero((pairs[at] == codes) if len(pairs) else np.zeros(len(codes), bool))
    first = np.full(len(pairs), _NONE, np.int64)
    np.minimum.at(first, at[found], found)
    return first


def _weighted_degrees(selection: ClusterSelection) -> pd.Series:
    """Each selected node's weighted number of ties, summed part after part in the ties' order."""
    ties = selection.ties
    client, nodes = ties.client, ties.tables.nodes
    degrees = None
    for part, mask, index in zip(ties.parts, selection.edge_masks, selection.indexes, strict=True):
        degrees = client.submit(_degrees, degrees, part, mask, index, len(nodes), pure=False)
    source, target = (np.zeros(len(nodes)), np.zeros(len(nodes))) if degrees is None else degrees.result()
    return pd.Series((source + target)[selection.node_mask], index=nodes.index[selection.node_mask])


def _degrees(
    before: tuple[np.ndarray, np.ndarray] | None,
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The weighted number of ties each node is the source and the target of, in the parts up to
    this one (``before``: up to the one before), added tie after tie (as ``np.bincount`` adds)."""
    source, target = (np.zeros(n), np.zeros(n)) if before is None else (before[0].copy(), before[1].copy())
    weight = edges["weight"].to_numpy(dtype=float)[mask]
    weight = np.where(weight > 0, weight, 1.0)  # as node_sizes counts a weight of 0 or below
    ends = tie_ends(edges, index)
    np.add.at(source, ends[0][mask], weight)
    np.add.at(target, ends[1][mask], weight)
    return source, target


def _among(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    shared: tuple[np.ndarray, np.ndarray],
    limit: int,
) -> tuple[np.ndarray, tuple[int, pd.DataFrame]]:
    """The ties of a part in ``mask`` between two drawn nodes, how many, and the ``limit`` strongest of them
    (their place in the part, weight and sum of their people's sizes), by the rule of
    :func:`~netpipe.outputs.drawing.drawn.strongest`."""
    drawn, people = shared
    source, target = tie_ends(edges, index)
    among = mask & drawn[source] & drawn[target]
    weight, sizes = edges["weight"].to_numpy(dtype=float), people[source] + people[target]
    at = np.flatnonzero(strongest(weight, sizes, among, limit))
    return among, (int(among.sum()), pd.DataFrame({"at": at, "weight": weight[at], "people": sizes[at]}))


def _only(mask: np.ndarray, at: np.ndarray) -> np.ndarray:
    """A mask of as many rows as ``mask`` holding only the rows ``at``."""
    kept = np.zeros(len(mask), bool)
    kept[at] = True
    return kept
