"""``netpipe snapshot``: the ties of the network as of a date, or within a period."""

from __future__ import annotations

from pathlib import Path

from netpipe.app.commands.common import (
    AtOption,
    CertaintyOption,
    DataArg,
    FromOption,
    PersonsOption,
    PresenceOption,
    ReadingOption,
    RelationOption,
    TableFormatOption,
    ToOption,
    TopOption,
    emit,
    open_view,
    say_selection,
)


def snapshot(
    data: DataArg = Path("data"),
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    presence: PresenceOption = "attested",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """List the ties of the network as of a date (or within a period).

    Example: netpipe snapshot data --at 1937-02-18
    """
    from netpipe.model.selection import selection_of

    view = open_view(data, at, start, end, relation, reading, persons, certainty, presence=presence)
    edges = selection_of(view).edges
    columns = [
        c for c in ("source", "relation", "target", "start", "end", "certainty", "citation") if c in edges
    ]
    say_selection(view)
    emit(edges[columns].reset_index(names="id"), output_format, top)
