"""Load a dataset folder into the public graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from netpipe.io.typed_tables import Tables
from netpipe.io.validation import read_tables
from netpipe.model.networkx_adapter import build_graph, graph_tables

__all__ = ["load", "load_tables"]


def load(path: str | Path = "data") -> nx.MultiDiGraph:
    """Read, validate and build the graph of a dataset folder.

    Parameters
    ----------
    path : str or Path
        The folder holding ``nodes.csv``, ``edges.csv`` and optionally ``relations.csv`` (or
        folders ``nodes/``, ``edges/`` of CSV or Parquet parts, see :mod:`netpipe.io.parts`), or a
        workbook (``.xlsx``, ``.ods``) with the sheets ``nodes``, ``edges`` and optionally ``relations``.

    Returns
    -------
    networkx.MultiDiGraph
        One node per row of nodes.csv, one edge per row of edges.csv keyed by the row's
        ``id`` and carrying every column; ``G.graph["relations"]`` is the vocabulary.

    Raises
    ------
    DataError
        The data has errors; ``error.report`` lists every one of them.

    Examples
    --------
    >>> G = load("tests/data/valid")
    >>> G.edges["sergo", "koba", "t1"]["relation"]
    'ally'
    """
    tables = read_tables(path)
    return build_graph(tables, name=tables.name)


def load_tables(graph_or_path: nx.Graph | str | Path = "data") -> Tables:
    """The typed tables of a dataset folder, or of any NetworkX graph as it is now.

    >>> tables = load_tables(nx.karate_club_graph())
    >>> len(tables.nodes), len(tables.edges), tables.edges["relation"].unique().tolist()
    (34, 78, ['tie'])
    """
    if isinstance(graph_or_path, nx.Graph):
        return graph_tables(graph_or_path)
    return read_tables(graph_or_path)
