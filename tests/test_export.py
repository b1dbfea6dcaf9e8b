"""Exports: GraphML read back by NetworkX and igraph, GEXF valid against its schema with the
right spells, strict JSON, CSV safe for spreadsheets, a data package that validates."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pandas as pd
import pytest
from frictionless import validate as frictionless_validate
from lxml import etree

import netpipe
from conftest import VALID, MakeDataset
from netpipe.io.errors import OutputError
from netpipe.io.validation import read_tables
from netpipe.model.network import Network
from netpipe.model.selection import select, snapshot
from netpipe.outputs.exports import (
    FORMATS,
    export,
    write_datapackage,
    write_edges_csv,
    write_gexf,
    write_graphml,
    write_json,
    write_measures_csv,
    write_nodes_csv,
)

SCHEMA = Path(__file__).parent / "schemas" / "gexf-1.3" / "gexf.xsd"
GEXF = "{http://gexf.net/1.3}"

#: Text a spreadsheet would run as a formula, in nodes.csv, edges.csv and relations.csv.
RISKY_NODES = (
    "id,name,kind,start,end,group\n"
    'sergo,"=HYPERLINK(""http://x"")",,1886-10-24,1937-02-18,"A & B <c>"\n'
    "koba,Koba,,0800,1953,+grp\n"
    "okhrana,Okhrana,organization,1881,1917,\n"
)
RISKY_EDGES = (
    "id,source,target,relation,start,end,certainty,citation,weight,extra\n"
    "t1,sergo,koba,ally,1907,,,+1 page,2.5,x\n"
    "t2,sergo,okhrana,arrested-by,1912-04,,,-note,,\n"
    "t3,sergo,okhrana,arrested-by,1913-05-02,,probable,@cite,1,\n"
    't4,koba,sergo,kin,1930,1931-06,,"=1+2, said ""x""",,\n'
)
RISKY_RELATIONS = (
    "relation,directed,sign,kind,inverse,description,color\n"
    "ally,false,1,state,,allies,green\n"
    "arrested-by,true,-1,event,arrested,,red\n"
    "kin,false,+1,state,,@family,\n"
)


@pytest.fixture
def valid() -> nx.MultiDiGraph:
    return netpipe.load(VALID)


@pytest.fixture
def risky(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    return netpipe.load(make_dataset(RISKY_NODES, RISKY_EDGES, RISKY_RELATIONS))


def graphs(valid: nx.MultiDiGraph, risky: nx.MultiDiGraph) -> list[nx.MultiDiGraph]:
    """Whole networks and selections of them."""
    return [valid, risky, snapshot(valid, "1912-04-15"), select(risky, relations=["arrested-by"])]


def tie_data(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Each tie's attributes by tie id, the id included."""
    return {key: {**data, "id": key} for _, _, key, data in graph.edges(keys=True, data=True)}


# GraphML


def test_graphml_read_by_networkx(tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph) -> None:
    for number, graph in enumerate(graphs(valid, risky)):
        path = write_graphml(graph, tmp_path / f"{number}.graphml")
        back = nx.read_graphml(path, force_multigraph=True)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
        ties = {data["id"]: (u, v, data) for u, v, data in back.edges(data=True)}
        assert {k: data for k, (_, _, data) in ties.items()} == tie_data(graph)
        assert {k: (u, v) for k, (u, v, _) in ties.items()} == {
            k: (u, v) for u, v, k in graph.edges(keys=True)
        }
        assert back.graph["relations"] == graph.graph["relations"]
        assert back.graph["name"] == graph.graph["name"]


def test_graphml_read_by_igraph(tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph) -> None:
    # Warnings are errors in the tests: igraph reads the file without any.
    for number, graph in enumerate(graphs(valid, risky)):
        path = write_graphml(graph, tmp_path / f"{number}.graphml")
        back = igraph.Graph.Read_GraphML(str(path))
        assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
        names = back.vs["id"]
        for vertex in back.vs:
            expected = graph.nodes[vertex["id"]]
            # igraph has no missing values: an absent text attribute reads as "".
            assert {k: v for k, v in vertex.attributes().items() if v != "" and k != "id"} == expected
        ties = tie_data(graph)
        for edge in back.es:
            expected = ties[edge["id"]]
            assert {k: v for k, v in edge.attributes().items() if v != ""} == expected
            assert graph.has_edge(names[edge.source], names[edge.target], edge["id"])
            assert isinstance(edge["mutual"], bool)
            assert isinstance(edge["weight"], float)
        assert back["relations"] == graph.graph["relations"]


def test_graphml_types_and_values(tmp_path: Path, risky: nx.MultiDiGraph) -> None:
    root = etree.parse(str(write_graphml(risky, tmp_path / "network.graphml"))).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{ns}key")}
    assert keys[("edge", "mutual")] == "boolean"
    assert keys[("edge", "weight")] == "double"
    assert keys[("edge", "id")] == "string"
    assert keys[("graph", "relations")] == "string"
    assert ("node", "id") not in keys
    assert len(keys) == len({(f, n) for f, n in keys})
    declared = {k.get("id") for k in root.iter(f"{ns}key")}
    assert {d.get("key") for d in root.iter(f"{ns}data")} <= declared


def test_graphml_attributes_of_mixed_types_become_text(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph(relations={"ally": {"directed": False}})
    graph.add_node("a", score=1, flag=True, mixed=1)
    graph.add_node("b", score=2.5, flag=False, mixed="x")
    graph.add_edge("a", "b", key="t1", weight=1.0)
    back = igraph.Graph.Read_GraphML(str(write_graphml(graph, tmp_path / "mixed.graphml")))
    assert back.vs["score"] == [1.0, 2.5]
    assert back.vs["flag"] == [True, False]
    assert back.vs["mixed"] == ["1", "x"]
    assert back.es["id"] == ["t1"]


def test_text_survives_the_xml_writers(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    awkward = "A & <B> \"C\" 'd'\ttab\nline\rreturn  spaces "
    valid.nodes["sergo"]["group"] = awkward
    valid.edges["sergo", "koba", "t1"]["note"] = awkward
    valid.nodes["koba"]["group"] = "bell\x07"  # not allowed in XML 1.0: replaced
    back = nx.read_graphml(write_graphml(valid, tmp_path / "network.graphml"), force_multigraph=True)
    assert back.nodes["sergo"]["group"] == awkward
    assert back.nodes["koba"]["group"] == "bell\ufffd"
    assert next(d["note"] for *_, d in back.edges(data=True) if d["id"] == "t1") == awkward
    assert igraph.Graph.Read_GraphML(str(tmp_path / "network.graphml")).vs[0]["group"] == awkward
    root = gexf_tree(write_gexf(valid, tmp_path / "network.gexf")).getroot()
    assert awkward in {v.get("value") for v in root.iter(f"{GEXF}attvalue")}


# GEXF


def gexf_tree(path: Path) -> etree._ElementTree:
    """Parse a GEXF file and check it against the official schema."""
    tree = etree.parse(str(path))
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(tree)
    return tree


def spells(element: etree._Element) -> list[tuple[str | None, str | None]]:
    return [(s.get("start"), s.get("end")) for s in element.iter(f"{GEXF}spell")]


def test_gexf_is_valid(tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph) -> None:
    for number, graph in enumerate(graphs(valid, risky)):
        root = gexf_tree(write_gexf(graph, tmp_path / f"{number}.gexf")).getroot()
        assert root.get("version") == "1.3"
        element = root.find(f"{GEXF}graph")
        assert element is not None
        assert (element.get("mode"), element.get("timeformat")) == ("dynamic", "date")
        nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
        edges = root.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
        assert {n.get("id") for n in nodes} == set(graph.nodes)
        assert sorted(e.get("id") for e in edges) == sorted(k for _, _, k in graph.edges(keys=True))
        for scope, items in (("node", nodes), ("edge", edges)):
            declared = {
                attribute.get("id")
                for group in root.iter(f"{GEXF}attributes")
                if group.get("class") == scope
                for attribute in group
            }
            assert {v.get("for") for item in items for v in item.iter(f"{GEXF}attvalue")} <= declared


def test_networkx_reads_the_gexf_of_a_network_with_both_kinds_of_ties(
    tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph
) -> None:
    """Written with ``undirected="mutual"``, each directed tie comes back once, as written; each
    undirected one once each way."""
    for number, graph in enumerate([*graphs(valid, risky), netpipe.load("data")]):
        path = write_gexf(graph, tmp_path / f"{number}.gexf", undirected="mutual")
        gexf_tree(path)  # valid against the schema
        back = nx.read_gexf(path)  # a DiGraph, or a MultiDiGraph where ties run in parallel
        assert back.is_directed()
        assert set(back.nodes) == set(graph.nodes)
        expected = sorted(
            pair
            for u, v, key, data in graph.edges(keys=True, data=True)
            for pair in ([(u, v, key)] if not data["mutual"] else [(u, v, key), (v, u, key)])
        )
        assert sorted((u, v, d["id"]) for u, v, d in back.edges(data=True)) == expected
        read = {d["id"]: (d["mutual"], d["label"]) for *_, d in back.edges(data=True)}
        assert read == {
            key: (d["mutual"], d["relation"]) for _, _, key, d in graph.edges(keys=True, data=True)
        }
    mixed = {d["mutual"] for *_, d in netpipe.load("data").edges(data=True)}
    assert mixed == {True, False}  # the bundled data has both kinds


def test_gexf_writes_undirected_ties_as_gephi_reads_them(tmp_path: Path) -> None:
    """Gephi's importer (ImporterGEXF) knows an edge of type ``directed`` or ``undirected`` only;
    of another type it logs an error and takes the graph's default, directed."""
    graph = netpipe.load("data")
    root = gexf_tree(write_gexf(graph, tmp_path / "network.gexf")).getroot()
    types = {e.get("id"): e.get("type") for e in root.iter(f"{GEXF}edge")}
    expected = {
        key: "undirected" if d["mutual"] else "directed" for *_, key, d in graph.edges(keys=True, data=True)
    }
    assert types == expected
    assert sorted(Counter(types.values()).items()) == [("directed", 258), ("undirected", 70)]
    comments = [c.text for c in root.iter(etree.Comment)]
    assert comments == [
        ' Undirected ties are type="undirected", as Gephi reads them. networkx.read_gexf reads a graph'
        ' of both kinds only with type="mutual", which netpipe writes with gexf_undirected="mutual". '
    ]
    with pytest.raises(nx.NetworkXError, match="Undirected edge found in directed graph"):
        nx.read_gexf(tmp_path / "network.gexf")  # hence the comment, and the other type


def test_gexf_refuses_another_undirected_type(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    with pytest.raises(netpipe.ArgumentError) as raised:
        write_gexf(valid, tmp_path / "network.gexf", undirected="both")  # type: ignore[arg-type]
    assert str(raised.value) == 'an undirected tie is written in GEXF as "undirected" or "mutual", not "both"'
    with pytest.raises(netpipe.ArgumentError):
        netpipe.export(valid, tmp_path / "out", formats=["gexf"], gexf_undirected="both")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_gexf_spells_follow_the_time_rules(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    root = gexf_tree(write_gexf(valid, tmp_path / "network.gexf")).getroot()
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    edges = {e.get("id"): e for e in root.iter(f"{GEXF}edge")}
    assert spells(nodes["sergo"]) == [("1886-10-24", "1937-02-18")]  # birth to death
    assert spells(nodes["koba"]) == [("1878-01-01", "1953-12-31")]  # years at their widest
    assert spells(nodes["007"]) == [("1930-01-01", "1931-12-31")]  # undated: as attested by t3
    assert spells(edges["t1"]) == [("1907-01-01", "1937-02-28")]
    assert spells(edges["t2"]) == [("1912-04-01", "1912-04-30")]  # an arrest in 1912-04: that month
    assert spells(edges["t3"]) == [("1930-01-01", "1931-12-31")]  # 1930~ to 1931?
    assert spells(edges["t4"]) == [("1936-01-01", None)]  # a state with no end: open
    assert nodes["sergo"].get("label") == "Sergo Ordzhonikidze"
    assert nodes["007"].get("label") == "NA"


def test_gexf_edges(tmp_path: Path, risky: nx.MultiDiGraph) -> None:
    root = gexf_tree(write_gexf(risky, tmp_path / "network.gexf")).getroot()
    edges = {e.get("id"): e for e in root.iter(f"{GEXF}edge")}
    fields = {k: (e.get("type"), e.get("kind"), e.get("source"), e.get("target")) for k, e in edges.items()}
    assert fields == {
        "t1": ("undirected", "ally", "sergo", "koba"),
        "t2": ("directed", "arrested-by", "sergo", "okhrana"),
        "t3": ("directed", "arrested-by", "sergo", "okhrana"),  # parallel to t2
        "t4": ("undirected", "kin", "koba", "sergo"),
    }
    assert edges["t1"].get("weight") == "2.5"
    assert spells(edges["t3"]) == [("1913-05-02", "1913-05-02")]
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    assert spells(nodes["koba"]) == [("0800-01-01", "1953-12-31")]
    assert nodes["sergo"].get("label") == '=HYPERLINK("http://x")'
    titles = {a.get("id"): a.get("title") for a in root.iter(f"{GEXF}attribute")}
    values = {titles[v.get("for")]: v.get("value") for v in edges["t4"].iter(f"{GEXF}attvalue")}
    assert values["citation"] == '=1+2, said "x"'
    assert values["mutual"] == "true"


# JSON


def refuse(constant: str) -> None:
    raise ValueError(f"not strict JSON: {constant}")


def test_json(tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph) -> None:
    for number, graph in enumerate(graphs(valid, risky)):
        data = json.loads(
            write_json(graph, tmp_path / f"{number}.json").read_text(encoding="utf-8"), parse_constant=refuse
        )
        assert len(data["nodes"]) == graph.number_of_nodes()
        assert len(data["edges"]) == graph.number_of_edges()
        assert data["graph"]["relations"] == graph.graph["relations"]
        assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
        links = {link["key"]: link for link in data["edges"]}
        assert links.keys() == set(tie_data(graph))
        back = nx.node_link_graph(data)
        assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))


@pytest.mark.parametrize("link_key", ["edges", "links"])
def test_json_under_either_key_is_read_back_by_networkx(
    tmp_path: Path, valid: nx.MultiDiGraph, risky: nx.MultiDiGraph, link_key: str
) -> None:
    for number, graph in enumerate([*graphs(valid, risky), netpipe.load("data")]):
        data = json.loads(
            write_json(graph, tmp_path / f"{number}.json", link_key).read_text(encoding="utf-8")
        )
        other = {"edges": "links", "links": "edges"}[link_key]
        assert link_key in data and other not in data
        back = nx.node_link_graph(data, edges=link_key)
        assert isinstance(back, nx.MultiDiGraph)
        assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
        assert {k: d["relation"] for *_, k, d in back.edges(keys=True, data=True)} == {
            k: d["relation"] for *_, k, d in graph.edges(keys=True, data=True)
        }
        assert dict(back.nodes(data=True)) == {n: {**d} for n, d in graph.nodes(data=True)}
        with pytest.raises(KeyError):
            nx.node_link_graph(data, edges=other)  # the key is the one asked for, and only it


def test_json_refuses_another_link_key(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    with pytest.raises(netpipe.ArgumentError) as raised:
        write_json(valid, tmp_path / "network.json", "arcs")  # type: ignore[arg-type]
    assert str(raised.value) == 'the key of the ties is "edges" or "links", not "arcs"'
    with pytest.raises(netpipe.ArgumentError):
        netpipe.export(valid, tmp_path / "out", formats=["json"], link_key="arcs")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_json_is_strict(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    valid.graph["score"] = float("nan")
    valid.nodes["sergo"]["score"] = float("inf")
    text = write_json(valid, tmp_path / "network.json").read_text(encoding="utf-8")
    data = json.loads(text, parse_constant=refuse)
    assert data["graph"]["score"] is None
    assert next(n for n in data["nodes"] if n["id"] == "sergo")["score"] is None
    with pytest.raises(ValueError, match="not strict JSON"):
        json.loads('{"a": NaN}', parse_constant=refuse)


# CSV


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_nodes_and_edges_csv_are_neutralized(tmp_path: Path, risky: nx.MultiDiGraph) -> None:
    nodes = {row["id"]: row for row in read_csv(write_nodes_csv(risky, tmp_path / "nodes.csv"))}
    assert nodes["sergo"]["name"] == '\'=HYPERLINK("http://x")'
    assert nodes["koba"]["group"] == "'+grp"
    assert nodes["sergo"]["kind"] == "person"
    rows = read_csv(write_edges_csv(risky, tmp_path / "edges.csv"))
    assert list(rows[0])[:4] == ["id", "source", "target", "interaction"]
    edges = {row["id"]: row for row in rows}
    assert {k: row["citation"] for k, row in edges.items()} == {
        "t1": "'+1 page",
        "t2": "'-note",
        "t3": "'@cite",
        "t4": '\'=1+2, said "x"',
    }
    assert edges["t2"]["interaction"] == "arrested-by"
    assert (edges["t1"]["weight"], edges["t1"]["directed"], edges["t1"]["extra"]) == ("2.5", "false", "x")


def test_edges_csv_of_a_selection(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    rows = read_csv(write_edges_csv(snapshot(valid, "1912-04-15"), tmp_path / "edges.csv"))
    assert [row["id"] for row in rows] == ["t1", "t2"]


def test_measures_csv(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "+1", "-x", "@me", "\tx", "plain"],
            "score": [-0.5, 1.0, -2.0, 0.0, 3.5, math.nan],
        }
    )
    rows = read_csv(write_measures_csv(table, tmp_path / "measures.csv"))
    assert [row["name"] for row in rows] == [
        '\'=HYPERLINK("http://x")',
        "+1",  # a number written as text: a spreadsheet reads it as a number, not a formula
        "'-x",
        "'@me",
        "'\tx",
        "plain",
    ]
    assert [row["score"] for row in rows] == ["-0.5", "1.0", "-2.0", "0.0", "3.5", ""]


def test_measures_csv_with_a_carriage_return(tmp_path: Path) -> None:
    table = pd.DataFrame({"name": ["\rx", "a\rb"], "score": [1, 2]})
    rows = read_csv(write_measures_csv(table, tmp_path / "measures.csv"))
    assert [row["name"] for row in rows] == ["'\rx", "a\rb"]


def test_measures_csv_keeps_a_meaningful_index(tmp_path: Path) -> None:
    table = pd.DataFrame({"degree": [2, 1]}, index=pd.Index(["sergo", "=x"], name="node"))
    path = write_measures_csv(table, tmp_path / "degree.csv")
    assert list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))) == [
        ["node", "degree"],
        ["sergo", "2"],
        ["'=x", "1"],
    ]


# Data package


def test_datapackage_validates_and_loads(tmp_path: Path, risky: nx.MultiDiGraph) -> None:
    view = select(risky, relations=["ally"])  # the package holds the whole dataset anyway
    path = write_datapackage(view, tmp_path / "package")
    assert path == tmp_path / "package" / "datapackage.json"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".netpipe-manifest.json",
        "datapackage.json",
        "edges.csv",
        "nodes.csv",
        "relations.csv",
    ]
    report = frictionless_validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    back = netpipe.load(path.parent)
    assert dict(back.nodes(data=True)) == dict(risky.nodes(data=True))
    assert tie_data(back) == tie_data(risky)
    assert back.graph["relations"] == risky.graph["relations"]
    # Data to reuse, not a spreadsheet: the text is as it was written.
    assert "=HYPERLINK" in (path.parent / "nodes.csv").read_text(encoding="utf-8").splitlines()[1]


def test_datapackage_of_the_valid_dataset(tmp_path: Path) -> None:
    # Tables read from a folder: its CSV files are copied byte for byte.
    path = write_datapackage(Network.from_tables(read_tables(VALID)), tmp_path / "package")
    assert frictionless_validate(str(path)).valid
    for name in ("nodes.csv", "edges.csv"):
        assert (path.parent / name).read_bytes() == (VALID / name).read_bytes()


def test_datapackage_rebuilt_without_a_folder(tmp_path: Path) -> None:
    # Tables that do not know their folder: rebuilt, with the values netpipe filled in.
    tables = dataclasses.replace(read_tables(VALID), folder=None)
    path = write_datapackage(Network.from_tables(tables), tmp_path / "package")
    assert frictionless_validate(str(path)).valid
    assert (path.parent / "edges.csv").read_text(encoding="utf-8") == (VALID / "edges.csv").read_text(
        encoding="utf-8"
    ).replace("t1,sergo,koba,ally,1907,1937-02,,", "t1,sergo,koba,ally,1907,1937-02,certain,")


def test_datapackage_keeps_a_carriage_return_in_a_cell(tmp_path: Path, make_dataset: MakeDataset) -> None:
    edges = (VALID / "edges.csv").read_text(encoding="utf-8").replace("a note, with comma", "two\rlines")
    graph = netpipe.load(make_dataset(edges=edges))
    path = write_datapackage(graph, tmp_path / "package")
    assert frictionless_validate(str(path)).valid
    assert netpipe.load(path.parent).edges["007", "koba", "t3"]["note"] == "two\rlines"


def test_datapackage_will_not_replace_other_files(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match=r"holds files netpipe did not write \(notes.txt\)"):
        write_datapackage(valid, folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


# All of them


def test_export_writes_every_format(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    measures = pd.DataFrame({"id": ["sergo"], "degree": [2]})
    paths = export(valid, tmp_path / "out", measures=measures)
    assert [p.relative_to(tmp_path / "out").as_posix() for p in paths] == [
        "network.graphml",
        "network.gexf",
        "network.json",
        "network-nodes.csv",
        "network-edges.csv",
        "datapackage/datapackage.json",
        "measures.csv",
    ]
    assert all(p.is_file() for p in paths)
    assert export(valid, tmp_path / "all", formats="all")[0].name == "network.graphml"
    assert [p.name for p in export(valid, tmp_path / "m", formats=[], measures={"a": measures})] == ["a.csv"]


def test_export_again_replaces_and_leaves_no_temporary_files(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    out = tmp_path / "out"
    out.mkdir()
    export(valid, out)
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    export(snapshot(valid, "1912-04-15"), out)
    second = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert first[out / "network.gexf"] != second[out / "network.gexf"]
    assert [p.name for p in out.rglob(".*")] == [".netpipe-manifest.json"] * 2
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert gexf_tree(out / "network.gexf") is not None


def test_export_checks_before_writing(tmp_path: Path, valid: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(valid, tmp_path / "out", formats=["gexf", "pdf"])
    assert not (tmp_path / "out").exists()
    (tmp_path / "out" / "datapackage").mkdir(parents=True)
    (tmp_path / "out" / "datapackage" / "x.txt").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match=r"holds files netpipe did not write \(datapackage/x.txt\)"):
        export(valid, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["datapackage"]
    assert FORMATS == ("graphml", "gexf", "json", "csv", "parquet", "datapackage")


# A selection of the tables gives the same files as the graph


def export_bytes(network: Any, folder: Path) -> dict[str, bytes]:
    paths = export(network, folder, formats=["graphml", "gexf", "json", "csv"])
    return {p.name: p.read_bytes() for p in paths}


@pytest.mark.parametrize("dataset", [VALID, Path(__file__).parent.parent / "data"])
def test_a_selection_exports_as_its_graph(tmp_path: Path, dataset: Path) -> None:
    graph = netpipe.load(dataset)
    selection = Network.from_tables(read_tables(dataset))
    assert export_bytes(selection, tmp_path / "selection") == export_bytes(graph, tmp_path / "graph")
    at = "1912-04-15" if dataset == VALID else "1930"
    view = snapshot(graph, at)
    chosen = snapshot(selection, at)
    assert isinstance(chosen, Network)
    assert export_bytes(chosen, tmp_path / "chosen") == export_bytes(view, tmp_path / "view")


HOSTILE = "a < b & c > \"d\" ]]> 'e' Ünïcødé 中文 😀 &amp; <![CDATA[x]]>"


def test_hostile_text_in_graphml_and_gexf(tmp_path: Path, make_dataset: MakeDataset) -> None:
    nodes = (VALID / "nodes.csv").read_text(encoding="utf-8").splitlines()
    header, *rows = nodes
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    rows[0] = rows[0].split(",", 1)[0] + "," + quoted + "," + rows[0].split(",", 2)[2]
    edges = (
        (VALID / "edges.csv")
        .read_text(encoding="utf-8")
        .replace("a note, with comma", HOSTILE.replace('"', '""'))
    )
    folder = make_dataset("\n".join([header, *rows]) + "\n", edges)
    selection = Network.from_tables(read_tables(folder))
    for network in (netpipe.load(folder), selection):
        root = etree.parse(str(write_graphml(network, tmp_path / "h.graphml"))).getroot()
        texts = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
        assert texts.count(HOSTILE) == 2  # a node's name, a tie's note
        back = igraph.Graph.Read_GraphML(str(tmp_path / "h.graphml"))
        assert HOSTILE in back.vs["name"]
        gexf = gexf_tree(write_gexf(network, tmp_path / "h.gexf")).getroot()
        values = [v.get("value") for v in gexf.iter(f"{GEXF}attvalue")]
        assert values.count(HOSTILE) == 2
        assert HOSTILE in {n.get("label") for n in gexf.iter(f"{GEXF}node")}
        data = json.loads(write_json(network, tmp_path / "h.json").read_text(encoding="utf-8"))
        assert HOSTILE in {n["name"] for n in data["nodes"]}


def test_measures_csv_of_string_columns_read_by_pandas(tmp_path: Path) -> None:
    # Columns read with dtype=str are pandas string columns (pyarrow-backed), not objects.
    table = pd.read_csv(io.StringIO("name,note\n=cmd,+1+2\nplain,@x\n"), dtype=str)
    rows = read_csv(write_measures_csv(table, tmp_path / "t.csv"))
    assert rows == [{"name": "'=cmd", "note": "'+1+2"}, {"name": "plain", "note": "'@x"}]


def test_gexf_opens_as_the_page_draws_it(tmp_path: Path) -> None:
    from netpipe.outputs.render.html import network_html

    graph = netpipe.load("data")
    root = gexf_tree(write_gexf(graph, tmp_path / "network.gexf")).getroot()
    page = network_html(graph, tmp_path / "network.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="netpipe-data">(.*?)</script>', page, re.S)
    assert found is not None
    drawn = {node["id"]: node for node in json.loads(found.group(1))["nodes"]}
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    assert len(nodes) == len(drawn) == 89
    for node in nodes:
        want = drawn[node.get("id")]
        color, size, position = (node.find(f"{GEXF}{name}") for name in ("color", "size", "position"))
        assert color is not None and size is not None and position is not None
        assert "#{:02x}{:02x}{:02x}".format(*(int(color.get(c)) for c in "rgb")) == want["color"]
        assert float(size.get("value")) == want["size"]
        assert (float(position.get("x")), -float(position.get("y"))) == (want["x"], want["y"])
    signs = {"ally": (0, 114, 178), "rival": (213, 94, 0), "instructed": (140, 140, 140)}
    for edge in root.iter(f"{GEXF}edge"):
        color = edge.find(f"{GEXF}color")
        assert color is not None
        if edge.get("kind") in signs:
            assert tuple(int(color.get(c)) for c in "rgb") == signs[edge.get("kind")]


def test_numbers_written_as_text_stay_numbers_in_csv(tmp_path: Path, make_dataset) -> None:
    nodes = (
        "id,name,kind,balance,motto\n"
        "sergo,Sergo,person,-12,=HYPERLINK(x)\n"
        "koba,Koba,person,+3.5,-a dash\n"
        "okhrana,Okhrana,organization,-0043,@home\n"
    )
    folder = make_dataset(nodes=nodes, edges="source,target,relation\nsergo,koba,ally\nkoba,okhrana,rival\n")
    netpipe.export(netpipe.load(folder), tmp_path / "out", ["csv"])
    table = pd.read_csv(tmp_path / "out" / "network-nodes.csv", index_col="id")
    assert table["balance"].tolist() == [-12.0, 3.5, -43.0]  # read back as numbers
    assert table["motto"].tolist() == ["'=HYPERLINK(x)", "'-a dash", "'@home"]


def test_a_large_result_table_is_written_a_block_at_a_time_as_a_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = pd.DataFrame(
        {
            "name": ["=cmd", "Koba", "Sergo", "-x", "Beria", "Lenin", "Stalin"],
            "score": [0.5, -1.0, 2.25, 3, 4, 5, 6],
        },
        index=pd.Index(list("abcdefg"), name="node"),
    )
    monkeypatch.setattr(netpipe.outputs.exports.csv_files, "_ROWS", 3)
    path = write_measures_csv(table, tmp_path / "blocks.csv")
    rows = ["node,name,score", "a,'=cmd,0.5", "b,Koba,-1.0", "c,Sergo,2.25", "d,'-x,3.0", "e,Beria,4.0"]
    rows += ["f,Lenin,5.0", "g,Stalin,6.0"]
    assert path.read_bytes() == "".join(row + "\r\n" for row in rows).encode("utf-8")
    empty = write_measures_csv(table.iloc[:0], tmp_path / "empty.csv")
    assert empty.read_bytes() == b"node,name,score\r\n"
