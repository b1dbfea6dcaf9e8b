"""Benchmark datasets in parts: reading ties from 10 CSV or 10 Parquet parts against one CSV file,
and writing the Parquet export in parts against the CSV export.

    python benchmarks/bench_parts.py [--ties 1000000] [--parts 10] [--runs 3]

Generates the dataset under benchmarks/generated/ (or reuses it), writes its ties as parts beside
it, then times each step in a fresh subprocess, round-robin, ``--runs`` times, and prints the best
and median wall time, the peak resident memory of the process, and the size of what is read or written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path

from bench_load import HERE, dataset, reset_peak, run_step, status

#: Step name -> label in the table.
STEPS = {
    "one_csv": "read_tables: edges.csv, one file  [baseline]",
    "csv_parts": "read_tables: edges/ in CSV parts",
    "parquet_parts": "read_tables: edges/ in Parquet parts",
    "export_csv": "write network-edges.csv  [baseline]",
    "export_parquet": "write network-edges.parquet/ in parts",
}


def main() -> None:
    """Run the benchmark, or (with ``--step``) one measured step in this process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per step")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, args.data)))
        return
    single = dataset(args.ties, max(args.ties // 10, 10))
    folders = split(single, args.parts)
    results: dict[str, list[dict[str, float]]] = {step: [] for step in STEPS}
    for _ in range(args.runs):
        for step in STEPS:
            results[step].append(run_step(Path(__file__), step, folders.get(step, single)))
    print(
        f"netpipe parts benchmark: {args.ties:,} ties in {args.parts} parts "
        f"({single.relative_to(HERE.parent)}), {os.cpu_count()} cores, {args.runs} fresh processes per step"
    )
    header = f"{'step':<44} {'best s':>7} {'median s':>9} {'peak RSS MiB':>13} {'size MiB':>9}"
    print(header)
    print("-" * len(header))
    for step, label in STEPS.items():
        rows = results[step]
        best, median = min(r["seconds"] for r in rows), statistics.median(r["seconds"] for r in rows)
        peak = max(r["peak_mib"] for r in rows)
        print(f"{label:<44} {best:>7.2f} {median:>9.2f} {peak:>13.0f} {rows[-1]['size_mib']:>9.1f}")


def split(single: Path, parts: int) -> dict[str, Path]:
    """The dataset's ties written as ``parts`` CSV parts and as many Parquet parts (written once)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    folders = {"csv_parts": single.with_name(f"{single.name}-csv{parts}"),
               "parquet_parts": single.with_name(f"{single.name}-parquet{parts}")}  # fmt: skip
    if all((folder / "edges").is_dir() for folder in folders.values()):
        return folders
    edges = pd.read_csv(single / "edges.csv", dtype=str, keep_default_na=False)
    size = -(-len(edges) // parts)
    for step, folder in folders.items():
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "edges").mkdir(parents=True)
        for name in ("nodes.csv", "relations.csv"):
            shutil.copy(single / name, folder / name)
        for number in range(parts):
            rows = edges.iloc[number * size : (number + 1) * size]
            if step == "csv_parts":
                rows.to_csv(folder / "edges" / f"part-{number:05d}.csv", index=False)
            else:
                table = pa.table({c: pa.array(rows[c].tolist(), pa.string()) for c in rows.columns})
                pq.write_table(table, folder / "edges" / f"part-{number:05d}.parquet")
    return folders


def measure(step: str, data: Path) -> dict[str, float]:
    """Set up, reset the peak RSS, time the step, and read the peak RSS and the size of its files."""
    import tempfile

    from netpipe import read_tables
    from netpipe.model.network import Network
    from netpipe.outputs.exports import write_edges_csv, write_edges_parquet

    writing = step.startswith("export")
    network = Network.from_tables(read_tables(data)) if writing else None
    out = Path(tempfile.mkdtemp(prefix="bench-parts-"))
    reset_peak()
    start = time.perf_counter()
    if step == "export_csv":
        files = write_edges_csv(network, out / "network-edges.csv")
    elif step == "export_parquet":
        files = write_edges_parquet(network, out / "network-edges.parquet")
    else:
        read_tables(data)
        files = data / "edges.csv" if step == "one_csv" else data / "edges"
    seconds = time.perf_counter() - start
    peak = status("VmHWM")
    paths = [files] if files.is_file() else [p for p in files.iterdir() if not p.name.startswith(".")]
    size = sum(p.stat().st_size for p in paths) / 2**20
    shutil.rmtree(out)
    return {"seconds": seconds, "peak_mib": peak, "size_mib": size}


if __name__ == "__main__":
    main()
