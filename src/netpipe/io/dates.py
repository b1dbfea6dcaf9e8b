"""Dates of any era as whole days: the EDTF forms netpipe reads, and days written back as text.

A date is held as the span of days it can name, ``lo`` to ``hi``: whole days of the proleptic
Gregorian calendar counted from 1970-01-01 (int64, so any year works, and negative years in
astronomical numbering: ``0000`` is 1 BC, ``-0043`` is 44 BC). ``1932`` is 1932-01-01 to
1932-12-31, ``193X`` 1930-01-01 to 1939-12-31, ``1903/1907`` ("at some point within")
1903-01-01 to 1907-12-31. Parsing is vectorized over the distinct values of a column, so a
million cells cost little more than the few thousand dates they share.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.io.errors import ArgumentError, ArgumentTypeError

__all__ = [
    "FIRST_DAY",
    "FORMS",
    "LAST_DAY",
    "PATTERN",
    "PRECISIONS",
    "QUALIFIERS",
    "SIDE_PATTERN",
    "as_date_text",
    "format_day",
    "format_days",
    "parse_date",
    "parse_date_list",
    "parse_dates",
]

#: The first and last day a date can name: -9999-01-01 and 9999-12-31, in days since 1970-01-01.
FIRST_DAY, LAST_DAY = -4371587, 2932896
#: Precisions, finest first: how wide a span one date names.
PRECISIONS = ("day", "month", "year", "decade", "century", "millennium")
#: What a trailing ``?``, ``~`` or ``%`` means.
QUALIFIERS = {"": "", "?": "uncertain", "~": "approximate", "%": "uncertain and approximate"}
#: The accepted forms, as error messages list them.
FORMS = (
    "write YYYY, YYYY-MM or YYYY-MM-DD (-0043 for 44 BC), X for unknown digits (193X, 1932-XX), "
    "optionally followed by ?, ~ or %, or a range START/END (1903/1907)"
)

_DATE = r"-?(?:\d{4}|\d{3}X|\d{2}XX|\dXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?[?~%]?"
#: A date as written: one side, or a range of two (named groups ``a`` and ``b``).
PATTERN = rf"^(?P<a>{_DATE})(?:/(?P<b>{_DATE}))?$"
#: One side of a range: named groups ``year``, ``month``, ``day`` and ``qualifier``.
SIDE_PATTERN = (
    r"^(?P<year>-?(?:\d{4}|\d{3}X|\d{2}XX|\dXXX))(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?"
    r"(?P<qualifier>[?~%]?)$"
)
_SIDE = ("year", "month", "day", "qualifier")
_QUALIFIER_NAMES = np.array(["", "uncertain", "approximate", "uncertain and approximate"], dtype=object)
_PRECISION_NAMES = np.array(["", *PRECISIONS], dtype=object)
_EPOCH_YEAR = 1970


def parse_dates(texts: pd.Series) -> pd.DataFrame:
    """Parse a column of date texts into their bounds.

    Parameters
    ----------
    texts : pandas.Series of str
        Dates as written; an empty string means unknown.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``texts``: ``lo`` and ``hi`` (``Int64``: the first and last day the date
        can name, in days since 1970-01-01; missing when blank or invalid), ``precision``
        (day, month, year, decade, century, millennium; a range has its coarser side's),
        ``qualifier`` (uncertain, approximate, uncertain and approximate, or empty) and
        ``error`` (why the text is not a date, empty when it is one).

    Examples
    --------
    >>> d = parse_dates(pd.Series(["1932", "1932-02~", "", "1932-02-30", "-0043-03-15", "1903/1907"]))
    >>> format_days(d["lo"])
    ['1932-01-01', '1932-02-01', '', '', '-0043-03-15', '1903-01-01']
    >>> format_days(d["hi"])
    ['1932-12-31', '1932-02-29', '', '', '-0043-03-15', '1907-12-31']
    >>> d["qualifier"].tolist()[:2]
    ['', 'approximate']
    >>> d["error"].tolist()[3]
    'is not a real date: 1932-02 has 29 days'
    """
    codes, uniques = pd.factorize(texts.astype(str), use_na_sentinel=False)
    parsed = _parse_unique(np.asarray(uniques, dtype=object))
    out = parsed.iloc[codes].reset_index(drop=True)
    out.index = texts.index
    return out


def as_date_text(value: object, name: str = "date") -> str:
    """A date argument as text: a date text, an int year or a ``datetime.date``.

    Raises
    ------
    ArgumentTypeError
        ``value`` is none of these.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return _year_text(int(value))
    raise ArgumentTypeError(
        f"{name} must be a date text (1937-02-18), a year (1937) or a datetime.date, "
        f"not {type(value).__name__}"
    )


#: Date texts parsed so far, with their bounds or the message of the error they raise:
#: timelines ask for the same dates again and again.
_PARSED: dict[str, tuple[int, int] | str] = {}
_PARSED_AT_MOST = 4096
_PARSED_LOCK = threading.Lock()


def parse_date(value: object) -> tuple[int, int]:
    """The first and last day (since 1970-01-01) one date can name.

    ``value`` is a date text in any accepted form, an int year or a ``datetime.date``.

    Raises
    ------
    ArgumentError
        The text is not a date (the message says why and lists the accepted forms).
    ArgumentTypeError
        ``value`` is not a text, an int or a date.

    >>> parse_date("1937-02")
    (-12022, -11995)
    >>> parse_date(1937) == parse_date("1937")
    True
    """
    return parse_date_list([value])[0]


def parse_date_list(values: Iterable[object]) -> list[tuple[int, int]]:
    """The bounds of each date (see :func:`parse_date`), those not seen before parsed in one go.

    >>> parse_date_list(["1937-02", -43])
    [(-12022, -11995), (-735233, -734869)]
    """
    texts = [as_date_text(value) for value in values]
    # This call's own answers: another thread may empty the shared memo at any moment.
    known = {text: _PARSED.get(text) for text in texts}
    new = [text for text, bound in known.items() if bound is None]
    if new:
        parsed = _parse_unique(np.array(new, dtype=object))
        for text, lo, hi, error in zip(new, parsed["lo"], parsed["hi"], parsed["error"], strict=True):
            missing = "a date is required" if pd.isna(lo) else None
            known[text] = f'"{text}" {error}' if error else missing or (int(lo), int(hi))
        with _PARSED_LOCK:
            if len(_PARSED) + len(new) > _PARSED_AT_MOST:
                _PARSED.clear()
            _PARSED.update(known)  # type: ignore[arg-type]
    bounds = [known[text] for text in texts]
    for bound in bounds:
        if isinstance(bound, str):
            raise ArgumentError(bound)
    return cast("list[tuple[int, int]]", bounds)


def format_days(days: pd.Series | np.ndarray | list[int], precision: str = "day") -> list[str]:
    """Days since 1970-01-01 as ISO text (``-0043-03-15``, ``0000-01-01``); ``""`` where missing.

    ``precision`` (``day``, ``month`` or ``year``) cuts the text to ``YYYY-MM`` or ``YYYY``.

    >>> format_days([0, -735160, -719528, 2932896], "day")
    ['1970-01-01', '-0043-03-15', '0000-01-01', '9999-12-31']
    >>> format_days([-735160], "year")
    ['-0043']
    """
    values = pd.Series(days, dtype="Int64")
    distinct, at = np.unique(values.to_numpy(dtype=np.int64, na_value=0), return_inverse=True)
    whole = distinct.astype("datetime64[D]")  # a million days share few values: format each once
    year = whole.astype("datetime64[Y]").astype(np.int64) + _EPOCH_YEAR
    month = whole.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (whole - whole.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    parts = {"year": 1, "month": 2, "day": 3}.get(precision, 3)
    written = zip(year.tolist(), month.tolist(), day.tolist(), strict=True)
    texts = np.array([*(_iso(y, m, d, parts) for y, m, d in written), ""], dtype=object)
    return texts[np.where(values.isna().to_numpy(), len(distinct), at.ravel())].tolist()


def format_day(day: int, precision: str = "day") -> str:
    """One day since 1970-01-01 as ISO text (see :func:`format_days`).

    >>> format_day(-735160)
    '-0043-03-15'
    """
    return format_days([day], precision)[0]


def _iso(year: int, month: int, day: int, parts: int) -> str:
    """``YYYY-MM-DD`` cut to its first ``parts`` parts."""
    return "-".join([_year_text(year), f"{month:02d}", f"{day:02d}"][:parts])


def _year_text(year: int) -> str:
    """A year in four digits at least, ``-`` before a negative one (``-0043``)."""
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _parse_unique(texts: np.ndarray) -> pd.DataFrame:
    """Parse distinct date texts (the vectorized core): both sides of a range, then combine."""
    cells = pc.extract_regex(pa.array(texts, type=pa.string()), PATTERN)
    matched = cells.is_valid().to_numpy(zero_copy_only=False)
    a_text = pc.fill_null(cells.field("a"), "")
    b_text = pc.fill_null(cells.field("b"), "")
    a, b = _side(a_text), _side(b_text)
    ranged = pc.not_equal(b_text, "").to_numpy(zero_copy_only=False)
    blank = texts == ""

    error = np.full(len(texts), "", dtype=object)
    error[~matched & ~blank] = "is not a date: " + FORMS
    for side in (b, a):  # the first side's error wins
        error = np.where(matched & (side["error"] != ""), side["error"], error)
    lo = a["lo"]
    hi = np.where(ranged, b["hi"], a["hi"])
    backwards = matched & ranged & (error == "") & (hi < lo)
    error[backwards] = "is not a date range: it ends before it starts"
    valid = matched & (error == "")
    precision = np.where(ranged, np.maximum(a["precision"], b["precision"]), a["precision"])
    qualifier = np.where(ranged, a["qualifier"] | b["qualifier"], a["qualifier"])
    return pd.DataFrame(
        {
            "lo": pd.arrays.IntegerArray(np.where(valid, lo, 0), ~valid),
            "hi": pd.arrays.IntegerArray(np.where(valid, hi, 0), ~valid),
            "precision": _PRECISION_NAMES[np.where(valid, precision, 0)],
            "qualifier": _QUALIFIER_NAMES[np.where(valid, qualifier, 0)],
            "error": error,
        }
    )


def _side(text: pa.Array) -> dict[str, np.ndarray]:
    """One side of a range: ``lo``, ``hi`` (days), ``precision`` (1 = day), ``qualifier`` bits, ``error``."""
    parts = pc.extract_regex(text, SIDE_PATTERN)
    fields = dict(zip(_SIDE, (pc.fill_null(f, "") for f in parts.flatten()), strict=True))
    year_text = fields["year"]
    negative = pc.starts_with(year_text, "-").to_numpy(zero_copy_only=False)
    digits = pc.utf8_ltrim(year_text, "-")
    low_digits = _number(pc.replace_substring(digits, "X", "0"), 0)
    high_digits = _number(pc.replace_substring(digits, "X", "9"), 0)
    year_lo = np.where(negative, -high_digits, low_digits)
    year_hi = np.where(negative, -low_digits, high_digits)
    unknown_digits = pc.count_substring(digits, "X").to_numpy(zero_copy_only=False).astype(np.int64)
    month_text, day_text = fields["month"], fields["day"]
    month_given = _given(month_text)
    day_given = _given(day_text)
    month_unknown = pc.equal(month_text, "XX").to_numpy(zero_copy_only=False)
    day_unknown = pc.equal(day_text, "XX").to_numpy(zero_copy_only=False)
    month = _number(month_text, 1)
    day = _number(day_text, 1)

    error = np.full(len(text), "", dtype=object)
    error[(unknown_digits > 0) & month_given] = "is not a date: " + FORMS  # 193X-05
    error[month_unknown & day_given & ~day_unknown] = "is not a date: " + FORMS  # 1932-XX-05
    exact_month = month_given & ~month_unknown
    bad_month = exact_month & ((month < 1) | (month > 12))
    error[bad_month] = [f"is not a real date: there is no month {m:02d}" for m in month[bad_month]]
    month = np.where(bad_month | ~exact_month, 1, month)
    first = _month_start(year_lo, month)
    month_days = _month_start(year_lo, month + 1) - first
    exact_day = day_given & ~day_unknown
    bad_day = exact_day & ~bad_month & ((day < 1) | (day > month_days))
    error[bad_day] = [
        f"is not a real date: {_year_text(y)}-{m:02d} has {n} days"
        for y, m, n in zip(year_lo[bad_day], month[bad_day], month_days[bad_day], strict=True)
    ]
    lo = np.where(exact_month, first + np.where(exact_day & ~bad_day, day - 1, 0), _month_start(year_lo, 1))
    hi = np.where(
        exact_day,
        lo,
        np.where(exact_month, first + month_days - 1, _month_start(year_hi + 1, 1) - 1),
    )
    precision = np.where(exact_day, 1, np.where(exact_month, 2, 3 + unknown_digits))
    mark = fields["qualifier"].to_numpy(zero_copy_only=False)
    qualifier = (np.isin(mark, ["?", "%"]).astype(np.int64)) | (
        np.isin(mark, ["~", "%"]).astype(np.int64) << 1
    )
    return {"lo": lo, "hi": hi, "precision": precision, "qualifier": qualifier, "error": error}


def _month_start(year: np.ndarray, month: np.ndarray | int) -> np.ndarray:
    """The first day of a month (``month`` may be 13: January of the next year), in days since 1970."""
    months = (year - _EPOCH_YEAR) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _given(text: pa.Array) -> np.ndarray:
    """Where a part was written."""
    return pc.not_equal(text, "").to_numpy(zero_copy_only=False)


def _number(text: pa.Array, default: int) -> np.ndarray:
    """The numbers in a column of digit texts, ``default`` where blank or not digits (``XX``)."""
    digits = pc.match_substring_regex(text, r"^\d+$")
    return pc.cast(pc.if_else(digits, text, str(default)), pa.int64()).to_numpy(zero_copy_only=False)
