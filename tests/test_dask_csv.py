"""The CSV files of a network whose ties stay on Dask, made by the workers bucket by bucket, are the
bytes the export in memory writes of the same selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_dask import network_in_parts, networks

from conftest import examples, parted
from netpipe.io.dask_validation import read_on_cluster
from netpipe.model.network import Network, NetworkLike
from netpipe.model.on_cluster import ClusterSelection, snapshot_on_cluster, whole_on_cluster
from netpipe.model.selection import snapshot
from netpipe.outputs.exports import export, export_on_cluster, ordered_on_cluster

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

BUNDLED = Path("data")


def assert_same_files(
    spread: ClusterSelection, alone: NetworkLike, folder: Path, formats: str | list[str], **options: Any
) -> list[bytes]:
    """The files written from the cluster in ``formats`` are those written in memory, byte for
    byte; their bytes."""
    written = export_on_cluster(spread, folder / "spread", formats, **options)
    expected = export(alone, folder / "alone", formats, **options)
    assert [path.name for path in written] == [path.name for path in expected]
    for made, wanted in zip(written, expected, strict=True):
        assert made.read_bytes() == wanted.read_bytes(), made.name
    return [path.read_bytes() for path in written]


def assert_same_csv(spread: ClusterSelection, alone: Network, folder: Path) -> bytes:
    """The CSV files written from the cluster are those written in memory, byte for byte; the ties'."""
    return assert_same_files(spread, alone, folder, "csv")[1]


def bundled_on_cluster(client: Client, folder: Path) -> tuple[ClusterSelection, Network]:
    """The bundled data cut into Parquet parts in ``folder``: the whole network on the cluster and in memory."""
    parted(BUNDLED, folder, [60, 200, 201], parquet=True)
    return whole_on_cluster(read_on_cluster(folder, client)), Network.read(folder)


def test_the_csv_files_from_the_workers_are_the_bytes_written_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, network = bundled_on_cluster(client, tmp_path / "parts")
    edges = assert_same_csv(whole, network, tmp_path / "whole")
    assert len(edges.splitlines()) == 1 + 328
    day = snapshot_on_cluster(whole, "1937-02-18", certainty="probable")
    assert_same_csv(day, snapshot(network, "1937-02-18", certainty="probable"), tmp_path / "day")
    nothing = assert_same_csv(
        snapshot_on_cluster(whole, "1700"), snapshot(network, "1700"), tmp_path / "none"
    )
    assert nothing == (
        b"id,source,target,interaction,relation,start,start_gregorian,end,end_gregorian,certainty,"
        b"citation,note,calendar,claim,weight,directed\r\n"
    )
    monkeypatch.setattr(ordered_on_cluster, "BUCKET_TIES", 40)  # 9 buckets in 5 waves of the 2 workers
    assert assert_same_csv(whole, network, tmp_path / "buckets") == edges


@settings(
    max_examples=examples(6, 60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=networks(),
    places=st.lists(
        st.sampled_from(["", "=1+2", "-x", "-12", "a, b", 'said "yes"', "two\nlines"]), min_size=30
    ),
    cuts=st.lists(st.integers(0, 30), max_size=4),
)
def test_any_network_in_any_parts_with_a_column_of_its_own_writes_the_same_csv(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, str]],
    places: list[str],
    cuts: list[int],
) -> None:
    rows = [{**row, "place": place} for row, place in zip(rows, places, strict=False)]
    folder = network_in_parts(tmp_path_factory, rows, cuts)
    whole = whole_on_cluster(read_on_cluster(folder, client))
    assert_same_csv(whole, Network.read(folder), tmp_path_factory.mktemp("csv"))
