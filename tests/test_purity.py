"""A library call changes nothing in the caller's process: no child process left, no global random
state drawn from or replaced, the allocator as it was."""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import netpipe
from netpipe.analysis.centrality import rank
from netpipe.model.network import Network
from netpipe.outputs.drawing.layout import SMALL, layout
from netpipe.outputs.exports.gexf import write_gexf
from netpipe.outputs.render.html import network_html
from netpipe.outputs.table_text import to_csv


class CountingRandom(random.Random):
    """A user's random generator for igraph that counts what is drawn from it."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.draws = 0

    def random(self) -> float:
        self.draws += 1
        return super().random()

    def getrandbits(self, k: int) -> int:
        self.draws += 1
        return super().getrandbits(k)

    def randint(self, a: int, b: int) -> int:
        self.draws += 1
        return super().randint(a, b)

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        self.draws += 1
        return super().gauss(mu, sigma)


@pytest.fixture
def users_generator() -> Iterator[CountingRandom]:
    """The user's generator, set as igraph's; igraph's usual one (Python's ``random``) afterwards."""
    mine = CountingRandom(1)
    igraph.set_random_number_generator(mine)
    yield mine
    igraph.set_random_number_generator(random)


def _still_used(generator: CountingRandom) -> None:
    """igraph still draws from the user's generator: a random graph takes its draws."""
    before = generator.draws
    igraph.Graph.Erdos_Renyi(n=30, m=40)
    assert generator.draws > before


#: Calls that once drew from igraph's generator (ARPACK's start, Louvain's order, the layout's moves).
CALLS: dict[str, Callable[[nx.Graph], object]] = {
    "centrality": lambda g: netpipe.centrality(g).table["eigenvector"],
    "communities": lambda g: netpipe.communities(g, seed=7).table["community"],
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("graph", ["karate", "data"])
def test_the_users_igraph_generator_is_neither_drawn_from_nor_replaced(
    users_generator: CountingRandom, name: str, graph: str
) -> None:
    G = nx.karate_club_graph() if graph == "karate" else netpipe.load("data")
    first = CALLS[name](G)
    assert users_generator.draws == 0
    _still_used(users_generator)
    again = CALLS[name](G)  # reproducible: the same result, whatever igraph's generator drew meanwhile
    _same(first, again)


def _same(first: object, again: object) -> None:
    if isinstance(first, pd.DataFrame):
        pd.testing.assert_frame_equal(first, again, check_exact=True)  # type: ignore[arg-type]
    else:
        pd.testing.assert_series_equal(first, again, check_exact=True)  # type: ignore[arg-type]


def test_the_layout_the_page_and_gexf_of_a_large_graph_leave_the_users_igraph_generator_alone(
    users_generator: CountingRandom, tmp_path: Path
) -> None:
    G = nx.barabasi_albert_graph(SMALL + 100, 2, seed=1)  # above SMALL: the force layout of large graphs
    first = layout(G, seed=9)
    network_html(G, tmp_path / "network.html")
    write_gexf(G, tmp_path / "network.gexf")
    assert users_generator.draws == 0
    _still_used(users_generator)
    pd.testing.assert_frame_equal(first, layout(G, seed=9), check_exact=True)
    assert "viz:position" in (tmp_path / "network.gexf").read_text(encoding="utf-8")


def test_eigenvector_agrees_with_networkx_to_the_last_digits() -> None:
    G = nx.karate_club_graph()
    expected = nx.eigenvector_centrality_numpy(G, weight="weight")
    found = netpipe.centrality(G, measures=["eigenvector"]).table["eigenvector"]
    assert max(abs(found[v] - expected[v]) for v in G) < 1e-12


def _children() -> set[int]:
    """The processes this one started that are still alive (zombies count as gone)."""
    found = set()
    for task in Path("/proc/self/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except FileNotFoundError:
                continue
            if state != "Z":
                found.add(int(child))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_child_process_is_alive_after_centrality_on_250k_ties() -> None:
    rng = np.random.default_rng(3)
    people = 25_000
    source = rng.integers(0, people, 250_000)
    target = (source + 1 + rng.integers(0, people - 1, 250_000)) % people
    ids = np.array([f"p{i}" for i in range(people)], dtype=object)
    G = nx.Graph()
    G.add_nodes_from(ids.tolist())
    G.add_edges_from(zip(ids[source].tolist(), ids[target].tolist(), strict=True))
    before = _children()
    table = netpipe.centrality(G, measures=["betweenness", "degree"]).table
    assert table["betweenness"].notna().sum() == G.number_of_nodes()
    assert multiprocessing.active_children() == []
    assert _children() == before


def test_the_command_line_and_the_library_give_byte_identical_centrality_tables(tmp_path: Path) -> None:
    graph = nx.gnm_random_graph(3000, 12000, seed=5, directed=True)  # PageRank's threads once differed here
    people = "".join(f"n{node},N{node}\n" for node in graph)
    (tmp_path / "nodes.csv").write_text("id,name\n" + people, encoding="utf-8")
    ties = "".join(f"n{a},n{b},ally,{1 + i % 3}\n" for i, (a, b) in enumerate(graph.edges))
    (tmp_path / "edges.csv").write_text("source,target,relation,weight\n" + ties, encoding="utf-8")
    environment = {name: value for name, value in os.environ.items() if name != "OMP_NUM_THREADS"}
    command = [sys.executable, "-c", "from netpipe.app.cli import main; main()", "centrality", str(tmp_path)]
    command += ["--format", "csv", "--quiet", "--by", "pagerank"]
    runs = [
        subprocess.run(command, capture_output=True, env=environment, check=True).stdout for _ in range(2)
    ]
    table = rank(netpipe.centrality(Network.from_tables(netpipe.read_tables(tmp_path))).table, "pagerank")
    table = table.reset_index()
    library = to_csv(table[["rank", *table.columns.drop("rank")]]).encode()
    assert len(runs[0].splitlines()) == 3001
    assert runs[0] == runs[1] == library
