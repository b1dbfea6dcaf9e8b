"""The time rules: when each node is present and each tie active, in days since 1970-01-01.

A node is present from its declared ``start`` and until its declared ``end``; declared
dates always win. Without a declared end, a node is present until the last of its ties
ends: a closed tie at the last day written on it, an open ``state`` tie (a start, no end)
for as long as its other person stays, so until that person leaves or declares an end.
The node ends and its open ties' ends are one fixed point: the latest ends that agree with
each other, so where nothing bounds them (two people with no declared end joined by an open
tie) they stay open. Starts are the same, mirrored: without a declared start, a node is
present from the first of its ties, a tie with an end and no start beginning where its
later person arrives. A node with no dated evidence at all (no date of its own, no dated
tie) is *undated*: it is in no snapshot. ``presence="always"`` reads every bound a node
does not declare as open, as netpipe did before. A ``state`` tie lasts from its start to
its end, or without an end for as long as both its people are present; an ``event`` tie
without an end lasts only the span of its start date. A tie is active only while both its
people are present, so an undated tie is active wherever both its ends are.

``reading="wide"`` keeps what may have held: ``1932`` as a start means from 1932-01-01,
as an end through 1932-12-31. ``reading="narrow"`` keeps only what surely held: a start of
``1932`` means from 1932-12-31, an end of ``1932`` through 1932-01-01, and a tie whose
dates carry a qualifier (``?``, ``~``, ``%``) never surely held (nor carries its people
on). The days written on ties attest their people in both readings, read widely.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from netpipe.io.errors import ArgumentError
from netpipe.io.typed_tables import Tables, endpoint_positions

__all__ = [
    "OPEN_END",
    "OPEN_START",
    "PRESENCES",
    "READINGS",
    "Evidence",
    "OpenTies",
    "Presence",
    "Reading",
    "attested",
    "check_reading",
    "days_or",
    "declared_bounds",
    "evidence",
    "joined_evidence",
    "open_ties",
    "presence_bounds",
    "presence_of",
    "presence_table",
    "spans",
    "tie_bounds",
]

Reading = Literal["wide", "narrow"]
Presence = Literal["attested", "always"]
#: How dates are read.
READINGS = ("wide", "narrow")
#: Where a node without declared dates is present.
PRESENCES = ("attested", "always")
#: The sentinels of an open bound, in days.
OPEN_START, OPEN_END = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)


def check_reading(reading: str, presence: str = "attested") -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` for an unknown reading or presence."""
    if reading not in READINGS:
        raise ArgumentError(f'"{reading}" is not a reading: use wide or narrow')
    if presence not in PRESENCES:
        raise ArgumentError(f'"{presence}" is not a presence: use attested or always')


def days_or(values: pd.Series, missing: int) -> np.ndarray:
    """An ``Int64`` column of days as int64, ``missing`` where it is blank."""
    return values.to_numpy(dtype=np.int64, na_value=missing)


def attested(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Each node's first and last attested day (the dates on its ties, read widely; cached).

    Open (``OPEN_END``, ``OPEN_START``) for a node with no dated tie.
    """
    if "attested" not in tables.cache:
        edges = tables.edges
        start_lo, end_lo = days_or(edges["start_lo"], OPEN_END), days_or(edges["end_lo"], OPEN_END)
        start_hi, end_hi = days_or(edges["start_hi"], OPEN_START), days_or(edges["end_hi"], OPEN_START)
        earliest, latest = np.minimum(start_lo, end_lo), np.maximum(start_hi, end_hi)
        first = np.full(len(tables.nodes), OPEN_END, np.int64)
        last = np.full(len(tables.nodes), OPEN_START, np.int64)
        for positions in endpoint_positions(tables):
            known = positions >= 0
            np.minimum.at(first, positions[known], earliest[known])
            np.maximum.at(last, positions[known], latest[known])
        tables.cache["attested"] = (first, last)
    return tables.cache["attested"]


def spans(
    tables: Tables, reading: Reading = "wide", presence: Presence = "attested"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """First and last day of each node's presence and each tie's activity (int64; cached).

    An open bound is ``OPEN_START`` or ``OPEN_END``; ``lo > hi`` means never (an undated
    node, a tie that never surely held).
    """
    check_reading(reading, presence)
    key = f"spans-{reading}-{presence}"
    if key not in tables.cache:
        node_lo, node_hi = declared_bounds(tables.nodes, reading)
        edge_lo, edge_hi = tie_bounds(tables.edges, reading)
        if presence == "attested":
            ends = endpoint_positions(tables)
            ties = open_ties(tables.edges, *ends, edge_lo, edge_hi)
            node_lo, node_hi = presence_bounds(tables.nodes, attested(tables), node_lo, node_hi, ties)
        tables.cache[key] = (node_lo, node_hi, edge_lo, edge_hi)
    return tables.cache[key]


def declared_bounds(nodes: pd.DataFrame, reading: Reading) -> tuple[np.ndarray, np.ndarray]:
    """Each node's declared first and last day (open where it declares none)."""
    wide = reading == "wide"
    return (
        days_or(nodes["start_lo" if wide else "start_hi"], OPEN_START),
        days_or(nodes["end_hi" if wide else "end_lo"], OPEN_END),
    )


def tie_bounds(edges: pd.DataFrame, reading: Reading) -> tuple[np.ndarray, np.ndarray]:
    """Each tie's first and last day as written (open where it has no date; ``lo > hi`` for a tie
    that never surely held)."""
    wide = reading == "wide"
    edge_lo = days_or(edges["start_lo" if wide else "start_hi"], OPEN_START)
    event_end = edges["start_hi" if wide else "start_lo"].where((edges["kind"] == "event").to_numpy())
    edge_hi = days_or(edges["end_hi" if wide else "end_lo"].fillna(event_end), OPEN_END)
    if not wide:
        qualified = ((edges["start_qualifier"] != "") | (edges["end_qualifier"] != "")).to_numpy()
        edge_lo = np.where(qualified, OPEN_END, edge_lo)
        edge_hi = np.where(qualified, OPEN_START, edge_hi)
    return edge_lo, edge_hi


class OpenTies(NamedTuple):
    """The ties that carry their people's presence on: their ends' positions in the node table,
    and which side each leaves open (a ``state`` tie with a start and no end carries the ends of its
    people; a tie with an end and no start, their starts)."""

    source: np.ndarray
    target: np.ndarray
    open_end: np.ndarray
    open_start: np.ndarray


def open_ties(
    edges: pd.DataFrame, source: np.ndarray, target: np.ndarray, edge_lo: np.ndarray, edge_hi: np.ndarray
) -> OpenTies:
    """The open ties among ``edges`` (whose ends are at ``source`` and ``target`` in the node table,
    -1 for none, and whose days are ``edge_lo`` to ``edge_hi``)."""
    known = (source >= 0) & (target >= 0)
    has_start, has_end = edges["start_lo"].notna().to_numpy(), edges["end_lo"].notna().to_numpy()
    held = edge_lo <= edge_hi  # not a tie that never surely held (narrow reading)
    open_end = known & held & has_start & ~has_end & (edges["kind"] == "state").to_numpy()
    open_start = known & held & has_end & ~has_start
    rows = open_end | open_start
    return OpenTies(source[rows], target[rows], open_end[rows], open_start[rows])


class Evidence(NamedTuple):
    """What some of the ties (a part of a dataset) say of their people's time."""

    seen: pd.DataFrame
    """The first and last attested day of each node they date, by the node's position."""
    open: OpenTies


def evidence(tables: Tables, reading: Reading = "wide") -> Evidence:
    """What the ties of ``tables`` say of their people's time, in a ``reading``."""
    first, last = attested(tables)
    dated = np.flatnonzero((first != OPEN_END) | (last != OPEN_START))
    seen = pd.DataFrame({"first": first[dated], "last": last[dated]}, index=dated)
    edge_lo, edge_hi = tie_bounds(tables.edges, reading)
    return Evidence(seen, open_ties(tables.edges, *endpoint_positions(tables), edge_lo, edge_hi))


def joined_evidence(parts: Iterable[Evidence], nodes: int) -> tuple[tuple[np.ndarray, np.ndarray], OpenTies]:
    """The first and last attested day of each of ``nodes`` and the open ties, from the
    :func:`evidence` of each part of the ties (taken one at a time)."""
    first = np.full(nodes, OPEN_END, np.int64)
    last = np.full(nodes, OPEN_START, np.int64)
    found = [OpenTies(*(np.array([], dtype) for dtype in (np.int64, np.int64, bool, bool)))]
    for seen, ties in parts:
        np.minimum.at(first, seen.index.to_numpy(), seen["first"].to_numpy())
        np.maximum.at(last, seen.index.to_numpy(), seen["last"].to_numpy())
        found.append(ties)
    return (first, last), OpenTies(*(np.concatenate(arrays) for arrays in zip(*found, strict=True)))


def presence_bounds(
    nodes: pd.DataFrame,
    seen: tuple[np.ndarray, np.ndarray],
    node_lo: np.ndarray,
    node_hi: np.ndarray,
    ties: OpenTies,
) -> tuple[np.ndarray, np.ndarray]:
    """Each node's presence from its declared bounds (``node_lo``, ``node_hi``, open where not
    declared), its first and last attested days (``seen``) and the open ``ties``, as the module's
    rules say."""
    first, last = seen
    undeclared_end, undeclared_start = nodes["end_lo"].isna().to_numpy(), nodes["start_lo"].isna().to_numpy()
    # The latest ends that agree (iterated down from open) and the earliest starts (up from open).
    dated = last != OPEN_START  # a node with a dated tie
    ends = (ties.source[ties.open_end], ties.target[ties.open_end])
    starts = (ties.source[ties.open_start], ties.target[ties.open_start])
    hi = _iterate(node_hi, last, undeclared_end & dated, ends, np.maximum)
    lo = _iterate(node_lo, first, undeclared_start & dated, starts, np.minimum)
    undated = undeclared_start & undeclared_end & (first == OPEN_END)
    return np.where(undated, OPEN_END, lo), np.where(undated, OPEN_START, hi)


def _iterate(
    bound: np.ndarray,
    seen: np.ndarray,
    free: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray],
    widest: np.ufunc,
) -> np.ndarray:
    """One side of the fixed point: ``bound`` where a node is not ``free`` (declared, or with no
    dated tie); elsewhere the widest (``np.maximum`` for ends) of its attested ``seen`` bound
    and the bounds of its open ties (whose people are at ``ends``), each the narrower of its two
    people's bounds. Starting from open, each round can only narrow, so the rounds stop at the
    widest bounds that agree."""
    narrowest = np.minimum if widest is np.maximum else np.maximum
    current = bound.copy()
    while True:
        tie_bound = narrowest(current[ends[0]], current[ends[1]])
        proposed = seen.copy()
        widest.at(proposed, ends[0], tie_bound)
        widest.at(proposed, ends[1], tie_bound)
        following = np.where(free, proposed, bound)
        if np.array_equal(following, current):
            return current
        current = following


def presence_table(tables: Tables) -> pd.DataFrame:
    """How each node's presence is bounded (see :func:`netpipe.model.selection.presence`)."""
    node_lo, node_hi, _, _ = spans(tables, "wide", "attested")
    return presence_of(tables.nodes, attested(tables), (node_lo, node_hi))


def presence_of(
    nodes: pd.DataFrame, seen: tuple[np.ndarray, np.ndarray], bounds: tuple[np.ndarray, np.ndarray]
) -> pd.DataFrame:
    """The :func:`presence_table` of ``nodes`` from their first and last attested days (``seen``) and
    their presence's ``bounds`` in the wide reading."""
    first, last = seen
    node_lo, node_hi = bounds
    undated = node_lo > node_hi
    basis = np.array(["open", "attested", "inferred", "declared", "undated"], dtype=object)

    def bases(declared: np.ndarray, bound: np.ndarray, seen: np.ndarray, open_bound: int) -> np.ndarray:
        found = np.where(bound == open_bound, 0, np.where(bound == seen, 1, 2))
        return basis[np.where(undated, 4, np.where(declared, 3, found))]

    return pd.DataFrame(
        {
            "name": nodes["name"],
            "kind": nodes["kind"],
            "from": _days(np.where(undated, OPEN_START, node_lo), OPEN_START),
            "from_basis": bases(nodes["start_lo"].notna().to_numpy(), node_lo, first, OPEN_START),
            "until": _days(np.where(undated, OPEN_END, node_hi), OPEN_END),
            "until_basis": bases(nodes["end_lo"].notna().to_numpy(), node_hi, last, OPEN_END),
        },
        index=nodes.index,
    )


def _days(values: np.ndarray, open_bound: int) -> pd.arrays.IntegerArray:
    """Days as ``Int64``, missing where the bound is open."""
    is_open = values == open_bound
    return pd.arrays.IntegerArray(np.where(is_open, 0, values), is_open)
