"""Brokerage: constraint and effective size equal networkx's, articulation points, bridges."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import netpipe
from netpipe.analysis.brokerage import bridges, brokerage
from netpipe.analysis.common import project
from netpipe.model.selection import select

MakeDataset = Callable[..., Path]

#: Krackhardt's kite: Andre .. Jane, as networkx numbers them 0 .. 9.
KITE = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike", "Jane"]


def _csv(header: str, rows: list[tuple[str, ...]]) -> str:
    return header + "\n" + "".join(",".join(row) + "\n" for row in rows)


def _dataset(
    make_dataset: MakeDataset, graph: nx.Graph, extra: tuple[tuple[str, ...], ...] = ()
) -> nx.MultiDiGraph:
    nodes = _csv("id,name", [(f"n{i}", KITE[i] if i < len(KITE) else f"N{i}") for i in graph])
    rows = [(f"n{a}", f"n{b}", "ally", str(d.get("weight", 1))) for a, b, d in graph.edges(data=True)]
    return netpipe.load(
        make_dataset(nodes=nodes, edges=_csv("source,target,relation,weight", [*rows, *extra]))
    )


def _assert_equal_to_networkx(graph: nx.MultiDiGraph) -> None:
    df = brokerage(graph).set_index("node")
    simple = project(graph).to_networkx()
    for measure, expected in (
        ("constraint", nx.constraint(simple, weight="weight")),
        # nodes= keeps networkx on its reference path: with SciPy installed it otherwise takes a
        # sparse one that divides by the wrong row maxima on weighted graphs (networkx PR #8906).
        ("effective_size", nx.effective_size(simple, nodes=list(simple), weight="weight")),
    ):
        for node, value in expected.items():
            if math.isnan(value):
                assert math.isnan(df.at[node, measure])
            else:
                assert df.at[node, measure] == pytest.approx(value, abs=1e-9), (measure, node)
    assert set(df.index[df["articulation"]]) == set(nx.articulation_points(simple))
    assert df["degree"].to_dict() == dict(simple.degree)


def test_krackhardt_kite_by_hand(make_dataset: MakeDataset) -> None:
    graph = _dataset(make_dataset, nx.krackhardt_kite_graph())
    df = brokerage(graph)
    # Heather (7) bridges the kite and its tail: 3 neighbours, Fernando and Garth tied to each other
    heather = df.set_index("name").loc["Heather"]
    assert heather["effective_size"] == pytest.approx(3 - 2 * 1 / 3)
    assert heather["constraint"] == pytest.approx(2 * (1 / 3 + 1 / 3 * 1 / 5) ** 2 + (1 / 3) ** 2)
    assert df["name"].tolist()[:3] == ["Heather", "Fernando", "Garth"]
    assert df.loc[df["articulation"], "name"].tolist() == ["Heather", "Ike"]
    _assert_equal_to_networkx(graph)


def test_weighted_random_graph_equals_networkx(make_dataset: MakeDataset) -> None:
    random_graph = nx.gnm_random_graph(40, 120, seed=3)
    for i, (a, b) in enumerate(random_graph.edges):
        random_graph[a][b]["weight"] = 1 + i % 4
    random_graph.add_node(40)  # an isolated node: NaN
    extra = (("n0", "n1", "rival", "2"), ("n1", "n0", "ally", "0.5"))
    graph = _dataset(make_dataset, random_graph, extra)
    _assert_equal_to_networkx(graph)
    df = brokerage(graph)
    assert df["node"].iloc[-1] == "n40"
    assert math.isnan(df["constraint"].iloc[-1]) and math.isnan(df["effective_size"].iloc[-1])


def test_bridges(make_dataset: MakeDataset) -> None:
    nodes = "id,name\na,Anna\nb,Boris\nc,Clara\nd,Dmitri\ne,Emil\n"
    edges = _csv(
        "id,source,target,relation,citation",
        [
            ("t1", "a", "b", "ally", "Smith 1990"),
            ("t2", "b", "c", "ally", ""),
            ("t3", "c", "a", "ally", ""),
            ("t4", "d", "c", "deputy-of", "Jones 2001"),
            ("t5", "c", "d", "rival", "Smith 1990"),
            ("t6", "e", "d", "arrested-by", ""),
        ],
    )
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    df = bridges(graph)
    assert list(df.columns) == ["a", "a_name", "b", "b_name", "weight", "relations", "citations", "ties"]
    assert df.values.tolist() == [
        # Undated ties in the graph's order: c's tie to d (t5) before d's to c (t4).
        ["c", "Clara", "d", "Dmitri", 2.0, "rival; deputy-of", "Smith 1990; Jones 2001", "t5; t4"],
        ["d", "Dmitri", "e", "Emil", 1.0, "arrested-by", "", "t6"],
    ]
    simple = project(graph).to_networkx()
    assert {frozenset(p) for p in zip(df["a"], df["b"], strict=True)} == {
        frozenset(e) for e in nx.bridges(simple)
    }
    assert bridges(select(graph, relations=["ally"])).empty
