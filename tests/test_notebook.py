"""netpipe in a notebook: the page inline (``netpipe.show``), results as HTML, pyvis, the example notebook."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import pyvis.network
from playwright.sync_api import Browser
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.result_html import SHOWN_ROWS
from netpipe.model.network import Network

VALID = Path("tests/data/valid")
BUNDLED = Path("data")
EXAMPLE = Path("examples/netpipe.ipynb")


class _Elements(HTMLParser):
    """The start tags of a piece of HTML with their attributes (values unescaped), and its text."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def test_show_gives_the_page_netpipe_render_writes(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(VALID), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / "network.html").read_text(encoding="utf-8")
    assert netpipe.show(netpipe.load(VALID)).html == written
    assert netpipe.show(Network.read(VALID)).html == written  # a selection: the same page
    saved = netpipe.show(netpipe.load(VALID)).save(tmp_path / "saved.html")
    assert saved == tmp_path / "saved.html"
    assert saved.read_text(encoding="utf-8") == written


def test_the_inline_page_is_one_escaped_frame_that_fetches_nothing(make_network) -> None:
    hostile = "<script>alert(\"x\")</script> & 'quotes'"
    folder = make_network(
        [{"id": "a", "name": hostile}, {"id": "b", "name": "B"}],
        [{"source": "a", "target": "b", "relation": "ally", "start": "1914"}],
    )
    page = netpipe.show(netpipe.load(folder), height=480)
    markup = page._repr_html_()
    parsed = _Elements(markup)
    assert [tag for tag, _ in parsed.tags] == ["iframe"]  # nothing else: no script, no link, no src
    attributes = parsed.tags[0][1]
    assert attributes["srcdoc"] == page.html  # the whole page, unescaped by the browser as it was
    assert attributes["sandbox"] == "allow-scripts"  # the page runs, but cannot reach the notebook
    assert attributes["style"] == "width:100%;height:480px;border:1px solid #ddd"
    assert "src" not in attributes
    assert "<script" not in markup and hostile not in markup  # escaped once more in the attribute
    assert hostile not in page.html  # and in the page, as ever, only as escaped JSON


def test_show_takes_views_and_graphs_built_by_hand() -> None:
    G = netpipe.load(BUNDLED)
    day = netpipe.show(netpipe.snapshot(G, "1937-02-18"), size_by="pagerank", title="18 February 1937")
    assert '"title":"18 February 1937"' in day.html
    assert '"sizeLabel":"pagerank"' in day.html
    assert '"total":{"nodes":55,"edges":126}' in day.html  # the snapshot's counts (as the README's)
    karate = netpipe.show(nx.karate_club_graph())
    assert '"total":{"nodes":34,"edges":78}' in karate.html


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"size_by": "fame"}, '"fame" is not a measure: use degree, in_degree, out_degree, betweenness, '
         "closeness, eigenvector, pagerank, core"),
        ({"height": 0}, "height must be at least 1 pixel, not 0"),
        ({"max_nodes": 0}, "max_nodes must be at least 1, not 0"),
    ],
)  # fmt: skip
def test_show_refuses_what_it_cannot_draw(options: dict[str, object], message: str) -> None:
    with pytest.raises(netpipe.ArgumentError) as raised:
        netpipe.show(netpipe.load(VALID), **options)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_pyvis_from_nx_takes_a_loaded_graph_and_its_page_draws_it(tmp_path: Path, browser: Browser) -> None:
    G = netpipe.load(BUNDLED)
    view = pyvis.network.Network(notebook=True, cdn_resources="in_line", directed=True)
    view.from_nx(G)
    assert len(view.nodes) == G.number_of_nodes() == 89
    assert len(view.edges) == G.number_of_edges() == 328
    by_id = {edge["id"]: edge for edge in view.edges}
    friends = by_id["e007"]  # Sergo and Stalin's friendship: undirected
    assert (friends["from"], friends["to"], friends["relation"], friends["mutual"]) == (
        "ordzhonikidze", "stalin", "friend", True,
    )  # fmt: skip
    arrest = by_id["e037"]  # Sergo arrested by the Okhrana: directed
    assert (arrest["from"], arrest["to"], arrest["relation"], arrest["mutual"]) == (
        "ordzhonikidze", "okhrana", "arrested-by", False,
    )  # fmt: skip
    path = tmp_path / "pyvis.html"
    path.write_text(view.generate_html(notebook=True), encoding="utf-8")
    page = browser.new_page()
    url = path.resolve().as_uri()
    # Offline: pyvis's own template asks a CDN for bootstrap's styles even with its scripts inline.
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    try:
        page.goto(url)
        page.wait_for_function("() => typeof network !== 'undefined'", timeout=30_000)
        assert page.evaluate("() => [nodes.length, edges.length]") == [89, 328]
        assert page.evaluate("() => network.getConnectedNodes('okhrana').includes('ordzhonikidze')")
    finally:
        page.close()


def test_pyvis_draws_a_loaded_graph_as_netpipe_draws_it_through_pyvis_graph() -> None:
    G = netpipe.load(BUNDLED)
    before = copy.deepcopy(list(G.edges(keys=True, data=True))), copy.deepcopy(list(G.nodes(data=True)))
    view = pyvis.network.Network(notebook=True, cdn_resources="in_line", directed=True)
    view.from_nx(netpipe.pyvis_graph(G))
    assert (list(G.edges(keys=True, data=True)), list(G.nodes(data=True))) == before  # G is untouched
    assert len(view.nodes) == G.number_of_nodes() == 89
    assert len(view.edges) == G.number_of_edges() == 328
    # An arrow exactly where the tie's relation has a direction.
    declared = {
        relation: bool(d["directed"]) for relation, d in netpipe.Network.from_networkx(G).vocabulary.items()
    }
    ties = list(G.edges(data=True))
    arrows = [edge["arrows"] == "to" for edge in view.edges]
    assert arrows == [declared[data["relation"]] for _, _, data in ties]
    assert 0 < sum(arrows) < len(arrows)
    stalin = next(node for node in view.nodes if node["id"] == "stalin")
    assert (stalin["label"], stalin["shape"]) == ("Joseph Stalin", "dot")
    assert stalin["title"].split("\n")[0] == "Joseph Stalin"
    e007 = [edge for edge, (_, _, key) in zip(view.edges, G.edges(keys=True), strict=True) if key == "e007"]
    assert e007[0]["title"] == (
        f"Sergo Ordzhonikidze friend Joseph Stalin, {G.edges['ordzhonikidze', 'stalin', 'e007']['start']} "
        "to 1937-02-18, certain, " + G.edges["ordzhonikidze", "stalin", "e007"]["citation"]
    )
    assert "mutual" not in e007[0]
    assert view.generate_html(notebook=True).count("vis-network") > 0  # pyvis writes its page


def test_pyvis_graph_of_a_graph_built_by_hand() -> None:
    H = nx.MultiDiGraph()
    H.add_node("pompey", name="Pompey", start="-0105", end="-0047")
    H.add_edge("pompey", "caesar", relation="rival", start="-0048", certainty="probable")
    H.add_edge("caesar", "pompey", relation="in-law-of")  # undeclared: directed, as the graph is
    drawn = netpipe.pyvis_graph(H)
    assert sorted(drawn.nodes(data="label")) == [("caesar", "caesar"), ("pompey", "Pompey")]
    assert drawn.nodes["pompey"]["title"] == "Pompey\nperson\n-0105 to -0047"
    rival, in_law = (data for _, _, data in drawn.edges(data=True))
    assert rival["title"] == "Pompey rival caesar, from -0048, probable"
    assert rival["arrows"] == {"to": {"enabled": False}}  # rival is undirected
    assert rival["dashes"] == [8, 4]
    assert in_law["title"] == "caesar in-law-of Pompey, certain"
    assert in_law["arrows"] == "to"
    view = pyvis.network.Network(directed=True)
    view.from_nx(drawn)
    assert [(e["from"], e["to"]) for e in view.edges] == [("pompey", "caesar"), ("caesar", "pompey")]


def _shown(result: object) -> tuple[list[str], list[pd.DataFrame]]:
    """What a result's ``_repr_html_`` says (its texts) and the tables it shows."""
    markup = result._repr_html_()  # type: ignore[attr-defined]
    tables = pd.read_html(io.StringIO(markup)) if "<table" in markup else []
    return _Elements(markup).text, tables


def test_results_show_as_html_in_a_notebook() -> None:
    G = netpipe.load(BUNDLED)
    texts, tables = _shown(netpipe.validate(BUNDLED))
    report = netpipe.validate(BUNDLED)
    assert texts[:2] == ["Validation: the data loads", f"0 error(s), {report.warning_count} warning(s)"]
    assert len(tables[0]) == min(SHOWN_ROWS, len(report.problems))
    assert tables[0]["message"].tolist() == report.problems["message"].head(SHOWN_ROWS).tolist()
    assert texts[-1] == f"… and {len(report.problems) - SHOWN_ROWS} more rows"

    ego = netpipe.ego(G, "Ordzhonikidze")
    texts, tables = _shown(ego)
    assert texts[:3] == [
        "Ego network of Sergo Ordzhonikidze",
        f"{ego.network.number_of_nodes()} nodes, {ego.network.number_of_edges()} ties",
        "members",
    ]
    assert tables[0]["name"].tolist() == ego.members["name"].head(SHOWN_ROWS).tolist()

    ranked = netpipe.centrality(nx.path_graph(3))
    texts, tables = _shown(ranked)
    assert texts[0] == "Centrality of 3 nodes"
    # Ties over the n - 1 others; the index's name takes a second header row.
    assert tables[0][("degree", "Unnamed: 2_level_1")].tolist() == [0.5, 1.0, 0.5]

    found = netpipe.communities(nx.Graph([(1, 2), (3, 4)]))
    texts, _ = _shown(found)
    assert texts[:2] == ["2 communities of 4 nodes", "modularity 0.5000 (seed 42, resolution 1.0, leiden)"]

    from netpipe.analysis.communities import community_groups

    crossed = community_groups(nx.Graph([(1, 2), (3, 4)]), found.table)
    texts, tables = _shown(crossed)
    assert texts[:2] == [
        "Communities against declared groups",
        "purity 1.0000, NMI 0.0000",
    ]  # one group: none

    texts, tables = _shown(netpipe.chains(nx.path_graph(3), "0", "2"))
    assert texts[0] == "1 shortest chain(s) of 2 steps"
    assert tables[0][["from", "to"]].values.tolist() == [[0, 1], [1, 2]]


def test_a_report_with_errors_shows_them_escaped(make_network) -> None:
    folder = make_network([{"id": "a"}], [{"source": "a", "target": "<b>nobody</b>", "relation": "ally"}])
    markup = netpipe.validate(folder)._repr_html_()
    texts, tables = _shown(netpipe.validate(folder))
    assert texts[:2] == ["Validation: the data has errors", "1 error(s), 1 warning(s)"]
    assert "<b>nobody</b>" not in markup
    errors = tables[0][tables[0]["severity"] == "error"]
    assert errors["line"].tolist() == [2]
    assert errors["message"].str.contains('"<b>nobody</b>" is not a node id').tolist() == [True]


def test_the_example_notebook_runs_and_draws_the_page_inline(tmp_path: Path, browser: Browser) -> None:
    """The example notebook, executed as CI does (``jupyter nbconvert --to html --execute``), opened
    offline in Chromium: the inline page draws the bundled network in its own frame."""
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute", str(EXAMPLE.resolve()),
         "--output-dir", str(tmp_path)],
        check=True, capture_output=True, cwd=EXAMPLE.parent,
    )  # fmt: skip
    out = tmp_path / "netpipe.html"
    page = browser.new_page()
    url = out.resolve().as_uri()
    from_frame: list[str] = []

    def route(request_route: object) -> None:
        request = request_route.request  # type: ignore[attr-defined]
        if request.frame != page.main_frame:
            from_frame.append(request.url)
        if request.url == url:
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            request_route.abort()  # type: ignore[attr-defined]  # nbconvert's template asks for require.js

    page.route("**/*", route)
    try:
        page.goto(url)
        frames = [frame for frame in page.frames if frame != page.main_frame]
        assert len(frames) == 1
        frames[0].wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
        assert frames[0].evaluate("() => document.querySelectorAll('canvas').length") >= 1
        assert frames[0].evaluate("() => window.netpipe.nodes.length") == 89
        page.locator("iframe").scroll_into_view_if_needed()  # a frame out of view is not painted
        page.wait_for_timeout(500)
        drawn = """() => {
            const canvas = document.querySelector('.vis-network canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } }
            return inked;
        }"""
        assert frames[0].evaluate(drawn) > 1000  # nodes and ties drawn on the canvas
        assert from_frame == []  # the inline page fetched nothing
        text = page.inner_text("body")
        assert "Validation: the data loads" in text
        assert "Ego network of Sergo Ordzhonikidze" in text
    finally:
        page.close()
