"""Any NetworkX graph, as it is now: built by hand, edited after loading, copied, relabelled,
pickled, a subgraph of one, or read back from GraphML and node-link JSON."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import netpipe
from netpipe.io.dates import parse_date
from netpipe.model.networkx_adapter import build_graph

VALID = Path(__file__).parent / "data" / "valid"


def _close(ours: pd.Series, theirs: dict) -> None:
    """netpipe's values equal NetworkX's, node by node."""
    assert ours.to_dict() == pytest.approx(theirs, abs=1e-9)


def _pagerank(graph: nx.Graph, damping: float = 0.85) -> dict:
    """PageRank by power iteration on the weighted adjacency (no node without ties)."""
    nodes = list(graph.nodes)
    matrix = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    step = matrix / matrix.sum(axis=1, keepdims=True)
    rank = np.full(len(nodes), 1 / len(nodes))
    for _ in range(1000):
        rank = (1 - damping) / len(nodes) + damping * rank @ step
    return dict(zip(nodes, rank, strict=True))


# Graphs built by hand


def test_karate_club_measures_equal_networkx() -> None:
    karate = nx.karate_club_graph()
    table = netpipe.centrality(karate, engine="networkx").table
    assert table.index.tolist() == list(karate.nodes)  # the graph's own node objects, ints
    assert table.loc[0, "name"] == "0"
    _close(table["degree"], nx.degree_centrality(karate))
    _close(table["betweenness"], nx.betweenness_centrality(karate))
    _close(table["closeness"], nx.closeness_centrality(karate))
    _close(table["pagerank"], _pagerank(karate))
    _close(
        table["eigenvector"], nx.eigenvector_centrality(karate, max_iter=10_000, tol=1e-12, weight="weight")
    )
    assert table["core"].to_dict() == nx.core_number(karate)
    pd.testing.assert_frame_equal(netpipe.centrality(karate).table, table, atol=1e-9)  # both engines


def test_karate_club_attributes_are_kept_typed() -> None:
    tables = netpipe.load_tables(nx.karate_club_graph())
    assert tables.nodes.loc[0, "club"] == "Mr. Hi"
    assert tables.edges["weight"].tolist()[:3] == [4.0, 5.0, 3.0]
    assert tables.edges["relation"].unique().tolist() == ["tie"]
    assert not tables.edges["directed"].any()
    assert tables.attributes == {}


def test_a_graph_with_no_attributes() -> None:
    graph = nx.Graph([(1, 2), (2, 3)])
    graph.add_node(4)
    table = netpipe.centrality(graph).table
    assert table["degree"].to_dict() == pytest.approx(
        {1: 1 / 3, 2: 2 / 3, 3: 1 / 3, 4: math.nan}, nan_ok=True
    )
    # Undated: in the graph, on no date; always present when asked for.
    view = netpipe.snapshot(graph, "-0500")
    assert isinstance(view, nx.Graph) and not view.is_directed()
    assert sorted(view.nodes) == [] and sorted(view.edges) == []
    view = netpipe.snapshot(graph, "-0500", presence="always")
    assert sorted(view.nodes) == [1, 2, 3, 4] and sorted(view.edges) == [(1, 2), (2, 3)]
    assert netpipe.balance(graph)["positive"].item() == 0  # the default relation "tie" is neutral


def test_directed_as_the_graph_class_says() -> None:
    table = netpipe.centrality(nx.DiGraph([("a", "b"), ("c", "b")])).table
    assert table["in_degree"].to_dict() == {"a": 0.0, "b": 1.0, "c": 0.0}
    table = netpipe.centrality(nx.Graph([("a", "b"), ("c", "b")])).table
    assert table["in_degree"].to_dict() == {"a": 0.5, "b": 1.0, "c": 0.5}


@pytest.fixture
def dated() -> nx.MultiDiGraph:
    """A hand-made MultiDiGraph with dates: a lived 1900-1950, b is undated, c from 1910."""
    graph = nx.MultiDiGraph(
        relations={
            "ally": {"directed": False, "sign": 1, "kind": "state"},
            "arrested-by": {"directed": True, "sign": -1, "kind": "event"},
        }
    )
    graph.add_node("a", name="Anna", start="1900", end=1950)
    graph.add_node("b", name="Boris")
    graph.add_node("c", name="Clara", start=pd.Timestamp("1910-01-01").date())
    graph.add_edge("a", "b", key="x1", relation="ally", start="1905", end="1920")
    graph.add_edge("b", "c", key="x2", relation="ally")
    graph.add_edge("a", "c", key="x3", relation="arrested-by", start="1912-04", certainty="probable")
    return graph


def test_snapshots_of_a_hand_made_multidigraph(dated: nx.MultiDiGraph) -> None:
    # 1915: Clara's last attestation is the arrest in April 1912, so she is gone.
    view = netpipe.snapshot(dated, "1915")
    assert sorted(view.nodes) == ["a", "b"] and list(view.edges(keys=True)) == [("a", "b", "x1")]
    view = netpipe.snapshot(dated, "1912-04-15")
    assert sorted(view.edges(keys=True)) == [("a", "b", "x1"), ("a", "c", "x3"), ("b", "c", "x2")]
    view = netpipe.snapshot(dated, "1912-04-15", certainty="certain")
    assert sorted(view.edges(keys=True)) == [("a", "b", "x1"), ("b", "c", "x2")]
    assert view.graph["selection"] == "snapshot at 1912-04-15, wide, at least certain"
    assert netpipe.events(dated, until="1913")["id"].tolist() == ["x3"]
    assert netpipe.balance(netpipe.snapshot(dated, "1912-04-15"))["triangles"].item() == 1


def test_a_broken_attribute_is_named_by_its_node_or_edge(dated: nx.MultiDiGraph) -> None:
    dated.nodes["a"]["start"] = "1932-13"
    dated.edges["a", "c", "x3"]["certainty"] = "sure"
    with pytest.raises(netpipe.DataError) as raised:
        netpipe.centrality(dated)
    assert str(raised.value).splitlines()[1:] == [
        "edge ('a', 'c', 'x3'): column \"certainty\": \"sure\" is not allowed here: "
        "use certain, probable, possible or alleged",
        'node \'a\': column "start": "1932-13" is not a real date: there is no month 13',
    ]


# A loaded graph, edited


def test_every_analysis_and_export_sees_an_edit(tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    before = netpipe.centrality(graph).table
    assert "okhrana" in before.index
    graph.remove_node("okhrana")
    graph.add_edge("koba", "007", key="t9", relation="rival", start="1935", citation="new")
    graph.edges["sergo", "koba", "t1"]["start"] = "1901"
    after = netpipe.centrality(graph).table
    assert after.index.tolist() == ["sergo", "koba", "007"]
    assert netpipe.balance(graph)["ambivalent"].item() == 2  # koba - 007: deputy-of and now rival
    assert "okhrana" not in set(netpipe.brokerage(graph)["node"])
    assert netpipe.chains(graph, "sergo", "007").table["tie"].tolist()[-2:] == [
        "t3",
        "t9",
    ]  # 1930~ before 1935
    assert netpipe.ego(graph, "007").members["relations"].tolist() == ["", "deputy-of; rival"]
    assert "okhrana" not in set(netpipe.communities(graph).table["node"])
    assert netpipe.timeline(graph, limit=2)[0] == "1901"  # the edited start: the first tie
    paths = netpipe.export(graph, tmp_path / "out", formats=["graphml", "gexf", "json", "csv"])
    texts = {path.name: path.read_text(encoding="utf-8") for path in paths}
    assert all("okhrana" not in text for text in texts.values())
    assert all("t9" in text for name, text in texts.items() if name != "network-nodes.csv")
    assert '<spell start="1901-01-01"' in texts["network.gexf"]


def test_the_edge_within_a_view_is_the_edited_one() -> None:
    graph = netpipe.load(VALID)
    graph.edges["sergo", "okhrana", "t2"]["start"] = "1915"
    assert ("sergo", "okhrana", "t2") not in netpipe.snapshot(graph, "1912-04-15").edges(keys=True)
    assert ("sergo", "okhrana", "t2") in netpipe.snapshot(graph, "1915-06").edges(keys=True)


# Copies, relabellings, pickles, subgraphs


def test_copies_relabellings_pickles_and_subgraphs() -> None:
    graph = netpipe.load("data")
    expected = netpipe.centrality(graph).table
    pd.testing.assert_frame_equal(netpipe.centrality(graph.copy()).table, expected)
    pd.testing.assert_frame_equal(netpipe.centrality(pickle.loads(pickle.dumps(graph))).table, expected)
    upper = netpipe.centrality(nx.relabel_nodes(graph, str.upper)).table
    assert upper.index.tolist() == [node.upper() for node in expected.index]
    np.testing.assert_allclose(upper["pagerank"].to_numpy(), expected["pagerank"].to_numpy())
    people = [n for n, kind in graph.nodes(data="kind") if kind == "person"]
    pd.testing.assert_frame_equal(
        netpipe.centrality(graph.subgraph(people)).table,
        netpipe.centrality(netpipe.select(graph, persons_only=True)).table,
    )


def test_a_person_outside_a_view_is_known_as_such() -> None:
    graph = netpipe.load("data")
    with pytest.raises(netpipe.NotFound) as raised:
        netpipe.ego(netpipe.snapshot(graph, "1890"), "Beria")
    assert str(raised.value) == "Lavrenti Beria (beria) is not in the selection (snapshot at 1890, wide)"


# What NetworkX tools write and read


def test_graphml_round_trip(tmp_path: Path) -> None:
    graph = netpipe.load("data")
    nx.write_graphml(graph, tmp_path / "network.graphml")
    back = nx.read_graphml(tmp_path / "network.graphml")
    assert {key: back.graph[key] for key in graph.graph} == graph.graph
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    pd.testing.assert_frame_equal(netpipe.centrality(back).table, netpipe.centrality(graph).table)
    at_death = netpipe.snapshot(graph, "1937-02-18")
    assert sorted(netpipe.snapshot(back, "1937-02-18").edges(keys=True)) == sorted(at_death.edges(keys=True))


def test_node_link_json_reads_with_default_arguments(tmp_path: Path) -> None:
    graph = netpipe.load("data")
    [path] = netpipe.export(graph, tmp_path, formats=["json"])
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    assert back.graph["relations"] == graph.graph["relations"]
    pd.testing.assert_frame_equal(netpipe.centrality(back).table, netpipe.centrality(graph).table)


def test_undated_relation_and_dates_of_any_era() -> None:
    graph = nx.Graph()
    graph.add_edge("caesar", "brutus", relation="betrayed-by", start="-0043-03-15", sign=-1, kind="event")
    tables = netpipe.load_tables(graph)
    assert tables.relations.loc["betrayed-by", ["directed", "sign", "kind"]].tolist() == [False, -1, "event"]
    assert tables.edges.loc["1", "start_lo"] == parse_date("-0043-03-15")[0]


def test_an_undeclared_relation_takes_its_direction_from_directed_or_mutual() -> None:
    """``directed`` as a graph built by hand says it, ``mutual`` as a loaded graph does; neither
    becomes a column of the ties."""
    graph = nx.MultiDiGraph()
    graph.add_edge("becket", "henry", relation="served", directed=True)
    graph.add_edge("becket", "theobald", relation="kin", mutual=True)
    graph.add_edge("henry", "eleanor", relation="wed", mutual="FALSE")
    graph.add_edge("henry", "louis", relation="met")  # as the graph is: directed
    tables = netpipe.load_tables(graph)
    directed = tables.relations.loc[["served", "kin", "wed", "met"], "directed"].tolist()
    assert directed == [True, False, True, True]
    assert "mutual" not in tables.edges and "mutual" not in tables.user_columns["edges"]
    loaded = build_graph(tables)
    assert [d["mutual"] for *_, d in loaded.edges(data=True)] == [False, True, False, False]
    again = netpipe.load_tables(nx.MultiDiGraph(loaded.edges(keys=True, data=True)))  # no vocabulary
    assert again.relations.loc[["served", "kin", "wed", "met"], "directed"].tolist() == directed


def test_the_data_package_of_a_hand_built_graph_loads_back(tmp_path: Path) -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", relation="ally", start="1900")  # a built-in relation: no relations.csv
    path = netpipe.export(graph, tmp_path, formats=["datapackage"])[0]
    assert sorted(p.name for p in path.parent.glob("*.csv")) == ["edges.csv", "nodes.csv"]
    assert netpipe.validate(path.parent).ok
    assert sorted(netpipe.load(path.parent).edges(data="relation")) == [("a", "b", "ally")]


# Attributes a hand-built graph may hold that no file was shaped for


def test_attributes_named_like_the_columns_that_place_a_tie() -> None:
    from netpipe.model.networkx_adapter import build_graph, graph_tables

    G = nx.MultiDiGraph()
    G.add_node("sergo", id="P-17")  # the archive's own id
    G.add_edge("sergo", "koba", source="RGASPI f. 558", target="Moscow", relation="ally")
    tables = graph_tables(G)
    assert tables.nodes.loc["sergo", "id (attribute)"] == "P-17"
    edge = tables.edges.iloc[0]
    assert (edge["source"], edge["target"]) == ("sergo", "koba")
    assert (edge["source (attribute)"], edge["target (attribute)"]) == ("RGASPI f. 558", "Moscow")
    again = build_graph(tables)
    assert again.nodes["sergo"]["id"] == "P-17"
    [(u, v, data)] = again.edges(data=True)
    assert (u, v, data["source"], data["target"]) == ("sergo", "koba", "RGASPI f. 558", "Moscow")
    assert G.edges["sergo", "koba", 0]["source"] == "RGASPI f. 558"  # the caller's graph is as it was
    assert sorted(netpipe.centrality(G).table.index) == ["koba", "sergo"]


def test_lone_surrogates_are_errors_naming_the_place() -> None:
    G = nx.Graph()
    G.add_node("a", name="Ordzhonikidze \udce9")  # bytes decoded with surrogateescape
    G.add_edge("a", "b\udc80")
    with pytest.raises(netpipe.DataError) as raised:
        netpipe.centrality(G)
    assert raised.value.report.lines() == [
        "edge ('a', 'b\\udc80'): its target holds a lone surrogate, which is not Unicode text: b\\udc80",
        "node 'a': attribute \"name\" holds a lone surrogate, which is not Unicode text: Ordzhonikidze \\udce9",
        "node 'b\\udc80': its id holds a lone surrogate, which is not Unicode text: b\\udc80",
    ]


def test_ints_beyond_64_bits_are_kept_exactly() -> None:
    from netpipe.model.networkx_adapter import graph_tables

    G = nx.Graph()
    G.add_node("a", archive_number=2**64 + 1)
    G.add_node("b", archive_number=7)
    G.add_edge("a", "b")
    G.add_edge(2**70, "a")
    tables = graph_tables(G)
    assert tables.nodes["archive_number"].tolist() == ["18446744073709551617", "7", ""]
    assert sorted(netpipe.centrality(G).table.index, key=str) == [2**70, "a", "b"]


def test_bytes_and_nan_ids_are_nodes_like_any_other() -> None:
    nan = float("nan")
    G = nx.Graph([(b"koba", "sergo"), (nan, "sergo")])
    table = netpipe.centrality(G).table
    assert table.loc[b"koba", "degree"] == 0.5  # normalized: 1 of 2 others
    assert table.loc["sergo", "degree"] == 1.0
    assert len(table) == 3


def test_attribute_names_one_as_text_are_an_error() -> None:
    G = nx.Graph()
    G.add_node("a", **{"5": "five"})
    G.nodes["a"][5] = "5"
    G.add_edge("a", "b")
    with pytest.raises(netpipe.DataError) as raised:
        netpipe.export(G, "unused", ["csv"])
    assert raised.value.report.lines() == [
        "node 'a': attributes '5' and 5 have one name as text (\"5\"): rename one"
    ]


@pytest.mark.parametrize(("year", "text"), [(500, "0500"), (-44, "-0044"), (7, "0007"), (1937, "1937")])
def test_int_years_of_any_era(year: int, text: str) -> None:
    from netpipe.model.networkx_adapter import graph_tables

    G = nx.Graph()
    G.add_node("augustus", start=year)
    G.add_node("livia")
    G.add_edge("augustus", "livia", start=year)
    tables = graph_tables(G)
    assert tables.nodes.loc["augustus", "start"] == text
    assert tables.edges["start"].tolist() == [text]
