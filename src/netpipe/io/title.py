"""The title of a dataset, as the page, the report and the exports show it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from netpipe.io.small_files import loads_json, read_beside

if TYPE_CHECKING:
    from netpipe.io.typed_tables import Tables

__all__ = ["Title", "dataset_title", "title_of"]

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Title:
    """A dataset's title and its description (blank when the dataset gives none)."""

    title: str
    description: str = ""


def title_of(tables: Tables, title: str | None = None) -> Title:
    """The title of the dataset of some tables: from their folder (see :func:`dataset_title`),
    else from the ``title`` and ``description`` of the graph they were made from.

    >>> import networkx as nx
    >>> from netpipe.model.networkx_adapter import graph_tables
    >>> title_of(graph_tables(nx.Graph(title="Florence, 1430"))).title
    'Florence, 1430'
    """
    if tables.folder is not None:
        return dataset_title(tables.folder, tables.name, title)
    written = {k: tables.attributes.get(k) for k in ("title", "description")}
    text = {k: v.strip() if isinstance(v, str) else "" for k, v in written.items()}
    chosen = title.strip() if title is not None and title.strip() else text["title"] or tables.name
    return Title(chosen, text["description"])


def dataset_title(folder: str | Path | None, name: str = "", title: str | None = None) -> Title:
    """The title of the dataset in ``folder``.

    In order: ``title`` when given (a user's ``--title``); the ``title`` (and
    ``description``) of the folder's ``datapackage.json``; the first heading of its
    ``README.md``; else ``name`` (the folder's name by default).

    Parameters
    ----------
    folder : str or Path, optional
        The dataset folder (None for tables made otherwise).
    name : str
        The fallback; default the folder's name.
    title : str, optional
        A title that overrides the dataset's own.

    Returns
    -------
    Title
        The title, and the description of ``datapackage.json`` when it has one.

    Examples
    --------
    >>> dataset_title("data").title
    'The Ordzhonikidze dataset'
    >>> dataset_title("data", title="Sergo's circle").title
    "Sergo's circle"
    >>> dataset_title(None, "tables").title
    'tables'
    """
    package = _package(Path(folder) / "datapackage.json") if folder is not None else {}
    description = package.get("description", "")
    description = description.strip() if isinstance(description, str) else ""
    if title is not None and title.strip():
        return Title(title.strip(), description)
    written = package.get("title", "")
    if isinstance(written, str) and written.strip():
        return Title(written.strip(), description)
    heading = _first_heading(Path(folder) / "README.md") if folder is not None else ""
    if heading:
        return Title(heading, description)
    return Title(name or (Path(folder).resolve().name if folder is not None else "network"), description)


def _package(path: Path) -> dict[str, object]:
    """The JSON object of a ``datapackage.json``; empty when absent or not an object."""
    data = read_beside(path)
    try:
        package = loads_json(data) if data is not None else {}
    except ValueError:
        return {}
    return package if isinstance(package, dict) else {}


def _first_heading(path: Path) -> str:
    """The text of the first Markdown heading (``# ...``) outside code blocks, or ``""``."""
    data = read_beside(path)
    if data is None:
        return ""
    try:
        lines = data.decode("utf-8").splitlines()
    except ValueError:
        return ""
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            return match.group(1).strip()
    return ""
