"""Dates at any precision: their bounds, qualifiers and the errors of impossible dates."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from netpipe.io import dates
from netpipe.io.dates import format_day, format_days, parse_date, parse_date_list, parse_dates
from netpipe.io.errors import ArgumentError, ArgumentTypeError

NOT_A_DATE = (
    "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (-0043 for 44 BC), X for unknown digits "
    "(193X, 1932-XX), optionally followed by ?, ~ or %, or a range START/END (1903/1907)"
)


def _bounds(text: str) -> tuple[str, str, str, str, str]:
    """lo, hi, precision, qualifier and error of one date text, dates as ISO strings."""
    row = parse_dates(pd.Series([text])).iloc[0]
    lo = "" if pd.isna(row["lo"]) else format_day(row["lo"])
    hi = "" if pd.isna(row["hi"]) else format_day(row["hi"])
    return lo, hi, row["precision"], row["qualifier"], row["error"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1932", ("1932-01-01", "1932-12-31", "year", "", "")),
        ("1932-09", ("1932-09-01", "1932-09-30", "month", "", "")),
        ("1932-12", ("1932-12-01", "1932-12-31", "month", "", "")),
        ("1932-09-22", ("1932-09-22", "1932-09-22", "day", "", "")),
        ("1900-02", ("1900-02-01", "1900-02-28", "month", "", "")),
        ("2000-02", ("2000-02-01", "2000-02-29", "month", "", "")),
        ("1932-02", ("1932-02-01", "1932-02-29", "month", "", "")),
        ("1931-02", ("1931-02-01", "1931-02-28", "month", "", "")),
        ("2000-02-29", ("2000-02-29", "2000-02-29", "day", "", "")),
        ("1932?", ("1932-01-01", "1932-12-31", "year", "uncertain", "")),
        ("1932~", ("1932-01-01", "1932-12-31", "year", "approximate", "")),
        ("1912-04?", ("1912-04-01", "1912-04-30", "month", "uncertain", "")),
        ("1937-02-18~", ("1937-02-18", "1937-02-18", "day", "approximate", "")),
        ("1932%", ("1932-01-01", "1932-12-31", "year", "uncertain and approximate", "")),
        ("193X", ("1930-01-01", "1939-12-31", "decade", "", "")),
        ("19XX", ("1900-01-01", "1999-12-31", "century", "", "")),
        ("1XXX", ("1000-01-01", "1999-12-31", "millennium", "", "")),
        ("1932-XX", ("1932-01-01", "1932-12-31", "year", "", "")),
        ("1932-09-XX", ("1932-09-01", "1932-09-30", "month", "", "")),
        ("1932-XX-XX", ("1932-01-01", "1932-12-31", "year", "", "")),
        ("1903/1907", ("1903-01-01", "1907-12-31", "year", "", "")),
        ("1903-05/1903-09", ("1903-05-01", "1903-09-30", "month", "", "")),
        ("1937-01/1937-02", ("1937-01-01", "1937-02-28", "month", "", "")),
        ("1903-05-02/1904", ("1903-05-02", "1904-12-31", "year", "", "")),
        ("1903?/1907~", ("1903-01-01", "1907-12-31", "year", "uncertain and approximate", "")),
        ("0000", ("0000-01-01", "0000-12-31", "year", "", "")),
        ("-0043-03-15", ("-0043-03-15", "-0043-03-15", "day", "", "")),
        ("-0044/-0043", ("-0044-01-01", "-0043-12-31", "year", "", "")),
        ("-004X", ("-0049-01-01", "-0040-12-31", "decade", "", "")),
        ("-0001-02", ("-0001-02-01", "-0001-02-28", "month", "", "")),
        ("-0004-02", ("-0004-02-01", "-0004-02-29", "month", "", "")),
        ("0000-02-29", ("0000-02-29", "0000-02-29", "day", "", "")),
        ("", ("", "", "", "", "")),
    ],
)
def test_bounds_precision_and_qualifier(text: str, expected: tuple[str, ...]) -> None:
    assert _bounds(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("1932-13", "is not a real date: there is no month 13"),
        ("1932-00", "is not a real date: there is no month 00"),
        ("1932-02-30", "is not a real date: 1932-02 has 29 days"),
        ("1900-02-29", "is not a real date: 1900-02 has 28 days"),
        ("1931-02-29", "is not a real date: 1931-02 has 28 days"),
        ("1932-09-31", "is not a real date: 1932-09 has 30 days"),
        ("1932-09-00", "is not a real date: 1932-09 has 30 days"),
        ("19x2", NOT_A_DATE),
        ("1932-1", NOT_A_DATE),
        ("1932-09-2", NOT_A_DATE),
        ("32", NOT_A_DATE),
        ("1932/09", NOT_A_DATE),
        ("1932?~", NOT_A_DATE),
        ("22.09.1932", NOT_A_DATE),
        ("1907/1903", "is not a date range: it ends before it starts"),
        ("1903-09/1903-05", "is not a date range: it ends before it starts"),
        ("1903/1932-13", "is not a real date: there is no month 13"),
        ("193X-05", NOT_A_DATE),
        ("1932-XX-05", NOT_A_DATE),
        ("X932", NOT_A_DATE),
        ("1903/", NOT_A_DATE),
        ("1903/1905/1907", NOT_A_DATE),
        ("-1932-02-30", "is not a real date: -1932-02 has 29 days"),
        ("-0001-02-29", "is not a real date: -0001-02 has 28 days"),
    ],
)
def test_impossible_dates_have_no_bounds_and_say_why(text: str, error: str) -> None:
    assert _bounds(text) == ("", "", "", "", error)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("1500", "1500-01-01", "1500-12-31"),
        ("1066-10-14", "1066-10-14", "1066-10-14"),
        ("1676-12", "1676-12-01", "1676-12-31"),
        ("2263", "2263-01-01", "2263-12-31"),
        ("2999-02", "2999-02-01", "2999-02-28"),
        ("9999", "9999-01-01", "9999-12-31"),
        ("0001", "0001-01-01", "0001-12-31"),
        ("0999-12", "0999-12-01", "0999-12-31"),
    ],
)
def test_years_outside_the_nanosecond_range_work(text: str, lo: str, hi: str) -> None:
    assert _bounds(text)[:2] == (lo, hi)


def test_columns_are_whole_days_and_aligned_with_the_input_index() -> None:
    texts = pd.Series(["1600", "", "1932-13", "1600"], index=[10, 20, 30, 40])
    parsed = parse_dates(texts)
    assert list(parsed.columns) == ["lo", "hi", "precision", "qualifier", "error"]
    assert str(parsed["lo"].dtype) == "Int64"
    assert str(parsed["hi"].dtype) == "Int64"
    assert parsed.index.tolist() == [10, 20, 30, 40]
    assert parsed["lo"].tolist() == [-135140, pd.NA, pd.NA, -135140]
    assert parsed["error"].tolist() == ["", "", "is not a real date: there is no month 13", ""]


def test_days_read_back_as_text_at_each_precision() -> None:
    days = [0, -719528, -735160, 2932896, None]
    assert format_days(days) == ["1970-01-01", "0000-01-01", "-0043-03-15", "9999-12-31", ""]
    assert format_days(days, "month") == ["1970-01", "0000-01", "-0043-03", "9999-12", ""]
    assert format_days(days, "year") == ["1970", "0000", "-0043", "9999", ""]


def test_empty_column() -> None:
    parsed = parse_dates(pd.Series([], dtype=str))
    assert len(parsed) == 0
    assert list(parsed.columns) == ["lo", "hi", "precision", "qualifier", "error"]


def test_parse_date_gives_the_bounds() -> None:
    assert parse_date("1937-02") == (-12022, -11995)
    assert parse_date(" 1600~ ") == (-135140, -134775)
    assert parse_date(1937) == (-12053, -11689)
    assert parse_date(-43) == parse_date("-0043") == (-735233, -734869)
    assert parse_date(datetime.date(1937, 2, 18)) == (-12005, -12005)


@pytest.mark.parametrize("value", [None, 1937.0, True, ["1937"], datetime.datetime(1937, 2, 18)])
def test_parse_date_of_another_type_is_an_argument_type_error(value: object) -> None:
    with pytest.raises(ArgumentTypeError) as raised:
        parse_date(value)
    assert str(raised.value) == (
        f"date must be a date text (1937-02-18), a year (1937) or a datetime.date, not {type(value).__name__}"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1932-13", '"1932-13" is not a real date: there is no month 13'),
        ("1932-02-30", '"1932-02-30" is not a real date: 1932-02 has 29 days'),
        ("19x2", f'"19x2" {NOT_A_DATE}'),
        ("", "a date is required"),
        ("  ", "a date is required"),
    ],
)
def test_parse_date_raises_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ArgumentError) as raised:
        parse_date(text)
    assert str(raised.value) == message


def test_a_list_of_dates_is_parsed_as_each_alone() -> None:
    values = ["1937-02", 1937, "1937-02", datetime.date(1937, 2, 18), "-0043", " 1600~ "]
    assert parse_date_list(values) == [parse_date(value) for value in values]
    assert parse_date_list([]) == []


def test_a_list_of_dates_names_its_first_bad_date() -> None:
    with pytest.raises(ArgumentError) as raised:
        parse_date_list(["1932", "1932-13", "19x2"])
    assert str(raised.value) == '"1932-13" is not a real date: there is no month 13'


def test_the_parsed_dates_are_forgotten_when_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "_PARSED", {})
    monkeypatch.setattr(dates, "_PARSED_AT_MOST", 3)
    assert parse_date_list(["1901", "1902"]) == [parse_date("1901"), parse_date("1902")]
    assert parse_date_list(["1902", "1903", "1904"]) == [(-24837, -24473), (-24472, -24108), (-24107, -23742)]
    assert sorted(dates._PARSED) == ["1902", "1903", "1904"]
