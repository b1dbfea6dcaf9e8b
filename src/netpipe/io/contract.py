"""The data contract: the files of a dataset, their columns, and the built-in relations."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CERTAINTIES", "DEFAULT_RELATIONS", "EDGES", "NODES", "RELATIONS", "FileSpec"]


@dataclass(frozen=True)
class FileSpec:
    """One CSV file of the contract."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    dates: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """The known columns, required first."""
        return self.required + self.optional


NODES = FileSpec(
    "nodes.csv",
    ("id", "name"),
    ("kind", "aliases", "start", "end", "group", "description", "citation", "calendar"),
    dates=("start", "end"),
)
EDGES = FileSpec(
    "edges.csv",
    ("source", "target", "relation"),
    ("id", "start", "end", "certainty", "citation", "note", "weight", "claim", "calendar"),
    dates=("start", "end"),
)
RELATIONS = FileSpec(
    "relations.csv", ("relation", "directed", "sign", "kind"), ("inverse", "description", "flow")
)

#: Node kinds; a blank kind means ``person``.
NODE_KINDS = ("person", "organization")
#: Certainty levels, surest first; a blank certainty means ``certain``.
CERTAINTIES = ("certain", "probable", "possible", "alleged")
#: Relation kinds: a ``state`` lasts, an ``event`` happens once.
RELATION_KINDS = ("state", "event")

#: The relations that apply when a dataset has no relations.csv. ``flow``: whether standing passes
#: along the tie, from source to target (both ways for an undirected tie), as PageRank and in/out
#: degree read it: an ally's support goes both ways, a deputy serves his chief; a rivalry and an
#: arrest confer no standing (and ``arrested-by`` reads from the one arrested).
DEFAULT_RELATIONS = {
    "ally": {
        "directed": False,
        "sign": 1,
        "kind": "state",
        "inverse": "",
        "description": "A and B were allies",
        "flow": True,
    },
    "rival": {
        "directed": False,
        "sign": -1,
        "kind": "state",
        "inverse": "",
        "description": "A and B were rivals",
        "flow": False,
    },
    "arrested-by": {
        "directed": True,
        "sign": -1,
        "kind": "event",
        "inverse": "arrested",
        "description": "A was arrested by B",
        "flow": False,
    },
    "deputy-of": {
        "directed": True,
        "sign": 1,
        "kind": "state",
        "inverse": "had as deputy",
        "description": "A was B's deputy",
        "flow": True,
    },
}
