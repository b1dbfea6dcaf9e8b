"""The Frictionless Data Package that declares a dataset, so Table Schema tools validate it."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

from netpipe.io.atomic import write_text
from netpipe.io.contract import CERTAINTIES, EDGES, NODE_KINDS, NODES, RELATION_KINDS, RELATIONS
from netpipe.io.errors import OutputError
from netpipe.io.small_files import NotReadable, loads_json, read_small
from netpipe.io.typed_tables import Tables

__all__ = ["datapackage", "keep_what_the_user_wrote", "to_json", "write_datapackage_json"]

_ONE_DATE = r"-?([0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)(-([0-9]{2}|XX)(-([0-9]{2}|XX))?)?[?~%]?"
_DATE = rf"^({_ONE_DATE}(/{_ONE_DATE})?)?$"
_DESCRIPTIONS = {
    "id": "Identifier (text)",
    "name": "Name",
    "kind": "person or organization (blank: person)",
    "aliases": "Name variants, separated by |",
    "start": "Start (for a person: birth), EDTF: YYYY, YYYY-MM or YYYY-MM-DD (-0043: 44 BC), X digits "
    "(193X, 1932-XX), optional ?, ~ or %, or a range START/END",
    "end": "End (for a person: death), same format as start",
    "group": "Faction or affiliation",
    "description": "Short description",
    "citation": "The work that states it",
    "source": "Id of the node the tie starts from",
    "target": "Id of the node the tie goes to",
    "relation": "Relation type, declared in relations.csv",
    "certainty": "certain, probable, possible or alleged (blank: certain)",
    "note": "Note",
    "weight": "Positive number (blank: 1)",
    "claim": "Claim id: the rows that are rival readings of one fact share it (blank: none)",
    "directed": "true or false",
    "sign": "+1 ally-like, -1 hostile, 0 neutral",
    "inverse": "How the tie reads from the target's side",
}


def datapackage(tables: Tables, folder: str | Path) -> dict[str, Any]:
    """The ``datapackage.json`` of a dataset: its files, fields, primary and foreign keys.

    Every column is declared as a string (identifiers stay text), with patterns and
    enumerations for dates and vocabularies; extra columns are declared too.
    """
    nodes = _resource(NODES.name, tables.user_columns["nodes"], primary="id", required=NODES.required)
    edges = _resource(
        EDGES.name,
        tables.user_columns["edges"],
        primary="id" if "id" in tables.user_columns["edges"] else None,
        required=EDGES.required,
    )
    keys = [
        {"fields": end, "reference": {"resource": "nodes", "fields": "id"}} for end in ("source", "target")
    ]
    resources = [nodes, edges]
    if "relations" in tables.user_columns:
        resources.append(
            _resource(
                RELATIONS.name,
                tables.user_columns["relations"],
                primary="relation",
                required=RELATIONS.required,
            )
        )
        # relations.csv adds to the built-in relations: it is a key only if it declares every one used
        if tables.edges["relation"].isin(tables.declared_relations).all():
            keys.append({"fields": "relation", "reference": {"resource": "relations", "fields": "relation"}})
    edges["schema"]["foreignKeys"] = keys
    return {
        "name": _package_name(Path(folder).resolve().name),
        "title": f"netpipe network: {Path(folder).resolve().name}",
        "profile": "tabular-data-package",
        "resources": resources,
    }


def keep_what_the_user_wrote(package: dict[str, Any], path: str | Path) -> dict[str, Any]:
    """``package`` with what the ``datapackage.json`` at ``path`` already holds kept.

    netpipe rewrites the schemas of the files it knows (nodes, edges, relations) and
    keeps the rest: every property of the package (title, description, licenses,
    sources, ...), the titles and descriptions written on the fields of its files, and
    every other resource. Without a file at ``path``, ``package`` is returned as it is.

    Raises
    ------
    OutputError
        The file is not a JSON object; it is left as it is.
    """
    path = Path(path)
    if not os.path.lexists(path):
        return package
    try:
        data = read_small(path)
    except NotReadable as error:
        raise OutputError(f"{error}: netpipe updates only a regular file of JSON; fix or move it") from None
    except OSError as error:
        raise OutputError(f'"{path}" cannot be read ({error.strerror}): fix or move it') from None
    try:
        existing = loads_json(data.decode("utf-8"))
    except ValueError as error:
        raise OutputError(f'"{path}" is not JSON netpipe can update ({error}): fix or move it') from None
    if not isinstance(existing, dict):
        raise OutputError(f'"{path}" is not a JSON object: fix or move it')
    if not isinstance(existing.get("resources", []), list):
        raise OutputError(f'"{path}": its "resources" is not a list: fix or move it')
    ours = {r["name"]: r for r in package["resources"]}
    resources = []
    for resource in existing.get("resources", []):
        name = resource.get("name") if isinstance(resource, dict) else None
        mine = isinstance(name, str) and name in ours
        resources.append(_keep_field_texts(ours.pop(name), resource) if mine else resource)
    return {**package, **existing, "resources": resources + list(ours.values())}


def _keep_field_texts(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Our resource, with the titles and descriptions the user gave its fields."""
    fields = theirs.get("schema", {}).get("fields", []) if isinstance(theirs.get("schema"), dict) else []
    fields = fields if isinstance(fields, list) else []
    written = {f["name"]: f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)}
    for field in ours["schema"]["fields"]:
        for key in ("title", "description"):
            if key in written.get(field["name"], {}):
                field[key] = written[field["name"]][key]
    return ours


def _package_name(folder_name: str) -> str:
    """A package name as Frictionless requires it: lower-case ASCII letters, digits, ``-_.``."""
    ascii_name = unicodedata.normalize("NFKD", folder_name).encode("ascii", "ignore").decode().lower()
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in ascii_name)
    return name.strip("-") or "dataset"


def _resource(
    file: str, columns: list[str], primary: str | None, required: tuple[str, ...]
) -> dict[str, Any]:
    """One CSV file as a tabular data resource; the contract's required columns must be filled."""
    kinds = NODE_KINDS if file == NODES.name else RELATION_KINDS
    schema: dict[str, Any] = {
        "fields": [_field(c, c == primary or c in required, kinds) for c in columns],
        "missingValues": [""],
    }
    if primary:
        schema["primaryKey"] = [primary]
    return {
        "name": file.removesuffix(".csv"),
        "path": file,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column: str, required: bool, kinds: tuple[str, ...]) -> dict[str, Any]:
    """One column's Table Schema field."""
    field: dict[str, Any] = {"name": column, "type": "string"}
    if column in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[column]
    constraints: dict[str, Any] = {"required": True} if required else {}
    if column in ("start", "end"):
        constraints["pattern"] = _DATE
    enums = {
        "certainty": CERTAINTIES,
        "directed": ("true", "false"),
        "sign": ("1", "+1", "-1", "0"),
        "kind": kinds,
    }
    if column in enums:
        constraints["enum"] = list(enums[column])
    if column == "weight":
        field["type"] = "number"
    if constraints:
        field["constraints"] = constraints
    return field


def to_json(package: dict[str, Any]) -> str:
    """The package as indented JSON text."""
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write_datapackage_json(tables: Tables, folder: str | Path, path: str | Path | None = None) -> Path:
    """Write the ``datapackage.json`` of the dataset in ``folder``; return its path.

    ``path`` defaults to ``folder/datapackage.json``. What an existing file holds is kept
    as :func:`keep_what_the_user_wrote` says.

    Raises
    ------
    OutputError
        The file cannot be written or is not a JSON object netpipe can update.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> tables = netpipe.read_tables("tests/data/valid")
    >>> path = write_datapackage_json(tables, "tests/data/valid", f"{folder.name}/dp.json")
    >>> path.name
    'dp.json'
    >>> folder.cleanup()
    """
    target = Path(folder) / "datapackage.json" if path is None else Path(path)
    text = to_json(keep_what_the_user_wrote(datapackage(tables, folder), target))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if target.is_file() else None
        return write_text(target, text, mode)  # an existing file keeps its mode (a private one stays so)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
