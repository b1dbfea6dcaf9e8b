"""The measures of a network whose typed ties stay on a Dask cluster
(:class:`~netpipe.io.dask_validation.ClusterTies`, from :func:`netpipe.read_on_cluster`).

A projection is made on the workers: each part's ties are sent to buckets by their pair of
people, and each bucket picks, of the rows that tell one fact, the strongest reading (the rows of a
fact are of one pair, so each fact is whole in one bucket). What is gathered here is the projection
itself, two node positions and a weight per pair of people, small next to the ties; the measures are
computed on it here, by igraph, exactly as on the same network in memory.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import Centrality, centrality
from netpipe.analysis.common import Kind, Layer, Projection, projected_ties, projection_of
from netpipe.io.typed_tables import Tables
from netpipe.model.network import Network

if TYPE_CHECKING:
    from netpipe.io.dask_validation import ClusterTies

__all__ = ["centrality_on_cluster", "measured_projections", "network_on_cluster", "project_on_cluster"]

#: The typed columns a projection reads of each tie (which facts its rows tell, and its weight).
_READ = [
    "source", "target", "relation", "directed", "sign", "flow", "weight", "kind",
    *(f"{c}_{p}" for c in ("start", "end") for p in ("lo", "hi", "qualifier")),
]  # fmt: skip


def project_on_cluster(ties: ClusterTies, kind: Kind = "undirected", layer: Layer = "all") -> Projection:
    """The projection of the whole network (see :func:`netpipe.analysis.common.project`), made on the
    workers that hold its ties and gathered here: equal to the projection of the network in memory."""
    client, nodes = ties.client, ties.tables.nodes
    shared = client.scatter(nodes, broadcast=True, hash=False)
    buckets = max(len(ties.parts), 1)
    split = client.map(
        _by_pair, ties.parts, range(len(ties.parts)), nodes=shared, buckets=buckets, pure=False
    )
    chosen = [
        client.submit(
            _projected, [client.submit(operator.getitem, part, k) for part in split], shared, kind, layer
        )
        for k in range(buckets)
    ]
    found = client.gather(chosen)
    rows = pd.concat([frame for frame, _, _ in found], ignore_index=True).sort_values(["_part", "_row"])
    return projection_of(
        kind,
        nodes.index,
        rows["source"].to_numpy(np.int64),
        rows["target"].to_numpy(np.int64),
        rows["weight"].to_numpy(float),
        rows["directed"].to_numpy(bool),
        rows["sign"].to_numpy(float),
        sum(loops for _, loops, _ in found),
        sum(unweighted for _, _, unweighted in found),
    )


def network_on_cluster(ties: ClusterTies, projections: Iterable[tuple[Kind, Layer]]) -> Network:
    """The whole network whose ties are on the cluster, as a selection that holds its
    ``projections`` (kind, layer), made on the workers: every measure that reads only these
    projections (:func:`~netpipe.analysis.centrality.centrality`,
    :func:`~netpipe.analysis.centrality.untied`) takes it as it takes the network in memory. Its
    node table is whole; its edge table has none of the ties (they are on the workers)."""
    network = Network.from_tables(ties.tables)
    for kind, layer in dict.fromkeys(projections):
        network.cache[f"projection-{kind}-{layer}"] = project_on_cluster(ties, kind, layer)
    return network


def centrality_on_cluster(ties: ClusterTies, *, hostile: bool = False, **options: Any) -> Centrality:
    """The centrality of the whole network whose ties are on the cluster (see
    :func:`netpipe.analysis.centrality.centrality`, whose options it takes): its projections made
    on the workers, the measures computed here on them.

    The values are those of ``centrality`` on the same network in memory.
    """
    return centrality(network_on_cluster(ties, measured_projections(hostile)), hostile=hostile, **options)


def measured_projections(hostile: bool = False) -> list[tuple[Kind, Layer]]:
    """The projections the centrality measures read (with or without the hostile ties)."""
    layer: Layer = "all" if hostile else "standing"
    return [("undirected", layer), ("directed", layer)]


def _by_pair(edges: pd.DataFrame, number: int, nodes: pd.DataFrame, buckets: int) -> list[pd.DataFrame]:
    """A part's ties (the columns a projection reads, and where each is in the dataset) sent to
    ``buckets`` by their pair of people."""
    ends = [
        nodes.index.get_indexer(pd.Index(edges[column])).astype(np.int64) for column in ("source", "target")
    ]
    pair = np.minimum(*ends) * max(len(nodes), 1) + np.maximum(*ends)
    read = edges[[c for c in (*_READ, "claim") if c in edges]].reset_index(drop=True)
    read = read.assign(_part=number, _row=np.arange(len(edges)))
    bucket = pair % buckets
    return [read[bucket == k] for k in range(buckets)]


def _projected(
    pieces: list[pd.DataFrame], nodes: pd.DataFrame, kind: Kind, layer: Layer
) -> tuple[pd.DataFrame, int, int]:
    """The ties of one bucket that the projection reads (with where each is in the dataset), and the
    loops and the ties of weight 0 or below among them."""
    edges = pd.concat(pieces, ignore_index=True).sort_values(
        ["_part", "_row"], kind="stable", ignore_index=True
    )
    tables = Tables(nodes, edges, pd.DataFrame())
    read, loops, unweighted = projected_ties(tables, np.ones(len(edges), bool), kind, layer)
    rows = read.pop("row")
    frame = pd.DataFrame(read).assign(
        _part=edges["_part"].to_numpy()[rows], _row=edges["_row"].to_numpy()[rows]
    )
    return frame, loops, unweighted
