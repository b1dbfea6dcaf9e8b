"""Every analysis of a network at once: the results ``netpipe run`` reports and exports."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import timeline

if TYPE_CHECKING:
    from netpipe.analysis.communities import Communities, CommunityGroups
    from netpipe.analysis.turnover import Turnover

__all__ = ["Analyses", "analyse", "auto_dates", "followed", "reach_people"]

T = TypeVar("T")

#: At most this many dates in the timeline that ``analyse`` chooses by itself.
MAX_DATES = 30
#: Sources sampled for betweenness and closeness on large networks (see netpipe.analysis.centrality),
#: for the whole network, for each date of the timeline, and for each robustness scenario.
LARGE_SAMPLE = {"whole": 256, "timeline": 32, "robustness": 64}
#: How many persons, the first by number of ties, ``reach_in_time`` follows.
REACH_PEOPLE = 5


@dataclass
class Analyses:
    """The results of :func:`analyse`, each a table or a result of the function of the same name."""

    dates: list[str]
    centrality: pd.DataFrame
    over_time: pd.DataFrame
    rises_and_falls: pd.DataFrame
    communities: Communities
    community_groups: CommunityGroups
    brokerage: pd.DataFrame
    bridges: pd.DataFrame
    roles: pd.DataFrame
    balance: pd.DataFrame
    balance_over_time: pd.DataFrame
    frustrating_ties: pd.DataFrame
    robustness: pd.DataFrame
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Each rival reading of each claim, and who changes place with it (see ``across_readings``)."""
    reading_ranges: pd.DataFrame = field(default_factory=pd.DataFrame)
    reach_in_time: pd.DataFrame = field(default_factory=pd.DataFrame)
    """How far the first persons by number of ties could reach in time (see ``reach_overview``)."""
    turnover: Turnover | None = None
    """Ties formed and dissolved in each period (see ``netpipe.analysis.turnover``)."""
    tied_durations: pd.DataFrame = field(default_factory=pd.DataFrame)
    """How long each pair was surely tied (read narrowly)."""
    notes: list[str] = field(default_factory=list)
    """What the reader should know about the measures (sampling, disconnection, ...)."""
    skipped: dict[str, str] = field(default_factory=dict)
    """The result tables not computed, by file name (see :meth:`tables`), each with why (a sentence):
    their fields hold empty results."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The result tables by file name, as ``netpipe run`` writes them (those computed)."""
        every = {
            "centrality": self.centrality.reset_index(names="node"),
            "centrality-over-time": self.over_time,
            "rises-and-falls": self.rises_and_falls,
            "communities": self.communities.table,
            "community-groups": self.community_groups.table.reset_index(),
            "brokerage": self.brokerage,
            "bridges": self.bridges,
            "brokerage-roles": self.roles,
            "balance": self.balance,
            "balance-over-time": self.balance_over_time,
            "frustrating-ties": self.frustrating_ties,
            "robustness": self.robustness,
            "robustness-readings": self.readings,
            "robustness-reading-ranges": self.reading_ranges,
            "reach-in-time": self.reach_in_time,
            **(
                {
                    "turnover": self.turnover.table,
                    "turnover-totals": self.turnover.totals,
                    "turnover-ties": self.turnover.ties,
                    "tied-durations": self.tied_durations,
                }
                if self.turnover is not None
                else {}
            ),
        }
        return {name: table for name, table in every.items() if name not in self.skipped}


def auto_dates(
    graph: NetworkLike, max_dates: int = MAX_DATES, start: str | None = None, end: str | None = None
) -> list[str]:
    """At most ``max_dates`` of the days on which the network changes, most where it changes
    most, within ``start`` to ``end`` if given (see :func:`netpipe.model.selection.timeline`).

    >>> import netpipe
    >>> auto_dates(netpipe.load("tests/data/valid"), max_dates=5)
    ['1907', '1912-05', '1930', '1932', '1936']
    """
    graph = selection_of(graph)
    return timeline(graph, limit=max_dates, start=start, end=end)


def analyse(
    graph: NetworkLike,
    dates: list[str] | None = None,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
    ready: Callable[[pd.DataFrame], None] | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    executor: Executor | None = None,
) -> Analyses:
    """Run every analysis on a network (or a selection): the whole and over time.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    dates : list of str, optional
        The timeline; default :func:`auto_dates`.
    start, end : str, optional
        Follow the network over time only within this period (either end may be open):
        the dates wholly within it.
    seed : int
        The seed of every random step (Leiden, sampled betweenness).
    progress : callable, optional
        Called with the name of each analysis as it starts.
    ready : callable, optional
        Called with the centrality table as soon as it is computed, before the other analyses.
    executor : concurrent.futures.Executor, optional
        Where to compute, from the start, the analyses of robustness (the scenarios and
        the rival readings), beside the others done here: e.g. a
        ``ProcessPoolExecutor`` the caller owns (``graph`` is sent to it with each). By
        default everything is computed here, in order. The results are the same.

    Examples
    --------
    >>> import netpipe
    >>> results = analyse(netpipe.load("tests/data/valid"))
    >>> results.centrality["degree"].idxmax(), results.balance["triangles"].item()
    ('koba', 0)
    """
    graph = selection_of(graph)
    from netpipe.analysis.balance import balance, balance_over_time, frustrating_ties
    from netpipe.analysis.brokerage import bridges, brokerage
    from netpipe.analysis.centrality import centrality
    from netpipe.analysis.common import forget_projection
    from netpipe.analysis.communities import communities, community_groups
    from netpipe.analysis.over_time import centrality_over_time, rises_and_falls
    from netpipe.analysis.reach import reach_overview
    from netpipe.analysis.readings import across_readings
    from netpipe.analysis.robustness import robustness
    from netpipe.analysis.roles import brokerage_roles
    from netpipe.analysis.turnover import tied_durations, turnover

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    dates = followed(partial(timeline, graph), dates, start, end)
    sampled = {"seed": seed, "large_sample": LARGE_SAMPLE["robustness"]}
    robustness_of = _beside(executor, robustness, graph, **sampled)
    readings_of = _beside(executor, across_readings, graph, **sampled)
    step("centrality")
    measures = centrality(graph, seed=seed, large_sample=LARGE_SAMPLE["whole"])
    if ready is not None:
        ready(measures.table)
    forget_projection(graph, "directed")  # PageRank's graph: robustness, last, makes it again
    step("communities")
    found = communities(graph, seed=seed)
    step("brokerage")
    broker_table, bridge_table = brokerage(graph), bridges(graph)
    grouped = "group" in graph.tables.nodes.columns
    role_table = (
        brokerage_roles(graph) if grouped else pd.DataFrame(columns=["node", "name", "group", "total"])
    )
    step("signed balance")
    balance_summary = balance(graph)
    balance_series = balance_over_time(graph, dates)
    frustrating = frustrating_ties(graph)
    forget_projection(graph, "signed")  # the last analysis of signs
    step("centrality over time")
    over_time = centrality_over_time(graph, dates, seed=seed, large_sample=LARGE_SAMPLE["timeline"])
    step("reach in time")
    reach_table = reach_overview(graph, reach_people(measures.table, graph.tables.nodes))
    step("turnover")
    changes = turnover(graph, start=start, end=end)
    durations = tied_durations(graph, reading="narrow")  # how long pairs were surely tied
    step("robustness")
    robust_table = robustness_of()
    readings = readings_of()
    notes = [*measures.notes, *over_time.notes, *readings.notes]
    return Analyses(
        dates=dates,
        centrality=measures.table,
        over_time=over_time.table,
        rises_and_falls=rises_and_falls(over_time.table, "degree", top=5),
        communities=found,
        community_groups=community_groups(graph, found.table),
        brokerage=broker_table,
        bridges=bridge_table,
        roles=role_table,
        balance=balance_summary,
        balance_over_time=balance_series,
        frustrating_ties=frustrating,
        robustness=robust_table,
        readings=readings.alternatives,
        reading_ranges=readings.ranges,
        reach_in_time=reach_table,
        turnover=changes,
        tied_durations=durations,
        notes=notes,
    )


def reach_people(centrality: pd.DataFrame, nodes: pd.DataFrame) -> list[str]:
    """The persons whose reach in time :func:`analyse` follows: the first :data:`REACH_PEOPLE` by
    degree in ``centrality``, of those with a degree."""
    from netpipe.analysis.centrality import rank

    persons = centrality[nodes["kind"].reindex(centrality.index).eq("person").to_numpy()]
    return rank(persons, "degree").dropna(subset=["degree"]).head(REACH_PEOPLE).index.tolist()


def followed(
    timeline_of: Callable[..., list[str]], dates: list[str] | None, start: str | None, end: str | None
) -> list[str]:
    """The dates :func:`analyse` follows a network through: ``dates`` as given, or within ``start``
    to ``end`` if given, or at most :data:`MAX_DATES` of its changes; ``timeline_of`` takes the
    arguments of :func:`netpipe.model.selection.timeline` after the network."""
    if dates is None:
        return timeline_of(limit=MAX_DATES, start=start, end=end)
    if start is not None or end is not None:
        return timeline_of(dates, start=start, end=end)
    return dates


def _beside(
    executor: Executor | None, function: Callable[..., T], *args: Any, **kwargs: Any
) -> Callable[[], T]:
    """``function(*args, **kwargs)`` started now on ``executor``, or, without one, done here when
    its result is asked for."""
    if executor is None:
        return lambda: function(*args, **kwargs)
    return executor.submit(function, *args, **kwargs).result
