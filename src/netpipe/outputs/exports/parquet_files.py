"""Nodes and ties as partitioned Parquet: folders of parts that data tools and netpipe read.

``network-nodes.parquet/`` and ``network-edges.parquet/`` each hold ``part-00000.parquet``,
``part-00001.parquet``, ... of at most :data:`ROWS_PER_PART` rows, in row groups of
:data:`~netpipe.outputs.exports.columns.BLOCK` rows. ``pandas.read_parquet(folder)``,
``pyarrow.dataset.dataset(folder)``, ``dask.dataframe.read_parquet(folder)`` and DuckDB's
``read_parquet('folder/*.parquet')`` read a folder as one table (each skips netpipe's
manifest, a file starting with a dot). The columns are the dataset's own, as in nodes.csv and
edges.csv, with the values netpipe filled in (``kind``, ``certainty``, ``weight``): so a folder
holding ``nodes/`` and ``edges/`` made of them (and the dataset's relations.csv) is a dataset
netpipe reads back (see :mod:`netpipe.io.parts`). Every column is text, blank where a cell is,
but ``weight`` (a double); the text is written as it is, not neutralized for spreadsheets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike
from netpipe.outputs.exports.columns import BLOCK
from netpipe.outputs.exports.csv_files import own_edge_columns, own_node_columns
from netpipe.outputs.folder import output_folder

__all__ = [
    "ROWS_PER_PART",
    "check_rows_per_part",
    "parquet_schema",
    "write_edges_parquet",
    "write_nodes_parquet",
    "write_parquet_parts",
    "write_parts",
]

#: The most rows a part holds (a partition of Dask's reads: about 100 MB of ties).
ROWS_PER_PART = 1_000_000


def write_nodes_parquet(graph: NetworkLike, folder: str | Path, rows_per_part: int = ROWS_PER_PART) -> Path:
    """Write the selected nodes as a folder of Parquet parts (the columns of nodes.csv).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a :class:`~netpipe.model.network.Network`.
    folder : str or Path
        The folder to write, replaced as a whole (see :func:`netpipe.outputs.folder.output_folder`).
    rows_per_part : int
        The most rows in one part.

    Returns
    -------
    Path
        The folder written.
    """
    return write_parquet_parts(own_node_columns(graph), folder, rows_per_part)


def write_edges_parquet(graph: NetworkLike, folder: str | Path, rows_per_part: int = ROWS_PER_PART) -> Path:
    """Write the selected ties as a folder of Parquet parts (the columns of edges.csv, ``id`` first).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a :class:`~netpipe.model.network.Network`.
    folder : str or Path
        The folder to write, replaced as a whole (see :func:`netpipe.outputs.folder.output_folder`).
    rows_per_part : int
        The most rows in one part.

    Returns
    -------
    Path
        The folder written.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> out = tempfile.TemporaryDirectory()
    >>> folder = write_edges_parquet(netpipe.load("tests/data/valid"), out.name + "/edges", rows_per_part=3)
    >>> sorted(p.name for p in folder.glob("*.parquet"))
    ['part-00000.parquet', 'part-00001.parquet']
    >>> pd.read_parquet(folder)["id"].tolist()
    ['t1', 't2', 't4', 't3']
    >>> out.cleanup()
    """
    return write_parquet_parts(own_edge_columns(graph), folder, rows_per_part)


def write_parquet_parts(table: pd.DataFrame, folder: str | Path, rows_per_part: int = ROWS_PER_PART) -> Path:
    """Write a table as ``part-00000.parquet``, ... of ``rows_per_part`` rows at most, atomically.

    Numeric columns keep their type; every other column is written as text. A table without
    rows is one part with its columns and no row.
    """
    check_rows_per_part(rows_per_part)
    schema = parquet_schema(table)
    with output_folder(folder) as temporary:
        write_parts(table, schema, rows_per_part, lambda number: temporary / f"part-{number:05d}.parquet")
    return Path(folder)


def check_rows_per_part(rows_per_part: int) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` unless a part may hold ``rows_per_part`` rows."""
    if rows_per_part < 1:
        raise ArgumentError(f"rows_per_part must be at least 1, not {rows_per_part}")


def parquet_schema(table: pd.DataFrame) -> pa.Schema:
    """The schema a table's parts are written in: numeric columns as doubles, the others as text."""
    return pa.schema(
        [
            (str(name), pa.float64() if pd.api.types.is_float_dtype(table[name]) else pa.string())
            for name in table.columns
        ]
    )


def write_parts(
    table: pd.DataFrame, schema: pa.Schema, rows_per_part: int, path_of: Callable[[int], Path]
) -> list[Path]:
    """Write a table in ``schema`` as parts of ``rows_per_part`` rows at most, the first at
    ``path_of(0)`` (one part with no row for a table without rows); return the parts written."""
    written = []
    for number, start in enumerate(range(0, max(len(table), 1), rows_per_part)):
        rows = table.iloc[start : start + rows_per_part]
        with pq.ParquetWriter(path_of(number), schema) as writer:
            for block in range(0, max(len(rows), 1), BLOCK):
                writer.write_table(_arrow(rows.iloc[block : block + BLOCK], schema))
        written.append(path_of(number))
    return written


def _arrow(rows: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Rows as a pyarrow table of ``schema``: text columns as ``str`` of each value."""
    arrays = []
    for field, name in zip(schema, rows.columns, strict=True):
        values = rows[name]
        if field.type == pa.string() and not pd.api.types.is_string_dtype(values):
            values = values.map(str, na_action="ignore").fillna("")  # ids of a graph: any object
        arrays.append(pa.array(values.to_numpy(), field.type))
    return pa.Table.from_arrays(arrays, schema=schema)
