"""The bundled network: facts of the story, read back from data/, and the story over time."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import netpipe
from netpipe.analysis.paths import chains
from netpipe.app.cli import app
from netpipe.io.dates import parse_date
from netpipe.io.names import resolve
from netpipe.model.network import selection_of
from netpipe.model.selection import snapshot, window


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
    assert counts == {"repeated-tie": 22, "outside-lifespan": 6, "no-ties": 2, "short-presence": 12}


def test_counts(graph):
    kinds = pd.Series(dict(graph.nodes(data="kind"))).value_counts().to_dict()
    assert kinds == {"person": 57, "organization": 32}
    assert graph.number_of_edges() == 328
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
    assert tie["mutual"] is False
    reverse = graph.get_edge_data("okhrana", "ordzhonikidze")
    assert [t["relation"] for t in reverse.values()] == ["surveilled"]
    assert json.loads(graph.graph["relations"])["arrested-by"]["kind"] == "event"


def test_uncertain_year_keeps_its_qualifier(tables):
    row = tables.edges.loc["e101"]
    assert (row["start"], row["start_qualifier"], row["start_precision"]) == ("1932?", "uncertain", "year")
    assert (row["start_lo"], row["start_hi"]) == parse_date("1932")


def test_the_baku_arrest_is_the_range_the_text_bounds(tables):
    # "After eight months of work on the Baku committee" (from 1907) and before the November 1908 deportation.
    row = tables.edges.loc["e019"]
    assert (row["start"], row["start_qualifier"]) == ("1907-09/1908-10", "")
    assert (row["start_lo"], row["start_hi"]) == (parse_date("1907-09-01")[0], parse_date("1908-10-31")[0])
    assert tables.edges.loc["e013", "end"] == tables.edges.loc["e014", "end"] == row["start"]


def test_old_style_days_are_marked_julian_and_written_as_the_text_writes_them(graph):
    julian = {key for _, _, key, cal in graph.edges(keys=True, data="calendar") if cal == "julian"}
    assert {"e037", "e038", "e052", "e053", "e056"} <= julian  # 14 and 22 April 1912, 10-25 October 1917
    assert "e050" not in julian  # Stalin's return on 25 March 1917 is given in the New Style
    assert graph.edges["ordzhonikidze", "okhrana", "e037"]["start"] == "1912-04-14"
    assert graph.nodes["provisional-government"]["calendar"] == "julian"
    # Born 24 October 1886 in the New Style.
    assert graph.nodes["ordzhonikidze"].get("calendar") in (None, "", "gregorian")


def test_deputy_span_at_month_precision(tables):
    row = tables.edges.loc["e078"]
    assert (row["source"], row["target"], row["relation"]) == ("piatakov", "ordzhonikidze", "deputy-of")
    assert row["end_hi"] == parse_date("1936-08-31")[0]


def test_alleged_ties_are_marked(graph):
    assert graph.edges["stalin", "kirov", "e112"]["certainty"] == "alleged"
    assert graph.edges["makhover", "stalin", "e246"]["certainty"] == "possible"


def test_conflicting_readings_are_both_kept(graph):
    first = graph.edges["piatakov", "ordzhonikidze", "e077"]
    second = graph.edges["piatakov", "ordzhonikidze", "e078"]
    assert (first["end"], second["end"]) == ("1936-09-12", "1936-08")
    assert first["claim"] == second["claim"] == "piatakov-deputyship-end"
    assert "Rival readings: e078" in first["note"]


def test_the_hour_of_the_shot_is_a_claim_and_the_cause_of_death_is_not(graph):
    claims = {key: claim for _, _, key, claim in graph.edges(keys=True, data="claim") if claim}
    assert {k for k, c in claims.items() if c == "hour-of-shot"} == {"e241", "e325", "e326"}
    assert "cause-of-death" not in claims.values()
    assert {k for k, c in claims.items() if c == "search-before-death"} == {"e234", "e235", "e236"}


def test_kirov_is_absent_after_his_murder(graph):
    assert "kirov" in snapshot(graph, "1934-11-30")
    assert "kirov" not in snapshot(graph, "1934-12-02")


def test_sergo_is_absent_the_day_after_his_death(graph):
    assert "ordzhonikidze" in snapshot(graph, "1937-02-18")
    assert "ordzhonikidze" not in snapshot(graph, "1937-02-19")


def test_expulsion_is_active_only_on_its_day(graph):
    on_the_day = snapshot(graph, "1932-09-27")
    assert on_the_day.has_edge("ryutin", "communist-party", "e099")
    assert not snapshot(graph, "1932-09-28").has_edge("ryutin", "communist-party", "e099")


def test_deputy_tie_holds_in_1934_and_not_in_1937(graph):
    assert snapshot(graph, "1934-06-01").has_edge("piatakov", "ordzhonikidze", "e077")
    assert not snapshot(graph, "1937-01-01").has_edge("piatakov", "ordzhonikidze", "e077")


def test_the_narrow_reading_drops_ties_with_uncertain_dates(graph):
    assert snapshot(graph, "1932-06-01").has_edge("ryutin", "vassily-ryutin", "e101")
    assert not snapshot(graph, "1932-06-01", reading="narrow").has_edge("ryutin", "vassily-ryutin", "e101")


def test_sergo_is_papulias_brother_from_his_birth(graph):
    assert snapshot(graph, "1886-10-24").has_edge("ordzhonikidze", "papulia-ordzhonikidze", "e170")
    assert not snapshot(graph, "1886-10-23").has_edge("ordzhonikidze", "papulia-ordzhonikidze", "e170")


def test_window_of_1937_holds_the_february_plenum_and_the_death(graph):
    view = window(graph, "1937-02", "1937-02")
    assert view.has_edge("makhover", "ordzhonikidze", "e245")
    assert selection_of(view).label == "window 1937-02 to 1937-02, wide"


def test_chain_from_piatakov_to_beria_in_october_1936_runs_through_sergo(graph):
    table = chains(snapshot(graph, "1936-10-01"), "Pyatakov", "Lavrenty Beria").table
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
