"""Every kind of problem netpipe reports, declared once: its code, title and severity.

As frictionless declares each error type (``type``, ``title``), netpipe keeps its problem
codes in one registry, :data:`PROBLEMS`. The code names the kind of problem in a report,
in ``netpipe validate --format json`` and in the command line's counts; the severity says
whether the data can still be loaded (``warning``) or not (``error``).

>>> PROBLEMS["bad-date"]
ProblemType(code='bad-date', title='Date not valid', severity='error')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PROBLEMS", "ProblemType", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: a stable ``code``, a short ``title`` and its ``severity``."""

    code: str
    title: str
    severity: Severity


#: Every problem type by code, in the order they are declared below.
PROBLEMS: dict[str, ProblemType] = {}


def _declare(code: str, title: str, severity: Severity) -> ProblemType:
    """Register one problem type (each code once)."""
    if code in PROBLEMS:
        raise ValueError(f"the problem code {code!r} is declared twice")
    PROBLEMS[code] = ProblemType(code, title, severity)
    return PROBLEMS[code]


# Files and folders that cannot be read.
MISSING_FOLDER = _declare("missing-folder", "Data folder not found", "error")
MISSING_FILE = _declare("missing-file", "File not found", "error")
UNREADABLE = _declare("unreadable", "File that cannot be read", "error")
ENCODING = _declare("encoding", "File not in UTF-8", "error")
EMPTY_FILE = _declare("empty-file", "Empty file", "error")
TOO_MANY_COLUMNS = _declare("too-many-columns", "Too many columns", "error")
PARTS_FOLDER = _declare("parts-folder", "Folder of parts that is not one table", "error")
PART_COLUMNS = _declare("part-columns", "Part with other columns than the first", "error")
PARQUET_TYPE = _declare("parquet-type", "Parquet column of a type netpipe does not read", "error")
# Bytes, lines and cells.
LINE_ENDS = _declare("line-ends", "Carriage return alone as a line end", "error")
QUOTING = _declare("quoting", "Broken quoting", "error")
SEPARATOR = _declare("separator", "Not separated by commas", "error")
BAD_HEADER = _declare("bad-header", "Column without a name or named twice", "error")
NOT_UTF8 = _declare("not-utf8", "Bytes that are not UTF-8", "error")
CONTROL_CHARACTER = _declare("control-character", "Control character in the text", "error")
RAGGED_ROW = _declare("ragged-row", "Row with another number of cells than the header", "error")
STRAY_SPACES = _declare("stray-spaces", "Spaces at the ends of a cell", "warning")
LITERAL_QUOTE = _declare("literal-quote", "Quote inside a cell that is not quoted", "warning")
# Columns and values.
MISSING_COLUMN = _declare("missing-column", "Required column missing", "error")
RESERVED_COLUMN = _declare("reserved-column", "Column named as a computed value", "error")
MISSING_VALUE = _declare("missing-value", "Required value missing", "error")
BAD_KIND = _declare("bad-kind", "Kind not allowed", "error")
BAD_CALENDAR = _declare("bad-calendar", "Calendar not allowed", "error")
BAD_CERTAINTY = _declare("bad-certainty", "Certainty not allowed", "error")
BAD_DIRECTED = _declare("bad-directed", "Direction not true or false", "error")
BAD_FLOW = _declare("bad-flow", "Flow not true or false", "error")
BAD_SIGN = _declare("bad-sign", "Sign not allowed", "error")
BAD_DATE = _declare("bad-date", "Date not valid", "error")
END_BEFORE_START = _declare("end-before-start", "End before start", "error")
BAD_WEIGHT = _declare("bad-weight", "Weight not a positive number", "error")
# Ids, names and references.
DUPLICATE_ID = _declare("duplicate-id", "Id used twice", "error")
DUPLICATE_RELATION = _declare("duplicate-relation", "Relation declared twice", "error")
LOOKALIKE_ID = _declare("lookalike-id", "Ids alike but for case, accents or invisible characters", "warning")
INVISIBLE_CHARACTERS = _declare("invisible-characters", "Invisible characters in an id", "warning")
INVERSE_IS_A_RELATION = _declare("inverse-is-a-relation", "Inverse named as a declared relation", "warning")
UNKNOWN_NODE = _declare("unknown-node", "Tie to a node that is not declared", "error")
UNKNOWN_RELATION = _declare("unknown-relation", "Relation not declared", "error")
SELF_LOOP = _declare("self-loop", "Tie from a node to itself", "error")
LONE_CLAIM = _declare("lone-claim", "Claim id on one row only", "error")
LONE_CLAIM_IN_PART = _declare("lone-claim-in-part", "Claim id on one row of a part of a dataset", "warning")
# The evidence.
REPEATED_TIE = _declare("repeated-tie", "Tie repeated with the same people, relation and dates", "warning")
NO_CITATION = _declare("no-citation", "Tie without a source", "warning")
OUTSIDE_LIFESPAN = _declare("outside-lifespan", "Tie outside the lifespan of one of its people", "warning")
SHORT_PRESENCE = _declare("short-presence", "Node placed in time by its ties for under a year", "warning")
NO_TIES = _declare("no-ties", "Node without ties", "warning")
# NetworkX graphs.
BAD_RELATIONS = _declare("bad-relations", "Relation vocabulary of a graph not readable", "error")
NOT_UNICODE = _declare("not-unicode", "Text of a graph that is not Unicode", "error")
SAME_NAME = _declare("same-name", "Two attributes of a graph under one name", "error")
