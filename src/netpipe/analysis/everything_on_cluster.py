"""Every analysis of a network whose typed ties stay on a Dask cluster: the results of
:func:`netpipe.analysis.everything.analyse` on the same network in memory.

The analyses that read the network's projections (centrality, communities, brokerage, brokerage
roles, balance, robustness and the rival readings) read them gathered here, each while it holds at
most ``gather_limit`` ties (see :data:`netpipe.analysis.on_cluster.GATHER_LIMIT`); the analyses
over time read each date's snapshot, made on the workers; reach in time follows the ways the ties
can be walked, found on the workers and gathered while there are at most ``gather_limit``. Turnover
and the durations of ties are counted part by part on the workers (see
:mod:`netpipe.analysis.turnover_on_cluster`). Above the limit, centrality keeps the degrees and
PageRank computed on the workers, and the other analyses of that projection are skipped (and reach
in time, above the limit of its ways): each result not computed is named in
:attr:`~netpipe.analysis.everything.Analyses.skipped`, with why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import numpy as np
import pandas as pd

from netpipe.analysis.balance import balance, balance_by_date, frustrating_pairs
from netpipe.analysis.brokerage import bridge_pairs, brokerage
from netpipe.analysis.centrality import Centrality, centrality, measured_over_dates
from netpipe.analysis.common import Kind, Layer, Projection, project
from netpipe.analysis.communities import Communities, CommunityGroups, communities, community_groups
from netpipe.analysis.everything import LARGE_SAMPLE, Analyses, followed, reach_people
from netpipe.analysis.on_cluster import (
    GATHER_LIMIT,
    centrality_on_cluster,
    described_on_cluster,
    network_on_cluster,
    project_on_cluster,
)
from netpipe.analysis.over_time import rises_and_falls
from netpipe.analysis.reach_on_cluster import reach_overview_on_cluster
from netpipe.analysis.readings import Readings
from netpipe.analysis.robustness_on_cluster import readings_on_cluster, robustness_on_cluster
from netpipe.analysis.roles import brokerage_roles
from netpipe.analysis.turnover_on_cluster import tied_durations_on_cluster, turnover_on_cluster
from netpipe.io.dask_validation import ClusterTies
from netpipe.io.errors import TooLarge
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    selection_on_cluster,
    snapshot_on_cluster,
    timeline_on_cluster,
)

__all__ = ["analyse_on_cluster"]

T = TypeVar("T")


def analyse_on_cluster(
    network: ClusterTies | ClusterSelection,
    dates: list[str] | None = None,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
    ready: Callable[[pd.DataFrame], None] | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    gather_limit: int = GATHER_LIMIT,
) -> Analyses:
    """Run every analysis of a network on a cluster (see the module).

    Parameters
    ----------
    network : ClusterTies or ClusterSelection
        The network read on the cluster (:func:`netpipe.read_on_cluster`), or a selection of it
        (:mod:`netpipe.model.on_cluster`).
    dates, seed, progress, ready, start, end
        As :func:`~netpipe.analysis.everything.analyse` takes them.
    gather_limit : int
        The most ties of a projection gathered here (see
        :func:`~netpipe.analysis.on_cluster.centrality_on_cluster`).

    Returns
    -------
    Analyses
        Each result equal to that of :func:`~netpipe.analysis.everything.analyse` on the same
        network in memory (PageRank computed on the workers within 1e-9), but those named in
        ``skipped``, which are empty.
    """
    selection = selection_on_cluster(network)
    skipped: dict[str, str] = {}

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    def unless_too_large(results: list[str], make: Callable[[], T], instead: T) -> T:
        """What ``make`` makes, or ``instead`` (``results`` skipped, and why) above the limit."""
        try:
            return make()
        except TooLarge as error:
            skipped.update(dict.fromkeys(results, f"Not computed: {error}."))
            return instead

    def gathered(results: list[str], *projections: tuple[Kind, Layer]) -> Network | None:
        """The network holding ``projections``, or None above the limit."""
        made = partial(network_on_cluster, selection, projections, gather_limit)
        return unless_too_large(results, made, None)

    dates = followed(partial(timeline_on_cluster, selection), dates, start, end)
    step("centrality")
    standing = gathered(["brokerage-roles"], ("undirected", "standing"), ("directed", "standing"))
    sampled = LARGE_SAMPLE["whole"]
    measures = (
        centrality_on_cluster(selection, gather_limit=gather_limit, seed=seed, large_sample=sampled)
        if standing is None
        else centrality(standing, seed=seed, large_sample=sampled)
    )
    if ready is not None:
        ready(measures.table)
    step("communities")
    undirected = gathered(["communities", "community-groups", "brokerage", "bridges"], ("undirected", "all"))
    found = _no_communities(seed) if undirected is None else communities(undirected, seed=seed)
    step("brokerage")
    grouped = "group" in selection.ties.tables.nodes.columns
    roles = pd.DataFrame(columns=["node", "name", "group", "total"])
    if standing is not None and grouped:
        roles = brokerage_roles(standing)
    step("signed balance")
    signed = gathered(["balance", "balance-over-time", "frustrating-ties"], ("signed", "all"))
    step("centrality over time")
    over_time, balance_series = _over_time(selection, dates, seed, gather_limit, signed is not None)
    step("reach in time")
    reach_table = unless_too_large(
        ["reach-in-time"],
        partial(
            reach_overview_on_cluster,
            selection,
            reach_people(measures.table, selection.ties.tables.nodes),
            gather_limit=gather_limit,
        ),
        pd.DataFrame(),
    )
    step("turnover")
    changes = turnover_on_cluster(selection, start=start, end=end)
    durations = tied_durations_on_cluster(selection, reading="narrow")  # how long pairs were surely tied
    step("robustness")
    sampled = LARGE_SAMPLE["robustness"]
    robust_table = unless_too_large(
        ["robustness"],
        partial(robustness_on_cluster, selection, seed=seed, large_sample=sampled, gather_limit=gather_limit),
        pd.DataFrame(),
    )
    readings = unless_too_large(
        ["robustness-readings", "robustness-reading-ranges"],
        partial(readings_on_cluster, selection, seed=seed, large_sample=sampled, gather_limit=gather_limit),
        Readings(pd.DataFrame(), pd.DataFrame(), []),
    )
    return Analyses(
        dates=dates,
        centrality=measures.table,
        over_time=over_time.table,
        rises_and_falls=rises_and_falls(over_time.table, "degree", top=5),
        communities=found,
        community_groups=(
            CommunityGroups(pd.DataFrame(), np.nan, np.nan)
            if undirected is None
            else community_groups(undirected, found.table)
        ),
        brokerage=pd.DataFrame() if undirected is None else brokerage(undirected),
        bridges=pd.DataFrame()
        if undirected is None
        else described_on_cluster(selection, bridge_pairs(undirected)),
        roles=roles,
        balance=pd.DataFrame() if signed is None else balance(signed),
        balance_over_time=balance_series,
        frustrating_ties=(
            pd.DataFrame()
            if signed is None
            else described_on_cluster(selection, frustrating_pairs(signed), signed_only=True)
        ),
        robustness=robust_table,
        readings=readings.alternatives,
        reading_ranges=readings.ranges,
        reach_in_time=reach_table,
        turnover=changes,
        tied_durations=durations,
        notes=[*measures.notes, *over_time.notes, *readings.notes],
        skipped=skipped,
    )


def _no_communities(seed: int) -> Communities:
    """The communities of a network whose projection was not gathered: none found."""
    return Communities(
        pd.DataFrame(columns=["node", "name", "group", "community"]), np.nan, seed, 1.0, "leiden"
    )


def _over_time(
    selection: ClusterSelection, dates: list[str], seed: int, gather_limit: int, balanced: bool
) -> tuple[Centrality, pd.DataFrame]:
    """Centrality at each date as :func:`~netpipe.analysis.over_time.centrality_over_time` measures
    it, and, if ``balanced``, the balance at each date (else an empty table): each date's snapshot
    made once on the workers, and its ties sent once to the buckets for every projection read."""
    measures, sampled = ("degree", "betweenness", "pagerank"), LARGE_SAMPLE["timeline"]
    read: list[tuple[Kind, Layer]] = [("undirected", "standing"), ("directed", "standing")]
    if balanced:
        read.append(("signed", "all"))
    signed_on: dict[str, Projection] = {}

    def measured_at(date: str) -> Centrality:
        snapshot = snapshot_on_cluster(selection, date)
        try:
            made = network_on_cluster(snapshot, read, gather_limit)
        except TooLarge:  # the degrees and PageRank on the workers
            if balanced:
                signed_on[date] = project_on_cluster(snapshot, "signed")
            return centrality_on_cluster(
                snapshot, measures=measures, gather_limit=gather_limit, seed=seed, large_sample=sampled
            )
        if balanced:
            signed_on[date] = project(made, "signed")
        return centrality(made, measures=measures, seed=seed, large_sample=sampled)

    over_time = measured_over_dates(dates, measured_at, measures)
    return over_time, balance_by_date(dates, signed_on.__getitem__) if balanced else pd.DataFrame()
