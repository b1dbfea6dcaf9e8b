"""A summary of a dataset: what it holds, over which years, from which sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from netpipe.io.dates import format_days
from netpipe.io.typed_tables import Tables

__all__ = ["summarize", "summary_of", "tie_counts"]

#: The columns of the parsed bounds of a date, whose extremes make the date span.
_BOUNDS = ("start_lo", "start_hi", "end_lo", "end_hi")


def summarize(tables: Tables) -> dict[str, Any]:
    """Counts by node kind, group and relation, the date span, certainty and citations.

    Returns plain Python values (ready for JSON), keyed by section title. A count by value
    lists the most frequent first, values of equal counts in the order they first appear.
    """
    return summary_of(tables, [tie_counts(tables.edges)])


def tie_counts(edges: pd.DataFrame) -> dict[str, Any]:
    """What :func:`summary_of` reads of some ties (all of them, or a part): their counts by
    value (first seen first), the extremes of their dates, how many are undated and cited."""
    cited = edges["citation"] != "" if "citation" in edges else pd.Series(False, index=edges.index)
    return {
        "ties": len(edges),
        "ties by relation": _tally(edges["relation"]),
        "ties by certainty": _tally(edges["certainty"]),
        "extremes": _extremes(edges),
        "undated ties": int((edges["start_lo"].isna() & edges["end_lo"].isna()).sum()),
        "ties with a citation": int(cited.sum()),
        "ties by citation": _tally(edges.loc[cited, "citation"]) if "citation" in edges else {},
    }


def summary_of(tables: Tables, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The :func:`summarize` of the nodes and report of ``tables`` and of the ties whose
    :func:`tie_counts` are ``parts``, in the ties' order."""
    nodes = tables.nodes
    extremes = _extremes(nodes) + [day for part in parts for day in part["extremes"]]
    span = " to ".join(format_days([min(extremes), max(extremes)])) if extremes else "unknown"
    return {
        "nodes": len(nodes),
        "ties": sum(part["ties"] for part in parts),
        "nodes by kind": _most_first([_tally(nodes["kind"])]),
        "nodes by group": _most_first([_tally(nodes["group"])]) if "group" in nodes else {},
        "ties by relation": _most_first(part["ties by relation"] for part in parts),
        "ties by certainty": _most_first(part["ties by certainty"] for part in parts),
        "date span": span,
        "undated ties": sum(part["undated ties"] for part in parts),
        "ties with a citation": sum(part["ties with a citation"] for part in parts),
        "ties by citation": _most_first(part["ties by citation"] for part in parts),
        "warnings": len(tables.report.warnings),
    }


def _extremes(table: pd.DataFrame) -> list[int]:
    """The earliest and latest day of each bound of the dates of a table (none where all are blank)."""
    return [
        int(day)
        for column in _BOUNDS
        for day in (table[column].min(), table[column].max())
        if not pd.isna(day)
    ]


def _tally(values: pd.Series) -> dict[str, int]:
    """Counts of each value, in the order the values first appear; a blank value shows as ``(blank)``."""
    counts = values.replace("", "(blank)").value_counts(sort=False)
    return {str(k): int(v) for k, v in counts.items()}


def _most_first(tallies: Iterable[dict[str, int]]) -> dict[str, int]:
    """The sums of tallies (in order), most frequent first; equal counts in the order they first
    appear, as ``value_counts`` orders them (a stable sort of the values in that order)."""
    total: dict[str, int] = {}
    for tally in tallies:
        for value, n in tally.items():
            total[value] = total.get(value, 0) + n
    return dict(sorted(total.items(), key=lambda item: -item[1]))
