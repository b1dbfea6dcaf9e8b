"""Per-period images: one PNG per date on a shared layout, and the grid of them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import netpipe
from netpipe.outputs.render.periods import period_images

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
        "periods.svg",
    ]
    assert sorted(p.name for p in (tmp_path / "periods").iterdir()) == sorted(p.name for p in paths)
    for path in paths[:-1]:
        assert path.read_bytes()[:8] == PNG
    assert paths[-1].read_text(encoding="utf-8").startswith("<?xml")


def test_every_follows_the_timeline(tmp_path: Path) -> None:
    paths = period_images(netpipe.load(VALID), tmp_path, every="25y")
    assert [p.name for p in paths] == [
        "period-1878-01-01.png",
        "period-1903-01-01.png",
        "period-1928-01-01.png",
        "period-1953-01-01.png",
        "periods.png",
        "periods.svg",
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
    import netpipe.outputs.render.periods as periods

    figures: list[Any] = []
    save = periods._save

    def record(figure: Any, path: Path) -> Path:
        figures.append(figure)
        return save(figure, path)

    monkeypatch.setattr(periods, "_save", record)
    return figures


def test_a_selection_draws_the_same_images(tmp_path: Path) -> None:
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network

    dates = ["1900", "1912-04-15", "1937-03-01"]
    first = period_images(netpipe.load(VALID), tmp_path / "graph", dates=dates)
    second = period_images(Network.from_tables(read_tables(VALID)), tmp_path / "selection", dates=dates)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_max_nodes_draws_the_largest_and_says_what_was_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netpipe.model.selection import restrict, snapshot

    figures = captured(monkeypatch)
    graph = netpipe.load(VALID)
    sizes = pd.Series({"sergo": 3.0, "koba": 2.0, "okhrana": 1.0, "007": 0.5}, name="PageRank")
    dates = ["1912-04-15", "1950"]
    paths = period_images(graph, tmp_path, dates=dates, sizes=sizes, max_nodes=2)
    assert [p.name for p in paths] == [
        "period-1912-04-15.png",
        "period-1950.png",
        "periods.png",
        "periods.svg",
    ]
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


def _burst(folder: Path) -> Path:
    """A century with a tie every ten years, then a year with a new tie every month; one person,
    declared from 1800 and with no tie, is in every panel (the others are undated or gone)."""
    folder.mkdir()
    people = [f"p{i}" for i in range(30)]
    groups = ["Reds", "Whites", ""]
    rows = ["id,name,group,start"]
    rows += [f"{p},Person {i},{groups[i % 3]},{'1800' if i == 29 else ''}" for i, p in enumerate(people)]
    (folder / "nodes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    edges = ["id,source,target,relation,start,end"]
    for n, year in enumerate(range(1800, 1900, 10)):
        edges.append(f"q{n},p{n},p{n + 1},ally,{year},{year + 5}")
    for month in range(1, 13):
        edges.append(f"b{month},p{month + 10},p{(month + 11) % 30},rival,1917-{month:02d},1917-{month:02d}")
    (folder / "edges.csv").write_text("\n".join(edges) + "\n", encoding="utf-8")
    return folder


def test_panels_are_chosen_where_the_network_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netpipe.model.selection import timeline

    graph = netpipe.load(_burst(tmp_path / "burst"))
    figures = captured(monkeypatch)
    paths = period_images(graph, tmp_path / "out")
    dates = [p.name[len("period-") : -len(".png")] for p in paths[:-2]]
    in_burst = [d for d in dates if d.startswith("1917")]
    assert dates == timeline(graph, limit=12) and len(dates) == 12
    assert dates[0] == timeline(graph, limit=60)[0] == "1800"
    assert len(in_burst) >= 5 and dates[-1].startswith("1917")
    # A legend of the groups and tie signs, and names that never overlap.
    legend = figures[-1].legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "Reds", "Whites", "(no group)", "friendly tie", "hostile tie",
    ]  # fmt: skip
    renderer = figures[-1].canvas.get_renderer()
    for axes in figures[-1].axes:
        boxes = [text.get_window_extent(renderer) for text in axes.texts]
        assert boxes, axes.get_title()
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]), axes.get_title()


def test_an_interval_is_one_file_not_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "periods"
    paths = period_images(netpipe.load(VALID), out, dates=["1903/1937", "1912?", "1912%"])
    assert [p.name for p in paths] == [
        "period-1903%2F1937.png",
        "period-1912%3F.png",
        "period-1912%25.png",
        "periods.png",
        "periods.svg",
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no sub-folder
    assert all(p.read_bytes().startswith(PNG) for p in paths[:3])


def test_the_number_of_images_is_bounded() -> None:
    import networkx as nx

    G = nx.Graph()
    G.add_node("ancient", start=-9999, end=9999)
    G.add_node("modern", start=1900, end=1950)
    G.add_edge("ancient", "modern")
    with pytest.raises(netpipe.ArgumentError) as raised:
        period_images(G, "unused", every="10y")
    assert str(raised.value) == (
        'a period of "10y" gives 2,000 images (-9999-01-01 to 9991-01-01): netpipe draws at most 250; '
        "choose a longer period or fewer dates"
    )
    assert not Path("unused").exists()
