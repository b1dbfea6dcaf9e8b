"""Plots of the report (matplotlib, PNG and SVG), reproducible byte for byte."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netpipe.io.atomic import atomic_file
from netpipe.io.dates import parse_date_list
from netpipe.outputs.glyphs import missing_glyphs_allowed

__all__ = ["line_plot"]

#: The mean length of a Gregorian year, in days.
DAYS_PER_YEAR = 365.2425


def line_plot(
    series: pd.DataFrame, title: str, ylabel: str, path: Path, invert: bool = False
) -> tuple[Path, Path]:
    """Plot each column of ``series`` (indexed by date) as a line; write ``path``.png and .svg.

    ``invert`` puts low values on top (for ranks). Returns the two paths written, each
    written atomically. Labels are drawn as text, never interpreted (no mathtext).
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(9, 4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Each date at its first day, in years: any precision (1903, 1914-07) and any era (-0043).
    first_days = np.array([lo for lo, _ in parse_date_list(series.index)], dtype=float)
    years = 1970 + first_days / DAYS_PER_YEAR
    order = np.argsort(years, kind="stable")
    for column in series.columns:
        values = series[column].to_numpy(dtype=float)
        axes.plot(years[order], values[order], marker="o", markersize=3, label=str(column))
    axes.set_title(title, y=1.0)  # where matplotlib puts it (ticks below), without measuring them
    axes.set_ylabel(ylabel)
    axes.set_xlabel("year")
    axes.grid(alpha=0.3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if invert:
        axes.invert_yaxis()
    if len(series.columns):
        legend = axes.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        for text in legend.get_texts():
            text.set_parse_math(False)
    png, svg = path.with_suffix(".png"), path.with_suffix(".svg")
    with missing_glyphs_allowed(), atomic_file(png) as stream:
        figure.savefig(stream, format="png", dpi=110, metadata={"Software": None})
    with (
        missing_glyphs_allowed(),
        atomic_file(svg) as stream,
        matplotlib.rc_context({"svg.hashsalt": "netpipe"}),
    ):
        figure.savefig(stream, format="svg", metadata={"Date": None, "Creator": None})
    return png, svg
