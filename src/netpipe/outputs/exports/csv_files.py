"""CSV files safe to open in a spreadsheet: result tables, and node and edge tables for Cytoscape."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netpipe.io.atomic import atomic_file, write_text
from netpipe.io.calendars import with_gregorian
from netpipe.io.typed_tables import Tables
from netpipe.model.network import NetworkLike, graph_order, selection_of
from netpipe.outputs.table_text import to_csv

__all__ = [
    "cytoscape_edges",
    "cytoscape_sources",
    "edge_columns",
    "edge_table",
    "node_table",
    "own_edge_columns",
    "own_node_columns",
    "write_edges_csv",
    "write_measures_csv",
    "write_nodes_csv",
]

#: Rows of a result table turned into text at once.
_ROWS = 100_000


def write_measures_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a result table (measures, communities, ...) as CSV, safe for spreadsheets.

    A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) gets a leading ``'``; numbers are written
    as they are. A meaningful index (not the default 0, 1, 2, ...) becomes the first
    column.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to write.
    path : str or Path
        The file to write (UTF-8, atomically; its folder is created).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> table = pd.DataFrame({"name": ["=1+2", "Koba"], "score": [-0.5, 1.0]})
    >>> path = write_measures_csv(table, folder.name + "/measures.csv")
    >>> path.read_text(encoding="utf-8").splitlines()
    ['name,score', "'=1+2,-0.5", 'Koba,1.0']
    >>> folder.cleanup()
    """
    table = _index_as_column(table)
    with atomic_file(path) as file:  # a block of rows at a time: no copy of a large table's text
        for start in range(0, max(len(table), 1), _ROWS):
            file.write(to_csv(table.iloc[start : start + _ROWS], header=start == 0).encode("utf-8"))
    return Path(path)


def node_table(graph: NetworkLike) -> pd.DataFrame:
    """The selected nodes with the columns of nodes.csv (``id`` first, ``kind`` filled in), and
    with a ``calendar`` column the Gregorian days of ``start`` and ``end`` beside them."""
    selection = selection_of(graph)
    table = own_node_columns(graph)
    return with_gregorian(table, selection.nodes) if "calendar" in table else table


def own_node_columns(graph: NetworkLike) -> pd.DataFrame:
    """The selected nodes with the columns of nodes.csv alone (``id`` first, ``kind`` filled in)."""
    selection = selection_of(graph)
    columns = [c for c in selection.tables.user_columns["nodes"] if c != "id"]
    return selection.nodes[columns].reset_index(names="id")


def edge_table(graph: NetworkLike) -> pd.DataFrame:
    """The selected ties for Cytoscape: ``id``, ``source``, ``target``, ``interaction``, then the rest.

    ``interaction`` is the relation; every column of edges.csv follows (``certainty``
    and ``weight`` filled in; with a ``calendar`` column the Gregorian days of ``start`` and
    ``end`` beside them), then ``directed``.
    """
    return cytoscape_edges(*_edge_rows(graph))


def cytoscape_edges(edges: pd.DataFrame, rest: list[str]) -> pd.DataFrame:
    """Typed ties (rows of :attr:`Tables.edges <netpipe.io.typed_tables.Tables.edges>`, indexed by
    id, in their order) as :func:`edge_table` gives them; ``rest``: their columns beyond id, source
    and target (:func:`edge_columns`)."""
    table = edges[["source", "target"]].assign(interaction=edges["relation"])
    directed = edges["directed"].map({True: "true", False: "false"}).rename("directed")
    table = pd.concat([table, edges[rest], directed], axis=1).reset_index(names="id")
    return with_gregorian(table, edges) if "calendar" in rest else table


def cytoscape_sources(rest: list[str]) -> list[str]:
    """The typed columns :func:`cytoscape_edges` reads of ties whose columns beyond id, source and
    target are ``rest``."""
    dated = "calendar" in rest  # then with_gregorian reads the bounds of start and end
    bounds = [f"{c}_{side}" for c in ("start", "end") if dated and c in rest for side in ("lo", "hi")]
    return list(dict.fromkeys(["source", "target", "relation", *rest, "directed", *bounds]))


def own_edge_columns(graph: NetworkLike) -> pd.DataFrame:
    """The selected ties, in the graph's order, with the columns of edges.csv alone: ``id``,
    ``source``, ``target``, then the others (``certainty`` and ``weight`` filled in)."""
    edges, rest = _edge_rows(graph)
    return edges[["source", "target", *rest]].reset_index(names="id")


def _edge_rows(graph: NetworkLike) -> tuple[pd.DataFrame, list[str]]:
    """The selected ties in the graph's order, and their columns beyond id, source and target."""
    selection = selection_of(graph)
    return selection.tables.edges.iloc[graph_order(selection)], edge_columns(selection.tables)


def edge_columns(tables: Tables) -> list[str]:
    """The columns of edges.csv beyond id, source and target, and ``weight`` (filled in) if it is not one."""
    rest = [c for c in tables.user_columns["edges"] if c not in ("id", "source", "target")]
    return rest if "weight" in rest else [*rest, "weight"]


def write_nodes_csv(graph: NetworkLike, path: str | Path) -> Path:
    """Write the selected nodes as CSV (see :func:`node_table`), safe for spreadsheets.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network`.
    path : str or Path
        The file to write (UTF-8, atomically).

    Returns
    -------
    Path
        The file written. In Cytoscape, import it as a node table keyed by ``id``.
    """
    return write_text(path, to_csv(node_table(graph)))


def write_edges_csv(graph: NetworkLike, path: str | Path) -> Path:
    """Write the selected ties as CSV (see :func:`edge_table`), safe for spreadsheets.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network`.
    path : str or Path
        The file to write (UTF-8, atomically).

    Returns
    -------
    Path
        The file written. In Cytoscape, import it as a network: ``source`` as the source
        node, ``target`` as the target node, ``interaction`` as the interaction type.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_edges_csv(netpipe.load("tests/data/valid"), folder.name + "/edges.csv")
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'id,source,target,interaction,relation,start,end,certainty,citation,note,weight,directed'
    >>> folder.cleanup()
    """
    return write_text(path, to_csv(edge_table(graph)))


def _index_as_column(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a meaningful index turned into its first column(s)."""
    index = table.index
    if isinstance(index, pd.RangeIndex) and index.name is None:
        return table
    if isinstance(index, pd.MultiIndex):
        return table.reset_index()
    name = index.name if index.name is not None else "id"
    if name in table.columns:
        return table.reset_index(drop=True)
    return table.reset_index(names=name)
