"""The time rules against an independent oracle: plain Python (dicts and ints), from the README's table.

Hypothesis writes datasets with dates of every era (years -9999 to 9999), every precision,
qualifier, unknown digits and ranges, undated people and ties; the oracle reads the same
dates from how they were generated (not by parsing the text), applies the README's rules,
and must agree with ``snapshot``, ``window`` and ``events`` of the library.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netpipe
from netpipe.model.selection import events, snapshot, window

INF = 10**12
CERTAINTIES = ("certain", "probable", "possible", "alleged")


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def month_days(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


@dataclass(frozen=True)
class Date:
    """A generated date: its text and the span it names (first and last day)."""

    text: str
    lo: int
    hi: int
    qualified: bool


@st.composite
def simple_dates(draw: st.DrawFn, base: int) -> tuple[str, int, int]:
    """Text, first day and last day of a date without range or qualifier, near the year ``base``."""
    year = max(-9999, min(9999, base + draw(st.integers(-12, 12))))
    form = draw(st.sampled_from(["day", "month", "year", "decade", "century", "month-XX", "day-XX"]))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, month_days(year, month)))
    if form == "day":
        return f"{year_text(year)}-{month:02d}-{day:02d}", *(days_from_civil(year, month, day),) * 2
    if form in ("month", "day-XX"):
        text = f"{year_text(year)}-{month:02d}" + ("-XX" if form == "day-XX" else "")
        first = days_from_civil(year, month, 1)
        return text, first, first + month_days(year, month) - 1
    if form in ("year", "month-XX"):
        text = year_text(year) + ("-XX" if form == "month-XX" else "")
        return text, days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)
    unknown = 1 if form == "decade" else 2
    digits = year_text(year)[:-unknown] + "X" * unknown
    low = abs(year) // 10**unknown * 10**unknown
    first_year, last_year = (low, low + 10**unknown - 1) if year >= 0 else (-low - 10**unknown + 1, -low)
    if year < 0 and low == 0:
        first_year, last_year = -(10**unknown) + 1, 0
    return digits, days_from_civil(first_year, 1, 1), days_from_civil(last_year, 12, 31)


@st.composite
def dates(draw: st.DrawFn, base: int) -> Date:
    """A date in any accepted form: maybe a range, maybe qualified."""
    text, lo, hi = draw(simple_dates(base))
    if draw(st.booleans()) and draw(st.booleans()):
        other, _other_lo, other_hi = draw(simple_dates(base))
        if other_hi >= lo:
            text, hi = f"{text}/{other}", other_hi
    mark = draw(st.sampled_from(["", "", "", "?", "~", "%"]))
    return Date(text + mark, lo, hi, mark != "")


@st.composite
def datasets(draw: st.DrawFn) -> dict:
    """Nodes and ties with optional dates near one era, certainty and relation kinds."""
    base = draw(st.sampled_from([-9990, -44, 0, 5, 1500, 1936, 9990]))
    maybe = st.one_of(st.none(), dates(base))
    nodes = {}
    for i in range(draw(st.integers(2, 5))):
        start, end = draw(maybe), draw(maybe)
        if start and end and end.hi < start.lo:
            end = None
        nodes[f"n{i}"] = {"start": start, "end": end}
    ids = sorted(nodes)
    ties = {}
    for i in range(draw(st.integers(0, 8))):
        start, end = draw(maybe), draw(maybe)
        if start and end and end.hi < start.lo:
            end = None
        source = draw(st.sampled_from(ids))
        ties[f"t{i}"] = {
            "source": source,
            "target": draw(st.sampled_from([n for n in ids if n != source])),
            "kind": draw(st.sampled_from(["state", "event"])),
            "certainty": draw(st.sampled_from(CERTAINTIES)),
            "start": start,
            "end": end,
        }
    return {"base": base, "nodes": nodes, "ties": ties}


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
        writer.writerow(["id", "source", "target", "relation", "start", "end", "certainty", "citation"])
        for tie, row in data["ties"].items():
            relation = "ally" if row["kind"] == "state" else "arrested-by"
            writer.writerow(
                [
                    tie,
                    row["source"],
                    row["target"],
                    relation,
                    text(row["start"]),
                    text(row["end"]),
                    row["certainty"],
                    "a source",
                ]
            )


# The oracle: the README's table and time rules, in plain Python.


def node_spans(data: dict, reading: str, presence: str) -> dict[str, tuple[int, int]]:
    """Each node's first and last day of presence, as the README's time rules say.

    Declared bounds win. A bound not declared: with no dated tie, open; else the latest end
    (earliest start) of the node's ties, where a closed tie ends on the last day written on
    it and an open one (a state tie with a start and no end; mirrored, a tie with an end and
    no start) ends where the first of its two people leaves -- the largest such ends that
    agree, found by lowering them from open until nothing changes. A node with no date and
    no dated tie is undated: never present. With ``presence="always"`` a bound not declared
    is open.
    """
    declared: dict[str, list[int | None]] = {}
    for node, row in data["nodes"].items():
        start, end = row["start"], row["end"]
        declared[node] = [
            (start.lo if reading == "wide" else start.hi) if start else None,
            (end.hi if reading == "wide" else end.lo) if end else None,
        ]
    if presence == "always":
        return {
            n: (lo if lo is not None else -INF, hi if hi is not None else INF)
            for n, (lo, hi) in declared.items()
        }
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    open_end, open_start = [], []
    for tie in data["ties"].values():
        written = [d for d in (tie["start"], tie["end"]) if d]
        for node in (tie["source"], tie["target"]):
            for date in written:
                first[node] = min(first.get(node, INF), date.lo)
                last[node] = max(last.get(node, -INF), date.hi)
        lo, hi = tie_span(tie, reading)
        if lo > hi:
            continue  # never surely held: carries no one on
        if tie["start"] and not tie["end"] and tie["kind"] == "state":
            open_end.append((tie["source"], tie["target"]))
        if tie["end"] and not tie["start"]:
            open_start.append((tie["source"], tie["target"]))
    hi = {n: declared[n][1] if declared[n][1] is not None else INF for n in data["nodes"]}
    lo = {n: declared[n][0] if declared[n][0] is not None else -INF for n in data["nodes"]}
    changed = True
    while changed:
        changed = False
        for node in data["nodes"]:
            if node not in last:
                continue
            if declared[node][1] is None:
                ends = [min(hi[a], hi[b]) for a, b in open_end if node in (a, b)]
                new = max([last[node], *ends])
                changed |= new != hi[node]
                hi[node] = new
            if declared[node][0] is None:
                starts = [max(lo[a], lo[b]) for a, b in open_start if node in (a, b)]
                new = min([first[node], *starts])
                changed |= new != lo[node]
                lo[node] = new
    undated = {n for n, (a, b) in declared.items() if a is None and b is None and n not in first}
    return {n: (INF, -INF) if n in undated else (lo[n], hi[n]) for n in data["nodes"]}


def tie_span(tie: dict, reading: str) -> tuple[int, int]:
    """A tie's first and last active day, before its people's presence is applied."""
    start, end = tie["start"], tie["end"]
    wide = reading == "wide"
    if not wide and any(d and d.qualified for d in (start, end)):
        return INF, -INF  # never surely held
    lo = (start.lo if wide else start.hi) if start else -INF
    if end:
        hi = end.hi if wide else end.lo
    elif tie["kind"] == "event" and start:
        hi = start.hi if wide else start.lo
    else:
        hi = INF
    return lo, hi


def kept(tie: dict, certainty: str | None) -> bool:
    return certainty is None or CERTAINTIES.index(tie["certainty"]) <= CERTAINTIES.index(certainty)


def oracle_view(
    data: dict, lo: int, hi: int, reading: str, certainty: str | None, presence: str = "attested"
) -> tuple[set, set]:
    """The nodes present and the ties active at some day of ``[lo, hi]``."""
    spans = node_spans(data, reading, presence)
    present = {n for n, (a, b) in spans.items() if a <= hi and b >= lo and (a, b) != (INF, -INF)}
    active = set()
    for tie_id, tie in data["ties"].items():
        a, b = tie_span(tie, reading)
        if (
            a <= hi
            and b >= lo
            and (a, b) != (INF, -INF)
            and tie["source"] in present
            and tie["target"] in present
            and kept(tie, certainty)
        ):
            active.add(tie_id)
    return present, active


def oracle_snapshot(
    data: dict, at: Date, reading: str, certainty: str | None, presence: str
) -> tuple[set, set]:
    if reading == "narrow" and at.lo != at.hi:  # surely held throughout the span
        return oracle_view(data, at.hi, at.lo, reading, certainty, presence)
    return oracle_view(data, at.lo, at.hi, reading, certainty, presence)


def oracle_events(
    data: dict, until: Date, reading: str, certainty: str | None, order: list[str]
) -> list[str]:
    """The events by ``until``, earliest first, those of one day in ``order`` (the graph's)."""
    chosen = []
    for tie_id, tie in data["ties"].items():
        start = tie["start"]
        if tie["kind"] != "event" or not start or not kept(tie, certainty):
            continue
        if reading == "wide" and start.lo <= until.hi:
            chosen.append((start.lo, tie_id))
        qualified = start.qualified or (tie["end"] is not None and tie["end"].qualified)
        if reading == "narrow" and start.hi <= until.lo and not qualified:
            chosen.append((start.lo, tie_id))
    return [tie_id for _, tie_id in sorted(chosen, key=lambda pair: (pair[0], order.index(pair[1])))]


def keys(view: object) -> tuple[set, set]:
    return set(view.nodes), {k for _, _, k in view.edges(keys=True)}  # type: ignore[attr-defined]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict, list[Date], str, str | None]:
    data = draw(datasets())
    asked = draw(st.lists(dates(data["base"]), min_size=1, max_size=4))
    return data, asked, draw(st.sampled_from(["wide", "narrow"])), draw(st.sampled_from([None, *CERTAINTIES]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_snapshot_window_and_events_agree_with_the_oracle(case: tuple) -> None:
    data, asked, reading, certainty = case
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), data)
        graph = netpipe.load(folder)
    for at in asked:
        for presence in ("attested", "always"):
            expected = oracle_snapshot(data, at, reading, certainty, presence)
            assert keys(snapshot(graph, at.text, reading, certainty, presence)) == expected
        got = events(graph, at.text, reading, certainty)["id"].tolist()
        order = [key for *_, key in graph.edges(keys=True)]
        assert got == oracle_events(data, at, reading, certainty, order)
    first, last = asked[0], asked[-1]
    if last.hi >= first.lo:
        expected = oracle_view(data, first.lo, last.hi, reading, certainty)
        assert keys(window(graph, first.text, last.text, reading, certainty)) == expected
