"""Node-link JSON, as D3 and ``networkx.node_link_graph`` read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from netpipe.atomic import write_text
from netpipe.tabular import json_ready

__all__ = ["node_link", "write_json"]


def node_link(graph: nx.Graph) -> dict[str, Any]:
    """The node-link data of a graph as plain JSON values (NaN and infinities as null).

    The shape of ``networkx.node_link_data(graph, edges="links")``: ``directed``,
    ``multigraph``, ``graph`` (with the relation vocabulary ``relations``), ``nodes``
    (each with its ``id``) and ``links`` (each with ``source``, ``target`` and ``key``,
    the tie id).

    >>> import netpipe
    >>> data = node_link(netpipe.load("tests/data/valid"))
    >>> data["links"][0]["key"], sorted(data["graph"]["relations"])[0]
    ('t1', 'ally')
    """
    return dict(json_ready(nx.node_link_data(graph, edges="links")))


def write_json(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as strict node-link JSON (UTF-8, atomically).

    The file holds :func:`node_link` of the graph. It is strict JSON: no ``NaN`` or
    ``Infinity`` (they become ``null``), so ``JSON.parse`` in a browser and D3 read it.

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

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_json(netpipe.load("tests/data/valid"), folder.name + "/network.json")
    >>> len(json.loads(path.read_text(encoding="utf-8"))["links"])
    4
    >>> folder.cleanup()
    """
    text = json.dumps(node_link(graph), ensure_ascii=False, allow_nan=False, default=str)
    return write_text(path, text + "\n")
