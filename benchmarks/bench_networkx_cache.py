"""Benchmark a NetworkX graph passed to netpipe: converted once per state of the graph.

    python benchmarks/bench_networkx_cache.py [--ties 200000] [--data data]

Times ``centrality`` (degree only: the conversion is what is measured) twice on an unedited
NetworkX graph of ``--ties`` ties (the second call reuses the conversion kept in
``G.__networkx_cache__``), then once more after an edge is added (converted again), and
``snapshot`` on the bundled graph as loaded against the same snapshot of its
:class:`~netpipe.model.network.Network`.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

import netpipe
from netpipe.model.network import selection_of

__all__ = ["main"]


def _timed(run: Callable[[], Any]) -> float:
    """Wall time of one run, in seconds."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _dated_graph(ties: int, seed: int = 1) -> nx.MultiDiGraph:
    """A dated multigraph of ``ties`` ties among ``ties // 3`` people, ties of a few relations."""
    rng = random.Random(seed)
    people = ties // 3
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((f"p{i}", {"name": f"Person {i}"}) for i in range(people))
    relations = ("ally", "rival", "deputy-of")
    graph.add_edges_from(
        (
            f"p{rng.randrange(people)}",
            f"p{rng.randrange(people)}",
            f"t{i}",
            {"relation": rng.choice(relations), "start": str(rng.randrange(1880, 1940))},
        )
        for i in range(ties)
    )
    graph.remove_edges_from([edge for edge in graph.edges(keys=True) if edge[0] == edge[1]])
    return graph


def main() -> None:
    """Print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=200_000)
    parser.add_argument("--data", default="data")
    options = parser.parse_args()

    graph = _dated_graph(options.ties)
    print(f"NetworkX graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties")

    def degree() -> Any:
        return netpipe.centrality(graph, measures=["degree"])

    first = _timed(degree)
    second = _timed(degree)
    print(f"centrality, first call:  {first:8.3f} s")
    print(f"centrality, second call: {second:8.3f} s ({second / first:.1%} of the first)")
    graph.add_edge("p0", "p1", "new", relation="ally")
    print(f"after add_edge:          {_timed(degree):8.3f} s (converted again)")

    bundled = netpipe.load(options.data)
    selection = selection_of(bundled)
    at = "1917-10-25"
    as_graph = min(_timed(lambda: netpipe.snapshot(bundled, at)) for _ in range(20))
    as_selection = min(_timed(lambda: netpipe.snapshot(selection, at)) for _ in range(20))
    nx.config.cache_converted_graphs = False
    uncached = min(_timed(lambda: netpipe.snapshot(bundled, at)) for _ in range(5))
    nx.config.cache_converted_graphs = True
    print(f"snapshot of the bundled graph ({bundled.number_of_edges()} ties), best of 20:")
    print(f"  NetworkX graph, converted once: {as_graph * 1000:8.2f} ms")
    print(f"  NetworkX graph, no cache:       {uncached * 1000:8.2f} ms")
    print(f"  Network:                      {as_selection * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
