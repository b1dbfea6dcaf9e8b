"""The network page inline in a notebook (Jupyter, JupyterLab, VS Code).

:func:`show` builds the same offline page as ``netpipe render`` and returns it as a
:class:`Page`, which a notebook displays through ``_repr_html_``: an ``<iframe>`` whose
``srcdoc`` holds the whole page, HTML-escaped, so nothing is fetched and the page's own
script runs in a frame of its own (``sandbox="allow-scripts"``: no access to the notebook).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netpipe.io.atomic import write_text
from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES

__all__ = ["Page", "show"]


@dataclass(frozen=True)
class Page:
    """An interactive network page: shown inline by a notebook, or saved as one offline file."""

    html: str = field(repr=False)
    """The whole page, as ``network.html`` holds it."""
    height: int = 700
    """The height of the frame in a notebook, in pixels."""

    def _repr_html_(self) -> str:
        """The page in a frame of its own: ``srcdoc`` holds it, escaped; nothing is fetched."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'title="netpipe network view"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (atomically) and return it: the same file ``netpipe render`` writes."""
        return write_text(path, self.html)


def show(
    graph: NetworkLike,
    size_by: str = "degree",
    *,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    seed: int = 42,
    title: str | None = None,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    start: str | None = None,
    end: str | None = None,
    height: int = 700,
) -> Page:
    """The interactive network page of a graph or a view, to show in a notebook.

    The page is the one ``netpipe render`` writes (nodes sized by ``size_by``, every measure
    of :func:`netpipe.centrality` in the tooltips, the time slider), offline: in a notebook
    the last expression of a cell shows it inline.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a view of one (``netpipe.snapshot(G, "1937")``).
    size_by : str
        The centrality measure that sizes the nodes (see
        :data:`netpipe.analysis.centrality.MEASURES`).
    max_nodes, max_edges, seed, title, dates, every, start, end
        As :func:`netpipe.outputs.render.html.network_html` (``netpipe render``'s options).
    height : int
        The height of the frame in a notebook, in pixels.

    Returns
    -------
    Page
        ``_repr_html_`` for notebooks, ``save(path)`` to write the page, ``html`` its text.

    Raises
    ------
    ArgumentError
        ``size_by`` is not a measure, ``height`` is below 1, or an option of the page is out of range.

    Examples
    --------
    >>> import netpipe
    >>> page = netpipe.show(netpipe.load("tests/data/valid"))
    >>> page._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    from netpipe.analysis.centrality import MEASURES, centrality
    from netpipe.outputs.render.html import network_page

    if size_by not in MEASURES:
        raise ArgumentError(f'"{size_by}" is not a measure: use {", ".join(MEASURES)}')
    if height < 1:
        raise ArgumentError(f"height must be at least 1 pixel, not {height}")
    measures = centrality(graph).table
    text = network_page(
        graph, measures[size_by], measures, max_nodes, seed, title,
        dates=dates, every=every, start=start, end=end, max_edges=max_edges,
    )  # fmt: skip
    return Page(text, height)
