"""Selections of a network whose typed ties stay on a Dask cluster
(:class:`~netpipe.io.dask_validation.ClusterTies`, from :func:`netpipe.read_on_cluster`): a day,
a period, relation types, persons only, a certainty level, as :mod:`netpipe.model.selection`
makes them of a network in memory, with the same rules.

A selection keeps which nodes it holds here (the node table is here) and which ties each part
holds on the worker that holds the part. The presence of the nodes in time is computed here from
what each part says of it (:func:`netpipe.io.spans.evidence`: the first and last day each part
attests of its people, and its open ties as positions), gathered part by part.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netpipe.io.spans import (
    OPEN_END,
    OPEN_START,
    Evidence,
    Presence,
    Reading,
    check_reading,
    declared_bounds,
    evidence,
    joined_evidence,
    presence_bounds,
    presence_of,
    tie_bounds,
)
from netpipe.io.typed_tables import Tables
from netpipe.io.worker_copies import beside
from netpipe.model.network import Network
from netpipe.model.selection import (
    TIMELINE_LIMIT,
    active_on,
    certainty_mask,
    change_days,
    check_certainty,
    choice_label,
    chosen_nodes,
    chosen_ties,
    dated_presence,
    dates_followed,
    finest_precision,
    lasting_ties,
    meeting,
    picked_changes,
    precision_marks,
    snapshot_days,
    undated_nodes,
    undated_ties,
    window_days,
)

if TYPE_CHECKING:
    from distributed import Future

    from netpipe.io.dask_validation import ClusterTies

__all__ = [
    "ClusterSelection",
    "any_dated_on_cluster",
    "between_on_cluster",
    "changes_on_cluster",
    "gathered_rows",
    "nodes_of",
    "presence_on_cluster",
    "presence_table_on_cluster",
    "reading_on_cluster",
    "select_on_cluster",
    "selection_on_cluster",
    "snapshot_on_cluster",
    "tie_ends",
    "ties_held",
    "timeline_on_cluster",
    "undated_on_cluster",
    "whole_on_cluster",
    "window_on_cluster",
]


@dataclass(frozen=True)
class ClusterSelection:
    """Part of a network whose ties are on a Dask cluster: its nodes here, its ties on the workers."""

    ties: ClusterTies
    node_mask: np.ndarray
    """Which rows of the node table (``ties.tables.nodes``) the selection holds."""
    edge_masks: list[Future]
    """Which rows of each part of the ties it holds (a boolean array per part, on the workers)."""
    label: str
    indexes: list[Future] = field(repr=False)
    """The node table's ids (the positions the parts' ties are looked up in), for each part a copy
    on the worker that holds it."""


def whole_on_cluster(ties: ClusterTies) -> ClusterSelection:
    """The whole network whose ties are on the cluster (made once, then cached on the ties)."""
    if "whole" not in ties.cache:
        client, nodes = ties.client, ties.tables.nodes
        indexes = beside(client, nodes.index, ties.parts)
        masks = client.map(_every_row, ties.parts, pure=False)
        ties.cache["whole"] = ClusterSelection(
            ties, np.ones(len(nodes), bool), masks, "whole network", indexes
        )
    whole: ClusterSelection = ties.cache["whole"]
    return whole


def selection_on_cluster(network: ClusterTies | ClusterSelection) -> ClusterSelection:
    """A selection of a network on a cluster as it is, or the whole network whose ties are given."""
    return network if isinstance(network, ClusterSelection) else whole_on_cluster(network)


def nodes_of(selection: ClusterSelection) -> Network:
    """The selection's nodes as a :class:`~netpipe.model.network.Network` (its edge table holds
    none of the ties: they are on the workers)."""
    tables = selection.ties.tables
    return Network(None, tables, selection.node_mask, np.zeros(len(tables.edges), bool), selection.label)


def select_on_cluster(
    selection: ClusterSelection,
    relations: Iterable[str] | None = None,
    persons_only: bool = False,
    certainty: str | None = None,
    exact_dates: bool = False,
) -> ClusterSelection:
    """Keep some relation types, persons only, ties at least as sure as ``certainty`` (see
    :func:`netpipe.model.selection.select`)."""
    wanted = None if relations is None else list(relations)
    tables = selection.ties.tables
    label = choice_label(tables.relations, wanted, persons_only, certainty, exact_dates)
    nodes = chosen_nodes(tables.nodes, persons_only)
    return _narrowed(selection, nodes, label, chosen_ties, wanted, certainty, exact_dates)


def reading_on_cluster(selection: ClusterSelection, claim: str, ties: Sequence[object]) -> ClusterSelection:
    """``selection`` with only the ties ``ties`` (ids) of a claim: its rival readings dropped (as
    :func:`netpipe.analysis.readings.across_readings` takes each in turn)."""
    label = f"claim {claim} read as {', '.join(map(str, ties))}"
    return _narrowed(selection, selection.node_mask, label, _rivals_dropped, claim, list(ties))


def tie_ends(edges: pd.DataFrame, index: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """The positions in the node table (``index``) of the source and target of each tie of a part."""
    return index.get_indexer(pd.Index(edges["source"])), index.get_indexer(pd.Index(edges["target"]))


def ties_held(selection: ClusterSelection) -> int:
    """How many ties a selection holds."""
    client = selection.ties.client
    return int(sum(client.gather(client.map(np.count_nonzero, selection.edge_masks))))


def snapshot_on_cluster(
    selection: ClusterSelection,
    at: str | int | datetime.date,
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
) -> ClusterSelection:
    """The network as of one date (see :func:`netpipe.model.selection.snapshot`)."""
    return _in_time(selection, *snapshot_days(at, reading), reading, certainty, presence)


def window_on_cluster(
    selection: ClusterSelection,
    start: str | int | datetime.date | None,
    end: str | int | datetime.date | None,
    reading: Reading = "wide",
    certainty: str | None = None,
    presence: Presence = "attested",
) -> ClusterSelection:
    """Everything whose span overlaps a period (see :func:`netpipe.model.selection.window`)."""
    return _in_time(selection, *window_days(start, end, reading), reading, certainty, presence)


def presence_on_cluster(
    selection: ClusterSelection, reading: Reading = "wide", presence: Presence = "attested"
) -> tuple[np.ndarray, np.ndarray]:
    """The first and last day of each node's presence, as :func:`netpipe.io.spans.spans` gives them
    for the same network in memory; computed here from each part's evidence, gathered as it comes
    (cached on the ties)."""
    check_reading(reading, presence)
    ties, key = selection.ties, f"presence-{reading}-{presence}"
    if key not in ties.cache:
        nodes = ties.tables.nodes
        declared = declared_bounds(nodes, reading)
        if presence == "always":
            ties.cache[key] = declared
        else:
            parts = ties.client.map(_evidence, ties.parts, selection.indexes, reading=reading, pure=False)
            seen, found = joined_evidence(_as_completed(parts), len(nodes))
            ties.cache["attested"] = seen  # the same in both readings
            ties.cache[key] = presence_bounds(nodes, seen, *declared, found)
    bounds: tuple[np.ndarray, np.ndarray] = ties.cache[key]
    return bounds


def presence_table_on_cluster(selection: ClusterSelection) -> pd.DataFrame:
    """When each node of the selection is present (wide reading), and what bounds it, as
    :func:`netpipe.model.selection.presence` gives it for the same network in memory."""
    return dated_presence(_presence_table(selection)[selection.node_mask])


def undated_on_cluster(selection: ClusterSelection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes with no dated evidence at all, and the undated ties between them, as
    :func:`netpipe.model.selection.undated` gives them; the ties are found on the workers and
    gathered here (a few columns of each undated tie)."""
    never, nodes = undated_nodes(_presence_table(selection), selection.node_mask)
    beside_parts = beside(selection.ties.client, never, selection.ties.parts)
    each = [selection.edge_masks, selection.indexes, beside_parts]
    return nodes, gathered_rows(selection.ties, _undated_ties, each=each)


def gathered_rows(
    ties: ClusterTies,
    pick: Callable[..., pd.DataFrame],
    *args: Any,
    each: Sequence[list[Any]] = (),
    keep_index: bool = False,
) -> pd.DataFrame:
    """The rows ``pick(part, *own, *args)`` makes of each part of the ties, ``own`` the part's item
    of each list of ``each`` (a value per part: its mask, its copy of the node ids, ...), gathered
    here and joined in the dataset's order: the table ``pick`` makes of all the ties in memory (with
    a new index, or theirs with ``keep_index``), of the same column types. As the parts are joined in
    memory, a part without ties adds none, nor its columns' types; and as a table may type a column
    of no rows otherwise, only the parts that pick rows are joined."""
    client = ties.client
    own = list(zip(*each, strict=True)) if each else [()] * len(ties.parts)
    found: list[tuple[bool, pd.DataFrame]] = client.gather(
        [
            client.submit(_picked, pick, part, *values, *args, pure=False)
            for part, values in zip(ties.parts, own, strict=True)
        ]
    )
    tied = [rows for has_ties, rows in found if has_ties] or [found[0][1]]  # the first if none has ties
    picked = [rows for rows in tied if len(rows)] or tied[:1]
    return pd.concat(picked, ignore_index=not keep_index)


def timeline_on_cluster(
    selection: ClusterSelection,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    limit: int = TIMELINE_LIMIT,
    start: str | None = None,
    end: str | None = None,
) -> list[str]:
    """The dates to follow the network through (see :func:`netpipe.model.selection.timeline`,
    whose arguments it takes), the same as for the network in memory."""
    return dates_followed(
        lambda first, last: picked_changes(*changes_on_cluster(selection), limit, first, last),
        lambda: _bounds(selection),
        dates,
        every,
        limit,
        start,
        end,
    )


def between_on_cluster(
    selection: ClusterSelection, a: Sequence[str] | pd.Series, b: Sequence[str] | pd.Series
) -> Network:
    """The selection's ties between ``a[i]`` and ``b[i]`` (either way), for each pair ``i``, gathered
    here as a :class:`~netpipe.model.network.Network` of the selection's nodes and these ties alone
    (in the dataset's order): what lies behind some pairs, e.g. for
    :func:`netpipe.analysis.common.tie_summary`. Each part finds its own on its worker."""
    ties = selection.ties
    nodes = ties.tables.nodes.index
    size = max(len(nodes), 1)
    first, second = nodes.get_indexer(pd.Index(a)), nodes.get_indexer(pd.Index(b))
    keys = np.minimum(first, second).astype(np.int64) * size + np.maximum(first, second)
    each = [selection.edge_masks, selection.indexes]
    found = gathered_rows(ties, _between, keys, each=each, keep_index=True)
    tables = replace(ties.tables, edges=found[ties.tables.edges.columns], cache={})
    return Network(None, tables, selection.node_mask, np.ones(len(found), bool), selection.label)


def any_dated_on_cluster(selection: ClusterSelection) -> bool:
    """Whether any tie of the selection has a date (a start or an end)."""
    client = selection.ties.client
    found = [
        client.submit(_any_dated, part, mask, pure=False)
        for part, mask in zip(selection.ties.parts, selection.edge_masks, strict=True)
    ]
    return any(client.gather(found))


def changes_on_cluster(selection: ClusterSelection) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The days on which the selection changes (someone or some tie appears, or the day after it
    goes; the wide reading), in order; how many things appear or go on each, how many ties are
    active on each, and how precisely the data places each (0 day, 1 month, 2 year).

    The ties' days are counted part by part on the workers, then how many are active on each day.
    """
    client, nodes = selection.ties.client, selection.ties.tables.nodes
    node_lo, node_hi = presence_on_cluster(selection)
    present = selection.node_mask & (node_lo <= node_hi)
    shared = beside(client, (node_lo, node_hi, present), selection.ties.parts)
    lasting = [
        client.submit(_lasting, part, mask, index, presence, pure=False)
        for part, mask, index, presence in zip(
            selection.ties.parts, selection.edge_masks, selection.indexes, shared, strict=True
        )
    ]
    none = np.zeros(0, np.int64)
    found = [change_days(node_lo[present], node_hi[present], none, none)]
    found += client.gather([client.submit(_change_days, spans) for spans in lasting])
    days, inverse = np.unique(np.concatenate([days for days, _ in found]), return_inverse=True)
    changes = np.bincount(inverse, np.concatenate([count for _, count in found]), len(days)).astype(np.int64)
    on = beside(client, days, selection.ties.parts)
    marked = client.gather(
        [
            client.submit(_active_and_marks, part, mask, spans, days_on, pure=False)
            for part, mask, spans, days_on in zip(
                selection.ties.parts, selection.edge_masks, lasting, on, strict=True
            )
        ]
    )
    active = sum((count for count, _ in marked), np.zeros(len(days), np.int64))
    marks = [precision_marks(nodes, selection.node_mask, days), *(mark for _, mark in marked)]
    return days, changes, active, finest_precision(marks)


def _in_time(
    selection: ClusterSelection,
    lo: int,
    hi: int,
    label: str,
    reading: Reading,
    certainty: str | None,
    presence: Presence,
) -> ClusterSelection:
    """What is active at some time in ``[lo, hi]`` (days)."""
    node_lo, node_hi = presence_on_cluster(selection, reading, presence)
    if certainty is not None:
        check_certainty(certainty)  # here, not on a worker
        label += f", at least {certainty}"
    return _narrowed(selection, meeting(node_lo, node_hi, lo, hi), label, _active, reading, lo, hi, certainty)


def _narrowed(
    selection: ClusterSelection, node_mask: np.ndarray, label: str, chosen: Any, *args: Any
) -> ClusterSelection:
    """``selection`` less the nodes outside ``node_mask`` and the ties each part's ``chosen(edges,
    *args)`` leaves out, and the ties of the nodes left out (as :func:`netpipe.model.selection`'s
    views combine)."""
    client = selection.ties.client
    nodes = selection.node_mask & node_mask
    kept = beside(client, nodes, selection.ties.parts)
    masks = [
        client.submit(_kept_ties, part, mask, index, in_kept, chosen, args, pure=False)
        for part, mask, index, in_kept in zip(
            selection.ties.parts, selection.edge_masks, selection.indexes, kept, strict=True
        )
    ]
    label = label if selection.label == "whole network" else f"{selection.label}; {label}"
    return replace(selection, node_mask=nodes, edge_masks=masks, label=label)


def _bounds(selection: ClusterSelection) -> np.ndarray:
    """The first and last days of the nodes and ties of a selection, none open."""
    node_lo, node_hi = presence_on_cluster(selection)
    client, mask = selection.ties.client, selection.node_mask
    found = client.gather(
        [
            client.submit(_tie_bounds, part, mask, pure=False)
            for part, mask in zip(selection.ties.parts, selection.edge_masks, strict=True)
        ]
    )
    bounds = np.concatenate([node_lo[mask], node_hi[mask], *found])
    return bounds[(bounds != OPEN_START) & (bounds != OPEN_END)]


def _tie_bounds(edges: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """The earliest and latest day written on the ties of a part in ``mask`` (open bounds left out)."""
    edge_lo, edge_hi = tie_bounds(edges, "wide")
    bounds = np.concatenate([edge_lo[mask], edge_hi[mask]])
    bounds = bounds[(bounds != OPEN_START) & (bounds != OPEN_END)]
    return np.array([bounds.min(), bounds.max()]) if len(bounds) else bounds


def _lasting(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    presence: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """The first and last day each tie of a part in ``mask`` is active, of those active at all."""
    node_lo, node_hi, present = presence
    return lasting_ties(mask, *tie_bounds(edges, "wide"), tie_ends(edges, index), (node_lo, node_hi), present)


def _change_days(spans: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The days on which a part's ties start or end (see :func:`netpipe.model.selection.change_days`)."""
    none = np.zeros(0, np.int64)
    return change_days(none, none, *spans)


def _active_and_marks(
    edges: pd.DataFrame, mask: np.ndarray, spans: tuple[np.ndarray, np.ndarray], days: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """How many of a part's ties are active on each of ``days``, and the precision its dates give them."""
    return active_on(days, *spans), precision_marks(edges, mask, days)


def _between(edges: pd.DataFrame, mask: np.ndarray, index: pd.Index, keys: np.ndarray) -> pd.DataFrame:
    """The ties of a part in ``mask`` whose pair of people (positions in ``index``, the lower first,
    as one number) is one of ``keys``."""
    source, target = tie_ends(edges, index)
    pair = np.minimum(source, target).astype(np.int64) * max(len(index), 1) + np.maximum(source, target)
    return edges[mask & np.isin(pair, keys)]


def _any_dated(edges: pd.DataFrame, mask: np.ndarray) -> bool:
    """Whether a tie of a part in ``mask`` has a start or an end."""
    return bool((mask & (edges["start_lo"].notna() | edges["end_lo"].notna()).to_numpy()).any())


def _every_row(edges: pd.DataFrame) -> np.ndarray:
    """Every row of a part."""
    return np.ones(len(edges), bool)


def _rivals_dropped(edges: pd.DataFrame, claim: str, ties: list[object]) -> np.ndarray:
    """The rows of a part but those of ``claim`` other than ``ties``."""
    if "claim" not in edges:
        return np.ones(len(edges), bool)
    return ~((edges["claim"] == claim).to_numpy() & ~edges.index.isin(ties))


def _kept_ties(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    nodes: np.ndarray,
    chosen: Any,
    args: tuple[Any, ...],
) -> np.ndarray:
    """The rows of a part in ``mask`` that ``chosen`` keeps, between two of the ``nodes`` kept."""
    source, target = tie_ends(edges, index)
    return mask & chosen(edges, *args) & nodes[source] & nodes[target]


def _active(edges: pd.DataFrame, reading: Reading, lo: int, hi: int, certainty: str | None) -> np.ndarray:
    """The ties of a part active at some time in ``[lo, hi]`` and at least as sure as ``certainty``."""
    return meeting(*tie_bounds(edges, reading), lo, hi) & certainty_mask(edges, certainty)


def _presence_table(selection: ClusterSelection) -> pd.DataFrame:
    """Every node's presence (see :func:`netpipe.io.spans.presence_table`), from the parts' evidence."""
    bounds = presence_on_cluster(selection)
    return presence_of(selection.ties.tables.nodes, selection.ties.cache["attested"], bounds)


def _picked(pick: Callable[..., pd.DataFrame], edges: pd.DataFrame, *args: Any) -> tuple[bool, pd.DataFrame]:
    """Whether a part has ties, and the rows ``pick`` makes of it."""
    return len(edges) > 0, pick(edges, *args)


def _undated_ties(edges: pd.DataFrame, mask: np.ndarray, index: pd.Index, never: np.ndarray) -> pd.DataFrame:
    """The ties of a part in ``mask`` between two undated nodes (``never``, by position in ``index``)."""
    return undated_ties(edges, mask, tie_ends(edges, index), never)


def _evidence(edges: pd.DataFrame, index: pd.Index, reading: Reading) -> Evidence:
    """What a part's ties say of their people's time."""
    return evidence(Tables(pd.DataFrame(index=index), edges, pd.DataFrame()), reading)


def _as_completed(futures: list[Future]) -> Iterator[Any]:
    """The results of ``futures``, each as soon as it is made (and let go of on its worker)."""
    from distributed import as_completed

    completed = as_completed(futures, with_results=True)
    futures.clear()
    for _, result in completed:
        yield result
