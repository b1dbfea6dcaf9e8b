"""``netpipe run``: validate, analyse, render and export a dataset into one folder, atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netpipe.app.parallel import Beside, seconds
from netpipe.io.atomic import write_text
from netpipe.outputs.folder import output_folder, written_files

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from netpipe.analysis.everything import Analyses
    from netpipe.io.dask_validation import ClusterTies
    from netpipe.io.typed_tables import Tables
    from netpipe.model.network import NetworkLike
    from netpipe.model.on_cluster import ClusterSelection
    from netpipe.outputs.exports.gexf import UndirectedType
    from netpipe.outputs.exports.nodelink import LinkKey

__all__ = ["RUN_GATHER_LIMIT", "RunResult", "report", "run", "write_report", "write_views"]

#: The most typed ties a run on a Dask cluster gathers into its own process to analyse, draw and
#: export them there, as a run in memory does. A run in memory was measured at 1.4-1.7 GB a million
#: ties in its process and 0.9-1.2 GB in its worker: four million take a quarter to a half of a
#: 24 GB machine. Above it, the ties stay on the cluster (see :func:`run`).
RUN_GATHER_LIMIT = 4_000_000

#: What the report links to, relative to the output folder.
LINKS = [
    ("Interactive network view", "network.html"),
    ("The network in each period", "periods/periods.png"),
    ("Exports: GraphML, GEXF, JSON, CSV and the data package", "exports/"),
]


@dataclass
class RunResult:
    """What a run wrote and how long each stage took.

    With a worker, the network's exports, the network view and the period images are made
    in the worker beside other stages (their seconds are the worker's), and the stage of
    the analyses done there (robustness) counts only the wait for them.
    """

    out: Path
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: int = 0
    """How many warnings the data has (listed in ``exports/warnings.csv`` and the report)."""


def run(
    data: str | Path = "data",
    out: str | Path = "outputs",
    every: str | None = None,
    max_nodes: int = 2000,
    seed: int = 42,
    title: str | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    dates: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    link_key: LinkKey = "edges",
    gexf_undirected: UndirectedType = "undirected",
    workers: int = 0,
    cluster: Client | None = None,
    gather_limit: int = RUN_GATHER_LIMIT,
) -> RunResult:
    """Run every stage on a dataset folder and swap the results into ``out``.

    The stages write into a temporary folder beside ``out``, which replaces ``out`` only
    when every stage has succeeded: a failed run leaves the previous outputs as they were.

    Parameters
    ----------
    data : str or Path
        The dataset folder.
    out : str or Path
        The output folder, replaced as a whole: it must be absent, empty, or written
        by netpipe (see :func:`netpipe.outputs.folder.output_folder`).
    every : str, optional
        The step between the per-period images (``5y``, ``10y``, ``year``); default the
        days on which the network changes, at most 12 images.
    max_nodes : int
        The network view draws at most this many nodes (the most central).
    seed : int
        The seed of every random step.
    title : str, optional
        The title of the page, the report and the exports; default the dataset's
        (:func:`netpipe.io.title.title_of`).
    progress : callable, optional
        Called with the name of each stage as it starts (``analyse: centrality``, ...).
    dates : sequence of str, optional
        The dates to follow the network through (the slider, the period images, the
        analyses over time) instead of the days on which it changes
        (:func:`netpipe.model.selection.timeline`).
    start, end : str, optional
        Follow the network over time only within this period (either end may be open):
        every timeline keeps the dates wholly within it, chosen among its changes.
    link_key : {"edges", "links"}
        The key of the ties in ``exports/network.json`` (see
        :func:`netpipe.outputs.exports.write_json`).
    gexf_undirected : {"undirected", "mutual"}
        The type of an undirected tie in ``exports/network.gexf``: ``undirected`` for Gephi,
        ``mutual`` for ``networkx.read_gexf`` (see :func:`netpipe.outputs.exports.write_gexf`).
    workers : int
        0 (the default): every stage in this process. 1: robustness, the network's exports,
        the network view and the period images in a worker process beside the other
        analyses and the report (started with ``spawn``; it holds its own copy of the
        tables and has ended when ``run`` returns). ``netpipe run`` uses one where there
        are two cores.
    cluster : distributed.Client, optional
        Read, check and type the ties on the workers of this Dask client, part by part (see
        :func:`netpipe.io.dask_validation.read_on_cluster`). Up to ``gather_limit`` ties, they are
        gathered here and the run is the same as in memory. Above it, they stay on the cluster:
        the analyses are those of :func:`netpipe.analysis.everything_on_cluster.analyse_on_cluster`,
        the report's evidence is picked on the workers, the network's exports are those the
        workers write (:func:`netpipe.outputs.exports.export_on_cluster`), and the network view
        and the period images draw the part chosen on the workers; the files are those of a run in
        memory, but the data package (the report says so).
    gather_limit : int
        With ``cluster``, the most ties gathered here (default :data:`RUN_GATHER_LIMIT`).

    Raises
    ------
    ArgumentError
        A date of ``dates``, ``start`` or ``end`` that is not one, or an unknown
        ``link_key`` or ``gexf_undirected``; nothing is written.
    DataError
        The data has errors; nothing is written.
    OutputError
        ``out`` is not a folder netpipe may replace; nothing is written.
    """
    from netpipe.analysis.everything import analyse
    from netpipe.io.dask_validation import gathered_tables, read_on_cluster
    from netpipe.io.title import title_of
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network
    from netpipe.outputs.exports import export
    from netpipe.outputs.exports.gexf import check_undirected_type
    from netpipe.outputs.exports.nodelink import check_link_key
    from netpipe.outputs.render.html import network_html
    from netpipe.outputs.render.periods import period_images
    from netpipe.outputs.report.build import evidence

    data, out = Path(data), Path(out)
    _check_focus(dates, start, end)  # a mistyped date stops the run before any work
    check_link_key(link_key)
    check_undirected_type(gexf_undirected)
    result = RunResult(out)
    started: list[tuple[str, float]] = []

    def stage(name: str) -> None:
        """Close the running stage's timing and start the next one (``""`` ends)."""
        now = time.perf_counter()
        if started:
            result.seconds[started[-1][0]] = now - started[-1][1]
        started.append((name, now))
        if progress is not None and name:
            progress(name)

    stage("validate")
    if cluster is None:
        tables = read_tables(data)
    else:
        ties = read_on_cluster(data, cluster)
        if ties.count > gather_limit:
            written = {"link_key": link_key, "gexf_undirected": gexf_undirected}
            _run_on_cluster(
                ties, data, out, title, stage, result, written, max_nodes,
                dates=dates, every=every, seed=seed, start=start, end=end,
            )  # fmt: skip
            result.files = written_files(out)
            return result
        tables = gathered_tables(ties)
    graph = Network.from_tables(tables)  # the tables alone: no NetworkX graph to build
    heading = title_of(tables, title).title
    result.warnings = len(tables.report.warnings)
    with output_folder(out, protect=[data]) as folder, Beside(graph, workers) as beside:
        # With a worker, it computes the analyses of robustness, then the network's exports,
        # the network view and the period images once centrality is known; this process
        # computes the rest and writes the report.
        drawn = []

        def draw(measures: pd.DataFrame) -> None:
            """Start the exports, the network view and the period images (sized by degree, the
            headline measure)."""
            sizes = measures["degree"]
            exports = beside.submit(
                seconds, export, graph, folder / "exports", link_key=link_key, gexf_undirected=gexf_undirected
            )
            view = beside.submit(
                seconds, network_html, graph, folder / "network.html", sizes, measures, max_nodes, seed,
                heading, dates=dates, start=start, end=end,
            )  # fmt: skip
            images = beside.submit(
                seconds,
                period_images,
                graph,
                folder / "periods",
                dates=dates,
                every=every,
                sizes=sizes,
                seed=seed,
                max_nodes=max_nodes,
                start=start,
                end=end,
            )
            drawn.extend([exports, view, images])

        results = analyse(
            graph,
            None if dates is None else list(dates),
            seed=seed,
            progress=lambda step: stage(f"analyse: {step}"),
            ready=draw,
            start=start,
            end=end,
            executor=beside if workers else None,
        )
        graph.cache.clear()  # the projections and their graphs: the rest of the run reads the tables
        tables.cache.clear()
        stage("report")
        found = evidence(tables)  # for the report and the exports
        # Written beside the files it links to: every one of them, as a run writes them all.
        write_report(tables, results, folder, heading, found, links=LINKS)
        stage("exports")
        network_seconds = drawn[0].result()  # the exports folder is written by one call at a time
        export(graph, folder / "exports", formats=(), measures={**results.tables(), **found})
        view_seconds, images_seconds = drawn[1].result(), drawn[2].result()
        stage("")
    result.seconds["network view"] = view_seconds
    result.seconds["exports"] += network_seconds
    result.seconds["period images"] = images_seconds
    result.files = written_files(out)
    return result


def _run_on_cluster(
    ties: ClusterTies,
    data: Path,
    out: Path,
    title: str | None,
    stage: Callable[[str], None],
    result: RunResult,
    written: dict[str, Any],
    max_nodes: int,
    *,
    dates: Sequence[str] | None,
    every: str | None,
    seed: int,
    start: str | None,
    end: str | None,
) -> None:
    """The stages of :func:`run` for ties that stay on the cluster (see its ``cluster``), into ``out``;
    ``written`` are the options of the exports (``link_key``, ``gexf_undirected``), the others as
    :func:`run` takes them."""
    from netpipe.io.title import title_of
    from netpipe.io.words import join_names
    from netpipe.model.on_cluster import nodes_of, whole_on_cluster
    from netpipe.outputs.exports import CLUSTER_FORMATS, DEFAULT_FORMATS, export, export_on_cluster
    from netpipe.outputs.render.html_on_cluster import network_html_on_cluster
    from netpipe.outputs.render.periods_on_cluster import period_images_on_cluster

    result.warnings = len(ties.tables.report.warnings)
    formats = [name for name in DEFAULT_FORMATS if name in CLUSTER_FORMATS]
    whole = whole_on_cluster(ties)
    with output_folder(out, protect=[data]) as folder:
        named = join_names([_FORMAT_NAMES[name] for name in formats], "and")
        links = [*LINKS[:2], (f"Exports: the network as {named}, and every result computed", "exports/")]
        views = _ON_THE_CLUSTER.format(count=ties.count)
        analysed = {"dates": None if dates is None else list(dates), "start": start, "end": end, "seed": seed}
        results, found = _report_on_cluster(ties, folder, title, links, views, stage, **analysed)
        stage("network view")
        measures, heading = results.centrality, title_of(ties.tables, title).title
        network_html_on_cluster(
            whole, folder / "network.html", measures["degree"], measures, max_nodes, seed, heading,
            dates=dates, start=start, end=end,
        )  # fmt: skip
        stage("period images")
        period_images_on_cluster(
            whole, folder / "periods", dates, every, measures["degree"], seed, max_nodes, start=start, end=end
        )
        stage("exports")
        export_on_cluster(whole, folder / "exports", formats, **written)
        export(nodes_of(whole), folder / "exports", formats=(), measures={**results.tables(), **found})
        stage("")


def _report_on_cluster(
    ties: ClusterTies,
    folder: Path,
    title: str | None,
    links: list[tuple[str, str]] | None,
    views: str = "",
    stage: Callable[[str], None] | None = None,
    **analysed: Any,
) -> tuple[Analyses, dict[str, pd.DataFrame]]:
    """Analyse ties that stay on the cluster and write their report into ``folder`` (see :func:`run`
    and :func:`write_report`); return the results and the evidence. ``stage`` is called as each stage
    starts."""
    from netpipe.analysis.everything_on_cluster import analyse_on_cluster
    from netpipe.io.summary_on_cluster import summarize_on_cluster
    from netpipe.io.title import title_of
    from netpipe.outputs.report.evidence_on_cluster import evidence_on_cluster

    def step(name: str) -> None:
        if stage is not None:
            stage(name)

    results = analyse_on_cluster(ties, progress=lambda name: step(f"analyse: {name}"), **analysed)
    step("report")
    found = evidence_on_cluster(ties)
    heading = title_of(ties.tables, title).title
    write_report(ties.tables, results, folder, heading, found, links, summarize_on_cluster(ties), views)
    return results, found


#: The export formats as the report names them.
_FORMAT_NAMES = {"graphml": "GraphML", "gexf": "GEXF", "json": "JSON", "csv": "CSV", "parquet": "Parquet"}
#: What the report of a run whose ties stayed on the cluster says of its views and files.
_ON_THE_CLUSTER = (
    "The {count:,} ties stayed on the Dask cluster, more than the run gathers: the network view and the "
    "period images draw the largest nodes and the strongest ties among them, as a run in memory does, and "
    "the exports hold the network's tables and every result, but not the data package (the whole dataset "
    "as read in one process)."
)


def report(
    data: str | Path,
    out: str | Path,
    *,
    seed: int = 42,
    title: str | None = None,
    note: Callable[[str], None] | None = None,
    dates: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    cluster: Client | None = None,
    gather_limit: int = RUN_GATHER_LIMIT,
) -> list[Path]:
    """Analyse the dataset in ``data`` and write its report alone into ``out``; return the paths.

    ``note`` is called with each note of the analyses (sampling, non-convergence);
    ``title`` overrides the dataset's (see :func:`netpipe.io.title.title_of`); ``dates``,
    ``start`` and ``end`` choose the dates the report follows the network through, and
    ``cluster`` and ``gather_limit`` where the ties are read and analysed, as for :func:`run`.
    """
    from netpipe.analysis.everything import analyse
    from netpipe.io.dask_validation import gathered_tables, read_on_cluster
    from netpipe.io.title import title_of
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network

    _check_focus(dates, start, end)
    ties = None if cluster is None else read_on_cluster(data, cluster)
    chosen = None if dates is None else list(dates)
    with output_folder(out, protect=[data], keep=True) as folder:
        if ties is not None and ties.count > gather_limit:
            results, _ = _report_on_cluster(
                ties, folder, title, None, dates=chosen, seed=seed, start=start, end=end
            )
        else:
            tables = read_tables(data) if ties is None else gathered_tables(ties)
            results = analyse(Network.from_tables(tables), chosen, seed=seed, start=start, end=end)
            write_report(tables, results, folder, title_of(tables, title).title)
    if note is not None:
        for text in results.notes:
            note(text)
    return [Path(out) / name for name in ("report.md", "report.html")]


def write_report(
    tables: Tables,
    results: Analyses,
    folder: Path,
    title: str,
    found: dict[str, pd.DataFrame] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    summary: dict[str, Any] | None = None,
    views: str = "",
) -> list[Path]:
    """Write ``report.md``, ``report.html`` and their plots into ``folder``; return the paths.

    The report links to ``links`` (text, path in ``folder``), by default to the views and
    exports ``folder`` holds (a report written alone links to no page it does not have), and says
    ``views`` of them. ``found`` is :func:`netpipe.outputs.report.build.evidence` of the tables and
    ``summary`` their :func:`netpipe.io.summary.summarize`, if already computed.
    """
    from netpipe.outputs.report.build import evidence, report_sections
    from netpipe.outputs.report.document import to_html, to_markdown

    found = evidence(tables) if found is None else found
    if links is None:
        links = [(text, path) for text, path in LINKS if (folder / path).exists()]  # only what is there
    sections = report_sections(tables, found, results, folder, list(links), summary, views)
    return [
        write_text(folder / "report.md", to_markdown(title, sections)),
        write_text(folder / "report.html", to_html(title, sections)),
    ]


def write_views(
    graph: NetworkLike | ClusterSelection,
    out: str | Path,
    size_by: str = "degree",
    *,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    max_nodes: int = 2000,
    seed: int = 42,
    title: str | None = None,
    protect: Sequence[str | Path] = (),
    start: str | None = None,
    end: str | None = None,
    gather_limit: int | None = None,
) -> list[Path]:
    """Write ``network.html`` into ``out`` and, with ``dates``, ``every``, ``start`` or ``end``,
    the period images (of the dates wholly within ``start`` to ``end``, as is the page's slider).

    Nodes are sized by the centrality measure ``size_by`` (see
    :data:`netpipe.analysis.centrality.MEASURES`), whose values the tooltips show with the
    other measures. Returns the page and, if drawn, the folder of the period images.

    ``graph`` may be a selection of a network on a Dask cluster (:mod:`netpipe.model.on_cluster`):
    its nodes are then measured by :func:`~netpipe.analysis.on_cluster.centrality_on_cluster`
    (``gather_limit``, by default its own) and it is drawn by
    :func:`~netpipe.outputs.render.html_on_cluster.network_html_on_cluster` and
    :func:`~netpipe.outputs.render.periods_on_cluster.period_images_on_cluster`: the same files.
    """
    from netpipe.analysis.centrality import MEASURES, centrality
    from netpipe.io.errors import ArgumentError
    from netpipe.model.on_cluster import ClusterSelection

    if size_by not in MEASURES:
        raise ArgumentError(f'"{size_by}" is not a measure: use {", ".join(MEASURES)}')
    page: Callable[..., Path]
    if on_cluster := isinstance(graph, ClusterSelection):
        from netpipe.analysis.on_cluster import GATHER_LIMIT, GATHERED_ONLY, centrality_on_cluster
        from netpipe.io.errors import TooLarge
        from netpipe.outputs.render.html_on_cluster import network_html_on_cluster as page

        limit = GATHER_LIMIT if gather_limit is None else gather_limit
        measures = centrality_on_cluster(graph, gather_limit=limit).table
        if size_by in GATHERED_ONLY and measures[size_by].isna().all() and measures["degree"].notna().any():
            raise TooLarge(
                f"the nodes cannot be sized by {size_by}: it needs the whole projection in one process, "
                f"above the gather limit ({limit:,}); size them by degree, in_degree, out_degree or pagerank"
            )
    else:
        from netpipe.outputs.render.html import network_html as page

        measures = centrality(graph).table
    sizes = measures[size_by]
    out = Path(out)
    drawn = ["periods"] if dates or every or start or end else []  # the images of an earlier render go
    with output_folder(out, protect, keep=True, fresh=drawn) as folder:
        page(
            graph, folder / "network.html", sizes, measures, max_nodes, seed, title,
            dates=dates, every=every, start=start, end=end,
        )  # fmt: skip
        if not (dates or every or start or end):
            return [out / "network.html"]
        # matplotlib: only when drawn
        images: Callable[..., list[Path]]
        if on_cluster:
            from netpipe.outputs.render.periods_on_cluster import period_images_on_cluster as images
        else:
            from netpipe.outputs.render.periods import period_images as images

        images(graph, folder / "periods", dates, every, sizes, seed, max_nodes, start=start, end=end)
    return [out / "network.html", out / "periods"]


def _check_focus(dates: Sequence[str] | None, start: str | None, end: str | None) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` for a date of ``dates`` that is not one, or
    a period (``start`` to ``end``) that is not one."""
    import networkx as nx

    from netpipe.model.selection import timeline

    timeline(nx.MultiDiGraph(), list(dates or []), start=start, end=end)  # given dates: no graph read
