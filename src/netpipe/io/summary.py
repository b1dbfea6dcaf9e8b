"""A summary of a dataset: what it holds, over which years, from which sources."""

from __future__ import annotations

from typing import Any

import pandas as pd

from netpipe.io.dates import format_days
from netpipe.io.typed_tables import Tables

__all__ = ["summarize"]


def summarize(tables: Tables) -> dict[str, Any]:
    """Counts by node kind, group and relation, the date span, certainty and citations.

    Returns plain Python values (ready for JSON), keyed by section title.
    """
    nodes, edges = tables.nodes, tables.edges
    bounds = [
        table[column] for table in (nodes, edges) for column in ("start_lo", "start_hi", "end_lo", "end_hi")
    ]
    extremes = [day for days in bounds for day in (days.min(), days.max()) if not pd.isna(day)]
    cited = edges["citation"] != "" if "citation" in edges else pd.Series(False, index=edges.index)
    undated = edges["start_lo"].isna() & edges["end_lo"].isna()
    span = " to ".join(format_days([min(extremes), max(extremes)])) if extremes else "unknown"
    return {
        "nodes": len(nodes),
        "ties": len(edges),
        "nodes by kind": _counts(nodes["kind"]),
        "nodes by group": _counts(nodes["group"]) if "group" in nodes else {},
        "ties by relation": _counts(edges["relation"]),
        "ties by certainty": _counts(edges["certainty"]),
        "date span": span,
        "undated ties": int(undated.sum()),
        "ties with a citation": int(cited.sum()),
        "ties by citation": _counts(edges.loc[cited, "citation"]) if "citation" in edges else {},
        "warnings": len(tables.report.warnings),
    }


def _counts(values: pd.Series) -> dict[str, int]:
    """Counts of each value, most frequent first; a blank value shows as ``(blank)``."""
    counts = values.replace("", "(blank)").value_counts(sort=True)
    return {str(k): int(v) for k, v in counts.items()}
