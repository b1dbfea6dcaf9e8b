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
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import Run
from netpipe.app.cli import app
from netpipe.io.atomic import write_text
from netpipe.io.errors import OutputError
from netpipe.outputs.folder import MANIFEST, output_folder, written_files

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


def test_a_user_file_added_to_a_netpipe_folder_is_never_replaced(tmp_path: Path, valid_run: Run) -> None:
    out = tmp_path / "outputs"
    shutil.copytree(valid_run.out, out, symlinks=True)  # what `netpipe run VALID --every 25y` wrote
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


def test_report_after_run_keeps_the_other_outputs(tmp_path: Path, valid_run: Run) -> None:
    out = tmp_path / "outputs"
    shutil.copytree(valid_run.out, out, symlinks=True)  # what `netpipe run VALID --every 25y` wrote
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
    import netpipe.outputs.folder

    monkeypatch.setattr(netpipe.outputs.folder, "_exchange", lambda a, b: False)
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
import netpipe.outputs.exports
from netpipe.app.pipeline import run

real_export = netpipe.outputs.exports.export
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

netpipe.outputs.exports.export = paused_export
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


def test_what_a_killed_run_left_is_removed_by_the_next_run(tmp_path: Path, valid_run: Run) -> None:
    out = tmp_path / "outputs"
    shutil.copytree(valid_run.out, out, symlinks=True)  # what `netpipe run VALID --every 25y` wrote
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


# Links, special files, what cannot be read: never netpipe's, never followed


def netpipe_folder(out: Path, files: dict[str, str]) -> Path:
    """A folder written by netpipe holding ``files``."""
    with output_folder(out) as folder:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    return out


def refusal(out: Path, listed: str) -> str:
    return (
        f'"{out}" holds files netpipe did not write ({listed}): netpipe replaces only an empty folder '
        "or one it wrote; give another output folder, or move those files"
    )


def test_a_symbolic_link_as_the_manifest_is_never_written_through(tmp_path: Path) -> None:
    data = copy_of_valid(tmp_path)
    out = tmp_path / "outputs"
    out.mkdir()
    (out / MANIFEST).symlink_to("../data/edges.csv")
    before = tree(data)
    result = cli("report", str(data), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"error: {refusal(out, '.netpipe-manifest.json (a symbolic link)')}\n")
    assert tree(data) == before
    assert (out / MANIFEST).is_symlink()


def test_a_listed_folder_that_is_a_link_receives_nothing(tmp_path: Path) -> None:
    out = netpipe_folder(tmp_path / "outputs", {"plots/rank.png": "netpipe's"})
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "rank.png").write_text("a photograph", encoding="utf-8")
    shutil.rmtree(out / "plots")
    (out / "plots").symlink_to(photos)
    with pytest.raises(OutputError) as raised, output_folder(out, keep=True) as folder:
        (folder / "plots").mkdir(exist_ok=True)
        (folder / "plots" / "rank.png").write_text("overwritten", encoding="utf-8")
    assert str(raised.value) == refusal(out, "plots (a symbolic link)")
    assert (photos / "rank.png").read_text(encoding="utf-8") == "a photograph"


def test_a_listed_file_that_is_a_link_or_special(tmp_path: Path) -> None:
    out = netpipe_folder(tmp_path / "outputs", {"a.txt": "a", "b.txt": "b"})
    (tmp_path / "elsewhere.txt").write_text("mine", encoding="utf-8")
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(tmp_path / "elsewhere.txt")
    (out / "b.txt").unlink()
    os.mkfifo(out / "b.txt")
    with pytest.raises(OutputError) as raised, output_folder(out):
        pass
    assert str(raised.value) == refusal(out, "a.txt (a symbolic link), b.txt (not a regular file)")
    assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "mine"


def test_an_unreadable_folder_is_never_taken_for_netpipe_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = netpipe_folder(tmp_path / "outputs", {"report.md": "# R\n"})
    user_files(out / "notes")  # as root, the folder cannot be made unreadable: scanning it fails instead
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "notes":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(OutputError) as raised, output_folder(out):
        pass
    assert str(raised.value) == refusal(out, "notes (cannot be read: Permission denied)")
    monkeypatch.undo()
    assert (out / "notes" / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_unreadable_file_is_never_taken_for_netpipe_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = netpipe_folder(tmp_path / "outputs", {"report.md": "# R\n"})
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: Path(p).name != "report.md" and real_access(p, m))
    with pytest.raises(OutputError) as raised, output_folder(out):
        pass
    assert str(raised.value) == refusal(out, "report.md (cannot be read)")


def test_a_link_as_the_lock_creates_nothing(tmp_path: Path) -> None:
    lock = tmp_path / ".outputs.netpipe-lock"
    lock.symlink_to(tmp_path / "created-through-the-link")
    with pytest.raises(OutputError) as raised, output_folder(tmp_path / "outputs"):
        pass
    assert str(raised.value) == f'"{lock}" is a symbolic link, not the lock netpipe makes: move it'
    assert sorted(p.name for p in tmp_path.iterdir()) == [".outputs.netpipe-lock"]


def test_only_the_leftovers_a_lock_records_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    backup = user_files(tmp_path / ".outputs.netpipe-backup-2024")  # a user's, named alike, with marks
    (backup / MANIFEST).write_text('{"written_by": "netpipe 0.1.0", "files": []}', encoding="utf-8")
    (backup / ".netpipe-partial").touch()
    other = tmp_path / ".outputs.netpipe-v2.netpipe-1a2b3c"  # a concurrent run's into outputs.netpipe-v2
    other.mkdir()
    (other / ".netpipe-partial").write_text("0123456789abcdef\n", encoding="utf-8")
    (other / "report.md").write_text("# R\n", encoding="utf-8")
    before = tree(backup), tree(other)
    forged = tmp_path / ".outputs.netpipe-forged"  # recorded in a lock, but its mark's token differs
    forged.mkdir()
    (forged / ".netpipe-partial").write_text("not the token\n", encoding="utf-8")
    killed = tmp_path / ".outputs.netpipe-killed"  # recorded, and the token matches: a killed run's
    killed.mkdir()
    token = "feedface0123456789abcdef01234567"
    (killed / ".netpipe-partial").write_text(f"{token}\n", encoding="utf-8")
    (killed / "half.png").write_bytes(b"\x89PNG")
    (tmp_path / ".outputs.netpipe-lock").write_text(
        f'[".outputs.netpipe-forged", "{token}"]\n[".outputs.netpipe-killed", "{token}"]\n'
        '[".outputs.netpipe-backup-2024", ""]\n[".outputs.netpipe-v2.netpipe-1a2b3c", null]\n',
        encoding="utf-8",
    )
    netpipe_folder(out, {"report.md": "# R\n"})
    assert (tree(backup), tree(other)) == before
    assert forged.is_dir()
    assert not killed.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".outputs.netpipe-backup-2024",
        ".outputs.netpipe-forged",
        ".outputs.netpipe-v2.netpipe-1a2b3c",
        "outputs",
    ]


def test_atomic_writes_never_go_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "edges.csv"
    target.write_text("id\n", encoding="utf-8")
    (tmp_path / "out.csv").symlink_to(target)
    write_text(tmp_path / "out.csv", "new\n")
    assert target.read_text(encoding="utf-8") == "id\n"
    assert not (tmp_path / "out.csv").is_symlink()
    (tmp_path / "plots").symlink_to(tmp_path / "photos")
    (tmp_path / "photos").mkdir()
    with pytest.raises(OSError, match="is a symbolic link: netpipe never writes through one"):
        write_text(tmp_path / "plots" / "rank.png", "png")
    assert list((tmp_path / "photos").iterdir()) == []


def test_outputs_honour_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        with output_folder(tmp_path / "outputs") as folder:
            write_text(folder / "plots" / "rank.svg", "<svg/>")
            (folder / "report.md").write_text("# R\n", encoding="utf-8")
    finally:
        os.umask(previous)
    modes = {
        p.relative_to(tmp_path).as_posix(): p.stat().st_mode & 0o777
        for p in [tmp_path / "outputs", *(tmp_path / "outputs").rglob("*")]
    }
    assert modes == {
        "outputs": 0o700,
        "outputs/.netpipe-manifest.json": 0o600,
        "outputs/plots": 0o700,
        "outputs/plots/rank.svg": 0o600,
        "outputs/report.md": 0o600,
    }


def test_a_mount_point_as_out(tmp_path: Path) -> None:
    mount = tmp_path / "mounted"
    mount.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], check=False
    ).returncode:
        pytest.skip("mounting needs privileges this machine does not give")
    try:
        result = cli("run", str(VALID), "--out", str(mount))
        assert result.exit_code == 1
        assert result.stderr.endswith(
            f'error: "{mount}" is a mount point: netpipe replaces its output folder as a whole; '
            "give a folder inside it\n"
        )
        assert list(mount.iterdir()) == []
        # a full disk: the run fails with a message, the outputs before it are intact
        out = netpipe_folder(mount / "outputs", {"report.md": "# Before\n"})
        before = tree(out)
        result = cli("run", str(VALID), "--out", str(out))
        assert result.exit_code == 1
        assert result.stderr.startswith(f'error: could not write "{out}" (No space left on device); ')
        assert result.stderr.endswith("it is unchanged\n")
        assert tree(out) == before
        assert sorted(p.name for p in mount.iterdir()) == ["outputs"]
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize("command", ["report", "render", "export"])
def test_a_full_disk_during_a_command_that_keeps_the_other_outputs(tmp_path: Path, command: str) -> None:
    # disks of 16 KiB to 60 KiB fill at different moments: copying the outputs kept, writing
    # the new files, the data package's own folder inside the exports
    mount = tmp_path / "mounted"
    mount.mkdir()
    for size in range(16, 64, 4):
        if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", str(mount)], check=False
        ).returncode:
            pytest.skip("mounting needs privileges this machine does not give")
        try:
            out = netpipe_folder(mount / "outputs", {"report.md": "# Before\n"})
            before = tree(out)
            result = cli(command, str(VALID), "--out", str(out))
            assert (size, result.exit_code) == (size, 1)
            error = f'error: could not write "{out}" (No space left on device); it is unchanged'
            assert result.stderr.splitlines()[-1] == error  # export first says what it selected
            assert tree(out) == before
            assert sorted(p.name for p in mount.iterdir()) == ["outputs"]
        finally:
            subprocess.run(["umount", str(mount)], check=True)


def test_a_failed_exchange_leaves_the_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = netpipe_folder(tmp_path / "outputs", {"report.md": "# Before\n"})
    before = tree(out)

    def busy(a: Path, b: Path) -> bool:
        raise OSError(16, "Device or resource busy", str(b))

    monkeypatch.setattr("netpipe.outputs.folder._exchange", busy)
    with pytest.raises(OutputError) as raised, output_folder(out) as folder:
        (folder / "report.md").write_text("# After\n", encoding="utf-8")
    assert str(raised.value) == f'could not write "{out}" (Device or resource busy); it is unchanged'
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


# Odd places: an error of netpipe's, never a traceback


def test_a_name_too_long_a_loop_and_deep_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = str(VALID.resolve())
    monkeypatch.chdir(tmp_path)
    long_name = "a" * 256
    result = cli("run", data, "--out", long_name)
    assert (result.exit_code, result.stderr) == (
        1,
        f'error: "{long_name}" cannot be an output folder (File name too long): give another\n',
    )
    result = cli("run", long_name, "--out", "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {long_name}: cannot be read (File name too long): give the folder that holds nodes.csv\n"
        "1 error(s), 0 warning(s)\n"
    )
    Path("loop").symlink_to("loop")
    result = cli("run", data, "--out", "loop/out")
    assert (result.exit_code, result.stderr) == (
        1,
        'error: "loop/out" cannot be an output folder (a loop of symbolic links): give another\n',
    )
    deep = Path(*["d"] * 1200)
    with output_folder(deep) as folder:  # Path.mkdir(parents=True) recursed once per level
        (folder / "report.md").write_text("# R\n", encoding="utf-8")
    assert (deep / "report.md").read_text(encoding="utf-8") == "# R\n"
    (deep / "report.md").unlink()
    (deep / MANIFEST).unlink()
    for level in range(1200, 0, -1):  # removed here: pytest's own cleanup recurses once per level
        Path(*["d"] * level).rmdir()
    deep_inside = netpipe_folder(tmp_path / "outputs", {"report.md": "# R\n"})
    (deep_inside / Path(*["n"] * 40)).mkdir(parents=True)
    with pytest.raises(OutputError) as raised, output_folder(deep_inside):
        pass
    assert str(raised.value) == refusal(deep_inside, "/".join(["n"] * 33) + " (nested 32 folders deep)")


@pytest.mark.parametrize("command", ["run", "render"])
def test_a_seed_out_of_range_is_a_usage_error(tmp_path: Path, command: str) -> None:
    result = cli(command, str(VALID), "--out", str(tmp_path / "out"), "--seed", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--seed': -1 is not in the range 0<=x<=4294967295." in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_superscript_digit_is_not_a_period(tmp_path: Path) -> None:
    result = cli("render", str(VALID), "--out", str(tmp_path / "out"), "--every", "²y")
    assert (result.exit_code, result.stderr) == (
        2,
        'error: "²y" is not a period: use year, month, decade, or a count like 5y or 6m\n',
    )


def test_the_library_s_layout_takes_numpy_s_seeds() -> None:
    import netpipe
    from netpipe.io.errors import ArgumentError
    from netpipe.outputs.drawing.layout import layout

    with pytest.raises(ArgumentError, match=r"^the seed -1 is not between 0 and 4294967295$"):
        layout(netpipe.load(VALID), seed=-1)
    assert len(layout(netpipe.load(VALID), seed=2**32 - 1)) == 4


def test_a_render_replaces_the_period_images_of_the_one_before(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", str(VALID), "--out", str(out), "--every", "25y", "-q").exit_code == 0
    assert sorted(p.name for p in (out / "periods").iterdir()) == [
        "period-1878-01-01.png", "period-1903-01-01.png", "period-1928-01-01.png",
        "period-1953-01-01.png", "periods.png", "periods.svg",
    ]  # fmt: skip
    report = (out / "report.md").read_bytes()
    assert cli("render", str(VALID), "--out", str(out), "--dates", "1912,1937", "-q").exit_code == 0
    new = ["period-1912.png", "period-1937.png", "periods.png", "periods.svg"]
    assert sorted(p.name for p in (out / "periods").iterdir()) == new
    assert sorted(p.relative_to(out).as_posix() for p in written_files(out) if "periods/" in str(p)) == [
        f"periods/{name}" for name in new
    ]
    assert (out / "report.md").read_bytes() == report  # what the render does not write stays
    # A render without dates draws no images: those of the render before stay (the report shows them).
    assert cli("render", str(VALID), "--out", str(out), "-q").exit_code == 0
    assert sorted(p.name for p in (out / "periods").iterdir()) == new


def test_fresh_names_are_written_anew_and_the_rest_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_folder(out) as folder:
        (folder / "images").mkdir()
        (folder / "images" / "old.png").write_bytes(b"old")
        (folder / "page.html").write_text("page")
    with output_folder(out, keep=True, fresh=["images"]) as folder:
        assert not (folder / "images").exists()
        (folder / "images").mkdir()
        (folder / "images" / "new.png").write_bytes(b"new")
    assert sorted(p.relative_to(out).as_posix() for p in written_files(out)) == [
        "images/new.png",
        "page.html",
    ]
    assert not (out / "images" / "old.png").exists()
    (out / "mine.txt").write_text("a user's file")
    refused = pytest.raises(OutputError, match="holds files netpipe did not write")
    with refused, output_folder(out, keep=True, fresh=["mine.txt"]):
        pass
    assert (out / "mine.txt").read_text() == "a user's file"
