"""Benchmark ``netpipe.reach`` (chains in time) on a 1M-tie synthetic dataset.

    python benchmarks/generate.py --ties 1000000 --out benchmarks/generated/1m
    python benchmarks/bench_reach.py [--data benchmarks/generated/1m] [--sources 3]

Reads the tables once (not timed), then times ``reach`` forward and backward from the
people with most ties (the largest searches), best of three runs each, with the first call's
time apart (it computes the time spans, cached for later calls). Target: a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from bench_load import read_generated

from netpipe.analysis.reach import reach
from netpipe.io.typed_tables import endpoint_positions

__all__ = ["main"]

HERE = Path(__file__).parent
#: The most seconds one search may take.
TARGET = 10.0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if a search takes longer than :data:`TARGET`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "generated" / "1m")
    parser.add_argument("--sources", type=int, default=3, help="how many of the best-tied people")
    args = parser.parse_args(argv)
    network = read_generated(args.data)
    if network is None:
        return 1
    source, target = endpoint_positions(network.tables)
    degree = np.bincount(np.concatenate([source, target]), minlength=network.number_of_nodes())
    people = network.tables.nodes.index[np.argsort(-degree, kind="stable")[: args.sources]]
    worst = 0.0
    first = True
    for person in people:
        for direction in ("forward", "backward"):
            times = []
            for _ in range(3):
                began = time.perf_counter()
                table = reach(network, person, direction=direction)  # type: ignore[arg-type]
                times.append(time.perf_counter() - began)
            if first:
                print(f"first call (time spans computed): {times[0]:.2f} s")
                first = False
            best = min(times)
            worst = max(worst, best)
            print(f"reach {person} {direction}: {len(table):,} people reached, best {best:.2f} s")
    print(f"slowest search {worst:.2f} s (target {TARGET:.0f} s)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
