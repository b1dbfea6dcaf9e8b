"""Benchmark loading: netpipe against bare pandas and networkx, time and peak memory.

netpipe builds its graph (``build_graph``) and turns any graph back into typed tables
(``graph_tables``, what every analysis of a NetworkX graph starts with); both are
compared with ``networkx.from_pandas_edgelist`` building the same graph.

    python benchmarks/bench_load.py [--ties 1000000] [--runs 3]

Generates the dataset under benchmarks/generated/ (or reuses it), then runs each step in
a fresh subprocess, round-robin, ``--runs`` times, and prints a table: best and median
wall time, and the peak resident memory of the process during the step (its inputs
included) and how much the step added to it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: Step name -> (label in the table, the step it is compared with).
STEPS = {
    "read_csv": ("pandas.read_csv(dtype=str), nodes + edges  [baseline]", None),
    "read_tables": ("netpipe read_tables (read + validate)", "read_csv"),
    "from_pandas": ("networkx.from_pandas_edgelist + add_nodes  [baseline]", None),
    "build_graph": ("netpipe build_graph", "from_pandas"),
    "graph_tables": ("netpipe graph_tables (the loaded graph back to tables)", "from_pandas"),
}
TARGETS = {"read_tables": 3.0, "build_graph": 1.5, "graph_tables": 1.5}


def main() -> None:
    """Run the benchmark, or (with ``--step``) one measured step in this process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=None, help="nodes (default: ties / 10)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per step")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, args.data)))
        return
    people = args.people or max(args.ties // 10, 10)
    data = dataset(args.ties, people)
    results: dict[str, list[dict[str, float]]] = {step: [] for step in STEPS}
    for _ in range(args.runs):  # round-robin, so background load hits every step alike
        for step in STEPS:
            results[step].append(run_step(Path(__file__), step, data))
    _print(results, data, args.ties, people, args.runs)


def dataset(ties: int, people: int) -> Path:
    """The generated dataset folder, written if missing."""
    name = next(
        (f"{ties // unit}{suffix}" for unit, suffix in ((10**6, "m"), (10**3, "k")) if ties % unit == 0), ""
    )
    folder = HERE / "generated" / (name or str(ties))
    if people != max(ties // 10, 10):
        folder = folder.with_name(f"{folder.name}-{people}")
    if not (folder / "edges.csv").is_file():
        sys.path.insert(0, str(HERE))
        from generate import generate

        print(f"generating {folder} ...", file=sys.stderr)
        generate(folder, ties, people)
    return folder


def read_generated(data: Path) -> Any:
    """The network of a generated dataset, read and timed (None, with a hint, if there is none)."""
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network

    if not (data / "edges.csv").exists():
        print(f"no dataset at {data}: run benchmarks/generate.py first", file=sys.stderr)
        return None
    started = time.perf_counter()
    network = Network.from_tables(read_tables(data))
    print(f"read {network.number_of_edges():,} ties, {network.number_of_nodes():,} nodes "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return network


def run_step(script: Path, step: str, data: Path) -> dict[str, float]:
    """Run one step of a benchmark script in a fresh Python process and return its measurements
    (the JSON the script prints last with ``--step``)."""
    command = [sys.executable, str(script.resolve()), "--step", step, "--data", str(data)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.splitlines()[-1]))


def measure(step: str, data: Path) -> dict[str, float]:
    """Set up, reset the peak RSS, time the step, and read the peak RSS."""
    import networkx as nx
    import pandas as pd

    from netpipe import read_tables  # imported before the clock starts, as pandas is
    from netpipe.model.networkx_adapter import build_graph, graph_tables

    tables = read_tables(data) if step in ("from_pandas", "build_graph", "graph_tables") else None
    graph = build_graph(tables) if step == "graph_tables" and tables is not None else None
    before = reset_peak()
    start = time.perf_counter()
    if step == "read_csv":
        result: Any = [pd.read_csv(data / name, dtype=str) for name in ("nodes.csv", "edges.csv")]
    elif step == "read_tables":
        result = read_tables(data)
    elif step == "from_pandas":
        assert tables is not None
        edge_columns = [c for c in tables.user_columns["edges"] if c not in ("source", "target", "weight")]
        result = nx.from_pandas_edgelist(
            tables.edges,
            "source",
            "target",
            edge_attr=[*edge_columns, "directed", "weight"],
            create_using=nx.MultiDiGraph,
            edge_key="id",
        )
        node_columns = [c for c in tables.user_columns["nodes"] if c != "id"]
        result.add_nodes_from(
            zip(tables.nodes.index, tables.nodes[node_columns].to_dict("records"), strict=True)
        )
    elif step == "build_graph":
        assert tables is not None
        result = build_graph(tables)
    else:
        assert graph is not None
        result = graph_tables(graph)
    seconds = time.perf_counter() - start
    peak = status("VmHWM")
    del result
    return {"seconds": seconds, "peak_mib": peak, "start_mib": before}


def reset_peak() -> float:
    """Reset this process's peak RSS to its current RSS (Linux), and return the RSS in MiB."""
    with contextlib.suppress(OSError):  # if it fails, the peak includes the set-up
        Path("/proc/self/clear_refs").write_text("5")
    return status("VmRSS")


def status(field: str) -> float:
    """A memory field of /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _print(results: dict[str, list[dict[str, float]]], data: Path, ties: int, people: int, runs: int) -> None:
    """Print the table of times, ratios and peak memory."""
    best = {step: min(r["seconds"] for r in rows) for step, rows in results.items()}
    median = {step: statistics.median(r["seconds"] for r in rows) for step, rows in results.items()}
    print(
        f"netpipe load benchmark: {ties:,} ties, {people:,} nodes ({data.relative_to(HERE.parent)}), "
        f"{os.cpu_count()} cores, {runs} fresh processes per step"
    )
    header = f"{'step':<56} {'best s':>8} {'median s':>9} {'peak RSS MiB':>13} {'step +MiB':>10}"
    print(header)
    print("-" * len(header))
    for step, (label, baseline) in STEPS.items():
        rows = results[step]
        peak = max(r["peak_mib"] for r in rows)
        grown = max(r["peak_mib"] - r["start_mib"] for r in rows)
        print(f"{label:<56} {best[step]:>8.2f} {median[step]:>9.2f} {peak:>13.0f} {grown:>10.0f}")
        if baseline:
            ratio, ratio_median = best[step] / best[baseline], median[step] / median[baseline]
            verdict = "ok" if ratio <= TARGETS[step] else "MISSED"
            print(
                f"{'  ratio to baseline (best; median)':<56} {ratio:>7.2f}x {ratio_median:>8.2f}x"
                f"   target <= {TARGETS[step]}x: {verdict}"
            )


if __name__ == "__main__":
    main()
