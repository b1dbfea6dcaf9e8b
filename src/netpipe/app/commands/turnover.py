"""The ``turnover`` command: lasting ties formed and dissolved per period, and how long pairs were tied."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import emit, followed_dates, open_view, say, say_selection
from netpipe.app.commands.options import (
    DataArg,
    FromOption,
    TableFormatOption,
    ToOption,
    TopOption,
    ViewOptions,
    with_options,
)

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
) -> None:
    """Count the lasting ties formed and dissolved in each period, and the events.

    A tie forms on its first day and dissolves on its last; a start or an end the data does
    not state is not counted (censored), undated ties are left out, and events are counted
    apart. Rates are per tie held when the period began.

    Example: netpipe turnover data --every decade --by-relation
    """
    from netpipe.analysis.turnover import tied_durations
    from netpipe.analysis.turnover import turnover as count_turnover

    given = followed_dates(dates, every)
    view = open_view(data, view_options)
    if pairs:
        table = tied_durations(view, reading=view_options.reading)
        say_selection(view)
        emit(table, output_format, top)
        return
    found = count_turnover(view, periods=given or every, start=start, end=end, reading=view_options.reading)
    say_selection(view)
    say(
        f"left out: {found.undated} undated, {found.never_active} never active; not stated (censored): "
        f"{found.open_starts} starts, {found.open_ends} ends; dated across periods: {found.loose_starts} "
        f"starts, {found.loose_ends} ends",
        err=True,
    )
    emit(found.table if by_relation else found.totals, output_format, top)
