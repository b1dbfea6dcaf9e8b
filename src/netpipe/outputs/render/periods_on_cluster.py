"""The network in each period, of a network whose typed ties stay on a Dask cluster: the images
:func:`netpipe.outputs.render.periods.period_images` draws of the same network in memory, of the
same drawn part (chosen on the workers, its ties gathered here:
:func:`~netpipe.outputs.drawing.on_cluster.drawn_part_on_cluster`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from netpipe.io.dask_validation import ClusterTies
from netpipe.io.errors import ArgumentError
from netpipe.model.on_cluster import ClusterSelection, selection_on_cluster, timeline_on_cluster
from netpipe.model.selection import timeline
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES
from netpipe.outputs.drawing.on_cluster import drawn_part_on_cluster
from netpipe.outputs.render.periods import IMAGES, drawn_periods

__all__ = ["period_images_on_cluster"]


def period_images_on_cluster(
    network: ClusterTies | ClusterSelection,
    out_dir: str | Path,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    sizes: pd.Series | None = None,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    *,
    start: str | None = None,
    end: str | None = None,
) -> list[Path]:
    """Write the images of :func:`~netpipe.outputs.render.periods.period_images` (whose arguments it
    takes after the network) of a network on a cluster: the same files."""
    if max_nodes < 1:
        raise ArgumentError(f"max_nodes must be at least 1, not {max_nodes}")
    selection = selection_on_cluster(network)
    drawn = drawn_part_on_cluster(selection, sizes, max_nodes, MAX_EDGES)
    if dates is None and every is None:  # the changes of what is drawn
        when = timeline(drawn.part, limit=IMAGES, start=start, end=end)
    else:
        when = timeline_on_cluster(selection, dates, every, limit=IMAGES, start=start, end=end)
    return drawn_periods(drawn, when, Path(out_dir), seed, sizes, every)
