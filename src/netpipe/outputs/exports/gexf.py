"""GEXF 1.3 with spells, so Gephi's timeline shows the network change over time, drawn as on the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netpipe import __version__
from netpipe.io.dates import format_days
from netpipe.io.errors import ArgumentError
from netpipe.io.title import title_of
from netpipe.model.network import Network, NetworkLike, selection_of
from netpipe.outputs.drawing.colors import SIGN_COLORS
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES, drawn_part
from netpipe.outputs.drawing.style import drawn_style
from netpipe.outputs.exports.columns import (
    Scope,
    concat,
    join,
    network_scopes,
    spans_of,
    when,
    write_blocks,
    xml_escape,
)
from netpipe.outputs.exports.common import tag

__all__ = [
    "GEXF_TAIL",
    "UNDIRECTED_TYPES",
    "UndirectedType",
    "check_undirected_type",
    "edge_colors",
    "gexf_edges",
    "gexf_head",
    "gexf_middle",
    "gexf_nodes",
    "node_viz",
    "write_gexf",
]

UndirectedType = Literal["undirected", "mutual"]
#: How a tie of an undirected relation may be written: ``undirected``, as Gephi and
#: graphology (Gephi Lite) read it, or ``mutual`` (GEXF 1.3: directed both ways), as
#: ``networkx.read_gexf`` reads it. Gephi reads no ``mutual`` edge (it logs an error and
#: draws it directed), and NetworkX refuses an ``undirected`` one in a directed graph.
UNDIRECTED_TYPES: tuple[UndirectedType, ...] = ("undirected", "mutual")

_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The end of the document, after the last edge.
GEXF_TAIL = b"    </edges>\n  </graph>\n</gexf>\n"
#: Attributes GEXF already holds in its own fields (node id; edge id and weight).
_NATIVE = {"node": ["id"], "edge": ["id", "weight"]}
#: A comment for the reader of the file: who reads its undirected ties as written.
_READERS = {
    "undirected": '  <!-- Undirected ties are type="undirected", as Gephi reads them. networkx.read_gexf'
    ' reads a graph of both kinds only with type="mutual", which netpipe writes with'
    ' gexf_undirected="mutual". -->',
    "mutual": '  <!-- Undirected ties are type="mutual" (both ways), as networkx.read_gexf reads them.'
    ' Gephi reads them as directed: it reads type="undirected", which netpipe writes by default. -->',
}


def write_gexf(graph: NetworkLike, path: str | Path, undirected: UndirectedType = "undirected") -> Path:
    """Write a graph as dynamic GEXF 1.3 (UTF-8, atomically) for Gephi.

    The graph has ``mode="dynamic"`` and ``timeformat="date"``. Each node and tie gets a
    ``<spell>`` with the span in which :func:`netpipe.model.selection.snapshot` includes it
    (wide reading: a node's declared or attested span, a tie's span, both from
    :func:`netpipe.model.selection.time_spans`); an open end is left out, and a node or tie
    with no dated evidence has no spell (it is always there). Each tie is an ``<edge>`` with its tie id,
    ``kind`` and ``label`` the relation, and its weight; parallel ties are allowed. The graph's
    edges are directed by default, and a tie of an undirected relation (its ``mutual``
    attribute ``true``) has the type ``undirected`` (a mixed graph, as Gephi reads it) or,
    with ``undirected="mutual"``, ``mutual`` (directed both ways, the only way
    ``networkx.read_gexf`` reads a network of both kinds: as two edges, one each way); see
    :data:`UNDIRECTED_TYPES`. Node and edge attributes are declared in ``<attributes>``; the
    node label is its ``name``.

    Gephi opens the network as the page draws it: the nodes the page draws (the
    most-connected ones when there are many) have ``viz:position`` (the page's layout,
    y pointing up), ``viz:size`` and ``viz:color`` (their group's), and every tie a
    ``viz:color`` by the sign of its relation. GEXF 1.3's schema declares these elements
    in the GEXF namespace, so the ``viz`` prefix is bound to it, and the file stays valid.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network` (see the module notes).
    path : str or Path
        The file to write (its folder is created).
    undirected : {"undirected", "mutual"}
        The GEXF type of a tie of an undirected relation: ``undirected`` for Gephi,
        ``mutual`` for ``networkx.read_gexf``.

    Returns
    -------
    Path
        The file written; it is valid against the GEXF 1.3 schema.

    Raises
    ------
    ArgumentError
        ``undirected`` is neither ``undirected`` nor ``mutual``.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_gexf(netpipe.load("tests/data/valid"), folder.name + "/network.gexf")
    >>> '<spell start="1912-04-01" end="1912-04-30" />' in path.read_text(encoding="utf-8")
    True
    >>> folder.cleanup()
    """
    check_undirected_type(undirected)
    return write_blocks(path, _blocks(graph, undirected))


def check_undirected_type(undirected: str) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` unless ``undirected`` is one of
    :data:`UNDIRECTED_TYPES`."""
    if undirected not in UNDIRECTED_TYPES:
        raise ArgumentError(
            f'an undirected tie is written in GEXF as "undirected" or "mutual", not "{undirected}"'
        )


def _blocks(network: NetworkLike, undirected: UndirectedType) -> Iterator[bytes]:
    """The document as UTF-8 bytes: the header, then nodes and edges a block of rows at a time."""
    chosen = selection_of(network)
    nodes, edges = network_scopes(chosen)
    head, ids = gexf_head(chosen, nodes, edges.types, undirected)
    yield head
    viz = node_viz(drawn_style(drawn_part(chosen, None, MAX_NODES, MAX_EDGES)))
    yield from gexf_nodes(nodes, spans_of(chosen, nodes, 0), viz, ids["node"])
    yield gexf_middle(edges.size)
    yield from gexf_edges(edges, spans_of(chosen, edges, 1), ids["edge"], undirected, edge_colors(chosen))
    yield GEXF_TAIL


def gexf_head(
    chosen: Network, nodes: Scope, edge_types: dict[str, str], undirected: UndirectedType
) -> tuple[bytes, dict[str, dict[str, str]]]:
    """The header of the document of a selection (its nodes and the types of its ties'
    attributes, see :func:`~netpipe.outputs.exports.columns.types_in_order`) up to its nodes, and
    the id of each attribute of the nodes and of the edges."""
    scopes = {
        "node": {name: kind for name, kind in nodes.types.items() if name not in _NATIVE["node"]},
        "edge": {name: kind for name, kind in edge_types.items() if name not in _NATIVE["edge"]},
    }
    name, selection = title_of(chosen.tables).title, chosen.label
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{_NS}" xmlns:viz="{_NS}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_NS} {_NS}/gexf.xsd"'
        ' version="1.3">',
        "  <meta>",
        tag("creator", {}, f"netpipe {__version__}", 2),
        tag("description", {}, f"{name}: {selection}", 2),
        "  </meta>",
        _READERS[undirected],
        '  <graph mode="dynamic" timeformat="date" timerepresentation="interval" defaultedgetype="directed">',
    ]
    ids: dict[str, dict[str, str]] = {}
    for scope, types in scopes.items():
        ids[scope] = {title: f"{scope[0]}{number}" for number, title in enumerate(types)}
        lines.append(f'    <attributes class="{scope}" mode="static">')
        for title, kind in types.items():
            lines.append(tag("attribute", {"id": ids[scope][title], "title": title, "type": kind}, depth=3))
        lines.append("    </attributes>")
    lines.append(f'    <nodes count="{nodes.size}">')
    return ("\n".join(lines) + "\n").encode("utf-8"), ids


def gexf_nodes(
    nodes: Scope, spans: tuple[np.ndarray, np.ndarray], viz: dict[str, str], ids: dict[str, str]
) -> Iterator[bytes]:
    """The ``<node>`` elements (their spans, their viz lines by id), a block of rows at a time."""
    start = 0
    for block in nodes.blocks():
        stop = start + block.size
        names = {column.name: column for column in block.columns}
        label = block.ids.xml()
        if "name" in names:
            label = pc.if_else(pa.array(names["name"].present), names["name"].xml(), label)
        fields = join(' id="', _escape(block.ids.xml()), '" label="', _escape(label), '"')
        lines = _lookup(viz, block.ids.xml(), "")
        yield concat(
            _element("node", fields, block, ids, (spans[0][start:stop], spans[1][start:stop]), lines),
            block.size,
        )
        start = stop


def gexf_middle(count: int) -> bytes:
    """What comes between the last node and the first of ``count`` edges."""
    return f'    </nodes>\n    <edges count="{count}">\n'.encode()


def gexf_edges(
    edges: Scope,
    spans: tuple[np.ndarray, np.ndarray],
    ids: dict[str, str],
    undirected: UndirectedType,
    colors: dict[str, str],
) -> Iterator[bytes]:
    """The ``<edge>`` elements of ties in order (their spans, the ids of their attributes, the viz
    line of each relation), a block of rows at a time."""
    start = 0
    for block in edges.blocks():
        stop = start + block.size
        relations = block.relation.xml() if block.relation is not None else pa.array([""] * block.size)
        viz = _lookup(colors, relations, _color(SIGN_COLORS[0]))
        fields = _edge_fields(block, undirected)
        yield concat(
            _element("edge", fields, block, ids, (spans[0][start:stop], spans[1][start:stop]), viz),
            block.size,
        )
        start = stop


def edge_colors(chosen: Network) -> dict[str, str]:
    """The viz line of the ties of each relation (by its sign)."""
    return {name: _color(SIGN_COLORS[int(v.get("sign", 0))]) for name, v in chosen.vocabulary.items()}


def _escape(text: pa.Array) -> pa.Array:
    """Text escaped for an XML attribute value."""
    return xml_escape(text, attribute=True)


def _element(
    name: str,
    fields: pa.Array,
    block: Scope,
    ids: dict[str, str],
    spans: tuple[np.ndarray, np.ndarray],
    viz: pa.Array,
) -> pa.Array:
    """Each ``<node>`` or ``<edge>`` (at depth 3) with its attvalues, spells and viz lines."""
    attvalues, has_values = _attvalues(block, ids)
    spells, has_spell = _spells(*spans)
    has_viz = np.asarray(pc.not_equal(viz, "").to_numpy(zero_copy_only=False), dtype=bool)
    inner = has_values | has_spell | has_viz
    opening = join("      <", name, fields, when(inner, ">\n"), when(~inner, " />\n"))
    closing = when(inner, f"      </{name}>\n")
    return join(opening, attvalues, spells, viz, closing)


def node_viz(style: pd.DataFrame) -> dict[str, str]:
    """The viz lines of each node drawn with ``style`` (see
    :func:`~netpipe.outputs.drawing.style.drawn_style`): colour, size, and position (y pointing up)."""
    lines = [
        f'{_color(color)}        <viz:size value="{size:g}" />\n'
        f'        <viz:position x="{x:g}" y="{-y + 0.0:g}" z="0" />\n'
        for x, y, size, color in style.itertuples(index=False)
    ]
    return dict(zip(style.index.astype(str), lines, strict=True))


def _color(hex_color: str) -> str:
    """A ``viz:color`` line of a ``#rrggbb`` colour."""
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f'        <viz:color r="{red}" g="{green}" b="{blue}" />\n'


def _lookup(lines: dict[str, str], keys: pa.Array, default: str) -> pa.Array:
    """The line of each key (``default`` for a key without one)."""
    found = pd.Series(keys.to_pylist(), dtype=object).map(lines).fillna(default)
    return pa.array(found.tolist(), pa.string())


def _edge_fields(block: Scope, undirected: UndirectedType) -> pa.Array:
    """The XML attributes of each ``<edge>``: ends, id, type, relation and weight."""
    assert block.source is not None and block.target is not None and block.directed is not None
    parts: list[pa.Array | str] = [
        ' source="',
        _escape(block.source.xml()),
        '" target="',
        _escape(block.target.xml()),
        '"',
    ]
    key = block.ids
    parts.append(when(key.present, join(' id="', _escape(key.xml()), '"')))
    parts.append(when(block.directed, ' type="directed"'))
    parts.append(when(~block.directed, f' type="{undirected}"'))
    if block.relation is not None:
        relation = _escape(block.relation.xml())
        parts.append(when(block.relation.present, join(' kind="', relation, '" label="', relation, '"')))
    if block.weight is not None:
        parts.append(when(block.weight.present, join(' weight="', block.weight.xml(), '"')))
    return join(*parts)


def _attvalues(block: Scope, ids: dict[str, str]) -> tuple[pa.Array | str, np.ndarray]:
    """The ``<attvalues>`` of each row (none where it has no declared attribute), and where there are."""
    lines: list[pa.Array | str] = []
    has = np.zeros(block.size, bool)
    for column in block.columns:
        if column.name not in ids or not column.present.any():
            continue
        has |= column.present
        value = _escape(column.xml())
        lines.append(
            when(
                column.present, join(f'          <attvalue for="{ids[column.name]}" value="', value, '" />\n')
            )
        )
    if not lines:
        return "", has
    return join(when(has, "        <attvalues>\n"), *lines, when(has, "        </attvalues>\n")), has


def _spells(lo: np.ndarray, hi: np.ndarray) -> tuple[pa.Array | str, np.ndarray]:
    """A ``<spells>`` with one spell per row, its open ends left out; none for an undated row
    (nor one never present, ``lo > hi``)."""
    has_lo, has_hi = ~np.isnan(lo), ~np.isnan(hi)
    has = (has_lo | has_hi) & ~(lo > hi)
    if not has.any():
        return "", has
    start = when(has_lo, join(' start="', _dates(lo), '"'))
    end = when(has_hi, join(' end="', _dates(hi), '"'))
    spell = join("        <spells>\n          <spell", start, end, " />\n        </spells>\n")
    return when(has, spell), has


def _dates(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 as ISO dates (``YYYY-MM-DD``, ``xs:date``); ``""`` for NaN."""
    return pa.array(format_days(np.where(np.isnan(days), 0, days).astype(np.int64)))
