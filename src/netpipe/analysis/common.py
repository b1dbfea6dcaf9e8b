"""What the analyses share: the projections measures run on, the ties behind a pair of
people, and triangles. No analysis imports another; each imports this module.

Projections of a selection onto simple graphs:

- ``undirected``: one edge per pair of people with at least one tie; its ``weight`` is
  the sum of the ties' weights (1 each unless edges.csv gives weights). A fact counts once
  (:mod:`netpipe.model.facts`): rival readings of one claim, and rows that corroborate one tie
  (same people, relation and overlapping dates), are one tie of their largest weight.
- ``directed``: one arc per ordered pair, made only of the ties whose relation declares a
  ``flow`` (a relation's direction is grammar, not influence: ``A parent-of B`` passes no
  standing); a directed tie counts from source to target, an undirected tie both ways;
  weights are summed as above.
- ``signed``: one edge per pair whose ties carry a sign (the relation's ``sign``); its
  ``sign`` is the sign of the sum of sign x weight. Pairs whose signs cancel out
  (ambivalent) are left out and counted; neutral relations are ignored.

A self-loop (possible in a NetworkX graph) is in no projection, and a tie whose weight is not
positive (0 or below, possible in a NetworkX graph) weighs 1; each projection counts both.

Each projection can be made of a layer of the ties: ``all`` of them, those that confer
``standing`` (friendly and neutral: sign 0 or +1), or the ``hostile`` ones (sign -1).

Projections are built from the typed tables with numpy (no Python loop per tie) and
turned into NetworkX or igraph graphs on demand (:meth:`Projection.to_igraph` is the one
place an igraph graph is built, once per projection).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.analysis.neighbours import CHUNK, Adjacency, shared_neighbours
from netpipe.io.errors import ArgumentError, NotFound
from netpipe.io.typed_tables import Tables, endpoint_positions, id_index
from netpipe.model.facts import facts, strongest_reading
from netpipe.model.network import Network, NetworkLike, graph_order, selection_of

if TYPE_CHECKING:
    import igraph

__all__ = [
    "LAYERS",
    "TIE_COLUMNS",
    "Projection",
    "check_seed",
    "described",
    "forget_projection",
    "project",
    "projected_ties",
    "projection_of",
    "tie_summary",
    "ties_between",
    "triangles",
]

#: The columns of a tie that :func:`ties_between` reports (blank when the data has none).
TIE_COLUMNS = ("start", "end", "certainty", "citation")

Kind = Literal["undirected", "directed", "signed"]
Layer = Literal["all", "standing", "hostile"]
LAYERS = ("all", "standing", "hostile")
#: Edges turned into Python pairs at once when an igraph graph is built.
_BLOCK = 65_536


@dataclass(frozen=True)
class Projection:
    """A simple graph as arrays: edge ``i`` joins ``nodes[source[i]]`` and ``nodes[target[i]]``."""

    kind: Kind
    nodes: pd.Index
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    sign: np.ndarray
    """+1 or -1 per edge for a signed projection; all +1 otherwise."""
    ambivalent: int = 0
    """Signed projection only: pairs whose positive and negative ties cancel out."""
    loops: int = 0
    """Self-loops among the ties projected, left out."""
    unweighted: int = 0
    """Ties projected whose weight is not positive, counted with weight 1."""
    built: dict[str, igraph.Graph] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The igraph graph of :meth:`to_igraph`, once built."""

    @property
    def directed(self) -> bool:
        """True for the directed projection."""
        return self.kind == "directed"

    def to_networkx(self) -> nx.Graph:
        """The projection as a ``networkx.Graph`` (``DiGraph`` when directed)."""
        graph: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        graph.add_nodes_from(self.nodes)
        ids = self.nodes.to_numpy()
        attributes = (
            {"weight": w, "sign": s} if self.kind == "signed" else {"weight": w}
            for w, s in zip(self.weight.tolist(), self.sign.tolist(), strict=True)
        )
        graph.add_edges_from(zip(ids[self.source], ids[self.target], attributes, strict=True))
        return graph

    def to_igraph(self) -> igraph.Graph:
        """The projection as an ``igraph.Graph``: vertex ``i`` is ``nodes[i]``; ``weight`` (and for a
        signed projection ``sign``) on edges.

        Built on the first call and shared by every later one: the measures only read it.
        """
        if "igraph" not in self.built:
            self.built["igraph"] = self._build_igraph()
        return self.built["igraph"]

    def _build_igraph(self) -> igraph.Graph:
        """A new igraph graph of the projection (see :meth:`to_igraph`)."""
        import igraph

        # Pairs of ints are what python-igraph converts fastest (a numpy array is ~3x slower); made
        # block by block as it reads them, so that they never all exist at once.
        edges = itertools.chain.from_iterable(
            zip(self.source[i : i + _BLOCK].tolist(), self.target[i : i + _BLOCK].tolist(), strict=True)
            for i in range(0, len(self.source), _BLOCK)
        )
        graph = igraph.Graph(n=len(self.nodes), edges=edges, directed=self.directed)
        graph.es["weight"] = self.weight.tolist()
        if self.kind == "signed":
            graph.es["sign"] = self.sign
        return graph


def project(graph: NetworkLike, kind: Kind = "undirected", layer: Layer = "all") -> Projection:
    """Project a graph from :func:`netpipe.load` (or a selection of it) onto a simple graph.

    Parameters
    ----------
    graph : networkx.Graph or Network
        The network or a view from ``snapshot``, ``window`` or ``select``.
    kind : {"undirected", "directed", "signed"}
        Which projection (see the module's documentation).
    layer : {"all", "standing", "hostile"}
        Which ties: all, the friendly and neutral ones, or the hostile ones.

    Examples
    --------
    >>> import netpipe
    >>> p = project(netpipe.load("tests/data/valid"))
    >>> [(p.nodes[s], p.nodes[t], w) for s, t, w in zip(p.source, p.target, p.weight.tolist())]
    [('sergo', 'koba', 2.0), ('sergo', 'okhrana', 1.0), ('koba', '007', 1.0)]
    >>> s = project(netpipe.load("tests/data/valid"), "signed")
    >>> s.ambivalent, len(s.source)
    (1, 2)
    """
    if kind not in ("undirected", "directed", "signed"):
        raise ArgumentError(f'"{kind}" is not a projection: use undirected, directed or signed')
    if layer not in LAYERS:
        raise ArgumentError(f'"{layer}" is not a layer of ties: use all, standing or hostile')
    selection = selection_of(graph)
    key = f"projection-{kind}-{layer}"
    if key not in selection.cache:
        selection.cache[key] = _project(selection, kind, layer)
    projection: Projection = selection.cache[key]
    return projection


def check_seed(seed: int) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` unless ``seed`` is a seed netpipe takes
    (0 to 2**32 - 1, as the command line and NumPy)."""
    if not 0 <= seed < 2**32:
        raise ArgumentError(f"the seed {seed} is not between 0 and {2**32 - 1}")


def forget_projection(graph: NetworkLike, kind: Kind) -> None:
    """Let go of a selection's projection made by :func:`project` (and its igraph graph), to free
    its memory; :func:`project` makes it again if asked."""
    cache = selection_of(graph).cache
    for layer in LAYERS:
        cache.pop(f"projection-{kind}-{layer}", None)


def _project(selection: Network, kind: Kind, layer: Layer) -> Projection:
    """Compute a projection of a selection (see :func:`project`)."""
    nodes = selection.tables.nodes.index[selection.node_mask]
    position = np.cumsum(selection.node_mask) - 1
    ties, loops, unweighted = projected_ties(selection.tables, selection.edge_mask, kind, layer)
    return projection_of(
        kind, nodes, position[ties["source"]], position[ties["target"]], ties["weight"], ties["directed"],
        ties["sign"], loops, unweighted,
    )  # fmt: skip


def projected_ties(
    tables: Tables, mask: np.ndarray, kind: Kind, layer: Layer
) -> tuple[dict[str, np.ndarray], int, int]:
    """The ties among the rows ``mask`` of the edge table that a projection reads, in order: of the
    rows that tell one fact, the strongest reading. Each as its ``row``, the positions of its
    ``source`` and ``target`` in the node table, its ``weight`` (1 where the weight written is not
    positive), whether it is ``directed``, its ``sign``; then how many loops it leaves out and how
    many ties whose weight is not positive it counts with weight 1."""
    columns = _edge_arrays(tables)
    if layer != "all":
        mask = mask & ((columns["sign"] < 0) == (layer == "hostile"))
    if kind == "directed":
        mask = mask & columns["flow"]
    # One fact, once: of the rows that tell one fact, the strongest reading stands for them all.
    source_all, target_all = endpoint_positions(tables)
    loop = mask & (source_all == target_all)
    mask = mask & ~loop
    unweighted = int((mask & ~columns["positive"]).sum())
    rows = strongest_reading(np.flatnonzero(mask), facts(tables), columns["weight"])
    ties = {
        "row": rows,
        "source": source_all[rows],
        "target": target_all[rows],
        **{name: columns[name][rows] for name in ("weight", "directed", "sign")},
    }
    return ties, int(loop.sum()), unweighted


def projection_of(
    kind: Kind,
    nodes: pd.Index,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    directed: np.ndarray,
    sign: np.ndarray,
    loops: int = 0,
    unweighted: int = 0,
) -> Projection:
    """The projection of ties given as arrays in order (positions in ``nodes`` of each tie's source
    and target, its weight, whether its relation is directed and its sign)."""
    if kind == "directed":
        both_ways = ~directed
        source, target = (
            np.concatenate([source, target[both_ways]]),
            np.concatenate([target, source[both_ways]]),
        )
        weight = np.concatenate([weight, weight[both_ways]])
    else:
        source, target = np.minimum(source, target), np.maximum(source, target)
    if kind == "signed":
        weight = weight * sign
        signed = weight != 0
        source, target, weight = source[signed], target[signed], weight[signed]
    pairs, total = _sum_by_pair(source, target, weight, len(nodes))
    first, second = pairs // max(len(nodes), 1), pairs % max(len(nodes), 1)
    counts = {"loops": loops, "unweighted": unweighted}
    if kind != "signed":
        return Projection(kind, nodes, first, second, total, np.ones(len(total), np.int8), **counts)
    clear = total != 0
    return Projection(
        kind, nodes, first[clear], second[clear], np.abs(total[clear]),
        np.sign(total[clear]).astype(np.int8), ambivalent=int((~clear).sum()), **counts,
    )  # fmt: skip


def _sum_by_pair(
    source: np.ndarray, target: np.ndarray, weight: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum ``weight`` over each (source, target) pair, pairs in order of first appearance."""
    keys = source.astype(np.int64) * max(n, 1) + target
    codes, unique = pd.factorize(keys)
    return unique, np.bincount(codes, weights=weight, minlength=len(unique))


def _edge_arrays(tables: Tables) -> dict[str, np.ndarray]:
    """The edge columns projections read, as numpy arrays (cached on the tables): ``weight`` is
    the strength of each tie (1 where the weight written is not positive, see ``positive``)."""
    if "edge-arrays" not in tables.cache:
        edges = tables.edges
        written = edges["weight"].to_numpy(dtype=float)
        tables.cache["edge-arrays"] = {
            "weight": np.where(written > 0, written, 1.0),
            "positive": written > 0,
            "directed": edges["directed"].to_numpy(dtype=bool),
            "sign": edges["sign"].to_numpy(dtype=float),
            "flow": edges["flow"].to_numpy(dtype=bool),
        }
    arrays: dict[str, np.ndarray] = tables.cache["edge-arrays"]
    return arrays


def triangles(projection: Projection, size: int = CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every triangle of an undirected (or signed) projection, with its three edges, in chunks.

    Parameters
    ----------
    projection : Projection
        An undirected or signed projection from :func:`netpipe.analysis.common.project`.
    size : int
        At most this many candidate corners are looked up at once (see
        :func:`netpipe.analysis.neighbours.shared_neighbours`): memory stays bounded however
        many triangles there are.

    Yields
    ------
    corners : numpy.ndarray
        Shape ``(k, 3)``: each triangle's node positions ``a < b < c``. Chunk after chunk,
        the rows are sorted: together they list every triangle once, in order.
    edges : numpy.ndarray
        Shape ``(k, 3)``: the positions in the projection's edge arrays of the pairs
        ``(a, b)``, ``(b, c)`` and ``(a, c)``.

    Examples
    --------
    >>> import netpipe
    >>> list(triangles(project(netpipe.load("tests/data/valid"))))
    []
    """
    if projection.directed:
        raise ArgumentError("triangles are counted on an undirected or signed projection")
    source, target = projection.source, projection.target
    upward = Adjacency.of(len(projection.nodes), np.minimum(source, target), np.maximum(source, target))
    a, b = upward.rows(), upward.columns()
    return (
        (
            np.column_stack([a[found.pair], b[found.pair], found.node]),
            upward.arc[np.column_stack([found.pair, found.right, found.left])],
        )
        for found in shared_neighbours(a, b, upward, upward, size)
    )


def ties_between(
    graph: NetworkLike, a: Sequence[str] | pd.Series, b: Sequence[str] | pd.Series
) -> pd.DataFrame:
    """Every selected tie between ``a[i]`` and ``b[i]``, in either direction, for each pair ``i``.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    a, b : sequence of str
        Node ids, pair by pair.

    Returns
    -------
    pandas.DataFrame
        One row per tie, grouped by pair in the order given, and within a pair by date
        (undated last), then in the network's order (as ``G.edges`` lists them):
        ``pair`` (the position of the pair), ``tie`` (id), ``source``, ``relation``,
        ``target``, ``start``, ``end``, ``certainty``, ``citation`` (blank when the data
        has no such column), ``sign`` and ``directed`` (from the relation).

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> ties_between(G, ["koba"], ["sergo"])[["pair", "tie", "relation"]].values.tolist()
    [[0, 't1', 'ally'], [0, 't4', 'rival']]
    """
    selection = selection_of(graph)
    tables = selection.tables
    size = max(len(tables.nodes), 1)
    source, target = endpoint_positions(tables)
    source, target = source[selection.edge_mask], target[selection.edge_mask]
    edge_keys = np.minimum(source, target).astype(np.int64) * size + np.maximum(source, target)
    first = tables.nodes.index.get_indexer(id_index(a))
    second = tables.nodes.index.get_indexer(id_index(b))
    if (first < 0).any() or (second < 0).any():
        raise NotFound("ties_between: some ids are not nodes of the dataset")
    pair_keys = np.minimum(first, second).astype(np.int64) * size + np.maximum(first, second)
    edges = tables.edges  # read at the rows found: the selected rows are not copied
    hit = np.isin(edge_keys, pair_keys)
    rows_hit = np.flatnonzero(selection.edge_mask)[hit]
    rank = np.empty(len(edges), np.int64)
    rank[graph_order(selection)] = np.arange(selection.number_of_edges())
    found = pd.DataFrame(
        {
            "key": edge_keys[hit],
            "row": rows_hit,
            "day": edges["start_lo"].to_numpy(dtype=float, na_value=np.inf)[rows_hit],
            "rank": rank[rows_hit],
        }
    )
    pairs = pd.DataFrame({"key": pair_keys, "pair": np.arange(len(pair_keys))})
    matched = pairs.merge(found, on="key", how="inner").sort_values(["pair", "day", "rank"], kind="stable")
    wanted = ["source", "relation", "target", *(c for c in TIE_COLUMNS if c in edges), "sign", "directed"]
    rows = edges[wanted].iloc[matched["row"].to_numpy()]
    out = pd.DataFrame(
        {
            "pair": matched["pair"].to_numpy(),
            "tie": rows.index.to_numpy(),
            "source": rows["source"].to_numpy(),
            "relation": rows["relation"].to_numpy(),
            "target": rows["target"].to_numpy(),
            **{c: rows[c].to_numpy() if c in rows else np.full(len(rows), "", object) for c in TIE_COLUMNS},
            "sign": rows["sign"].to_numpy(),
            "directed": rows["directed"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)


def tie_summary(
    graph: NetworkLike, a: Sequence[str] | pd.Series, b: Sequence[str] | pd.Series, signed_only: bool = False
) -> pd.DataFrame:
    """What lies behind each pair ``(a[i], b[i])``: its relations, citations and tie ids.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    a, b : sequence of str
        Node ids, pair by pair.
    signed_only : bool
        Count only the ties whose relation has a sign (those behind a signed projection).

    Returns
    -------
    pandas.DataFrame
        One row per pair, in the order given: ``relations``, ``citations`` and ``ties``,
        each the distinct values in the order of :func:`ties_between`, joined by ``"; "`` (blank if none).

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> tie_summary(G, ["sergo"], ["koba"]).iloc[0].tolist()
    ['ally; rival', 'Montefiore 2003; Khlevniuk 1995', 't1; t4']
    """
    graph = selection_of(graph)
    ties = ties_between(graph, a, b)
    if signed_only:
        ties = ties[ties["sign"] != 0]
    out = pd.DataFrame(
        {
            name: _joined(ties, column)
            for name, column in (("relations", "relation"), ("citations", "citation"), ("ties", "tie"))
        }
    )
    return out.reindex(range(len(a))).fillna("").reset_index(drop=True)


def described(graph: NetworkLike, pairs: pd.DataFrame, signed_only: bool = False) -> pd.DataFrame:
    """The table of ``pairs`` (columns ``a`` and ``b``, node ids) with what lies behind each pair
    in ``graph`` (:func:`tie_summary`) beside it."""
    return pd.concat([pairs, tie_summary(graph, pairs["a"], pairs["b"], signed_only)], axis=1)


def _joined(ties: pd.DataFrame, column: str) -> pd.Series:
    """Per pair, the distinct non-blank values of a column, in order, joined by ``"; "``.

    ``ties`` is grouped by pair in ascending order, as :func:`ties_between` lists them.
    """
    values = pd.DataFrame({"pair": ties["pair"].to_numpy(), "value": ties[column].astype(str).to_numpy()})
    values = values[values["value"].str.strip() != ""].drop_duplicates()
    pairs = values["pair"].to_numpy()
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]]) if len(pairs) else np.zeros(0, np.int64)
    offsets = pa.array(np.r_[starts, len(pairs)], pa.int64())
    listed = pa.LargeListArray.from_arrays(offsets, pa.array(values["value"].to_numpy(object), pa.string()))
    joined = pc.binary_join(listed, "; ").to_numpy(zero_copy_only=False)
    return pd.Series(joined, index=pairs[starts], dtype="str")
