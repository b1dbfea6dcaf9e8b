"""The sections of the report: what the network is, the findings, then an appendix of reference tables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from netpipe.analysis.everything import Analyses
from netpipe.io.summary import summarize
from netpipe.io.typed_tables import Tables
from netpipe.io.words import count
from netpipe.outputs.report.document import Section
from netpipe.outputs.report.findings import communities_table, finding_sections, overview, unless_skipped
from netpipe.outputs.report.turnover import turnover_table

__all__ = ["claim_rows", "evidence", "evidence_of", "report_sections", "uncertain_ties", "unsourced_ties"]

#: How many rows the report shows of a list of ties or warnings (the CSV files hold every row).
LIST_LIMIT = 200
#: How many rows the appendix shows of a ranking-like table.
TOP = 10


def report_sections(
    tables: Tables,
    found: dict[str, pd.DataFrame],
    results: Analyses,
    out: Path,
    links: list[tuple[str, str]],
    summary: dict[str, Any] | None = None,
    views: str = "",
) -> list[Section]:
    """Build every section; the plots are written into ``out/plots`` as they are needed.

    First what the network is and where its views are, then the findings, then the
    appendix (sections with ``appendix`` set): counts by every relation, every uncertain
    tie, the warnings. ``found`` is :func:`evidence` of the tables; ``links`` are (text,
    path relative to ``out``) pairs, ``views`` a sentence said of them; ``summary`` is
    :func:`~netpipe.io.summary.summarize` of the tables, if already made (the tables' ties
    are read by ``summary`` and ``found`` alone: the report of ties kept on a cluster is
    written from the node table, these and the results).
    """
    (out / "plots").mkdir(parents=True, exist_ok=True)
    summary = summarize(tables) if summary is None else summary
    appendix = [
        _dataset(summary),
        _warnings(found),
        _presence(found),
        _uncertain(found),
        _claims_in_full(found),
        *(
            unless_skipped(results, result, title, make, results)
            for result, title, make in (
                ("balance", "Balance: every date, and the ties that frustrate it", _balance_tables),
                ("turnover", "Ties formed and dissolved in every period", turnover_table),
                ("robustness", "Robustness of the rankings", _robustness_tables),
                ("brokerage", "Brokerage of persons and organizations, and bridges", _brokerage_tables),
                ("communities", "Communities", _communities_tables),
            )
        ),
    ]
    for section in appendix:
        section.appendix = True
    return [
        overview(tables, summary, found["claims"]),
        Section("Views and files", paragraphs=[views] if views else [], links=links),
        *finding_sections(tables, results, found["claims"], out),
        *appendix,
    ]


def _dataset(summary: dict[str, object]) -> Section:
    """Counts, date span and sources."""
    counts = pd.DataFrame(
        [(k, v) for k, v in summary.items() if not isinstance(v, dict)], columns=["", "value"]
    ).astype({"value": str})
    section = Section("The dataset in numbers", tables=[("Counts", counts)])
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
    from netpipe.model.network import Network
    from netpipe.model.selection import presence, undated

    everything = Network.from_tables(tables)
    return evidence_of(tables, lambda pick: pick(tables.edges), presence(everything), undated(everything)[1])


def evidence_of(
    tables: Tables,
    picked: Callable[[Callable[[pd.DataFrame], pd.DataFrame]], pd.DataFrame],
    spans: pd.DataFrame,
    undated_ties: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The :func:`evidence` of ``tables``, whose ties are read only through ``picked(pick)``: the
    table ``pick`` makes of all the ties (``pick`` keeps some rows, each by a rule of its own);
    ``spans`` is the nodes' presence (:func:`netpipe.model.selection.presence`), ``undated_ties``
    the ties with no dated evidence (:func:`netpipe.model.selection.undated`)."""
    return {
        "warnings": tables.report.warnings[["file", "line", "column", "message"]].fillna(""),
        "uncertain-ties": picked(uncertain_ties),
        "unsourced-ties": picked(unsourced_ties),
        "presence": spans.reset_index(names="id"),
        "undated-ties": undated_ties,
        "claims": _claims(tables, picked(claim_rows) if "claim" in tables.edges else None),
    }


def uncertain_ties(edges: pd.DataFrame) -> pd.DataFrame:
    """The ties that are not certain, listed (see :func:`_listed`)."""
    return _listed(edges[edges["certainty"] != "certain"])


def unsourced_ties(edges: pd.DataFrame) -> pd.DataFrame:
    """The ties without a citation, listed (see :func:`_listed`)."""
    return _listed(edges[edges["citation"] == ""] if "citation" in edges else edges)


def claim_rows(edges: pd.DataFrame) -> pd.DataFrame:
    """The rows with a claim id (which has a ``claim`` column), with the columns a claim shows."""
    known = ("claim", "source", "relation", "target", "start", "end", "certainty", "citation", "note")
    return edges.loc[edges["claim"] != "", [c for c in known if c in edges]].reset_index(names="id")


def _listed(edges: pd.DataFrame) -> pd.DataFrame:
    """Some ties, by id, with the Gregorian days beside dates of other calendars."""
    from netpipe.io.calendars import with_gregorian

    columns = [
        c for c in ("source", "relation", "target", "start", "end", "certainty", "citation") if c in edges
    ]
    listed = edges[columns].reset_index(names="id")
    return with_gregorian(listed, edges) if "calendar" in edges else listed


def _presence(found: dict[str, pd.DataFrame]) -> Section:
    """Where each node's presence comes from, and what has no dated evidence at all."""
    spans, ties = found["presence"], found["undated-ties"]
    undated = spans[spans["from_basis"] == "undated"]
    counts = {basis: int((spans["from_basis"] == basis).sum()) for basis in ("declared", "attested")}
    inferred = int(((spans["from_basis"] == "inferred") | (spans["until_basis"] == "inferred")).sum())
    return Section(
        "Presence in time",
        paragraphs=[
            f"{count(counts['declared'], 'node')} present from a declared start, {counts['attested']} "
            "from their first attestation (the earliest date on their ties), and each until a declared "
            "end or the end of their last tie, an open tie lasting until the other person leaves; "
            f"a bound is inferred so through an open tie for {count(inferred, 'node')}. "
            f"{count(len(undated), 'node')} and {count(len(ties), 'tie')} between them have no dated "
            "evidence at all: they are in the whole network but on no date.",
            *_shown(spans, "presence"),
        ],
        tables=[
            ("Undated: nodes with no dated evidence, on no date", undated[["id", "name", "kind"]]),
            ("Undated ties between them", ties),
            ("When each node is present, and why", spans.head(LIST_LIMIT)),
        ],
    )


def _claims(tables: Tables, rows: pd.DataFrame | None) -> pd.DataFrame:
    """The rows that are rival readings of one fact (``rows``, of :func:`claim_rows`; None if the
    ties have no claim column), by claim id, with people's names and the notes."""
    columns = ["claim", "id", "from", "relation", "to", "start", "end", "certainty", "citation", "note"]
    if rows is None:
        return pd.DataFrame(columns=columns)
    names = tables.nodes["name"]
    rows = rows.copy()
    rows["from"] = rows["source"].map(names).fillna(rows["source"])
    rows["to"] = rows["target"].map(names).fillna(rows["target"])
    for column in ("start", "end", "citation", "note"):
        if column not in rows:
            rows[column] = ""
    return rows.sort_values(["claim", "id"], kind="stable")[columns].reset_index(drop=True)


def _warnings(found: dict[str, pd.DataFrame]) -> Section:
    """The validation warnings, each with its place."""
    warnings = found["warnings"]
    text = f"{count(len(warnings), 'warning')}; the data has no errors (it would not have loaded otherwise)."
    return Section(
        "Validation warnings",
        paragraphs=[text, *_shown(warnings, "warnings")],
        tables=[("Warnings", warnings.head(LIST_LIMIT))],
    )


def _uncertain(found: dict[str, pd.DataFrame]) -> Section:
    """Ties that are not certain, and ties without a source."""
    uncertain, unsourced = found["uncertain-ties"], found["unsourced-ties"]
    return Section(
        "Uncertain and unsourced ties",
        paragraphs=[
            f"{count(len(uncertain), 'tie')} not certain; {count(len(unsourced), 'tie')} without a citation.",
            *_shown(uncertain, "uncertain-ties"),
            *_shown(unsourced, "unsourced-ties"),
        ],
        tables=[
            ("Ties that are not certain", uncertain.head(LIST_LIMIT)),
            ("Ties without a citation", unsourced.head(LIST_LIMIT)),
        ],
    )


def _shown(table: pd.DataFrame, name: str) -> list[str]:
    """A sentence saying where the whole of a list cut to ``LIST_LIMIT`` rows is."""
    if len(table) <= LIST_LIMIT:
        return []
    what = name.replace("-", " ")
    return [f"The report shows the first {LIST_LIMIT} of {len(table)} {what}; all are in exports/{name}.csv."]


def _claims_in_full(found: dict[str, pd.DataFrame]) -> Section:
    """Every row of every claim, with its note."""
    claims = found["claims"]
    return Section(
        "Rival readings in full",
        paragraphs=[f"{count(len(claims), 'row')} of edges.csv with a claim id.", *_shown(claims, "claims")],
        tables=[("Claims and their readings", claims.head(LIST_LIMIT))] if len(claims) else [],
    )


def _balance_tables(title: str, results: Analyses) -> Section:
    """Balance at each date, and the ties that frustrate it."""
    return Section(
        title,
        tables=[
            ("Balance over time", results.balance_over_time),
            (
                "Ties that frustrate balance",
                results.frustrating_ties.drop(columns=["ties"], errors="ignore").head(TOP),
            ),
        ],
    )


def _robustness_tables(title: str, results: Analyses) -> Section:
    """How the rankings change without uncertain ties, and with each rival reading alone."""
    return Section(
        title,
        tables=[
            ("Rank correlation with the full ranking", results.robustness),
            ("Rankings with each rival reading alone", results.readings),
            ("Ranks that depend on the reading", results.reading_ranges),
        ],
    )


def _communities_tables(title: str, results: Analyses) -> Section:
    """Each community, its size, main groups and first members."""
    return Section(title, tables=[("Communities", communities_table(results))])


def _brokerage_tables(title: str, results: Analyses) -> Section:
    """Brokerage of every kind of node, and the bridges."""
    return Section(
        title,
        tables=[
            ("Brokerage", results.brokerage.head(TOP)),
            ("Bridges (ties whose removal disconnects the network)", results.bridges.head(TOP)),
        ],
    )
