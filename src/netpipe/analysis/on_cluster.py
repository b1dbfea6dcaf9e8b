"""The measures of a network whose typed ties stay on a Dask cluster
(:class:`~netpipe.io.dask_validation.ClusterTies`, from :func:`netpipe.read_on_cluster`, as the
whole network) or of a selection of it (:class:`~netpipe.model.on_cluster.ClusterSelection`: a
day, a period, a choice of ties).

A projection is made on the workers: each part's ties are sent to buckets by their pair of
people, and each bucket picks, of the rows that tell one fact, the strongest reading (the rows of a
fact are of one pair, so each fact is whole in one bucket). What is gathered here is the projection
itself, two node positions and a weight per pair of people, small next to the ties; the measures are
computed on it here, by igraph, exactly as on the same network in memory.

Above :data:`GATHER_LIMIT` ties (``gather_limit``), the projection stays on the workers, each
bucket's ties summed into pairs there as they would be here: degree, in- and out-degree are counted
bucket by bucket and summed here, and PageRank iterates, each round sending the ranks to the
buckets and summing what flows along their pairs. The measures that need the whole graph in one
place (betweenness, closeness, eigenvector, core) are then skipped, with a note.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import (
    MAX_ITER,
    MEASURES,
    Centrality,
    centrality,
    check_options,
    degree_of,
    measured_over_dates,
    measured_table,
    pagerank_rounds,
    set_apart,
)
from netpipe.analysis.common import Kind, Layer, Projection, described, projected_ties, projection_of
from netpipe.io.errors import TooLarge
from netpipe.io.spans import Presence, Reading
from netpipe.io.typed_tables import Tables
from netpipe.io.words import join_names
from netpipe.io.worker_copies import beside
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    between_on_cluster,
    nodes_of,
    selection_on_cluster,
    snapshot_on_cluster,
    timeline_on_cluster,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from netpipe.io.dask_validation import ClusterTies

__all__ = [
    "GATHERED_ONLY",
    "GATHER_LIMIT",
    "centrality_on_cluster",
    "centrality_over_time_on_cluster",
    "described_on_cluster",
    "network_on_cluster",
    "project_on_cluster",
    "untied_on_cluster",
]

#: The most ties whose projections are gathered to the client and measured there by igraph. The
#: client's peak was measured at about 300 bytes a tie (the rows gathered, both projections, the
#: igraph graph, betweenness from sampled sources): twenty million ties take about 6 GB, a quarter
#: of a 24 GB machine, beside the node table.
GATHER_LIMIT = 20_000_000
#: The measures that read the whole projection in one place, skipped above the gather limit.
GATHERED_ONLY = ("betweenness", "closeness", "eigenvector", "core")

#: The typed columns a projection reads of each tie (which facts its rows tell, and its weight).
_READ = [
    "source", "target", "relation", "directed", "sign", "flow", "weight", "kind",
    *(f"{c}_{p}" for c in ("start", "end") for p in ("lo", "hi", "qualifier")),
]  # fmt: skip


def project_on_cluster(
    network: ClusterTies | ClusterSelection, kind: Kind = "undirected", layer: Layer = "all"
) -> Projection:
    """The projection of a network on a cluster (see :func:`netpipe.analysis.common.project`),
    made on the workers that hold its ties and gathered here: equal to the projection of the same
    network (or selection) in memory."""
    selection = selection_on_cluster(network)
    nodes = nodes_of(selection).nodes.index
    return _projection(selection.ties.client.gather(_kept(selection, kind, layer)), kind, nodes)


def network_on_cluster(
    network: ClusterTies | ClusterSelection,
    projections: Iterable[tuple[Kind, Layer]],
    gather_limit: int | None = None,
) -> Network:
    """A network on a cluster as a :class:`~netpipe.model.network.Network` that holds its
    ``projections`` (kind, layer), made on the workers: every measure that reads only these
    projections (:func:`~netpipe.analysis.centrality.centrality`,
    :func:`~netpipe.analysis.balance.balance`) takes it as it takes the same network in memory.
    Its node table is whole, with the selection's nodes selected; its edge table has none of the
    ties (they are on the workers).

    Raises
    ------
    TooLarge
        A projection holds more than ``gather_limit`` ties (when given); none is gathered.
    """
    selection = selection_on_cluster(network)
    client, made = selection.ties.client, nodes_of(selection)
    kept = _kept_for(selection, projections)
    for (kind, layer), buckets in kept.items() if gather_limit is not None else ():
        size = sum(client.gather(client.map(_length, buckets)))
        if size > gather_limit:
            raise TooLarge(
                f"the {kind} projection ({layer} ties) holds {size:,} ties, above the gather limit "
                f"({gather_limit:,})"
            )
    for (kind, layer), buckets in kept.items():
        made.cache[f"projection-{kind}-{layer}"] = _projection(client.gather(buckets), kind, made.nodes.index)
    return made


def centrality_on_cluster(
    network: ClusterTies | ClusterSelection,
    *,
    hostile: bool = False,
    gather_limit: int = GATHER_LIMIT,
    measures: Sequence[str] = MEASURES,
    max_iter: int | None = None,
    **options: Any,
) -> Centrality:
    """The centrality of the whole network whose ties are on the cluster (see
    :func:`netpipe.analysis.centrality.centrality`, whose options it takes): its projections made
    on the workers.

    Parameters
    ----------
    network : ClusterTies or ClusterSelection
        The network read on the cluster (:func:`netpipe.read_on_cluster`), or a selection of it
        (:mod:`netpipe.model.on_cluster`).
    hostile : bool
        Count hostile ties (sign -1) as ties like the others.
    gather_limit : int
        The most ties (of the undirected projection the measures read, one reading per fact)
        gathered here and measured by igraph; 0 gathers none. Above it, degree, in- and
        out-degree and PageRank are computed on the cluster and the other measures are NaN, with
        a note that says so.
    measures, max_iter, **options
        As :func:`~netpipe.analysis.centrality.centrality` takes them.

    Returns
    -------
    Centrality
        The values of ``centrality`` on the same network in memory: equal for the degrees,
        within 1e-9 for PageRank computed on the cluster.
    """
    check_options(options.get("engine", "igraph"), measures)
    selection = selection_on_cluster(network)
    client, measured = selection.ties.client, nodes_of(selection)
    nodes = measured.nodes
    layer: Layer = "all" if hostile else "standing"
    undirected = _kept(selection, "undirected", layer)
    size = sum(client.gather(client.map(_length, undirected)))
    if (gather_limit and size <= gather_limit) or not len(nodes):
        measured.cache[f"projection-undirected-{layer}"] = _projection(
            client.gather(undirected), "undirected", nodes.index
        )
        measured.cache[f"projection-directed-{layer}"] = project_on_cluster(selection, "directed", layer)
        return centrality(measured, hostile=hostile, measures=measures, max_iter=max_iter, **options)
    return _measured_on_workers(
        selection, undirected, layer, size, gather_limit, measures, max_iter or MAX_ITER
    )


def centrality_over_time_on_cluster(
    network: ClusterTies | ClusterSelection,
    dates: Sequence[str] | None = None,
    measures: Sequence[str] = ("degree", "betweenness", "pagerank"),
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
    gather_limit: int = GATHER_LIMIT,
    **options: Any,
) -> Centrality:
    """Centrality at each of several dates of a network on a cluster, with ranks and their changes
    (see :func:`netpipe.analysis.over_time.centrality_over_time`, whose arguments it takes): each
    date a snapshot made on the workers (:func:`~netpipe.model.on_cluster.snapshot_on_cluster`),
    measured by :func:`centrality_on_cluster`; the dates by default those of
    :func:`~netpipe.model.on_cluster.timeline_on_cluster`."""
    selection = selection_on_cluster(network)
    return measured_over_dates(
        timeline_on_cluster(selection) if dates is None else dates,
        lambda date: centrality_on_cluster(
            snapshot_on_cluster(selection, date, reading, certainty, presence),
            measures=measures,
            gather_limit=gather_limit,
            **options,
        ),
        measures,
    )


def _measured_on_workers(
    selection: ClusterSelection,
    undirected: list[Future],
    layer: Layer,
    size: int,
    gather_limit: int,
    measures: Sequence[str],
    max_iter: int,
) -> Centrality:
    """The centrality of :func:`centrality_on_cluster` with the projections left in buckets on the
    workers (``undirected``: the ties each bucket keeps for the undirected one, ``size`` in all)."""
    client, nodes = selection.ties.client, nodes_of(selection).nodes
    set_aside = client.gather(client.map(_set_apart, undirected))
    notes = set_apart(sum(loops for loops, _ in set_aside), sum(weightless for _, weightless in set_aside))
    skipped = [measure for measure in measures if measure in GATHERED_ONLY]
    if skipped:
        held = f"{size:,} {'tie' if size == 1 else 'ties'}"
        above = (
            f"above the gather limit ({gather_limit:,})" if size > gather_limit else "the gather limit is 0"
        )
        notes.append(
            f"{join_names(skipped, 'and')} not computed: they need the whole projection in one process, "
            f"and it holds {held}, {above}; the degrees and PageRank were computed on the cluster"
        )
    positions = pd.RangeIndex(len(nodes))
    pairs = [client.submit(_projection, [found], "undirected", positions) for found in undirected]
    arcs = [
        client.submit(_projection, [found], "directed", positions)
        for found in _kept(selection, "directed", layer)
    ]
    ends = _summed(client, client.map(_ends, pairs))
    out_ties, in_ties = _summed(client, client.map(_arc_ends, arcs))
    values = {measure: np.full(len(nodes), np.nan) for measure in measures}
    for measure, counted in (("degree", ends), ("in_degree", in_ties), ("out_degree", out_ties)):
        if measure in values:
            values[measure] = degree_of(counted)
    if "pagerank" in values:
        values["pagerank"] = _pagerank(client, arcs, max_iter, notes)
    frame = pd.DataFrame({"name": nodes["name"].to_numpy()}, index=nodes.index.rename("node"))
    measured_table(frame, values, ends > 0, (in_ties + out_ties) > 0)
    return Centrality(frame, tuple(notes))


def described_on_cluster(
    network: ClusterTies | ClusterSelection, pairs: pd.DataFrame, signed_only: bool = False
) -> pd.DataFrame:
    """``pairs`` of people (columns ``a``, ``b``) with what lies behind each in a network on a cluster
    (see :func:`netpipe.analysis.common.described`), from their ties gathered from the workers."""
    selection = selection_on_cluster(network)
    return described(between_on_cluster(selection, pairs["a"], pairs["b"]), pairs, signed_only)


def untied_on_cluster(network: ClusterTies | ClusterSelection) -> pd.Index:
    """The nodes with no tie at all in a network on a cluster (see
    :func:`netpipe.analysis.centrality.untied`), counted on the workers."""
    selection = selection_on_cluster(network)
    nodes, client = nodes_of(selection).nodes, selection.ties.client
    counted = client.map(_row_ends, _kept(selection, "undirected", "all"), n=len(nodes))
    return nodes.index[_summed(client, counted) == 0]


def _kept(selection: ClusterSelection, kind: Kind, layer: Layer) -> list[Future]:
    """The futures of each bucket's ties that a projection of the selection reads (see
    :func:`_projected`), their people at their places among the selection's nodes."""
    return _kept_for(selection, [(kind, layer)])[kind, layer]


def _kept_for(
    selection: ClusterSelection, projections: Iterable[tuple[Kind, Layer]]
) -> dict[tuple[Kind, Layer], list[Future]]:
    """:func:`_kept` for each of ``projections``, each bucket reading its ties (:func:`_buckets`)
    with the selection's masks."""
    client = selection.ties.client
    place = beside(client, np.cumsum(selection.node_mask) - 1, selection.ties.parts)
    return {
        (kind, layer): [
            client.submit(
                _projected, bucket, selection.edge_masks, selection.indexes[k], place[k], kind, layer
            )
            for k, bucket in enumerate(_buckets(selection))
        ]
        for kind, layer in dict.fromkeys(projections)
    }


def _buckets(selection: ClusterSelection) -> list[Future]:
    """Each bucket's ties (the columns a projection reads, where each is in the dataset), in the
    dataset's order, for every selection of the ties: the parts' ties are sent to the buckets by their
    pair of people once, and the buckets kept on the workers (cached on the ties)."""
    ties = selection.ties
    if "buckets" not in ties.cache:
        client, buckets = ties.client, max(len(ties.parts), 1)
        split = [
            client.submit(_by_pair, part, number, index, buckets, pure=False)
            for number, (part, index) in enumerate(zip(ties.parts, selection.indexes, strict=True))
        ]
        ties.cache["buckets"] = [
            client.submit(_in_order, [client.submit(operator.getitem, part, k) for part in split])
            for k in range(buckets)
        ]
    made: list[Future] = ties.cache["buckets"]
    return made


def _projection(found: list[tuple[pd.DataFrame, int, int]], kind: Kind, nodes: pd.Index) -> Projection:
    """The projection of the ties ``found`` in some buckets (each as :func:`_projected` returns them)."""
    rows = pd.concat([frame for frame, _, _ in found], ignore_index=True).sort_values(["_part", "_row"])
    return projection_of(
        kind,
        nodes,
        rows["source"].to_numpy(np.int64),
        rows["target"].to_numpy(np.int64),
        rows["weight"].to_numpy(float),
        rows["directed"].to_numpy(bool),
        rows["sign"].to_numpy(float),
        sum(loops for _, loops, _ in found),
        sum(unweighted for _, _, unweighted in found),
    )


def _pagerank(client: Client, arcs: list[Future], max_iter: int, notes: list[str]) -> np.ndarray:
    """PageRank of the directed projection whose arcs are in buckets on the workers: each round, the
    ranks are sent to each worker that holds a bucket and each bucket returns what flows along its arcs."""
    out_strength = _summed(client, client.map(_out_strength, arcs))
    strength = beside(client, out_strength, arcs)
    shares = [client.submit(_shares, bucket, each) for bucket, each in zip(arcs, strength, strict=True)]

    def flowed(rank: np.ndarray) -> np.ndarray:
        sent = beside(client, rank, arcs)
        return _summed(client, [client.submit(_flowed, *both) for both in zip(shares, sent, strict=True)])

    return pagerank_rounds(flowed, out_strength, max_iter, notes)


def _summed(client: Client, parts: list[Future]) -> np.ndarray:
    """The sum of the arrays ``parts``, added pairwise on the workers in a fixed order (the same
    digits at every call), and only the sum sent here."""
    while len(parts) > 1:
        parts = [
            client.submit(np.add, *parts[i : i + 2]) if i + 1 < len(parts) else parts[i]
            for i in range(0, len(parts), 2)
        ]
    total: np.ndarray = parts[0].result()
    return total


def _length(found: tuple[pd.DataFrame, int, int]) -> int:
    """How many ties a bucket keeps for a projection."""
    return len(found[0])


def _set_apart(found: tuple[pd.DataFrame, int, int]) -> tuple[int, int]:
    """The loops and the ties of weight 0 or below a bucket's projection leaves out or weighs 1."""
    return found[1], found[2]


def _row_ends(found: tuple[pd.DataFrame, int, int], n: int) -> np.ndarray:
    """How many of a bucket's ties each of ``n`` nodes is an end of."""
    frame = found[0]
    return np.bincount(frame["source"], minlength=n) + np.bincount(frame["target"], minlength=n)


def _ends(p: Projection) -> np.ndarray:
    """How many pairs of an undirected projection each node is in."""
    n = len(p.nodes)
    return np.bincount(p.source, minlength=n) + np.bincount(p.target, minlength=n)


def _arc_ends(p: Projection) -> np.ndarray:
    """How many arcs of a directed projection leave (first row) and reach (second) each node."""
    n = len(p.nodes)
    return np.stack([np.bincount(p.source, minlength=n), np.bincount(p.target, minlength=n)])


def _out_strength(p: Projection) -> np.ndarray:
    """The summed weight of the arcs leaving each node."""
    return np.bincount(p.source, p.weight, len(p.nodes))


def _shares(p: Projection, out_strength: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each arc's source and target, and its share of its source's out-strength."""
    return p.source, p.target, p.weight / out_strength[p.source]


def _flowed(shares: tuple[np.ndarray, np.ndarray, np.ndarray], rank: np.ndarray) -> np.ndarray:
    """The rank each node receives along the arcs of one bucket."""
    source, target, share = shares
    return np.bincount(target, share * rank[source], len(rank))


def _by_pair(edges: pd.DataFrame, number: int, index: pd.Index, buckets: int) -> list[pd.DataFrame]:
    """A part's ties (the columns a projection reads, where each is in the dataset) sent to
    ``buckets`` by their pair of people (whose ids ``index`` holds)."""
    ends = [index.get_indexer(pd.Index(edges[column])).astype(np.int64) for column in ("source", "target")]
    pair = np.minimum(*ends) * max(len(index), 1) + np.maximum(*ends)
    read = edges[[c for c in (*_READ, "claim") if c in edges]].reset_index(drop=True)
    read = read.assign(_part=number, _row=np.arange(len(edges)))
    bucket = pair % buckets
    return [read[bucket == k] for k in range(buckets)]


def _in_order(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """The pieces of a bucket as one table, in the dataset's order."""
    return pd.concat(pieces, ignore_index=True).sort_values(
        ["_part", "_row"], kind="stable", ignore_index=True
    )


def _projected(
    edges: pd.DataFrame,
    masks: list[np.ndarray],
    index: pd.Index,
    place: np.ndarray,
    kind: Kind,
    layer: Layer,
) -> tuple[pd.DataFrame, int, int]:
    """The ties of one bucket (``edges``) that a selection holds (``masks``, one per part) and the
    projection reads (their people at their ``place`` among the selection's nodes, with where each
    is in the dataset), and the loops and the ties of weight 0 or below among them."""
    part, row = edges["_part"].to_numpy(), edges["_row"].to_numpy()
    selected = np.zeros(len(edges), bool)
    for number, mask in enumerate(masks):
        here = part == number
        selected[here] = mask[row[here]]
    tables = Tables(pd.DataFrame(index=index), edges, pd.DataFrame())
    read, loops, unweighted = projected_ties(tables, selected, kind, layer)
    rows = read.pop("row")
    read["source"], read["target"] = place[read["source"]], place[read["target"]]
    frame = pd.DataFrame(read).assign(_part=part[rows], _row=row[rows])
    return frame, loops, unweighted
