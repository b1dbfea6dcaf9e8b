"""Dates at any precision: EDTF level 0, ``1932``, ``1932-09``, ``1932-09-22``, with ``?`` or ``~``.

A date stands for the span it names: ``1932`` is 1932-01-01 to 1932-12-31. Parsing is
vectorized over the distinct values of a column, so a million cells cost little more
than the few thousand dates they share.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.errors import ArgumentError

__all__ = ["PRECISIONS", "QUALIFIERS", "parse_date", "parse_dates"]

#: Precision of a date, by how many parts it has.
PRECISIONS = {1: "year", 2: "month", 3: "day"}
#: What the trailing character of a date means.
QUALIFIERS = {"": "", "?": "uncertain", "~": "approximate"}

_PRECISION_NAMES = np.array(["", *PRECISIONS.values()], dtype=object)
_GROUPS = ("year", "month", "day", "qualifier")
_PATTERN = r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[?~])?$"


def parse_dates(texts: pd.Series) -> pd.DataFrame:
    """Parse a column of date texts into their bounds.

    Parameters
    ----------
    texts : pandas.Series of str
        Dates as written; an empty string means unknown.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``texts``: ``lo`` and ``hi`` (``datetime64[s]``, first and last day of
        the span, NaT when blank or invalid), ``precision`` (year, month, day),
        ``qualifier`` (uncertain, approximate or empty) and ``error`` (why the text is not a
        date, empty when it is one).

    Examples
    --------
    >>> d = parse_dates(pd.Series(["1932", "1932-02~", "", "1932-02-30"]))
    >>> d["lo"].dt.strftime("%Y-%m-%d").tolist()
    ['1932-01-01', '1932-02-01', nan, nan]
    >>> d["hi"].dt.strftime("%Y-%m-%d").tolist()
    ['1932-12-31', '1932-02-29', nan, nan]
    >>> d["qualifier"].tolist()
    ['', 'approximate', '', '']
    >>> d["error"].tolist()[3]
    'is not a real date: 1932-02 has 29 days'
    """
    codes, uniques = pd.factorize(texts.astype(str), use_na_sentinel=False)
    parsed = _parse_unique(pd.Series(uniques, dtype=object).astype(str))
    out = parsed.iloc[codes].reset_index(drop=True)
    out.index = texts.index
    return out


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The bounds of one date; raises ``ValueError`` with the reason if it is not one.

    Timelines ask for the same dates again and again, so the answers are cached.

    >>> parse_date("1937-02")
    (Timestamp('1937-02-01 00:00:00'), Timestamp('1937-02-28 00:00:00'))
    """
    row = parse_dates(pd.Series([text.strip()])).iloc[0]
    if row["error"]:
        raise ArgumentError(f'"{text}" {row["error"]}')
    if pd.isna(row["lo"]):
        raise ArgumentError("a date is required")
    return row["lo"], row["hi"]


def _parse_unique(texts: pd.Series) -> pd.DataFrame:
    """Parse distinct date texts (the vectorized core)."""
    parts = pc.extract_regex(pa.array(texts.to_numpy(object), type=pa.string(), from_pandas=True), _PATTERN)
    blank = (texts == "").to_numpy()
    matched = parts.is_valid().to_numpy(zero_copy_only=False)
    fields = dict(zip(_GROUPS, (pc.fill_null(f, "") for f in parts.flatten()), strict=True))
    year, _ = _number(fields["year"], 1970)
    month, month_given = _number(fields["month"], 1)
    day, day_given = _number(fields["day"], 1)

    bad_month = month_given & ((month < 1) | (month > 12))
    month_ok = np.where(bad_month, 1, month)
    first_of_month = (
        (year - 1970).astype("timedelta64[Y]").astype("timedelta64[M]")
        + (month_ok - 1).astype("timedelta64[M]")
        + np.datetime64("1970-01", "M")
    )
    month_days = (
        (first_of_month + np.timedelta64(1, "M")).astype("datetime64[D]")
        - first_of_month.astype("datetime64[D]")
    ).astype(np.int64)
    bad_day = day_given & ((day < 1) | (day > month_days))

    start_day = first_of_month.astype("datetime64[D]") + np.where(bad_day, 0, day - 1)
    year_start = ((year - 1970).astype("timedelta64[Y]") + np.datetime64("1970", "Y")).astype("datetime64[D]")
    lo = np.where(day_given, start_day, np.where(month_given, start_day, year_start))
    year_end = ((year - 1969).astype("timedelta64[Y]") + np.datetime64("1970", "Y")).astype(
        "datetime64[D]"
    ) - 1
    month_end = (first_of_month + np.timedelta64(1, "M")).astype("datetime64[D]") - 1
    hi = np.where(day_given, start_day, np.where(month_given, month_end, year_end))

    error = np.full(len(texts), "", dtype=object)
    error[~matched & ~blank] = (
        "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ? or ~"
    )
    error[bad_month] = [f"is not a real date: there is no month {m:02d}" for m in month[bad_month]]
    error[bad_day] = [
        f"is not a real date: {y:04d}-{m:02d} has {n} days"
        for y, m, n in zip(year[bad_day], month[bad_day], month_days[bad_day], strict=True)
    ]
    valid = matched & (error == "")
    nat = np.datetime64("NaT", "D")
    n_parts = 1 + month_given.astype(int) + day_given.astype(int)
    return pd.DataFrame(
        {
            "lo": pd.Series(np.where(valid, lo, nat)).astype("datetime64[s]"),
            "hi": pd.Series(np.where(valid, hi, nat)).astype("datetime64[s]"),
            "precision": _PRECISION_NAMES[np.where(valid, n_parts, 0)],
            "qualifier": np.where(valid, pd.Series(fields["qualifier"]).map(QUALIFIERS).to_numpy(), ""),
            "error": error,
        }
    )


def _number(text: pa.Array, default: int) -> tuple[np.ndarray, np.ndarray]:
    """The numbers in a column of digit texts, ``default`` where blank, and where one was given."""
    given = pc.not_equal(text, "").to_numpy(zero_copy_only=False)
    return pc.cast(pc.if_else(given, text, str(default)), pa.int64()).to_numpy(), given
