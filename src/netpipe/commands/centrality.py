"""Centrality commands: who was central, how that changed over time, and how sure it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netpipe.cli import app
from netpipe.commands.common import (
    AtOption,
    CertaintyOption,
    DataArg,
    FromOption,
    PersonsOption,
    ReadingOption,
    RelationOption,
    TableFormat,
    ToOption,
    TopOption,
    emit,
    open_view,
    say_selection,
)

if TYPE_CHECKING:
    import pandas as pd


EngineOption = Annotated[str, typer.Option("--engine", help="igraph (fast) or networkx (reference).")]
SampleOption = Annotated[
    int | None,
    typer.Option(
        "--sample",
        help="Estimate betweenness and closeness from this many seeded source nodes "
        "(default: exact up to 5,000 nodes, 256 sources above).",
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the sampling.")]


def _say_notes(notes: list[str]) -> None:
    """Print the notes of an analysis (sampling, non-convergence) on stderr."""
    for note in notes:
        typer.echo(f"note: {note}", err=True)


def _check(value: str, allowed: tuple[str, ...], hint: str) -> str:
    """Reject a value outside ``allowed`` as bad usage."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=hint)
    return value


def _measures(text: str) -> list[str]:
    """Comma-separated measure names, checked."""
    from netpipe.analysis.centrality import MEASURES

    chosen = [m.strip() for m in text.split(",") if m.strip()]
    for measure in chosen:
        _check(measure, MEASURES, "--measure")
    return chosen


@app.command()
def centrality(
    data: DataArg = Path("data"),
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    by: Annotated[str, typer.Option("--by", help="Sort by this measure, highest first.")] = "pagerank",
    engine: EngineOption = "igraph",
    sample: SampleOption = None,
    seed: SeedOption = 42,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """Rank the people of the network (or of a date, a period) by centrality.

    Columns: degree, in/out degree, betweenness, closeness, eigenvector, PageRank, core.

    Example: netpipe centrality data --at 1937-02-18 --by betweenness --top 10
    """
    from netpipe.analysis import centrality as analysis

    _check(by, analysis.MEASURES, "--by")
    _check(engine, ("igraph", "networkx"), "--engine")
    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    table = analysis.rank(analysis.centrality(view, engine, sample, seed), by)  # type: ignore[arg-type]
    say_selection(view)
    _say_notes(table.attrs["notes"])
    table = table.reset_index()
    emit(table[["rank", *table.columns.drop("rank")]], output_format, top)


@app.command()
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
    output_format: TableFormat = "table",
) -> None:
    """Follow one centrality measure over time: rank and change of each person at each date.

    With --from/--to, only the dates of that period are kept.

    Example: netpipe timeline data --every 5y --measure betweenness --top 5
    """
    from netpipe.analysis.over_time import centrality_over_time
    from netpipe.dates import FIRST_DAY, LAST_DAY, parse_date, parse_dates
    from netpipe.selection import timeline as dates_of

    chosen = _measures(measure)
    _check(engine, ("igraph", "networkx"), "--engine")
    view = open_view(data, relations=relation, reading=reading, persons_only=persons, certainty=certainty)
    try:
        wanted = dates_of(view, [d.strip() for d in dates.split(",")] if dates else None, every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--dates" if dates else "--every") from None
    try:
        first = parse_date(start)[0] if start else None
        last = parse_date(end)[1] if end else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--from/--to") from None
    if first is not None or last is not None:
        import pandas as pd

        bounds = parse_dates(pd.Series(wanted, dtype=object))  # all at once: --every year over millennia
        inside = (bounds["lo"] >= (first if first is not None else FIRST_DAY)) & (
            bounds["hi"] <= (last if last is not None else LAST_DAY)
        )
        wanted = [d for d, keep in zip(wanted, inside.tolist(), strict=True) if keep]
    table = centrality_over_time(
        view,
        wanted,
        chosen,
        reading,  # type: ignore[arg-type]
        engine=engine,  # type: ignore[arg-type]
        sample=sample,
        seed=seed,
    )
    say_selection(view)
    _say_notes(table.attrs["notes"])
    emit(_per_date(table, chosen[0], top), output_format)


def _per_date(table: pd.DataFrame, measure: str, top: int | None) -> pd.DataFrame:
    """Rows in the timeline's order of dates (not as text: ``-0043`` is after ``-0044``) then by rank."""
    rank = f"{measure}_rank"
    order = {date: i for i, date in enumerate(dict.fromkeys(table["date"]))}
    ordered = table.assign(order=table["date"].map(order)).sort_values(["order", rank, "node"], kind="stable")
    if top is not None:
        ordered = ordered.groupby("date", sort=False).head(top)
    columns = ["date", rank, "node", "name", measure, f"{measure}_change"]
    return ordered[columns].rename(columns={rank: "rank", f"{measure}_change": "change"})


@app.command()
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
    top: Annotated[int, typer.Option("--top", "-n", help="Size of the top-N sets compared.")] = 10,
    engine: EngineOption = "igraph",
    sample: SampleOption = None,
    seed: SeedOption = 42,
    output_format: TableFormat = "table",
) -> None:
    """Check which rankings rest on uncertain evidence.

    Drops alleged ties, then possible ones, then ties with uncertain (?) or approximate (~)
    dates, and compares each ranking with the full one (Spearman, Kendall, top-N overlap).

    Example: netpipe robustness data --top 5
    """
    from netpipe.analysis.robustness import robustness as analyse

    chosen = _measures(measure)
    _check(engine, ("igraph", "networkx"), "--engine")
    if top < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--top")
    view = open_view(data, at, start, end, relation, reading, persons)
    table = analyse(view, chosen, top, engine, sample, seed)  # type: ignore[arg-type]
    say_selection(view)
    emit(table, output_format)
