"""Drawings of a network: a stable layout, the interactive page, per-period images.

One module per job: :mod:`~netpipe.render.drawn` (which nodes and ties are drawn),
:mod:`~netpipe.render.layout` (where each person stands),
:mod:`~netpipe.render.html` (``network.html``), :mod:`~netpipe.render.periods` (small
multiples). Import from the modules; this package imports nothing heavy on its own.
"""

from __future__ import annotations

__all__: list[str] = []
