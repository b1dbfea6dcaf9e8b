"""Centrality commands: who was central, how that changed over time, and how sure it is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.commands.common import (
    AtOption,
    CertaintyOption,
    DataArg,
    EngineOption,
    FromOption,
    Measure,
    PersonsOption,
    ReadingOption,
    RelationOption,
    TableFormatOption,
    ToOption,
    TopOption,
    emit,
    open_view,
    say_selection,
    split,
)
from netpipe.words import join_names

SampleOption = Annotated[
    int | None,
    typer.Option(
        "--sample",
        help="Estimate betweenness and closeness from this many seeded source nodes "
        "(default: exact up to 5,000 nodes, 256 sources above).",
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the sampling.")]
HostileOption = Annotated[
    bool,
    typer.Option(
        "--hostile",
        help="Count hostile ties (rival, arrested-by, ...) as ties like the others "
        "(default: they confer no standing and are left out).",
    ),
]


def _say_notes(notes: list[str]) -> None:
    """Print the notes of an analysis (sampling, non-convergence) on stderr."""
    for note in notes:
        typer.echo(f"note: {note}", err=True)


def centrality(
    data: DataArg = Path("data"),
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    by: Annotated[Measure, typer.Option("--by", help="Sort by this measure, highest first.")] = "degree",
    engine: EngineOption = "igraph",
    sample: SampleOption = None,
    seed: SeedOption = 42,
    top: TopOption = None,
    hostile: HostileOption = False,
    output_format: TableFormatOption = "table",
) -> None:
    """Rank the people of the network (or of a date, a period) by centrality.

    Columns: degree, in/out degree, betweenness, closeness, eigenvector, PageRank, core.
    Equal values share a rank ("=2"); people with no tie are listed apart, unranked.

    Example: netpipe centrality data --at 1937-02-18 --by betweenness --top 10
    """
    from netpipe.analysis import centrality as analysis

    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    table = analysis.rank(analysis.centrality(view, engine, sample, seed, hostile=hostile), by)
    say_selection(view)
    _say_notes(table.attrs["notes"])
    table = table.reset_index()
    table = table[["rank", *table.columns.drop("rank")]]
    if output_format != "table":
        emit(table, output_format, top)
        return
    unranked = table[by].isna()
    alone = table["node"].isin(analysis.untied(view))
    ranked = table[~unranked].assign(rank=lambda t: analysis.places(t["rank"]))
    emit(ranked, output_format, top)
    for people, words in (
        (table[alone], "present, no ties shown"),
        (table[unranked & ~alone], f"present, not ranked by {by} (no tie it reads)"),
    ):
        if len(people):
            typer.echo(f"{words}: {join_names(people['name'])}")


def timeline(
    data: DataArg = Path("data"),
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            help="One date per: year, 5y, decade, month, 6m (default: where the network changes).",
        ),
    ] = None,
    dates: Annotated[
        str | None,
        typer.Option("--dates", help="Comma-separated dates instead of --every."),
    ] = None,
    measure: Annotated[str, typer.Option("--measure", "-m", help="The measure to follow.")] = "pagerank",
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    engine: EngineOption = "igraph",
    sample: SampleOption = None,
    seed: SeedOption = 42,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", help="Show the first N people of each date."),
    ] = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Follow one centrality measure over time: rank and change of each person at each date.

    With --from/--to, only the dates of that period are kept.

    Example: netpipe timeline data --every 5y --measure betweenness --top 5
    """
    from netpipe.analysis.centrality import places
    from netpipe.analysis.over_time import centrality_over_time, ranking_by_date
    from netpipe.selection import timeline as dates_of

    chosen = split(measure)
    view = open_view(data, relations=relation, reading=reading, persons_only=persons, certainty=certainty)
    wanted = dates_of(view, split(dates) or None, every, start=start, end=end)
    table = centrality_over_time(view, wanted, chosen, reading, engine=engine, sample=sample, seed=seed)
    say_selection(view)
    _say_notes(table.attrs["notes"])
    ranking = ranking_by_date(table, chosen[0], top)
    if output_format == "table":
        ranking = ranking.assign(rank=places(ranking["rank"], ranking["date"]))
    emit(ranking, output_format)


def robustness(
    data: DataArg = Path("data"),
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    measure: Annotated[
        str,
        typer.Option("--measure", "-m", help="Comma-separated measures."),
    ] = "degree,betweenness,pagerank",
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Size of the top-N sets compared.")] = 10,
    engine: EngineOption = "igraph",
    sample: SampleOption = None,
    seed: SeedOption = 42,
    output_format: TableFormatOption = "table",
) -> None:
    """Check which rankings rest on uncertain evidence.

    Drops alleged ties, then possible ones, then ties with uncertain (?) or approximate (~)
    dates, and compares each ranking with the full one (Spearman, Kendall, top-N overlap).

    Example: netpipe robustness data --top 5
    """
    from netpipe.analysis.robustness import robustness as analyse

    view = open_view(data, at, start, end, relation, reading, persons)
    table = analyse(view, split(measure), top, engine, sample, seed)
    say_selection(view)
    emit(table, output_format)
