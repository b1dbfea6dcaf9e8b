"""Small multiples: one image of the network per date, all drawn on the same layout.

Each image is the network as of one date (:func:`netpipe.selection.snapshot`): present
people in their group's colour, sized by a measure, ties coloured by sign (friendly, hostile, neutral),
and everyone absent on that date as a faint grey dot, so the eye can compare periods.
Like the interactive page, the images draw only the ``max_nodes`` largest nodes and the
ties among them, laid out once, and say what was left out.
A grid of all the periods is written as ``periods.png``. Drawing uses matplotlib's Agg
canvas directly, never pyplot, so no global state or display is touched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure

from netpipe.atomic import atomic_file
from netpipe.errors import ArgumentError
from netpipe.glyphs import missing_glyphs_allowed
from netpipe.render.colors import NO_GROUP, SIGN_COLORS, group_colors, node_groups
from netpipe.render.drawn import Drawn, drawn_part
from netpipe.render.layout import layout
from netpipe.selection import Network, selection_of, snapshot, timeline

__all__ = ["period_images"]

#: At most this many images when the dates follow the data.
IMAGES = 12
_LABELS = 5
"""How many of the largest present nodes are named in each image."""


def period_images(
    graph: Network,
    out_dir: str | Path,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    sizes: pd.Series | None = None,
    seed: int = 42,
    max_nodes: int = 2000,
) -> list[Path]:
    """Write one PNG per date (the network as of that date) and a grid of them all.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or Selection
        A graph from :func:`netpipe.load`, a view of one, or a selection
        (:meth:`netpipe.selection.Selection.of_tables`).
    out_dir : str or Path
        The folder to write to (created if needed); each file is written atomically.
    dates : sequence of str, optional
        The dates to draw; default the days on which the network changes, thinned evenly
        to at most :data:`IMAGES` (see :func:`netpipe.selection.timeline`).
    every : str, optional
        One date per period instead (``5y``, ``year``, ``6m``).
    sizes : pandas.Series, optional
        A measure by node id that sizes the nodes and decides which are drawn when there
        are more than ``max_nodes``; default each node's number of ties.
    seed : int
        Seed of the layout, shared by all the images.
    max_nodes : int
        Draw at most this many nodes, the largest by ``sizes`` (the same nodes as
        :func:`netpipe.render.html.network_html`); each image then says how many nodes
        and ties were left out.

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
    if max_nodes < 1:
        raise ArgumentError(f"max_nodes must be at least 1, not {max_nodes}")
    when = timeline(graph, dates, every, limit=IMAGES)
    if not when:
        return []
    drawn = drawn_part(graph, sizes, max_nodes)
    style = _Style(drawn, seed, sizes)
    views = [_Period(date, snapshot(drawn.part, date), drawn) for date in when]

    written = []
    for view in views:
        figure = Figure(figsize=(4, 4), dpi=100)
        figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.92)
        _draw(figure.add_subplot(), view, style)
        if style.caption:
            figure.subplots_adjust(bottom=0.1)
            figure.text(0.5, 0.015, style.caption, ha="center", va="bottom", fontsize=6, wrap=True)
        written.append(_save(figure, out / f"period-{view.date}.png"))
    columns = math.ceil(math.sqrt(len(when)))
    rows = math.ceil(len(when) / columns)
    grid = Figure(figsize=(3 * columns, 3 * rows), dpi=100)
    grid.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95, wspace=0.04, hspace=0.12)
    if style.caption:
        grid.subplots_adjust(top=0.95 - 0.3 / rows)
        grid.suptitle(style.caption, fontsize=9, y=0.995, va="top")
    for i, view in enumerate(views):
        _draw(grid.add_subplot(rows, columns, i + 1), view, style, small=True)
    written.append(_save(grid, out / "periods.png"))
    return written


class _Period:
    """The drawn nodes present and the drawn ties active on one date (as ``snapshot``)."""

    def __init__(self, date: str, view: Network, drawn: Drawn) -> None:
        selection = selection_of(view)
        self.date = date
        self.present = selection.node_mask[drawn.node_rows]
        self.ties = selection.edge_mask[drawn.edge_rows]


class _Style:
    """What every image shares: positions, node areas and colours, tie colours by sign, ends of ties."""

    def __init__(self, drawn: Drawn, seed: int, sizes: pd.Series | None) -> None:
        tables = drawn.base.tables
        nodes = tables.nodes.iloc[drawn.node_rows]
        edges = tables.edges.iloc[drawn.edge_rows]
        positions = layout(drawn.part, seed=seed).reindex(nodes.index)
        size = drawn.size.to_numpy(dtype=float)
        top = float(size.max()) if len(size) and size.max() > 0 else 1.0
        self.area = 12 + 160 * (np.clip(size, 0.0, None) / top)
        group = (nodes["group"] if "group" in nodes else pd.Series("", index=nodes.index)).replace(
            "", NO_GROUP
        )
        colors = group_colors(list(node_groups(nodes).index))
        # Colours as RGBA arrays: matplotlib then skips parsing one colour name per tie.
        self.color = to_rgba_array(group.map(colors).tolist()).reshape(-1, 4)
        codes, signs = pd.factorize(edges["sign"])
        palette = to_rgba_array([SIGN_COLORS[int(s)] for s in signs]).reshape(-1, 4)
        self.tie_color = palette[codes]
        self.names = np.where(nodes["name"] != "", nodes["name"], nodes.index.astype(str)).astype(object)
        self.x = positions["x"].to_numpy(dtype=float)
        self.y = -positions["y"].to_numpy(dtype=float)  # screen y grows downwards
        self.source, self.target = drawn.endpoints()
        pad = 60.0
        if len(self.x):
            self.xlim = (self.x.min() - pad, self.x.max() + pad)
            self.ylim = (self.y.min() - pad, self.y.max() + pad)
        else:
            self.xlim = self.ylim = (-pad, pad)
        label = str(sizes.name) if sizes is not None and sizes.name is not None else "number of ties"
        self.caption = (
            f"Showing the {len(drawn.node_rows):,} largest of {drawn.base.number_of_nodes():,} nodes "
            f"(by {label}). Left out: {drawn.omitted_nodes:,} nodes and {drawn.omitted_edges:,} ties."
            if drawn.cut
            else ""
        )


def _draw(axes: Axes, period: _Period, style: _Style, small: bool = False) -> None:
    """Draw one period: absent nodes faint, present ones coloured, ties by sign."""
    present, ties = period.present, period.ties
    x, y = style.x, style.y
    absent = ~present
    axes.scatter(x[absent], y[absent], s=6, c="#dddddd", linewidths=0, zorder=1)
    if ties.any():
        source, target = style.source[ties], style.target[ties]
        segments = np.stack(
            [np.column_stack([x[source], y[source]]), np.column_stack([x[target], y[target]])], axis=1
        )
        width = 0.8 if ties.sum() < 5000 else 0.3
        lines = LineCollection(
            cast("Sequence[Any]", segments),
            colors=style.tie_color[ties],
            linewidths=width,
            alpha=0.7,
            zorder=2,
        )
        axes.add_collection(lines)
    scale = 0.5 if small else 1.0
    axes.scatter(
        x[present], y[present], s=style.area[present] * scale, c=style.color[present],
        edgecolors="#333333", linewidths=0.4, zorder=3,
    )  # fmt: skip
    shown = np.flatnonzero(present)
    order = shown[np.argsort(-style.area[shown], kind="stable")][: 3 if small else _LABELS]
    for node in order:
        axes.annotate(
            str(style.names[node]), (x[node], y[node]), xytext=(0, -9), textcoords="offset points",
            ha="center", va="top", fontsize=5 if small else 6, zorder=4,
        )  # fmt: skip
    axes.set_title(
        f"{period.date}: {int(present.sum())} nodes, {int(ties.sum())} ties", fontsize=8 if small else 9
    )
    axes.set_xlim(*style.xlim)
    axes.set_ylim(*style.ylim)
    axes.set_aspect("equal")
    axes.set_axis_off()


def _save(figure: Figure, path: Path) -> Path:
    """Save a figure as PNG, atomically (see :func:`netpipe.atomic.atomic_file`)."""
    FigureCanvasAgg(figure)
    with atomic_file(path) as stream, missing_glyphs_allowed():
        figure.savefig(stream, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return path
