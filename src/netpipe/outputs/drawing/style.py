"""How each drawn node looks: its place, size and colour, the same in the page and in GEXF."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netpipe.model.network import NetworkLike
from netpipe.outputs.drawing.colors import NO_GROUP, group_colors, node_groups
from netpipe.outputs.drawing.drawn import Drawn
from netpipe.outputs.drawing.layout import layout

__all__ = ["drawn_style", "style_of"]


def drawn_style(drawn: Drawn, seed: int = 42) -> pd.DataFrame:
    """The place, size and colour of each drawn node.

    Parameters
    ----------
    drawn : Drawn
        The drawn part of a network (:func:`netpipe.outputs.drawing.drawn.drawn_part`).
    seed : int
        Seed of the layout.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id in the node table's order: ``x`` and ``y`` (pixels, from
        :func:`netpipe.outputs.drawing.layout.layout` of the drawn part), ``size`` (the radius in
        pixels: 8 for the smallest measure, 35 for the largest, by the square root of the
        share of the largest) and ``color`` (the group's, :mod:`netpipe.outputs.drawing.colors`).

    Examples
    --------
    >>> import netpipe
    >>> from netpipe.outputs.drawing.drawn import drawn_part
    >>> drawn_style(drawn_part(netpipe.load("tests/data/valid")))[["size", "color"]].to_dict("list")
    {'size': [35.0, 35.0, 23.6, 23.6], 'color': ['#332288', '#332288', '#88ccee', '#a0a0a0']}
    """
    return style_of(drawn.base.tables.nodes.iloc[drawn.node_rows], drawn.size, drawn.part, seed)


def style_of(nodes: pd.DataFrame, sizes: pd.Series, part: NetworkLike, seed: int = 42) -> pd.DataFrame:
    """The style of :func:`drawn_style` of the drawn ``nodes`` (rows of the node table), of their
    size measures ``sizes``, laid out as the drawn ``part`` of a network (its undirected projection)."""
    positions = layout(part, seed=seed).reindex(nodes.index)
    size = np.clip(sizes.to_numpy(dtype=float), 0.0, None)
    top = float(size.max()) if len(size) and size.max() > 0 else 1.0
    group = nodes["group"] if "group" in nodes else pd.Series("", index=nodes.index)
    colors = group_colors(list(node_groups(nodes).index))
    return pd.DataFrame(
        {
            "x": positions["x"].to_numpy(dtype=float),
            "y": positions["y"].to_numpy(dtype=float),
            "size": np.round(8 + 27 * np.sqrt(size / top), 1),
            "color": group.replace("", NO_GROUP).map(colors).to_numpy(dtype=object),
        },
        index=nodes.index,
    )
