"""The ``turnover`` command: lasting ties formed and dissolved per period, and how long pairs were tied."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netpipe.app.commands.common import emit, followed_dates, say, viewed
from netpipe.app.commands.options import (
    ClusterOption,
    DataArg,
    FromOption,
    TableFormatOption,
    ToOption,
    TopOption,
    ViewOptions,
    with_options,
)

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.analysis.turnover import Turnover

__all__ = ["turnover"]


@with_options(omit=("at", "start", "end", "presence"))
def turnover(
    data: DataArg = Path("data"),
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            help="Periods of this length: year, 5y, decade, month, 6m (default: the shortest of month, 3m, "
            "6m, year, 2y, 5y, decade, ... that makes at most 20 periods).",
        ),
    ] = None,
    dates: Annotated[
        list[str] | None,
        typer.Option(
            "--dates",
            help="Periods beginning on these dates, each until the next, the last through its own date "
            "(repeatable, or comma-separated: 1905,1917,1928).",
        ),
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    by_relation: Annotated[
        bool, typer.Option("--by-relation", help="One row per period and relation.")
    ] = False,
    pairs: Annotated[
        bool,
        typer.Option("--pairs", help="How long each pair was tied instead (days, spells, censored)."),
    ] = False,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
    cluster: ClusterOption = None,
) -> None:
    """Count the lasting ties formed and dissolved in each period, and the events.

    A tie forms on its first day and dissolves on its last; a start or an end the data does
    not state is not counted (censored), undated ties are left out, and events are counted
    apart. Rates are per tie held when the period began. With --cluster, the ties are read,
    selected and counted part by part on Dask, and the counts summed here.

    Example: netpipe turnover data --every decade --by-relation
    """
    given = followed_dates(dates, every)
    durations, count_turnover = _counters(cluster)
    with viewed(data, view_options, cluster) as view:
        if pairs:
            table = durations(view, reading=view_options.reading)
        else:
            found = count_turnover(
                view, periods=given or every, start=start, end=end, reading=view_options.reading
            )
    if pairs:
        emit(table, output_format, top)
        return
    say(
        f"left out: {found.undated} undated, {found.never_active} never active; not stated (censored): "
        f"{found.open_starts} starts, {found.open_ends} ends; dated across periods: {found.loose_starts} "
        f"starts, {found.loose_ends} ends",
        err=True,
    )
    emit(found.table if by_relation else found.totals, output_format, top)


def _counters(cluster: str | None) -> tuple[Callable[..., pd.DataFrame], Callable[..., Turnover]]:
    """How long pairs were tied and the turnover, measured on a cluster (``--cluster``) or in memory."""
    if cluster:
        from netpipe.analysis.turnover_on_cluster import tied_durations_on_cluster, turnover_on_cluster

        return tied_durations_on_cluster, turnover_on_cluster
    from netpipe.analysis.turnover import tied_durations, turnover

    return tied_durations, turnover
