"""The interactive page in a real browser (Debian's chromium, offline), and `netpipe render`."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

import netpipe
from netpipe.analysis.centrality import centrality
from netpipe.app.cli import app
from netpipe.model.network import selection_of
from netpipe.model.selection import snapshot, timeline
from netpipe.outputs.render.html import network_html

VALID = Path(__file__).parent / "data" / "valid"
RELATIONS = [
    ["relation", "directed", "sign", "kind", "inverse", "description"],
    ["ally", "false", "1", "state", "", "allies"],
    ["rival", "false", "-1", "state", "", "rivals"],
    ["arrested-by", "true", "-1", "event", "arrested", "A was arrested by B"],
    ["deputy-of", "true", "1", "state", "has deputy", "A was B's deputy"],
]


class Loaded:
    """A page opened offline, with what it requested, the dialogs it opened and its errors."""

    def __init__(
        self, browser: Browser, path: Path, timeout: float = 30_000, size: tuple[int, int] = (1280, 800)
    ) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.page.set_default_timeout(timeout)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready]", state="attached")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def counts(self) -> tuple[int, int]:
        nodes = self.page.inner_text("#node-count").replace(",", "")
        edges = self.page.inner_text("#edge-count").replace(",", "")
        return int(nodes), int(edges)

    def node_ids(self) -> set[str]:
        return set(self.js("() => window.netpipe.nodes.getIds()"))

    def edge_ids(self) -> set[str]:
        return set(self.js("() => window.netpipe.edges.getIds()"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    """Open pages offline; close them after the test."""
    pages: list[Loaded] = []

    def opener(path: Path, timeout: float = 30_000, size: tuple[int, int] = (1280, 800)) -> Loaded:
        pages.append(Loaded(browser, path, timeout, size))
        return pages[-1]

    yield opener
    for loaded in pages:
        loaded.close()


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)


def dataset(folder: Path, nodes: list[list[str]], edges: list[list[str]]) -> Path:
    """A dataset with the four built-in relations: nodes and edges rows after their headers."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["id", "name", "kind", "aliases", "start", "end", "group", "description", "citation"]
    write_csv(folder / "nodes.csv", [header, *nodes])
    write_csv(
        folder / "edges.csv",
        [["id", "source", "target", "relation", "start", "end", "certainty", "citation"], *edges],
    )
    write_csv(folder / "relations.csv", RELATIONS)
    return folder


def random_dataset(folder: Path, n: int = 40, m: int = 150, seed: int = 1) -> Path:
    """People and ties with dates at every precision, open ends, events and states."""
    rng = np.random.default_rng(seed)

    def date(low: int, high: int) -> str:
        year = int(rng.integers(low, high))
        shape = rng.integers(0, 4)
        if shape == 0:
            return ""
        if shape == 1:
            return f"{year}"
        if shape == 2:
            return f"{year}-{int(rng.integers(1, 13)):02d}"
        return f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"

    nodes = []
    for i in range(n):
        born = date(1850, 1900)
        died = date(1920, 1960) if born else ""
        kind = "organization" if i % 7 == 0 else "person"
        nodes.append([f"p{i}", f"Person {i}", kind, "", born, died, f"g{i % 5}", "", ""])
    edges = []
    relations = ["ally", "rival", "arrested-by", "deputy-of"]
    for j in range(m):
        a, b = rng.choice(n, size=2, replace=False)
        start = date(1880, 1935)
        end = date(1936, 1945) if start and rng.random() < 0.5 else ""
        certainty = ["", "certain", "probable", "possible", "alleged"][int(rng.integers(0, 5))]
        edges.append([f"t{j}", f"p{a}", f"p{b}", relations[j % 4], start, end, certainty, ""])
    return dataset(folder, nodes, edges)


def test_page_is_one_offline_file(open_page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = network_html(netpipe.load(VALID), tmp_path / "outputs" / "network.html")
    text = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|url\(\s*['\"]?https?:", text)
    assert "sourceMappingURL" not in text
    assert not (tmp_path / "lib").exists() and not (tmp_path / "outputs" / "lib").exists()
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == ["network.html"]
    loaded = open_page(out)
    assert loaded.requests == [loaded.url]
    assert loaded.blocked == []
    assert loaded.errors == []
    assert loaded.counts() == (4, 4)
    assert loaded.page.inner_text("#date-label") == "all time"
    assert loaded.page.title() == "valid"


def test_slider_shows_exactly_what_snapshot_selects(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(random_dataset(tmp_path / "data"))
    dates = timeline(graph, every="year")
    out = network_html(graph, tmp_path / "network.html", dates=dates)
    loaded = open_page(out)
    assert int(loaded.js("() => document.getElementById('time-slider').max")) == len(dates)
    tables = selection_of(graph)  # converted once for the many snapshots below
    for position, date in enumerate(dates, start=1):
        loaded.js("i => window.netpipe.setPosition(i)", position)
        view = snapshot(tables, date)
        assert loaded.page.inner_text("#date-label") == date
        assert loaded.counts() == (view.number_of_nodes(), view.number_of_edges()), date
        assert loaded.node_ids() == set(view.nodes.index), date
        assert loaded.edge_ids() == set(view.edges.index), date
    loaded.js("() => window.netpipe.setPosition(0)")
    assert loaded.counts() == (graph.number_of_nodes(), graph.number_of_edges())
    assert loaded.page.inner_text("#date-label") == "all time"


def test_slider_by_hand_and_coarse_dates(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    dates = ["1912-04-15", "1912-05", "1937", "1950-06-01"]
    loaded = open_page(network_html(graph, tmp_path / "network.html", dates=dates))
    slider = loaded.page.locator("#time-slider")
    for position, date in enumerate(dates, start=1):
        slider.fill(str(position))
        view = snapshot(graph, date)
        assert loaded.page.inner_text("#date-label") == date
        assert loaded.counts() == (view.number_of_nodes(), view.number_of_edges())
        assert loaded.node_ids() == set(view.nodes)


def test_play_moves_through_time(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    loaded = open_page(network_html(graph, tmp_path / "network.html", every="25y"))
    loaded.page.click("#play")
    # The page's CSP forbids eval, so wait with locators, not wait_for_function.
    expect(loaded.page.locator("#date-label")).to_have_text("1953-01-01", timeout=10_000)
    expect(loaded.page.locator("#play")).to_contain_text("Play", timeout=10_000)
    assert loaded.counts() == (1, 0)  # Stalin; 007 is attested in 1930-1931 only


HOSTILE = [
    ["img", "<img src=x onerror=alert(1)>", "person", "Imgy", "1900", "1950", "<b>bold</b>", "<i>x</i>", ""],
    ["scr", "</script><script>alert(1)</script>", "person", "", "1900", "1950", "", "", ""],
    ["amp", "Tom & Jerry <!--", "organization", "Ampersand", "", "", "", "", 'href="javascript:alert(1)"'],
]
HOSTILE_TIES = [
    ["t1", "img", "scr", "ally", "1910", "", "", '<a href="javascript:alert(1)">href</a>'],
    ["t2", "scr", "amp", "arrested-by", "1920-05", "", "probable", "see href <script>alert(1)</script>"],
]


def test_names_from_the_data_are_text(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(dataset(tmp_path / "data", HOSTILE, HOSTILE_TIES))
    out = network_html(graph, tmp_path / "network.html", title="<script>alert(1)</script>")
    text = out.read_text(encoding="utf-8")
    assert "<img src=x" not in text and "</script><script>alert" not in text and "<b>bold" not in text
    loaded = open_page(out)
    page = loaded.page
    assert page.inner_text("#title") == "<script>alert(1)</script>"
    assert "<b>bold</b>" in page.inner_text("#groups")
    for node in ("img", "scr", "amp"):
        # Hover and click each node: the tooltip and the details card show its name as text.
        x, y = loaded.js(
            "id => { const n = window.netpipe.network; const p = n.canvasToDOM(n.getPosition(id));"
            " const box = document.getElementById('network').getBoundingClientRect();"
            " return [box.left + p.x, box.top + p.y]; }",
            node,
        )
        page.mouse.move(x, y)
        page.wait_for_selector("#tooltip:not([hidden])")
        name = graph.nodes[node]["name"]
        assert page.inner_text("#tooltip").startswith(name)
        page.mouse.click(x, y)
        assert page.inner_text("#details").splitlines()[1] == name
    card = loaded.js("() => document.getElementById('details').innerHTML")
    assert "<img" not in card and "<script" not in card
    assert loaded.js("() => document.querySelectorAll('main img, main script, main a').length") == 0
    # Tie cards: read both ways, citations with "href" stay text.
    cards = loaded.js(
        "() => window.netpipe.data.edgeInfo.map(e => [e.forward, e.backward, e.citation])"
    )  # the JSON payload round-trips the text unchanged
    assert cards[0] == [
        "<img src=x onerror=alert(1)> ally </script><script>alert(1)</script>",
        "</script><script>alert(1)</script> ally <img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">href</a>',
    ]
    assert cards[1][:2] == [
        "</script><script>alert(1)</script> arrested-by Tom & Jerry <!--",
        "Tom & Jerry <!-- arrested </script><script>alert(1)</script>",
    ]
    page.fill("#search", "ampersand")
    page.press("#search", "Enter")
    assert "Tom & Jerry <!--" in page.inner_text("#details")
    assert loaded.dialogs == []
    assert loaded.errors == []


def test_an_edge_reads_both_ways_in_the_details(open_page: Any, tmp_path: Path) -> None:
    nodes = [
        ["sergo", "Ordzhonikidze", "person", "", "1886", "1937", "", "", ""],
        ["okhrana", "Okhrana", "organization", "", "1881", "1917", "", "", ""],
    ]
    ties = [["t1", "sergo", "okhrana", "arrested-by", "1912-04", "", "", "Montefiore 2003, ch. 3"]]
    loaded = open_page(network_html(netpipe.load(dataset(tmp_path / "d", nodes, ties)), tmp_path / "n.html"))
    x, y = loaded.js(
        "() => { const n = window.netpipe.network;"
        " const a = n.getPosition('sergo'), b = n.getPosition('okhrana');"
        " const p = n.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});"
        " const box = document.getElementById('network').getBoundingClientRect();"
        " return [box.left + p.x, box.top + p.y]; }"
    )
    loaded.page.mouse.move(x, y)
    loaded.page.wait_for_selector("#tooltip:not([hidden])")
    assert loaded.page.inner_text("#tooltip") == "Ordzhonikidze arrested-by Okhrana"
    loaded.page.mouse.click(x, y)
    lines = [line for line in loaded.page.inner_text("#details").splitlines() if line.strip()]
    assert lines == [
        "SELECTED",
        "Ordzhonikidze arrested-by Okhrana",
        "Okhrana arrested Ordzhonikidze",
        "1912-04 \u2013 ? \u00b7 certain",
        "Source: Montefiore 2003, ch. 3",
    ]


def test_search_finds_a_person_by_alias(open_page: Any, tmp_path: Path) -> None:
    nodes = [
        ["sergo", "Grigol Ordzhonikidze", "person", "Sérgo|Comrade Sergo", "1886", "1937-02-18", "", "", ""],
        ["koba", "Joseph Stalin", "person", "Koba", "1878", "1953", "", "", ""],
        ["lenin", "Vladimir Lenin", "person", "Ilyich", "1870", "1924", "", "", ""],
    ]
    ties = [["t1", "sergo", "koba", "ally", "1907", "1937-02", "", ""]]
    graph = netpipe.load(dataset(tmp_path / "d", nodes, ties))
    loaded = open_page(network_html(graph, tmp_path / "n.html", every="year"))
    page = loaded.page
    page.fill("#search", "  SERGO ")
    page.click("#search-form button[type=submit]")
    assert loaded.js("() => window.netpipe.network.getSelectedNodes()") == ["sergo"]
    assert page.inner_text("#search-status") == "Found Grigol Ordzhonikidze."
    page.fill("#search", "koba")
    page.press("#search", "Enter")
    assert loaded.js("() => window.netpipe.network.getSelectedNodes()") == ["koba"]
    # Someone absent on the shown date: the page goes back to all time to show them.
    loaded.js(
        "() => window.netpipe.setPosition("
        "window.netpipe.data.dates.findIndex(d => d.label === '1930-01-01') + 1)"
    )
    assert "lenin" not in loaded.node_ids()
    page.fill("#search", "ilyich")
    page.press("#search", "Enter")
    assert page.inner_text("#date-label") == "all time"
    assert loaded.js("() => window.netpipe.network.getSelectedNodes()") == ["lenin"]
    page.fill("#search", "Trotsky")
    page.press("#search", "Enter")
    assert page.inner_text("#search-status") == "No one matches “Trotsky”."


def test_relation_toggles_hide_ties(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    boxes = loaded.js("() => [...document.querySelectorAll('#relations input')].map(b => b.dataset.relation)")
    assert boxes == ["ally", "rival", "arrested-by", "deputy-of"]
    loaded.page.locator("#relations input").nth(0).uncheck()
    assert loaded.counts() == (4, 3)
    assert loaded.edge_ids() == {"t2", "t3", "t4"}
    loaded.page.locator("#relations input").nth(2).uncheck()
    assert loaded.edge_ids() == {"t3", "t4"}
    loaded.page.click("#relations-none")
    assert loaded.counts() == (4, 0)
    loaded.page.click("#relations-all")
    assert loaded.counts() == (4, 4)


def test_cut_says_what_was_left_out(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    sizes = pd.Series({"sergo": 3.0, "koba": 2.0, "okhrana": 1.0, "007": 0.5}, name="PageRank")
    loaded = open_page(network_html(graph, tmp_path / "network.html", sizes=sizes, max_nodes=2))
    assert loaded.node_ids() == {"sergo", "koba"}
    assert loaded.counts() == (2, 2)
    assert loaded.page.inner_text("#omitted") == (
        "Showing the 2 largest of 4 nodes (by PageRank). Left out: 2 nodes and 2 ties."
    )


def test_twenty_thousand_nodes_load(open_page: Any, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    folder = tmp_path / "big"
    folder.mkdir()
    n, m = 20_000, 40_000
    pd.DataFrame({"id": [f"n{i}" for i in range(n)], "name": [f"Person {i}" for i in range(n)]}).to_csv(
        folder / "nodes.csv", index=False
    )
    # Preferential: low ids are hubs, so the top 2,000 keep a dense core of ties.
    source = (rng.pareto(1.2, m) * 50).astype(int) % n
    target = rng.integers(0, n, m)
    keep = source != target
    edges = pd.DataFrame({"source": source[keep], "target": target[keep]})
    edges = edges.assign(
        id=[f"e{i}" for i in range(len(edges))],
        source="n" + edges["source"].astype(str),
        target="n" + edges["target"].astype(str),
        relation="ally",
        start=[str(1900 + int(y)) for y in rng.integers(0, 40, len(edges))],
    )
    edges.to_csv(folder / "edges.csv", index=False)
    graph = netpipe.load(folder)
    out = network_html(graph, tmp_path / "network.html")
    loaded = open_page(out, timeout=120_000)
    nodes, ties = loaded.counts()
    assert nodes == 2000
    left_out = graph.number_of_edges() - ties
    assert loaded.page.inner_text("#omitted") == (
        f"Showing the 2,000 largest of 20,000 nodes (by number of ties) and the 5,000 strongest of their "
        f"ties (by weight, then the size of the people they join). Left out: 18,000 nodes and {left_out:,} ties."
    )
    assert ties == 5000
    drawn = loaded.node_ids()
    # 1909-01-01: people appear with their first tie, and stay (open ties, no declared end)
    loaded.js("() => window.netpipe.setPosition(10)")
    tenth = loaded.js("() => window.netpipe.data.dates[9].label")
    assert loaded.counts()[0] == len(drawn & set(snapshot(graph, tenth).nodes)) == 1674
    assert loaded.errors == []


def test_bad_arguments(tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    with pytest.raises(ValueError, match="max_nodes must be at least 1"):
        network_html(graph, tmp_path / "n.html", max_nodes=0)
    with pytest.raises(ValueError, match="1932-13"):
        network_html(graph, tmp_path / "n.html", dates=["1932-13"])
    assert not (tmp_path / "n.html").exists()


def test_cli_render_and_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    out = tmp_path / "outputs"
    result = runner.invoke(
        app, ["render", str(VALID), "--out", str(out), "--dates", "1912,1937", "--dates", "1950"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "network.html").is_file()
    page = (out / "network.html").read_text(encoding="utf-8")
    assert re.findall(r'\{"label":"([^"]+)","lo"', page) == ["1912", "1937", "1950"]  # the slider too
    assert sorted(p.name for p in (out / "periods").iterdir()) == [
        "period-1912.png",
        "period-1937.png",
        "period-1950.png",
        "periods.png",
        "periods.svg",
    ]
    assert '"sizeLabel":"degree"' in page  # sized by the headline measure
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = runner.invoke(app, ["open", str(out)])
    assert result.exit_code == 0
    assert opened == [(out / "network.html").resolve().as_uri()]
    result = runner.invoke(app, ["open", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    result = runner.invoke(app, ["render", str(VALID), "--out", str(out), "--size-by", "fame"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["render", str(VALID), "--out", str(out), "--dates", "1932-13"])
    assert result.exit_code == 2


@pytest.mark.parametrize("folder", [VALID, Path(__file__).parent.parent / "data"], ids=["valid", "bundled"])
def test_a_selection_renders_the_same_page_as_the_graph(tmp_path: Path, folder: Path) -> None:
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network

    graph = netpipe.load(folder)
    selection = Network.from_tables(read_tables(folder))
    pages = [network_html(network, tmp_path / f"{i}.html") for i, network in enumerate([graph, selection])]
    assert pages[0].read_text(encoding="utf-8") == pages[1].read_text(encoding="utf-8")
    # With a size measure and a cut, too.
    sizes = pd.Series(
        np.arange(graph.number_of_nodes(), dtype=float)[::-1], index=list(graph.nodes), name="rank"
    )
    cut = max(2, graph.number_of_nodes() // 2)
    pages = [
        network_html(network, tmp_path / f"cut{i}.html", sizes=sizes, max_nodes=cut)
        for i, network in enumerate([graph, selection])
    ]
    assert pages[0].read_text(encoding="utf-8") == pages[1].read_text(encoding="utf-8")


def test_the_cut_keeps_the_slider_exact(open_page: Any, tmp_path: Path) -> None:
    from netpipe.model.selection import restrict

    graph = netpipe.load(random_dataset(tmp_path / "data"))
    sizes = pd.Series({f"p{i}": float(i % 9) for i in range(40)}, name="score")
    dates = timeline(graph, every="5y")
    loaded = open_page(network_html(graph, tmp_path / "network.html", sizes=sizes, max_nodes=15, dates=dates))
    # The 15 largest by score, ties broken by id.
    kept = sorted(sizes.index, key=lambda node: (-sizes[node], node))[:15]
    drawn = restrict(graph, kept)
    assert loaded.node_ids() == set(kept)
    assert loaded.counts() == (15, drawn.number_of_edges())
    drawn_tables = selection_of(drawn)  # converted once for the many snapshots below
    for position, date in enumerate(dates, start=1):
        loaded.js("i => window.netpipe.setPosition(i)", position)
        view = snapshot(drawn_tables, date)
        assert loaded.node_ids() == set(view.nodes.index), date
        assert loaded.edge_ids() == set(view.edges.index), date
    assert loaded.page.inner_text("#omitted") == (
        f"Showing the 15 largest of 40 nodes (by score). "
        f"Left out: 25 nodes and {graph.number_of_edges() - drawn.number_of_edges()} ties."
    )


def test_a_name_column_in_the_measures_is_not_shown_as_a_measure(tmp_path: Path) -> None:
    graph = netpipe.load("tests/data/valid")
    table = centrality(graph).table
    assert "name" in table.columns
    page = network_html(graph, tmp_path / "n.html", table["pagerank"], table).read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="netpipe-data">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    shown = {node["id"]: node["measures"] for node in data["nodeInfo"]}
    # The measures as places in plain words; the Okhrana (an arrest only) has no place.
    assert shown["koba"] == [
        "1st of 3 by PageRank", "1st of 3 by number of ties", "1st of 3 by ties received",
        "joint 1st of 3 by ties given", "1st of 3 by betweenness", "1st of 3 by closeness",
    ]  # fmt: skip
    assert shown["okhrana"] == []
    assert not any("name" in place for places in shown.values() for place in places)


def test_a_typed_day_shows_what_snapshot_selects(open_page: Any, tmp_path: Path) -> None:
    rome = netpipe.load("tests/data/era-rome")
    loaded = open_page(network_html(rome, tmp_path / "rome.html"))
    loaded.page.fill("#day", "-0043-03-15")
    loaded.page.press("#day", "Enter")
    ides = snapshot(rome, "-0043-03-15")
    assert loaded.page.inner_text("#date-label") == "-0043-03-15"
    # the Senate (no date, one undated tie) is on no date
    assert loaded.counts() == (ides.number_of_nodes(), ides.number_of_edges()) == (6, 4)
    assert loaded.node_ids() == set(ides.nodes)
    loaded.page.fill("#day", "1932-13")
    loaded.page.press("#day", "Enter")
    assert loaded.page.inner_text("#date-label") == "-0043-03-15"  # not a date: nothing changes
    assert loaded.errors == []


def test_the_certainty_filter_keeps_ties_at_least_this_sure(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    assert loaded.counts() == (4, 4)
    loaded.page.select_option("#certainty", "0")
    assert loaded.counts() == (4, 2)
    loaded.page.select_option("#certainty", "1")
    assert loaded.counts() == (4, 3)


def test_the_slider_stops_are_given_or_follow_the_data_at_its_precision(tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    page = network_html(graph, tmp_path / "a.html", dates=["1912-04-15", "1937-02-18"]).read_text("utf-8")
    assert '"dates":[{"label":"1912-04-15","lo":-21080,"hi":-21080},{"label":"1937-02-18"' in page
    years = dataset(
        tmp_path / "years",
        [
            ["a", "Anna", "person", "", "1900", "1950", "", "", ""],
            ["b", "Boris", "person", "", "", "", "", "", ""],
        ],
        [["t1", "a", "b", "ally", "1907", "1912", "", "x"]],
    )
    page = network_html(netpipe.load(years), tmp_path / "b.html").read_text("utf-8")
    labels = re.findall(r'\{"label":"([^"]+)","lo"', page)
    assert labels == ["1907"]  # Anna's birth (1900), the tie's end (1913) and her death show no tie


def test_each_node_says_whether_its_presence_is_declared_or_attested(tmp_path: Path) -> None:
    page = network_html(netpipe.load(VALID), tmp_path / "network.html").read_text("utf-8")
    assert '"presence":"present from 1930-01-01 (attested) until 1931-12-31 (attested)"' in page
    assert '"presence":"present from 1886-10-24 (declared) until 1937-02-18 (declared)"' in page


BUNDLED = Path(__file__).parent.parent / "data"


def _overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The pairs of label boxes that overlap."""
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


@pytest.mark.parametrize("size", [(1440, 900), (1024, 700)], ids=["1440x900", "1024x700"])
def test_labels_never_overlap_and_more_appear_on_zooming_in(
    open_page: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    graph = netpipe.load(BUNDLED)
    sizes = centrality(graph).table["pagerank"]
    loaded = open_page(network_html(graph, tmp_path / "network.html", sizes=sizes), size=size)
    labels = loaded.js("() => window.netpipe.labels()")
    width, height = loaded.js(
        "() => { const b = document.getElementById('network').getBoundingClientRect(); return [b.width, b.height]; }"
    )
    assert len(labels) >= 12
    assert _overlapping(labels) == []
    assert all(b["x"] + b["width"] > 0 and b["x"] < width and b["y"] < height for b in labels)
    # The most central person is labelled, with their name.
    top = str(sizes.idxmax())
    assert {b["id"]: b["text"] for b in labels}[top] == graph.nodes[top]["name"]
    # Zoomed in on the centre, labels hidden before appear, still without overlaps.
    loaded.js(
        "() => { const n = window.netpipe.network; n.moveTo({scale: n.getScale() * 2.5}); n.redraw(); }"
    )
    zoomed = loaded.js("() => window.netpipe.labels()")
    assert _overlapping(zoomed) == []
    assert {b["id"] for b in zoomed} - {b["id"] for b in labels}
    assert loaded.errors == []


def _click(loaded: Loaded, node: str) -> None:
    point = loaded.js("id => window.netpipe.screenPoint(id)", node)
    loaded.page.mouse.click(point["x"], point["y"])


@pytest.mark.parametrize("width", [900, 1280, 1366, 1440, 1920])
def test_the_header_controls_never_overlap(open_page: Any, tmp_path: Path, width: int) -> None:
    graph = netpipe.load(BUNDLED)
    loaded = open_page(network_html(graph, tmp_path / "network.html"), size=(width, 800))
    ids = ["title", "play", "time-slider", "date-label", "day", "certainty", "counts", "search-form"]
    boxes = loaded.js(
        "(ids) => ids.map(id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return {id, x: r.left, y: r.top, width: r.width, height: r.height}; })",
        ids,
    )
    assert all(box["width"] > 0 and box["x"] + box["width"] <= width for box in boxes)
    assert _overlapping(boxes) == []


def test_clicking_a_person_keeps_their_neighbours_and_fades_the_rest(open_page: Any, tmp_path: Path) -> None:
    loaded = open_page(network_html(netpipe.load(VALID), tmp_path / "network.html"))
    _click(loaded, "okhrana")
    assert loaded.js("() => window.netpipe.focused()") == "okhrana"
    assert set(loaded.js("() => window.netpipe.faded()")) == {"koba", "007"}
    opacity = "id => window.netpipe.edges.get(id).color.opacity"
    assert loaded.js(opacity, "t2") == 0.85 and loaded.js(opacity, "t1") == 0.06
    assert loaded.js("() => window.netpipe.nodes.get('koba').opacity") == 0.15
    # Only the focused person and their neighbours keep their labels.
    assert {b["id"] for b in loaded.js("() => window.netpipe.labels()")} == {"okhrana", "sergo"}
    _click(loaded, "okhrana")  # again: clears
    assert loaded.js("() => window.netpipe.focused()") is None
    assert loaded.js("() => window.netpipe.faded()") == []
    assert loaded.js(opacity, "t1") == 0.85
    _click(loaded, "koba")
    assert set(loaded.js("() => window.netpipe.faded()")) == {"okhrana"}
    # The focus follows the filters: without the rivalry and the alliance, Sergo fades too.
    loaded.page.locator("#relations input").nth(0).uncheck()
    loaded.page.locator("#relations input").nth(1).uncheck()
    assert set(loaded.js("() => window.netpipe.faded()")) == {"okhrana", "sergo"}
    loaded.page.keyboard.press("Escape")
    assert loaded.js("() => window.netpipe.focused()") is None
    assert loaded.js("() => window.netpipe.faded()") == []
    assert loaded.page.locator("#details").is_hidden()
    assert loaded.errors == []


def test_nodes_can_be_dragged_and_the_layout_reset(open_page: Any, tmp_path: Path) -> None:
    loaded = open_page(network_html(netpipe.load(VALID), tmp_path / "network.html", every="year"))
    home = loaded.js("() => window.netpipe.network.getPosition('okhrana')")
    scale = loaded.js("() => window.netpipe.network.getScale()")
    start = loaded.js("() => window.netpipe.screenPoint('okhrana')")
    mouse = loaded.page.mouse
    mouse.move(start["x"], start["y"])
    mouse.down()
    for step in range(1, 11):
        mouse.move(start["x"] + 8 * step, start["y"] + 5 * step)
    mouse.up()
    moved = loaded.js("() => window.netpipe.network.getPosition('okhrana')")
    assert moved["x"] - home["x"] == pytest.approx(80 / scale, abs=2 / scale)
    assert moved["y"] - home["y"] == pytest.approx(50 / scale, abs=2 / scale)
    # Leaving and coming back through time keeps the new place.
    loaded.js("() => window.netpipe.setPosition(window.netpipe.data.dates.length)")
    assert "okhrana" not in loaded.node_ids()
    loaded.js("() => window.netpipe.setPosition(0)")
    assert loaded.js("() => window.netpipe.network.getPosition('okhrana')") == moved
    loaded.page.click("#reset-layout")
    assert loaded.js("() => window.netpipe.network.getPosition('okhrana')") == home
    assert loaded.errors == []


def test_filters_by_group_kind_source_and_isolated(open_page: Any, tmp_path: Path) -> None:
    folder = random_dataset(tmp_path / "data")
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    for n, row in enumerate(rows[1:]):
        row[-1] = ["Deutscher 1949", "Ulam 2007", ""][n % 3]
    write_csv(folder / "edges.csv", rows)
    graph = netpipe.load(folder)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    everyone = {n for n in graph.nodes}
    loaded.page.locator("#groups input[value=g1]").uncheck()
    kept = {n for n in everyone if graph.nodes[n]["group"] != "g1"}
    assert loaded.node_ids() == kept
    assert loaded.edge_ids() == {k for a, b, k in graph.edges(keys=True) if a in kept and b in kept}
    loaded.page.locator("#groups input[value=g1]").check()
    loaded.page.locator("#kinds input[value=organization]").uncheck()
    assert loaded.node_ids() == {n for n in everyone if graph.nodes[n]["kind"] == "person"}
    loaded.page.locator("#kinds input[value=organization]").check()
    options = loaded.js("() => [...document.querySelectorAll('#source option')].map(o => o.value)")
    assert options == ["", "Deutscher 1949", "Ulam 2007", "(no citation)"]
    loaded.page.select_option("#source", "Ulam 2007")
    ulam = {k for a, b, k, c in graph.edges(keys=True, data="citation") if c == "Ulam 2007"}
    assert loaded.edge_ids() == ulam and loaded.node_ids() == everyone
    loaded.page.check("#hide-isolated")
    ends = {n for a, b, k in graph.edges(keys=True) if k in ulam for n in (a, b)}
    assert loaded.node_ids() == ends and loaded.counts() == (len(ends), len(ulam))
    loaded.page.select_option("#source", "(no citation)")
    unsourced = {k for a, b, k, c in graph.edges(keys=True, data="citation") if not c}
    assert loaded.edge_ids() == unsourced
    loaded.page.click("#relations-none")
    assert loaded.counts() == (0, 0)
    loaded.page.uncheck("#hide-isolated")
    assert loaded.node_ids() == everyone
    assert loaded.errors == []


def test_the_details_list_ties_in_date_order_and_rival_readings_side_by_side(
    open_page: Any, tmp_path: Path
) -> None:
    folder = dataset(
        tmp_path / "d",
        [
            ["sergo", "Sergo", "person", "", "1886", "1937", "", "", ""],
            ["koba", "Koba", "person", "", "1878", "1953", "", "", ""],
            ["okhrana", "Okhrana", "organization", "", "1881", "1917", "", "", ""],
        ],
        [],
    )
    write_csv(
        folder / "edges.csv",
        [
            ["id", "source", "target", "relation", "start", "end", "certainty", "citation", "note", "claim"],
            ["t1", "sergo", "koba", "ally", "1907", "", "", "Deutscher 1949", "met in Baku", ""],
            ["t2", "sergo", "okhrana", "arrested-by", "1912-04", "", "", "Montefiore 2003", "", "arrest"],
            [
                "t3",
                "sergo",
                "okhrana",
                "arrested-by",
                "1911-09",
                "",
                "probable",
                "Ulam 2007",
                "earlier",
                "arrest",
            ],
            ["t4", "koba", "sergo", "rival", "1936", "", "probable", "Khlevniuk 1995", "", ""],
        ],
    )
    loaded = open_page(network_html(netpipe.load(folder), tmp_path / "n.html"))
    _click(loaded, "sergo")
    ties = loaded.js("() => [...document.querySelectorAll('#ties li')].map(li => li.innerText)")
    assert ties == [
        "Sergo ally Koba\n1907 \u2013 ? \u00b7 certain \u00b7 Deutscher 1949",
        "Sergo arrested-by Okhrana\n1911-09 \u2013 ? \u00b7 probable \u00b7 Ulam 2007",
        "Sergo arrested-by Okhrana\n1912-04 \u2013 ? \u00b7 certain \u00b7 Montefiore 2003",
        "Sergo rival Koba\n1936 \u2013 ? \u00b7 probable \u00b7 Khlevniuk 1995",
    ]
    rows = loaded.js(
        "() => [...document.querySelectorAll('#details table.rivals tr')]"
        ".map(tr => [...tr.children].map(c => c.textContent))"
    )
    assert rows == [
        ["claim arrest", "reading 1", "reading 2"],
        ["tie", "Sergo arrested-by Okhrana", "Sergo arrested-by Okhrana"],
        ["dates", "1912-04 \u2013 ?", "1911-09 \u2013 ?"],
        ["certainty", "certain", "probable"],
        ["source", "Montefiore 2003", "Ulam 2007"],
        ["note", "", "earlier"],
    ]
    # From the other side, the tie reads the other way.
    _click(loaded, "koba")
    assert loaded.js("() => document.querySelector('#ties li div').textContent") == "Koba ally Sergo"
    assert loaded.js("() => document.querySelectorAll('#details table.rivals').length") == 0
    assert loaded.errors == []


def test_the_title_and_description_come_from_the_dataset(open_page: Any, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    for name in ("nodes.csv", "edges.csv"):
        (folder / name).write_bytes((VALID / name).read_bytes())
    (folder / "README.md").write_text("# Letters of the Tiflis committee\n", encoding="utf-8")
    loaded = open_page(network_html(netpipe.load(folder), tmp_path / "a.html"))
    assert loaded.page.title() == loaded.page.inner_text("#title") == "Letters of the Tiflis committee"
    assert loaded.page.locator("#description").is_hidden()
    package = {"title": "Letters, 1905-1912", "description": "Who wrote to whom, from the police files."}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    loaded = open_page(network_html(netpipe.load(folder), tmp_path / "b.html"))
    assert loaded.page.inner_text("#title") == "Letters, 1905-1912"
    assert loaded.page.inner_text("#description") == "Who wrote to whom, from the police files."


def test_the_tie_budget_keeps_the_strongest_and_the_slider_exact(open_page: Any, tmp_path: Path) -> None:
    from netpipe.outputs.drawing.drawn import drawn_part

    graph = netpipe.load(random_dataset(tmp_path / "data"))
    sizes = pd.Series({f"p{i}": float(i % 9) for i in range(40)}, name="score")
    rows = {k: n for n, k in enumerate(netpipe.read_tables(tmp_path / "data").edges.index)}
    kept = sorted(sizes.index, key=lambda node: (-sizes[node], node))[:15]
    among = [(a, b, k) for a, b, k in graph.edges(keys=True) if a in kept and b in kept]
    strongest = sorted(among, key=lambda e: (-(sizes[e[0]] + sizes[e[1]]), rows[e[2]]))[:12]
    assert len(among) > 12
    dates = timeline(graph, every="5y")
    out = network_html(graph, tmp_path / "n.html", sizes=sizes, max_nodes=15, max_edges=12, dates=dates)
    loaded = open_page(out)
    assert loaded.edge_ids() == {k for _, _, k in strongest}
    part = drawn_part(graph, sizes, 15, 12).part
    for position, date in enumerate(dates, start=1):
        loaded.js("i => window.netpipe.setPosition(i)", position)
        view = snapshot(part, date)
        assert loaded.node_ids() == set(view.nodes.index), date
        assert loaded.edge_ids() == set(view.edges.index), date
    assert loaded.page.inner_text("#omitted") == (
        "Showing the 15 largest of 40 nodes (by score) and the 12 strongest of their ties (by weight, "
        f"then the size of the people they join). Left out: 25 nodes and {graph.number_of_edges() - 12} ties."
    )


@pytest.mark.parametrize(
    ("nodes", "ties"),
    [
        ([["solo", "Solo", "person", "", "", "", "", "", ""]], []),
        (
            [
                ["a", "Anna", "person", "", "", "", "Reds", "", ""],
                ["b", "Boris", "organization", "", "", "", "", "", ""],
                ["c", "Clara", "person", "", "", "", "Reds", "", ""],
            ],
            [["t1", "a", "b", "ally", "", "", "", ""]],
        ),
    ],
    ids=["one node, no ties", "undated"],
)
def test_small_and_undated_networks_work_the_same(
    open_page: Any, tmp_path: Path, nodes: list[list[str]], ties: list[list[str]]
) -> None:
    graph = netpipe.load(dataset(tmp_path / "d", nodes, ties))
    loaded = open_page(network_html(graph, tmp_path / "n.html"))
    assert {b["id"] for b in loaded.js("() => window.netpipe.labels()")} == set(graph.nodes)
    first = nodes[0][0]
    _click(loaded, first)
    assert loaded.js("() => window.netpipe.focused()") == first
    neighbours = set(graph.successors(first)) | set(graph.predecessors(first))
    assert set(loaded.js("() => window.netpipe.faded()")) == set(graph.nodes) - neighbours - {first}
    assert loaded.js("() => document.querySelector('#details h3').textContent") == f"Ties shown ({len(ties)})"
    loaded.page.check("#hide-isolated")
    assert loaded.node_ids() == {n for t in ties for n in t[1:3]}
    assert loaded.page.locator("#details").is_hidden() == (not ties)
    assert loaded.errors == []


def _group_counts(loaded: Loaded) -> dict[str, int]:
    """The count beside each group in the side panel."""
    rows = loaded.js(
        "() => Array.from(document.querySelectorAll('#groups li')).map(li => "
        "[li.querySelector('.name').textContent, li.querySelector('.count').textContent])"
    )
    return {name: int(count.replace(",", "")) for name, count in rows}


def _snapshot_groups(view: Any, groups: list[str]) -> dict[str, int]:
    """How many present people each group has in a snapshot, computed from the graph."""
    present = [view.nodes[n].get("group") or "(no group)" for n in view.nodes]
    return {name: present.count(name) for name in groups}


def test_the_slider_and_the_date_box_agree(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(VALID)
    dates = timeline(graph)
    assert dates == ["1907", "1912-04", "1912-05", "1918", "1930", "1932", "1936"]
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    slider, box = loaded.page.locator("#time-slider"), loaded.page.locator("#day")
    slider.fill("2")  # dragging the slider writes its date in the box
    assert (box.input_value(), loaded.page.inner_text("#date-label")) == ("1912-04", "1912-04")
    box.fill("1931-06-01")  # typing a date moves the thumb to the stop in force that day
    box.press("Enter")
    assert slider.input_value() == str(dates.index("1930") + 1)
    assert loaded.page.inner_text("#date-label") == "1931-06-01"
    view = snapshot(graph, "1931-06-01")
    assert loaded.counts() == (view.number_of_nodes(), view.number_of_edges()) == (3, 2)
    box.fill("1850")  # before every stop: the thumb goes to the first
    box.press("Enter")
    assert (slider.input_value(), loaded.page.inner_text("#date-label")) == ("1", "1850")
    slider.focus()
    loaded.page.keyboard.press("End")  # moved by hand again: the box follows
    assert (box.input_value(), loaded.page.inner_text("#date-label")) == ("1936", "1936")
    slider.fill("0")
    assert (box.input_value(), loaded.page.inner_text("#date-label")) == ("", "all time")
    assert loaded.errors == []


def test_the_date_box_reads_every_form_the_data_may_hold(open_page: Any, tmp_path: Path) -> None:
    rome = netpipe.load("tests/data/era-rome")
    loaded = open_page(network_html(rome, tmp_path / "rome.html"))
    box = loaded.page.locator("#day")
    for typed in ("-0044", "-0043-03", "-0043-03-15~", "-004X", "-0052?", "-0050/-0048", "-0048-XX"):
        box.fill(typed)
        box.press("Enter")
        view = snapshot(rome, typed)
        assert loaded.page.inner_text("#date-label") == typed
        assert loaded.counts() == (view.number_of_nodes(), view.number_of_edges()), typed
        assert loaded.node_ids() == set(view.nodes), typed
        assert loaded.page.locator("#day-error").is_hidden()
    messages = {
        "1932-13": "\u201c1932-13\u201d is not a real date: there is no month 13.",
        "1932-02-30": "\u201c1932-02-30\u201d is not a real date: 1932-02 has 29 days.",
        "-0043-02-29": "\u201c-0043-02-29\u201d is not a real date: -0043-02 has 28 days.",
        "1907/1903": "\u201c1907/1903\u201d is not a date range: it ends before it starts.",
        "%-0047": "\u201c%-0047\u201d is not a date: write a year, month or day: 1932, "
        "1932-09, 1932-09-22, -0043 (44 BC), 193X, 1932-XX, 1932~ or 1903/1907.",
        "15 March 44 BC": "\u201c15 March 44 BC\u201d is not a date: write a year, month or day: 1932, "
        "1932-09, 1932-09-22, -0043 (44 BC), 193X, 1932-XX, 1932~ or 1903/1907.",
    }
    for typed, message in messages.items():
        box.fill(typed)
        box.press("Enter")
        assert loaded.page.inner_text("#day-error") == message
        assert loaded.page.inner_text("#date-label") == "-0048-XX"  # not a date: nothing changes
    loaded.page.locator("#time-slider").fill("1")
    assert loaded.page.locator("#day-error").is_hidden()
    assert loaded.errors == [] and loaded.dialogs == []


def test_slider_labels_are_at_the_data_precision(open_page: Any, tmp_path: Path) -> None:
    folder = dataset(
        tmp_path / "years",
        [["a", "A", "person", "", "", "", "Reds", "", ""], ["b", "B", "person", "", "", "", "Whites", "", ""],
         ["c", "C", "person", "", "1890", "1930", "Reds", "", ""]],
        [["t1", "a", "b", "ally", "1903", "1907", "", ""], ["t2", "b", "c", "rival", "1905", "1920", "", ""],
         ["t3", "a", "c", "ally", "1914-07", "1914-08", "", ""]],
    )  # fmt: skip
    graph = netpipe.load(folder)
    assert timeline(graph) == ["1903", "1905", "1908", "1914-07", "1914-09"]
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    labels = [stop["label"] for stop in loaded.js("() => window.netpipe.data.dates")]
    assert labels == timeline(graph)
    slider = loaded.page.locator("#time-slider")
    for position, label in enumerate(labels, start=1):
        slider.fill(str(position))
        view = snapshot(graph, label)
        assert loaded.page.inner_text("#date-label") == label
        assert loaded.counts() == (view.number_of_nodes(), view.number_of_edges()), label


def test_the_group_counts_follow_the_date(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(random_dataset(tmp_path / "data"))
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    groups = list(_group_counts(loaded))
    assert _group_counts(loaded) == _snapshot_groups(graph, groups)  # all time: everyone
    slider = loaded.page.locator("#time-slider")
    stops = loaded.js("() => window.netpipe.data.dates.map(stop => stop.label)")
    for position in (1, len(stops) // 2, len(stops)):
        slider.fill(str(position))
        assert _group_counts(loaded) == _snapshot_groups(snapshot(graph, stops[position - 1]), groups)
    box = loaded.page.locator("#day")
    box.fill("1890")
    box.press("Enter")
    assert _group_counts(loaded) == _snapshot_groups(snapshot(graph, "1890"), groups)
