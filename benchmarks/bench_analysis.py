"""Benchmark the centrality stage on a 1M-tie synthetic dataset.

    python benchmarks/bench_analysis.py [--data benchmarks/generated/1m] [--sample 256] [--dates 20]

Measures PageRank and sampled betweenness through netpipe against igraph doing the same on
the same projection, building its graph included (target: at most 1.5x), a 20-date timeline
against one full-graph centrality run (target: at most 25x), and the peak memory of the
process (target: < 2 GB). No NetworkX graph is built: the analyses run on the tables.
The dataset comes from ``benchmarks/generate.py`` (run it first if the folder is missing).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph

from netpipe.analysis.centrality import centrality
from netpipe.analysis.common import Projection, project
from netpipe.analysis.over_time import centrality_over_time
from netpipe.io.validation import read_tables
from netpipe.model.network import Network
from netpipe.model.selection import timeline

__all__ = ["main"]

HERE = Path(__file__).parent


def _timed(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "generated" / "1m")
    parser.add_argument("--sample", type=int, default=256, help="betweenness source nodes")
    parser.add_argument("--dates", type=int, default=20, help="dates of the timeline")
    args = parser.parse_args(argv)
    if not (args.data / "edges.csv").exists():
        command = [sys.executable, str(HERE / "generate.py"), "--ties", "1000000", "--people", "100000"]
        subprocess.run([*command, "--out", str(args.data)], check=True)

    started = time.perf_counter()
    tables = read_tables(args.data)
    print(f"read and validate: {time.perf_counter() - started:.1f} s, {len(tables.nodes)} nodes, "
          f"{len(tables.edges)} ties, peak RSS {_peak_rss_mb():.0f} MB")  # fmt: skip

    def fresh() -> Network:
        """The whole network with nothing cached, so every run pays for its projections."""
        return Network.from_tables(tables)

    directed, undirected = project(fresh(), "directed"), project(fresh(), "undirected")
    n = len(undirected.nodes)
    print(f"projections: {len(undirected.source)} undirected edges, {len(directed.source)} arcs")
    sources = random.Random(42).sample(range(n), args.sample)

    def igraph_graph(p: Projection) -> igraph.Graph:
        """What igraph needs first: its graph, from the projection's edge list."""
        graph = igraph.Graph(
            n=n, edges=list(zip(p.source.tolist(), p.target.tolist(), strict=True)), directed=p.directed
        )
        graph.es["weight"] = p.weight.tolist()
        return graph

    dg, ug = igraph_graph(directed), igraph_graph(undirected)
    build, _ = _timed(lambda: igraph_graph(directed))
    print(f"igraph builds the directed projection's graph in {build:.2f} s")

    rows = []
    ours, _ = _timed(lambda: centrality(fresh(), measures=["pagerank"]))
    alone, _ = _timed(lambda: dg.pagerank(damping=0.85, weights="weight", directed=True))
    rows.append(("pagerank", ours, alone + build, alone))
    ug_build, _ = _timed(lambda: igraph_graph(undirected), 1)
    ours, _ = _timed(lambda: centrality(fresh(), sample=args.sample, measures=["betweenness"]), 1)
    alone, _ = _timed(lambda: ug.betweenness(directed=False, sources=sources), 1)
    rows.append((f"betweenness, {args.sample} sources", ours, alone + ug_build, alone))
    failed = False
    for label, ours, theirs, alone in rows:
        ratio = ours / theirs
        failed |= ratio > 1.5
        print(f"{label}: netpipe {ours:.2f} s; igraph {theirs:.2f} s building its graph and computing "
              f"({alone:.2f} s computing alone); ratio {ratio:.2f} (target <= 1.5), "
              f"{ours / alone:.2f} to the computation alone")  # fmt: skip

    measures = ("degree", "betweenness", "pagerank")
    full, _ = _timed(lambda: centrality(fresh(), sample=args.sample, measures=measures), 1)
    every = timeline(fresh(), every="year")
    step = max(len(every) // args.dates, 1)
    dates = every[::step][: args.dates]
    over, table = _timed(
        lambda: centrality_over_time(fresh(), dates, measures, sample=args.sample), 1
    )  # fmt: skip
    ratio = over / full
    failed |= ratio > 25
    print(f"timeline of {len(dates)} dates ({dates[0]} to {dates[-1]}, {len(table)} rows): {over:.1f} s; "
          f"one full-graph run {full:.1f} s; ratio {ratio:.1f} (target <= 25)")  # fmt: skip
    peak = _peak_rss_mb()
    failed |= peak >= 2048
    print(f"peak RSS of the whole process (tables, projections, analyses): {peak:.0f} MB (target < 2048)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
