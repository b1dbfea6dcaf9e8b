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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netpipe.io.spans import (
    Evidence,
    Presence,
    Reading,
    check_reading,
    declared_bounds,
    evidence,
    joined_evidence,
    presence_bounds,
    tie_bounds,
)
from netpipe.io.typed_tables import Tables
from netpipe.model.selection import (
    certainty_mask,
    check_certainty,
    choice_label,
    chosen_nodes,
    chosen_ties,
    meeting,
    snapshot_days,
    window_days,
)

if TYPE_CHECKING:
    from distributed import Future

    from netpipe.io.dask_validation import ClusterTies

__all__ = [
    "ClusterSelection",
    "presence_on_cluster",
    "select_on_cluster",
    "snapshot_on_cluster",
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
    index: Future = field(repr=False)
    """The node table's ids, on every worker (the positions the parts' ties are looked up in)."""


def whole_on_cluster(ties: ClusterTies) -> ClusterSelection:
    """The whole network whose ties are on the cluster."""
    client, nodes = ties.client, ties.tables.nodes
    index = client.scatter(nodes.index, broadcast=True, hash=False)
    masks = client.map(_every_row, ties.parts, pure=False)
    return ClusterSelection(ties, np.ones(len(nodes), bool), masks, "whole network", index)


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
            parts = ties.client.map(_evidence, ties.parts, index=selection.index, reading=reading, pure=False)
            seen, found = joined_evidence(_as_completed(parts), len(nodes))
            ties.cache[key] = presence_bounds(nodes, seen, *declared, found)
    bounds: tuple[np.ndarray, np.ndarray] = ties.cache[key]
    return bounds


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
    kept = client.scatter(nodes, broadcast=True, hash=False)
    masks = [
        client.submit(_kept_ties, part, mask, selection.index, kept, chosen, args, pure=False)
        for part, mask in zip(selection.ties.parts, selection.edge_masks, strict=True)
    ]
    label = label if selection.label == "whole network" else f"{selection.label}; {label}"
    return replace(selection, node_mask=nodes, edge_masks=masks, label=label)


def _every_row(edges: pd.DataFrame) -> np.ndarray:
    """Every row of a part."""
    return np.ones(len(edges), bool)


def _kept_ties(
    edges: pd.DataFrame,
    mask: np.ndarray,
    index: pd.Index,
    nodes: np.ndarray,
    chosen: Any,
    args: tuple[Any, ...],
) -> np.ndarray:
    """The rows of a part in ``mask`` that ``chosen`` keeps, between two of the ``nodes`` kept."""
    source, target = (index.get_indexer(pd.Index(edges[column])) for column in ("source", "target"))
    return mask & chosen(edges, *args) & nodes[source] & nodes[target]


def _active(edges: pd.DataFrame, reading: Reading, lo: int, hi: int, certainty: str | None) -> np.ndarray:
    """The ties of a part active at some time in ``[lo, hi]`` and at least as sure as ``certainty``."""
    return meeting(*tie_bounds(edges, reading), lo, hi) & certainty_mask(edges, certainty)


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
