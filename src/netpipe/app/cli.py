"""The ``netpipe`` command line: a thin layer over the library.

Exit codes: 0 success, 1 bad data, 2 bad usage. Heavy libraries are imported inside
the commands that use them, so ``netpipe --help`` starts fast.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from functools import cache, wraps
from typing import Annotated, Any, get_type_hints

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from netpipe import __version__
from netpipe.app.commands import centrality, data, events, export, render, run, snapshot, structure, turnover
from netpipe.app.commands.common import print_problems, quiet_messages
from netpipe.app.commands.options import QuietOption
from netpipe.app.light_imports import skip_extras
from netpipe.app.progress import command_progress
from netpipe.io.errors import ArgumentError, DataError, NetpipeError, NotFound


class _Commands(TyperGroup):
    """The command group. A command is built (its parameters read by typer) only when it is run
    or its help is shown; netpipe's own errors become messages and exit codes here, and only here."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return _command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands in their groups (:data:`PANELS`), from their docstrings alone:
        building them all takes longer."""
        width = max(len(name) for name in COMMANDS)
        limit = formatter.width - 6 - width
        for panel, group in PANELS.items():
            listed = {name: TyperCommand(name, help=inspect.getdoc(c)) for name, c in group.items()}
            with formatter.section(panel):  # names padded alike: one column across the groups
                formatter.write_dl([(n.ljust(width), c.get_short_help_str(limit)) for n, c in listed.items()])

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


#: The settings of the command line and of each command.
SETTINGS: dict[str, Any] = {
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,  # plain help: rendering with rich would triple the start-up time
}
app = typer.Typer(
    cls=_Commands,
    name="netpipe",
    help="Social-network analysis of historical sources: typed CSVs of people and ties, "
    "analysed over time, rendered as reports, interactive HTML and exports.",
    no_args_is_help=True,
    **SETTINGS,
)


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


#: The commands in the groups (typer's ``rich_help_panel``) and the order of ``netpipe --help``:
#: where to start, then the data, time, the analyses, and the outputs one at a time.
PANELS: dict[str, dict[str, Callable[..., None]]] = {
    "Start": {"run": run.run, "open": render.open_page},
    "Data": {"validate": data.validate, "info": data.info, "describe": data.describe},
    "Time": {
        "snapshot": snapshot.snapshot,
        "events": events.events,
        "timeline": centrality.timeline,
        "turnover": turnover.turnover,
    },
    "Analysis": {
        "centrality": centrality.centrality,
        "robustness": centrality.robustness,
        "communities": structure.communities,
        "brokers": structure.brokers,
        "balance": structure.balance,
        "path": structure.path,
        "ego": structure.ego,
        "reach": structure.reach,
    },
    "Outputs": {"render": render.render, "report": run.report, "export": export.export},
}
#: The commands, in the order of ``netpipe --help``.
COMMANDS: dict[str, Callable[..., None]] = {name: c for group in PANELS.values() for name, c in group.items()}
#: The group of each command.
PANEL_OF = {name: panel for panel, group in PANELS.items() for name in group}


#: The commands that show their progress themselves.
OWN_PROGRESS = {"run"}


@cache
def _command(name: str) -> Any:
    """The command ``name``, built by typer from its function."""
    single = typer.Typer(**SETTINGS)
    function = COMMANDS[name]
    command = function if name in OWN_PROGRESS else _with_progress(name, function)
    single.command(name, rich_help_panel=PANEL_OF[name])(command)
    return typer.main.get_command(single)


def _with_progress(name: str, function: Callable[..., None]) -> Callable[..., None]:
    """``function`` with a ``--quiet`` option, showing its progress on a terminal while it runs."""

    @wraps(function)
    def command(*args: Any, quiet: bool = False, **kwargs: Any) -> None:
        with command_progress(name, quiet), quiet_messages(quiet):
            function(*args, **kwargs)

    hints = get_type_hints(function, include_extras=True)  # the option declarations, not their names
    parameters = [
        p.replace(annotation=hints[p.name]) for p in inspect.signature(function).parameters.values()
    ]
    quiet = inspect.Parameter("quiet", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=QuietOption)
    command.__signature__ = inspect.Signature([*parameters, quiet])  # type: ignore[attr-defined]
    command.__annotations__ = {**hints, "quiet": QuietOption}
    return command


def main() -> None:
    """The console script's entry point."""
    skip_extras()  # no user code runs here that could use them
    # The worker processes netpipe run starts (python -c) never import from the current folder.
    os.environ["PYTHONSAFEPATH"] = "1"
    app()
