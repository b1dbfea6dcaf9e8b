"""Chains between two people: shortest paths step by step, with every tie behind each step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import netpipe
from netpipe.analysis.common import project, tie_summary, ties_between
from netpipe.analysis.paths import NoChain, chains
from netpipe.io.names import AmbiguousName, UnknownName
from netpipe.model.selection import snapshot

MakeDataset = Callable[..., Path]

#: a - b - d - e and a - c - d - e: two chains of three steps from Anna to Emil.
NODES = """id,name,aliases,start,end
a,Anna,Anya,,
b,Boris,,,
c,Clara,Klara,,
d,Dmitri,,1900,1950
e,Emil,,,
f,Fyodor,,,
x,Ivan Petrov,,,
y,Ivan Petrov,,,
"""
EDGES = """id,source,target,relation,start,end,certainty,citation
t1,a,b,ally,1901,,certain,Smith 1990
t2,c,a,ally,1902,,,Jones 2001
t3,b,d,ally,,,probable,
t4,c,d,rival,1910,1920,,Smith 1990
t5,d,e,ally,,,,
t6,e,d,deputy-of,1920,1925,possible,"Jones 2001, p. 3"
t7,d,b,rival,1930,,,
"""


@pytest.fixture
def graph(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    return netpipe.load(make_dataset(nodes=NODES, edges=EDGES))


def test_two_equal_chains_with_every_tie_of_each_step(graph: nx.MultiDiGraph) -> None:
    df = chains(graph, "Anna", "Emil")
    assert df.attrs["length"] == 3
    assert list(df.columns) == [
        "chain", "step", "from", "relation", "to", "start", "end", "certainty", "citation", "tie",
    ]  # fmt: skip
    assert df.values.tolist() == [
        [1, 1, "Anna", "ally", "Boris", "1901", "", "certain", "Smith 1990", "t1"],
        [1, 2, "Boris", "rival", "Dmitri", "1930", "", "certain", "", "t7"],  # dated ties first
        [1, 2, "Boris", "ally", "Dmitri", "", "", "probable", "", "t3"],
        [1, 3, "Dmitri", "had as deputy", "Emil", "1920", "1925", "possible", "Jones 2001, p. 3", "t6"],
        [1, 3, "Dmitri", "ally", "Emil", "", "", "certain", "", "t5"],
        [2, 1, "Anna", "ally", "Clara", "1902", "", "certain", "Jones 2001", "t2"],
        [2, 2, "Clara", "rival", "Dmitri", "1910", "1920", "certain", "Smith 1990", "t4"],
        [2, 3, "Dmitri", "had as deputy", "Emil", "1920", "1925", "possible", "Jones 2001, p. 3", "t6"],
        [2, 3, "Dmitri", "ally", "Emil", "", "", "certain", "", "t5"],
    ]


def test_reversed_chain_reads_directed_ties_from_the_other_side(graph: nx.MultiDiGraph) -> None:
    df = chains(graph, "e", "d")
    assert df[["from", "relation", "to"]].values.tolist() == [
        ["Emil", "deputy-of", "Dmitri"],
        ["Emil", "ally", "Dmitri"],
    ]


def test_relation_without_inverse_is_marked_reversed(make_dataset: MakeDataset) -> None:
    relations = "relation,directed,sign,kind\nmentor-of,true,1,state\n"
    folder = make_dataset(
        nodes="id,name\np,Pavel\nq,Quentin\n",
        edges="source,target,relation\np,q,mentor-of\n",
        relations=relations,
    )
    df = chains(netpipe.load(folder), "q", "p")
    assert df[["from", "relation", "to"]].values.tolist() == [["Quentin", "mentor-of (reversed)", "Pavel"]]


def test_limit_and_names_by_alias(graph: nx.MultiDiGraph) -> None:
    df = chains(graph, "anya", "EMIL", limit=1)
    assert df["chain"].unique().tolist() == [1]
    assert df["to"].tolist()[:1] == ["Boris"]
    with pytest.raises(ValueError, match="limit must be at least 1"):
        chains(graph, "a", "e", limit=0)


def test_chains_are_the_shortest_paths_of_networkx(graph: nx.MultiDiGraph) -> None:
    df = chains(graph, "a", "e", limit=100)
    ids = {"Anna": "a", "Boris": "b", "Clara": "c", "Dmitri": "d", "Emil": "e"}
    found = [
        ["a"] + [ids[n] for n in group.drop_duplicates("step")["to"]] for _, group in df.groupby("chain")
    ]
    expected = sorted(nx.all_shortest_paths(project(graph).to_networkx(), "a", "e"))
    assert found == expected


def test_names_unknown_or_ambiguous(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownName, match='no one is called "Emill"; did you mean "e" \\(Emil\\)\\?'):
        chains(graph, "Anna", "Emill")
    with pytest.raises(AmbiguousName) as error:
        chains(graph, "Anna", "ivan petrov")
    assert str(error.value) == '"ivan petrov" could be any of: "x" (Ivan Petrov), "y" (Ivan Petrov)'


def test_no_chain(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NoChain) as error:
        chains(graph, "Anna", "Fyodor")
    assert (
        str(error.value) == "no chain of ties links Anna (a) and Fyodor (f) in the selection (whole network)"
    )
    with pytest.raises(NoChain, match=r"^Anna \(a\) is both ends of the chain"):
        chains(graph, "a", "Anya")


def test_chain_at_a_date(graph: nx.MultiDiGraph) -> None:
    # In 1899 Dmitri is not born yet; in 1915 only the chain through Clara's rivalry is active.
    before = snapshot(graph, "1899", presence="always")
    with pytest.raises(NoChain) as error:
        chains(before, "a", "e")
    assert str(error.value) == (
        "no chain of ties links Anna (a) and Emil (e) in the selection (snapshot at 1899, wide)"
    )
    with pytest.raises(NoChain) as error:
        chains(before, "a", "Dmitri")
    assert str(error.value) == "Dmitri (d) is not in the selection (snapshot at 1899, wide)"
    df = chains(snapshot(graph, "1915", presence="always"), "a", "e")
    assert df["tie"].tolist() == ["t1", "t3", "t5", "t2", "t4", "t5"]


def test_ties_between_and_summary(graph: nx.MultiDiGraph) -> None:
    ties = ties_between(graph, ["d", "a"], ["e", "f"])
    assert ties[["pair", "tie", "source", "relation", "target"]].values.tolist() == [
        [0, "t6", "e", "deputy-of", "d"],
        [0, "t5", "d", "ally", "e"],
    ]
    summary = tie_summary(graph, ["b", "a", "d"], ["d", "f", "e"])
    expected = pd.DataFrame(
        {
            "relations": ["rival; ally", "", "deputy-of; ally"],
            "citations": ["", "", "Jones 2001, p. 3"],
            "ties": ["t7; t3", "", "t6; t5"],
        }
    )
    pd.testing.assert_frame_equal(summary, expected)
    signed = tie_summary(graph, ["d"], ["e"], signed_only=True)
    assert signed.iloc[0].tolist() == ["deputy-of; ally", "Jones 2001, p. 3", "t6; t5"]
