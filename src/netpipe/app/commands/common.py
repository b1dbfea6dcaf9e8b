"""What the commands share: their option types, reading the data, printing results.

The choices are spelled out here rather than imported from the library, so that
``netpipe --help`` does not load pandas; tests hold them equal to the library's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.io.problems import Report
    from netpipe.io.typed_tables import Tables
    from netpipe.model.selection import Network

#: As :data:`netpipe.io.spans.READINGS`.
Reading = Literal["wide", "narrow"]
#: As :data:`netpipe.io.spans.PRESENCES`.
Presence = Literal["attested", "always"]
#: As :data:`netpipe.io.contract.CERTAINTIES`.
Certainty = Literal["certain", "probable", "possible", "alleged"]
#: As :data:`netpipe.analysis.centrality.MEASURES`.
Measure = Literal[
    "degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector", "pagerank", "core"
]
#: As :data:`netpipe.analysis.centrality.Engine`.
Engine = Literal["igraph", "networkx"]
TableFormat = Literal["table", "csv", "json"]

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
EveryOption = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Follow the network one date per period: year, 5y, decade, month, 6m "
        "(default: the days on which it changes, most where it changes most).",
    ),
]
DatesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dates",
        help="Follow the network through these dates (repeatable, or comma-separated: 1912,1917,1937).",
    ),
]
RelationOption = Annotated[
    list[str] | None,
    typer.Option("--relation", "-r", help="Keep only this relation type (repeatable)."),
]
ReadingOption = Annotated[
    Reading,
    typer.Option(
        "--reading",
        help="How dates are read: wide (whatever may have held) or narrow (only what surely held).",
    ),
]
PresenceOption = Annotated[
    Presence,
    typer.Option(
        "--presence",
        help="Where a node without declared dates is present: attested (as its ties place it; "
        "a node with no dated evidence on no date) or always.",
    ),
]
PersonsOption = Annotated[bool, typer.Option("--persons", help="Persons only: leave organizations out.")]
CertaintyOption = Annotated[
    Certainty | None,
    typer.Option(
        "--certainty",
        help="Keep ties at least this sure: certain, probable, possible or alleged (default: all).",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress display (it shows only on a terminal anyway).")
]
TopOption = Annotated[int | None, typer.Option("--top", "-n", help="Show only the first N rows.")]
TableFormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, csv or json.")]
EngineOption = Annotated[Engine, typer.Option("--engine", help="igraph (fast) or networkx (reference).")]


def read(data: Path) -> Tables:
    """Read a dataset's tables (a :class:`~netpipe.io.errors.DataError` ends the command with exit 1)."""
    from netpipe.app.progress import step
    from netpipe.io.validation import read_tables

    step("reading and checking the data")
    tables = read_tables(data)
    step("")
    return tables


def fail(message: str) -> typer.Exit:
    """Print an error of the command line's own on stderr and return the exit (1) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def split(values: str | list[str] | None) -> list[str]:
    """The items of a comma-separated option, repeatable or not, without blanks."""
    texts = [values] if isinstance(values, str) else values or []
    return [item.strip() for text in texts for item in text.split(",") if item.strip()]


def print_problems(report: Report, stream: Any) -> None:
    """Problems one per line, ``file:line: column "c": message``, then a count.

    Of each code, the first ones are printed (:meth:`Report.listed`), then how many more there are.
    """
    for severity in ("error", "warning"):
        lines, more = report.listed(severity)
        for line in lines:
            print(f"{severity}: {line}", file=stream)
        for code, n in more.items():
            print(f"{severity}: ... and {n} more {code} problem(s) not shown", file=stream)
    n_errors, n_warnings = report.error_count, report.warning_count
    print(f"{n_errors} error(s), {n_warnings} warning(s)", file=stream)


def open_view(
    data: Path,
    at: str | None = None,
    start: str | None = None,
    end: str | None = None,
    relations: list[str] | None = None,
    reading: Reading = "wide",
    persons_only: bool = False,
    certainty: Certainty | None = None,
    presence: Presence = "attested",
) -> Network:
    """Load the data and apply the selection options."""
    from netpipe.model.selection import Selection, select, snapshot, window

    if at and (start or end):
        raise typer.BadParameter("give either --at or --from/--to, not both", param_hint="--at")
    graph: Network = Selection.of_tables(read(data))  # the tables suffice: no NetworkX graph to build
    if relations or persons_only or certainty:
        graph = select(graph, relations=relations or None, persons_only=persons_only, certainty=certainty)
    if at:
        graph = snapshot(graph, at, reading, presence=presence)
    elif start or end:
        graph = window(graph, start, end, reading, presence=presence)
    return graph


def followed_dates(dates: list[str] | None, every: str | None) -> list[str] | None:
    """The dates of ``--dates`` (None when not given); ``--every`` and ``--dates`` exclude each other."""
    if every and dates:
        raise typer.BadParameter("give either --every or --dates, not both", param_hint="--every")
    return split(dates) or None


def person(graph: Network, value: str) -> str:
    """The node id for an id, name or alias."""
    from netpipe.io.names import resolve
    from netpipe.model.selection import selection_of

    return resolve(value, selection_of(graph).tables.nodes)


def emit(frame: pd.DataFrame, output_format: TableFormat = "table", top: int | None = None) -> None:
    """Print a result table as an aligned table, CSV or strict JSON."""
    from netpipe.outputs.table_text import to_csv, to_json, to_text

    writers = {"table": to_text, "csv": to_csv, "json": to_json}
    if top is not None:
        frame = frame.head(top)
    typer.echo(writers[output_format](frame).rstrip("\n"))


def say_selection(view: Network) -> None:
    """Say on stderr what was selected and how many nodes and ties it holds."""
    from netpipe.model.selection import selection_of

    selection = selection_of(view)
    typer.echo(
        f"{selection.label}: {selection.number_of_nodes()} nodes, {selection.number_of_edges()} ties",
        err=True,
    )
