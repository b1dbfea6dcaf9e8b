"""The report's summary and evidence of ties kept on Dask against the same in memory: time and peak.

    python benchmarks/bench_evidence.py [DATA] [--workers 2]

``DATA`` is a dataset with its ties in Parquet parts (default: the 1M generated ties
``benchmarks/generated/1m-parquet-250000``, as ``benchmarks/bench_cluster.py`` writes them). Each way
runs in a fresh process: in memory, ``read_tables`` then ``summarize`` and ``evidence``; on a
``LocalCluster`` of ``--workers`` one-thread worker processes, ``read_on_cluster`` then
``summarize_on_cluster`` and ``evidence_on_cluster``. Prints for each the seconds of the reading and
of the summary and evidence, and the process's peak resident memory (``VmHWM``, MiB) after the
reading, what it then holds, and its peak over the summary and evidence alone (the peak reset
between them, to what it holds). On the cluster that
process is the client's, which also holds the scheduler.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).parent / "generated" / "1m-parquet-250000"


def main() -> None:
    """Run both ways, each in a fresh process, and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--way", choices=["memory", "cluster"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.way:
        print(measure(args.data, args.way, args.workers), flush=True)
        return
    for way in ("memory", "cluster"):
        command = [sys.executable, __file__, str(args.data), "--workers", str(args.workers), "--way", way]
        subprocess.run(command, check=True)


def measure(data: Path, way: str, workers: int) -> str:
    """One way's line: read, then summary and evidence, with their seconds and peaks."""
    from netpipe.io.summary import summarize
    from netpipe.io.validation import read_tables
    from netpipe.outputs.report.build import evidence

    if way == "memory":
        began = time.perf_counter()
        tables = read_tables(data)
        read, peak, held = time.perf_counter() - began, _peak(), _peak("VmRSS")
        _reset_peak()
        began = time.perf_counter()
        summary, found = summarize(tables), evidence(tables)
        return _line(way, summary, read, (peak, held), time.perf_counter() - began, found)
    from distributed import Client, LocalCluster

    from netpipe.io.dask_validation import read_on_cluster
    from netpipe.io.summary_on_cluster import summarize_on_cluster
    from netpipe.outputs.report.evidence_on_cluster import evidence_on_cluster

    options = {"n_workers": workers, "threads_per_worker": 1, "memory_limit": 0, "dashboard_address": ":0"}
    with LocalCluster(**options, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        began = time.perf_counter()
        ties = read_on_cluster(data, client)
        read, peak, held = time.perf_counter() - began, _peak(), _peak("VmRSS")
        _reset_peak()
        began = time.perf_counter()
        summary, found = summarize_on_cluster(ties), evidence_on_cluster(ties)
        seconds = time.perf_counter() - began
        return _line(f"cluster ({workers} workers)", summary, read, (peak, held), seconds, found)


def _line(
    way: str,
    summary: dict[str, Any],
    read: float,
    peaks: tuple[float, float],
    seconds: float,
    found: dict[str, Any],
) -> str:
    """What one way measured, and the size of each list of the evidence."""
    sizes = ", ".join(f"{name} {len(table):,}" for name, table in found.items())
    return (
        f"{way}: {summary['ties']:,} ties, {summary['undated ties']:,} undated; read {read:.1f} s, "
        f"peak {peaks[0]:,.0f} MiB, then {peaks[1]:,.0f} MiB held; summary and evidence {seconds:.1f} s, "
        f"peak {_peak():,.0f} MiB ({sizes})"
    )


def _reset_peak() -> None:
    """Reset this process's peak resident memory to its current one (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def _peak(field: str = "VmHWM") -> float:
    """This process's peak resident memory (or, with ``VmRSS``, its resident memory now), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


if __name__ == "__main__":
    main()
