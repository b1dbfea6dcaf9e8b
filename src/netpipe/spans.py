"""The time rules: when each node is present and each tie active, in days since 1970-01-01.

A node is present from its declared ``start``, or without one from its first attestation
(the earliest day any date written on its ties can name), until its declared ``end``, or
without one its last attestation (the latest such day). Declared dates always win. A node
with neither is always present (``presence="always"`` reads every node that way, as
netpipe did before). A ``state`` tie lasts from its start to its end, or without an end for
as long as both its people are present; an ``event`` tie without an end lasts only the
span of its start date. A tie is active only while both its people are present, so an
undated tie is active wherever both its ends are.

``reading="wide"`` keeps what may have held: ``1932`` as a start means from 1932-01-01,
as an end through 1932-12-31. ``reading="narrow"`` keeps only what surely held: a start of
``1932`` means from 1932-12-31, an end of ``1932`` through 1932-01-01, and a tie whose
dates carry a qualifier (``?``, ``~``, ``%``) never surely held. Attestations are read
widely in both readings.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from netpipe.errors import ArgumentError
from netpipe.tables import Tables

__all__ = [
    "OPEN_END",
    "OPEN_START",
    "PRESENCES",
    "READINGS",
    "Presence",
    "Reading",
    "attested",
    "check_reading",
    "days_or",
    "presence_table",
    "spans",
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
    """Raise :class:`~netpipe.errors.ArgumentError` for an unknown reading or presence."""
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
        from netpipe.selection import endpoint_positions

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

    An open bound is ``OPEN_START`` or ``OPEN_END``; ``lo > hi`` means never.
    """
    check_reading(reading, presence)
    key = f"spans-{reading}-{presence}"
    if key not in tables.cache:
        nodes, edges = tables.nodes, tables.edges
        wide = reading == "wide"
        first = np.full(len(nodes), OPEN_START, np.int64)
        last = np.full(len(nodes), OPEN_END, np.int64)
        if presence == "attested":
            seen_first, seen_last = attested(tables)
            first = np.where(seen_first == OPEN_END, OPEN_START, seen_first)
            last = np.where(seen_last == OPEN_START, OPEN_END, seen_last)
        node_lo = days_or(nodes["start_lo" if wide else "start_hi"], OPEN_START)
        node_lo = np.where(nodes["start_lo"].isna().to_numpy(), first, node_lo)
        node_hi = days_or(nodes["end_hi" if wide else "end_lo"], OPEN_END)
        node_hi = np.where(nodes["end_lo"].isna().to_numpy(), last, node_hi)
        edge_lo = days_or(edges["start_lo" if wide else "start_hi"], OPEN_START)
        event_end = edges["start_hi" if wide else "start_lo"].where((edges["kind"] == "event").to_numpy())
        edge_hi = days_or(edges["end_hi" if wide else "end_lo"].fillna(event_end), OPEN_END)
        if not wide:
            qualified = ((edges["start_qualifier"] != "") | (edges["end_qualifier"] != "")).to_numpy()
            edge_lo = np.where(qualified, OPEN_END, edge_lo)
            edge_hi = np.where(qualified, OPEN_START, edge_hi)
        tables.cache[key] = (node_lo, node_hi, edge_lo, edge_hi)
    return tables.cache[key]


def presence_table(tables: Tables) -> pd.DataFrame:
    """How each node's presence is bounded (see :func:`netpipe.selection.presence`)."""
    first, last = attested(tables)
    nodes = tables.nodes
    node_lo, node_hi, _, _ = spans(tables, "wide", "attested")
    declared_start, declared_end = nodes["start_lo"].notna(), nodes["end_lo"].notna()
    basis = np.array(["open", "attested", "declared"], dtype=object)
    start_basis = basis[np.where(declared_start, 2, np.where(first != OPEN_END, 1, 0))]
    end_basis = basis[np.where(declared_end, 2, np.where(last != OPEN_START, 1, 0))]
    return pd.DataFrame(
        {
            "name": nodes["name"],
            "kind": nodes["kind"],
            "from": _days(node_lo, OPEN_START),
            "from_basis": start_basis,
            "until": _days(node_hi, OPEN_END),
            "until_basis": end_basis,
        },
        index=nodes.index,
    )


def _days(values: np.ndarray, open_bound: int) -> pd.arrays.IntegerArray:
    """Days as ``Int64``, missing where the bound is open."""
    is_open = values == open_bound
    return pd.arrays.IntegerArray(np.where(is_open, 0, values), is_open)
