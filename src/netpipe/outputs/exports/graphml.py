"""GraphML that both NetworkX and igraph read back with every attribute."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

from netpipe.model.network import Network, NetworkLike, selection_of
from netpipe.outputs.exports.columns import (
    Column,
    Scope,
    concat,
    graph_data,
    join,
    network_scopes,
    when,
    write_blocks,
    xml_escape,
)
from netpipe.outputs.exports.common import as_text, attribute_types, tag

__all__ = ["GRAPHML_TAIL", "Keys", "graphml_edges", "graphml_head", "graphml_nodes", "write_graphml"]

_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The end of the document, after the last edge.
GRAPHML_TAIL = b"  </graph>\n</graphml>\n"

Keys: TypeAlias = dict[str, dict[str, str]]


def write_graphml(graph: NetworkLike, path: str | Path) -> Path:
    """Write a graph as GraphML (UTF-8, atomically).

    Every node, edge and graph attribute is declared once with one type (``boolean``,
    ``long``, ``double`` or ``string``), so igraph reads the file as NetworkX does.
    Dict or list values, like the relation vocabulary ``relations``, are written as
    JSON text. Each edge carries its tie id (its key) as the ``id`` attribute.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network` (see the module notes).
    path : str or Path
        The file to write (its folder is created).

    Returns
    -------
    Path
        The file written.

    Notes
    -----
    The tie id is a data attribute rather than the XML ``id`` of ``<edge>``: igraph 1.0
    reads edge XML ids wrongly and warns when both are given. Read the file back with
    ``networkx.read_graphml(path, force_multigraph=True)`` or
    ``igraph.Graph.Read_GraphML(path)``; both give the tie id as the edge attribute
    ``id`` and the node id as the node (igraph: vertex attribute ``id``).

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> G = netpipe.load("tests/data/valid")
    >>> path = write_graphml(G, folder.name + "/network.graphml")
    >>> import networkx as nx
    >>> H = nx.read_graphml(path, force_multigraph=True)
    >>> H.number_of_nodes(), H.number_of_edges()
    (4, 4)
    >>> folder.cleanup()
    """
    return write_blocks(path, _blocks(graph))


def _blocks(network: NetworkLike) -> Iterator[bytes]:
    """The document as UTF-8 bytes: the header, then nodes and edges a block of rows at a time."""
    selection = selection_of(network)
    nodes, edges = network_scopes(selection)
    head, keys = graphml_head(selection, nodes, edges.types)
    yield head
    yield from graphml_nodes(nodes, keys)
    yield from graphml_edges(edges, keys["edge"])
    yield GRAPHML_TAIL


def graphml_head(selection: Network, nodes: Scope, edge_types: dict[str, str]) -> tuple[bytes, Keys]:
    """The header of the document of a selection (its nodes and the types of its ties'
    attributes, see :func:`~netpipe.outputs.exports.columns.types_in_order`), and the key of each
    attribute of the graph, the nodes and the edges."""
    data = graph_data(selection)
    scopes = {
        "graph": attribute_types([data]),
        "node": {name: kind for name, kind in nodes.types.items() if name != "id"},
        "edge": {"id": "string", **{name: kind for name, kind in edge_types.items() if name != "id"}},
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{_NS}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">',
    ]
    keys: Keys = {}
    for scope, types in scopes.items():
        keys[scope] = {name: f"{scope[0]}{number}" for number, name in enumerate(types)}
        for name, kind in types.items():
            fields = {"id": keys[scope][name], "for": scope, "attr.name": name, "attr.type": kind}
            lines.append(tag("key", fields, depth=1))
    lines.append('  <graph id="G" edgedefault="directed">')
    lines += _data(data, scopes["graph"], keys["graph"], 2)
    return ("\n".join(lines) + "\n").encode("utf-8"), keys


def graphml_nodes(nodes: Scope, keys: Keys) -> Iterator[bytes]:
    """The ``<node>`` elements, a block of rows at a time."""
    for block in nodes.blocks():
        parts = [_data_lines(column, keys["node"]) for column in block.columns]
        rows = join(
            '    <node id="', xml_escape(block.ids.xml(), attribute=True), '">\n', *parts, "    </node>\n"
        )
        yield concat(rows, block.size)


def graphml_edges(edges: Scope, keys: dict[str, str]) -> Iterator[bytes]:
    """The ``<edge>`` elements of ties in order (their attributes' ``keys``), a block of rows at a time."""
    for block in edges.blocks():
        yield _edge_text(block, keys)


def _edge_text(block: Scope, keys: dict[str, str]) -> bytes:
    """The ``<edge>`` elements of a block of ties."""
    parts = [_data_lines(column, keys) for column in _with_id(block)]
    assert block.source is not None and block.target is not None
    source = xml_escape(block.source.xml(), attribute=True)
    target = xml_escape(block.target.xml(), attribute=True)
    rows = join('    <edge source="', source, '" target="', target, '">\n', *parts, "    </edge>\n")
    return concat(rows, block.size)


def _with_id(block: Scope) -> list[Column]:
    """The edge attributes with the tie id (the key, else an ``id`` attribute) in place of ``id``."""
    columns = list(block.columns)
    position = next((n for n, c in enumerate(columns) if c.name == "id"), None)
    key = block.ids
    if position is None:
        columns.append(replace(key, kind="string"))
        return columns
    data_id = replace(columns[position], kind="string")
    if key.present.all():
        columns[position] = replace(key, kind="string")
    elif key.present.any():
        text = pc.if_else(pa.array(key.present), key.xml(), data_id.xml())
        columns[position] = Column("id", "string", text, key.present | data_id.present)
    else:
        columns[position] = data_id
    return columns


def _data_lines(column: Column, keys: dict[str, str]) -> pa.Array | str:
    """The ``<data>`` line of a column in the rows that hold a value (``""`` in the others)."""
    if column.name not in keys or not column.present.any():
        return ""
    text = xml_escape(column.xml(), attribute=False)
    return when(column.present, join(f'      <data key="{keys[column.name]}">', text, "</data>\n"))


def _data(data: dict[Any, Any], types: dict[str, str], keys: dict[str, str], depth: int) -> list[str]:
    """One ``<data>`` line per declared attribute an element has."""
    return [
        tag("data", {"key": keys[str(name)]}, as_text(value, types[str(name)]), depth)
        for name, value in data.items()
        if value is not None and str(name) in keys
    ]
