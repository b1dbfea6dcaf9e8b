"""Selections in time: date arguments, presence from attestations, the events up to a date."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.dates import format_day, parse_date
from netpipe.io.errors import ArgumentError, ArgumentTypeError, NetpipeError
from netpipe.model.network import selection_of
from netpipe.model.selection import events, presence, snapshot, timeline, undated, window

MakeDataset = Callable[..., Path]
VALID = "tests/data/valid"


@pytest.fixture
def valid() -> nx.MultiDiGraph:
    return netpipe.load(VALID)


def _ties(view: nx.MultiDiGraph) -> list[str]:
    return sorted(key for _, _, key in view.edges(keys=True))


def test_a_year_and_a_date_are_dates(valid: nx.MultiDiGraph) -> None:
    assert _ties(snapshot(valid, 1912)) == _ties(snapshot(valid, "1912")) == ["t1", "t2"]
    assert _ties(snapshot(valid, datetime.date(1912, 4, 15))) == ["t1", "t2"]
    assert sorted(window(valid, 1930, datetime.date(1931, 6, 1)).nodes) == ["007", "koba", "sergo"]


@pytest.mark.parametrize("at", [None, 1912.0, ["1912"], datetime.datetime(1912, 4, 15)])
def test_another_type_is_an_argument_type_error(valid: nx.MultiDiGraph, at: object) -> None:
    with pytest.raises(ArgumentTypeError) as raised:
        snapshot(valid, at)  # type: ignore[arg-type]
    assert isinstance(raised.value, NetpipeError)
    assert str(raised.value) == (
        f"at must be a date text (1937-02-18), a year (1937) or a datetime.date, not {type(at).__name__}"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: snapshot(g, "1932-13"), '"1932-13" is not a real date: there is no month 13'),
        (
            lambda g: snapshot(g, "1937", reading="possible"),
            '"possible" is not a reading: use wide or narrow',
        ),
        (
            lambda g: snapshot(g, "1937", presence="never"),
            '"never" is not a presence: use attested or always',
        ),
        (
            lambda g: snapshot(g, "1937", certainty="sure"),
            '"sure" is not a certainty level: use certain, probable, possible, alleged',
        ),
        (lambda g: window(g, "1937", "1936"), 'the window ends ("1936") before it starts ("1937")'),
        (lambda g: events(g, "someday"), '"someday" is not a date: write YYYY'),
    ],
)
def test_bad_values_are_argument_errors(valid: nx.MultiDiGraph, call: Callable, message: str) -> None:
    with pytest.raises(ArgumentError) as raised:
        call(valid)
    assert str(raised.value).startswith(message)


def test_reading_and_certainty_are_separate_choices(valid: nx.MultiDiGraph) -> None:
    # t3 (007 deputy-of koba) is alleged and dated 1930~ to 1931?
    assert _ties(snapshot(valid, "1930-06-01")) == ["t1", "t3"]
    assert _ties(snapshot(valid, "1930-06-01", certainty="possible")) == ["t1"]
    assert _ties(snapshot(valid, "1930-06-01", reading="narrow")) == ["t1"]
    assert _ties(snapshot(valid, "1936-06-01", certainty="certain")) == ["t1"]
    assert _ties(snapshot(valid, "1936-06-01", certainty="probable")) == ["t1", "t4"]


def test_an_undated_node_is_present_while_attested(valid: nx.MultiDiGraph) -> None:
    assert "007" not in snapshot(valid, "1929-12-31")
    assert "007" in snapshot(valid, "1930-01-01")
    assert "007" in snapshot(valid, "1931-12-31")
    assert "007" not in snapshot(valid, "1932-01-01")
    assert "007" in snapshot(valid, "1800", presence="always")
    table = presence(valid)
    assert table[["from", "from_basis", "until", "until_basis"]].loc["007"].tolist() == [
        "1930-01-01",
        "attested",
        "1931-12-31",
        "attested",
    ]
    assert table[["from", "from_basis", "until", "until_basis"]].loc["sergo"].tolist() == [
        "1886-10-24",
        "declared",
        "1937-02-18",
        "declared",
    ]


def test_nodes_and_ties_without_dated_evidence_are_listed(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\na,Anna,,\nb,Boris,,\nc,Clara,1900,1950\nd,Dmitri,,\n"
    edges = "id,source,target,relation,start\nt1,a,b,ally,\nt2,a,c,ally,1920\nt3,b,d,ally,\n"
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    undated_nodes, undated_ties = undated(graph)
    assert undated_nodes.values.tolist() == [["b", "Boris", "person"], ["d", "Dmitri", "person"]]
    assert undated_ties.values.tolist() == [["t3", "b", "ally", "d"]]
    table = presence(graph)
    assert table["from_basis"].tolist() == ["attested", "undated", "declared", "undated"]
    # Anna's open tie to Clara lasts until Clara's declared end, and so does Anna
    assert table["until_basis"].tolist() == ["inferred", "undated", "declared", "undated"]
    assert table["until"].tolist() == ["1950-12-31", "", "1950-12-31", ""]
    # Boris and Dmitri are undated: in the whole network, on no date, nor their ties
    assert set(graph) == {"a", "b", "c", "d"}
    for at in ("1920-06-01", "1930", "1950-12-31"):
        assert sorted(snapshot(graph, at)) == ["a", "c"]
        assert _ties(snapshot(graph, at)) == ["t2"]
    assert sorted(snapshot(graph, "1951")) == []
    assert sorted(window(graph, None, None)) == ["a", "c"]
    assert _ties(snapshot(graph, "1930", presence="always")) == ["t1", "t2", "t3"]


def test_events_up_to_a_date(valid: nx.MultiDiGraph) -> None:
    assert events(valid, "1912-03-31").empty
    table = events(valid, "1912-04-15")
    assert table.values.tolist() == [
        ["t2", "sergo", "arrested-by", "okhrana", "1912-04", "", "certain", "main narrative"]
    ]
    assert events(valid, "1912-04-15", reading="narrow").empty  # the arrest may be later in April
    assert events(valid, "1912-04-30", reading="narrow")["id"].tolist() == ["t2"]
    assert events(valid, 1937, certainty="certain")["id"].tolist() == ["t2"]


def test_a_timeline_follows_the_changes_of_the_data(valid: nx.MultiDiGraph) -> None:
    # Only the days with a tie: 1878 (Stalin born), 1881, 1886 (Sergo born) have none, nor the
    # day after Sergo's death (1937-02-19), when his ties end with him.
    assert timeline(valid) == ["1907", "1912-04", "1912-05", "1918", "1930", "1932", "1936"]
    assert timeline(valid, limit=3) == ["1907", "1930", "1936"]
    assert timeline(valid, every="month")[:2] == ["1878-01-01", "1878-02-01"]


def test_a_timeline_keeps_the_dates_wholly_within_a_period(valid: nx.MultiDiGraph) -> None:
    assert timeline(valid, start="1930", end="1937-01") == ["1930", "1932", "1936"]
    assert timeline(valid, end="1912-04") == ["1907", "1912-04"]
    assert timeline(valid, start="1912-04-02", end="1912-05") == ["1912-05"]  # 1912-04 is not within
    given = ["1929", "1930", "1930-06", "1931-12-31", "1932"]
    assert timeline(valid, given, start="1930-01-01", end="1931") == ["1930", "1930-06", "1931-12-31"]
    with pytest.raises(ArgumentError, match='"1930-13"'):
        timeline(valid, start="1930-13")


def test_the_events_command() -> None:
    result = CliRunner().invoke(app, ["events", VALID, "--until", "1912-04-15", "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout == (
        "id,source,relation,target,start,end,certainty,citation\n"
        "t2,sergo,arrested-by,okhrana,1912-04,,certain,main narrative\n"
    )
    assert result.stderr == "events up to 1912-04-15, wide: 1\n"


def test_reading_and_certainty_options_replace_certain() -> None:
    narrow = CliRunner().invoke(app, ["snapshot", VALID, "--at", "1930-06-01", "--reading", "narrow"])
    assert (narrow.exit_code, narrow.stderr) == (0, "snapshot at 1930-06-01, narrow: 3 nodes, 1 ties\n")
    assert CliRunner().invoke(app, ["snapshot", VALID, "--certain"]).exit_code == 2
    bad = CliRunner().invoke(app, ["snapshot", VALID, "--at", "1930", "--reading", "possible"])
    assert bad.exit_code == 2
    assert bad.stderr.endswith(
        "Error: Invalid value for '--reading': 'possible' is not one of 'wide', 'narrow'.\n"
    )


def test_on_the_bundled_data_no_one_is_present_before_being_attested_or_declared() -> None:
    graph = netpipe.load("data")
    table = presence(graph)
    attested = table[table["from_basis"] == "attested"]
    assert len(attested) > 10
    tables = selection_of(graph)  # converted once for the many snapshots below

    def present_on(date: str) -> set[str]:
        return set(snapshot(tables, date).nodes.index)

    for node, text in attested["from"].items():
        day = parse_date(text)[0]
        assert node not in present_on(format_day(day - 1))
        assert node in present_on(text)
    # 1886: those whose presence (declared, attested, inferred or open) touches that year; the
    # undated are on no date
    first, last = parse_date("1886")
    begun = table["from"].map(lambda d: parse_date(d)[0] <= last if d else True)
    not_gone = table["until"].map(lambda d: parse_date(d)[1] >= first if d else True)
    dated = table["from_basis"] != "undated"
    by_1886 = set(table.index[begun & not_gone & dated])
    assert set(undated(graph)[0]["id"]).isdisjoint(snapshot(graph, "1886"))
    assert set(snapshot(graph, "1886").nodes) == by_1886
