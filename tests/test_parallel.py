"""Work beside the analyses: in a worker process that holds the network, or here; the worker is
gone when the work is, and a failed run stops it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import netpipe
from netpipe.analysis.everything import analyse
from netpipe.app.parallel import Beside
from netpipe.io.errors import OutputError


def _write_pid(network: str, path: Path) -> str:
    """In the worker: write the network it holds and the worker's process id."""
    path.write_text(f"{network} {os.getpid()}", encoding="utf-8")
    return "written"


def _fail(network: str) -> None:
    raise OutputError(f'cannot write "{network}"')


def _slow(path: Path) -> None:
    time.sleep(30)
    path.touch()


@pytest.mark.parametrize("workers", [0, 1])
def test_the_work_gets_the_network_and_runs_in_a_worker_or_here(tmp_path: Path, workers: int) -> None:
    with Beside("the network", workers) as beside:
        done = beside.submit(_write_pid, beside.network, path=tmp_path / "pid")
        assert done.result() == "written"
    network, pid = (tmp_path / "pid").read_text(encoding="utf-8").rsplit(" ", 1)
    assert network == "the network"
    assert (int(pid) != os.getpid()) == (workers == 1)
    assert multiprocessing.active_children() == []


def _sum_after_writing(network: dict[str, Any]) -> int:
    network["ids"][0] = 1  # the worker's copy is its own, and writable
    return int(network["ids"].sum()) + int(pd.Series(network["names"]).str.len().sum())


class _Counted:
    """A network that counts how often it is pickled (in this process: the sending side)."""

    pickled = 0

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        _Counted.pickled += 1
        return str, ("the network",)


def test_the_network_is_sent_to_the_worker_once() -> None:
    network = _Counted()
    with Beside(network, workers=1) as beside:
        results = [beside.submit(str.upper, network).result() for _ in range(3)]
        assert beside.submit(str.split, "a b").result() == ["a", "b"]  # other values as given
    assert results == ["THE NETWORK"] * 3
    assert _Counted.pickled == 1
    assert beside.sent is not None and not beside.sent.exists()  # its file for the worker is gone


def test_large_arrays_reach_the_worker_whole_and_writable() -> None:
    network = {"ids": np.arange(1_000_000), "names": pd.array(["a", "bc"] * 1000, dtype="string[pyarrow]")}
    with Beside(network, workers=1) as beside:
        total = beside.submit(_sum_after_writing, network).result()
    assert total == (1_000_000 * 999_999) // 2 + 1 + 3000


@pytest.mark.parametrize("workers", [0, 1])
def test_the_error_is_raised_with_its_type_and_message(workers: int) -> None:
    with Beside("x", workers) as beside:
        failing = beside.submit(_fail, beside.network)
        with pytest.raises(OutputError, match='cannot write "x"'):
            failing.result()


def test_a_failed_run_stops_the_work(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="the run failed"), Beside("x", workers=1) as beside:
        beside.submit(_slow, tmp_path / "late")
        time.sleep(1)
        raise RuntimeError("the run failed")
    assert time.perf_counter() - started < 20
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "late").exists()


def test_the_analyses_are_the_same_beside() -> None:
    graph = netpipe.Network.read("data")  # dated ties, groups, rival readings
    here = analyse(graph)
    with Beside(graph, workers=1) as beside:
        beside_results = analyse(graph, executor=beside)
    for name, table in here.tables().items():
        pd.testing.assert_frame_equal(beside_results.tables()[name], table, obj=name)
    assert beside_results.notes == here.notes


def _children(pid: int) -> set[int]:
    return {
        int(c)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    }


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core no worker is started")
def test_ctrl_c_during_the_workers_work_leaves_no_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = ["run", "tests/data/valid", "--out", str(out), "--every", "1y"]
    # As a shell starts a command: Ctrl-C at its default (a test runner's process may ignore it).
    script = (
        "import signal; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); "
        "signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from netpipe.app.cli import main; main()"
    )
    run = subprocess.Popen(
        [sys.executable, "-c", script, *command],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C goes to the terminal's process group: the run and its worker
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [
        c for c in _children(run.pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()
    ]:
        time.sleep(0.01)
    time.sleep(0.5)  # the worker's work is under way
    masks = [
        line for line in Path(f"/proc/{run.pid}/status").read_text().splitlines() if line.startswith("Sig")
    ]
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (130, ""), masks  # 130: interrupted, as shells count it
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


_ALLOCATE_AND_FREE = """
import sys, time
import numpy as np
import netpipe

def loop():
    start = time.perf_counter()
    for _ in range(3000):
        np.ones(300_000).sum()  # 2.4 MB, allocated and freed
    return time.perf_counter() - start

loop()  # warm
before = min(loop() for _ in range(3))
netpipe.run("tests/data/valid", sys.argv[1])
after = min(loop() for _ in range(3))
print(before, after)
"""


def test_an_allocation_loop_is_no_slower_after_a_run(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ALLOCATE_AND_FREE, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    before, after = map(float, done.stdout.split())
    assert after < 3 * before, (before, after)


_PLANTED = """
from pathlib import Path
Path(__file__).with_name("imported").touch()
raise SystemExit("the queue.py of the current folder was imported")
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core no worker is started")
def test_the_worker_never_imports_from_the_current_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    for name in ("queue.py", "pickle.py", "netpipe.py"):
        (here / name).write_text(_PLANTED, encoding="utf-8")
    data = Path("tests/data/valid").resolve()
    script = tmp_path / "netpipe_command.py"  # elsewhere: its own folder, not the current, is first
    script.write_text(
        'from netpipe.app.cli import main\n\nif __name__ == "__main__":\n    main()\n', encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, str(script), "run", str(data), "--out", "out"],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not (here / "imported").exists()
    assert (here / "out" / "network.html").exists()
