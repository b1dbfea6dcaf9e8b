"""How far the rankings hold when the least certain evidence is dropped."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import DEFAULT_SAMPLE, Engine, centrality
from netpipe.analysis.common import forget_projection
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import select

__all__ = ["SCENARIOS", "compared_scenarios", "kendall_tau", "robustness", "spearman_rho"]


#: The robustness scenarios, each dropping more: (label, weakest certainty kept, drop ``?``/``~`` dates).
SCENARIOS = (
    ("without alleged ties", "possible", False),
    ("without alleged or possible ties", "probable", False),
    ("also without uncertain or approximate dates", "probable", True),
)


def robustness(
    graph: NetworkLike,
    measures: Sequence[str] = ("degree", "betweenness", "pagerank"),
    top: int = 10,
    engine: Engine = "igraph",
    sample: int | None = None,
    seed: int = 42,
    large_sample: int = DEFAULT_SAMPLE,
) -> pd.DataFrame:
    """How far the rankings hold when the least certain evidence is dropped.

    Ties are dropped cumulatively: first the ``alleged`` ones, then the ``possible``
    ones, then those with an uncertain (``?``) or approximate (``~``) date. Each
    ranking is compared with the ranking on every tie of ``graph``; the people stay
    the same, so the rankings cover the same nodes.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    measures : sequence of str
        Which measures to rank by.
    top : int
        Size of the top-N sets that are compared.
    engine, sample, seed, large_sample
        As for :func:`centrality`.

    Returns
    -------
    pandas.DataFrame
        One row per (scenario, measure): ``scenario``, ``ties`` (kept), ``dropped``,
        ``measure``, ``spearman`` and ``kendall`` (tau-b) correlation with the full
        ranking (NaN when a ranking is constant), ``top_overlap`` (share of the full
        top-N still in the top N) and ``left_top`` (ids of those who left it).

    Examples
    --------
    >>> import netpipe
    >>> r = robustness(netpipe.load("tests/data/valid"), measures=["degree"], top=2)
    >>> r[["ties", "spearman", "kendall", "top_overlap"]].round(4).values.tolist()
    [[3.0, 0.7071, 0.6708, 0.5], [3.0, 0.7071, 0.6708, 0.5], [3.0, 0.7071, 0.6708, 0.5]]
    """
    base = selection_of(graph)

    def ranking(view: NetworkLike) -> pd.DataFrame:
        return centrality(view, engine, sample, seed, measures=measures, large_sample=large_sample).table

    whole = ranking(base)
    forget_projection(base, "directed")  # the scenarios have their own

    def scenario(weakest: str, exact_dates: bool) -> tuple[int, pd.DataFrame]:
        view = select(base, certainty=weakest, exact_dates=exact_dates)
        return int(selection_of(view).edge_mask.sum()), ranking(view)  # its graphs let go once ranked

    return compared_scenarios(whole, int(base.edge_mask.sum()), scenario, measures, top)


def compared_scenarios(
    whole: pd.DataFrame,
    ties: int,
    scenario: Callable[[str, bool], tuple[int, pd.DataFrame]],
    measures: Sequence[str],
    top: int,
) -> pd.DataFrame:
    """The table of :func:`robustness`: each scenario's ranking compared with ``whole`` (the
    measures on the ``ties`` of the whole network), ``scenario(weakest, exact_dates)`` giving the
    ties a scenario keeps and its measures."""
    rows = []
    for label, weakest, exact_dates in SCENARIOS:
        kept, ranked = scenario(weakest, exact_dates)
        for measure in measures:
            # A person without ties (NaN) is unranked: below everyone ranked, tied with the others.
            a, b = whole[measure].fillna(-np.inf), ranked[measure].fillna(-np.inf)
            left = sorted(map(str, set(_top(a, top)) - set(_top(b, top))))
            rows.append(
                {
                    "scenario": label,
                    "ties": kept,
                    "dropped": ties - kept,
                    "measure": measure,
                    "spearman": spearman_rho(a, b),
                    "kendall": kendall_tau(a, b),
                    "top_overlap": 1 - len(left) / max(min(top, len(a)), 1),
                    "left_top": ", ".join(left),
                }
            )
    return pd.DataFrame(rows)


def _top(values: pd.Series, top: int) -> list[object]:
    """The ids of the ``top`` highest values, equal values by id."""
    order = np.lexsort((values.index.astype(str).to_numpy(), -values.fillna(-np.inf).to_numpy()))
    return list(values.index[order[:top]])


def spearman_rho(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rank correlation (Pearson on average ranks); NaN if a ranking is constant.

    >>> round(spearman_rho(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30])), 4)
    0.8
    """
    x, y = a.rank().to_numpy(float), b.rank().to_numpy(float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def kendall_tau(a: pd.Series, b: pd.Series) -> float:
    """Kendall's tau-b, in O(n log n) with numpy (no scipy); NaN if a ranking is constant.

    >>> round(kendall_tau(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30])), 4)
    0.6667
    """
    x = pd.factorize(a.to_numpy(), sort=True)[0]
    y = pd.factorize(b.to_numpy(), sort=True)[0]
    n = len(x)
    pairs = n * (n - 1) // 2
    tied_x, tied_y = _tied_pairs(x), _tied_pairs(y)
    tied_both = _tied_pairs(x * (int(y.max(initial=0)) + 1) + y)
    if pairs == 0 or tied_x == pairs or tied_y == pairs:
        return math.nan
    order = np.lexsort((y, x))
    discordant = _inversions(y[order])
    difference = pairs - tied_x - tied_y + tied_both - 2 * discordant
    return float(difference / math.sqrt((pairs - tied_x) * (pairs - tied_y)))


def _tied_pairs(codes: np.ndarray) -> int:
    """Number of pairs sharing a value."""
    counts = np.unique(codes, return_counts=True)[1]
    return int((counts * (counts - 1) // 2).sum())


def _inversions(values: np.ndarray) -> int:
    """Pairs i < j with values[i] > values[j], counted bit by bit (a radix trie, vectorized)."""
    total = 0
    values = values.astype(np.int64)
    for bit in range(int(values.max(initial=0)).bit_length()):
        prefix = values >> (bit + 1)
        ones = ((values >> bit) & 1).astype(np.int64)
        order = np.argsort(prefix, kind="stable")
        group, one = prefix[order], ones[order]
        before = np.cumsum(one) - one
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        size = np.diff(np.r_[starts, len(group)])
        before -= np.repeat(before[starts], size)
        total += int(before[one == 0].sum())
    return total
