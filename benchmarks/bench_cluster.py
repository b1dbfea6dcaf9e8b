"""Benchmark ``--cluster local`` (Dask) against the in-memory path: 1M, 3M and 10M ties, time and memory.

    python benchmarks/bench_cluster.py [--sizes 1000000,3000000,10000000] [--part 250000] [--nodes N]
        [--memory-limit 20] [--time-limit 40] [--stages 1000000,3000000] [--commands validate,...]

Generates each dataset under benchmarks/generated/ (or reuses it) and writes its ties as Parquet
parts of ``--part`` ties each (``edges/part-00000.parquet``, ...), beside ``nodes.csv`` and
``relations.csv``. Then runs, each as the command line a user types, in a fresh process:
``netpipe validate DATA``, ``netpipe validate DATA --cluster local``, ``netpipe run DATA --out TMP -q``,
``netpipe run DATA --out TMP -q --cluster local`` (also with ``--gather-limit 0``: the ties kept on
the cluster), ``netpipe centrality DATA --format csv``,
``netpipe centrality DATA --format csv --cluster local`` (also with ``--gather-limit 0``),
``netpipe export DATA --format parquet
--out TMP`` and ``netpipe export DATA --format graphml,gexf,json --out TMP``, each also with
``--cluster local`` (``--commands`` chooses among them). ``--nodes``
holds the number of nodes for every size, so that the ties grow alone.
Every 0.2 s it reads the peak resident memory
(``VmHWM``) of each process of the command's tree: the command's own process (which, with
``--cluster local``, also holds the Dask client, scheduler and nannies), each Dask worker (a process
of the tree with a TCP socket), and the others (the run's own worker process, started where there
are two cores). It prints, per size, the wall time, the CPU seconds of the whole tree, these peaks,
the sum of the peaks and the largest total resident memory of the tree at one moment.

The machine is guarded: when the tree's resident memory passes ``--memory-limit`` GiB (or the
machine has less than 1 GiB available), or a command runs longer than ``--time-limit`` minutes, the
tree is killed and the command is reported as stopped, with the memory it held and when.

For the sizes of ``--stages``, ``netpipe.app.pipeline.run`` runs once more in a fresh process with
``workers=0`` (every stage in that one process, with the command line's memory policy), and the
process's CPU seconds are read as each stage starts; the exports, network view and period images,
which a run with a worker makes beside the analyses, are counted apart. The growth of each stage
from the first of these sizes to the last is compared with linear and n log n growth.

The closing summary says where the in-memory run stops on this machine (or, if it does not stop,
the size at which its peak, growing from the largest two sizes as measured, would pass the
machine's memory) and whether the Dask workers' peak stays bounded as the ties grow.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_load import dataset, reset_peak, status

#: How often the process tree is read, in seconds.
POLL = 0.2
#: The machine must keep this much memory available (MemAvailable, MiB), or the tree is killed.
MACHINE_RESERVE_MIB = 1024
#: The commands measured at each size: label -> arguments after ``netpipe``.
COMMANDS = {
    "validate": ["validate", "{data}"],
    "validate --cluster local": ["validate", "{data}", "--cluster", "local"],
    "run": ["run", "{data}", "--out", "{out}", "-q"],
    "run --cluster local": ["run", "{data}", "--out", "{out}", "-q", "--cluster", "local"],
    "run --cluster local --gather-limit 0": [
        "run",
        "{data}",
        "--out",
        "{out}",
        "-q",
        "--cluster",
        "local",
        "--gather-limit",
        "0",
    ],
    "centrality": ["centrality", "{data}", "--format", "csv"],
    "centrality --cluster local": ["centrality", "{data}", "--format", "csv", "--cluster", "local"],
    "centrality --cluster local --gather-limit 0": [
        "centrality",
        "{data}",
        "--format",
        "csv",
        "--cluster",
        "local",
        "--gather-limit",
        "0",
    ],
    "export": ["export", "{data}", "--format", "parquet", "--out", "{out}"],
    "export --cluster local": [
        "export",
        "{data}",
        "--format",
        "parquet",
        "--out",
        "{out}",
        "--cluster",
        "local",
    ],
    "export graphs": ["export", "{data}", "--format", "graphml,gexf,json", "--out", "{out}"],
    "export graphs --cluster local": [
        "export",
        "{data}",
        "--format",
        "graphml,gexf,json",
        "--out",
        "{out}",
        "--cluster",
        "local",
    ],
}
MIB = 2**20


@dataclass
class Measured:
    """One command's run: its time, CPU and the peak resident memory of each process of its tree."""

    command: str
    seconds: float = 0.0
    cpu: float = 0.0
    main_mib: float = 0.0
    dask_mib: list[float] = field(default_factory=list)
    other_mib: list[float] = field(default_factory=list)
    tree_mib: float = 0.0
    stopped: str = ""
    """Why the tree was killed (empty: it ended by itself)."""
    interrupted: bool = False
    """Whether it was killed on Ctrl-C (the benchmark then ends, with what it measured)."""
    failed: str = ""
    """The end of its error output, if it ended with an error."""

    @property
    def sum_mib(self) -> float:
        """The sum of the peaks of every process of the tree."""
        return self.main_mib + sum(self.dask_mib) + sum(self.other_mib)

    @property
    def largest_mib(self) -> float:
        """The largest process's peak."""
        return max([self.main_mib, *self.dask_mib, *self.other_mib])


def main() -> None:
    """Run the benchmark, or (with ``--step``) the run stage by stage in this process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000000,3000000,10000000", help="numbers of ties, comma-separated"
    )
    parser.add_argument("--part", type=int, default=250_000, help="ties per Parquet part")
    parser.add_argument(
        "--nodes", type=int, help="nodes of every dataset (default: a tenth of its ties): the ties grow alone"
    )
    parser.add_argument("--memory-limit", type=float, default=20.0, help="GiB the tree may hold")
    parser.add_argument("--time-limit", type=float, default=40.0, help="minutes a command may take")
    parser.add_argument(
        "--stages", default="1000000,3000000", help="sizes (among --sizes) measured stage by stage, in CPU"
    )
    parser.add_argument(
        "--commands",
        default=",".join(COMMANDS),
        help=f"the commands measured, comma-separated: {', '.join(COMMANDS)}",
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(stage_cpu(args.data)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    chosen = {label: COMMANDS[label] for label in args.commands.split(",")}
    staged = [s for s in (int(s) for s in args.stages.split(",") if s) if s in sizes]
    netpipe = str(Path(sys.executable).with_name("netpipe"))
    limit_mib, time_limit = args.memory_limit * 1024, args.time_limit * 60
    print(
        f"netpipe cluster benchmark: {os.cpu_count()} cores, {_machine_mib() / 1024:.1f} GiB; ties in "
        f"Parquet parts of {args.part:,}; guard {args.memory_limit:g} GiB, {args.time_limit:g} min a command",
        flush=True,
    )
    results: dict[int, list[Measured]] = {}
    stages: dict[int, dict[str, Any]] = {}
    started = time.perf_counter()
    try:
        for ties in sizes:
            data = parquet_dataset(ties, args.part, args.nodes or max(ties // 10, 10))
            results[ties] = []
            for label, arguments in chosen.items():
                with tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder:
                    command = [netpipe, *(a.format(data=data, out=Path(folder) / "out") for a in arguments)]
                    measured = watch(label, command, limit_mib, time_limit)
                results[ties].append(measured)
                print(f"  {ties:,} ties, {label}: {_outcome(measured)}", file=sys.stderr, flush=True)
                if measured.interrupted:
                    break
            _print_size(ties, data, results[ties])
            if results[ties][-1].interrupted:
                raise KeyboardInterrupt
            if ties in staged:
                stages[ties] = run_stage_cpu(data, time_limit)
                _print_stages(ties, stages[ties])
    except KeyboardInterrupt:
        print("interrupted: the summary covers what was measured", flush=True)
    _print_growth(stages)
    _print_summary(results, args.memory_limit)
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s", flush=True)


def parquet_dataset(ties: int, part: int, people: int) -> Path:
    """The generated dataset of ``ties`` ties among ``people`` nodes with its ties in Parquet parts
    of ``part`` ties (written once, beside the generated dataset, from its ``edges.csv``, a part at
    a time)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    single = dataset(ties, people)
    folder = single.with_name(f"{single.name}-parquet-{part}")
    if (folder / "edges").is_dir():
        return folder
    print(f"writing {folder} ...", file=sys.stderr, flush=True)
    building = folder.with_name(folder.name + ".partial")
    shutil.rmtree(building, ignore_errors=True)
    (building / "edges").mkdir(parents=True)
    for name in ("nodes.csv", "relations.csv"):
        shutil.copy(single / name, building / name)
    with open(single / "edges.csv", encoding="utf-8") as file:
        columns = file.readline().rstrip("\n").split(",")
    text = pcsv.ConvertOptions(column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False)
    reader = pcsv.open_csv(single / "edges.csv", convert_options=text)
    writer, rows, number = None, 0, 0
    for batch in reader:
        while batch.num_rows:
            if writer is None:
                writer = pq.ParquetWriter(building / "edges" / f"part-{number:05d}.parquet", reader.schema)
            taken = batch.slice(0, part - rows)
            writer.write_batch(taken)
            rows, batch = rows + taken.num_rows, batch.slice(taken.num_rows)
            if rows == part:
                writer.close()
                writer, rows, number = None, 0, number + 1
    if writer is not None:
        writer.close()
    building.rename(folder)
    return folder


def watch(label: str, command: list[str], limit_mib: float, time_limit: float) -> Measured:
    """Run ``command`` in its own session and read its process tree until it ends; kill the tree
    if it holds more than ``limit_mib`` MiB, leaves the machine short, or runs out of time."""
    measured = Measured(label)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
            cwd=tempfile.gettempdir(),
        )
        seen: dict[int, _Process] = {}
        held = 0.0
        try:
            while True:
                ended, status_code, usage = os.wait4(process.pid, os.WNOHANG)
                if ended:
                    process.returncode = os.waitstatus_to_exitcode(status_code)
                    break
                now = time.perf_counter() - started
                held = _read_tree(process.pid, seen)
                measured.tree_mib = max(measured.tree_mib, held)
                reason = ""
                if held > limit_mib:
                    reason = f"the tree held {held / 1024:.1f} GiB"
                elif _available_mib() < MACHINE_RESERVE_MIB:
                    reason = f"the machine ran short of memory (the tree held {held / 1024:.1f} GiB)"
                elif now > time_limit:
                    reason = f"the time limit (the tree held {held / 1024:.1f} GiB)"
                if reason:
                    measured.stopped = f"stopped at {now:.0f} s: {reason}"
                    _kill(process)
                    _, status_code, usage = os.wait4(process.pid, 0)
                    process.returncode = os.waitstatus_to_exitcode(status_code)
                    break
                time.sleep(POLL)
        except KeyboardInterrupt:
            now = time.perf_counter() - started
            measured.stopped = f"stopped at {now:.0f} s: interrupted (the tree held {held / 1024:.1f} GiB)"
            measured.interrupted = True
            _kill(process)
            _, status_code, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status_code)
        except BaseException:
            _kill(process)
            process.wait()
            raise
        measured.seconds = time.perf_counter() - started
        _kill(process)  # what the command may have left behind in its session
        measured.cpu = usage.ru_utime + usage.ru_stime
        if process.returncode and not measured.stopped:
            errors.seek(0)
            told = errors.read().decode(errors="replace").strip()[-2000:]
            measured.failed = f"{told}\nexit code {process.returncode}".strip()
    main_pid = process.pid
    for pid, seen_process in seen.items():
        if pid == main_pid:
            measured.main_mib = seen_process.peak_mib
        elif seen_process.dask:
            measured.dask_mib.append(seen_process.peak_mib)
        else:
            measured.other_mib.append(seen_process.peak_mib)
    return measured


@dataclass
class _Process:
    """What is known of one process of a watched tree."""

    peak_mib: float = 0.0
    dask: bool = False
    """Whether it is a Dask worker (it has a TCP socket: the command's other processes have none)."""


def _read_tree(root: int, seen: dict[int, _Process]) -> float:
    """Update ``seen`` with the peak of each process of the tree under ``root``; return the tree's
    resident memory now, in MiB."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(entry.path, "stat").read_text()
                parent = int(stat[stat.rindex(")") + 2 :].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    tree, held = [root], 0.0
    sockets: set[str] | None = None
    while tree:
        pid = tree.pop()
        tree.extend(children.get(pid, []))
        fields = _status(pid)
        if "VmHWM" not in fields:
            continue  # ended, or a zombie
        known = seen.setdefault(pid, _Process())
        known.peak_mib = max(known.peak_mib, fields["VmHWM"])
        held += fields["VmRSS"]
        if pid != root and not known.dask:
            sockets = _tcp_sockets() if sockets is None else sockets
            known.dask = bool(_socket_inodes(pid) & sockets)
    return held


def _status(pid: int) -> dict[str, float]:
    """The memory fields of a process's status, in MiB (empty if it has ended)."""
    fields = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                fields[line.split(":")[0]] = int(line.split()[1]) / 1024
    return fields


def _tcp_sockets() -> set[str]:
    """The inodes of the machine's TCP sockets."""
    inodes = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(name).read_text().splitlines()[1:]:
                inodes.add(line.split()[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    """The inodes of the sockets a process has open."""
    inodes = set()
    with contextlib.suppress(OSError):
        for entry in os.scandir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(entry.path)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the session the command was started in (the command and every process it started)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _available_mib() -> float:
    """The machine's available memory (MemAvailable), in MiB."""
    return _meminfo("MemAvailable")


def _machine_mib() -> float:
    """The machine's memory (MemTotal), in MiB."""
    return _meminfo("MemTotal")


def _meminfo(name: str) -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {name} in /proc/meminfo")


def run_stage_cpu(data: Path, time_limit: float) -> dict[str, Any]:
    """:func:`stage_cpu` in a fresh process (its CPU seconds per stage, or why it did not finish)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--step", "stages", "--data", str(data)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=time_limit)
    except subprocess.TimeoutExpired:
        return {"failed": f"stopped by the time limit ({time_limit:.0f} s)"}
    if done.returncode:
        return {"failed": done.stderr.strip()[-2000:]}
    return dict(json.loads(done.stdout.splitlines()[-1]))


def stage_cpu(data: Path) -> dict[str, Any]:
    """Run the pipeline on ``data`` in this process (``workers=0``) with the command line's memory
    policy, and return the CPU seconds of each stage and of the work a worker would do beside.

    With ``workers=0`` the exports, the network view and the period images are made when the
    analyses start them; their CPU is taken out of that stage and listed under their own names.
    """
    from netpipe.app import pipeline
    from netpipe.app.parallel import give_back_memory, return_large_blocks

    return_large_blocks()
    beside: dict[str, float] = {}
    timed = pipeline.seconds

    def seconds(function: Callable[..., object], /, *args: Any, **kwargs: Any) -> float:
        """The pipeline's timing of work done beside, also counting its CPU seconds."""
        cpu = time.process_time()
        wall = timed(function, *args, **kwargs)
        beside[function.__name__] = beside.get(function.__name__, 0.0) + time.process_time() - cpu
        return wall

    pipeline.seconds = seconds  # this process only
    marks: list[tuple[str, float, dict[str, float]]] = []

    def progress(stage: str) -> None:
        marks.append((stage, time.process_time(), dict(beside)))
        give_back_memory()

    reset_peak()
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder:
        pipeline.run(data, Path(folder) / "out", progress=progress, workers=0)
    marks.append(("", time.process_time(), dict(beside)))
    cpu: dict[str, float] = {}
    for (stage, start, before), (_, end, after) in itertools.pairwise(marks):
        inside = sum(after.values()) - sum(before.values())
        cpu[stage] = cpu.get(stage, 0.0) + end - start - inside
    names = {
        "export": "exports (the network's)",
        "network_html": "network view",
        "period_images": "period images",
    }
    for function, spent in beside.items():
        cpu[names.get(function, function)] = spent
    return {"cpu": cpu, "seconds": time.perf_counter() - wall, "peak_mib": status("VmHWM")}


def _outcome(measured: Measured) -> str:
    """A measured command in a few words."""
    if measured.stopped:
        return measured.stopped
    if measured.failed:
        return "FAILED: " + measured.failed.splitlines()[-1]
    return f"{measured.seconds:.1f} s, largest process {measured.largest_mib:,.0f} MiB"


def _print_size(ties: int, data: Path, rows: list[Measured]) -> None:
    """The table of one size."""
    parts = len(list((data / "edges").glob("*.parquet")))
    print()
    print(f"{ties:,} ties ({parts} Parquet parts, {data.name}); peaks in MiB")
    head = (
        f"{'command':<26}{'wall s':>8}{'CPU s':>8}{'main':>8}{'Dask workers, each':>20}"
        f"{'largest other':>14}{'sum of peaks':>13}{'tree at once':>13}"
    )
    print(head)
    print("-" * len(head))
    for m in rows:
        workers = " ".join(f"{w:.0f}" for w in sorted(m.dask_mib, reverse=True)) or "-"
        other = f"{max(m.other_mib):.0f}" if m.other_mib else "-"
        print(
            f"{m.command:<26}{m.seconds:>8.1f}{m.cpu:>8.1f}{m.main_mib:>8.0f}{workers:>20}{other:>14}"
            f"{m.sum_mib:>13.0f}{m.tree_mib:>13.0f}"
        )
        if m.stopped or m.failed:
            print(f"  {_outcome(m)}")
            for line in m.failed.splitlines()[-6:-1]:
                print(f"    {line}")
    print(flush=True)


def _print_stages(ties: int, result: dict[str, Any]) -> None:
    """One line: the stage-by-stage run of a size."""
    if "failed" in result:
        print(f"stage by stage, {ties:,} ties (workers=0): FAILED {result['failed'].splitlines()[-1]}\n")
    else:
        total = sum(result["cpu"].values())
        print(
            f"stage by stage, {ties:,} ties (workers=0, one process): {result['seconds']:.1f} s wall, "
            f"{total:.1f} CPU s, peak {result['peak_mib']:,.0f} MiB\n",
            flush=True,
        )


def _print_growth(stages: dict[int, dict[str, Any]]) -> None:
    """The CPU seconds of each stage at each staged size and their growth from the first to the last."""
    sizes = [s for s, r in stages.items() if "cpu" in r]
    if not sizes:
        return
    first, last = sizes[0], sizes[-1]
    linear, n_log_n = last / first, last * math.log(last) / (first * math.log(first))
    print("CPU seconds per stage of netpipe run (workers=0: every stage in one process)")
    head = f"{'stage':<38}" + "".join(f"{f'{s:,}':>12}" for s in sizes)
    if len(sizes) > 1:
        head += f"{f'x{last / first:g}':>9}"
    print(head)
    print("-" * len(head))
    for stage in stages[last]["cpu"]:
        values = [stages[s]["cpu"].get(stage, math.nan) for s in sizes]
        line = f"{stage:<38}" + "".join(f"{v:>12.2f}" for v in values)
        if len(sizes) > 1:
            line += f"{values[-1] / values[0]:>9.2f}" if values[0] > 0.05 else f"{'(small)':>9}"
        print(line)
    totals = [sum(stages[s]["cpu"].values()) for s in sizes]
    line = f"{'total':<38}" + "".join(f"{v:>12.2f}" for v in totals)
    if len(sizes) > 1:
        line += f"{totals[-1] / totals[0]:>9.2f}"
        print(line)
        print(f"growth if linear: x{linear:.2f}; if n log n: x{n_log_n:.2f}")
        faster = [
            stage for stage in stages[last]["cpu"]
            if stages[first]["cpu"].get(stage, 0) > 0.05
            and stages[last]["cpu"][stage] / stages[first]["cpu"][stage] > n_log_n * 1.15
        ]  # fmt: skip
        print(f"stages growing more than 15% faster than n log n: {', '.join(faster) or 'none'}")
    else:
        print(line)
    print(flush=True)


def _print_summary(results: dict[int, list[Measured]], limit_gib: float) -> None:
    """Where the in-memory run stops, and whether the Dask workers' peak stays bounded."""
    print("summary")
    machine = _machine_mib()
    for command in COMMANDS:
        rows = [(ties, m) for ties, ms in results.items() for m in ms if m.command == command]
        line = "; ".join(
            f"{ties:,}: {'stopped' if m.stopped else 'failed' if m.failed else f'{m.seconds:.0f} s'}, "
            f"main {m.main_mib:,.0f}, largest {m.largest_mib:,.0f}, tree {m.tree_mib:,.0f} MiB"
            + (f", Dask worker max {max(m.dask_mib):,.0f} MiB" if m.dask_mib else "")
            for ties, m in rows
        )
        if line:
            print(f"  {command}: {line}")
    for command in ("run", "run --cluster local"):
        rows = [(ties, m) for ties, ms in results.items() for m in ms if m.command == command]
        stopped = [(ties, m) for ties, m in rows if m.stopped]
        if stopped:
            ties, m = stopped[0]
            print(f"  {command} did not finish at {ties:,} ties: {m.stopped}")
            if "time limit" not in m.stopped:
                continue
        done = [(ties, m.tree_mib) for ties, m in rows if not m.failed and not m.stopped]
        if len(done) < 2:
            continue
        (a, pa), (b, pb) = done[-2], done[-1]
        if pb <= pa:
            print(f"  {command}: the tree's peak did not grow from {a:,} to {b:,} ties")
            continue
        exponent = math.log(pb / pa) / math.log(b / a)
        reach = b * (machine / pb) ** (1 / exponent)
        print(
            f"  {command} finished up to {b:,} ties: its tree's peak grew as ties^{exponent:.2f} from "
            f"{a:,} to {b:,}; at that rate it passes this machine's {machine / 1024:.1f} GiB near "
            f"{reach:,.0f} ties"
        )
    for command in ("validate --cluster local", "run --cluster local"):
        workers = [
            (ties, max(m.dask_mib), m.stopped)
            for ties, ms in results.items()
            for m in ms
            if m.command == command and m.dask_mib and not m.failed
        ]
        if len(workers) < 2:
            continue
        grown = ", ".join(
            f"{ties:,}: {peak:,.0f}{' (stopped)' if cut else ''}" for ties, peak, cut in workers
        )
        (a, pa, _), (b, pb, _) = workers[0], workers[-1]
        print(
            f"  {command}: the largest Dask worker peak, MiB, by ties: {grown} "
            f"({pb / pa:.2f}x for {b / a:g}x the ties)"
        )
    print(
        f"  (memory guard {limit_gib:g} GiB; timings of a shared machine: other work ran beside)", flush=True
    )


if __name__ == "__main__":
    main()
