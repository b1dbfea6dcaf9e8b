"""Ego networks: members within a radius, their distance and ties to the ego, as a selection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import netpipe
from netpipe.analysis.common import project
from netpipe.analysis.ego import ego, restrict
from netpipe.io.errors import ArgumentError, NotFound
from netpipe.io.names import UnknownName
from netpipe.model.network import selection_of
from netpipe.model.selection import snapshot

MakeDataset = Callable[..., Path]

NODES = """id,name,aliases,group
a,Anna,,Left
b,Boris,Borya,Right
c,Clara,,Left
d,Dmitri,,
e,Emil,,Right
"""
# a star around Boris (two ties with Anna), then c - d - e further out
EDGES = """id,source,target,relation,start,end
t1,b,a,ally,,
t2,a,b,rival,1930,
t3,b,c,deputy-of,,
t4,c,d,ally,,
t5,d,e,ally,,
t6,a,c,ally,1920,1921
"""


@pytest.fixture
def graph(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    return netpipe.load(make_dataset(nodes=NODES, edges=EDGES))


def test_radius_one(graph: nx.MultiDiGraph) -> None:
    found = ego(graph, "Borya")
    view, table = found.network, found.members
    assert sorted(view.edges(keys=True)) == [
        ("a", "b", "t2"),
        ("a", "c", "t6"),
        ("b", "a", "t1"),
        ("b", "c", "t3"),
    ]
    assert table.values.tolist() == [
        ["b", "Boris", "Right", 0, 0, ""],
        ["a", "Anna", "Left", 1, 2, "rival; ally"],  # dated ties first
        ["c", "Clara", "Left", 1, 1, "deputy-of"],
    ]
    assert list(table.columns) == ["node", "name", "group", "distance", "ties", "relations"]
    assert view.graph["selection"] == "ego network of b, radius 1"


def test_radius_matches_networkx_ego_graph(graph: nx.MultiDiGraph) -> None:
    simple = project(graph).to_networkx()
    for radius in range(4):
        found = ego(graph, "b", radius=radius)
        view, table = found.network, found.members
        assert set(view.nodes) == set(nx.ego_graph(simple, "b", radius=radius))
        assert dict(
            zip(table["node"], table["distance"], strict=True)
        ) == nx.single_source_shortest_path_length(simple, "b", cutoff=radius)


def test_ego_view_is_a_selection(graph: nx.MultiDiGraph) -> None:
    view = ego(graph, "b", radius=2).network
    assert sorted(selection_of(view).edges.index) == ["t1", "t2", "t3", "t4", "t6"]
    assert sorted(snapshot(view, "1925", presence="always").edges(keys=True)) == [
        ("b", "a", "t1"),
        ("b", "c", "t3"),
        ("c", "d", "t4"),
    ]


def test_ego_at_a_date(graph: nx.MultiDiGraph) -> None:
    table = ego(snapshot(graph, "1920", presence="always"), "Clara").members
    assert table[["node", "ties", "relations"]].values.tolist() == [
        ["c", 0, ""],
        ["a", 1, "ally"],
        ["b", 1, "deputy-of"],
        ["d", 1, "ally"],
    ]


def test_errors(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownName):
        ego(graph, "Zed")
    with pytest.raises(ArgumentError, match="the radius must be 0 or more, not -1"):
        ego(graph, "a", radius=-1)
    with pytest.raises(NotFound) as error:
        ego(restrict(graph, ["a", "b"], "two people"), "Emil")
    assert str(error.value) == "Emil (e) is not in the selection (two people)"


def test_restrict(graph: nx.MultiDiGraph) -> None:
    view = restrict(graph, ["c", "d", "e", "nobody"])
    assert sorted(view.nodes) == ["c", "d", "e"]
    assert selection_of(view).label == "3 chosen nodes"
    again = restrict(view, ["d", "e", "a"])
    assert sorted(again.edges(keys=True)) == [("d", "e", "t5")]
