"""Chains in time on the network page, in a real browser (Debian's chromium, offline), held
equal to ``netpipe.reach`` on the network the page draws: every person, both directions,
the slider's dates, the filters, hand-built graphs and random dated datasets."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser
from test_html import Loaded, random_dataset
from test_reach import reach_datasets, write

import netpipe
from conftest import MakeNetwork, examples
from netpipe.io.dates import format_day
from netpipe.io.errors import NotFound
from netpipe.model.selection import restrict, select, snapshot, timeline
from netpipe.outputs.drawing.drawn import drawn_part
from netpipe.outputs.render.html import network_html, network_page

BUNDLED = Path("data")
SERGO = "ordzhonikidze"
#: A neutral undirected event, and a directed relation that declares no flow.
MET = {"relation": "met", "directed": "false", "sign": "0", "kind": "event", "flow": "false"}
PARENT = {"relation": "parent-of", "directed": "true", "sign": "0", "kind": "state", "flow": "false"}


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    """Open pages offline; close them after the test."""
    pages: list[Loaded] = []

    def opener(path: Path) -> Loaded:
        pages.append(Loaded(browser, path))
        return pages[-1]

    yield opener
    for loaded in pages:
        loaded.close()


def expected(graph: Any, source: str, **options: Any) -> list[dict[str, Any]] | str:
    """What ``reach`` reports, as the page reports it (ids as text); "none" where it finds no chain."""
    try:
        table = reach_table(graph, source, **options)
    except NotFound:
        return "none"
    return table


def reach_table(graph: Any, source: str, **options: Any) -> list[dict[str, Any]]:
    table = netpipe.reach(graph, source, **options)
    return [
        {
            "node": str(row.node),
            "arrival": row.arrival,
            "steps": int(row.steps),
            "via": str(row.via),
            "ties": row.ties,
            "uncertain": bool(row.uncertain),
        }
        for row in table.itertuples()
    ]


def followed(loaded: Loaded, queries: list[tuple[str, str, bool, str | None]]) -> list[Any]:
    """The page's chains for each (person, direction, hostile, end); "none" where it finds none."""
    found = loaded.js(
        "qs => qs.map(q => window.netpipe.followChains(q[0], q[1], q[2], q[3]))", [list(q) for q in queries]
    )
    return ["none" if isinstance(f, dict) else f for f in found]


def assert_page_follows_reach(
    loaded: Loaded, graph: Any, ends: list[str | None], hostile: tuple[bool, ...] = (False, True)
) -> None:
    """For every drawn person, both directions, each end and hostile choice: the page's chains
    equal ``reach`` on ``graph`` (the network the page draws, as its filters keep it)."""
    people = loaded.js("() => window.netpipe.data.nodes.map(n => n.id)")
    queries = [
        (person, direction, walk, end)
        for person in people
        for direction in ("forward", "backward")
        for walk in hostile
        for end in ends
    ]
    wanted = [
        expected(graph, person, end=end, direction=direction, hostile=walk)
        for person, direction, walk, end in queries
    ]
    assert followed(loaded, queries) == wanted


def stop_index(loaded: Loaded, label: str) -> int:
    """The slider position of the stop labelled ``label``."""
    labels = loaded.js("() => window.netpipe.data.dates.map(d => d.label)")
    return int(labels.index(label)) + 1


def test_sergo_by_september_1936_on_the_bundled_data(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(BUNDLED)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    loaded.page.fill("#search", "Sergo Ordzhonikidze")
    loaded.page.press("#search", "Enter")
    assert loaded.js("() => window.netpipe.focused()") == SERGO
    loaded.page.locator("#time-slider").fill(str(stop_index(loaded, "1936-09")))
    neighbours_faded = set(loaded.js("() => window.netpipe.faded()"))
    assert loaded.js("() => window.netpipe.chains()") is None  # off until asked
    loaded.page.select_option("#chains", "forward")

    reached = reach_table(graph, SERGO, end="1936-09")  # the stop's span is the whole month
    assert loaded.js("() => window.netpipe.chains()") == reached
    shown = set(snapshot(graph, "1936-09").nodes)
    assert loaded.node_ids() == shown
    ringed = {row["node"] for row in reached} - {SERGO}
    assert set(loaded.js("() => window.netpipe.marked()")) == ringed & shown
    assert set(loaded.js("() => window.netpipe.faded()")) == shown - ringed - {SERGO}
    loaded.js("() => window.netpipe.network.redraw()")
    assert set(loaded.js("() => window.netpipe.rings()")) == ringed & shown
    assert "vyshinsky" in ringed and "shaumyan" in ringed - shown  # reached in 1907; Shaumyan shot in 1918
    details = loaded.page.locator("#details")
    assert details.locator("h3").nth(0).inner_text() == f"Could reach by 1936-09-30 ({len(reached) - 1})"
    items = details.locator("#chain-list li")
    assert items.count() == len(reached) - 1
    texts = [items.nth(k).inner_text() for k in range(items.count())]
    assert "Nikolai Bukharin\nreached 1936-09-12 via Yuri Piatakov, 2 steps (uncertain)" in texts
    assert "Roman Malinovsky\nreached 1912-04-20 directly \u00b7 not drawn at this date" in texts
    assert "Stepan Shaumyan\nreached 1907-01-01 directly (uncertain) \u00b7 not drawn at this date" in texts

    # Who could have reached him by then; and at all time.
    loaded.page.select_option("#chains", "backward")
    assert loaded.js("() => window.netpipe.chains()") == reach_table(
        graph, SERGO, end="1936-09", direction="backward"
    )
    assert details.locator("h3").nth(0).inner_text().startswith("Could have reached them by 1936-09-30 (")
    loaded.js("() => window.netpipe.setPosition(0)")
    ever = reach_table(graph, SERGO, direction="backward")
    assert loaded.js("() => window.netpipe.chains()") == ever
    assert details.locator("h3").nth(0).inner_text() == f"Could ever have reached them ({len(ever) - 1})"
    loaded.page.check("#chains-hostile")
    assert loaded.js("() => window.netpipe.chains()") == reach_table(
        graph, SERGO, direction="backward", hostile=True
    )

    # Off again: the focus as before, no ring, no list.
    loaded.page.uncheck("#chains-hostile")
    loaded.page.locator("#time-slider").fill(str(stop_index(loaded, "1936-09")))
    loaded.page.select_option("#chains", "")
    assert loaded.js("() => window.netpipe.chains()") is None
    assert set(loaded.js("() => window.netpipe.faded()")) == neighbours_faded
    loaded.js("() => window.netpipe.network.redraw()")
    assert loaded.js("() => window.netpipe.rings()") == []
    assert details.locator("#chain-list").count() == 0
    assert loaded.errors == []


def test_every_person_of_the_bundled_data_as_reach(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(BUNDLED)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    assert_page_follows_reach(loaded, graph, [None, "1912-04-21", "1936-09", "1937-02-18"], (False,))
    assert_page_follows_reach(loaded, graph, [None, "1936"], (True,))
    assert loaded.errors == []


def test_a_typed_date_ends_the_chains_on_its_last_day(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(BUNDLED)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    loaded.page.fill("#search", "Sergo Ordzhonikidze")
    loaded.page.press("#search", "Enter")
    loaded.page.select_option("#chains", "forward")
    loaded.page.fill("#day", "1936-09-11")
    loaded.page.press("#day", "Enter")
    by_eleventh = reach_table(graph, SERGO, end="1936-09-11")
    assert loaded.js("() => window.netpipe.chains()") == by_eleventh
    assert {"bukharin", "yezhov"} - {row["node"] for row in by_eleventh} == {"bukharin", "yezhov"}
    assert (
        loaded.page.locator("#details h3").nth(0).inner_text()
        == f"Could reach by 1936-09-11 ({len(by_eleventh) - 1})"
    )


def hand_built() -> nx.MultiDiGraph:
    """A graph built by hand: chains that exist statically but not in time, events, hostility."""
    graph = nx.MultiDiGraph()
    graph.add_node("a", name="Anna", start="1900")
    ally = {"relation": "ally"}
    met = {key: value for key, value in MET.items() if key != "flow"} | {"directed": False, "sign": 0}
    graph.add_edge("a", "b", key="t1", **ally, start="1920", end="1925")
    graph.add_edge("b", "c", key="t2", **ally, start="1910", end="1915")  # over before b knows
    graph.add_edge("a", "e", key="t3", **ally, start="1930")
    graph.add_edge("e", "f", key="t4", **met, start="1925-05-01")  # an event before e knows
    graph.add_edge("e", "g", key="t5", **met, start="1931-05-01")  # one after
    graph.add_edge("e", "h", key="t6", **ally, start="1900", end="1940")  # a state: it waits
    graph.add_edge("a", "x", key="t7", relation="rival", start="1901")  # hostile
    graph.add_edge("x", "y", key="t8", **ally, start="1902")
    graph.add_edge("e", "e", key="t9", **ally, start="1899")  # a loop carries nothing
    return graph


def test_a_hand_built_graph_static_chains_events_and_hostile_ties(open_page: Any, tmp_path: Path) -> None:
    graph = hand_built()
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    point = loaded.js("id => window.netpipe.screenPoint(id)", "a")
    loaded.page.mouse.click(point["x"], point["y"])
    assert loaded.js("() => window.netpipe.focused()") == "a"
    loaded.page.select_option("#chains", "forward")
    assert loaded.js("() => window.netpipe.chains()") == reach_table(graph, "a")
    # c only by a chain that runs back in time, f only by an event over before e knew; x, y by a rivalry.
    assert set(loaded.js("() => window.netpipe.marked()")) == {"b", "e", "g", "h"}
    assert set(loaded.js("() => window.netpipe.faded()")) == {"c", "f", "x", "y"}
    rows = {row["node"]: row for row in loaded.js("() => window.netpipe.chains()")}
    assert rows["g"]["arrival"] == "1931-05-01" and rows["h"]["arrival"] == "1930-01-01"
    # The tooltip says how a ringed person was reached.
    point = loaded.js("id => window.netpipe.screenPoint(id)", "g")
    loaded.page.mouse.move(point["x"], point["y"])
    loaded.page.wait_for_selector("#tooltip:not([hidden])")
    # Uncertain: e was reached on 1930-01-01, and an alliance "from 1930" surely held only from 1930-12-31.
    assert loaded.page.inner_text("#tooltip") == "g\nreached 1931-05-01 via e, 2 steps (uncertain)"
    # Through the rivalry when asked.
    loaded.page.check("#chains-hostile")
    assert set(loaded.js("() => window.netpipe.marked()")) == {"b", "e", "g", "h", "x", "y"}
    assert loaded.js("() => window.netpipe.chains()") == reach_table(graph, "a", hostile=True)
    # Backward: c could reach Anna (b knew by 1915 and told her from 1920); f's meeting was no use.
    loaded.page.uncheck("#chains-hostile")
    loaded.page.select_option("#chains", "backward")
    assert set(loaded.js("() => window.netpipe.marked()")) == {"b", "c", "e", "f", "g", "h"}
    assert loaded.js("() => window.netpipe.chains()") == reach_table(graph, "a", direction="backward")
    assert loaded.errors == []


def test_no_chain_from_an_undated_person(open_page: Any, tmp_path: Path) -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", id="t1", relation="ally")  # no date anywhere
    graph.add_edge("c", "d", id="t2", relation="ally", start="1920")
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    loaded.page.select_option("#chains", "forward")
    loaded.page.fill("#search", "a")
    loaded.page.press("#search", "Enter")
    with pytest.raises(NotFound, match="undated"):
        netpipe.reach(graph, "a")
    assert loaded.js("() => window.netpipe.chains()") == {
        "error": "undated: no dated evidence places them in time, so no chain in time starts from them"
    }
    assert loaded.page.locator("#details p").last.inner_text() == (
        "No chain in time: a is undated: no dated evidence places them in time, so no chain in time starts from them."
    )
    assert loaded.js("() => window.netpipe.marked()") == []
    assert set(loaded.js("() => window.netpipe.faded()")) == {
        "c",
        "d",
    }  # the focus on a's ties, as without chains
    assert followed(loaded, [("c", "forward", False, None)]) == [reach_table(graph, "c")]
    assert loaded.errors == []


def test_flows_of_directed_relations(open_page: Any, tmp_path: Path, make_network: MakeNetwork) -> None:
    folder = make_network(
        [{"id": p} for p in "abcde"],
        [
            {"source": "a", "target": "b", "relation": "deputy-of", "start": "1900"},  # a -> b
            {"source": "c", "target": "a", "relation": "deputy-of", "start": "1901"},  # c -> a
            {"source": "a", "target": "d", "relation": "parent-of", "start": "1902"},  # no flow
            {"source": "e", "target": "a", "relation": "met", "start": "1903-02-03"},
        ],
        [
            {"relation": "deputy-of", "directed": "true", "sign": "1", "kind": "state", "flow": "true"},
            PARENT,
            MET,
        ],
    )
    graph = netpipe.load(folder)
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    assert followed(loaded, [("a", "forward", False, None), ("a", "backward", False, None)]) == [
        reach_table(graph, "a"),
        reach_table(graph, "a", direction="backward"),
    ]
    assert [row["node"] for row in reach_table(graph, "a")] == ["a", "b", "e"]
    # c's tie to a lasts: c could set out at any time (open), so comes first, before e's meeting.
    assert [row["node"] for row in reach_table(graph, "a", direction="backward")] == ["a", "c", "e"]


def test_the_filters_choose_the_ties_the_chains_use(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(random_dataset(tmp_path / "data", n=30, m=90, seed=5))
    loaded = open_page(network_html(graph, tmp_path / "network.html"))
    people = [str(p) for p in graph.nodes]
    queries = [(p, d, False, e) for p in people for d in ("forward", "backward") for e in (None, "1920")]

    def wanted(network: Any) -> list[Any]:
        return [expected(network, p, direction=d, end=e) for p, d, _, e in queries]

    loaded.page.select_option("#certainty", "1")  # certain and probable
    assert followed(loaded, queries) == wanted(select(graph, certainty="probable"))
    loaded.page.locator("#relations input[data-relation=ally]").uncheck()
    kept = select(graph, relations=["rival", "arrested-by", "deputy-of"], certainty="probable")
    assert followed(loaded, queries) == wanted(kept)
    loaded.page.select_option("#certainty", "3")
    loaded.page.locator("#relations input[data-relation=ally]").check()
    loaded.page.locator("#groups input[value=g1]").uncheck()
    others = [p for p in people if graph.nodes[p]["group"] != "g1"]
    found = followed(loaded, [q for q in queries if q[0] in others])
    assert found == [
        expected(restrict(graph, others), p, direction=d, end=e) for p, d, _, e in queries if p in others
    ]
    assert loaded.errors == []


def test_a_cut_page_follows_the_network_it_draws(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(random_dataset(tmp_path / "data", n=40, m=150, seed=3))
    loaded = open_page(network_html(graph, tmp_path / "network.html", max_nodes=25, max_edges=40))
    assert loaded.page.locator("#chains-cut").is_visible()
    part = drawn_part(graph, None, 25, 40).part
    assert_page_follows_reach(loaded, part, [None, "1910", "1936-06-15"])
    uncut = open_page(network_html(graph, tmp_path / "whole.html"))
    assert uncut.page.locator("#chains-cut").is_hidden()
    assert loaded.errors == [] and uncut.errors == []


@st.composite
def page_cases(draw: st.DrawFn) -> dict:
    """A random dated dataset (the reach oracle's) and a few ends: open, and dates near its era."""
    data = draw(reach_datasets())
    base = data["base"]
    years = st.integers(max(-9999, base - 1), min(9999, base + 7))
    ends = [None] + [
        f"{'-' if y < 0 else ''}{abs(y):04d}" for y in draw(st.lists(years, min_size=1, max_size=3))
    ]
    return {"data": data, "ends": ends}


@settings(
    max_examples=examples(default=25, long=200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(page_cases())
def test_random_dated_datasets_as_reach(browser: Browser, case: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), case["data"])
        graph = netpipe.load(folder)
        loaded = Loaded(browser, network_html(graph, Path(folder) / "network.html"))
        try:
            assert_page_follows_reach(loaded, graph, case["ends"])
            assert loaded.errors == []
        finally:
            loaded.close()


def test_the_chains_follow_the_slider(open_page: Any, tmp_path: Path) -> None:
    graph = netpipe.load(random_dataset(tmp_path / "data", n=25, m=70, seed=11))
    dates = timeline(graph, every="5y")
    loaded = open_page(network_html(graph, tmp_path / "network.html", dates=dates))
    stops = loaded.js("() => window.netpipe.data.dates")
    loaded.page.select_option("#chains", "backward")
    compared = 0
    for person in ["p1", "p2", "p3"]:
        for position, stop in enumerate(stops, start=1):
            loaded.js("i => window.netpipe.setPosition(i)", position)  # the focus stays while present
            if person not in loaded.node_ids():
                continue
            if loaded.js("() => window.netpipe.focused()") != person:
                loaded.page.fill("#search", graph.nodes[person]["name"])
                loaded.page.press("#search", "Enter")
            wanted = reach_table(graph, person, end=format_day(stop["hi"]), direction="backward")
            assert loaded.js("() => window.netpipe.chains()") == wanted
            assert (
                set(loaded.js("() => window.netpipe.marked()"))
                == {row["node"] for row in wanted[1:]} & loaded.node_ids()
            )
            compared += 1
    assert compared >= 10
    assert loaded.errors == []


def test_the_page_is_the_same_bytes_and_carries_the_chain_rules() -> None:
    assert network_page(netpipe.load(BUNDLED)) == network_page(netpipe.load(BUNDLED))
    page = network_page(netpipe.load("tests/data/valid"))
    data = json.loads(
        page.split('<script type="application/json" id="netpipe-data">')[1].split("</script>")[0]
    )
    assert [e["id"] for e in data["edges"]] == ["t1", "t2", "t4", "t3"]
    rules = data["chains"]
    # ally both ways; an arrest, hostile and without flow; a probable rivalry; an alleged deputy, 1930~.
    assert (rules["way"], rules["hostile"], rules["unsure"]) == ([2, 0, 2, 1], [0, 1, 1, 0], [0, 0, 1, 1])
    days = [format_day(d) if d is not None else None for d in rules["sureLo"][:3] + rules["sureHi"][:3]]
    # Surely held: the alliance 1907-1937-02 from the last day of 1907 to the first of February
    # 1937; an arrest in April 1912 on no one day surely; the rivalry from the end of 1936.
    assert days == ["1907-12-31", "1912-04-30", "1936-12-31", "1937-02-01", "1912-04-01", None]
