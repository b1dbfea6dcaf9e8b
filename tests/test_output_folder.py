"""Output folders: netpipe replaces only what it wrote, and never loses a user's file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netpipe.cli import app
from netpipe.errors import OutputError
from netpipe.output_folder import MANIFEST, output_folder, written_files

VALID = Path("tests/data/valid")


def cli(*args: str) -> Result:
    """Invoke the CLI; no output may hold a traceback."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` (itself included) with the hash of its bytes."""
    return {
        p.relative_to(folder.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "folder"
        for p in sorted([folder, *folder.rglob("*")])
    }


def user_files(folder: Path) -> Path:
    """A folder of a user's own files."""
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (folder / "thesis").mkdir()
    (folder / "thesis" / "chapter1.md").write_text("# One\n", encoding="utf-8")
    return folder


def copy_of_valid(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    return data


# Refusals: exit 1, the exact message, nothing touched, nothing left beside


def test_out_the_data_folder(tmp_path: Path) -> None:
    data = copy_of_valid(tmp_path)
    before = tree(tmp_path)
    result = cli("run", str(data), "--out", str(data))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        f'error: "{data}" is the data folder: netpipe never writes there; give another output folder\n'
    )
    assert tree(tmp_path) == before


def test_out_a_folder_that_holds_the_data(tmp_path: Path) -> None:
    data = copy_of_valid(tmp_path / "project")
    before = tree(tmp_path)
    result = cli("run", str(data), "--out", str(tmp_path / "project"))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f'error: "{tmp_path / "project"}" holds the data folder "{data}": netpipe never writes there; '
        "give another output folder\n"
    )
    assert tree(tmp_path) == before


def test_out_a_folder_of_other_files(tmp_path: Path) -> None:
    mine = user_files(tmp_path / "mydocs")
    before = tree(tmp_path)
    result = cli("run", str(VALID), "--out", str(mine))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f'error: "{mine}" holds files netpipe did not write (notes.txt, thesis/chapter1.md): netpipe '
        "replaces only an empty folder or one it wrote; give another output folder, or move those files\n"
    )
    assert tree(tmp_path) == before


def test_out_an_existing_file(tmp_path: Path) -> None:
    workbook = tmp_path / "results.xlsx"
    workbook.write_bytes(b"PK\x03\x04 a workbook")
    result = cli("run", str(VALID), "--out", str(workbook))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f'error: "{workbook}" is a file, not a folder: netpipe writes its outputs into a folder\n'
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.xlsx"]
    assert workbook.read_bytes() == b"PK\x03\x04 a workbook"
    assert cli("run", str(VALID), "--out", str(workbook)).exit_code == 1  # and again, the same


def test_out_the_root_and_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy_of_valid(tmp_path)
    work = user_files(tmp_path / "work")
    monkeypatch.chdir(work)
    before = tree(tmp_path)
    root = cli("run", str(data), "--out", "/")
    assert root.exit_code == 1
    assert root.stderr.endswith(
        'error: "/" is the root of the filesystem: give a folder of its own for the outputs\n'
    )
    here = cli("run", str(data), "--out", ".")
    assert here.exit_code == 1
    assert here.stderr.endswith(
        'error: "." is the current folder: give a folder of its own for the outputs, e.g. outputs\n'
    )
    up = cli("run", str(data), "--out", "..")
    assert up.exit_code == 1
    assert '".." holds the data folder' in up.stderr
    assert tree(tmp_path) == before
    assert not [p for p in Path("/").iterdir() if p.name.startswith("..netpipe-")]


def test_out_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "real"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    result = cli("run", str(VALID), "--out", str(tmp_path / "link"))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f'error: "{tmp_path / "link"}" is a symbolic link: give the folder itself\n'
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_a_user_file_added_to_a_netpipe_folder_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y").exit_code == 0
    (out / "my-notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    result = cli("run", str(VALID), "--out", str(out))
    assert result.exit_code == 1
    assert "holds files netpipe did not write (my-notes.txt)" in result.stderr
    assert tree(tmp_path) == before


def test_every_writing_command_refuses_a_folder_of_other_files(tmp_path: Path) -> None:
    mine = user_files(tmp_path / "mydocs")
    before = tree(tmp_path)
    for command in ("run", "report", "render", "export"):
        result = cli(command, str(VALID), "--out", str(mine))
        assert result.exit_code == 1, command
        assert "holds files netpipe did not write (notes.txt, thesis/chapter1.md)" in result.stderr
    assert tree(tmp_path) == before


# What netpipe may replace


def test_an_empty_folder_and_a_netpipe_folder_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    out.mkdir()
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y").exit_code == 0
    first = written_files(out)
    assert out / "network.html" in first
    assert cli("run", str(VALID), "--out", str(out), "--every", "10y").exit_code == 0
    second = written_files(out)
    on_disk = {p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST}
    assert on_disk == set(second)  # what the first run wrote and the second did not is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_report_after_run_keeps_the_other_outputs(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y").exit_code == 0
    page = (out / "network.html").read_bytes()
    assert cli("report", str(VALID), "--out", str(out)).exit_code == 0
    assert (out / "network.html").read_bytes() == page
    assert set(written_files(out)) == {p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST}


def test_parents_created_for_a_failed_run_are_removed(tmp_path: Path) -> None:
    mine = user_files(tmp_path / "mine")
    with pytest.raises(OutputError), output_folder(tmp_path / "new" / "deep" / "out", protect=[mine]):
        raise OutputError("stop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_the_fallback_without_an_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netpipe.output_folder

    monkeypatch.setattr(netpipe.output_folder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    for text in ("one", "two"):
        with output_folder(out) as folder:
            (folder / "a.txt").write_text(text, encoding="utf-8")
    assert (out / "a.txt").read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_folder_is_exchanged_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_folder(out) as folder:
        (folder / "a.txt").write_text("one", encoding="utf-8")
    inode = out.stat().st_ino
    with output_folder(out) as folder:
        (folder / "a.txt").write_text("two", encoding="utf-8")
        new_inode = folder.stat().st_ino
    assert out.stat().st_ino == new_inode != inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# Killed and concurrent runs, in real processes

_PAUSED_RUN = """
import os, sys, time
from pathlib import Path
import netpipe.exports
from netpipe.pipeline import run

real_export = netpipe.exports.export
signal = Path(sys.argv[3])
run_process = os.getpid()  # the exports may be written by a child process: kill the run itself

def paused_export(*args, **kwargs):
    signal.touch()
    if sys.argv[4] == "kill":
        import signal as signals
        os.kill(run_process, signals.SIGKILL)
    while not (signal.parent / "go").exists():
        time.sleep(0.05)
    return real_export(*args, **kwargs)

netpipe.exports.export = paused_export
run(sys.argv[1], sys.argv[2], every="25y")
"""


def start_paused_run(tmp_path: Path, out: Path, how: str) -> subprocess.Popen[bytes]:
    """Start ``netpipe run`` in a process that stops before its exports (``wait`` or ``kill``)."""
    script = tmp_path / "paused_run.py"
    script.write_text(textwrap.dedent(_PAUSED_RUN), encoding="utf-8")
    signal = tmp_path / "started"
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(script), str(VALID), str(out), str(signal), how], stderr=stderr
        )
    deadline = time.monotonic() + 60
    while not signal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert signal.exists(), (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    return process


def test_what_a_killed_run_left_is_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y").exit_code == 0
    before = tree(out)
    process = start_paused_run(tmp_path, out, "kill")
    assert process.wait(timeout=60) == -9
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".outputs.netpipe-"))
    assert len(left) == 2  # the half-written folder and the lock
    assert tree(out) == before  # the outputs are as they were
    mine = tmp_path / ".outputs.netpipe-mine"  # named alike, but not netpipe's: kept
    user_files(mine)
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".outputs.netpipe-mine"]
    assert tree(out) == before


def test_two_runs_into_one_folder(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    process = start_paused_run(tmp_path, out, "wait")
    try:
        second = cli("run", str(VALID), "--out", str(out))
        assert second.exit_code == 1
        assert second.stderr.endswith(
            f'error: another netpipe run is writing "{out}" now: wait for it to finish, then run again\n'
        )
        assert not out.exists()  # the second run changed nothing and claimed nothing
    finally:
        (tmp_path / "go").touch()
        assert process.wait(timeout=120) == 0
    assert (out / "network.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_library_errors_for_bad_folders(tmp_path: Path) -> None:
    mine = user_files(tmp_path / "mine")
    with pytest.raises(OutputError, match="holds files netpipe did not write"), output_folder(mine):
        pass
    with (
        pytest.raises(OutputError, match="is the data folder"),
        output_folder(mine / "thesis", [mine / "thesis"]),
    ):
        pass
    assert os.listdir(mine / "thesis") == ["chapter1.md"]
