"""The export command: the network, or a selection of it, for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import cluster_view, open_view, say, say_selection, split
from netpipe.app.commands.options import (
    ClusterOption,
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
    cluster: ClusterOption = None,
) -> None:
    """Write the network (or a selection of it) as GraphML, GEXF, JSON, CSV, Parquet and a data package.

    Prints the path of each file written. The data package holds the whole dataset. Parquet
    (asked by name) writes the folders network-nodes.parquet/ and network-edges.parquet/ of
    parts, which pandas, Dask, DuckDB and netpipe (as a dataset's nodes/ and edges/) read.

    With --cluster (Parquet only), the ties are read, selected and written by the Dask workers.

    Example: netpipe export data --at 1937-02-18 --format gexf --out outputs
    """
    from netpipe.outputs.exports import DEFAULT_FORMATS
    from netpipe.outputs.exports import export as write_exports

    if cluster:
        if split(output_format) != ["parquet"]:
            raise typer.BadParameter(
                "--cluster writes only --format parquet: the other formats hold the network in one file",
                param_hint="--cluster",
            )
        for path in _export_on_cluster(data, out, cluster, view_options):
            say(str(path))
        return
    view = open_view(data, view_options)
    say_selection(view)
    paths = write_exports(
        view, out, split(output_format) or DEFAULT_FORMATS, protect=[data], link_key=link_key,
        gexf_undirected=gexf_undirected,
    )  # fmt: skip
    for path in paths:
        say(str(path))


def _export_on_cluster(data: Path, out: Path, cluster: str, view_options: ViewOptions) -> list[Path]:
    """Read, select and write the network as Parquet on a Dask cluster; the folders written."""
    from netpipe.outputs.exports.parquet_on_cluster import write_parquet_on_cluster

    with cluster_view(data, cluster, view_options) as selection:
        return write_parquet_on_cluster(selection, out, protect=[data])
