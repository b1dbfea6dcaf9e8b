"""The GraphML, GEXF and JSON files of a network whose ties stay on Dask, their ties made by the
workers bucket by bucket, are the bytes the export in memory writes of the same selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_dask import network_in_parts, networks
from test_dask_csv import assert_same_files, bundled_on_cluster
from typer.testing import CliRunner

from conftest import examples, parted
from netpipe.app.cli import app
from netpipe.io.dask_validation import read_on_cluster
from netpipe.model.network import Network, NetworkLike
from netpipe.model.on_cluster import (
    ClusterSelection,
    select_on_cluster,
    snapshot_on_cluster,
    whole_on_cluster,
    window_on_cluster,
)
from netpipe.model.selection import select, snapshot, window
from netpipe.outputs.exports import gexf, graphs_on_cluster, ordered_on_cluster

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

BUNDLED = Path("data")
GRAPHS = ["graphml", "gexf", "json"]


def assert_same_graphs(
    spread: ClusterSelection, alone: NetworkLike, folder: Path, **options: str
) -> list[bytes]:
    """The GraphML, GEXF and JSON files written from the cluster are those written in memory, byte
    for byte; their bytes."""
    return assert_same_files(spread, alone, folder, GRAPHS, **options)


def draw_at_most(monkeypatch: pytest.MonkeyPatch, nodes: int, ties: int) -> None:
    """Let GEXF's drawing (in memory and on the cluster) hold at most ``nodes`` nodes and ``ties`` ties."""
    for module in (gexf, graphs_on_cluster):
        monkeypatch.setattr(module, "MAX_NODES", nodes)
        monkeypatch.setattr(module, "MAX_EDGES", ties)


def test_the_graph_files_from_the_workers_are_the_bytes_written_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, network = bundled_on_cluster(client, tmp_path / "parts")
    graphml, gexf_file, json_file = assert_same_graphs(whole, network, tmp_path / "whole")
    assert (graphml.count(b"<edge "), gexf_file.count(b"<edge "), json_file.count(b'"key": ')) == (
        328,
        328,
        328,
    )
    day = snapshot_on_cluster(whole, "1937-02-18", certainty="probable")
    assert_same_graphs(day, snapshot(network, "1937-02-18", certainty="probable"), tmp_path / "day")
    period = window_on_cluster(whole, "1917", "1921")
    assert_same_graphs(period, window(network, "1917", "1921"), tmp_path / "period")
    chosen = select_on_cluster(whole, ["ally", "deputy-of"], persons_only=True, certainty="probable")
    expected = select(network, ["ally", "deputy-of"], persons_only=True, certainty="probable")
    assert_same_graphs(chosen, expected, tmp_path / "chosen", link_key="links", gexf_undirected="mutual")
    none = assert_same_graphs(
        snapshot_on_cluster(whole, "1700"), snapshot(network, "1700"), tmp_path / "none"
    )
    assert none[2].endswith(b'], "edges": []}\n')
    assert none[1].endswith(b'<edges count="0">\n    </edges>\n  </graph>\n</gexf>\n')
    monkeypatch.setattr(ordered_on_cluster, "BUCKET_TIES", 40)  # 9 buckets in 5 waves of the 2 workers
    assert assert_same_graphs(whole, network, tmp_path / "buckets") == [graphml, gexf_file, json_file]
    draw_at_most(monkeypatch, 20, 30)  # the drawing cuts nodes and ties
    cut = assert_same_graphs(whole, network, tmp_path / "drawn")
    assert cut[1].count(b"<viz:position") == 20
    draw_at_most(monkeypatch, 60, 1000)  # the drawing cuts nodes only
    assert_same_graphs(period, window(network, "1917", "1921"), tmp_path / "drawn-period")


@settings(
    max_examples=examples(6, 60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=networks(),
    notes=st.lists(
        st.sampled_from(
            [
                "",
                "=1+2",
                'said "yes"',
                "a < b & c > d",
                "two\nlines",
                "\r\n",
                "Орджоникидзе",
                "tab\there",
                "x]]>",
                "\\u00e9 \\",
            ]
        ),
        min_size=30,
    ),
    cuts=st.lists(st.integers(0, 30), max_size=4),
    drawn=st.tuples(st.integers(1, 6), st.integers(0, 12)),
    small=st.booleans(),
)
def test_any_network_in_any_parts_with_awkward_text_writes_the_same_graph_files(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[dict[str, str]],
    notes: list[str],
    cuts: list[int],
    drawn: tuple[int, int],
    small: bool,
) -> None:
    rows = [{**row, "note": note, "place": note[::-1]} for row, note in zip(rows, notes, strict=False)]
    folder = network_in_parts(tmp_path_factory, rows, cuts)
    draw_at_most(monkeypatch, *drawn)
    monkeypatch.setattr(ordered_on_cluster, "BUCKET_TIES", 3 if small else 100_000)
    whole = whole_on_cluster(read_on_cluster(folder, client))
    assert_same_graphs(whole, Network.read(folder), tmp_path_factory.mktemp("graphs"))


def test_the_export_command_writes_the_graph_files_from_the_cluster(tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "data", [100, 200], parquet=True)
    runner = CliRunner()
    files = ["network.graphml", "network.gexf", "network.json"]
    for options in (
        ["--format", "graphml,gexf,json"],
        ["-f", "gexf", "-f", "json", "--at", "1937-02-18", "--link-key", "links"],
    ):
        alone = runner.invoke(app, ["export", str(folder), *options, "--out", str(tmp_path / "alone")])
        spread = runner.invoke(
            app, ["export", str(folder), *options, "--out", str(tmp_path / "spread"), "--cluster", "local"]
        )
        assert alone.exit_code == spread.exit_code == 0, spread.output
        assert spread.stdout == alone.stdout.replace("alone", "spread")
        assert spread.stderr == alone.stderr
        for name in files:
            if (tmp_path / "alone" / name).exists():
                assert (tmp_path / "spread" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()
    default = runner.invoke(
        app, ["export", str(folder), "--out", str(tmp_path / "default"), "--cluster", "local"]
    )
    assert default.exit_code == 0, default.output
    written = ["network.graphml", "network.gexf", "network.json", "network-nodes.csv", "network-edges.csv"]
    assert default.stdout.splitlines() == [str(tmp_path / "default" / name) for name in written]
    refused = runner.invoke(app, ["export", str(folder), "-f", "csv,datapackage", "--cluster", "local"])
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        "error: a network on a cluster is exported as graphml, gexf, json, csv, parquet (the selection), "
        "not as a datapackage (the whole dataset as it was read: export it without a cluster)\n",
    )
