"""``netpipe run`` and ``netpipe report``: the whole pipeline into one output folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from netpipe.cli import app, fail, print_problems
from netpipe.commands.common import DataArg

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The output folder (replaced as a whole).")]


@app.command()
def run(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    every: Annotated[str, typer.Option(help="Step between the per-period images: 5y, 10y, year.")] = "5y",
    max_nodes: Annotated[int, typer.Option(help="Draw at most this many nodes in the network view.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of every random step.")] = 42,
) -> None:
    """Validate, analyse, render and export everything into OUT (atomically).

    A failed run leaves the previous outputs exactly as they were.

    Example: netpipe run data --out outputs
    """
    from netpipe.pipeline import run as run_pipeline
    from netpipe.problems import DataError

    start = time.perf_counter()

    def progress(stage: str) -> None:
        typer.echo(f"[{time.perf_counter() - start:6.1f} s] {stage}", err=True)

    try:
        result = run_pipeline(data, out, every=every, max_nodes=max_nodes, seed=seed, progress=progress)
    except DataError as error:
        print_problems(error.report, sys.stderr)
        raise typer.Exit(1) from None
    except (ValueError, OSError) as error:
        raise fail(f"the run stopped; {out} is unchanged: {error}") from None
    for path in result.files:
        typer.echo(f"wrote {path}")
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    typer.echo(f"{len(result.files)} files in {out} ({stages})", err=True)
