"""A network in pyvis's vocabulary, for ``pyvis.network.Network.from_nx``.

pyvis passes each edge's attributes to ``Edge(source, dest, directed, **attributes)``, so
an edge attribute named ``directed`` (netpipe's, which says whether a tie's relation has a
direction) collides with its argument (``TypeError: Edge.__init__() got multiple values
for argument 'directed'``). netpipe keeps its data model and gives pyvis what pyvis reads:
a new graph whose nodes and edges carry vis-network's options (label, tooltip, colour,
arrows), and nothing else. ``from_nx`` also changes the graph it is given (it moves
``weight`` to ``width`` and sets ``size``): it changes this copy, never the user's graph.
"""

from __future__ import annotations

import networkx as nx

from netpipe.io.calendars import as_written
from netpipe.model.network import NetworkLike, selection_of
from netpipe.outputs.drawing.colors import NO_GROUP, group_colors, node_groups
from netpipe.outputs.render.html import SHAPES, drawn_directed, edge_options

__all__ = ["pyvis_graph"]


def pyvis_graph(graph: NetworkLike) -> nx.MultiDiGraph:
    """A new graph of the same nodes and ties, with the attributes pyvis's ``from_nx`` draws.

    Nodes carry ``label`` (the name), ``title`` (the tooltip: name, kind, group, dates),
    ``color`` (the group's colour, as on netpipe's page) and ``shape``. Each tie carries
    ``title`` (``"A ally B, 1907 to 1937, certain, Deutscher 1949"``), ``color`` (by the sign of
    its relation), ``arrows`` (``"to"`` for a directed relation, none for an undirected
    one), ``dashes`` (by certainty), ``smooth`` (parallel ties fan out) and ``weight`` (the
    drawn width; ``from_nx`` turns it into ``width``). No attribute is named ``directed``.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a view of one (``netpipe.snapshot(G, "1937")``).

    Returns
    -------
    networkx.MultiDiGraph
        A new graph, keyed by tie id; ``graph`` is left as it was.

    Examples
    --------
    >>> import netpipe, pyvis.network
    >>> view = pyvis.network.Network(directed=True, cdn_resources="in_line")
    >>> view.from_nx(pyvis_graph(netpipe.load("tests/data/valid")))
    >>> len(view.nodes), len(view.edges)
    (4, 4)
    """
    selection = selection_of(graph)
    nodes = selection.tables.nodes[selection.node_mask]
    edges = selection.tables.edges[selection.edge_mask]
    vocabulary = selection.vocabulary
    group = nodes["group"].astype(str) if "group" in nodes else None
    colors = group_colors(list(node_groups(nodes).index))
    out = nx.MultiDiGraph()
    for position, (node, row) in enumerate(nodes.iterrows()):
        name = str(row.get("name") or node)
        own_group = "" if group is None else group.iloc[position]
        facts = [
            str(row.get("kind", "")),
            own_group,
            _span(str(row.get("start", "")), str(row.get("end", ""))),
        ]
        out.add_node(
            node,
            label=name,
            title="\n".join([name, *(fact for fact in facts if fact)]),
            color=colors[own_group or NO_GROUP],
            shape=SHAPES.get(str(row.get("kind", "")), "dot"),
        )
    names = {node: str(row.get("name") or node) for node, row in nodes.iterrows()}
    starts, ends = as_written(edges, "start"), as_written(edges, "end")
    certainty = edges["certainty"].fillna("").astype(str) if "certainty" in edges else None
    citation = edges["citation"].fillna("").astype(str) if "citation" in edges else None
    directed = drawn_directed(edges, vocabulary)
    for i, options in enumerate(edge_options(edges, vocabulary)):
        source, target = edges["source"].iloc[i], edges["target"].iloc[i]
        attributes = {k: v for k, v in options.items() if k not in ("from", "to", "id", "width", "arrows")}
        facts = [
            _span(starts[i], ends[i]),
            certainty.iloc[i] if certainty is not None else "",
            citation.iloc[i] if citation is not None else "",
        ]
        relation = str(edges["relation"].iloc[i])
        out.add_edge(
            source,
            target,
            key=edges.index[i],
            **attributes,
            title=", ".join([f"{names[source]} {relation} {names[target]}", *(f for f in facts if f)]),
            arrows="to" if directed[i] else {"to": {"enabled": False}},
            weight=options["width"],
        )
    return out


def _span(start: str, end: str) -> str:
    """Dates as a span: ``1907 to 1937``, ``from 1907``, ``until 1937``, or blank."""
    if start and end:
        return start if start == end else f"{start} to {end}"
    return f"from {start}" if start else f"until {end}" if end else ""
