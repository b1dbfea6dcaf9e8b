"""Chains in time: who could have reached whom, and when, through ties in the order they held.

A chain from ``A`` to ``Z`` is a sequence of ties ``A - B - ... - Z``, each used on a day on
which it is active (by the time rules of :mod:`netpipe.io.spans`, read widely or narrowly, the
days :func:`netpipe.snapshot` would show it), the days never going back. A chain may wait at a
person: someone who learned something on one day can pass it on along any later tie. So a
``state`` tie can be used on any day it lasts, an ``event`` only on its own day(s): a tie that
ended (an event that happened) before the news came is of no use.

Which way a tie carries anything:

- an undirected relation both ways (``ally``, ``met``, ``married``);
- a directed relation from source to target if it declares a ``flow`` (``A deputy-of B``,
  ``A briefed B``: the same flows as PageRank and in/out degree read), and not at all if it
  declares none (``A member-of B``, ``A parent-of B``: its direction is grammar, and nothing
  says which way anything passed);
- a hostile tie (sign -1: a rivalry, an arrest, a denunciation) not at all by default. It ties
  two people, but it is not a channel that news, orders or influence pass along from one to
  the other: a denunciation informs the police about someone, not that person; an arrest
  carries nothing on from the one arrested. ``hostile=True`` walks them too (by the same rules
  of direction), for the question "who could have been touched by a chain of encounters".
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from netpipe.io.dates import format_days
from netpipe.io.errors import ArgumentError, NotFound
from netpipe.io.names import resolve
from netpipe.io.spans import OPEN_END, OPEN_START, Reading, check_reading, spans
from netpipe.io.typed_tables import endpoint_positions, id_index
from netpipe.model.network import Network, NetworkLike, graph_order, selection_of
from netpipe.model.selection import period_days, select

__all__ = [
    "DIRECTIONS", "chain_in_time", "hostile_ties", "overview_of", "reach", "reach_overview", "tie_ways",
    "unsure_ties", "walkable_arcs",
]  # fmt: skip

#: The columns of :func:`reach_overview`, and those that count people.
_OVERVIEW = (
    "node",
    "name",
    "reaches",
    "reaches_any_order",
    "half_reached_by",
    "reached_by",
    "reached_by_any_order",
)
_OVERVIEW_COUNTS = ("reaches", "reaches_any_order", "reached_by", "reached_by_any_order")
#: Which way :func:`reach` searches.
DIRECTIONS = ("forward", "backward")
Direction = Literal["forward", "backward"]
DateLike = str | int | datetime.date


def reach(
    graph: NetworkLike,
    source: str,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    direction: Direction = "forward",
    reading: Reading = "wide",
    certainty: str | None = None,
    hostile: bool = False,
) -> pd.DataFrame:
    """Who ``source`` could have reached through chains of ties in time, and when.

    Forward: the earliest day each person could have had something from ``source``, by a
    chain of ties each used no earlier than the step before (see the module's rules). Backward:
    the latest day each person could have started a chain that still reached ``source``.

    An undated tie (no start, no end) is active wherever both its people are present (the time
    rules), so it can be used on any of those days; a person with no dated evidence at all is
    never present, so is never reached and cannot start a chain.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    source : str
        The person, by id, name or alias.
    start, end : str, int or datetime.date, optional
        Use ties only on days from the first day of ``start`` to the last day of ``end``
        (default: open). Forward, the chain starts on ``start`` (or the source's first day);
        backward, it must reach ``source`` by ``end`` (or the source's last day).
    direction : {"forward", "backward"}
        Who ``source`` could reach, or who could reach ``source``.
    reading : {"wide", "narrow"}
        Use ties on the days they may have held, or only on those they surely held.
    certainty : {"certain", "probable", "possible", "alleged"}, optional
        Use only ties at least this sure (default: all).
    hostile : bool
        Also walk hostile ties (sign -1).

    Returns
    -------
    pandas.DataFrame
        One row per person reached, ``source`` first, then by ``arrival`` (earliest first
        forward, latest first backward), then in node order: ``node``, ``name``,
        ``arrival`` (ISO date: forward, the earliest day the person could have been
        reached; backward, the latest day a chain could leave the person and still reach
        ``source``; blank when open), ``steps`` (ties in the chain reported: one of the
        earliest chains, not always the shortest of them), ``via`` (the previous person of
        that chain forward, the next one backward; blank for ``source``), ``ties`` (the
        chain's tie ids from ``source``'s side, joined by ``"; "``) and ``uncertain``
        (True where a step uses a tie that is not certain, carries a date marked ``?``,
        ``~`` or ``%``, or, read widely, is used on a day it may not have held).

    Raises
    ------
    UnknownName, AmbiguousName
        ``source`` names no one, or several people.
    NotFound
        ``source`` is not in the selection, or not present in the period.
    ArgumentError
        A date that is not one, a period that ends before it starts, or an option with an
        unknown value.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", id="t1", relation="ally", start="1905", end="1910")
    >>> G.add_edge("b", "c", id="t2", relation="ally", start="1908-03-01", end="1920")
    >>> G.add_edge("c", "d", id="t3", relation="ally", start="1900", end="1907")
    >>> reach(G, "a", start="1906")[["node", "arrival", "steps", "via", "ties"]].values.tolist()
    [['a', '1906-01-01', 0, '', ''], ['b', '1906-01-01', 1, 'a', 't1'], ['c', '1908-03-01', 2, 'b', 't1; t2']]

    ``d`` is tied to ``c`` only before ``c`` could know anything: not reached.
    """
    if direction not in DIRECTIONS:
        raise ArgumentError(f'"{direction}" is not a direction: use forward or backward')
    check_reading(reading)
    arrivals = _search(graph, source, start, end, direction, reading, certainty, hostile)
    return arrivals.table


def chain_in_time(
    graph: NetworkLike,
    a: str,
    b: str,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    reading: Reading = "wide",
    certainty: str | None = None,
    hostile: bool = False,
) -> pd.DataFrame:
    """The earliest chain in time from ``a`` to ``b``, step by step, with each tie's dates and citation.

    The chain is the one :func:`reach` reports for ``b`` (forward from ``a``); the options
    are those of :func:`reach`.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step`` (1, 2, ...), ``day`` (the earliest day the step could be
        taken, ISO), ``from`` and ``to`` (names), ``relation``, ``start``, ``end``,
        ``certainty``, ``citation`` and ``tie`` (the tie's id).

    Raises
    ------
    NotFound
        ``b`` is ``a``, or no chain in time leads from ``a`` to ``b``; and as :func:`reach`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", id="t1", relation="ally", start="1905", citation="Doc 1")
    >>> G.add_edge("b", "c", id="t2", relation="ally", start="1908", end="1920", citation="Doc 2")
    >>> chain_in_time(G, "a", "c")[["step", "day", "from", "to", "citation", "tie"]]
       step         day from to citation tie
    0     1  1905-01-01    a  b    Doc 1  t1
    1     2  1908-01-01    b  c    Doc 2  t2
    """
    check_reading(reading)
    found = _search(graph, a, start, end, "forward", reading, certainty, hostile)
    tables = selection_of(graph).tables
    nodes, name = tables.nodes, tables.nodes["name"]
    first, target = found.origin, int(nodes.index.get_indexer(id_index([resolve(b, nodes)]))[0])
    if target == first:
        raise NotFound(
            f"{name.iloc[first]} ({nodes.index[first]}) is both ends of the chain: give two different people"
        )
    if found.rows[target] < 0:
        raise NotFound(
            f"no chain in time leads from {name.iloc[first]} ({nodes.index[first]}) to {name.iloc[target]} "
            f"({nodes.index[target]}){found.period} ({found.label})"
        )
    chain = [target]
    while found.previous[chain[-1]] != first:
        chain.append(int(found.previous[chain[-1]]))
    chain.reverse()
    people = np.array([first, *chain])
    steps = tables.edges.iloc[found.rows[chain]]
    return pd.DataFrame(
        {
            "step": np.arange(1, len(chain) + 1),
            "day": format_days(found.arrival[chain]),
            "from": name.to_numpy()[people[:-1]],
            "to": name.to_numpy()[people[1:]],
            "relation": steps["relation"].to_numpy(),
            **{
                column: steps[column].to_numpy() if column in steps else np.full(len(steps), "", object)
                for column in ("start", "end", "certainty", "citation")
            },
            "tie": steps.index.to_numpy(),
        }
    )


def reach_overview(
    graph: NetworkLike, people: list[str], *, reading: Reading = "wide", hostile: bool = False
) -> pd.DataFrame:
    """How far each of ``people`` could have reached through ties in time, against ties in any order.

    For each person, over their whole span: how many others they could have reached by chains
    in time (:func:`reach` forward from their first day), how many the same ties link them to
    when their order in time is ignored, the day by which half of those they could reach in
    time were reached, and the same two counts backward (who could have reached them by their
    last day). The gap between the counts in time and in any order is the chains that exist
    only when a later tie is walked before an earlier one.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    people : list of str
        Node ids.
    reading : {"wide", "narrow"}
        As :func:`reach`.
    hostile : bool
        As :func:`reach`.

    Returns
    -------
    pandas.DataFrame
        One row per person, in the order given: ``node``, ``name``, ``reaches``,
        ``reaches_any_order``, ``half_reached_by`` (ISO date; blank when open: a person
        without a first day reaches people from the start of time), ``reached_by`` and
        ``reached_by_any_order``. A person with no dated evidence starts no chain in time:
        their counts in time and their date are blank (``<NA>``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", id="t1", relation="ally", start="1905", end="1910")
    >>> G.add_edge("b", "c", id="t2", relation="ally", start="1908-03-01", end="1920")
    >>> G.add_edge("c", "d", id="t3", relation="ally", start="1900", end="1907")
    >>> reach_overview(G, ["a", "d"])[["node", "reaches", "reaches_any_order", "half_reached_by"]]
      node  reaches  reaches_any_order half_reached_by
    0    a        2                  3      1905-01-01
    1    d        3                  3      1908-03-01

    ``a`` cannot reach ``d``: ``c`` and ``d`` parted in 1907. ``d`` reaches ``c`` in 1900, and
    through ``c`` both ``b`` and ``a`` on 1908-03-01.
    """
    check_reading(reading)
    selection = selection_of(graph)
    node_lo, node_hi, edge_lo, edge_hi = spans(selection.tables, reading)
    arcs = _arcs(selection, node_lo, node_hi, edge_lo, edge_hi, hostile, OPEN_START, OPEN_END)
    return overview_of(selection.tables.nodes, (node_lo, node_hi), arcs[:4], people)


def overview_of(
    nodes: pd.DataFrame,
    presence: tuple[np.ndarray, np.ndarray],
    arcs: tuple[np.ndarray, ...],
    people: list[str],
) -> pd.DataFrame:
    """The table of :func:`reach_overview`: ``presence`` the first and last day of each node of
    ``nodes``, ``arcs`` the ways the ties can be walked (tail, head, first and last day, by node
    position; in any order)."""
    node_lo, node_hi = presence
    tail, head, lo, hi = arcs
    n = len(nodes)
    forward_arcs = _ArcsByTail.of(n, tail, head, lo, hi)
    backward_arcs = _ArcsByTail.of(n, head, tail, _negated(hi), _negated(lo))
    linked = sparse.csr_array((np.ones(len(tail), np.int8), (tail, head)), shape=(n, n))
    rows = []
    for at in nodes.index.get_indexer(id_index(people)).tolist():
        row: dict[str, object] = {
            "node": nodes.index[at],
            "name": nodes["name"].iloc[at],
            "reaches": pd.NA,
            "reaches_any_order": _reached(linked, at),
            "half_reached_by": "",
            "reached_by": pd.NA,
            "reached_by_any_order": _reached(linked.T, at),
        }
        if node_lo[at] <= node_hi[at]:  # dated: chains in time start and end with them
            forward = _arrivals(forward_arcs, at, int(node_lo[at]))
            days = np.sort(forward[forward != OPEN_END])[1:]  # the person themself arrives first
            row["reaches"] = len(days)
            half = days[(len(days) - 1) // 2] if len(days) else OPEN_START  # half were reached by then
            row["half_reached_by"] = "" if half == OPEN_START else format_days([half])[0]
            row["reached_by"] = int((_arrivals(backward_arcs, at, -int(node_hi[at])) != OPEN_END).sum()) - 1
        rows.append(row)
    counts = {column: "Int64" for column in _OVERVIEW_COUNTS}
    return pd.DataFrame(rows, columns=list(_OVERVIEW)).astype(counts)


def _reached(arcs: sparse.csr_array, origin: int) -> int:
    """How many nodes the arcs lead to from ``origin``, in any order."""
    return len(csgraph.breadth_first_order(arcs, origin, return_predecessors=False)) - 1


@dataclass(frozen=True)
class _Found:
    """What a search found: the table, the period in words, the selection's label, and by node
    position the origin, each node's arrival, previous node and the row of its last tie (-1)."""

    table: pd.DataFrame
    period: str
    label: str
    origin: int
    arrival: np.ndarray
    previous: np.ndarray
    rows: np.ndarray


def _search(
    graph: NetworkLike,
    source: str,
    start: DateLike | None,
    end: DateLike | None,
    direction: str,
    reading: Reading,
    certainty: str | None,
    hostile: bool,
) -> _Found:
    """Run the search (see :func:`reach`)."""
    first_text, last_text, first, last = period_days(start, end)
    period = f" from {first_text}" * bool(first_text) + f" to {last_text}" * bool(last_text)
    selection = selection_of(select(graph, certainty=certainty) if certainty else graph)
    tables = selection.tables
    nodes = tables.nodes
    origin = resolve(source, nodes)
    name = nodes["name"]
    at = int(nodes.index.get_indexer(id_index([origin]))[0])
    if not selection.node_mask[at]:
        raise NotFound(f"{name[origin]} ({origin}) is not in the selection ({selection.label})")
    node_lo, node_hi, edge_lo, edge_hi = spans(tables, reading)
    if node_lo[at] > node_hi[at]:
        raise NotFound(
            f"{name[origin]} ({origin}) is undated: no dated evidence places them in time, "
            "so no chain in time starts from them"
        )
    begin, finish = max(first, int(node_lo[at])), min(last, int(node_hi[at]))
    if begin > finish:
        raise NotFound(f"{name[origin]} ({origin}) is not present{period or ' on any day'}")
    tail, head, lo, hi, row = _arcs(selection, node_lo, node_hi, edge_lo, edge_hi, hostile, first, last)
    if direction == "backward":  # the mirror image: arcs reversed, days negated
        tail, head, lo, hi = head, tail, _negated(hi), _negated(lo)
        begin = _negated(np.array([finish]))[0]
    arrival, previous, arc, settled = _earliest(len(nodes), tail, head, lo, hi, row, at, begin)
    if direction == "backward":
        arrival = _negated(arrival)
    table = _table(selection, reading, arrival, previous, arc, settled, direction)
    return _Found(table, period, selection.label, at, arrival, previous, arc)


def _arcs(
    selection: Network,
    node_lo: np.ndarray,
    node_hi: np.ndarray,
    edge_lo: np.ndarray,
    edge_hi: np.ndarray,
    hostile: bool,
    first: int,
    last: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ways a tie can be walked: tail, head, first and last day, and the tie's row."""
    tables = selection.tables
    ends = endpoint_positions(tables)
    rows = graph_order(selection)  # arcs in the network's order: the chains found do not depend on the file
    days = (node_lo, node_hi, edge_lo, edge_hi)
    return walkable_arcs(tables.edges, ends, rows, selection.node_mask, days, hostile, first, last)


def walkable_arcs(
    edges: pd.DataFrame,
    ends: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
    node_mask: np.ndarray,
    days: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    hostile: bool,
    first: int,
    last: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ways the ties ``rows`` of ``edges`` can be walked between the nodes of ``node_mask``
    within ``first`` to ``last``: tail, head, first and last day, and the tie's row. ``ends`` are
    the ties' source and target positions, ``days`` each node's first and last day and each tie's."""
    source, target = ends
    node_lo, node_hi, edge_lo, edge_hi = days
    keep = (source[rows] != target[rows]) & node_mask[source[rows]] & node_mask[target[rows]]
    if not hostile:
        keep &= ~hostile_ties(edges)[rows]
    ways = tie_ways(edges)
    keep &= ways[rows] > 0
    rows = rows[keep]
    s, t = source[rows], target[rows]
    lo = np.maximum.reduce([edge_lo[rows], node_lo[s], node_lo[t], np.full(len(rows), first)])
    hi = np.minimum.reduce([edge_hi[rows], node_hi[s], node_hi[t], np.full(len(rows), last)])
    held = lo <= hi
    rows, s, t, lo, hi = rows[held], s[held], t[held], lo[held], hi[held]
    both = ways[rows] == 2
    return (
        np.concatenate([s, t[both]]),
        np.concatenate([t, s[both]]),
        np.concatenate([lo, lo[both]]),
        np.concatenate([hi, hi[both]]),
        np.concatenate([rows, rows[both]]),
    )


def tie_ways(edges: pd.DataFrame) -> np.ndarray:
    """How each tie of an edge table carries a chain: 2 both ways (an undirected relation), 1 from
    source to target (a directed relation that declares a flow), 0 not at all (one that does not).

    >>> import netpipe
    >>> from netpipe.model.network import selection_of
    >>> edges = selection_of(netpipe.load("tests/data/valid")).tables.edges
    >>> dict(zip(edges["relation"], tie_ways(edges).tolist()))
    {'ally': 2, 'arrested-by': 0, 'rival': 2, 'deputy-of': 1}
    """
    directed = edges["directed"].to_numpy(dtype=bool)
    return np.where(~directed, 2, np.where(edges["flow"].to_numpy(dtype=bool), 1, 0))


def hostile_ties(edges: pd.DataFrame) -> np.ndarray:
    """Where a tie of an edge table is hostile: its sign is not 0 or more (walked only with ``hostile``)."""
    return ~(edges["sign"].to_numpy(dtype=float) >= 0)


def unsure_ties(edges: pd.DataFrame) -> np.ndarray:
    """Where a tie of an edge table makes a step of a chain uncertain on any day: it is not
    certain, or a date of it is marked ``?``, ``~`` or ``%``."""
    unsure: np.ndarray = edges["certainty"].to_numpy(dtype=object) != "certain"
    return unsure | ((edges["start_qualifier"] != "") | (edges["end_qualifier"] != "")).to_numpy()


def _negated(days: np.ndarray) -> np.ndarray:
    """Days mirrored in time, open bounds swapped."""
    days = np.asarray(days, np.int64)
    return np.where(days == OPEN_START, OPEN_END, np.where(days == OPEN_END, OPEN_START, -days))


def _earliest(
    n: int,
    tail: np.ndarray,
    head: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    row: np.ndarray,
    origin: int,
    begin: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Earliest arrival at every node from ``origin`` on day ``begin`` (Dijkstra in time).

    An arc ``tail -> head`` usable from day ``lo`` to ``hi`` takes someone who arrived at
    ``tail`` on day ``t <= hi`` to ``head`` on day ``max(t, lo)``. Arrival days only grow
    along a chain, so the first time a node leaves the heap its arrival is final. Returns the
    arrival (``OPEN_END`` where unreached), the previous node, the arc's tie row (-1) and the
    nodes reached in the order they were settled (each after its previous node).
    """
    order = np.lexsort((np.arange(len(tail)), tail))
    offsets = np.searchsorted(tail[order], np.arange(n + 1)).tolist()
    heads, los, his = head[order].tolist(), lo[order].tolist(), hi[order].tolist()
    arrival = [OPEN_END] * n
    previous, arc = [-1] * n, [-1] * n
    done = [False] * n
    settled = []
    arrival[origin] = begin
    heap = [(begin, origin)]
    while heap:
        day, node = heapq.heappop(heap)
        if done[node]:
            continue
        done[node] = True
        settled.append(node)
        for k in range(offsets[node], offsets[node + 1]):
            if day <= his[k]:
                other = heads[k]
                when = day if day > los[k] else los[k]
                if when < arrival[other]:
                    arrival[other], previous[other], arc[other] = when, node, k
                    heapq.heappush(heap, (when, other))
    rows = np.append(row[order], -1)[np.asarray(arc, np.int64)]  # arc -1: no tie
    return np.asarray(arrival, np.int64), np.asarray(previous, np.int64), rows, settled


@dataclass(frozen=True)
class _ArcsByTail:
    """Arcs grouped by tail (``offsets[v]:offsets[v + 1]`` are ``v``'s), with their heads and days."""

    offsets: np.ndarray
    head: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    @classmethod
    def of(cls, n: int, tail: np.ndarray, head: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> _ArcsByTail:
        order = np.argsort(tail, kind="stable")
        return cls(np.searchsorted(tail[order], np.arange(n + 1)), head[order], lo[order], hi[order])


def _arrivals(arcs: _ArcsByTail, origin: int, begin: int) -> np.ndarray:
    """The earliest arrival at every node from ``origin`` on day ``begin`` (``OPEN_END`` where
    unreached): the arrivals of :func:`_earliest`, without the chains, in whole-array steps.

    Each round relaxes the arcs of the nodes whose arrival improved in the round before; an
    arrival only falls, so the rounds end, at the earliest arrivals (as many rounds as the
    longest of the earliest chains has steps)."""
    arrival = np.full(len(arcs.offsets) - 1, OPEN_END, np.int64)
    arrival[origin] = begin
    improved = np.array([origin])
    while len(improved):
        first, counts = arcs.offsets[improved], np.diff(arcs.offsets)[improved]
        k = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        day = np.repeat(arrival[improved], counts)
        usable = day <= arcs.hi[k]
        k, day = k[usable], day[usable]
        when, head = np.maximum(day, arcs.lo[k]), arcs.head[k]
        sooner = when < arrival[head]
        np.minimum.at(arrival, head[sooner], when[sooner])
        improved = np.unique(head[sooner])
    return arrival


def _table(
    selection: Network,
    reading: Reading,
    arrival: np.ndarray,
    previous: np.ndarray,
    rows: np.ndarray,
    settled: list[int],
    direction: str,
) -> pd.DataFrame:
    """The result table of :func:`reach` from the search's arrays."""
    tables = selection.tables
    nodes, edges = tables.nodes, tables.edges
    reached = np.asarray(settled, np.int64)
    key = -arrival[reached] if direction == "backward" else arrival[reached]
    by_time = reached[np.lexsort((reached, key, reached != settled[0]))]
    _, _, narrow_lo, narrow_hi = spans(tables, "narrow")
    unsure = unsure_ties(edges)
    ids = edges.index.to_numpy().astype(str)
    steps = np.zeros(len(nodes), np.int64)
    uncertain = np.zeros(len(nodes), bool)
    chains = [""] * len(nodes)
    for node in settled:  # each after its previous node
        tie = int(rows[node])
        if tie < 0:
            continue
        before = int(previous[node])
        day = int(arrival[node])
        step_unsure = bool(unsure[tie]) or (reading == "wide" and not narrow_lo[tie] <= day <= narrow_hi[tie])
        steps[node] = steps[before] + 1
        uncertain[node] = uncertain[before] or step_unsure
        chains[node] = f"{chains[before]}; {ids[tie]}" if chains[before] else ids[tie]
    index = nodes.index.to_numpy()
    open_day = (arrival[by_time] == OPEN_START) | (arrival[by_time] == OPEN_END)
    days = pd.array(np.where(open_day, 0, arrival[by_time]), dtype="Int64")
    days[open_day] = pd.NA
    via = previous[by_time]
    return pd.DataFrame(
        {
            "node": index[by_time],
            "name": nodes["name"].to_numpy()[by_time],
            "arrival": format_days(pd.Series(days)),
            "steps": steps[by_time],
            "via": np.where(via >= 0, index[np.maximum(via, 0)].astype(object), ""),
            "ties": [chains[i] for i in by_time],
            "uncertain": uncertain[by_time],
        }
    )
