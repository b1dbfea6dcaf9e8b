"""Centrality commands: who was central, how that changed over time, and how sure it is."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netpipe.app.commands.common import (
    check_gather_limit,
    cluster_view,
    emit,
    followed_dates,
    open_view,
    projection_limit,
    say_selection,
    split,
    viewed,
)
from netpipe.app.commands.options import (
    ClusterOption,
    DataArg,
    DatesOption,
    EveryOption,
    FromOption,
    GatherLimitOption,
    Measure,
    MeasureOptions,
    ProjectionLimitOption,
    TableFormatOption,
    ToOption,
    TopOption,
    ViewOptions,
    with_options,
)
from netpipe.io.words import join_names

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.analysis.centrality import Centrality
    from netpipe.model.network import NetworkLike

HostileOption = Annotated[
    bool,
    typer.Option(
        "--hostile",
        help="Count hostile ties (rival, arrested-by, ...) as ties like the others "
        "(default: they confer no standing and are left out).",
    ),
]


def _say_notes(notes: Sequence[str]) -> None:
    """Print the notes of an analysis (sampling, non-convergence) on stderr."""
    for note in notes:
        typer.echo(f"note: {note}", err=True)


@with_options()
def centrality(
    data: DataArg = Path("data"),
    view_options: ViewOptions = ViewOptions(),
    by: Annotated[Measure, typer.Option("--by", help="Sort by this measure, highest first.")] = "degree",
    measuring: MeasureOptions = MeasureOptions(),
    top: TopOption = None,
    hostile: HostileOption = False,
    output_format: TableFormatOption = "table",
    cluster: ClusterOption = None,
    gather_limit: GatherLimitOption = None,
) -> None:
    """Rank the people of the network (or of a date, a period) by centrality.

    Columns: degree, in/out degree, betweenness, closeness, eigenvector, PageRank, core.
    Equal values share a rank ("=2"); people with no tie are listed apart, unranked.
    With --cluster, the ties are read and selected and the projections made on Dask, the measures
    here (above --gather-limit, the degrees and PageRank on Dask, the others skipped).

    Example: netpipe centrality data --at 1937-02-18 --by betweenness --top 10
    """
    from netpipe.analysis import centrality as analysis

    check_gather_limit(gather_limit, cluster)
    if cluster:
        result, untied = _on_cluster(data, cluster, view_options, hostile, measuring, gather_limit)
    else:
        view = open_view(data, view_options)
        result = analysis.centrality(
            view, measuring.engine, measuring.sample, measuring.seed, hostile=hostile
        )
        untied = analysis.untied(view)
        say_selection(view)
    table = analysis.rank(result.table, by)
    _say_notes(result.notes)
    table = table.reset_index()
    table = table[["rank", *table.columns.drop("rank")]]
    if output_format != "table":
        emit(table, output_format, top)
        return
    unranked = table[by].isna()
    alone = table["node"].isin(untied)
    ranked = table[~unranked].assign(rank=lambda t: analysis.places(t["rank"]))
    emit(ranked, output_format, top)
    for people, words in (
        (table[alone], "present, no ties shown"),
        (table[unranked & ~alone], f"present, not ranked by {by} (no tie it reads)"),
    ):
        if len(people):
            typer.echo(f"{words}: {join_names(people['name'])}")


def _on_cluster(
    data: Path,
    cluster: str,
    view_options: ViewOptions,
    hostile: bool,
    measuring: MeasureOptions,
    gather_limit: int | None,
) -> tuple[Centrality, pd.Index]:
    """The centrality of the network (or of a date, a period) read on a Dask cluster, and its nodes
    without ties."""
    from netpipe.analysis.on_cluster import centrality_on_cluster, untied_on_cluster

    with cluster_view(data, cluster, view_options) as selection:
        result = centrality_on_cluster(
            selection,
            engine=measuring.engine,
            sample=measuring.sample,
            seed=measuring.seed,
            hostile=hostile,
            gather_limit=projection_limit(gather_limit),
        )
        return result, untied_on_cluster(selection)


@with_options(omit=("at", "start", "end"))
def timeline(
    data: DataArg = Path("data"),
    every: EveryOption = None,
    dates: DatesOption = None,
    measure: Annotated[str, typer.Option("--measure", "-m", help="The measure to follow.")] = "pagerank",
    start: FromOption = None,
    end: ToOption = None,
    view_options: ViewOptions = ViewOptions(),
    measuring: MeasureOptions = MeasureOptions(),
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", help="Show the first N people of each date."),
    ] = None,
    output_format: TableFormatOption = "table",
    cluster: ClusterOption = None,
) -> None:
    """Follow one centrality measure over time: rank and change of each person at each date.

    The dates are the days on which the network changes, most where it changes most, or
    --every, or --dates; with --from/--to, only those within that period (the changes of the
    period, when the dates follow them). When no date is left, it says why. With --cluster, the
    ties are read and each date's snapshot made on Dask.

    Example: netpipe timeline data --from 1914-06-28 --to 1914-08-06 --measure betweenness --top 5
    """
    from netpipe.analysis.centrality import places
    from netpipe.analysis.over_time import centrality_over_time, ranking_by_date
    from netpipe.model.selection import timeline as dates_of

    chosen = split(measure)
    given = followed_dates(dates, every)
    if cluster:
        from netpipe.analysis.on_cluster import centrality_over_time_on_cluster
        from netpipe.model.on_cluster import any_dated_on_cluster, timeline_on_cluster

        with cluster_view(data, cluster, view_options) as selection:
            wanted = timeline_on_cluster(selection, given, every, start=start, end=end)
            if not wanted:
                why = _why_no_dates(lambda: any_dated_on_cluster(selection), given, every, start, end)
                typer.echo(f"no dates: {why}", err=True)
                return
            result = _followed(
                centrality_over_time_on_cluster, selection, wanted, chosen, view_options, measuring
            )
    else:
        view = open_view(data, view_options)
        wanted = dates_of(view, given, every, start=start, end=end)
        if not wanted:
            say_selection(view)
            why = _why_no_dates(lambda: _any_dated(view), given, every, start, end)
            typer.echo(f"no dates: {why}", err=True)
            return
        result = _followed(centrality_over_time, view, wanted, chosen, view_options, measuring)
        say_selection(view)
    _say_notes(result.notes)
    ranking = ranking_by_date(result.table, chosen[0], top)
    if output_format == "table":
        ranking = ranking.assign(rank=places(ranking["rank"], ranking["date"]))
    emit(ranking, output_format)


def _followed(
    over_time: Callable[..., Centrality],
    network: object,
    dates: list[str],
    measures: list[str],
    view: ViewOptions,
    measuring: MeasureOptions,
) -> Centrality:
    """The ``measures`` of ``network`` at each of ``dates``, by ``over_time`` (in memory or on a cluster)."""
    return over_time(
        network,
        dates,
        measures,
        view.reading,
        presence=view.presence,
        engine=measuring.engine,
        sample=measuring.sample,
        seed=measuring.seed,
    )


def _any_dated(view: NetworkLike) -> bool:
    """Whether a tie of the view has a date (a start or an end)."""
    from netpipe.model.network import selection_of

    edges = selection_of(view).edges
    return bool((edges["start_lo"].notna() | edges["end_lo"].notna()).any())


def _why_no_dates(
    any_dated: Callable[[], bool],
    dates: list[str] | None,
    every: str | None,
    start: str | None,
    end: str | None,
) -> str:
    """Why a timeline holds no date, in words (``any_dated()``: whether a tie of the view has a date)."""
    period = f"between {start or 'the start'} and {end or 'the end'}"
    if dates:
        return f"none of the dates given lies wholly {period}"
    if not any_dated():
        return "the data has no dated ties"
    if every:
        return f"no period of {every} begins {period} and within the data's dates"
    if start or end:
        return f"no tie starts or ends {period}"
    return "no tie is active on any day on which the network changes"


@with_options(omit=("certainty",))
def robustness(
    data: DataArg = Path("data"),
    view_options: ViewOptions = ViewOptions(),
    measure: Annotated[
        str,
        typer.Option("--measure", "-m", help="Comma-separated measures."),
    ] = "degree,betweenness,pagerank",
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Size of the top-N sets compared.")] = 10,
    measuring: MeasureOptions = MeasureOptions(),
    output_format: TableFormatOption = "table",
    cluster: ClusterOption = None,
    gather_limit: ProjectionLimitOption = None,
) -> None:
    """Check which rankings rest on uncertain evidence.

    Drops alleged ties, then possible ones, then ties with uncertain (?) or approximate (~)
    dates, and compares each ranking with the full one (Spearman, Kendall, top-N overlap).
    With --cluster, the ties are read and each of these selections made on Dask, and the
    projections of each gathered and measured here.

    Example: netpipe robustness data --top 5
    """
    check_gather_limit(gather_limit, cluster)
    measures = split(measure)
    options = dataclasses.asdict(measuring)  # engine, sample, seed
    with viewed(data, view_options, cluster) as view:
        if cluster:
            from netpipe.analysis.robustness_on_cluster import robustness_on_cluster

            limit = projection_limit(gather_limit)
            table = robustness_on_cluster(view, measures, top, gather_limit=limit, **options)
        else:
            from netpipe.analysis.robustness import robustness as analyse

            table = analyse(view, measures, top, **options)
    emit(table, output_format)
