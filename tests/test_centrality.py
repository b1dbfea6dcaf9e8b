"""Centrality: values equal to networkx's on small known graphs, both engines, the hard cases."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

import netpipe
from netpipe.analysis.centrality import MEASURES, centrality, places, rank, untied
from netpipe.analysis.hostility import hostility
from netpipe.model.selection import select, snapshot

MakeNetwork = Callable[..., Path]
ENGINES = ("igraph", "networkx")


def dataset_of(make_network: MakeNetwork, graph: nx.Graph, directed: tuple[object, ...] = ()) -> Path:
    """A dataset with one tie per edge of ``graph``: ``deputy-of`` (directed) for edges in ``directed``."""
    nodes = [{"id": str(v)} for v in graph.nodes]
    edges = [
        {
            "source": str(u),
            "target": str(v),
            "relation": "deputy-of" if (u, v) in directed else "ally",
            "weight": str(d.get("weight", 1)),
        }
        for u, v, d in graph.edges(data=True)
    ]
    return make_network(nodes, edges)


def reference(graph: nx.Graph, directed: tuple[object, ...] = ()) -> pd.DataFrame:
    """The measures computed by networkx itself on the projections built by hand."""
    ug = nx.Graph()
    ug.add_nodes_from(str(v) for v in graph.nodes)
    dg = nx.DiGraph()
    dg.add_nodes_from(str(v) for v in graph.nodes)
    for u, v, d in graph.edges(data=True):
        w = float(d.get("weight", 1))
        a, b = str(u), str(v)
        ug.add_edge(a, b, weight=ug.get_edge_data(a, b, {"weight": 0})["weight"] + w)
        pairs = [(a, b)] if (u, v) in directed else [(a, b), (b, a)]
        for s, t in pairs:
            dg.add_edge(s, t, weight=dg.get_edge_data(s, t, {"weight": 0})["weight"] + w)
    values = {
        "degree": nx.degree_centrality(ug),
        "in_degree": nx.in_degree_centrality(dg),
        "out_degree": nx.out_degree_centrality(dg),
        "betweenness": nx.betweenness_centrality(ug),
        "closeness": nx.closeness_centrality(ug, wf_improved=True),
        "eigenvector": nx.eigenvector_centrality(ug, max_iter=10_000, tol=1e-14, weight="weight"),
        "pagerank": _pagerank_python(dg, alpha=0.85, weight="weight", tol=1e-14, max_iter=10_000),
        "core": nx.core_number(ug),
    }
    table = pd.DataFrame(values).loc[[str(v) for v in graph.nodes]]
    isolated = [v for v in table.index if ug.degree(v) == 0]
    table.loc[isolated] = np.nan  # no tie, no rank: a person with no tie has no measure
    return table


def _kite_and_more() -> nx.Graph:
    """The Krackhardt kite, a separate path of three, and two isolated people."""
    graph = nx.krackhardt_kite_graph()
    graph.add_edges_from([("p", "q"), ("q", "r")])
    graph.add_nodes_from(["lonely", "alone"])
    return graph


def _weighted() -> nx.Graph:
    """A small weighted graph (weights as written in edges.csv)."""
    graph = nx.Graph()
    graph.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "a", 2), ("c", "d", 5), ("d", "e", 1)])
    return graph


GRAPHS = {
    "path": (nx.path_graph(5), ()),
    "star": (nx.star_graph(4), ()),
    "kite": (nx.krackhardt_kite_graph(), ()),
    "florentine": (nx.florentine_families_graph(), ()),
    "disconnected with isolated nodes": (_kite_and_more(), ()),
    "weighted": (_weighted(), ()),
    "directed ties": (nx.karate_club_graph(), ((0, 1), (0, 2), (5, 16), (33, 32), (1, 30), (2, 8))),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", GRAPHS)
def test_equal_to_networkx(make_network: MakeNetwork, name: str, engine: str) -> None:
    graph, directed = GRAPHS[name]
    got = centrality(netpipe.load(dataset_of(make_network, graph, directed)), engine=engine).table  # type: ignore[arg-type]
    expected = reference(graph, directed)
    assert got.index.tolist() == expected.index.tolist()
    assert got.columns.tolist() == ["name", *MEASURES]
    for measure in MEASURES:
        np.testing.assert_allclose(got[measure], expected[measure], rtol=0, atol=1e-9, err_msg=measure)


def test_engines_agree_on_a_selection(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.florentine_families_graph()))
    view = select(graph, relations=["ally"])
    a, b = centrality(view, "igraph").table, centrality(view, "networkx").table
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-9)


def test_star_by_hand(make_network: MakeNetwork) -> None:
    result = centrality(netpipe.load(dataset_of(make_network, nx.star_graph(4))))
    got = result.table
    assert got.loc["0", ["degree", "betweenness", "closeness", "core"]].tolist() == [1.0, 1.0, 1.0, 1]
    leaf = got.loc["1"]
    assert (leaf["degree"], leaf["betweenness"], leaf["core"]) == (0.25, 0.0, 1)
    assert leaf["closeness"] == pytest.approx(4 / 7)
    assert got.loc["0", "eigenvector"] == pytest.approx(1 / math.sqrt(2))
    assert leaf["eigenvector"] == pytest.approx(1 / (2 * math.sqrt(2)))
    assert got["pagerank"].sum() == pytest.approx(1.0)
    assert result.notes == ()


def test_path_by_hand(make_network: MakeNetwork) -> None:
    got = centrality(netpipe.load(dataset_of(make_network, nx.path_graph(3)))).table
    assert got["degree"].tolist() == [0.5, 1.0, 0.5]
    assert got["betweenness"].tolist() == [0.0, 1.0, 0.0]
    assert got["closeness"].tolist() == pytest.approx([2 / 3, 1.0, 2 / 3])
    assert got["in_degree"].tolist() == got["out_degree"].tolist() == [0.5, 1.0, 0.5]


def test_directed_tie_counts_one_way(make_network: MakeNetwork) -> None:
    path = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [
            {"source": "a", "target": "b", "relation": "deputy-of"},
            {"source": "b", "target": "c", "relation": "ally"},
        ],
    )
    got = centrality(netpipe.load(path)).table
    assert got["in_degree"].tolist() == [0.0, 1.0, 0.5]
    assert got["out_degree"].tolist() == [0.5, 0.5, 0.5]


@pytest.mark.parametrize("engine", ENGINES)
def test_disconnected_eigenvector_is_networkx_limit_and_said(make_network: MakeNetwork, engine: str) -> None:
    graph = _kite_and_more()
    result = centrality(netpipe.load(dataset_of(make_network, graph)), engine=engine)  # type: ignore[arg-type]
    got = result.table
    assert got.loc[["p", "q", "r"], "eigenvector"].tolist() == [0.0] * 3
    assert got.loc[["lonely", "alone"], MEASURES].isna().all(axis=None)  # no tie, no measure
    assert list(result.notes) == [
        "the ties form 2 separate parts: eigenvector centrality is above zero only in the 1 part "
        "with the largest leading eigenvalue (as NetworkX computes it)"
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_tied_components_weigh_as_networkx(make_network: MakeNetwork, engine: str) -> None:
    graph = nx.Graph([("a", "b"), ("c", "d")])
    graph.add_edges_from([("e", "f"), ("f", "g")])  # a path of 3: larger eigenvalue than the pairs
    two_pairs = nx.Graph([("a", "b"), ("c", "d")])
    for g in (graph, two_pairs):
        got = centrality(netpipe.load(dataset_of(make_network, g)), engine=engine).table  # type: ignore[arg-type]
        expected = nx.eigenvector_centrality(nx.relabel_nodes(g, str), max_iter=10_000, tol=1e-14)
        np.testing.assert_allclose(got["eigenvector"], [expected[v] for v in got.index], atol=1e-9)


@pytest.mark.parametrize("engine", ENGINES)
def test_edgeless_and_single_node(make_network: MakeNetwork, engine: str) -> None:
    edgeless = centrality(netpipe.load(make_network([{"id": "a"}, {"id": "b"}], [])), engine).table  # type: ignore[arg-type]
    assert edgeless[list(MEASURES)].isna().all(axis=None)  # nobody has a tie: nobody is ranked
    single = centrality(netpipe.load(make_network([{"id": "a"}], [])), engine).table  # type: ignore[arg-type]
    assert single.loc["a", MEASURES].isna().all()


def test_empty_selection(make_network: MakeNetwork) -> None:
    path = make_network([{"id": "a", "start": "1900"}, {"id": "b", "start": "1900"}], [])
    got = centrality(snapshot(netpipe.load(path), "1850")).table
    assert got.empty and got.columns.tolist() == ["name", *MEASURES]


def test_snapshot_leaves_absent_people_out() -> None:
    got = centrality(snapshot(netpipe.load("tests/data/valid"), "1930-06")).table
    assert got.index.tolist() == ["sergo", "koba", "007"]
    assert got["degree"].tolist() == [0.5, 1.0, 0.5]


@pytest.mark.parametrize("k", [1, 3, 7])
@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_betweenness_equals_networkx(make_network: MakeNetwork, k: int, engine: str) -> None:
    graph = _kite_and_more()
    network = netpipe.load(dataset_of(make_network, graph))
    result = centrality(network, engine, sample=k, seed=7, measures=["betweenness"])  # type: ignore[arg-type]
    got = result.table
    ug = nx.Graph()
    ug.add_nodes_from(str(v) for v in graph.nodes)
    ug.add_edges_from((str(u), str(v)) for u, v in graph.edges)
    expected = nx.betweenness_centrality(ug, k=k, seed=7)
    expected.update(lonely=math.nan, alone=math.nan)  # isolated: no rank
    np.testing.assert_allclose(got["betweenness"], [expected[v] for v in got.index], atol=1e-9)
    assert list(result.notes) == [f"betweenness estimated from {k} of 15 source nodes sampled with seed 7"]


@pytest.mark.parametrize("k", [2, 5, 9])
@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_closeness_is_the_eppstein_wang_estimate(
    make_network: MakeNetwork, k: int, engine: str
) -> None:
    graph = _kite_and_more()
    result = centrality(netpipe.load(dataset_of(make_network, graph)), engine, sample=k, seed=3)  # type: ignore[arg-type]
    got = result.table
    ug = nx.Graph()
    ug.add_nodes_from(str(v) for v in graph.nodes)
    ug.add_edges_from((str(u), str(v)) for u, v in graph.edges)
    ids = list(got.index)
    sources = [ids[i] for i in random.Random(3).sample(range(len(ids)), k)]
    exact = nx.closeness_centrality(ug, wf_improved=True)
    exact.update(lonely=math.nan, alone=math.nan)  # isolated: no rank
    n = len(ids)
    for node in ids:
        component = nx.node_connected_component(ug, node)
        inside = [s for s in sources if s in component]
        if len(inside) < 2:
            expected = exact[node]
        else:
            hops = [nx.shortest_path_length(ug, s, node) for s in inside if s != node]
            expected = (1 / np.mean(hops)) * (len(component) - 1) / (n - 1)
        assert got.at[node, "closeness"] == pytest.approx(expected, abs=1e-12, nan_ok=True), node
    assert f"betweenness and closeness estimated from {k} of 15 source nodes sampled with seed 3" in (
        list(result.notes)
    )


def test_sampling_above_the_size_limit(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.florentine_families_graph()))
    result = centrality(graph, measures=["betweenness"])
    exact = result.table
    assert result.notes == ()
    assert centrality(graph, measures=["betweenness"], exact_limit=10).notes == ()  # 256 >= 15 nodes
    result = centrality(graph, sample=5, measures=["betweenness"], exact_limit=10)
    sampled = result.table
    assert "5 of 15 source nodes" in result.notes[0]
    assert not np.allclose(sampled["betweenness"], exact["betweenness"])


def test_non_convergence_is_nan_and_said(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.krackhardt_kite_graph()))
    result = centrality(graph, "networkx", max_iter=2)
    got = result.table
    assert got["eigenvector"].isna().all() and got["pagerank"].isna().all()
    assert got["degree"].notna().all()
    notes = list(result.notes)
    assert notes[0] == "pagerank did not converge in 2 iterations; values are NaN"
    assert notes[1].startswith("eigenvector did not converge (") and notes[1].endswith("); values are NaN")


def test_pagerank_of_the_default_engine_says_when_it_does_not_converge(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.krackhardt_kite_graph()))
    result = centrality(graph, max_iter=2)
    assert result.table["pagerank"].isna().all()
    assert result.table["eigenvector"].notna().all()  # solved directly, without iterations
    assert list(result.notes) == ["pagerank did not converge in 2 iterations; values are NaN"]
    converged = centrality(graph, max_iter=200).table["pagerank"]
    expected = nx.pagerank(nx.krackhardt_kite_graph(), tol=1e-13)
    assert converged.to_numpy() == pytest.approx([expected[int(n)] for n in converged.index], abs=1e-12)


def test_some_measures_only() -> None:
    got = centrality(netpipe.load("tests/data/valid"), measures=["core", "degree"]).table
    assert got.columns.tolist() == ["name", "core", "degree"]


def test_bad_arguments() -> None:
    graph = netpipe.load("tests/data/valid")
    with pytest.raises(ValueError, match='"spark" is not an engine'):
        centrality(graph, "spark")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown measure"):
        centrality(graph, measures=["fame"])
    with pytest.raises(ValueError, match="sample must be at least 1"):
        centrality(graph, sample=0)


def test_rank_sorts_with_shared_ranks() -> None:
    table = pd.DataFrame({"name": list("abcd"), "x": [0.5, 1.0, np.nan, 1.0]}, index=["n1", "n2", "n3", "n4"])
    ranked = rank(table, "x")
    assert ranked.index.tolist() == ["n2", "n4", "n1", "n3"]
    assert ranked["rank"].tolist() == [1, 1, 3, pd.NA]
    with pytest.raises(ValueError, match='"y" is not a column'):
        rank(table, "y")


RELATIONS_WITH_FAMILY = [
    {"relation": "ally", "directed": "false", "sign": "1", "kind": "state", "flow": "true"},
    {"relation": "deputy-of", "directed": "true", "sign": "1", "kind": "state", "flow": "true"},
    {"relation": "parent-of", "directed": "true", "sign": "1", "kind": "state"},
    {"relation": "sibling", "directed": "false", "sign": "1", "kind": "state", "flow": "false"},
    {"relation": "denounced", "directed": "true", "sign": "-1", "kind": "event", "flow": "true"},
]


def _family_sink(make_network: MakeNetwork) -> nx.MultiDiGraph:
    """A hub with five allies and a deputy, and a father whose two sons are siblings (the sink
    that directed PageRank pours into when a relation's direction is read as a flow)."""
    people = ["hub", "a", "b", "c", "d", "e", "ryutin", "vassily", "vissarion"]
    edges = [{"source": "hub", "target": x, "relation": "ally"} for x in "abcde"]
    edges += [
        {"source": "a", "target": "hub", "relation": "deputy-of"},
        {"source": "ryutin", "target": "hub", "relation": "ally"},
        {"source": "ryutin", "target": "vassily", "relation": "parent-of"},
        {"source": "ryutin", "target": "vissarion", "relation": "parent-of"},
        {"source": "vassily", "target": "vissarion", "relation": "sibling"},
    ]
    return netpipe.load(make_network([{"id": p} for p in people], edges, RELATIONS_WITH_FAMILY))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_family_sink_does_not_top_a_ranking(make_network: MakeNetwork, engine: str) -> None:
    table = centrality(_family_sink(make_network), engine).table  # type: ignore[arg-type]
    for measure in ("degree", "in_degree", "betweenness", "closeness", "eigenvector", "pagerank"):
        assert table[measure].idxmax() == "hub", measure
    # The k-core measures cohesion, not standing: the family triangle is a 2-core, the hub's star a 1-core.
    assert table["core"].tolist() == [1, 1, 1, 1, 1, 1, 2, 2, 2]
    # The sons' ties carry no flow: they are not ranked by the directed measures at all.
    assert table.loc[["vassily", "vissarion"], ["in_degree", "out_degree", "pagerank"]].isna().all(axis=None)
    # PageRank is networkx's on the arcs of flow relations only (an ally both ways, a deputy to his chief).
    flow = nx.DiGraph()
    flow.add_nodes_from(table.index)
    flow.add_edges_from([("hub", x) for x in "abcde"] + [(x, "hub") for x in "abcde"])
    flow.add_edges_from([("a", "hub"), ("ryutin", "hub"), ("hub", "ryutin")])
    flow["a"]["hub"]["weight"] = 2  # the ally and the deputy tie: two ties, one arc of weight 2
    expected = _pagerank_python(flow, alpha=0.85, weight="weight", tol=1e-14, max_iter=10_000)
    tied = ["hub", "a", "b", "c", "d", "e", "ryutin"]
    np.testing.assert_allclose(table.loc[tied, "pagerank"], [expected[v] for v in tied], atol=1e-9)


def test_a_graph_without_vocabulary_flows_along_its_own_directions() -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
    got = centrality(graph, measures=["pagerank"]).table
    expected = _pagerank_python(graph, alpha=0.85, tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(got["pagerank"], [expected[v] for v in got.index], atol=1e-9)
    undirected = nx.path_graph(4)
    got = centrality(undirected, measures=["pagerank", "in_degree"]).table
    expected = _pagerank_python(undirected.to_directed(), alpha=0.85, tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(got["pagerank"], [expected[v] for v in got.index], atol=1e-9)
    assert got["in_degree"].tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3, 1 / 3])


@pytest.mark.parametrize("engine", ENGINES)
def test_isolated_people_get_no_rank(make_network: MakeNetwork, engine: str) -> None:
    nodes = [{"id": i} for i in ("lakoba", "tomsky", "sergo", "school")]
    edges = [{"source": "sergo", "target": "school", "relation": "ally"}]
    table = rank(centrality(netpipe.load(make_network(nodes, edges)), engine).table, "degree")  # type: ignore[arg-type]
    assert table.index.tolist() == ["school", "sergo", "lakoba", "tomsky"]
    assert table["rank"].tolist() == [1, 1, pd.NA, pd.NA]
    assert table.loc[["lakoba", "tomsky"], MEASURES].isna().all(axis=None)
    assert untied(netpipe.load(make_network(nodes, edges))).tolist() == ["lakoba", "tomsky"]


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_only_people_are_not_most_central(make_network: MakeNetwork, engine: str) -> None:
    # The accuser denounces five people; two pairs of friends are the only friendly ties.
    nodes = [{"id": i} for i in ("accuser", "v1", "v2", "v3", "v4", "v5")]
    edges = [{"source": "accuser", "target": f"v{i}", "relation": "denounced"} for i in range(1, 6)]
    edges += [
        {"source": "v1", "target": "v2", "relation": "ally"},
        {"source": "v3", "target": "v4", "relation": "ally"},
    ]
    graph = netpipe.load(make_network(nodes, edges, RELATIONS_WITH_FAMILY))
    table = centrality(graph, engine).table  # type: ignore[arg-type]
    assert table.loc["accuser", MEASURES].isna().all()
    assert table.loc["v5", MEASURES].isna().all()
    assert table["degree"].to_dict() == pytest.approx(
        {"accuser": math.nan, "v1": 0.2, "v2": 0.2, "v3": 0.2, "v4": 0.2, "v5": math.nan}, nan_ok=True
    )
    # With hostile ties counted (the documented option), the accuser has the most ties.
    counted = centrality(graph, engine, hostile=True).table  # type: ignore[arg-type]
    assert counted["degree"].idxmax() == "accuser" and counted.loc["accuser", "degree"] == 1.0
    assert hostility(graph).values.tolist() == [
        ["v1", "v1", 1, 1, 0], ["v2", "v2", 1, 1, 0], ["v3", "v3", 1, 1, 0], ["v4", "v4", 1, 1, 0],
        ["v5", "v5", 1, 1, 0], ["accuser", "accuser", 5, 0, 5],
    ]  # fmt: skip


def test_places_show_shared_ranks() -> None:
    positions = pd.Series([1, 2, 2, 4, pd.NA, 1], dtype="Int64")
    assert places(positions).tolist() == ["=1", "=2", "=2", "4", "", "=1"]
    dates = pd.Series(["1910", "1910", "1910", "1910", "1910", "1930"])
    assert places(positions, dates).tolist() == ["1", "=2", "=2", "4", "", "1"]
