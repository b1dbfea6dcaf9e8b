"""Exports of a network for other tools: GraphML, GEXF, JSON, CSV, Parquet and a data package.

Every file is written atomically (a temporary file renamed into place) as UTF-8. Each
writer takes any network: any NetworkX graph, a view of one (from
:func:`~netpipe.model.selection.snapshot` and friends), or a
:class:`~netpipe.model.network.Network` (as ``netpipe run`` uses on large data).

Where the attributes come from
------------------------------
Every writer works from the typed tables of the network's selection (a NetworkX graph
or view is turned into tables as it is now, see :func:`netpipe.model.networkx_adapter.graph_tables`):
each node and tie with every non-blank column as written, plus ``kind`` on nodes and
``directed`` and ``weight`` on ties (the graph's attributes as :func:`netpipe.load`
builds them). One vectorized writer serves every format (whole columns escaped and
joined at once, see :mod:`netpipe.outputs.exports.columns`), and ties are listed in the order a
MultiDiGraph lists them (by source node). The data package is always the whole dataset.

A selection whose ties stay on a Dask cluster is written in every format but the data package by
:func:`export_on_cluster`: the same files, their ties made by the workers that hold them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from netpipe.io.errors import ArgumentError
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.on_cluster import ClusterSelection
from netpipe.outputs.exports.csv_files import write_edges_csv, write_measures_csv, write_nodes_csv
from netpipe.outputs.exports.csv_on_cluster import write_edges_csv_on_cluster, write_nodes_csv_on_cluster
from netpipe.outputs.exports.datapackage import write_datapackage
from netpipe.outputs.exports.gexf import UndirectedType, check_undirected_type, write_gexf
from netpipe.outputs.exports.graphml import write_graphml
from netpipe.outputs.exports.graphs_on_cluster import (
    write_gexf_on_cluster,
    write_graphml_on_cluster,
    write_json_on_cluster,
)
from netpipe.outputs.exports.nodelink import LinkKey, check_link_key, write_json
from netpipe.outputs.exports.parquet_files import write_edges_parquet, write_nodes_parquet
from netpipe.outputs.exports.parquet_on_cluster import (
    write_edges_parquet_on_cluster,
    write_nodes_parquet_on_cluster,
)
from netpipe.outputs.folder import output_folder

__all__ = [
    "CLUSTER_FORMATS",
    "DEFAULT_FORMATS",
    "FORMATS",
    "cluster_formats",
    "export",
    "export_on_cluster",
    "write_datapackage",
    "write_edges_csv",
    "write_edges_parquet",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_measures_csv",
    "write_nodes_csv",
    "write_nodes_parquet",
]

#: The export formats, in the order :func:`export` writes them.
FORMATS = ("graphml", "gexf", "json", "csv", "parquet", "datapackage")
#: The formats :func:`export` writes unless told (those of ``netpipe run``): all but Parquet, which
#: costs a run of a million ties 2 s more for a copy of the CSVs' data; ask for it by name.
DEFAULT_FORMATS = tuple(name for name in FORMATS if name != "parquet")
#: The formats :func:`export_on_cluster` writes: those of the selection, whose ties the workers make
#: bucket by bucket (not the data package, the whole dataset as it was read).
CLUSTER_FORMATS = tuple(name for name in FORMATS if name != "datapackage")


def export(
    graph: NetworkLike,
    out_dir: str | Path = "outputs",
    formats: str | Iterable[str] = DEFAULT_FORMATS,
    measures: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
    protect: Sequence[str | Path] = (),
    link_key: LinkKey = "edges",
    gexf_undirected: UndirectedType = "undirected",
) -> list[Path]:
    """Write a network in several formats into one folder.

    ========================  =========================================================
    format                    written in ``out_dir``
    ========================  =========================================================
    ``graphml``               ``network.graphml`` (:func:`write_graphml`)
    ``gexf``                  ``network.gexf`` (:func:`write_gexf`)
    ``json``                  ``network.json`` (:func:`write_json`)
    ``csv``                   ``network-nodes.csv``, ``network-edges.csv``
    ``parquet``               the folders ``network-nodes.parquet/``, ``network-edges.parquet/``
                              of parts (:mod:`~netpipe.outputs.exports.parquet_files`)
    ``datapackage``           the folder ``datapackage/`` (:func:`write_datapackage`)
    ========================  =========================================================

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network`.
    out_dir : str or Path
        The folder to write into: absent, empty, or written by netpipe (see
        :func:`netpipe.outputs.folder.output_folder`). Files netpipe wrote there before
        and does not write again are kept.
    formats : str or iterable of str
        Some of :data:`FORMATS`, or ``"all"``; default :data:`DEFAULT_FORMATS` (all but ``parquet``).
    measures : pandas.DataFrame or dict of str to DataFrame, optional
        Result tables to write too: one as ``measures.csv``, a dict as ``{name}.csv``
        each (with :func:`write_measures_csv`).
    protect : sequence of paths
        Folders ``out_dir`` may be neither one of nor hold (the data folder).
    link_key : {"edges", "links"}
        The key of the ties in ``network.json``: ``edges`` (NetworkX's default) or ``links``
        (D3's); see :data:`netpipe.outputs.exports.nodelink.LINK_KEYS`.
    gexf_undirected : {"undirected", "mutual"}
        The type of an undirected tie in ``network.gexf``: ``undirected`` (Gephi's reading)
        or ``mutual`` (``networkx.read_gexf``'s); see
        :data:`netpipe.outputs.exports.gexf.UNDIRECTED_TYPES`.

    Returns
    -------
    list of Path
        The files (and the package's ``datapackage.json``) written, in order.

    Raises
    ------
    ArgumentError
        An unknown format, a ``link_key`` other than ``edges`` and ``links``, or a
        ``gexf_undirected`` other than ``undirected`` and ``mutual``.
    OutputError
        ``out_dir`` is not a folder netpipe may write (a file, a folder of other files,
        the data folder); nothing was written.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> paths = export(netpipe.load("tests/data/valid"), folder.name, formats=["json", "csv"])
    >>> [p.name for p in paths]
    ['network.json', 'network-nodes.csv', 'network-edges.csv']
    >>> folder.cleanup()
    """
    chosen = _formats(formats)
    check_link_key(link_key)
    check_undirected_type(gexf_undirected)
    selection = selection_of(graph)
    with output_folder(out_dir, protect, keep=True) as folder:
        written = _write(selection, folder, chosen, measures, link_key, gexf_undirected)
    return [Path(out_dir) / path.relative_to(folder) for path in written]


def export_on_cluster(
    selection: ClusterSelection,
    out_dir: str | Path,
    formats: str | Iterable[str] = CLUSTER_FORMATS,
    protect: Sequence[str | Path] = (),
    link_key: LinkKey = "edges",
    gexf_undirected: UndirectedType = "undirected",
) -> list[Path]:
    """Write a selection whose ties are on a Dask cluster in some of :data:`CLUSTER_FORMATS`, as
    :func:`export` writes the same selection in memory (the same files, the same bytes, and the
    same tables for Parquet), the ties made by the workers that hold them.

    Parameters
    ----------
    selection : ClusterSelection
        A selection of a network whose ties are on a Dask cluster
        (:mod:`netpipe.model.on_cluster`).
    out_dir : str or Path
        The folder to write into (as :func:`export`); the workers write the Parquet parts into
        its temporary folder, which they must reach by its absolute path.
    formats : str or iterable of str
        Some of :data:`CLUSTER_FORMATS` (default all of them), or ``"all"`` (the same).
    protect : sequence of paths
        Folders ``out_dir`` may be neither one of nor hold (the data folder).
    link_key : {"edges", "links"}
        The key of the ties in ``network.json`` (as :func:`export`).
    gexf_undirected : {"undirected", "mutual"}
        The type of an undirected tie in ``network.gexf`` (as :func:`export`).

    Returns
    -------
    list of Path
        The files and folders written, in order.

    Raises
    ------
    ArgumentError
        A format other than those of :data:`CLUSTER_FORMATS`, a ``link_key`` other than ``edges``
        and ``links``, or a ``gexf_undirected`` other than ``undirected`` and ``mutual``.
    OutputError
        ``out_dir`` is not a folder netpipe may write; nothing was written.
    """
    chosen = cluster_formats(formats)
    check_link_key(link_key)
    check_undirected_type(gexf_undirected)
    writers: dict[str, Callable[[Path], list[Path]]] = {
        "graphml": lambda out: [write_graphml_on_cluster(selection, out / "network.graphml")],
        "gexf": lambda out: [write_gexf_on_cluster(selection, out / "network.gexf", gexf_undirected)],
        "json": lambda out: [write_json_on_cluster(selection, out / "network.json", link_key)],
        "csv": lambda out: [
            write_nodes_csv_on_cluster(selection, out / "network-nodes.csv"),
            write_edges_csv_on_cluster(selection, out / "network-edges.csv"),
        ],
        "parquet": lambda out: [
            write_nodes_parquet_on_cluster(selection, out / "network-nodes.parquet"),
            write_edges_parquet_on_cluster(selection, out / "network-edges.parquet"),
        ],
    }
    with output_folder(out_dir, protect, keep=True) as folder:
        written = [path for name in CLUSTER_FORMATS if name in chosen for path in writers[name](folder)]
    return [Path(out_dir) / path.relative_to(folder) for path in written]


def cluster_formats(formats: str | Iterable[str]) -> set[str]:
    """The formats chosen of :func:`export_on_cluster` (``all``: every one of :data:`CLUSTER_FORMATS`);
    :class:`ArgumentError` for the data package."""
    chosen = {formats} if isinstance(formats, str) else set(formats)
    if "all" in chosen:
        return set(CLUSTER_FORMATS)
    chosen = _formats(chosen)
    if "datapackage" in chosen:
        raise ArgumentError(
            "a network on a cluster is exported as "
            f"{', '.join(CLUSTER_FORMATS)} (the selection), not as a datapackage (the whole dataset as it "
            "was read: export it without a cluster)"
        )
    return chosen


def _write(
    graph: NetworkLike,
    out: Path,
    chosen: set[str],
    measures: pd.DataFrame | Mapping[str, pd.DataFrame] | None,
    link_key: LinkKey = "edges",
    gexf_undirected: UndirectedType = "undirected",
) -> list[Path]:
    """Write the chosen formats and the measures into the folder ``out``."""
    writers = {
        "graphml": lambda: [write_graphml(graph, out / "network.graphml")],
        "gexf": lambda: [write_gexf(graph, out / "network.gexf", gexf_undirected)],
        "json": lambda: [write_json(graph, out / "network.json", link_key)],
        "csv": lambda: [
            write_nodes_csv(graph, out / "network-nodes.csv"),
            write_edges_csv(graph, out / "network-edges.csv"),
        ],
        "parquet": lambda: [
            write_nodes_parquet(graph, out / "network-nodes.parquet"),
            write_edges_parquet(graph, out / "network-edges.parquet"),
        ],
        "datapackage": lambda: [write_datapackage(graph, out / "datapackage")],
    }
    paths = [path for name in FORMATS if name in chosen for path in writers[name]()]
    if isinstance(measures, pd.DataFrame):
        measures = {"measures": measures}
    for name, table in (measures or {}).items():
        paths.append(write_measures_csv(table, out / f"{name}.csv"))
    return paths


def _formats(formats: str | Iterable[str]) -> set[str]:
    """The chosen formats; ``all`` stands for every one."""
    chosen = {formats} if isinstance(formats, str) else set(formats)
    if "all" in chosen:
        return set(FORMATS)
    unknown = sorted(chosen - set(FORMATS))
    if unknown:
        raise ArgumentError(
            f"unknown export format(s): {', '.join(unknown)} (use {', '.join(FORMATS)} or all)"
        )
    return chosen
