"""How far people could have reached in time in a network whose typed ties stay on a Dask cluster:
:func:`netpipe.analysis.reach.reach_overview`, with the same rules. Each worker finds the ways its
parts' ties can be walked (four integers a way); they are gathered here, while they fit, and
followed as in memory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netpipe.analysis.on_cluster import GATHER_LIMIT
from netpipe.analysis.reach import overview_of, walkable_arcs
from netpipe.io.dask_validation import ClusterTies
from netpipe.io.errors import TooLarge
from netpipe.io.spans import OPEN_END, OPEN_START, Reading, check_reading, tie_bounds
from netpipe.io.worker_copies import beside
from netpipe.model.on_cluster import ClusterSelection, presence_on_cluster, selection_on_cluster, tie_ends

__all__ = ["reach_overview_on_cluster"]


def reach_overview_on_cluster(
    network: ClusterTies | ClusterSelection,
    people: list[str],
    *,
    reading: Reading = "wide",
    hostile: bool = False,
    gather_limit: int = GATHER_LIMIT,
) -> pd.DataFrame:
    """:func:`~netpipe.analysis.reach.reach_overview` of a network on a cluster (the same table).

    Raises
    ------
    TooLarge
        The ties can be walked in more than ``gather_limit`` ways (a tie of a relation without
        direction is two); none is gathered.
    """
    check_reading(reading)
    selection = selection_on_cluster(network)
    client, parts = selection.ties.client, selection.ties.parts
    presence = presence_on_cluster(selection, reading)
    sent = beside(client, (selection.node_mask, *presence), parts)
    found = client.map(
        _walkable, parts, selection.edge_masks, selection.indexes, sent, reading=reading, hostile=hostile
    )
    size = sum(client.gather(client.map(_length, found)))
    if size > gather_limit:
        raise TooLarge(f"the ties can be walked in {size:,} ways, above the gather limit ({gather_limit:,})")
    arcs = tuple(np.concatenate(columns) for columns in zip(*client.gather(found), strict=True))
    return overview_of(selection.ties.tables.nodes, presence, arcs, people)


def _walkable(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    nodes: tuple[np.ndarray, np.ndarray, np.ndarray],
    reading: Reading,
    hostile: bool,
) -> tuple[np.ndarray, ...]:
    """The ways the ties of a part in ``mask`` can be walked: tail, head, first and last day."""
    node_mask, node_lo, node_hi = nodes
    days = (node_lo, node_hi, *tie_bounds(edges, reading))
    arcs = walkable_arcs(
        edges, tie_ends(edges, index), np.flatnonzero(mask), node_mask, days, hostile, OPEN_START, OPEN_END
    )
    return arcs[:4]


def _length(arcs: tuple[np.ndarray, ...]) -> int:
    """How many ways."""
    return len(arcs[0])
