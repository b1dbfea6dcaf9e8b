"""Validate a dataset on a Dask cluster, part by part: the same report and typed tables as in
one process (:func:`netpipe.io.validation.read_tables`), with the ties never all in one process.

The nodes and relations are read and checked here, where the call is made (they are small next
to the ties), and sent from here to each worker that checks a part (see
:mod:`netpipe.io.worker_copies`). Each part of the ties (each file of ``edges/``, or ``edges.csv``
as one part) is read, checked row by row against them and typed on a worker, the parts dealt to
the workers in turn. The
checks that compare rows across parts (an id written twice, a tie written twice, a claim on one row)
run bucket by bucket: each part cuts its keys into as many buckets as there are parts, by a hash of
the key, and each bucket, the pieces every part sent it, is checked on a worker. Ids and ties are
sent first as hashes alone; only the rows whose hash another row shares are read again and sent
by their text. The undeclared relations,
the nodes without ties and each node's presence in time are gathered from small summaries of each
part. A report with errors keeps, of each code, the first problems, and so does each worker.

Dask's ``distributed`` (the extra ``netpipe[dask]``) is needed only here,
and the caller owns the cluster: the functions take a ``distributed.Client``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from netpipe.io.contract import EDGES, NODES, RELATIONS
from netpipe.io.errors import DataError
from netpipe.io.parts import other_columns, read_dataset_table, read_part, relations_in_parts, table_parts
from netpipe.io.problem_codes import (
    BAD_CALENDAR,
    BAD_CERTAINTY,
    BAD_DATE,
    BAD_WEIGHT,
    DUPLICATE_ID,
    END_BEFORE_START,
    LONE_CLAIM,
    MISSING_VALUE,
    NO_CITATION,
    OUTSIDE_LIFESPAN,
    PROBLEMS,
    REPEATED_TIE,
    SELF_LOOP,
    UNKNOWN_NODE,
    UNKNOWN_RELATION,
)
from netpipe.io.problems import COLUMNS, KEPT_PER_CODE, Report, problem_frame
from netpipe.io.read import TextTable
from netpipe.io.spans import (
    Evidence,
    OpenTies,
    declared_bounds,
    evidence,
    joined_evidence,
    presence_bounds,
    presence_of,
)
from netpipe.io.typed_tables import Tables
from netpipe.io.validation import (
    LINES_SHOWN,
    Problems,
    check_edge_part,
    check_nodes_and_relations,
    duplicate_tie_ids,
    isolated,
    lone_claims,
    repeated_ties,
    short_presence,
    unknown_relations,
)
from netpipe.io.worker_copies import places, sent

if TYPE_CHECKING:
    from distributed import Client, Future, as_completed

__all__ = ["ClusterTies", "Keep", "check_on_cluster", "gathered_tables", "joined_tables", "read_on_cluster"]

#: The codes of the checks of the ties in the order :func:`netpipe.io.validation.check_text` makes
#: them: problems of one row are listed in this order, as in one process.
_CHECK_ORDER = [
    problem.code
    for problem in (
        MISSING_VALUE, DUPLICATE_ID, UNKNOWN_NODE, UNKNOWN_RELATION, SELF_LOOP, BAD_CERTAINTY,
        BAD_CALENDAR, BAD_DATE, END_BEFORE_START, BAD_WEIGHT, REPEATED_TIE, LONE_CLAIM, NO_CITATION,
        OUTSIDE_LIFESPAN,
    )
]  # fmt: skip
#: The text of a part's rows each check across parts reads.
_KEYS = {
    "ids": ["id"],
    "ties": ["id", "source", "target", "relation", "directed", "start", "end", "_has_id"],
    "claims": ["claim"],
}
#: Where each row of a part is: its part and row (the order of the dataset), and its line.
_PLACE = ["_part", "_row", "_line"]
#: The columns of the node table the checks of the ties read (the others stay here).
_CHECKED_NODE_COLUMNS = ["name", "aliases", "kind", "start", "end", "start_lo", "end_hi"]


@dataclass
class _Dataset:
    """What every part's check needs: sent once to each worker that checks a part."""

    folder: str | None
    """The folder of the parts as messages name it (None: the ties are one file)."""
    first: str
    """The first part, whose header names the columns of all."""
    nodes: pd.DataFrame | None
    relations: pd.DataFrame
    relation_text: TextTable | None


#: What :func:`check_on_cluster` keeps of a dataset without errors: nothing, or its typed parts.
Keep = Literal["nothing", "parts"]


@dataclass
class ClusterTies:
    """A dataset checked on a Dask cluster whose typed ties stay on its workers, part by part."""

    tables: Tables
    """The nodes, the relations in force and the report; its ``edges`` has the columns of the typed
    ties and none of their rows."""
    parts: list[Future]
    """Each part's typed ties (as :attr:`Tables.edges`), on the workers, in the dataset's order."""
    client: Client
    count: int
    """How many ties there are."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    """What has been computed of the ties (as :attr:`Tables.cache`)."""


def read_on_cluster(path: str | Path, client: Client) -> ClusterTies:
    """Read and validate a dataset folder on the workers of ``client`` (a ``distributed.Client``),
    keeping its typed ties there, part by part; see :mod:`netpipe.analysis.on_cluster` for what
    to measure on them.

    Raises
    ------
    DataError
        The data has errors; the exception's ``report`` holds all of them (as
        :func:`netpipe.io.validation.read_tables`).
    """
    tables, report, parts = check_on_cluster(Path(path), client, "parts")
    if tables is None:
        raise DataError(report)
    return ClusterTies(tables, parts, client, sum(client.gather(client.map(len, parts))))


def gathered_tables(ties: ClusterTies) -> Tables:
    """The tables of a dataset whose ties are on the cluster, its typed ties gathered here: those
    :func:`netpipe.io.validation.read_tables` reads of the same folder."""
    return joined_tables(ties.tables, ties.client, ties.parts)


def joined_tables(tables: Tables, client: Client, parts: list[Future]) -> Tables:
    """``tables`` (with none of the ties' rows) holding the typed ties of ``parts``, gathered here."""
    columns = list(tables.edges.columns)
    return replace(tables, edges=_joined(client.gather(parts), columns), cache={})


def check_on_cluster(
    folder: Path, client: Client, keep: Keep = "parts"
) -> tuple[Tables | None, Report, list[Future]]:
    """Validate the dataset folder ``folder`` on the workers of ``client``; return its report and,
    if it has no error and ``keep`` is ``parts``, the tables without the rows of the ties, and the
    futures of each part's typed ties (see :func:`joined_tables` to gather them)."""
    problems: Problems = relations_in_parts(folder)
    node_text, found = read_dataset_table(folder, NODES)
    problems += found
    paths, parted, found = table_parts(folder, EDGES)
    problems += found
    relation_text = None
    if (folder / RELATIONS.name).exists():
        relation_text, found = read_dataset_table(folder, RELATIONS)
        problems += found
    node_text, relation_text, nodes, relations = check_nodes_and_relations(node_text, relation_text, problems)
    if not paths:
        return None, Report.from_frames(problems), []
    checked_nodes = None if nodes is None else nodes[[c for c in _CHECKED_NODE_COLUMNS if c in nodes]]
    dataset = _Dataset(
        None if parted is None else str(parted), str(paths[0]), checked_nodes, relations, relation_text
    )
    summaries, time, rows, typed = _checked_parts(client, paths, dataset, keep)
    read, checked, complete = _edge_problems(summaries, parted)
    if complete:
        order = {str(path): number for number, path in enumerate(paths)}
        checked += _across_problems(rows, summaries, dataset, order)
    rank = {code: number for number, code in enumerate(_CHECK_ORDER)}
    problems += read + sorted(checked, key=lambda frame: rank.get(frame["code"].iloc[0], len(rank)))
    if complete and node_text is not None and nodes is not None:
        problems.append(isolated(node_text, nodes.index[time.tied]))
    report = Report.from_frames(problems)
    if not report.ok or not complete or node_text is None or nodes is None:
        return None, report, []
    bounds = presence_bounds(nodes, time.seen, *declared_bounds(nodes, "wide"), time.open)
    short = short_presence(node_text, presence_of(nodes, time.seen, bounds))
    if len(short):
        report = Report.from_frames([report.problems, short], report.more)
    if keep == "nothing":
        return None, report, []
    first_columns = summaries[0]["columns"]
    tables = Tables(
        nodes,
        _joined([client.submit(_no_rows, typed[0]).result()], first_columns),
        relations,
        report,
        {"nodes": list(node_text.frame.columns), "edges": first_columns},
        name=folder.resolve().name,
        folder=folder.resolve(),
    )
    if relation_text is not None:
        tables.user_columns["relations"] = list(relation_text.frame.columns)
        tables.declared_relations = tuple(dict.fromkeys(relation_text.frame["relation"]))
    return tables, report, typed


def _checked_parts(
    client: Client, paths: list[Path], dataset: _Dataset, keep: Keep
) -> tuple[list[dict[str, Any]], _Time, dict[str, list[pd.DataFrame]], list[Future]]:
    """Check every part on the workers: the parts' summaries (each gathered as soon as it is
    made), what they say of the nodes' time, the problems of the checks across parts, and the
    futures of the parts' typed ties (none if ``keep`` is ``nothing``).

    Each check across parts runs in buckets, each on a worker, from the pieces every part sends it.
    For the ids and the ties, which every row has, the parts first send only a hash of each row's key
    and its place; the rows whose hash is another row's too are read again from their parts, and
    only they are checked, by their text: the workers never hold every row's text at once.
    """
    count, files = len(paths), [str(path) for path in paths]
    at = places(client, count)
    shared = sent(client, dataset, at)
    parts = [
        client.submit(
            _check_part,
            path.absolute(),
            str(path),
            number,
            shared[number],
            count,
            keep != "nothing",
            pure=False,
            workers=at[number],
            allow_other_workers=True,
        )
        for number, path in enumerate(paths)
    ]
    summaries = [client.submit(operator.getitem, part, "summary") for part in parts]
    typed = [client.submit(operator.getitem, part, "typed") for part in parts] if keep != "nothing" else []
    repeats = {
        name: [
            client.submit(_repeats, [client.submit(_piece, part, name, k) for part in parts], count)
            for k in range(count)
        ]
        for name in _HASHED
    }
    texts = [
        client.submit(
            _repeated_text,
            path.absolute(),
            str(path),
            number,
            shared[number],
            count,
            {
                name: [client.submit(operator.getitem, bucket, number) for bucket in repeats[name]]
                for name in _HASHED
            },
            pure=False,
            workers=at[number],
            allow_other_workers=True,
        )
        for number, path in enumerate(paths)
    ]
    checks = {
        name: [
            client.submit(
                _check_bucket,
                [client.submit(_piece, text, name, k) for text in (texts if name in _HASHED else parts)],
                name,
                dataset.folder,
                files,
            )
            for k in range(count)
        ]
        for name in _KEYS
    }
    from distributed import as_completed

    order = {future.key: number for number, future in enumerate(summaries)}
    completed = as_completed(summaries, with_results=True)
    del parts, texts, summaries  # each part's result goes once its summary, typed ties and pieces are taken
    found, time = _gathered_summaries(completed, order, 0 if dataset.nodes is None else len(dataset.nodes))
    rows = {name: client.gather(buckets) for name, buckets in checks.items()}
    return found, time, rows, typed


#: The checks across parts whose keys are first sent as hashes (every row has one).
_HASHED = ("ids", "ties")
#: A part's hashed keys for a bucket when it sends none.
_NO_HASHES = pd.DataFrame({"_key": pd.Series([], dtype=np.uint64), "_row": pd.Series([], dtype=np.int64)})


def _repeats(pieces: list[pd.DataFrame], parts: int) -> list[np.ndarray]:
    """Of one bucket of hashed keys (a piece from each part, in order), the rows whose hash another
    row has too, by part (their rows)."""
    keys = pd.concat(pieces, ignore_index=True)
    shared = keys["_key"].duplicated(keep=False).to_numpy()
    part = np.repeat(np.arange(len(pieces)), [len(piece) for piece in pieces])[shared]
    rows = keys["_row"].to_numpy()[shared]
    return [rows[part == number] for number in range(parts)]


def _repeated_text(
    path: Path, file: str, number: int, dataset: _Dataset, buckets: int, repeated: dict[str, list[np.ndarray]]
) -> dict[str, list[pd.DataFrame]]:
    """The text keys of the rows of one part whose hashed keys another row shares (read again from
    the part, only if it has any), cut into ``buckets`` as the hashes were."""
    rows = {name: np.unique(np.concatenate(found)) for name, found in repeated.items()}
    if not any(len(found) for found in rows.values()):
        return {name: [_no_keys(name)] * buckets for name in _HASHED}
    text, _ = read_part(path, EDGES, file)
    assert text is not None  # it was read, as it is now, when its keys were hashed
    pieces = {}
    for name, chosen in rows.items():
        frame = text.frame.iloc[chosen].reset_index(drop=True)
        place = pd.DataFrame({"_part": number, "_row": chosen, "_line": text.lines[chosen]})
        if name == "ids":
            ids = _column(frame, "id")
            pieces[name] = _buckets(pd.concat([ids, place], axis=1), _hash(ids["id"]), buckets)
        else:
            directed = dataset.relations["directed"].reindex(frame["relation"]).fillna(True).astype(bool)
            ends = frame[["source", "target", "relation"]].assign(directed=directed.to_numpy())
            keys = pd.concat([_tie_keys(frame, ends), place], axis=1)
            pieces[name] = _buckets(keys, _tie_hash(frame, ends), buckets)
    return pieces


def _piece(part: dict[str, Any], name: str, bucket: int) -> pd.DataFrame:
    """What one part sends to one bucket of a check across parts."""
    piece: pd.DataFrame = part[name][bucket]
    return piece


def _no_rows(edges: pd.DataFrame) -> pd.DataFrame:
    """A part's typed ties without their rows: the columns and their types."""
    return edges.iloc[:0]


def _check_part(
    path: Path, file: str, number: int, dataset: _Dataset, buckets: int, typed: bool
) -> dict[str, Any]:
    """Read and check one part of the ties on a worker (``path``, absolute, as workers run in other
    folders; ``file``, its name in messages); its problems, summaries, the keys of each check across
    parts cut into ``buckets`` by the check's key, and (if ``typed``) its typed rows."""
    text, read_problems = read_part(path, EDGES, file)
    summary: dict[str, Any] = {"read": read_problems, "columns": None, "checked": None}
    out: dict[str, Any] = {
        "summary": summary,
        "typed": None,
        **{name: [_NO_HASHES if name in _HASHED else _no_keys(name)] * buckets for name in _KEYS},
    }
    if text is None:
        return out
    summary["columns"], summary["header"] = list(text.frame.columns), text.header_place()
    files = None if dataset.folder is None else np.full(len(text.frame), text.file, dtype=object)
    table = TextTable(
        dataset.folder or text.file, text.frame, text.lines, files=files, first_part=dataset.first
    )
    edges, checked = check_edge_part(table, dataset.nodes, dataset.relations, dataset.relation_text)
    if number > 0:  # a problem of the header is named once, at the first part
        checked = [frame for frame in checked if frame["file"].eq(text.file).all()]
    summary["checked"] = [_kept(frame) for frame in checked if len(frame)]
    if edges is None:
        return out
    place = pd.DataFrame({"_part": number, "_row": np.arange(len(edges)), "_line": text.lines})
    frame = table.frame
    ids = _written(pd.concat([_column(frame, "id"), place[["_row"]]], axis=1), "id")
    hashed = _hash(ids["id"])
    out["ids"] = _buckets(ids[["_row"]].assign(_key=hashed), hashed, buckets)
    hashed = _tie_hash(frame, edges)
    out["ties"] = _buckets(place[["_row"]].assign(_key=hashed), hashed, buckets)
    claims = _written(pd.concat([_column(frame, "claim"), place], axis=1), "claim")
    out["claims"] = _buckets(claims, _hash(claims["claim"]), buckets)
    summary["unknown"] = _unknown_rows(frame["relation"], dataset.relations, place).assign(_file=text.file)
    summary["tied"] = _tied_positions(edges, dataset.nodes)
    nodes = dataset.nodes if dataset.nodes is not None else pd.DataFrame()
    summary["time"] = evidence(Tables(nodes, edges, pd.DataFrame()))
    out["typed"] = edges if typed else None
    return out


def _buckets(keys: pd.DataFrame, hashed: np.ndarray, buckets: int) -> list[pd.DataFrame]:
    """A part's keys of one check across parts cut into ``buckets`` by the ``hashed`` key of each row
    (rows of one key in one bucket)."""
    bucket = (hashed % np.uint64(buckets)).astype(np.int64)
    return [keys[bucket == k] for k in range(buckets)]


def _hash(values: pd.Series | pd.DataFrame) -> np.ndarray:
    """A 64-bit hash of each row's key (the same in every process)."""
    return pd.util.hash_pandas_object(values, index=False).to_numpy(np.uint64)


def _written(keys: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows whose ``column`` is not blank: a blank id or claim is never compared."""
    return keys[(keys[column] != "").to_numpy()]


def _no_keys(name: str) -> pd.DataFrame:
    """The text keys of a check across parts for a part that sends a bucket none."""
    types = {"directed": bool, "_has_id": bool}
    columns = {c: pd.Series([], dtype=types.get(c, object)) for c in _KEYS[name]}
    place = {"_part": pd.Series([], dtype=np.int64), "_row": pd.Series([], dtype=np.int64)}
    return pd.DataFrame({**columns, **place, "_line": pd.Series([], dtype=np.int64)})


def _column(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """One text column of a part, blank if the part has none."""
    values = frame[column] if column in frame else pd.Series("", index=frame.index, dtype=object)
    return pd.DataFrame({column: values.to_numpy(dtype=object)})


def _tie_hash(frame: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """A hash of what makes two rows the same tie: its people in order (sorted if it is undirected),
    its relation and its dates as written."""
    swap = (~edges["directed"] & (edges["target"] < edges["source"])).to_numpy()
    source, target = edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)
    same = pd.DataFrame(
        {"a": np.where(swap, target, source), "b": np.where(swap, source, target),
         "r": edges["relation"].to_numpy(dtype=object), "s": _column(frame, "start")["start"].to_numpy(),
         "e": _column(frame, "end")["end"].to_numpy()}
    )  # fmt: skip
    return _hash(same)


def _tie_keys(frame: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """How a message names each tie of a part, and what its check reads."""
    return pd.DataFrame(
        {
            **{c: _column(frame, c)[c].to_numpy() for c in ("id", "start", "end")},
            **{c: edges[c].to_numpy(dtype=object) for c in ("source", "target", "relation")},
            "directed": edges["directed"].to_numpy(dtype=bool),
            "_has_id": "id" in frame,
        }
    )[_KEYS["ties"]]


def _tied_positions(edges: pd.DataFrame, nodes: pd.DataFrame | None) -> np.ndarray:
    """The positions in the node table of the nodes a part ties (-1 for an id that is not a node)."""
    index = nodes.index if nodes is not None else pd.Index([])
    ends = [index.get_indexer(pd.Index(edges[column])) for column in ("source", "target")]
    return np.unique(np.concatenate(ends))


def _unknown_rows(relation: pd.Series, relations: pd.DataFrame, place: pd.DataFrame) -> pd.DataFrame:
    """The first rows of a part that use each undeclared relation, with how many use it."""
    unknown = (~relation.isin(relations.index) & (relation != "")).to_numpy()
    rows = place[unknown].assign(relation=relation.to_numpy()[unknown])
    rows["count"] = rows.groupby("relation")["_row"].transform("size")
    return rows.groupby("relation", sort=False).head(LINES_SHOWN)


def _kept(frame: pd.DataFrame) -> pd.DataFrame:
    """A part's problems of one check, of which a report with errors keeps the first
    :data:`~netpipe.io.problems.KEPT_PER_CODE` (the others counted in ``more``)."""
    if len(frame) <= KEPT_PER_CODE or not frame["severity"].eq("error").all():
        return frame
    more = len(frame) - KEPT_PER_CODE + (int(frame["more"].sum()) if "more" in frame else 0)
    kept = frame.iloc[:KEPT_PER_CODE].drop(columns="more", errors="ignore")
    return kept.assign(more=np.where(np.arange(KEPT_PER_CODE) == 0, more, 0))


def _check_bucket(
    pieces: list[pd.DataFrame], name: str, folder: str | None, parts: list[str]
) -> pd.DataFrame:
    """Check one bucket of a check across parts: all the rows that share its keys (a piece from each
    of the ``parts``), in the dataset's order; its problems (of which a report with errors keeps the
    first) in that order."""
    rows = pd.concat(pieces, ignore_index=True)
    files = None if folder is None else np.array(parts, dtype=object)[rows["_part"].to_numpy(np.int64)]
    file = folder if folder is not None else parts[0]
    text = rows.drop(columns=[*_PLACE, "_has_id"], errors="ignore")
    if name == "ties" and not rows["_has_id"].all():
        text = text.drop(columns="id")  # a message names a tie without an id as edges.csv has none
    table = TextTable(file, text, rows["_line"].to_numpy(dtype=np.int64), files=files)
    problems: Problems = []
    if name == "ids":
        duplicate_tie_ids(table, problems)
    elif name == "ties":
        repeated_ties(table, rows, problems)
    else:
        lone_claims(table, problems, LONE_CLAIM)
    found = [
        _kept(frame).reindex(columns=_NO_PROBLEMS.columns, fill_value=0) for frame in problems if len(frame)
    ]
    return pd.concat(found, ignore_index=True) if found else _NO_PROBLEMS


#: A bucket without problems.
_NO_PROBLEMS = pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS}).assign(more=0).iloc[:0]


def _edge_problems(summaries: list[dict[str, Any]], parted: Path | None) -> tuple[Problems, Problems, bool]:
    """The problems of reading the parts (and of parts whose columns differ from the first's), the
    problems of each part's own checks, and whether every part was read and checked."""
    read = [frame for summary in summaries for frame in summary["read"]]
    if any(summary["columns"] is None for summary in summaries):
        return read, [], False
    first = summaries[0]
    differ = [
        other_columns(first["header"][0], first["columns"], summary["columns"], summary["header"])
        for summary in summaries[1:]
        if set(summary["columns"]) != set(first["columns"])
    ]
    if differ:
        return read + differ, [], False
    checked = [frame for summary in summaries for frame in summary["checked"]]
    return read, checked, all("unknown" in summary for summary in summaries)


def _across_problems(
    rows: dict[str, list[pd.DataFrame]],
    summaries: list[dict[str, Any]],
    dataset: _Dataset,
    order: dict[str, int],
) -> Problems:
    """The problems of the checks across parts, each check's in the dataset's order, and those of the
    undeclared relations."""
    found = []
    for buckets in rows.values():
        frame = pd.concat(buckets, ignore_index=True)
        if len(frame):
            found.append(_rebuilt(_in_order(frame, order)))
    unknown = pd.concat([summary["unknown"] for summary in summaries], ignore_index=True)
    if len(unknown):
        counts = (
            unknown.groupby(["_part", "relation"], sort=False)["count"]
            .first()
            .groupby(level="relation")
            .sum()
        )
        unknown = (
            unknown.sort_values(["_part", "_row"], kind="stable")
            .groupby("relation", sort=False)
            .head(LINES_SHOWN)
        )
        files = None if dataset.folder is None else unknown["_file"].to_numpy(dtype=object)
        file = dataset.folder or str(unknown["_file"].iloc[0])
        table = TextTable(
            file,
            unknown[["relation"]].reset_index(drop=True),
            unknown["_line"].to_numpy(dtype=np.int64),
            files=files,
        )
        unknown_relations(table, dataset.relations, found, dataset.relation_text, counts.to_dict())
    return found


def _rebuilt(frame: pd.DataFrame) -> pd.DataFrame:
    """A check's problems gathered from the buckets (one code and column), built again as the
    check builds them: in the same column types."""
    first = frame.iloc[0]
    return problem_frame(
        PROBLEMS[first["code"]],
        frame["file"].to_numpy(dtype=object),
        frame["line"].to_numpy(),
        frame["message"].to_numpy(dtype=object),
        first["column"],
        frame["value"].to_numpy(dtype=object),
        int(frame["more"].sum()),
    )


def _in_order(frame: pd.DataFrame, order: dict[str, int]) -> pd.DataFrame:
    """Problems in the order of the dataset's rows: by part, then line."""
    rank = frame["file"].map(order).to_numpy()
    return frame.iloc[np.lexsort((frame["line"].to_numpy(dtype=np.int64, na_value=0), rank))].reset_index(
        drop=True
    )


@dataclass
class _Time:
    """What places the nodes in time, gathered from the parts."""

    tied: np.ndarray
    """The positions of the nodes with a tie."""
    seen: tuple[np.ndarray, np.ndarray]
    """Each node's first and last attested day (see :func:`netpipe.io.spans.attested`)."""
    open: OpenTies


def _gathered_summaries(
    completed: as_completed, order: dict[Any, int], nodes: int
) -> tuple[list[dict[str, Any]], _Time]:
    """The parts' summaries in the dataset's ``order`` (of their futures' keys), each taken as soon
    as it is made, so that it leaves its worker; the nodes' time (for the ``nodes`` of the node
    table) is taken out of each as it comes."""
    summaries: list[dict[str, Any]] = [{}] * len(order)
    tied = np.zeros(nodes, bool)

    def each_part() -> Iterator[Evidence]:
        for future, summary in completed:
            summaries[order[future.key]] = summary
            if "tied" in summary:
                positions = summary.pop("tied")
                tied[positions[positions >= 0]] = True
                yield summary.pop("time")

    seen, ties = joined_evidence(each_part(), nodes)
    return summaries, _Time(np.flatnonzero(tied), seen, ties)


def _joined(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The typed parts as one table, each part's columns in the order of the first part's (a part
    without rows adds none, nor its columns' types)."""
    edges = pd.concat([part for part in parts if len(part)] or parts[:1])
    return edges[columns + [c for c in parts[0].columns if c not in columns]]
