"""The selected ties of a network on a Dask cluster (a
:class:`~netpipe.model.on_cluster.ClusterSelection`) put in the order a NetworkX graph lists its
edges (by source, then neighbour in order of first tie, then row;
:func:`netpipe.model.network.graph_order`) on the workers, for the exports that write them from there.

Each part sends where its selected ties go (their source's place, their pair of people, their row;
40 bytes a tie) to buckets by ranges of their source's place, with the first row of each pair it
holds; each bucket, on a worker, puts its ties in order. Then, a wave of as many buckets as there are
workers at a time, each bucket takes its rows from the parts and makes of them what the export asks
(a file, a text), so that the workers hold the selected ties' rows a wave at a time.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netpipe.model.on_cluster import ClusterSelection

if TYPE_CHECKING:
    from distributed import Future

__all__ = ["BUCKET_TIES", "made_in_order", "ties_in_order"]

#: About how many ties a bucket holds (at least one bucket a part) where the calling process takes
#: what each bucket makes (its text): the most of the ties it holds at once.
BUCKET_TIES = 100_000


def made_in_order(
    selection: ClusterSelection, columns: list[str], work: Callable[..., Any], *args: Any
) -> Iterator[Any]:
    """What ``work`` makes of each bucket of about :data:`BUCKET_TIES` ties (see :func:`ties_in_order`),
    in order, each let go of on its worker once given."""
    ties = selection.ties
    buckets = max(len(ties.parts), -(-ties.count // BUCKET_TIES))
    for wave in ties_in_order(selection, columns, buckets, work, *args):
        while wave:
            yield wave.pop(0).result()


def ties_in_order(
    selection: ClusterSelection, columns: list[str], buckets: int, work: Callable[..., Any], *args: Any
) -> Iterator[list[Future]]:
    """Cut the selected ties into ``buckets`` by ranges of their source's place and, on the workers,
    make ``work(rows, number, *args)`` of each bucket's rows in the graph's order (with their
    ``columns``, indexed by id; ``number``: the bucket's, from 0); the futures of what it makes, in
    order, a wave of as many buckets as there are workers at a time (the next made when asked for).
    """
    ties = selection.ties
    client = ties.client
    buckets = max(buckets, 1)
    bounds = np.linspace(0, len(ties.tables.nodes), buckets + 1)[1:-1]
    lengths = client.gather(client.map(len, ties.parts))
    split = [
        client.submit(_keys_by_source, part, mask, index, number, offset, bounds, pure=False)
        for number, (part, mask, index, offset) in enumerate(
            zip(
                ties.parts,
                selection.edge_masks,
                selection.indexes,
                np.cumsum([0, *lengths[:-1]]).tolist(),
                strict=True,
            )
        )
    ]
    orders = [
        client.submit(
            _bucket_order, [client.submit(operator.getitem, keys, k) for keys in split], len(ties.parts)
        )
        for k in range(buckets)
    ]
    del split
    wave = max(len(client.nthreads()), 1)  # asked of the scheduler; scheduler_info may answer from a cache
    for first in range(0, buckets, wave):
        yield [
            client.submit(
                _in_order,
                [
                    client.submit(_taken, part, client.submit(operator.getitem, orders[k], number), columns)
                    for number, part in enumerate(ties.parts)
                ],
                k,
                work,
                args,
                pure=False,
            )
            for k in range(first, min(first + wave, buckets))
        ]


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
    """The rows of a part that ``order`` names, with their ``columns`` and their place in the bucket."""
    return edges.iloc[order["_at"].to_numpy()][columns].assign(_place=order["_place"].to_numpy())


def _in_order(
    pieces: list[pd.DataFrame], number: int, work: Callable[..., Any], args: tuple[Any, ...]
) -> Any:
    """What ``work`` makes of one bucket's rows, taken from the parts, in their order."""
    return work(pd.concat(pieces).sort_values("_place").drop(columns="_place"), number, *args)
