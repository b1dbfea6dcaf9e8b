"""Brokerage: Burt's constraint and effective size, articulation points and bridges.

Measures run on the undirected weighted projection. Constraint and effective size are
computed from the triangles of the projection with numpy (the indirect terms of both
measures only involve a pair's common neighbours), which gives networkx's
``constraint(G, weight="weight")`` and ``effective_size(G, weight="weight")`` in a
fraction of the time. Articulation points and bridges come from igraph.

References
----------
.. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netpipe.analysis.common import Projection, described, project, triangles
from netpipe.model.network import NetworkLike, selection_of

if TYPE_CHECKING:
    pass

__all__ = ["bridge_pairs", "bridges", "brokerage"]


def brokerage(graph: NetworkLike) -> pd.DataFrame:
    """Burt's constraint and effective size of each node, and whether it is an articulation point.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.

    Returns
    -------
    pandas.DataFrame
        One row per node: ``node``, ``name``, ``degree`` (neighbours in the projection),
        ``effective_size`` and ``constraint`` (both NaN for an isolated node; weights
        are the projection's summed tie weights), and ``articulation`` (True when
        removing the node disconnects part of its component). Sorted by constraint,
        lowest (the strongest broker) first, isolated nodes last; ties in node order.

    Examples
    --------
    >>> import netpipe
    >>> df = brokerage(netpipe.load("tests/data/valid"))
    >>> df[["node", "degree", "effective_size", "articulation"]].values.tolist()
    [['sergo', 2, 2.0, True], ['koba', 2, 2.0, True], ['okhrana', 1, 1.0, False], ['007', 1, 1.0, False]]
    >>> df["constraint"].round(4).tolist()
    [0.5556, 0.5556, 1.0, 1.0]
    """
    selection = selection_of(graph)
    projection = project(selection)
    constraint, effective_size, degree = _structural_holes(projection)
    articulation = np.zeros(len(projection.nodes), bool)
    articulation[projection.to_igraph().articulation_points()] = True
    table = pd.DataFrame(
        {
            "node": projection.nodes,
            "name": selection.nodes["name"].to_numpy(),
            "degree": degree,
            "effective_size": effective_size,
            "constraint": constraint,
            "articulation": articulation,
        }
    )
    return table.sort_values("constraint", kind="stable", na_position="last").reset_index(drop=True)


def bridges(graph: NetworkLike) -> pd.DataFrame:
    """The bridges of the undirected projection: pairs whose every tie, if cut, splits a component.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.

    Returns
    -------
    pandas.DataFrame
        One row per bridge, in node order: ``a``, ``a_name``, ``b``, ``b_name`` (``a``
        first in node order), ``weight`` (the summed weight of the pair's ties), and the
        ``relations``, ``citations`` and ``ties`` behind it.

    Examples
    --------
    >>> import netpipe
    >>> df = bridges(netpipe.load("tests/data/valid"))
    >>> df[["a", "b", "relations"]].values.tolist()
    [['sergo', 'koba', 'ally; rival'], ['sergo', 'okhrana', 'arrested-by'], ['koba', '007', 'deputy-of']]
    """
    selection = selection_of(graph)
    return described(selection, bridge_pairs(selection))


def bridge_pairs(graph: NetworkLike) -> pd.DataFrame:
    """The bridges of :func:`bridges` without what lies behind them (``a`` to ``weight``)."""
    selection = selection_of(graph)
    projection = project(selection)
    found = np.asarray(projection.to_igraph().bridges(), dtype=np.int64)
    found = found[np.lexsort((projection.target[found], projection.source[found]))]
    ids = projection.nodes.to_numpy()
    names = selection.nodes["name"].to_numpy()
    a, b = projection.source[found], projection.target[found]
    return pd.DataFrame(
        {
            "a": ids[a],
            "a_name": names[a],
            "b": ids[b],
            "b_name": names[b],
            "weight": projection.weight[found],
        }
    )


def _structural_holes(projection: Projection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Constraint, effective size and degree of each node, from the triangles of the projection.

    With ``p[u, v] = w(u, v) / strength(u)`` and ``m[u, v] = w(u, v) / max_x w(u, x)``:
    constraint(u) = sum over neighbours v of (p[u, v] + sum_x p[u, x] p[x, v])**2 and
    effective_size(u) = sum over neighbours v of (1 - sum_x p[u, x] m[v, x]), where x
    runs over the common neighbours of u and v, that is over the triangles at (u, v).
    """
    n = len(projection.nodes)
    source, target, weight = projection.source, projection.target, projection.weight
    degree = np.bincount(source, minlength=n) + np.bincount(target, minlength=n)
    strength = np.bincount(source, weight, n) + np.bincount(target, weight, n)
    strongest = np.zeros(n)
    np.maximum.at(strongest, source, weight)
    np.maximum.at(strongest, target, weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        # p and m of each edge read from each end: "st" from source to target, "ts" back.
        p_st, p_ts = weight / strength[source], weight / strength[target]
        m_st, m_ts = weight / strongest[source], weight / strongest[target]
    indirect_st, indirect_ts = np.zeros(len(weight)), np.zeros(len(weight))
    redundancy = np.zeros(n)
    for corners, edges in triangles(projection):
        a, b, c = corners.T
        ab, bc, ac = edges.T
        # Corners are sorted (a < b < c) and each projected edge runs from lower to higher
        # position, so p[a, b] is p_st[ab], p[b, a] is p_ts[ab], and so on.
        pab, pba, pbc, pcb, pac, pca = p_st[ab], p_ts[ab], p_st[bc], p_ts[bc], p_st[ac], p_ts[ac]
        mab, mba, mbc, mcb, mac, mca = m_st[ab], m_ts[ab], m_st[bc], m_ts[bc], m_st[ac], m_ts[ac]
        np.add.at(indirect_st, ab, pac * pcb)
        np.add.at(indirect_ts, ab, pbc * pca)
        np.add.at(indirect_st, bc, pba * pac)
        np.add.at(indirect_ts, bc, pca * pab)
        np.add.at(indirect_st, ac, pab * pbc)
        np.add.at(indirect_ts, ac, pcb * pba)
        np.add.at(redundancy, a, pab * mcb + pac * mbc)
        np.add.at(redundancy, b, pba * mca + pbc * mac)
        np.add.at(redundancy, c, pca * mba + pcb * mab)
    local_st, local_ts = (p_st + indirect_st) ** 2, (p_ts + indirect_ts) ** 2
    constraint = (np.bincount(source, local_st, n) + np.bincount(target, local_ts, n)).astype(float)
    effective_size = degree - redundancy
    isolated = degree == 0
    constraint[isolated] = np.nan
    effective_size = np.where(isolated, np.nan, effective_size)
    return constraint, effective_size, degree
