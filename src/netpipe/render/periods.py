"""Small multiples: one image of the network per date, all drawn on the same layout.

Each image is the network as of one date (:func:`netpipe.selection.snapshot`): present
people in their group's colour, sized by a measure, ties in their relation's colour,
and everyone absent on that date as a faint grey dot, so the eye can compare periods.
A grid of all the periods is written as ``periods.png``. Drawing uses matplotlib's Agg
canvas directly, never pyplot, so no global state or display is touched.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from netpipe.render.html import group_colors, node_groups, node_sizes, relation_colors
from netpipe.render.layout import layout
from netpipe.selection import Network, selection_of, snapshot, timeline

__all__ = ["period_images"]

_NO_GROUP = "(no group)"
_LABELS = 5
"""How many of the largest present nodes are named in each image."""


def period_images(
    graph: Network,
    out_dir: str | Path,
    dates: Sequence[str] | None = None,
    every: str = "5y",
    sizes: pd.Series | None = None,
    seed: int = 42,
) -> list[Path]:
    """Write one PNG per date (the network as of that date) and a grid of them all.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`netpipe.load`, or a selection of one.
    out_dir : str or Path
        The folder to write to (created if needed); each file is written atomically.
    dates : sequence of str, optional
        The dates to draw; default one per ``every`` over the data's span.
    every : str
        The step between dates when ``dates`` is not given (``5y``, ``year``, ``6m``).
    sizes : pandas.Series, optional
        A measure by node id that sizes the nodes; default each node's number of ties.
    seed : int
        Seed of the layout, shared by all the images.

    Returns
    -------
    list of Path
        ``period-<date>.png`` for each date, in order, then ``periods.png`` (the grid);
        an empty list when there are no dates.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> paths = period_images(netpipe.load("tests/data/valid"), tempfile.mkdtemp(), every="25y")
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['period-1878-01-01.png', 'period-1903-01-01.png', 'period-1928-01-01.png',
     'period-1953-01-01.png', 'periods.png']
    """
    out = Path(out_dir)
    when = timeline(graph, dates, every)
    if not when:
        return []
    nodes = selection_of(graph).nodes
    positions = layout(graph, seed=seed)
    size = node_sizes(graph, nodes.index, sizes)
    top = float(size.max()) if len(size) and size.max() > 0 else 1.0
    area = pd.Series(12 + 160 * (size.clip(lower=0) / top), index=nodes.index)
    group = (nodes["group"] if "group" in nodes else pd.Series("", index=nodes.index)).replace("", _NO_GROUP)
    colors = group_colors(list(node_groups(nodes).index))
    selection = selection_of(graph)
    relation_color = relation_colors(selection.vocabulary, selection.edges["relation"])
    style = _Style(positions, area, group.map(colors), relation_color, nodes)

    written = []
    for date in when:
        figure = Figure(figsize=(4, 4), dpi=100)
        figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.92)
        _draw(figure.add_subplot(), snapshot(graph, date), date, style)
        written.append(_save(figure, out / f"period-{date}.png"))
    columns = math.ceil(math.sqrt(len(when)))
    rows = math.ceil(len(when) / columns)
    grid = Figure(figsize=(3 * columns, 3 * rows), dpi=100)
    grid.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95, wspace=0.04, hspace=0.12)
    for i, date in enumerate(when):
        _draw(grid.add_subplot(rows, columns, i + 1), snapshot(graph, date), date, style, small=True)
    written.append(_save(grid, out / "periods.png"))
    return written


class _Style:
    """What every image shares: positions, node areas and colours, relation colours."""

    def __init__(
        self,
        positions: pd.DataFrame,
        area: pd.Series,
        color: pd.Series,
        relation_color: dict[str, str],
        nodes: pd.DataFrame,
    ) -> None:
        self.positions = positions
        self.area = area
        self.color = color
        self.relation_color = relation_color
        self.names = nodes["name"].where(nodes["name"] != "", nodes.index.to_series())
        pad = 60.0
        self.xlim = (positions["x"].min() - pad, positions["x"].max() + pad)
        self.ylim = (-positions["y"].max() - pad, -positions["y"].min() + pad)


def _draw(axes: Axes, view: Network, date: str, style: _Style, small: bool = False) -> None:
    """Draw one period: absent nodes faint, present ones coloured, ties by relation."""
    selection = selection_of(view)
    present, ties = selection.nodes.index, selection.edges
    x, y = style.positions["x"], -style.positions["y"]  # screen y grows downwards
    absent = style.positions.index.difference(present)
    axes.scatter(x[absent], y[absent], s=6, c="#dddddd", linewidths=0, zorder=1)
    if len(ties):
        segments = np.stack(
            [
                np.column_stack([x[ties["source"]].to_numpy(), y[ties["source"]].to_numpy()]),
                np.column_stack([x[ties["target"]].to_numpy(), y[ties["target"]].to_numpy()]),
            ],
            axis=1,
        )
        colors = [style.relation_color.get(r, "#888888") for r in ties["relation"]]
        lines = LineCollection(list(segments), colors=colors, linewidths=0.8, alpha=0.7, zorder=2)
        axes.add_collection(lines)
    scale = 0.5 if small else 1.0
    axes.scatter(
        x[present], y[present], s=style.area[present] * scale, c=style.color[present].tolist(),
        edgecolors="#333333", linewidths=0.4, zorder=3,
    )  # fmt: skip
    for node in style.area[present].sort_values(ascending=False).index[: 3 if small else _LABELS]:
        axes.annotate(
            str(style.names[node]), (x[node], y[node]), xytext=(0, -9), textcoords="offset points",
            ha="center", va="top", fontsize=5 if small else 6, zorder=4,
        )  # fmt: skip
    axes.set_title(f"{date}: {len(present)} nodes, {len(ties)} ties", fontsize=8 if small else 9)
    axes.set_xlim(*style.xlim)
    axes.set_ylim(*style.ylim)
    axes.set_aspect("equal")
    axes.set_axis_off()


def _save(figure: Figure, path: Path) -> Path:
    """Save a figure as PNG through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(figure)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".png", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            figure.savefig(stream, format="png", metadata={"Software": None})
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
