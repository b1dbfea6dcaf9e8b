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
from typer.core import TyperGroup

from netpipe import __version__
from netpipe.errors import ArgumentError, DataError, NetpipeError, NotFound

if TYPE_CHECKING:
    from netpipe.problems import Report
    from netpipe.tables import Tables


class _Commands(TyperGroup):
    """The command group; netpipe's own errors become messages and exit codes here, and only here."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NetpipeError as error:
            raise typer.Exit(report_error(error)) from None


def report_error(error: NetpipeError) -> int:
    """Print one of netpipe's errors on stderr; return its exit code (1 bad data, 2 bad usage)."""
    if isinstance(error, DataError):
        print_problems(error.report, sys.stderr)
    else:
        typer.echo(f"error: {error}", err=True)
    return 2 if isinstance(error, ArgumentError | NotFound) else 1


app = typer.Typer(
    cls=_Commands,
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
    """Print an error of the command line's own on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    """Reject an unknown ``--format`` as bad usage."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint="--format")
    return value


def read(data: Path) -> Tables:
    """Read a dataset's tables (a :class:`DataError` ends the command with exit 1)."""
    from netpipe.validation import read_tables

    return read_tables(data)


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

    An existing datapackage.json is updated: the schemas of nodes, edges and relations
    are rewritten, everything else it holds (title, description, licenses, field
    descriptions, other resources) is kept.

    Example: netpipe describe data && frictionless validate data/datapackage.json
    """
    from netpipe.atomic import write_text
    from netpipe.describe import datapackage, keep_what_the_user_wrote, to_json

    target = out or data / "datapackage.json"
    text = to_json(keep_what_the_user_wrote(datapackage(read(data), data), target))
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
