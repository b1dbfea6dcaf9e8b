"""Structure commands: communities, brokers, balance, chains between two people, ego networks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.cli import app, fail
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
    person,
    say_selection,
)


@app.command()
def communities(
    data: DataArg = Path("data"),
    seed: Annotated[
        int,
        typer.Option(help="Seed of the Louvain method (same seed, same result)."),
    ] = 42,
    resolution: Annotated[
        float,
        typer.Option(help="Above 1: smaller communities; below 1: larger ones."),
    ] = 1.0,
    groups: Annotated[
        bool,
        typer.Option("--groups", help="Cross-tabulate communities against groups."),
    ] = False,
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """Find communities (seeded Louvain on the undirected weighted network).

    Example: netpipe communities data --at 1930 --groups
    """
    from netpipe.analysis.communities import communities as find_communities
    from netpipe.analysis.communities import community_groups

    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    try:
        table = find_communities(view, seed=seed, resolution=resolution)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    say_selection(view)
    typer.echo(f"modularity {table.attrs['modularity']:.4f} (seed {seed}, resolution {resolution})", err=True)
    if groups:
        cross = community_groups(view, table)
        typer.echo(f"purity {cross.attrs['purity']:.4f}, NMI {cross.attrs['nmi']:.4f}", err=True)
        emit(cross.reset_index(), output_format, top)
    else:
        emit(table, output_format, top)


@app.command()
def brokers(
    data: DataArg = Path("data"),
    show_bridges: Annotated[
        bool,
        typer.Option("--bridges", help="List the bridges (ties whose loss splits the network)."),
    ] = False,
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """Rank brokers by Burt's constraint (lowest first), with effective size and articulation points.

    Example: netpipe brokers data --at 1930 --top 10
    """
    from netpipe.analysis.brokerage import bridges, brokerage

    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    say_selection(view)
    emit(bridges(view) if show_bridges else brokerage(view), output_format, top)


@app.command()
def balance(
    data: DataArg = Path("data"),
    every: Annotated[
        str | None,
        typer.Option(help="Over time: one snapshot per period (year, 5y, month, ...)."),
    ] = None,
    dates: Annotated[
        list[str] | None,
        typer.Option(
            "--dates",
            help="Over time: snapshots at these dates (repeatable, or comma-separated).",
        ),
    ] = None,
    ties: Annotated[
        bool,
        typer.Option("--ties", help="List the ties that close unbalanced triangles."),
    ] = False,
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """Count balanced and unbalanced triangles of allies and enemies, now or over time.

    Example: netpipe balance data --every 5y
    """

    from netpipe.analysis.balance import balance as summarize
    from netpipe.analysis.balance import balance_over_time, frustrating_ties
    from netpipe.selection import timeline

    over_time = every is not None or bool(dates)
    if over_time and (at or ties):
        raise typer.BadParameter(
            "--every/--dates cannot be combined with --at or --ties", param_hint="--every"
        )
    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    say_selection(view)
    if ties:
        emit(frustrating_ties(view), output_format, top)
    elif over_time:
        wanted = [d.strip() for text in dates or [] for d in text.split(",") if d.strip()] or None
        try:
            series = timeline(view, wanted, every or "year")
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
        emit(balance_over_time(view, series, reading), output_format, top)  # type: ignore[arg-type]
    else:
        emit(summarize(view), output_format, top)


@app.command()
def path(
    a: Annotated[str, typer.Argument(help="One person: id, name or alias.")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    data: DataArg = Path("data"),
    limit: Annotated[int, typer.Option(min=1, help="At most this many shortest chains.")] = 5,
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """Show the shortest chains of ties between two people, with every tie of each step.

    Example: netpipe path Sergo Beria data --at 1936
    """
    from netpipe.analysis.paths import NoChain, chains

    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    first, second = person(view, a), person(view, b)
    try:
        table = chains(view, first, second, limit=limit)
    except NoChain as error:
        raise fail(str(error)) from None
    say_selection(view)
    emit(table, output_format, top)


@app.command()
def ego(
    name: Annotated[str, typer.Argument(help="The person: id, name or alias.")],
    data: DataArg = Path("data"),
    radius: Annotated[int, typer.Option(min=0, help="How many steps out from the person.")] = 1,
    at: AtOption = None,
    start: FromOption = None,
    end: ToOption = None,
    relation: RelationOption = None,
    reading: ReadingOption = "wide",
    persons: PersonsOption = False,
    certainty: CertaintyOption = None,
    top: TopOption = None,
    output_format: TableFormat = "table",
) -> None:
    """List a person's ego network: everyone within --radius steps, and their ties to the person.

    Example: netpipe ego Stalin data --at 1930 --radius 2
    """
    from netpipe.analysis.ego import ego as ego_network

    view = open_view(data, at, start, end, relation, reading, persons, certainty)
    center = person(view, name)
    try:
        found = ego_network(view, center, radius=radius)
    except ValueError as error:
        raise fail(str(error)) from None
    say_selection(found.network)
    emit(found.members, output_format, top)
