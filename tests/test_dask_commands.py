"""The commands whose work is done on a Dask cluster with ``--cluster ADDRESS`` (``render``,
``turnover``, ``robustness``, ``communities``, ``brokers``, ``balance``): on the bundled data with its
ties in parts and a running two-worker ``LocalCluster``, each prints (and writes) exactly what it
prints without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from distributed import Client
from typer.testing import CliRunner, Result

from conftest import file_hashes
from netpipe.app.cli import app

WHOLE = "whole network: 89 nodes, 328 ties\n"
PERSONS = "persons only: 57 nodes, 206 ties\n"
ON_THE_DAY = "snapshot at 1937-02-18, wide: 55 nodes, 126 ties\n"


def same_with_cluster(command: list[str], client: Client) -> Result:
    """Run ``command`` without and with ``--cluster`` (the address of ``client``'s scheduler), check
    that both succeed with the same stdout and stderr, and return the run on the cluster."""
    runner = CliRunner()
    alone = runner.invoke(app, command)
    spread = runner.invoke(app, [*command, "--cluster", client.scheduler.address])
    assert alone.exit_code == spread.exit_code == 0, spread.output
    assert spread.stdout == alone.stdout
    assert spread.stderr == alone.stderr
    return spread


def test_render_writes_the_same_page_and_images_from_the_cluster(
    bundled_in_parts: Path, client: Client, tmp_path: Path
) -> None:
    options = ["--dates", "1917-11-07,1937-02-18", "--size-by", "betweenness", "--max-nodes", "40"]
    runner = CliRunner()
    alone = runner.invoke(app, ["render", str(bundled_in_parts), "--out", str(tmp_path / "alone"), *options])
    address = client.scheduler.address
    spread = runner.invoke(
        app,
        ["render", str(bundled_in_parts), "--out", str(tmp_path / "spread"), *options, "--cluster", address],
    )
    assert alone.exit_code == spread.exit_code == 0, spread.output
    assert spread.stdout == (
        f"wrote {tmp_path / 'spread' / 'network.html'}\nwrote the period images to {tmp_path / 'spread' / 'periods'}\n"
    )
    assert spread.stdout == alone.stdout.replace("alone", "spread")
    assert spread.stderr == alone.stderr == ""
    written = file_hashes(tmp_path / "spread")
    assert written == file_hashes(tmp_path / "alone")  # byte for byte
    assert sorted(written) == [
        ".netpipe-manifest.json",
        "network.html",
        "periods/period-1917-11-07.png",
        "periods/period-1937-02-18.png",
        "periods/periods.png",
        "periods/periods.svg",
    ]


TURNOVER_LEFT_OUT = (
    "left out: 2 undated, 6 never active; not stated (censored): 0 starts, {} ends; dated across periods: "
    "{} starts, {} ends\n"
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["turnover"], WHOLE + TURNOVER_LEFT_OUT.format(24, 14, 8)),
        (
            ["turnover", "--persons", "--every", "decade", "--by-relation", "--format", "csv"],
            PERSONS + TURNOVER_LEFT_OUT.format(6, 9, 2),
        ),
        (
            ["turnover", "--pairs", "--certainty", "probable", "--top", "8"],
            "at least probable: 89 nodes, 297 ties\n",
        ),
        (["robustness", "--top", "5"], WHOLE),
        (
            ["robustness", "--at", "1937-02-18", "--persons", "-m", "degree"],
            "persons only; snapshot at 1937-02-18, wide: 38 nodes, 88 ties\n",
        ),
        (["communities"], WHOLE + "modularity 0.3756 (seed 42, resolution 1.0)\n"),
        (
            ["communities", "--at", "1937-02-18", "--groups"],
            ON_THE_DAY + "modularity 0.4196 (seed 42, resolution 1.0)\npurity 0.6182, NMI 0.6373\n",
        ),
        (
            ["communities", "--persons", "--format", "json"],
            PERSONS + "modularity 0.2912 (seed 42, resolution 1.0)\n",
        ),
        (["brokers", "--top", "10"], WHOLE),
        (["brokers", "--bridges", "--persons"], PERSONS),  # the ties behind each bridge picked on the workers
        (["brokers", "--roles", "--at", "1937-02-18"], ON_THE_DAY),
    ],
)
def test_the_command_prints_the_same_on_the_cluster(
    bundled_in_parts: Path, client: Client, command: list[str], said: str
) -> None:
    name, *options = command
    assert same_with_cluster([name, str(bundled_in_parts), *options], client).stderr == said


def test_balance_is_the_same_on_the_cluster(bundled_in_parts: Path, client: Client) -> None:
    found = same_with_cluster(["balance", str(bundled_in_parts)], client)
    assert found.stderr == WHOLE
    assert found.stdout == (
        " nodes  positive  negative  ambivalent  triangles  balanced  no_hostile  two_hostile  unbalanced  "
        "one_hostile  three_hostile  ratio\n"
        "    89        51        57           2         47        30           7           23          17"
        "            7             10 0.6383\n"
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--ties", "--persons"],  # the ties behind each pair picked on the workers
        ["--dates", "1917-11-07,1937-02-18", "--persons"],  # each date's snapshot made on the workers
        ["--every", "decade"],
    ],
)
def test_balance_over_time_and_its_frustrating_ties_are_the_same_on_the_cluster(
    bundled_in_parts: Path, client: Client, options: list[str]
) -> None:
    found = same_with_cluster(["balance", str(bundled_in_parts), *options], client)
    assert found.stderr == (WHOLE if "--every" in options else PERSONS)


@pytest.mark.parametrize("command", ["render", "robustness", "communities", "brokers", "balance"])
def test_a_gather_limit_without_a_cluster_is_refused(command: str) -> None:
    result = CliRunner().invoke(app, [command, "tests/data/valid", "--gather-limit", "5"])
    assert result.exit_code == 2
    assert (
        "Invalid value for --gather-limit: a limit of the ties gathered is taken with --cluster"
        in result.stderr
    )


def test_a_projection_above_the_gather_limit_stops_the_command(
    bundled_in_parts: Path, client: Client
) -> None:
    address = client.scheduler.address
    result = CliRunner().invoke(
        app, ["balance", str(bundled_in_parts), "--gather-limit", "10", "--cluster", address]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        WHOLE + "error: the signed projection (all ties) holds 290 ties, above the gather limit (10)\n"
    )


def test_render_above_the_gather_limit_refuses_a_measure_it_cannot_size_by(
    bundled_in_parts: Path, client: Client, tmp_path: Path
) -> None:
    address = client.scheduler.address
    out = tmp_path / "out"
    command = [
        "render",
        str(bundled_in_parts),
        "--out",
        str(out),
        "--gather-limit",
        "0",
        "--cluster",
        address,
    ]
    refused = CliRunner().invoke(app, [*command, "--size-by", "betweenness"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: the nodes cannot be sized by betweenness: it needs the whole projection in one process, "
        "above the gather limit (0); size them by degree, in_degree, out_degree or pagerank\n"
    )
    assert not out.exists()  # nothing written
    sized = CliRunner().invoke(app, [*command, "--size-by", "pagerank"])  # computed on the workers
    assert sized.exit_code == 0, sized.output
    assert (out / "network.html").is_file()
