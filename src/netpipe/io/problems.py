"""Problems found in a dataset, kept as data: a table with one row per problem."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.io.problem_codes import ProblemType

__all__ = [
    "COLUMNS",
    "KEPT_PER_CODE",
    "NO_PROBLEMS",
    "Report",
    "is_parquet",
    "natural_key",
    "problem_frame",
    "visible",
]

#: The columns of a problem table, in order.
COLUMNS = ["severity", "file", "line", "column", "value", "message", "code"]
#: The most problems of one severity and code a report of data with errors keeps (a file
#: cut wrongly has millions); the others are counted.
KEPT_PER_CODE = 50


def problem_frame(
    problem: ProblemType,
    file: str | np.ndarray,
    lines: Any,
    messages: Any,
    column: str | None = None,
    values: Any = None,
    more: int = 0,
) -> pd.DataFrame:
    """Build a problem table from scalars or aligned sequences (vectorized).

    ``problem`` is one of :mod:`netpipe.io.problem_codes` (its code and severity).
    ``lines``, ``messages`` and ``values`` may be scalars or sequences of one length.
    ``more``: how many more problems of this code were found and not built (a check
    that finds millions builds the first :data:`KEPT_PER_CODE`); it is kept in a column
    ``more`` of the first row, which :meth:`Report.from_frames` counts and drops.
    """
    return _frame(problem.severity, problem.code, file, lines, messages, column, values, more)


def _frame(
    severity: str,
    code: str,
    file: str | np.ndarray,
    lines: Any,
    messages: Any,
    column: Any,
    values: Any,
    more: int,
) -> pd.DataFrame:
    """A problem table of one severity and code (see :func:`problem_frame`)."""
    frame = pd.DataFrame({"line": lines, "message": _visible_messages(messages), "value": values})
    frame["severity"] = severity
    frame["file"] = file
    frame["column"] = column
    frame["code"] = code
    frame["line"] = frame["line"].astype("Int64")
    frame = frame[COLUMNS]
    if more:
        frame = frame.assign(more=np.where(np.arange(len(frame)) == 0, more, 0))
    return frame


def visible(text: str) -> str:
    r"""``text`` with its invisible characters escaped: ``ko\u200bba`` for a zero-width space.

    Invisible are format characters (zero-width, bidi controls), separators other than
    the space (no-break spaces among them) and line and paragraph separators.

    >>> visible("ko\u200bba")
    'ko\\u200bba'
    """
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in text)


def _invisible(character: str) -> bool:
    category = unicodedata.category(character)
    return category in ("Cf", "Zl", "Zp") or (category == "Zs" and character != " ")


def _visible_messages(messages: Any) -> Any:
    """Messages with invisible characters escaped; only those with non-ASCII text are looked at."""
    if isinstance(messages, str):
        return visible(messages)
    text = np.asarray(messages, dtype=object)
    if not len(text):
        return text
    ascii_only = pc.string_is_ascii(pa.array(text, type=pa.large_string())).to_numpy(zero_copy_only=False)
    if not ascii_only.all():
        text = text.copy()
        text[~ascii_only] = [visible(m) for m in text[~ascii_only]]
    return text


#: An empty problem table, for the checks that find nothing (most of them).
NO_PROBLEMS = _frame("error", "", "", [], [], None, None, 0)


def natural_key(name: str) -> tuple[list[str | int], str]:
    """A sort key reading runs of digits as numbers, then the name (``part-01`` before ``part-1``).

    >>> sorted(["part.10.parquet", "part.2.parquet", "part-1.csv", "part-01.csv"], key=natural_key)
    ['part-01.csv', 'part-1.csv', 'part.2.parquet', 'part.10.parquet']
    """
    pieces = re.split(r"(\d+)", name)
    return [int(piece) if i % 2 else piece for i, piece in enumerate(pieces)], name


@dataclass
class Report:
    """The outcome of validating a dataset: every error and warning, as a table.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with the columns ``severity`` (``error`` or
        ``warning``), ``file``, ``line`` (physical, 1-based, the header is line 1),
        ``column``, ``value``, ``message`` and ``code``; for a dataset read from a workbook,
        also ``cell`` (``C14``; the file is then ``book.xlsx: edges``, the line its row). In a
        table kept in parts, the file is the part; in a Parquet part the line is its row,
        counted from 1 (``data/edges/part-00003.parquet: row 14``).
        With errors, of each severity and code the first :data:`KEPT_PER_CODE`; without,
        every warning.
    more : dict
        How many more problems of each ``(severity, code)`` were found and not kept.
    """

    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    more: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def from_frames(cls, frames: list[pd.DataFrame], more: Mapping[tuple[str, str], int] = {}) -> Report:
        """Join problem tables, sorted by file (in :func:`natural_key` order) and line.

        If there are errors (the data will not load), only the first :data:`KEPT_PER_CODE`
        problems of each severity and code are kept and the others counted. ``more``
        counts problems found before and not kept (those of another report).
        """
        counted: Counter[tuple[str, str]] = Counter(more)
        for frame in frames:
            if "more" in frame:
                rows = frame[frame["more"] > 0]
                for severity, code, n in zip(rows["severity"], rows["code"], rows["more"], strict=True):
                    counted[severity, code] += int(n)
        frames = [f.drop(columns="more", errors="ignore") for f in frames if len(f)]
        errors = (f["severity"] == "error" for f in frames)
        failing = any(s == "error" for s, _ in counted) or any(e.any() for e in errors)
        if failing:
            frames = [_first_of_each_code(f, counted) for f in frames]
        if not frames:
            return cls(more=dict(counted))
        problems = pd.concat(frames, ignore_index=True)
        files = problems["file"].astype(str)
        order = {name: rank for rank, name in enumerate(sorted(files.unique(), key=natural_key))}
        problems = problems.assign(_file=files.map(order))
        problems = problems.sort_values(["_file", "line", "severity"], kind="stable", na_position="first")
        problems = problems.drop(columns="_file")
        if failing:
            problems = _first_of_each_code(problems.reset_index(drop=True), counted)
        return cls(problems.reset_index(drop=True), dict(counted))

    @property
    def errors(self) -> pd.DataFrame:
        """The problems that stop the data from loading."""
        return self.problems[self.problems["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        """The problems that are reported but do not stop loading."""
        return self.problems[self.problems["severity"] == "warning"]

    @property
    def error_count(self) -> int:
        """How many errors were found, kept or not."""
        return len(self.errors) + sum(n for (severity, _), n in self.more.items() if severity == "error")

    @property
    def warning_count(self) -> int:
        """How many warnings were found, kept or not."""
        return len(self.warnings) + sum(n for (severity, _), n in self.more.items() if severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.errors.empty

    def lines(self, severity: str | None = None) -> list[str]:
        """Each problem as ``file:line: column "c": message``."""
        rows = self.problems if severity is None else self.problems[self.problems["severity"] == severity]
        return [format_problem(r) for r in rows.to_dict("records")]

    def listed(self, severity: str) -> tuple[list[str], Counter[str]]:
        """The problems of one severity as lines, the first :data:`KEPT_PER_CODE` of each code,
        and how many more of each code were found (kept here or not)."""
        rows = self.problems[self.problems["severity"] == severity]
        kept = _first_of_each(rows, ["code"])
        more = Counter(rows[~kept]["code"])
        more.update({code: n for (kind, code), n in self.more.items() if kind == severity})
        return [format_problem(r) for r in rows[kept].to_dict("records")], more

    def _repr_html_(self) -> str:
        """The counts and the problems (with how many more of each kind were found), for notebooks."""
        from netpipe.io.result_html import result_html

        facts = [f"{self.error_count:,} error(s), {self.warning_count:,} warning(s)"]
        facts += [
            f"… and {n:,} more {code} {severity}(s) not listed" for (severity, code), n in self.more.items()
        ]
        heading = "Validation: the data loads" if self.ok else "Validation: the data has errors"
        shown = self.problems[["severity", "file", "line", "column", "message"]].astype(object)
        shown = shown.where(shown.notna(), "")  # a problem of a whole file has no line or column
        return result_html(heading, facts, {"": shown} if len(shown) else None)

    def to_records(self) -> list[dict[Any, Any]]:
        """The problems as JSON-ready dictionaries (missing values are ``None``)."""
        frame = self.problems.astype(object).where(self.problems.notna(), None)
        return [
            {**r, "line": None if r["line"] is None else int(r["line"])} for r in frame.to_dict("records")
        ]


def _first_of_each_code(problems: pd.DataFrame, counted: Counter[tuple[str, str]]) -> pd.DataFrame:
    """The first :data:`KEPT_PER_CODE` problems of each severity and code; the others added to ``counted``."""
    kept = _first_of_each(problems, ["severity", "code"])
    if kept.all():
        return problems
    rest = problems[~kept]
    counted.update(zip(rest["severity"], rest["code"], strict=True))
    return problems[kept].reset_index(drop=True)


def _first_of_each(problems: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Which problems are among the first :data:`KEPT_PER_CODE` of their ``keys``."""
    return (problems.groupby(keys, sort=False).cumcount() < KEPT_PER_CODE).to_numpy()


def is_parquet(file: str) -> bool:
    """Whether a problem's file is a Parquet part, located by its rows (from 1) rather than lines."""
    return file.lower().endswith(".parquet")


def format_problem(problem: dict[Any, Any]) -> str:
    """Render one problem the way compilers do: ``file:line: column "c": message``."""
    place = str(problem["file"])
    cell = problem.get("cell")
    if isinstance(cell, str):  # in a sheet of a workbook: book.xlsx: edges!C14
        place += f"!{cell}"
    elif problem["line"] is not None and not pd.isna(problem["line"]):
        line = int(problem["line"])
        place += f": row {line}" if is_parquet(place) else f":{line}"  # Parquet has rows, not lines
    column = problem["column"]
    prefix = f'column "{visible(column)}": ' if isinstance(column, str) else ""
    return f"{place}: {prefix}{problem['message']}"
