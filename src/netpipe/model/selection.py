"""Select part of a network: a day (``snapshot``), a period (``window``), the events up to a
date (``events``), relation types, persons only, a certainty level. Each selection is a
filter on the typed tables that returns a read-only view of the graph; no graph is rebuilt.

The time rules (presence from declared dates or attestations, the wide and the narrow
reading) are those of :mod:`netpipe.io.spans`. Two choices are never mixed: ``reading`` (how
dates are read: ``wide`` or ``narrow``) and ``certainty`` (the evidence threshold:
``certain`` keeps only certain ties, ``probable`` certain and probable ones, and so on).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.io.contract import CERTAINTIES
from netpipe.io.dates import (
    FIRST_DAY,
    LAST_DAY,
    as_date_text,
    format_days,
    parse_date,
    parse_date_list,
    parse_dates,
)
from netpipe.io.errors import ArgumentError
from netpipe.io.spans import (
    OPEN_END,
    OPEN_START,
    Presence,
    Reading,
    check_reading,
    days_or,
    presence_table,
    spans,
)
from netpipe.io.typed_tables import endpoint_positions
from netpipe.model.network import Network, NetworkLike, as_network, graph_order, selection_of

__all__ = [
    "TIMELINE_LIMIT",
    "active_on",
    "certainty_mask",
    "change_days",
    "check_certainty",
    "choice_label",
    "chosen_nodes",
    "chosen_ties",
    "dated_presence",
    "events",
    "finest_precision",
    "lasting_ties",
    "meeting",
    "nan_bounds",
    "period_days",
    "period_step",
    "picked_changes",
    "precision_marks",
    "presence",
    "regular_dates",
    "restrict",
    "select",
    "snapshot",
    "snapshot_days",
    "time_spans",
    "timeline",
    "undated",
    "undated_nodes",
    "undated_ties",
    "window",
    "window_days",
]

#: At most this many dates in a timeline that follows the data's changes.
TIMELINE_LIMIT = 60


def snapshot(
    graph: NetworkLike,
    at: str | int | datetime.date,
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
) -> NetworkLike:
    """The network as of one date: present people and the ties active between them.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    at : str, int or datetime.date
        A date in any accepted form (``1937-02-18``, ``1937``, ``-0043-03-15``), a year or a
        ``datetime.date``. A coarser date selects what is active at some time in its span
        (wide reading) or throughout it (narrow).
    reading : {"wide", "narrow"}
        Read dates at their widest (whatever may have held) or narrowest (only what surely held).
    certainty : {"certain", "probable", "possible", "alleged"}, optional
        Keep only ties at least this sure (default: all).
    presence : {"attested", "always"}
        Where a node without declared dates is present: as its ties place it (default;
        an undated node never), or always.

    Returns
    -------
    networkx.MultiDiGraph
        A read-only view of ``graph``.

    Raises
    ------
    ArgumentError
        ``at`` is not a date, or an option has an unknown value.
    ArgumentTypeError
        ``at`` is not a text, an int or a date.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(snapshot(G, "1912-04-15").edges(keys=True))
    [('sergo', 'koba', 't1'), ('sergo', 'okhrana', 't2')]
    >>> sorted(snapshot(G, "1912-04-15", reading="narrow").edges(keys=True))
    [('sergo', 'koba', 't1')]
    """
    return _time_view(graph, *snapshot_days(at, reading), reading, certainty, presence)


def snapshot_days(at: str | int | datetime.date, reading: Reading = "wide") -> tuple[int, int, str]:
    """The days a :func:`snapshot` at ``at`` selects what meets (in the narrow reading of a
    coarse date: the last day, then the first, so that only what spans it all meets them), and
    its label."""
    text = as_date_text(at, "at")
    lo, hi = parse_date(text)
    if reading == "narrow" and lo != hi:
        return hi, lo, f"throughout {text}, narrow"
    return lo, hi, f"snapshot at {text}, {reading}"


def period_days(
    start: str | int | datetime.date | None, end: str | int | datetime.date | None, what: str = "period"
) -> tuple[str, str, int, int]:
    """The dates of a period as given (``""`` for an open end) and its first and last day.

    Raises :class:`~netpipe.io.errors.ArgumentError` for a date that is not one, or when the
    ``what`` (``period``, ``window``) ends before it starts.
    """
    first = as_date_text(start, "start") if start is not None else ""
    last = as_date_text(end, "end") if end is not None else ""
    lo = parse_date(first)[0] if first else OPEN_START
    hi = parse_date(last)[1] if last else OPEN_END
    if hi < lo:
        raise ArgumentError(f'the {what} ends ("{last}") before it starts ("{first}")')
    return first, last, lo, hi


def window(
    graph: NetworkLike,
    start: str | int | datetime.date | None,
    end: str | int | datetime.date | None,
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
) -> NetworkLike:
    """Everything whose span overlaps a period (``start`` or ``end`` may be open: None).

    The options are those of :func:`snapshot`.

    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> sorted(window(G, "1930", "1940").nodes)
    ['007', 'koba', 'sergo']
    """
    return _time_view(graph, *window_days(start, end, reading), reading, certainty, presence)


def window_days(
    start: str | int | datetime.date | None, end: str | int | datetime.date | None, reading: Reading = "wide"
) -> tuple[int, int, str]:
    """The first and last day of a :func:`window`, and its label."""
    first, last, lo, hi = period_days(start, end, "window")
    return lo, hi, f"window {first or '…'} to {last or '…'}, {reading}"


def events(
    graph: NetworkLike,
    until: str | int | datetime.date,
    reading: Reading = "wide",
    certainty: str | None = None,
) -> pd.DataFrame:
    """The events (ties of an ``event`` relation) that had happened by a date, earliest first.

    Wide reading: the events that may have happened by the end of ``until`` (their start's
    first day is on or before it). Narrow: those that surely had (their start's last day
    is on or before the first day of ``until``, and their dates carry no qualifier).
    Undated events are left out, whoever is present: an event is not a presence.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    until : str, int or datetime.date
        The date (as for :func:`snapshot`).
    reading, certainty
        As for :func:`snapshot`.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``id``, ``source``, ``relation``, ``target``, then ``start``,
        ``end``, ``certainty`` and ``citation`` where the data has them.

    Examples
    --------
    >>> import netpipe
    >>> events(netpipe.load("tests/data/valid"), "1937-02-18")[["id", "source", "relation", "target"]]
       id source     relation   target
    0  t2  sergo  arrested-by  okhrana
    """
    check_reading(reading)
    text = as_date_text(until, "until")
    lo, hi = parse_date(text)
    base = selection_of(graph)
    edges = base.tables.edges
    keep = base.edge_mask & (edges["kind"] == "event").to_numpy() & certainty_mask(edges, certainty)
    if reading == "wide":
        keep &= days_or(edges["start_lo"], OPEN_END) <= hi
    else:
        keep &= days_or(edges["start_hi"], OPEN_END) <= lo
        keep &= ((edges["start_qualifier"] == "") & (edges["end_qualifier"] == "")).to_numpy()
    rows = graph_order(base)  # events on one day in the network's order
    rows = rows[keep[rows]]
    chosen = edges.iloc[rows[np.argsort(days_or(edges["start_lo"], OPEN_END)[rows], kind="stable")]]
    columns = ["source", "relation", "target"]
    columns += [c for c in ("start", "end", "certainty", "citation") if c in chosen]
    return chosen[columns].reset_index(names="id")


def presence(graph: NetworkLike) -> pd.DataFrame:
    """When each selected node is present (wide reading), and what bounds it.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id: ``name``, ``kind``, ``from`` and ``until`` (ISO dates, ``""``
        when open or undated), and ``from_basis`` and ``until_basis``: ``declared`` (the
        node's own date), ``attested`` (the dates written on its ties), ``inferred``
        (through an open tie: the other person's bound), ``open`` (nothing bounds it) or
        ``undated`` (no dated evidence at all: in no snapshot).

    Examples
    --------
    >>> import netpipe
    >>> presence(netpipe.load("tests/data/valid")).loc["okhrana"].tolist()
    ['Okhrana', 'organization', '1881-01-01', 'declared', '1917-12-31', 'declared']
    """
    selection = selection_of(graph)
    return dated_presence(presence_table(selection.tables)[selection.node_mask])


def dated_presence(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`~netpipe.io.spans.presence_table` with its days as ISO dates, as :func:`presence` gives it."""
    return table.assign(**{bound: format_days(table[bound]) for bound in ("from", "until")})


def undated(graph: NetworkLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes with no dated evidence at all, and the undated ties between them.

    Such a node has no date of its own and no dated tie: it belongs to the whole network
    but to no snapshot, window or period (unless ``presence="always"``).

    Returns
    -------
    tuple of pandas.DataFrame
        The nodes (``id``, ``name``, ``kind``) and the ties (``id``, ``source``,
        ``relation``, ``target``) among the selected ones.

    Examples
    --------
    >>> import networkx as nx
    >>> H = nx.Graph()
    >>> H.add_edge("a", "b", relation="ally", start="1920")
    >>> H.add_edge("c", "d", relation="ally")
    >>> nodes, ties = undated(H)
    >>> nodes["id"].tolist(), ties[["source", "target"]].values.tolist()
    (['c', 'd'], [['c', 'd']])
    """
    selection = selection_of(graph)
    never, nodes = undated_nodes(presence_table(selection.tables), selection.node_mask)
    ends = endpoint_positions(selection.tables)
    return nodes, undated_ties(selection.tables.edges, selection.edge_mask, ends, never)


def undated_nodes(table: pd.DataFrame, node_mask: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Which nodes of a :func:`~netpipe.io.spans.presence_table` have no dated evidence at all, and
    those in ``node_mask`` as :func:`undated` lists them."""
    never = (table["from_basis"] == "undated").to_numpy()
    return never, table[never & node_mask][["name", "kind"]].reset_index(names="id")


def undated_ties(
    edges: pd.DataFrame, edge_mask: np.ndarray, ends: tuple[np.ndarray, np.ndarray], never: np.ndarray
) -> pd.DataFrame:
    """The ties in ``edge_mask`` between two undated nodes (``never``; ``ends``, each tie's
    positions in the node table), as :func:`undated` lists them: such ties have no date either."""
    source, target = ends
    ties = edge_mask & never[source] & never[target]
    return edges[ties][["source", "relation", "target"]].reset_index(names="id")


def select(
    graph: nx.Graph,
    relations: Iterable[str] | None = None,
    persons_only: bool = False,
    certainty: str | None = None,
    exact_dates: bool = False,
) -> NetworkLike:
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
    wanted = None if relations is None else list(relations)
    label = choice_label(base.tables.relations, wanted, persons_only, certainty, exact_dates)
    keep_nodes = chosen_nodes(base.tables.nodes, persons_only)
    keep_edges = chosen_ties(base.tables.edges, wanted, certainty, exact_dates)
    return _view(graph, base, keep_nodes, keep_edges, label)


def choice_label(
    declared: pd.DataFrame,
    relations: list[str] | None,
    persons_only: bool,
    certainty: str | None,
    exact_dates: bool,
) -> str:
    """The label of a :func:`select` (of a network whose ``declared`` relations are the rows of
    its relation table), after checking its choices."""
    words = []
    if relations is not None:
        unknown = sorted(set(relations) - set(declared.index))
        if unknown:
            raise ArgumentError(
                f"unknown relation(s): {', '.join(unknown)} (declared: {', '.join(declared.index)})"
            )
        words.append("relations " + ", ".join(relations))
    if persons_only:
        words.append("persons only")
    if certainty is not None:
        check_certainty(certainty)
        words.append(f"at least {certainty}")
    if exact_dates:
        words.append("no uncertain or approximate dates")
    return ", ".join(words) or "everything"


def chosen_nodes(nodes: pd.DataFrame, persons_only: bool) -> np.ndarray:
    """The nodes a :func:`select` keeps."""
    return (nodes["kind"] == "person").to_numpy() if persons_only else np.ones(len(nodes), bool)


def chosen_ties(
    edges: pd.DataFrame, relations: list[str] | None, certainty: str | None, exact_dates: bool
) -> np.ndarray:
    """The ties (rows of ``edges``, all of the table or one part of it) a :func:`select` keeps."""
    keep = np.ones(len(edges), bool) if relations is None else edges["relation"].isin(relations).to_numpy()
    keep = keep & certainty_mask(edges, certainty)
    if exact_dates:
        keep = keep & ((edges["start_qualifier"] == "") & (edges["end_qualifier"] == "")).to_numpy()
    return keep


def restrict(graph: NetworkLike, node_ids: Iterable[str], label: str | None = None) -> NetworkLike:
    """The view of ``graph`` restricted to some nodes and the ties among them.

    The result is a selection like those of :mod:`netpipe.model.selection`: it can be
    projected, snapshotted or restricted again.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
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
        graph, base, keep, np.ones(len(base.tables.edges), bool), label or f"{int(keep.sum())} chosen nodes"
    )


def timeline(
    graph: NetworkLike,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    limit: int = TIMELINE_LIMIT,
    start: str | None = None,
    end: str | None = None,
) -> list[str]:
    """The dates to follow the network through: given, regular, or where it changes.

    Without ``dates`` or ``every``, the dates are days on which the network changes
    (someone or some tie appears or goes, in the wide reading) and at least one tie is
    active, chosen by how much changes: the days that split the changes into equal
    shares, so a busy month keeps several dates and a quiet decade gets one. Each is
    written at the precision of the data that makes it a change (``1903`` for a start
    known only to the year, ``1914-07`` for a month, ``1914-06-28`` for a day).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    dates : sequence of str, optional
        The dates to use (each is checked).
    every : str, optional
        One date per period (``year``, ``5y``, ``decade``, ``month``, ``6m``): the first
        day of each, from the earliest date of the data to the latest.
    limit : int
        Without ``dates`` or ``every``: at most this many dates (at least 1).
    start, end : str, optional
        Keep only the dates that lie wholly within this period (either end may be open);
        the dates that follow the changes are chosen among the changes in the period.

    Returns
    -------
    list of str
        Dates in order (``1903``, ``1914-07``, ``1937-02-18``, ``-0043-03-15``).

    Raises
    ------
    ArgumentError
        A date that is not one, an unknown ``every``, a ``limit`` below 1, a period that
        ends before it starts.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> timeline(G, every="25y")
    ['1878-01-01', '1903-01-01', '1928-01-01', '1953-01-01']
    >>> timeline(G, limit=4)
    ['1907', '1912-05', '1930', '1936']
    >>> timeline(G, every="25y", start="1900", end="1940")
    ['1903-01-01', '1928-01-01']
    """
    selection = selection_of(graph)
    return dates_followed(
        lambda first, last: _where_it_changes(selection, limit, first, last),
        lambda: _bounds(selection),
        dates,
        every,
        limit,
        start,
        end,
    )


def dates_followed(
    changes: Callable[[int, int], list[str]],
    bounds: Callable[[], np.ndarray],
    dates: Sequence[str] | None,
    every: str | None,
    limit: int,
    start: str | None,
    end: str | None,
) -> list[str]:
    """The dates of a :func:`timeline` (whose arguments it takes after the network's): ``changes``
    gives the dates where the network changes between two days, ``bounds`` its days (none open)."""
    first = parse_date(start)[0] if start else FIRST_DAY
    last = parse_date(end)[1] if end else LAST_DAY
    if last < first:
        raise ArgumentError(f'the period ends ("{end}") before it starts ("{start}")')
    if dates is None and every is None:
        if limit < 1:
            raise ArgumentError(f"a timeline holds at least 1 date, not {limit}")
        return changes(first, last)
    if dates is not None:
        parse_date_list(dates)  # raises if one is not a date
    chosen = list(dates) if dates is not None else regular_dates(bounds, str(every))
    parse_date_list(chosen)  # all at once: the snapshots of a timeline then find their dates parsed
    if start is None and end is None:
        return chosen
    spans_of = parse_dates(pd.Series(chosen, dtype=object))  # all at once: every year over millennia
    inside = (spans_of["lo"] >= first) & (spans_of["hi"] <= last)
    return [date for date, keep in zip(chosen, inside.tolist(), strict=True) if keep]


def _bounds(selection: Network) -> np.ndarray:
    """The first and last days of the nodes and ties of a selection, none open."""
    node_lo, node_hi, edge_lo, edge_hi = spans(selection.tables)
    bounds = np.concatenate([node_lo[selection.node_mask], node_hi[selection.node_mask]])
    bounds = np.concatenate([bounds, edge_lo[selection.edge_mask], edge_hi[selection.edge_mask]])
    return bounds[(bounds != OPEN_START) & (bounds != OPEN_END)]


def regular_dates(bounds: Callable[[], np.ndarray], every: str) -> list[str]:
    """The first day of each period of ``every`` from the earliest of the ``bounds()`` (days, none
    open) to the latest."""
    years, months = period_step(every)  # an unknown period is an error even with no dates
    days = bounds()
    if not len(days):
        return []
    first, last = (int(days.min()), int(days.max()))
    month = int(np.int64(first).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64))
    month = month if months else month - month % 12
    last_month = int(np.int64(last).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64))
    starts = np.arange(month, last_month + 1, 12 * years + months).astype("datetime64[M]")
    return format_days(starts.astype("datetime64[D]").astype(np.int64))


def _where_it_changes(selection: Network, limit: int, first: int, last: int) -> list[str]:
    """At most ``limit`` of the changes of the network within ``first`` to ``last`` (days),
    chosen by :func:`_thinned` and written at the data's precision."""
    if "changes" not in selection.cache:  # the page and the analyses of a run ask for it again
        days, changes, ties = _changes(selection)
        tables = (
            (selection.tables.nodes, selection.node_mask),
            (selection.tables.edges, selection.edge_mask),
        )
        precision = finest_precision([precision_marks(table, mask, days) for table, mask in tables])
        selection.cache["changes"] = (days, changes, ties, precision)
    days, changes, ties, precision = selection.cache["changes"]
    return picked_changes(days, changes, ties, precision, limit, first, last)


def picked_changes(
    days: np.ndarray,
    changes: np.ndarray,
    ties: np.ndarray,
    precision: np.ndarray,
    limit: int,
    first: int,
    last: int,
) -> list[str]:
    """At most ``limit`` of the change ``days`` within ``first`` to ``last`` (days) on which some
    ``ties`` are active, chosen by how many ``changes`` each holds (:func:`_thinned`) and written at their
    ``precision`` (see :func:`finest_precision`)."""
    whole = days.astype("datetime64[D]")
    # A month or a year written as such means its first day: a change within one (a month of
    # the Julian calendar starts mid-month in the Gregorian) is written as its day.
    month_start = whole.astype("datetime64[M]").astype("datetime64[D]") == whole
    year_start = whole.astype("datetime64[Y]").astype("datetime64[D]") == whole
    precision = np.where((precision == 2) & ~year_start, np.where(month_start, 1, 0), precision)
    precision = np.where((precision == 1) & ~month_start, 0, precision)
    month_end = (whole.astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int64) - 1
    year_end = (whole.astype("datetime64[Y]") + 1).astype("datetime64[D]").astype(np.int64) - 1
    span_end = np.select([precision == 0, precision == 1], [days, month_end], year_end)
    keep = (ties > 0) & (days >= first) & (span_end <= last)
    days, precision = days[keep], precision[keep]
    picked = _thinned(changes[keep], limit)
    texts = np.array(format_days(days[picked], "day"), dtype=object)
    for rank, name in ((1, "month"), (2, "year")):
        coarse = precision[picked] == rank
        texts[coarse] = format_days(days[picked][coarse], name)
    return texts.tolist()


def _changes(selection: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The days on which the selection changes (a node or tie appears, or the day after it goes),
    in order, with how many nodes and ties appear or go on each and how many ties are active.

    A tie is active while it lasts and both its people are present (as :func:`snapshot`).
    """
    node_lo, node_hi, edge_lo, edge_hi = spans(selection.tables)
    nodes = selection.node_mask & (node_lo <= node_hi)
    tie_lo, tie_hi = lasting_ties(
        selection.edge_mask, edge_lo, edge_hi, endpoint_positions(selection.tables), (node_lo, node_hi), nodes
    )
    days, changes = change_days(node_lo[nodes], node_hi[nodes], tie_lo, tie_hi)
    return days, changes, active_on(days, tie_lo, tie_hi)


def lasting_ties(
    mask: np.ndarray,
    edge_lo: np.ndarray,
    edge_hi: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray],
    presence: tuple[np.ndarray, np.ndarray],
    nodes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The first and last day each tie in ``mask`` is active (from ``edge_lo`` to ``edge_hi``, while
    both its people, at ``ends``, are present), of the ties between two of the ``nodes`` that are
    active at all."""
    (source, target), (node_lo, node_hi) = ends, presence
    tie_lo = np.maximum.reduce([edge_lo, node_lo[source], node_lo[target]])
    tie_hi = np.minimum.reduce([edge_hi, node_hi[source], node_hi[target]])
    ties = mask & nodes[source] & nodes[target] & (tie_lo <= tie_hi)
    return tie_lo[ties], tie_hi[ties]


def change_days(
    starts: np.ndarray, ends: np.ndarray, tie_lo: np.ndarray, tie_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The days on which something appears (a node's first day in ``starts``, a tie's in ``tie_lo``)
    or goes (the day after a last day), in order, and how many things appear or go on each."""
    ends = np.concatenate([ends, tie_hi])
    days = np.concatenate([starts, tie_lo, ends[ends != OPEN_END] + 1])
    days = days[(days >= FIRST_DAY) & (days <= LAST_DAY)]  # open starts, and no day after 9999-12-31
    found, changes = np.unique(days, return_counts=True)
    return found, changes.astype(np.int64)


def active_on(days: np.ndarray, tie_lo: np.ndarray, tie_hi: np.ndarray) -> np.ndarray:
    """How many of the ties active from ``tie_lo`` to ``tie_hi`` are active on each of ``days``."""
    return np.searchsorted(np.sort(tie_lo), days, "right") - np.searchsorted(np.sort(tie_hi), days, "left")


def precision_marks(table: pd.DataFrame, mask: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of the rows in ``mask`` of a table of nodes or ties, the finest precision (0 day, 1 month,
    2 year) of the written dates that begin on each of ``days`` or end the day before, and which of
    ``days`` a written date so marks."""
    finest = np.full(len(days), 2, np.int64)
    written = np.zeros(len(days), bool)
    for column in ("start", "end"):
        precision = table[f"{column}_precision"].to_numpy(dtype=object)[mask]
        rank = np.where(precision == "day", 0, np.where(precision == "month", 1, 2))
        lo = days_or(table[f"{column}_lo"], OPEN_START)[mask]
        hi = days_or(table[f"{column}_hi"], OPEN_START)[mask]
        for day in (lo, hi + 1):
            at = np.clip(np.searchsorted(days, day), 0, max(len(days) - 1, 0))
            hit = (at < len(days)) & (days[at] == day) if len(days) else np.zeros(len(day), bool)
            np.minimum.at(finest, at[hit], rank[hit])
            written[at[hit]] = True
    return finest, written


def finest_precision(marks: Iterable[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """How precisely the data places each change day (0 day, 1 month, 2 year): the finest of the
    :func:`precision_marks` of its tables (day where no written date marks it)."""
    finest, written = functools.reduce(
        lambda one, other: (np.minimum(one[0], other[0]), one[1] | other[1]), marks
    )
    return np.where(written, finest, 0)


def _thinned(changes: np.ndarray, limit: int) -> np.ndarray:
    """Positions of at most ``limit`` days (in order, with ``changes`` changes on each) that
    split the changes into equal shares: for ``n`` shares, the first day by which the running
    count of changes reaches ``k / (n - 1)`` of them, for each ``k``, always the first and the
    last day. ``n`` is the largest found that picks at most ``limit`` distinct days, so the days
    strictly between two picked ones hold fewer than ``1 / (limit - 1)`` of all the changes;
    dates left over go to the busiest days not picked.
    """
    if len(changes) <= limit:
        return np.arange(len(changes))
    running = np.cumsum(changes)
    total = int(running[-1])

    def picks(shares: int) -> np.ndarray:
        if shares == 1:
            return np.zeros(1, np.int64)
        targets = np.arange(shares, dtype=np.int64) * total
        return np.unique(np.searchsorted(running * (shares - 1), targets, "left"))

    fits, too_many = limit, total + 1  # with total + 1 shares, every day is picked
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        fits, too_many = (middle, too_many) if len(picks(middle)) <= limit else (fits, middle)
    chosen = picks(fits)
    # Shares that fell on one busy day leave dates over: the busiest days not yet chosen take them.
    rest = np.setdiff1d(np.arange(len(changes)), chosen)
    busiest = rest[np.argsort(-changes[rest], kind="stable")[: limit - len(chosen)]]
    return np.sort(np.concatenate([chosen, busiest]))


def period_step(every: str) -> tuple[int, int]:
    """``year`` / ``5y`` / ``decade`` / ``month`` / ``6m`` as (years, months).

    Raises :class:`~netpipe.io.errors.ArgumentError` for anything else.
    """
    text = {"year": "1y", "decade": "10y", "month": "1m"}.get(every.strip().lower(), every.strip().lower())
    number, unit = text[:-1], text[-1:]
    if not (number.isascii() and number.isdigit()) or int(number) < 1 or unit not in ("y", "m"):
        raise ArgumentError(f'"{every}" is not a period: use year, month, decade, or a count like 5y or 6m')
    return (int(number), 0) if unit == "y" else (0, int(number))


def time_spans(graph: NetworkLike, reading: Reading = "wide") -> tuple[pd.DataFrame, pd.DataFrame]:
    """When each selected node is present and each selected tie active, as the time rules say.

    Returns two tables (nodes, edges), indexed by id, with ``lo`` and ``hi`` in days
    since 1970-01-01 (NaN for an open end; ``lo > hi``, beyond every date, for an undated
    node and for a tie that never surely held, in the narrow reading). A tie is shown on
    day ``d`` if ``lo <= d <= hi`` and both its people are present, exactly as
    :func:`snapshot` selects.

    >>> import netpipe
    >>> nodes, edges = time_spans(netpipe.load("tests/data/valid"))
    >>> edges.loc["t2"].tolist()  # an arrest in 1912-04: active through that month
    [-21094.0, -21065.0]
    """
    selection = selection_of(graph)
    node_lo, node_hi, edge_lo, edge_hi = spans(selection.tables, reading)
    nodes = pd.DataFrame(nan_bounds(node_lo, node_hi), index=selection.tables.nodes.index)
    edges = pd.DataFrame(nan_bounds(edge_lo, edge_hi), index=selection.tables.edges.index)
    return nodes[selection.node_mask], edges[selection.edge_mask]


def nan_bounds(lo: np.ndarray, hi: np.ndarray) -> dict[str, np.ndarray]:
    """Bounds as floats, NaN for an open end, past the last and before the first day for never."""
    never = _never(lo, hi)
    return {
        "lo": np.where(never, LAST_DAY + 1, np.where(lo == OPEN_START, np.nan, lo)),
        "hi": np.where(never, FIRST_DAY - 1, np.where(hi == OPEN_END, np.nan, hi)),
    }


def _never(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where a span is never: an undated node, a tie that never surely held (narrow reading)."""
    return (lo == OPEN_END) & (hi == OPEN_START)


def check_certainty(certainty: str) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` for a certainty that is not a level."""
    if certainty not in CERTAINTIES:
        raise ArgumentError(f'"{certainty}" is not a certainty level: use {", ".join(CERTAINTIES)}')


def certainty_mask(edges: pd.DataFrame, certainty: str | None) -> np.ndarray:
    """Where a tie is at least as sure as ``certainty`` (everywhere for None)."""
    if certainty is None:
        return np.ones(len(edges), bool)
    check_certainty(certainty)
    return edges["certainty"].isin(CERTAINTIES[: CERTAINTIES.index(certainty) + 1]).to_numpy()


def _time_view(
    graph: NetworkLike,
    lo: int,
    hi: int,
    label: str,
    reading: Reading,
    certainty: str | None,
    presence: Presence,
) -> NetworkLike:
    """The view of what is active at some time in ``[lo, hi]`` (days)."""
    base = selection_of(graph)
    node_lo, node_hi, edge_lo, edge_hi = spans(base.tables, reading, presence)
    active = meeting(edge_lo, edge_hi, lo, hi) & certainty_mask(base.tables.edges, certainty)
    label += f", at least {certainty}" if certainty is not None else ""
    return _view(graph, base, meeting(node_lo, node_hi, lo, hi), active, label)


def meeting(first: np.ndarray, last: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Where a span from ``first`` to ``last`` meets the days ``lo`` to ``hi`` (never for a node that
    is undated or a tie that never surely held)."""
    return (first <= hi) & (last >= lo) & ~_never(first, last)


def _view(
    network: NetworkLike, base: Network, node_mask: np.ndarray, edge_mask: np.ndarray, label: str
) -> NetworkLike:
    """Combine masks with ``base`` (the selection of ``network``), as the kind of network it is."""
    tables = base.tables
    nodes = base.node_mask & node_mask
    source, target = endpoint_positions(tables)
    edges = base.edge_mask & edge_mask & nodes[source] & nodes[target]
    label = label if base.label == "whole network" else f"{base.label}; {label}"
    return as_network(network, Network(base.graph, tables, nodes, edges, label))
