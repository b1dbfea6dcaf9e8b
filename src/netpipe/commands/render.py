"""Render commands: the interactive network page and the per-period images, and opening them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netpipe.cli import app, fail
from netpipe.commands.common import DataArg, open_view

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.selection import Network

RENDER = "Rendering"

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The output folder.")]
EveryOption = Annotated[
    str | None,
    typer.Option("--every", help="Also draw one image per period: 5y, year, decade, 6m..."),
]
DatesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dates",
        help="Also draw one image per date (repeatable, or comma-separated: 1912,1917,1937).",
    ),
]
SizeOption = Annotated[str, typer.Option("--size-by", help="The measure that sizes the nodes.")]
MaxNodesOption = Annotated[
    int,
    typer.Option("--max-nodes", help="Draw at most this many nodes (the largest)."),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the layout.")]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", help="The title (default: datapackage.json, README.md's heading, the folder name)."
    ),
]


@app.command()
def render(
    data: DataArg = Path("data"),
    out: OutOption = Path("outputs"),
    every: EveryOption = None,
    dates: DatesOption = None,
    size_by: SizeOption = "pagerank",
    max_nodes: MaxNodesOption = 2000,
    seed: SeedOption = 42,
    title: TitleOption = None,
) -> None:
    """Write the interactive network page (network.html) and, with --every or --dates, period images.

    The page works offline: one file, every script inlined. Period images go to
    OUT/periods/ (one PNG per date and the grid of them all, periods.png and periods.svg).

    Example: netpipe render data --out outputs --every 5y
    """
    from netpipe.output_folder import output_folder
    from netpipe.render.html import network_html
    from netpipe.render.periods import period_images

    if every and dates:
        raise typer.BadParameter("give either --every or --dates, not both", param_hint="--every")
    if max_nodes < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--max-nodes")
    graph = open_view(data)
    sizes, measures = _measures(graph, size_by)
    wanted = [d.strip() for text in dates or [] for d in text.split(",") if d.strip()] or None
    with output_folder(out, protect=[data], keep=True) as folder:
        network_html(
            graph,
            folder / "network.html",
            sizes,
            measures,
            dates=wanted,
            every=every,
            max_nodes=max_nodes,
            seed=seed,
            title=title,
        )
        if every or wanted:
            period_images(
                graph,
                folder / "periods",
                dates=wanted,
                every=every,
                sizes=sizes,
                seed=seed,
                max_nodes=max_nodes,
            )
    typer.echo(f"wrote {out / 'network.html'}")
    if every or wanted:
        typer.echo(f"wrote the period images to {out / 'periods'}")


@app.command("open")
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
    webbrowser.open(page.resolve().as_uri())
    typer.echo(f"opened {page}")


def _measures(graph: Network, size_by: str) -> tuple[pd.Series, pd.DataFrame]:
    """The size measure and the measures shown in tooltips, from netpipe.analysis.centrality."""
    from netpipe.analysis.centrality import MEASURES, centrality

    if size_by not in MEASURES:
        raise typer.BadParameter(f"{size_by!r} is not one of {', '.join(MEASURES)}", param_hint="--size-by")
    table = centrality(graph)
    measures = table.drop(columns=[c for c in ("name",) if c in table])
    sizes = measures[size_by].rename(size_by)
    return sizes, measures
