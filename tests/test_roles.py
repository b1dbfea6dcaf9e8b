"""Brokerage between groups: the Gould-Fernandez counts equal R's sna::brokerage (raw.nli)."""

from __future__ import annotations

import io
import random
import shutil
import subprocess

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netpipe
from netpipe.analysis.roles import ROLES, brokerage_roles

#: sna's raw.nli columns, in the order of ROLES (w_I, w_O, b_OI, b_IO, b_O) and the total.
SNA_COLUMNS = {"w_I": "coordinator", "w_O": "itinerant", "b_OI": "gatekeeper", "b_IO": "representative"}
SNA_COLUMNS |= {"b_O": "liaison", "t": "total"}


def _sna_call(graph: nx.DiGraph, groups: dict[str, str | None]) -> str:
    """R code that prints ``sna::brokerage(g, cl)$raw.nli`` of ``graph`` as CSV, after a line ``#``."""
    nodes = list(graph.nodes)
    cells = ",".join("1" if graph.has_edge(u, v) else "0" for v in nodes for u in nodes)  # column-major
    classes = ",".join("NA" if groups.get(v) is None else f'"{groups[v]}"' for v in nodes)
    return (
        f"g <- matrix(c({cells}), {len(nodes)}, {len(nodes)}); b <- brokerage(g, c({classes})); "
        'cat("#\\n"); write.csv(b$raw.nli, stdout(), row.names = FALSE); '
    )


def sna_brokerage(graphs: dict[str, tuple[nx.DiGraph, dict[str, str | None]]]) -> dict[str, pd.DataFrame]:
    """``sna::brokerage(g, cl)$raw.nli`` of each graph, computed by one R process, one row per node in order."""
    script = "suppressMessages(library(sna)); " + "".join(_sna_call(*graphs[name]) for name in graphs)
    found = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True, timeout=120)
    tables = {}
    for name, text in zip(graphs, found.stdout.split("#\n")[1:], strict=True):
        table = pd.read_csv(io.StringIO(text)).rename(columns=SNA_COLUMNS)
        table.index = pd.Index(list(graphs[name][0].nodes))
        tables[name] = table[[*ROLES, "total"]].astype(int)
    return tables


def _factions() -> tuple[nx.DiGraph, dict[str, str | None]]:
    """Two factions tied within and across, and a mediator in no group."""
    within_and_across = [("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("a2", "b1"), ("b1", "b2"), ("b2", "b3")]
    graph = nx.DiGraph(
        [*within_and_across, ("b3", "a1"), ("a3", "x"), ("x", "b2"), ("b1", "x"), ("x", "a1"), ("c1", "x")]
    )
    graph.add_edge("x", "c1")
    return graph, {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "b3": "B", "c1": "C", "x": None}


def _star_of_groups() -> tuple[nx.DiGraph, dict[str, str | None]]:
    """A hub passing between four groups, with reciprocated ties and two people in no group."""
    graph = nx.DiGraph()
    for i, spoke in enumerate(["p", "q", "r", "s", "t", "u", "v"]):
        graph.add_edge(spoke, "hub")
        if i % 2 == 0:
            graph.add_edge("hub", spoke)
    graph.add_edges_from([("p", "q"), ("u", "v"), ("v", "u")])
    groups: dict[str, str | None] = {"hub": "H", "p": "P", "q": "P", "r": "Q", "s": "Q", "t": "R", "u": None}
    return graph, {**groups, "v": None}


def _random(seed: int) -> tuple[nx.DiGraph, dict[str, str | None]]:
    """A seeded random directed graph of 14 people in three groups, some in none."""
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(14, 0.25, seed=seed, directed=True)
    graph = nx.relabel_nodes(graph, {i: f"n{i}" for i in graph.nodes})
    return graph, {v: rng.choice(["red", "green", "blue", None]) for v in graph.nodes}


GRAPHS = {
    "factions": _factions(),
    "star of groups": _star_of_groups(),
    "one group": (nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("b", "a"), ("c", "d")]), dict.fromkeys("abcd", "G")),
    **{f"random {seed}": _random(seed) for seed in (1, 2, 3)},
}  # fmt: skip


@pytest.fixture(scope="module")
def by_sna() -> dict[str, pd.DataFrame]:
    """R's counts for every graph of :data:`GRAPHS`, from one R process."""
    return sna_brokerage(GRAPHS)


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R with sna is installed by .ci/run")
@pytest.mark.parametrize("name", GRAPHS)
def test_roles_equal_sna_brokerage(name: str, by_sna: dict[str, pd.DataFrame]) -> None:
    graph, groups = GRAPHS[name]
    built = graph.copy()
    nx.set_node_attributes(built, {v: g for v, g in groups.items() if g is not None}, "group")
    got = brokerage_roles(built).set_index("node")
    expected = by_sna[name]
    pd.testing.assert_frame_equal(got[[*ROLES, "total"]], expected, check_names=False, check_dtype=False)
    assert got["total"].sum() > 0


def test_roles_by_hand_and_the_grammar_of_relations(make_network) -> None:  # type: ignore[no-untyped-def]
    # Zhdanov serves Kirov, who serves Sergo: Kirov passes from his own group (Leningrad) to another,
    # a representative. A parent-of tie carries no flow, so the son is never a broker's end.
    nodes = [
        {"id": "sergo", "group": "Moscow"},
        {"id": "kirov", "group": "Leningrad"},
        {"id": "zhdanov", "group": "Leningrad"},
        {"id": "son", "group": "Moscow"},
    ]
    edges = [
        {"source": "kirov", "target": "sergo", "relation": "deputy-of"},
        {"source": "zhdanov", "target": "kirov", "relation": "deputy-of"},
        {"source": "kirov", "target": "son", "relation": "parent-of"},
    ]
    relations = [
        {"relation": "deputy-of", "directed": "true", "sign": "1", "kind": "state", "flow": "true"},
        {"relation": "parent-of", "directed": "true", "sign": "1", "kind": "state", "flow": "false"},
    ]
    table = brokerage_roles(netpipe.load(make_network(nodes, edges, relations))).set_index("node")
    # zhdanov -> kirov -> sergo: kirov in the group of the one who reaches out (representative).
    assert table.loc["kirov", [*ROLES, "total"]].tolist() == [0, 0, 0, 1, 0, 1]
    assert table["total"].sum() == 1


def _plain_roles(graph: nx.DiGraph, groups: dict[int, int | None]) -> list[list[int]]:
    """The five counts of each node, chain by chain: the rules of the module read literally."""
    rows = []
    for b in graph.nodes:
        counts = dict.fromkeys(ROLES, 0)
        for a in graph.predecessors(b):
            for c in graph.successors(b):
                if a == c or graph.has_edge(a, c):
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                role = (
                    "coordinator" if ga == gb == gc
                    else "itinerant" if ga == gc
                    else "gatekeeper" if gb == gc
                    else "representative" if ga == gb
                    else "liaison"
                )  # fmt: skip
                counts[role] += 1
        rows.append(list(counts.values()))
    return rows


@settings(max_examples=60, deadline=None)
@given(
    arcs=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=70),
    groups=st.lists(st.sampled_from(["red", "green", "blue", None]), min_size=12, max_size=12),
)
def test_roles_equal_a_plain_count_of_chains(arcs: list[tuple[int, int]], groups: list[str | None]) -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(12))
    graph.add_edges_from((u, v) for u, v in arcs if u != v)
    nx.set_node_attributes(graph, {v: g for v, g in enumerate(groups) if g is not None}, "group")
    got = brokerage_roles(graph)[list(ROLES)].values.tolist()
    assert got == _plain_roles(graph, dict(enumerate(groups)))
