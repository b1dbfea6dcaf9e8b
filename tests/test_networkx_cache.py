"""A NetworkX graph is converted once per state: kept in ``G.__networkx_cache__``, which
NetworkX empties on structural edits; attribute edits are seen once the cache is cleared."""

from __future__ import annotations

import math
from collections.abc import Iterator

import networkx as nx
import pytest

import netpipe
from netpipe.model import network as network_module
from netpipe.model import networkx_adapter as graph_module


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[nx.Graph]]:
    """Every graph netpipe converts into tables, in order (a spy on the one converter)."""
    converted: list[nx.Graph] = []

    def spy(graph: nx.Graph) -> netpipe.Tables:
        converted.append(graph)
        return graph_module.graph_tables(graph)

    monkeypatch.setattr(network_module, "graph_tables", spy)
    yield converted


def _degree(graph: nx.Graph) -> dict:
    """netpipe's degree centrality, by node."""
    return netpipe.centrality(graph, measures=["degree"]).table["degree"].to_dict()


def test_a_second_call_on_a_200k_tie_graph_does_not_convert_again(conversions: list[nx.Graph]) -> None:
    graph = nx.gnm_random_graph(50_000, 200_000, seed=7)
    graph.remove_nodes_from(list(nx.isolates(graph)))  # a person with no tie has no rank
    first = _degree(graph)
    second = _degree(graph)
    assert len(conversions) == 1  # the second call costs no conversion: far below half the first
    assert first == second == pytest.approx(nx.degree_centrality(graph))


def test_every_function_shares_one_conversion(conversions: list[nx.Graph]) -> None:
    graph = nx.karate_club_graph()
    netpipe.centrality(graph)
    netpipe.communities(graph)
    netpipe.brokerage(graph)
    netpipe.presence(graph)
    assert conversions == [graph]


def test_structural_edits_are_seen(conversions: list[nx.Graph]) -> None:
    graph = nx.path_graph(4)  # 0 - 1 - 2 - 3
    assert _degree(graph) == pytest.approx({0: 1 / 3, 1: 2 / 3, 2: 2 / 3, 3: 1 / 3})
    graph.add_edge(3, 0)
    assert _degree(graph) == pytest.approx({0: 2 / 3, 1: 2 / 3, 2: 2 / 3, 3: 2 / 3})
    graph.remove_node(2)
    assert _degree(graph) == pytest.approx({0: 1.0, 1: 0.5, 3: 0.5})
    graph.add_edge(1, 3, weight=1)  # add_edge also clears the cache
    assert _degree(graph) == pytest.approx({0: 1.0, 1: 1.0, 3: 1.0})
    assert len(conversions) == 4


def test_an_attribute_edit_is_seen_once_the_cache_is_cleared(conversions: list[nx.Graph]) -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", relation="ally")
    graph.add_edge("b", "c", relation="ally")
    assert netpipe.balance(graph)["negative"].item() == 0
    graph.edges["b", "c"]["relation"] = "rival"  # an edit NetworkX does not see
    assert netpipe.balance(graph)["negative"].item() == 0  # as documented: the kept conversion
    nx._clear_cache(graph)
    assert netpipe.balance(graph)["negative"].item() == 1
    graph.nodes["a"]["start"] = "1920"
    graph.__networkx_cache__.clear()
    assert netpipe.presence(graph).loc["a", "from"] == "1920-01-01"
    assert len(conversions) == 3


def test_no_cache_when_networkx_keeps_no_converted_graphs(
    conversions: list[nx.Graph], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nx.config, "cache_converted_graphs", False)
    graph = nx.karate_club_graph()
    _degree(graph)
    _degree(graph)
    view = netpipe.snapshot(graph, "1900", presence="always")
    _degree(view)
    assert conversions == [graph] * 4
    assert "netpipe" not in graph.__networkx_cache__
    graph.edges[0, 1]["relation"] = "rival"  # with no cache, every edit is seen at once
    assert netpipe.balance(graph)["negative"].item() == 1


def test_snapshot_then_centrality_converts_once(conversions: list[nx.Graph]) -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", relation="ally", start="1900", end="1910")
    graph.add_edge("b", "c", relation="ally", start="1920")
    graph.add_edge("c", "a", relation="ally", start="1905", end="1925")
    view = netpipe.snapshot(graph, "1907")
    assert sorted(view.edges()) == [("a", "b"), ("c", "a")]
    assert _degree(view) == pytest.approx({"a": 1.0, "b": 0.5, "c": 0.5})
    assert sorted(netpipe.window(view, "1906", "1908").edges()) == [("a", "b"), ("c", "a")]
    assert conversions == [graph]


def test_views_compute_only_their_masks(conversions: list[nx.Graph]) -> None:
    graph = nx.karate_club_graph()
    _degree(graph)
    sub = graph.subgraph([0, 1, 2, 3])
    nested = sub.subgraph([0, 1, 2])
    assert _degree(sub) == pytest.approx(nx.degree_centrality(nx.Graph(sub)))
    assert _degree(nested) == pytest.approx(nx.degree_centrality(nx.Graph(nested)))
    assert conversions == [graph]


def test_a_view_made_before_an_edit_shows_the_graph_as_edited(conversions: list[nx.Graph]) -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", relation="ally")
    graph.add_edge("b", "c", relation="ally")
    view = netpipe.snapshot(graph, "1900", presence="always")
    assert _degree(view) == pytest.approx({"a": 0.5, "b": 1.0, "c": 0.5})
    graph.remove_edge("a", "b")  # the view filters the graph as it is now
    assert sorted(view.edges) == [("b", "c")]
    table = netpipe.centrality(view, measures=["degree"]).table
    assert table["degree"].to_dict() == pytest.approx({"a": math.nan, "b": 0.5, "c": 0.5}, nan_ok=True)
    assert len(conversions) == 2


def test_explicit_conversion_stands_on_its_own(conversions: list[nx.Graph]) -> None:
    graph = nx.karate_club_graph()
    network = netpipe.Network.from_networkx(graph)
    assert network.graph is None  # holds no reference to the NetworkX graph
    assert _degree(network) == pytest.approx(nx.degree_centrality(graph))
    graph.add_edge(0, 9)  # not seen: the conversion is explicit, once
    assert _degree(network) == pytest.approx(nx.degree_centrality(nx.karate_club_graph()))
    snapshot = netpipe.snapshot(network, "1900", presence="always")
    assert isinstance(snapshot, netpipe.Network) and snapshot.number_of_edges() == 78
    part = netpipe.Network.from_networkx(graph.subgraph([0, 1, 2]))
    assert (part.number_of_nodes(), part.number_of_edges()) == (3, 3)
    assert conversions == [graph, graph]  # once, then once more after the edit


def test_explicit_conversion_takes_only_a_networkx_graph() -> None:
    with pytest.raises(netpipe.ArgumentTypeError, match="from_networkx takes a NetworkX graph, not dict"):
        netpipe.Network.from_networkx({"a": ["b"]})  # type: ignore[arg-type]


def test_reading_a_folder_builds_no_graph() -> None:
    network = netpipe.Network.read("tests/data/valid")
    assert network.graph is None
    assert sorted(network.nodes.index) == sorted(netpipe.load("tests/data/valid").nodes)
