"""``netpipe snapshot``: the ties of the network as of a date, or within a period."""

from __future__ import annotations

from pathlib import Path

from netpipe.app.commands.common import emit, open_view, say_selection
from netpipe.app.commands.options import (
    DataArg,
    TableFormatOption,
    TopOption,
    ViewOptions,
    with_options,
)


@with_options()
def snapshot(
    data: DataArg = Path("data"),
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """List the ties of the network as of a date (or within a period).

    Example: netpipe snapshot data --at 1937-02-18
    """
    from netpipe.model.network import selection_of

    view = open_view(data, view_options)
    edges = selection_of(view).edges
    columns = [
        c for c in ("source", "relation", "target", "start", "end", "certainty", "citation") if c in edges
    ]
    say_selection(view)
    emit(edges[columns].reset_index(names="id"), output_format, top)
