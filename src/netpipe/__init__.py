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
    "load": "netpipe.model.loader",
    "load_tables": "netpipe.model.loader",
    "validate": "netpipe.io.validation",
    "read_tables": "netpipe.io.validation",
    "read_on_cluster": "netpipe.io.dask_validation",
    "ClusterTies": "netpipe.io.dask_validation",
    "snapshot": "netpipe.model.selection",
    "window": "netpipe.model.selection",
    "select": "netpipe.model.selection",
    "restrict": "netpipe.model.selection",
    "events": "netpipe.model.selection",
    "presence": "netpipe.model.selection",
    "timeline": "netpipe.model.selection",
    "Network": "netpipe.model.network",
    "project": "netpipe.analysis.common",
    "centrality": "netpipe.analysis.centrality",
    "centrality_on_cluster": "netpipe.analysis.on_cluster",
    "project_on_cluster": "netpipe.analysis.on_cluster",
    "centrality_over_time": "netpipe.analysis.over_time",
    "communities": "netpipe.analysis.communities",
    "brokerage": "netpipe.analysis.brokerage",
    "brokerage_roles": "netpipe.analysis.roles",
    "hostility": "netpipe.analysis.hostility",
    "balance": "netpipe.analysis.balance",
    "chains": "netpipe.analysis.paths",
    "ego": "netpipe.analysis.ego",
    "reach": "netpipe.analysis.reach",
    "reach_overview": "netpipe.analysis.reach",
    "robustness": "netpipe.analysis.robustness",
    "turnover": "netpipe.analysis.turnover",
    "tied_durations": "netpipe.analysis.turnover",
    "export": "netpipe.outputs.exports",
    "show": "netpipe.outputs.render.inline",
    "Page": "netpipe.outputs.render.inline",
    "pyvis_graph": "netpipe.outputs.render.pyvis_graph",
    "run": "netpipe.app.pipeline",
    "ArgumentError": "netpipe.io.errors",
    "ArgumentTypeError": "netpipe.io.errors",
    "DataError": "netpipe.io.errors",
    "NetpipeError": "netpipe.io.errors",
    "NotFound": "netpipe.io.errors",
    "OutputError": "netpipe.io.errors",
    "Report": "netpipe.io.problems",
    "Tables": "netpipe.io.typed_tables",
}

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "ClusterTies",
    "DataError",
    "NetpipeError",
    "Network",
    "NotFound",
    "OutputError",
    "Page",
    "Report",
    "Tables",
    "balance",
    "brokerage",
    "brokerage_roles",
    "centrality",
    "centrality_on_cluster",
    "centrality_over_time",
    "chains",
    "communities",
    "ego",
    "events",
    "export",
    "hostility",
    "load",
    "load_tables",
    "presence",
    "project",
    "project_on_cluster",
    "pyvis_graph",
    "reach",
    "reach_overview",
    "read_on_cluster",
    "read_tables",
    "restrict",
    "robustness",
    "run",
    "select",
    "show",
    "snapshot",
    "tied_durations",
    "timeline",
    "turnover",
    "validate",
    "window",
]

if TYPE_CHECKING:
    from netpipe.analysis.balance import balance
    from netpipe.analysis.brokerage import brokerage
    from netpipe.analysis.centrality import centrality
    from netpipe.analysis.common import project
    from netpipe.analysis.communities import communities
    from netpipe.analysis.ego import ego
    from netpipe.analysis.hostility import hostility
    from netpipe.analysis.on_cluster import centrality_on_cluster, project_on_cluster
    from netpipe.analysis.over_time import centrality_over_time
    from netpipe.analysis.paths import chains
    from netpipe.analysis.reach import reach, reach_overview
    from netpipe.analysis.robustness import robustness
    from netpipe.analysis.roles import brokerage_roles
    from netpipe.analysis.turnover import tied_durations, turnover
    from netpipe.app.pipeline import run
    from netpipe.io.dask_validation import ClusterTies, read_on_cluster
    from netpipe.io.errors import (
        ArgumentError,
        ArgumentTypeError,
        DataError,
        NetpipeError,
        NotFound,
        OutputError,
    )
    from netpipe.io.problems import Report
    from netpipe.io.typed_tables import Tables
    from netpipe.io.validation import read_tables, validate
    from netpipe.model.loader import load, load_tables
    from netpipe.model.network import Network
    from netpipe.model.selection import events, presence, restrict, select, snapshot, timeline, window
    from netpipe.outputs.exports import export
    from netpipe.outputs.render.inline import Page, show
    from netpipe.outputs.render.pyvis_graph import pyvis_graph


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'netpipe' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    """The public names, for completion (imported on first use)."""
    return sorted([*__all__, "__version__"])
