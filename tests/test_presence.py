"""Presence that follows the story: open ties keep their people, undated nodes are on no date.

Each expectation is read off the README's time rules by hand, on data written here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.model.selection import presence, snapshot, time_spans, undated, window

MakeDataset = Callable[..., Path]


def _ties(view: nx.Graph) -> list[str]:
    return sorted(key for _, _, key in view.edges(keys=True))


def test_an_open_tie_between_two_undated_people_lasts() -> None:
    H = nx.Graph()
    H.add_edge("a", "b", relation="ally", start="1920")
    assert list(netpipe.snapshot(H, "1925").edges) == [("a", "b")]
    assert list(netpipe.snapshot(H, "9999-12-31").edges) == [("a", "b")]
    assert list(netpipe.snapshot(H, "1919-12-31").edges) == []
    table = presence(H)
    assert table.loc["a"].tolist() == ["a", "person", "1920-01-01", "attested", "", "open"]


MEDICI_NODES = """id,name,kind,start,end
lorenzo,Lorenzo de' Medici,person,1449-01-01,1492-04-08
giuliano,Giuliano de' Medici,person,1453-10-28,1478-04-26
pazzi,Pazzi family,organization,,
sixtus,Sixtus IV,person,1414-07-21,1484-08-12
signoria,Signoria of Florence,organization,,
"""
MEDICI_EDGES = """id,source,target,relation,start,end
m1,pazzi,lorenzo,rival,1478-04-26,
m2,pazzi,giuliano,killed,1478-04-26,
m3,sixtus,pazzi,ally,1474,1478
m4,lorenzo,signoria,member-of,1433-09-07,1433-09-30
"""
MEDICI_RELATIONS = """relation,directed,sign,kind
rival,false,-1,state
killed,true,-1,event
ally,false,1,state
member-of,true,1,state
"""


def _medici(make_dataset: MakeDataset) -> nx.MultiDiGraph:
    return netpipe.load(make_dataset(nodes=MEDICI_NODES, edges=MEDICI_EDGES, relations=MEDICI_RELATIONS))


def test_the_pazzi_rivalry_lasts_until_lorenzo_dies(make_dataset: MakeDataset) -> None:
    graph = _medici(make_dataset)
    for at in ("1478-04-27", "1485", "1492-04-08"):
        assert "m1" in _ties(snapshot(graph, at)), at
    assert "m1" not in _ties(snapshot(graph, "1492-04-09"))
    assert "pazzi" not in snapshot(graph, "1492-04-09")
    # The killing is an event: only on its day; the alliance with the Pope ends with 1478.
    assert _ties(snapshot(graph, "1478-04-26")) == ["m1", "m2", "m3"]
    assert _ties(snapshot(graph, "1478-04-27")) == ["m1", "m3"]
    assert _ties(snapshot(graph, "1479")) == ["m1"]
    table = presence(graph)[["from", "from_basis", "until", "until_basis"]]
    assert table.loc["pazzi"].tolist() == ["1474-01-01", "attested", "1492-04-08", "inferred"]
    assert table.loc["lorenzo"].tolist() == ["1449-01-01", "declared", "1492-04-08", "declared"]
    assert table.loc["signoria"].tolist() == ["1433-09-07", "attested", "1433-09-30", "attested"]
    # The tie's own span stays open; its people bound it.
    assert time_spans(graph)[1].loc["m1"].isna().tolist() == [False, True]


def test_a_declared_end_wins_over_an_open_tie(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\na,Anna,,1930\nb,Boris,1900,1960\n"
    edges = "id,source,target,relation,start,end\nt1,a,b,ally,1920,\n"
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    assert _ties(snapshot(graph, "1930-12-31")) == ["t1"]
    assert _ties(snapshot(graph, "1931")) == []
    assert sorted(snapshot(graph, "1931")) == ["b"]


def test_an_open_tie_chain_ends_at_the_one_declared_end(make_dataset: MakeDataset) -> None:
    # b has no end of its own; its open ties reach a (no end, but bounded by c) only through c.
    nodes = "id,name,start,end\na,Anna,,\nb,Boris,,\nc,Clara,1900,1950-06\n"
    edges = (
        "id,source,target,relation,start,end\nt1,a,c,ally,1920,\nt2,b,c,ally,1925,\nt3,a,b,rival,1930,1931\n"
    )
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    table = presence(graph)
    assert table["until"].tolist() == ["1950-06-30", "1950-06-30", "1950-06-30"]
    assert table["until_basis"].tolist() == ["inferred", "inferred", "declared"]
    assert _ties(snapshot(graph, "1950-06-30")) == ["t1", "t2"]
    assert sorted(snapshot(graph, "1950-07-01")) == []


def test_a_tie_with_an_end_and_no_start_begins_with_its_later_person(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\na,Anna,,\nb,Boris,1905-03,1960\n"
    edges = "id,source,target,relation,start,end\nt1,a,b,ally,,1920\n"
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    table = presence(graph)[["from", "from_basis", "until", "until_basis"]]
    assert table.loc["a"].tolist() == ["1905-03-01", "inferred", "1920-12-31", "attested"]
    assert _ties(snapshot(graph, "1905-02-28")) == []
    assert _ties(snapshot(graph, "1905-03-01")) == ["t1"]


def test_undated_nodes_are_in_the_graph_but_in_no_snapshot(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\nlakoba,Nestor Lakoba,,\ntomsky,Mikhail Tomsky,,\nkirov,Sergei Kirov,1886-03-27,1934-12-01\n"
    edges = "id,source,target,relation,start,end\nt1,lakoba,tomsky,ally,,\n"
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    assert set(graph) == {"lakoba", "tomsky", "kirov"}
    for at in ("-0500", "1886", "1930", "1943"):
        assert sorted(snapshot(graph, at)) == ([] if at in ("-0500", "1943") else ["kirov"])
    assert sorted(window(graph, None, None)) == ["kirov"]
    assert sorted(snapshot(graph, "1930", presence="always")) == ["kirov", "lakoba", "tomsky"]
    assert sorted(snapshot(graph, "1943", presence="always")) == ["lakoba", "tomsky"]
    assert _ties(snapshot(graph, "1943", presence="always")) == ["t1"]
    nodes_apart, ties_apart = undated(graph)
    assert nodes_apart["id"].tolist() == ["lakoba", "tomsky"]
    assert ties_apart["id"].tolist() == ["t1"]
    assert presence(graph).loc["lakoba"].tolist() == ["Nestor Lakoba", "person", "", "undated", "", "undated"]
    spans = time_spans(graph)[0]
    assert spans.loc["lakoba", "lo"] > spans.loc["lakoba", "hi"]  # never


def test_validate_warns_where_only_a_short_run_of_ties_places_a_node(make_dataset: MakeDataset) -> None:
    folder = make_dataset(nodes=MEDICI_NODES, edges=MEDICI_EDGES, relations=MEDICI_RELATIONS)
    report = netpipe.validate(folder)
    short = report.problems[report.problems["code"] == "short-presence"]
    assert short[["file", "line", "column", "severity", "message"]].values.tolist() == [
        [
            str(folder / "nodes.csv"),
            6,
            "id",
            "warning",
            "Signoria of Florence: present only 1433-09-07 to 1433-09-30 (from its ties)",
        ]
    ]


def test_the_presence_option_of_the_commands(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\nlakoba,Nestor Lakoba,,\nkirov,Sergei Kirov,1886-03-27,1934-12-01\n"
    edges = "id,source,target,relation,start,end\nt1,lakoba,kirov,ally,,\n"
    folder = str(make_dataset(nodes=nodes, edges=edges))
    attested = CliRunner().invoke(app, ["snapshot", folder, "--at", "1930"])
    assert (attested.exit_code, attested.stderr) == (0, "snapshot at 1930, wide: 1 nodes, 0 ties\n")
    always = CliRunner().invoke(app, ["snapshot", folder, "--at", "1930", "--presence", "always"])
    assert (always.exit_code, always.stderr) == (0, "snapshot at 1930, wide: 2 nodes, 1 ties\n")
    bad = CliRunner().invoke(app, ["snapshot", folder, "--at", "1930", "--presence", "never"])
    assert bad.exit_code == 2
    assert bad.stderr.endswith(
        "Error: Invalid value for '--presence': 'never' is not one of 'attested', 'always'.\n"
    )


def test_presence_gives_dates_in_any_era() -> None:
    """ISO dates as netpipe writes them (astronomical years; other calendars converted to the
    Gregorian day), not day numbers: 44 BC is ``-0043``."""
    import networkx as nx

    import netpipe

    H = nx.MultiDiGraph()
    H.add_node("caesar", name="Julius Caesar", start="-0099-07-12", end="-0043-03-15")
    H.add_node("brutus", name="Brutus")
    H.add_edge("brutus", "caesar", relation="rival", start="-0044")
    H.add_node("charlemagne", start="0747", end="0814-01-28", calendar="julian")  # 4 days behind
    table = netpipe.presence(H)
    assert table.values.tolist() == [
        ["Julius Caesar", "person", "-0099-07-12", "declared", "-0043-03-15", "declared"],
        ["Brutus", "person", "-0044-01-01", "attested", "-0043-03-15", "inferred"],
        ["charlemagne", "person", "0747-01-05", "declared", "0814-02-01", "declared"],
    ]
    assert all(isinstance(day, str) for day in [*table["from"], *table["until"]])
