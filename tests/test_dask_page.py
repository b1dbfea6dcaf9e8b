"""The views of a network whose ties stay on a two-worker ``LocalCluster``: the interactive page
(:func:`netpipe.outputs.render.html_on_cluster.network_html_on_cluster`) and the images of each
period (:func:`netpipe.outputs.render.periods_on_cluster.period_images_on_cluster`), each the file
written in memory of the same network, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from distributed import Client
from test_dask import generated_in_parts

from conftest import parted
from netpipe.analysis.centrality import centrality
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.errors import ArgumentError
from netpipe.model.network import Network
from netpipe.model.on_cluster import select_on_cluster, whole_on_cluster
from netpipe.model.selection import select
from netpipe.outputs.render.html import network_html
from netpipe.outputs.render.html_on_cluster import network_html_on_cluster
from netpipe.outputs.render.periods import period_images
from netpipe.outputs.render.periods_on_cluster import period_images_on_cluster


@pytest.fixture(scope="module")
def bundled_in_parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with its ties in three parts (Parquet)."""
    return parted(Path("data"), tmp_path_factory.mktemp("bundled") / "data", [100, 250], parquet=True)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"max_nodes": 30},  # the largest by number of ties, and the ties among them
        {"max_nodes": 40, "max_edges": 25},  # and only the strongest of those
        {"dates": ["1917-11-07", "1937-02-18"], "title": "Sergo's circle"},
        {"start": "1930", "end": "1937"},
    ],
)
def test_the_page_of_the_bundled_network_is_the_page_in_memory(
    client: Client, bundled_in_parts: Path, tmp_path: Path, options: dict[str, object]
) -> None:
    spread = network_html_on_cluster(
        read_on_cluster(bundled_in_parts, client), tmp_path / "spread.html", **options
    )
    alone = network_html(Network.read(bundled_in_parts), tmp_path / "alone.html", **options)  # type: ignore[arg-type]
    assert spread.read_bytes() == alone.read_bytes()


def test_the_page_of_a_selection_sized_by_a_measure_is_the_page_in_memory(
    client: Client, bundled_in_parts: Path, tmp_path: Path
) -> None:
    alone = select(Network.read(bundled_in_parts), persons_only=True, certainty="probable")
    measures = centrality(alone).table
    whole = whole_on_cluster(read_on_cluster(bundled_in_parts, client))
    chosen = select_on_cluster(whole, persons_only=True, certainty="probable")
    drawn = {"sizes": measures["pagerank"], "measures": measures, "max_nodes": 20, "max_edges": 40}
    spread = network_html_on_cluster(chosen, tmp_path / "spread.html", **drawn)  # type: ignore[arg-type]
    expected = network_html(alone, tmp_path / "alone.html", **drawn)  # type: ignore[arg-type]
    assert spread.read_bytes() == expected.read_bytes()
    ranked = int(measures["pagerank"].notna().sum())  # among every person ranked, not the 20 drawn
    assert ranked > 20 and f"of {ranked} by PageRank" in spread.read_text(encoding="utf-8")


def test_the_page_of_a_hundred_thousand_generated_ties_is_the_page_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = generated_in_parts()  # 10,000 people: 2,000 drawn, and 5,000 of the ties among them
    spread = network_html_on_cluster(read_on_cluster(folder, client), tmp_path / "spread.html")
    alone = network_html(Network.read(folder), tmp_path / "alone.html")
    assert spread.read_bytes() == alone.read_bytes()


def test_a_page_that_could_draw_nothing_is_refused(
    client: Client, bundled_in_parts: Path, tmp_path: Path
) -> None:
    ties = read_on_cluster(bundled_in_parts, client)
    with pytest.raises(ArgumentError, match=r"^max_nodes must be at least 1, not 0$"):
        network_html_on_cluster(ties, tmp_path / "page.html", max_nodes=0)
    assert not (tmp_path / "page.html").exists()


def assert_same_files(spread: list[Path], alone: list[Path]) -> None:
    """The same files, in the same order, byte for byte."""
    assert [path.name for path in spread] == [path.name for path in alone]
    for one, other in zip(spread, alone, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


@pytest.mark.parametrize(
    "options",
    [
        {},  # the dates where the drawn part changes most
        {"max_nodes": 30, "sizes": "pagerank"},
        {"dates": ["1917-11-07", "1937-02-18"]},
        {"every": "decade", "start": "1900"},
    ],
)
def test_the_images_of_each_period_of_the_bundled_network_are_those_in_memory(
    client: Client, bundled_in_parts: Path, tmp_path: Path, options: dict[str, object]
) -> None:
    alone = Network.read(bundled_in_parts)
    if "sizes" in options:
        options = {**options, "sizes": centrality(alone).table[str(options["sizes"])]}
    spread = period_images_on_cluster(
        read_on_cluster(bundled_in_parts, client), tmp_path / "spread", **options
    )  # type: ignore[arg-type]
    expected = period_images(alone, tmp_path / "alone", **options)  # type: ignore[arg-type]
    assert len(expected) > 2  # at least one period, and the grid
    assert_same_files(spread, expected)


def test_the_images_of_a_hundred_thousand_generated_ties_are_those_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = generated_in_parts()
    spread = period_images_on_cluster(read_on_cluster(folder, client), tmp_path / "spread")
    assert_same_files(spread, period_images(Network.read(folder), tmp_path / "alone"))
