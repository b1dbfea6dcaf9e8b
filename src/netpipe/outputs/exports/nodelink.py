"""Node-link JSON, as D3 and ``networkx.node_link_graph`` read it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netpipe.io.errors import ArgumentError
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
)
from netpipe.outputs.table_text import json_ready

__all__ = [
    "JSON_TAIL",
    "LINK_KEYS",
    "LinkKey",
    "check_link_key",
    "json_edges",
    "json_head",
    "json_middle",
    "listed",
    "node_link",
    "node_link_text",
    "write_json",
]

LinkKey = Literal["edges", "links"]
#: Where the ties go: ``edges``, as ``networkx.node_link_data`` writes (its default since
#: NetworkX 3.4), or ``links``, as D3's force examples and NetworkX before 3.4 read them.
LINK_KEYS: tuple[LinkKey, ...] = ("edges", "links")
#: The end of the document, after the last tie.
JSON_TAIL = b"]}\n"


def node_link(graph: NetworkLike, link_key: LinkKey = "edges") -> dict[str, Any]:
    """The node-link data of a network as plain JSON values (NaN and infinities as null).

    The shape of ``networkx.node_link_data(G)`` for the MultiDiGraph :func:`netpipe.load`
    returns: ``directed``, ``multigraph``, ``graph`` (``name`` and the relation vocabulary
    ``relations`` as JSON text), ``nodes`` (each with its ``id``) and the ties under
    ``link_key`` (each with ``source``, ``target`` and ``key``, the tie id), so
    ``networkx.node_link_graph(data, edges=link_key)`` reads it back; with ``"edges"`` (the
    default) its default arguments do. ``"links"`` is the key D3's examples read.

    >>> import netpipe
    >>> data = node_link(netpipe.load("tests/data/valid"))
    >>> data["edges"][0]["key"], sorted(json.loads(data["graph"]["relations"]))[0]
    ('t1', 'ally')
    >>> sorted(node_link(netpipe.load("tests/data/valid"), link_key="links"))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    return dict(json.loads(node_link_text(graph, link_key)))


def node_link_text(graph: NetworkLike, link_key: LinkKey = "edges") -> str:
    """The strict JSON text of :func:`node_link` (one line, then a newline)."""
    return b"".join(_blocks(graph, link_key)).decode("utf-8")


def write_json(graph: NetworkLike, path: str | Path, link_key: LinkKey = "edges") -> Path:
    """Write a network as strict node-link JSON (UTF-8, atomically).

    The file holds :func:`node_link` of the network. It is strict JSON: no ``NaN`` or
    ``Infinity`` (they become ``null``), so ``JSON.parse`` in a browser and D3 read it.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network` (see :mod:`netpipe.outputs.exports`).
    path : str or Path
        The file to write (its folder is created).
    link_key : {"edges", "links"}
        The key of the ties (see :data:`LINK_KEYS`).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ArgumentError
        ``link_key`` is neither ``edges`` nor ``links``.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_json(netpipe.load("tests/data/valid"), folder.name + "/network.json")
    >>> len(json.loads(path.read_text(encoding="utf-8"))["edges"])
    4
    >>> folder.cleanup()
    """
    return write_blocks(path, _blocks(graph, link_key))


def _dumps(value: Any) -> str:
    """One value as strict JSON text."""
    return json.dumps(json_ready(value), ensure_ascii=False, allow_nan=False, default=str)


def check_link_key(link_key: str) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` unless ``link_key`` is one of :data:`LINK_KEYS`."""
    if link_key not in LINK_KEYS:
        raise ArgumentError(f'the key of the ties is "edges" or "links", not "{link_key}"')


def _blocks(network: NetworkLike, link_key: LinkKey) -> Iterator[bytes]:
    """The document as UTF-8 bytes, a block of rows at a time, the ties under ``link_key``."""
    check_link_key(link_key)
    selection = selection_of(network)
    nodes, edges = network_scopes(selection)
    yield from json_head(selection, nodes)
    yield json_middle(link_key)
    yield from json_edges(edges)
    yield JSON_TAIL


def json_head(selection: Network, nodes: Scope) -> Iterator[bytes]:
    """The document of a selection up to its last node, a block of rows at a time."""
    head = {"directed": True, "multigraph": True, "graph": graph_data(selection)}
    yield (_dumps(head)[:-1] + ', "nodes": [').encode("utf-8")
    yield from listed(
        concat(_objects(_fields(block.columns, [block.ids]), block.size), block.size)
        for block in nodes.blocks()
    )


def json_middle(link_key: LinkKey) -> bytes:
    """What comes between the last node and the first tie."""
    return f'], "{link_key}": ['.encode()


def json_edges(edges: Scope) -> Iterator[bytes]:
    """The objects of ties in order, with ``", "`` between them, a block of rows at a time."""
    return listed(_edge_text(block) for block in edges.blocks())


def _edge_text(block: Scope) -> bytes:
    """The objects of a block of ties, with ``", "`` between them."""
    assert block.source is not None and block.target is not None
    tail = [block.source, block.target, Column("key", "raw", block.ids.values, block.ids.holds)]
    return concat(_objects(_fields(block.columns, tail), block.size), block.size)


def listed(texts: Iterable[bytes]) -> Iterator[bytes]:
    """The texts of items one after the other, with ``", "`` between two that are not empty."""
    between = b""
    for text in texts:
        if text:
            yield between
            yield text
            between = b", "


def _fields(columns: list[Column], tail: list[Column]) -> list[Column]:
    """The attributes, then the tail fields (``id``; ``source``, ``target``, ``key``) set over them."""
    fields = list(columns)
    for column in tail:
        position = next((n for n, c in enumerate(fields) if c.name == column.name), None)
        column = Column(column.name, "raw", column.values, column.present, np.ones(len(column.present), bool))
        if position is None:
            fields.append(column)
        else:
            fields[position] = column
    return fields


def _objects(fields: list[Column], size: int) -> pa.Array:
    """One JSON object per row, each followed by ``", "`` but the last."""
    pieces: list[pa.Array | str] = []
    before = np.zeros(size, bool)
    for column in fields:
        holds = column.holds
        if not holds.any():
            continue
        key = json.dumps(column.name, ensure_ascii=False) + ": "
        value = column.json()
        if (holds & ~column.present).any():
            value = pc.if_else(pa.array(column.present), value, "null")
        pieces += [when(before & holds, ", " + key), when(~before & holds, key), when(holds, value)]
        before |= holds
    after = np.ones(size, bool)
    after[-1:] = False
    return join("{", *pieces, "}", when(after, ", "))
