"""Work in a forked process: its value comes back, its error is raised here, a failed run stops it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netpipe.errors import OutputError
from netpipe.parallel import in_background


def test_the_value_comes_back_from_another_process() -> None:
    assert in_background(os.getpid).result() != os.getpid()


def test_the_error_is_raised_with_its_type_and_message() -> None:
    def fail() -> None:
        raise OutputError('cannot write "x"')

    running = in_background(fail)
    with pytest.raises(OutputError, match='cannot write "x"'):
        running.result()


def test_cancel_stops_the_work(tmp_path: Path) -> None:
    def slow() -> None:
        time.sleep(30)
        (tmp_path / "late").touch()

    running = in_background(slow)
    started = time.perf_counter()
    running.cancel()
    assert time.perf_counter() - started < 10
    assert not (tmp_path / "late").exists()


def test_a_process_that_dies_is_an_error() -> None:
    running = in_background(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="a background stage died"):
        running.result()


def test_the_work_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    script = (
        "import os, sys, time\n"
        "from netpipe.parallel import in_background\n"
        "running = in_background(lambda: time.sleep(60))\n"
        "print(running._process.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    child = int(done.stdout)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
