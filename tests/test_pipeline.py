"""netpipe run: every output written, atomically, and nothing changed when a stage fails."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import igraph
import pytest
from typer.testing import CliRunner

import netpipe.outputs.exports
from conftest import Run, file_hashes
from netpipe.app.cli import app
from netpipe.app.pipeline import report, run, write_views
from netpipe.io.errors import ArgumentError, DataError, OutputError

EXPECTED = {
    "network.html",
    "report.md",
    "report.html",
    "plots/central-rank.png",
    "plots/central-rank.svg",
    "plots/balance.png",
    "plots/balance.svg",
    "periods/periods.png",
    "exports/network.graphml",
    "exports/network.gexf",
    "exports/network.json",
    "exports/network-nodes.csv",
    "exports/network-edges.csv",
    "exports/centrality.csv",
    "exports/robustness.csv",
    "exports/turnover.csv",
    "exports/turnover-totals.csv",
    "exports/turnover-ties.csv",
    "exports/tied-durations.csv",
    "exports/datapackage/datapackage.json",
}


def test_run_writes_every_output(valid_run: Run) -> None:
    out, result = valid_run.out, valid_run.result
    written = set(file_hashes(out))
    assert written >= EXPECTED
    manifests = {
        ".netpipe-manifest.json",
        "exports/.netpipe-manifest.json",
        "exports/datapackage/.netpipe-manifest.json",
    }
    assert manifests <= written
    assert {p.relative_to(out).as_posix() for p in result.files} == written - manifests
    assert list(result.seconds) == [
        "validate",
        "analyse: centrality",
        "analyse: communities",
        "analyse: brokerage",
        "analyse: signed balance",
        "analyse: centrality over time",
        "analyse: reach in time",
        "analyse: turnover",
        "analyse: robustness",
        "report",
        "exports",
        "network view",
        "period images",
    ]
    graph = igraph.Graph.Read_GraphML(str(out / "exports" / "network.graphml"))
    assert (graph.vcount(), graph.ecount()) == (4, 4)
    assert len(json.loads((out / "exports" / "network.json").read_text(encoding="utf-8"))["edges"]) == 4
    assert sorted(p.name for p in out.parent.iterdir()) == ["outputs"]


def test_a_failing_late_stage_leaves_the_previous_outputs_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "outputs"
    run("tests/data/valid", out, every="25y")
    before = file_hashes(out)

    def broken_export(*args: object, **kwargs: object) -> list[Path]:
        raise OSError("disk full")

    monkeypatch.setattr(netpipe.outputs.exports, "export", broken_export)
    with pytest.raises(OutputError, match=r'could not write ".*outputs" \(disk full\); it is unchanged'):
        run("tests/data/warnings", out, every="25y")
    assert file_hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_run_writes_the_ties_under_the_key_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", "tests/data/valid", "--out", str(out), "--link-key", "links", "-q"]
    )
    assert (result.exit_code, result.output) == (0, "")
    written = json.loads((out / "exports" / "network.json").read_text(encoding="utf-8"))
    assert "edges" not in written
    assert len(written["links"]) == 4
    with pytest.raises(ArgumentError, match='the key of the ties is "edges" or "links", not "arcs"'):
        run("tests/data/valid", tmp_path / "other", link_key="arcs")  # type: ignore[arg-type]
    assert not (tmp_path / "other").exists()


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(DataError) as error:
        run("tests/data/bad-date", tmp_path / "outputs")
    assert len(error.value.report.errors) == 3
    assert list(tmp_path.iterdir()) == []


def test_the_report_escapes_what_the_data_contains(tmp_path: Path, make_dataset) -> None:
    nodes = (
        "id,name,group\n"
        "a,<img src=x onerror=alert(1)>,*bold* | pipe\n"
        "b,</script><script>alert(1)</script>,# heading\n"
        "c,Carl,[link](http://example.org)\n"
    )
    edges = (
        "id,source,target,relation,start,certainty,citation\n"
        "t1,a,b,ally,1920,alleged,=HYPERLINK()\n"
        "t2,b,c,rival,1921,,\n"
    )
    out = tmp_path / "outputs"
    run(make_dataset(nodes=nodes, edges=edges), out, every="10y")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<img" not in markdown.replace("\\<img", "")
    assert "\\*bold\\* \\| pipe" in markdown
    assert "\\[link\\](http://example.org)" in markdown
    centrality = (out / "exports" / "network-edges.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK()" in centrality


def test_cli_run_prints_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["run", "tests/data/valid", "--out", str(out), "--every", "25y"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'network.html'}" in result.stdout.splitlines()
    assert "validate" in result.stderr and "files in" in result.stderr


def test_cli_run_on_bad_data_exits_1_without_traceback(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["run", "tests/data/bad-date", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert 'tests/data/bad-date/edges.csv:2: column "start": "1932-13" is not a real date' in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_report_writes_the_report_and_its_plots(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", "tests/data/valid", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote {out / 'report.md'}", f"wrote {out / 'report.html'}"]
    assert sorted(file_hashes(out)) == [
        ".netpipe-manifest.json",
        "plots/balance.png",
        "plots/balance.svg",
        "plots/central-rank.png",
        "plots/central-rank.svg",
        "plots/turnover.png",
        "plots/turnover.svg",
        "report.html",
        "report.md",
    ]
    assert "## Rankings" in (out / "report.md").read_text(encoding="utf-8")


def test_long_lists_are_cut_in_the_report_and_whole_in_the_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netpipe.outputs.report.build

    monkeypatch.setattr(netpipe.outputs.report.build, "LIST_LIMIT", 1)
    out = tmp_path / "outputs"
    run("tests/data/valid", out, every="25y")
    markdown = (out / "report.md").read_text(encoding="utf-8")
    cut = "The report shows the first 1 of 2 uncertain ties; all are in exports/uncertain-ties.csv."
    assert cut in markdown
    rows = (out / "exports" / "uncertain-ties.csv").read_text(encoding="utf-8").splitlines()
    assert rows == [
        "id,source,relation,target,start,end,certainty,citation",
        "t3,007,deputy-of,koba,1930~,1931?,alleged,",
        "t4,koba,rival,sergo,1936,,probable,Khlevniuk 1995",
    ]


def test_two_runs_write_the_same_bytes(tmp_path: Path, bundled_run: Run) -> None:
    # Every random step is seeded (Leiden, layouts, sampling, the eigenvector solver's start).
    run("data", tmp_path / "second", every="10y")
    assert file_hashes(bundled_run.out) == file_hashes(tmp_path / "second")


def test_no_csv_netpipe_writes_holds_a_formula(tmp_path: Path, make_network) -> None:
    nodes = [
        {"id": "a", "name": '=HYPERLINK("http://x")', "=HYPERLINK(1)": "+1", "@note": "-x"},
        {"id": "b", "name": "@SUM(A1)", "=HYPERLINK(1)": "", "@note": ""},
        {"id": "c", "name": "C", "=HYPERLINK(1)": "=1+2", "@note": ""},
    ]
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "citation": "=cmd|' /C calc'!A0"},
        {"source": "b", "target": "c", "relation": "rival", "citation": "-2+3"},
        {"source": "a", "target": "c", "relation": "ally", "citation": "x"},
    ]
    out = tmp_path / "out"
    run(make_network(nodes, edges), out, every="25y")
    checked = 0
    for path in sorted((out / "exports").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for cell in (cell for row in rows for cell in row):
            if cell.startswith(("=", "+", "-", "@")):
                float(cell)  # only numbers may start so
        checked += 1
    assert checked >= 10
    header = (out / "exports" / "network-nodes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,name,'=HYPERLINK(1),'@note"
    balance = (out / "exports" / "balance.csv").read_text(encoding="utf-8").splitlines()[0]
    assert balance == (
        "nodes,positive,negative,ambivalent,triangles,balanced,no_hostile,two_hostile,unbalanced,"
        "one_hostile,three_hostile,ratio"
    )


def test_write_views_sizes_the_nodes_by_a_measure(tmp_path: Path) -> None:
    graph = netpipe.load("tests/data/valid")
    assert write_views(graph, tmp_path / "a", "degree") == [tmp_path / "a" / "network.html"]
    assert write_views(graph, tmp_path / "b", "core", every="25y") == [
        tmp_path / "b" / "network.html",
        tmp_path / "b" / "periods",
    ]
    assert (tmp_path / "b" / "periods" / "periods.png").is_file()
    with pytest.raises(ArgumentError, match='"fame" is not a measure'):
        write_views(graph, tmp_path / "c", "fame")
    assert not (tmp_path / "c").exists()


def test_report_writes_the_report_alone(tmp_path: Path) -> None:
    notes: list[str] = []
    paths = report("tests/data/valid", tmp_path / "out", title="Mine", note=notes.append)
    assert paths == [tmp_path / "out" / "report.md", tmp_path / "out" / "report.html"]
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8").startswith("# Mine\n")
    assert notes == []
    with pytest.raises(OutputError):
        report("tests/data/valid", "tests/data/valid")
