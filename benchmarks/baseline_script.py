"""The script a user would write instead of netpipe: the baseline of bench_script.py.

    python benchmarks/baseline_script.py DATA OUT

Reads nodes.csv and edges.csv with pandas, builds a NetworkX graph, computes degree,
PageRank and betweenness (exact up to 5,000 nodes, from 256 seeded sources above),
writes them as CSV, and draws the 2,000 nodes of highest PageRank as a pyvis page
with its scripts inlined (offline, like netpipe's).
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pandas as pd
from pyvis.network import Network

EXACT_UP_TO, SOURCES, DRAWN = 5000, 256, 2000


def main(data: Path, out: Path) -> None:
    """Compute the centrality table and the page."""
    nodes = pd.read_csv(data / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(data / "edges.csv", dtype=str, keep_default_na=False)
    graph = nx.from_pandas_edgelist(edges, "source", "target", create_using=nx.DiGraph)
    graph.add_nodes_from(nodes["id"])
    undirected = graph.to_undirected()
    sample = None if len(graph) <= EXACT_UP_TO else SOURCES
    table = pd.DataFrame(
        {
            "degree": dict(undirected.degree()),
            "pagerank": nx.pagerank(graph),
            "betweenness": nx.betweenness_centrality(undirected, k=sample, seed=42),
        }
    ).sort_values("pagerank", ascending=False)
    names = nodes.set_index("id")["name"]
    table.insert(0, "name", names.reindex(table.index))
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "centrality.csv", index_label="id")
    top = table.index[:DRAWN]
    page = Network(height="900px", width="100%", cdn_resources="in_line")
    for node in top:
        page.add_node(node, label=str(names.get(node, node)), value=float(table.at[node, "pagerank"]))
    for source, target in undirected.subgraph(top).edges():
        page.add_edge(source, target)
    page.write_html(str(out / "network.html"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
