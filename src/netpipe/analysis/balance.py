"""Structural balance on the signed projection: balanced and unbalanced triangles, over time.

A triangle of signed pairs is balanced when the product of its signs is positive, that is
when it has no hostile tie (friends of friends) or two (two friends with a common enemy),
and unbalanced when it has one or three. The counts are named by the number of hostile
ties (``no_hostile``, ``one_hostile``, ...), words a spreadsheet cannot take for a formula.
Pairs whose ties cancel out (ambivalent) have no sign and are left out of the signed
projection; they are counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from netpipe.analysis.common import Projection, described, project, triangles
from netpipe.io.spans import Presence, Reading
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import snapshot

__all__ = ["balance", "balance_by_date", "balance_over_time", "frustrating_pairs", "frustrating_ties"]

#: The keys of a balance summary, in order.
_KEYS = (
    "nodes", "positive", "negative", "ambivalent", "triangles",
    "balanced", "no_hostile", "two_hostile", "unbalanced", "one_hostile", "three_hostile", "ratio",
)  # fmt: skip


def balance(graph: NetworkLike) -> pd.DataFrame:
    """Count balanced and unbalanced triangles of the signed projection.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.

    Returns
    -------
    pandas.DataFrame
        One row: ``nodes``, ``positive`` and ``negative`` (signed pairs), ``ambivalent`` (pairs
        left out because their signs cancel), ``triangles``, ``balanced`` (of which
        ``no_hostile`` and ``two_hostile``: triangles with no or two hostile ties),
        ``unbalanced`` (``one_hostile`` and ``three_hostile``) and ``ratio`` (balanced /
        triangles; NaN without triangles).

    Examples
    --------
    >>> import netpipe
    >>> summary = balance(netpipe.load("tests/data/valid"))
    >>> summary[["positive", "negative", "ambivalent", "triangles"]].values.tolist()
    [[1, 1, 1, 0]]
    """
    return pd.DataFrame([_counts(project(selection_of(graph), "signed"))])


def _counts(signed: Projection) -> dict[str, int | float]:
    """The counts of :func:`balance` of a signed projection."""
    by_count = np.zeros(4, np.int64)  # triangles by their number of hostile pairs
    for _, edges in triangles(signed):
        by_count += np.bincount((signed.sign[edges] < 0).sum(axis=1), minlength=4)
    count = int(by_count.sum())
    balanced = int(by_count[0] + by_count[2])
    return {
        "nodes": len(signed.nodes),
        "positive": int((signed.sign > 0).sum()),
        "negative": int((signed.sign < 0).sum()),
        "ambivalent": signed.ambivalent,
        "triangles": count,
        "balanced": balanced,
        "no_hostile": int(by_count[0]),
        "two_hostile": int(by_count[2]),
        "unbalanced": count - balanced,
        "one_hostile": int(by_count[1]),
        "three_hostile": int(by_count[3]),
        "ratio": balanced / count if count else float("nan"),
    }


def frustrating_ties(graph: NetworkLike) -> pd.DataFrame:
    """The signed pairs that close unbalanced triangles, those closing the most first.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.

    Returns
    -------
    pandas.DataFrame
        One row per signed pair in at least one unbalanced triangle: ``a``, ``a_name``,
        ``b``, ``b_name`` (``a`` first in node order), ``sign`` (+1 or -1),
        ``unbalanced`` (how many unbalanced triangles it closes), ``triangles`` (how
        many triangles in all), and the ``relations``, ``citations`` and ``ties``
        behind its sign. Sorted by ``unbalanced`` (descending), then node order.

    Examples
    --------
    >>> import netpipe
    >>> frustrating_ties(netpipe.load("tests/data/valid")).empty
    True
    """
    selection = selection_of(graph)
    return described(selection, frustrating_pairs(selection), signed_only=True)


def frustrating_pairs(graph: NetworkLike) -> pd.DataFrame:
    """The pairs of :func:`frustrating_ties` without what lies behind them (``a`` to ``triangles``)."""
    signed = project(selection_of(graph), "signed")
    m = len(signed.source)
    in_unbalanced, in_any = np.zeros(m, np.int64), np.zeros(m, np.int64)
    for _, edges in triangles(signed):
        unbalanced = edges[np.prod(signed.sign[edges].astype(np.int64), axis=1) < 0]
        in_unbalanced += np.bincount(unbalanced.ravel(), minlength=m)
        in_any += np.bincount(edges.ravel(), minlength=m)
    chosen = np.flatnonzero(in_unbalanced)
    chosen = chosen[np.lexsort((signed.target[chosen], signed.source[chosen], -in_unbalanced[chosen]))]
    ids = signed.nodes.to_numpy()
    names = selection_of(graph).nodes["name"].to_numpy()
    a, b = signed.source[chosen], signed.target[chosen]
    return pd.DataFrame(
        {
            "a": ids[a],
            "a_name": names[a],
            "b": ids[b],
            "b_name": names[b],
            "sign": signed.sign[chosen].astype(np.int64),
            "unbalanced": in_unbalanced[chosen],
            "triangles": in_any[chosen],
        }
    )


def balance_over_time(
    graph: NetworkLike,
    dates: Sequence[str],
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
) -> pd.DataFrame:
    """The balance summary of the network as of each date.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    dates : sequence of str
        The dates (see :func:`netpipe.model.selection.timeline` for a regular series).
    reading, certainty, presence
        How dates are read, the evidence threshold and where undated nodes are present
        (see :func:`netpipe.model.selection.snapshot`).

    Returns
    -------
    pandas.DataFrame
        One row per date: ``date`` and the keys of :func:`balance`.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> df = balance_over_time(G, ["1910", "1936"])
    >>> df[["date", "positive", "negative", "ambivalent"]].values.tolist()
    [['1910', 1, 0, 0], ['1936', 0, 0, 1]]
    """
    graph = selection_of(graph)
    return balance_by_date(
        dates, lambda date: project(snapshot(graph, date, reading, certainty, presence), "signed")
    )


def balance_by_date(dates: Sequence[str], signed_on: Callable[[str], Projection]) -> pd.DataFrame:
    """The table of :func:`balance_over_time`, each date's signed projection given by ``signed_on``."""
    rows = [{"date": date, **_counts(signed_on(date))} for date in dates]
    return pd.DataFrame(rows, columns=["date", *_KEYS])
