"""Select part of a network: a day (``snapshot``), a period (``window``), relation types,
persons only, a certainty level. Each selection is a filter on the typed tables that
returns a read-only view of the graph; no graph is rebuilt.

Time rules
----------
A date stands for the span it names. A node is present over ``[start, end]`` (for a
person: birth to death; a blank bound is open). A ``state`` tie lasts from its start to
its end, or, without an end, for as long as both its people are present; an ``event``
tie without an end lasts only the span of its start date. A tie is active only while
both its people are present. Undated ties belong to every selection.

``mode="possible"`` (the default) keeps what may have held: the widest reading of every
date (``1932`` as a start means from 1932-01-01, as an end through 1932-12-31).
``mode="certain"`` keeps only what surely held: the narrowest reading (a tie from
``1932`` is surely active only from 1932-12-31), and no tie whose dates are marked
uncertain (``?``) or approximate (``~``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.contract import CERTAINTIES
from netpipe.dates import parse_date
from netpipe.errors import ArgumentError
from netpipe.graph import tables_of, vocabulary
from netpipe.tables import Tables

__all__ = [
    "Network",
    "Selection",
    "endpoint_positions",
    "restrict",
    "select",
    "selection_of",
    "snapshot",
    "time_spans",
    "timeline",
    "window",
]

Mode = Literal["possible", "certain"]
_MIN, _MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max
_SELECTIONS: weakref.WeakKeyDictionary[nx.Graph, Selection] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Selection:
    """Which rows of the base tables a graph (or view) holds.

    A selection also stands on its own, without any graph: every function that takes a
    network takes a selection too (see :meth:`of_tables`), which is how ``netpipe run``
    works on large data without building NetworkX objects.
    """

    graph: nx.MultiDiGraph | None
    """The full graph the view filters (None for a selection made from tables alone)."""
    tables: Tables
    node_mask: np.ndarray
    edge_mask: np.ndarray
    label: str
    """What was selected, in words (e.g. ``snapshot at 1937-02-18, possible``)."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Results derived from this selection once (its projections)."""

    @property
    def nodes(self) -> pd.DataFrame:
        """The selected rows of the node table."""
        return self.tables.nodes[self.node_mask]

    @property
    def edges(self) -> pd.DataFrame:
        """The selected rows of the edge table."""
        return self.tables.edges[self.edge_mask]

    @classmethod
    def of_tables(cls, tables: Tables) -> Selection:
        """Everything in ``tables``, as a selection with no graph behind it."""
        return cls(
            None, tables, np.ones(len(tables.nodes), bool), np.ones(len(tables.edges), bool), "whole network"
        )

    @property
    def name(self) -> str:
        """The dataset's name."""
        return self.tables.name

    @property
    def vocabulary(self) -> dict[str, dict[str, Any]]:
        """The relation vocabulary (as ``G.graph["relations"]``)."""
        return vocabulary(self.tables.relations)

    def number_of_nodes(self) -> int:
        """How many nodes are selected (as ``networkx.Graph.number_of_nodes``)."""
        return int(self.node_mask.sum())

    def number_of_edges(self) -> int:
        """How many ties are selected (as ``networkx.Graph.number_of_edges``)."""
        return int(self.edge_mask.sum())


#: A network: a graph from :func:`netpipe.load`, a view of one, or a :class:`Selection`.
Network: TypeAlias = nx.Graph | Selection


def selection_of(graph: Network) -> Selection:
    """The selection a graph holds: everything for a graph from :func:`netpipe.load`.

    Raises
    ------
    ValueError
        The graph was not made by netpipe, or has changed since.
    """
    if isinstance(graph, Selection):
        return graph
    if graph in _SELECTIONS:
        return _SELECTIONS[graph]
    tables = tables_of(graph)
    if tables is None:
        raise ArgumentError("this graph was not made by netpipe.load (or has changed since)")
    everything = Selection(
        graph, tables, np.ones(len(tables.nodes), bool), np.ones(len(tables.edges), bool), "whole network"
    )
    _SELECTIONS[graph] = everything
    return everything


def snapshot(graph: Network, at: str, mode: Mode = "possible") -> Network:
    """The network as of one date: present people and the ties active between them.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`netpipe.load`, or a selection of one.
    at : str
        A date, ``YYYY-MM-DD``; a coarser date (``1937``, ``1937-02``) selects what is
        active at some time in its span (possible mode) or throughout it (certain).
    mode : {"possible", "certain"}
        Read dates at their widest (what may have held) or narrowest (what surely held).

    Returns
    -------
    networkx.MultiDiGraph
        A read-only view of ``graph``.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(snapshot(G, "1912-04-15").edges(keys=True))
    [('sergo', 'koba', 't1'), ('sergo', 'okhrana', 't2')]
    >>> sorted(snapshot(G, "1912-04-15", mode="certain").edges(keys=True))
    [('sergo', 'koba', 't1')]
    """
    lo, hi = parse_date(at)
    if mode == "certain" and lo != hi:
        return _time_view(graph, hi, lo, mode, f"throughout {at}, certain")
    return _time_view(graph, lo, hi, mode, f"snapshot at {at}, {mode}")


def window(graph: Network, start: str | None, end: str | None, mode: Mode = "possible") -> Network:
    """Everything whose span overlaps a period (``start`` or ``end`` may be open: None).

    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(window(G, "1936", "1940").nodes)
    ['007', 'koba', 'sergo']
    """
    lo = parse_date(start)[0] if start else pd.Timestamp.min
    hi = parse_date(end)[1] if end else pd.Timestamp.max
    if hi < lo:
        raise ArgumentError(f'the window ends ("{end}") before it starts ("{start}")')
    return _time_view(graph, lo, hi, mode, f"window {start or '…'} to {end or '…'}, {mode}")


def select(
    graph: nx.Graph,
    relations: Iterable[str] | None = None,
    persons_only: bool = False,
    certainty: str | None = None,
    exact_dates: bool = False,
) -> Network:
    """Keep some relation types, persons only, ties at least as sure as ``certainty``.

    ``certainty="probable"`` keeps certain and probable ties; the order is certain,
    probable, possible, alleged. ``exact_dates`` drops the ties whose start or end is
    marked uncertain (``?``) or approximate (``~``).

    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(select(G, relations=["ally", "rival"]).edges(keys=True))
    [('koba', 'sergo', 't4'), ('sergo', 'koba', 't1')]
    """
    base = selection_of(graph)
    edges, nodes = base.tables.edges, base.tables.nodes
    keep_edges = np.ones(len(edges), bool)
    keep_nodes = np.ones(len(nodes), bool)
    words = []
    if relations is not None:
        wanted = list(relations)
        unknown = sorted(set(wanted) - set(base.tables.relations.index))
        if unknown:
            declared = ", ".join(base.tables.relations.index)
            raise ArgumentError(f"unknown relation(s): {', '.join(unknown)} (declared: {declared})")
        keep_edges &= edges["relation"].isin(wanted).to_numpy()
        words.append("relations " + ", ".join(wanted))
    if persons_only:
        keep_nodes &= (nodes["kind"] == "person").to_numpy()
        words.append("persons only")
    if certainty is not None:
        if certainty not in CERTAINTIES:
            raise ArgumentError(f'"{certainty}" is not a certainty level: use {", ".join(CERTAINTIES)}')
        keep_edges &= edges["certainty"].isin(CERTAINTIES[: CERTAINTIES.index(certainty) + 1]).to_numpy()
        words.append(f"at least {certainty}")
    if exact_dates:
        keep_edges &= ((edges["start_qualifier"] == "") & (edges["end_qualifier"] == "")).to_numpy()
        words.append("no uncertain or approximate dates")
    return _view(base, keep_nodes, keep_edges, ", ".join(words) or "everything")


def restrict(graph: Network, node_ids: Iterable[str], label: str | None = None) -> Network:
    """The view of ``graph`` restricted to some nodes and the ties among them.

    The result is a selection like those of :mod:`netpipe.selection`: it can be
    projected, snapshotted or restricted again.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`netpipe.load` or a selection of it.
    node_ids : iterable of str
        The ids to keep (ids absent from ``graph`` are ignored).
    label : str, optional
        What the restriction is, in words (default: ``"N chosen nodes"``).

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(restrict(G, ["sergo", "koba"]).edges(keys=True))
    [('koba', 'sergo', 't4'), ('sergo', 'koba', 't1')]
    """
    base = selection_of(graph)
    keep = base.tables.nodes.index.isin(list(set(node_ids)))
    return _view(
        base, keep, np.ones(len(base.tables.edges), bool), label or f"{int(keep.sum())} chosen nodes"
    )


def timeline(graph: Network, dates: Sequence[str] | None = None, every: str = "year") -> list[str]:
    """Dates spanning the data: the given ones, or one per ``every`` (``year``, ``5y``, ``month``).

    Returns ISO dates (``YYYY-MM-DD``), the first day of each period from the earliest
    date of the data to the latest.

    >>> import netpipe
    >>> timeline(netpipe.load("tests/data/valid"), every="25y")
    ['1878-01-01', '1903-01-01', '1928-01-01', '1953-01-01']
    """
    if dates is not None:
        for text in dates:
            parse_date(text)
        return list(dates)
    tables = selection_of(graph).tables
    bounds = pd.concat(
        [tables.nodes["start_lo"], tables.nodes["end_hi"], tables.edges["start_lo"], tables.edges["end_hi"]]
    ).dropna()
    if bounds.empty:
        return []
    years, months = _step(every)
    first, last = bounds.min(), bounds.max()
    date = pd.Timestamp(first.year, first.month if months else 1, 1)
    step = pd.DateOffset(years=years, months=months)
    out: list[str] = []
    while date <= last:
        out.append(date.strftime("%Y-%m-%d"))
        date += step
    return out


def _step(every: str) -> tuple[int, int]:
    """``year`` / ``5y`` / ``decade`` / ``month`` / ``6m`` as (years, months)."""
    text = {"year": "1y", "decade": "10y", "month": "1m"}.get(every.strip().lower(), every.strip().lower())
    number, unit = text[:-1], text[-1:]
    if not number.isdigit() or int(number) < 1 or unit not in ("y", "m"):
        raise ArgumentError(f'"{every}" is not a period: use year, month, decade, or a count like 5y or 6m')
    return (int(number), 0) if unit == "y" else (0, int(number))


def time_spans(graph: Network, mode: Mode = "possible") -> tuple[pd.DataFrame, pd.DataFrame]:
    """When each selected node is present and each selected tie active, as the time rules say.

    Returns two tables (nodes, edges), indexed by id, with ``lo`` and ``hi`` in days
    since 1970-01-01 (NaN for an open end; ``lo > hi`` means never, in certain mode).
    A tie is shown on day ``d`` if ``lo <= d <= hi`` and both its people are present,
    exactly as :func:`snapshot` selects.

    >>> import netpipe
    >>> nodes, edges = time_spans(netpipe.load("tests/data/valid"))
    >>> edges.loc["t2"].tolist()  # an arrest in 1912-04: active through that month
    [-21094.0, -21065.0]
    """
    selection = selection_of(graph)
    node_lo, node_hi, edge_lo, edge_hi = _spans(selection.tables, mode)

    nodes = pd.DataFrame({"lo": _days(node_lo), "hi": _days(node_hi)}, index=selection.tables.nodes.index)[
        selection.node_mask
    ]
    edges = pd.DataFrame({"lo": _days(edge_lo), "hi": _days(edge_hi)}, index=selection.tables.edges.index)[
        selection.edge_mask
    ]
    return nodes, edges


def _days(seconds: np.ndarray) -> np.ndarray:
    """Seconds since 1970 as days, NaN for an open end."""
    open_end = (seconds == _MIN) | (seconds == _MAX)
    return np.where(open_end, np.nan, seconds // 86400)


def _time_view(graph: nx.Graph, lo: pd.Timestamp, hi: pd.Timestamp, mode: Mode, label: str) -> Network:
    """The view of what is active at some time in ``[lo, hi]``."""
    if mode not in ("possible", "certain"):
        raise ArgumentError(f'"{mode}" is not a mode: use possible or certain')
    base = selection_of(graph)
    node_lo, node_hi, edge_lo, edge_hi = _spans(base.tables, mode)
    start, end = _seconds(lo), _seconds(hi)
    present = (node_lo <= end) & (node_hi >= start)
    active = (edge_lo <= end) & (edge_hi >= start)
    return _view(base, present, active, label)


def _view(base: Selection, node_mask: np.ndarray, edge_mask: np.ndarray, label: str) -> Network:
    """Combine masks with ``base``; the read-only view of the full graph, if there is one."""
    tables = base.tables
    nodes = base.node_mask & node_mask
    source, target = endpoint_positions(tables)
    edges = base.edge_mask & edge_mask & nodes[source] & nodes[target]
    label = label if base.label == "whole network" else f"{base.label}; {label}"
    selection = Selection(base.graph, tables, nodes, edges, label)
    if base.graph is None:
        return selection
    node_ids = set(tables.nodes.index[nodes])
    edge_ids = set(tables.edges.index[edges])
    view = nx.subgraph_view(
        base.graph,
        filter_node=node_ids.__contains__,
        filter_edge=lambda u, v, k: k in edge_ids,
    )
    view.graph = {**base.graph.graph, "selection": label}
    _SELECTIONS[view] = selection
    return view


def endpoint_positions(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of each edge's source and target in the node table (cached)."""
    if "endpoints" not in tables.cache:
        index = tables.nodes.index
        tables.cache["endpoints"] = (
            index.get_indexer(pd.Index(tables.edges["source"])),
            index.get_indexer(pd.Index(tables.edges["target"])),
        )
    return tables.cache["endpoints"]


def _spans(tables: Tables, mode: Mode) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lower and upper bounds (seconds) of each node's and edge's span in ``mode`` (cached)."""
    key = f"spans-{mode}"
    if key not in tables.cache:
        nodes, edges = tables.nodes, tables.edges
        wide = mode == "possible"
        node_lo = _seconds_or(nodes["start_lo" if wide else "start_hi"], _MIN)
        node_hi = _seconds_or(nodes["end_hi" if wide else "end_lo"], _MAX)
        edge_lo = _seconds_or(edges["start_lo" if wide else "start_hi"], _MIN)
        event_end = edges["start_hi" if wide else "start_lo"].where(edges["kind"] == "event")
        edge_hi = _seconds_or(edges["end_hi" if wide else "end_lo"].fillna(event_end), _MAX)
        if not wide:
            qualified = (edges["start_qualifier"] != "") | (edges["end_qualifier"] != "")
            edge_lo = np.where(qualified.to_numpy(), _MAX, edge_lo)
            edge_hi = np.where(qualified.to_numpy(), _MIN, edge_hi)
        tables.cache[key] = (node_lo, node_hi, edge_lo, edge_hi)
    return tables.cache[key]


def _seconds_or(dates: pd.Series, missing: int) -> np.ndarray:
    """Dates as int64 seconds since 1970, ``missing`` for NaT."""
    values = dates.to_numpy(dtype="datetime64[s]")
    return np.where(np.isnat(values), missing, values.astype(np.int64))


def _seconds(date: pd.Timestamp) -> int:
    """One date as int64 seconds since 1970, open ends clamped."""
    if date <= pd.Timestamp.min:
        return int(_MIN)
    if date >= pd.Timestamp.max:
        return int(_MAX)
    return int(np.datetime64(date, "s").astype(np.int64))
