"""The progress display: on a terminal only, never with --quiet, never in a pipe or a log."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from typer.testing import CliRunner

from netpipe.app.cli import app
from netpipe.app.progress import RUN_STAGES, shown


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_only_on_a_terminal_and_not_quiet() -> None:
    assert shown(stream=_Terminal())
    assert not shown(quiet=True, stream=_Terminal())
    assert not shown(stream=io.StringIO())


def test_run_shows_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["run", "tests/data/valid", "--out", str(out), "--every", "25y"])
    assert result.exit_code == 0, result.output
    summary, warnings = result.stderr.splitlines()
    written = [line for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert summary.startswith(f"{len(written)} files in {out} (validate ")
    assert warnings.startswith("1 warning(s) in the data: listed in ")
    assert "\x1b" not in result.stderr


def test_run_quiet_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["run", "tests/data/valid", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "")
    assert (out / "report.md").is_file()


def _with_stderr_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run netpipe with ``args``, stderr on a pseudo-terminal: exit code, stdout, what the terminal showed."""
    controller, terminal = pty.openpty()
    shown_text: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown_text.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    command = [sys.executable, "-c", "from netpipe.app.cli import main; main()", *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, check=False, text=True)
    os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    return done.returncode, done.stdout, b"".join(shown_text).decode("utf-8", "replace")


def test_run_shows_its_stages_on_a_terminal(tmp_path: Path) -> None:
    code, _, text = _with_stderr_on_a_terminal("run", "tests/data/valid", "--out", str(tmp_path / "outputs"))
    assert code == 0
    assert "wrote" not in text
    assert any(stage in text for stage in RUN_STAGES)
    assert "files in" in text


def test_a_command_shows_its_name_and_step_on_a_terminal_and_prints_its_table_untouched() -> None:
    args = ("centrality", "tests/data/valid", "--format", "csv")
    code, table, text = _with_stderr_on_a_terminal(*args)
    assert code == 0
    assert "centrality: reading and checking the data" in text
    assert "\x1b" in text  # drawn by rich
    assert table == CliRunner().invoke(app, list(args)).stdout


def test_a_quiet_command_shows_no_progress_on_a_terminal() -> None:
    code, table, text = _with_stderr_on_a_terminal("centrality", "tests/data/valid", "--quiet", "--top", "1")
    assert code == 0
    assert "\x1b" not in text
    assert text == ""  # nor what was selected: only the table
    assert table.startswith("rank ")
