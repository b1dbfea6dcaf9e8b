"""GraphML, GEXF and node-link JSON of a selection whose ties stay on a Dask cluster
(:class:`~netpipe.model.on_cluster.ClusterSelection`): the bytes
:func:`~netpipe.outputs.exports.graphml.write_graphml`,
:func:`~netpipe.outputs.exports.gexf.write_gexf` and
:func:`~netpipe.outputs.exports.nodelink.write_json` write of the same selection in memory.

The nodes' part of each file is written here, from the node table. The ties are put in the graph's
order on the workers, in buckets (:mod:`netpipe.outputs.exports.ordered_on_cluster`); each bucket, on
a worker, becomes the text of its ties, made by the writers' own functions, and the text is appended
here to the file a bucket at a time. What a file says of all its ties at once is gathered first from
the buckets, small: how many ties there are and, of each column, the first tie holding a value
(GraphML and GEXF declare the attributes in that order). The node styles of GEXF come from
:func:`~netpipe.outputs.drawing.on_cluster.drawn_style_on_cluster`, the nodes' spells from their
presence computed here (:func:`~netpipe.model.on_cluster.presence_on_cluster`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from netpipe.io.spans import tie_bounds
from netpipe.model.network import Network
from netpipe.model.on_cluster import ClusterSelection, nodes_of, presence_on_cluster
from netpipe.model.selection import nan_bounds
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES
from netpipe.outputs.drawing.on_cluster import drawn_style_on_cluster
from netpipe.outputs.exports.columns import (
    Scope,
    appearances,
    edge_names,
    edge_scope,
    node_scope,
    types_in_order,
    write_blocks,
)
from netpipe.outputs.exports.gexf import (
    GEXF_TAIL,
    UndirectedType,
    check_undirected_type,
    edge_colors,
    gexf_edges,
    gexf_head,
    gexf_middle,
    gexf_nodes,
    node_viz,
)
from netpipe.outputs.exports.graphml import GRAPHML_TAIL, graphml_edges, graphml_head, graphml_nodes
from netpipe.outputs.exports.nodelink import (
    JSON_TAIL,
    LinkKey,
    check_link_key,
    json_edges,
    json_head,
    json_middle,
    listed,
)
from netpipe.outputs.exports.ordered_on_cluster import made_in_order

__all__ = ["write_gexf_on_cluster", "write_graphml_on_cluster", "write_json_on_cluster"]

#: The columns of a tie that its spell reads (:func:`netpipe.io.spans.tie_bounds`, wide reading).
_SPELL = ["start_lo", "start_hi", "end_hi", "kind"]


def write_graphml_on_cluster(selection: ClusterSelection, path: str | Path) -> Path:
    """Write the selection as GraphML (UTF-8, atomically), its ties made by the workers that hold
    them: the bytes :func:`netpipe.outputs.exports.graphml.write_graphml` writes of the same
    selection in memory; the file written."""
    nodes, scope = _nodes(selection)
    names, columns = edge_names(selection.ties.tables)
    head, keys = graphml_head(nodes, scope, _edge_types(selection, columns, names)[1])

    def blocks() -> Iterator[bytes]:
        yield head
        yield from graphml_nodes(scope, keys)
        yield from made_in_order(selection, columns, _graphml_text, names, keys["edge"])
        yield GRAPHML_TAIL

    return write_blocks(path, blocks())


def write_gexf_on_cluster(
    selection: ClusterSelection, path: str | Path, undirected: UndirectedType = "undirected"
) -> Path:
    """Write the selection as GEXF (UTF-8, atomically), its ties made by the workers that hold them:
    the bytes :func:`netpipe.outputs.exports.gexf.write_gexf` writes of the same selection in
    memory; the file written."""
    check_undirected_type(undirected)
    nodes, scope = _nodes(selection)
    names, columns = edge_names(selection.ties.tables)
    count, types = _edge_types(selection, columns, names)
    head, ids = gexf_head(nodes, scope, types, undirected)
    bounds = nan_bounds(*presence_on_cluster(selection))
    spans = (bounds["lo"][selection.node_mask], bounds["hi"][selection.node_mask])
    viz = node_viz(drawn_style_on_cluster(selection, MAX_NODES, MAX_EDGES))
    colors = edge_colors(nodes)
    spelled = list(dict.fromkeys([*columns, *_SPELL]))

    def blocks() -> Iterator[bytes]:
        yield head
        yield from gexf_nodes(scope, spans, viz, ids["node"])
        yield gexf_middle(count)
        yield from made_in_order(selection, spelled, _gexf_text, names, ids["edge"], undirected, colors)
        yield GEXF_TAIL

    return write_blocks(path, blocks())


def write_json_on_cluster(selection: ClusterSelection, path: str | Path, link_key: LinkKey = "edges") -> Path:
    """Write the selection as node-link JSON (UTF-8, atomically), its ties made by the workers that
    hold them: the bytes :func:`netpipe.outputs.exports.nodelink.write_json` writes of the same
    selection in memory; the file written."""
    check_link_key(link_key)
    nodes, scope = _nodes(selection)
    names, columns = edge_names(selection.ties.tables)

    def blocks() -> Iterator[bytes]:
        yield from json_head(nodes, scope)
        yield json_middle(link_key)
        yield from listed(made_in_order(selection, columns, _json_text, names))
        yield JSON_TAIL

    return write_blocks(path, blocks())


def _nodes(selection: ClusterSelection) -> tuple[Network, Scope]:
    """The selection's nodes (see :func:`~netpipe.model.on_cluster.nodes_of`) and their scope."""
    nodes = nodes_of(selection)
    return nodes, node_scope(nodes)


def _edge_types(
    selection: ClusterSelection, columns: list[str], names: list[str]
) -> tuple[int, dict[str, str]]:
    """How many ties the selection holds, and the types of their attributes in order of first
    appearance (as :class:`~netpipe.outputs.exports.columns.Scope` has them of the ties in memory);
    cached on the ties for the selection (GraphML and GEXF read them)."""
    key = "edge-types-" + "-".join(str(mask.key) for mask in selection.edge_masks)
    if key not in selection.ties.cache:
        found: dict[str, tuple[int, int, str]] = {}
        count = 0
        for size, seen in made_in_order(selection, columns, _appearances, names):
            for name, (first, number, kind) in seen.items():
                found.setdefault(name, (count + first, number, kind))
            count += size
        selection.ties.cache[key] = count, types_in_order(found)
    counted: tuple[int, dict[str, str]] = selection.ties.cache[key]
    return counted


def _appearances(
    rows: pd.DataFrame, number: int, names: list[str]
) -> tuple[int, dict[str, tuple[int, int, str]]]:
    """How many ties a bucket holds, and the :func:`~netpipe.outputs.exports.columns.appearances`
    of their columns."""
    return len(rows), appearances(edge_scope(rows, names).columns)


def _graphml_text(rows: pd.DataFrame, number: int, names: list[str], keys: dict[str, str]) -> bytes:
    """One bucket's ties as GraphML ``<edge>`` elements."""
    return b"".join(graphml_edges(edge_scope(rows, names), keys))


def _gexf_text(
    rows: pd.DataFrame,
    number: int,
    names: list[str],
    ids: dict[str, str],
    undirected: UndirectedType,
    colors: dict[str, str],
) -> bytes:
    """One bucket's ties as GEXF ``<edge>`` elements, with their spells."""
    bounds = nan_bounds(*tie_bounds(rows, "wide"))
    spans = (bounds["lo"], bounds["hi"])
    return b"".join(gexf_edges(edge_scope(rows, names), spans, ids, undirected, colors))


def _json_text(rows: pd.DataFrame, number: int, names: list[str]) -> bytes:
    """One bucket's ties as node-link objects, with ``", "`` between them."""
    return b"".join(json_edges(edge_scope(rows, names)))
