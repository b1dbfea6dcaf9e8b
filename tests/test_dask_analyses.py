"""Every analysis of a network whose ties stay on a two-worker ``LocalCluster``
(:func:`netpipe.analysis.everything_on_cluster.analyse_on_cluster`): each result computed there
equals :func:`netpipe.analysis.everything.analyse` on the same network in memory, and each one
skipped is named, with the reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from distributed import Client
from test_dask import generated_in_parts
from typer.testing import CliRunner

from conftest import file_hashes
from netpipe.analysis.common import tie_summary
from netpipe.analysis.everything import Analyses, analyse
from netpipe.analysis.everything_on_cluster import analyse_on_cluster
from netpipe.analysis.reach import reach_overview
from netpipe.analysis.reach_on_cluster import reach_overview_on_cluster
from netpipe.app.cli import app
from netpipe.app.pipeline import report, run
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.spans import Reading
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    between_on_cluster,
    select_on_cluster,
    whole_on_cluster,
    window_on_cluster,
)
from netpipe.model.selection import select, window

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)


def assert_same_results(spread: Analyses, alone: Analyses) -> None:
    """Every result computed on the cluster equals the one computed in memory, and the skipped ones
    are left out of the tables."""
    assert spread.dates == alone.dates
    computed = spread.tables()
    assert list(computed) == [name for name in alone.tables() if name not in spread.skipped]
    for name, table in computed.items():
        pd.testing.assert_frame_equal(table, alone.tables()[name], obj=name)
    if "communities" not in spread.skipped:
        assert spread.communities.modularity == alone.communities.modularity
        assert spread.community_groups.purity == alone.community_groups.purity
        assert spread.community_groups.nmi == alone.community_groups.nmi


def test_the_bundled_network_in_a_period_has_the_results_it_has_in_memory(
    client: Client, bundled_in_parts: Path
) -> None:
    period = {"start": "1937-01", "end": "1937-02"}  # the weeks before and after Sergo's death
    spread = analyse_on_cluster(read_on_cluster(bundled_in_parts, client), **period)
    alone = analyse(Network.read(bundled_in_parts), **period)
    assert spread.dates == ["1937-01", "1937-01-11", "1937-01-31", "1937-02-01", "1937-02-17", "1937-02-18",
                            "1937-02-19"]  # fmt: skip
    assert_same_results(spread, alone)
    assert spread.skipped == {}
    assert spread.notes == []
    assert spread.turnover is not None  # Sergo's death dissolves 24 lasting ties in February 1937
    assert spread.turnover.totals[
        ["start", "active_at_start", "formed", "dissolved", "events"]
    ].values.tolist() == [
        ["1937-01", 57, 4, 4, 8],
        ["1937-02", 63, 6, 24, 57],
    ]
    assert spread.centrality["degree"].idxmax() == "ordzhonikidze"
    assert len(spread.robustness) == 9 and len(spread.readings) == 39  # sergo-and-terror in two parts


def test_a_selection_on_the_cluster_has_the_results_of_the_same_selection_in_memory(
    client: Client, bundled_in_parts: Path
) -> None:
    chosen = {"persons_only": True, "certainty": "probable"}
    whole = whole_on_cluster(read_on_cluster(bundled_in_parts, client))
    dates = ["1917-11-07", "1937-02-18"]
    spread = analyse_on_cluster(select_on_cluster(whole, **chosen), dates)  # type: ignore[arg-type]
    alone = analyse(select(Network.read(bundled_in_parts), **chosen), dates)  # type: ignore[arg-type]
    assert_same_results(spread, alone)


def test_above_the_gather_limit_the_analyses_of_a_projection_are_skipped_and_say_why(
    client: Client, bundled_in_parts: Path
) -> None:
    ties = read_on_cluster(bundled_in_parts, client)
    dates = ["1937-02-18"]
    spread = analyse_on_cluster(ties, dates, gather_limit=250)
    alone = analyse(Network.read(bundled_in_parts), dates)
    too_large = "Not computed: the {} projection (all ties) holds 290 ties, above the gather limit (250)."
    assert spread.skipped == {
        **dict.fromkeys(
            ["communities", "community-groups", "brokerage", "bridges"], too_large.format("undirected")
        ),
        **dict.fromkeys(["balance", "balance-over-time", "frustrating-ties"], too_large.format("signed")),
    }
    assert spread.notes == []
    assert_same_results(spread, alone)  # centrality, over time and roles: standing ties, 200 pairs
    assert spread.communities.table.empty and spread.balance.empty


def test_with_nothing_gathered_the_degrees_and_pagerank_are_computed_on_the_workers(
    client: Client, bundled_in_parts: Path
) -> None:
    spread = analyse_on_cluster(read_on_cluster(bundled_in_parts, client), ["1937-02-18"], gather_limit=0)
    alone = analyse(Network.read(bundled_in_parts), ["1937-02-18"])
    assert "brokerage-roles" in spread.skipped and "centrality" not in spread.skipped
    too_large = (
        "Not computed: the undirected projection (standing ties) holds 200 ties, above the gather limit (0)."
    )
    for result in ("robustness", "robustness-readings", "robustness-reading-ranges"):
        assert spread.skipped[result] == too_large
    assert spread.skipped["reach-in-time"] == (
        "Not computed: the ties can be walked in 159 ways, above the gather limit (0)."
    )  # as in memory: 107 ties walkable within their dates, 52 of them both ways
    assert spread.notes[0] == (
        "betweenness, closeness, eigenvector and core not computed: they need the whole projection in "
        "one process, and it holds 200 ties, above the gather limit (0); the degrees and PageRank were "
        "computed on the cluster"
    )
    measured, expected = spread.centrality, alone.centrality
    pd.testing.assert_series_equal(measured["degree"], expected["degree"])
    pd.testing.assert_series_equal(measured["pagerank"], expected["pagerank"], rtol=0, atol=1e-9)
    assert measured["betweenness"].isna().all()


def test_the_ties_behind_some_pairs_are_those_found_in_memory(client: Client, bundled_in_parts: Path) -> None:
    a, b = ["stalin", "kirov", "ordzhonikidze", "trotsky"], ["ordzhonikidze", "stalin", "beria", "lenin"]
    whole = whole_on_cluster(read_on_cluster(bundled_in_parts, client))
    gathered = between_on_cluster(whole, a, b)
    alone = Network.read(bundled_in_parts)
    pd.testing.assert_frame_equal(tie_summary(gathered, a, b), tie_summary(alone, a, b))
    behind = tie_summary(alone, a, b)["ties"]
    assert behind.iloc[-1] == ""  # Trotsky and Lenin: no tie in the data
    assert sorted(gathered.tables.edges.index) == sorted("; ".join(behind.iloc[:-1]).split("; "))


def test_a_hundred_thousand_generated_ties_have_the_results_they_have_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = generated_in_parts()
    dates = ["1900", "1925"]
    spread = analyse_on_cluster(read_on_cluster(folder, client), dates)
    assert_same_results(spread, analyse(Network.read(folder), dates))


@pytest.mark.parametrize(("reading", "hostile"), [("narrow", False), ("wide", True)])
def test_reach_in_time_on_the_cluster_is_reach_in_memory(
    client: Client, bundled_in_parts: Path, reading: Reading, hostile: bool
) -> None:
    people = ["ordzhonikidze", "stalin", "beria", "lenin", "kaganovich", "trotsky"]
    whole = whole_on_cluster(read_on_cluster(bundled_in_parts, client))
    period = window_on_cluster(whole, "1917", "1937-02-18")
    found = reach_overview_on_cluster(period, people, reading=reading, hostile=hostile)
    alone = window(Network.read(bundled_in_parts), "1917", "1937-02-18")
    pd.testing.assert_frame_equal(found, reach_overview(alone, people, reading=reading, hostile=hostile))
    assert found["reaches"].notna().all() and found["reaches"].sum() > 0


def test_a_run_above_the_gather_limit_writes_what_the_cluster_computes_as_a_run_in_memory_does(
    client: Client, bundled_in_parts: Path, tmp_path: Path
) -> None:
    dates = ["1917-11-07", "1937-02-18"]
    alone, spread = tmp_path / "alone", tmp_path / "spread"
    run(bundled_in_parts, alone, dates=dates)
    result = run(bundled_in_parts, spread, dates=dates, cluster=client, gather_limit=327)  # the data has 328
    expected, found = file_hashes(alone), file_hashes(spread)
    assert set(found) == {name for name in expected if not name.startswith("exports/datapackage/")}
    differ = {name for name in found if found[name] != expected[name]}
    assert differ == {"report.md", "report.html", ".netpipe-manifest.json", "exports/.netpipe-manifest.json"}
    assert result.warnings == 42
    report = (spread / "report.md").read_text(encoding="utf-8")
    assert report.split("## Views and files\n\n")[1].split("\n\n")[:2] == [
        "The 328 ties stayed on the Dask cluster, more than the run gathers: the network view and the period "
        "images draw the largest nodes and the strongest ties among them, as a run in memory does, and the "
        "exports hold the network's tables and every result, but not the data package (the whole dataset as "
        "read in one process).",
        "- [Interactive network view](network.html)\n"
        "- [The network in each period](periods/periods.png)\n"
        "- [Exports: the network as GraphML, GEXF, JSON and CSV, and every result computed](exports/)",
    ]
    # Every other section reads as in memory.
    in_memory = (alone / "report.md").read_text(encoding="utf-8")
    assert without_views(report) == without_views(in_memory)


def without_views(report: str) -> str:
    """A report without its section on views and files."""
    before, views = report.split("## Views and files\n")
    return before + views.split("\n## ", 1)[1]


def test_a_report_above_the_gather_limit_is_the_report_in_memory(
    client: Client, bundled_in_parts: Path, tmp_path: Path
) -> None:
    notes: list[str] = []
    spread, alone = tmp_path / "spread", tmp_path / "alone"
    paths = report(
        bundled_in_parts, spread, dates=["1937-02-18"], cluster=client, gather_limit=0, note=notes.append
    )
    assert paths == [spread / "report.md", spread / "report.html"]
    text = paths[0].read_text(encoding="utf-8")
    in_memory = report(bundled_in_parts, alone, dates=["1937-02-18"])
    assert text == in_memory[0].read_text(encoding="utf-8")  # every analysis made on the cluster
    assert paths[1].read_bytes() == in_memory[1].read_bytes()
    assert "Views and files\n\n## " in text  # a report alone links to no view it does not have
    assert notes == []


def test_a_gather_limit_without_a_cluster_is_refused() -> None:
    result = CliRunner().invoke(app, ["run", "data", "--out", "unused", "--gather-limit", "5"])
    assert result.exit_code == 2
    assert (
        "Invalid value for --gather-limit: a limit of the ties gathered is taken with --cluster"
        in result.output
    )
