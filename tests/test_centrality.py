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
from netpipe.analysis.centrality import MEASURES, centrality, rank
from netpipe.selection import select, snapshot

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
    return pd.DataFrame(values).loc[[str(v) for v in graph.nodes]]


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
    got = centrality(netpipe.load(dataset_of(make_network, graph, directed)), engine=engine)  # type: ignore[arg-type]
    expected = reference(graph, directed)
    assert got.index.tolist() == expected.index.tolist()
    assert got.columns.tolist() == ["name", *MEASURES]
    for measure in MEASURES:
        np.testing.assert_allclose(got[measure], expected[measure], rtol=0, atol=1e-9, err_msg=measure)


def test_engines_agree_on_a_selection(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.florentine_families_graph()))
    view = select(graph, relations=["ally"])
    a, b = centrality(view, "igraph"), centrality(view, "networkx")
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-9)


def test_star_by_hand(make_network: MakeNetwork) -> None:
    got = centrality(netpipe.load(dataset_of(make_network, nx.star_graph(4))))
    assert got.loc["0", ["degree", "betweenness", "closeness", "core"]].tolist() == [1.0, 1.0, 1.0, 1]
    leaf = got.loc["1"]
    assert (leaf["degree"], leaf["betweenness"], leaf["core"]) == (0.25, 0.0, 1)
    assert leaf["closeness"] == pytest.approx(4 / 7)
    assert got.loc["0", "eigenvector"] == pytest.approx(1 / math.sqrt(2))
    assert leaf["eigenvector"] == pytest.approx(1 / (2 * math.sqrt(2)))
    assert got["pagerank"].sum() == pytest.approx(1.0)
    assert got.attrs["notes"] == []


def test_path_by_hand(make_network: MakeNetwork) -> None:
    got = centrality(netpipe.load(dataset_of(make_network, nx.path_graph(3))))
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
    got = centrality(netpipe.load(path))
    assert got["in_degree"].tolist() == [0.0, 1.0, 0.5]
    assert got["out_degree"].tolist() == [0.5, 0.5, 0.5]


@pytest.mark.parametrize("engine", ENGINES)
def test_disconnected_eigenvector_is_networkx_limit_and_said(make_network: MakeNetwork, engine: str) -> None:
    graph = _kite_and_more()
    got = centrality(netpipe.load(dataset_of(make_network, graph)), engine=engine)  # type: ignore[arg-type]
    assert got.loc[["p", "q", "r", "lonely", "alone"], "eigenvector"].tolist() == [0.0] * 5
    assert got.loc["lonely", "degree"] == 0.0 and got.loc["lonely", "closeness"] == 0.0
    assert got.attrs["notes"] == [
        "the graph has 4 connected components: eigenvector centrality is non-zero only in the 1 "
        "with the largest leading eigenvalue (networkx's limit)"
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_tied_components_weigh_as_networkx(make_network: MakeNetwork, engine: str) -> None:
    graph = nx.Graph([("a", "b"), ("c", "d")])
    graph.add_edges_from([("e", "f"), ("f", "g")])  # a path of 3: larger eigenvalue than the pairs
    two_pairs = nx.Graph([("a", "b"), ("c", "d")])
    for g in (graph, two_pairs):
        got = centrality(netpipe.load(dataset_of(make_network, g)), engine=engine)  # type: ignore[arg-type]
        expected = nx.eigenvector_centrality(nx.relabel_nodes(g, str), max_iter=10_000, tol=1e-14)
        np.testing.assert_allclose(got["eigenvector"], [expected[v] for v in got.index], atol=1e-9)


@pytest.mark.parametrize("engine", ENGINES)
def test_edgeless_and_single_node(make_network: MakeNetwork, engine: str) -> None:
    edgeless = centrality(netpipe.load(make_network([{"id": "a"}, {"id": "b"}], [])), engine)  # type: ignore[arg-type]
    assert edgeless["eigenvector"].tolist() == pytest.approx([1 / math.sqrt(2)] * 2)
    assert edgeless["pagerank"].tolist() == pytest.approx([0.5, 0.5])
    assert edgeless["degree"].tolist() == [0.0, 0.0]
    single = centrality(netpipe.load(make_network([{"id": "a"}], [])), engine)  # type: ignore[arg-type]
    assert single.loc["a", MEASURES].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0]


def test_empty_selection(make_network: MakeNetwork) -> None:
    path = make_network([{"id": "a", "start": "1900"}, {"id": "b", "start": "1900"}], [])
    got = centrality(snapshot(netpipe.load(path), "1850"))
    assert got.empty and got.columns.tolist() == ["name", *MEASURES]


def test_snapshot_leaves_absent_people_out() -> None:
    got = centrality(snapshot(netpipe.load("tests/data/valid"), "1930-06"))
    assert got.index.tolist() == ["sergo", "koba", "007"]
    assert got["degree"].tolist() == [0.5, 1.0, 0.5]


@pytest.mark.parametrize("k", [1, 3, 7])
@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_betweenness_equals_networkx(make_network: MakeNetwork, k: int, engine: str) -> None:
    graph = _kite_and_more()
    network = netpipe.load(dataset_of(make_network, graph))
    got = centrality(network, engine, sample=k, seed=7, measures=["betweenness"])  # type: ignore[arg-type]
    ug = nx.Graph()
    ug.add_nodes_from(str(v) for v in graph.nodes)
    ug.add_edges_from((str(u), str(v)) for u, v in graph.edges)
    expected = nx.betweenness_centrality(ug, k=k, seed=7)
    np.testing.assert_allclose(got["betweenness"], [expected[v] for v in got.index], atol=1e-9)
    assert got.attrs["notes"] == [f"betweenness estimated from {k} of 15 source nodes sampled with seed 7"]


@pytest.mark.parametrize("k", [2, 5, 9])
@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_closeness_is_the_eppstein_wang_estimate(
    make_network: MakeNetwork, k: int, engine: str
) -> None:
    graph = _kite_and_more()
    got = centrality(netpipe.load(dataset_of(make_network, graph)), engine, sample=k, seed=3)  # type: ignore[arg-type]
    ug = nx.Graph()
    ug.add_nodes_from(str(v) for v in graph.nodes)
    ug.add_edges_from((str(u), str(v)) for u, v in graph.edges)
    ids = list(got.index)
    sources = [ids[i] for i in random.Random(3).sample(range(len(ids)), k)]
    exact = nx.closeness_centrality(ug, wf_improved=True)
    n = len(ids)
    for node in ids:
        component = nx.node_connected_component(ug, node)
        inside = [s for s in sources if s in component]
        if len(inside) < 2:
            expected = exact[node]
        else:
            hops = [nx.shortest_path_length(ug, s, node) for s in inside if s != node]
            expected = (1 / np.mean(hops)) * (len(component) - 1) / (n - 1)
        assert got.at[node, "closeness"] == pytest.approx(expected, abs=1e-12), node
    assert (
        f"betweenness and closeness estimated from {k} of 15 source nodes sampled with seed 3"
        in (got.attrs["notes"])
    )


def test_sampling_above_the_size_limit(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.florentine_families_graph()))
    exact = centrality(graph, measures=["betweenness"])
    assert exact.attrs["notes"] == []
    assert centrality(graph, measures=["betweenness"], exact_limit=10).attrs["notes"] == []  # 256 >= 15 nodes
    sampled = centrality(graph, sample=5, measures=["betweenness"], exact_limit=10)
    assert "5 of 15 source nodes" in sampled.attrs["notes"][0]
    assert not np.allclose(sampled["betweenness"], exact["betweenness"])


def test_non_convergence_is_nan_and_said(make_network: MakeNetwork) -> None:
    graph = netpipe.load(dataset_of(make_network, nx.krackhardt_kite_graph()))
    got = centrality(graph, "networkx", max_iter=2)
    assert got["eigenvector"].isna().all() and got["pagerank"].isna().all()
    assert got["degree"].notna().all()
    notes = got.attrs["notes"]
    assert notes[0] == "pagerank did not converge in 2 iterations; values are NaN"
    assert notes[1].startswith("eigenvector did not converge (") and notes[1].endswith("); values are NaN")


def test_some_measures_only() -> None:
    got = centrality(netpipe.load("tests/data/valid"), measures=["core", "degree"])
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


def test_betweenness_in_the_helper_process_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    network = netpipe.load("data")
    here = centrality(network, sample=20, seed=5, measures=["betweenness", "degree"])
    monkeypatch.setattr("netpipe.analysis.centrality.BESIDE_EDGES", 0)
    beside = centrality(network, sample=20, seed=5, measures=["betweenness", "degree"])
    pd.testing.assert_frame_equal(beside, here)
    assert here["betweenness"].gt(0).any()
