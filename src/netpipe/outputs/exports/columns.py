"""Nodes and ties as columns, and the vectorized text operations the writers build lines with.

A network reaches the writers as two :class:`Scope` objects (nodes, edges), made from the
typed tables of its :class:`~netpipe.model.network.Network` (a NetworkX graph is turned into
tables as it is now): one :class:`Column` per attribute, in the order of the dataset's
columns, with a mask of the rows that carry it, and no Python loop per row. The writers
escape and assemble whole columns at once with pyarrow compute functions (the engine
behind pandas' string columns).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.io.atomic import atomic_file
from netpipe.io.title import title_of
from netpipe.io.typed_tables import Tables
from netpipe.model.network import Network, graph_order
from netpipe.model.selection import time_spans
from netpipe.outputs.exports.common import as_text
from netpipe.outputs.table_text import json_ready

__all__ = [
    "BLOCK",
    "Column",
    "Scope",
    "appearances",
    "concat",
    "edge_names",
    "edge_scope",
    "graph_data",
    "join",
    "json_text",
    "network_scopes",
    "node_scope",
    "spans_of",
    "types_in_order",
    "write_blocks",
    "xml_escape",
]

#: Rows turned into text at once; bounds the memory of a writer.
BLOCK = 100_000

#: Characters XML 1.0 does not allow (RE2 syntax), replaced by U+FFFD.
_NOT_XML = "[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]"
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE = (*_TEXT, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_JSON = (
    ("\\", "\\\\"),
    ('"', '\\"'),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\t", "\\t"),
    ("\b", "\\b"),
    ("\f", "\\f"),
)
#: Control characters JSON writes as ``\\u00XX`` (rare: done in Python).
_JSON_RARE = "[\\x00-\\x07\\x0b\\x0e-\\x1f]"
#: Any character that XML or JSON escaping changes: texts without one are left as they are.
_XML_SPECIAL = f'[&<>"\\n\\r\\t]|{_NOT_XML}'
_JSON_SPECIAL = '[\\\\"\\x00-\\x1f]'

Values: TypeAlias = pa.Array | np.ndarray | list[Any]


@dataclass(frozen=True)
class Column:
    """One attribute over the rows of a scope.

    ``values`` is a pyarrow string array (text, ``""`` where absent), a numpy bool or
    float array, or a list of Python values (``None`` where absent). ``kind`` is the
    declared type (``boolean``, ``long``, ``double``, ``string``), or ``raw`` for an
    identifier (written as ``str(value)``).
    """

    name: str
    kind: str
    values: Values
    present: np.ndarray
    keyed: np.ndarray | None = None
    """The rows whose attribute dict holds the name, even with the value None (default: ``present``)."""

    def rows(self, start: int, stop: int) -> Column:
        """The rows ``start:stop``."""
        values = self.values
        part = values.slice(start, stop - start) if isinstance(values, pa.Array) else values[start:stop]
        keyed = None if self.keyed is None else self.keyed[start:stop]
        return replace(self, values=part, present=self.present[start:stop], keyed=keyed)

    @property
    def holds(self) -> np.ndarray:
        """The rows that list this attribute (JSON writes ``null`` for a None value)."""
        return self.present if self.keyed is None else self.keyed

    def xml(self) -> pa.Array:
        """The values as attribute text (not escaped); ``""`` where absent."""
        values = self.values
        if isinstance(values, pa.Array):
            return values
        if isinstance(values, np.ndarray):
            if values.dtype == bool:
                return pa.array(np.where(values, "true", "false"))
            return pa.array(_float_text(values, xml=True))
        if self.kind == "raw":
            return pa.array(["" if v is None else str(v) for v in values], pa.string())
        if self.kind == "string" and all(isinstance(v, str) or v is None for v in values):
            return pa.array(["" if v is None else v for v in values], pa.string())
        return pa.array(["" if v is None else as_text(v, self.kind) for v in values], pa.string())

    def json(self) -> pa.Array:
        """The values as JSON text; ``""`` where absent."""
        values = self.values
        if isinstance(values, pa.Array):
            return json_text(values)
        if isinstance(values, np.ndarray):
            if values.dtype == bool:
                return pa.array(np.where(values, "true", "false"))
            return pa.array(_float_text(values, xml=False))
        return pa.array(["" if v is None else _json_value(v) for v in values], pa.string())


@dataclass(frozen=True)
class Scope:
    """The nodes or the ties of a network, in the order a graph lists them."""

    ids: Column
    """Node ids, or tie keys (absent in a graph without keys)."""
    columns: list[Column]
    """The attributes, in the order each element lists them."""
    types: dict[str, str]
    """One type per attribute, in order of first appearance (as ``attribute_types``)."""
    size: int
    source: Column | None = None
    target: Column | None = None
    directed: np.ndarray | None = None
    """Whether each tie is directed (``directed`` attribute, True if absent)."""
    relation: Column | None = None
    weight: Column | None = None
    """The weight of each tie, where it is a finite number."""
    order: np.ndarray | None = None
    """For a selection: each row's position among the selected rows in table order."""

    def rows(self, start: int, stop: int) -> Scope:
        """The rows ``start:stop``."""

        def cut(column: Column | None) -> Column | None:
            return None if column is None else column.rows(start, stop)

        return replace(
            self,
            ids=self.ids.rows(start, stop),
            columns=[column.rows(start, stop) for column in self.columns],
            size=max(0, min(stop, self.size) - start),
            source=cut(self.source),
            target=cut(self.target),
            directed=None if self.directed is None else self.directed[start:stop],
            relation=cut(self.relation),
            weight=cut(self.weight),
            order=None if self.order is None else self.order[start:stop],
        )

    def blocks(self) -> Iterator[Scope]:
        """The scope in blocks of :data:`BLOCK` rows."""
        for start in range(0, self.size, BLOCK):
            yield self.rows(start, start + BLOCK)


def network_scopes(selection: Network) -> tuple[Scope, Scope]:
    """The node and edge scopes of a selection, from its typed tables."""
    return node_scope(selection), _selection_edges(selection)


def graph_data(selection: Network) -> dict[str, Any]:
    """The graph attributes a view of the selection holds: ``name``, ``relations`` (as JSON
    text), ``title`` and ``description`` as in a loaded graph, any other attribute of the
    graph the tables were made from, and for part of a network, ``selection``."""
    heading = title_of(selection.tables)
    data: dict[str, Any] = {
        "name": selection.name,
        "relations": json.dumps(selection.vocabulary, ensure_ascii=False),
        "title": heading.title,
        **({"description": heading.description} if heading.description else {}),
    }
    data.update({k: v for k, v in selection.tables.attributes.items() if k not in data})
    if selection.label != "whole network":
        data["selection"] = selection.label
    return data


def spans_of(selection: Network, scope: Scope, which: int) -> tuple[np.ndarray, np.ndarray]:
    """``(lo, hi)`` days of each row of a scope (0 nodes, 1 edges), NaN for open or undated."""
    frame = time_spans(selection)[which]
    if scope.order is not None:
        return frame["lo"].to_numpy()[scope.order], frame["hi"].to_numpy()[scope.order]
    return frame["lo"].to_numpy(), frame["hi"].to_numpy()


# Text operations


def xml_escape(values: pa.Array, attribute: bool) -> pa.Array:
    """Text safe in XML: forbidden characters replaced, markup escaped (for an attribute or not)."""
    if not pc.any(pc.match_substring_regex(values, _XML_SPECIAL)).as_py():
        return values
    values = pc.replace_substring_regex(values, _NOT_XML, "\ufffd")
    for old, new in _ATTRIBUTE if attribute else _TEXT:
        values = pc.replace_substring(values, old, new)
    return values


def json_text(values: pa.Array) -> pa.Array:
    """Each text as a JSON string, as ``json.dumps(text, ensure_ascii=False)`` writes it."""
    if not pc.any(pc.match_substring_regex(values, _JSON_SPECIAL)).as_py():
        return pc.binary_join_element_wise('"', values, '"', "")
    rare = pc.match_substring_regex(values, _JSON_RARE)
    escaped = values
    for old, new in _JSON:
        escaped = pc.replace_substring(escaped, old, new)
    quoted = pc.binary_join_element_wise('"', escaped, '"', "")
    if pc.any(rare).as_py():
        texts = quoted.to_pylist()
        originals = values.to_pylist()
        for row in np.flatnonzero(rare.to_numpy(zero_copy_only=False)).tolist():
            texts[row] = json.dumps(originals[row], ensure_ascii=False)
        quoted = pa.array(texts, pa.string())
    return quoted


def join(*parts: pa.Array | str) -> pa.Array:
    """Row by row, the parts (arrays or constant text) joined without separator."""
    return pc.binary_join_element_wise(*parts, "")


def when(mask: np.ndarray, text: pa.Array | str) -> pa.Array | str:
    """``text`` in the rows of ``mask``, ``""`` in the others."""
    if mask.all():
        return text
    if not mask.any():
        return ""
    if isinstance(text, str):
        text = pa.array(np.full(len(mask), text, dtype=object), pa.string())
    return pc.if_else(pa.array(mask), text, "")


def concat(rows: pa.Array | str, count: int) -> bytes:
    """All rows' text one after the other, as UTF-8 bytes (``count`` rows of a constant)."""
    if isinstance(rows, str):
        return (rows * count).encode()
    if len(rows) == 0:
        return b""
    listed = pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows)
    return bytes(pc.binary_join(listed, "")[0].as_buffer())


def write_blocks(path: str | Path, blocks: Iterable[bytes]) -> Path:
    """Write bytes to ``path`` as they come, atomically (see :func:`netpipe.io.atomic.atomic_file`),
    each let go of before the next is made."""
    with atomic_file(path) as stream:
        for block in blocks:
            stream.write(block)
            del block
    return Path(path)


def _float_text(values: np.ndarray, xml: bool) -> np.ndarray:
    """Floats as ``repr`` writes them; NaN and infinities as XML Schema (``xml``) or JSON null."""
    text = values.astype(str)
    finite = np.isfinite(values)
    if not finite.all():
        if xml:
            text = np.where(np.isnan(values), "NaN", np.where(values > 0, "INF", "-INF"))
            text = np.where(finite, values.astype(str), text)
        else:
            text = np.where(finite, text, "null")
    return text


def _json_value(value: Any) -> str:
    """One value as strict JSON text, as the node-link writer had it."""
    return json.dumps(json_ready(value), ensure_ascii=False, allow_nan=False, default=str)


# From the tables of a selection


def _text(series: pd.Series) -> pa.Array:
    """A text column as a pyarrow string array."""
    array = None
    if isinstance(series.dtype, pd.StringDtype):
        arrow = pa.array(series.array)
        array = arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow
    if array is None or array.null_count:
        array = pa.array(series.fillna("").astype(str).to_numpy(dtype=object), pa.string())
    return array.cast(pa.string()) if array.type != pa.string() else array


def _table_column(name: str, series: pd.Series) -> Column:
    """One column of a table as a Column: text, or typed (boolean, long, double) where missing is NA."""
    present = series.notna().to_numpy()
    if series.dtype == bool or isinstance(series.dtype, pd.BooleanDtype):
        return Column(name, "boolean", series.fillna(False).to_numpy(dtype=bool), present)
    if pd.api.types.is_integer_dtype(series.dtype):
        return Column(name, "long", [None if pd.isna(v) else int(v) for v in series], present)
    if pd.api.types.is_float_dtype(series.dtype):
        return Column(name, "double", series.to_numpy(dtype=float), present)
    text = series.fillna("")
    return Column(name, "string", _text(text), (text != "").to_numpy())


def appearances(columns: list[Column]) -> dict[str, tuple[int, int, str]]:
    """Of each column holding a value in some row: the first such row, its number and its type."""
    return {
        c.name: (int(np.argmax(c.present)), number, c.kind)
        for number, c in enumerate(columns)
        if c.present.any()
    }


def types_in_order(found: dict[str, tuple[int, int, str]]) -> dict[str, str]:
    """Declared types in order of first appearance (by first row holding a value, then column), of
    the columns' :func:`appearances`."""
    return {name: kind for name, (_, _, kind) in sorted(found.items(), key=lambda item: item[1][:2])}


def _types(columns: list[Column]) -> dict[str, str]:
    """Declared types in order of first appearance: by first row holding a value, then column."""
    return types_in_order(appearances(columns))


def node_scope(selection: Network) -> Scope:
    """The node scope of a selection: the columns of nodes.csv as written, ``kind`` filled in."""
    tables = selection.tables
    nodes = selection.nodes
    names = [c for c in tables.user_columns["nodes"] if c != "id"]
    if "kind" not in names:
        names.append("kind")
    columns = [_table_column(name, nodes[name]) for name in names]
    ids = Column("id", "raw", _text(nodes["id"]), np.ones(len(nodes), bool))
    return Scope(ids, columns, _types(columns), len(nodes))


def _selection_edges(selection: Network) -> Scope:
    """The edge scope of a selection (see :func:`edge_scope`)."""
    names, wanted = edge_names(selection.tables)
    rows = graph_order(selection)
    rank = np.cumsum(selection.edge_mask) - 1
    return edge_scope(selection.tables.edges[wanted].iloc[rows], names, rank[rows])


def edge_names(tables: Tables) -> tuple[list[str], list[str]]:
    """The attributes of the ties (the columns of edges.csv but their ends and weight), and every
    column of the edge table :func:`edge_scope` reads."""
    names = [c for c in tables.user_columns["edges"] if c not in ("source", "target", "weight")]
    return names, list(dict.fromkeys([*names, "source", "target", "relation", "directed", "weight"]))


def edge_scope(edges: pd.DataFrame, names: list[str], order: np.ndarray | None = None) -> Scope:
    """The edge scope of ties in order (rows of the edge table, indexed by id, with the columns of
    :func:`edge_names`): the columns of edges.csv, ``mutual`` (an undirected relation, as
    :func:`netpipe.load` marks it) and ``weight``; ``order``, each row's place among the selected."""
    count = len(edges)
    columns = [_table_column(name, edges[name]) for name in names]
    mutual = ~edges["directed"].astype(bool)
    columns += [_table_column("mutual", mutual), _table_column("weight", edges["weight"])]
    everywhere = np.ones(count, bool)
    keys = _text(edges.index.to_series())
    weight = edges["weight"].to_numpy(dtype=float)
    return Scope(
        Column("id", "raw", keys, everywhere),
        columns,
        _types(columns),
        count,
        source=Column("source", "raw", _text(edges["source"]), everywhere),
        target=Column("target", "raw", _text(edges["target"]), everywhere),
        directed=edges["directed"].to_numpy(dtype=bool),
        relation=Column("relation", "raw", _text(edges["relation"]), everywhere),
        weight=Column("weight", "double", weight, np.isfinite(weight)),
        order=order,
    )
