"""Benchmark ``netpipe.turnover`` and ``netpipe.tied_durations`` on a 1M-tie synthetic dataset.

    python benchmarks/generate.py --ties 1000000 --out benchmarks/generated/1m
    python benchmarks/bench_turnover.py [--data benchmarks/generated/1m]

Reads the tables once (not timed), then times each call, best of three, with the first
call's time apart (it computes the time spans, cached for later calls). Target: a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench_load import read_generated

from netpipe.analysis.turnover import tied_durations, turnover

__all__ = ["main"]

HERE = Path(__file__).parent
#: The most seconds one call may take.
TARGET = 10.0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if a call takes longer than :data:`TARGET`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "generated" / "1m")
    args = parser.parse_args(argv)
    network = read_generated(args.data)
    if network is None:
        return 1
    calls = {
        "turnover (default periods)": lambda: turnover(network),
        "turnover, yearly periods": lambda: turnover(network, periods="year"),
        "turnover, narrow reading": lambda: turnover(network, reading="narrow"),
        "tied_durations (pairs)": lambda: tied_durations(network),
        "tied_durations by relation": lambda: tied_durations(network, by_relation=True),
    }
    worst = 0.0
    for name, call in calls.items():
        times = []
        for _ in range(3):
            began = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - began)
        rows = len(result.table) if hasattr(result, "table") else len(result)
        worst = max(worst, min(times))
        print(f"{name}: {rows:,} rows, first {times[0]:.2f} s, best {min(times):.2f} s")
    found = turnover(network)
    print(f"default step {found.step}: {len(found.totals)} periods; {len(found.ties):,} ties placed; "
          f"left out {found.undated:,} undated, {found.never_active:,} never active; "
          f"censored {found.open_starts:,} starts, {found.open_ends:,} ends")  # fmt: skip
    print(f"slowest call {worst:.2f} s (target {TARGET:.0f} s)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
