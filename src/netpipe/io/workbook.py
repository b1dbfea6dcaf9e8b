"""Read a dataset kept in a spreadsheet workbook (.xlsx, .ods): sheets nodes, edges and relations.

The cells are read by pandas (openpyxl for .xlsx, odfpy for .ods) and turned into the
text the contract reads: a number as written (``7``, not ``7.0``), a date cell as its ISO
date, a boolean as ``true`` or ``false``. Problems are located by sheet and cell (``edges!C14``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from netpipe.io.contract import EDGES, NODES, RELATIONS, FileSpec
from netpipe.io.problem_codes import EMPTY_FILE, MISSING_FILE, UNREADABLE
from netpipe.io.problems import problem_frame
from netpipe.io.read import TextTable, first_positions, header_problems, strip_cells

__all__ = ["WORKBOOK_ENGINES", "column_letter", "is_workbook", "read_workbook"]

#: The workbook formats netpipe reads, by suffix, and the pandas engine that reads each.
WORKBOOK_ENGINES: dict[str, Literal["openpyxl", "odf"]] = {".xlsx": "openpyxl", ".ods": "odf"}


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a workbook (by its suffix) rather than a dataset folder."""
    if path.suffix.lower() not in WORKBOOK_ENGINES:
        return False
    try:
        return not path.is_dir()
    except OSError:  # a name too long: read_workbook says so
        return True


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position.

    >>> column_letter(0), column_letter(2), column_letter(26), column_letter(16383)
    ('A', 'C', 'AA', 'XFD')
    """
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(path: Path) -> tuple[dict[str, TextTable | None], list[pd.DataFrame]]:
    """Read the sheets ``nodes``, ``edges`` and (if present) ``relations`` of a workbook.

    Returns the tables by file of the contract (``nodes.csv``, ...; a missing or unreadable
    sheet is None, an absent ``relations`` sheet is left out) and the problems found.
    A sheet's name is matched exactly, else ignoring case.
    """
    shown = str(path)
    try:
        regular, exists = path.is_file(), path.exists()
    except OSError as error:
        return {}, [problem_frame(UNREADABLE, shown, [None], [f"cannot be read ({error.strerror})"])]
    if not regular:
        message = "file not found" if not exists else "is not a regular file: give a workbook"
        return {}, [problem_frame(MISSING_FILE, shown, [None], [message])]
    try:
        sheets = pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=object,
            engine=WORKBOOK_ENGINES[path.suffix.lower()],
            keep_default_na=False,
            na_filter=False,
        )
    except Exception as error:  # a damaged file raises whatever its reader raises
        message = f"cannot be read as a workbook ({type(error).__name__}: {error}): open and save it again"
        return {}, [problem_frame(UNREADABLE, shown, [None], [message])]
    tables: dict[str, TextTable | None] = {}
    problems: list[pd.DataFrame] = []
    for spec in (NODES, EDGES, RELATIONS):
        name = _sheet_name(spec)
        found = _find_sheet(sheets, name)
        if found is None:
            if spec is not RELATIONS:
                listed = ", ".join(str(s) for s in sheets)
                message = (
                    f'has no sheet "{name}" (its sheets: {listed}): a workbook holds the sheets '
                    "nodes, edges and optionally relations"
                )
                problems.append(problem_frame(MISSING_FILE, shown, [None], [message]))
                tables[spec.name] = None
            continue
        table, found_problems = _sheet_table(sheets[found], f"{shown}: {found}")
        tables[spec.name] = table
        problems += found_problems
    return tables, problems


def _sheet_name(spec: FileSpec) -> str:
    """The sheet that holds a file of the contract: ``nodes`` for ``nodes.csv``."""
    return spec.name.removesuffix(".csv")


def _find_sheet(sheets: dict[Any, pd.DataFrame], name: str) -> Any:
    """The key of the sheet named ``name`` (else the one named so but for case), or None."""
    if name in sheets:
        return name
    alike = [s for s in sheets if str(s).strip().casefold() == name]
    return alike[0] if len(alike) == 1 else None


def _sheet_table(cells: pd.DataFrame, file: str) -> tuple[TextTable | None, list[pd.DataFrame]]:
    """A sheet as a table of text: the first row with a value is the header, blank rows are
    skipped, and each row keeps its row number in the sheet."""
    text = cells.map(cell_text) if len(cells) else cells.astype(str)
    filled = (text != "").to_numpy()
    rows = np.flatnonzero(filled.any(axis=1))
    if not len(rows):
        return None, [
            problem_frame(EMPTY_FILE, file, [None], ["the sheet is empty: a header row is required"])
        ]
    header_row, body_rows = int(rows[0]), rows[1:]
    # the columns with a name or a value: blank columns (formatting) are not the data's
    used = np.flatnonzero(filled[header_row] | filled[body_rows].any(axis=0))
    header = [str(text.iat[header_row, int(j)]) for j in used]
    problems = [header_problems(file, header, header_row + 1)]
    first = first_positions(header)
    kept = [j for i, j in enumerate(used) if first[header[i]] == i]
    frame = pd.DataFrame(text.to_numpy()[np.ix_(body_rows, kept)], columns=list(dict.fromkeys(header)))
    letters = {header[i]: column_letter(int(j)) for i, j in enumerate(used) if first[header[i]] == i}
    table = TextTable(file, frame.astype(object), body_rows + 1, letters=letters)
    problems += strip_cells(table)
    return table, problems


def cell_text(value: Any) -> str:
    """A cell's value as the text the contract reads.

    Text stays as typed; a whole number is written without decimals (``7``, not ``7.0``); a
    date is its ISO date (``1914-07-28``; with a time of day, the ISO date and time, which is
    not a date); ``True`` is ``true``.

    >>> cell_text(7.0), cell_text(2.5), cell_text(True), cell_text(datetime.datetime(1066, 10, 14))
    ('7', '2.5', 'true', '1066-10-14')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        day = f"{'-' if value.year < 0 else ''}{abs(value.year):04}-{value.month:02}-{value.day:02}"
        return day if value == value.normalize() else f"{day}T{value.strftime('%H:%M:%S')}"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)
