"""Projections of a selection onto the simple graphs that measures run on.

- ``undirected``: one edge per pair of people with at least one tie; its ``weight`` is
  the sum of the ties' weights (1 each unless edges.csv gives weights).
- ``directed``: one arc per ordered pair; a directed tie counts from source to target,
  an undirected tie counts both ways; weights are summed as above.
- ``signed``: one edge per pair whose ties carry a sign (the relation's ``sign``); its
  ``sign`` is the sign of the sum of sign x weight. Pairs whose signs cancel out
  (ambivalent) are left out and counted; neutral relations are ignored.

Projections are built from the typed tables with numpy (no Python loop per tie) and
turned into NetworkX or igraph graphs on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.errors import ArgumentError
from netpipe.selection import Network, Selection, endpoint_positions, selection_of
from netpipe.tables import Tables

if TYPE_CHECKING:
    import igraph

__all__ = ["Projection", "project"]

Kind = Literal["undirected", "directed", "signed"]


@dataclass(frozen=True)
class Projection:
    """A simple graph as arrays: edge ``i`` joins ``nodes[source[i]]`` and ``nodes[target[i]]``."""

    kind: Kind
    nodes: pd.Index
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    sign: np.ndarray
    """+1 or -1 per edge for a signed projection; all +1 otherwise."""
    ambivalent: int = 0
    """Signed projection only: pairs whose positive and negative ties cancel out."""

    @property
    def directed(self) -> bool:
        """True for the directed projection."""
        return self.kind == "directed"

    def to_networkx(self) -> nx.Graph:
        """The projection as a ``networkx.Graph`` (``DiGraph`` when directed)."""
        graph: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        graph.add_nodes_from(self.nodes)
        ids = self.nodes.to_numpy()
        attributes = (
            {"weight": w, "sign": s} if self.kind == "signed" else {"weight": w}
            for w, s in zip(self.weight.tolist(), self.sign.tolist(), strict=True)
        )
        graph.add_edges_from(zip(ids[self.source], ids[self.target], attributes, strict=True))
        return graph

    def to_igraph(self) -> igraph.Graph:
        """The projection as an ``igraph.Graph`` with ``name`` on vertices, ``weight`` on edges."""
        import igraph

        graph = igraph.Graph(
            n=len(self.nodes),
            edges=np.column_stack([self.source, self.target]),
            directed=self.directed,
        )
        graph.vs["name"] = list(self.nodes)
        graph.es["weight"] = self.weight
        if self.kind == "signed":
            graph.es["sign"] = self.sign
        return graph


def project(graph: Network, kind: Kind = "undirected") -> Projection:
    """Project a graph from :func:`netpipe.load` (or a selection of it) onto a simple graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network or a view from ``snapshot``, ``window`` or ``select``.
    kind : {"undirected", "directed", "signed"}
        Which projection (see the module's documentation).

    Examples
    --------
    >>> import netpipe
    >>> p = project(netpipe.load("tests/data/valid"))
    >>> [(p.nodes[s], p.nodes[t], w) for s, t, w in zip(p.source, p.target, p.weight.tolist())]
    [('sergo', 'koba', 2.0), ('sergo', 'okhrana', 1.0), ('koba', '007', 1.0)]
    >>> s = project(netpipe.load("tests/data/valid"), "signed")
    >>> s.ambivalent, len(s.source)
    (1, 2)
    """
    if kind not in ("undirected", "directed", "signed"):
        raise ArgumentError(f'"{kind}" is not a projection: use undirected, directed or signed')
    selection = selection_of(graph)
    key = f"projection-{kind}"
    if key not in selection.cache:
        selection.cache[key] = _project(selection, kind)
    projection: Projection = selection.cache[key]
    return projection


def _project(selection: Selection, kind: Kind) -> Projection:
    """Compute a projection of a selection (see :func:`project`)."""
    nodes = selection.tables.nodes.index[selection.node_mask]
    position = np.cumsum(selection.node_mask) - 1
    mask = selection.edge_mask
    source_all, target_all = endpoint_positions(selection.tables)
    source, target = position[source_all[mask]], position[target_all[mask]]
    columns = _edge_arrays(selection.tables)
    weight = columns["weight"][mask]
    if kind == "directed":
        both_ways = ~columns["directed"][mask]
        source, target = (
            np.concatenate([source, target[both_ways]]),
            np.concatenate([target, source[both_ways]]),
        )
        weight = np.concatenate([weight, weight[both_ways]])
    else:
        source, target = np.minimum(source, target), np.maximum(source, target)
    if kind == "signed":
        weight = weight * columns["sign"][mask]
        signed = weight != 0
        source, target, weight = source[signed], target[signed], weight[signed]
    pairs, total = _sum_by_pair(source, target, weight, len(nodes))
    first, second = pairs // max(len(nodes), 1), pairs % max(len(nodes), 1)
    if kind != "signed":
        return Projection(kind, nodes, first, second, total, np.ones(len(total), np.int8))
    clear = total != 0
    return Projection(
        kind, nodes, first[clear], second[clear], np.abs(total[clear]),
        np.sign(total[clear]).astype(np.int8), ambivalent=int((~clear).sum()),
    )  # fmt: skip


def _sum_by_pair(
    source: np.ndarray, target: np.ndarray, weight: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum ``weight`` over each (source, target) pair, pairs in order of first appearance."""
    keys = source.astype(np.int64) * max(n, 1) + target
    codes, unique = pd.factorize(keys)
    return unique, np.bincount(codes, weights=weight, minlength=len(unique))


def _edge_arrays(tables: Tables) -> dict[str, np.ndarray]:
    """The edge columns projections read, as numpy arrays (cached on the tables)."""
    if "edge-arrays" not in tables.cache:
        edges = tables.edges
        tables.cache["edge-arrays"] = {
            "weight": edges["weight"].to_numpy(dtype=float),
            "directed": edges["directed"].to_numpy(dtype=bool),
            "sign": edges["sign"].to_numpy(dtype=float),
        }
    arrays: dict[str, np.ndarray] = tables.cache["edge-arrays"]
    return arrays
