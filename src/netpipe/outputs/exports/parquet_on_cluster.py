"""The nodes and ties of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`) as partitioned Parquet: the folders
:mod:`netpipe.outputs.exports.parquet_files` writes of the same selection in memory, with the same
rows in the same order (a reader of the folder gets the same table), written by the workers.

The ties are written in the order a NetworkX graph lists its edges (by source, then neighbour in
order of first tie, then row; :func:`netpipe.model.network.graph_order`): each part sends its
selected ties to buckets by ranges of their source's place in the node table, with the first row
of each pair of people it holds; each bucket, on a worker, sorts its ties and writes its parts.
The workers write into the output's temporary folder by its absolute path, so a cluster of
several machines needs the folder on a file system they share.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from netpipe.model.on_cluster import ClusterSelection, nodes_of
from netpipe.outputs.exports.csv_files import own_node_columns
from netpipe.outputs.exports.parquet_files import (
    ROWS_PER_PART,
    check_rows_per_part,
    parquet_schema,
    write_parquet_parts,
    write_parts,
)
from netpipe.outputs.folder import output_folder

if TYPE_CHECKING:
    from distributed import Future

__all__ = ["write_edges_parquet_on_cluster", "write_nodes_parquet_on_cluster", "write_parquet_on_cluster"]


def write_parquet_on_cluster(
    selection: ClusterSelection, out_dir: str | Path, protect: Sequence[str | Path] = ()
) -> list[Path]:
    """Write ``network-nodes.parquet/`` and ``network-edges.parquet/`` of the selection into the
    folder ``out_dir`` (as :func:`netpipe.outputs.exports.export` with ``formats=["parquet"]``:
    ``out_dir`` keeps the other files netpipe wrote there; ``protect``: folders it may be neither one
    of nor hold); the folders written."""
    with output_folder(out_dir, protect, keep=True) as folder:
        write_nodes_parquet_on_cluster(selection, folder / "network-nodes.parquet")
        write_edges_parquet_on_cluster(selection, folder / "network-edges.parquet")
    return [Path(out_dir) / name for name in ("network-nodes.parquet", "network-edges.parquet")]


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
    client, tables = ties.client, ties.tables
    rest = [c for c in tables.user_columns["edges"] if c not in ("id", "source", "target")]
    columns = ["source", "target", *rest, *(["weight"] if "weight" not in rest else [])]
    schema = parquet_schema(tables.edges[columns].reset_index(names="id"))
    buckets = max(len(ties.parts), 1)
    bounds = np.linspace(0, len(tables.nodes), buckets + 1)[1:-1]
    lengths = client.gather(client.map(len, ties.parts))
    split = [
        client.submit(_by_source, part, mask, selection.index, offset, columns, bounds, pure=False)
        for part, mask, offset in zip(
            ties.parts, selection.edge_masks, np.cumsum([0, *lengths[:-1]]).tolist(), strict=True
        )
    ]
    with output_folder(folder) as temporary:
        place = str(temporary.absolute())
        written: list[Future] = [
            client.submit(
                _write_bucket,
                [client.submit(operator.getitem, pieces, k) for pieces in split],
                schema,
                rows_per_part,
                place,
                k,
                pure=False,
            )
            for k in range(buckets)
        ]
        parts = [Path(path) for paths in client.gather(written) for path in paths]
        if not parts:
            empty = tables.edges[columns].reset_index(names="id")
            parts = write_parts(empty, schema, rows_per_part, lambda n: temporary / f".bucket-{n}.parquet")
        for number, path in enumerate(parts):
            path.rename(temporary / f"part-{number:05d}.parquet")
    return Path(folder)


def _by_source(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    offset: int,
    columns: list[str],
    bounds: np.ndarray,
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """A part's selected ties (their own columns, their source's place and their row in the
    dataset) and the first row of each pair of people it holds (selected or not), cut into buckets
    by ranges of the source's place (``bounds``)."""
    source = index.get_indexer(pd.Index(edges["source"])).astype(np.int64)
    target = index.get_indexer(pd.Index(edges["target"])).astype(np.int64)
    row = offset + np.arange(len(edges), dtype=np.int64)
    pairs = pd.DataFrame({"_source": source, "_pair": _pairs(source, target, len(index)), "_first": row})
    pairs = pairs.groupby("_pair", sort=False).agg({"_source": "first", "_first": "min"}).reset_index()
    rows = edges.loc[mask, columns].reset_index(names="id")
    rows = rows.assign(
        _source=source[mask], _pair=_pairs(source[mask], target[mask], len(index)), _row=row[mask]
    )
    row_bucket = np.searchsorted(bounds, rows["_source"].to_numpy(), "right")
    pair_bucket = np.searchsorted(bounds, pairs["_source"].to_numpy(), "right")
    return [(rows[row_bucket == k], pairs[pair_bucket == k]) for k in range(len(bounds) + 1)]


def _pairs(source: np.ndarray, target: np.ndarray, nodes: int) -> np.ndarray:
    """A key for each (source, target) pair of places among ``nodes``."""
    return source * (nodes + 1) + target


def _write_bucket(
    pieces: list[tuple[pd.DataFrame, pd.DataFrame]],
    schema: pa.Schema,
    rows_per_part: int,
    folder: str,
    bucket: int,
) -> list[str]:
    """Sort one bucket's ties in the graph's order and write them into ``folder`` (none if it has
    none); the files written, in order."""
    rows = pd.concat([rows for rows, _ in pieces], ignore_index=True)
    if not len(rows):
        return []
    first = pd.concat([pairs for _, pairs in pieces]).groupby("_pair")["_first"].min()
    rows["_first"] = first.reindex(rows["_pair"]).to_numpy()
    rows = rows.sort_values(["_source", "_first", "_row"], kind="stable")
    table = rows.drop(columns=["_source", "_pair", "_row", "_first"])
    paths = write_parts(
        table, schema, rows_per_part, lambda n: Path(folder) / f".bucket-{bucket:05d}-{n:05d}.parquet"
    )
    return [str(path) for path in paths]
