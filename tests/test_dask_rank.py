"""Centrality on a two-worker ``LocalCluster`` above the gather limit: the degrees and PageRank
computed on the workers from each bucket's pairs equal those computed in memory, and the measures
that need the whole projection in one process are skipped, with a note."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from distributed import Client
from test_dask import BUNDLED, any_network_in_any_parts, dataset, generated_in_parts, network_in_parts, tie
from typer.testing import CliRunner

from conftest import parted
from netpipe.analysis.centrality import MEASURES, centrality, untied
from netpipe.analysis.common import projected_ties
from netpipe.analysis.on_cluster import GATHER_LIMIT, centrality_on_cluster, untied_on_cluster
from netpipe.app.cli import app
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.validation import validate
from netpipe.model.network import Network

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

#: The measures computed on the workers above the gather limit; the others are skipped.
ON_WORKERS = ("degree", "in_degree", "out_degree", "pagerank")
SKIPPED = ("betweenness", "closeness", "eigenvector", "core")


def skipped_note(ties: int, limit: int = 0) -> str:
    """The note of the measures skipped when the projection of ``ties`` ties is not gathered."""
    above = f"above the gather limit ({limit:,})" if ties > limit else "the gather limit is 0"
    return (
        "betweenness, closeness, eigenvector and core not computed: they need the whole projection in "
        f"one process, and it holds {ties:,} {'tie' if ties == 1 else 'ties'}, {above}; the degrees and "
        "PageRank were computed on the cluster"
    )


def kept_ties(network: Network, hostile: bool) -> int:
    """How many ties the undirected projection reads, counted in memory (one reading per fact)."""
    edges = network.tables.edges
    read, _, _ = projected_ties(
        network.tables, np.ones(len(edges), bool), "undirected", "all" if hostile else "standing"
    )
    return len(read["row"])


def assert_same_on_workers(folder: Path, client: Client, hostile: bool = False) -> pd.DataFrame:
    """Measure ``folder`` in memory and on the cluster with nothing gathered: the degrees equal, PageRank
    within 1e-9, the other measures NaN, the notes those of the ties set apart and of the measures
    skipped; return the table measured on the cluster."""
    network = Network.read(folder)
    expected = centrality(network, hostile=hostile)
    measured = centrality_on_cluster(read_on_cluster(folder, client), hostile=hostile, gather_limit=0)
    table = measured.table
    assert table.columns.tolist() == expected.table.columns.tolist() == ["name", *MEASURES]
    pd.testing.assert_frame_equal(table[["name", *ON_WORKERS[:3]]], expected.table[["name", *ON_WORKERS[:3]]])
    assert np.array_equal(table["pagerank"].isna(), expected.table["pagerank"].isna())
    assert np.allclose(table["pagerank"], expected.table["pagerank"], rtol=0, atol=1e-9, equal_nan=True)
    assert table[list(SKIPPED)].isna().all().all() and table["core"].dtype == "Int64"
    set_apart = [note for note in expected.notes if "loop" in note or "weight of 0" in note]
    assert measured.notes == (*set_apart, skipped_note(kept_ties(network, hostile)))
    return table


@pytest.mark.parametrize("hostile", [False, True])
def test_the_bundled_data_on_the_workers(client: Client, tmp_path: Path, hostile: bool) -> None:
    table = assert_same_on_workers(BUNDLED, client, hostile)
    assert table["degree"].idxmax() == table["pagerank"].idxmax() == "ordzhonikidze"
    folder = parted(BUNDLED, tmp_path / "parts", [100, 250], parquet=hostile)
    pd.testing.assert_frame_equal(assert_same_on_workers(folder, client, hostile), table)


def test_the_note_counts_the_ties_of_the_bundled_projection(client: Client) -> None:
    result = centrality_on_cluster(read_on_cluster(BUNDLED, client), gather_limit=199)
    assert result.notes == (
        "betweenness, closeness, eigenvector and core not computed: they need the whole projection in one "
        "process, and it holds 200 ties, above the gather limit (199); the degrees and PageRank were "
        "computed on the cluster",
    )


def test_a_projection_of_the_limit_s_size_is_gathered_and_measured_whole(client: Client) -> None:
    ties, network = read_on_cluster(BUNDLED, client), Network.read(BUNDLED)
    size = kept_ties(network, hostile=False)
    whole = centrality_on_cluster(ties, gather_limit=size)
    pd.testing.assert_frame_equal(whole.table, centrality(network).table)
    assert whole.notes == centrality(network).notes
    assert centrality_on_cluster(ties, gather_limit=size - 1).table["betweenness"].isna().all()


@pytest.mark.parametrize(
    "name", sorted(p.name for p in Path("tests/data").iterdir() if p.is_dir() and validate(p).ok)
)
def test_every_dataset_of_the_tests_that_loads(client: Client, name: str) -> None:
    assert_same_on_workers(Path("tests/data") / name, client)


def test_a_hundred_thousand_generated_ties_on_the_workers(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    table = assert_same_on_workers(generated_in_parts(), client)
    assert table["degree"].notna().sum() > 9_000 and table["pagerank"].notna().sum() > 9_000


@any_network_in_any_parts
def test_any_network_in_any_parts_on_the_workers(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, str]],
    cuts: list[int],
    hostile: bool,
) -> None:
    assert_same_on_workers(network_in_parts(tmp_path_factory, rows, cuts), client, hostile)


CHAIN = [{"id": k, "name": k.title()} for k in ("ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal")]


def test_pagerank_spreads_the_rank_of_those_without_out_ties(client: Client, tmp_path: Path) -> None:
    """ann and dan serve bob, bob serves cat, eve and fay are allies (standing both ways), gus is
    only a rival of hal: cat, gus and hal have no out-tie, and their rank goes to everyone; gus and
    hal read no tie, and are not ranked."""
    rows = [
        tie("t1", "ann", "bob", "deputy-of"),
        tie("t2", "dan", "bob", "deputy-of", weight="2"),
        tie("t3", "bob", "cat", "deputy-of"),
        tie("t4", "eve", "fay"),
        tie("t5", "gus", "hal", "rival"),
    ]
    folder = dataset(tmp_path / "data", CHAIN, [rows[:2], rows[2:]])
    table = assert_same_on_workers(folder, client)
    graph = nx.DiGraph()
    graph.add_nodes_from(person["id"] for person in CHAIN)  # gus and hal: no out-tie either
    graph.add_weighted_edges_from(
        [("ann", "bob", 1), ("dan", "bob", 2), ("bob", "cat", 1), ("eve", "fay", 1), ("fay", "eve", 1)]
    )
    expected = nx.pagerank(graph, tol=1e-15)
    ranked = table["pagerank"].dropna()
    assert ranked.index.tolist() == ["ann", "bob", "cat", "dan", "eve", "fay"]
    assert np.allclose(ranked.to_numpy(), [expected[k] for k in ranked.index], rtol=0, atol=1e-9)
    assert ranked["cat"] > ranked["bob"] > ranked["ann"] == ranked["dan"]
    assert ranked["eve"] == pytest.approx(ranked["fay"]) and ranked["eve"] > ranked["cat"]
    assert table.loc[["gus", "hal"], list(ON_WORKERS)].isna().all().all()
    assert table.loc["cat", "out_degree"] == 0 and table.loc["bob", "in_degree"] == pytest.approx(2 / 7)
    assert untied_on_cluster(read_on_cluster(folder, client)).tolist() == []


def test_a_network_without_ties_and_a_network_of_one_person(client: Client, tmp_path: Path) -> None:
    for name, people in (("none", CHAIN[:3]), ("one", CHAIN[:1])):
        folder = tmp_path / name
        (folder / "edges").mkdir(parents=True)
        pd.DataFrame(people).to_csv(folder / "nodes.csv", index=False)
        (folder / "edges" / "part-0.csv").write_text("id,source,target,relation\n", encoding="utf-8")
        ties = read_on_cluster(folder, client)
        result = centrality_on_cluster(ties, gather_limit=0)
        assert result.table.index.tolist() == [person["id"] for person in people]
        assert result.table[list(MEASURES)].isna().all().all()
        assert result.notes == (skipped_note(0),)
        assert (
            untied_on_cluster(ties).tolist()
            == untied(Network.read(folder)).tolist()
            == result.table.index.tolist()
        )


def test_the_centrality_command_with_nothing_gathered(tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "data", [150], parquet=True)
    runner = CliRunner()
    on_workers = ["--cluster", "local", "--gather-limit", "0"]
    alone = runner.invoke(app, ["centrality", str(folder), "--format", "csv"])
    spread = runner.invoke(app, ["centrality", str(folder), "--format", "csv", *on_workers])
    assert spread.exit_code == alone.exit_code == 0
    assert spread.stderr == f"whole network: 89 nodes, 328 ties\nnote: {skipped_note(200)}\n"
    one, many = pd.read_csv(io.StringIO(alone.stdout)), pd.read_csv(io.StringIO(spread.stdout))
    same = ["rank", "node", "name", "degree", "in_degree", "out_degree"]
    pd.testing.assert_frame_equal(many[same], one[same])
    assert np.allclose(many["pagerank"], one["pagerank"], rtol=0, atol=1e-9, equal_nan=True)
    assert many[list(SKIPPED)].isna().all().all() and one[list(SKIPPED)].notna().any().all()
    by_pagerank = ["centrality", str(folder), "--by", "pagerank", "--top", "6"]
    memory, workers = runner.invoke(app, by_pagerank), runner.invoke(app, [*by_pagerank, *on_workers])
    assert workers.exit_code == memory.exit_code == 0
    ranked, expected = workers.stdout.splitlines(), memory.stdout.splitlines()
    assert [line.split()[:2] for line in ranked[:7]] == [line.split()[:2] for line in expected[:7]]
    assert [line.split()[1] for line in ranked[1:5]] == [
        "ordzhonikidze",
        "stalin",
        "bolsheviks",
        "provisional-government",
    ]
    assert ranked[7:] == expected[7:] and ranked[7] == "present, no ties shown: Nestor Lakoba, Tomsky"
    alone_only = runner.invoke(app, ["centrality", str(folder), "--gather-limit", "0"])
    assert alone_only.exit_code == 2
    assert (
        "Invalid value for --gather-limit: a limit of the ties gathered is taken with --cluster"
        in alone_only.stderr
    )
    assert f"default {GATHER_LIMIT:,}" in " ".join(
        runner.invoke(app, ["centrality", "--help"]).stdout.split()
    )
