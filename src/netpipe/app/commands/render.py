"""Render commands: the interactive network page and the per-period images, and opening them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import check_gather_limit, fail, followed_dates, say, viewed
from netpipe.app.commands.options import (
    ClusterOption,
    DataArg,
    DatesOption,
    EveryOption,
    FromOption,
    GatherLimitOption,
    Measure,
    OutOption,
    ToOption,
    ViewOptions,
)

SizeOption = Annotated[Measure, typer.Option("--size-by", help="The measure that sizes the nodes.")]
MaxNodesOption = Annotated[
    int,
    typer.Option("--max-nodes", min=1, help="Draw at most this many nodes (the largest)."),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the layout.", min=0, max=2**32 - 1)]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", help="The title (default: datapackage.json, README.md's heading, the folder name)."
    ),
]


def render(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    every: EveryOption = None,
    dates: DatesOption = None,
    start: FromOption = None,
    end: ToOption = None,
    size_by: SizeOption = "degree",
    max_nodes: MaxNodesOption = 2000,
    seed: SeedOption = 42,
    title: TitleOption = None,
    cluster: ClusterOption = None,
    gather_limit: GatherLimitOption = None,
) -> None:
    """Write the interactive network page (network.html) and, on request, period images.

    The page works offline: one file, every script inlined. With --every, --dates or
    --from/--to, period images go to OUT/periods/ (one PNG per date and the grid of them
    all, periods.png and periods.svg). With --from/--to, the slider and the images keep
    only the dates within that period, chosen among its changes. With --cluster, the ties are
    read on Dask, the nodes measured as centrality --cluster measures them, and the largest nodes
    and the strongest ties among them chosen there and drawn here: the same files (above
    --gather-limit, only the degrees and PageRank are measured: size the nodes by one of them;
    another measure is refused).

    Example: netpipe render data --out outputs --from 1936 --to 1937-03
    """
    from netpipe.app.pipeline import write_views

    check_gather_limit(gather_limit, cluster)
    followed = followed_dates(dates, every)
    with viewed(data, ViewOptions(), cluster, said=False) as network:
        page, *images = write_views(
            network,
            out,
            size_by,
            dates=followed,
            every=every,
            max_nodes=max_nodes,
            seed=seed,
            title=title,
            protect=[data],
            start=start,
            end=end,
            gather_limit=gather_limit,
        )
    say(f"wrote {page}")
    for folder in images:
        say(f"wrote the period images to {folder}")


def open_page(
    out: Annotated[Path, typer.Argument(help="The output folder holding network.html.")] = Path("outputs"),
) -> None:
    """Open the interactive network page (OUT/network.html) in the web browser.

    Example: netpipe open outputs
    """
    import webbrowser

    page = out / "network.html"
    if not page.is_file():
        raise fail(f"{page} does not exist: run `netpipe render` first")
    try:
        opened = webbrowser.open(page.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        raise fail(f"no web browser was found to open the page: open {page.resolve()} in one")
    say(f"opened {page}")
