"""The sections of the report, from the dataset, its warnings and the analyses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netpipe.analyses import Analyses
from netpipe.dates import format_days
from netpipe.report.document import Figure, Section
from netpipe.report.plots import line_plot
from netpipe.tables import Tables

__all__ = ["evidence", "report_sections"]

#: How many rows the report shows of a ranking (the CSV files hold every row).
TOP = 10
#: How many rows the report shows of a list of ties or warnings (the CSV files hold every row).
LIST_LIMIT = 200
_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def report_sections(
    found: dict[str, pd.DataFrame],
    summary: dict[str, object],
    results: Analyses,
    out: Path,
    links: list[tuple[str, str]],
) -> list[Section]:
    """Build every section; the plots are written into ``out/plots`` as they are needed.

    ``found`` is :func:`evidence` of the tables; ``links`` are (text, path relative to
    ``out``) pairs listed in the last section.
    """
    (out / "plots").mkdir(parents=True, exist_ok=True)
    return [
        _dataset(summary),
        _warnings(found),
        _presence(found),
        _top_people(results),
        _over_time(results, out),
        _communities(results),
        _brokers(results),
        _balance(results, out),
        _uncertain(found),
        _disagreements(found),
        _robustness(results),
        Section("Views and files", links=links),
    ]


def _dataset(summary: dict[str, object]) -> Section:
    """Counts, date span and sources."""
    counts = pd.DataFrame(
        [(k, v) for k, v in summary.items() if not isinstance(v, dict)], columns=["", "value"]
    ).astype({"value": str})
    section = Section("The dataset", tables=[("Counts", counts)])
    for title in (
        "nodes by kind",
        "nodes by group",
        "ties by relation",
        "ties by certainty",
        "ties by citation",
    ):
        values = summary.get(title)
        if isinstance(values, dict) and values:
            section.tables.append(
                (title.capitalize(), pd.DataFrame(list(values.items()), columns=["", "count"]))
            )
    return section


def evidence(tables: Tables) -> dict[str, pd.DataFrame]:
    """The validation warnings, the ties that are not certain and those without a citation,
    when each node is present and why, the ties with no dated evidence at all, and the claims.

    Keyed by the name of the CSV file ``netpipe run`` writes them to (in ``exports/``).
    """
    from netpipe.selection import Selection, always_present, presence

    everything = Selection.of_tables(tables)
    spans = presence(everything)
    spans = spans.assign(**{bound: format_days(spans[bound]) for bound in ("from", "until")})
    edges = tables.edges
    columns = [
        c for c in ("source", "relation", "target", "start", "end", "certainty", "citation") if c in edges
    ]
    cited = edges["citation"] if "citation" in edges else pd.Series("", index=edges.index)
    return {
        "warnings": tables.report.warnings[["file", "line", "column", "message"]].fillna(""),
        "uncertain-ties": edges[edges["certainty"] != "certain"][columns].reset_index(names="id"),
        "unsourced-ties": edges[cited == ""][columns].reset_index(names="id"),
        "presence": spans.reset_index(names="id"),
        "always-present-ties": always_present(everything)[1],
        "claims": _claims(tables),
    }


def _presence(found: dict[str, pd.DataFrame]) -> Section:
    """Where each node's presence comes from, and what has no dated evidence at all."""
    spans, ties = found["presence"], found["always-present-ties"]
    undated = spans[(spans["from_basis"] == "open") & (spans["until_basis"] == "open")]
    counts = {basis: int((spans["from_basis"] == basis).sum()) for basis in ("declared", "attested")}
    return Section(
        "Presence in time",
        paragraphs=[
            f"{counts['declared']} node(s) are present from a declared start, {counts['attested']} "
            "from their first attestation (the earliest date on their ties), and each until a declared "
            f"end or their last attestation. {len(undated)} node(s) and {len(ties)} tie(s) between them "
            "have no dated evidence at all: they count as present on every date.",
            *_shown(spans, "presence"),
        ],
        tables=[
            ("Present on every date: nodes with no dated evidence", undated[["id", "name", "kind"]]),
            ("Present on every date: undated ties between them", ties),
            ("When each node is present, and why", spans.head(LIST_LIMIT)),
        ],
    )


def _claims(tables: Tables) -> pd.DataFrame:
    """The rows that are rival readings of one fact, by claim id, with people's names and the notes."""
    edges = tables.edges
    columns = ["claim", "id", "from", "relation", "to", "start", "end", "certainty", "citation", "note"]
    if "claim" not in edges:
        return pd.DataFrame(columns=columns)
    names = tables.nodes["name"]
    known = ("claim", "source", "relation", "target", "start", "end", "certainty", "citation", "note")
    rows = edges.loc[edges["claim"] != "", [c for c in known if c in edges]].reset_index(names="id")
    rows["from"] = rows["source"].map(names).fillna(rows["source"])
    rows["to"] = rows["target"].map(names).fillna(rows["target"])
    for column in ("start", "end", "citation", "note"):
        if column not in rows:
            rows[column] = ""
    return rows.sort_values(["claim", "id"], kind="stable")[columns].reset_index(drop=True)


def _warnings(found: dict[str, pd.DataFrame]) -> Section:
    """The validation warnings, each with its place."""
    warnings = found["warnings"]
    text = f"{len(warnings)} warning(s); the data has no errors (it would not have loaded otherwise)."
    return Section(
        "Validation warnings",
        paragraphs=[text, *_shown(warnings, "warnings")],
        tables=[("Warnings", warnings.head(LIST_LIMIT))],
    )


def _top_people(results: Analyses) -> Section:
    """The first people by each measure."""
    table = results.centrality
    section = Section(
        "Top people by each measure",
        paragraphs=[
            "Measures on the whole network (every tie of every date). Degree, betweenness and closeness "
            "count people and steps; eigenvector and PageRank weigh several ties between two people more.",
            *results.notes,
        ],
    )
    for measure in _MEASURES:
        top = table.sort_values([measure, "name"], ascending=[False, True]).head(TOP)
        section.tables.append((f"By {measure}", top.reset_index(names="id")[["id", "name", measure]]))
    return section


def _over_time(results: Analyses, out: Path) -> Section:
    """PageRank rank over time of the people who were ever in the top five, and the risers and fallers."""
    over = results.over_time
    leaders = over.loc[over["pagerank_rank"] <= 5, "node"].unique()[:TOP]
    ranks = over[over["node"].isin(leaders)].pivot_table(
        index="date", columns="name", values="pagerank_rank", aggfunc="first"
    )
    png, svg = line_plot(
        ranks, "PageRank rank over time (1 = most central)", "rank", out / "plots" / "pagerank-rank", True
    )
    dates = (
        f"{len(results.dates)} dates from {results.dates[0]} to {results.dates[-1]}"
        if results.dates
        else "no dates"
    )
    return Section(
        "Centrality over time",
        paragraphs=[f"The network as of each of {dates} (wide reading)."],
        tables=[("Who rose, who fell (PageRank rank)", results.rises_and_falls)],
        figures=[Figure("PageRank rank over time", _relative(png, out), _relative(svg, out))],
    )


def _communities(results: Analyses) -> Section:
    """Louvain communities against the declared groups."""
    cross = results.community_groups
    table = results.communities
    rows = []
    for community, members in table.groupby("community", sort=True):
        counts = pd.Series(cross.loc[community])
        main = counts[counts.to_numpy() > 0].sort_values(ascending=False).head(3)
        rows.append(
            {
                "community": community,
                "size": len(members),
                "main groups": "; ".join(f"{g} ({n})" for g, n in main.items()),
                "members": ", ".join(members["name"].head(8)) + (" ..." if len(members) > 8 else ""),
            }
        )
    modularity = table.attrs.get("modularity", float("nan"))
    text = (
        f"Louvain communities (seeded) on the undirected projection: modularity {modularity:.3f}; "
        f"purity against the declared groups {cross.attrs.get('purity', float('nan')):.3f}, "
        f"normalized mutual information {cross.attrs.get('nmi', float('nan')):.3f}."
    )
    return Section(
        "Communities and declared groups", paragraphs=[text], tables=[("Communities", pd.DataFrame(rows))]
    )


def _brokers(results: Analyses) -> Section:
    """Burt's measures, articulation points and bridges."""
    brokers = results.brokerage.head(TOP)
    points = results.brokerage.loc[results.brokerage["articulation"], "name"]
    return Section(
        "Brokers",
        paragraphs=[
            "Lowest constraint and largest effective size first (Burt): people whose contacts are not "
            "tied to each other.",
            "Articulation points (removing one disconnects part of the network): "
            f"{', '.join(points) or 'none'}.",
        ],
        tables=[
            ("Brokerage", brokers),
            ("Bridges (ties whose removal disconnects the network)", results.bridges.head(TOP)),
        ],
    )


def _balance(results: Analyses, out: Path) -> Section:
    """Signed balance now and over time, and the ties that frustrate it."""
    summary = results.balance
    series = results.balance_over_time.set_index("date")[["ratio"]].rename(columns={"ratio": "balance ratio"})
    png, svg = line_plot(
        series, "Share of balanced triangles over time", "balanced / all", out / "plots" / "balance"
    )
    text = (
        f"{summary['triangles']} signed triangles, {summary['balanced']} balanced and "
        f"{summary['unbalanced']} unbalanced (ratio {summary['ratio']:.3f}); "
        f"{summary['ambivalent']} ambivalent pair(s) left out."
    )
    return Section(
        "Signed balance",
        paragraphs=[text],
        tables=[
            ("Balance over time", results.balance_over_time),
            (
                "Ties that frustrate balance",
                results.frustrating_ties.drop(columns=["ties"], errors="ignore").head(TOP),
            ),
        ],
        figures=[Figure("Balance ratio over time", _relative(png, out), _relative(svg, out))],
    )


def _uncertain(found: dict[str, pd.DataFrame]) -> Section:
    """Ties that are not certain, and ties without a source."""
    uncertain, unsourced = found["uncertain-ties"], found["unsourced-ties"]
    return Section(
        "Uncertain and unsourced ties",
        paragraphs=[
            f"{len(uncertain)} tie(s) are not certain; {len(unsourced)} have no citation.",
            *_shown(uncertain, "uncertain-ties"),
            *_shown(unsourced, "unsourced-ties"),
        ],
        tables=[
            ("Ties that are not certain", uncertain.head(LIST_LIMIT)),
            ("Ties without a citation", unsourced.head(LIST_LIMIT)),
        ],
    )


def _disagreements(found: dict[str, pd.DataFrame]) -> Section:
    """Each claim of the data (rows sharing a claim id) with its rival readings."""
    claims = found["claims"]
    count = claims["claim"].nunique()
    text = (
        f"{count} fact(s) on which the sources disagree, in {len(claims)} rows: the rows of one claim are "
        "rival readings of the same fact (the claim column of edges.csv)."
        if count
        else "The data records no rival readings (no row of edges.csv has a claim id)."
    )
    return Section(
        "Where the sources disagree",
        paragraphs=[text, *_shown(claims, "claims")],
        tables=[("Claims and their readings", claims.head(LIST_LIMIT))] if count else [],
    )


def _shown(table: pd.DataFrame, name: str) -> list[str]:
    """A sentence saying where the whole of a list cut to ``LIST_LIMIT`` rows is."""
    if len(table) <= LIST_LIMIT:
        return []
    what = name.replace("-", " ")
    return [f"The report shows the first {LIST_LIMIT} of {len(table)} {what}; all are in exports/{name}.csv."]


def _robustness(results: Analyses) -> Section:
    """Rank correlations when uncertain evidence is dropped."""
    return Section(
        "Robustness of the rankings",
        paragraphs=[
            "The rankings again without the least certain ties, compared with the full ranking "
            "(Spearman and Kendall rank correlation, share of the top ten kept). Low values mean a "
            "conclusion rests on uncertain evidence."
        ],
        tables=[("Robustness", results.robustness)],
    )


def _relative(path: Path, out: Path) -> str:
    """A path relative to the report, with forward slashes."""
    return path.relative_to(out).as_posix()
