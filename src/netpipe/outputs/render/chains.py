"""What the network page needs to follow chains in time by the rule of :func:`netpipe.reach`.

The page follows the chains itself (``templates/chains.js``), over the ties it draws, so that
they follow its filters and its date at once. Per drawn tie it needs what the page does not
already hold for drawing: which way the tie carries a chain, whether it is hostile, whether
it makes a step uncertain on any day, and the days it surely held (the narrow reading), from
which a step on another day is uncertain. The wide spans of people and ties are the page's
own (the time slider's). Every rule is :mod:`netpipe.analysis.reach`'s, shared, not rewritten.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from netpipe.analysis.reach import hostile_ties, tie_ways, unsure_ties
from netpipe.model.network import NetworkLike
from netpipe.model.selection import time_spans

__all__ = ["chain_rules"]


def chain_rules(part: NetworkLike, edges: pd.DataFrame) -> dict[str, list[Any]]:
    """Per drawn tie (``edges``, the page's ties in its order), as JSON-ready lists.

    Returns
    -------
    dict
        ``way`` (2 both ways, 1 from source to target, 0 not at all), ``hostile`` and
        ``unsure`` (0 or 1), ``sureLo`` and ``sureHi`` (the first and last day the tie surely
        held; None where open).

    Examples
    --------
    >>> import netpipe
    >>> from netpipe.model.network import selection_of
    >>> graph = selection_of(netpipe.load("tests/data/valid"))
    >>> rules = chain_rules(graph, graph.tables.edges)
    >>> rules["way"], rules["hostile"], rules["unsure"]
    ([2, 0, 2, 1], [0, 1, 1, 0], [0, 0, 1, 1])
    """
    _, narrow = time_spans(part, "narrow")
    narrow = narrow.loc[edges.index]
    return {
        "way": tie_ways(edges).tolist(),
        "hostile": hostile_ties(edges).astype(int).tolist(),
        "unsure": unsure_ties(edges).astype(int).tolist(),
        "sureLo": _days(narrow["lo"]),
        "sureHi": _days(narrow["hi"]),
    }


def _days(values: pd.Series) -> list[int | None]:
    """Day numbers, None for an open end (NaN)."""
    return [None if pd.isna(value) else int(value) for value in values.tolist()]
