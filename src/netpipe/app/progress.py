"""A progress display on stderr for long work: the stage, time left and elapsed time.

It shows only when stderr is a terminal and the user did not ask for quiet, so pipes
and logs stay clean; rich is imported only then. ``netpipe run`` shows its stages on a
bar (:func:`stage_progress`); every other command its name, the step it is at and the
time elapsed (:func:`command_progress`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["RUN_STAGES", "command_progress", "shown", "stage_progress", "step"]

#: The stages of ``netpipe run`` and their shares of its time on a large network
#: (measured at a million ties, with two cores: the seconds each stage takes in the
#: main process): the bar advances by a stage's share when it ends.
RUN_STAGES = {
    "validate": 10.5,
    "analyse: centrality": 17.0,
    "analyse: communities": 5.7,
    "analyse: brokerage": 2.2,
    "analyse: signed balance": 4.4,
    "analyse: centrality over time": 3.0,  # from here on partly waiting for the worker process
    "analyse: reach in time": 2.0,
    "analyse: robustness": 8.0,
    "report": 9.3,
    "exports": 20.0,
}


def shown(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether progress is shown: not ``quiet``, and ``stream`` (default stderr) is a terminal."""
    stream = sys.stderr if stream is None else stream
    return not quiet and stream.isatty()


@contextmanager
def stage_progress(stages: dict[str, float], quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """Yield a callback to call with each stage's name as it starts.

    ``stages`` maps each stage to its share of the time, from which the bar and the time
    left are drawn. Nothing is shown unless :func:`shown`.

    Examples
    --------
    >>> with stage_progress(RUN_STAGES, quiet=True) as start:
    ...     start("validate")
    """
    if not shown(quiet):
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<32}"),
        BarColumn(),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as display:
        task = display.add_task("starting", total=sum(stages.values()))
        running: list[str] = []

        def start(name: str) -> None:
            if running:
                display.advance(task, stages.get(running.pop(), 0.0))
            running.append(name)
            display.update(task, description=name)

        yield start


@contextmanager
def command_progress(command: str, quiet: bool = False) -> Iterator[None]:
    """While the block runs, show ``command``, the step it is at (see :func:`step`) and the time elapsed.

    Nothing is shown unless :func:`shown`. What the command prints meanwhile is printed
    above the display when stdout is the terminal, and goes to stdout untouched otherwise.

    >>> with command_progress("centrality", quiet=True):
    ...     step("reading the data")
    """
    global _step
    if not shown(quiet):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    display = Progress(
        *columns, console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty()
    )
    with display:
        task = display.add_task(command)

        def show(name: str) -> None:
            display.update(task, description=f"{command}: {name}" if name else command, refresh=True)

        _step = show
        try:
            yield
        finally:
            _step = _ignore


def step(name: str) -> None:
    """Say which step the running command is at (``""``: its own work); shown by :func:`command_progress`."""
    _step(name)


def _ignore(name: str) -> None:
    """A stage starts, and nothing is shown."""


_step = _ignore
