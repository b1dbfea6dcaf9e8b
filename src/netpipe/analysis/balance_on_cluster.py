"""Balance over time of a network whose typed ties stay on a Dask cluster: the table of
:func:`netpipe.analysis.balance.balance_over_time` of the same network in memory, each date's
snapshot made on the workers and its signed projection gathered here."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from netpipe.analysis.balance import balance_by_date
from netpipe.analysis.common import Projection, project
from netpipe.analysis.on_cluster import GATHER_LIMIT, network_on_cluster
from netpipe.io.dask_validation import ClusterTies
from netpipe.io.spans import Presence, Reading
from netpipe.model.on_cluster import ClusterSelection, selection_on_cluster, snapshot_on_cluster

__all__ = ["balance_over_time_on_cluster"]


def balance_over_time_on_cluster(
    network: ClusterTies | ClusterSelection,
    dates: Sequence[str],
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
    gather_limit: int = GATHER_LIMIT,
) -> pd.DataFrame:
    """The balance summary of a network on a cluster as of each date (see
    :func:`~netpipe.analysis.balance.balance_over_time`, whose arguments it takes): the same table.

    Raises :class:`~netpipe.io.errors.TooLarge` where a date's signed projection holds more than
    ``gather_limit`` ties.
    """
    selection = selection_on_cluster(network)

    def signed_on(date: str) -> Projection:
        snapshot = snapshot_on_cluster(selection, date, reading, certainty, presence)
        return project(network_on_cluster(snapshot, [("signed", "all")], gather_limit), "signed")

    return balance_by_date(dates, signed_on)
