"""The nodes and ties of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`) as partitioned Parquet: the folders
:mod:`netpipe.outputs.exports.parquet_files` writes of the same selection in memory, with the same
rows in the same order (a reader of the folder gets the same table), written by the workers.

The ties are written in the order a NetworkX graph lists its edges (by source, then neighbour in
order of first tie, then row; :func:`netpipe.model.network.graph_order`). Each part sends where its
selected ties go (their source's place, their pair of people, their row; 40 bytes a tie) to buckets
by ranges of their source's place, with the first row of each pair it holds; each bucket, on a
worker, puts its ties in order. Then, a wave of as many buckets as there are workers at a time,
each bucket takes its rows from the parts and writes its parts of the folder, so that the workers
hold the selected ties' text a wave at a time. The workers write into the output's temporary folder
by its absolute path, so a cluster of several machines needs the folder on a file system they share.
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
    pass

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
        client.submit(_keys_by_source, part, mask, selection.index, number, offset, bounds, pure=False)
        for number, (part, mask, offset) in enumerate(
            zip(ties.parts, selection.edge_masks, np.cumsum([0, *lengths[:-1]]).tolist(), strict=True)
        )
    ]
    orders = [
        client.submit(
            _bucket_order, [client.submit(operator.getitem, keys, k) for keys in split], len(ties.parts)
        )
        for k in range(buckets)
    ]
    del split
    wave = max(len(client.scheduler_info()["workers"]), 1)
    with output_folder(folder) as temporary:
        parts: list[Path] = []
        for first in range(0, buckets, wave):  # a wave of buckets at a time: their rows, then the next's
            written = [
                client.submit(
                    _write_bucket,
                    [
                        client.submit(
                            _taken, part, client.submit(operator.getitem, orders[k], number), columns
                        )
                        for number, part in enumerate(ties.parts)
                    ],
                    schema,
                    rows_per_part,
                    str(temporary.absolute() / f".bucket-{k:05d}-{{:05d}}.parquet"),
                    pure=False,
                )
                for k in range(first, min(first + wave, buckets))
            ]
            parts += [Path(path) for paths in client.gather(written) for path in paths]
        if not parts:
            empty = tables.edges[columns].reset_index(names="id")
            parts = write_parts(empty, schema, rows_per_part, lambda n: temporary / f".bucket-{n}.parquet")
        for number, path in enumerate(parts):
            path.rename(temporary / f"part-{number:05d}.parquet")
    return Path(folder)


def _keys_by_source(
    edges: pd.DataFrame, mask: np.ndarray, index: pd.Index, number: int, offset: int, bounds: np.ndarray
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Where a part's selected ties go in the graph's order (their source's place, their pair and
    their row in the part and in the dataset) and the first row in the dataset of each pair of people
    the part holds (selected or not), cut into buckets by ranges of the source's place (``bounds``)."""
    source = index.get_indexer(pd.Index(edges["source"])).astype(np.int64)
    target = index.get_indexer(pd.Index(edges["target"])).astype(np.int64)
    pair = source * (len(index) + 1) + target
    row = offset + np.arange(len(edges), dtype=np.int64)
    pairs = pd.DataFrame({"_source": source, "_pair": pair, "_first": row})
    pairs = pairs.groupby("_pair", sort=False).agg({"_source": "first", "_first": "min"}).reset_index()
    keys = pd.DataFrame(
        {"_source": source, "_pair": pair, "_row": row, "_part": number, "_at": np.arange(len(edges))}
    )[mask]
    key_bucket = np.searchsorted(bounds, keys["_source"].to_numpy(), "right")
    pair_bucket = np.searchsorted(bounds, pairs["_source"].to_numpy(), "right")
    return [(keys[key_bucket == k], pairs[pair_bucket == k]) for k in range(len(bounds) + 1)]


def _bucket_order(pieces: list[tuple[pd.DataFrame, pd.DataFrame]], parts: int) -> list[pd.DataFrame]:
    """The ties of one bucket in the graph's order: by part, their rows in the part and their place
    in the bucket's output."""
    keys = pd.concat([keys for keys, _ in pieces], ignore_index=True)
    first = pd.concat([pairs for _, pairs in pieces]).groupby("_pair")["_first"].min()
    keys["_first"] = first.reindex(keys["_pair"]).to_numpy()
    keys = keys.sort_values(["_source", "_first", "_row"], kind="stable", ignore_index=True)
    keys["_place"] = np.arange(len(keys))
    return [keys.loc[keys["_part"] == number, ["_at", "_place"]] for number in range(parts)]


def _taken(edges: pd.DataFrame, order: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows of a part that ``order`` names, with their own columns and their place in the output."""
    rows = edges.iloc[order["_at"].to_numpy()][columns].reset_index(names="id")
    return rows.assign(_place=order["_place"].to_numpy())


def _write_bucket(pieces: list[pd.DataFrame], schema: pa.Schema, rows_per_part: int, name: str) -> list[str]:
    """Write one bucket's ties in their order as the parts named ``name`` (formatted with the part's
    number; none if it has no tie); the files written, in order."""
    rows = pd.concat(pieces, ignore_index=True)
    if not len(rows):
        return []
    table = rows.sort_values("_place").drop(columns="_place")
    return [str(path) for path in write_parts(table, schema, rows_per_part, lambda n: Path(name.format(n)))]
