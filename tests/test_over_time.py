"""Centrality over time: one snapshot per date, ranks, rank changes, who rose and who fell."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import netpipe
from netpipe.analysis.over_time import centrality_over_time, rises_and_falls

MakeNetwork = Callable[..., Path]
ALWAYS = {"presence": "always"}


@pytest.fixture
def shifting(make_network: MakeNetwork) -> Path:
    """Hub ``a`` until 1920, then hub ``d``; ``e`` is born in 1915.

    The tests of ranks read every undated person as always present (``ALWAYS``); with the
    default presence, ``d`` appears with its first tie, and its open ties (no end, no one's
    declared end to bound them) keep ``b``, ``c``, ``d`` and ``e`` on after 1921.
    """
    nodes = [{"id": i} for i in "abcd"] + [{"id": "e", "start": "1915"}]
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "start": "1900", "end": "1920"},
        {"source": "a", "target": "c", "relation": "ally", "start": "1900", "end": "1920"},
        {"source": "d", "target": "b", "relation": "ally", "start": "1921"},
        {"source": "d", "target": "c", "relation": "ally", "start": "1921"},
        {"source": "d", "target": "e", "relation": "ally", "start": "1921"},
    ]
    return make_network(nodes, edges)


def test_long_format_with_ranks_and_changes(shifting: Path) -> None:
    result = centrality_over_time(netpipe.load(shifting), ["1910", "1930"], ["degree"], **ALWAYS)
    table = result.table
    assert table.columns.tolist() == ["date", "node", "name", "degree", "degree_rank", "degree_change"]
    assert table["date"].tolist() == ["1910"] * 4 + ["1930"] * 5
    assert table["node"].tolist() == ["a", "b", "c", "d", "a", "b", "c", "d", "e"]
    # d has no tie in 1910 and a none in 1930: present, but not ranked (no rank without ties).
    assert table["degree"].tolist() == pytest.approx(
        [2 / 3, 1 / 3, 1 / 3, math.nan, math.nan, 0.25, 0.25, 0.75, 0.25], nan_ok=True
    )
    assert table["degree_rank"].tolist() == [1, 2, 2, pd.NA, pd.NA, 2, 2, 1, 2]
    assert table["degree_change"].tolist() == [pd.NA] * 4 + [pd.NA, 0, 0, pd.NA, pd.NA]
    assert result.notes == ()


def test_notes_are_prefixed_by_date(shifting: Path, make_network: MakeNetwork) -> None:
    # In 1910 d has no tie: a person alone is not a separate part of the ties.
    assert list(centrality_over_time(netpipe.load(shifting), ["1910"], ["eigenvector"], **ALWAYS).notes) == []
    pairs = [
        {"source": "a", "target": "b", "relation": "ally"},
        {"source": "c", "target": "d", "relation": "ally"},
    ]
    two = netpipe.load(make_network([{"id": i} for i in "abcd"], pairs))
    assert list(centrality_over_time(two, ["1910"], ["eigenvector"], **ALWAYS).notes) == [
        "1910: the ties form 2 separate parts: eigenvector centrality is above zero only in "
        "the 2 parts with the largest leading eigenvalue (as NetworkX computes it)"
    ]


def test_the_narrow_reading_reads_dates_narrowly(shifting: Path) -> None:
    table = centrality_over_time(netpipe.load(shifting), ["1921"], ["degree"], "narrow", **ALWAYS).table
    assert table["node"].tolist() == ["a", "b", "c", "d", "e"]
    assert table["degree"].isna().all()  # no tie surely holds in 1921: no one is ranked


def test_no_dates_gives_an_empty_table(shifting: Path) -> None:
    table = centrality_over_time(netpipe.load(shifting), [], ["degree", "pagerank"]).table
    assert table.empty
    assert table.columns.tolist()[-4:] == ["degree_rank", "degree_change", "pagerank_rank", "pagerank_change"]


def test_rises_and_falls_skip_dates_without_ties(shifting: Path) -> None:
    # a is ranked only in 1910, d only from 1921: neither rose nor fell (no rank without ties).
    table = centrality_over_time(netpipe.load(shifting), ["1910", "1925", "1930"], ["degree"], **ALWAYS).table
    moves = rises_and_falls(table, "degree", top=5)
    assert moves.columns.tolist() == [
        "direction", "node", "name", "first_date", "first_rank", "first_place", "last_date", "last_rank",
        "last_place", "change",
    ]  # fmt: skip
    assert moves.empty


def test_rises_and_falls(make_network: MakeNetwork) -> None:
    nodes = [{"id": i} for i in "abcde"]
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "start": "1900", "end": "1920"},
        {"source": "a", "target": "c", "relation": "ally", "start": "1900", "end": "1920"},
        {"source": "d", "target": "e", "relation": "ally", "start": "1900"},
        {"source": "d", "target": "b", "relation": "ally", "start": "1921"},
        {"source": "d", "target": "c", "relation": "ally", "start": "1921"},
        {"source": "a", "target": "e", "relation": "ally", "start": "1921"},
    ]
    table = centrality_over_time(
        netpipe.load(make_network(nodes, edges)), ["1910", "1930"], ["degree"], **ALWAYS
    ).table
    moves = rises_and_falls(table, "degree", top=5)
    # 1910: a has 2 ties, the others 1 each; 1930: d 3, e 2, a b c 1 each.
    assert moves[["direction", "node", "first_place", "last_place", "change"]].values.tolist() == [
        ["rose", "d", "=2", "1", 1],
        ["fell", "a", "1", "=3", -2],
        ["fell", "b", "=2", "=3", -1],
        ["fell", "c", "=2", "=3", -1],
    ]
    assert rises_and_falls(table, "degree", top=0).empty
    with pytest.raises(ValueError, match='no ranks of "pagerank"'):
        rises_and_falls(table, "pagerank")


def test_people_are_present_from_their_first_tie_until_their_last_tie_ends(shifting: Path) -> None:
    table = centrality_over_time(netpipe.load(shifting), ["1910", "1921", "1930"], ["degree"]).table
    assert table[["date", "node", "degree_rank", "degree_change"]].values.tolist() == [
        ["1910", "a", 1, pd.NA],
        ["1910", "b", 2, pd.NA],
        ["1910", "c", 2, pd.NA],
        ["1921", "b", 2, 0],
        ["1921", "c", 2, 0],
        ["1921", "d", 1, pd.NA],
        ["1921", "e", 2, pd.NA],
        ["1930", "b", 2, 0],
        ["1930", "c", 2, 0],
        ["1930", "d", 1, 0],
        ["1930", "e", 2, 0],
    ]


def test_an_empty_first_snapshot_does_not_crash(shifting: Path) -> None:
    table = centrality_over_time(netpipe.load(shifting), ["1800", "1910"], ["degree", "pagerank"]).table
    assert table["date"].tolist() == ["1910"] * 3
    assert table["degree_change"].tolist() == [pd.NA] * 3


def test_the_dates_default_to_the_timeline(make_network: MakeNetwork) -> None:
    folder = make_network(
        [{"id": "a", "start": "-0100"}, {"id": "b"}, {"id": "c"}],
        [
            {"source": "a", "target": "b", "relation": "ally", "start": "-0060", "end": "-0044"},
            {"source": "b", "target": "c", "relation": "rival", "start": "-0049-01-10"},
        ],
    )
    graph = netpipe.load(folder)
    # The alliance begins, the rivalry begins, the alliance is over (from 43 BC on).
    changes = ["-0060", "-0049-01-10", "-0043"]
    assert netpipe.timeline(graph) == changes
    default = centrality_over_time(graph, measures=["degree"])
    assert default.table["date"].unique().tolist() == changes
    pd.testing.assert_frame_equal(default.table, centrality_over_time(graph, changes, ["degree"]).table)
