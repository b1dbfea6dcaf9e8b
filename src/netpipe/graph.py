"""The public graph: a ``networkx.MultiDiGraph`` built from the typed tables, and back."""

from __future__ import annotations

import weakref
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netpipe.tables import Tables

__all__ = ["build_graph", "tables_of", "vocabulary"]

_TABLES: weakref.WeakKeyDictionary[nx.Graph, Tables] = weakref.WeakKeyDictionary()


def build_graph(tables: Tables, name: str | None = None) -> nx.MultiDiGraph:
    """Build the MultiDiGraph of a dataset: one edge per tie, keyed by its id.

    Nodes carry every column of nodes.csv and edges every column of edges.csv as
    written (blank cells are left out), plus ``directed`` (from the relation) and the
    typed ``weight``. ``G.graph["relations"]`` holds the relation vocabulary.
    """
    graph = nx.MultiDiGraph(
        name=tables.name if name is None else name, relations=vocabulary(tables.relations)
    )
    node_columns = [c for c in tables.user_columns["nodes"] if c != "id"]
    node_frame = tables.nodes[node_columns].assign(kind=tables.nodes["kind"])
    graph.add_nodes_from(zip(tables.nodes.index, _records(node_frame), strict=True))
    edges = tables.edges
    edge_columns = [c for c in tables.user_columns["edges"] if c not in ("source", "target", "weight")]
    records = _records(edges[[*edge_columns, "directed", "weight"]])
    graph.add_edges_from(
        zip(
            edges["source"].to_numpy(),
            edges["target"].to_numpy(),
            edges.index,
            records,
            strict=True,
        )
    )
    _TABLES[graph] = tables
    return graph


def tables_of(graph: nx.Graph) -> Tables | None:
    """The tables a graph was built from, if it is unchanged since."""
    tables = _TABLES.get(graph)
    if tables is None or graph.number_of_edges() != len(tables.edges):
        return None
    return tables


def vocabulary(relations: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The relation vocabulary as plain Python values: every column of relations.csv.

    ``directed`` is a bool and ``sign`` an int; every other column is text.
    """
    return {
        str(name): {
            **{str(column): str(value) for column, value in row.items()},
            "directed": bool(row["directed"]),
            "sign": int(row["sign"]),
        }
        for name, row in relations.iterrows()
    }


def _records(frame: pd.DataFrame) -> list[dict[Any, Any]]:
    """Rows as dictionaries without their blank cells.

    Rows are grouped by which cells are blank, so each group is converted at once.
    """
    filled = (frame != "").to_numpy()
    if filled.all():
        return frame.to_dict("records")
    patterns, codes = np.unique(filled, axis=0, return_inverse=True)
    records: list[dict[Any, Any]] = [{}] * len(frame)
    for code, pattern in enumerate(patterns):
        rows = np.flatnonzero(codes.ravel() == code)
        group = frame.iloc[rows, np.flatnonzero(pattern)].to_dict("records")
        for row, record in zip(rows.tolist(), group, strict=True):
            records[row] = record
    return records
