"""The command line's faster start: igraph and pyvis imported without what netpipe never uses.

``import igraph`` loads ``matplotlib.pyplot`` (0.3-0.5 s) for its drawing functions and
``wcwidth`` (20-60 ms) for its printed summaries; ``import pyvis`` loads IPython (0.15 s)
to show pages in notebooks. netpipe uses none of these: it draws with matplotlib itself.
The ``netpipe`` command, where no user code runs, calls :func:`skip_extras` once at
start-up: from then on, in that process, igraph is imported with matplotlib and wcwidth
hidden (it does without them: its drawing functions raise) and pyvis with a stand-in for
IPython whose every name raises when called. The library imports igraph and pyvis as
usual and never calls this.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

__all__ = ["EXTRAS", "skip_extras"]

#: Per library, the modules it imports that netpipe never uses.
EXTRAS = {"igraph": ("matplotlib", "wcwidth"), "pyvis": ("IPython", "IPython.display")}
#: Of those, the ones imported unconditionally: a stand-in takes their place.
_STAND_INS = {"IPython", "IPython.display"}


def skip_extras() -> None:
    """From now on, in this process, import igraph and pyvis without their :data:`EXTRAS`.

    For the command line's own process only: it changes how this whole process imports them.
    """
    if not any(isinstance(finder, _Light) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Light())


class _Light(importlib.abc.MetaPathFinder):
    """Finds igraph and pyvis as usual, and loads them with their extras hidden."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if name not in EXTRAS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutExtras(spec.loader, EXTRAS[name])
        return spec


class _WithoutExtras(importlib.abc.Loader):
    """A library's own loader, run while its extras are hidden (``None`` makes an import fail)."""

    def __init__(self, loader: Any, extras: tuple[str, ...]) -> None:
        self.loader, self.extras = loader, extras

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.loader, attribute)  # resources, source: the library's own loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in self.extras if name not in sys.modules]
        sys.modules.update({name: _stand_in(name) if name in _STAND_INS else None for name in hidden})  # type: ignore[misc]
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                del sys.modules[name]


def _stand_in(name: str) -> ModuleType:
    """A module whose every name is a function that raises."""

    def missing(attribute: str) -> Callable[..., NoReturn]:
        def unavailable(*args: Any, **kwargs: Any) -> NoReturn:
            raise RuntimeError(f"{name}.{attribute} is not loaded in netpipe's command line")

        return unavailable

    module = ModuleType(name)
    module.__getattr__ = missing  # type: ignore[method-assign]
    return module
