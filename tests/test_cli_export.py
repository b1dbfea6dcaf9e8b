"""The export command: files written, what goes to stdout and stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from lxml import etree
from test_export import SCHEMA
from typer.testing import CliRunner, Result

from conftest import VALID
from netpipe.app.cli import app


def run(*args: str) -> Result:
    """Invoke the CLI; no output may hold a traceback."""
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, list(args))
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_export_everything(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = run("export", str(VALID), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    names = [
        "network.graphml",
        "network.gexf",
        "network.json",
        "network-nodes.csv",
        "network-edges.csv",
        "datapackage/datapackage.json",
    ]
    assert result.stdout == "".join(f"{out / name}\n" for name in names)
    assert result.stderr == "whole network: 4 nodes, 4 ties\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            ".netpipe-manifest.json",
            "datapackage",
            "network-edges.csv",
            "network-nodes.csv",
            "network.gexf",
            "network.graphml",
            "network.json",
        ]
    )


def test_export_a_snapshot_in_some_formats(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = run(
        "export", str(VALID), "--at", "1912-04-15", "--format", "gexf,json", "-f", "csv", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "snapshot at 1912-04-15, wide: 3 nodes, 2 ties\n"
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        "network.gexf",
        "network.json",
        "network-nodes.csv",
        "network-edges.csv",
    ]
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(etree.parse(str(out / "network.gexf")))
    data = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert sorted(link["key"] for link in data["edges"]) == ["t1", "t2"]
    assert data["graph"]["selection"] == "snapshot at 1912-04-15, wide"


def test_export_selected_relations(tmp_path: Path) -> None:
    result = run("export", str(VALID), "-r", "ally", "--format", "json", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "relations ally: 4 nodes, 1 ties\n"


def test_unknown_format_is_bad_usage(tmp_path: Path) -> None:
    result = run("export", str(VALID), "--format", "pdf", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (
        "whole network: 4 nodes, 4 ties\n"
        "error: unknown export format(s): pdf (use graphml, gexf, json, csv, parquet, datapackage or all)\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_out_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run("export", str(VALID), "--out", str(tmp_path / "file"))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f'error: "{tmp_path / "file"}" is a file, not a folder: netpipe writes its outputs into a folder\n'
    )
    assert result.stdout == ""


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    result = run("export", "tests/data/bad-date", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_export_json_for_d3_under_links(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = run("export", str(VALID), "--format", "json", "--link-key", "links", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    data = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert "edges" not in data
    assert sorted(link["key"] for link in data["links"]) == ["t1", "t2", "t3", "t4"]
    result = run("export", str(VALID), "--format", "json", "--out", str(tmp_path / "default"))
    assert "edges" in json.loads((tmp_path / "default" / "network.json").read_text(encoding="utf-8"))
    result = run("export", str(VALID), "--link-key", "arcs", "--out", str(tmp_path / "bad"))
    assert result.exit_code == 2
    assert "Invalid value for '--link-key': 'arcs' is not one of 'edges', 'links'." in result.stderr
    assert not (tmp_path / "bad").exists()


def test_export_gexf_for_networkx_writes_undirected_ties_both_ways(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = run("export", str(VALID), "--format", "gexf", "--gexf-undirected", "mutual", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    back = nx.read_gexf(out / "network.gexf")
    assert sorted((u, v, d["id"]) for u, v, d in back.edges(data=True) if d["label"] == "ally") == [
        ("koba", "sergo", "t1"),
        ("sergo", "koba", "t1"),
    ]
    result = run("export", str(VALID), "--gexf-undirected", "both", "--out", str(tmp_path / "bad"))
    assert result.exit_code == 2
    assert (
        "Invalid value for '--gexf-undirected': 'both' is not one of 'undirected', 'mutual'." in result.stderr
    )
    assert not (tmp_path / "bad").exists()
