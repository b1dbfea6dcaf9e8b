"""Any hashable node id works through every public function: the tuples of
``nx.grid_2d_graph``, and ints, texts, tuples and frozensets in one graph."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import netpipe
from netpipe.outputs.render.html import network_html

CORNERS = [(0, 0), (0, 2), (2, 0), (2, 2)]
CENTRE = (1, 1)


def _grid() -> nx.Graph:
    """The 3 x 3 grid, rows dated 1900, 1901, 1902 (node ``(i, j)`` from ``1900 + i``), groups
    by row, one hostile tie in the first row and one arrest in 1905."""
    grid = nx.grid_2d_graph(3, 3)
    for i, j in grid.nodes:
        grid.nodes[i, j].update(start=str(1900 + i), group=f"row {i}")
    grid.edges[(0, 0), (0, 1)]["relation"] = "rival"
    grid.edges[(1, 0), (1, 1)].update(relation="arrested-by", start="1905")
    return grid


def _mixed() -> nx.Graph:
    """A square of four ids of four types, and a fifth node tied to two of them."""
    ids = [1, "a", (1, 2), frozenset({3})]
    graph = nx.Graph()
    nx.add_cycle(graph, ids)
    graph.add_edge("hub", 1)
    graph.add_edge("hub", (1, 2))
    return graph


def test_grid_degree_centrality_by_hand() -> None:
    table = netpipe.centrality(nx.grid_2d_graph(3, 3)).table
    assert isinstance(table.index, pd.Index) and not isinstance(table.index, pd.MultiIndex)
    expected = {node: 2 / 8 for node in CORNERS} | {CENTRE: 4 / 8}
    expected |= {node: 3 / 8 for node in [(0, 1), (1, 0), (1, 2), (2, 1)]}
    assert table["degree"].to_dict() == pytest.approx(expected)
    assert table.loc[[CENTRE], "name"].tolist() == ["(1, 1)"]
    assert table["core"].to_dict() == dict.fromkeys(expected, 2)


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
def test_grid_measures_equal_networkx(engine: str) -> None:
    grid = nx.grid_2d_graph(3, 3)
    table = netpipe.centrality(grid, engine=engine).table
    assert table["betweenness"].to_dict() == pytest.approx(nx.betweenness_centrality(grid))
    assert table["closeness"].to_dict() == pytest.approx(nx.closeness_centrality(grid))


def test_mixed_ids_measures_equal_networkx() -> None:
    graph = _mixed()
    table = netpipe.centrality(graph).table
    assert table.index.tolist() == list(graph.nodes)
    assert table["degree"].to_dict() == pytest.approx(nx.degree_centrality(graph))
    assert table["betweenness"].to_dict() == pytest.approx(nx.betweenness_centrality(graph))


def test_grid_over_time() -> None:
    table = netpipe.centrality_over_time(_grid(), ["1900", "1902"], measures=["degree"]).table
    first = table[table["date"] == "1900"].set_index("node")["degree"]
    # In 1900 only the first row is present; its rival tie confers no standing.
    assert first.to_dict() == pytest.approx({(0, 0): math.nan, (0, 1): 0.5, (0, 2): 0.5}, nan_ok=True)
    last = table[table["date"] == "1902"].set_index("node")["degree"]
    assert last[CENTRE] == pytest.approx(3 / 8)  # the arrest (1905) is not yet active


@pytest.mark.parametrize("make", [_grid, _mixed])
def test_communities_cover_every_node(make) -> None:
    graph = make()
    table = netpipe.communities(graph).table
    assert sorted(map(repr, table["node"])) == sorted(map(repr, graph.nodes))


def test_grid_brokerage() -> None:
    table = netpipe.brokerage(nx.grid_2d_graph(3, 3)).set_index("node")
    assert table.loc[[CENTRE], "degree"].tolist() == [4]
    assert table.loc[[CENTRE], "effective_size"].tolist() == [4.0]  # no two neighbours tied
    assert table.loc[[CENTRE], "constraint"].tolist() == pytest.approx([0.25])


def test_grid_brokerage_roles() -> None:
    grid = nx.grid_2d_graph(3, 3)
    nx.set_node_attributes(grid, {(i, j): f"row {i}" for i, j in grid}, "group")
    table = netpipe.brokerage_roles(grid).set_index("node")
    # (0, 1) stands between (0, 0) and (0, 2) in its own row (a coordinator), and between
    # each of them and (1, 1) in the next row (a representative, both ways).
    assert table.loc[[(0, 1)], "total"].tolist() == [6]
    assert table.loc[[(0, 0)], "group"].tolist() == ["row 0"]


def test_grid_hostility_and_balance() -> None:
    hostility = netpipe.hostility(_grid()).set_index("node")
    assert sorted(hostility.index) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert netpipe.balance(_grid())["negative"].item() == 2  # the rival tie and the arrest


def test_grid_chains_count_every_shortest_path() -> None:
    steps = netpipe.chains(nx.grid_2d_graph(3, 3), (0, 0), (2, 2), limit=10).table
    assert steps["chain"].nunique() == 6  # 4 steps, 2 of them down: C(4, 2) paths
    assert steps.groupby("chain").size().tolist() == [4] * 6
    assert steps[steps["step"] == 1]["from"].unique().tolist() == ["(0, 0)"]  # by name: the id as text


@pytest.mark.parametrize(("make", "centre", "members"), [
    (_grid, CENTRE, {CENTRE, (0, 1), (1, 0), (1, 2), (2, 1)}),
    (_mixed, frozenset({3}), {frozenset({3}), 1, (1, 2)}),
])  # fmt: skip
def test_ego(make, centre, members: set) -> None:
    found = netpipe.ego(make(), centre)
    assert set(found.members["node"]) == members
    assert set(found.network.nodes) == members
    assert found.members["ties"].tolist() == [0] + [1] * (len(members) - 1)


def test_grid_robustness() -> None:
    table = netpipe.robustness(nx.grid_2d_graph(3, 3))
    assert (table["dropped"] == 0).all()  # every tie is certain, with exact dates
    assert (table["top_overlap"] == 1.0).all()


def test_grid_time() -> None:
    grid = _grid()
    view = netpipe.snapshot(grid, "1900")
    assert sorted(view.nodes) == [(0, 0), (0, 1), (0, 2)]
    assert sorted(view.edges) == [((0, 0), (0, 1)), ((0, 1), (0, 2))]
    assert sorted(netpipe.window(grid, "1900", "1901").nodes) == sorted(n for n in grid if n[0] < 2)
    events = netpipe.events(grid, "1910")
    assert events[["source", "relation", "target"]].values.tolist() == [[(1, 0), "arrested-by", CENTRE]]
    presence = netpipe.presence(grid).to_dict("index")
    assert (presence[(1, 0)]["from"], presence[(1, 0)]["until"]) == ("1901-01-01", "1905-12-31")
    assert netpipe.timeline(grid) == ["1900", "1901", "1902", "1905", "1906"]


@pytest.mark.parametrize("make", [_grid, _mixed])
def test_every_export_names_each_node_once(make, tmp_path: Path) -> None:
    graph = make()
    ids = sorted(str(node) for node in graph.nodes)
    netpipe.export(graph, tmp_path)
    assert sorted(nx.read_graphml(tmp_path / "network.graphml").nodes) == ids
    gexf = ET.parse(tmp_path / "network.gexf").getroot()
    assert sorted(node.get("id") for node in gexf.iter("{http://gexf.net/1.3}node")) == ids
    assert sorted(node["id"] for node in json.loads((tmp_path / "network.json").read_text())["nodes"]) == ids
    nodes = pd.read_csv(tmp_path / "network-nodes.csv", dtype=str, keep_default_na=False)
    assert sorted(nodes["id"]) == ids
    edges = pd.read_csv(tmp_path / "network-edges.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(edges["source"], edges["target"], strict=True)) == sorted(
        (str(u), str(v)) for u, v in graph.edges
    )
    assert sorted(netpipe.load(tmp_path / "datapackage").nodes) == ids


@pytest.mark.parametrize("make", [_grid, _mixed])
def test_the_page_names_each_node_once(make, tmp_path: Path) -> None:
    graph = make()
    page = network_html(graph, tmp_path / "network.html").read_text(encoding="utf-8")
    payload = json.loads(
        page.split('<script type="application/json" id="netpipe-data">')[1].split("</script>")[0]
    )
    ids = sorted(str(node) for node in graph.nodes)
    assert sorted(node["id"] for node in payload["nodes"]) == ids
    assert sorted((e["from"], e["to"]) for e in payload["edges"]) == sorted(
        (str(u), str(v)) for u, v in graph.edges
    )
