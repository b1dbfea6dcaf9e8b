"""``netpipe run`` (the whole pipeline into one output folder) and ``netpipe report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import check_gather_limit, followed_dates, say
from netpipe.app.commands.options import (
    ClusterOption,
    DataArg,
    DatesOption,
    FromOption,
    GexfUndirectedOption,
    LinkKeyOption,
    OutOption,
    QuietOption,
    ToOption,
)
from netpipe.app.commands.render import TitleOption

SeedOption = Annotated[int, typer.Option(help="Seed of every random step.", min=0, max=2**32 - 1)]
RunGatherLimitOption = Annotated[
    int | None,
    typer.Option(
        "--gather-limit",
        metavar="TIES",
        min=0,
        help="With --cluster: the most ties gathered into this process to be analysed, drawn and exported "
        "as without a cluster (default 4,000,000). Above it they stay on the cluster and the work is done "
        "there, part by part: the same files, but the data package (the report says so).",
    ),
]


def run(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    every: Annotated[
        str | None,
        typer.Option(
            help="Step between the per-period images: 5y, 10y, year (default: where the network changes)."
        ),
    ] = None,
    dates: DatesOption = None,
    start: FromOption = None,
    end: ToOption = None,
    max_nodes: Annotated[int, typer.Option(help="Draw at most this many nodes in the network view.")] = 2000,
    seed: SeedOption = 42,
    title: TitleOption = None,
    link_key: LinkKeyOption = "edges",
    gexf_undirected: GexfUndirectedOption = "undirected",
    cluster: ClusterOption = None,
    gather_limit: RunGatherLimitOption = None,
    quiet: QuietOption = False,
) -> None:
    """Validate, analyse, render and export everything into OUT (atomically).

    A failed run leaves the previous outputs exactly as they were. The network is followed
    over time (the page's slider, the period images, the report's periods) through the days
    on which it changes, or --dates; --from/--to keep the dates within a period.

    Example: netpipe run data --out outputs --from 1914-06-28 --to 1914-08-06
    """
    import os

    from netpipe.app.cluster import dask_client, one_part_note
    from netpipe.app.parallel import give_back_memory, return_large_blocks
    from netpipe.app.pipeline import run as run_pipeline
    from netpipe.app.progress import RUN_STAGES, stage_progress

    limit = _gather_limit(gather_limit, cluster)

    return_large_blocks()  # the command's own process: a million ties stay within 1.8 GB
    with dask_client(cluster) as client, stage_progress(RUN_STAGES, quiet) as show:
        if (note := one_part_note(cluster, data)) and not quiet:
            typer.echo(note, err=True)

        def progress(stage: str) -> None:
            give_back_memory()  # what the last stage freed
            show(stage)

        result = run_pipeline(
            data, out, every=every, max_nodes=max_nodes, seed=seed, title=title, progress=progress,
            dates=followed_dates(dates, every), start=start, end=end, link_key=link_key,
            gexf_undirected=gexf_undirected, workers=1 if (os.cpu_count() or 1) > 1 else 0, cluster=client,
            gather_limit=limit,
        )  # fmt: skip
    if quiet:
        return
    for path in result.files:
        typer.echo(f"wrote {path}")
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    typer.echo(f"{len(result.files)} files in {out} ({stages})", err=True)
    typer.echo(_warnings_summary(result.warnings, out), err=True)


def _gather_limit(given: int | None, cluster: str | None) -> int:
    """The run's gather limit: ``--gather-limit`` (taken only with ``--cluster``) or the default."""
    from netpipe.app.pipeline import RUN_GATHER_LIMIT

    check_gather_limit(given, cluster)
    return RUN_GATHER_LIMIT if given is None else given


def _warnings_summary(found: int, out: Path) -> str:
    """One line: how many warnings the data has, and where the run wrote them."""
    if not found:
        return "the data has no warning"
    listed, report = out / "exports" / "warnings.csv", out / "report.md"
    return f"{found} warning(s) in the data: listed in {listed} and in {report} (Validation warnings)"


def report(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    dates: DatesOption = None,
    start: FromOption = None,
    end: ToOption = None,
    seed: SeedOption = 42,
    title: TitleOption = None,
    cluster: ClusterOption = None,
    gather_limit: RunGatherLimitOption = None,
) -> None:
    """Analyse the data and write report.md, report.html and their plots into OUT.

    The report's periods follow the days on which the network changes, or --dates;
    --from/--to keep the dates within a period.

    Example: netpipe report data --out outputs --from 1936 --to 1937
    """
    from netpipe.app.cluster import dask_client, one_part_note
    from netpipe.app.pipeline import report as write_report

    limit = _gather_limit(gather_limit, cluster)
    with dask_client(cluster) as client:
        if note := one_part_note(cluster, data):
            typer.echo(note, err=True)
        paths = write_report(
            data, out, seed=seed, title=title, note=lambda text: typer.echo(text, err=True),
            dates=followed_dates(dates, None), start=start, end=end, cluster=client, gather_limit=limit,
        )  # fmt: skip
    for path in paths:
        say(f"wrote {path}")
