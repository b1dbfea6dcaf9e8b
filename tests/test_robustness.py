"""Robustness: rankings without the least certain ties, compared by hand-checkable figures."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import netpipe
from netpipe.analysis.readings import across_readings
from netpipe.analysis.robustness import kendall_tau, robustness, spearman_rho

MakeNetwork = Callable[..., Path]


@pytest.fixture
def rumoured(make_network: MakeNetwork) -> Path:
    """``a`` has three certain ties (one dated ``1900~``); ``z`` owes two of its three to allegations."""
    edges = [
        {"source": "a", "target": "c", "relation": "ally", "certainty": "certain"},
        {"source": "a", "target": "d", "relation": "ally", "certainty": "certain", "start": "1900~"},
        {"source": "a", "target": "z", "relation": "ally", "certainty": "certain"},
        {"source": "z", "target": "c", "relation": "ally", "certainty": "alleged"},
        {"source": "z", "target": "d", "relation": "ally", "certainty": "alleged"},
    ]
    return make_network([{"id": i} for i in "acdz"], edges)


def test_degree_by_hand(rumoured: Path) -> None:
    table = robustness(netpipe.load(rumoured), measures=["degree"], top=2)
    assert table.columns.tolist() == [
        "scenario", "ties", "dropped", "measure", "spearman", "kendall", "top_overlap", "left_top",
    ]  # fmt: skip
    assert table["scenario"].tolist() == [
        "without alleged ties",
        "without alleged or possible ties",
        "also without uncertain or approximate dates",
    ]
    assert table["ties"].tolist() == [3, 3, 2]
    assert table["dropped"].tolist() == [2, 2, 3]
    # full degrees a 3, c 2, d 2, z 3; then a 3, c 1, d 1, z 1; then a 2, c 1, d 0, z 1
    assert table["spearman"].tolist() == pytest.approx([1 / math.sqrt(3), 1 / math.sqrt(3), 1 / math.sqrt(2)])
    assert table["kendall"].tolist() == pytest.approx(
        [2 / math.sqrt(12), 2 / math.sqrt(12), 3 / math.sqrt(20)]
    )
    assert table["top_overlap"].tolist() == [0.5, 0.5, 0.5]
    assert table["left_top"].tolist() == ["z", "z", "z"]


def test_certain_evidence_only_changes_nothing(make_network: MakeNetwork) -> None:
    edges = [{"source": "a", "target": t, "relation": "ally"} for t in "bcd"]
    table = robustness(netpipe.load(make_network([{"id": i} for i in "abcd"], edges)), top=3)
    assert table["dropped"].tolist() == [0] * 9
    assert table["top_overlap"].tolist() == [1.0] * 9
    assert table["left_top"].tolist() == [""] * 9
    betweenness = table[table["measure"] == "betweenness"]
    assert betweenness["spearman"].tolist() == [1.0] * 3
    assert betweenness["kendall"].tolist() == [1.0] * 3


def test_constant_ranking_gives_nan(make_network: MakeNetwork) -> None:
    edges = [{"source": "a", "target": "b", "relation": "ally", "certainty": "alleged"}]
    table = robustness(netpipe.load(make_network([{"id": "a"}, {"id": "b"}], edges)), ["degree"])
    assert table["spearman"].isna().all() and table["kendall"].isna().all()


def _tau_b(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b by its definition, over every pair."""
    concordant = discordant = tied_x = tied_y = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        tied_x += dx == 0
        tied_y += dy == 0
        concordant += dx * dy > 0
        discordant += dx * dy < 0
    pairs = len(x) * (len(x) - 1) // 2
    return (concordant - discordant) / math.sqrt((pairs - tied_x) * (pairs - tied_y))


@pytest.mark.parametrize("seed", range(5))
def test_kendall_equals_its_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.integers(0, 6, 40).tolist(), rng.integers(0, 9, 40).tolist()
    assert kendall_tau(pd.Series(x), pd.Series(y)) == pytest.approx(_tau_b(x, y), abs=1e-12)


def test_spearman_equals_the_textbook_formula_without_ties() -> None:
    x, y = pd.Series([1.0, 2, 3, 4, 5]), pd.Series([5.0, 6, 7, 8, 7.5])
    d = x.rank() - y.rank()
    assert spearman_rho(x, y) == pytest.approx(1 - 6 * (d**2).sum() / (5 * (25 - 1)))
    assert math.isnan(spearman_rho(pd.Series([1.0]), pd.Series([2.0])))
    assert math.isnan(kendall_tau(pd.Series([1.0, 1.0]), pd.Series([2.0, 3.0])))


def test_kendall_tau_on_many_distinct_values() -> None:
    # 100,000 distinct values on each side: the joint codes reach 10^10, which once
    # made a dense count array of 73 GiB.
    values = pd.Series(np.arange(100_000, dtype=float))
    assert kendall_tau(values, values) == 1.0
    assert kendall_tau(values, -values) == -1.0


def test_across_readings_lists_every_claim_alternative(make_network: MakeNetwork) -> None:
    # Who was Kirov's patron? Work X says Sergo, work Y says Stalin; a hub "h" has three allies.
    nodes = [{"id": i} for i in ("kirov", "sergo", "stalin", "h", "x", "y", "z")]
    edges = [
        {"id": "p1", "source": "sergo", "target": "kirov", "relation": "ally", "claim": "patron", "citation": "X"},
        {"id": "p2", "source": "stalin", "target": "kirov", "relation": "ally", "claim": "patron", "citation": "Y"},
        {"id": "a1", "source": "h", "target": "x", "relation": "ally", "citation": "X"},
        {"id": "a2", "source": "h", "target": "y", "relation": "ally", "citation": "X"},
        {"id": "a3", "source": "h", "target": "z", "relation": "ally", "citation": "X"},
    ]  # fmt: skip
    found = across_readings(netpipe.load(make_network(nodes, edges)), ["degree"], top=3)
    # With both readings: h has 3 ties, kirov 2, the others 1 each (=3). With one reading, the other
    # patron has no tie (no rank), so the people with one tie move up to =2; kirov stays 2nd.
    moved = "x: =3 -> =2; y: =3 -> =2; z: =3 -> =2"
    assert found.alternatives.values.tolist() == [
        ["patron", "p1", "X: sergo ally kirov", f"sergo: =3 -> =2; stalin: =3 -> no rank; {moved}"],
        ["patron", "p2", "Y: stalin ally kirov", f"sergo: =3 -> no rank; stalin: =3 -> =2; {moved}"],
    ]
    assert found.ranges.values.tolist() == [
        [node, node, "degree", 3, 2, 3] for node in ("sergo", "stalin", "x", "y", "z")
    ]
