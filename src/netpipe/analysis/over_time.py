"""Centrality over time: the measures at each date of a timeline, and who rose or fell."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from netpipe.analysis.centrality import (
    DEFAULT_SAMPLE,
    Centrality,
    Engine,
    centrality,
    measured_over_dates,
    place_text,
    shared_places,
)
from netpipe.io.errors import ArgumentError
from netpipe.io.spans import Presence, Reading
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import snapshot, timeline

__all__ = ["centrality_over_time", "ranking_by_date", "rises_and_falls"]


def centrality_over_time(
    graph: NetworkLike,
    dates: Sequence[str] | None = None,
    measures: Sequence[str] = ("degree", "betweenness", "pagerank"),
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
    engine: Engine = "igraph",
    sample: int | None = None,
    seed: int = 42,
    large_sample: int = DEFAULT_SAMPLE,
) -> Centrality:
    """Centrality at each of several dates, in long format, with ranks and their changes.

    Each date is a :func:`netpipe.model.selection.snapshot` of ``graph`` (a filter: no graph is rebuilt).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    dates : sequence of str, optional
        The dates, in order; default ``timeline(graph)``, the days on which the network
        changes (see :func:`netpipe.model.selection.timeline`).
    measures : sequence of str
        Which measures (see :data:`MEASURES`).
    reading, certainty, presence
        How dates are read, the evidence threshold and where undated nodes are present
        (see :func:`netpipe.model.selection.snapshot`).
    engine, sample, seed, large_sample
        As for :func:`centrality`.

    Returns
    -------
    Centrality
        ``table``: one row per (date, node present then): ``date``, ``node``, ``name``, each
        measure, ``<measure>_rank`` (1 = most central that day) and ``<measure>_change``, the
        places gained since the previous date (positive: rose; missing if the node was absent
        then). ``notes``: the notes of every date, prefixed by the date.

    Examples
    --------
    >>> import netpipe
    >>> t = centrality_over_time(netpipe.load("tests/data/valid"), ["1912-04-15", "1936-06-01"], ["degree"])
    >>> t.table[["date", "node", "degree_rank", "degree_change"]]
             date     node  degree_rank  degree_change
    0  1912-04-15    sergo            1           <NA>
    1  1912-04-15     koba            1           <NA>
    2  1912-04-15  okhrana         <NA>           <NA>
    3  1936-06-01    sergo            1              0
    4  1936-06-01     koba            1              0
    """
    graph = selection_of(graph)
    return measured_over_dates(
        timeline(graph) if dates is None else dates,
        lambda date: centrality(
            snapshot(graph, date, reading, certainty, presence),
            engine,
            sample,
            seed,
            measures=measures,
            large_sample=large_sample,
        ),
        measures,
    )


def rises_and_falls(table: pd.DataFrame, measure: str = "pagerank", top: int = 5) -> pd.DataFrame:
    """Who rose and who fell most in rank between their first and last date in a timeline.

    Parameters
    ----------
    table : pandas.DataFrame
        A result of :func:`centrality_over_time` that includes ``measure``.
    measure : str
        The measure whose ranks are compared.
    top : int
        How many risers and how many fallers.

    Returns
    -------
    pandas.DataFrame
        The data of a "who rose, who fell" slope chart: ``direction`` (``rose`` or
        ``fell``), ``node``, ``name``, ``first_date``, ``first_rank``, ``last_date``,
        ``last_rank`` and ``change`` (places gained), the biggest risers first, then
        the biggest fallers; ``first_place`` and ``last_place`` are the ranks as read
        (``"=2"`` when shared). Only the dates where a node is ranked count (a node with
        no tie on a date has no rank then); nodes ranked on a single date, or unchanged,
        are left out.

    Examples
    --------
    >>> import netpipe
    >>> t = centrality_over_time(netpipe.load("tests/data/valid"), ["1912-04-15", "1930-06-01"], ["degree"])
    >>> rises_and_falls(t.table, "degree")[["direction", "node", "first_place", "last_place", "change"]]
      direction   node first_place last_place  change
    0      fell  sergo          =1         =2      -1
    """
    column = f"{measure}_rank"
    if column not in table.columns:
        raise ArgumentError(f'the table has no ranks of "{measure}"')
    rows = table.loc[table[column].notna(), ["node", "date", "name", column]]  # no copy of the rest
    rows = rows.assign(shared=shared_places(rows[column], rows["date"]))
    grouped = rows.groupby("node", sort=True)[["date", "name", column, "shared"]]
    first, last = grouped.first(), grouped.last()  # places as text for these rows alone
    summary = pd.DataFrame(
        {
            "node": first.index,
            "name": last["name"].to_numpy(),
            "first_date": first["date"].to_numpy(),
            "first_rank": first[column].to_numpy(),
            "first_place": place_text(first[column], first["shared"].to_numpy(bool)).to_numpy(),
            "last_date": last["date"].to_numpy(),
            "last_rank": last[column].to_numpy(),
            "last_place": place_text(last[column], last["shared"].to_numpy(bool)).to_numpy(),
        }
    )
    summary["change"] = (summary["first_rank"] - summary["last_rank"]).astype("Int64")
    summary = summary[summary["first_date"] != summary["last_date"]]
    rose = summary[summary["change"] > 0].sort_values(["change", "node"], ascending=[False, True]).head(top)
    fell = summary[summary["change"] < 0].sort_values(["change", "node"], ascending=[True, True]).head(top)
    out = pd.concat([rose.assign(direction="rose"), fell.assign(direction="fell")], ignore_index=True)
    starts, ends = ["first_date", "first_rank", "first_place"], ["last_date", "last_rank", "last_place"]
    return out[["direction", "node", "name", *starts, *ends, "change"]]


def ranking_by_date(table: pd.DataFrame, measure: str, top: int | None = None) -> pd.DataFrame:
    """One measure's ranking at each date, in the order of the dates, then by rank.

    Parameters
    ----------
    table : pandas.DataFrame
        A result of :func:`centrality_over_time` that includes ``measure``; its dates are
        kept in their order, not sorted as text (``-0043`` comes after ``-0044``).
    measure : str
        The measure to rank by.
    top : int, optional
        Keep only the first ``top`` rows of each date.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``rank``, ``node``, ``name``, ``measure`` and ``change`` (places gained
        since the previous date).

    Examples
    --------
    >>> import netpipe
    >>> t = centrality_over_time(netpipe.load("tests/data/valid"), ["1912-04-15", "1936-06-01"], ["degree"])
    >>> ranking_by_date(t.table, "degree", top=1)
             date  rank  node           name  degree  change
    1  1912-04-15     1  koba  Joseph Stalin     0.5    <NA>
    4  1936-06-01     1  koba  Joseph Stalin     1.0       0
    """
    rank = f"{measure}_rank"
    if rank not in table.columns:
        raise ArgumentError(f'the table has no ranks of "{measure}"')
    order = {date: i for i, date in enumerate(dict.fromkeys(table["date"]))}
    ordered = table.assign(order=table["date"].map(order)).sort_values(["order", rank, "node"], kind="stable")
    if top is not None:
        ordered = ordered.groupby("date", sort=False).head(top)
    columns = ["date", rank, "node", "name", measure, f"{measure}_change"]
    return ordered[columns].rename(columns={rank: "rank", f"{measure}_change": "change"})
