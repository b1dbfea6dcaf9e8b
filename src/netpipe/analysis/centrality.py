"""Centrality of the people in a selection.

Which projection and which weights each measure uses (see :mod:`netpipe.analysis.common`):

================  ==================================  ========================================
measure           projection                          weights
================  ==================================  ========================================
``degree``        undirected                          none: distinct neighbours / (n - 1)
``in_degree``     directed (an undirected tie counts  none: distinct predecessors / (n - 1)
                  both ways)
``out_degree``    directed                            none: distinct successors / (n - 1)
``betweenness``   undirected                          none: hop counts; normalized by
                                                      ``(n - 1)(n - 2)`` as networkx does
``closeness``     undirected                          none: hop counts; Wasserman-Faust
                                                      scaling for disconnected graphs
                                                      (networkx ``wf_improved=True``)
``eigenvector``   undirected                          summed tie weights
``pagerank``      directed                            summed tie weights; damping 0.85
``core``          undirected                          none (``core_number``)
================  ==================================  ========================================

Weights count ties (several ties between two people make a stronger bond), so they are
never read as distances: betweenness and closeness count hops.

What a measure means must survive any vocabulary:

- **Directions are grammar.** In/out degree and PageRank follow only the relations that
  declare a ``flow`` (relations.csv); ``A parent-of B`` or ``A arrested-by B`` pass no standing.
  In a graph with no relation vocabulary, the graph's own directions are the flow.
- **Hostile ties confer no standing.** By default every measure reads only the friendly and
  neutral ties (sign 0 or +1); ``hostile=True`` counts the hostile ones too. The hostile ties
  are measured on their own by :func:`netpipe.analysis.hostility.hostility`.
- **No rank without ties.** A node with no tie in the layer a measure reads (for the directed
  measures: no tie with a flow) has NaN for that measure, so it is never ranked on it.

Rules for the hard cases, each reported in the result's ``notes`` when it applies:

- **Disconnected graphs, eigenvector.** The eigenvector is the limit the power iteration
  of networkx converges to on the whole graph: non-zero only in the component(s) whose
  leading eigenvalue is the largest, zero elsewhere, unit Euclidean norm (a note says so when
  the ties form several parts). It is computed
  per component (so it is defined even where networkx would run out of iterations).
- **Non-convergence.** A measure that does not converge is NaN, with a note.
- **Large graphs.** Above ``exact_limit`` nodes (or when ``sample`` is given) betweenness
  is estimated from ``k`` seeded source nodes exactly as networkx's
  ``betweenness_centrality(G, k=k, seed=seed)`` does, with the same sources; closeness
  from the same sources (Eppstein and Wang's estimator: a node's mean distance to the
  sampled sources of its component stands for its mean distance to all; the size of its
  component, which sets the Wasserman-Faust scaling, is exact). Components holding fewer
  than two sampled sources are computed exactly.

The ``igraph`` engine (the default) and the ``networkx`` engine compute the same values,
in the caller's process, drawing from no global random generator.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.analysis.common import Layer, Projection, project
from netpipe.io.errors import ArgumentError
from netpipe.io.words import count as count_words
from netpipe.model.network import Network, NetworkLike, selection_of

if TYPE_CHECKING:
    import igraph

__all__ = [
    "MAX_ITER",
    "MEASURES",
    "Centrality",
    "Engine",
    "centrality",
    "check_options",
    "degree_of",
    "measured_over_dates",
    "measured_table",
    "pagerank_rounds",
    "place_text",
    "places",
    "rank",
    "ranks",
    "set_apart",
    "shared_places",
    "untied",
]

Engine = Literal["igraph", "networkx"]
MEASURES = (
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "core",
)
#: The measures that follow directions (and so only the relations that declare a flow).
_DIRECTED = ("in_degree", "out_degree", "pagerank")
#: Source nodes sampled for betweenness above ``exact_limit`` nodes when ``sample`` is None.
DEFAULT_SAMPLE = 256
_TOL = 1e-13
#: Sources whose distances are held in memory at once when closeness is estimated.
_CHUNK = 32
#: The most rounds of PageRank (both engines) and of the networkx engine's eigenvector.
MAX_ITER = 10_000
#: Up to this many nodes, a component's eigenvector is solved whole (a dense matrix).
_DENSE_EIGEN = 500
_Solver = Callable[[np.ndarray], tuple[np.ndarray, float]]


@dataclasses.dataclass(frozen=True, eq=False)
class Centrality:
    """The result of :func:`centrality`: a table of measures and the notes that qualify it."""

    table: pd.DataFrame
    """Indexed by node id: ``name``, then one column per measure."""
    notes: tuple[str, ...] = ()
    """What the reader should know: sampling, disconnection, non-convergence."""

    def _repr_html_(self) -> str:
        """The notes and the table, for notebooks."""
        from netpipe.io.result_html import result_html

        return result_html(f"Centrality of {len(self.table):,} nodes", self.notes, {"": self.table})


def centrality(
    graph: NetworkLike,
    engine: Engine = "igraph",
    sample: int | None = None,
    seed: int = 42,
    *,
    measures: Sequence[str] = MEASURES,
    exact_limit: int = 5_000,
    large_sample: int = DEFAULT_SAMPLE,
    max_iter: int | None = None,
    hostile: bool = False,
) -> Centrality:
    """Centrality measures of every node of a selection.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    engine : {"igraph", "networkx"}
        Which library computes; both give the same values.
    sample : int, optional
        Number of seeded source nodes for betweenness and closeness. None: exact up to
        ``exact_limit`` nodes, ``large_sample`` sources above.
    seed : int
        Seed of the sampling (drawn as ``random.Random(seed).sample(nodes, k)``, as networkx)
        and of the eigenvector solver's start.
    measures : sequence of str
        The measures to compute (default: all of :data:`MEASURES`).
    exact_limit : int
        Largest number of nodes for which betweenness is exact when ``sample`` is None.
    large_sample : int
        Sources sampled above ``exact_limit`` nodes when ``sample`` is None.
    max_iter : int, optional
        Iteration limit of PageRank (both engines) and eigenvector (networkx engine; the igraph
        engine solves eigenvectors directly).
    hostile : bool
        Count hostile ties (sign -1) as ties like the others (default: leave them out).

    Returns
    -------
    Centrality
        ``table``: indexed by node id (in the node table's order), a ``name`` column, then
        one column per measure (NaN where the node has no tie the measure reads);
        ``notes``: what the reader should know (sampling, disconnection, non-convergence).

    Raises
    ------
    ValueError
        An unknown engine or measure.

    Examples
    --------
    >>> import netpipe
    >>> result = centrality(netpipe.load("tests/data/valid"))
    >>> result.table["betweenness"].round(4).to_dict()  # the Okhrana's one tie is an arrest: no standing
    {'sergo': 0.0, 'koba': 0.3333, 'okhrana': nan, '007': 0.0}
    >>> result.table.columns.tolist()[:4], len(result.table.columns)
    (['name', 'degree', 'in_degree', 'out_degree'], 9)
    >>> result.notes
    ()
    """
    check_options(engine, measures)
    selection = selection_of(graph)
    nodes = selection.nodes
    notes: list[str] = []
    frame = pd.DataFrame({"name": nodes["name"].to_numpy()}, index=nodes.index.rename("node"))
    if len(nodes) == 0:
        for measure in measures:
            frame[measure] = np.array([], float)
        return Centrality(frame, ())
    n = len(nodes)
    k = sample if sample is not None else (large_sample if n > exact_limit else None)
    sources = None
    if k is not None and k < n:
        if k < 1:
            raise ArgumentError(f"sample must be at least 1, not {k}")
        sources = np.array(random.Random(seed).sample(range(n), k), dtype=np.int64)
        estimated = [m for m in ("betweenness", "closeness") if m in measures]
        if estimated:
            notes.append(
                f"{' and '.join(estimated)} estimated from {k} of {n} source nodes sampled with seed {seed}"
            )
    measured = project(selection, "undirected", "all" if hostile else "standing")
    notes += set_apart(measured.loops, measured.unweighted)
    compute = (_IgraphEngine if engine == "igraph" else _NetworkxEngine)(
        selection, max_iter or MAX_ITER, seed, "all" if hostile else "standing"
    )
    values = compute.run(measures, sources, notes)
    chosen = {measure: values[measure] for measure in measures}
    measured_table(frame, chosen, _tied(compute.undirected), _tied(compute.directed))
    return Centrality(frame, tuple(notes))


def measured_over_dates(
    dates: Sequence[str], measured_at: Callable[[str], Centrality], measures: Sequence[str]
) -> Centrality:
    """The ``measures`` at each of ``dates`` (``measured_at(date)``: the centrality of the network as
    of that date), in long format, with each node's rank on each and the places it gained since the
    previous date (see :func:`netpipe.analysis.over_time.centrality_over_time`)."""
    frames, notes = [], []
    previous: dict[str, pd.Series] = {}
    for date in dates:
        result = measured_at(date)
        notes += [f"{date}: {note}" for note in result.notes]
        table = result.table.reset_index()
        table.insert(0, "date", date)
        for measure in measures:
            measure_ranks = ranks(table[measure]).astype("Int64")
            table[f"{measure}_rank"] = measure_ranks
            before = table["node"].map(previous.get(measure, pd.Series(dtype="Int64"))).astype("Int64")
            table[f"{measure}_change"] = (before - measure_ranks).astype("Int64")
            previous[measure] = pd.Series(measure_ranks.array, index=table["node"], dtype="Int64")
        frames.append(table)
    columns = ["date", "node", "name", *measures]
    columns += [f"{m}_{part}" for m in measures for part in ("rank", "change")]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return Centrality(out[columns], tuple(notes))


def check_options(engine: str, measures: Sequence[str]) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` for an unknown engine or measure."""
    if engine not in ("igraph", "networkx"):
        raise ArgumentError(f'"{engine}" is not an engine: use igraph or networkx')
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise ArgumentError(f"unknown measure(s): {', '.join(unknown)} (known: {', '.join(MEASURES)})")


def measured_table(
    frame: pd.DataFrame, values: dict[str, np.ndarray], tied: np.ndarray, tied_directed: np.ndarray
) -> None:
    """Add the measures of ``values`` (arrays in node order) to ``frame``, a column each in order, NaN
    where the node has no tie in the projection the measure reads (``tied``, or ``tied_directed``)."""
    for measure, array in values.items():
        value = pd.Series(array, index=frame.index)
        value = value.astype("Int64") if measure == "core" else value  # a whole number, or none
        frame[measure] = value.where(tied_directed if measure in _DIRECTED else tied)


def set_apart(loops: int, unweighted: int) -> list[str]:
    """Notes on the ties of a NetworkX graph that the measures leave out (``loops``) or weigh 1
    (``unweighted``)."""
    notes = []
    if loops:
        notes.append(
            f"{count_words(loops, 'tie')} from a node to itself (a loop) kept in the network, "
            "left out of the measures"
        )
    if unweighted:
        ties = count_words(unweighted, "tie")
        notes.append(f"{ties} with a weight of 0 or below counted as ties of weight 1")
    return notes


def rank(table: pd.DataFrame, by: str = "pagerank") -> pd.DataFrame:
    """Sort a centrality table by one measure, highest first, with a leading ``rank`` column.

    Equal values share the best rank (1, 2, 2, 4); ties are listed by node id; NaN last.

    >>> import netpipe
    >>> ranked = rank(centrality(netpipe.load("tests/data/valid")).table, "degree")
    >>> ranked["rank"].to_dict()
    {'koba': 1, '007': 2, 'sergo': 2, 'okhrana': None}
    """
    if by not in table.columns:
        raise ArgumentError(
            f'"{by}" is not a column of the table (columns: {", ".join(map(str, table.columns))})'
        )
    positions = ranks(table[by])
    order = np.lexsort((table.index.astype(str).to_numpy(), positions.fillna(np.inf).to_numpy()))
    out = table.iloc[order].copy()
    out.insert(0, "rank", positions.iloc[order].astype("Int64"))
    return out


def ranks(values: pd.Series) -> pd.Series:
    """Competition ranks, 1 for the highest value; NaN stays NaN.

    >>> ranks(pd.Series([0.5, 0.9, 0.5, float("nan")])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    return values.rank(method="min", ascending=False)


def untied(graph: NetworkLike) -> pd.Index:
    """The nodes of a selection with no tie in it at all (present, no ties shown).

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b")])
    >>> G.add_node("c")
    >>> untied(G).tolist()
    ['c']
    """
    projection = project(graph, "undirected")
    return projection.nodes[~_tied(projection)]


def places(positions: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    """Ranks as a reader sees them: ``"=2"`` where several share rank 2, blank where there is none.

    ``groups`` (optional, aligned with ``positions``) says which ranks belong to one ranking
    (a date of a timeline): a rank is shared only within its group.

    >>> places(pd.Series([1, 2, 2, 4, None], dtype="Int64")).tolist()
    ['1', '=2', '=2', '4', '']
    """
    return place_text(positions, shared_places(positions, groups))


def shared_places(positions: pd.Series, groups: pd.Series | None = None) -> np.ndarray:
    """Whether each rank of ``positions`` is shared with another in its group (see :func:`places`)."""
    keys = [positions] if groups is None else [groups, positions]
    frame = pd.DataFrame({f"k{i}": key.to_numpy() for i, key in enumerate(keys)}, index=positions.index)
    return np.asarray(frame.groupby(list(frame.columns), dropna=False)["k0"].transform("size").to_numpy() > 1)


def place_text(positions: pd.Series, shared: np.ndarray) -> pd.Series:
    """Ranks as text, ``"="`` before those ``shared``, blank where there is none (see :func:`places`)."""
    text = positions.astype("Int64").astype(str).where(positions.notna(), "")
    return text.where(~shared | positions.isna(), "=" + text)


class _Engine:
    """The projections an engine works on, each made on first use (and cached by the selection)."""

    def __init__(self, selection: Network, max_iter: int, seed: int, layer: Layer) -> None:
        self.selection, self.max_iter, self.seed, self.layer = selection, max_iter, seed, layer

    @property
    def undirected(self) -> Projection:
        """The undirected projection of the ties measured."""
        return project(self.selection, "undirected", self.layer)

    @property
    def directed(self) -> Projection:
        """The directed projection of the ties measured that carry a flow (an undirected tie
        counts both ways)."""
        return project(self.selection, "directed", self.layer)

    @functools.cached_property
    def components(self) -> np.ndarray:
        """The connected component label of each node of the undirected projection."""
        return _components(self.undirected)


class _IgraphEngine(_Engine):
    """The measures computed with igraph (C) and numpy."""

    @property
    def graph(self) -> igraph.Graph:
        """The undirected projection in igraph, built on first use."""
        return self.undirected.to_igraph()

    @functools.cached_property
    def components(self) -> np.ndarray:
        """The connected component label of each node, from the graph already built."""
        return np.array(self.graph.connected_components().membership, np.int64)

    def run(
        self, measures: Sequence[str], sources: np.ndarray | None, notes: list[str]
    ) -> dict[str, np.ndarray]:
        """Every requested measure as an array in node order."""
        out: dict[str, np.ndarray] = {}
        n = self.selection.number_of_nodes()
        if "degree" in measures:
            out["degree"] = _degree([self.undirected.source, self.undirected.target], n)
        if "in_degree" in measures:
            out["in_degree"] = _degree([self.directed.target], n)
        if "out_degree" in measures:
            out["out_degree"] = _degree([self.directed.source], n)
        if "pagerank" in measures:
            out["pagerank"] = _pagerank(self.directed, self.max_iter, notes)
        if "closeness" in measures:
            out["closeness"] = _closeness(self.components, sources, self._distances, self._exact_closeness)
        if "eigenvector" in measures:
            out["eigenvector"] = _eigenvector(self.undirected, self.components, self._eigen_component, notes)
        if "core" in measures:
            out["core"] = np.array(self.graph.coreness(), np.int64)
        if "betweenness" in measures:
            summed = _summed_dependencies(self.undirected, sources)
            out["betweenness"] = _rescale_betweenness(summed, n, sources)
        return out

    def _distances(self, sources: np.ndarray) -> np.ndarray:
        """Hop counts from each source (rows) to every node; inf where unreachable."""
        return np.array(self.graph.distances(source=sources.tolist()), float)

    def _exact_closeness(self, members: np.ndarray) -> np.ndarray:
        """Reciprocal mean distance to the nodes each member reaches, on whole components."""
        sub = self.graph.induced_subgraph(members.tolist())
        return np.nan_to_num(np.array(sub.closeness(normalized=True), float))

    def _eigen_component(self, members: np.ndarray) -> tuple[np.ndarray, float]:
        """The leading eigenvector (unit norm) and eigenvalue of one component."""
        return _leading_eigenvector(self.undirected, members)


class _NetworkxEngine(_Engine):
    """The same measures computed with networkx, the reference."""

    def __init__(self, network: Network, max_iter: int, seed: int, layer: Layer) -> None:
        super().__init__(network, max_iter, seed, layer)
        self.graph = self.undirected.to_networkx()
        self.ids = self.undirected.nodes

    def _array(self, values: dict[object, float]) -> np.ndarray:
        """A node -> value mapping as an array in node order."""
        return np.array([values[v] for v in self.ids], float)

    def run(
        self, measures: Sequence[str], sources: np.ndarray | None, notes: list[str]
    ) -> dict[str, np.ndarray]:
        """Every requested measure as an array in node order."""
        out: dict[str, np.ndarray] = {}
        g = self.graph
        if "degree" in measures:
            out["degree"] = self._array(nx.degree_centrality(g))
        if {"in_degree", "out_degree", "pagerank"} & set(measures):
            dg = self.directed.to_networkx()
            if "in_degree" in measures:
                out["in_degree"] = self._array(nx.in_degree_centrality(dg))
            if "out_degree" in measures:
                out["out_degree"] = self._array(nx.out_degree_centrality(dg))
            if "pagerank" in measures:
                out["pagerank"] = self._pagerank(dg, notes)
        if "betweenness" in measures:
            k = None if sources is None else len(sources)
            seed = None if sources is None else _ReplaySample(sources)
            out["betweenness"] = self._array(nx.betweenness_centrality(g, k=k, seed=seed))
        if "closeness" in measures:
            out["closeness"] = _closeness(self.components, sources, self._distances, self._exact_closeness)
        if "eigenvector" in measures:
            out["eigenvector"] = _eigenvector(self.undirected, self.components, self._eigen_component, notes)
        if "core" in measures:
            out["core"] = self._array(nx.core_number(g)).astype(np.int64)
        return out

    def _distances(self, sources: np.ndarray) -> np.ndarray:
        """Hop counts from each source (rows) to every node; inf where unreachable."""
        rows = np.full((len(sources), len(self.ids)), np.inf)
        for row, source in enumerate(sources.tolist()):
            for node, hops in nx.single_source_shortest_path_length(self.graph, self.ids[source]).items():
                rows[row, self.ids.get_loc(node)] = hops
        return rows

    def _exact_closeness(self, members: np.ndarray) -> np.ndarray:
        """Reciprocal mean distance to the nodes each member reaches, on whole components."""
        ids = self.ids[members]
        values = nx.closeness_centrality(self.graph.subgraph(ids), wf_improved=False)
        return np.array([values[v] for v in ids], float)

    def _pagerank(self, dg: nx.DiGraph, notes: list[str]) -> np.ndarray:
        """PageRank, NaN with a note if it does not converge."""
        from networkx.algorithms.link_analysis import pagerank_alg

        try:
            try:
                import scipy  # noqa: F401

                values = nx.pagerank(dg, alpha=0.85, weight="weight", tol=_TOL, max_iter=self.max_iter)
            except ImportError:  # networkx's pure-Python PageRank needs no scipy
                values = pagerank_alg._pagerank_python(
                    dg, alpha=0.85, weight="weight", tol=_TOL, max_iter=self.max_iter
                )
        except nx.PowerIterationFailedConvergence:
            notes.append(f"pagerank did not converge in {self.max_iter} iterations; values are NaN")
            return np.full(len(self.ids), np.nan)
        return self._array(values)

    def _eigen_component(self, members: np.ndarray) -> tuple[np.ndarray, float]:
        """The leading eigenvector (unit norm) and eigenvalue of one component."""
        ids = self.ids[members]
        sub = self.graph.subgraph(ids)
        values = nx.eigenvector_centrality(sub, max_iter=self.max_iter, tol=_TOL, weight="weight")
        vector = np.array([values[v] for v in ids], float)
        adjacency = nx.to_numpy_array(sub, nodelist=list(ids), weight="weight")
        return vector, float(vector @ adjacency @ vector)


class _ReplaySample(random.Random):
    """A random generator whose ``sample`` returns given nodes (the ones already drawn)."""

    def __init__(self, positions: np.ndarray) -> None:
        super().__init__(0)
        self.positions = positions

    def sample(self, population: Sequence[object], k: int, *, counts: object = None) -> list[object]:  # type: ignore[override]
        """The pre-drawn nodes, in draw order."""
        return [population[i] for i in self.positions.tolist()]


def _tied(projection: Projection) -> np.ndarray:
    """Whether each node has at least one edge in a projection."""
    n = len(projection.nodes)
    return (np.bincount(projection.source, minlength=n) + np.bincount(projection.target, minlength=n)) > 0


def _degree(ends: list[np.ndarray], n: int) -> np.ndarray:
    """Edge ends at each node (a loop counts twice when both ends are given, as in igraph) times
    ``1 / (n - 1)``; all ones for a single node."""
    count = np.zeros(n, np.int64)
    for end in ends:
        count += np.bincount(end, minlength=n)
    return degree_of(count)


def degree_of(count: np.ndarray) -> np.ndarray:
    """Degree centrality from the edge ends counted at each node: ``count / (n - 1)``; all ones
    for a single node."""
    n = len(count)
    return np.ones(n) if n < 2 else count * (1.0 / (n - 1))


def _summed_dependencies(projection: Projection, sources: np.ndarray | None) -> np.ndarray:
    """Each node's dependencies summed over ``sources`` (every node if None), with igraph."""
    graph = projection.to_igraph()
    chosen = None if sources is None else sources.tolist()
    return 2 * np.array(graph.betweenness(directed=False, sources=chosen), float)


def _rescale_betweenness(raw: np.ndarray, n: int, sources: np.ndarray | None) -> np.ndarray:
    """Normalize summed source dependencies exactly as networkx's ``_rescale`` (endpoints excluded)."""
    pairs = n - 1
    if pairs < 2:
        return raw
    if sources is None:
        return raw / (pairs * (pairs - 1))
    k = len(sources)
    out = raw / (k * (pairs - 1))
    out[sources] = raw[sources] / ((k - 1) * (pairs - 1)) if k > 1 else np.nan
    return out


def _closeness(
    membership: np.ndarray,
    sources: np.ndarray | None,
    distances: Callable[[np.ndarray], np.ndarray],
    exact: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Closeness with networkx's Wasserman-Faust scaling, exact or estimated from ``sources``.

    ``membership`` labels each node's connected component; ``exact(members)`` gives the
    reciprocal mean distance of whole components' nodes; ``distances(sources)`` the hop
    counts from some sources to every node.
    """
    n = len(membership)
    if n < 2:
        return np.zeros(n)
    reached = np.bincount(membership)[membership] - 1
    inverse_mean = np.zeros(n)
    estimated = np.zeros(n, bool)
    if sources is not None:
        estimated = np.bincount(membership[sources], minlength=membership.max() + 1)[membership] >= 2
        total, count = np.zeros(n), np.zeros(n)
        for chunk in np.array_split(sources, max(1, len(sources) // _CHUNK)):
            rows = distances(chunk)
            found = np.isfinite(rows) & (rows > 0)
            total += np.where(found, rows, 0).sum(axis=0)
            count += found.sum(axis=0)
        inverse_mean[estimated] = count[estimated] / total[estimated]
    members = np.flatnonzero(~estimated)
    if len(members):
        inverse_mean[members] = exact(members)
    return inverse_mean * reached / (n - 1)


def _eigenvector(p: Projection, labels: np.ndarray, solve: _Solver, notes: list[str]) -> np.ndarray:
    """Eigenvector centrality by the module's rule for disconnected graphs (see its docstring).

    ``labels`` are the connected components of the projection ``p``.
    """
    n = len(p.nodes)
    strength = np.bincount(p.source, p.weight, n) + np.bincount(p.target, p.weight, n)
    count = int(labels.max()) + 1 if n else 0
    top = np.zeros(count)
    np.maximum.at(top, labels, strength)
    best = -1.0
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    try:
        # The leading eigenvalue is at most the largest strength: visit components by that bound
        # and stop once no remaining one can reach the best eigenvalue so far.
        for label in np.argsort(-top, kind="stable").tolist():
            if top[label] < best * (1 - 1e-9):
                break
            members = np.flatnonzero(labels == label)
            vector, value = solve(members) if len(members) > 1 else (np.ones(1), 0.0)
            if value > best * (1 + 1e-9):
                best, parts = value, []
            if value >= best * (1 - 1e-9):
                parts.append((members, vector))
    except (nx.PowerIterationFailedConvergence, ArithmeticError, RuntimeError) as error:
        notes.append(f"eigenvector did not converge ({error}); values are NaN")
        return np.full(n, np.nan)
    out = np.zeros(n)
    for members, vector in parts:
        out[members] = vector * vector.sum()  # networkx starts from all ones: tied parts weigh by their sum
    out /= np.linalg.norm(out) or 1.0
    parts_with_ties = int((np.bincount(labels) > 1).sum()) if n else 0
    if parts_with_ties > 1:
        notes.append(
            f"the ties form {parts_with_ties} separate parts: eigenvector centrality is above zero only "
            f"in the {count_words(len(parts), 'part')} with the largest leading eigenvalue "
            "(as NetworkX computes it)"
        )
    return out


def _pagerank(p: Projection, max_iter: int, notes: list[str], damping: float = 0.85) -> np.ndarray:
    """PageRank of a directed projection (weighted; a node without out-ties links to everyone),
    by power iteration until the values stop changing; NaN with a note if they still change
    after ``max_iter`` rounds (as the networkx engine).

    One thread, in a fixed order: the same digits at every call. (igraph's PRPACK solves on
    several OpenMP threads, whose sums come out in another order from run to run.)
    """
    import scipy.sparse

    n = len(p.nodes)
    out_strength = np.bincount(p.source, p.weight, n)
    share = p.weight / out_strength[p.source]
    # column-stochastic transition: rank flows from source to target
    flow = scipy.sparse.csr_array((share, (p.target, p.source)), shape=(n, n))
    return pagerank_rounds(lambda rank: flow @ rank, out_strength, max_iter, notes, damping)


def pagerank_rounds(
    flowed: Callable[[np.ndarray], np.ndarray],
    out_strength: np.ndarray,
    max_iter: int,
    notes: list[str],
    damping: float = 0.85,
) -> np.ndarray:
    """PageRank by power iteration (see :func:`_pagerank`): ``flowed(rank)`` is the rank each node
    receives along its in-ties (each tie passing its share of its source's ``out_strength``); the
    rank of the nodes without out-ties is spread to everyone."""
    n = len(out_strength)
    dangling = out_strength == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = damping * rank[dangling].sum() / n + (1 - damping) / n
        following = damping * flowed(rank) + spread
        change = np.abs(following - rank).sum()
        rank = following
        if change < n * _TOL * 1e-2:
            return rank / rank.sum()
    notes.append(f"pagerank did not converge in {max_iter} iterations; values are NaN")
    return np.full(n, np.nan)


def _leading_eigenvector(p: Projection, members: np.ndarray) -> tuple[np.ndarray, float]:
    """The leading eigenvector (non-negative, unit norm) and eigenvalue of the weighted adjacency
    of one connected component.

    Small components are solved whole (LAPACK); larger ones by ARPACK (scipy) from the
    strengths, a fixed start: no random draw, so the digits are the same at every call.
    """
    import scipy.sparse
    import scipy.sparse.linalg

    n = len(members)
    position = np.full(len(p.nodes), -1, np.int64)
    position[members] = np.arange(n)
    inside = (position[p.source] >= 0) & (position[p.target] >= 0)
    rows, columns = position[p.source[inside]], position[p.target[inside]]
    weights = p.weight[inside].astype(float)
    both_ways = (np.concatenate([rows, columns]), np.concatenate([columns, rows]))
    adjacency = scipy.sparse.coo_array((np.concatenate([weights, weights]), both_ways), shape=(n, n)).tocsr()
    if n <= _DENSE_EIGEN:
        values, vectors = np.linalg.eigh(adjacency.toarray())
        value, vector = values[-1], vectors[:, -1]
    else:
        start = adjacency.sum(axis=1)
        found, vectors = scipy.sparse.linalg.eigsh(adjacency, k=1, which="LA", v0=start, tol=0)
        value, vector = found[0], vectors[:, 0]
    vector = np.abs(vector)
    return vector / np.linalg.norm(vector), float(value)


def _components(p: Projection) -> np.ndarray:
    """Connected component label of each node of an undirected projection (igraph, C speed)."""
    return np.array(p.to_igraph().connected_components().membership, np.int64)
