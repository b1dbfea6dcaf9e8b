"""Brokerage between groups: Gould and Fernandez's five roles.

A broker ``b`` stands in a two-step chain ``a -> b -> c`` (``a`` and ``c`` different, and no
direct tie ``a -> c``). By the groups of the three (the ``group`` column of nodes.csv), ``b`` is a

- **coordinator**: all three in one group;
- **itinerant**: ``a`` and ``c`` in one group, ``b`` in another;
- **gatekeeper**: ``b`` in the group of ``c`` (the one reached), ``a`` outside it;
- **representative**: ``b`` in the group of ``a`` (the one who reaches out), ``c`` outside it;
- **liaison**: all three in different groups.

The chains follow the directed projection of the friendly and neutral relations that declare a
flow (see :mod:`netpipe.analysis.common`); an undirected tie runs both ways. The counts are raw,
as R's ``sna::brokerage`` computes ``raw.nli``. People without a group count as members of one
group, the ungrouped, as ``sna::brokerage`` does (R's ``match`` pairs a missing class with
another missing class).

References
----------
.. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
   to brokerage in transaction networks. *Sociological Methodology* 19, 89-126.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from netpipe.analysis.common import project
from netpipe.analysis.neighbours import Adjacency, place_of, shared_neighbours
from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike, selection_of

__all__ = ["ROLES", "brokerage_roles"]

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def brokerage_roles(graph: NetworkLike, group: str = "group") -> pd.DataFrame:
    """Gould-Fernandez brokerage counts of each node between the groups of ``group``.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    group : str
        The node column (attribute) that names each node's group; blank for none.

    Returns
    -------
    pandas.DataFrame
        One row per node, in node order: ``node``, ``name``, ``group``, then the counts
        ``coordinator``, ``itinerant``, ``gatekeeper``, ``representative``, ``liaison`` and
        ``total``.

    Raises
    ------
    ArgumentError
        The nodes have no such column.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a1", "b1"), ("b1", "b2"), ("b2", "a2")])
    >>> nx.set_node_attributes(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, "group")
    >>> brokerage_roles(G)[["node", "gatekeeper", "representative", "total"]].values.tolist()
    [['a1', 0, 0, 0], ['b1', 1, 0, 1], ['b2', 0, 1, 1], ['a2', 0, 0, 0]]
    """
    selection = selection_of(graph)
    nodes = selection.nodes
    if group not in nodes.columns:
        raise ArgumentError(
            f'the nodes have no column "{group}" (columns: {", ".join(map(str, nodes.columns))})'
        )
    labels = nodes[group].fillna("").astype(str).to_numpy()
    membership = pd.factorize(labels)[0]
    arcs = project(selection, "directed", "standing")
    counts = _counts(len(nodes), arcs.source, arcs.target, membership)
    table = pd.DataFrame({"node": nodes.index, "name": nodes["name"].to_numpy(), "group": labels})
    for position, role in enumerate(ROLES):
        table[role] = counts[:, position]
    table["total"] = counts.sum(axis=1)
    return table


def _counts(n: int, source: np.ndarray, target: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """The five role counts of each node (columns in the order of :data:`ROLES`).

    A broker ``b`` with ``i[g]`` in-neighbours and ``o[g]`` out-neighbours in each group ``g``
    stands in ``i[g] * o[h]`` chains from group ``g`` to group ``h``, less those whose ends are
    one person (``a -> b -> a``) and those closed by a direct tie ``a -> c``, which are found
    from each tie ``a -> c`` and the brokers between its ends: no chain is listed one by one.
    """
    counts = np.zeros((n, len(ROLES)), np.int64)
    if len(source) == 0:
        return counts
    source, target = source.astype(np.int64), target.astype(np.int64)
    groups = int(membership.max()) + 1
    into, out = (
        _group_counts(target, membership[source], groups),
        _group_counts(source, membership[target], groups),
    )
    in_own, out_own = into.of(np.arange(n), membership), out.of(np.arange(n), membership)
    in_all, out_all = np.bincount(target, minlength=n), np.bincount(source, minlength=n)
    same = np.bincount(into.node, into.count * out.of(into.node, into.group), minlength=n).astype(np.int64)
    counts[:, 0] = in_own * out_own
    counts[:, 1] = same - in_own * out_own
    counts[:, 2] = (in_all - in_own) * out_own
    counts[:, 3] = in_own * (out_all - out_own)
    counts[:, 4] = in_all * out_all - same - counts[:, 2] - counts[:, 3]
    outward, inward = Adjacency.of(n, source, target), Adjacency.of(n, target, source)
    mutual = outward.slots(outward.columns(), outward.rows()) >= 0  # b -> x and x -> b
    broker, other = outward.rows()[mutual], outward.columns()[mutual]
    _take_away(counts, broker, other, other, membership)
    for found in shared_neighbours(source, target, outward, inward):  # a -> b -> c closed by a -> c
        _take_away(counts, found.node, source[found.pair], target[found.pair], membership)
    return counts


@dataclass(frozen=True)
class _GroupCounts:
    """How many neighbours (on one side) each node has in each group: ``count[k]`` in ``group[k]``
    for ``node[k]``, sorted by node, then group."""

    groups: int
    node: np.ndarray
    group: np.ndarray
    count: np.ndarray

    def of(self, nodes: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """The count of each node's neighbours in the group given beside it (0 where none)."""
        place = place_of(self.node * self.groups + self.group, nodes.astype(np.int64) * self.groups + groups)
        return np.where(place >= 0, self.count[place], 0)


def _group_counts(nodes: np.ndarray, neighbour_groups: np.ndarray, groups: int) -> _GroupCounts:
    """The :class:`_GroupCounts` of arcs at ``nodes[k]`` whose other end is in ``neighbour_groups[k]``."""
    keys, count = np.unique(nodes * groups + neighbour_groups, return_counts=True)
    return _GroupCounts(groups, keys // groups, keys % groups, count)


def _take_away(
    counts: np.ndarray, broker: np.ndarray, a: np.ndarray, c: np.ndarray, membership: np.ndarray
) -> None:
    """Take one chain ``a[k] -> broker[k] -> c[k]`` off the count of the role it would have."""
    ga, gb, gc = membership[a], membership[broker], membership[c]
    role = np.select([(ga == gb) & (gb == gc), ga == gc, gb == gc, ga == gb], [0, 1, 2, 3], 4)
    np.subtract.at(counts, (broker, role), 1)
