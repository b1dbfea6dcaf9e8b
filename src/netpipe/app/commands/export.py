"""The export command: the network, or a selection of it, for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import open_view, say, say_selection, split
from netpipe.app.commands.options import (
    DataArg,
    GexfUndirectedOption,
    LinkKeyOption,
    ViewOptions,
    with_options,
)


@with_options()
def export(
    data: DataArg = Path("data"),
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="graphml, gexf, json, csv, parquet, datapackage or all (repeatable or comma-separated; "
            "default all but parquet).",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write into.")] = Path("outputs"),
    link_key: LinkKeyOption = "edges",
    gexf_undirected: GexfUndirectedOption = "undirected",
    view_options: ViewOptions = ViewOptions(),
) -> None:
    """Write the network (or a selection of it) as GraphML, GEXF, JSON, CSV, Parquet and a data package.

    Prints the path of each file written. The data package holds the whole dataset. Parquet
    (asked by name) writes the folders network-nodes.parquet/ and network-edges.parquet/ of
    parts, which pandas, Dask, DuckDB and netpipe (as a dataset's nodes/ and edges/) read.

    Example: netpipe export data --at 1937-02-18 --format gexf --out outputs
    """
    from netpipe.outputs.exports import DEFAULT_FORMATS
    from netpipe.outputs.exports import export as write_exports

    view = open_view(data, view_options)
    say_selection(view)
    paths = write_exports(
        view, out, split(output_format) or DEFAULT_FORMATS, protect=[data], link_key=link_key,
        gexf_undirected=gexf_undirected,
    )  # fmt: skip
    for path in paths:
        say(str(path))
