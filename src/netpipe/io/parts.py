"""Read a table kept in several parts: a folder ``edges/`` of CSV or Parquet files.

A dataset may hold its nodes or its ties as a folder of parts in place of one CSV file
(``edges/part-00000.parquet``, ``edges/part-00001.parquet``, ...), as Spark, Dask, pyarrow,
DuckDB and ``netpipe export --format parquet`` write them. The parts are:

- every file of the folder whose name ends in ``.csv`` or ``.parquet`` (all of one format);
  names starting with ``_`` or ``.`` are skipped (``_SUCCESS``, ``_metadata``, ``.crc`` files),
  anything else (another file, a subfolder) is an error;
- read in the natural order of their names: runs of digits compare as numbers, so
  ``part.2.parquet`` comes before ``part.10.parquet`` (Dask's names are not zero-padded) and
  zero-padded names (``part-00000``) read in the same order either way.

Each CSV part is read by the strict reader of single files (:func:`netpipe.io.read.read_table`),
with its own header. A Parquet part is read with pyarrow; its columns become the contract's
text: text as it is, whole numbers in decimals (``7``), booleans as ``true``/``false``, Parquet
dates (``date32``, ``date64``) as ISO dates of any era (``-0043-03-15``), and nulls as blank
cells. Floating-point numbers are read (``2.5``, ``1`` for 1.0) only in ``weight`` and in
columns beyond the contract; other types (timestamps, lists, binary, ...) are errors. All
parts must have the same columns (in any order; the first part's order is kept). Problems
name the part and its line (``data/edges/part-00003.csv:14``) or, in Parquet, its row counted
from 1 (``data/edges/part-00003.parquet: row 14``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.io.contract import EDGES, NODES, FileSpec
from netpipe.io.dates import format_days
from netpipe.io.problem_codes import (
    CONTROL_CHARACTER,
    EMPTY_FILE,
    PARQUET_TYPE,
    PART_COLUMNS,
    PARTS_FOLDER,
    UNREADABLE,
)
from netpipe.io.problems import natural_key, problem_frame
from netpipe.io.read import TextTable, header_problems, read_table, strip_cells

__all__ = [
    "PART_SUFFIXES",
    "has_parts",
    "list_parts",
    "other_columns",
    "read_dataset_table",
    "read_part",
    "read_parts",
    "relations_in_parts",
    "table_parts",
]

#: The formats a part may have, by suffix.
PART_SUFFIXES = (".csv", ".parquet")
#: Control characters the CSV reader refuses (all but tab, LF and CR), as a regular expression.
_CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
#: The columns where a floating-point number is read as text.
_FLOATS_ALLOWED = ("weight",)

Problems = list[pd.DataFrame]


def has_parts(folder: Path) -> bool:
    """Whether a dataset folder keeps its nodes or its ties as a folder of parts."""
    return any((folder / spec.name.removesuffix(".csv")).is_dir() for spec in (NODES, EDGES))


def read_dataset_table(folder: Path, spec: FileSpec) -> tuple[TextTable | None, Problems]:
    """Read one table of a dataset folder: the file ``spec.name`` or the folder of its parts.

    ``edges.csv`` and ``edges/`` both present is an error naming both.
    """
    single = folder / spec.name
    parted = folder / spec.name.removesuffix(".csv")
    if not parted.is_dir():
        return read_table(single, str(single))
    if os.path.lexists(single):
        return None, [_both(single, parted)]
    return read_parts(parted, spec)


def table_parts(folder: Path, spec: FileSpec) -> tuple[list[Path], Path | None, Problems]:
    """The files one table of a dataset folder is read from, in order, without reading them: the
    file ``spec.name`` alone, or the parts of its folder (returned as the second value, None for
    the file alone), and what is wrong with the folder."""
    single = folder / spec.name
    parted = folder / spec.name.removesuffix(".csv")
    if not parted.is_dir():
        return [single], None, []
    if os.path.lexists(single):
        return [], parted, [_both(single, parted)]
    paths, problems = list_parts(parted)
    return paths, parted, problems


def _both(single: Path, parted: Path) -> pd.DataFrame:
    """The error of a table kept both as one file and as a folder of parts."""
    message = f"the folder of parts {parted} holds this table too: keep either the file or the folder"
    return problem_frame(PARTS_FOLDER, str(single), [None], [message])


def relations_in_parts(folder: Path) -> Problems:
    """A folder ``relations/`` is an error: the relations are one small file, ``relations.csv``."""
    if not (folder / "relations").is_dir():
        return []
    message = "relations are declared in one file, relations.csv, not in a folder of parts"
    return [problem_frame(PARTS_FOLDER, str(folder / "relations"), [None], [message])]


def list_parts(folder: Path) -> tuple[list[Path], Problems]:
    """The parts of a table's folder in the order they are read, and what is wrong with the folder.

    The order is natural: runs of digits compare as numbers (see the module).
    """
    shown = str(folder)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: natural_key(entry.name))
    except OSError as error:
        return [], [problem_frame(UNREADABLE, shown, [None], [f"cannot be read: {error.strerror}"])]
    parts, messages = [], []
    for entry in entries:
        if entry.name.startswith(("_", ".")):
            continue
        if entry.is_dir():
            messages.append(
                f'holds the folder "{entry.name}": the parts of a table are files in its folder '
                "itself (partitioned subfolders, name=value, are not read)"
            )
        elif entry.name.lower().endswith(PART_SUFFIXES):
            parts.append(Path(entry.path))
        else:
            messages.append(
                f'holds "{entry.name}", which is not a part: a folder of parts holds only .csv or '
                ".parquet files (names starting with _ or . are skipped)"
            )
    formats = sorted({part.suffix.lower() for part in parts})
    if len(formats) > 1:
        messages.append("holds both .csv and .parquet parts: the parts of a table are all of one format")
    if not parts and not messages:
        messages.append("holds no parts: put the table's part-*.csv or part-*.parquet files in it")
    if messages:
        return [], [problem_frame(PARTS_FOLDER, shown, [None] * len(messages), messages)]
    return parts, []


def read_parts(folder: Path, spec: FileSpec) -> tuple[TextTable | None, Problems]:
    """Read every part of a table's folder and join them into one table (None if one cannot be read).

    Each row keeps its part and its line or row in it (:attr:`TextTable.files`,
    :attr:`TextTable.lines`); the joined table's ``file`` is the folder.
    """
    paths, problems = list_parts(folder)
    tables = []
    for path in paths:
        table, found = read_part(path, spec)
        problems += found
        tables.append(table)
    if not paths or any(table is None for table in tables):
        return None, problems
    joined, found = join_parts([t for t in tables if t is not None], str(folder))
    return joined, problems + found


def read_part(path: Path, spec: FileSpec, file: str | None = None) -> tuple[TextTable | None, Problems]:
    """Read one part, CSV or Parquet by its suffix; return the table (None if unreadable) and the problems.

    This is the unit a partitioned reader maps over its parts. ``file``: the part's name in
    messages (default ``path``; a worker in another folder reads the absolute path).
    """
    file = str(path) if file is None else file
    if path.suffix.lower() == ".parquet":
        return read_parquet_part(path, file, spec)
    return read_table(path, file)


def read_parquet_part(path: Path, file: str, spec: FileSpec) -> tuple[TextTable | None, Problems]:
    """Read a Parquet file as a table of text (see the module for the types read); rows count from 1."""
    import pyarrow.parquet as pq  # only for datasets in Parquet: the commands start faster

    try:
        arrow = pq.ParquetFile(path).read()
    except (OSError, pa.ArrowException) as error:
        message = f"cannot be read as Parquet ({type(error).__name__}: {error})"
        return None, [problem_frame(UNREADABLE, file, [None], [message])]
    names = arrow.column_names
    if not names:
        return None, [problem_frame(EMPTY_FILE, file, [None], ["the part has no columns"])]
    problems = [header_problems(file, names, None)]
    columns, wrong = {}, []
    for name, column in zip(names, arrow.columns, strict=True):
        if name in columns:
            continue  # named twice: reported by header_problems
        text, why = _column_text(column, name, spec)
        if why:
            wrong.append((name, why))
        else:
            columns[name] = text
    for name, why in wrong:
        problems.append(problem_frame(PARQUET_TYPE, file, [None], [why], name))
    if wrong or len(problems[0]):
        return None, problems
    frame = pa.table(columns).to_pandas()
    table = TextTable(file, frame, np.arange(1, len(frame) + 1))
    for name, values in columns.items():
        control = pc.match_substring_regex(values, _CONTROL).to_numpy(zero_copy_only=False)
        if control.any():  # refused as in a CSV file
            found = frame[name][control].str.extract(f"({_CONTROL})", expand=False)
            message = "control character U+" + found.map(lambda c: f"{ord(c):04X}") + " in the text"
            problems.append(table.problems(control, CONTROL_CHARACTER, message.reindex(frame.index), name))
    problems += strip_cells(table)
    return table, problems


def _column_text(column: pa.ChunkedArray, name: str, spec: FileSpec) -> tuple[pa.ChunkedArray, str]:
    """A Parquet column as text with blanks for nulls, or why it cannot be read (then the text is empty)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = column.cast(kind.value_type), kind.value_type
    if pa.types.is_date(kind):
        days = column.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False)
        text = pa.chunked_array([pa.array(format_days(pd.array(days, dtype="Int64")), pa.large_string())])
    elif (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_string_view(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_null(kind)
        or (pa.types.is_floating(kind) and (name in _FLOATS_ALLOWED or name not in spec.columns))
    ):
        text = column.cast(pa.large_string())
    elif pa.types.is_floating(kind):
        if name in spec.dates:
            why = (
                f"holds floating-point numbers ({kind}): a date is text (1932-09-22, 1932-09, 1932, "
                "-0043) or a Parquet date (date32)"
            )
        else:
            why = f"holds floating-point numbers ({kind}): write this column as text or whole numbers"
        return pa.chunked_array([], pa.large_string()), why
    else:
        what = "timestamps" if pa.types.is_timestamp(kind) else "values"
        why = (
            f"holds {what} of the Parquet type {kind}: netpipe reads text, whole numbers, "
            "true/false and dates (date32)"
        )
        return pa.chunked_array([], pa.large_string()), why
    return pc.fill_null(text, ""), ""


def other_columns(
    first: str, columns: list[str], found: list[str], place: tuple[str, int | None]
) -> pd.DataFrame:
    """The error of a part whose columns (``found``, its header at ``place``) are not those of the
    first part ``first`` (``columns``): which it lacks and which it adds."""
    lacks = [c for c in columns if c not in found]
    adds = [c for c in found if c not in columns]
    how = "; ".join(
        f"{what} {', '.join(f'{chr(34)}{c}{chr(34)}' for c in names)}"
        for what, names in (("it lacks", lacks), ("it has", adds))
        if names
    )
    message = f"the columns differ from those of the first part {first}: {how}"
    return problem_frame(PART_COLUMNS, place[0], [place[1]], [message])


def join_parts(tables: list[TextTable], folder: str) -> tuple[TextTable | None, Problems]:
    """Join the parts of a table, checked to have the columns of the first (in any order).

    A part with other columns is an error naming it, the columns it lacks and those it adds.
    """
    first = tables[0]
    columns = list(first.frame.columns)
    problems = [
        other_columns(first.file, columns, list(table.frame.columns), table.header_place())
        for table in tables[1:]
        if set(table.frame.columns) != set(columns)
    ]
    if problems:
        return None, problems
    frame = pd.concat([table.frame[columns] for table in tables], ignore_index=True)
    sizes = [len(table.frame) for table in tables]
    files = np.repeat(np.array([table.file for table in tables], dtype=object), sizes)
    lines = np.concatenate([table.lines for table in tables]).astype(np.int64)
    return TextTable(folder, frame, lines, files=files, first_part=first.file), []
