"""Dates written in the calendar of their source, placed on the proleptic Gregorian day line.

A row's dates are year-month-day of its calendar (``calendar`` column: ``gregorian``, the
default, ``julian``, ``french-republican``, ``islamic`` or ``hebrew``), in every form of
:mod:`netpipe.io.dates` (precision, ``?``/``~``/``%``, ``X`` digits, ranges). The span a
partial date names is taken in its own calendar, then converted: a Julian ``1917`` runs
from Julian 1 January to Julian 31 December 1917. Years are numbered as in ``convertdate``:
astronomically for the Julian calendar (``0000`` is 1 BC), from 1 in the others. The
Hebrew year begins with Tishri (month 7) and months are numbered from Nisan (1), Adar II
being 13 in a leap year; the French Republican year has twelve months of 30 days and a
thirteenth of 5 or 6 complementary days. ``convertdate`` does the arithmetic; only the
distinct texts of other calendars are converted, one by one.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from functools import cache

import pandas as pd

from netpipe.io.dates import FORMS, PATTERN, PRECISIONS, QUALIFIERS, SIDE_PATTERN, format_days, parse_dates

__all__ = ["CALENDARS", "as_written", "parse_calendar_dates", "with_gregorian"]

#: The calendars a date may be written in; blank means ``gregorian``.
CALENDARS = ("gregorian", "julian", "french-republican", "islamic", "hebrew")
#: Julian day number of 1970-01-01 (noon-based day numbers start at .5 there).
_EPOCH_JD = 2440587.5
#: A side's qualifier as two bits: uncertain 1, approximate 2.
_MARKS = {"": 0, "?": 1, "~": 2, "%": 3}
_QUALIFIER_NAMES = list(QUALIFIERS.values())


def parse_calendar_dates(texts: pd.Series, calendars: pd.Series) -> pd.DataFrame:
    """Parse a column of dates, each in the calendar of its row (as :func:`~netpipe.io.dates.parse_dates`).

    Rows of the Gregorian calendar (or a blank or unknown one, reported elsewhere) are
    parsed as :func:`~netpipe.io.dates.parse_dates` does, all at once; the others one
    distinct (calendar, text) pair at a time.

    Examples
    --------
    >>> from netpipe.io.dates import format_days
    >>> d = parse_calendar_dates(
    ...     pd.Series(["1917-10-25", "1917", "0002-11-09", "1900-02-29"]),
    ...     pd.Series(["julian", "julian", "french-republican", "gregorian"]),
    ... )
    >>> format_days(d["lo"]), format_days(d["hi"])
    (['1917-11-07', '1917-01-14', '1794-07-27', ''], ['1917-11-07', '1918-01-13', '1794-07-27', ''])
    """
    parsed = parse_dates(texts)
    other = (calendars.isin(CALENDARS[1:]) & (texts != "")).to_numpy()
    if not other.any():
        return parsed
    pairs = pd.MultiIndex.from_arrays([calendars[other], texts[other]])
    codes, distinct = pd.factorize(pairs)
    with warnings.catch_warnings():  # convertdate's Hebrew arithmetic calls its own deprecated function
        warnings.simplefilter("ignore", DeprecationWarning)
        found = [_parse(calendar, text) for calendar, text in distinct]
    rows = pd.DataFrame(found, columns=parsed.columns)
    converted = rows.iloc[codes]
    parsed = parsed.copy()
    for column in parsed.columns:
        values = converted[column]
        parsed.loc[other, column] = (
            values.astype("Int64").array if column in ("lo", "hi") else values.to_numpy()
        )
    return parsed


def as_written(typed: pd.DataFrame, column: str) -> list[str]:
    """The dates of ``column`` as written, with the Gregorian day beside those of another calendar.

    >>> typed = pd.DataFrame({"start": ["1917-10-25", "1917-03-08"], "calendar": ["julian", ""],
    ...     "start_lo": pd.array([-19048, -19291]), "start_hi": pd.array([-19048, -19291])})
    >>> as_written(typed, "start")
    ['1917-10-25 (julian; Gregorian 1917-11-07)', '1917-03-08']
    """
    texts = typed[column].fillna("").astype(str) if column in typed else pd.Series("", index=typed.index)
    calendars = typed["calendar"] if "calendar" in typed else pd.Series("", index=typed.index)
    other = (calendars.isin(CALENDARS[1:]) & (texts != "")).to_numpy()
    if not other.any():
        return texts.tolist()
    shown = texts.to_numpy(dtype=object).copy()
    days = _gregorian(typed[f"{column}_lo"][other], typed[f"{column}_hi"][other])
    shown[other] = [
        f"{text} ({calendar}; Gregorian {day})"
        for text, calendar, day in zip(texts[other], calendars[other], days, strict=True)
    ]
    return list(shown)


def _gregorian(lo: pd.Series, hi: pd.Series) -> list[str]:
    """The day of each span (``1917-11-07``), or its first and last (``1917-01-14/1918-01-13``)."""
    first, last = format_days(lo), format_days(hi)
    return [a if a == b else f"{a}/{b}" for a, b in zip(first, last, strict=True)]


def with_gregorian(table: pd.DataFrame, typed: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the Gregorian days of its ``start`` and ``end`` beside them.

    ``typed`` holds the same rows, in the same order, with their parsed bounds (``start_lo``,
    ``start_hi``, ...). ``start_gregorian`` follows ``start``: the day it names (``1917-11-07``),
    or the first and last of its span (``1917-01-14/1918-01-13``), blank where it is.

    >>> typed = pd.DataFrame({"start_lo": pd.array([-19048, None]), "start_hi": pd.array([-19048, None])})
    >>> with_gregorian(pd.DataFrame({"start": ["1917-10-25", ""]}), typed)["start_gregorian"].tolist()
    ['1917-11-07', '']
    """
    table = table.copy()
    for column in ("start", "end"):
        if column in table:
            days = _gregorian(typed[f"{column}_lo"], typed[f"{column}_hi"])
            table.insert(list(table.columns).index(column) + 1, f"{column}_gregorian", days)
    return table


def _parse(calendar: str, text: str) -> tuple[int | None, int | None, str, str, str]:
    """``lo``, ``hi`` (days since 1970), precision, qualifier and error of one date of a calendar."""
    match = re.match(PATTERN, text)
    if not match:
        return None, None, "", "", "is not a date: " + FORMS
    try:
        sides = [_side(calendar, side) for side in match.group("a", "b") if side]
    except (ValueError, OverflowError):  # beyond the years convertdate's astronomy covers
        return None, None, "", "", f"is not a date the {calendar} calendar can place"
    for *_, error in sides:  # the first side's error wins
        if error:
            return None, None, "", "", error
    lo, hi = sides[0][0], sides[-1][1]
    if hi < lo:
        return None, None, "", "", "is not a date range: it ends before it starts"
    precision = max(side[2] for side in sides)
    qualifier = 0
    for side in sides:
        qualifier |= side[3]
    return lo, hi, PRECISIONS[precision - 1], _QUALIFIER_NAMES[qualifier], ""


def _side(calendar: str, text: str) -> tuple[int, int, int, int, str]:
    """One side of a range: ``lo``, ``hi``, precision (1 = day), qualifier bits, error."""
    parts = re.match(SIDE_PATTERN, text)
    if parts is None:
        return 0, 0, 0, 0, "is not a date: " + FORMS
    year_text, month_text, day_text, mark = parts.group("year", "month", "day", "qualifier")
    unknown = year_text.count("X")
    if unknown and month_text:
        return 0, 0, 0, 0, "is not a date: " + FORMS  # 193X-05
    if month_text == "XX" and day_text and day_text != "XX":
        return 0, 0, 0, 0, "is not a date: " + FORMS  # 1932-XX-05
    low, high = int(year_text.replace("X", "0")), int(year_text.replace("X", "9"))
    if year_text.startswith("-"):
        low, high = high, low  # -004X is -0049 to -0040
    rules = _rules()[calendar]
    if low < rules.first_year:
        return (
            0,
            0,
            0,
            0,
            f"is not a real date in the {calendar} calendar: its years start at {rules.first_year}",
        )
    qualifier = _MARKS[mark]
    if not month_text or month_text == "XX":
        return rules.year_start(low), rules.year_start(high + 1) - 1, 3 + unknown, qualifier, ""
    month = int(month_text)
    if not 1 <= month <= rules.months(low):
        return (
            0,
            0,
            0,
            0,
            f"is not a real date in the {calendar} calendar: there is no month {month:02d} in {year_text}",
        )
    first, length = rules.month_start(low, month), rules.month_length(low, month)
    if not day_text or day_text == "XX":
        return first, first + length - 1, 2, qualifier, ""
    day = int(day_text)
    if not 1 <= day <= length:
        return (
            0,
            0,
            0,
            0,
            (f"is not a real date in the {calendar} calendar: {year_text}-{month_text} has {length} days"),
        )
    return first + day - 1, first + day - 1, 1, qualifier, ""


class _Rules:
    """A calendar's arithmetic, in days since 1970-01-01: the first day of a month and of a year."""

    def __init__(
        self,
        to_jd: Callable[[int, int, int], float],
        months: Callable[[int], int],
        first_month: int,
        first_year: int,
    ) -> None:
        self.to_jd, self.months, self.first_month, self.first_year = to_jd, months, first_month, first_year

    def day(self, year: int, month: int, day: int) -> int:
        """Days since 1970-01-01 of a day of this calendar."""
        return round(self.to_jd(year, month, day) - _EPOCH_JD)

    def year_start(self, year: int) -> int:
        """The first day of ``year``."""
        return self.day(year, self.first_month, 1)

    def month_start(self, year: int, month: int) -> int:
        """The first day of ``month`` of ``year``."""
        return self.day(year, month, 1)

    def month_length(self, year: int, month: int) -> int:
        """How many days ``month`` of ``year`` has: up to the next month's first day."""
        following = _next_month(self, year, month)
        return self.day(*following, 1) - self.month_start(year, month)


def _next_month(rules: _Rules, year: int, month: int) -> tuple[int, int]:
    """The month after ``month`` of ``year``, in the calendar's order of months."""
    last = rules.months(year)
    if rules.first_month == 1:
        return (year, month + 1) if month < last else (year + 1, 1)
    # Hebrew: Tishri (7) .. the last month, then Nisan (1) .. Elul (6); the year changes at Tishri.
    if month == last:
        return year, 1
    if month == rules.first_month - 1:
        return year + 1, rules.first_month
    return year, month + 1


@cache
def _rules() -> dict[str, _Rules]:
    """The rules of each calendar other than the Gregorian (``convertdate`` is imported once)."""
    from convertdate import french_republican, hebrew, islamic, julian

    return {
        "julian": _Rules(julian.to_jd, lambda year: 12, 1, -9999),
        "french-republican": _Rules(french_republican.to_jd, lambda year: 13, 1, 1),
        "islamic": _Rules(islamic.to_jd, lambda year: 12, 1, 1),
        "hebrew": _Rules(hebrew.to_jd, hebrew.year_months, 7, 1),
    }
