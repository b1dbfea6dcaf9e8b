"""Dates in the calendar of their source: Julian, French Republican, Islamic, Hebrew.

Random dates of each calendar are checked against convertdate's own round trip, and the
span a partial date names against a plain-Python reading of the README's table.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from convertdate import french_republican, gregorian, hebrew, islamic, julian
from hypothesis import given, settings
from hypothesis import strategies as st

import netpipe
from netpipe.io.calendars import parse_calendar_dates
from netpipe.io.dates import format_days
from netpipe.model.selection import snapshot

MakeDataset = Callable[..., Path]
MODULES = {"julian": julian, "french-republican": french_republican, "islamic": islamic, "hebrew": hebrew}
YEARS = {"julian": (-3000, 3000), "french-republican": (1, 300), "islamic": (1, 2000), "hebrew": (3800, 6500)}


def days(module: object, year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a date of ``module``'s calendar (convertdate's arithmetic)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return round(module.to_jd(year, month, day) - gregorian.to_jd(1970, 1, 1))  # type: ignore[attr-defined]


def month_length(calendar: str, year: int, month: int) -> int:
    if calendar == "french-republican":
        leap = french_republican.to_jd(year + 1, 1, 1) - french_republican.to_jd(year, 13, 1) == 6
        return 30 if month < 13 else 6 if leap else 5
    with warnings.catch_warnings():  # convertdate's Hebrew arithmetic calls its own deprecated function
        warnings.simplefilter("ignore", DeprecationWarning)
        return MODULES[calendar].month_length(year, month)  # type: ignore[attr-defined]


def months(calendar: str, year: int) -> int:
    return {"french-republican": 13, "hebrew": hebrew.year_months(year)}.get(calendar, 12)


def year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


@st.composite
def calendar_days(draw: st.DrawFn) -> tuple[str, int, int, int]:
    calendar = draw(st.sampled_from(sorted(MODULES)))
    year = draw(st.integers(*YEARS[calendar]))
    month = draw(st.integers(1, months(calendar, year)))
    return calendar, year, month, draw(st.integers(1, month_length(calendar, year, month)))


@settings(max_examples=300, deadline=None)
@given(st.lists(calendar_days(), min_size=1, max_size=20))
def test_a_day_of_any_calendar_lands_where_convertdate_puts_it_and_comes_back(
    chosen: list[tuple[str, int, int, int]],
) -> None:
    texts = [f"{year_text(y)}-{m:02d}-{d:02d}" for _, y, m, d in chosen]
    parsed = parse_calendar_dates(pd.Series(texts), pd.Series([c for c, *_ in chosen]))
    assert parsed["error"].tolist() == [""] * len(chosen)
    for (calendar, y, m, d), lo, hi in zip(chosen, parsed["lo"], parsed["hi"], strict=True):
        module = MODULES[calendar]
        assert lo == hi == days(module, y, m, d)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            back = module.from_gregorian(*gregorian.from_jd(lo + gregorian.to_jd(1970, 1, 1)))  # type: ignore[attr-defined]
        assert tuple(back)[:3] == (y, m, d)


def span_oracle(calendar: str, year: int, month: int | None) -> tuple[int, int]:
    """The README's table: a month runs from its first to its last day, a year from the first day
    of its first month (Tishri, 7, for the Hebrew) to the day before the next year's."""
    module = MODULES[calendar]
    if month is not None:
        first = days(module, year, month, 1)
        return first, first + month_length(calendar, year, month) - 1
    first_month = 7 if calendar == "hebrew" else 1
    return days(module, year, first_month, 1), days(module, year + 1, first_month, 1) - 1


@settings(max_examples=200, deadline=None)
@given(calendar_days(), st.booleans(), st.sampled_from(["", "?", "~", "%"]))
def test_a_month_or_a_year_is_its_span_in_its_own_calendar(
    chosen: tuple[str, int, int, int], whole_year: bool, mark: str
) -> None:
    calendar, year, month, _ = chosen
    text = year_text(year) + ("" if whole_year else f"-{month:02d}") + mark
    parsed = parse_calendar_dates(pd.Series([text]), pd.Series([calendar])).iloc[0]
    assert (parsed["lo"], parsed["hi"]) == span_oracle(calendar, year, None if whole_year else month)
    assert parsed["precision"] == ("year" if whole_year else "month")
    assert (
        parsed["qualifier"]
        == {"": "", "?": "uncertain", "~": "approximate", "%": "uncertain and approximate"}[mark]
    )


def test_known_days() -> None:
    texts = [
        "1917-10-25",
        "1917",
        "0002-11-09",
        "1900-02-29",
        "1445-01-01",
        "5784-07-01",
        "191X",
        "-0044-03-15",
    ]
    calendars = ["julian", "julian", "french-republican", "julian", "islamic", "hebrew", "julian", "julian"]
    parsed = parse_calendar_dates(pd.Series(texts), pd.Series(calendars))
    assert format_days(parsed["lo"]) == [
        "1917-11-07", "1917-01-14", "1794-07-27", "1900-03-13", "2023-07-19", "2023-09-16", "1910-01-14",
        "-0044-03-13",
    ]  # fmt: skip
    assert format_days(parsed["hi"])[1] == "1918-01-13"
    assert format_days(parsed["hi"])[6] == "1920-01-13"  # Julian 31 December 1919


def test_impossible_dates_and_unknown_calendars_are_errors(make_dataset: MakeDataset) -> None:
    nodes = (
        "id,name,start,end,calendar\n"
        "a,Anna,1900-02-29,,julian\n"
        "b,Boris,1900-02-29,,\n"
        "c,Clara,0002-13-06,,french-republican\n"
        "d,Dmitri,1800,,mayan\n"
        "e,Emil,0000,,islamic\n"
        "f,Fanny,5785-13,,hebrew\n"
    )
    edges = "id,source,target,relation,start,calendar\nt1,a,b,ally,1901-02-29,julian\n"
    report = netpipe.validate(make_dataset(nodes=nodes, edges=edges))
    assert [line.split("/data/", 1)[1] for line in report.lines("error")] == [
        'edges.csv:2: column "start": "1901-02-29" is not a real date in the julian calendar: 1901-02 has 28 days',
        'nodes.csv:3: column "start": "1900-02-29" is not a real date: 1900-02 has 28 days',
        'nodes.csv:4: column "start": "0002-13-06" is not a real date in the french-republican calendar: '
        "0002-13 has 5 days",
        'nodes.csv:5: column "calendar": "mayan" is not allowed here: use gregorian, julian, '
        "french-republican, islamic or hebrew",
        'nodes.csv:6: column "start": "0000" is not a real date in the islamic calendar: its years start at 1',
        'nodes.csv:7: column "start": "5785-13" is not a real date in the hebrew calendar: '
        "there is no month 13 in 5785",
    ]


def test_a_dataset_in_old_style_dates_is_read_on_the_gregorian_day_line(make_dataset: MakeDataset) -> None:
    nodes = (
        "id,name,start,end,calendar\n"
        "lenin,Lenin,1870-04-10,1924-01-21,\n"
        "kerensky,Kerensky,1881-04-22,1970-06-11,\n"
        "robespierre,Robespierre,1758-05-06,1794-07-28,\n"
    )
    edges = (
        "id,source,target,relation,start,end,calendar\n"
        "t1,lenin,kerensky,rival,1917-10-25,1917-10-25,julian\n"
        "t2,robespierre,lenin,ally,0002-11-09,0002-11-10,french-republican\n"
    )
    graph = netpipe.load(make_dataset(nodes=nodes, edges=edges))
    assert sorted(k for *_, k in snapshot(graph, "1917-11-07").edges(keys=True)) == ["t1"]
    assert sorted(k for *_, k in snapshot(graph, "1917-10-25").edges(keys=True)) == []
    assert "robespierre" in snapshot(graph, "1794-07-28") and "robespierre" not in snapshot(
        graph, "1794-07-29"
    )
    assert graph.edges["lenin", "kerensky", "t1"]["start"] == "1917-10-25"  # as written
    presence = netpipe.presence(graph)
    assert presence.loc["robespierre", "until"] == "1794-07-28"
