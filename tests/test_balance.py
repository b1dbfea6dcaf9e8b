"""Structural balance: triangles of the signed projection counted by hand, over time, frustrating ties."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import netpipe
from netpipe.analysis.balance import balance, balance_over_time, frustrating_ties
from netpipe.analysis.common import project, triangles

MakeDataset = Callable[..., Path]

NODES = "id,name\na,Anna\nb,Boris\nc,Clara\nd,Dmitri\ne,Emil\nf,Fyodor\ng,Gleb\nh,Hanna\n"
# abc +++ and acd +-- are balanced; bcd and abd are ++- (b-d closes both); fgh is ---.
# fgh holds in 1915 only (t12 is an arrest, an event). e - a is ambivalent (ally and rival
# cancel out); the deputy tie b - f has a sign but no triangle.
EDGES = """id,source,target,relation,start,end,citation
t1,a,b,ally,,,Smith 1990
t2,b,c,ally,,,
t3,a,c,ally,,,
t4,c,d,rival,,,
t5,d,a,rival,,,
t6,b,d,ally,1930,,Jones 2001
t7,d,b,deputy-of,1931,,Smith 1990
t8,e,a,ally,,,
t9,e,a,rival,,,
t10,f,g,rival,,1920,
t11,g,h,rival,,,
t12,h,f,arrested-by,1915,,
t13,b,f,deputy-of,,,
"""


@pytest.fixture
def graph(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    return netpipe.load(make_dataset(nodes=NODES, edges=EDGES))


def test_balance_by_hand(graph: nx.MultiDiGraph) -> None:
    assert balance(graph).to_dict("records") == [
        {
            "nodes": 8,
            "positive": 5,
            "negative": 5,
            "ambivalent": 1,
            "triangles": 5,
            "balanced": 2,
            "no_hostile": 1,
            "two_hostile": 1,
            "unbalanced": 3,
            "one_hostile": 2,
            "three_hostile": 1,
            "ratio": 0.4,
        }
    ]


def test_frustrating_ties(graph: nx.MultiDiGraph) -> None:
    df = frustrating_ties(graph)
    assert list(df.columns) == [
        "a", "a_name", "b", "b_name", "sign", "unbalanced", "triangles", "relations", "citations", "ties",
    ]  # fmt: skip
    assert df.values.tolist() == [
        ["b", "Boris", "d", "Dmitri", 1, 2, 2, "ally; deputy-of", "Jones 2001; Smith 1990", "t6; t7"],
        ["a", "Anna", "b", "Boris", 1, 1, 2, "ally", "Smith 1990", "t1"],
        ["a", "Anna", "d", "Dmitri", -1, 1, 2, "rival", "", "t5"],
        ["b", "Boris", "c", "Clara", 1, 1, 2, "ally", "", "t2"],
        ["c", "Clara", "d", "Dmitri", -1, 1, 2, "rival", "", "t4"],
        ["f", "Fyodor", "g", "Gleb", -1, 1, 1, "rival", "", "t10"],
        ["f", "Fyodor", "h", "Hanna", -1, 1, 1, "arrested-by", "", "t12"],
        ["g", "Gleb", "h", "Hanna", -1, 1, 1, "rival", "", "t11"],
    ]


def test_over_time(graph: nx.MultiDiGraph) -> None:
    # Read as before attestations counted: every undated person always present.
    df = balance_over_time(graph, ["1910", "1915", "1925", "1935"], presence="always")
    assert df[["date", "triangles", "balanced", "unbalanced", "three_hostile"]].values.tolist() == [
        ["1910", 2, 2, 0, 0],
        ["1915", 3, 2, 1, 1],
        ["1925", 2, 2, 0, 0],
        ["1935", 4, 2, 2, 0],
    ]
    assert list(df.columns) == ["date", *balance(graph)]


def test_no_triangles(make_dataset: MakeDataset) -> None:
    summary = balance(netpipe.load(make_dataset())).iloc[0]
    assert summary["triangles"] == 0 and math.isnan(summary["ratio"])
    assert frustrating_ties(netpipe.load(make_dataset(name="other"))).empty


def test_triangles_equal_networkx(make_dataset: MakeDataset) -> None:
    random_graph = nx.gnm_random_graph(50, 300, seed=11)
    nodes = "id,name\n" + "".join(f"n{i},N{i}\n" for i in random_graph)
    edges = "source,target,relation\n" + "".join(
        f"n{a},n{b},{'ally' if (a + b) % 3 else 'rival'}\n" for a, b in random_graph.edges
    )
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    signed = project(graph, "signed")
    chunks = list(triangles(signed, size=7))  # a few looked-up corners at a time: many chunks
    assert len(chunks) > 10
    corners, edges_of = (np.concatenate(parts) for parts in zip(*chunks, strict=True))
    whole = list(triangles(signed))
    assert len(whole) == 1 and np.array_equal(whole[0][0], corners) and np.array_equal(whole[0][1], edges_of)
    simple = signed.to_networkx()
    expected = sorted(
        tuple(sorted(signed.nodes.get_loc(n) for n in clique))
        for clique in nx.enumerate_all_cliques(simple)
        if len(clique) == 3
    )
    assert [tuple(row) for row in corners.tolist()] == expected
    ids = signed.nodes.to_numpy()
    for (a, b, c), (ab, bc, ac) in zip(corners, edges_of, strict=True):
        assert {ids[signed.source[ab]], ids[signed.target[ab]]} == {ids[a], ids[b]}
        assert {ids[signed.source[bc]], ids[signed.target[bc]]} == {ids[b], ids[c]}
        assert {ids[signed.source[ac]], ids[signed.target[ac]]} == {ids[a], ids[c]}
    summary = balance(graph).iloc[0]
    product = [
        simple.edges[u, v]["sign"] * simple.edges[v, w]["sign"] * simple.edges[u, w]["sign"]
        for u, v, w in (ids[list(t)] for t in corners)
    ]
    assert summary["balanced"] == sum(p > 0 for p in product)
    assert summary["triangles"] == sum(nx.triangles(simple).values()) // 3
    assert np.isclose(summary["ratio"], summary["balanced"] / summary["triangles"])


def test_triangles_refuse_directed(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="undirected or signed"):
        triangles(project(graph, "directed"))


def test_over_time_people_are_present_as_their_ties_place_them(graph: nx.MultiDiGraph) -> None:
    # a, c and e have no dated evidence: on no date. b and d are joined by open ties from 1930
    # (t6, t7) and declare no end: present from 1930 on. f and g end with their rivalry (t10,
    # ends 1920, no start: nothing bounds its start); h is attested by the 1915 arrest only.
    df = balance_over_time(graph, ["1910", "1915", "1930", "1935"])
    assert df[["date", "nodes", "triangles", "balanced", "unbalanced"]].values.tolist() == [
        ["1910", 2, 0, 0, 0],
        ["1915", 3, 1, 0, 1],
        ["1930", 2, 0, 0, 0],
        ["1935", 2, 0, 0, 0],
    ]
