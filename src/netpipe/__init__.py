"""netpipe: social-network analysis of historical sources.

Typed CSVs of people and the ties between them become a ``networkx.MultiDiGraph`` that
can be questioned over time. Heavy modules load on first use, so the command line
starts fast.

>>> import netpipe
>>> G = netpipe.load("tests/data/valid")
>>> G.number_of_nodes(), G.number_of_edges()
(4, 4)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "load": "netpipe.loader",
    "load_tables": "netpipe.loader",
    "validate": "netpipe.validation",
    "read_tables": "netpipe.validation",
    "ArgumentError": "netpipe.errors",
    "ArgumentTypeError": "netpipe.errors",
    "DataError": "netpipe.errors",
    "NetpipeError": "netpipe.errors",
    "NotFound": "netpipe.errors",
    "OutputError": "netpipe.errors",
    "Report": "netpipe.problems",
    "Tables": "netpipe.tables",
}

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "DataError",
    "NetpipeError",
    "NotFound",
    "OutputError",
    "Report",
    "Tables",
    "load",
    "load_tables",
    "read_tables",
    "validate",
]

if TYPE_CHECKING:
    from netpipe.errors import (
        ArgumentError,
        ArgumentTypeError,
        DataError,
        NetpipeError,
        NotFound,
        OutputError,
    )
    from netpipe.loader import load, load_tables
    from netpipe.problems import Report
    from netpipe.tables import Tables
    from netpipe.validation import read_tables, validate


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'netpipe' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
