"""Structure commands: communities, brokers, balance, chains between two people, ego networks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpipe.app.commands.common import emit, open_view, person, say_selection, split
from netpipe.app.commands.options import (
    DataArg,
    TableFormatOption,
    TopOption,
    ViewOptions,
    with_options,
)


@with_options()
def communities(
    data: DataArg = Path("data"),
    seed: Annotated[
        int,
        typer.Option(help="Seed of the Leiden method (same seed, same result).", min=0, max=2**32 - 1),
    ] = 42,
    resolution: Annotated[
        float,
        typer.Option(help="Above 1: smaller communities; below 1: larger ones."),
    ] = 1.0,
    groups: Annotated[
        bool,
        typer.Option("--groups", help="Cross-tabulate communities against groups."),
    ] = False,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Find communities (seeded Leiden on the undirected weighted network).

    Example: netpipe communities data --at 1930 --groups
    """
    from netpipe.analysis.communities import communities as find_communities
    from netpipe.analysis.communities import community_groups

    view = open_view(data, view_options)
    found = find_communities(view, seed=seed, resolution=resolution)
    say_selection(view)
    typer.echo(f"modularity {found.modularity:.4f} (seed {seed}, resolution {resolution})", err=True)
    if groups:
        cross = community_groups(view, found.table)
        typer.echo(f"purity {cross.purity:.4f}, NMI {cross.nmi:.4f}", err=True)
        emit(cross.table.reset_index(), output_format, top)
    else:
        emit(found.table, output_format, top)


@with_options()
def brokers(
    data: DataArg = Path("data"),
    show_bridges: Annotated[
        bool,
        typer.Option("--bridges", help="List the bridges (ties whose loss splits the network)."),
    ] = False,
    roles: Annotated[
        bool,
        typer.Option(
            "--roles",
            help="Brokerage between groups (Gould-Fernandez: coordinator, itinerant, gatekeeper, "
            "representative, liaison), most brokerage first.",
        ),
    ] = False,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Rank brokers by Burt's constraint (lowest first), with effective size and articulation points.

    With --roles: how often each person links others along ties that carry a flow, by the
    groups of the three (nodes.csv's group column).

    Example: netpipe brokers data --at 1930 --top 10
    """
    from netpipe.analysis.brokerage import bridges, brokerage
    from netpipe.analysis.roles import brokerage_roles

    if show_bridges and roles:
        raise typer.BadParameter("choose --bridges or --roles, not both")
    view = open_view(data, view_options)
    say_selection(view)
    if roles:
        table = brokerage_roles(view).sort_values("total", ascending=False, kind="stable")
        emit(table, output_format, top)
        return
    emit(bridges(view) if show_bridges else brokerage(view), output_format, top)


@with_options()
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
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Count balanced and unbalanced triangles of allies and enemies, now or over time.

    Example: netpipe balance data --every 5y
    """

    from netpipe.analysis.balance import balance as summarize
    from netpipe.analysis.balance import balance_over_time, frustrating_ties
    from netpipe.model.selection import timeline

    over_time = every is not None or bool(dates)
    if over_time and (view_options.at or ties):
        raise typer.BadParameter(
            "--every/--dates cannot be combined with --at or --ties", param_hint="--every"
        )
    view = open_view(data, view_options)
    say_selection(view)
    if ties:
        emit(frustrating_ties(view), output_format, top)
    elif over_time:
        series = timeline(view, split(dates) or None, every or "year")
        table = balance_over_time(view, series, view_options.reading, presence=view_options.presence)
        emit(table, output_format, top)
    else:
        emit(summarize(view), output_format, top)


@with_options()
def path(
    a: Annotated[str, typer.Argument(help="One person: id, name or alias.")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    data: DataArg = Path("data"),
    limit: Annotated[int, typer.Option(min=1, help="At most this many shortest chains.")] = 5,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Show the shortest chains of ties between two people, with every tie of each step.

    Example: netpipe path Sergo Beria data --at 1936
    """
    from netpipe.analysis.paths import chains

    view = open_view(data, view_options)
    found = chains(view, person(view, a), person(view, b), limit=limit)
    say_selection(view)
    emit(found.table, output_format, top)


@with_options()
def ego(
    name: Annotated[str, typer.Argument(help="The person: id, name or alias.")],
    data: DataArg = Path("data"),
    radius: Annotated[int, typer.Option(min=0, help="How many steps out from the person.")] = 1,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """List a person's ego network: everyone within --radius steps, and their ties to the person.

    Example: netpipe ego Stalin data --at 1930 --radius 2
    """
    from netpipe.analysis.ego import ego as ego_network

    view = open_view(data, view_options)
    found = ego_network(view, person(view, name), radius=radius)
    say_selection(found.network)
    emit(found.members, output_format, top)
