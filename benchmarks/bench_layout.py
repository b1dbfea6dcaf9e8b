"""Benchmark the layout of large graphs against igraph's Fruchterman-Reingold (grid).

    python benchmarks/bench_layout.py [--sizes 500,2000,5000,20000] [--runs 3]

For each size, a Barabasi-Albert graph (two ties per new node, seeded) is laid out by
netpipe's layout of large graphs (what the page and the period images use above
``SMALL`` nodes: ``_force``, before the scaling to pixels) and by igraph's
``layout_fruchterman_reingold(grid="auto")`` from a seeded start, as netpipe did before
(igraph draws from its global generator, which this script sets and puts back). Prints
the best of ``--runs`` wall times of each, and how well each draws the graph: the mean
length of a tie divided by the mean distance between two people drawn at random (lower:
ties are short against the drawing). Target: about 1 s at 2,000 nodes (the page's default).
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Callable

import igraph
import networkx as nx
import numpy as np

from netpipe.outputs.drawing.layout import _force


def main() -> None:
    """Time both layouts at each size and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,20000", help="nodes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per layout; the best time is kept")
    args = parser.parse_args()
    print(f"{'nodes':>8} {'ties':>8} {'netpipe s':>10} {'igraph s':>9} {'netpipe tie/far':>16} {'igraph':>7}")
    for n in (int(size) for size in args.sizes.split(",")):
        edges = np.array(nx.barabasi_albert_graph(n, 2, seed=1).edges, dtype=np.int64).reshape(-1, 2)
        weight = np.ones(len(edges))
        ours, ours_placed = best(args.runs, lambda: _force(n, edges[:, 0], edges[:, 1], weight, 42))  # noqa: B023
        theirs, theirs_placed = best(args.runs, lambda: fruchterman_reingold(n, edges, weight))  # noqa: B023
        print(
            f"{n:>8,} {len(edges):>8,} {ours:10.2f} {theirs:9.2f} "
            f"{tie_ratio(ours_placed, edges):16.3f} {tie_ratio(theirs_placed, edges):7.3f}",
            flush=True,
        )


def best(runs: int, lay_out: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    """The shortest wall time of ``runs`` calls of ``lay_out``, and its positions."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        placed = lay_out()
        seconds.append(time.perf_counter() - start)
    return min(seconds), placed


def fruchterman_reingold(n: int, edges: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """igraph's grid Fruchterman-Reingold from a seeded start (its generator seeded, then put back)."""
    simple = igraph.Graph(n=n, edges=edges.tolist(), directed=False)
    begin = np.random.default_rng(42).uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    igraph.set_random_number_generator(random.Random(42))
    try:
        placed = simple.layout_fruchterman_reingold(weights=weight.tolist(), seed=begin.tolist(), grid="auto")
    finally:
        igraph.set_random_number_generator(random)
    return np.array(placed.coords, dtype=float)


def tie_ratio(placed: np.ndarray, edges: np.ndarray) -> float:
    """Mean tie length over the mean distance between 20,000 seeded random pairs of people."""
    tie = np.hypot(*(placed[edges[:, 0]] - placed[edges[:, 1]]).T).mean()
    pairs = np.random.default_rng(0).integers(0, len(placed), size=(20_000, 2))
    return float(tie / np.hypot(*(placed[pairs[:, 0]] - placed[pairs[:, 1]]).T).mean())


if __name__ == "__main__":
    main()
