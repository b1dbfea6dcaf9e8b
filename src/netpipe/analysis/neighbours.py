"""The neighbours two nodes share, for many pairs at once, in bounded memory.

A pair ``(u, v)`` and a third node ``w`` close a triangle (or a transitive triad) when ``w`` is a
neighbour of ``u`` on one side (``left``) and of ``v`` on the other (``right``). For each pair the
shorter of the two lists is walked and each of its nodes looked up in the other, so the work is the
sum over pairs of the shorter list, at most about ``m ** 1.5`` for ``m`` pairs, not the product of
the two lists; and it is done a chunk of at most ``size`` looked-up nodes at a time, so a hub of a
hundred thousand ties costs its ties, never their square.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["CHUNK", "Adjacency", "Shared", "place_of", "shared_neighbours"]

#: Nodes looked up at once by :func:`shared_neighbours` (a few tens of bytes each).
CHUNK = 1 << 21


@dataclass(frozen=True)
class Adjacency:
    """Arcs ``row -> column`` grouped by row: slots ``start[u]:start[u + 1]`` are ``u``'s, in
    ascending order of column; ``keys[s]`` is ``row * n + column`` and ``arc[s]`` the arc's place
    in the arrays the adjacency was made of."""

    n: int
    start: np.ndarray
    keys: np.ndarray
    arc: np.ndarray

    @classmethod
    def of(cls, n: int, rows: np.ndarray, columns: np.ndarray) -> Adjacency:
        """The adjacency of the arcs ``rows[i] -> columns[i]`` among ``n`` nodes (no arc twice)."""
        keys = rows.astype(np.int64) * n + columns
        arc = np.argsort(keys, kind="stable")
        keys = keys[arc]
        return cls(n, np.searchsorted(keys, np.arange(n + 1, dtype=np.int64) * n), keys, arc)

    def rows(self) -> np.ndarray:
        """The row of each slot."""
        return self.keys // self.n

    def columns(self) -> np.ndarray:
        """The column of each slot."""
        return self.keys % self.n

    def slots(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """The slot of each arc ``rows[k] -> columns[k]``, -1 where there is none."""
        return place_of(self.keys, rows * self.n + columns)


@dataclass(frozen=True)
class Shared:
    """Shared neighbours found: ``pair[k]`` and ``node[k]``, with the slots of the arcs
    ``u -> node`` in the left adjacency and ``v -> node`` in the right one."""

    pair: np.ndarray
    node: np.ndarray
    left: np.ndarray
    right: np.ndarray


def shared_neighbours(
    u: np.ndarray, v: np.ndarray, left: Adjacency, right: Adjacency, size: int = CHUNK
) -> Iterator[Shared]:
    """For each pair ``(u[i], v[i])``, every node ``w`` with an arc ``u[i] -> w`` in ``left`` and
    ``v[i] -> w`` in ``right``: in chunks of at most ``size`` nodes looked up (or one pair's),
    pairs in order and, within a pair, ``w`` ascending; no chunk is empty.

    >>> arcs = Adjacency.of(4, np.array([0, 0, 1, 1, 2]), np.array([1, 2, 2, 3, 3]))
    >>> [found] = shared_neighbours(np.array([0, 1]), np.array([1, 2]), arcs, arcs)
    >>> found.pair.tolist(), found.node.tolist()
    ([0, 1], [2, 3])
    """
    u, v = u.astype(np.int64), v.astype(np.int64)
    left_count = left.start[u + 1] - left.start[u]
    right_count = right.start[v + 1] - right.start[v]
    walk_left = left_count <= right_count
    cost = np.where(walk_left, left_count, right_count)
    first = np.where(walk_left, left.start[u], right.start[v])
    ends = np.cumsum(cost)
    begin = 0
    while begin < len(u):
        done = int(ends[begin - 1]) if begin else 0
        stop = max(int(np.searchsorted(ends, done + size, side="right")), begin + 1)
        pair = np.repeat(np.arange(begin, stop), cost[begin:stop])
        walked = np.arange(len(pair)) + done - (ends[pair] - cost[pair]) + first[pair]
        begin = stop
        on_left, on_right = walk_left[pair], ~walk_left[pair]
        node = np.empty(len(pair), np.int64)
        node[on_left] = left.keys[walked[on_left]] % left.n
        node[on_right] = right.keys[walked[on_right]] % left.n
        looked_up = np.empty(len(pair), np.int64)
        looked_up[on_left] = right.slots(v[pair[on_left]], node[on_left])
        looked_up[on_right] = left.slots(u[pair[on_right]], node[on_right])
        found = looked_up >= 0
        if not found.any():
            continue
        left_slot = np.where(on_left, walked, looked_up)[found]
        right_slot = np.where(on_left, looked_up, walked)[found]
        yield Shared(pair[found], node[found], left_slot, right_slot)


def place_of(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The place of each of ``wanted`` in the sorted, distinct ``keys``, -1 where it is not there.

    >>> place_of(np.array([2, 5, 9]), np.array([5, 3, 9, 10])).tolist()
    [1, -1, 2, -1]
    """
    if not len(keys):
        return np.full(len(wanted), -1, np.int64)
    place = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[place] == wanted, place, -1)
