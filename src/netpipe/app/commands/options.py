"""The options the commands share, declared once.

Each option is declared here once, with its flag and help. As sqlite-utils bundles its
repeated click options in one decorator (``import_options``), the options that go together
form a bundle: a command declares a parameter ``view_options: ViewOptions`` (or
``measuring: MeasureOptions``), :func:`with_options` turns it into one command-line option
per field, and the command receives the bundle.

The choices are spelled out here rather than imported from the library, so that
``netpipe --help`` does not load pandas; tests hold them equal to the library's.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_type_hints

import typer

__all__ = ["MeasureOptions", "ViewOptions", "with_options"]

#: As :data:`netpipe.io.spans.READINGS`.
Reading = Literal["wide", "narrow"]
#: As :data:`netpipe.io.spans.PRESENCES`.
Presence = Literal["attested", "always"]
#: As :data:`netpipe.io.contract.CERTAINTIES`.
Certainty = Literal["certain", "probable", "possible", "alleged"]
#: As :data:`netpipe.analysis.centrality.MEASURES`.
Measure = Literal[
    "degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector", "pagerank", "core"
]
#: As :data:`netpipe.analysis.centrality.Engine`.
Engine = Literal["igraph", "networkx"]
TableFormat = Literal["table", "csv", "json"]
#: As :data:`netpipe.outputs.exports.nodelink.LINK_KEYS`.
LinkKey = Literal["edges", "links"]
LinkKeyOption = Annotated[
    LinkKey,
    typer.Option(
        "--link-key",
        help="The key of the ties in network.json: edges (NetworkX's default) or links (D3's examples).",
    ),
]
#: As :data:`netpipe.outputs.exports.gexf.UNDIRECTED_TYPES`.
UndirectedType = Literal["undirected", "mutual"]
GexfUndirectedOption = Annotated[
    UndirectedType,
    typer.Option(
        "--gexf-undirected",
        help="How network.gexf writes an undirected tie: undirected (as Gephi reads it) or mutual"
        " (both ways, as NetworkX's read_gexf reads it).",
    ),
]

DataArg = Annotated[Path, typer.Argument(help="The dataset folder, or a workbook (.xlsx, .ods).")]
ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Read and check the ties on Dask, part by part: local (worker processes on this machine) or"
        ' the address of a running scheduler (tcp://host:8786). Needs pip install "netpipe[dask]".',
    ),
]
GatherLimitOption = Annotated[
    int | None,
    typer.Option(
        "--gather-limit",
        metavar="TIES",
        min=0,
        help="With --cluster: the most ties (one reading per fact) whose projection is gathered into this "
        "process and measured by igraph (default 20,000,000, about 6 GB); above it, or with 0, the degrees "
        "and PageRank are computed on the cluster and the other measures are skipped.",
    ),
]
ProjectionLimitOption = Annotated[
    int | None,
    typer.Option(
        "--gather-limit",
        metavar="TIES",
        min=0,
        help="With --cluster: the most ties (one reading per fact) of each projection gathered into this "
        "process to be analysed there (default 20,000,000, about 6 GB); above it, the command stops and "
        "says how many the projection holds.",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="The network as of this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Start of a period (with --to, or open-ended)."),
]
ToOption = Annotated[str | None, typer.Option("--to", help="End of a period.")]
EveryOption = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Follow the network one date per period: year, 5y, decade, month, 6m "
        "(default: the days on which it changes, most where it changes most).",
    ),
]
DatesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dates",
        help="Follow the network through these dates (repeatable, or comma-separated: 1912,1917,1937).",
    ),
]
RelationOption = Annotated[
    list[str] | None,
    typer.Option("--relation", "-r", help="Keep only this relation type (repeatable)."),
]
ReadingOption = Annotated[
    Reading,
    typer.Option(
        "--reading",
        help="How dates are read: wide (whatever may have held) or narrow (only what surely held).",
    ),
]
PresenceOption = Annotated[
    Presence,
    typer.Option(
        "--presence",
        help="Where a node without declared dates is present: attested (as its ties place it; "
        "a node with no dated evidence on no date) or always.",
    ),
]
PersonsOption = Annotated[bool, typer.Option("--persons", help="Persons only: leave organizations out.")]
CertaintyOption = Annotated[
    Certainty | None,
    typer.Option(
        "--certainty",
        help="Keep ties at least this sure: certain, probable, possible or alleged (default: all).",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Print only results and problems: no progress, no list of the files written."
    ),
]
TopOption = Annotated[int | None, typer.Option("--top", "-n", help="Show only the first N rows.")]
TableFormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, csv or json.")]
EngineOption = Annotated[Engine, typer.Option("--engine", help="igraph (fast) or networkx (reference).")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="The output folder.")]
SampleOption = Annotated[
    int | None,
    typer.Option(
        "--sample",
        help="Estimate betweenness and closeness from this many seeded source nodes "
        "(default: exact up to 5,000 nodes, 256 sources above).",
    ),
]
SamplingSeedOption = Annotated[
    int, typer.Option("--seed", help="Seed of the sampling.", min=0, max=2**32 - 1)
]


@dataclasses.dataclass(frozen=True)
class ViewOptions:
    """Which part of the network a command reads: a date or a period, relations, persons,
    certainty, and how dates and presence are read (see :func:`netpipe.app.commands.common.open_view`)."""

    at: AtOption = None
    start: FromOption = None
    end: ToOption = None
    relation: RelationOption = None
    reading: ReadingOption = "wide"
    presence: PresenceOption = "attested"
    persons: PersonsOption = False
    certainty: CertaintyOption = None


@dataclasses.dataclass(frozen=True)
class MeasureOptions:
    """How centrality is computed: the engine, and the sample of sources on a large network."""

    engine: EngineOption = "igraph"
    sample: SampleOption = None
    seed: SamplingSeedOption = 42


Command = TypeVar("Command", bound=Callable[..., None])


def with_options(omit: Collection[str] = ()) -> Callable[[Command], Command]:
    """Give a command the options of each bundle it takes (:class:`ViewOptions`, :class:`MeasureOptions`).

    Each parameter annotated with a bundle becomes one option per field of the bundle, at
    its place among the command's options, less the fields named in ``omit`` (which take
    their defaults); the command receives the bundle.
    """

    def decorate(function: Command) -> Command:
        hints = get_type_hints(function, include_extras=True)
        bundles: dict[str, tuple[type[Any], list[str]]] = {}
        parameters: list[inspect.Parameter] = []
        for parameter in inspect.signature(function).parameters.values():
            kind = hints[parameter.name]
            if kind not in _BUNDLES:
                parameters.append(parameter.replace(kind=_BY_NAME, annotation=kind))
                continue
            fields = [f for f in dataclasses.fields(kind) if f.name not in omit]
            declared = get_type_hints(kind, include_extras=True)
            bundles[parameter.name] = (kind, [f.name for f in fields])
            parameters += [
                inspect.Parameter(f.name, _BY_NAME, default=f.default, annotation=declared[f.name])
                for f in fields
            ]

        @functools.wraps(function)
        def command(**options: Any) -> None:
            for name, (kind, fields) in bundles.items():
                options[name] = kind(**{field: options.pop(field) for field in fields})
            function(**options)

        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        return command  # type: ignore[return-value]

    return decorate


_BUNDLES = (ViewOptions, MeasureOptions)
#: Typer passes every option by name.
_BY_NAME = inspect.Parameter.KEYWORD_ONLY
