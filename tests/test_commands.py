"""The commands are plain functions that only ``netpipe.app.cli`` registers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from netpipe.analysis.centrality import MEASURES, Engine
from netpipe.app.cli import app
from netpipe.app.commands import common, options
from netpipe.io.contract import CERTAINTIES
from netpipe.io.spans import PRESENCES, READINGS
from netpipe.outputs.exports.nodelink import LINK_KEYS

SOURCE = Path("src/netpipe")
COMMANDS = sorted(path.stem for path in (SOURCE / "app" / "commands").glob("*.py") if path.stem != "__init__")


@pytest.mark.parametrize("module", COMMANDS)
def test_each_commands_module_imports_alone(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import netpipe.app.commands.{module}"], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


def _imports(path: Path) -> set[str]:
    """The modules a source file imports, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_entry_point_imports_the_cli() -> None:
    importers = [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "cli.py" and "netpipe.app.cli" in _imports(path)
    ]
    assert importers == []


def test_the_choices_are_the_librarys() -> None:
    assert get_args(options.Reading) == READINGS
    assert get_args(options.Presence) == PRESENCES
    assert get_args(options.Certainty) == CERTAINTIES
    assert get_args(options.Measure) == MEASURES
    assert get_args(options.Engine) == get_args(Engine)
    assert get_args(options.LinkKey) == LINK_KEYS


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (None, []),
        ("pagerank", ["pagerank"]),
        ("degree, core,", ["degree", "core"]),
        (["1912,1917", "1937"], ["1912", "1917", "1937"]),
    ],
)
def test_split(values: str | list[str] | None, expected: list[str]) -> None:
    assert common.split(values) == expected


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["timeline", "--from", "1930-13"], 'error: "1930-13" is not a real date: there is no month 13'),
        (["events", "--until", "1930-13"], 'error: "1930-13" is not a real date: there is no month 13'),
        (["ego", "nobody"], 'error: no one is called "nobody"'),
        (["communities", "--resolution", "-1"], "error: the resolution must be positive, not -1.0"),
        (
            ["centrality", "--engine", "foo"],
            "Error: Invalid value for '--engine': 'foo' is not one of 'igraph', 'networkx'.",
        ),
    ],
)
def test_bad_usage_exits_2_with_one_message(args: list[str], last_line: str) -> None:
    result = CliRunner().invoke(app, [*args, "tests/data/valid"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == last_line
    assert "Traceback" not in result.stderr


def test_the_command_line_starts_without_pandas() -> None:
    code = "import sys, netpipe.app.cli; print(sorted({'pandas', 'networkx', 'igraph'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "[]\n")


def test_each_option_is_declared_once() -> None:
    declared = [
        ast.unparse(node)
        for path in sorted((SOURCE / "app").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "typer.Option"
    ]
    assert sorted(d for d in set(declared) if declared.count(d) > 1) == []
