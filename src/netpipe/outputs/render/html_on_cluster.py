"""The interactive view of a network whose typed ties stay on a Dask cluster: the page
:func:`netpipe.outputs.render.html.network_html` writes of the same network in memory.

The drawn part is chosen on the workers (:func:`~netpipe.outputs.drawing.on_cluster.drawn_on_cluster`)
and its ties, at most ``max_edges``, are gathered here, in the order a network in memory lists them,
with what the page says of the whole network: each node's presence, the slider's dates and the
precision of the dates written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from netpipe.io.atomic import write_text
from netpipe.io.dask_validation import ClusterTies
from netpipe.io.spans import tie_bounds
from netpipe.model.network import Network
from netpipe.model.on_cluster import (
    ClusterSelection,
    gathered_rows,
    presence_on_cluster,
    selection_on_cluster,
    tie_ends,
    ties_held,
    timeline_on_cluster,
)
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES, Drawn
from netpipe.outputs.drawing.on_cluster import DrawnOnCluster, drawn_on_cluster
from netpipe.outputs.drawing.style import drawn_style
from netpipe.outputs.render.html import check_budget, drawn_page, slider_stops, written_precisions

__all__ = ["network_html_on_cluster"]

#: Where a pair has no tie in a part: after every row.
_NONE = 2**62


def network_html_on_cluster(
    network: ClusterTies | ClusterSelection,
    path: str | Path,
    sizes: pd.Series | None = None,
    measures: pd.DataFrame | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 42,
    title: str | None = None,
    *,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    start: str | None = None,
    end: str | None = None,
    max_edges: int = MAX_EDGES,
) -> Path:
    """Write the interactive view of a network on a cluster (see
    :func:`~netpipe.outputs.render.html.network_html`, whose arguments it takes after the network):
    the same file, byte for byte."""
    check_budget(max_nodes, max_edges)
    selection = selection_on_cluster(network)
    drawn = _gathered(drawn_on_cluster(selection, sizes, max_nodes, max_edges))
    parts = selection.ties.parts
    written = set().union(*selection.ties.client.gather(selection.ties.client.map(_written, parts)))
    written |= written_precisions([selection.ties.tables.nodes])
    stops = slider_stops(written, timeline_on_cluster(selection, dates, every, start=start, end=end))
    return write_text(path, drawn_page(drawn, drawn_style(drawn, seed), sizes, measures, title, stops))


def _gathered(chosen: DrawnOnCluster) -> Drawn:
    """The drawn part, its ties gathered here: a :class:`~netpipe.outputs.drawing.drawn.Drawn` on
    tables that hold the whole node table and the drawn ties alone, with the presence of the nodes
    computed from every tie."""
    selection = chosen.selection
    ties = selection.ties
    client, nodes = ties.client, ties.tables.nodes
    edges = gathered_rows(ties, _drawn_rows, each=[chosen.edge_masks], keep_index=True)
    source, target = tie_ends(edges, nodes.index)
    codes = source.astype(np.int64) * (len(nodes) + 1) + target
    pairs = np.unique(codes)
    lengths = client.gather(client.map(len, ties.parts))
    offsets = np.cumsum([0, *lengths[:-1]], dtype=np.int64)
    firsts = client.gather(client.map(_first_rows, ties.parts, selection.indexes, pairs=pairs, pure=False))
    first = np.min([offset + found for offset, found in zip(offsets, firsts, strict=True)], axis=0)
    # A network in memory lists its ties by source, then by the first tie of each pair, then by row.
    order = np.lexsort((first[np.searchsorted(pairs, codes)], source))
    cache = {
        f"spans-{reading}-attested": (*presence_on_cluster(selection, reading), *tie_bounds(edges, reading))
        for reading in ("wide", "narrow")
    }
    cache["attested"] = ties.cache["attested"]  # the nodes' attested days, found with their presence
    tables = replace(ties.tables, edges=edges, cache=cache)
    every = np.ones(len(edges), bool)
    base = Network(None, tables, selection.node_mask, every, selection.label)
    part = Network(None, tables, chosen.node_mask, every, selection.label)
    held = (int(selection.node_mask.sum()), ties_held(selection))
    return Drawn(base, part, chosen.size, np.flatnonzero(chosen.node_mask), order, held, chosen.ties_cut)


def _drawn_rows(edges: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The drawn ties of a part."""
    return edges[mask]


def _first_rows(edges: pd.DataFrame, index: pd.Index, pairs: np.ndarray) -> np.ndarray:
    """Where each pair of ``pairs`` (sorted codes of source and target positions) first has a tie in
    a part: its row (:data:`_NONE` where it has none)."""
    source, target = tie_ends(edges, index)
    codes = source.astype(np.int64) * (len(index) + 1) + target
    at = np.searchsorted(pairs, codes).clip(max=max(len(pairs) - 1, 0))
    found = np.flatnonzero((pairs[at] == codes) if len(pairs) else np.zeros(len(codes), bool))
    first = np.full(len(pairs), _NONE, np.int64)
    np.minimum.at(first, at[found], found)
    return first


def _written(edges: pd.DataFrame) -> set[str]:
    """The precisions of the dates written in a part."""
    return written_precisions([edges])
