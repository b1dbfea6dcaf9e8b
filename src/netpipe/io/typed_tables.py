"""The typed tables of a dataset: the truth every later stage works from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netpipe.io.problems import Report

__all__ = ["DATE_PARTS", "Tables", "endpoint_positions", "id_index"]

#: The typed columns that each date column (``start``, ``end``) gains.
DATE_PARTS = ("lo", "hi", "precision", "qualifier")


@dataclass
class Tables:
    """Nodes, edges and relations, each date parsed into its bounds.

    Attributes
    ----------
    nodes : pandas.DataFrame
        Indexed by id. Every column as written (text), ``kind`` defaulting to
        ``person``, and for ``start`` and ``end`` the columns ``start_lo``,
        ``start_hi``, ``start_precision``, ``start_qualifier`` (and the same for
        ``end``): ``lo`` and ``hi`` are the first and last day the date can name, as
        ``Int64`` days since 1970-01-01 of the proleptic Gregorian calendar (any era;
        missing, ``pd.NA``, when the cell is blank); ``line`` is the row's line in nodes.csv.
    edges : pandas.DataFrame
        Indexed by id, in file order (made from a graph: in the graph's order):
        ``source``, ``target``, ``relation``, every other column as written, the typed
        ``certainty`` (blank means ``certain``) and ``weight`` (blank means 1), the
        relation's ``directed``, ``sign`` and ``kind``, the parsed dates as for nodes,
        and ``line``.
    relations : pandas.DataFrame
        Indexed by relation: ``directed`` (bool), ``sign`` (-1, 0, 1), ``kind``
        (``state`` or ``event``), ``inverse`` and ``description``: the built-in relations,
        added to and overridden by those of relations.csv.
    report : Report
        The warnings found while reading (there are no errors in loaded tables).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    relations: pd.DataFrame
    report: Report = field(default_factory=Report)
    user_columns: dict[str, list[str]] = field(default_factory=dict)
    """The columns each table had in its file, in order (``nodes``, ``edges``)."""
    name: str = ""
    """The dataset's name (its folder's name)."""
    folder: Path | None = None
    """The folder the tables were read from (None for tables made otherwise)."""
    graph_keys: np.ndarray | None = None
    """For tables made from a NetworkX multigraph: each edge's key in that graph."""
    attributes: dict[str, Any] = field(default_factory=dict)
    """For tables made from a NetworkX graph: its graph attributes (``G.graph``) other than
    ``name``, ``relations`` and ``selection``."""
    declared_relations: tuple[str, ...] = ()
    """The relations the dataset's relations.csv declares, in its order (none without one); the
    others in ``relations`` are built in."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Arrays derived from the tables once and reused by every selection."""


def endpoint_positions(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of each edge's source and target in the node table (cached)."""
    if "endpoints" not in tables.cache:
        index = tables.nodes.index
        tables.cache["endpoints"] = (
            index.get_indexer(pd.Index(tables.edges["source"])),
            index.get_indexer(pd.Index(tables.edges["target"])),
        )
    return tables.cache["endpoints"]


def id_index(ids: Iterable[Any]) -> pd.Index:
    """Node ids as a flat index of objects: a tuple id (``(0, 1)`` of ``nx.grid_2d_graph``)
    stays one id, where ``pd.Index`` would make a MultiIndex of tuples.

    >>> id_index([(0, 1), "a", 3]).tolist()
    [(0, 1), 'a', 3]
    """
    return pd.Index(list(ids), dtype=object, tupleize_cols=False)
