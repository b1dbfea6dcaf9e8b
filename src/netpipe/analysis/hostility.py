"""The hostile ties measured on their own: who was most targeted, and who struck most.

Hostile ties (relations with sign -1) confer no standing, so the centrality measures leave
them out; this module counts them instead, on the hostile layer of the projections (see
:mod:`netpipe.analysis.common`). ``targeted`` and ``struck`` follow the hostile relations
that declare a ``flow`` (the source acts against the target: ``denounced``, ``killed``);
a hostile relation without flow (``rival``, or ``arrested-by``, which reads from the one
arrested) counts only in ``adversaries``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netpipe.analysis.common import Projection, project
from netpipe.model.network import NetworkLike, selection_of

__all__ = ["hostility"]


def hostility(graph: NetworkLike) -> pd.DataFrame:
    """How many people each node was in conflict with, was targeted by, and acted against.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.

    Returns
    -------
    pandas.DataFrame
        One row per node with at least one hostile tie: ``node``, ``name``, ``adversaries``
        (distinct people joined to it by a hostile tie), ``targeted`` (distinct people who
        acted against it) and ``struck`` (distinct people it acted against). Sorted by
        ``targeted``, then ``struck``, then ``adversaries``, highest first; ties by node order.

    Examples
    --------
    >>> import netpipe
    >>> table = hostility(netpipe.load("tests/data/valid"))
    >>> table[["node", "adversaries", "targeted", "struck"]].values.tolist()
    [['sergo', 2, 0, 0], ['koba', 1, 0, 0], ['okhrana', 1, 0, 0]]
    """
    selection = selection_of(graph)
    every, flowing = project(selection, "undirected", "hostile"), project(selection, "directed", "hostile")
    table = pd.DataFrame(
        {
            "node": every.nodes,
            "name": selection.nodes["name"].to_numpy(),
            "adversaries": _count(every, [every.source, every.target]),
            "targeted": _count(flowing, [flowing.target]),
            "struck": _count(flowing, [flowing.source]),
        }
    )
    table = table[table["adversaries"] > 0]
    order = ["targeted", "struck", "adversaries"]
    return table.sort_values(order, ascending=False, kind="stable").reset_index(drop=True)


def _count(projection: Projection, ends: list[np.ndarray]) -> np.ndarray:
    """Edge ends at each node of a simple projection: its distinct neighbours on those ends."""
    n = len(projection.nodes)
    return sum((np.bincount(end, minlength=n) for end in ends), np.zeros(n, np.int64))
