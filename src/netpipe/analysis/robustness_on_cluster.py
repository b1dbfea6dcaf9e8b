"""How far the rankings hold on a network whose typed ties stay on a Dask cluster: the scenarios of
:func:`netpipe.analysis.robustness.robustness` and the rival readings of
:func:`netpipe.analysis.readings.across_readings`, with the same rules. Each selection (a scenario,
a reading) is made on the workers, and its projections gathered here and measured as in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import centrality
from netpipe.analysis.on_cluster import GATHER_LIMIT, network_on_cluster
from netpipe.analysis.readings import Readings, compared_readings, measured_ranks
from netpipe.analysis.robustness import compared_scenarios
from netpipe.io.dask_validation import ClusterTies
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    gathered_rows,
    reading_on_cluster,
    select_on_cluster,
    selection_on_cluster,
    ties_held,
)

__all__ = ["readings_on_cluster", "robustness_on_cluster"]

#: The columns of a claimed tie that a reading shows.
_CLAIMED = ("claim", "source", "relation", "target", "start", "end", "citation")


def robustness_on_cluster(
    network: ClusterTies | ClusterSelection,
    measures: Sequence[str] = ("degree", "betweenness", "pagerank"),
    top: int = 10,
    *,
    gather_limit: int = GATHER_LIMIT,
    **options: Any,
) -> pd.DataFrame:
    """:func:`~netpipe.analysis.robustness.robustness` of a network on a cluster (the same table;
    ``options`` as it takes them), or :class:`~netpipe.io.errors.TooLarge` where a projection holds
    more than ``gather_limit`` ties."""
    selection = selection_on_cluster(network)

    def ranking(view: ClusterSelection) -> pd.DataFrame:
        return centrality(_standing(view, gather_limit), measures=measures, **options).table

    def scenario(weakest: str, exact_dates: bool) -> tuple[int, pd.DataFrame]:
        view = select_on_cluster(selection, certainty=weakest, exact_dates=exact_dates)
        return ties_held(view), ranking(view)

    return compared_scenarios(ranking(selection), ties_held(selection), scenario, measures, top)


def readings_on_cluster(
    network: ClusterTies | ClusterSelection,
    measures: Sequence[str] = ("degree", "betweenness"),
    top: int = 10,
    *,
    gather_limit: int = GATHER_LIMIT,
    **options: Any,
) -> Readings:
    """:func:`~netpipe.analysis.readings.across_readings` of a network on a cluster (the same
    result; ``options`` as it takes them): the claimed ties gathered here, each reading selected on
    the workers. Raises :class:`~netpipe.io.errors.TooLarge` as :func:`robustness_on_cluster` does."""
    selection = selection_on_cluster(network)

    def ranked(view: ClusterSelection) -> pd.DataFrame:
        return measured_ranks(_standing(view, gather_limit), measures, **options)

    def ranked_with(claim: str, ties: pd.Index) -> pd.DataFrame:
        return ranked(reading_on_cluster(selection, claim, list(ties)))

    claimed = gathered_rows(selection.ties, _claimed, each=[selection.edge_masks], keep_index=True)
    names = selection.ties.tables.nodes["name"][selection.node_mask]
    return compared_readings(claimed, names, ranked(selection), ranked_with, measures, top)


def _standing(view: ClusterSelection, gather_limit: int) -> Network:
    """The selection with its projections of standing ties gathered here, which the measures read."""
    return network_on_cluster(view, (("undirected", "standing"), ("directed", "standing")), gather_limit)


def _claimed(edges: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The ties of a part in ``mask`` with a claim, by id, with the columns a reading shows."""
    claimed = mask & (edges["claim"] != "").to_numpy() if "claim" in edges else np.zeros(len(edges), bool)
    return edges.loc[claimed, [c for c in _CLAIMED if c in edges]]
