"""Shared neighbours of many pairs, chunk by chunk: equal to sets intersected pair by pair."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from netpipe.analysis.neighbours import Adjacency, shared_neighbours

ARCS = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), unique=True, max_size=60)


@settings(max_examples=80, deadline=None)
@given(
    left_arcs=ARCS,
    right_arcs=ARCS,
    pairs=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25),
    size=st.integers(1, 40),
)
def test_shared_neighbours_equal_sets_intersected(
    left_arcs: list[tuple[int, int]],
    right_arcs: list[tuple[int, int]],
    pairs: list[tuple[int, int]],
    size: int,
) -> None:
    left, right = (
        Adjacency.of(10, *(np.array(side, np.int64).reshape(-1, 2).T)) for side in (left_arcs, right_arcs)
    )
    u, v = (
        (np.array(side, np.int64) for side in zip(*pairs, strict=True))
        if pairs
        else (np.zeros(0, np.int64),) * 2
    )
    chunks = list(shared_neighbours(u, v, left, right, size))
    found = [(int(p), int(w)) for chunk in chunks for p, w in zip(chunk.pair, chunk.node, strict=True)]
    expected = [
        (i, w)
        for i, (a, b) in enumerate(pairs)
        for w in sorted({y for x, y in left_arcs if x == a} & {y for x, y in right_arcs if x == b})
    ]
    assert found == expected  # pairs in order, and each pair's nodes ascending
    for chunk in chunks:  # the slots name the arcs a -> w and b -> w, in the arrays given
        assert [left_arcs[i] for i in left.arc[chunk.left]] == list(
            zip(u[chunk.pair].tolist(), chunk.node.tolist(), strict=True)
        )
        assert [right_arcs[i] for i in right.arc[chunk.right]] == list(
            zip(v[chunk.pair].tolist(), chunk.node.tolist(), strict=True)
        )


def test_a_chunk_holds_at_most_size_looked_up_nodes_or_one_pair() -> None:
    # Node 0 and node 1 each lead to 2..9: pair (0, 1) looks up 8 nodes, more than size 3.
    arcs = Adjacency.of(10, np.repeat([0, 1], 8), np.tile(np.arange(2, 10), 2))
    chunks = list(shared_neighbours(np.array([0, 0, 1]), np.array([1, 0, 0]), arcs, arcs, size=3))
    assert [chunk.pair.tolist() for chunk in chunks] == [[0] * 8, [1] * 8, [2] * 8]
    assert [chunk.node.tolist() for chunk in chunks] == [list(range(2, 10))] * 3
