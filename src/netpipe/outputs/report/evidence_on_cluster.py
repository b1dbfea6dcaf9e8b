"""The evidence the report lists (:func:`netpipe.outputs.report.build.evidence`) of a dataset
whose typed ties stay on a Dask cluster (:class:`~netpipe.io.dask_validation.ClusterTies`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd

from netpipe.model.on_cluster import (
    gathered_rows,
    presence_table_on_cluster,
    undated_on_cluster,
    whole_on_cluster,
)
from netpipe.outputs.report.build import evidence_of

if TYPE_CHECKING:
    from netpipe.io.dask_validation import ClusterTies

__all__ = ["evidence_on_cluster"]


def evidence_on_cluster(ties: ClusterTies) -> dict[str, pd.DataFrame]:
    """The :func:`~netpipe.outputs.report.build.evidence` of the dataset whose ties are on the
    cluster, equal to that of the same tables in memory.

    The lists of ties are gathered here: each part picks its rows on its worker by the rules of
    the lists in memory (not certain, without a citation, with a claim id, undated between undated
    nodes) and sends them, in the few text columns each list shows. Their cost here is that of the
    lists themselves, as large as the tables the report's exports write: a dataset whose ties are
    mostly uncertain or unsourced sends most of its ties (without their typed columns). The rival
    readings of a claim are sorted together here, whichever parts they are in. The nodes' presence
    comes from each part's evidence of its people's time (see
    :func:`~netpipe.model.on_cluster.presence_on_cluster`).
    """
    whole = whole_on_cluster(ties)
    picked = functools.partial(gathered_rows, ties)
    return evidence_of(ties.tables, picked, presence_table_on_cluster(whole), undated_on_cluster(whole)[1])
