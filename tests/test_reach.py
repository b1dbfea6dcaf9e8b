"""Chains in time (``netpipe.reach``): hand-built graphs, and random dated datasets against a
plain-Python oracle written from the rule (a naive fixed point over the ties)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_time_oracle import (
    INF,
    Date,
    dates,
    days_from_civil,
    kept,
    month_days,
    node_spans,
    tie_span,
    year_text,
)

import netpipe
from conftest import examples
from netpipe.analysis.reach import chain_in_time, reach, reach_overview
from netpipe.io.errors import ArgumentError, NotFound

COLUMNS = ["node", "arrival", "steps", "via", "ties", "uncertain"]
#: A neutral, undirected event and a state, for graphs built by hand.
MET = {"relation": "met", "kind": "event", "directed": False, "sign": 0}
ALLY = {"relation": "ally"}


def rows(table: object) -> list[list[object]]:
    return table[COLUMNS].values.tolist()  # type: ignore[index]


def line(*ties: tuple[str, str, str, dict]) -> nx.MultiDiGraph:
    """A graph of ties ``(id, source, target, attributes)``, nodes undated."""
    graph = nx.MultiDiGraph()
    for key, a, b, attributes in ties:
        graph.add_edge(a, b, key=key, **attributes)
    return graph


def test_a_chain_that_exists_statically_but_not_in_time_is_not_reported() -> None:
    graph = line(
        ("t1", "a", "b", {**ALLY, "start": "1910-01-01", "end": "1912-12-31"}),
        ("t2", "b", "c", {**ALLY, "start": "1900-01-01", "end": "1905-12-31"}),
    )
    assert netpipe.chains(graph, "a", "c").length == 2  # the static chain
    assert rows(reach(graph, "a")) == [  # from a's first day
        ["a", "1910-01-01", 0, "", "", False],
        ["b", "1910-01-01", 1, "a", "t1", False],
    ]
    # Backward: c's news could reach a (b learns by 1905, and tells a from 1910).
    assert rows(reach(graph, "a", direction="backward")) == [
        ["a", "1912-12-31", 0, "", "", False],
        ["b", "1912-12-31", 1, "a", "t1", False],
        ["c", "1905-12-31", 2, "b", "t1; t2", False],
    ]
    with pytest.raises(NotFound, match=r"^no chain in time leads from a \(a\) to c \(c\) \(whole network\)$"):
        chain_in_time(graph, "a", "c")


def test_a_state_tie_lets_a_chain_wait_an_event_does_not() -> None:
    first = ("t1", "a", "b", {**MET, "start": "1910-05-01"})

    def line(*ties: tuple[str, str, str, dict]) -> nx.MultiDiGraph:
        graph = globals()["line"](*ties)
        graph.nodes["a"].update(start="1900", end="1950")
        return graph

    waiting = line(first, ("t2", "b", "c", {**ALLY, "start": "1900", "end": "1950"}))
    assert rows(reach(waiting, "a", start="1910-01-01"))[2] == ["c", "1910-05-01", 2, "b", "t1; t2", False]
    too_early = line(first, ("t2", "b", "c", {**MET, "start": "1905-03"}))
    assert reach(too_early, "a", start="1910")["node"].tolist() == ["a", "b"]
    later = line(first, ("t2", "b", "c", {**MET, "start": "1912-03"}))
    # Uncertain: the meeting may have been later in March 1912.
    assert rows(reach(later, "a", start="1910"))[2] == ["c", "1912-03-01", 2, "b", "t1; t2", True]
    # The event on its own day: news from 1910-05-02 misses it.
    assert reach(later, "a", start="1910-05-02")["node"].tolist() == ["a"]


def test_the_earliest_of_two_chains_wins() -> None:
    graph = line(
        ("t1", "a", "b", {**ALLY, "start": "1900", "end": "1950"}),
        ("t2", "b", "d", {**MET, "start": "1930"}),
        ("t3", "a", "c", {**MET, "start": "1905"}),
        ("t4", "c", "d", {**MET, "start": "1920-06-15"}),
    )
    table = reach(graph, "a")
    assert rows(table)[-1] == ["d", "1920-06-15", 2, "c", "t3; t4", True]  # t3: some day of 1905
    steps = chain_in_time(graph, "a", "d")
    assert steps[["step", "day", "from", "to", "relation", "start", "tie"]].values.tolist() == [
        [1, "1905-01-01", "a", "c", "met", "1905", "t3"],
        [2, "1920-06-15", "c", "d", "met", "1920-06-15", "t4"],
    ]


def test_directions_flows_and_hostile_ties(make_dataset: object) -> None:
    folder = make_dataset(  # type: ignore[operator]
        nodes="id,name\na,A\nb,B\nc,C\nd,D\ne,E\n",
        edges="id,source,target,relation,start\n"
        "t1,a,b,deputy-of,1900\n"  # flow a -> b
        "t2,c,a,deputy-of,1901\n"  # flow c -> a: not walked from a
        "t3,a,d,member-of,1902\n"  # directed, no flow: not walked
        "t4,a,e,rival,1903\n",  # hostile: only with hostile=True
        relations="relation,directed,sign,kind,flow\nmember-of,true,0,state,false\n",
    )
    graph = netpipe.load(folder)
    assert reach(graph, "a")["node"].tolist() == ["a", "b"]
    assert reach(graph, "a", hostile=True)["node"].tolist() == ["a", "b", "e"]
    assert reach(graph, "a", direction="backward")["node"].tolist() == ["a", "c"]
    assert rows(reach(graph, "b", direction="backward")) == [
        ["b", "", 0, "", "", False],
        ["a", "", 1, "b", "t1", False],
        ["c", "", 2, "a", "t1; t2", False],
    ]


def test_undated_ties_and_people() -> None:
    graph = line(
        ("t1", "a", "b", {**ALLY, "start": "1900", "end": "1910"}),
        ("t2", "b", "c", MET),  # undated: active wherever both are present
        ("t3", "c", "d", {**ALLY, "start": "1905", "end": "1908"}),
        ("t4", "d", "x", ALLY),  # x has no dated evidence: never present
        ("t5", "x", "y", ALLY),
    )
    assert rows(reach(graph, "a", start="1901")) == [
        ["a", "1901-01-01", 0, "", "", False],
        ["b", "1901-01-01", 1, "a", "t1", False],
        ["c", "1905-01-01", 2, "b", "t1; t2", False],  # c is present from 1905 only
        ["d", "1905-01-01", 3, "c", "t1; t2; t3", True],  # t3 may start later in 1905
    ]
    with pytest.raises(NotFound, match=r"^x \(x\) is undated: no dated evidence places them in time"):
        reach(graph, "x")


def test_bc_dates_and_the_period() -> None:
    graph = line(
        ("t1", "caesar", "brutus", {**ALLY, "start": "-0050", "end": "-0044-03-14"}),
        ("t2", "brutus", "cassius", {**MET, "start": "-0044-03-15"}),
        ("t3", "cassius", "casca", {**MET, "start": "-0044-03-20"}),
    )
    graph.nodes["caesar"]["end"] = "-0043-03-15"
    assert rows(reach(graph, "caesar", start="-0045", end="-0044-03-16")) == [
        ["caesar", "-0045-01-01", 0, "", "", False],
        ["brutus", "-0045-01-01", 1, "caesar", "t1", False],
        ["cassius", "-0044-03-15", 2, "brutus", "t1; t2", False],
    ]  # casca only on -0044-03-20, after the period
    with pytest.raises(NotFound, match=r"^caesar \(caesar\) is not present from -0042$"):
        reach(graph, "caesar", start="-0042")
    with pytest.raises(ArgumentError, match=r'^the period ends \("-0045"\) before it starts \("-0044"\)$'):
        reach(graph, "caesar", start="-0044", end="-0045")


def test_uncertain_steps_and_the_two_readings() -> None:
    graph = line(
        ("t1", "a", "b", {**ALLY, "start": "1900", "end": "1950"}),
        ("t2", "b", "c", {**ALLY, "start": "1910", "end": "1950", "certainty": "possible"}),
        ("t3", "a", "d", {**ALLY, "start": "1920?", "end": "1950"}),
        ("t4", "a", "e", {**MET, "start": "1930-04"}),
    )
    assert rows(reach(graph, "a", start="1901")) == [
        ["a", "1901-01-01", 0, "", "", False],
        ["b", "1901-01-01", 1, "a", "t1", False],
        ["c", "1910-01-01", 2, "b", "t1; t2", True],
        ["d", "1920-01-01", 1, "a", "t3", True],
        ["e", "1930-04-01", 1, "a", "t4", True],  # the month: not surely on its first day
    ]
    assert reach(graph, "a", start="1901", certainty="probable")["node"].tolist() == ["a", "b", "d", "e"]
    # Narrow: a qualified date never surely held, an event known to the month on no sure day.
    assert rows(reach(graph, "a", start="1901", reading="narrow")) == [
        ["a", "1901-01-01", 0, "", "", False],
        ["b", "1901-01-01", 1, "a", "t1", False],
        ["c", "1910-12-31", 2, "b", "t1; t2", True],
    ]


def test_bad_arguments() -> None:
    graph = line(("t1", "a", "b", {**ALLY, "start": "1900"}))
    with pytest.raises(ArgumentError, match=r'^"sideways" is not a direction: use forward or backward$'):
        reach(graph, "a", direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r'^"loose" is not a reading'):
        reach(graph, "a", reading="loose")  # type: ignore[arg-type]
    with pytest.raises(NotFound, match=r"^a \(a\) is both ends of the chain"):
        chain_in_time(graph, "a", "a")
    with pytest.raises(NotFound, match=r"is not in the selection \(snapshot at 1890, wide\)$"):
        reach(
            netpipe.snapshot(
                line(("t1", "a", "b", {**ALLY, "start": "1900"}), ("t2", "c", "d", ALLY)), "1890"
            ),
            "a",
        )


# The oracle: random datasets, their time spans from the time rules' own oracle, then the rule.

#: The relations of the random datasets: (directed, sign, kind, flow).
RELATIONS = {
    "ally": (False, 1, "state", True),
    "married": (False, 1, "state", False),
    "deputy-of": (True, 1, "state", True),
    "member-of": (True, 0, "state", False),
    "rival": (False, -1, "state", False),
    "met": (False, 0, "event", False),
    "briefed": (True, 0, "event", True),
    "arrested-by": (True, -1, "event", False),
    "denounced": (True, -1, "event", True),
}


@st.composite
def close_dates(draw: st.DrawFn, base: int) -> Date:
    """Mostly days, months and years a few years apart (so that order matters), else any form."""
    if draw(st.integers(0, 7)) == 0:
        return draw(dates(base))
    year = max(-9999, min(9999, base + draw(st.integers(0, 6))))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, month_days(year, month)))
    mark = draw(st.sampled_from(["", "", "", "", "?"]))
    form = draw(st.sampled_from(["day", "day", "month", "year"]))
    if form == "day":
        lo = hi = days_from_civil(year, month, day)
        return Date(f"{year_text(year)}-{month:02d}-{day:02d}{mark}", lo, hi, mark != "")
    if form == "month":
        lo = days_from_civil(year, month, 1)
        return Date(f"{year_text(year)}-{month:02d}{mark}", lo, lo + month_days(year, month) - 1, mark != "")
    lo, hi = days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)
    return Date(f"{year_text(year)}{mark}", lo, hi, mark != "")


@st.composite
def reach_datasets(draw: st.DrawFn) -> dict:
    """People (a few with dates of their own) and many ties, most of them dated, near one era."""
    base = draw(st.sampled_from([-9990, -44, 0, 1500, 1936, 9990]))
    rare = st.one_of(st.none(), st.none(), st.none(), close_dates(base))
    often = st.one_of(st.none(), *[close_dates(base)] * 5)
    nodes = {}
    for i in range(draw(st.integers(2, 7))):
        start, end = draw(rare), draw(rare)
        nodes[f"n{i}"] = {"start": start, "end": None if start and end and end.hi < start.lo else end}
    ids = sorted(nodes)
    ties = {}
    for i in range(draw(st.integers(1, 9))):  # sparse: chains that time can break
        start, end = draw(often), draw(rare)
        source = draw(st.sampled_from(ids[:-1]))
        following = ids[ids.index(source) + 1]  # mostly a line n0 - n1 - n2 ...: time can break it
        relation = draw(st.sampled_from([*RELATIONS, "ally", "met", "met", "briefed"]))
        ties[f"t{i}"] = {
            "source": source,
            "target": draw(st.sampled_from([following] * len(ids) + [n for n in ids if n != source])),
            "relation": relation,
            "kind": RELATIONS[relation][2],
            "certainty": draw(st.sampled_from(["certain", "certain", "probable", "alleged"])),
            "start": start,
            "end": None if start and end and end.hi < start.lo else end,
        }
    return {"base": base, "nodes": nodes, "ties": ties}


@st.composite
def reach_cases(draw: st.DrawFn) -> dict:
    data = draw(reach_datasets())
    maybe = st.one_of(st.none(), st.none(), close_dates(data["base"]))
    return {
        "data": data,
        "source": draw(st.sampled_from(["n0", "n0", *sorted(data["nodes"])])),
        "start": draw(maybe),
        "end": draw(maybe),
        "direction": draw(st.sampled_from(["forward", "backward"])),
        "reading": draw(st.sampled_from(["wide", "wide", "narrow"])),
        "certainty": draw(st.sampled_from([None, None, "certain", "probable"])),
        "hostile": draw(st.booleans()),
    }


def write(folder: Path, data: dict) -> None:
    def text(date: Date | None) -> str:
        return date.text if date else ""

    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "name", "start", "end"])
        for node, row in data["nodes"].items():
            writer.writerow([node, node.upper(), text(row["start"]), text(row["end"])])
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "source", "target", "relation", "start", "end", "certainty"])
        for tie, row in data["ties"].items():
            writer.writerow([tie, row["source"], row["target"], row["relation"], text(row["start"]),
                             text(row["end"]), row["certainty"]])  # fmt: skip
    with (folder / "relations.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["relation", "directed", "sign", "kind", "flow"])
        for relation, (directed, sign, kind, flow) in RELATIONS.items():
            writer.writerow([relation, str(directed).lower(), sign, kind, str(flow).lower()])


def oracle_arcs(case: dict, first: int, last: int) -> dict[str, list[tuple[str, str, int, int]]]:
    """Each usable tie's ways: (from, to, first day, last day), by the rule written out."""
    data, reading = case["data"], case["reading"]
    present = node_spans(data, reading, "attested")
    arcs = {}
    for tie_id, tie in data["ties"].items():
        directed, sign, _, flow = RELATIONS[tie["relation"]]
        if not kept(tie, case["certainty"]) or (sign < 0 and not case["hostile"]) or (directed and not flow):
            continue
        s, t = tie["source"], tie["target"]
        lo, hi = tie_span(tie, reading)
        lo, hi = max(lo, present[s][0], present[t][0], first), min(hi, present[s][1], present[t][1], last)
        if lo <= hi:
            arcs[tie_id] = [(s, t, lo, hi)] + ([] if directed else [(t, s, lo, hi)])
    return arcs


def oracle(case: dict, begin: int, arcs: dict) -> dict[str, int]:
    """The naive fixed point: improve every arrival through every tie until nothing changes."""
    forward = case["direction"] == "forward"
    best = {case["source"]: begin}
    changed = True
    while changed:
        changed = False
        for ways in arcs.values():
            for u, v, lo, hi in ways:
                if forward and u in best and best[u] <= hi and max(best[u], lo) < best.get(v, INF):
                    best[v], changed = max(best[u], lo), True
                if not forward and v in best and lo <= best[v] and min(best[v], hi) > best.get(u, -INF):
                    best[u], changed = min(best[v], hi), True
    return best


def civil(day: int) -> str:
    """A day since 1970-01-01 as ISO text (H. Hinnant's civil_from_days); blank when open."""
    if abs(day) >= INF:
        return ""
    z = day + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d, m = doy - (153 * mp + 2) // 5 + 1, mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (m <= 2)
    return f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}-{d:02d}"


@settings(
    max_examples=examples(default=150, long=600), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reach_cases())
def test_every_arrival_agrees_with_the_oracle_and_no_chain_steps_back(case: dict) -> None:
    data, source = case["data"], case["source"]
    first = case["start"].lo if case["start"] else -INF
    last = case["end"].hi if case["end"] else INF
    if last < first:
        return
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), data)
        graph = netpipe.load(folder)
    options = {
        "start": case["start"].text if case["start"] else None,
        "end": case["end"].text if case["end"] else None,
        "direction": case["direction"],
        "reading": case["reading"],
        "certainty": case["certainty"],
        "hostile": case["hostile"],
    }
    present = node_spans(data, case["reading"], "attested")[source]
    begin, finish = max(first, present[0]), min(last, present[1])
    if begin > finish:  # undated, or absent from the period
        with pytest.raises(NotFound):
            reach(graph, source, **options)
        return
    table = reach(graph, source, **options).set_index("node")
    arcs = oracle_arcs(case, first, last)
    forward = case["direction"] == "forward"
    expected = oracle(case, begin if forward else finish, arcs)
    assert {n: table.loc[n, "arrival"] for n in table.index} == {n: civil(d) for n, d in expected.items()}
    assert table.index[0] == source
    for node in table.index.drop(source):
        via, ties = table.loc[node, "via"], table.loc[node, "ties"].split("; ")
        assert table.loc[node, "steps"] == len(ties)
        assert table.loc[via, "ties"] == "; ".join(ties[:-1])
        day = expected[node]  # the day the step is taken: arrival forward, departure backward
        assert (expected[via] <= day) if forward else (expected[via] >= day)  # never back in time
        ends = (via, node) if forward else (node, via)
        assert any((u, v) == ends and lo <= day <= hi for u, v, lo, hi in arcs[ties[-1]])
        tie = data["ties"][ties[-1]]
        narrow_lo, narrow_hi = tie_span(tie, "narrow")
        unsure = tie["certainty"] != "certain" or any(d and d.qualified for d in (tie["start"], tie["end"]))
        unsure |= case["reading"] == "wide" and not narrow_lo <= day <= narrow_hi
        assert table.loc[node, "uncertain"] == (table.loc[via, "uncertain"] or unsure)


def test_any_node_ids_and_a_graph_built_by_hand() -> None:
    graph = nx.Graph()
    graph.add_edge(1, 2, id=7, start="1900-01-01")
    graph.add_edge(2, 3, id=8, start="1901-01-01")
    assert reach(graph, "1")[["node", "arrival", "via", "ties"]].values.tolist() == [
        [1, "1900-01-01", "", ""],
        [2, "1900-01-01", 1, "7"],
        [3, "1901-01-01", 2, "7; 8"],
    ]
    steps = chain_in_time(graph, "1", "3")
    assert steps[["step", "day", "from", "to", "tie"]].values.tolist() == [
        [1, "1900-01-01", "1", "2", "7"],  # tie ids are text
        [2, "1901-01-01", "2", "3", "8"],
    ]


def test_reach_overview_of_a_graph_built_by_hand() -> None:
    """a - b (1905-1910), b - c (1908-03 to 1920), c - d (1900-1907), and e undated, tied to d."""
    graph = nx.Graph()
    graph.add_edge("a", "b", id="t1", relation="ally", start="1905", end="1910")
    graph.add_edge("b", "c", id="t2", relation="ally", start="1908-03-01", end="1920")
    graph.add_edge("c", "d", id="t3", relation="ally", start="1900", end="1907")
    graph.add_edge("d", "e", id="t4", relation="ally")  # undated: active while both are present
    graph.add_edge("a", "c", id="t5", relation="rival", start="1906")  # hostile: carries nothing
    table = reach_overview(graph, ["a", "d", "e"])
    assert table.columns.tolist() == [
        "node", "name", "reaches", "reaches_any_order", "half_reached_by", "reached_by", "reached_by_any_order",
    ]  # fmt: skip
    assert table.astype(object).where(table.notna(), None).values.tolist() == [
        # a reaches b (1905), then c (1908-03-01), not d: c and d parted in 1907.
        ["a", "a", 2, 3, "1905-01-01", 3, 3],  # d reached a: d - c 1900, c - b 1908-03, b - a
        # d reaches c in 1900, b and a in 1908-03; e is never present (no dated evidence).
        ["d", "d", 3, 3, "1908-03-01", 1, 3],
        ["e", "e", None, 0, "", None, 0],  # its tie is never active: no way at all
    ]


@settings(
    max_examples=examples(default=60, long=300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reach_cases())
def test_reach_overview_agrees_with_the_oracle(case: dict) -> None:
    """Every person's counts in time (the oracle's fixed point forward from their first day and
    backward from their last), in any order (the same ways, days ignored), and the day by which
    half were reached."""
    data = case["data"]
    case = {**case, "start": None, "end": None, "certainty": None}
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), data)
        graph = netpipe.load(folder)
    people = sorted(data["nodes"])
    table = reach_overview(graph, people, reading=case["reading"], hostile=case["hostile"]).set_index("node")
    ways = [way for tie in oracle_arcs(case, -INF, INF).values() for way in tie]
    static = nx.DiGraph([(u, v) for u, v, _, _ in ways])
    for person in people:
        row = table.loc[person]
        linked = static.has_node(person)
        assert row["reaches_any_order"] == (len(nx.descendants(static, person)) if linked else 0)
        assert row["reached_by_any_order"] == (len(nx.ancestors(static, person)) if linked else 0)
        first, last = node_spans(data, case["reading"], "attested")[person]
        if first > last:  # undated: no chain in time
            assert (pd.isna(row["reaches"]), row["half_reached_by"], pd.isna(row["reached_by"])) == (
                True,
                "",
                True,
            )
            continue
        forward = oracle({**case, "source": person, "direction": "forward"}, first, {"all": ways})
        backward = oracle({**case, "source": person, "direction": "backward"}, last, {"all": ways})
        days = sorted(day for node, day in forward.items() if node != person)
        assert row["reaches"] == len(days)
        assert row["half_reached_by"] == (civil(days[(len(days) - 1) // 2]) if days else "")
        assert row["reached_by"] == len(backward) - 1
