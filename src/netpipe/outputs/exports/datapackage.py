"""The dataset itself as a Frictionless Data Package: its CSV files and datapackage.json."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from netpipe.io import describe
from netpipe.io.typed_tables import Tables
from netpipe.model.network import NetworkLike, selection_of
from netpipe.outputs.folder import output_folder

__all__ = ["PACKAGE_FILES", "write_datapackage"]

#: The files of a written package; a folder holding anything else is not replaced.
PACKAGE_FILES = ("nodes.csv", "edges.csv", "relations.csv", "datapackage.json")


def write_datapackage(graph: NetworkLike, folder: str | Path) -> Path:
    """Write the whole dataset as a Frictionless Data Package into ``folder``.

    The package holds ``nodes.csv``, ``edges.csv``, ``relations.csv`` (when the dataset
    had one) and ``datapackage.json`` (from :func:`netpipe.io.describe.datapackage`), so
    ``frictionless validate folder/datapackage.json`` passes and ``netpipe.load(folder)``
    reads the same network. It is the full dataset as loaded, whatever ``graph``
    selects: the files are data to reuse, so their text is written as it is (not
    neutralized for spreadsheets). When the tables know the folder they were read from
    (:attr:`netpipe.io.typed_tables.Tables.folder`), its CSV files are copied byte for byte;
    otherwise they are rebuilt from the tables, with the values netpipe filled in
    written filled in (a blank ``kind`` as ``person``, ``certainty`` as ``certain``,
    ``weight`` as ``1.0``).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a
        :class:`~netpipe.model.network.Network`.
    folder : str or Path
        The folder to write: absent, empty, or one netpipe wrote, replaced as a whole
        (see :func:`netpipe.outputs.folder.output_folder`).

    Returns
    -------
    Path
        The path of ``datapackage.json``.

    Raises
    ------
    OutputError
        ``folder`` is not one netpipe may replace (it holds other files, or is a file).

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = write_datapackage(netpipe.load("tests/data/valid"), folder.name + "/package")
    >>> sorted(p.name for p in path.parent.iterdir())
    ['.netpipe-manifest.json', 'datapackage.json', 'edges.csv', 'nodes.csv', 'relations.csv']
    >>> folder.cleanup()
    """
    folder = Path(folder)
    tables = selection_of(graph).tables
    with output_folder(folder) as temporary:
        source = tables.folder
        for name, frame in _files(tables).items():
            if source is not None and (source / name).is_file():
                shutil.copyfile(source / name, temporary / name)
            else:
                (temporary / name).write_text(_csv_text(frame), encoding="utf-8", newline="")
        package = describe.to_json(describe.datapackage(tables, folder))
        (temporary / "datapackage.json").write_text(package, encoding="utf-8", newline="")
    return folder / "datapackage.json"


def _csv_text(frame: pd.DataFrame) -> str:
    """CSV text; lines end with CRLF if a cell holds a carriage return, which is then quoted."""
    text = frame.select_dtypes(exclude="number").astype(str)
    carriage_return = bool(text.apply(lambda column: column.str.contains("\r", regex=False)).any().any())
    return str(frame.to_csv(index=False, lineterminator="\r\n" if carriage_return else "\n"))


def _files(tables: Tables) -> dict[str, pd.DataFrame]:
    """The dataset's files as tables of text, with the columns each file had."""
    files = {
        "nodes.csv": tables.nodes[tables.user_columns["nodes"]],
        "edges.csv": tables.edges[tables.user_columns["edges"]],
    }
    if "relations" in tables.user_columns:
        relations = tables.relations.reset_index(names="relation").assign(
            directed=lambda frame: frame["directed"].map({True: "true", False: "false"}),
            sign=lambda frame: frame["sign"].astype(str),
        )
        files["relations.csv"] = relations[tables.user_columns["relations"]]
    return files
