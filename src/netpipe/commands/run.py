"""``netpipe run`` (the whole pipeline into one output folder) and ``netpipe report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.commands.common import DataArg, QuietOption
from netpipe.commands.render import TitleOption

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The output folder.")]
SeedOption = Annotated[int, typer.Option(help="Seed of every random step.", min=0, max=2**32 - 1)]


def run(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    every: Annotated[
        str | None,
        typer.Option(
            help="Step between the per-period images: 5y, 10y, year (default: where the network changes)."
        ),
    ] = None,
    max_nodes: Annotated[int, typer.Option(help="Draw at most this many nodes in the network view.")] = 2000,
    seed: SeedOption = 42,
    title: TitleOption = None,
    quiet: QuietOption = False,
) -> None:
    """Validate, analyse, render and export everything into OUT (atomically).

    A failed run leaves the previous outputs exactly as they were.

    Example: netpipe run data --out outputs
    """
    from netpipe.pipeline import run as run_pipeline
    from netpipe.progress import RUN_STAGES, stage_progress

    with stage_progress(RUN_STAGES, quiet) as progress:
        result = run_pipeline(
            data, out, every=every, max_nodes=max_nodes, seed=seed, title=title, progress=progress
        )
    for path in result.files:
        typer.echo(f"wrote {path}")
    if quiet:
        return
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    typer.echo(f"{len(result.files)} files in {out} ({stages})", err=True)


def report(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    seed: SeedOption = 42,
    title: TitleOption = None,
) -> None:
    """Analyse the data and write report.md, report.html and their plots into OUT.

    Example: netpipe report data --out outputs
    """
    from netpipe.pipeline import report as write_report

    paths = write_report(data, out, seed=seed, title=title, note=lambda text: typer.echo(text, err=True))
    for path in paths:
        typer.echo(f"wrote {path}")
