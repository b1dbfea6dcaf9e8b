"""Dataset commands: validate, summarize and describe a dataset."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from netpipe.app.commands.common import fail, print_problems, read, say
from netpipe.app.commands.options import ClusterOption

DataArg = Annotated[
    Path,
    typer.Argument(
        help="The dataset folder (nodes.csv, edges.csv, optional relations.csv; or folders nodes/, "
        "edges/ of CSV or Parquet parts), or a workbook (.xlsx, .ods) with those sheets."
    ),
]
FormatOption = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="Output format: table or json.")
]


def validate(
    data: DataArg = Path("data"), output_format: FormatOption = "table", cluster: ClusterOption = None
) -> None:
    """Check a dataset against the data contract and list every problem.

    Exits 0 when there is no error (warnings allowed) and 1 otherwise.

    Example: netpipe validate data --format json
    """
    from netpipe.app.cluster import dask_client, one_part_note
    from netpipe.io.validation import validate as validate_data

    with dask_client(cluster) as client:
        if note := one_part_note(cluster, data):
            typer.echo(note, err=True)
        report = validate_data(data, cluster=client)
    if output_format == "json":
        payload = {
            "ok": report.ok,
            "errors": report.error_count,
            "warnings": report.warning_count,
            "problems": report.to_records(),
            "not_listed": [{"severity": s, "code": c, "count": n} for (s, c), n in report.more.items()],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print_problems(report, sys.stdout)
    if not report.ok:
        raise typer.Exit(1)


def info(data: DataArg = Path("data"), output_format: FormatOption = "table") -> None:
    """Summarize a dataset: counts by kind, group and relation, date span, citations.

    Example: netpipe info data
    """
    from netpipe.io.summary import summarize

    summary = summarize(read(data))
    if output_format == "json":
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    for title, section in summary.items():
        if isinstance(section, dict):
            typer.echo(f"{title}:")
            width = max((len(str(k)) for k in section), default=0)
            for key, value in section.items():
                typer.echo(f"  {key!s:<{width}}  {value}")
        else:
            typer.echo(f"{title}: {section}")


def describe(
    data: DataArg = Path("data"),
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write; default: datapackage.json in the dataset folder."),
    ] = None,
) -> None:
    """Write the Frictionless datapackage.json that declares the dataset's files and keys.

    An existing datapackage.json is updated: the schemas of nodes, edges and relations
    are rewritten, everything else it holds (title, description, licenses, field
    descriptions, other resources) is kept.

    Example: netpipe describe data && frictionless validate data/datapackage.json
    """
    from netpipe.io.describe import write_datapackage_json
    from netpipe.io.parts import has_parts
    from netpipe.io.workbook import is_workbook

    if is_workbook(data):
        raise fail(
            f"{data} is a workbook: a datapackage.json declares CSV files; "
            f"netpipe export {data} --format datapackage writes the dataset as CSV files with theirs"
        )
    if has_parts(data):
        raise fail(
            f"{data} keeps its nodes or ties in a folder of parts: a datapackage.json declares single CSV "
            f"files; netpipe export {data} --format datapackage writes the dataset as CSV files with theirs"
        )
    say(f"wrote {write_datapackage_json(read(data), data, out)}")
