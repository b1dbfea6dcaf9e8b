"""Each Dask worker's peak memory when the workers grow with the ties: 1M, 3M and 10M ties.

    python benchmarks/bench_workers.py [--sizes 1000000,3000000,10000000] [--ties-per-worker 500000]
        [--part 250000] [--command "export {data} --format parquet --out {out}"]

For each size, starts a ``distributed.LocalCluster`` of one-thread worker processes, one for every
``--ties-per-worker`` ties, and runs the netpipe command line against it (``--cluster ADDRESS``) in a
fresh process, on the generated dataset with its ties in Parquet parts (as
``benchmarks/bench_cluster.py`` writes them). Prints the wall time, the command's own peak resident
memory and each worker's (``VmHWM``, read by the worker itself, from just before the command to
its end, so a worker's start-up is left out). If the per-worker peak stays in one range as the ties
grow, the cluster's memory, not one machine's, bounds the command. With more workers than cores the
wall time says nothing of a real cluster.
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cluster import parquet_dataset


def main() -> None:
    """Measure the command at each size and print one line a size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,3000000,10000000", help="ties, comma-separated")
    parser.add_argument("--ties-per-worker", type=int, default=500_000, help="ties for each worker")
    parser.add_argument("--part", type=int, default=250_000, help="ties per Parquet part")
    parser.add_argument(
        "--command", default="export {data} --format parquet --out {out}", help="netpipe's arguments"
    )
    args = parser.parse_args()
    print(f"{args.command!r} with one worker per {args.ties_per_worker:,} ties; peaks in MiB", flush=True)
    for ties in (int(size) for size in args.sizes.split(",")):
        data = parquet_dataset(ties, args.part, max(ties // 10, 10))
        workers = max(math.ceil(ties / args.ties_per_worker), 1)
        print(f"{ties:>12,} ties, {workers:>2} workers: {measure(data, workers, args.command)}", flush=True)


def measure(data: Path, workers: int, command: str) -> str:
    """The wall time, the command's peak and each worker's, of ``command`` on a cluster of ``workers``."""
    from distributed import Client, LocalCluster

    options = {"n_workers": workers, "threads_per_worker": 1, "memory_limit": 0, "dashboard_address": ":0"}
    with (
        tempfile.TemporaryDirectory() as scratch,
        LocalCluster(**options) as cluster,
        Client(cluster) as client,
    ):
        client.run(_reset_peak)
        line = command.format(data=data, out=Path(scratch) / "out")
        netpipe = str(Path(sys.executable).with_name("netpipe"))
        started = time.perf_counter()
        process = subprocess.Popen(
            [netpipe, *shlex.split(line), "-q", "--cluster", cluster.scheduler_address],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        errors = process.stderr.read() if process.stderr else b""
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not the cluster's
        wall = time.perf_counter() - started
        peaks = sorted(client.run(_peak).values())
    if status:
        return f"failed ({status}): {errors.decode(errors='replace').strip().splitlines()[-1:]}"
    command_peak = usage.ru_maxrss / 1024
    spread = ", ".join(f"{peak:,.0f}" for peak in peaks)
    low, high = peaks[0], peaks[-1]
    return f"{wall:6.0f} s; command {command_peak:,.0f}; workers {low:,.0f} to {high:,.0f} ({spread})"


def _reset_peak() -> None:
    """Reset this worker's peak resident memory to its current one (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def _peak() -> float:
    """This worker's peak resident memory, MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    main()
