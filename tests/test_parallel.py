"""Work in a forked process: its value comes back, its error is raised here, a failed run stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netpipe.app.parallel import in_background, in_helper
from netpipe.io.errors import OutputError


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
        "from netpipe.app.parallel import in_background\n"
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


def test_the_helper_does_queued_work_in_order_and_raises_its_errors() -> None:
    pending = [in_helper(divmod, 7, 2), in_helper(divmod, 1, 0), in_helper(os.getpid)]
    assert pending[0].result() == (3, 1)
    with pytest.raises(ZeroDivisionError):
        pending[1].result()
    assert pending[2].result() != os.getpid()


def test_a_helper_that_dies_is_an_error_and_is_replaced() -> None:
    dying = in_helper(os._exit, 3)
    with pytest.raises(RuntimeError, match="the helper process died"):
        dying.result()
    assert in_helper(divmod, 9, 4).result() == (2, 1)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


_PLANTED = """
from pathlib import Path
Path(__file__).with_name("imported").touch()
raise SystemExit("the queue.py of the current folder was imported")
"""

_USES_THE_HELPER = """
from netpipe.app.parallel import in_helper
print(in_helper(divmod, 7, 2).result())
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the work runs in this process")
def test_the_helper_never_imports_from_the_current_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    for name in ("queue.py", "pickle.py", "netpipe.py"):
        (here / name).write_text(_PLANTED, encoding="utf-8")
    script = tmp_path / "uses_the_helper.py"  # a script elsewhere: its own folder, not the current, is first
    script.write_text(_USES_THE_HELPER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=here, capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "(3, 1)\n", "")
    assert not (here / "imported").exists()


def _children(pid: int) -> set[int]:
    return {
        int(c)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    }


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core nothing is forked")
def test_ctrl_c_during_forked_work_leaves_no_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = ["run", "tests/data/valid", "--out", str(out), "--every", "1y"]
    run = subprocess.Popen(
        [sys.executable, "-c", "from netpipe.app.cli import main; main()", *command],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C goes to the terminal's process group: the run and its workers
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [
        c for c in _children(run.pid) if b"-I" not in Path(f"/proc/{c}/cmdline").read_bytes()
    ]:
        time.sleep(0.01)
    time.sleep(0.5)  # the forked work is under way
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (130, "")  # 130: interrupted, as shells count it
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
