"""Robustness across readings: the rankings recomputed with each rival reading of each claim.

Rows that share a ``claim`` are alternatives (the sources disagree on one fact). The rankings
with every row count each fact once (see :mod:`netpipe.model.facts`); here each alternative is
taken alone in turn, the claim's other rows dropped, and the persons' ranks compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import DEFAULT_SAMPLE, Engine, centrality, ranks
from netpipe.model.network import Network, NetworkLike, selection_of

__all__ = ["Readings", "across_readings", "compared_readings", "measured_ranks"]

#: Above this many alternatives in a selection, only the first ones (by claim) are tried.
MAX_ALTERNATIVES = 200
_ARROW = " -> "


@dataclass
class Readings:
    """The result of :func:`across_readings`."""

    alternatives: pd.DataFrame
    """One row per alternative (what one work says of a claim): ``claim``, ``ties`` (the ids of its
    rows), ``reading`` (its rows in words) and,
    per measure, ``<measure>_moves``: who changes place against the ranking with every row
    (``"Joseph Stalin: 2 -> =1"``), joined by ``"; "``."""
    ranges: pd.DataFrame
    """One row per (person whose rank differs with some reading and is among the first ``top``
    in one of them, measure): ``node``, ``name``,
    ``measure``, ``rank`` (with every row), ``best`` and ``worst`` (over the readings)."""
    notes: list[str]


def across_readings(
    graph: NetworkLike,
    measures: Sequence[str] = ("degree", "betweenness"),
    top: int = 10,
    engine: Engine = "igraph",
    seed: int = 42,
    large_sample: int = DEFAULT_SAMPLE,
) -> Readings:
    """Recompute the rankings with each alternative of each claim, and report the range of ranks.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    measures : sequence of str
        The measures to rank by.
    top : int
        Only places among the first ``top`` (in either ranking) are reported.
    engine, seed, large_sample
        As for :func:`netpipe.analysis.centrality.centrality`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", claim="who", id="r1")
    >>> G.add_edge("a", "c", claim="who", id="r2")
    >>> G.add_edge("c", "d")
    >>> found = across_readings(G, ["degree"])
    >>> found.alternatives[["claim", "ties", "degree_moves"]].values.tolist()
    [['who', 'r1', 'b: =3 -> =1; d: =3 -> =1'], ['who', 'r2', 'a: =1 -> =2; b: =3 -> no rank; d: =3 -> =2']]
    >>> found.ranges[["node", "rank", "best", "worst"]].values.tolist()
    [['a', 1, 1, 2], ['b', 3, 1, 3], ['d', 3, 1, 3]]
    """
    base = selection_of(graph)
    edges = base.tables.edges
    claims = edges["claim"].to_numpy(dtype=object) if "claim" in edges else np.full(len(edges), "", object)

    def ranked(view: Network) -> pd.DataFrame:
        return measured_ranks(view, measures, engine, seed, large_sample)

    def ranked_with(claim: str, rows: pd.Index) -> pd.DataFrame:
        others = (claims == claim) & ~edges.index.isin(rows)
        return ranked(Network(base.graph, base.tables, base.node_mask, base.edge_mask & ~others, base.label))

    claimed = edges[base.edge_mask & (claims != "")]
    return compared_readings(claimed, base.nodes["name"], ranked(base), ranked_with, measures, top)


def compared_readings(
    claimed: pd.DataFrame,
    names: pd.Series,
    whole: pd.DataFrame,
    ranked_with: Callable[[str, pd.Index], pd.DataFrame],
    measures: Sequence[str],
    top: int,
) -> Readings:
    """The result of :func:`across_readings`: ``claimed`` the selected ties with a claim (by id, in
    table order), ``whole`` the ranks with every tie, ``ranked_with(claim, ids)`` the ranks with
    only the ties ``ids`` of that claim."""
    notes: list[str] = []
    cited = claimed["citation"] if "citation" in claimed else pd.Series("", index=claimed.index)
    # A reading is what one work says of the claim (its rows); a row without a citation is its own.
    reading = np.where(cited != "", cited, claimed.index.astype(str))
    claims: object = claimed["claim"].to_numpy() if len(claimed) else []  # no column when none is claimed
    keys = pd.DataFrame({"claim": claims, "reading": reading, "row": range(len(claimed))})
    groups = [(str(key[0]), rows) for key, rows in keys.groupby(["claim", "reading"], sort=False)["row"]]
    counts = Counter(claim for claim, _ in groups)
    groups = [g for g in groups if counts[g[0]] > 1]  # a claim with one reading left has no rival
    groups.sort(key=lambda g: (g[0], int(g[1].min())))
    if len(groups) > MAX_ALTERNATIVES:
        notes.append(f"only the first {MAX_ALTERNATIVES} of {len(groups)} readings were tried")
        groups = groups[:MAX_ALTERNATIVES]
    rows, seen = [], {m: [whole[m]] for m in measures}
    for claim, members in groups:
        ties = claimed.iloc[members.to_numpy()]
        ranked = ranked_with(claim, ties.index)
        found = {"claim": claim, "ties": ", ".join(map(str, ties.index)), "reading": _reading(ties, names)}
        for measure in measures:
            seen[measure].append(ranked[measure])
            found[f"{measure}_moves"] = _moves(whole[measure], ranked[measure], names, top)
        rows.append(found)
    columns = ["claim", "ties", "reading", *(f"{m}_moves" for m in measures)]
    alternatives = pd.DataFrame(rows, columns=columns)
    return Readings(alternatives, _ranges(seen, names, top), notes)


def measured_ranks(
    view: Network,
    measures: Sequence[str],
    engine: Engine = "igraph",
    seed: int = 42,
    large_sample: int = DEFAULT_SAMPLE,
) -> pd.DataFrame:
    """Competition ranks by each measure (NaN for a person without ties)."""
    table = centrality(view, engine, seed=seed, measures=measures, large_sample=large_sample).table
    return pd.DataFrame({m: ranks(table[m]) for m in measures}, index=table.index)


def _reading(rows: pd.DataFrame, names: pd.Series) -> str:
    """The rows of one reading in words: on whose word, who, relation, whom, when."""
    told = []
    for _, row in rows.iterrows():
        when = " \u2013 ".join(str(row[c]) for c in ("start", "end") if c in row and str(row[c]))
        source, target = names.get(row["source"], row["source"]), names.get(row["target"], row["target"])
        told.append(f"{source} {row['relation']} {target}" + (f", {when}" if when else ""))
    cited = str(rows["citation"].iloc[0]) if "citation" in rows else ""
    return (f"{cited}: " if cited else "") + "; ".join(told)


def _place(rank: float, among: pd.Series) -> str:
    """A rank as read: ``"=2"`` when shared in ``among``, "no rank" when there is none."""
    if not np.isfinite(rank):
        return "no rank"
    return ("=" if int((among == rank).sum()) > 1 else "") + str(int(rank))


def _moves(before: pd.Series, after: pd.Series, names: pd.Series, top: int) -> str:
    """Who changes place between two rankings, among the first ``top`` of either: "Name: 2 -> =1",
    joined by "; "."""
    changed = before.fillna(-1).ne(after.fillna(-1)) & (before.le(top) | after.le(top))
    return "; ".join(
        f"{names.get(node, node)}: {_place(before[node], before)}{_ARROW}{_place(after[node], after)}"
        for node in before.index[changed.to_numpy()]
    )


def _ranges(seen: dict[str, list[pd.Series]], names: pd.Series, top: int) -> pd.DataFrame:
    """Per person and measure whose rank varies over the readings: the rank with every row,
    the best and the worst."""
    frames = []
    for measure, series in seen.items():
        every = pd.concat(series, axis=1)
        best, worst = every.min(axis=1), every.max(axis=1)
        varies = best.ne(worst).fillna(False) | (every.isna().any(axis=1) & every.notna().any(axis=1))
        varies &= best.le(top).fillna(False)  # the ranks that matter: the first ``top`` in some reading
        frames.append(
            pd.DataFrame(
                {
                    "node": every.index[varies],
                    "name": names.reindex(every.index[varies]).to_numpy(),
                    "measure": measure,
                    "rank": every.iloc[:, 0][varies].astype("Int64").to_numpy(),
                    "best": best[varies].astype("Int64").to_numpy(),
                    "worst": worst[varies].astype("Int64").to_numpy(),
                }
            )
        )
    columns = ["node", "name", "measure", "rank", "best", "worst"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
