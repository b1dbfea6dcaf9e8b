"""Small multiples: one image of the network per date, all drawn on the same layout.

Each image is the network as of one date (:func:`netpipe.model.selection.snapshot`): present
people in their group's colour, sized by a measure, ties coloured by sign (friendly,
hostile, neutral), and everyone absent on that date as a faint grey dot, so the eye can
compare periods. The largest present people are named in every panel, as many as fit
without two names overlapping, and a legend names the groups and the tie colours.
By default the dates are chosen where the drawn network changes
(:func:`netpipe.model.selection.timeline`): among the days on which it changes and shows at least
one tie, those that split its changes (people and ties coming and going) into equal shares,
so quiet decades get one panel and eventful months several; each is written at the data's
precision (``1903``, ``1914-07``, ``1914-06-28``).
Like the interactive page, the images draw only the ``max_nodes`` largest nodes and the
strongest ties among them, laid out once, and say what was left out.
The grid of all the periods is written as ``periods.png`` and ``periods.svg``. Drawing uses
matplotlib's Agg canvas directly, never pyplot, so no global state or display is touched.
"""

from __future__ import annotations

import math
import urllib.parse
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
from matplotlib.lines import Line2D

from netpipe.io.atomic import atomic_file
from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import snapshot, timeline
from netpipe.outputs.drawing.colors import (
    NO_GROUP,
    OTHER_GROUPS,
    OTHER_GROUPS_COLOR,
    SIGN_COLORS,
    SIGN_NAMES,
    group_colors,
    node_groups,
)
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES, Drawn, drawn_part
from netpipe.outputs.drawing.layout import layout
from netpipe.outputs.glyphs import missing_glyphs_allowed

__all__ = ["IMAGES", "drawn_periods", "period_images"]

#: At most this many images when the dates follow the data.
IMAGES = 12
#: The most images drawn for dates or periods asked for (each takes about a second).
MAX_IMAGES = 250
_LABELS = 10
"""At most this many of the largest present nodes are named in each panel (those that fit)."""


def period_images(
    graph: NetworkLike,
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
    """Write one PNG per date (the network as of that date) and a grid of them all, PNG and SVG.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection
        (:meth:`netpipe.model.network.Network.from_tables`).
    out_dir : str or Path
        The folder to write to (created if needed); each file is written atomically.
    dates : sequence of str, optional
        The dates to draw; default at most :data:`IMAGES` of the days on which the drawn
        network changes (:func:`netpipe.model.selection.timeline`), chosen where it changes most,
        each showing at least one tie.
    every : str, optional
        One date per period instead (``5y``, ``year``, ``6m``).
    sizes : pandas.Series, optional
        A measure by node id that sizes the nodes and decides which are drawn when there
        are more than ``max_nodes``; default each node's number of ties.
    seed : int
        Seed of the layout, shared by all the images.
    max_nodes : int
        Draw at most this many nodes, the largest by ``sizes`` (the same nodes as
        :func:`netpipe.outputs.render.html.network_html`); each image then says how many nodes
        and ties were left out.
    start, end : str, optional
        Draw only the dates wholly within this period (either end may be open).

    Returns
    -------
    list of Path
        ``period-<date>.png`` for each date, in order, then ``periods.png`` and
        ``periods.svg`` (the grid); an empty list when there are no dates.

    Raises
    ------
    ArgumentError
        The dates or periods give more than :data:`MAX_IMAGES` images.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> paths = period_images(netpipe.load("tests/data/valid"), tempfile.mkdtemp(), every="25y")
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['period-1878-01-01.png', 'period-1903-01-01.png', 'period-1928-01-01.png',
     'period-1953-01-01.png', 'periods.png', 'periods.svg']
    """
    graph = selection_of(graph)
    out = Path(out_dir)
    if max_nodes < 1:
        raise ArgumentError(f"max_nodes must be at least 1, not {max_nodes}")
    drawn = drawn_part(graph, sizes, max_nodes, MAX_EDGES)
    followed = drawn.part if dates is None and every is None else graph  # the changes of what is drawn
    when = timeline(followed, dates, every, limit=IMAGES, start=start, end=end)
    return drawn_periods(drawn, when, out, seed, sizes, every)


def drawn_periods(
    drawn: Drawn, when: list[str], out: Path, seed: int, sizes: pd.Series | None, every: str | None
) -> list[Path]:
    """The images of :func:`period_images` of a drawn part of a network at the dates ``when`` (the
    other arguments as it takes them)."""
    if not when:
        return []
    if len(when) > MAX_IMAGES:
        asked = f'a period of "{every}"' if every is not None else "the dates given"
        raise ArgumentError(
            f"{asked} gives {len(when):,} images ({when[0]} to {when[-1]}): netpipe draws at most "
            f"{MAX_IMAGES}; choose a longer period or fewer dates"
        )
    style = _Style(drawn, seed, sizes)
    views = [_Period(date, snapshot(drawn.part, date), drawn) for date in when]

    written = []
    for view in views:
        figure = Figure(figsize=(6, 6.6), dpi=150)
        figure.subplots_adjust(left=0.02, right=0.98, bottom=0.12, top=0.94)
        _draw(figure.add_subplot(), view, style)
        _legend(figure, style, columns=3)
        if style.caption:
            figure.text(0.5, 0.005, style.caption, ha="center", va="bottom", fontsize=6, wrap=True)
        written.append(_save(figure, out / f"period-{_file_name(view.date)}.png"))
    columns = min(4, math.ceil(math.sqrt(len(when))))
    rows = math.ceil(len(when) / columns)
    grid = Figure(figsize=(4 * columns, 4 * rows + 0.9), dpi=120)
    legend_share = 0.9 / (4 * rows + 0.9)
    grid.subplots_adjust(left=0.01, right=0.99, bottom=legend_share, top=0.97, wspace=0.04, hspace=0.1)
    if style.caption:
        grid.subplots_adjust(top=0.97 - 0.3 / rows)
        grid.suptitle(style.caption, fontsize=9, y=0.995, va="top")
    for i, view in enumerate(views):
        _draw(grid.add_subplot(rows, columns, i + 1), view, style)
    _legend(grid, style, columns=min(6, 2 * columns))
    written.append(_save(grid, out / "periods.png"))
    written.append(_save(grid, out / "periods.svg"))
    return written


def _file_name(date: str) -> str:
    """A date as a file name: ``/``, ``?``, ``%`` and the like %-escaped (``1903%2F1937``), so
    that an interval is one file, not a folder, and two dates never share a name."""
    return urllib.parse.quote(date, safe="")


class _Period:
    """The drawn nodes present and the drawn ties active on one date (as ``snapshot``)."""

    def __init__(self, date: str, view: NetworkLike, drawn: Drawn) -> None:
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
        strongest = f" and the {len(drawn.edge_rows):,} strongest of their ties" if drawn.ties_cut else ""
        self.caption = (
            f"Showing the {len(drawn.node_rows):,} largest of {drawn.held[0]:,} nodes "
            f"(by {label}){strongest}. "
            f"Left out: {drawn.omitted_nodes:,} nodes and {drawn.omitted_edges:,} ties."
            if drawn.cut or drawn.ties_cut
            else ""
        )
        present_groups = node_groups(nodes)
        self.legend = [
            (name, colors[name]) for name in present_groups.index if colors[name] != OTHER_GROUPS_COLOR
        ]
        if OTHER_GROUPS_COLOR in colors.values():
            self.legend.append((OTHER_GROUPS, OTHER_GROUPS_COLOR))
        self.signs = sorted(set(edges["sign"].astype(int)), reverse=True)


def _draw(axes: Axes, period: _Period, style: _Style) -> None:
    """Draw one period: absent nodes faint, present ones coloured, ties by sign, the largest named."""
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
    axes.scatter(
        x[present], y[present], s=style.area[present] * 0.6, c=style.color[present],
        edgecolors="#333333", linewidths=0.4, zorder=3,
    )  # fmt: skip
    # y=1.0 is where matplotlib would place it (no axis drawn), without measuring the ticks.
    axes.set_title(f"{period.date}: {int(present.sum())} nodes, {int(ties.sum())} ties", fontsize=10, y=1.0)
    axes.set_xlim(*style.xlim)
    axes.set_ylim(*style.ylim)
    axes.set_aspect("equal")
    axes.set_axis_off()
    _label(axes, period, style)


def _label(axes: Axes, period: _Period, style: _Style, size: float = 7.0) -> None:
    """Name the largest present people, each only where it overlaps no name already placed."""
    figure = axes.get_figure()
    assert figure is not None
    shown = np.flatnonzero(period.present)
    order = shown[np.argsort(-style.area[shown], kind="stable")]
    points = axes.transData.transform(np.column_stack([style.x, style.y]))
    pixels = size * figure.dpi / 72  # the height of a line of text, in pixels
    placed: list[tuple[float, float, float, float]] = []
    for node in order:
        if len(placed) == _LABELS:
            break
        name = str(style.names[node])
        width = 0.6 * pixels * len(name)  # about the width of the name, in pixels
        left, top = points[node][0] - width / 2, points[node][1] - pixels * 0.7
        box = (left, top - pixels * 1.2, left + width, top)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        axes.annotate(
            name, (style.x[node], style.y[node]), xytext=(0, -0.7 * size), textcoords="offset points",
            ha="center", va="top", fontsize=size, zorder=4,
            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
        )  # fmt: skip


def _legend(figure: Figure, style: _Style, columns: int) -> None:
    """The groups' colours and the ties' colours by sign, below the panels."""
    handles: list[Any] = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=color, markeredgecolor="#333333", label=name)
        for name, color in style.legend
    ]
    handles += [
        Line2D([], [], color=SIGN_COLORS[sign], linewidth=2, label=f"{SIGN_NAMES[sign]} tie")
        for sign in style.signs
    ]
    if not handles:
        return
    legend = figure.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.02),
        ncol=columns,
        fontsize=7,
        frameon=False,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def _save(figure: Figure, path: Path) -> Path:
    """Save a figure as PNG or SVG (by the suffix), atomically and reproducibly."""
    import matplotlib

    FigureCanvasAgg(figure)
    with atomic_file(path) as stream, missing_glyphs_allowed():
        if path.suffix == ".svg":
            with matplotlib.rc_context({"svg.hashsalt": "netpipe"}):
                figure.savefig(stream, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(
                stream, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1}
            )
    return path
