"""Ego networks: the people within a few steps of one person, and how each is tied to them."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from netpipe.analysis.common import project, ties_between
from netpipe.io.errors import ArgumentError, NotFound
from netpipe.io.names import resolve
from netpipe.model.network import Network, NetworkLike, as_network, selection_of
from netpipe.model.selection import restrict

__all__ = ["EgoNetwork", "ego", "restrict"]  # restrict is re-exported from netpipe.model.selection


@dataclass(frozen=True)
class EgoNetwork:
    """An ego network: the people within some steps of one person, and the ties among them."""

    network: NetworkLike
    """The ego network: a read-only view of the graph (a selection, for a selection)."""
    members: pd.DataFrame
    """One row per member (see :func:`ego`)."""

    def _repr_html_(self) -> str:
        """Who the ego is, how large the network is, and its members, for notebooks."""
        from netpipe.io.result_html import result_html

        ego = self.members["name"].iloc[0] if len(self.members) else ""
        size = f"{self.network.number_of_nodes():,} nodes, {self.network.number_of_edges():,} ties"
        return result_html(f"Ego network of {ego}", [size], {"members": self.members})


def ego(graph: NetworkLike, person: str, radius: int = 1) -> EgoNetwork:
    """The ego network of a person: everyone within ``radius`` steps, and the ties among them.

    Steps are counted on the undirected projection (any tie, whatever its direction).

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection (e.g. a snapshot).
    person : str
        The ego, by id, name or alias.
    radius : int
        How many steps out (1: the ego and its neighbours).

    Returns
    -------
    EgoNetwork
        ``network``: the graph restricted to the ego network; ``members``: one row per
        member, ego first, then by distance and node order: ``node``,
        ``name``, ``group`` (blank if the data has no groups), ``distance``, ``ties``
        (how many ties join it directly to the ego) and ``relations`` (their relations).

    Raises
    ------
    UnknownName, AmbiguousName
        ``person`` names no one, or several people.
    ValueError
        The person is absent from the selection, or ``radius`` is negative.

    Examples
    --------
    >>> import netpipe
    >>> G = netpipe.load("tests/data/valid")
    >>> koba = ego(G, "Koba")
    >>> sorted(koba.network.nodes)
    ['007', 'koba', 'sergo']
    >>> koba.members[["node", "distance", "ties", "relations"]].values.tolist()
    [['koba', 0, 0, ''], ['sergo', 1, 2, 'ally; rival'], ['007', 1, 1, 'deputy-of']]
    """
    if radius < 0:
        raise ArgumentError(f"the radius must be 0 or more, not {radius}")
    selection = selection_of(graph)
    nodes = selection.tables.nodes
    center = resolve(person, nodes)
    if center not in selection.nodes.index:
        raise NotFound(f"{nodes['name'][center]!s} ({center}) is not in the selection ({selection.label})")
    simple = project(selection).to_networkx()
    distance = nx.single_source_shortest_path_length(simple, center, cutoff=radius)
    members_only = restrict(selection, distance, f"ego network of {center}, radius {radius}")
    assert isinstance(members_only, Network)
    members = members_only.nodes.index
    table = pd.DataFrame(
        {
            "node": members,
            "name": nodes["name"].reindex(members).to_numpy(),
            "group": nodes["group"].reindex(members).to_numpy() if "group" in nodes else "",
            "distance": [distance[m] for m in members],
        }
    )
    table = table.sort_values("distance", kind="stable").reset_index(drop=True)
    ties = ties_between(selection, [center] * len(table), table["node"])
    ties = ties[(table["distance"] != 0).to_numpy()[ties["pair"].to_numpy()]]  # not the ego's own
    grouped = ties.groupby("pair")["relation"]
    table["ties"] = grouped.size().reindex(table.index, fill_value=0).to_numpy()
    joined = grouped.agg(lambda s: "; ".join(dict.fromkeys(s)))
    table["relations"] = joined.reindex(table.index, fill_value="").to_numpy()
    return EgoNetwork(as_network(graph, members_only), table)
