"""Turnover and the durations of ties of a network whose typed ties stay on a Dask cluster
(:class:`~netpipe.io.dask_validation.ClusterTies`, from :func:`netpipe.read_on_cluster`) or of a
selection of it (:class:`~netpipe.model.on_cluster.ClusterSelection`): the results of
:func:`~netpipe.analysis.turnover.turnover` and :func:`~netpipe.analysis.turnover.tied_durations`
on the same network in memory, computed by the same functions.

Each part's ties are read on the worker that holds it, with their people's presence (computed here
from the parts' evidence, see :func:`~netpipe.model.on_cluster.presence_on_cluster`) sent beside it.
What comes here is small next to the ties: each part's first and last counted day (the periods of a
step start and end with the network's), then its counts per period and relation, summed here; the
rows of the ties placed in time; and, for the durations, a few numbers of each state tie kept, whose
spells are joined here.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netpipe.analysis.turnover import (
    DateLike,
    People,
    Tally,
    TieSpans,
    Turnover,
    counted_range,
    durations_of,
    joined_range,
    people_of,
    period_texts,
    placed_ties,
    state_ties,
    tallied,
    tie_spans,
    turnover_of,
    turnover_periods,
)
from netpipe.io.spans import Reading, check_reading, tie_bounds
from netpipe.io.worker_copies import beside
from netpipe.model.on_cluster import (
    ClusterSelection,
    gathered_rows,
    presence_on_cluster,
    select_on_cluster,
    selection_on_cluster,
    tie_ends,
)
from netpipe.model.selection import period_days

if TYPE_CHECKING:
    from distributed import Future

    from netpipe.io.dask_validation import ClusterTies

__all__ = ["tied_durations_on_cluster", "turnover_on_cluster"]


def turnover_on_cluster(
    network: ClusterTies | ClusterSelection,
    *,
    reading: Reading = "wide",
    certainty: str | None = None,
    periods: str | Sequence[DateLike] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> Turnover:
    """The ties formed and dissolved in each period of a network on a cluster, by relation (see
    :func:`netpipe.analysis.turnover.turnover`, whose arguments it takes): the same
    :class:`~netpipe.analysis.turnover.Turnover` as for the network in memory, each part counted on
    its worker."""
    check_reading(reading)
    selection = _chosen(network, certainty)
    client, relations = selection.ties.client, selection.ties.tables.relations
    spans = _tie_spans(selection, reading)
    _, _, focus_lo, focus_hi = period_days(start, end)
    period_lo, period_hi, step = turnover_periods(
        periods,
        focus_lo,
        focus_hi,
        lambda: joined_range(
            client.gather(client.map(counted_range, spans, focus_lo=focus_lo, focus_hi=focus_hi))
        ),
    )
    texts = period_texts(period_lo, period_hi)
    found = [
        client.submit(_placed, part, ties, period_lo, period_hi, len(relations), texts[0], pure=False)
        for part, ties in zip(selection.ties.parts, spans, strict=True)
    ]
    tally: Tally = functools.reduce(operator.add, client.gather(client.map(_tally, found)))
    placed = gathered_rows(selection.ties, _rows, each=[found])
    return turnover_of(tally, placed, period_lo, texts, step, relations)


def tied_durations_on_cluster(
    network: ClusterTies | ClusterSelection,
    *,
    by_relation: bool = False,
    reading: Reading = "wide",
    certainty: str | None = None,
) -> pd.DataFrame:
    """How long each pair of people of a network on a cluster stayed tied (see
    :func:`netpipe.analysis.turnover.tied_durations`, whose arguments it takes): the same table as
    for the network in memory, of the state ties each part keeps on its worker, joined into spells
    here."""
    check_reading(reading)
    selection = _chosen(network, certainty)
    tables = selection.ties.tables
    kept = gathered_rows(selection.ties, _state_ties, each=[_tie_spans(selection, reading)])
    return durations_of(kept, tables.nodes, tables.relations.index, by_relation)


def _chosen(network: ClusterTies | ClusterSelection, certainty: str | None) -> ClusterSelection:
    """The selection (its ties at least as sure as ``certainty``, if given)."""
    selection = selection_on_cluster(network)
    return select_on_cluster(selection, certainty=certainty) if certainty else selection


def _tie_spans(selection: ClusterSelection, reading: Reading) -> list[Future]:
    """The futures of each part's :class:`~netpipe.analysis.turnover.TieSpans`, on its worker."""
    client = selection.ties.client
    people = people_of(selection.ties.tables, lambda read: presence_on_cluster(selection, read))
    shared = beside(client, people, selection.ties.parts)
    return [
        client.submit(_part_spans, part, mask, index, with_part, reading, pure=False)
        for part, mask, index, with_part in zip(
            selection.ties.parts, selection.edge_masks, selection.indexes, shared, strict=True
        )
    ]


def _part_spans(
    edges: pd.DataFrame, mask: np.ndarray, index: pd.Index, people: People, reading: Reading
) -> TieSpans:
    """The spans of a part's ties (those of ``mask`` selected; their people's ids in ``index``)."""
    ends = tie_ends(edges, index)
    return tie_spans(edges, ends, mask, people, reading, lambda read: tie_bounds(edges, read))


def _placed(
    edges: pd.DataFrame,
    ties: TieSpans,
    period_lo: np.ndarray,
    period_hi: np.ndarray,
    n_relations: int,
    starts: list[str],
) -> tuple[Tally, pd.DataFrame]:
    """What a part's ties count in the periods, and the rows of those placed in time."""
    tally, placed_in = tallied(ties, period_lo, period_hi, n_relations)
    return tally, placed_ties(edges, ties, placed_in, starts)


def _tally(found: tuple[Tally, pd.DataFrame]) -> Tally:
    """A part's counts (of :func:`_placed`)."""
    return found[0]


def _rows(edges: pd.DataFrame, found: tuple[Tally, pd.DataFrame]) -> pd.DataFrame:
    """A part's ties placed in time (of :func:`_placed`)."""
    return found[1]


def _state_ties(edges: pd.DataFrame, ties: TieSpans) -> pd.DataFrame:
    """The state ties of a part the durations read (see :func:`~netpipe.analysis.turnover.state_ties`)."""
    return state_ties(ties)
