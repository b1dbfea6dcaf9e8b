"""Timelines that follow the story: dates where the network changes, kept where it changes most.

The rule, written here without the library's code: the days on which the network changes
(a node or tie appears, or the day after it goes; a tie lasts while both its people are
present) and at least one tie is active; at most ``limit`` of them, chosen so that the
changes between two chosen days are few (fewer than ``1 / (limit - 1)`` of them all), so a
busy month keeps its weeks and an empty stretch gets nothing; each written at the data's
precision.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.dates import parse_date
from netpipe.io.errors import ArgumentError
from netpipe.model.selection import snapshot, timeline
from netpipe.outputs.render.periods import period_images
from tests.conftest import MakeNetwork, examples

CRISIS = (datetime.date(1914, 6, 28), datetime.date(1914, 8, 4))


def july_1914(make_network: MakeNetwork, seed: int = 1914) -> Path:
    """80 ties: 35 between 28 June and 4 August 1914, the other 45 spread over 1830-1945.

    Forty people; a few declare a birth or a death (one born 1830-08-18, long before any tie);
    the spread ties are written at year, month or day precision, the crisis's to the day.
    """
    rng = random.Random(seed)
    people = [f"p{i:02d}" for i in range(40)]
    nodes: list[dict[str, object]] = [{"id": p} for p in people]
    nodes[0]["start"] = "1830-08-18"
    nodes[1]["end"] = "1945-06-15"
    edges: list[dict[str, object]] = []

    def pair() -> tuple[str, str]:
        a, b = rng.sample(people, 2)
        return a, b

    first, last = datetime.date(1830, 1, 1).toordinal(), datetime.date(1945, 6, 15).toordinal()
    for n in range(45):
        day = datetime.date.fromordinal(rng.randint(first, last - 4000))
        until = datetime.date.fromordinal(day.toordinal() + rng.randint(200, 4000))
        cut = (4, 7, 10)[n % 3]  # year, month, day precision
        a, b = pair()
        edges.append(
            {"source": a, "target": b, "relation": "ally" if n % 2 else "rival",
             "start": day.isoformat()[:cut], "end": until.isoformat()[:cut]}
        )  # fmt: skip
    crisis_first, crisis_last = CRISIS[0].toordinal(), CRISIS[1].toordinal()
    for n in range(35):
        day = datetime.date.fromordinal(rng.randint(crisis_first, crisis_last))
        a, b = pair()
        if n % 3 == 0:
            edges.append({"source": a, "target": b, "relation": "arrested-by", "start": day.isoformat()})
        else:
            until = datetime.date.fromordinal(min(day.toordinal() + rng.randint(0, 20), crisis_last))
            edges.append(
                {"source": a, "target": b, "relation": "ally" if n % 2 else "rival",
                 "start": day.isoformat(), "end": until.isoformat()}
            )  # fmt: skip
    return make_network(nodes, edges)


def _crisis_days(dates: list[str]) -> list[str]:
    """The dates that lie wholly within the crisis."""
    low, high = parse_date(CRISIS[0])[0], parse_date(CRISIS[1])[1]
    return [d for d in dates if low <= parse_date(d)[0] and parse_date(d)[1] <= high]


def test_a_busy_month_keeps_its_weeks(make_network: MakeNetwork) -> None:
    graph = netpipe.load(july_1914(make_network))
    assert graph.number_of_edges() == 80
    for limit in (12, 30, 60):
        dates = timeline(graph, limit=limit)
        assert len(dates) <= limit
        in_july = [d for d in dates if d.startswith("1914-07")]
        assert len(in_july) >= 2, (limit, dates)
        assert len(_crisis_days(dates)) >= 2
    # Twelve dates over 115 years: a third of the ties are in five weeks, so are several dates.
    assert len(_crisis_days(timeline(graph, limit=12))) >= 3


def test_no_period_is_empty(make_network: MakeNetwork, tmp_path: Path) -> None:
    graph = netpipe.load(july_1914(make_network))
    for limit in (2, 12, 60):
        dates = timeline(graph, limit=limit)
        for date in (dates[0], dates[-1]):
            assert snapshot(graph, date).number_of_edges() >= 1, date
    # Born 1830-08-18, the first person has no tie for years: that day is no period.
    assert "1830-08-18" not in timeline(graph, limit=1000)
    paths = period_images(graph, tmp_path / "periods")
    names = [p.name for p in paths[:-2]]
    assert 2 <= len(names) <= 12
    for name in names:
        date = name[len("period-") : -len(".png")]
        assert snapshot(graph, date).number_of_edges() >= 1, name
    assert any(parse_date(n[7:-4])[0] >= parse_date("1914-06-28")[0] for n in names)


def test_a_focused_timeline_is_chosen_among_the_changes_of_the_period(make_network: MakeNetwork) -> None:
    folder = july_1914(make_network)
    graph = netpipe.load(folder)
    focused = timeline(graph, limit=12, start="1914-06-28", end="1914-08-06")
    assert len(focused) == 12
    period = parse_date("1914-06-28")[0], parse_date("1914-08-06")[0]
    assert all(period[0] <= parse_date(d)[0] and parse_date(d)[1] <= period[1] for d in focused)
    result = CliRunner().invoke(
        app, ["timeline", str(folder), "--from", "1914-06-28", "--to", "1914-08-06", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    printed = {line.split(",")[0] for line in result.stdout.splitlines()[1:]}
    every = timeline(graph, start="1914-06-28", end="1914-08-06")
    assert printed == set(every) and len(every) >= 12


def test_the_timeline_command_says_why_it_prints_nothing(make_network: MakeNetwork) -> None:
    folder = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [{"source": "a", "target": "b", "relation": "ally", "start": "1920", "end": "1925"}],
    )
    result = CliRunner().invoke(app, ["timeline", str(folder), "--from", "1914-06-28", "--to", "1914-08-06"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        result.stderr.splitlines()[-1] == "no dates: no tie starts or ends between 1914-06-28 and 1914-08-06"
    )
    undated = make_network([{"id": "a"}, {"id": "b"}], [{"source": "a", "target": "b", "relation": "ally"}])
    result = CliRunner().invoke(app, ["timeline", str(undated)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == "no dates: the data has no dated ties"
    result = CliRunner().invoke(app, ["timeline", str(folder), "--dates", "1900,1930", "--from", "1931"])
    assert (
        result.stderr.splitlines()[-1]
        == "no dates: none of the dates given lies wholly between 1931 and the end"
    )


def test_dates_are_written_at_the_data_precision() -> None:
    years = nx.MultiDiGraph()
    years.add_edge("a", "b", relation="ally", start="1903", end="1907")
    years.add_edge("b", "c", relation="rival", start="1905", end="1905")
    assert timeline(years) == ["1903", "1905", "1906"]  # 1908: nothing left
    months = nx.MultiDiGraph()
    months.add_edge("a", "b", relation="ally", start="1914-07", end="1914-08")
    months.add_edge("a", "c", relation="ally", start="1914-07-28", end="1914-08-10")
    assert timeline(months) == ["1914-07", "1914-07-28", "1914-08-11"]  # 1914-09: nothing left
    bc = nx.MultiDiGraph()
    bc.add_edge("caesar", "brutus", relation="ally", start="-0050", end="-0045")
    bc.add_edge("brutus", "caesar", relation="rival", start="-0043-03-15", end="-0043-03-15")
    assert timeline(bc) == ["-0050", "-0043-03-15"]


def test_a_month_that_does_not_start_on_its_first_day_is_written_as_a_day(make_network: MakeNetwork) -> None:
    """February 1912 of the Julian calendar runs from 1912-02-14 to 1912-03-13 (Gregorian): the
    change is that day, not "1912-02", which means the Gregorian month from its 1st."""
    folder = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [
            {"source": "a", "target": "b", "relation": "ally", "start": "1912-02", "end": "1912-06"},
            {"source": "a", "target": "c", "relation": "ally", "start": "1912-02", "end": "1912-06",
             "calendar": "julian"},
        ],
    )  # fmt: skip
    dates = timeline(netpipe.load(folder))
    assert dates == ["1912-02", "1912-02-14", "1912-07"]  # 1912-07-14 (Julian July): no tie left
    assert [parse_date(d)[0] for d in dates] == [
        parse_date(d)[0] for d in ("1912-02-01", "1912-02-14", "1912-07-01")
    ]


def test_every_bundled_timeline_date_is_distinct_and_means_its_change_day() -> None:
    graph = netpipe.load("data")
    dates = timeline(graph, limit=1000)
    assert len(dates) == len(set(dates))
    starts = {parse_date(d)[0] for d in dates}
    assert len(starts) == len(dates)  # no two dates share a first day
    assert {"1912-02", "1912-02-14", "1912-04-14"} <= set(dates)  # Julian months start mid-month


def test_the_bundled_timeline_stops_on_sergos_death() -> None:
    graph = netpipe.load("data")
    death = parse_date("1937-02-18")[0]
    for limit in (12, 30, 60):
        dates = timeline(graph, limit=limit)
        assert min(abs(parse_date(d)[0] - death) for d in dates) <= 3, dates
    # Known only to the year, the party's founding is labelled so.
    assert "1903" in timeline(graph)


def test_a_period_that_ends_before_it_starts_is_an_error(make_network: MakeNetwork) -> None:
    graph = netpipe.load(july_1914(make_network))
    with pytest.raises(ArgumentError, match=r'the period ends \("1914"\) before it starts \("1915"\)'):
        timeline(graph, start="1915", end="1914")
    with pytest.raises(ArgumentError, match="at least 1 date"):
        timeline(graph, limit=0)


# The rule as a plain-Python oracle, on ties between people who are always present.


def _changes_oracle(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The days on which some tie starts or the day after it ends, with ties still active,
    and how many ties start or end on each."""
    counts: dict[int, int] = {}
    for lo, hi in spans:
        counts[lo] = counts.get(lo, 0) + 1
        counts[hi + 1] = counts.get(hi + 1, 0) + 1
    days = sorted(d for d in counts if any(lo <= d <= hi for lo, hi in spans))
    return days, [counts[d] for d in days]


@settings(max_examples=examples(default=20, long=60), deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
        min_size=1,
        max_size=40,
    ),
    limit=st.integers(2, 12),
)
def test_the_dates_are_changes_allocated_by_their_density(spans: list[tuple[int, int]], limit: int) -> None:
    graph = nx.MultiDiGraph()
    epoch = datetime.date(1900, 1, 1)
    for i, (lo, hi) in enumerate(spans):
        graph.add_node(f"n{i}a")
        graph.add_node(f"n{i}b")
        start, end = epoch + datetime.timedelta(lo), epoch + datetime.timedelta(hi)
        graph.add_edge(f"n{i}a", f"n{i}b", relation="ally", start=start.isoformat(), end=end.isoformat())
    days, counts = _changes_oracle(spans)
    chosen = [(datetime.date.fromisoformat(d) - epoch).days for d in timeline(graph, limit=limit)]
    assert set(chosen) <= set(days)  # every date is a change date
    assert chosen == sorted(chosen) and len(chosen) == min(limit, len(days))
    assert chosen[0] == days[0] and chosen[-1] == days[-1]
    # Monotone in density: the changes on the days that got no date of their own, in any
    # stretch, are fewer than (dates in it + 1) shares of 1 / (limit - 1) of all the changes.
    share = sum(counts) / (limit - 1)
    picked = set(chosen)
    for i in range(len(days)):
        for j in range(i, len(days)):
            stretch = range(i, j + 1)
            inside = sum(1 for k in stretch if days[k] in picked)
            left = sum(counts[k] for k in stretch if days[k] not in picked)
            assert left < (inside + 1) * share or left == 0, (days[i], days[j])


def test_thinning_gives_a_dense_stretch_more_dates_than_a_sparse_one() -> None:
    graph = nx.MultiDiGraph()
    for year in range(1800, 1900, 10):  # a century with a tie every ten years
        graph.add_edge(f"a{year}", f"b{year}", relation="ally", start=str(year), end=str(year + 5))
    for day in range(1, 29):  # a month with a new tie each day
        graph.add_edge(f"c{day}", f"d{day}", relation="ally", start=f"1917-02-{day:02d}", end="1917-03-31")
    dates = timeline(graph, limit=12)
    february = [d for d in dates if d.startswith("1917-02")]
    century = [d for d in dates if d < "1900"]
    assert len(february) > len(century) >= 1
    assert np.all(np.diff([parse_date(d)[0] for d in dates]) > 0)


def test_run_report_and_render_follow_a_period(make_network: MakeNetwork, tmp_path: Path) -> None:
    folder = july_1914(make_network)
    graph = netpipe.load(folder)
    inside = timeline(graph, limit=12, start="1914-06-28", end="1914-08-06")
    period = ["--from", "1914-06-28", "--to", "1914-08-06"]
    result = CliRunner().invoke(app, ["render", str(folder), "--out", str(tmp_path / "render"), *period])
    assert result.exit_code == 0, result.stderr
    images = sorted(p.name for p in (tmp_path / "render" / "periods").glob("period-*.png"))
    assert images == sorted(f"period-{d}.png" for d in inside)
    page = (tmp_path / "render" / "network.html").read_text(encoding="utf-8")
    assert all(f'"label":"{d}"' in page for d in timeline(graph, start="1914-06-28", end="1914-08-06"))
    assert '"label":"1914-06-27"' not in page and '"label":"1914-08-07"' not in page

    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "run"), "-q", *period])
    assert result.exit_code == 0, result.stderr
    over_time = (tmp_path / "run" / "exports" / "centrality-over-time.csv").read_text(encoding="utf-8")
    dates = {line.split(",")[0] for line in over_time.splitlines()[1:]}
    assert dates == set(timeline(graph, limit=30, start="1914-06-28", end="1914-08-06"))
    assert sorted(p.name for p in (tmp_path / "run" / "periods").glob("period-*.png")) == images

    given = ["1914-07-01", "1914-07-28", "1914-08-04"]
    result = CliRunner().invoke(
        app, ["report", str(folder), "--out", str(tmp_path / "report"), "--dates", ",".join(given)]
    )
    assert result.exit_code == 0, result.stderr
    assert f"{len(given)} dates from 1914-07-01 to 1914-08-04" in (
        tmp_path / "report" / "report.md"
    ).read_text(encoding="utf-8")


def test_a_mistyped_focus_stops_the_run_before_any_work(make_network: MakeNetwork, tmp_path: Path) -> None:
    folder = july_1914(make_network)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--from", "1914-13"])
    assert result.exit_code == 2
    assert result.stderr.startswith('error: "1914-13" is not a real date: there is no month 13')
    assert not out.exists()
    both = CliRunner().invoke(
        app, ["render", str(folder), "--out", str(out), "--every", "year", "--dates", "1914"]
    )
    assert both.exit_code == 2 and "give either --every or --dates, not both" in both.stderr
