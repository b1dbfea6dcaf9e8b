"""What the commands share: reading the data, the view they ask for, printing results.

Their options are declared in :mod:`netpipe.app.commands.options`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netpipe.app.commands.options import TableFormat, ViewOptions

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from netpipe.analysis.common import Kind, Layer
    from netpipe.io.problems import Report
    from netpipe.io.typed_tables import Tables
    from netpipe.model.network import NetworkLike
    from netpipe.model.on_cluster import ClusterSelection


#: Whether the running command was asked for ``--quiet``.
_QUIET: ContextVar[bool] = ContextVar("quiet", default=False)


@contextmanager
def quiet_messages(quiet: bool) -> Iterator[None]:
    """While the block runs, :func:`say` prints nothing if ``quiet``."""
    token = _QUIET.set(quiet)
    try:
        yield
    finally:
        _QUIET.reset(token)


def say(text: str, err: bool = False) -> None:
    """Print an account of the command's work (a file written, what was selected), unless ``--quiet``.

    Results (tables, JSON), problems and the notes that qualify a result print whatever ``--quiet``.
    """
    if not _QUIET.get():
        typer.echo(text, err=err)


def read(data: Path) -> Tables:
    """Read a dataset's tables (a :class:`~netpipe.io.errors.DataError` ends the command with exit 1)."""
    from netpipe.app.progress import step
    from netpipe.io.validation import read_tables

    step("reading and checking the data")
    tables = read_tables(data)
    step("")
    return tables


def fail(message: str) -> typer.Exit:
    """Print an error of the command line's own on stderr and return the exit (1) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def split(values: str | list[str] | None) -> list[str]:
    """The items of a comma-separated option, repeatable or not, without blanks."""
    texts = [values] if isinstance(values, str) else values or []
    return [item.strip() for text in texts for item in text.split(",") if item.strip()]


def print_problems(report: Report, stream: Any) -> None:
    """Problems one per line, ``file:line: column "c": message``, then a count.

    Of each code, the first ones are printed (:meth:`Report.listed`), then how many more there are.
    """
    for severity in ("error", "warning"):
        lines, more = report.listed(severity)
        for line in lines:
            print(f"{severity}: {line}", file=stream)
        for code, n in more.items():
            print(f"{severity}: ... and {n} more {code} problem(s) not shown", file=stream)
    n_errors, n_warnings = report.error_count, report.warning_count
    print(f"{n_errors} error(s), {n_warnings} warning(s)", file=stream)


def open_view(data: Path, view: ViewOptions = ViewOptions()) -> NetworkLike:
    """Load the data and apply the view options (a date or a period, relations, persons, certainty)."""
    from netpipe.model.network import Network
    from netpipe.model.selection import select, snapshot, window

    _check_view(view)
    whole = Network.from_tables(read(data))  # the tables suffice: no NetworkX graph to build
    viewed: NetworkLike = _viewed(whole, view, select, snapshot, window)
    return viewed


def open_cluster_view(data: Path, view: ViewOptions, client: Client) -> ClusterSelection:
    """Read the data on the Dask cluster of ``client`` and apply the view options, as :func:`open_view`
    (the ties stay on the workers)."""
    from netpipe.io.dask_validation import read_on_cluster
    from netpipe.model import on_cluster

    _check_view(view)
    whole = on_cluster.whole_on_cluster(read_on_cluster(data, client))
    viewed: ClusterSelection = _viewed(
        whole,
        view,
        on_cluster.select_on_cluster,
        on_cluster.snapshot_on_cluster,
        on_cluster.window_on_cluster,
    )
    return viewed


@contextmanager
def cluster_view(
    data: Path, cluster: str, view: ViewOptions, said: bool = True
) -> Iterator[ClusterSelection]:
    """Start or join the Dask cluster ``cluster`` (see :func:`netpipe.app.cluster.dask_client`), read
    the data there, apply the view options and, if ``said``, say what was selected; the cluster a
    command started stops at the end."""
    from netpipe.app.cluster import dask_client, one_part_note
    from netpipe.model.on_cluster import ties_held

    with dask_client(cluster) as client:
        assert client is not None  # a cluster was named
        if note := one_part_note(cluster, data):
            say(note, err=True)
        selection = open_cluster_view(data, view, client)
        if said:
            nodes = int(selection.node_mask.sum())
            say(f"{selection.label}: {nodes} nodes, {ties_held(selection)} ties", err=True)
        yield selection


def check_gather_limit(gather_limit: int | None, cluster: str | None) -> None:
    """Refuse ``--gather-limit`` without ``--cluster``."""
    if gather_limit is not None and not cluster:
        raise typer.BadParameter(
            "a limit of the ties gathered is taken with --cluster", param_hint="--gather-limit"
        )


@dataclasses.dataclass(frozen=True)
class Analysed:
    """The view a command analyses: in memory, or a :class:`~netpipe.model.network.Network` of its
    projections gathered from the cluster that holds its ``selection``, each up to ``gather_limit``
    ties."""

    network: NetworkLike
    selection: ClusterSelection | None = None
    gather_limit: int = 0

    def described(self, pairs: pd.DataFrame, signed_only: bool = False) -> pd.DataFrame:
        """``pairs`` (columns ``a``, ``b``) with what lies behind each (see
        :func:`netpipe.analysis.common.described`), their ties gathered from the cluster if on one."""
        if self.selection is None:
            from netpipe.analysis.common import described

            return described(self.network, pairs, signed_only)
        from netpipe.analysis.on_cluster import described_on_cluster

        return described_on_cluster(self.selection, pairs, signed_only)


@contextmanager
def viewed(data: Path, view: ViewOptions, cluster: str | None, said: bool = True) -> Iterator[Any]:
    """The view of :func:`open_view` (a :class:`~netpipe.model.network.NetworkLike`) or, with
    ``cluster``, that of :func:`cluster_view` (a :class:`~netpipe.model.on_cluster.ClusterSelection`);
    if ``said``, what was selected is said on stderr."""
    if cluster:
        with cluster_view(data, cluster, view, said) as selection:
            yield selection
        return
    network = open_view(data, view)
    if said:
        say_selection(network)
    yield network


def projection_limit(gather_limit: int | None) -> int:
    """The most ties of a projection gathered from a cluster: ``--gather-limit``, or the library's."""
    from netpipe.analysis.on_cluster import GATHER_LIMIT

    return GATHER_LIMIT if gather_limit is None else gather_limit


@contextmanager
def analysed_view(
    data: Path,
    view: ViewOptions,
    cluster: str | None,
    gather_limit: int | None,
    projections: Sequence[tuple[Kind, Layer]],
) -> Iterator[Analysed]:
    """The view of :func:`viewed`, said on stderr; on a cluster, the ``projections`` (kind, layer) its
    analyses read, gathered here up to ``gather_limit`` ties each
    (:func:`~netpipe.analysis.on_cluster.network_on_cluster`)."""
    check_gather_limit(gather_limit, cluster)
    with viewed(data, view, cluster) as network:
        if not cluster:
            yield Analysed(network)
            return
        from netpipe.analysis.on_cluster import network_on_cluster

        limit = projection_limit(gather_limit)
        yield Analysed(network_on_cluster(network, projections, limit), network, limit)


def _check_view(view: ViewOptions) -> None:
    """Refuse view options that exclude each other."""
    if view.at and (view.start or view.end):
        raise typer.BadParameter("give either --at or --from/--to, not both", param_hint="--at")


def _viewed(graph: Any, view: ViewOptions, select: Any, snapshot: Any, window: Any) -> Any:
    """``graph`` with the view options applied by the functions given (in memory or on a cluster)."""
    if view.relation or view.persons or view.certainty:
        graph = select(
            graph, relations=view.relation or None, persons_only=view.persons, certainty=view.certainty
        )
    if view.at:
        return snapshot(graph, view.at, view.reading, presence=view.presence)
    if view.start or view.end:
        return window(graph, view.start, view.end, view.reading, presence=view.presence)
    return graph


def followed_dates(dates: list[str] | None, every: str | None) -> list[str] | None:
    """The dates of ``--dates`` (None when not given); ``--every`` and ``--dates`` exclude each other."""
    if every and dates:
        raise typer.BadParameter("give either --every or --dates, not both", param_hint="--every")
    return split(dates) or None


def person(graph: NetworkLike, value: str) -> str:
    """The node id for an id, name or alias."""
    from netpipe.io.names import resolve
    from netpipe.model.network import selection_of

    return resolve(value, selection_of(graph).tables.nodes)


def emit(frame: pd.DataFrame, output_format: TableFormat = "table", top: int | None = None) -> None:
    """Print a result table as an aligned table, CSV or strict JSON."""
    from netpipe.outputs.table_text import to_csv, to_json, to_text

    writers = {"table": to_text, "csv": to_csv, "json": to_json}
    if top is not None:
        frame = frame.head(top)
    typer.echo(writers[output_format](frame).rstrip("\n"))


def say_selection(view: NetworkLike) -> None:
    """Say on stderr what was selected and how many nodes and ties it holds."""
    from netpipe.model.network import selection_of

    selection = selection_of(view)
    counts = f"{selection.number_of_nodes()} nodes, {selection.number_of_edges()} ties"
    say(f"{selection.label}: {counts}", err=True)
