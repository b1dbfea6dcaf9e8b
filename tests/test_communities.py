"""Communities: seeded Leiden (and Louvain), numbered by size, and the cross-table against groups."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest

import netpipe
from netpipe.analysis.common import project
from netpipe.analysis.communities import communities, community_groups
from netpipe.model.selection import select

MakeDataset = Callable[..., Path]

#: A clique of three (x, y, z) and a clique of four (p, q, r, s) joined by z - p; w alone.
CLIQUES = [("x", "y", "z"), ("p", "q", "r", "s")]
GROUPS = {"x": "Left", "y": "Left", "z": "Right", "p": "Right", "q": "Right", "r": "Right", "s": "", "w": ""}


def _csv(header: str, rows: list[tuple[str, ...]]) -> str:
    return header + "\n" + "".join(",".join(row) + "\n" for row in rows)


@pytest.fixture
def graph(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    nodes = _csv("id,name,group", [(n, n.upper(), g) for n, g in GROUPS.items()])
    pairs = [pair for clique in CLIQUES for pair in combinations(clique, 2)] + [("z", "p")]
    edges = _csv("source,target,relation", [(a, b, "ally") for a, b in pairs] + [("z", "p", "rival")])
    return netpipe.load(make_dataset(nodes=nodes, edges=edges))


@pytest.mark.parametrize("engine", ["leiden", "networkx"])
def test_two_cliques_numbered_by_size(graph: nx.MultiDiGraph, engine: str) -> None:
    df_result = communities(graph, engine=engine)  # type: ignore[arg-type]
    df = df_result.table
    assert df[["node", "community"]].values.tolist() == [
        ["p", 1], ["q", 1], ["r", 1], ["s", 1], ["x", 2], ["y", 2], ["z", 2], ["w", 3],
    ]  # fmt: skip
    assert list(df.columns) == ["node", "name", "group", "community"]
    # by hand: m = 11 (z - p counts twice); inside 3 + 6 = 9; strengths 8 and 14
    assert df_result.modularity == pytest.approx(9 / 11 - (8**2 + 14**2) / 22**2, abs=1e-12)
    assert df_result.engine == engine and df_result.seed == 42


def test_modularity_equals_networkx(graph: nx.MultiDiGraph) -> None:
    for resolution in (0.5, 1.0, 2.0):
        df_result = communities(graph, resolution=resolution)
        df = df_result.table
        parts = [set(group["node"]) for _, group in df.groupby("community")]
        expected = nx.community.modularity(project(graph).to_networkx(), parts, resolution=resolution)
        assert df_result.modularity == pytest.approx(expected, abs=1e-12)


def test_reproducible_with_a_seed(make_dataset: MakeDataset) -> None:
    random_graph = nx.gnm_random_graph(120, 400, seed=5)
    nodes = _csv("id,name", [(f"n{i}", f"N{i}") for i in random_graph])
    edges = _csv("source,target,relation", [(f"n{a}", f"n{b}", "ally") for a, b in random_graph.edges])
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    for engine in ("leiden", "networkx"):
        first_result = communities(graph, seed=7, engine=engine)  # type: ignore[arg-type]
        first = first_result.table
        again_result = communities(graph, seed=7, engine=engine)  # type: ignore[arg-type]
        again = again_result.table
        assert first.equals(again)
        assert first_result.modularity == again_result.modularity > 0.3
        sizes = first["community"].value_counts().sort_index().tolist()
        assert sizes == sorted(sizes, reverse=True)


def test_bad_arguments(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match='"louvain" is not an engine: use leiden or networkx'):
        communities(graph, engine="louvain")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="the resolution must be positive, not 0"):
        communities(graph, resolution=0)
    with pytest.raises(ValueError, match="the seed -1 is not between 0 and 4294967295"):
        communities(graph, seed=-1)


def test_leiden_finds_the_best_split_of_the_karate_club() -> None:
    # The largest modularity of Zachary's karate club (unweighted) is 0.4198, in four
    # communities (Brandes et al. 2008, "On modularity clustering").
    club = nx.Graph(nx.karate_club_graph().edges)
    found = communities(club)
    assert found.modularity == pytest.approx(0.41979, abs=1e-5)
    assert found.table["community"].nunique() == 4


def test_same_communities_in_another_process() -> None:
    # The method's internal tables must not depend on the process (hash seeds, addresses).
    script = (
        "import networkx as nx, netpipe; g = nx.gnm_random_graph(300, 900, seed=3); "
        "print(netpipe.communities(g, seed=11).table['community'].tolist())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for hash_seed in (1, 2, 3)
    }  # fmt: skip
    assert len(runs) == 1


def test_no_ties(graph: nx.MultiDiGraph) -> None:
    df_result = communities(select(graph, relations=["deputy-of"]))
    df = df_result.table
    assert df["community"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert math.isnan(df_result.modularity)


def test_community_groups(graph: nx.MultiDiGraph) -> None:
    cross = community_groups(graph, communities(graph).table)
    assert list(cross.table.columns) == ["(none)", "Left", "Right"]
    assert cross.table.reset_index().values.tolist() == [[1, 1, 0, 3], [2, 0, 2, 1], [3, 1, 0, 0]]
    assert cross.purity == 6 / 8

    # by hand: H(communities) = H(4/8, 3/8, 1/8), H(groups) = H(2/8, 2/8, 4/8), I = H(c) + H(g) - H(joint)
    def entropy(*counts: int) -> float:
        return -sum(c / 8 * math.log(c / 8) for c in counts)

    mutual = entropy(4, 3, 1) + entropy(2, 2, 4) - entropy(1, 3, 2, 1, 1)
    assert cross.nmi == pytest.approx(mutual / ((entropy(4, 3, 1) + entropy(2, 2, 4)) / 2), abs=1e-12)


def test_community_groups_limits(graph: nx.MultiDiGraph) -> None:
    table = communities(graph).table
    same = table.assign(community=table["group"].map({"Left": 1, "Right": 2, "": 3}))
    assert community_groups(graph, same).nmi == pytest.approx(1.0)
    one = table.assign(community=1)
    assert community_groups(graph, one).nmi == 0.0
