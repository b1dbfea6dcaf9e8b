"""Dates at any precision: their bounds, qualifiers and the errors of impossible dates."""

from __future__ import annotations

import pandas as pd
import pytest

from netpipe.dates import parse_date, parse_dates

NOT_A_DATE = "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ? or ~"


def _bounds(text: str) -> tuple[str, str, str, str, str]:
    """lo, hi, precision, qualifier and error of one date text, dates as ISO strings."""
    row = parse_dates(pd.Series([text])).iloc[0]
    lo = "" if pd.isna(row["lo"]) else row["lo"].strftime("%Y-%m-%d")
    hi = "" if pd.isna(row["hi"]) else row["hi"].strftime("%Y-%m-%d")
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
    ],
)
def test_years_outside_the_nanosecond_range_work(text: str, lo: str, hi: str) -> None:
    assert _bounds(text)[:2] == (lo, hi)


def test_columns_are_seconds_and_aligned_with_the_input_index() -> None:
    texts = pd.Series(["1600", "", "1932-13", "1600"], index=[10, 20, 30, 40])
    parsed = parse_dates(texts)
    assert list(parsed.columns) == ["lo", "hi", "precision", "qualifier", "error"]
    assert str(parsed["lo"].dtype) == "datetime64[s]"
    assert str(parsed["hi"].dtype) == "datetime64[s]"
    assert parsed.index.tolist() == [10, 20, 30, 40]
    assert parsed["lo"].tolist() == [
        pd.Timestamp("1600-01-01"),
        pd.NaT,
        pd.NaT,
        pd.Timestamp("1600-01-01"),
    ]
    assert parsed["error"].tolist() == ["", "", "is not a real date: there is no month 13", ""]


def test_empty_column() -> None:
    parsed = parse_dates(pd.Series([], dtype=str))
    assert len(parsed) == 0
    assert list(parsed.columns) == ["lo", "hi", "precision", "qualifier", "error"]


def test_parse_date_gives_the_bounds() -> None:
    assert parse_date("1937-02") == (pd.Timestamp("1937-02-01"), pd.Timestamp("1937-02-28"))
    assert parse_date(" 1600~ ") == (pd.Timestamp("1600-01-01"), pd.Timestamp("1600-12-31"))


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
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert str(raised.value) == message
