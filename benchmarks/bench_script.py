"""Benchmark netpipe against the script a user would write instead (baseline_script.py).

    python benchmarks/bench_script.py [--sizes bundled,10000,100000,1000000] [--runs 3]
    python benchmarks/bench_script.py --commands [--runs 5]

The same work both ways on each dataset (the bundled data, then generated ones): the
script reads the CSVs with pandas, computes degree, PageRank and betweenness with
NetworkX (256 sources above 5,000 nodes) and writes a pyvis page of the top 2,000
nodes; netpipe runs ``netpipe centrality -f csv`` then ``netpipe render``. Runs are
paired (the two back to back, the order alternating) in fresh processes; the table
gives the medians of wall time, CPU time (user + system) and peak resident memory,
and the median of the pairs' wall-time ratios. Above 10k ties one pair is run (the
script takes about 11 minutes at a million ties).

``--commands`` times each command on the bundled data against the bare imports it is
measured with: every analysis command against ``import pandas, networkx``, ``netpipe
run`` against the imports of its libraries, ``netpipe --help`` against ``import typer``.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_load import HERE, dataset

BUNDLED = HERE.parent / "data"
NETPIPE = str(Path(sys.executable).with_name("netpipe"))
#: Above this many ties, one pair of runs only.
PAIRED_UP_TO = 10_000
#: Command -> (the bare imports it is measured against, target ratio).
COMMANDS = {
    "validate": ("pandas, networkx", 1.5),
    "info": ("pandas, networkx", 1.5),
    "snapshot --at 1930": ("pandas, networkx", 1.5),
    "events --until 1937": ("pandas, networkx", 1.5),
    "centrality": ("pandas, networkx", 1.5),
    "timeline": ("pandas, networkx", 1.5),
    "robustness": ("pandas, networkx", 1.5),
    "communities": ("pandas, networkx", 1.5),
    "brokers": ("pandas, networkx", 1.5),
    "balance": ("pandas, networkx", 1.5),
    "path ordzhonikidze beria": ("pandas, networkx", 1.5),
    "ego ordzhonikidze": ("pandas, networkx", 1.5),
    "render": ("pandas, networkx", 1.5),
    "export": ("pandas, networkx", 1.5),
    "run": ("netpipe, networkx, pandas, pyvis, matplotlib, igraph", 2.0),
    "--help": ("typer", 1.3),
}


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,10000,100000,1000000", help="bundled or numbers of ties")
    parser.add_argument("--runs", type=int, default=3, help="pairs up to 10k ties, or runs per command")
    parser.add_argument("--commands", action="store_true", help="time each command on the bundled data")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"netpipe against the hand-written script: {os.cpu_count()} cores, load {_load()}")
    if args.commands:
        _commands(args.runs)
    else:
        _sizes(args.sizes.split(","), args.runs)
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s; load {_load()}")


def _sizes(sizes: list[str], runs: int) -> None:
    """Print one row per dataset as it is measured."""
    head = f"{'ties':>10} {'pairs':>5} | {'netpipe':^23} | {'the script':^23} | {'ratio':>6}"
    print(head)
    print(f"{'':>10} {'':>5} | {'wall s':>7}{'CPU s':>8}{'MiB':>8} | {'wall s':>7}{'CPU s':>8}{'MiB':>8} |")
    print("-" * len(head))
    for size in sizes:
        data = BUNDLED if size == "bundled" else dataset(int(size), max(int(size) // 10, 10))
        ties = _count_ties(data)
        pairs = runs if ties <= PAIRED_UP_TO else 1
        ours, theirs, ratios = [], [], []
        for turn in range(pairs):
            with tempfile.TemporaryDirectory() as folder:
                first, second = (_netpipe, _script) if turn % 2 == 0 else (_script, _netpipe)
                a, b = first(data, Path(folder)), second(data, Path(folder))
            n, s = (a, b) if first is _netpipe else (b, a)
            ours.append(n)
            theirs.append(s)
            ratios.append(n[0] / s[0])
        cells = [statistics.median(m[i] for m in side) for side in (ours, theirs) for i in range(3)]
        print(
            f"{ties:>10,} {pairs:>5} | {cells[0]:>7.2f}{cells[1]:>8.2f}{cells[2]:>8.0f} | "
            f"{cells[3]:>7.2f}{cells[4]:>8.2f}{cells[5]:>8.0f} | {statistics.median(ratios):>5.2f}x",
            flush=True,
        )
    print("ratio: netpipe's wall time over the script's, the median of the pairs (target <= 1.0x)")


def _netpipe(data: Path, folder: Path) -> tuple[float, float, float]:
    """``netpipe centrality -f csv`` then ``netpipe render``: wall s, CPU s, peak MiB."""
    with (folder / "centrality.csv").open("w") as table:
        a = _measure([NETPIPE, "centrality", str(data), "-f", "csv"], table)
    b = _measure([NETPIPE, "render", str(data), "--out", str(folder / "netpipe")])
    return a[0] + b[0], a[1] + b[1], max(a[2], b[2])


def _script(data: Path, folder: Path) -> tuple[float, float, float]:
    """The hand-written script: wall s, CPU s, peak MiB."""
    return _measure([sys.executable, str(HERE / "baseline_script.py"), str(data), str(folder / "script")])


def _measure(command: list[str], stdout: object = subprocess.DEVNULL) -> tuple[float, float, float]:
    """Run a command: its wall time, CPU time (user + system) and peak resident memory in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, cwd=HERE.parent)  # type: ignore[arg-type]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _commands(runs: int) -> None:
    """Print each command's median wall time on the bundled data against its bare imports."""
    print(f"{'command on the bundled data':<40}{'s':>7}{'imports s':>11}{'ratio':>8}{'target':>8}")
    bare: dict[str, list[float]] = {}
    for command, (imports, target) in COMMANDS.items():
        mine, theirs = [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                mine.append(_measure(_netpipe_command(command, Path(folder)))[0])
            theirs.append(_measure([sys.executable, "-c", f"import {imports}"])[0])
        bare.setdefault(imports, []).extend(theirs)
        ours, base = statistics.median(mine), statistics.median(theirs)
        mark = "" if ours / base <= target else "  over"
        print(f"{'netpipe ' + command:<40}{ours:>7.2f}{base:>11.2f}{ours / base:>7.2f}x{target:>7.1f}x{mark}")
    for imports, seconds in bare.items():
        print(f"import {imports}: median {statistics.median(seconds):.2f} s over {len(seconds)} runs")


def _netpipe_command(command: str, folder: Path) -> list[str]:
    """The command line of one netpipe command on the bundled data, writing into ``folder``."""
    if command == "--help":
        return [NETPIPE, "--help"]
    name, *rest = command.split()
    words = [w for w in rest if not w.startswith("-") and not w[0].isdigit()]
    options = [w for w in rest if w not in words]
    line = [NETPIPE, name, *words, str(BUNDLED), *options]
    return [*line, "--out", str(folder / "out")] if name in ("render", "export", "run") else line


def _count_ties(data: Path) -> int:
    """The number of rows of edges.csv."""
    with (data / "edges.csv").open(encoding="utf-8", newline="") as edges:
        return sum(1 for _ in csv.reader(edges)) - 1


def _load() -> str:
    """The machine's 1-minute load average."""
    return f"{os.getloadavg()[0]:.2f}"


if __name__ == "__main__":
    main()
