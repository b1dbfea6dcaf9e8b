"""One fact, once: rival readings of a claim and corroborating rows weigh as one tie."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import netpipe
from netpipe.analysis.common import project, tie_summary

MakeNetwork = Callable[..., Path]
PEOPLE = [{"id": i} for i in ("a", "b", "c")]


def _weights(graph: object, kind: str = "undirected") -> dict[tuple[str, str], float]:
    p = project(graph, kind)  # type: ignore[arg-type]
    ids = p.nodes.to_numpy()
    return {(ids[s], ids[t]): w for s, t, w in zip(p.source, p.target, p.weight.tolist(), strict=True)}


def test_two_rows_sharing_a_claim_weigh_one(make_network: MakeNetwork) -> None:
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "start": "1907", "weight": "2", "claim": "when", "citation": "X"},
        {"source": "a", "target": "b", "relation": "ally", "start": "1912", "weight": "3", "claim": "when", "citation": "Y"},
        {"source": "b", "target": "c", "relation": "ally", "start": "1907", "citation": "X"},
    ]  # fmt: skip
    graph = netpipe.load(make_network(PEOPLE, edges))
    assert _weights(graph) == {("a", "b"): 3.0, ("b", "c"): 1.0}  # the largest reading
    assert _weights(graph, "directed") == {("a", "b"): 3.0, ("b", "a"): 3.0, ("b", "c"): 1.0, ("c", "b"): 1.0}
    assert (
        netpipe.centrality(graph).table["eigenvector"].round(6).tolist()
        == netpipe.centrality(netpipe.load(make_network(PEOPLE, [{**edges[1], "claim": ""}, edges[2]])))
        .table["eigenvector"]
        .round(6)
        .tolist()
    )


def test_rival_readings_with_different_relations_are_one_tie(make_network: MakeNetwork) -> None:
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "claim": "bond", "citation": "X"},
        {"source": "b", "target": "a", "relation": "deputy-of", "claim": "bond", "citation": "Y"},
        {"source": "b", "target": "c", "relation": "ally", "citation": "X"},
    ]
    assert _weights(netpipe.load(make_network(PEOPLE, edges))) == {("a", "b"): 1.0, ("b", "c"): 1.0}


def test_corroborating_rows_are_one_tie_with_their_citations_joined(make_network: MakeNetwork) -> None:
    edges = [
        {"source": "a", "target": "b", "relation": "ally", "start": "1907", "citation": "Montefiore 2003"},
        {
            "source": "b",
            "target": "a",
            "relation": "ally",
            "start": "1908",
            "end": "1920",
            "citation": "Ulam 2007",
        },
        # The same people and relation at another time: a second tie.
        {"source": "a", "target": "c", "relation": "ally", "start": "1900", "end": "1901", "citation": "X"},
        {"source": "a", "target": "c", "relation": "ally", "start": "1905", "end": "1906", "citation": "X"},
        # Another relation between the same people: another fact.
        {"source": "b", "target": "c", "relation": "ally", "start": "1910", "citation": "X"},
        {"source": "b", "target": "c", "relation": "deputy-of", "start": "1910", "citation": "X"},
    ]
    graph = netpipe.load(make_network(PEOPLE, edges))
    assert _weights(graph) == {("a", "b"): 1.0, ("a", "c"): 2.0, ("b", "c"): 2.0}
    assert tie_summary(graph, ["a"], ["b"])["citations"].tolist() == ["Montefiore 2003; Ulam 2007"]
