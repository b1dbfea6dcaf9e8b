"""Benchmark every stage of ``netpipe run`` at 10k, 100k and 1M ties, against baselines.

    python benchmarks/bench_scale.py [--sizes 10000,100000,1000000] [--3m]

Generates the datasets under benchmarks/generated/ (or reuses them) and measures, each in
a fresh Python process: ``netpipe run`` stage by stage (wall time and peak resident
memory of each stage); bare ``pandas.read_csv(dtype=str)`` against netpipe's reading and
validation; ``networkx.from_pandas_edgelist`` against ``netpipe.load``'s graph building;
igraph's PageRank and sampled betweenness (building its graph from the same projection
included) against netpipe's; and the start-up of ``netpipe --help`` and of ``netpipe run``
on the bundled data against bare imports. It prints one table and the targets.

``--3m`` adds a column of ``netpipe run`` alone on 3 million ties (about 5 minutes more,
stopped after 15), to check that no stage grows faster than n log n.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_load import HERE, dataset, measure, reset_peak, status

#: The baselines measured at each size: step -> (label, netpipe's step it is compared with, target).
BASELINES = {
    "read_csv": ("pandas.read_csv(dtype=str)", "read_tables", 3.0),
    "from_pandas": ("networkx.from_pandas_edgelist", "build_graph", 1.5),
    "igraph_pagerank": ("igraph PageRank", "netpipe_pagerank", 1.5),
    "igraph_betweenness": ("igraph betweenness, 256 sources", "netpipe_betweenness", 1.5),
}
SAMPLE = 256
LARGEST = 3_000_000
#: The longest a measured step may take (the 3M run included).
TIMEOUT = 15 * 60


def main() -> None:
    """Run the benchmark, or (with ``--step``) one measured step in this process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="numbers of ties, comma-separated")
    parser.add_argument("--3m", dest="largest", action="store_true", help="also run netpipe on 3M ties")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.data)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    results = {}
    for ties in sizes:
        data = dataset(ties, max(ties // 10, 10))
        steps = ["run", "read_csv", "read_tables", "from_pandas", "build_graph"]
        steps += ["netpipe_pagerank", "igraph_pagerank", "netpipe_betweenness", "igraph_betweenness"]
        results[ties] = {step: _in_fresh_process(step, data) for step in steps}
        print(f"measured {ties:,} ties ({time.perf_counter() - started:.0f} s so far)", file=sys.stderr)
    if args.largest:
        results[LARGEST] = {"run": _in_fresh_process("run", dataset(LARGEST, LARGEST // 10))}
    _print(results, _startup(), time.perf_counter() - started)


def _in_fresh_process(step: str, data: Path) -> dict[str, Any]:
    """Run one step in a new Python process and return its measurements."""
    command = [sys.executable, str(Path(__file__).resolve()), "--step", step, "--data", str(data)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE, timeout=TIMEOUT)
    return dict(json.loads(done.stdout.splitlines()[-1]))


def _step(step: str, data: Path) -> dict[str, Any]:
    """Measure one step in this process."""
    if step == "run":
        return _run_stages(data)
    if step in ("read_csv", "read_tables", "from_pandas", "build_graph"):
        return measure(step, data)
    return _centrality_step(step, data)


def _run_stages(data: Path) -> dict[str, Any]:
    """``netpipe run`` with each stage's time and peak RSS (the peak is reset as a stage starts).

    The times are the run's own (:class:`netpipe.app.pipeline.RunResult`): a stage done partly
    on the second core counts that part too. The second core's work runs in the worker
    process of :class:`netpipe.app.parallel.Beside`: ``children_mib`` is its peak.
    """
    from netpipe.app.pipeline import run

    stages: list[dict[str, Any]] = []

    def progress(name: str) -> None:
        now = time.perf_counter()
        if stages:
            stages[-1].update(seconds=now - stages[-1]["start"], peak_mib=status("VmHWM"))
        reset_peak()
        stages.append({"stage": name, "start": time.perf_counter()})

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = run(data, Path(folder) / "outputs", progress=progress, workers=1)
        progress("")
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "stages": {s["stage"]: [result.seconds[s["stage"]], s["peak_mib"]] for s in stages[:-1]},
        "peak_mib": max(s["peak_mib"] for s in stages[:-1]),
        "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _centrality_step(step: str, data: Path) -> dict[str, Any]:
    """PageRank or sampled betweenness, by netpipe or by igraph on the same projection."""
    import igraph

    from netpipe.analysis.centrality import centrality
    from netpipe.analysis.common import project
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network

    tables = read_tables(data)
    kind = "directed" if step.endswith("pagerank") else "undirected"
    p = project(Network.from_tables(tables), kind)
    n = len(p.nodes)
    sources = random.Random(42).sample(range(n), min(SAMPLE, n))
    start = time.perf_counter()
    if step == "netpipe_pagerank":
        centrality(Network.from_tables(tables), measures=["pagerank"])
    elif step == "netpipe_betweenness":
        centrality(Network.from_tables(tables), sample=min(SAMPLE, n), measures=["betweenness"])
    else:
        graph = igraph.Graph(
            n=n, edges=list(zip(p.source.tolist(), p.target.tolist(), strict=True)), directed=p.directed
        )
        graph.es["weight"] = p.weight.tolist()
        if step == "igraph_pagerank":
            graph.pagerank(damping=0.85, weights="weight", directed=True)
        else:
            graph.betweenness(directed=False, sources=sources)
    return {"seconds": time.perf_counter() - start, "peak_mib": status("VmHWM")}


def _startup() -> dict[str, float]:
    """Median wall times of the command line's start-up against bare imports."""
    netpipe = str(Path(sys.executable).with_name("netpipe"))
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "netpipe --help": [netpipe, "--help"],
        "import netpipe's libraries": [
            sys.executable, "-c", "import netpipe, networkx, pandas, pyvis, matplotlib, igraph"
        ],
    }  # fmt: skip
    out = {}
    for label, command in commands.items():
        out[label] = _median_seconds(command, 7)
    with tempfile.TemporaryDirectory() as folder:
        run = [netpipe, "run", str(HERE.parent / "data"), "--out", str(Path(folder) / "out")]
        out["netpipe run (bundled data)"] = _median_seconds(run, 3)
    return out


def _median_seconds(command: list[str], times: int) -> float:
    """The median wall time of a command run several times."""
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _print(results: dict[int, dict[str, Any]], startup: dict[str, float], total: float) -> None:
    """Print the table of stages, growth, baselines and targets."""
    sizes = list(results)
    largest = results[sizes[-1]]
    print(f"netpipe scale benchmark: {os.cpu_count()} cores; ties {', '.join(f'{s:,}' for s in sizes)}")
    head = f"{'stage of netpipe run':<36}{_cells(f'{s:,} s' for s in sizes)}"
    head += _cells((f"x{b / a:g}" for a, b in itertools.pairwise(sizes)), 8) + f"{'peak MiB':>10}"
    print(head)
    print("-" * len(head))
    n_log_n = [(b * math.log(b)) / (a * math.log(a)) for a, b in itertools.pairwise(sizes)]
    faster = []
    for stage, (_, peak) in largest["run"]["stages"].items():
        times = [results[s]["run"]["stages"][stage][0] for s in sizes]
        growth = _growth(times)
        if growth and growth[-1] > n_log_n[-1] * 1.15:
            faster.append(f"{stage} x{growth[-1]:.1f}")
        print(f"{stage:<36}{_cells(times)}{_cells(growth, 8)}{peak:>10.0f}")
    totals = [results[s]["run"]["seconds"] for s in sizes]
    print(
        f"{'netpipe run, total':<36}{_cells(totals)}{_cells(_growth(totals), 8)}"
        f"{largest['run']['peak_mib']:>10.0f}"
    )
    children = [results[s]["run"]["children_mib"] for s in sizes]
    print(f"{'  its second-core processes, peak MiB':<36}{_cells(children, 13, 0)}")
    print(f"{'(growth of n log n in the ties)':<36}{' ' * 13 * len(sizes)}{_cells(n_log_n, 8)}")
    print(f"faster than n log n from {sizes[-2]:,} to {sizes[-1]:,} ties: {', '.join(faster) or 'no stage'}")
    print()
    full = [s for s in sizes if "read_csv" in results[s]]
    print(
        f"{'baseline, measured in this run':<36}{_cells(f'{s:,} s' for s in full)}{'ratio':>10}{'target':>8}"
    )
    for step, (label, ours, target) in BASELINES.items():
        base = [results[s][step]["seconds"] for s in full]
        mine = [results[s][ours]["seconds"] for s in full]
        print(f"{label:<36}{_cells(base)}")
        print(f"{'  netpipe: ' + ours:<36}{_cells(mine)}{mine[-1] / base[-1]:>9.2f}x{target:>7.1f}x")
    print()
    typer, help_ = startup["import typer"], startup["netpipe --help"]
    imports, run = startup["import netpipe's libraries"], startup["netpipe run (bundled data)"]
    print(f"netpipe --help {help_:.3f} s; import typer {typer:.3f} s: {help_ / typer:.2f}x (target <= 1.3)")
    print(
        f"netpipe run, bundled data {run:.2f} s; its imports {imports:.2f} s: "
        f"{run / imports:.2f}x (target <= 2)"
    )
    million = results[full[-1]]["run"]
    print(
        f"netpipe run, {full[-1]:,} ties: {million['seconds']:.1f} s (target <= 60), peak "
        f"{million['peak_mib']:.0f} MiB, second core {million['children_mib']:.0f} MiB (target <= 1536)"
    )
    print(f"benchmark wall time: {total:.0f} s")


def _cells(values: Any, width: int = 13, digits: int | None = None) -> str:
    """Right-aligned cells: numbers with 2 decimals (1 in narrow cells), text as it is."""
    digits = (1 if width < 10 else 2) if digits is None else digits
    return "".join(f"{v:>{width}.{digits}f}" if isinstance(v, float) else f"{v!s:>{width}}" for v in values)


def _growth(values: list[float]) -> list[float]:
    """How many times each value is the one before (NaN below 5 ms, too small to read)."""
    return [b / a if a > 0.005 else math.nan for a, b in itertools.pairwise(values)]


if __name__ == "__main__":
    main()
