"""Benchmark turnover and the durations of ties on a local Dask cluster against the same in memory.

    python benchmarks/bench_cluster.py --sizes 1000000 --commands validate   # writes the parts once
    python benchmarks/bench_turnover_cluster.py [--data benchmarks/generated/1m-parquet-250000]

Reads the ties on a two-worker ``LocalCluster`` and computes the people's presence in both readings
(each timed apart: a run computes them once, for every analysis), then times
``turnover_on_cluster(ties)`` and ``tied_durations_on_cluster(ties, reading="narrow")`` (as
``analyse_on_cluster`` calls them) and reads this process's peak resident memory over them (the
client, and the scheduler of a ``LocalCluster``). Then reads the same folder in memory and times
``turnover`` and ``tied_durations`` there, and checks that the results are the same.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pandas as pd
from bench_load import reset_peak, status
from distributed import Client, LocalCluster

from netpipe.analysis.turnover import Turnover, tied_durations, turnover
from netpipe.analysis.turnover_on_cluster import tied_durations_on_cluster, turnover_on_cluster
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.spans import READINGS
from netpipe.model.network import Network
from netpipe.model.on_cluster import presence_on_cluster, whole_on_cluster

__all__ = ["main"]

HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if the results differ."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "generated" / "1m-parquet-250000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, silence_logs=logging.ERROR) as cluster,
        Client(cluster) as client,
    ):
        began = time.perf_counter()
        ties = read_on_cluster(args.data, client)
        print(f"read {ties.count:,} ties on {args.workers} workers in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        for reading in READINGS:
            presence_on_cluster(whole_on_cluster(ties), reading)  # type: ignore[arg-type]
        print(f"the people's presence, both readings, in {time.perf_counter() - began:.1f} s")
        before = reset_peak()
        spread = _timed(
            "on the cluster",
            lambda: turnover_on_cluster(ties),
            lambda: tied_durations_on_cluster(ties, reading="narrow"),
        )
        print(f"this process: {before:,.0f} MiB before, peak {status('VmHWM'):,.0f} MiB over both calls")
    began = time.perf_counter()
    network = Network.read(args.data)
    print(f"read in memory in {time.perf_counter() - began:.1f} s")
    before = reset_peak()
    alone = _timed("in memory", lambda: turnover(network), lambda: tied_durations(network, reading="narrow"))
    print(f"this process: {before:,.0f} MiB before, peak {status('VmHWM'):,.0f} MiB over both calls")
    same = _same(spread[0], alone[0]) and spread[1].equals(alone[1])
    print("the results are the same" if same else "THE RESULTS DIFFER")
    return 0 if same else 1


def _timed(
    where: str, counted: Callable[[], Turnover], durations: Callable[[], pd.DataFrame]
) -> tuple[Turnover, pd.DataFrame]:
    """The results of both calls, their times printed."""
    began = time.perf_counter()
    found = counted()
    middle = time.perf_counter()
    table = durations()
    after = time.perf_counter() - middle
    print(f"{where}: turnover {middle - began:.2f} s, tied_durations (narrow) {after:.2f} s")
    return found, table


def _same(spread: Turnover, alone: Turnover) -> bool:
    """Whether every field of two results is the same."""
    for field in fields(Turnover):
        found, expected = getattr(spread, field.name), getattr(alone, field.name)
        if not (found.equals(expected) if isinstance(expected, pd.DataFrame) else found == expected):
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
