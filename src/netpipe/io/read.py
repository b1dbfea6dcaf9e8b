"""Read one CSV file strictly into a table of text, with the physical line of every row."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pv

from netpipe.io.csvscan import (
    CsvLayout,
    bare_carriage_returns,
    control_positions,
    literal_quotes,
    quoting_problem,
    scan,
    undecodable_positions,
)
from netpipe.io.problem_codes import (
    BAD_HEADER,
    CONTROL_CHARACTER,
    EMPTY_FILE,
    ENCODING,
    LINE_ENDS,
    LITERAL_QUOTE,
    MISSING_FILE,
    NOT_UTF8,
    QUOTING,
    RAGGED_ROW,
    SEPARATOR,
    STRAY_SPACES,
    TOO_MANY_COLUMNS,
    UNREADABLE,
    ProblemType,
)
from netpipe.io.problems import KEPT_PER_CODE, NO_PROBLEMS, is_parquet, problem_frame

__all__ = ["TextTable", "first_positions", "header_problems", "read_table", "strip_cells"]

_BOM = b"\xef\xbb\xbf"
#: The most columns a file may have (the contract has a dozen; a spreadsheet's widest is 16,384).
MAX_COLUMNS = 16_384
#: Byte order marks of other encodings than UTF-8, longest first.
_OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_SAVE_AS_UTF8 = 'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")'
#: Separators that spreadsheets write in place of commas.
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


@dataclass
class TextTable:
    """A CSV file read as text: every cell a ``str``, nothing converted or dropped."""

    file: str
    """The file's name as it appears in messages, e.g. ``data/edges.csv``."""
    frame: pd.DataFrame
    """The cells; stray spaces at the ends of cells are stripped (and warned about)."""
    lines: np.ndarray
    """The physical 1-based line on which each row starts."""
    places: np.ndarray | None = None
    """For a table that is not a file (a graph's nodes or edges): where each row is, in
    words, named in messages in place of the file and line."""
    letters: dict[str, str] | None = None
    """For a sheet of a workbook (``file`` is then ``book.xlsx: edges``, ``lines`` the rows):
    the letter of each column, so that a problem names its cell (``edges!C14``)."""
    files: np.ndarray | None = None
    """For a table read from a folder of parts (``file`` is then the folder): the part of each
    row; ``lines`` are then lines in a CSV part, rows counted from 1 in a Parquet part."""
    first_part: str | None = None
    """For a table of parts: the first part, whose header names the columns of every part."""

    def problems(
        self,
        mask: np.ndarray | pd.Series,
        problem: ProblemType,
        message: str | pd.Series,
        column: str | None,
    ) -> pd.DataFrame:
        """A problem table for the rows selected by ``mask`` (see :mod:`netpipe.io.problem_codes`)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return NO_PROBLEMS
        values = self.frame.loc[mask, column].to_numpy() if column in self.frame else None
        messages = message[mask].to_numpy() if isinstance(message, pd.Series) else message
        if self.places is not None:
            return problem_frame(problem, self.places[mask], None, messages, column, values)
        file = self.file if self.files is None else self.files[mask]
        frame = problem_frame(problem, file, self.lines[mask], messages, column, values)
        if self.letters is not None:  # the cell, or the whole row (Excel's 14:14)
            rows = self.lines[mask].astype(str)
            letter = self.letters.get(column) if column is not None else None
            frame["cell"] = np.char.add(letter, rows) if letter else np.char.add(np.char.add(rows, ":"), rows)
        return frame

    def header_place(self) -> tuple[str, int | None]:
        """Where the columns are named: line 1 of the file (of the first part; a Parquet part as a whole)."""
        file = self.first_part or self.file
        return file, None if is_parquet(file) else 1

    def positions(self, rows: np.ndarray | pd.Series) -> pd.Series:
        """How a message names where each row at the positions ``rows`` is: ``on line 14``; in a
        table of parts, with its part: ``on line 14 of data/edges/part-00003.csv``, ``in row 14
        of data/edges/part-00003.parquet``."""
        at = np.asarray(rows, dtype=np.int64)
        index = rows.index if isinstance(rows, pd.Series) else None
        lines = pd.Series(self.lines[at].astype(str), index=index, dtype=object)
        if self.files is None:
            return "on line " + lines
        files = pd.Series(self.files[at], index=index, dtype=object)
        rows_of = files.map({file: is_parquet(file) for file in set(files)}).astype(bool)
        return ("in row " + lines).where(rows_of, "on line " + lines) + " of " + files


def read_table(path: Path, file: str) -> tuple[TextTable | None, list[pd.DataFrame]]:
    """Read a CSV file; return the table (None if unreadable) and the problems found.

    Every cell stays text (``007`` stays ``007``; ``NA`` and ``null`` are values). A
    leading BOM is accepted. Problems are returned, never raised: undecodable bytes,
    control characters, empty or duplicated column names, rows with too many or too
    few cells, and (as warnings) cells with spaces at their ends.
    """
    if not path.is_file():
        message = "is a folder, not a CSV file" if path.is_dir() else "file not found"
        if os.path.lexists(path) and not path.is_dir():  # a FIFO, a device, a loop of links
            message = "is not a regular file: netpipe reads CSV files only"
        return None, [problem_frame(MISSING_FILE, file, [None], [message])]
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [problem_frame(UNREADABLE, file, [None], [f"cannot be read: {error.strerror}"])]
    encoding = _other_encoding(data)
    if encoding:
        return None, [problem_frame(ENCODING, file, [None], [encoding])]
    data = data.removeprefix(_BOM)
    if b"\r" in data and b"\n" not in data:
        message = "lines end with a carriage return only (old Mac format): save it with LF or CRLF line ends"
        return None, [problem_frame(LINE_ENDS, file, [None], [message])]
    literal = literal_quotes(data)
    layout = scan(data, literal)
    if not len(layout.starts):
        return None, [problem_frame(EMPTY_FILE, file, [1], ["the file is empty: a header row is required"])]
    body = int(layout.starts[1]) if len(layout.starts) > 1 else len(data)
    header = _header(data, layout)
    if len(header) > MAX_COLUMNS:
        message = f"the header has {len(header):,} columns: netpipe reads at most {MAX_COLUMNS:,}"
        return None, [problem_frame(TOO_MANY_COLUMNS, file, [1], [message])]
    broken = _structure_problems(file, data, layout, header, literal)
    if broken is not None:
        return None, [broken]
    undecodable, more_undecodable = undecodable_positions(data)
    problems = [
        header_problems(file, header, int(layout.lines[0])),
        *_byte_problems(file, data, (undecodable, more_undecodable), layout, header),
    ]

    width = len(header)
    body_cells = layout.cells[1:]
    body_lines = layout.lines[1:]
    ragged = body_cells != width
    ragged_rows = np.flatnonzero(ragged)
    kept = ragged_rows[:KEPT_PER_CODE]  # a file cut wrongly has millions: the rest are counted
    problems.append(
        problem_frame(
            RAGGED_ROW,
            file,
            body_lines[kept],
            [f"the row has {n} cells, the header has {width}" for n in body_cells[kept]],
            more=len(ragged_rows) - len(kept),
        )
    )

    text = data.decode("utf-8", errors="replace").encode("utf-8") if undecodable else data
    frame = None if undecodable or ragged.any() else _parse_regular(data, body, width)
    if frame is None or len(frame) != len(body_lines):
        frame = _parse(text, width)
    first = first_positions(header)
    frame = frame[[i for i, name in enumerate(header) if first[name] == i]]
    frame.columns = pd.Index(dict.fromkeys(header))
    if len(frame) != len(body_lines):  # pragma: no cover - a quoting pandas reads otherwise
        message = "could not be read as CSV: a cell with a quote must be quoted, its quotes doubled"
        return None, [*problems, problem_frame(UNREADABLE, file, [None], [message])]
    table = TextTable(file, frame, body_lines)
    if len(literal):
        problems.append(_literal_quote_warnings(table, layout, header, literal))
    problems += strip_cells(table)
    return table, problems


def _parse_regular(data: bytes, body: int, width: int) -> pd.DataFrame | None:
    """Parse the rows after the header with pyarrow, columns named by position (None if it cannot).

    pyarrow is several times faster than pandas's parser and reads well-formed CSV the
    same way; it keeps rows of white space that pandas skips, so the caller checks the
    number of rows.
    """
    options = pv.ReadOptions(column_names=[str(i) for i in range(width)])
    types = pv.ConvertOptions(
        column_types=dict.fromkeys(options.column_names, pa.large_string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pv.read_csv(
            pa.py_buffer(data)[body:], options, pv.ParseOptions(newlines_in_values=True), types
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas()
    frame.columns = pd.RangeIndex(width)
    return frame


def _parse(text: bytes, width: int) -> pd.DataFrame:
    """Parse with pandas, one row per record: cells past ``width`` are cut, missing ones blank.

    Rows of the wrong width are reported as errors before; keeping them keeps every
    row on its line.
    """
    return pd.read_csv(
        io.BytesIO(text),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        index_col=False,
        engine="c",
        header=0,
        names=range(width),
        usecols=range(width),
    )


def _header(data: bytes, layout: CsvLayout) -> list[str]:
    """The column names, as written, from the first record's cells."""
    end = int(layout.starts[1]) if len(layout.starts) > 1 else len(data)
    start = int(layout.starts[0])
    commas = layout.comma_positions
    cuts = [start, *(int(c) + 1 for c in commas[(commas >= start) & (commas < end)]), end + 1]
    names = []
    for lo, hi in pairwise(cuts):
        cell = data[lo : hi - 1].decode("utf-8", errors="replace")
        if hi - 1 == end:
            cell = cell.rstrip("\r\n")
        if cell.startswith('"') and cell.endswith('"') and len(cell) > 1:
            cell = cell[1:-1].replace('""', '"')
        names.append(cell)
    return names


def _other_encoding(data: bytes) -> str | None:
    """Why the bytes are not UTF-8 text at all (UTF-16 or UTF-32), or None."""
    for bom, name in _OTHER_BOMS.items():
        if data.startswith(bom):
            return f'the file is encoded as {name} (Excel\'s "Unicode Text"): {_SAVE_AS_UTF8}'
    if data.count(0) > len(data) // 4:
        return f"the file seems to be encoded as UTF-16 or UTF-32 (it is full of zero bytes): {_SAVE_AS_UTF8}"
    return None


def _structure_problems(
    file: str, data: bytes, layout: CsvLayout, header: list[str], literal: np.ndarray
) -> pd.DataFrame | None:
    """Why the file cannot be cut into rows and cells at all: another separator than the
    comma, bare carriage returns, broken quoting (None if it can)."""
    separator = _separator_problem(file, data, layout)
    if separator is not None:
        return separator
    returns = bare_carriage_returns(data, literal)
    if len(returns):
        lines, _ = layout.locate(returns)
        message = "a carriage return (CR) alone ends a line here: save the file with LF or CRLF line ends"
        return problem_frame(LINE_ENDS, file, np.unique(lines), message)
    quoting = quoting_problem(data, literal)
    if quoting is not None:
        position, what = quoting
        lines, cells = layout.locate(np.array([position]))
        message = (
            f"{what}: a cell with a quote must be quoted whole and its quotes doubled "
            '(""); the rest of the file was not read'
        )
        frame = problem_frame(QUOTING, file, lines, message)
        frame["column"] = _name(header, int(cells[0]))
        return frame
    return None


def _separator_problem(file: str, data: bytes, layout: CsvLayout) -> pd.DataFrame | None:
    """The file is separated by another character than the comma (None if not).

    The header's first line is read as Python's csv module reads it, with each separator:
    one cell with commas and several with another means that other. Quoted cells (Excel
    quotes those holding the separator) are read as quoted.
    """
    start = int(layout.starts[0])
    end = data.find(b"\n", start)
    line = data[start : len(data) if end < 0 else end].decode("utf-8", errors="replace").split("\r")[0]
    if len(next(csv.reader([line]))) > 1:
        return None
    found = [(len(next(csv.reader([line], delimiter=s))), s, name) for s, name in _SEPARATORS.items()]
    cells, separator, name = max(found)
    if cells < 2:
        return None
    shown = "\\t" if separator == "\t" else separator
    message = (
        f'the header has no comma but {name}: the file seems to be separated by "{shown}" '
        "(as spreadsheets in many languages save it); "
        'save it separated by commas, e.g. as "CSV UTF-8"'
    )
    return problem_frame(SEPARATOR, file, layout.lines[:1], message)


def _literal_quote_warnings(
    table: TextTable, layout: CsvLayout, header: list[str], literal: np.ndarray
) -> pd.DataFrame:
    """One warning per cell that holds a quote without being quoted: it is read as written."""
    lines, cells = layout.locate(literal)
    records = np.searchsorted(layout.starts, literal, side="right") - 1
    places = pd.DataFrame({"line": lines, "cell": cells, "record": records}).drop_duplicates(
        ["record", "cell"]
    )
    places = places[places["cell"] < len(header)]  # a cell past the header's: its row is an error
    frames = [NO_PROBLEMS]
    for cell in np.unique(places["cell"]):
        rows = places[places["cell"] == cell]
        column = _name(header, int(cell))
        body = rows[rows["record"] > 0]
        values = [column] * (len(rows) - len(body))  # a quote in the header's name
        values += table.frame[column].iloc[body["record"].to_numpy() - 1].tolist()
        messages = [f"a quote inside a cell that is not quoted, read as written: {v}" for v in values]
        frames.append(problem_frame(LITERAL_QUOTE, table.file, rows["line"], messages, column, values))
    return pd.concat(frames, ignore_index=True)


def header_problems(file: str, header: list[str], line: int | None) -> pd.DataFrame:
    """Columns without a name, or named twice."""
    lines, messages = [], []
    first = first_positions(header)
    for i, name in enumerate(header):
        if not name.strip():
            lines.append(line)
            messages.append(f"column {i + 1} of the header has no name")
        elif first[name] != i:
            lines.append(line)
            messages.append(
                f'column "{name}" appears twice in the header (columns {first[name] + 1} and {i + 1})'
            )
    return problem_frame(BAD_HEADER, file, lines, messages)


def first_positions(header: list[str]) -> dict[str, int]:
    """Where each column name first appears in the header (in one pass: a header may have a million)."""
    first: dict[str, int] = {}
    for i, name in enumerate(header):
        first.setdefault(name, i)
    return first


def _byte_problems(
    file: str,
    data: bytes,
    undecodable: tuple[list[tuple[int, bytes]], bool],
    layout: CsvLayout,
    header: list[str],
) -> list[pd.DataFrame]:
    """Bytes that are not UTF-8 (one problem for the file, at the first, naming the first
    few), and control characters, each with its line and column."""
    out = []
    bad, more = undecodable
    if bad:
        hint = "save the file as UTF-8"
        if _is_windows_1252(data):
            hint = f"the file seems to be in Latin-1 or Windows-1252: {_SAVE_AS_UTF8}"
        lines, cells = layout.locate(np.array([p for p, _ in bad]))
        if len(bad) == 1 and not more:
            message = f"bytes that are not UTF-8 ({bad[0][1].hex(' ').upper()}); {hint}"
        else:
            places = ", ".join(
                f'line {line} column "{_name(header, cell)}" ({chunk.hex(" ").upper()})'
                for line, cell, (_, chunk) in zip(lines, cells, bad, strict=True)
            )
            lead, tail = (", the first at ", " and more") if more else (" at ", "")
            message = f"bytes that are not UTF-8{lead}{places}{tail}; {hint}"
        out.append(problem_frame(NOT_UTF8, file, lines[:1], [message], values=[_name(header, int(cells[0]))]))
    control = control_positions(data)
    if len(control):
        lines, cells = layout.locate(control)
        out.append(
            problem_frame(
                CONTROL_CHARACTER,
                file,
                lines,
                [f"control character U+{data[p]:04X} in the text" for p in control],
                values=[_name(header, c) for c in cells],
            )
        )
    for frame in out:  # these problems know their column by position only
        frame["column"] = frame["value"]
        frame["value"] = None
    return out


def _is_windows_1252(data: bytes) -> bool:
    """Whether the bytes read as Windows-1252 (Excel's "CSV" on Western systems), a Latin-1 superset."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _name(header: list[str], cell: int) -> str:
    """The column name of a cell index, or its position past the header."""
    return header[cell] if cell < len(header) else f"cell {cell + 1}"


def strip_cells(table: TextTable) -> list[pd.DataFrame]:
    """Strip spaces at the ends of cells, warning about each one."""
    out = []
    for column in table.frame.columns:
        values = table.frame[column]
        stripped = values.str.strip()
        changed = (stripped != values).to_numpy()
        if changed.any():
            out.append(
                table.problems(
                    changed,
                    STRAY_SPACES,
                    '"' + values.str.replace("\n", "\\n") + '" has spaces at its start or end (stripped)',
                    column,
                )
            )
            table.frame[column] = stripped
    return out
