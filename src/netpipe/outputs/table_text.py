"""Result tables as text: an aligned table, CSV safe for spreadsheets, strict JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["json_ready", "neutralize_formulas", "to_csv", "to_json", "to_text"]

#: A text cell starting with one of these is read as a formula by spreadsheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A number written as text (``-12``, ``+3.5``, ``-0043``, ``-1e5``): a spreadsheet reads it as a number.
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text cells and column names that a spreadsheet would run as a formula.

    Numbers are left alone, also written as text (``-0.5``, ``"-12"``, ``"-0043"``): a
    spreadsheet reads them as numbers, not formulas; only other text changes.

    >>> neutralize_formulas(pd.DataFrame({"a": ["=1+2", "ok", "-x"], "b": [-1.5, 2, 3]}))["a"].tolist()
    ["'=1+2", 'ok', "'-x"]
    >>> neutralize_formulas(pd.DataFrame({"a": ["-12", "+1+2", "-0043", "-1e5", "-"]}))["a"].tolist()
    ['-12', "'+1+2", '-0043', '-1e5', "'-"]
    >>> neutralize_formulas(pd.DataFrame({"a": ["@x", None, 5]}, dtype=object))["a"].tolist()
    ["'@x", None, 5]
    >>> neutralize_formulas(pd.DataFrame({"=HYPERLINK(x)": [1], "b": [2]})).columns.tolist()
    ["'=HYPERLINK(x)", 'b']
    """
    out = frame.copy()
    out.columns = [
        f"'{c}" if isinstance(c, str) and c.startswith(_FORMULA_STARTS) else c for c in out.columns
    ]
    for column in out.columns:
        values = out[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        if values.dtype == object:
            is_text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
        else:  # a string column: every cell that is not missing is text
            is_text = values.notna().to_numpy(bool)
        text = values.astype(str)
        risky = is_text & text.str.startswith(_FORMULA_STARTS).to_numpy(bool)
        risky &= ~text.str.fullmatch(_NUMBER).to_numpy(bool)
        if risky.any():
            out[column] = values.where(~risky, "'" + text)
    return out


def to_csv(frame: pd.DataFrame, header: bool = True) -> str:
    """CSV text (RFC 4180: CRLF line ends, a header row unless ``header`` is false, no index)
    with formulas neutralized."""
    return str(neutralize_formulas(frame).to_csv(index=False, header=header, lineterminator="\r\n"))


def json_ready(value: Any) -> Any:
    """Convert numpy and pandas values to plain JSON values; NaN and infinities become None."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA:
        return None
    return value


def to_json(frame: pd.DataFrame) -> str:
    """Strict JSON (no NaN): a list of one object per row."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return json.dumps(json_ready(records), indent=2, ensure_ascii=False, allow_nan=False)


def to_text(frame: pd.DataFrame) -> str:
    """An aligned plain-text table; floats with 4 decimals."""
    if frame.empty:
        return "(no rows)"
    return str(frame.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
