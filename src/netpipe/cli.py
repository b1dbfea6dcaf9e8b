"""The ``netpipe`` command line: a thin layer over the library.

Exit codes: 0 success, 1 bad data, 2 bad usage. Heavy libraries are imported inside
the commands that use them, so ``netpipe --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netpipe import __version__

if TYPE_CHECKING:
    from netpipe.problems import Report
    from netpipe.tables import Tables

app = typer.Typer(
    name="netpipe",
    help="Social-network analysis of historical sources: typed CSVs of people and ties, "
    "analysed over time, rendered as reports, interactive HTML and exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rendering with rich would triple the start-up time
)

DataArg = Annotated[
    Path, typer.Argument(help="The dataset folder (nodes.csv, edges.csv, optional relations.csv).")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: table or json.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netpipe {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """netpipe: networks from historical sources."""


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error on stderr and return the exit to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    """Reject an unknown ``--format`` as bad usage."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint="--format")
    return value


def read(data: Path) -> Tables:
    """Read a dataset's tables; a data error ends the command with exit 1."""
    from netpipe.errors import DataError
    from netpipe.validation import read_tables

    try:
        return read_tables(data)
    except DataError as error:
        print_problems(error.report, sys.stderr)
        raise typer.Exit(1) from None


def print_problems(report: Report, stream: Any) -> None:
    """Problems one per line, ``file:line: column "c": message``, then a count."""
    for severity in ("error", "warning"):
        for line in report.lines(severity):
            print(f"{severity}: {line}", file=stream)
    n_errors, n_warnings = len(report.errors), len(report.warnings)
    print(f"{n_errors} error(s), {n_warnings} warning(s)", file=stream)


@app.command()
def validate(data: DataArg = Path("data"), output_format: FormatOption = "table") -> None:
    """Check a dataset against the data contract and list every problem.

    Exits 0 when there is no error (warnings allowed) and 1 otherwise.

    Example: netpipe validate data --format json
    """
    from netpipe.validation import validate as validate_data

    check_format(output_format, ("table", "json"))
    report = validate_data(data)
    if output_format == "json":
        payload = {
            "ok": report.ok,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "problems": report.to_records(),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print_problems(report, sys.stdout)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def info(data: DataArg = Path("data"), output_format: FormatOption = "table") -> None:
    """Summarize a dataset: counts by kind, group and relation, date span, citations.

    Example: netpipe info data
    """
    from netpipe.summary import summarize

    check_format(output_format, ("table", "json"))
    summary = summarize(read(data))
    if output_format == "json":
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    for title, section in summary.items():
        if isinstance(section, dict):
            typer.echo(f"{title}:")
            width = max((len(str(k)) for k in section), default=0)
            for key, value in section.items():
                typer.echo(f"  {key!s:<{width}}  {value}")
        else:
            typer.echo(f"{title}: {section}")


@app.command()
def describe(
    data: DataArg = Path("data"),
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write; default: datapackage.json in the dataset folder."),
    ] = None,
) -> None:
    """Write the Frictionless datapackage.json that declares the dataset's files and keys.

    Example: netpipe describe data && frictionless validate data/datapackage.json
    """
    from netpipe.atomic import write_text
    from netpipe.describe import datapackage, to_json

    target = out or data / "datapackage.json"
    text = to_json(datapackage(read(data), data))
    try:
        write_text(target, text)
    except OSError as error:
        raise fail(f"cannot write {target}: {error.strerror or error}") from None
    typer.echo(f"wrote {target}")


def main() -> None:
    """The console script's entry point."""
    app()


# The command families register themselves on ``app`` when imported.
from netpipe.commands import centrality, events, export, render, run, snapshot, structure  # noqa: E402, F401
