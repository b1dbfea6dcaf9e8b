"""The bundled network: facts of the story, read back from data/, and the story over time."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import netpipe
from netpipe.analysis.paths import chains
from netpipe.cli import app
from netpipe.dates import parse_date
from netpipe.names import resolve
from netpipe.selection import selection_of, snapshot, window


@pytest.fixture(scope="module")
def graph():
    return netpipe.load("data")


@pytest.fixture(scope="module")
def tables(graph):
    return netpipe.load_tables(graph)


def test_validates_without_errors():
    report = netpipe.validate("data")
    assert report.ok
    counts = report.warnings["code"].value_counts().to_dict()
    assert counts == {"repeated-tie": 17, "outside-lifespan": 5, "no-ties": 2, "short-presence": 15}


def test_counts(graph):
    kinds = pd.Series(dict(graph.nodes(data="kind"))).value_counts().to_dict()
    assert kinds == {"person": 56, "organization": 31}
    assert graph.number_of_edges() == 322
    assert {"ally", "rival", "arrested-by", "deputy-of"} <= set(json.loads(graph.graph["relations"]))


def test_ordzhonikidze_dates_and_aliases(graph, tables):
    sergo = graph.nodes["ordzhonikidze"]
    assert (sergo["start"], sergo["end"], sergo["group"]) == (
        "1886-10-24",
        "1937-02-18",
        "Bolshevik leadership",
    )
    assert "Sergo" in sergo["aliases"].split("|")
    row = tables.nodes.loc["ordzhonikidze"]
    assert row["start_lo"] == row["start_hi"] == parse_date("1886-10-24")[0]
    assert row["end_lo"] == row["end_hi"] == parse_date("1937-02-18")[0]


@pytest.mark.parametrize(
    ("alias", "node"),
    [
        ("Koba", "stalin"),
        ("Pyatakov", "piatakov"),
        ("lavrenty beria", "beria"),
        ("Yelena Stasova", "stasova"),
    ],
)
def test_aliases_resolve(tables, alias, node):
    assert resolve(alias, tables.nodes) == node


def test_arrest_by_the_okhrana_is_directed_and_dated(graph, tables):
    tie = graph.edges["ordzhonikidze", "okhrana", "e037"]
    assert (tie["relation"], tie["start"], tie["certainty"], tie["citation"]) == (
        "arrested-by", "1912-04-14", "certain", "Ulam 2007",
    )  # fmt: skip
    assert tie["directed"] is True
    reverse = graph.get_edge_data("okhrana", "ordzhonikidze")
    assert [t["relation"] for t in reverse.values()] == ["surveilled"]
    assert json.loads(graph.graph["relations"])["arrested-by"]["kind"] == "event"


def test_uncertain_year_keeps_its_qualifier(tables):
    row = tables.edges.loc["e019"]
    assert (row["start"], row["start_qualifier"], row["start_precision"]) == ("1908?", "uncertain", "year")
    assert (row["start_lo"], row["start_hi"]) == parse_date("1908")


def test_deputy_span_at_month_precision(tables):
    row = tables.edges.loc["e078"]
    assert (row["source"], row["target"], row["relation"]) == ("piatakov", "ordzhonikidze", "deputy-of")
    assert row["end_hi"] == parse_date("1936-08-31")[0]


def test_alleged_ties_are_marked(graph):
    assert graph.edges["stalin", "kirov", "e112"]["certainty"] == "alleged"
    assert graph.edges["makhover", "stalin", "e246"]["certainty"] == "possible"


def test_conflicting_readings_are_both_kept(graph):
    first = graph.edges["ordzhonikidze", "stalin", "e006"]
    second = graph.edges["ordzhonikidze", "stalin", "e007"]
    assert (first["end"], second["end"]) == ("1936-11~", "1937-02-18")
    assert first["claim"] == second["claim"] == "stalin-sergo-friendship"
    assert "Rival reading: e007" in first["note"]


def test_kirov_is_absent_after_his_murder(graph):
    assert "kirov" in snapshot(graph, "1934-11-30")
    assert "kirov" not in snapshot(graph, "1934-12-02")


def test_sergo_is_absent_the_day_after_his_death(graph):
    assert "ordzhonikidze" in snapshot(graph, "1937-02-18")
    assert "ordzhonikidze" not in snapshot(graph, "1937-02-19")


def test_arrest_is_active_only_on_its_day(graph):
    on_the_day = snapshot(graph, "1912-04-14")
    assert on_the_day.has_edge("ordzhonikidze", "okhrana", "e037")
    assert not snapshot(graph, "1912-04-15").has_edge("ordzhonikidze", "okhrana", "e037")


def test_deputy_tie_holds_in_1934_and_not_in_1937(graph):
    assert snapshot(graph, "1934-06-01").has_edge("piatakov", "ordzhonikidze", "e077")
    assert not snapshot(graph, "1937-01-01").has_edge("piatakov", "ordzhonikidze", "e077")


def test_the_narrow_reading_drops_ties_with_uncertain_dates(graph):
    assert snapshot(graph, "1908-06-01").has_edge("ordzhonikidze", "okhrana", "e019")
    assert not snapshot(graph, "1908-06-01", reading="narrow").has_edge("ordzhonikidze", "okhrana", "e019")


def test_window_of_1937_holds_the_february_plenum_and_the_death(graph):
    view = window(graph, "1937-02", "1937-02")
    assert view.has_edge("makhover", "ordzhonikidze", "e245")
    assert selection_of(view).label == "window 1937-02 to 1937-02, wide"


def test_chain_from_piatakov_to_beria_in_october_1936_runs_through_sergo(graph):
    table = chains(snapshot(graph, "1936-10-01"), "Pyatakov", "Lavrenty Beria")
    assert table["chain"].unique().tolist() == [1]
    steps = table.groupby("step")[["from", "to"]].first().values.tolist()
    assert steps == [["Yuri Piatakov", "Sergo Ordzhonikidze"], ["Sergo Ordzhonikidze", "Lavrenti Beria"]]
    first = table[table["step"] == 1]
    assert ("friend", "e080") in set(zip(first["relation"], first["tie"], strict=True))
    assert "deputy-of" not in set(first["relation"])  # he was arrested on 12 September


def test_path_command_resolves_a_nickname():
    result = CliRunner().invoke(app, ["path", "Koba", "kirov", "data", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["from"], r["to"]) for r in rows} == {("Joseph Stalin", "Sergei Kirov")}
