"""Chains of ties between two people, and the ties behind a pair of people.

A chain is a shortest path on the undirected projection (every tie counts, whatever its
direction or sign); each step lists every selected tie between its two people, so a step
backed by an alliance and a rivalry shows both, each with its dates and citation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from netpipe.analysis.common import TIE_COLUMNS, Projection, project, ties_between
from netpipe.io.errors import ArgumentError, NetpipeError
from netpipe.io.names import resolve
from netpipe.io.typed_tables import id_index
from netpipe.model.network import NetworkLike, selection_of

__all__ = ["Chains", "NoChain", "chains"]

#: The columns of a tie that a step shows, in order.


class NoChain(NetpipeError, LookupError):
    """No chain of ties links the two people in the selection."""


@dataclass(frozen=True, eq=False)
class Chains:
    """The result of :func:`chains`: the steps of the shortest chains, and their length."""

    table: pd.DataFrame
    """One row per tie of each step (see :func:`chains`)."""
    length: int
    """The number of steps of each chain (all are shortest: one length)."""

    def _repr_html_(self) -> str:
        """The chains step by step, for notebooks."""
        from netpipe.io.result_html import result_html

        found = self.table["chain"].nunique() if len(self.table) else 0
        steps = "step" if self.length == 1 else "steps"
        return result_html(f"{found:,} shortest chain(s) of {self.length} {steps}", (), {"": self.table})


def chains(graph: NetworkLike, a: str, b: str, limit: int = 5) -> Chains:
    """The shortest chains of ties between two people, step by step, with every tie of each step.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection (pass ``snapshot(G, date)``
        for the chains as of a date).
    a, b : str
        The two people, each by id, name or alias (see :func:`netpipe.io.names.resolve`).
    limit : int
        At most this many chains, in the order of the node table (a chain through
        earlier-listed people comes first).

    Returns
    -------
    Chains
        ``table``: one row per tie of each step: ``chain`` (1, 2, ...), ``step`` (1, 2,
        ...), ``from`` and ``to`` (names, in the chain's direction), ``relation`` (read from
        ``from``'s side: a directed tie walked backwards shows the relation's ``inverse``,
        or the relation followed by ``(reversed)``), ``start``, ``end``, ``certainty``,
        ``citation`` and ``tie`` (the tie's id); ``length``: the number of steps of each
        chain.

    Raises
    ------
    UnknownName, AmbiguousName
        ``a`` or ``b`` names no one, or several people.
    NoChain
        The two are the same person, one is absent from the selection, or no chain
        links them.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> found = chains(G, "Okhrana", "007")
    >>> found.length
    3
    >>> for row in found.table[["step", "from", "relation", "to"]].itertuples(index=False):
    ...     print(*row, sep=" | ")
    1 | Okhrana | arrested | Sergo Ordzhonikidze
    2 | Sergo Ordzhonikidze | ally | Joseph Stalin
    2 | Sergo Ordzhonikidze | rival | Joseph Stalin
    3 | Joseph Stalin | had as deputy | NA
    """
    if limit < 1:
        raise ArgumentError(f"limit must be at least 1, not {limit}")
    selection = selection_of(graph)
    nodes = selection.tables.nodes
    first, last = resolve(a, nodes), resolve(b, nodes)
    name = nodes["name"]
    if first == last:
        raise NoChain(f"{name[first]} ({first}) is both ends of the chain: give two different people")
    for node in (first, last):
        if node not in selection.nodes.index:
            raise NoChain(f"{name[node]} ({node}) is not in the selection ({selection.label})")
    projection = project(selection)
    index = projection.nodes
    start, stop = (int(i) for i in index.get_indexer(id_index([first, last])))
    paths = list(_shortest_paths(projection, start, stop, limit))
    if not paths:
        raise NoChain(
            f"no chain of ties links {name[first]} ({first}) and {name[last]} ({last}) "
            f"in the selection ({selection.label})"
        )
    ids = index.to_numpy()
    steps = [
        (c, s, ids[u], ids[v])
        for c, path in enumerate(paths, 1)
        for s, (u, v) in enumerate(pairwise(path), 1)
    ]
    step_frame = pd.DataFrame(steps, columns=["chain", "step", "from_id", "to_id"])
    ties = ties_between(graph, step_frame["from_id"], step_frame["to_id"])
    rows = step_frame.iloc[ties["pair"].to_numpy()].reset_index(drop=True)
    forward = (ties["source"].to_numpy() == rows["from_id"].to_numpy()) | ~ties["directed"].to_numpy(bool)
    inverse = selection.tables.relations["inverse"].reindex(ties["relation"]).to_numpy()
    backward = np.where(inverse != "", inverse, ties["relation"].to_numpy() + " (reversed)")
    out = pd.DataFrame(
        {
            "chain": rows["chain"],
            "step": rows["step"],
            "from": name.reindex(rows["from_id"]).to_numpy(),
            "relation": np.where(forward, ties["relation"].to_numpy(), backward),
            "to": name.reindex(rows["to_id"]).to_numpy(),
            **{column: ties[column].to_numpy() for column in TIE_COLUMNS},
            "tie": ties["tie"].to_numpy(),
        }
    )
    return Chains(out, len(paths[0]) - 1)


def _shortest_paths(projection: Projection, start: int, stop: int, limit: int) -> Iterator[list[int]]:
    """Up to ``limit`` shortest paths (node positions) from ``start`` to ``stop``, in node order."""
    n = len(projection.nodes)
    source = np.concatenate([projection.source, projection.target])
    target = np.concatenate([projection.target, projection.source])
    order = np.lexsort((target, source))
    source, target = source[order], target[order]
    offsets = np.searchsorted(source, np.arange(n + 1))
    from_start, from_stop = _hops(offsets, target, start), _hops(offsets, target, stop)
    length = from_start[stop]
    if length < 0:
        return
    on_path = (from_start >= 0) & (from_stop >= 0) & (from_start + from_stop == length)
    found = 0
    stack: list[tuple[int, int]] = [(start, offsets[start])]
    path = [start]
    # Depth-first over the shortest-path DAG, neighbours in node order: chains come sorted.
    while stack:
        node, cursor = stack[-1]
        if node == stop:
            yield list(path)
            found += 1
            if found == limit:
                return
            stack.pop()
            path.pop()
            continue
        advanced = False
        while cursor < offsets[node + 1]:
            nxt = int(target[cursor])
            cursor += 1
            if on_path[nxt] and from_start[nxt] == from_start[node] + 1:
                stack[-1] = (node, cursor)
                stack.append((nxt, offsets[nxt]))
                path.append(nxt)
                advanced = True
                break
        if not advanced:
            stack.pop()
            path.pop()


def _hops(offsets: np.ndarray, target: np.ndarray, start: int) -> np.ndarray:
    """Breadth-first hop counts from ``start`` (-1 where unreachable), one frontier at a time."""
    distance = np.full(len(offsets) - 1, -1, np.int64)
    distance[start] = 0
    frontier = np.array([start])
    level = 0
    while len(frontier):
        level += 1
        lengths = offsets[frontier + 1] - offsets[frontier]
        starts = np.repeat(offsets[frontier] - np.cumsum(lengths) + lengths, lengths)
        neighbours = target[starts + np.arange(lengths.sum())]
        neighbours = np.unique(neighbours[distance[neighbours] < 0])
        distance[neighbours] = level
        frontier = neighbours
    return distance
