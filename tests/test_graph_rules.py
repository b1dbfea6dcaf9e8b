"""A NetworkX graph is read by documented rules where it goes beyond the CSV contract: a
self-loop, a weight of 0 or below, a kind of its own, an attribute named like a computed
column. (The files of the contract stay as strict: see test_validate.py.)"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import netpipe
from netpipe.model.networkx_adapter import build_graph


def _square() -> nx.Graph:
    """a - b - c - d - a, allies."""
    graph = nx.Graph()
    nx.add_cycle(graph, "abcd", relation="ally")
    return graph


def test_a_self_loop_is_kept_and_left_out_of_the_measures(tmp_path: Path) -> None:
    looped = _square()
    looped.add_edge("a", "a", relation="ally", start="1920")
    result = netpipe.centrality(looped)
    pd.testing.assert_frame_equal(result.table, netpipe.centrality(_square()).table)
    assert result.notes == (
        "1 tie from a node to itself (a loop) kept in the network, left out of the measures",
    )
    assert ("a", "a") in netpipe.snapshot(looped, "1920").edges
    assert (
        netpipe.communities(looped).table["community"].tolist()
        == netpipe.communities(_square()).table["community"].tolist()
    )
    netpipe.export(looped, tmp_path, formats=["graphml"])
    assert ("a", "a") in nx.read_graphml(tmp_path / "network.graphml").edges


def test_weights_of_zero_and_below_are_kept_and_count_as_one(tmp_path: Path) -> None:
    weighted = _square()
    weighted.edges["a", "b"]["weight"] = 0
    weighted.edges["b", "c"]["weight"] = -1
    weighted.edges["c", "d"]["weight"] = 3
    tables = netpipe.load_tables(weighted)
    assert tables.edges["weight"].tolist() == [0.0, 1.0, -1.0, 3.0]  # as written
    counted_one = _square()
    counted_one.edges["c", "d"]["weight"] = 3
    result = netpipe.centrality(weighted)
    pd.testing.assert_frame_equal(result.table, netpipe.centrality(counted_one).table)
    assert result.notes == ("2 ties with a weight of 0 or below counted as ties of weight 1",)
    assert netpipe.balance(weighted)["negative"].item() == 0  # a weight is no sign
    netpipe.export(weighted, tmp_path, formats=["graphml"])
    back = nx.read_graphml(tmp_path / "network.graphml")
    assert back.edges["a", "b"]["weight"] == 0.0 and back.edges["b", "c"]["weight"] == -1.0


def test_a_weight_that_is_not_a_number_is_still_an_error() -> None:
    graph = _square()
    graph.edges["a", "b"]["weight"] = "heavy"
    with pytest.raises(netpipe.DataError) as raised:
        netpipe.centrality(graph)
    assert str(raised.value).splitlines()[1:] == [
        "edge ('a', 'b'): column \"weight\": \"heavy\" is not a positive number"
    ]


def test_a_kind_of_its_own_is_kept_and_is_no_person() -> None:
    graph = _square()
    graph.add_node("d", kind="city", name="Tiflis")
    assert netpipe.presence(graph).loc["d", "kind"] == "city"
    assert sorted(netpipe.select(graph, persons_only=True).nodes) == ["a", "b", "c"]
    assert netpipe.centrality(graph).table.loc["d", "degree"] == pytest.approx(2 / 3)


def test_attributes_named_like_computed_columns_are_kept() -> None:
    graph = _square()
    graph.edges["a", "b"]["line"] = "Moscow-Tiflis railway"
    graph.nodes["c"]["line"] = 7
    graph.nodes["c"]["start_lo"] = "first"
    tables = netpipe.load_tables(graph)
    assert tables.edges["line (attribute)"].tolist() == ["Moscow-Tiflis railway", "", "", ""]
    assert tables.edges["line"].tolist() == [1, 2, 3, 4]  # netpipe's own: the edge's position
    assert tables.nodes.loc["c", "line (attribute)"] == 7
    rebuilt = build_graph(tables)
    assert rebuilt.edges["a", "b", "1"]["line"] == "Moscow-Tiflis railway"
    assert rebuilt.nodes["c"]["line"] == 7 and rebuilt.nodes["c"]["start_lo"] == "first"
