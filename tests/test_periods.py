"""Per-period images: one PNG per date on a shared layout, and the grid of them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import netpipe
from netpipe.render.periods import period_images

VALID = Path(__file__).parent / "data" / "valid"
PNG = b"\x89PNG\r\n\x1a\n"


def test_one_image_per_date_and_a_grid(tmp_path: Path) -> None:
    dates = ["1900", "1912-04-15", "1937-03-01"]
    paths = period_images(netpipe.load(VALID), tmp_path / "periods", dates=dates)
    assert [p.name for p in paths] == [
        "period-1900.png",
        "period-1912-04-15.png",
        "period-1937-03-01.png",
        "periods.png",
    ]
    assert sorted(p.name for p in (tmp_path / "periods").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert path.read_bytes()[:8] == PNG


def test_every_follows_the_timeline(tmp_path: Path) -> None:
    paths = period_images(netpipe.load(VALID), tmp_path, every="25y")
    assert [p.name for p in paths] == [
        "period-1878-01-01.png",
        "period-1903-01-01.png",
        "period-1928-01-01.png",
        "period-1953-01-01.png",
        "periods.png",
    ]


def test_same_seed_same_images(tmp_path: Path) -> None:
    first = period_images(netpipe.load(VALID), tmp_path / "a", dates=["1912-04-15"], seed=3)
    second = period_images(netpipe.load(VALID), tmp_path / "b", dates=["1912-04-15"], seed=3)
    assert first[0].read_bytes() == second[0].read_bytes()


def test_bad_date_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="1932-13"):
        period_images(netpipe.load(VALID), tmp_path / "out", dates=["1932-13"])
    assert not (tmp_path / "out").exists()


def captured(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record each figure period_images saves."""
    import netpipe.render.periods as periods

    figures: list[Any] = []
    save = periods._save

    def record(figure: Any, path: Path) -> Path:
        figures.append(figure)
        return save(figure, path)

    monkeypatch.setattr(periods, "_save", record)
    return figures


def test_a_selection_draws_the_same_images(tmp_path: Path) -> None:
    from netpipe.selection import Selection
    from netpipe.validation import read_tables

    dates = ["1900", "1912-04-15", "1937-03-01"]
    first = period_images(netpipe.load(VALID), tmp_path / "graph", dates=dates)
    second = period_images(Selection.of_tables(read_tables(VALID)), tmp_path / "selection", dates=dates)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_max_nodes_draws_the_largest_and_says_what_was_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netpipe.selection import restrict, snapshot

    figures = captured(monkeypatch)
    graph = netpipe.load(VALID)
    sizes = pd.Series({"sergo": 3.0, "koba": 2.0, "okhrana": 1.0, "007": 0.5}, name="PageRank")
    dates = ["1912-04-15", "1950"]
    paths = period_images(graph, tmp_path, dates=dates, sizes=sizes, max_nodes=2)
    assert [p.name for p in paths] == ["period-1912-04-15.png", "period-1950.png", "periods.png"]
    caption = "Showing the 2 largest of 4 nodes (by PageRank). Left out: 2 nodes and 2 ties."
    assert [t.get_text() for t in figures[0].texts] == [caption]
    assert figures[-1].get_suptitle() == caption
    drawn = restrict(graph, ["sergo", "koba"])
    titles = [axes.get_title() for axes in figures[-1].axes]
    views = [snapshot(drawn, date) for date in dates]
    assert titles == [
        f"{date}: {view.number_of_nodes()} nodes, {view.number_of_edges()} ties"
        for date, view in zip(dates, views, strict=True)
    ]
    assert titles[0] == "1912-04-15: 2 nodes, 1 ties"
    # Without a cut, no caption.
    figures.clear()
    period_images(graph, tmp_path / "all", dates=dates, sizes=sizes)
    assert figures[0].texts == [] and figures[-1].get_suptitle() == ""
    with pytest.raises(ValueError, match="max_nodes must be at least 1"):
        period_images(graph, tmp_path / "none", dates=dates, max_nodes=0)
