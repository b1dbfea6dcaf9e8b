"""Drawings of a network: the interactive page and per-period images.

One module per job: :mod:`~netpipe.outputs.render.html` (``network.html``) and
:mod:`~netpipe.outputs.render.periods` (small multiples); both draw what
:mod:`netpipe.outputs.drawing` chooses and places. Import from the modules; this package
imports nothing heavy on its own.
"""

from __future__ import annotations

__all__: list[str] = []
