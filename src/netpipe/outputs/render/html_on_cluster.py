"""The interactive view of a network whose typed ties stay on a Dask cluster: the page
:func:`netpipe.outputs.render.html.network_html` writes of the same network in memory.

The drawn part is chosen on the workers (:func:`~netpipe.outputs.drawing.on_cluster.drawn_on_cluster`)
and its ties, at most ``max_edges``, are gathered here, in the order a network in memory lists them,
with what the page says of the whole network: each node's presence, the slider's dates and the
precision of the dates written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from netpipe.io.atomic import write_text
from netpipe.io.dask_validation import ClusterTies
from netpipe.model.on_cluster import (
    ClusterSelection,
    selection_on_cluster,
    timeline_on_cluster,
)
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES
from netpipe.outputs.drawing.on_cluster import drawn_part_on_cluster
from netpipe.outputs.drawing.style import drawn_style
from netpipe.outputs.render.html import check_budget, drawn_page, slider_stops, written_precisions

__all__ = ["network_html_on_cluster"]


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
    drawn = drawn_part_on_cluster(selection, sizes, max_nodes, max_edges)
    parts = selection.ties.parts
    written = set().union(*selection.ties.client.gather(selection.ties.client.map(_written, parts)))
    written |= written_precisions([selection.ties.tables.nodes])
    stops = slider_stops(written, timeline_on_cluster(selection, dates, every, start=start, end=end))
    return write_text(path, drawn_page(drawn, drawn_style(drawn, seed), sizes, measures, title, stops))


def _written(edges: pd.DataFrame) -> set[str]:
    """The precisions of the dates written in a part."""
    return written_precisions([edges])
