"""The command line: exit codes, what goes to stdout and to stderr, and JSON equal to the library's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_validate import EXPECTED, expected_lines
from typer.testing import CliRunner, Result

from netpipe import __version__
from netpipe.app.cli import app
from netpipe.io.validation import validate


def run(*args: str) -> Result:
    """Invoke the CLI; no output may hold a traceback."""
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, list(args))
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def expected_output(folder: str) -> str:
    """What ``netpipe validate`` prints for a folder of tests/data."""
    errors = expected_lines(folder, "error")
    warnings = expected_lines(folder, "warning")
    lines = [f"error: {e}" for e in errors] + [f"warning: {w}" for w in warnings]
    return "".join(f"{line}\n" for line in lines) + f"{len(errors)} error(s), {len(warnings)} warning(s)\n"


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_validate_each_folder(folder: str) -> None:
    result = run("validate", f"tests/data/{folder}")
    assert result.stdout == expected_output(folder)
    assert result.stderr == ""
    assert result.exit_code == (1 if EXPECTED[folder][0] else 0)


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_validate_json_is_the_library_report(folder: str) -> None:
    result = run("validate", f"tests/data/{folder}", "--format", "json")
    report = validate(f"tests/data/{folder}")
    assert json.loads(result.stdout) == {
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "problems": report.to_records(),
        "not_listed": [],
    }
    assert result.stderr == ""
    assert result.exit_code == (0 if report.ok else 1)


def test_validate_json_short_option() -> None:
    result = run("validate", "tests/data/valid", "-f", "json")
    assert json.loads(result.stdout)["ok"] is True
    assert result.exit_code == 0


@pytest.mark.parametrize("command", ["validate", "info"])
def test_bad_format_is_a_usage_error(command: str) -> None:
    result = run(command, "tests/data/valid", "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(
        "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json'.\n"
    )


def test_validate_missing_folder() -> None:
    result = run("validate", "tests/data/no-such-folder")
    assert result.exit_code == 1
    assert result.stdout == (
        "error: tests/data/no-such-folder: is not a folder: "
        "give the folder that holds nodes.csv and edges.csv, or a workbook (.xlsx, .ods) with the sheets "
        "nodes and edges\n"
        "1 error(s), 0 warning(s)\n"
    )
    assert result.stderr == ""


def test_info_missing_folder_goes_to_stderr() -> None:
    result = run("info", "tests/data/no-such-folder")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: tests/data/no-such-folder: is not a folder: "
        "give the folder that holds nodes.csv and edges.csv, or a workbook (.xlsx, .ods) with the sheets "
        "nodes and edges\n"
        "1 error(s), 0 warning(s)\n"
    )


def test_info_bad_data_lists_every_problem_on_stderr() -> None:
    result = run("info", "tests/data/many-defects")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected_output("many-defects")


def test_info() -> None:
    result = run("info", "tests/data/valid")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "nodes: 4\n"
        "ties: 4\n"
        "nodes by kind:\n"
        "  person        3\n"
        "  organization  1\n"
        "nodes by group:\n"
        "  Bolsheviks      2\n"
        "  Tsarist police  1\n"
        "  (blank)         1\n"
        "ties by relation:\n"
        "  ally         1\n"
        "  arrested-by  1\n"
        "  deputy-of    1\n"
        "  rival        1\n"
        "ties by certainty:\n"
        "  certain   2\n"
        "  alleged   1\n"
        "  probable  1\n"
        "date span: 1878-01-01 to 1953-12-31\n"
        "undated ties: 0\n"
        "ties with a citation: 3\n"
        "ties by citation:\n"
        "  Montefiore 2003  1\n"
        "  main narrative   1\n"
        "  Khlevniuk 1995   1\n"
        "warnings: 1\n"
    )


def test_info_json() -> None:
    result = run("info", "tests/data/valid", "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["nodes by kind"] == {"person": 3, "organization": 1}
    assert summary["ties by certainty"] == {"certain": 2, "alleged": 1, "probable": 1}
    assert summary["date span"] == "1878-01-01 to 1953-12-31"


def test_describe_writes_into_the_dataset_folder(tmp_path: Path) -> None:
    folder = tmp_path / "valid"
    folder.mkdir()
    for file in ("nodes.csv", "edges.csv"):
        (folder / file).write_bytes((Path("tests/data/valid") / file).read_bytes())
    result = run("describe", str(folder))
    assert result.exit_code == 0
    assert result.stdout == f"wrote {folder / 'datapackage.json'}\n"
    assert result.stderr == ""
    assert sorted(p.name for p in folder.iterdir()) == ["datapackage.json", "edges.csv", "nodes.csv"]


def test_describe_bad_data_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out" / "datapackage.json"
    result = run("describe", "tests/data/bad-date", "--out", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected_output("bad-date")
    assert not out.parent.exists()


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"netpipe {__version__}\n"


def test_no_arguments_shows_help() -> None:
    result = run()
    assert result.exit_code == 2
    assert "Usage: " in result.stdout + result.stderr
    assert "validate" in result.stdout + result.stderr


def test_describe_to_a_path_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("describe", "tests/data/valid", "--out", str(blocker / "datapackage.json"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: cannot write {blocker / 'datapackage.json'}: File exists\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_help_lists_the_commands_in_groups_run_first() -> None:
    result = run("--help")
    assert result.exit_code == 0
    listing = result.stdout[result.stdout.index("Start:") :]
    groups: list[tuple[str, list[str]]] = []
    for line in listing.splitlines():
        if line and not line.startswith(" "):
            groups.append((line, []))
        elif line.strip():
            groups[-1][1].append(line.split()[0])
    assert groups == [
        ("Start:", ["run", "open"]),
        ("Data:", ["validate", "info", "describe"]),
        ("Time:", ["snapshot", "events", "timeline", "turnover"]),
        (
            "Analysis:",
            ["centrality", "robustness", "communities", "brokers", "balance", "path", "ego", "reach"],
        ),
        ("Outputs:", ["render", "report", "export"]),
    ]
    # One column across the groups: every description starts where the longest name ends.
    starts = {line.index(line.split()[1]) for line in listing.splitlines() if line.startswith("  ")}
    assert starts == {len("  communities  ")}
    assert "  run          Validate, analyse, render and export everything into OUT...\n" in result.stdout


def test_each_command_knows_its_group() -> None:
    from netpipe.app import cli

    assert cli._command("run").rich_help_panel == "Start"
    assert cli._command("timeline").rich_help_panel == "Time"
    assert cli._command("export").rich_help_panel == "Outputs"
    assert len(cli.COMMANDS) == 20 == sum(len(group) for group in cli.PANELS.values())


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    """``-q``: no account of the work (files written, the selection, timings); results still print."""
    out = tmp_path / "out"
    commands = [
        ["run", "tests/data/valid", "--out", str(out), "-q"],
        ["render", "tests/data/valid", "--out", str(out), "--every", "25y", "-q"],
        ["report", "tests/data/valid", "--out", str(out), "-q"],
        ["export", "tests/data/valid", "--out", str(out), "-q"],
        ["describe", "tests/data/valid", "--out", str(tmp_path / "datapackage.json"), "-q"],
    ]
    for command in commands:
        result = run(*command)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), command
    loud = run("export", "tests/data/valid", "--out", str(out), "--format", "json")
    assert loud.stdout == f"{out / 'network.json'}\n"
    assert loud.stderr == "whole network: 4 nodes, 4 ties\n"
    events = run("events", "tests/data/valid", "--until", "1920", "-q")  # the result, and nothing else
    assert events.stdout.splitlines()[0].split() == [
        "id",
        "source",
        "relation",
        "target",
        "start",
        "end",
        "certainty",
        "citation",
    ]
    assert events.stderr == ""


def test_open_fails_clearly_without_a_browser(tmp_path: Path) -> None:
    """On a machine with no browser (none on the PATH, no display) ``open`` says so and exits 1."""
    import subprocess
    import sys

    out = tmp_path / "out"
    assert run("render", "tests/data/valid", "--out", str(out), "-q").exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    environment = {"PATH": str(empty), "HOME": str(tmp_path)}  # no DISPLAY, no BROWSER
    opened = subprocess.run(
        [sys.executable, "-c", "from netpipe.app.cli import main; main()", "open", str(out)],
        capture_output=True, text=True, env=environment, check=False,
    )  # fmt: skip
    assert opened.returncode == 1
    assert opened.stdout == ""
    page = (out / "network.html").resolve()
    assert opened.stderr == f"error: no web browser was found to open the page: open {page} in one\n"


def test_open_says_what_it_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run("render", "tests/data/valid", "--out", str(out), "-q").exit_code == 0
    monkeypatch.setattr("webbrowser.open", lambda url: url == (out / "network.html").resolve().as_uri())
    result = run("open", str(out))
    assert (result.exit_code, result.stdout) == (0, f"opened {out / 'network.html'}\n")
    monkeypatch.setattr("webbrowser.open", lambda url: False)  # webbrowser found no browser to run
    result = run("open", str(out))
    assert result.exit_code == 1
    page = (out / "network.html").resolve()
    assert result.stderr == f"error: no web browser was found to open the page: open {page} in one\n"
