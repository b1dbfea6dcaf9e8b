"""Finding people by id, name or alias: case and accent insensitive, with suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

import pandas as pd

from netpipe.io.errors import NotFound

__all__ = ["AmbiguousName", "UnknownName", "describe_ids", "name_index", "normalize", "resolve", "suggest"]


class UnknownName(NotFound):
    """No node has this id, name or alias."""


class AmbiguousName(NotFound):
    """Several nodes share this name or alias."""


def normalize(text: str) -> str:
    """Fold case, accents, spacing and invisible characters: ``Lavrentiy  BERIA`` is ``Lavrentiy Beria``.

    >>> normalize("  Ordzhonikidze, Grigóriy ")
    'ordzhonikidze, grigoriy'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return " ".join(bare.casefold().split())


def name_index(nodes: pd.DataFrame) -> dict[str, set[str]]:
    """Map each normalized id, name and alias to the ids of the nodes that carry it.

    ``nodes`` is indexed by id with a ``name`` column and an optional ``aliases``
    column (``|``-separated).
    """
    index: dict[str, set[str]] = {}
    names = nodes["name"] if "name" in nodes else pd.Series("", index=nodes.index)
    aliases = nodes["aliases"] if "aliases" in nodes else pd.Series("", index=nodes.index)
    for node_id, name, alias_text in zip(nodes.index, names, aliases, strict=True):
        for key in (node_id, name, *str(alias_text).split("|")):
            if str(key).strip():
                index.setdefault(normalize(str(key)), set()).add(node_id)
    return index


def suggest(value: str, index: dict[str, set[str]], limit: int = 3) -> list[str]:
    """The ids whose id, name or alias is closest to ``value``."""
    key = normalize(value)
    if key in index:
        return sorted(index[key])
    found: list[str] = []
    for match in difflib.get_close_matches(key, index.keys(), n=limit, cutoff=0.6):
        found += [i for i in sorted(index[match]) if i not in found]
    return found[:limit]


def resolve(value: str, nodes: pd.DataFrame, index: dict[str, set[str]] | None = None) -> str:
    """The id of the one node whose id, name or alias is ``value``.

    Raises
    ------
    AmbiguousName
        Several nodes match; the message lists them.
    UnknownName
        None matches; the message suggests the closest.
    """
    if value in nodes.index:
        return value
    index = name_index(nodes) if index is None else index
    ids = index.get(normalize(value), set())
    if len(ids) == 1:
        return next(iter(ids))
    if ids:
        raise AmbiguousName(f'"{value}" could be any of: {describe_ids(sorted(ids), nodes)}')
    close = suggest(value, index)
    hint = f"; did you mean {describe_ids(close, nodes)}?" if close else ""
    raise UnknownName(f'no one is called "{value}"{hint}')


def describe_ids(ids: Iterable[str], nodes: pd.DataFrame) -> str:
    """``"stalin" (Joseph Stalin)`` for each id; just ``"stalin"`` if the name is blank."""
    return ", ".join(_describe_id(i, nodes) for i in ids)


def _describe_id(node_id: str, nodes: pd.DataFrame) -> str:
    """One id with its name in brackets, if it has one."""
    name = str(nodes.at[node_id, "name"]) if "name" in nodes else ""
    return f'"{node_id}" ({name})' if name.strip() else f'"{node_id}"'
