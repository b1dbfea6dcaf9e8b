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
            "default all but parquet; with --cluster, all but parquet and datapackage).",
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

    With --cluster, the ties are read, selected and written by the Dask workers, the same files as
    in memory, in every format but the data package (the whole dataset: export it without
    --cluster); the default is then graphml, gexf, json and csv.

    Example: netpipe export data --at 1937-02-18 --format gexf --out outputs
    """
    from netpipe.outputs.exports import CLUSTER_FORMATS, DEFAULT_FORMATS, cluster_formats, export_on_cluster
    from netpipe.outputs.exports import export as write_exports

    formats = split(output_format)
    if cluster:
        default = [name for name in DEFAULT_FORMATS if name in CLUSTER_FORMATS]
        chosen = cluster_formats(formats or default)  # before a cluster is started
        with cluster_view(data, cluster, view_options) as selection:
            paths = export_on_cluster(
                selection, out, chosen, [data], link_key=link_key, gexf_undirected=gexf_undirected
            )
    else:
        view = open_view(data, view_options)
        say_selection(view)
        paths = write_exports(
            view,
            out,
            formats or DEFAULT_FORMATS,
            protect=[data],
            link_key=link_key,
            gexf_undirected=gexf_undirected,
        )
    for path in paths:
        say(str(path))
