"""Benchmark the centrality stage on a 1M-tie synthetic dataset.

    python benchmarks/bench_analysis.py [--data benchmarks/generated/1m] [--sample 256] [--dates 20]

Measures PageRank and sampled betweenness through netpipe against igraph doing the same on
the same projection (target: at most 1.5x), a 20-date timeline against one full-graph
centrality run (target: at most 25x), and the peak memory of the process (target: < 2 GB).
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

import numpy as np

import netpipe
from netpipe.centrality import centrality
from netpipe.over_time import centrality_over_time
from netpipe.projection import project
from netpipe.selection import timeline

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


def _reset_peak() -> None:
    """Reset the peak RSS the kernel reports (VmHWM), so the analysis is measured apart from loading."""
    Path("/proc/self/clear_refs").write_text("5")


def _hwm_mb() -> float:
    """Peak resident memory since the last reset, in MB (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if a target is missed."""
    import igraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "generated" / "1m")
    parser.add_argument("--sample", type=int, default=256, help="betweenness source nodes")
    parser.add_argument("--dates", type=int, default=20, help="dates of the timeline")
    args = parser.parse_args(argv)
    if not (args.data / "edges.csv").exists():
        command = [sys.executable, str(HERE / "generate.py"), "--ties", "1000000", "--people", "100000"]
        subprocess.run([*command, "--out", str(args.data)], check=True)

    started = time.perf_counter()
    graph = netpipe.load(args.data)
    print(f"load: {time.perf_counter() - started:.1f} s, {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} ties, peak RSS {_peak_rss_mb():.0f} MB")  # fmt: skip

    directed, undirected = project(graph, "directed"), project(graph, "undirected")
    n = len(undirected.nodes)
    print(f"projections: {len(undirected.source)} undirected edges, {len(directed.source)} arcs")
    dg = igraph.Graph(n=n, edges=np.column_stack([directed.source, directed.target]), directed=True)
    ug = igraph.Graph(n=n, edges=np.column_stack([undirected.source, undirected.target]))
    dg.es["weight"] = directed.weight
    sources = random.Random(42).sample(range(n), args.sample)
    _reset_peak()

    rows = []
    ours, _ = _timed(lambda: centrality(graph, measures=["pagerank"]))
    theirs, _ = _timed(lambda: dg.pagerank(damping=0.85, weights="weight", directed=True))
    rows.append(("pagerank", ours, theirs, 1.5))
    ours, _ = _timed(lambda: centrality(graph, sample=args.sample, measures=["betweenness"]), 1)
    theirs, _ = _timed(lambda: ug.betweenness(directed=False, sources=sources), 1)
    rows.append((f"betweenness, {args.sample} sources", ours, theirs, 1.5))
    failed = False
    for label, ours, theirs, target in rows:
        ratio = ours / theirs
        failed |= ratio > target
        print(f"{label}: netpipe {ours:.2f} s, igraph {theirs:.2f} s, ratio {ratio:.2f} (target <= {target})")

    measures = ("degree", "betweenness", "pagerank")
    full, _ = _timed(lambda: centrality(graph, sample=args.sample, measures=measures), 1)
    every = timeline(graph, every="year")
    step = max(len(every) // args.dates, 1)
    dates = every[::step][: args.dates]
    over, table = _timed(
        lambda: centrality_over_time(graph, dates, measures, sample=args.sample), 1
    )  # fmt: skip
    ratio = over / full
    failed |= ratio > 25
    print(f"timeline of {len(dates)} dates ({dates[0]} to {dates[-1]}, {len(table)} rows): {over:.1f} s; "
          f"one full-graph run {full:.1f} s; ratio {ratio:.1f} (target <= 25)")  # fmt: skip
    peak = _hwm_mb()
    failed |= peak >= 2048
    print(f"peak RSS during the analyses (graph loaded): {peak:.0f} MB (target < 2048); "
          f"whole process incl. load: {_peak_rss_mb():.0f} MB")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
