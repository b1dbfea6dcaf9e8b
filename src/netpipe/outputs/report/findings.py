"""The findings of the report: what the network is, who was central, who rose and fell, and why to doubt it.

Rankings list persons (organizations get their own table): a historian asks who, not
which committee. Ranks over time are ranks among the persons present on each date.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netpipe.analysis.centrality import places, rank
from netpipe.analysis.everything import Analyses
from netpipe.analysis.over_time import rises_and_falls
from netpipe.analysis.roles import ROLES
from netpipe.io.typed_tables import Tables
from netpipe.io.words import MEASURE_NAMES, count, join_names, ordinal
from netpipe.outputs.report.document import Figure, Section
from netpipe.outputs.report.plots import line_plot
from netpipe.outputs.report.turnover import turnover_section

__all__ = ["communities_table", "finding_sections", "overview", "unless_skipped"]

#: How many rows a finding's table shows (the appendix and the CSV files hold the rest).
TOP = 10
#: How many periods the "most central in each period" table shows.
PERIODS = 8
_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
#: The measure of the headline rankings: it means the same for any vocabulary (see the README).
HEADLINE = "degree"
#: Names shown per date in the "most central" table.
_LEADERS = 5
#: The measures' names as the report writes them.
_LABELS = {
    "degree": "degree",
    "betweenness": "betweenness",
    "closeness": "closeness",
    "eigenvector": "eigenvector",
    "pagerank": "PageRank",
}
_PERSON = "person"
_DASH = " \u2013 "


def overview(tables: Tables, summary: dict[str, Any], claims: pd.DataFrame) -> Section:
    """One paragraph of figures: who and what the network holds, when, and on what evidence.

    What it says of the ties it reads of ``summary`` (:func:`netpipe.io.summary.summarize`), so
    the ties need not be in this process; ``tables`` gives the nodes.
    """
    kinds = tables.nodes["kind"].value_counts()
    ties = summary["ties"]
    certain = summary["ties by certainty"].get("certain", 0)
    share = f"{certain / ties:.0%}" if ties else "none"
    cited = summary["ties with a citation"]
    sources = len(summary["ties by citation"])
    relations = len(summary["ties by relation"])
    text = (
        f"{count(int(kinds.get(_PERSON, 0)), 'person')} and "
        f"{count(int(kinds.get('organization', 0)), 'organization')}, "
        f"{count(ties, 'tie')} of {count(relations, 'relation type')}, "
        f"dated {summary['date span']}. "
        f"{count(certain, 'tie')} ({share}) {'is' if certain == 1 else 'are'} certain; {cited} cite one of "
        f"{count(sources, 'source')}; {summary['undated ties']} "
        f"{'is' if summary['undated ties'] == 1 else 'are'} "
        f"undated. The sources disagree on {count(claims['claim'].nunique(), 'fact')}. "
        f"Validation left {count(summary['warnings'], 'warning')} (see the appendix)."
    )
    return Section("The network", paragraphs=[text])


def finding_sections(tables: Tables, results: Analyses, claims: pd.DataFrame, out: Path) -> list[Section]:
    """The findings, each with its plot or short table; plots are written into ``out/plots``."""
    persons = tables.nodes.index[tables.nodes["kind"] == _PERSON]
    over_time = results.over_time
    over = over_time.loc[over_time["node"].isin(persons), ["node", "name", "date", HEADLINE]]
    # Ranks among the persons present and tied on each date (a person without ties has none).
    over["headline_rank"] = over.groupby("date")[HEADLINE].rank(ascending=False, method="min").astype("Int64")
    return [
        _glossary(),
        _central_by_period(over, results, out),
        _rises_and_falls(over),
        unless_skipped(results, "reach-in-time", "Who could have reached whom", _reach_in_time, results),
        unless_skipped(
            results, "turnover", "Ties formed and dissolved", turnover_section, tables, results, out
        ),
        unless_skipped(results, "brokerage", "Brokers", _brokers, results, persons),
        unless_skipped(
            results, "brokerage-roles", "Brokers between groups", _between_groups, results, persons
        ),
        unless_skipped(results, "balance", "How balance changed", _balance, results, out),
        unless_skipped(results, "robustness", "What dropping uncertain ties changes", _robustness, results),
        _disagreements(claims),
        _rankings(results, persons),
        unless_skipped(results, "communities", "Communities and declared groups", _communities, results),
    ]


def unless_skipped(
    results: Analyses, result: str, title: str, make: Callable[..., Section], *args: object
) -> Section:
    """The section titled ``title`` that ``make(title, *args)`` builds, or, when the result ``result``
    (a file name of :meth:`Analyses.tables`) was not computed, one that says why."""
    why = results.skipped.get(result)
    return make(title, *args) if why is None else Section(title, paragraphs=[why])


#: Each measure the report uses, explained once.
GLOSSARY = (
    ("number of ties (degree)", "how many people a person is tied to by friendly or neutral ties, "
     "whatever the relation; the headline ranking"),
    ("betweenness", "how often a person lies on the shortest chains between two others"),
    ("closeness", "how few steps a person needs to reach everyone they can reach"),
    ("eigenvector", "standing from being tied to people who are themselves well tied"),
    ("PageRank", "standing passed along the ties that carry a flow (a deputy to his chief, allies "
     "both ways), more from those who pass it to few"),
    ("constraint", "how far a person's contacts are tied to one another (Burt): low constraint marks "
     "a broker between circles that do not meet"),
    ("effective size", "how many of a person's contacts are not tied to one another"),
    ("rank correlation", "how alike two rankings are, from 1 (the same order) down to -1 (reversed)"),
    ("balance", "the share of triangles of signed ties that are stable: the friend of a friend a friend, "
     "the enemy of a friend an enemy"),
)  # fmt: skip


def _glossary() -> Section:
    """Every measure the report uses, explained once."""
    return Section(
        "What the measures mean",
        paragraphs=[
            "Hostile ties (rivalries, arrests, denunciations) join people but give no standing: they count "
            "in balance and are measured on their own, not in the rankings. A person with no tie on a date "
            'has no rank on it, and equal values share a rank ("=2").'
        ],
        tables=[("Glossary", pd.DataFrame(GLOSSARY, columns=["measure", "what it says"]))],
    )


def _central_by_period(over: pd.DataFrame, results: Analyses, out: Path) -> Section:
    """The most central persons on evenly spread dates of the timeline, and the rank plot."""
    dates = list(dict.fromkeys(over["date"]))
    chosen = (
        [dates[i] for i in np.unique(np.linspace(0, len(dates) - 1, PERIODS).round().astype(int))]
        if dates
        else []
    )
    rows = []
    for date in chosen:
        day = over[over["date"] == date]
        ranked = day.dropna(subset=["headline_rank"]).sort_values(["headline_rank", "name"])
        ranked = ranked.assign(place=places(ranked["headline_rank"]))
        leaders = ranked[ranked["headline_rank"] <= 3]
        shown = [f"{place} {name}" for place, name in zip(leaders["place"], leaders["name"], strict=True)]
        more = len(shown) - _LEADERS
        untied = day.loc[day["headline_rank"].isna(), "name"]
        rows.append(
            {
                "date": date,
                "most central": "; ".join(shown[:_LEADERS]) + (f"; and {more} more" if more > 0 else "")
                or "no person has a tie",
                "present, no ties shown": join_names(untied)
                if len(untied) <= 3
                else count(len(untied), "person"),
            }
        )
    leaders = over.loc[over["headline_rank"] <= 3, "name"].unique()[:TOP]
    ranks = over[over["name"].isin(leaders)].pivot_table(
        index="date", columns="name", values="headline_rank", aggfunc="first"
    )
    png, svg = line_plot(
        ranks.astype(float), "Rank by number of ties among persons (1 = most ties)", "rank",
        out / "plots" / "central-rank", True,
    )  # fmt: skip
    span = (
        f"{count(len(results.dates), 'date')} from {results.dates[0]} to {results.dates[-1]}"
        if results.dates
        else "no dates"
    )
    return Section(
        "Who was most central in each period",
        paragraphs=[
            f"Persons ranked by degree (the number of people they were tied to by friendly or neutral "
            f"ties) among those present on each of {span}; the table shows {count(len(chosen), 'date')}, "
            "the plot every date for whoever was ever among the first three. Equal counts share a rank "
            '("=2"). A person present on a date but with no tie then is not ranked on it.'
        ],
        tables=[
            (
                "The most central persons",
                pd.DataFrame(rows, columns=["date", "most central", "present, no ties shown"]),
            )
        ],
        figures=[Figure("Rank by number of ties over time", _relative(png, out), _relative(svg, out))],
    )


def _rises_and_falls(over: pd.DataFrame) -> Section:
    """The persons who gained or lost most places between their first and last ranked date."""
    ranked = over.rename(columns={"headline_rank": f"{HEADLINE}_rank"})
    table = rises_and_falls(ranked, HEADLINE, top=5) if len(over) else pd.DataFrame()
    sentences = [
        f"{name} {direction} from {_place_words(first)} on {start} to {_place_words(last)} on {end}."
        for name, direction, first, start, last, end in zip(
            table.get("name", []), table.get("direction", []), table.get("first_place", []),
            table.get("first_date", []), table.get("last_place", []), table.get("last_date", []), strict=True,
        )
    ]  # fmt: skip
    return Section(
        "Who rose and who fell",
        paragraphs=[
            "Places gained or lost by number of ties among the persons present, between the first and "
            "the last date on which each person had ties.",
            " ".join(sentences) or "No person's place changed between dates on which they had ties.",
        ],
    )


def _reach_in_time(title: str, results: Analyses) -> Section:
    """How far the first persons by number of ties could pass something on through ties in time, in words."""
    table = results.reach_in_time
    sentences = []
    for _, row in table.iterrows():
        name = row["name"]
        if pd.isna(row["reaches"]):
            sentences.append(f"{name} has no dated evidence: no chain in time starts or ends with them.")
            continue
        half = f" (half of them by {row['half_reached_by']})" if row["half_reached_by"] else ""
        sentences.append(
            f"{name} could have reached {count(int(row['reaches']), 'person')}{half}, of "
            f"{row['reaches_any_order']} linked to them by the same ties in any order; "
            f"{row['reached_by']} of {row['reached_by_any_order']} could have reached {name}."
        )
    return Section(
        title,
        paragraphs=[
            "A chain in time passes something (news, an order, an influence) from person to person only "
            "through ties in the order they held: what reached someone in 1936 cannot travel back along a "
            "tie that ended in 1908. Undirected friendly and neutral ties carry it both ways, a directed "
            "tie one way where its relation carries a flow (a deputy to his chief), a hostile tie not at "
            "all. For the persons with most ties, from their first recorded day (and, for who could have "
            "reached them, by their last), against the same ties taken in any order:",
            " ".join(sentences) or "No person has a tie that carries anything.",
            "The command netpipe reach NAME lists who, when and through which ties; netpipe path A B "
            "--in-time gives one chain with its dates and sources.",
        ],
    )


def _place_words(place: str) -> str:
    """A rank as words: ``"=2"`` is "joint 2nd", ``"1"`` is "1st"."""
    shared = place.startswith("=")
    return ("joint " if shared else "") + ordinal(int(place.lstrip("=")))


def _brokers(title: str, results: Analyses, persons: pd.Index) -> Section:
    """The persons whose contacts are least tied to each other, and the cut points."""
    table = results.brokerage[results.brokerage["node"].isin(persons)]
    points = table.loc[table["articulation"], "name"]
    shown = table.drop(columns=["node"]).rename(
        columns={"degree": "contacts", "effective_size": "effective size", "articulation": "cuts the network"}
    )
    leaders = join_names(shown["name"].head(3), "and")
    return Section(
        title,
        paragraphs=[
            (f"The persons whose contacts are least tied to one another (lowest constraint) are {leaders}. "
             if leaders else "")
            + f"Persons whose removal cuts the network apart: {join_names(points, 'and') or 'none'}."
        ],
        tables=[("Brokers", shown.head(5))],
    )  # fmt: skip


def _between_groups(title: str, results: Analyses, persons: pd.Index) -> Section:
    """The persons who most often link two others across or within the declared groups, in words."""
    table = results.roles[results.roles["node"].isin(persons) & (results.roles["total"] > 0)]
    table = table.sort_values("total", ascending=False, kind="stable").head(_LEADERS)
    sentences = []
    for _, row in table.iterrows():
        roles = sorted(((int(row[r]), r) for r in ROLES if row[r] > 0), key=lambda p: -p[0])
        parts = [f"{n} as {'an' if role[0] in 'aeiou' else 'a'} {role}" for n, role in roles]
        group = f" ({row['group']})" if row["group"] else " (no group)"
        listed = join_names(parts, "and")
        chains = count(int(row["total"]), "chain")
        sentences.append(f"{row['name']}{group} stands between two others in {chains}: {listed}.")
    return Section(
        title,
        paragraphs=[
            "A broker stands in a chain of two ties that carry a flow (A to the broker, the broker to C, "
            "with no direct tie from A to C). By the declared groups of the three, the broker is a "
            "coordinator (all in one group), an itinerant (A and C in one group, the broker in another), "
            "a gatekeeper (the broker in C's group, A outside), a representative (the broker in A's "
            "group, C outside) or a liaison (three different groups); people without a group count as "
            "one group (Gould and Fernandez 1989, as R's sna computes it). Over the whole network:",
            " ".join(sentences) or "No person stands between two others along ties that carry a flow.",
        ],
    )


def _balance(title: str, results: Analyses, out: Path) -> Section:
    """Signed balance now, how it changed, and the plot."""
    summary = results.balance.to_dict("records")[0]
    over = results.balance_over_time.dropna(subset=["ratio"])
    series = results.balance_over_time.set_index("date")[["ratio"]].rename(columns={"ratio": "balance ratio"})
    png, svg = line_plot(
        series, "Share of balanced triangles over time", "balanced / all", out / "plots" / "balance"
    )
    change = (
        f" Over time it went from {over['ratio'].iloc[0]:.2f} on {over['date'].iloc[0]} to "
        f"{over['ratio'].iloc[-1]:.2f} on {over['date'].iloc[-1]}, lowest {over['ratio'].min():.2f} on "
        f"{over['date'].iloc[int(np.argmin(over['ratio'].to_numpy()))]}."
        if len(over)
        else " No date has a signed triangle."
    )
    text = (
        f"{summary['triangles']} signed triangles in the whole network, {summary['balanced']} balanced and "
        f"{summary['unbalanced']} unbalanced (ratio {summary['ratio']:.2f}); {summary['ambivalent']} "
        f"{'ambivalent pair' if summary['ambivalent'] == 1 else 'ambivalent pairs'} left out.{change}"
    )
    return Section(
        title,
        paragraphs=[text],
        figures=[Figure("Balance ratio over time", _relative(png, out), _relative(svg, out))],
    )


def _robustness(title: str, results: Analyses) -> Section:
    """How much the rankings move when the least certain ties are dropped, or one reading is taken."""
    table = results.robustness
    names = results.centrality["name"]
    lines = []
    for scenario, rows in table.groupby("scenario", sort=False):
        ids = {node for cell in rows["left_top"].dropna() for node in str(cell).split(", ") if node}
        left = sorted(str(names.get(node, node)) for node in ids)
        dropped = count(int(rows["dropped"].iloc[0]), "tie")
        agreement = rows["spearman"].min()
        order = (
            f"keep their order closely (rank correlation {agreement:.2f} or more)"
            if agreement >= 0.9
            else f"change (rank correlation down to {agreement:.2f})"
        )
        leaving = (
            f"{join_names(left, 'and')} {'leaves' if len(left) == 1 else 'leave'}"
            if left
            else "no one leaves"
        )
        head = f"{str(scenario).capitalize()} ({dropped} fewer)"
        lines.append(f"{head}, the rankings {order}, and {leaving} a first ten.")
    return Section(
        title,
        paragraphs=[
            " ".join(lines) or "No tie is uncertain: nothing to drop.",
            _readings_sentence(results),
            "The rank correlation compares each ranking with the full one (1: the same order); all "
            "figures in the appendix.",
        ],
    )


def _readings_sentence(results: Analyses) -> str:
    """What taking each rival reading alone does to the first ten."""
    readings, ranges = results.readings, results.reading_ranges
    if readings.empty:
        return "No fact has rival readings, so no ranking depends on which reading is taken."
    claims = readings["claim"].nunique()
    head = (
        f"Taking each of the {count(len(readings), 'reading')} of the {count(claims, 'fact')} on which "
        "the sources disagree alone in turn"
    )
    if ranges.empty:
        return head + ", no one moves in or out of the first ten by number of ties or by betweenness."
    moves = [
        f"{name} ranks between {ordinal(int(best))} and {ordinal(int(worst))} by {MEASURE_NAMES.get(m, m)}"
        for name, m, best, worst in zip(
            ranges["name"], ranges["measure"], ranges["best"], ranges["worst"], strict=True
        )
        if pd.notna(best) and pd.notna(worst)
    ]
    return head + ": " + "; ".join(moves) + " (every reading in the appendix)."


def _disagreements(claims: pd.DataFrame) -> Section:
    """Each fact on which the sources disagree, its readings on one line."""
    rows = [
        {
            "claim": claim,
            "tie": f"{group['from'].iloc[0]} {group['relation'].iloc[0]} {group['to'].iloc[0]}",
            "readings": " | ".join(
                # Rows that read alike (the same fact for several people) are one reading.
                dict.fromkeys(
                    f"{start or '?'}{_DASH + end if end else ''}, {certainty} ({citation or 'no citation'})"
                    for start, end, certainty, citation in zip(
                        group["start"], group["end"], group["certainty"], group["citation"], strict=True
                    )
                )
            ),
        }
        for claim, group in claims.fillna("").groupby("claim", sort=True)
    ]
    table = pd.DataFrame(rows, columns=["claim", "tie", "readings"])
    text = (
        f"{count(len(table), 'fact')} on which the sources disagree: each reading with its dates, "
        "certainty and "
        "source (all rows and notes in the appendix)."
        if len(table)
        else "The data records no rival readings (no row of edges.csv has a claim id)."
    )
    return Section(
        "Where the sources disagree",
        paragraphs=[text],
        tables=[("Rival readings", table)] if len(table) else [],
    )


def _rankings(results: Analyses, persons: pd.Index) -> Section:
    """The first persons by each measure, and the first organizations, one column per measure."""
    table = results.centrality
    section = Section(
        "Rankings",
        paragraphs=[
            "Measures on the whole network (every friendly or neutral tie of every date; hostile ties "
            'are counted apart). Equal values share a rank ("=2"); people with no such tie are not ranked.',
            *results.notes,
        ],
    )
    for title, rows, top in (
        ("Persons", table.index.isin(persons), TOP),
        ("Organizations", ~table.index.isin(persons), 5),
    ):
        part = table[rows]
        columns = {}
        for measure in _MEASURES:
            ranked = rank(part, measure).dropna(subset=[measure]).head(top)
            labels = places(ranked["rank"])
            columns[_LABELS[measure]] = pd.Series(
                [f"{place} {name}" for place, name in zip(labels, ranked["name"], strict=True)], dtype=object
            )
        frame = pd.DataFrame(columns)
        section.tables.append((f"{title}: the first {top} by each measure", frame.fillna("")))
    return section


def communities_table(results: Analyses) -> pd.DataFrame:
    """Each Leiden community: its size, its main declared groups and its first members."""
    cross = results.community_groups
    rows = []
    for community, members in results.communities.table.groupby("community", sort=True):
        counts = pd.Series(cross.table.loc[community])
        main = counts[counts.to_numpy() > 0].sort_values(ascending=False).head(3)
        rows.append(
            {
                "community": community,
                "size": len(members),
                "main groups": "; ".join(f"{g} ({n})" for g, n in main.items()),
                "members": ", ".join(members["name"].head(6)) + (" ..." if len(members) > 6 else ""),
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "main groups", "members"])


def _communities(title: str, results: Analyses) -> Section:
    """Leiden communities against the declared groups, in one paragraph."""
    cross = results.community_groups
    table = communities_table(results)
    modularity = results.communities.modularity
    largest = "; ".join(
        f"{size} around {groups.split(' (')[0] or 'no group'}"
        for size, groups in zip(table["size"].head(3), table["main groups"].head(3), strict=True)
    )
    text = (
        f"{len(table)} Leiden communities (seeded) on the undirected projection, modularity {modularity:.3f}"
        f"{'; the largest: ' + largest if largest else ''}. Against the declared groups: purity "
        f"{cross.purity:.3f}, normalized mutual information "
        f"{cross.nmi:.3f} (1: communities and groups coincide). "
        "Members in the appendix."
    )
    return Section(title, paragraphs=[text])


def _relative(path: Path, out: Path) -> str:
    """A path relative to the report, with forward slashes."""
    return path.relative_to(out).as_posix()
