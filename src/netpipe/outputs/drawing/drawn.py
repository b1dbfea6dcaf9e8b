"""What a drawing shows: the largest nodes of a network and the strongest ties among them.

A page or an image cannot draw 100,000 people or a million ties. Every drawing of netpipe
draws the same part of a network: its ``max_nodes`` largest nodes by a size measure (ties
broken by id) and, of the selected ties between two of them, the ``max_edges`` strongest
(by weight, then by the sizes of their two people, then in file order). The part is a
:class:`~netpipe.model.network.Network` on the same tables, so snapshots, time spans and
projections of it follow the rules of :mod:`netpipe.model.selection` exactly, and everything
is computed with numpy on integer row positions (no Python loop per tie, no graph).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from netpipe.io.errors import ArgumentError
from netpipe.io.typed_tables import endpoint_positions
from netpipe.model.network import Network, NetworkLike, graph_order, selection_of

__all__ = [
    "MAX_EDGES",
    "MAX_NODES",
    "Drawn",
    "drawn_part",
    "largest_nodes",
    "node_sizes",
    "people_sizes",
    "strongest",
]

#: How many nodes and ties a drawing shows by default.
MAX_NODES = 2000
MAX_EDGES = 5000


@dataclass(frozen=True)
class Drawn:
    """The drawn part of a network, and what was left out."""

    base: Network
    """Everything the network holds."""
    part: Network
    """The drawn nodes and the selected ties among them (``base`` itself when nothing is cut)."""
    size: pd.Series
    """The size measure of each drawn node, by id, in the node table's order."""
    node_rows: np.ndarray
    """Row positions of the drawn nodes in the node table, in order."""
    edge_rows: np.ndarray
    """Row positions of the drawn ties in the edge table, in order."""
    held: tuple[int, int]
    """How many nodes and ties the network holds (``base``'s, or those of a network whose ties
    ``base``'s tables do not hold: on a cluster)."""
    ties_cut: bool = False
    """True when some ties among the drawn nodes are left out (the tie budget)."""

    @property
    def cut(self) -> bool:
        """True when some nodes are left out."""
        return len(self.node_rows) < self.held[0]

    @property
    def omitted_nodes(self) -> int:
        """How many selected nodes are not drawn."""
        return self.held[0] - len(self.node_rows)

    @property
    def omitted_edges(self) -> int:
        """How many selected ties are not drawn."""
        return self.held[1] - len(self.edge_rows)

    def local(self, rows: np.ndarray) -> np.ndarray:
        """Positions among the drawn nodes of some node-table rows (-1 for a node not drawn)."""
        position = np.full(len(self.base.tables.nodes), -1, dtype=np.int64)
        position[self.node_rows] = np.arange(len(self.node_rows))
        return position[rows]

    def endpoints(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions among the drawn nodes of each drawn tie's source and target."""
        source, target = endpoint_positions(self.base.tables)
        return self.local(source[self.edge_rows]), self.local(target[self.edge_rows])


def node_sizes(graph: NetworkLike, ids: pd.Index | None = None, sizes: pd.Series | None = None) -> pd.Series:
    """The size of each selected node: ``sizes`` (0 where missing) or, by default, its weighted degree.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    ids : pandas.Index, optional
        The ids to give sizes for; default every selected node.
    sizes : pandas.Series, optional
        A measure by node id (e.g. PageRank). Default: each node's number of ties,
        weighted (the sum of its ties' weights; a loop counts twice), as in the
        undirected projection.

    Returns
    -------
    pandas.Series
        Float sizes indexed by ``ids``.

    Examples
    --------
    >>> import netpipe
    >>> node_sizes(netpipe.load("tests/data/valid")).to_dict()
    {'sergo': 3.0, 'koba': 3.0, 'okhrana': 1.0, '007': 1.0}
    """
    selection = selection_of(graph)
    selected = selection.tables.nodes.index[selection.node_mask]
    if ids is None:
        ids = selected
    if sizes is not None:
        values = pd.to_numeric(sizes.reindex(ids), errors="coerce").astype(float)
        return values.fillna(0.0)
    n = len(selection.tables.nodes)
    source, target = endpoint_positions(selection.tables)
    weight = selection.tables.edges["weight"].to_numpy(dtype=float)[selection.edge_mask]
    weight = np.where(weight > 0, weight, 1.0)  # a weight of 0 or below (in a NetworkX graph) counts 1
    degree = np.bincount(source[selection.edge_mask], weight, n)
    degree += np.bincount(target[selection.edge_mask], weight, n)
    result = pd.Series(degree[selection.node_mask], index=selected, dtype=float)
    return result if ids is selected else result.reindex(ids).fillna(0.0)


def drawn_part(
    graph: NetworkLike, sizes: pd.Series | None = None, max_nodes: int = 2000, max_edges: int | None = None
) -> Drawn:
    """The ``max_nodes`` largest nodes by ``sizes`` and the ``max_edges`` strongest ties among them.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    sizes : pandas.Series, optional
        A measure by node id; default each node's weighted number of ties.
    max_nodes : int
        How many nodes at most.
    max_edges : int, optional
        How many ties at most (default: every tie among the drawn nodes): the heaviest,
        then those between the largest people, then the first in the file.

    Returns
    -------
    Drawn
        The drawn part (a selection on the same tables) and what was left out.

    Examples
    --------
    >>> import netpipe
    >>> part = drawn_part(netpipe.load("tests/data/valid"), max_nodes=2)
    >>> list(part.size.index), part.omitted_nodes, part.omitted_edges
    (['sergo', 'koba'], 2, 2)
    >>> drawn_part(netpipe.load("tests/data/valid"), max_edges=1).edge_rows.tolist()
    [0]
    """
    if max_nodes < 1:
        raise ArgumentError(f"max_nodes must be at least 1, not {max_nodes}")
    if max_edges is not None and max_edges < 0:
        raise ArgumentError(f"max_edges must be at least 0, not {max_edges}")
    base = selection_of(graph)
    tables = base.tables
    size = node_sizes(base, None, sizes)
    rows = np.flatnonzero(base.node_mask)
    labels = []
    chosen, node_mask = largest_nodes(size, base.node_mask, max_nodes)
    if len(chosen) < len(rows):
        labels.append(f"the {max_nodes} largest nodes")
    source, target = endpoint_positions(tables)
    edge_mask = base.edge_mask & node_mask[source] & node_mask[target]
    ties_cut = max_edges is not None and int(edge_mask.sum()) > max_edges
    if ties_cut:
        people = people_sizes(size, base.node_mask)
        weight = tables.edges["weight"].to_numpy(dtype=float)
        edge_mask = strongest(weight, people[source] + people[target], edge_mask, int(max_edges or 0))
        labels.append(f"the {max_edges} strongest ties")
    held = (base.number_of_nodes(), base.number_of_edges())
    if not labels:
        return Drawn(base, base, size, rows, graph_order(base), held)
    label = "; ".join(labels if base.label == "whole network" else [base.label, *labels])
    part = Network(None, tables, node_mask, edge_mask, label)
    return Drawn(base, part, size.iloc[chosen], rows[chosen], graph_order(part), held, ties_cut)


def largest_nodes(size: pd.Series, node_mask: np.ndarray, max_nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Of the nodes of ``node_mask`` (``size``: their sizes, in order), the ``max_nodes`` largest
    (ties broken by id): their positions among them, and the mask of the node table they make."""
    if len(size) <= max_nodes:
        return np.arange(len(size)), node_mask
    # Largest first, ties broken by id: sort by (-size, rank of the id).
    id_rank = np.empty(len(size), dtype=np.int64)
    id_rank[size.index.argsort()] = np.arange(len(size))
    chosen = np.sort(np.lexsort((id_rank, -size.to_numpy()))[:max_nodes])
    drawn = np.zeros(len(node_mask), dtype=bool)
    drawn[np.flatnonzero(node_mask)[chosen]] = True
    return chosen, drawn


def people_sizes(size: pd.Series, node_mask: np.ndarray) -> np.ndarray:
    """The size of each node of the node table: ``size`` for those of ``node_mask``, 0 for the others."""
    people = np.zeros(len(node_mask))
    people[node_mask] = size.to_numpy()
    return people


def strongest(weight: np.ndarray, people: np.ndarray, edge_mask: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` ties of ``edge_mask`` with the most weight, then the largest people, then first."""
    candidates = np.flatnonzero(edge_mask)
    order = np.lexsort((candidates, -people[candidates], -weight[candidates]))[:limit]
    kept = np.zeros(len(edge_mask), dtype=bool)
    kept[candidates[order]] = True
    return kept
