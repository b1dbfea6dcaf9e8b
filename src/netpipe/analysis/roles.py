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

import numpy as np
import pandas as pd

from netpipe.analysis.common import project
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
    """The five role counts of each node (columns in the order of :data:`ROLES`)."""
    counts = np.zeros((n, len(ROLES)), np.int64)
    if len(source) == 0:
        return counts
    keys = np.sort(source.astype(np.int64) * n + target)
    by_target, by_source = np.argsort(target, kind="stable"), np.argsort(source, kind="stable")
    in_start = np.searchsorted(target[by_target], np.arange(n + 1))
    out_start = np.searchsorted(source[by_source], np.arange(n + 1))
    for broker in np.flatnonzero((np.diff(in_start) > 0) & (np.diff(out_start) > 0)).tolist():
        before = source[by_target[in_start[broker] : in_start[broker + 1]]]
        after = target[by_source[out_start[broker] : out_start[broker + 1]]]
        a, c = np.repeat(before, len(after)), np.tile(after, len(before))
        wanted = a * n + c
        spot = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        chain = (a != c) & (keys[spot] != wanted)  # no direct tie a -> c
        ga, gb, gc = membership[a[chain]], membership[broker], membership[c[chain]]
        counts[broker] = [
            int(((ga == gb) & (gb == gc)).sum()),
            int(((ga == gc) & (ga != gb)).sum()),
            int(((gb == gc) & (ga != gb)).sum()),
            int(((ga == gb) & (gb != gc)).sum()),
            int(((ga != gb) & (gb != gc) & (ga != gc)).sum()),
        ]
    return counts
