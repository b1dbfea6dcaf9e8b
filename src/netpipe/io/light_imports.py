"""igraph and pyvis, imported without what netpipe never uses of them, in netpipe's own processes.

``import igraph`` loads ``matplotlib.pyplot`` (0.3-0.5 s) for its drawing functions and
``wcwidth`` (20-60 ms) for its printed summaries; ``import pyvis`` loads IPython (0.15 s)
to show pages in notebooks. netpipe uses none of these: it draws with matplotlib itself.
The command line, where no user code runs, calls :func:`skip_extras`; igraph is then
imported with matplotlib and wcwidth hidden (it does without them: its drawing functions
raise) and pyvis with a stand-in for IPython whose every name raises when called. A
library user's igraph and pyvis are imported as usual.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any, NoReturn

__all__ = ["EXTRAS", "import_light", "skip_extras"]

#: Per library, the modules it imports that netpipe never uses.
EXTRAS = {"igraph": ("matplotlib", "wcwidth"), "pyvis": ("IPython", "IPython.display")}
#: Of those, the ones imported unconditionally: a stand-in takes their place.
_STAND_INS = {"IPython", "IPython.display"}

_skip = False


def skip_extras() -> None:
    """Import igraph and pyvis without their :data:`EXTRAS` from now on, in this process."""
    global _skip
    _skip = True


def import_light(library: str) -> ModuleType:
    """``library`` (a key of :data:`EXTRAS`), imported without its extras after :func:`skip_extras`."""
    hidden = [name for name in EXTRAS[library] if name not in sys.modules] if _skip else []
    if library not in sys.modules and hidden:
        # None makes an import fail; a stand-in answers every name.
        sys.modules.update({name: _stand_in(name) if name in _STAND_INS else None for name in hidden})  # type: ignore[misc]
        try:
            importlib.import_module(library)
        finally:
            for name in hidden:
                del sys.modules[name]
    return importlib.import_module(library)


def _stand_in(name: str) -> ModuleType:
    """A module whose every name is a function that raises."""

    def missing(attribute: str) -> Callable[..., NoReturn]:
        def unavailable(*args: Any, **kwargs: Any) -> NoReturn:
            raise RuntimeError(f"{name}.{attribute} is not loaded in netpipe's command line")

        return unavailable

    module = ModuleType(name)
    module.__getattr__ = missing  # type: ignore[method-assign]
    return module
