"""Structure commands: communities, brokers, balance, chains between two people, ego networks,
who could have reached whom in time."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from netpipe.app.commands.common import (
    Analysed,
    analysed_view,
    emit,
    open_view,
    person,
    say,
    say_selection,
    split,
)
from netpipe.app.commands.options import (
    ClusterOption,
    DataArg,
    FromOption,
    ProjectionLimitOption,
    TableFormatOption,
    ToOption,
    TopOption,
    ViewOptions,
    with_options,
)

if TYPE_CHECKING:
    import pandas as pd

    from netpipe.analysis.common import Kind, Layer


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
    cluster: ClusterOption = None,
    gather_limit: ProjectionLimitOption = None,
) -> None:
    """Find communities (seeded Leiden on the undirected weighted network).

    With --cluster, the ties are read and selected and the undirected projection made on Dask, the
    communities found here.

    Example: netpipe communities data --at 1930 --groups
    """
    from netpipe.analysis.communities import communities as find_communities
    from netpipe.analysis.communities import community_groups

    with analysed_view(data, view_options, cluster, gather_limit, [("undirected", "all")]) as analysed:
        view = analysed.network
        found = find_communities(view, seed=seed, resolution=resolution)
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
    cluster: ClusterOption = None,
    gather_limit: ProjectionLimitOption = None,
) -> None:
    """Rank brokers by Burt's constraint (lowest first), with effective size and articulation points.

    With --roles: how often each person links others along ties that carry a flow, by the
    groups of the three (nodes.csv's group column). With --cluster, the ties are read and selected
    and the projection made on Dask (and the ties behind each bridge picked there), the measures here.

    Example: netpipe brokers data --at 1930 --top 10
    """
    from netpipe.analysis.brokerage import bridge_pairs, brokerage
    from netpipe.analysis.roles import brokerage_roles

    if show_bridges and roles:
        raise typer.BadParameter("choose --bridges or --roles, not both")
    read: list[tuple[Kind, Layer]] = [("directed", "standing")] if roles else [("undirected", "all")]
    with analysed_view(data, view_options, cluster, gather_limit, read) as analysed:
        view = analysed.network
        if roles:
            table = brokerage_roles(view).sort_values("total", ascending=False, kind="stable")
        else:
            table = analysed.described(bridge_pairs(view)) if show_bridges else brokerage(view)
    emit(table, output_format, top)


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
    cluster: ClusterOption = None,
    gather_limit: ProjectionLimitOption = None,
) -> None:
    """Count balanced and unbalanced triangles of allies and enemies, now or over time.

    With --cluster, the ties are read and selected (each date's snapshot too) and the signed
    projection made on Dask (and the ties behind each pair of --ties picked there), the triangles
    counted here.

    Example: netpipe balance data --every 5y
    """
    from netpipe.analysis.balance import balance as summarize
    from netpipe.analysis.balance import frustrating_pairs

    over_time = every is not None or bool(dates)
    if over_time and (view_options.at or ties):
        raise typer.BadParameter(
            "--every/--dates cannot be combined with --at or --ties", param_hint="--every"
        )
    read: list[tuple[Kind, Layer]] = [] if over_time else [("signed", "all")]
    with analysed_view(data, view_options, cluster, gather_limit, read) as analysed:
        view = analysed.network
        if ties:
            table = analysed.described(frustrating_pairs(view), signed_only=True)
        elif over_time:
            table = _balance_over_time(analysed, split(dates) or None, every or "year", view_options)
        else:
            table = summarize(view)
    emit(table, output_format, top)


def _balance_over_time(
    analysed: Analysed, dates: list[str] | None, every: str, view_options: ViewOptions
) -> pd.DataFrame:
    """The balance of the view at each date of its timeline (``dates``, or one ``every`` period),
    each date's snapshot made on the cluster if the view is on one."""
    from netpipe.analysis.balance import balance_over_time
    from netpipe.model.selection import timeline

    reading, presence = view_options.reading, view_options.presence
    if analysed.selection is None:
        series = timeline(analysed.network, dates, every)
        return balance_over_time(analysed.network, series, reading, presence=presence)
    from netpipe.analysis.balance_on_cluster import balance_over_time_on_cluster
    from netpipe.model.on_cluster import timeline_on_cluster

    series = timeline_on_cluster(analysed.selection, dates, every)
    return balance_over_time_on_cluster(
        analysed.selection, series, reading, presence=presence, gather_limit=analysed.gather_limit
    )


@with_options()
def path(
    a: Annotated[str, typer.Argument(help="One person: id, name or alias.")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    data: DataArg = Path("data"),
    limit: Annotated[int, typer.Option(min=1, help="At most this many shortest chains.")] = 5,
    in_time: Annotated[
        bool,
        typer.Option(
            "--in-time",
            help="The earliest chain in time instead (ties in the order they held, from --from to --to), "
            "with the day of each step.",
        ),
    ] = False,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """Show the shortest chains of ties between two people, with every tie of each step.

    With --in-time: the earliest chain that respects time (see netpipe reach).

    Example: netpipe path Sergo Beria data --at 1936
    """
    from netpipe.analysis.paths import chains
    from netpipe.analysis.reach import chain_in_time

    if in_time and view_options.at:
        raise typer.BadParameter("--in-time follows time from --from to --to, not --at", param_hint="--at")
    if in_time:  # the period bounds the chain's days, not the view
        view = open_view(data, dataclasses.replace(view_options, start=None, end=None))
        table = chain_in_time(
            view, person(view, a), person(view, b), start=view_options.start, end=view_options.end,
            reading=view_options.reading, certainty=view_options.certainty,
        )  # fmt: skip
    else:
        view = open_view(data, view_options)
        table = chains(view, person(view, a), person(view, b), limit=limit).table
    say_selection(view)
    emit(table, output_format, top)


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


@with_options(omit=("at", "start", "end", "presence"))
def reach(
    name: Annotated[str, typer.Argument(help="The person: id, name or alias.")],
    data: DataArg = Path("data"),
    start: FromOption = None,
    end: ToOption = None,
    backward: Annotated[
        bool,
        typer.Option("--backward", help="Who could have reached the person, and until when, instead."),
    ] = False,
    hostile: Annotated[
        bool,
        typer.Option("--hostile", help="Also follow hostile ties (rivalries, arrests, denunciations)."),
    ] = False,
    view_options: ViewOptions = ViewOptions(),
    top: TopOption = None,
    output_format: TableFormatOption = "table",
) -> None:
    """List who a person could have reached through ties in the order they held, and from when.

    Each tie is used on a day it was active, the days never going back; undirected ties both
    ways, directed ones along their relation's flow. --backward: who could have reached the
    person, and the latest day they could have started.

    Example: netpipe reach Sergo data --from 1936-09-01
    """
    from netpipe.analysis.reach import reach as reachable

    view = open_view(data, view_options)
    source = person(view, name)
    direction: Literal["forward", "backward"] = "backward" if backward else "forward"
    table = reachable(
        view, source, start=start, end=end, direction=direction, reading=view_options.reading,
        certainty=view_options.certainty, hostile=hostile,
    )  # fmt: skip
    say_selection(view)
    who = "could reach" if not backward else "could be reached by"
    count = len(table) - 1
    people = f"{count} {'person' if count == 1 else 'people'}"
    say(f"{table['name'].iloc[0]} {who} {people} ({view_options.reading} reading)", err=True)
    emit(table, output_format, top)
