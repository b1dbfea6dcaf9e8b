"""Where each record of a CSV file starts, how many cells it has, and where bytes go wrong.

pandas parses the cells; this module finds what pandas does not report: the physical
line of every record (quoted cells may span lines), rows with too many or too few cells,
control characters and bytes that are not UTF-8. It works on the raw bytes with numpy,
with no Python loop per row.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import numpy as np

__all__ = ["CsvLayout", "bare_carriage_returns", "literal_quotes", "quoting_problem", "scan"]

_QUOTE, _COMMA, _LF, _CR = 34, 44, 10, 13
#: Whether each byte value is a control character; tab, line feed and carriage return are allowed.
_CONTROL = np.isin(np.arange(256), [*range(0, 9), 11, 12, *range(14, 32), 127])
#: Whether each byte value is white space.
_WHITESPACE = np.isin(np.arange(256), [9, 10, 13, 32])


@dataclass
class CsvLayout:
    """The records of a CSV file, blank lines left out (the header is record 0)."""

    starts: np.ndarray
    """Byte offset where each record starts."""
    lines: np.ndarray
    """Physical 1-based line on which each record starts."""
    cells: np.ndarray
    """Number of cells in each record."""
    comma_positions: np.ndarray
    """Byte offsets of the commas that separate cells."""
    newline_positions: np.ndarray
    """Byte offsets of every line feed."""

    def locate(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The physical line and 0-based cell index of each byte offset."""
        lines = np.searchsorted(self.newline_positions, positions) + 1
        record = np.searchsorted(self.starts, positions, side="right") - 1
        before = np.searchsorted(self.comma_positions, positions)
        at_start = np.searchsorted(self.comma_positions, self.starts[record])
        return lines, before - at_start


def scan(data: bytes, literal: np.ndarray | None = None) -> CsvLayout:
    """Find the records, their lines and cell counts in CSV bytes (RFC 4180 quoting).

    ``literal``: the offsets of quotes that are text, not quoting (:func:`literal_quotes`).
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    unquoted = np.bitwise_xor.accumulate(_quotes(raw, literal).view(np.uint8)) == 0
    newlines = np.flatnonzero(raw == _LF)
    record_ends = newlines[unquoted[newlines]]
    starts = np.concatenate(([0], record_ends + 1))
    ends = np.concatenate((record_ends, [len(raw)]))
    commas = np.flatnonzero((raw == _COMMA) & unquoted)
    # the commas of a record are those before its end and not before the previous one's
    cells = 1 + np.diff(np.searchsorted(commas, ends), prepend=0)
    keep = ~_blank(raw, starts, ends)
    return CsvLayout(
        starts=starts[keep],
        lines=np.searchsorted(newlines, starts[keep]) + 1,
        cells=cells[keep],
        comma_positions=commas,
        newline_positions=newlines,
    )


def _blank(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Records holding only spaces, tabs or line ends (pandas skips them).

    Only the records that start with white space are looked at in full.
    """
    blank = ends <= starts
    suspects = np.flatnonzero(~blank)
    suspects = suspects[_WHITESPACE[raw[starts[suspects]]]]
    if len(suspects):
        lengths = ends[suspects] - starts[suspects]
        offsets = np.cumsum(lengths) - lengths
        positions = np.arange(lengths.sum()) + np.repeat(starts[suspects] - offsets, lengths)
        visible = np.add.reduceat(~_WHITESPACE[raw[positions]], offsets)
        blank[suspects] = visible == 0
    return blank


def _in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``sorted_values`` (as ``np.isin``, without sorting again)."""
    if not len(sorted_values):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values


def _quotes(raw: np.ndarray, literal: np.ndarray | None) -> np.ndarray:
    """Whether each byte is a quote that quotes (not one of the ``literal`` quotes)."""
    quotes = raw == _QUOTE
    if literal is not None and len(literal):
        quotes[literal] = False
    return quotes


def literal_quotes(data: bytes) -> np.ndarray:
    r"""Byte offsets of the quotes inside cells that are not quoted: text, read as written.

    Python's csv module, pandas, spreadsheets and frictionless read ``said "no"`` and
    ``=HYPERLINK("x")`` so: a quote quotes only where it opens a cell (right after a comma or
    a line end), and then up to the quote that closes it (a doubled quote inside is one quote).

    >>> literal_quotes(b'id,note\na,said "no"\nb,"x"\n').tolist()
    [15, 18]
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == _QUOTE)
    opening = quotes[0::2]  # read in pairs, as RFC 4180 quoting pairs them
    before = raw[np.maximum(opening - 1, 0)]
    at_start = (opening == 0) | (before == _COMMA) | (before == _LF) | _in_sorted(opening - 1, quotes[1::2])
    if at_start.all():  # every pair opens a cell: no quote is text (the usual case, kept vectorized)
        return quotes[:0]
    before = raw[np.maximum(quotes - 1, 0)]
    starts = ((quotes == 0) | (before == _COMMA) | (before == _LF)).tolist()
    found, quoted, i, positions = [], False, 0, quotes.tolist()
    while i < len(positions):  # in order: whether a quote quotes depends on those before it
        if quoted:
            doubled = i + 1 < len(positions) and positions[i + 1] == positions[i] + 1
            i += 1 + doubled
            quoted = bool(doubled)
            continue
        if starts[i]:
            quoted = True
        else:
            found.append(positions[i])
        i += 1
    return np.array(found, dtype=np.int64)


def quoting_problem(data: bytes, literal: np.ndarray | None = None) -> tuple[int, str] | None:
    """The first place where quoting breaks RFC 4180, and what is wrong there (None if nowhere).

    A quote may only open a cell (right after a comma or a line end), close it (right
    before a comma or a line end), or be doubled inside a quoted cell; the ``literal``
    quotes (:func:`literal_quotes`) are text.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(_quotes(raw, literal))
    opening, closing = quotes[0::2], quotes[1::2]
    before = raw[np.maximum(opening - 1, 0)]
    doubled_open = _in_sorted(opening - 1, closing)
    bad_open = ~((opening == 0) | (before == _COMMA) | (before == _LF) | doubled_open)
    after = raw[np.minimum(closing + 1, len(raw) - 1)]
    ends = (closing + 1 == len(raw)) | (after == _COMMA) | (after == _LF) | (after == _CR)
    bad_close = ~(ends | _in_sorted(closing + 1, opening))
    found = []
    if bad_open.any():
        found.append((int(opening[bad_open][0]), "a quote inside a cell that is not quoted"))
    if bad_close.any():
        found.append((int(closing[bad_close][0]), "text after the closing quote of a quoted cell"))
    if len(quotes) % 2:
        found.append((int(quotes[-1]), "a quote opens a cell that is never closed"))
    return min(found, key=lambda place: place[0]) if found else None


def bare_carriage_returns(data: bytes, literal: np.ndarray | None = None) -> np.ndarray:
    """Byte offsets of carriage returns outside quoted cells that no line feed follows."""
    raw = np.frombuffer(data, dtype=np.uint8)
    returns = np.flatnonzero(raw == _CR)
    if not len(returns):
        return returns
    followed = raw[np.minimum(returns + 1, len(raw) - 1)] == _LF
    followed &= returns + 1 < len(raw)
    quoted = np.bitwise_xor.accumulate(_quotes(raw, literal).view(np.uint8))[returns] == 1
    return returns[~followed & ~quoted]


def control_positions(data: bytes) -> np.ndarray:
    """Byte offsets of control characters (other than tab, LF and CR)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    suspects = np.flatnonzero((raw < 32) | (raw == 127))
    return suspects[_CONTROL[raw[suspects]]]


def undecodable_positions(data: bytes, limit: int = 5) -> tuple[list[tuple[int, bytes]], bool]:
    """Offsets and bytes of the first ``limit`` sequences that are not UTF-8, and whether there are more.

    The search stops after the first ``limit`` (a file in another encoding has one per
    accented letter: millions).

    >>> undecodable_positions(b"caf\\xe9 cr\\xe8me br\\xfbl\\xe9e", limit=2)
    ([(3, b'\\xe9'), (7, b'\\xe8')], True)
    """
    found: list[tuple[int, bytes]] = []
    view, start = memoryview(data), 0
    while True:
        try:
            codecs.utf_8_decode(view[start:], "strict", True)
        except UnicodeDecodeError as error:
            if len(found) == limit:
                return found, True
            found.append((start + error.start, bytes(view[start + error.start : start + error.end])))
            start += error.end
        else:
            return found, False
