"""Selections of a network whose ties stay on Dask (a day, a period, relation types, persons only,
a certainty level) hold the nodes and ties the same selections hold in one process, and the nodes'
presence in time is the same."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import Client
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_dask import assert_same_projections
from typer.testing import CliRunner

from conftest import examples, parted
from netpipe.analysis.balance import balance
from netpipe.analysis.centrality import centrality, untied
from netpipe.analysis.on_cluster import (
    centrality_on_cluster,
    centrality_over_time_on_cluster,
    network_on_cluster,
    untied_on_cluster,
)
from netpipe.analysis.over_time import centrality_over_time
from netpipe.app.cli import app
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.errors import ArgumentError
from netpipe.io.spans import spans
from netpipe.io.validation import validate
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    changes_on_cluster,
    presence_on_cluster,
    select_on_cluster,
    snapshot_on_cluster,
    timeline_on_cluster,
    whole_on_cluster,
    window_on_cluster,
)
from netpipe.model.selection import select, snapshot, timeline, window
from netpipe.outputs.exports.parquet_files import write_edges_parquet, write_nodes_parquet
from netpipe.outputs.exports.parquet_on_cluster import (
    write_edges_parquet_on_cluster,
    write_nodes_parquet_on_cluster,
)

BUNDLED = Path("data")
ROME = Path("tests/data/era-rome")

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)


def assert_same_selection(spread: ClusterSelection, alone: Network) -> None:
    """The selection on the cluster holds the nodes and the ties the one in memory holds."""
    assert np.array_equal(spread.node_mask, alone.node_mask)
    masks = spread.ties.client.gather(spread.edge_masks)
    assert np.array_equal(np.concatenate([np.zeros(0, bool), *masks]), alone.edge_mask)
    assert spread.label == alone.label


def assert_same_measures(spread: ClusterSelection, alone: Network) -> None:
    """The projections of the selection made on the cluster are those made in memory, array for
    array; so are its centrality (gathered, and computed on the workers), its untied nodes and its
    balance."""
    assert_same_projections(spread, alone)
    measured, expected = centrality_on_cluster(spread), centrality(alone)
    pd.testing.assert_frame_equal(measured.table, expected.table)
    assert measured.notes == expected.notes
    on_workers = centrality_on_cluster(spread, gather_limit=0).table
    degrees = ["name", "degree", "in_degree", "out_degree"]
    pd.testing.assert_frame_equal(on_workers[degrees], expected.table[degrees])
    assert np.allclose(on_workers["pagerank"], expected.table["pagerank"], rtol=0, atol=1e-9, equal_nan=True)
    assert untied_on_cluster(spread).equals(untied(alone))
    pd.testing.assert_frame_equal(balance(network_on_cluster(spread, [("signed", "all")])), balance(alone))


def assert_same_time(folder: Path, client: Client, days: list[tuple[str, str, str]]) -> None:
    """Presence, snapshots and windows, in both readings and presences, with and without a
    certainty and a choice of relations first, are those of the network in memory."""
    ties, network = read_on_cluster(folder, client), Network.read(folder)
    whole = whole_on_cluster(ties)
    for reading in ("wide", "narrow"):
        for presence in ("attested", "always"):
            lo, hi, _, _ = spans(network.tables, reading, presence)
            assert [a.tolist() for a in presence_on_cluster(whole, reading, presence)] == [
                lo.tolist(),
                hi.tolist(),
            ]
            for at, start, end in days:
                for certainty in (None, "probable"):
                    options = {"reading": reading, "certainty": certainty, "presence": presence}
                    day = snapshot_on_cluster(whole, at, **options)
                    assert_same_selection(day, snapshot(network, at, **options))
                    if (reading, presence, certainty) == ("wide", "attested", None):
                        assert_same_measures(day, snapshot(network, at, **options))
                    assert_same_selection(
                        window_on_cluster(whole, start or None, end or None, **options),
                        window(network, start or None, end or None, **options),
                    )
    assert_same_timelines(whole, network)
    relations = list(network.tables.relations.index[:2])
    chosen = select_on_cluster(whole, relations, persons_only=True, certainty="certain")
    expected = select(network, relations, persons_only=True, certainty="certain")
    assert_same_selection(chosen, expected)
    at, start, end = days[0]
    assert_same_selection(snapshot_on_cluster(chosen, at), snapshot(expected, at))
    assert_same_measures(
        window_on_cluster(chosen, start or None, end or None), window(expected, start or None, end or None)
    )
    assert_same_timelines(
        window_on_cluster(chosen, start or None, end or None), window(expected, start or None, end or None)
    )


def assert_same_timelines(spread: ClusterSelection, alone: Network) -> None:
    """The timelines of the selection on the cluster are those of the one in memory, and so are the
    days on which it changes, what changes on each, the ties active on each and their precision."""
    assert timeline_on_cluster(spread) == timeline(alone)
    for found, expected in zip(changes_on_cluster(spread), alone.cache["changes"], strict=True):
        assert found.tolist() == expected.tolist()
    for options in ({"limit": 3}, {"every": "5y"}, {"every": "month", "start": "1920", "end": "1921-06"},
                    {"dates": ["1920", "1937-02-18"], "start": "1921"}, {"limit": 2, "end": "1930"}):  # fmt: skip
        assert timeline_on_cluster(spread, **options) == timeline(alone, **options), options


def test_the_bundled_network_in_parts_is_selected_as_in_one_process(client: Client, tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "parts", [60, 200, 201], parquet=True)
    assert_same_time(
        folder,
        client,
        [("1937-02-18", "1917", "1921"), ("1912", "", "1905"), ("1934-12-01", "1936", "")],
    )
    # Sergo is in the snapshot of the day he died, not the day after; the count of his ties that day
    whole = whole_on_cluster(read_on_cluster(folder, client))
    that_day, after = snapshot_on_cluster(whole, "1937-02-18"), snapshot_on_cluster(whole, "1937-02-19")
    nodes = whole.ties.tables.nodes.index
    assert "ordzhonikidze" in nodes[that_day.node_mask] and "ordzhonikidze" not in nodes[after.node_mask]


def test_centrality_over_time_on_the_cluster_is_that_of_one_process(client: Client, tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "parts", [90, 180, 270], parquet=True)
    whole, network = whole_on_cluster(read_on_cluster(folder, client)), Network.read(folder)
    measured, expected = centrality_over_time_on_cluster(whole), centrality_over_time(network)
    pd.testing.assert_frame_equal(measured.table, expected.table)
    assert measured.notes == expected.notes and expected.table["date"].nunique() == 60
    persons = select_on_cluster(whole, persons_only=True)
    dates, options = ["1912", "1921-02", "1937-02-18"], {"reading": "narrow", "certainty": "probable"}
    measured = centrality_over_time_on_cluster(persons, dates, ["degree", "core"], **options)
    expected = centrality_over_time(select(network, persons_only=True), dates, ["degree", "core"], **options)
    pd.testing.assert_frame_equal(measured.table, expected.table)
    assert measured.notes == expected.notes


def test_an_era_of_bc_dates_is_selected_as_in_one_process(client: Client, tmp_path: Path) -> None:
    folder = parted(ROME, tmp_path / "rome", [1, 2])
    assert_same_time(folder, client, [("-0044-03-15", "-0050", "-0040"), ("-0044", "-0100", "")])


def test_a_wrong_choice_is_the_error_of_one_process(client: Client) -> None:
    whole = whole_on_cluster(read_on_cluster(BUNDLED, client))
    with pytest.raises(ArgumentError, match=r"^unknown relation\(s\): frend \(declared: ally, "):
        select_on_cluster(whole, ["frend"])
    with pytest.raises(ArgumentError, match=r'^"sure" is not a certainty level: use certain, probable'):
        snapshot_on_cluster(whole, "1920", certainty="sure")
    with pytest.raises(ArgumentError, match=r'^"broad" is not a reading: use wide or narrow$'):
        snapshot_on_cluster(whole, "1920", reading="broad")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r'^the window ends \("1900"\) before it starts \("1920"\)$'):
        window_on_cluster(whole, "1920", "1900")


PEOPLE = ["a", "b", "c", "d", "e"]
NODE_DATES = ["", "", "1900", "1915", "1920-06", "1930-02-01", "1950"]
TIE_DATES = ["", "", "1910", "1918", "1920", "1920-05", "1925?", "~1927", "1940"]


@st.composite
def timed_networks(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """People with and without declared dates, ties of state and event relations, dated at both
    ends, one or none, some uncertain or approximate, at every certainty."""
    nodes = [
        {"id": p, "name": f"Person {p}", "kind": draw(st.sampled_from(["person", "person", "organization"])),
         "start": draw(st.sampled_from(NODE_DATES)), "end": draw(st.sampled_from(NODE_DATES))}
        for p in PEOPLE
    ]  # fmt: skip
    for node in nodes:
        if node["start"] and node["end"] and node["end"] < node["start"]:
            node["start"], node["end"] = node["end"], node["start"]
    count = draw(st.integers(0, 24))
    ties = []
    for k in range(count):
        a, b = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(PEOPLE))
        start, end = draw(st.sampled_from(TIE_DATES)), draw(st.sampled_from(TIE_DATES))
        if a == b or (start and end and end.strip("~?") < start.strip("~?")):
            continue
        ties.append(
            {"id": f"t{k}", "source": a, "target": b,
             "relation": draw(st.sampled_from(["ally", "rival", "arrested-by", "deputy-of", "met"])),
             "start": start, "end": end, "citation": "src",
             "certainty": draw(st.sampled_from(["certain", "probable", "possible", "alleged"]))}
        )  # fmt: skip
    return nodes, ties


RELATIONS_CSV = """relation,directed,sign,kind,flow
ally,false,1,state,true
rival,false,-1,state,false
arrested-by,true,-1,event,false
deputy-of,true,1,state,true
met,false,0,event,false
"""


@settings(
    max_examples=examples(10, 100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    network=timed_networks(),
    cuts=st.lists(st.integers(0, 24), max_size=3),
    day=st.sampled_from(TIE_DATES[2:]),
)
def test_any_network_in_any_parts_is_selected_as_in_one_process(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    network: tuple[list[dict[str, str]], list[dict[str, str]]],
    cuts: list[int],
    day: str,
) -> None:
    nodes, ties = network
    single = tmp_path_factory.mktemp("timed")
    pd.DataFrame(nodes).to_csv(single / "nodes.csv", index=False)
    columns = ["id", "source", "target", "relation", "start", "end", "citation", "certainty"]
    pd.DataFrame(ties, columns=columns).to_csv(single / "edges.csv", index=False)
    (single / "relations.csv").write_text(RELATIONS_CSV, encoding="utf-8")
    assume(validate(single).ok)  # a tie outside its people's dates is a warning; only errors stop
    bounds = sorted({min(cut, len(ties)) for cut in cuts})
    folder = parted(single, tmp_path_factory.mktemp("parts") / "data", bounds)
    day = day.strip("~?")
    assert_same_time(folder, client, [(day, day, ""), ("1920-05-01", "", day)])
    whole = whole_on_cluster(read_on_cluster(folder, client))
    network = Network.read(folder)
    out = tmp_path_factory.mktemp("exports")
    assert_same_parquet(snapshot_on_cluster(whole, day), snapshot(network, day), out, 3)


def assert_same_parquet(spread: ClusterSelection, alone: Network, folder: Path, rows_per_part: int) -> None:
    """The Parquet folders written from the cluster hold the tables written in memory, row for row."""
    for name, on_cluster, in_memory in (
        ("nodes", write_nodes_parquet_on_cluster, write_nodes_parquet),
        ("edges", write_edges_parquet_on_cluster, write_edges_parquet),
    ):
        written = on_cluster(spread, folder / f"spread-{name}", rows_per_part)
        expected = in_memory(alone, folder / f"alone-{name}", rows_per_part)
        pd.testing.assert_frame_equal(pd.read_parquet(written), pd.read_parquet(expected))
        parts = sorted(path.name for path in written.iterdir() if not path.name.startswith(".netpipe"))
        assert parts == [f"part-{number:05d}.parquet" for number in range(len(parts))]
        assert pq.read_schema(written / parts[0]) == pq.read_schema(expected / "part-00000.parquet")


def test_the_ties_are_exported_from_the_workers_in_the_order_of_one_process(
    client: Client, tmp_path: Path
) -> None:
    folder = parted(BUNDLED, tmp_path / "parts", [60, 200, 201], parquet=True)
    ties, network = read_on_cluster(folder, client), Network.read(folder)
    whole = whole_on_cluster(ties)
    assert_same_parquet(whole, network, tmp_path / "whole", 1_000)
    assert_same_parquet(whole, network, tmp_path / "small", 7)  # several files from each bucket
    day = snapshot_on_cluster(whole, "1937-02-18", certainty="probable")
    assert_same_parquet(day, snapshot(network, "1937-02-18", certainty="probable"), tmp_path / "day", 10)
    nothing = snapshot_on_cluster(whole, "1700")
    assert_same_parquet(nothing, snapshot(network, "1700"), tmp_path / "nothing", 10)
    assert len(pd.read_parquet(tmp_path / "nothing" / "spread-edges")) == 0
    # written again into a folder it wrote: replaced as a whole
    write_edges_parquet_on_cluster(day, tmp_path / "whole" / "spread-edges")
    assert len(pd.read_parquet(tmp_path / "whole" / "spread-edges")) == len(
        pd.read_parquet(tmp_path / "day" / "spread-edges")
    )


def test_the_export_command_writes_csv_and_parquet_from_the_workers(tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "data", [100, 200], parquet=True)
    runner = CliRunner()
    view = [
        "--from",
        "1917",
        "--to",
        "1921",
        "--relation",
        "ally",
        "--relation",
        "deputy-of",
        "--certainty",
        "probable",
    ]
    alone = runner.invoke(
        app, ["export", str(folder), "-f", "csv,parquet", "--out", str(tmp_path / "alone"), *view]
    )
    spread = runner.invoke(
        app,
        [
            "export",
            str(folder),
            "-f",
            "csv,parquet",
            "--out",
            str(tmp_path / "spread"),
            "--cluster",
            "local",
            *view,
        ],
    )
    assert alone.exit_code == spread.exit_code == 0, spread.output
    assert spread.stdout == alone.stdout.replace("alone", "spread")
    assert (
        spread.stderr
        == alone.stderr
        == ("relations ally, deputy-of, at least probable; window 1917 to 1921, wide: 35 nodes, 5 ties\n")
    )
    assert spread.stdout.splitlines() == [
        str(tmp_path / "spread" / name)
        for name in (
            "network-nodes.csv",
            "network-edges.csv",
            "network-nodes.parquet",
            "network-edges.parquet",
        )
    ]
    for name in ("network-nodes.csv", "network-edges.csv"):
        assert (tmp_path / "spread" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()
    for name in ("network-nodes.parquet", "network-edges.parquet"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "spread" / name), pd.read_parquet(tmp_path / "alone" / name)
        )


def test_the_timeline_command_follows_the_network_on_the_workers(tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "data", [120, 240], parquet=True)
    runner = CliRunner()
    for options in (
        ["--measure", "degree", "--top", "3", "--persons"],
        ["--from", "1917", "--to", "1922", "--certainty", "probable", "--format", "csv"],
        ["--from", "1700", "--to", "1710"],
    ):
        alone = runner.invoke(app, ["timeline", str(folder), *options])
        spread = runner.invoke(app, ["timeline", str(folder), *options, "--cluster", "local"])
        assert spread.exit_code == alone.exit_code == 0
        assert spread.stdout == alone.stdout and spread.stderr == alone.stderr
    assert (
        spread.stderr
        == "whole network: 89 nodes, 328 ties\nno dates: no tie starts or ends between 1700 and 1710\n"
    )
