"""Validate a dataset folder against the data contract and build its typed tables.

Every problem of every file is collected in one pass; nothing is raised until the end.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netpipe.io.calendars import CALENDARS, parse_calendar_dates
from netpipe.io.contract import (
    CERTAINTIES,
    DEFAULT_RELATIONS,
    EDGES,
    NODE_KINDS,
    NODES,
    RELATION_KINDS,
    RELATIONS,
    FileSpec,
)
from netpipe.io.dates import format_days, parse_dates
from netpipe.io.errors import ArgumentTypeError, DataError
from netpipe.io.names import describe_ids, name_index, normalize, suggest
from netpipe.io.parts import read_dataset_table, relations_in_parts
from netpipe.io.problem_codes import (
    BAD_CALENDAR,
    BAD_CERTAINTY,
    BAD_DATE,
    BAD_DIRECTED,
    BAD_FLOW,
    BAD_KIND,
    BAD_SIGN,
    BAD_WEIGHT,
    DUPLICATE_ID,
    DUPLICATE_RELATION,
    END_BEFORE_START,
    INVERSE_IS_A_RELATION,
    INVISIBLE_CHARACTERS,
    LONE_CLAIM,
    LONE_CLAIM_IN_PART,
    LOOKALIKE_ID,
    MISSING_COLUMN,
    MISSING_FOLDER,
    MISSING_VALUE,
    NO_CITATION,
    NO_TIES,
    OUTSIDE_LIFESPAN,
    REPEATED_TIE,
    RESERVED_COLUMN,
    SELF_LOOP,
    SHORT_PRESENCE,
    UNKNOWN_NODE,
    UNKNOWN_RELATION,
    ProblemType,
)
from netpipe.io.problems import NO_PROBLEMS, Report, problem_frame, visible
from netpipe.io.read import TextTable
from netpipe.io.spans import presence_table
from netpipe.io.typed_tables import DATE_PARTS, Tables
from netpipe.io.workbook import is_workbook, read_workbook

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "LINES_SHOWN",
    "check_edge_part",
    "check_nodes_and_relations",
    "check_text",
    "duplicate_tie_ids",
    "isolated",
    "lone_claims",
    "read_tables",
    "repeated_ties",
    "short_presence",
    "unknown_relations",
    "validate",
]

Problems = list[pd.DataFrame]

#: The values of ``sign`` in relations.csv and what they mean.
_SIGNS = {"1": 1, "+1": 1, "-1": -1, "0": 0}

#: Columns netpipe computes in each table: a user column of that name would be overwritten.
_RESERVED = {
    NODES.name: ("line", *(f"{c}_{p}" for c in NODES.dates for p in DATE_PARTS)),
    EDGES.name: (
        "directed",
        "sign",
        "kind",
        "flow",
        "line",
        *(f"{c}_{p}" for c in EDGES.dates for p in DATE_PARTS),
    ),
    RELATIONS.name: (),
}


def validate(path: str | Path = "data", cluster: Client | None = None) -> Report:
    """Check a dataset folder and return every problem found, as data.

    Parameters
    ----------
    path : str or Path
        The folder holding ``nodes.csv``, ``edges.csv`` and optionally ``relations.csv`` (or
        folders ``nodes/``, ``edges/`` of CSV or Parquet parts, see :mod:`netpipe.io.parts`), or a
        workbook (``.xlsx``, ``.ods``) with the sheets ``nodes``, ``edges`` and optionally ``relations``.
    cluster : distributed.Client, optional
        Check the ties on the workers of this Dask client, part by part (see
        :mod:`netpipe.io.dask_validation`): the same report, with the ties never all in this process.

    Returns
    -------
    Report
        Errors and warnings, each with file, line, column, value and message.
        Nothing is printed and nothing is raised for bad data.

    Examples
    --------
    >>> report = validate("tests/data/valid")
    >>> report.ok
    True
    """
    return _check(_folder(path), cluster, typed=False)[1]


def read_tables(path: str | Path = "data", cluster: Client | None = None) -> Tables:
    """Read and validate a dataset folder into its typed tables; with ``cluster``, a Dask client,
    the ties are read, checked and typed on its workers, part by part, and gathered here.

    Raises
    ------
    DataError
        The data has errors; the exception's ``report`` holds all of them.
    """
    tables, report = _check(_folder(path), cluster)
    if tables is None:
        raise DataError(report)
    return tables


def _folder(path: str | Path) -> Path:
    """The dataset folder as a path; anything but a path or its text is a bad argument."""
    if not isinstance(path, str | os.PathLike):
        raise ArgumentTypeError(f"a dataset is named by its folder's path, not by {type(path).__name__}")
    return Path(path)


def _check(folder: Path, cluster: Client | None = None, typed: bool = True) -> tuple[Tables | None, Report]:
    """Validate every file (or sheet of a workbook); build the tables only when there is no error
    (and ``typed``). With ``cluster``, the ties of a folder are checked on its workers."""
    if cluster is not None and _is_folder(folder):
        from netpipe.io.dask_validation import check_on_cluster, joined_tables

        tables, report, parts = check_on_cluster(folder, cluster, "parts" if typed else "nothing")
        return None if tables is None else joined_tables(tables, cluster, parts), report
    if is_workbook(folder):
        sheets, found = read_workbook(folder)
        if not sheets:
            return None, Report.from_frames(found)
        texts = [sheets.get(spec.name) for spec in (NODES, EDGES, RELATIONS)]
        return check_text(texts[0], texts[1], texts[2], found, folder.stem)
    try:
        missing = not folder.is_dir()
        message = (
            "is not a folder: give the folder that holds nodes.csv and edges.csv, "
            "or a workbook (.xlsx, .ods) with the sheets nodes and edges"
        )
    except OSError as error:  # a name too long
        missing, message = True, f"cannot be read ({error.strerror}): give the folder that holds nodes.csv"
    if missing:
        report = Report.from_frames([problem_frame(MISSING_FOLDER, str(folder), [None], [message])])
        return None, report
    problems: Problems = relations_in_parts(folder)
    node_text = _read(folder, NODES, problems)
    edge_text = _read(folder, EDGES, problems)
    relation_text = _read(folder, RELATIONS, problems) if (folder / RELATIONS.name).exists() else None
    return check_text(node_text, edge_text, relation_text, problems, folder.resolve().name, folder.resolve())


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder (False for a name the system refuses)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def check_text(
    node_text: TextTable | None,
    edge_text: TextTable | None,
    relation_text: TextTable | None,
    problems: Problems,
    name: str,
    folder: Path | None = None,
    part: bool = False,
    graph: bool = False,
) -> tuple[Tables | None, Report]:
    """Check the text of a dataset's tables (read from files, or made from a graph) and type them.

    ``problems`` holds what was found before (in reading the files); the tables are built
    only when there is no error. Without ``relation_text`` the built-in relations apply.
    ``part``: the tables may be part of a dataset (a graph can be a subgraph), so a claim
    with one reading left is a warning, not an error. ``graph``: the tables are made from a
    NetworkX graph, read by the rules for graphs (see :func:`netpipe.model.networkx_adapter.graph_tables`): a
    self-loop, a weight that is not positive and a kind beyond the contract are kept as written.
    """
    edge_text = _with_columns(edge_text, EDGES, problems) if edge_text is not None else None
    node_text, relation_text, nodes, relations = check_nodes_and_relations(
        node_text, relation_text, problems, graph
    )
    edges = _edges(edge_text, nodes, relations, problems, part, graph, relation_text) if edge_text else None
    if node_text is not None and nodes is not None and edges is not None:
        problems.append(isolated(node_text, pd.Index(pd.concat([edges["source"], edges["target"]]).unique())))
    report = Report.from_frames(problems)
    if not report.ok or nodes is None or edges is None or node_text is None or edge_text is None:
        return None, report
    user_columns = {"nodes": list(node_text.frame.columns), "edges": list(edge_text.frame.columns)}
    if relation_text is not None:
        user_columns["relations"] = list(relation_text.frame.columns)
    tables = Tables(nodes, edges, relations, report, user_columns, name=name, folder=folder)
    if relation_text is not None:
        tables.declared_relations = tuple(dict.fromkeys(relation_text.frame["relation"]))
    short = short_presence(node_text, presence_table(tables))
    if len(short):
        tables.report = report = Report.from_frames([report.problems, short], report.more)
    return tables, report


def check_nodes_and_relations(
    node_text: TextTable | None, relation_text: TextTable | None, problems: Problems, graph: bool = False
) -> tuple[TextTable | None, TextTable | None, pd.DataFrame | None, pd.DataFrame]:
    """Check the text of the nodes and of the declared relations (each None if it could not be read,
    and returned None if its header is wrong); return them with the typed nodes (None likewise)
    and the relations in force."""
    node_text, relation_text = (
        _with_columns(text, spec, problems) if text is not None else None
        for text, spec in ((node_text, NODES), (relation_text, RELATIONS))
    )
    relations = _vocabulary(relation_text, problems)
    nodes = _nodes(node_text, problems, graph) if node_text else None
    return node_text, relation_text, nodes, relations


def _read(folder: Path, spec: FileSpec, problems: Problems) -> TextTable | None:
    """Read one file of the dataset, or the folder of its parts (None if it cannot be read)."""
    table, found = read_dataset_table(folder, spec)
    problems += found
    return table


def _with_columns(table: TextTable, spec: FileSpec, problems: Problems) -> TextTable | None:
    """The table if it has the required columns and none that netpipe computes (else None)."""
    missing = [c for c in spec.required if c not in table.frame.columns]
    if missing:
        needs = ", ".join(spec.required)
        file, line = table.header_place()
        problems.append(
            problem_frame(
                MISSING_COLUMN,
                file,
                [line] * len(missing),
                [f'the header has no column "{c}": {spec.name} needs {needs}' for c in missing],
            )
        )
        return None
    reserved = [c for c in table.frame.columns if c in _RESERVED[spec.name]]
    if reserved:
        file, line = table.header_place()
        problems.append(
            problem_frame(
                RESERVED_COLUMN,
                file,
                [line] * len(reserved),
                [f'column "{c}" has a name netpipe uses for a computed value: rename it' for c in reserved],
            )
        )
        return None
    for column in spec.required:
        empty = (table.frame[column] == "").to_numpy()
        problems.append(table.problems(empty, MISSING_VALUE, "is empty: a value is required", column))
    return table


def _choice(
    table: TextTable, column: str, allowed: tuple[str, ...], problems: Problems, problem: ProblemType
) -> None:
    """Check that a column holds one of ``allowed`` (blank allowed)."""
    if column not in table.frame:
        return
    values = table.frame[column]
    bad = ((values != "") & ~values.isin(allowed)).to_numpy()
    choices = ", ".join(allowed[:-1]) + " or " + allowed[-1]
    problems.append(
        table.problems(bad, problem, '"' + values + f'" is not allowed here: use {choices}', column)
    )


def _dates(table: TextTable, spec: FileSpec, problems: Problems) -> pd.DataFrame:
    """Parse the date columns into their bounds; report impossible dates and reversed spans."""
    typed = pd.DataFrame(index=table.frame.index)
    for column in spec.dates:
        texts = _text(table, column)
        calendar = table.frame.get("calendar")
        parsed = parse_dates(texts) if calendar is None else parse_calendar_dates(texts, calendar)
        bad = (parsed["error"] != "").to_numpy()
        if bad.any():  # messages are built only when needed: a million of them cost
            problems.append(table.problems(bad, BAD_DATE, '"' + texts + '" ' + parsed["error"], column))
        for part in ("lo", "hi", "precision", "qualifier"):
            typed[f"{column}_{part}"] = parsed[part].array
    if "end" in table.frame:
        reversed_span = (typed["end_hi"] < typed["start_lo"]).to_numpy(dtype=bool, na_value=False)
        if reversed_span.any():
            message = '"' + table.frame["end"] + '" is before the start "' + _text(table, "start") + '"'
            problems.append(table.problems(reversed_span, END_BEFORE_START, message, "end"))
    return typed


def _duplicates(
    table: TextTable, keys: pd.Series, column: str, problems: Problems, what: str, problem: ProblemType
) -> None:
    """Report each repeated key with the line where it first appeared."""
    repeated = keys.duplicated().to_numpy() & (keys != "").to_numpy()
    if repeated.any():
        first = _row_positions(keys).groupby(keys.to_numpy()).transform("first")
        message = '"' + table.frame[column] + f'" is already {what} ' + table.positions(first[repeated])
        problems.append(table.problems(repeated, problem, message, column))


def _row_positions(keys: pd.Series) -> pd.Series:
    """The position of each row in its table, aligned with ``keys``."""
    return pd.Series(np.arange(len(keys)), index=keys.index)


def _nodes(table: TextTable, problems: Problems, graph: bool = False) -> pd.DataFrame:
    """Check nodes.csv and build the typed node table."""
    frame = table.frame
    _duplicates(table, frame["id"], "id", problems, "the id of the node", DUPLICATE_ID)
    normalized = frame["id"].str.normalize("NFC")
    near = normalized.duplicated().to_numpy() & ~frame["id"].duplicated().to_numpy()
    if near.any():
        first = _row_positions(frame["id"]).groupby(normalized.to_numpy()).transform("first")
        message = (
            '"'
            + frame["id"]
            + '" is the same id as the node '
            + table.positions(first[near])
            + (" once Unicode is normalized (NFC): the two look alike but are stored differently")
        )
        problems.append(table.problems(near, DUPLICATE_ID, message, "id"))
    _lookalike_ids(table, problems)
    if not graph:  # a graph's own kinds ("city") are kept as written
        _choice(table, "kind", NODE_KINDS, problems, BAD_KIND)
    _choice(table, "calendar", CALENDARS, problems, BAD_CALENDAR)
    nodes = pd.concat([frame, _dates(table, NODES, problems)], axis=1)
    nodes["kind"] = nodes["kind"].replace("", "person") if "kind" in nodes else "person"
    nodes["line"] = table.lines
    return nodes.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)


def _lookalike_ids(table: TextTable, problems: Problems) -> None:
    """Warn about ids that differ from another only in case or Unicode form, or hold invisible characters."""
    ids = table.frame["id"]
    plain = ids.str.isascii().to_numpy(dtype=bool)
    folded = ids.str.casefold()
    if not plain.all():  # accents and invisible characters only in the ids that are not ASCII
        folded.loc[~plain] = np.array([normalize(i).replace(" ", "") for i in ids[~plain]], dtype=object)
    shared = folded.duplicated(keep=False).to_numpy() & (ids != "").to_numpy()
    if shared.any():
        groups = folded[shared].to_numpy()
        first = _row_positions(ids)[shared].groupby(groups).transform("first")
        first_id = ids[shared].groupby(groups).transform("first")
        alike = (first_id != ids[shared]) & (
            first_id.str.normalize("NFC") != ids[shared].str.normalize("NFC")
        )
        message = (
            '"' + ids[shared] + '" differs from the id "' + first_id + '" of the node '
            + table.positions(first) + " only in case, accents or invisible characters: are they the same?"
        )  # fmt: skip
        problems.append(
            table.problems(
                alike.reindex(ids.index, fill_value=False),
                LOOKALIKE_ID,
                message.reindex(ids.index),
                "id",
            )
        )
    hidden = ~plain & (ids.map(visible) != ids).to_numpy(dtype=bool)
    message = '"' + ids + '" holds invisible characters (shown escaped): retype the id'
    problems.append(table.problems(hidden, INVISIBLE_CHARACTERS, message, "id"))


def _vocabulary(table: TextTable | None, problems: Problems) -> pd.DataFrame:
    """The relations in force: the built-in ones, added to and overridden by relations.csv.

    The file's relations come first, in its order, then the built-in ones it does not declare
    (with blanks in the file's own columns).
    """
    built_in = pd.DataFrame.from_dict(DEFAULT_RELATIONS, orient="index").rename_axis("relation")
    if table is None:
        return built_in
    declared = _relations(table, problems)
    added = built_in[~built_in.index.isin(declared.index)]
    if not len(added):
        return declared
    own_columns = {c: "" for c in declared.columns if c not in built_in.columns}
    return pd.concat([declared, added.assign(**own_columns)])


def _relations(table: TextTable, problems: Problems) -> pd.DataFrame:
    """Check relations.csv and build the relation vocabulary."""
    frame = table.frame
    _duplicates(table, frame["relation"], "relation", problems, "declared", DUPLICATE_RELATION)
    directed = frame["directed"].str.lower()
    _choice(
        TextTable(table.file, frame.assign(directed=directed), table.lines),
        "directed",
        ("true", "false"),
        problems,
        BAD_DIRECTED,
    )
    _choice(table, "sign", tuple(_SIGNS), problems, BAD_SIGN)
    _choice(table, "kind", RELATION_KINDS, problems, BAD_KIND)
    flow = frame["flow"].str.lower() if "flow" in frame else pd.Series("", index=frame.index)
    flows = TextTable(table.file, frame.assign(flow=flow), table.lines)
    _choice(flows, "flow", ("true", "false"), problems, BAD_FLOW)
    if "inverse" in frame:
        names = [*frame["relation"], *DEFAULT_RELATIONS]
        named = ((frame["inverse"] != "") & frame["inverse"].isin(names)).to_numpy()
        message = (
            '"' + frame["inverse"] + '" is also the name of a declared relation: '
            "a tie read from its target's side could be taken for that relation"
        )
        problems.append(table.problems(named, INVERSE_IS_A_RELATION, message, "inverse"))
    relations = pd.DataFrame(
        {
            "directed": (directed == "true").to_numpy(),
            "sign": frame["sign"].map(_SIGNS).fillna(0).astype(int).to_numpy(),
            "kind": frame["kind"].to_numpy(),
            "inverse": frame["inverse"].to_numpy() if "inverse" in frame else "",
            "description": frame["description"].to_numpy() if "description" in frame else "",
            "flow": (flow == "true").to_numpy(),  # blank: a user's relation carries no flow
            # Columns beyond the contract are kept, as in the other tables.
            **{c: frame[c].to_numpy() for c in frame.columns if c not in RELATIONS.columns},
        },
        index=pd.Index(frame["relation"], name="relation"),
    )
    return relations[~relations.index.duplicated()]


def _edges(
    table: TextTable,
    nodes: pd.DataFrame | None,
    relations: pd.DataFrame,
    problems: Problems,
    part: bool,
    graph: bool = False,
    relation_text: TextTable | None = None,
    whole: bool = True,
) -> pd.DataFrame:
    """Check edges.csv against the nodes and relations (``relation_text``: relations.csv, if
    any), and build the typed edge table. ``whole``: the table is every tie of the dataset; if
    not (a part), the checks that compare rows with each other are left to the caller."""
    frame = table.frame
    ids = frame["id"] if "id" in frame else pd.Series(table.lines.astype(str), index=frame.index)
    if whole:
        duplicate_tie_ids(table, problems)
    if nodes is not None:
        for column in ("source", "target"):
            _unknown_endpoints(table, column, nodes, problems)
    if whole:
        unknown_relations(table, relations, problems, relation_text)
    loop = (frame["source"] == frame["target"]).to_numpy() & (frame["source"] != "").to_numpy()
    loop &= not graph  # a graph's self-loops are kept, and left out of the measures
    problems.append(
        table.problems(
            loop,
            SELF_LOOP,
            '"' + frame["target"] + '" is also the source: a tie needs two different ends',
            "target",
        )
    )
    _choice(table, "certainty", CERTAINTIES, problems, BAD_CERTAINTY)
    _choice(table, "calendar", CALENDARS, problems, BAD_CALENDAR)
    edges = pd.concat([frame, _dates(table, EDGES, problems)], axis=1)
    edges["certainty"] = edges["certainty"].replace("", "certain") if "certainty" in edges else "certain"
    edges["weight"] = _weights(table, problems, graph)
    vocabulary = relations.reindex(frame["relation"])
    edges["directed"] = vocabulary["directed"].fillna(True).astype(bool).to_numpy()
    edges["sign"] = vocabulary["sign"].fillna(0).astype(np.int8).to_numpy()
    edges["kind"] = vocabulary["kind"].fillna("state").to_numpy()
    edges["flow"] = vocabulary["flow"].fillna(False).astype(bool).to_numpy()
    edges["line"] = table.lines
    edges.index = pd.Index(ids.to_numpy(), name=None)
    if whole:
        repeated_ties(table, edges, problems)
        lone_claims(table, problems, LONE_CLAIM_IN_PART if part else LONE_CLAIM)
    _uncited(table, problems)
    if nodes is not None:
        _outside_lifespans(table, edges, nodes, problems)
    return edges


def check_edge_part(
    table: TextTable, nodes: pd.DataFrame | None, relations: pd.DataFrame, relation_text: TextTable | None
) -> tuple[pd.DataFrame | None, Problems]:
    """Check one part of a dataset's ties with what needs no other part (its header, and each row
    against the nodes and relations); return its typed rows (None if its header is wrong) and
    the problems. The checks across rows are :func:`duplicate_tie_ids`, :func:`unknown_relations`,
    :func:`repeated_ties` and :func:`lone_claims`."""
    problems: Problems = []
    if _with_columns(table, EDGES, problems) is None:
        return None, problems
    edges = _edges(table, nodes, relations, problems, False, relation_text=relation_text, whole=False)
    return edges, problems


def duplicate_tie_ids(table: TextTable, problems: Problems) -> None:
    """Report each tie id written before, with where it first was."""
    if "id" in table.frame:
        _duplicates(table, table.frame["id"], "id", problems, "the id of the tie", DUPLICATE_ID)


def _weights(table: TextTable, problems: Problems, graph: bool = False) -> np.ndarray:
    """The typed weight column: blank is 1, anything but a positive number is an error (in a
    graph, any number is kept as written: the measures count a tie whose weight is not
    positive as a tie of weight 1)."""
    if "weight" not in table.frame:
        return np.ones(len(table.frame))
    text = table.frame["weight"]
    codes, distinct = pd.factorize(text.where(text != "", "1"), use_na_sentinel=False)  # convert each once
    weight = pd.to_numeric(pd.Series(distinct), errors="coerce").to_numpy(dtype=float)[codes]
    bad = ~np.isfinite(weight) | ((weight <= 0) & (not graph))
    problems.append(table.problems(bad, BAD_WEIGHT, '"' + text + '" is not a positive number', "weight"))
    return np.where(bad, 1.0, weight)


def _unknown_endpoints(table: TextTable, column: str, nodes: pd.DataFrame, problems: Problems) -> None:
    """Endpoints that are not node ids, with a did-you-mean from ids, names and aliases."""
    values = table.frame[column]
    unknown = (nodes.index.get_indexer(pd.Index(values)) < 0) & (values != "").to_numpy()  # faster than isin
    if not unknown.any():
        return
    index = name_index(nodes)
    hints = {}
    for value in values[unknown].unique():
        close = suggest(value, index)
        hints[value] = f"; did you mean {describe_ids(close, nodes)}?" if close else ""
    message = '"' + values + '" is not a node id in nodes.csv' + values.map(hints).fillna("")
    problems.append(table.problems(unknown, UNKNOWN_NODE, message, column))


def unknown_relations(
    table: TextTable,
    relations: pd.DataFrame,
    problems: Problems,
    relation_text: TextTable | None,
    counts: Mapping[str, int] | None = None,
) -> None:
    """Each relation not declared, once: how many rows use it and where, a did-you-mean, and
    the row of relations.csv that would declare it. ``counts``: how many rows use each, where
    ``table`` holds only the first rows of each (as gathered from the parts of a dataset)."""
    values = table.frame["relation"]
    unknown = (~values.isin(relations.index) & (values != "")).to_numpy()
    if not unknown.any():
        return
    declared = list(relations.index)
    rows = np.flatnonzero(unknown)
    first, message = np.zeros(len(values), dtype=bool), np.full(len(values), "", dtype=object)
    for key, where in pd.Series(rows).groupby(values.to_numpy()[rows], sort=False):
        relation = str(key)
        same_case = [r for r in declared if r.casefold() == relation.casefold()]
        close = same_case or difflib.get_close_matches(relation, declared, n=1)
        hint = f'; did you mean "{close[0]}"? Or, to declare it, ' if close else "; to declare it, "
        lines = table.lines[where.to_numpy()]
        used_by = len(lines) if counts is None else counts[relation]
        shown = ", ".join(str(line) for line in lines[:LINES_SHOWN])
        rest = f" and {used_by - LINES_SHOWN} more" if used_by > LINES_SHOWN else ""
        line = "line" if table.letters is None else "row"  # a sheet's rows
        used = f"1 row: {line} {shown}" if used_by == 1 else f"{used_by} rows: {line}s {shown}{rest}"
        if table.files is not None:  # in parts: each row with its part
            shown = ", ".join(table.positions(where.to_numpy()[:LINES_SHOWN]).str.split(" ", n=1).str[1])
            used = f"{used_by} row{'s' if used_by > 1 else ''}: {shown}{rest}"
        first[where.iloc[0]] = True
        declare = _declaration(relation, table, relation_text)
        message[where.iloc[0]] = f'"{relation}" is not a declared relation ({used}){hint}{declare}'
    problems.append(table.problems(first, UNKNOWN_RELATION, pd.Series(message), "relation"))


#: How many of the lines that use an undeclared relation its error names.
LINES_SHOWN = 3


def _declaration(relation: str, edges: TextTable, relation_text: TextTable | None) -> str:
    """How to declare ``relation``: the row to add to relations.csv (or sheet), in its columns."""
    columns = list(relation_text.frame.columns) if relation_text is not None else list(RELATIONS.required)
    guess = {"relation": relation, "directed": "true", "sign": "0", "kind": "state"}
    cells = [guess.get(column, "") for column in columns]
    meaning = (
        "then set directed (true or false), sign (1, -1 or 0) and kind (state or event) "
        f'to what "{relation}" means'
    )
    if edges.letters is not None:  # a workbook: cells, not CSV text
        row, header = " | ".join(cells), " | ".join(columns)
        if relation_text is not None:
            return f"add the row {row} to {relation_text.file} (its columns: {header}), {meaning}"
        book = edges.file.rsplit(": ", 1)[0]
        return f'add a sheet "relations" to {book} with the header {header} and the row {row}, {meaning}'
    row = _csv_row(cells)
    if relation_text is not None:
        return f'add the row "{row}" to {relation_text.file} (its columns: {_csv_row(columns)}), {meaning}'
    file = str(Path(edges.file).with_name(RELATIONS.name))
    return f'write {file} with the header "{_csv_row(columns)}" and the row "{row}", {meaning}'


def _csv_row(cells: list[str]) -> str:
    """One row of CSV text, quoted where a cell needs it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def repeated_ties(table: TextTable, edges: pd.DataFrame, problems: Problems) -> None:
    """Warn about a tie written twice (same people, relation and dates); both are kept."""
    swap = ~edges["directed"] & (edges["target"] < edges["source"])
    first_end = edges["source"].where(~swap, edges["target"])
    second_end = edges["target"].where(~swap, edges["source"])
    key = pd.DataFrame(
        {
            "a": first_end.array,
            "b": second_end.array,
            "r": edges["relation"].array,
            "s": _text(table, "start").array,
            "e": _text(table, "end").array,
        }
    )
    repeated = key.duplicated().to_numpy()
    if repeated.any():
        first = pd.Series(np.arange(len(key))).groupby([key[c] for c in key.columns]).transform("first")
        message = (
            _ties(table, repeated)
            + " repeats the tie "
            + table.positions(first[repeated]).reindex(first.index, fill_value="").to_numpy()
            + (" (same people, relation and dates); both are kept")
        )
        problems.append(table.problems(repeated, REPEATED_TIE, message, None))


def lone_claims(table: TextTable, problems: Problems, problem: ProblemType) -> None:
    """A claim id names rival readings of one fact: an id on only one row is a problem."""
    if "claim" not in table.frame:
        return
    claims = table.frame["claim"]
    lone = ((claims != "") & (claims.map(claims.value_counts()) == 1)).to_numpy()
    message = '"' + claims + '" is on no other row: rows that are rival readings of one fact share a claim id'
    problems.append(table.problems(lone, problem, message, "claim"))


_NO_CITATION_COLUMN = "there is no citation column: no tie says where it comes from"


def _uncited(table: TextTable, problems: Problems) -> None:
    """Warn about ties with no citation."""
    if "citation" not in table.frame:
        file, line = table.header_place()
        problems.append(problem_frame(NO_CITATION, file, [line], [_NO_CITATION_COLUMN]))
        return
    blank = (table.frame["citation"] == "").to_numpy()
    if blank.any():
        problems.append(
            table.problems(
                blank, NO_CITATION, "is empty: " + _ties(table, blank) + " has no source", "citation"
            )
        )


def _outside_lifespans(
    table: TextTable, edges: pd.DataFrame, nodes: pd.DataFrame, problems: Problems
) -> None:
    """Warn about ties dated outside the lifespan of one of their people."""
    tie_lo = edges["start_lo"].to_numpy(dtype=float, na_value=np.nan)
    event_end = edges["start_hi"].where((edges["kind"] == "event").to_numpy())
    tie_hi = edges["end_hi"].fillna(event_end).to_numpy(dtype=float, na_value=np.nan)
    spans = _text_span(nodes)
    what = nodes["kind"].map({"person": "lifespan"}).fillna("existence")
    for column in ("source", "target"):
        ends = edges[column]
        at = nodes.index.get_indexer(pd.Index(ends))  # one look-up for both bounds; -1 picks NaN
        first = np.append(nodes["start_lo"].to_numpy(dtype=float, na_value=np.nan), np.nan)[at]
        last = np.append(nodes["end_hi"].to_numpy(dtype=float, na_value=np.nan), np.nan)[at]
        outside = (tie_lo > last) | (tie_hi < first)
        if outside.any():
            dates = (_text(table, "start") + "/" + _text(table, "end")).str.strip("/")
            message = (
                _ties(table, outside) + ", dated " + dates.to_numpy() + ", falls outside the "
                + ends.map(what).fillna("").to_numpy() + ' of "' + ends.to_numpy() + '" ('
                + ends.map(spans).fillna("").to_numpy() + ")"
            )  # fmt: skip
            problems.append(
                table.problems(
                    outside,
                    OUTSIDE_LIFESPAN,
                    pd.Series(message, index=table.frame.index),
                    column,
                )
            )


def _text(table: TextTable, column: str) -> pd.Series:
    """A column's text, or blanks if the file has no such column."""
    return table.frame[column] if column in table.frame else pd.Series("", index=table.frame.index)


def _text_span(nodes: pd.DataFrame) -> pd.Series:
    """Each node's span as written, ``?`` for an unknown end."""
    start = nodes["start"] if "start" in nodes else pd.Series("", index=nodes.index)
    end = nodes["end"] if "end" in nodes else pd.Series("", index=nodes.index)
    return start.where(start != "", "?") + " to " + end.where(end != "", "?")


#: A node placed in time by its ties alone over fewer days than this is warned about.
SHORT_PRESENCE_DAYS = 365


def short_presence(table: TextTable, spans: pd.DataFrame) -> pd.DataFrame:
    """Warn about the nodes placed in time only by a short run of attestations (under a year),
    so that their dates can be declared (``spans``: the nodes' :func:`~netpipe.io.spans.presence_table`)."""
    attested = ((spans["from_basis"] == "attested") & (spans["until_basis"] == "attested")).to_numpy()
    length = (spans["until"] - spans["from"]).to_numpy(dtype=np.int64, na_value=SHORT_PRESENCE_DAYS)
    short = attested & (length < SHORT_PRESENCE_DAYS)
    if not short.any():
        return NO_PROBLEMS
    names = spans["name"].where(spans["name"] != "", spans.index.to_series()).to_numpy()
    message = np.full(len(short), "", dtype=object)
    message[short] = [
        f"{name}: present only {first} to {last} (from its ties)"
        for name, first, last in zip(
            names[short], format_days(spans["from"][short]), format_days(spans["until"][short]), strict=True
        )
    ]
    return table.problems(short, SHORT_PRESENCE, pd.Series(message, index=table.frame.index), "id")


def isolated(table: TextTable, tied: pd.Index) -> pd.DataFrame:
    """Warn about the nodes of nodes.csv (``table``) that are not among the ``tied`` ids."""
    alone = tied.get_indexer(pd.Index(table.frame["id"])) < 0  # faster than isin with many values
    if not alone.any():
        return NO_PROBLEMS
    return table.problems(alone, NO_TIES, _nodes_named(table, alone) + " has no ties", "id")


def _nodes_named(table: TextTable, rows: np.ndarray) -> pd.Series:
    """How a message names the node of each row in ``rows`` (blank elsewhere): ``"koba" (Joseph
    Stalin)``, the name left out where it is blank or the id."""
    frame = table.frame[rows]
    ids, names = frame["id"], frame["name"]
    named = '"' + ids + '"' + (" (" + names + ")").where((names != "") & (names != ids), "")
    return named.reindex(table.frame.index, fill_value="")


def _ties(table: TextTable, rows: np.ndarray) -> pd.Series:
    """How a message names the tie of each row in ``rows`` (blank elsewhere): ``the tie t3 (007
    deputy-of koba)``, without an id where edges.csv has none."""
    frame = table.frame[rows]
    ids = "the tie " + frame["id"] + " (" if "id" in frame else "the tie ("
    named = ids + frame["source"] + " " + frame["relation"] + " " + frame["target"] + ")"
    return named.reindex(table.frame.index, fill_value="")
