"""Networks at the edge of the contract: no ties, one node. Every command answers, none crashes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import netpipe
from netpipe.app.cli import app
from netpipe.app.pipeline import run
from netpipe.io.errors import ArgumentTypeError

ANALYSES = ("centrality", "timeline", "robustness", "communities", "brokers", "balance")


def cli(*args: str) -> Result:
    """Invoke the CLI; no output may hold a traceback."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def rows(result: Result) -> list[dict[str, str]]:
    """The CSV a command printed, as dictionaries."""
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def no_ties(make_network) -> Path:
    return make_network([{"id": "a", "name": "A"}, {"id": "b", "name": "B"}], [])


@pytest.fixture
def one_node(make_network) -> Path:
    return make_network([{"id": "a", "name": "A"}], [])


@pytest.mark.parametrize("command", ANALYSES)
def test_every_analysis_answers_on_a_network_without_ties(no_ties: Path, command: str) -> None:
    result = cli(command, str(no_ties), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "whole network: 2 nodes, 0 ties" in result.stderr


@pytest.mark.parametrize("command", ANALYSES)
def test_every_analysis_answers_on_one_node(one_node: Path, command: str) -> None:
    result = cli(command, str(one_node), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "whole network: 1 nodes, 0 ties" in result.stderr


def test_brokers_without_ties(no_ties: Path) -> None:
    assert rows(cli("brokers", str(no_ties), "-f", "csv")) == [
        {
            "node": "a",
            "name": "A",
            "degree": "0",
            "effective_size": "",
            "constraint": "",
            "articulation": "False",
        },
        {
            "node": "b",
            "name": "B",
            "degree": "0",
            "effective_size": "",
            "constraint": "",
            "articulation": "False",
        },
    ]


def test_balance_and_communities_without_ties(no_ties: Path) -> None:
    (summary,) = rows(cli("balance", str(no_ties), "-f", "csv"))
    assert summary["nodes"] == "2"
    assert {k: v for k, v in summary.items() if k not in ("nodes", "ratio")} == dict.fromkeys(
        [k for k in summary if k not in ("nodes", "ratio")], "0"
    )
    assert summary["ratio"] == ""
    assert [(r["node"], r["community"]) for r in rows(cli("communities", str(no_ties), "-f", "csv"))] == [
        ("a", "1"),
        ("b", "2"),
    ]


def test_ego_and_path_without_ties(no_ties: Path) -> None:
    ego = cli("ego", "a", str(no_ties))
    assert ego.exit_code == 0
    assert ego.stderr == "ego network of a, radius 1: 1 nodes, 0 ties\n"
    path = cli("path", "a", "b", str(no_ties))
    assert path.exit_code == 1
    assert path.stderr == "error: no chain of ties links A (a) and B (b) in the selection (whole network)\n"


def test_run_writes_everything_for_a_network_without_ties(no_ties: Path, tmp_path: Path) -> None:
    result = run(no_ties, tmp_path / "out")
    names = {p.relative_to(tmp_path / "out").as_posix() for p in result.files}
    assert {
        "network.html",
        "report.md",
        "report.html",
        "exports/network.gexf",
        "exports/brokerage.csv",
    } <= names
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| nodes | 2 |" in report and "| ties | 0 |" in report


def test_brokers_on_a_selection_without_ties() -> None:
    result = cli("brokers", "data", "--relation", "arrested-by", "--at", "1950", "-f", "csv")
    assert result.exit_code == 0
    assert ", 0 ties" in result.stderr
    assert {r["degree"] for r in rows(result)} <= {"0"}


@pytest.mark.parametrize("path", [None, 3, ["data"]])
def test_load_names_its_folder(path: object) -> None:
    with pytest.raises(ArgumentTypeError) as error:
        netpipe.load(path)  # type: ignore[arg-type]
    assert str(error.value) == f"a dataset is named by its folder's path, not by {type(path).__name__}"
    with pytest.raises(TypeError):  # and it is the TypeError a Python user expects
        netpipe.validate(path)  # type: ignore[arg-type]


def test_names_in_a_script_the_font_lacks(make_dataset, tmp_path: Path) -> None:
    # found by the fuzz test: matplotlib warned (and, with warnings as errors, failed) on a glyph
    nodes = Path("tests/data/valid/nodes.csv").read_text(encoding="utf-8")
    folder = make_dataset(nodes=nodes.replace("Sergo Ordzhonikidze", "\u0671"))
    result = run(folder, tmp_path / "out", every="50y", max_nodes=20)
    assert (tmp_path / "out" / "report.html") in result.files
