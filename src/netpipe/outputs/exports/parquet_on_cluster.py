"""The nodes and ties of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`) as partitioned Parquet: the folders
:mod:`netpipe.outputs.exports.parquet_files` writes of the same selection in memory, with the same
rows in the same order (a reader of the folder gets the same table), written by the workers.

The ties are put in the graph's order on the workers (:mod:`netpipe.outputs.exports.ordered_on_cluster`),
and each bucket, on a worker, writes its parts of the folder. The workers write into the output's
temporary folder by its absolute path, so a cluster of several machines needs the folder on a file
system they share.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from netpipe.model.on_cluster import ClusterSelection, nodes_of
from netpipe.outputs.exports.csv_files import edge_columns, own_node_columns
from netpipe.outputs.exports.ordered_on_cluster import ties_in_order
from netpipe.outputs.exports.parquet_files import (
    ROWS_PER_PART,
    check_rows_per_part,
    parquet_schema,
    write_parquet_parts,
    write_parts,
)
from netpipe.outputs.folder import output_folder

__all__ = ["write_edges_parquet_on_cluster", "write_nodes_parquet_on_cluster"]


def write_nodes_parquet_on_cluster(
    selection: ClusterSelection, folder: str | Path, rows_per_part: int = ROWS_PER_PART
) -> Path:
    """Write the selected nodes as a folder of Parquet parts (see
    :func:`netpipe.outputs.exports.parquet_files.write_nodes_parquet`); the nodes are here."""
    return write_parquet_parts(own_node_columns(nodes_of(selection)), folder, rows_per_part)


def write_edges_parquet_on_cluster(
    selection: ClusterSelection, folder: str | Path, rows_per_part: int = ROWS_PER_PART
) -> Path:
    """Write the selected ties as a folder of Parquet parts, from the workers that hold them (see
    :func:`netpipe.outputs.exports.parquet_files.write_edges_parquet`: the same table).

    Parameters
    ----------
    selection : ClusterSelection
        A selection of a network whose ties are on a Dask cluster.
    folder : str or Path
        The folder to write, replaced as a whole (see :func:`netpipe.outputs.folder.output_folder`);
        the workers must reach it by its absolute path.
    rows_per_part : int
        The most rows in one part.

    Returns
    -------
    Path
        The folder written.
    """
    check_rows_per_part(rows_per_part)
    ties = selection.ties
    columns = ["source", "target", *edge_columns(ties.tables)]
    schema = parquet_schema(ties.tables.edges[columns].reset_index(names="id"))
    with output_folder(folder) as temporary:
        name = str(temporary.absolute() / ".bucket-{:05d}-{{:05d}}.parquet")
        waves = ties_in_order(selection, columns, len(ties.parts), _write_bucket, schema, rows_per_part, name)
        parts = [Path(path) for wave in waves for paths in ties.client.gather(wave) for path in paths]
        if not parts:
            empty = ties.tables.edges[columns].reset_index(names="id")
            parts = write_parts(empty, schema, rows_per_part, lambda n: temporary / f".bucket-{n}.parquet")
        for number, path in enumerate(parts):
            path.rename(temporary / f"part-{number:05d}.parquet")
    return Path(folder)


def _write_bucket(
    rows: pd.DataFrame, number: int, schema: pa.Schema, rows_per_part: int, name: str
) -> list[str]:
    """Write one bucket's ties, in their order, as the parts named ``name`` (formatted with the
    bucket's number, then the part's; none if it has no tie); the files written, in order."""
    if not len(rows):
        return []
    named = name.format(number)
    table = rows.reset_index(names="id")
    return [str(path) for path in write_parts(table, schema, rows_per_part, lambda n: Path(named.format(n)))]
