"""GraphML that both NetworkX and igraph read back with every attribute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from netpipe.atomic import write_text
from netpipe.exports.common import as_text, attribute_types, edge_records, tag

__all__ = ["graphml_text", "write_graphml"]

_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as GraphML (UTF-8, atomically).

    Every node, edge and graph attribute is declared once with one type (``boolean``,
    ``long``, ``double`` or ``string``), so igraph reads the file as NetworkX does.
    Dict or list values, like the relation vocabulary ``relations``, are written as
    JSON text. Each edge carries its tie id (its key) as the ``id`` attribute.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`netpipe.load`, or a selection of one.
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
    >>> H = nx.read_graphml(path, force_multigraph=True)
    >>> H.number_of_nodes(), H.number_of_edges()
    (4, 4)
    >>> folder.cleanup()
    """
    return write_text(path, graphml_text(graph))


def graphml_text(graph: nx.Graph) -> str:
    """The GraphML document of a graph, as text (see :func:`write_graphml`)."""
    graph_data = {str(k): v for k, v in graph.graph.items() if v is not None}
    scopes = {
        "graph": attribute_types([graph_data]),
        "node": attribute_types((data for _, data in graph.nodes(data=True)), skip=["id"]),
        "edge": {"id": "string", **attribute_types((r[3] for r in edge_records(graph)), skip=["id"])},
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{_NS}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">',
    ]
    keys: dict[str, dict[str, str]] = {}
    for scope, types in scopes.items():
        keys[scope] = {name: f"{scope[0]}{number}" for number, name in enumerate(types)}
        for name, kind in types.items():
            fields = {"id": keys[scope][name], "for": scope, "attr.name": name, "attr.type": kind}
            lines.append(tag("key", fields, depth=1))
    edgedefault = "directed" if graph.is_directed() else "undirected"
    lines.append(f'  <graph id="G" edgedefault="{edgedefault}">')
    lines += _data(graph_data, scopes["graph"], keys["graph"], 2)
    for node, data in graph.nodes(data=True):
        lines.append(tag("node", {"id": str(node)}, depth=2).replace(" />", ">"))
        lines += _data(data, scopes["node"], keys["node"], 3)
        lines.append("    </node>")
    for source, target, key, data in edge_records(graph):
        lines.append(tag("edge", {"source": str(source), "target": str(target)}, depth=2).replace(" />", ">"))
        lines += _data(data if key is None else {**data, "id": key}, scopes["edge"], keys["edge"], 3)
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _data(data: dict[Any, Any], types: dict[str, str], keys: dict[str, str], depth: int) -> list[str]:
    """One ``<data>`` line per declared attribute an element has."""
    return [
        tag("data", {"key": keys[str(name)]}, as_text(value, types[str(name)]), depth)
        for name, value in data.items()
        if value is not None and str(name) in keys
    ]
