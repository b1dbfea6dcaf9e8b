"""The public graph: a ``networkx.MultiDiGraph`` built from the typed tables, and any
NetworkX graph turned back into typed tables.

A graph from :func:`netpipe.load` holds only values GraphML and GEXF can store:
``G.graph["relations"]`` is the relation vocabulary as a JSON text, nodes and edges carry
the columns of their rows as written, and each edge its ``directed`` (bool) and ``weight``
(float).
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import json
import numbers
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.io.contract import DEFAULT_RELATIONS, EDGES, NODES
from netpipe.io.dates import as_date_text
from netpipe.io.errors import DataError
from netpipe.io.problem_codes import BAD_RELATIONS, NOT_UNICODE, SAME_NAME
from netpipe.io.problems import Report, problem_frame
from netpipe.io.read import TextTable
from netpipe.io.small_files import loads_json
from netpipe.io.title import title_of
from netpipe.io.typed_tables import DATE_PARTS, Tables, id_index
from netpipe.io.validation import check_text

__all__ = ["DEFAULT_RELATION", "build_graph", "graph_tables", "vocabulary"]

#: The relation of an edge that names none: undirected in an undirected graph, directed in
#: a directed one; neutral (sign 0); a state.
DEFAULT_RELATION = "tie"
#: Edge attributes that describe the edge's relation (read only for undeclared relations).
_RELATION_ATTRIBUTES = ("mutual", "directed", "sign", "kind", "flow")
#: Attributes of a hand-built graph named like the columns that place a node or an edge (a
#: node's ``id``; an edge's ``source``, often the document, and ``target``) or like a column
#: netpipe computes (``line``, say a railway line; ``start_lo``...). In the tables (and CSV
#: exports) their column's name has this suffix; a graph built from the tables has them
#: under their names again.
CLASHING_SUFFIX = " (attribute)"
_COMPUTED = ("line", *(f"{c}_{p}" for c in ("start", "end") for p in DATE_PARTS))
_CLASHING = {"nodes": ("id", *_COMPUTED), "edges": ("source", "target", *_COMPUTED)}


def build_graph(tables: Tables, name: str | None = None) -> nx.MultiDiGraph:
    """Build the MultiDiGraph of a dataset: one edge per tie, keyed by its id.

    Nodes carry every column of nodes.csv and edges every column of edges.csv as
    written (blank cells are left out), plus ``mutual`` (True where the relation is
    undirected: the tie reads the same both ways, GEXF's ``mutual``) and the typed
    ``weight``. The name is not ``directed``, which pyvis's ``Network.from_nx`` takes as
    its own argument. ``G.graph`` holds the dataset's ``name``, ``title`` (and
    ``description``, see :func:`netpipe.io.title.title_of`) and ``relations``, the relation
    vocabulary as JSON text.
    """
    heading = title_of(tables)
    graph = nx.MultiDiGraph(
        name=tables.name if name is None else name,
        relations=json.dumps(vocabulary(tables.relations), ensure_ascii=False),
        title=heading.title,
        **({"description": heading.description} if heading.description else {}),
    )
    node_columns = [c for c in tables.user_columns["nodes"] if c != "id"]
    node_frame = tables.nodes[node_columns].assign(kind=tables.nodes["kind"])
    node_frame = node_frame.rename(columns={f"{c}{CLASHING_SUFFIX}": c for c in _CLASHING["nodes"]})
    graph.add_nodes_from(zip(tables.nodes.index, _records(node_frame), strict=True))
    edges = tables.edges
    edge_columns = [c for c in tables.user_columns["edges"] if c not in ("source", "target")]
    edge_columns += [] if "weight" in edge_columns else ["weight"]
    records = _records(
        edges[edge_columns]
        .rename(columns={f"{c}{CLASHING_SUFFIX}": c for c in _CLASHING["edges"]})
        .assign(mutual=~edges["directed"].to_numpy(dtype=bool))
    )
    graph.add_edges_from(
        zip(
            edges["source"].to_numpy(),
            edges["target"].to_numpy(),
            edges.index,
            records,
            strict=True,
        )
    )
    return graph


def graph_tables(graph: nx.Graph) -> Tables:
    """The typed tables of any NetworkX graph, as it is now.

    Works on ``Graph``, ``DiGraph``, ``MultiGraph`` and ``MultiDiGraph`` (and their views)
    with nodes of any hashable type, checked by the rules of the data contract. Missing
    attributes take the contract's defaults: a node's ``name`` is its id as text and its
    ``kind`` ``person``; an edge's ``relation`` is ``tie`` (see :data:`DEFAULT_RELATION`),
    its ``certainty`` ``certain``, its ``weight`` 1, and it is undated. Dates may be
    texts, years or ``datetime.date``. The relations are ``G.graph["relations"]`` (JSON
    text or a dict), else the built-in ones; a relation it does not declare is described
    by its edges' ``directed`` (or ``mutual``), ``sign``, ``kind`` and ``flow``, else
    directed as the graph is, neutral, a state, carrying flow along the graph's directions
    (a declared relation without ``flow`` carries none). An edge's id is its ``id``
    attribute, else in a multigraph its key (``source-target-key`` where edges share a key,
    as NetworkX's 0, 1, ...), else its position (1 for the first edge).

    A graph is read more freely than the files of the contract, by these rules:

    - A self-loop (a tie from a node to itself) is kept, and left out of the measures (the
      projections count it; :func:`netpipe.centrality` notes how many).
    - A weight of 0 or below is kept as written, and the measures count the tie as a tie of
      weight 1 (with a note): a weight is a strength, and distances need positive ones.
      netpipe reads no sign from a weight: a tie is hostile when its relation is (declare
      ``relation="rival"``, or a relation of ``sign`` -1).
    - A ``kind`` beyond the contract (``city``) is kept as written; only ``person`` is a
      person (for ``select(persons_only=True)`` and the report's persons), as an
      organization is not.
    - An attribute named like a column netpipe computes (``line``, ``start_lo``...) or like
      those that place a node or a tie (``id``, ``source``, ``target``) is kept under its name
      with :data:`CLASHING_SUFFIX` in the tables, and under its own name in a rebuilt graph.

    Raises
    ------
    DataError
        An attribute breaks the contract (an impossible date, a certainty out of range, a
        weight that is not a number...); ``error.report`` lists every problem, each named by
        its node or edge.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> tables = graph_tables(G)
    >>> tables.edges[["source", "target", "relation", "directed", "weight"]].values.tolist()
    [['a', 'b', 'tie', False, 1.0], ['b', 'c', 'tie', False, 1.0]]
    """
    node_ids = list(graph.nodes)
    edge_list = list(graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True))
    try:
        relation_text = _relation_text(graph, edge_list)
        node_text = _node_text(graph)
        edge_text = _edge_text(graph, edge_list)
    except UnicodeEncodeError:  # pyarrow's strings take Unicode text only
        raise DataError(Report.from_frames(_lone_surrogates(graph, edge_list))) from None
    except _SameNames:
        raise DataError(Report.from_frames(_same_names(graph, edge_list))) from None
    tables, report = check_text(
        node_text, edge_text, relation_text, [], _graph_name(graph), part=True, graph=True
    )
    if tables is None:
        raise DataError(report)
    if not all(isinstance(node, str) for node in node_ids):
        _keep_node_objects(tables, node_ids, edge_list)
    if graph.is_multigraph():
        tables.graph_keys = np.empty(len(edge_list), dtype=object)  # keys may be tuples: one per cell
        tables.graph_keys[:] = [edge[2] for edge in edge_list]
    tables.attributes = {
        str(k): v for k, v in graph.graph.items() if k not in ("name", "relations", "selection")
    }
    return tables


def vocabulary(relations: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The relation vocabulary as plain Python values: every column of relations.csv.

    ``directed`` is a bool and ``sign`` an int; every other column is text.
    """
    return {
        str(name): {
            **{str(column): str(value) for column, value in row.items()},
            "directed": bool(row["directed"]),
            "sign": int(row["sign"]),
            "flow": bool(row["flow"]),
        }
        for name, row in relations.iterrows()
    }


def _graph_name(graph: nx.Graph) -> str:
    """The name a graph gives its dataset (``G.graph["name"]``, else ``graph``)."""
    return str(graph.graph.get("name") or "graph")


def _node_text(graph: nx.Graph) -> TextTable:
    """The nodes as the text of a nodes.csv: ``id`` and ``name`` first, then every attribute."""
    ids = [str(node) for node in graph.nodes]
    records = _unclashed([data for _, data in graph.nodes(data=True)], _CLASHING["nodes"])
    frame = _attribute_frame(records, len(ids), NODES.columns)
    frame.insert(0, "id", pd.Series(ids, dtype="str"))
    if "name" not in frame:
        frame.insert(1, "name", frame["id"])
    else:
        frame["name"] = frame["name"].where(frame["name"] != "", frame["id"])
    places = np.array([f"node {node!r}" for node in graph.nodes], dtype=object)
    return TextTable("graph nodes", frame, np.arange(1, len(ids) + 1), places)


def _edge_text(graph: nx.Graph, edge_list: list[tuple[Any, ...]]) -> TextTable:
    """The edges as the text of an edges.csv: ``source``, ``target``, ``relation``, ``id``,
    then every other attribute (``directed``, ``sign`` and ``kind`` describe relations)."""
    data = _unclashed([edge[-1] for edge in edge_list], _CLASHING["edges"])
    frame = _attribute_frame(data, len(edge_list), EDGES.columns)
    frame = frame.drop(columns=list(_RELATION_ATTRIBUTES), errors="ignore")
    frame.insert(0, "source", pd.Series([str(edge[0]) for edge in edge_list], dtype="str"))
    frame.insert(1, "target", pd.Series([str(edge[1]) for edge in edge_list], dtype="str"))
    if "relation" not in frame:
        frame.insert(2, "relation", pd.Series(DEFAULT_RELATION, index=frame.index, dtype="str"))
    else:  # an edge without the attribute, among edges with one, takes the default too
        unnamed = np.fromiter(("relation" not in record for record in data), bool, len(data))
        frame.loc[unnamed, "relation"] = DEFAULT_RELATION
    ids = pd.Series(_edge_ids(graph, edge_list), dtype="str")
    frame["id"] = frame["id"].where(frame["id"] != "", ids) if "id" in frame else ids
    places = np.array([f"edge {edge[:-1]!r}" for edge in edge_list], dtype=object)
    return TextTable("graph edges", frame, np.arange(1, len(edge_list) + 1), places)


def _edge_ids(graph: nx.Graph, edge_list: list[tuple[Any, ...]]) -> np.ndarray:
    """The ids of edges without an ``id`` attribute: a multigraph's key where no other edge
    has it, else ``source-target-key`` (``a-b-0``); in a graph without keys, positions from 1."""
    if graph.is_multigraph():
        keys = pd.Series([str(edge[2]) for edge in edge_list], dtype=object)
        shared = keys.duplicated(keep=False).to_numpy()
        if shared.any():
            named = [f"{u}-{v}-{k}" for (u, v, k, _), both in zip(edge_list, shared, strict=True) if both]
            keys[shared] = np.array(named, dtype=object)
        if not keys.duplicated().any():
            return keys.to_numpy()
    return np.arange(1, len(edge_list) + 1).astype(str).astype(object)


def _relation_text(graph: nx.Graph, edge_list: list[tuple[Any, ...]]) -> TextTable | None:
    """The relations as the text of a relations.csv: the declared ones, then those the edges
    use without a declaration (None when the built-in relations cover every edge)."""
    declared = _declared_relations(graph)
    used: dict[str, dict[str, Any]] = {}
    for edge in edge_list:
        relation = edge[-1].get("relation", DEFAULT_RELATION)
        if str(relation) not in used:
            used[str(relation)] = edge[-1]
    known = declared if declared is not None else DEFAULT_RELATIONS
    undeclared = {relation: data for relation, data in used.items() if relation not in known}
    described = {
        relation: {
            "directed": _directed(data, graph),
            "sign": data.get("sign", 0),
            "kind": data.get("kind", "state"),
            # An undeclared relation: the graph's own directions are the flow (undirected: both ways).
            "flow": data.get("flow", relation not in known),
            **{k: v for k, v in data.items() if k not in _RELATION_ATTRIBUTES and relation in known},
        }
        for relation, data in {**known, **undeclared}.items()
    }
    if declared is None and not undeclared:
        return None
    rows = [{"relation": name, **values} for name, values in described.items()]
    frame = _attribute_frame(rows, len(rows), tuple(_keys(rows)))
    places = np.array([f'relation "{row["relation"]}"' for row in rows], dtype=object)
    return TextTable("graph relations", frame, np.arange(1, len(rows) + 1), places)


def _directed(data: dict[str, Any], graph: nx.Graph) -> Any:
    """Whether an undeclared relation is directed, as its edge says: ``directed`` (as a
    hand-built graph may say it), else not ``mutual`` (as a loaded graph says it), else
    as the graph is."""
    if "directed" in data:
        return data["directed"]
    if "mutual" in data:
        mutual = data["mutual"]
        opposite = {True: False, False: True, "true": "false", "false": "true"}
        return opposite.get(mutual.lower() if isinstance(mutual, str) else mutual, mutual)
    return graph.is_directed()


def _declared_relations(graph: nx.Graph) -> dict[str, dict[str, Any]] | None:
    """``G.graph["relations"]`` as a dict (it may be JSON text), None if absent."""
    declared = graph.graph.get("relations")
    if declared is None:
        return None
    if isinstance(declared, str):
        try:
            declared = loads_json(declared)
        except ValueError as error:  # not JSON, or nested too deeply
            declared = error
    if not isinstance(declared, dict) or not all(isinstance(v, dict) for v in declared.values()):
        message = "is not a relation vocabulary: a JSON object (or dict) of relation -> its columns"
        problems = [problem_frame(BAD_RELATIONS, 'G.graph["relations"]', [None], [message])]
        raise DataError(Report.from_frames(problems))
    return declared


def _attribute_frame(records: list[dict[Any, Any]], length: int, text: tuple[str, ...]) -> pd.DataFrame:
    """Attribute dicts as a frame: the ``text`` columns (the contract's) as text, blank where
    missing; any other attribute as its values, typed when they are all of one kind."""
    frame = pd.DataFrame.from_records(records, index=range(length)) if length else pd.DataFrame()
    frame.columns = [str(c) for c in frame.columns]
    if frame.columns.has_duplicates:
        raise _SameNames
    frame = frame[_keys(records)]
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=object)
        frame[column] = _as_text(values, column in ("start", "end")) if column in text else _typed(values)
    return frame


def _lone_surrogates(graph: nx.Graph, edge_list: list[tuple[Any, ...]]) -> list[pd.DataFrame]:
    """An error for each id, attribute name or text value that holds a lone surrogate (text
    decoded with ``surrogateescape``, say), which no file and no table can hold."""
    problems = []
    items = [(f"node {node!r}", [("its id", node)], data) for node, data in graph.nodes(data=True)]
    items += [(f"edge {e[:-1]!r}", [("its source", e[0]), ("its target", e[1])], e[-1]) for e in edge_list]
    items += [("G.graph", [], graph.graph)]
    for place, ids, data in items:
        names = [("the name of an attribute", key) for key in data]
        for what, value in [*ids, *names, *((f'attribute "{_escaped(k)}"', v) for k, v in data.items())]:
            if isinstance(value, str) and not _is_unicode(value):
                message = f"{what} holds a lone surrogate, which is not Unicode text: {_escaped(value)}"
                problems.append(problem_frame(NOT_UNICODE, place, [None], [message]))
    return problems


class _SameNames(Exception):
    """Attributes whose names are one as text (``5`` and ``"5"``)."""


def _same_names(graph: nx.Graph, edge_list: list[tuple[Any, ...]]) -> list[pd.DataFrame]:
    """An error for each node or edge with attributes whose names are one as text."""
    problems = []
    items = [(f"node {node!r}", data) for node, data in graph.nodes(data=True)]
    items += [(f"edge {edge[:-1]!r}", edge[-1]) for edge in edge_list]
    for place, data in items:
        named: dict[str, list[Any]] = {}
        for key in data:
            named.setdefault(str(key), []).append(key)
        for text, keys in named.items():
            if len(keys) > 1:
                listed = " and ".join(repr(key) for key in keys)
                message = f'attributes {listed} have one name as text ("{_escaped(text)}"): rename one'
                problems.append(problem_frame(SAME_NAME, place, [None], [message]))
    return problems


def _escaped(value: object) -> str:
    """``value`` as text, a lone surrogate escaped (``\\udc80``)."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unclashed(records: list[dict[Any, Any]], names: tuple[str, ...]) -> list[dict[Any, Any]]:
    """The records with the attributes ``names`` renamed (see :data:`CLASHING_SUFFIX`)."""
    if not any(name in record for record in records for name in names):
        return records
    return [
        {f"{k}{CLASHING_SUFFIX}" if k in names else k: v for k, v in record.items()} for record in records
    ]


def _keys(records: list[dict[Any, Any]]) -> list[str]:
    """The attribute names of the records in one order that each record's own order follows,
    if there is one (as a loaded graph's rows, which leave out their blank cells), else in
    order of first appearance."""
    patterns = dict.fromkeys(tuple(str(key) for key in keys) for keys in dict.fromkeys(map(tuple, records)))
    seen = list(dict.fromkeys(name for pattern in patterns for name in pattern))
    rank = {name: number for number, name in enumerate(seen)}
    after: dict[str, set[str]] = {name: set() for name in seen}
    for pattern in patterns:
        for first, second in itertools.pairwise(pattern):
            after[first].add(second)
    waiting = dict.fromkeys(seen, 0)
    for followers in after.values():
        for name in followers:
            waiting[name] += 1
    ready = [rank[name] for name in seen if waiting[name] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        name = seen[heapq.heappop(ready)]
        order.append(name)
        for follower in after[name]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, rank[follower])
    return order if len(order) == len(seen) else seen


def _typed(values: np.ndarray) -> pd.Series:
    """An attribute beyond the contract: booleans, integers or reals as such (missing as NA),
    anything else as text (missing as blank)."""
    present = values[~pd.isna(values)]
    kinds = set(map(type, present))
    if not len(present) or kinds & {str}:
        return _as_text(values)
    if kinds <= {bool, np.bool_}:
        return pd.Series(values, dtype="boolean")
    if not kinds & {bool, np.bool_}:
        if all(issubclass(kind, numbers.Integral) for kind in kinds):
            if all(-(2**63) <= int(v) < 2**63 for v in present):
                return pd.Series(values, dtype="Int64")
            return _as_text(values)  # beyond 64 bits: exact as text
        if all(issubclass(kind, numbers.Real) for kind in kinds):
            return pd.Series(values, dtype=float)
    return _as_text(values)


def _as_text(values: np.ndarray, dates: bool = False) -> pd.Series:
    """A column of attribute values as text: dates as dates (and int years too, for a date
    column: 500 is ``0500``), missing as blank."""
    missing = pd.isna(values)
    if missing.any():
        values = np.where(missing, "", values)
    kinds = set(map(type, values))
    if kinds <= {str}:
        return pd.Series(values, dtype="str")
    if not dates and kinds <= {float, np.float64}:  # weights: whole numbers written without ".0", as by _cell
        floats = values.astype(float)
        if (np.abs(floats) < 2**53).all() and (floats == np.round(floats)).all():
            return pd.Series(floats.astype(np.int64).astype(str), dtype="str")
    return pd.Series([_cell(v, dates) for v in values], dtype="str")


def _cell(value: Any, date: bool = False) -> str:
    """One attribute value as the text a CSV cell would hold (``date``: an int is a year)."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if date and isinstance(value, int | np.integer | float | np.floating) and float(value).is_integer():
        return as_date_text(int(value))  # a year (a float where others are missing)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return as_date_text(value)
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _keep_node_objects(tables: Tables, node_ids: list[Any], edge_list: list[tuple[Any, ...]]) -> None:
    """Index the tables by the graph's own node objects (not their text)."""
    tables.nodes.index = id_index(node_ids)
    for column, end in (("source", 0), ("target", 1)):
        tables.edges[column] = pd.Series(
            [edge[end] for edge in edge_list], index=tables.edges.index, dtype=object
        )


def _records(frame: pd.DataFrame) -> list[dict[Any, Any]]:
    """Rows as dictionaries without their blank cells.

    Rows are grouped by which cells are blank, so each group is converted at once.
    """
    filled = (frame != "").to_numpy()
    if filled.all():
        return frame.to_dict("records")
    patterns, codes = np.unique(filled, axis=0, return_inverse=True)
    records: list[dict[Any, Any]] = [{}] * len(frame)
    for code, pattern in enumerate(patterns):
        rows = np.flatnonzero(codes.ravel() == code)
        group = frame.iloc[rows, np.flatnonzero(pattern)].to_dict("records")
        for row, record in zip(rows.tolist(), group, strict=True):
            records[row] = record
    return records
