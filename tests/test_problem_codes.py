"""The registry of problem codes: each declared once, each used, each problem of a report registered."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import netpipe
from netpipe.io import problem_codes
from netpipe.io.problem_codes import PROBLEMS, ProblemType
from netpipe.io.problems import problem_frame

SOURCE = Path("src/netpipe")
DATA = Path("tests/data")

#: The registry's constants, by name.
DECLARED = {name: value for name, value in vars(problem_codes).items() if isinstance(value, ProblemType)}


def _source_trees() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "problem_codes.py"
    ]


def test_every_constant_is_registered_under_its_code() -> None:
    assert {p.code: p for p in DECLARED.values()} == PROBLEMS
    assert all(p.severity in ("error", "warning") and p.title for p in PROBLEMS.values())


def test_every_registered_problem_is_used_in_the_source() -> None:
    used = {
        node.id if isinstance(node, ast.Name) else node.attr
        for _, tree in _source_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
    }
    assert sorted(set(DECLARED) - used) == []


def test_no_code_is_written_out_in_the_source() -> None:
    written = []
    for path, tree in _source_trees():
        # A dictionary key may be a plain word that is also a code ("encoding" in datapackage.json).
        keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys}
        written += [
            f"{path}:{node.lineno}: {node.value}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in PROBLEMS and id(node) not in keys
        ]
    assert written == []


@pytest.mark.parametrize("folder", sorted(p for p in DATA.iterdir() if (p / "nodes.csv").exists()))
def test_every_problem_reported_is_registered_with_its_severity(folder: Path) -> None:
    problems = netpipe.validate(folder).problems
    found = set(zip(problems["code"], problems["severity"], strict=True))
    assert found <= {(p.code, p.severity) for p in PROBLEMS.values()}


def test_a_problem_table_takes_code_and_severity_from_the_registry() -> None:
    frame = problem_frame(PROBLEMS["no-ties"], "nodes.csv", [3], ["has no ties"], "id", ["koba"])
    assert frame.to_dict("records") == [
        {
            "severity": "warning",
            "file": "nodes.csv",
            "line": 3,
            "column": "id",
            "value": "koba",
            "message": "has no ties",
            "code": "no-ties",
        }
    ]


def test_a_lone_claim_in_a_graph_is_a_warning_of_its_own_code() -> None:
    # A graph can be part of a dataset: the claim's rival readings may be outside it.
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", relation="ally", claim="c1", citation="Letters, 12")
    problems = netpipe.load_tables(graph).report.problems
    assert problems[["severity", "code", "column", "value"]].to_dict("records") == [
        {"severity": "warning", "code": "lone-claim-in-part", "column": "claim", "value": "c1"}
    ]
