"""GEXF 1.3 with spells, so Gephi's timeline shows the network change over time."""

from __future__ import annotations

import math
import numbers
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netpipe import __version__
from netpipe.atomic import write_text
from netpipe.exports.common import as_text, attribute_types, edge_records, number_text, tag
from netpipe.selection import selection_of, time_spans

__all__ = ["gexf_text", "write_gexf"]

_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Attributes GEXF already holds in its own fields (node id; edge id and weight).
_NATIVE = {"node": ["id"], "edge": ["id", "weight"]}

Span = tuple[float, float]


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write a graph as dynamic GEXF 1.3 (UTF-8, atomically) for Gephi.

    The graph has ``mode="dynamic"`` and ``timeformat="date"``. Each node and tie gets a
    ``<spell>`` with the span in which :func:`netpipe.selection.snapshot` includes it
    (possible mode: a person's lifespan; a tie's span from
    :func:`netpipe.selection.time_spans`); an open end is left out, and an undated node
    or tie has no spell (it is always there). Each tie is an ``<edge>`` with its tie id,
    ``type="directed"`` or ``"undirected"`` as its relation, ``kind`` and ``label`` the
    relation, and its weight; parallel ties are allowed. Node and edge attributes are
    declared in ``<attributes>``; the node label is its ``name``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`netpipe.load`, or a selection of one.
    path : str or Path
        The file to write (its folder is created).

    Returns
    -------
    Path
        The file written; it is valid against the GEXF 1.3 schema.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_gexf(netpipe.load("tests/data/valid"), folder.name + "/network.gexf")
    >>> '<spell start="1912-04-01" end="1912-04-30" />' in path.read_text(encoding="utf-8")
    True
    >>> folder.cleanup()
    """
    return write_text(path, gexf_text(graph))


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """The GEXF 1.3 document of a graph, as text (see :func:`write_gexf`)."""
    node_spans, edge_spans = (_span_map(frame) for frame in time_spans(graph))
    scopes = {
        "node": attribute_types((data for _, data in graph.nodes(data=True)), skip=_NATIVE["node"]),
        "edge": attribute_types((r[3] for r in edge_records(graph)), skip=_NATIVE["edge"]),
    }
    chosen = selection_of(graph)
    name, selection = chosen.name or "network", chosen.label
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{_NS}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_NS} {_NS}/gexf.xsd" version="1.3">',
        "  <meta>",
        tag("creator", {}, f"netpipe {__version__}", 2),
        tag("description", {}, f"{name}: {selection}", 2),
        "  </meta>",
        '  <graph mode="dynamic" timeformat="date" timerepresentation="interval" defaultedgetype="directed">',
    ]
    ids: dict[str, dict[str, str]] = {}
    for scope, types in scopes.items():
        ids[scope] = {title: f"{scope[0]}{number}" for number, title in enumerate(types)}
        lines.append(f'    <attributes class="{scope}" mode="static">')
        for title, kind in types.items():
            lines.append(tag("attribute", {"id": ids[scope][title], "title": title, "type": kind}, depth=3))
        lines.append("    </attributes>")
    lines.append(f'    <nodes count="{graph.number_of_nodes()}">')
    for node, data in graph.nodes(data=True):
        fields = {"id": str(node), "label": str(data.get("name", node))}
        inner = _attvalues(data, scopes["node"], ids["node"]) + _spells(node_spans.get(node))
        lines += _element("node", fields, inner)
    lines += ["    </nodes>", f'    <edges count="{graph.number_of_edges()}">']
    for source, target, key, data in edge_records(graph):
        inner = _attvalues(data, scopes["edge"], ids["edge"]) + _spells(edge_spans.get(key))
        lines += _element("edge", _edge_fields(source, target, key, data), inner)
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def _element(name: str, fields: dict[str, str], inner: list[str]) -> list[str]:
    """A ``<node>`` or ``<edge>`` (at depth 3) and its children, as lines."""
    if not inner:
        return [tag(name, fields, depth=3)]
    return [tag(name, fields, depth=3).replace(" />", ">"), *inner, f"      </{name}>"]


def _edge_fields(source: Any, target: Any, key: Any, data: dict[str, Any]) -> dict[str, str]:
    """The XML attributes of one ``<edge>``: id, ends, type, relation and weight."""
    fields = {"source": str(source), "target": str(target)}
    if key is not None:
        fields["id"] = str(key)
    fields["type"] = "directed" if data.get("directed", True) else "undirected"
    relation = data.get("relation")
    if relation is not None:
        fields["kind"] = fields["label"] = str(relation)
    weight = data.get("weight")
    if isinstance(weight, numbers.Real) and not isinstance(weight, bool) and math.isfinite(weight):
        fields["weight"] = number_text(float(weight))
    return fields


def _attvalues(data: dict[Any, Any], types: dict[str, str], ids: dict[str, str]) -> list[str]:
    """The ``<attvalues>`` of a node or edge, as lines (none if it has no declared attribute)."""
    values = [
        tag("attvalue", {"for": ids[str(name)], "value": as_text(value, types[str(name)])}, depth=5)
        for name, value in data.items()
        if value is not None and str(name) in ids
    ]
    return ["        <attvalues>", *values, "        </attvalues>"] if values else []


def _spells(span: Span | None) -> list[str]:
    """A ``<spells>`` with one spell, its open ends left out; nothing for an undated span."""
    if span is None:
        return []
    lo, hi = span
    bounds = {end: _date(days) for end, days in (("start", lo), ("end", hi)) if not math.isnan(days)}
    if not bounds:
        return []
    return ["        <spells>", tag("spell", bounds, depth=5), "        </spells>"]


def _span_map(frame: pd.DataFrame) -> dict[Any, Span]:
    """``{id: (lo, hi)}`` from a table of :func:`time_spans`."""
    return dict(zip(frame.index, zip(frame["lo"].tolist(), frame["hi"].tolist(), strict=True), strict=True))


def _date(days: float) -> str:
    """Days since 1970-01-01 as an ISO date (``YYYY-MM-DD``, an ``xs:date``)."""
    return str(np.datetime64(int(days), "D"))
