"""The summary of a dataset whose typed ties stay on a Dask cluster
(:class:`~netpipe.io.dask_validation.ClusterTies`): each part's ties are counted on its worker,
and the counts, small next to the ties, are summed here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netpipe.io.summary import summary_of, tie_counts

if TYPE_CHECKING:
    from netpipe.io.dask_validation import ClusterTies

__all__ = ["summarize_on_cluster"]


def summarize_on_cluster(ties: ClusterTies) -> dict[str, Any]:
    """The :func:`~netpipe.io.summary.summarize` of the dataset whose ties are on the cluster,
    equal to that of the same tables in memory (the same counts, in the same order).

    Each part sends its counts by value (by relation, certainty and citation), the extremes of
    its dates and three sums: a few values per distinct relation, certainty and citation.
    """
    client = ties.client
    return summary_of(ties.tables, client.gather(client.map(tie_counts, ties.parts, pure=False)))
