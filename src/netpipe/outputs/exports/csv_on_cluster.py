"""The CSV files of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`): the bytes
:func:`~netpipe.outputs.exports.csv_files.write_nodes_csv` and
:func:`~netpipe.outputs.exports.csv_files.write_edges_csv` write of the same selection in memory.

The nodes are here. The ties are put in the graph's order on the workers, in buckets of about
100,000 ties (:mod:`netpipe.outputs.exports.ordered_on_cluster`); each bucket, on a worker, becomes
CSV text (every cell of a tie's row depends on that tie alone), and the text is appended here to the
file a bucket at a time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netpipe.model.on_cluster import ClusterSelection, nodes_of
from netpipe.outputs.exports.columns import write_blocks
from netpipe.outputs.exports.csv_files import (
    cytoscape_edges,
    cytoscape_sources,
    edge_columns,
    write_nodes_csv,
)
from netpipe.outputs.exports.ordered_on_cluster import made_in_order
from netpipe.outputs.table_text import to_csv

__all__ = ["write_edges_csv_on_cluster", "write_nodes_csv_on_cluster"]


def write_nodes_csv_on_cluster(selection: ClusterSelection, path: str | Path) -> Path:
    """Write the selected nodes as CSV (see :func:`netpipe.outputs.exports.csv_files.write_nodes_csv`);
    the nodes are here."""
    return write_nodes_csv(nodes_of(selection), path)


def write_edges_csv_on_cluster(selection: ClusterSelection, path: str | Path) -> Path:
    """Write the selected ties as CSV (UTF-8, atomically), made by the workers that hold them: the
    bytes :func:`netpipe.outputs.exports.csv_files.write_edges_csv` writes of the same selection in
    memory; the file written."""
    rest = edge_columns(selection.ties.tables)
    return write_blocks(path, made_in_order(selection, cytoscape_sources(rest), _csv_text, rest))


def _csv_text(rows: pd.DataFrame, number: int, rest: list[str]) -> bytes:
    """One bucket's ties as CSV (UTF-8), with the header if it is the first."""
    return to_csv(cytoscape_edges(rows, rest), header=number == 0).encode("utf-8")
