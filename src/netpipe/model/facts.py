"""One fact, once: which rows of edges.csv state the same fact.

Two kinds of rows tell one fact:

- **Rival readings.** Rows that share a ``claim`` id are alternatives (the sources disagree
  on what happened); between one pair of people they are one tie.
- **Corroboration.** Rows with the same people, the same relation and overlapping dates
  (read widely), from one work or several, are the same tie told more than once.

Every weight counts a fact once, with its largest reading (see
:mod:`netpipe.analysis.common`); the rows and their citations stay as written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netpipe.io.spans import tie_bounds
from netpipe.io.typed_tables import Tables, endpoint_positions

__all__ = ["facts", "strongest_reading"]


def facts(tables: Tables) -> np.ndarray:
    """The fact of each row of the edge table: rows with the same number state one fact (cached).

    >>> import netpipe
    >>> from netpipe.model.selection import selection_of
    >>> facts(selection_of(netpipe.load("tests/data/valid")).tables).tolist()
    [0, 1, 2, 3]
    """
    if "facts" not in tables.cache:
        tables.cache["facts"] = _facts(tables)
    found: np.ndarray = tables.cache["facts"]
    return found


def strongest_reading(rows: np.ndarray, fact: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Of the rows ``rows`` (positions), one per fact: the one with the largest weight (the first
    in file order among equals), in file order.

    >>> strongest_reading(np.array([0, 1, 2, 3]), np.array([0, 0, 2, 0]), np.array([1.0, 3.0, 1.0, 3.0]))
    array([1, 2])
    """
    if len(rows) == 0:
        return rows
    order = np.lexsort((rows, -weight[rows], fact[rows]))
    chosen = rows[order]
    first = np.r_[True, fact[chosen][1:] != fact[chosen][:-1]]
    return np.sort(chosen[first])


def _facts(tables: Tables) -> np.ndarray:
    """Label rows by fact: corroborating rows and rival readings of one pair share a label."""
    edges = tables.edges
    n = len(edges)
    if n == 0:
        return np.zeros(0, np.int64)
    source, target = endpoint_positions(tables)
    undirected = ~edges["directed"].to_numpy(dtype=bool)
    first = np.where(undirected, np.minimum(source, target), source)
    second = np.where(undirected, np.maximum(source, target), target)
    relation = pd.factorize(edges["relation"].to_numpy())[0]
    lo, hi = tie_bounds(edges, "wide")
    label = _overlapping(np.column_stack([first, second, relation]), lo, hi)
    if "claim" in edges:
        claim = edges["claim"].to_numpy(dtype=object)
        named = claim != ""
        pair = np.minimum(source, target).astype(np.int64) * max(len(tables.nodes), 1) + np.maximum(
            source, target
        )
        claim_group = np.full(n, -1, np.int64)
        claim_group[named] = pd.factorize(
            pd.Series(claim[named]).astype(str) + "\0" + pd.Series(pair[named]).astype(str)
        )[0]
        label = _joined(label, claim_group)
    return pd.factorize(label)[0].astype(np.int64)


def _overlapping(keys: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Label rows with equal ``keys`` whose ``[lo, hi]`` spans overlap (chains of overlaps) alike."""
    order = np.lexsort((lo, *keys.T[::-1]))
    k, start, end = keys[order], lo[order], hi[order]
    same_key = np.r_[False, (k[1:] == k[:-1]).all(axis=1)]
    group = np.cumsum(~same_key)
    reach = pd.Series(end).groupby(group).cummax().to_numpy()
    overlaps = same_key & np.r_[False, start[1:] <= reach[:-1]]
    label = np.empty(len(order), np.int64)
    label[order] = np.cumsum(~overlaps)
    return label


def _joined(label: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The finest labels that are constant within both partitions (``other`` -1: a row of its own)."""
    label = label.copy()
    grouped = other >= 0
    while True:
        # Each claim group takes its smallest label, then each label group its smallest again.
        merged = label.copy()
        merged[grouped] = pd.Series(label[grouped]).groupby(other[grouped]).transform("min").to_numpy()
        merged = pd.Series(merged).groupby(label).transform("min").to_numpy()
        if (merged == label).all():
            return label
        label = merged
