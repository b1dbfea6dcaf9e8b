"""netpipe's model of a network (:class:`Network`: typed tables and masks) and its bridge to
NetworkX: any graph converted once per state (:func:`selection_of`), a selection given back as
the kind of network it was made from (:func:`as_network`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.io.errors import ArgumentTypeError
from netpipe.io.typed_tables import Tables, endpoint_positions, id_index
from netpipe.io.validation import read_tables
from netpipe.model.networkx_adapter import graph_tables, vocabulary

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CACHE_KEY", "Network", "NetworkLike", "as_network", "graph_order", "selection_of"]


@dataclass(frozen=True)
class Network:
    """netpipe's model of a network: the typed tables and which of their rows are selected.

    Every netpipe function computes on a ``Network``: the typed node, edge and relation
    tables (dates parsed into their bounds, see :class:`~netpipe.io.typed_tables.Tables`) and
    two masks, the nodes and the ties selected. A snapshot, a window or a choice of relations
    is a new pair of masks on the same tables: cheap, and no graph is rebuilt. Make one from
    a folder (:meth:`read`), from typed tables (:meth:`from_tables`) or from a NetworkX graph
    (:meth:`from_networkx`); every function also takes a NetworkX graph as it is and converts
    it once per state of the graph (see :func:`selection_of`). :func:`netpipe.load` gives the
    NetworkX ``MultiDiGraph`` of a folder, for use with other libraries.

    >>> network = Network.read("tests/data/valid")
    >>> network.number_of_nodes(), network.number_of_edges()
    (4, 4)
    >>> import netpipe
    >>> netpipe.snapshot(network, "1912-04-15").edges.index.tolist()
    ['t1', 't2']
    """

    graph: nx.MultiDiGraph | None
    """The full graph the view filters (None for a selection made from tables alone)."""
    tables: Tables
    node_mask: np.ndarray
    edge_mask: np.ndarray
    label: str
    """What was selected, in words (e.g. ``snapshot at 1937-02-18, possible``)."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Results derived from this selection once (its projections)."""

    @property
    def nodes(self) -> pd.DataFrame:
        """The selected rows of the node table."""
        return self.tables.nodes[self.node_mask]

    @property
    def edges(self) -> pd.DataFrame:
        """The selected rows of the edge table."""
        return self.tables.edges[self.edge_mask]

    @classmethod
    def from_tables(cls, tables: Tables) -> Network:
        """Everything in ``tables``, as a selection with no graph behind it."""
        return cls(
            None, tables, np.ones(len(tables.nodes), bool), np.ones(len(tables.edges), bool), "whole network"
        )

    @classmethod
    def read(cls, path: str | Path = "data", cluster: Client | None = None) -> Network:
        """Read and validate a dataset folder (as :func:`netpipe.read_tables`, on the workers of the
        Dask client ``cluster`` if given), with no graph built.

        >>> Network.read("tests/data/valid").number_of_edges()
        4
        """
        return cls.from_tables(read_tables(path, cluster=cluster))

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> Network:
        """Convert a NetworkX graph, as it is now, once (as igraph's ``Graph.from_networkx``).

        The result stands on its own: later edits of ``graph`` are not seen, and every call
        on it is fast. A view (``snapshot(G, ...)``, ``G.subgraph(...)``) gives the part of
        its graph it shows. The rules for graphs are those of
        :func:`netpipe.model.networkx_adapter.graph_tables`; the conversion is the one kept in
        ``graph.__networkx_cache__`` (see :func:`selection_of`).

        >>> network = Network.from_networkx(nx.karate_club_graph())
        >>> network.number_of_nodes(), network.number_of_edges()
        (34, 78)

        Raises
        ------
        DataError
            An attribute of the graph breaks the rules.
        ArgumentTypeError
            ``graph`` is not a NetworkX graph.
        """
        if not isinstance(graph, nx.Graph):
            raise ArgumentTypeError(f"from_networkx takes a NetworkX graph, not {type(graph).__name__}")
        converted = selection_of(graph)
        return cls(None, converted.tables, converted.node_mask, converted.edge_mask, converted.label)

    @property
    def name(self) -> str:
        """The dataset's name."""
        return self.tables.name

    @property
    def vocabulary(self) -> dict[str, dict[str, Any]]:
        """The relation vocabulary (as ``G.graph["relations"]``)."""
        return vocabulary(self.tables.relations)

    def number_of_nodes(self) -> int:
        """How many nodes are selected (as ``networkx.Graph.number_of_nodes``)."""
        return int(self.node_mask.sum())

    def number_of_edges(self) -> int:
        """How many ties are selected (as ``networkx.Graph.number_of_edges``)."""
        return int(self.edge_mask.sum())


#: What every function takes: a :class:`Network`, or any NetworkX graph (one from
#: :func:`netpipe.load`, a view of one, a graph built by hand).
NetworkLike: TypeAlias = nx.Graph | Network


def selection_of(graph: NetworkLike) -> Network:
    """Everything a network holds, as a selection of its typed tables.

    A :class:`Network` is returned as it is. Any NetworkX graph is turned into typed
    tables as it is now (see :func:`netpipe.model.networkx_adapter.graph_tables`); a subgraph view (from
    :func:`snapshot`, ``G.subgraph(...)`` or ``nx.subgraph_view``) is the part of the
    graph it views, so a person outside it is known as such.

    The conversion is done once per state of the graph, as NetworkX does for its backends:
    it is kept in ``G.__networkx_cache__`` (under ``"netpipe"``), which NetworkX empties on
    every structural edit (``add_edge``, ``remove_node``, ...) and on ``add_node`` /
    ``add_edge`` of an existing node or edge. An edit of an attribute in place
    (``G.nodes[n]["start"] = "1920"``, ``G.edges[u, v]["weight"] = 2``, ``G.graph[...]``) is
    not seen until the cache is cleared: ``G.__networkx_cache__.clear()`` or
    ``nx._clear_cache(G)``. With ``nx.config.cache_converted_graphs = False`` nothing is
    kept and every call converts. A subgraph view uses the conversion of the graph it
    views, and finds only which of its nodes and edges are in the view.

    Raises
    ------
    DataError
        An attribute of the graph breaks the data contract.
    ArgumentTypeError
        ``graph`` is neither a NetworkX graph nor a selection.
    """
    if isinstance(graph, Network):
        return graph
    if not isinstance(graph, nx.Graph):
        raise ArgumentTypeError(f"a network is a NetworkX graph or a Network, not {type(graph).__name__}")
    root = graph
    while hasattr(root, "_NODE_OK") and isinstance(getattr(root, "_graph", None), nx.Graph):
        root = root._graph
    whole = _converted(root)
    if root is graph:
        return whole
    made = _cache_of(graph).get(CACHE_KEY)
    if made is not None and made[0] is whole:  # a view made by netpipe of the graph as it still is
        selection: Network = made[1]
        return selection
    tables = whole.tables
    node_mask = np.zeros(len(tables.nodes), bool)
    node_mask[tables.nodes.index.get_indexer(id_index(graph.nodes))] = True
    label = str(graph.graph.get("selection", "whole network"))
    return Network(root, tables, node_mask, _viewed_edges(root, tables, graph), label)


#: The key of netpipe's conversion in ``G.__networkx_cache__``.
CACHE_KEY = "netpipe"


def _cache_of(graph: nx.Graph) -> dict[str, Any]:
    """The graph's ``__networkx_cache__`` if NetworkX's config lets converted graphs be kept
    (else a new empty dict, which keeps nothing)."""
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is None or not nx.config.cache_converted_graphs:
        return {}
    return cache


def _converted(root: nx.Graph) -> Network:
    """The whole of a graph that views no other, converted once per state (see :func:`selection_of`)."""
    cache = _cache_of(root)
    whole = cache.get(CACHE_KEY)
    if whole is None:
        tables = graph_tables(root)
        label = str(root.graph.get("selection", "whole network"))
        whole = Network(
            root, tables, np.ones(len(tables.nodes), bool), np.ones(len(tables.edges), bool), label
        )
        cache[CACHE_KEY] = whole
    return whole


def as_network(network: NetworkLike, selection: Network) -> NetworkLike:
    """A selection made from ``network``, as the kind of network it is: a selection of a
    selection, a read-only NetworkX view of a graph."""
    if isinstance(network, Network) or selection.graph is None:
        return selection
    tables = selection.tables
    view = nx.subgraph_view(
        selection.graph,
        filter_node=set(tables.nodes.index[selection.node_mask]).__contains__,
        filter_edge=_edge_filter(selection.graph, tables, selection.edge_mask),
    )
    view.graph = {**selection.graph.graph, "selection": selection.label}
    whole = _cache_of(selection.graph).get(CACHE_KEY)
    if whole is not None and whole.tables is tables:  # its masks, while the graph stays as it is
        _cache_of(view)[CACHE_KEY] = (whole, selection)
    return view


def _edge_filter(graph: nx.Graph, tables: Tables, keep: np.ndarray) -> Any:
    """The ``filter_edge`` of a NetworkX view that holds the edges of the rows in ``keep``."""
    chosen = set(_edge_tuples(graph, tables, keep))
    if tables.graph_keys is None:
        return lambda u, v: (u, v) in chosen
    return lambda u, v, k: (u, v, k) in chosen


def _edge_tuples(graph: nx.Graph, tables: Tables, keep: np.ndarray) -> list[tuple[Any, ...]]:
    """The edges of the rows in ``keep`` as NetworkX names them (both ways when undirected)."""
    ends = [tables.edges["source"].to_numpy()[keep], tables.edges["target"].to_numpy()[keep]]
    if tables.graph_keys is not None:
        ends.append(tables.graph_keys[keep])
    edges = list(zip(*ends, strict=True))
    if not graph.is_directed():  # an undirected edge may be named from either end
        edges += [(v, u, *rest) for u, v, *rest in edges]
    return edges


def _viewed_edges(root: nx.Graph, tables: Tables, view: nx.Graph) -> np.ndarray:
    """Which rows of the tables of ``root`` are edges of its subgraph view ``view``."""
    viewed = set(view.edges(keys=True) if view.is_multigraph() else view.edges)
    if "edge-tuples" not in tables.cache:
        tables.cache["edge-tuples"] = _edge_tuples(root, tables, np.ones(len(tables.edges), bool))
    named = tables.cache["edge-tuples"]
    held = np.fromiter((edge in viewed for edge in named), bool, len(named))
    if not root.is_directed():
        held = held[: len(tables.edges)] | held[len(tables.edges) :]
    return held


def graph_order(selection: Network) -> np.ndarray:
    """The selected edge rows in the order a MultiDiGraph of the tables lists its edges (as
    ``G.edges``): by source, then neighbour in order of first tie, then row. Tables made
    from a graph are in that order already."""
    tables = selection.tables
    if "graph-edge-order" not in tables.cache:
        source, target = endpoint_positions(tables)
        pairs = source.astype(np.int64) * (len(tables.nodes) + 1) + target.astype(np.int64)
        first_seen, _ = pd.factorize(pairs)
        tables.cache["graph-edge-order"] = np.lexsort((first_seen, source))
    order: np.ndarray = tables.cache["graph-edge-order"]
    return order[selection.edge_mask[order]]
