"""Turnover (``netpipe.turnover``, ``netpipe.tied_durations``): graphs built by hand with values
counted by hand, other eras, empty and undated data, random dated datasets against a plain-Python
oracle written from the rule, the report's section on the bundled data and the command line."""

from __future__ import annotations

import csv
import math
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reach import close_dates, reach_datasets, write
from test_time_oracle import INF, kept, node_spans, tie_span
from typer.testing import CliRunner

import netpipe
from conftest import Run, examples
from netpipe.analysis.turnover import tied_durations, turnover
from netpipe.app.cli import app
from netpipe.io.errors import ArgumentError

TOTALS = ["start", "end", "active_at_start", "formed", "dissolved", "events"]


def five_people() -> nx.MultiGraph:
    """The graph the first tests count by hand (5-year periods 1905-1909 to 1930-1934)."""
    G = nx.MultiGraph()
    G.add_node("a", start="1900", end="1950")
    G.add_node("d", end="1930-06-01")  # d's death ends t3
    G.add_nodes_from(["b", "c"])
    G.add_edge("a", "b", key="t1", id="t1", relation="ally", start="1905", end="1912")
    G.add_edge("b", "c", key="t2", id="t2", relation="ally", start="1908")  # never ends: censored
    G.add_edge("a", "d", key="t3", id="t3", relation="rival", start="1920")
    G.add_edge("c", "d", key="t4", id="t4", relation="arrested-by", start="1925-03-01")  # an event
    G.add_edge("a", "c", key="t5", id="t5", relation="deputy-of")  # undated: left out
    G.add_edge("b", "c", key="t6", id="t6", relation="rival", end="1911")  # no start: never formed
    return G


@pytest.mark.parametrize("reading", ["wide", "narrow"])
def test_ties_formed_and_dissolved_counted_by_hand(reading: str) -> None:
    found = turnover(five_people(), periods="5y", reading=reading)
    assert found.totals[TOTALS].values.tolist() == [
        ["1905", "1909", 1, 2, 0, 0],  # t6 held (open start); t1, t2 formed
        ["1910", "1914", 3, 0, 2, 0],  # t1, t2, t6 held; t1 (1912) and t6 (1911) dissolved
        ["1915", "1919", 1, 0, 0, 0],
        ["1920", "1924", 1, 1, 0, 0],  # t3 formed
        ["1925", "1929", 2, 0, 0, 1],  # the arrest
        ["1930", "1934", 2, 0, 1, 0],  # t3 ends with d's death
    ]
    rates = found.totals[["formation_rate", "dissolution_rate"]].values.tolist()
    assert rates[0] == [2.0, 0.0] and rates[1] == [0.0, 2 / 3]
    assert (found.undated, found.never_active, found.open_starts, found.open_ends) == (1, 0, 1, 1)
    assert (found.loose_starts, found.loose_ends, found.step) == (0, 0, "5y")
    by_relation = found.table.set_index(["start", "relation"])
    assert found.table["relation"].unique().tolist() == ["ally", "rival", "arrested-by"]  # deputy-of: undated
    assert by_relation.loc[("1910", "ally"), ["active_at_start", "dissolved"]].tolist() == [2, 1]
    assert by_relation.loc[("1910", "rival"), ["active_at_start", "dissolved"]].tolist() == [1, 1]
    assert by_relation.loc[("1925", "arrested-by"), ["kind", "events"]].tolist() == ["event", 1]
    assert math.isnan(by_relation.loc[("1905", "rival"), "formation_rate"]) is False
    assert math.isnan(by_relation.loc[("1905", "arrested-by"), "formation_rate"])  # nothing held: no rate
    ties = found.ties.set_index("id")
    assert ties.loc["t3", ["first", "last", "start_stated", "end_stated", "formed_in", "dissolved_in"]].tolist() == [
        "1920-01-01" if reading == "wide" else "1920-12-31", "1930-06-01", True, True, "1920", "1930",
    ]  # fmt: skip
    assert ties.loc["t2", ["last", "end_stated", "dissolved_in"]].tolist() == ["", False, ""]
    assert ties.loc["t6", ["first", "start_stated", "formed_in", "dissolved_in"]].tolist() == [
        "",
        False,
        "",
        "1910",
    ]
    assert "t5" not in ties.index


def test_a_focus_counts_what_is_censored_within_it() -> None:
    found = turnover(five_people(), periods="5y", start="1905", end="1907")
    assert found.totals[TOTALS].values.tolist() == [["1905", "1907", 1, 1, 0, 0]]  # t1 formed
    # t6 is held from the record's start; t2 begins in 1908, after the focus.
    assert (found.open_starts, found.open_ends) == (1, 0)


def test_a_date_too_loose_for_one_period_is_placed_in_none() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", relation="ally", start="1908/1912", end="1931")
    G.add_edge("b", "c", relation="ally", start="1901/1908", end="1929/1931")
    by_five = turnover(G, periods="5y")
    assert by_five.totals[["formed", "dissolved"]].sum().tolist() == [0, 1]  # 1931 alone is placed
    assert (by_five.loose_starts, by_five.loose_ends) == (2, 1)
    by_decade = turnover(G, periods="decade")
    assert by_decade.totals[["start", "formed", "dissolved"]].values.tolist() == [
        ["1900", 1, 0],
        ["1910", 0, 0],
        ["1920", 0, 0],
        ["1930", 0, 1],
    ]
    assert (by_decade.loose_starts, by_decade.loose_ends) == (1, 1)


def test_bc_years_and_a_death_ending_a_tie() -> None:
    G = nx.Graph()
    G.add_node("caesar", end="-0043-03-15")  # 44 BC, the Ides of March
    G.add_edge("caesar", "brutus", relation="ally", start="-0048")
    G.add_edge("caesar", "pompey", relation="rival", start="-0050", end="-0048-09-28")
    found = turnover(G, periods="decade")
    assert found.totals[TOTALS].values.tolist() == [["-0050", "-0041", 0, 2, 2, 0]]
    assert found.open_ends == 0  # Caesar's death states the end of the alliance
    durations = tied_durations(G)
    assert durations[["a", "b", "first", "last", "days", "censored"]].values.tolist() == [
        ["caesar", "brutus", "-0048-01-01", "-0043-03-15", 366 + 3 * 365 + 366 + 31 + 28 + 15, False],
        ["caesar", "pompey", "-0050-01-01", "-0048-09-28", 2 * 365 + 244 + 28, False],  # -0048 is a leap year
    ]


def test_medieval_periods_given_as_dates() -> None:
    G = nx.Graph()
    G.add_node("lorenzo", start="1449-01-01", end="1492-04-08")
    G.add_edge("pazzi", "lorenzo", relation="rival", start="1478")  # ends with Lorenzo's death
    G.add_edge("sixtus", "lorenzo", relation="ally", start="1471-08", end="1477")
    found = turnover(G, periods=["1469", 1478, "1492"])
    assert found.totals[TOTALS].values.tolist() == [
        ["1469", "1477", 0, 1, 1, 0],
        ["1478", "1491", 0, 1, 0, 0],
        ["1492", "1492", 1, 0, 1, 0],
    ]
    assert found.step == ""
    focused = turnover(G, periods="year", start="1477-07-01", end="1478")
    assert focused.totals[TOTALS].values.tolist() == [
        ["1477-07", "1477-12", 1, 0, 0, 0],  # the alliance ended in 1477: maybe before July
        ["1478", "1478", 0, 1, 0, 0],
    ]
    assert (focused.loose_starts, focused.loose_ends) == (0, 1)


def test_the_default_step_makes_at_most_twenty_periods() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", relation="ally", start="1914-06-28", end="1914-08-06")
    assert turnover(G).step == "month"
    assert turnover(G).totals["start"].tolist() == ["1914-06", "1914-07", "1914-08"]
    G.add_edge("b", "c", relation="ally", start="1066", end="1914")
    assert turnover(G).step == "50y"
    assert len(turnover(G).totals) == 18  # 1050-1099 to 1900-1949


def test_a_wholly_undated_dataset_no_ties_and_one_node() -> None:
    undated = nx.Graph()
    undated.add_edge("a", "b", relation="ally")
    undated.add_edge("b", "c", relation="arrested-by")
    found = turnover(undated)
    assert found.totals.empty and found.table.empty and found.ties.empty
    assert (found.undated, found.open_starts, found.open_ends) == (2, 0, 0)
    assert list(found.totals.columns) == [*TOTALS[:5], "formation_rate", "dissolution_rate", "events"]
    assert tied_durations(undated).empty
    lonely = nx.Graph()
    lonely.add_node("a", start="1900")
    for graph in (lonely, nx.Graph()):
        empty = turnover(graph)
        assert empty.totals.empty and (empty.undated, empty.never_active) == (0, 0)
        assert list(tied_durations(graph).columns) == [
            "a", "name_a", "b", "name_b", "ties", "first", "last", "spells", "days", "censored",
        ]  # fmt: skip


def test_certainty_and_a_tie_that_never_surely_held() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", relation="ally", start="1905", end="1906", certainty="possible")
    G.add_edge("b", "c", relation="ally", start="1905?", end="1906")
    assert turnover(G, periods="decade").totals["formed"].tolist() == [2]
    assert turnover(G, periods="decade", certainty="probable").totals["formed"].tolist() == [1]
    narrow = turnover(G, periods="decade", reading="narrow")
    assert narrow.totals["formed"].tolist() == [1] and narrow.never_active == 1


def test_bad_options_are_argument_errors() -> None:
    G = five_people()
    with pytest.raises(ArgumentError, match=r'^"fortnight" is not a period'):
        turnover(G, periods="fortnight")
    with pytest.raises(ArgumentError, match=r"^the dates that begin the periods must be in order"):
        turnover(G, periods=["1920", "1910"])
    with pytest.raises(ArgumentError, match=r'^"loose" is not a reading'):
        turnover(G, reading="loose")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r'^the period ends \("1900"\) before it starts \("1910"\)$'):
        turnover(G, start="1910", end="1900")


def test_pairs_spells_and_relations() -> None:
    G = nx.MultiGraph()
    G.add_node("x", end="1900-01-31")
    G.add_edge("x", "y", relation="ally", start="1900-01-01", end="1900-01-10")
    G.add_edge("y", "x", relation="rival", start="1900-01-11", end="1900-01-15")  # follows on: one spell
    G.add_edge("x", "y", relation="ally", start="1900-01-20")  # a second spell, ended by x's death
    G.add_edge("x", "y", relation="arrested-by", start="1900-01-05")  # an event: no time tied
    G.add_edge("y", "z", relation="ally", end="1900-03-01")  # its start is the record's first sight
    G.add_edge("z", "z", relation="ally", start="1899", end="1901")  # a self-loop: no pair
    pairs = tied_durations(G)
    assert pairs[["a", "b", "ties", "first", "last", "spells", "days", "censored"]].values.tolist() == [
        ["x", "y", 3, "1900-01-01", "1900-01-31", 2, 15 + 12, False],
        ["y", "z", 1, "", "1900-03-01", 1, pd.NA, True],  # nothing bounds its start: open
    ]
    by_relation = tied_durations(G, by_relation=True)
    assert by_relation[["a", "b", "relation", "ties", "spells", "days"]].values.tolist() == [
        ["x", "y", "ally", 2, 2, 10 + 12],
        ["x", "y", "rival", 1, 1, 5],
        ["y", "z", "ally", 1, 1, pd.NA],
    ]


# The oracle: random dated datasets (those of the reach tests), the time rules' own oracle for
# presence, and turnover's rules written out in plain Python.


def placed(day_pair: tuple[int, int], periods: list[tuple[int, int]]) -> int | None:
    """The period holding both days, if one does."""
    found = [i for i, (lo, hi) in enumerate(periods) if lo <= day_pair[0] <= hi and lo <= day_pair[1] <= hi]
    return found[0] if found else None


def oracle(data: dict, periods: list[tuple[int, int]], reading: str, certainty: str | None) -> dict:
    """Counts per (period, relation), the counters, and each pair's spells, from the rule."""
    present = node_spans(data, reading, "attested")
    wide, narrow = node_spans(data, "wide", "attested"), node_spans(data, "narrow", "attested")
    declared = {
        node: (
            (row["start"].lo if reading == "wide" else row["start"].hi) if row["start"] else None,
            (row["end"].hi if reading == "wide" else row["end"].lo) if row["end"] else None,
        )
        for node, row in data["nodes"].items()
    }
    counts: dict[tuple[int, str, str], int] = {}
    counters = {"undated": 0, "never": 0, "open_starts": 0, "open_ends": 0}
    pairs: dict[tuple[str, str], list[tuple[int, int, bool, bool]]] = {}
    for tie in data["ties"].values():
        if not kept(tie, certainty):
            continue
        start, end, s, t = tie["start"], tie["end"], tie["source"], tie["target"]
        if not start and not end:
            counters["undated"] += 1
            continue
        lo, hi = tie_span(tie, reading)
        lo, hi = max(lo, present[s][0], present[t][0]), min(hi, present[s][1], present[t][1])
        if lo > hi:
            counters["never"] += 1
            continue
        state = tie["kind"] == "state"
        start_stated = lo != -INF and (start is not None or lo in (declared[s][0], declared[t][0]))
        end_stated = hi != INF and (end is not None or not state or hi in (declared[s][1], declared[t][1]))
        within = lo <= periods[-1][1] and hi >= periods[0][0]  # censoring counts within the periods
        counters["open_starts"] += within and not start_stated
        counters["open_ends"] += within and state and not end_stated
        event_day = (start.lo, start.hi) if start and not state else (INF, INF)  # a state tie: open
        firsts = (
            max(start.lo if start else -INF, wide[s][0], wide[t][0]),
            max(start.hi if start else -INF, narrow[s][0], narrow[t][0]),
        )
        lasts = (
            min(end.lo if end else event_day[0], narrow[s][1], narrow[t][1]),
            min(end.hi if end else event_day[1], wide[s][1], wide[t][1]),
        )
        relation = tie["relation"]
        for i, (p_lo, _) in enumerate(periods):
            if state and lo < p_lo <= hi:
                counts[(i, relation, "active_at_start")] = counts.get((i, relation, "active_at_start"), 0) + 1
        for stated, days, what in (
            (start_stated, firsts, "formed" if state else "events"),
            (end_stated and state, lasts, "dissolved"),
        ):
            at = placed(days, periods) if stated else None
            if at is not None:
                counts[(at, relation, what)] = counts.get((at, relation, what), 0) + 1
        if state and s != t:
            pairs.setdefault((min(s, t), max(s, t)), []).append((lo, hi, start_stated, end_stated))
    return {"counts": counts, "counters": counters, "pairs": pairs}


def oracle_spells(ties: list[tuple[int, int, bool, bool]]) -> tuple[int, int | None, bool]:
    """Spells, days (None if open) and censoring of one pair's ties."""
    spells: list[list] = []
    for lo, hi, start_stated, end_stated in sorted(ties):
        if spells and lo <= spells[-1][1] + 1:
            spell = spells[-1]
            if hi > spell[1]:
                spell[1], spell[3] = hi, not end_stated
            elif hi == spell[1]:
                spell[3] |= not end_stated
            spell[2] |= lo == spell[0] and not start_stated
        else:
            spells.append([lo, hi, not start_stated, not end_stated])
    days = None if any(s[0] == -INF or s[1] == INF for s in spells) else sum(s[1] - s[0] + 1 for s in spells)
    return len(spells), days, any(s[2] or s[3] for s in spells)


@st.composite
def turnover_cases(draw: st.DrawFn) -> dict:
    data = draw(reach_datasets())
    starts = sorted({d.lo: d for d in draw(st.lists(close_dates(data["base"]), min_size=1, max_size=4))}.values(),
                    key=lambda d: d.lo)  # fmt: skip
    return {
        "data": data,
        "periods": starts,
        "reading": draw(st.sampled_from(["wide", "narrow"])),
        "certainty": draw(st.sampled_from([None, None, "probable"])),
    }


@settings(max_examples=examples(60, 600), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=turnover_cases())
def test_turnover_and_durations_agree_with_the_oracle(case: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), case["data"])
        G = netpipe.load(folder)
    starts = case["periods"]
    periods = [(d.lo, (starts[i + 1].lo - 1) if i + 1 < len(starts) else d.hi) for i, d in enumerate(starts)]
    expected = oracle(case["data"], periods, case["reading"], case["certainty"])
    found = turnover(
        G, periods=[d.text for d in starts], reading=case["reading"], certainty=case["certainty"]
    )
    counters = expected["counters"]
    assert (found.undated, found.never_active, found.open_starts, found.open_ends) == (
        counters["undated"], counters["never"], counters["open_starts"], counters["open_ends"],
    )  # fmt: skip
    period_of = {start: i for i, start in enumerate(dict.fromkeys(found.table["start"]))}
    assert len(period_of) in (0, len(periods))
    for _, row in found.table.iterrows():
        for what in ("active_at_start", "formed", "dissolved", "events"):
            key = (period_of[row["start"]], row["relation"], what)
            assert row[what] == expected["counts"].pop(key, 0), (key, row.to_dict())
    assert {k: v for k, v in expected["counts"].items() if v} == {}
    durations = tied_durations(G, reading=case["reading"], certainty=case["certainty"])
    got = {
        (row.a, row.b): (row.spells, None if pd.isna(row.days) else row.days, row.censored)
        for row in durations.itertuples()
    }
    assert got == {pair: oracle_spells(ties) for pair, ties in expected["pairs"].items()}


# The bundled data: the report's section, read back from a real run.


def ended_on_sergo_death() -> int:
    """Lasting ties that end on 18 February 1937, found with snapshots and the CSV files: active
    that day and not the next, of a ``state`` relation, dated (a start or an end written), and
    with a stated end (written, or a declared end of one of their people)."""
    G = netpipe.load("data")
    with open("data/relations.csv", encoding="utf-8") as stream:
        lasting = {row["relation"] for row in csv.DictReader(stream) if row["kind"] == "state"}
    with open("data/nodes.csv", encoding="utf-8") as stream:
        declared_end = {row["id"] for row in csv.DictReader(stream) if row["end"]}
    after = {key for _, _, key in netpipe.snapshot(G, "1937-02-19").edges(keys=True)}
    total = 0
    for u, v, key, tie in netpipe.snapshot(G, "1937-02-18").edges(keys=True, data=True):
        dated = bool(tie.get("start") or tie.get("end"))
        stated = bool(tie.get("end")) or u in declared_end or v in declared_end
        total += key not in after and tie["relation"] in lasting and dated and stated
    return total


def test_the_report_says_when_ties_formed_and_dissolved(bundled_run: Run) -> None:
    report = (bundled_run.out / "report.md").read_text(encoding="utf-8")
    section = report.split("## Ties formed and dissolved\n", 1)[1].split("\n## ", 1)[0]
    assert "in each five-year period from 1885 to 1944" in section
    on_death = ended_on_sergo_death()
    assert (
        "Most ties dissolved in 1935\u20131939 (54: member-of 14, heads 8, friend 6), "
        f"{on_death} of them on 1937-02-18, the end date the data gives for Sergo Ordzhonikidze." in section
    )
    assert "Events were most frequent in 1935\u20131939 (127)." in section
    assert "Not counted: 24 ends the data does not state" in section and "; 2 undated ties;" in section
    every_period = report.split("### Ties formed and dissolved in every period\n", 1)[1].split("\n### ", 1)[0]
    assert "| 1935\u20131939 | 48 | 36 | 54 | 127 | 0.75 | 1.12 |" in every_period
    assert "| 1885\u20131889 | 0 | 1 | 0 | 0 |  |  |" in every_period  # nothing held before: no rate
    assert (
        "the longest tied: Sergo Ordzhonikidze and Papulia Ordzhonikidze (1886-10-24 to 1937-02-18)"
        in section
    )
    assert (bundled_run.out / "plots" / "turnover.png").stat().st_size > 0
    exported = pd.read_csv(
        bundled_run.out / "exports" / "turnover-totals.csv", dtype={"start": str, "end": str}
    )
    assert exported[["start", "formed", "dissolved", "events"]].values.tolist()[10] == ["1935", 36, 54, 127]
    ties = pd.read_csv(bundled_run.out / "exports" / "turnover-ties.csv", dtype=str, keep_default_na=False)
    assert ((ties["dissolved_in"] == "1935") & (ties["last"] == "1937-02-18")).sum() == on_death


def test_the_command_prints_the_table(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["turnover", "tests/data/valid", "--every", "decade", "--format", "csv"])
    assert result.exit_code == 0, result.output
    printed = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype={"start": str, "end": str})
    expected = turnover(netpipe.load("tests/data/valid"), periods="decade").totals
    assert printed[TOTALS].values.tolist() == expected[TOTALS].values.tolist()
    by_relation = runner.invoke(app, ["turnover", "tests/data/valid", "--by-relation", "-f", "json", "-q"])
    assert by_relation.exit_code == 0
    assert '"relation"' in by_relation.stdout
    pairs = runner.invoke(app, ["turnover", "tests/data/valid", "--pairs", "-f", "csv"])
    assert pairs.exit_code == 0 and pairs.stdout.startswith(
        "a,name_a,b,name_b,ties,first,last,spells,days,censored"
    )
    bad = runner.invoke(app, ["turnover", "tests/data/valid", "--every", "fortnight"])
    assert bad.exit_code == 2 and '"fortnight" is not a period' in bad.stderr
