"""What the analysis commands share: the selection options, reading the data, output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netpipe.cli import read

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.selection import Network


DataArg = Annotated[Path, typer.Argument(help="The dataset folder.")]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="The network as of this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Start of a period (with --to, or open-ended)."),
]
ToOption = Annotated[str | None, typer.Option("--to", help="End of a period.")]
RelationOption = Annotated[
    list[str] | None,
    typer.Option("--relation", "-r", help="Keep only this relation type (repeatable)."),
]
ReadingOption = Annotated[
    str,
    typer.Option(
        "--reading",
        help="How dates are read: wide (whatever may have held) or narrow (only what surely held).",
    ),
]
PersonsOption = Annotated[bool, typer.Option("--persons", help="Persons only: leave organizations out.")]
CertaintyOption = Annotated[
    str | None,
    typer.Option(
        "--certainty",
        help="Keep ties at least this sure: certain, probable, possible or alleged (default: all).",
    ),
]
TopOption = Annotated[int | None, typer.Option("--top", "-n", help="Show only the first N rows.")]
TableFormat = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


def open_view(
    data: Path,
    at: str | None = None,
    start: str | None = None,
    end: str | None = None,
    relations: list[str] | None = None,
    reading: str = "wide",
    persons_only: bool = False,
    certainty: str | None = None,
) -> Network:
    """Load the data and apply the selection options; a bad option exits with code 2."""
    from netpipe.selection import Selection, select, snapshot, window
    from netpipe.spans import check_reading

    if at and (start or end):
        raise typer.BadParameter("give either --at or --from/--to, not both", param_hint="--at")
    graph: Network = Selection.of_tables(read(data))  # the tables suffice: no NetworkX graph to build
    try:
        check_reading(reading)
        if relations or persons_only or certainty:
            graph = select(graph, relations=relations or None, persons_only=persons_only, certainty=certainty)
        if at:
            graph = snapshot(graph, at, reading)  # type: ignore[arg-type]
        elif start or end:
            graph = window(graph, start, end, reading)  # type: ignore[arg-type]
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return graph


def person(graph: Network, value: str) -> str:
    """The node id for an id, name or alias; an unknown or ambiguous name exits with code 2."""
    from netpipe.names import resolve
    from netpipe.selection import selection_of

    try:
        return resolve(value, selection_of(graph).tables.nodes)
    except LookupError as error:
        raise typer.BadParameter(str(error.args[0])) from None


def emit(frame: pd.DataFrame, output_format: str = "table", top: int | None = None) -> None:
    """Print a result table as an aligned table, CSV or strict JSON."""
    from netpipe.tabular import to_csv, to_json, to_text

    writers = {"table": to_text, "csv": to_csv, "json": to_json}
    if output_format not in writers:
        raise typer.BadParameter(f"{output_format!r} is not one of table, csv, json", param_hint="--format")
    if top is not None:
        frame = frame.head(top)
    typer.echo(writers[output_format](frame).rstrip("\n"))


def say_selection(view: Network) -> None:
    """Say on stderr what was selected and how many nodes and ties it holds."""
    from netpipe.selection import selection_of

    selection = selection_of(view)
    typer.echo(
        f"{selection.label}: {selection.number_of_nodes()} nodes, {selection.number_of_edges()} ties",
        err=True,
    )
