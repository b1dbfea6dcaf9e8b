"""Loading a dataset: the graph and typed tables hold every value the user wrote, typed where due."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

import netpipe
from netpipe.io.dates import format_day, parse_date
from netpipe.model.loader import load, load_tables

MakeDataset = Callable[..., Path]
VALID = "tests/data/valid"

RICH_NODES = (
    "id,name,kind,aliases,start,end,group,description,born_in\n"
    'sergo,Sergo Ordzhonikidze,,Sergo|Grigol,1886-10-24,1937-02-18,Bolsheviks,"Commissar of\n'
    'heavy industry, ""Sergo""",Goresha\n'
    "koba,Joseph Stalin,person,Koba|Stalin,1878-12~,1953-03-05,Bolsheviks,,Gori\n"
    "okhrana,Okhrana,organization,,1881,1917,Tsarist police,,\n"
    "007,NA,,,,,,,\n"
    "null,None,,,1600?,,,far outside the nanosecond range,\n"
)
RICH_EDGES = (
    "id,source,target,relation,start,end,certainty,citation,note,weight,place\n"
    "t1,sergo,koba,ally,1907,1937-02,,Montefiore 2003,,2.5,Tiflis\n"
    "t2,sergo,okhrana,arrested-by,1912-04,,certain,main narrative,,,\n"
    't3,007,koba,deputy-of,1930~,1931?,alleged,,"a note, with comma",,\n'
    "t4,koba,sergo,rival,1936,,probable,Khlevniuk 1995,,1,\n"
    "007,null,007,family,,,,x,undated,,\n"
)
RICH_RELATIONS = (
    "relation,directed,sign,kind,inverse,description\n"
    "ally,false,+1,state,,allies\n"
    "rival,FALSE,-1,state,,rivals\n"
    "arrested-by,true,-1,event,arrested,was arrested by\n"
    "deputy-of,True,1,state,had as deputy,\n"
    "family,false,0,state,,\n"
)


def test_nodes_and_their_attributes() -> None:
    graph = load(VALID)
    assert isinstance(graph, nx.MultiDiGraph)
    assert list(graph.nodes) == ["sergo", "koba", "okhrana", "007"]
    assert graph.nodes["sergo"] == {
        "name": "Sergo Ordzhonikidze",
        "kind": "person",
        "aliases": "Sergo|Grigol",
        "start": "1886-10-24",
        "end": "1937-02-18",
        "group": "Bolsheviks",
    }
    assert graph.nodes["okhrana"]["kind"] == "organization"
    assert graph.nodes["007"] == {"name": "NA", "kind": "person"}
    assert graph.graph["name"] == "valid"


def test_edges_are_keyed_by_id_and_carry_their_columns() -> None:
    graph = load(VALID)
    assert sorted(graph.edges(keys=True)) == [
        ("007", "koba", "t3"),
        ("koba", "sergo", "t4"),
        ("sergo", "koba", "t1"),
        ("sergo", "okhrana", "t2"),
    ]
    assert graph.edges["sergo", "koba", "t1"] == {
        "id": "t1",
        "relation": "ally",
        "start": "1907",
        "end": "1937-02",
        "certainty": "certain",
        "citation": "Montefiore 2003",
        "mutual": True,
        "weight": 1.0,
    }
    assert graph.edges["007", "koba", "t3"] == {
        "id": "t3",
        "relation": "deputy-of",
        "start": "1930~",
        "end": "1931?",
        "certainty": "alleged",
        "note": "a note, with comma",
        "mutual": False,
        "weight": 1.0,
    }
    assert dict(((u, v), d) for u, v, d in graph.edges(data="mutual")) == {
        ("sergo", "koba"): True,
        ("sergo", "okhrana"): False,
        ("007", "koba"): False,
        ("koba", "sergo"): True,
    }


def test_relation_vocabulary() -> None:
    assert json.loads(load(VALID).graph["relations"]) == {
        "ally": {
            "directed": False,
            "sign": 1,
            "kind": "state",
            "inverse": "",
            "description": "A and B were allies",
            "flow": True,
        },
        "rival": {
            "directed": False,
            "sign": -1,
            "kind": "state",
            "inverse": "",
            "description": "A and B were rivals",
            "flow": False,
        },
        "arrested-by": {
            "directed": True,
            "sign": -1,
            "kind": "event",
            "inverse": "arrested",
            "description": "A was arrested by B",
            "flow": False,
        },
        "deputy-of": {
            "directed": True,
            "sign": 1,
            "kind": "state",
            "inverse": "had as deputy",
            "description": "A was B's deputy",
            "flow": True,
        },
    }


def test_user_relation_vocabulary(make_dataset: MakeDataset) -> None:
    graph = load(make_dataset(nodes=RICH_NODES, edges=RICH_EDGES, relations=RICH_RELATIONS))
    assert json.loads(graph.graph["relations"])["rival"] == {
        "directed": False,
        "sign": -1,
        "kind": "state",
        "inverse": "",
        "description": "rivals",
        "flow": False,  # a user's relation without a flow column carries none
    }
    assert json.loads(graph.graph["relations"])["deputy-of"]["directed"] is True
    assert json.loads(graph.graph["relations"])["family"]["sign"] == 0
    assert graph.edges["null", "007", "007"]["mutual"] is True


def _iso(value: Any) -> str:
    return "" if pd.isna(value) else format_day(value)


def test_typed_tables_hold_date_bounds() -> None:
    tables = load_tables(VALID)
    nodes, edges = tables.nodes, tables.edges
    assert [_iso(d) for d in nodes["start_lo"]] == ["1886-10-24", "1878-01-01", "1881-01-01", ""]
    assert [_iso(d) for d in nodes["end_hi"]] == ["1937-02-18", "1953-12-31", "1917-12-31", ""]
    assert nodes["start_precision"].tolist() == ["day", "year", "year", ""]
    assert nodes.loc["koba", "line"] == 3
    assert edges.index.tolist() == ["t1", "t2", "t3", "t4"]
    assert [_iso(d) for d in edges["start_lo"]] == ["1907-01-01", "1912-04-01", "1930-01-01", "1936-01-01"]
    assert [_iso(d) for d in edges["start_hi"]] == ["1907-12-31", "1912-04-30", "1930-12-31", "1936-12-31"]
    assert [_iso(d) for d in edges["end_lo"]] == ["1937-02-01", "", "1931-01-01", ""]
    assert [_iso(d) for d in edges["end_hi"]] == ["1937-02-28", "", "1931-12-31", ""]
    assert edges["start_qualifier"].tolist() == ["", "", "approximate", ""]
    assert edges["end_qualifier"].tolist() == ["", "", "uncertain", ""]
    assert str(edges["start_lo"].dtype) == "Int64"
    assert edges["line"].tolist() == [2, 3, 4, 5]
    assert edges["kind"].tolist() == ["state", "event", "state", "state"]
    assert edges["sign"].tolist() == [1, -1, 1, -1]


def test_defaults_certainty_and_weight(make_dataset: MakeDataset) -> None:
    folder = make_dataset(nodes=RICH_NODES, edges=RICH_EDGES, relations=RICH_RELATIONS)
    edges = load_tables(folder).edges
    assert edges["certainty"].tolist() == ["certain", "certain", "alleged", "probable", "certain"]
    assert edges["weight"].tolist() == [2.5, 1.0, 1.0, 1.0, 1.0]
    graph = load(folder)
    assert graph.edges["sergo", "koba", "t1"]["weight"] == 2.5
    assert graph.edges["sergo", "okhrana", "t2"]["weight"] == 1.0
    assert graph.edges["null", "007", "007"]["certainty"] == "certain"


def test_dates_before_1677_load(make_dataset: MakeDataset) -> None:
    tables = load_tables(make_dataset(nodes=RICH_NODES, edges=RICH_EDGES, relations=RICH_RELATIONS))
    assert _iso(tables.nodes.loc["null", "start_lo"]) == "1600-01-01"
    assert _iso(tables.nodes.loc["null", "start_hi"]) == "1600-12-31"
    assert tables.nodes.loc["null", "start_qualifier"] == "uncertain"


def test_edges_without_id_are_keyed_by_their_line(make_dataset: MakeDataset) -> None:
    graph = load(
        make_dataset(edges="source,target,relation,citation\nsergo,koba,ally,x\n\nkoba,007,rival,y\n")
    )
    assert sorted(graph.edges(keys=True)) == [("koba", "007", "4"), ("sergo", "koba", "2")]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _assert_nothing_dropped(folder: Path, graph: nx.MultiDiGraph) -> int:
    """Every non-blank cell of the dataset's files is in the graph; returns how many were checked."""
    checked = 0
    for row in _rows(folder / "nodes.csv"):
        node = row["id"].strip()
        assert node in graph
        for column, value in row.items():
            if value.strip() and column != "id":
                assert graph.nodes[node][column] == value.strip(), (node, column)
                checked += 1
    for row in _rows(folder / "edges.csv"):
        ends = (row["source"].strip(), row["target"].strip(), row["id"].strip())
        assert graph.has_edge(*ends)
        for column, value in row.items():
            if value.strip() and column not in ("source", "target"):
                found = graph.edges[ends][column]
                assert found == float(value) if column == "weight" else found == value.strip(), (ends, column)
                checked += 1
    if (folder / "relations.csv").exists():
        for row in _rows(folder / "relations.csv"):
            vocabulary = json.loads(graph.graph["relations"])[row["relation"]]
            for column, value in row.items():
                if not value.strip() or column == "relation":
                    continue
                expected: object = value.strip()
                if column == "directed":
                    expected = value.lower() == "true"
                elif column == "sign":
                    expected = int(value)
                assert column in vocabulary, (row["relation"], column)
                assert vocabulary[column] == expected, (row["relation"], column)
                checked += 1
    return checked


def test_nothing_written_is_dropped_from_the_valid_dataset() -> None:
    assert _assert_nothing_dropped(Path(VALID), load(VALID)) == 17 + 21


def test_nothing_written_is_dropped_from_a_rich_dataset(make_dataset: MakeDataset) -> None:
    folder = make_dataset(nodes=RICH_NODES, edges=RICH_EDGES, relations=RICH_RELATIONS)
    assert _assert_nothing_dropped(folder, load(folder)) == 23 + 28 + 20


def test_extra_relation_columns_are_kept(make_dataset: MakeDataset) -> None:
    relations = "relation,directed,sign,kind,label\nally,false,1,state,Allies\nrival,false,-1,state,\n"
    folder = make_dataset(
        nodes="id,name\na,A\nb,B\n",
        edges="id,source,target,relation,citation\nt1,a,b,ally,x\nt2,b,a,rival,y\n",
        relations=relations,
    )
    # the built-in relations the file does not declare are added, blank in its own columns
    labels = {"ally": "Allies", "rival": "", "arrested-by": "", "deputy-of": ""}
    assert load_tables(folder).relations["label"].to_dict() == labels
    assert _assert_nothing_dropped(folder, load(folder)) == 2 + 6 + 7


def test_load_bad_data_raises_data_error_with_every_error() -> None:
    with pytest.raises(netpipe.DataError) as raised:
        netpipe.load("tests/data/many-defects")
    report = raised.value.report
    assert isinstance(report, netpipe.Report)
    assert len(report.errors) == 11
    assert report.lines("error") == netpipe.validate("tests/data/many-defects").lines("error")


def test_public_functions_stay_functions() -> None:
    # Importing a submodule must not replace a function of the package by the module.
    import netpipe.io.validation
    import netpipe.model.loader

    assert callable(netpipe.load)
    assert callable(netpipe.validate)
    assert netpipe.load("tests/data/valid").number_of_edges() == 4
    assert netpipe.validate("tests/data/valid").ok


def test_load_tables_of_a_graph_as_it_is_now() -> None:
    graph = load(VALID)
    tables = load_tables(graph)
    # The graph's order: sergo's ties, koba's, then 007's.
    assert tables.edges.index.tolist() == ["t1", "t2", "t4", "t3"]
    graph.add_edge("sergo", "007", key="new", relation="rival", start="1920")
    graph.remove_node("okhrana")
    tables = load_tables(graph)
    assert tables.nodes.index.tolist() == ["sergo", "koba", "007"]
    assert tables.edges.index.tolist() == ["t1", "new", "t4", "t3"]
    assert tables.edges.loc["new", ["relation", "sign", "directed", "start_lo"]].tolist() == [
        "rival",
        -1,
        False,
        parse_date("1920")[0],
    ]
