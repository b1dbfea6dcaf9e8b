"""``netpipe events``: the events (arrests, meetings...) that had happened by a date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import emit, open_view, say
from netpipe.app.commands.options import (
    DataArg,
    TableFormatOption,
    TopOption,
    ViewOptions,
    with_options,
)


@with_options(omit=("at", "start", "end", "presence", "persons"))
def events(
    data: DataArg = Path("data"),
    until: Annotated[
        str,
        typer.Option(
            "--until", help="The events that had happened by this date (YYYY, YYYY-MM, YYYY-MM-DD)."
        ),
    ] = ...,  # type: ignore[assignment]
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """List the events (ties of an event relation) that had happened by a date, earliest first.

    Wide reading: those that may have happened by then; narrow: those that surely had.

    Example: netpipe events data --until 1937-02-18 --relation arrested-by
    """
    from netpipe.model.selection import events as events_until

    view = open_view(data, view_options)
    table = events_until(view, until, view_options.reading)
    say(f"events up to {until}, {view_options.reading}: {len(table)}", err=True)
    emit(table, output_format, top)
