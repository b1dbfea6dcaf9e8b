"""The centrality commands: exact output, formats, notes on stderr, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from netpipe.app.cli import app

VALID = "tests/data/valid"


def run(*args: str) -> Result:
    """Invoke the command line with a fixed terminal width."""
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, list(args))
    assert "Traceback" not in result.stderr
    return result


def test_centrality_table() -> None:
    result = run("centrality", VALID)
    assert result.exit_code == 0
    # Okhrana's one tie is an arrest: hostile ties confer no standing, so Okhrana is not ranked.
    assert result.stdout == (
        "rank  node                name  degree  in_degree  out_degree  betweenness  closeness"
        "  eigenvector  pagerank  core\n"
        "   1  koba       Joseph Stalin  0.6667     0.6667      0.3333       0.3333     0.6667"
        "       0.7071    0.4633     1\n"
        "  =2   007                  NA  0.3333     0.0000      0.3333       0.0000     0.4444"
        "       0.5000    0.0476     1\n"
        "  =2 sergo Sergo Ordzhonikidze  0.3333     0.3333      0.3333       0.0000     0.4444"
        "       0.5000    0.4414     1\n"
        "present, not ranked by degree (no tie it reads): Okhrana\n"
    )
    assert result.stderr.splitlines()[0] == "whole network: 4 nodes, 4 ties"


def test_centrality_csv_json_and_notes() -> None:
    csv = run("centrality", VALID, "--at", "1912-04-15", "--format", "csv", "--by", "degree", "--top", "2")
    assert csv.exit_code == 0
    lines = csv.stdout.splitlines()
    assert lines[0] == (
        "rank,node,name,degree,in_degree,out_degree,betweenness,closeness,eigenvector,pagerank,core"
    )
    assert [line.split(",")[:2] for line in lines[1:]] == [["1", "koba"], ["1", "sergo"]]
    # 007 is attested in 1930-1931 only: absent in 1912, so the snapshot is connected
    assert csv.stderr.splitlines()[0] == "snapshot at 1912-04-15, wide: 3 nodes, 2 ties"
    rows = json.loads(run("centrality", VALID, "--format", "json", "--engine", "networkx").stdout)
    assert [r["node"] for r in rows] == ["koba", "007", "sergo", "okhrana"]
    assert rows[0]["core"] == 1 and round(rows[0]["betweenness"], 4) == 0.3333
    assert rows[3]["rank"] is None and rows[3]["degree"] is None


def test_centrality_sampling_note() -> None:
    result = run("centrality", VALID, "--sample", "2", "--format", "csv")
    assert result.exit_code == 0
    note = "note: betweenness and closeness estimated from 2 of 4 source nodes sampled with seed 42"
    assert note in result.stderr.splitlines()


def test_timeline() -> None:
    result = run("timeline", VALID, "--dates", "1912-04-15,1936-06-01", "--measure", "degree", "--top", "2")
    assert result.exit_code == 0
    assert result.stdout == (
        "      date rank  node                name  degree  change\n"
        "1912-04-15   =1  koba       Joseph Stalin  0.5000    <NA>\n"
        "1912-04-15   =1 sergo Sergo Ordzhonikidze  0.5000    <NA>\n"
        "1936-06-01   =1  koba       Joseph Stalin  1.0000       0\n"
        "1936-06-01   =1 sergo Sergo Ordzhonikidze  1.0000       0\n"
    )
    rows = json.loads(run("timeline", VALID, "--every", "25y", "--format", "json").stdout)
    assert sorted({r["date"] for r in rows}) == ["1878-01-01", "1903-01-01", "1928-01-01", "1953-01-01"]


def test_timeline_from_to_keeps_the_dates_of_a_period() -> None:
    result = run("timeline", VALID, "--every", "25y", "--from", "1900", "--to", "1930", "--format", "json")
    assert result.exit_code == 0
    assert sorted({r["date"] for r in json.loads(result.stdout)}) == ["1903-01-01", "1928-01-01"]
    assert run("timeline", VALID, "--from", "1932-13").exit_code == 2


def test_robustness() -> None:
    result = run("robustness", VALID, "--measure", "degree", "--top", "2", "--format", "csv")
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[0] == "scenario,ties,dropped,measure,spearman,kendall,top_overlap,left_top"
    )
    assert len(result.stdout.splitlines()) == 4


def test_bad_usage_exits_2() -> None:
    assert run("centrality", VALID, "--by", "fame").exit_code == 2
    assert run("centrality", VALID, "--engine", "spark").exit_code == 2
    assert run("centrality", VALID, "--at", "1930", "--from", "1920").exit_code == 2
    assert run("centrality", VALID, "--format", "xml").exit_code == 2
    assert run("timeline", VALID, "--every", "fortnight").exit_code == 2
    assert run("timeline", VALID, "--dates", "1932-13").exit_code == 2
    assert run("timeline", VALID, "--measure", "fame").exit_code == 2
    assert run("robustness", VALID, "--top", "0").exit_code == 2


def test_bad_data_exits_1() -> None:
    for command in ("centrality", "timeline", "robustness"):
        result = run(command, "tests/data/bad-date")
        assert result.exit_code == 1
        assert result.stdout == ""
