"""igraph, imported without its drawing and printing extras in netpipe's own processes.

``import igraph`` imports ``matplotlib.pyplot`` for its drawing functions (0.3-0.5 s) and
``wcwidth`` for the text tables of its summaries (20-60 ms); netpipe uses neither: it
draws with matplotlib directly. The command line, where no user code runs, calls
:func:`skip_igraph_extras`; igraph is then imported with both hidden, its drawing
functions raise if called and its summaries measure text by length. A library user's
igraph is imported as usual.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["import_igraph", "skip_igraph_extras"]

#: What igraph imports, if installed, for drawing and printing alone.
EXTRAS = ("matplotlib", "wcwidth")

_skip_drawing = False


def skip_igraph_extras() -> None:
    """Import igraph without its :data:`EXTRAS` from now on, in this process."""
    global _skip_drawing
    _skip_drawing = True


def import_igraph() -> ModuleType:
    """The ``igraph`` module, imported without its :data:`EXTRAS` after :func:`skip_igraph_extras`."""
    hidden = [name for name in EXTRAS if name not in sys.modules] if _skip_drawing else []
    if "igraph" not in sys.modules and hidden:
        sys.modules.update(dict.fromkeys(hidden))  # type: ignore[arg-type]  # None: the import fails
        try:
            import igraph
        finally:
            for name in hidden:
                del sys.modules[name]
    import igraph

    return igraph
