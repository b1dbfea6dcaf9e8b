"""Datasets of other eras (a Tudor court, Rome with BC years, the years 0000-9999) through every command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netpipe.app.cli import app

MakeDataset = Callable[..., Path]
TUDOR, ROME = "tests/data/era-tudor", "tests/data/era-rome"

#: Every command but ``open``, with the arguments it needs: (data folder, output folder) -> args.
COMMANDS: list[Callable[[str, Path], list[str]]] = [
    lambda data, out: ["run", data, "--out", str(out / "run")],
    lambda data, out: ["validate", data],
    lambda data, out: ["info", data],
    lambda data, out: ["describe", data, "--out", str(out / "datapackage.json")],
    lambda data, out: ["snapshot", data, "--at", "1536-05-10"],
    lambda data, out: ["events", data, "--until", "-0043-03-15"],
    lambda data, out: ["centrality", data, "--from", "1520", "--to", "1540"],
    lambda data, out: ["timeline", data],
    lambda data, out: ["timeline", data, "--every", "10y", "--reading", "narrow"],
    lambda data, out: ["robustness", data],
    lambda data, out: ["communities", data],
    lambda data, out: ["brokers", data],
    lambda data, out: ["balance", data, "--every", "decade"],
    lambda data, out: ["ego", "Caesar" if "rome" in data else "Henry VIII", data],
    lambda data, out: ["path", *(["Brutus", "Pompey"] if "rome" in data else ["More", "Cecil"]), data],
    lambda data, out: ["render", data, "--out", str(out / "render"), "--every", "10y"],
    lambda data, out: ["report", data, "--out", str(out / "report")],
    lambda data, out: ["export", data, "--format", "all", "--out", str(out / "export")],
]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("data", [TUDOR, ROME])
@pytest.mark.parametrize("command", range(len(COMMANDS)))
def test_every_command_runs_on_other_eras(data: str, command: int, tmp_path: Path) -> None:
    args = COMMANDS[command](data, tmp_path)
    result = run(*args)
    assert result.exit_code == 0, (args, result.stderr)


def test_the_tudor_court_on_the_day_of_anne_boleyn_s_trial() -> None:
    # Wolsey (d. 1530) and More (d. 1535) are gone; the Tower is attested 1534-04-17 to
    # 1554-03-18; the Privy Council only on 1540-06-10; Anne's alliance ended on her arrest.
    result = run("snapshot", TUDOR, "--at", "1536-05-15", "--format", "csv")
    assert result.stderr == "snapshot at 1536-05-15, wide: 7 nodes, 3 ties\n"
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "t05", "t11", "t12"]
    events = run("events", TUDOR, "--until", "1540-12-31", "--format", "csv")
    assert [line.split(",")[0] for line in events.stdout.splitlines()] == ["id", "t08", "t09", "t10"]


def test_rome_on_the_ides_of_march() -> None:
    result = run("snapshot", ROME, "--at", "-0043-03-15", "--format", "csv")
    # the Senate has no date and its one tie none either: it is on no date
    assert result.stderr == "snapshot at -0043-03-15, wide: 6 nodes, 4 ties\n"
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "r09", "r10", "r11", "r15"]
    assert run("events", ROME, "--until", "-0043-03-14").stderr == "events up to -0043-03-14, wide: 0\n"
    killed = run("events", ROME, "--until", "-0043-03-15", "--relation", "killed-by", "--format", "csv")
    assert [line.split(",")[:4] for line in killed.stdout.splitlines()[1:]] == [
        ["r10", "caesar", "killed-by", "brutus"],
        ["r11", "caesar", "killed-by", "cassius"],
    ]
    # A timeline in BC years is in the order of time, not of text: -0043 after -0044.
    rows = json.loads(run("timeline", ROME, "--every", "10y", "--format", "json", "--top", "1").stdout)
    assert [row["date"] for row in rows] == [
        "-0114-01-01", "-0104-01-01", "-0094-01-01", "-0084-01-01", "-0074-01-01", "-0064-01-01",
        "-0054-01-01", "-0044-01-01", "-0034-01-01", "-0024-01-01", "-0014-01-01", "-0004-01-01",
        "0006-01-01",
    ]  # fmt: skip


NODES_FAR = (
    "id,name,start,end\na,Adela,0999-05-01,1050\nb,Bruno,0999-06-01,9999-12-31\nc,Cosmo,0000,0001\nd,Dora,,\n"
)
EDGES_FAR = (
    "id,source,target,relation,start,end\n"
    "t1,a,b,ally,1000,1040\nt2,b,d,rival,9999,\nt3,c,d,ally,0000-06,0001\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["timeline", "--every", "year", "--from", "0999", "--to", "1001"],
        ["timeline"],
        ["balance", "--dates", "0999,1000,9999"],
        ["snapshot", "--at", "9999-12-31"],
    ],
)
def test_years_0000_to_9999_and_an_empty_first_snapshot(
    make_dataset: MakeDataset, tmp_path: Path, args: list[str]
) -> None:
    # The first yearly date, 0999-01-01, comes before every birth: its snapshot is empty.
    data = str(make_dataset(nodes=NODES_FAR, edges=EDGES_FAR))
    extra = ["--out", str(tmp_path / "out")] if args == ["run"] else []
    result = run(args[0], data, *args[1:], *extra)
    assert result.exit_code == 0, result.stderr


def test_the_far_years_are_read_as_written(make_dataset: MakeDataset) -> None:
    data = str(make_dataset(nodes=NODES_FAR, edges=EDGES_FAR))
    assert (
        run("snapshot", data, "--at", "9999-12-31").stderr
        == "snapshot at 9999-12-31, wide: 2 nodes, 1 ties\n"
    )
    assert (
        run("snapshot", data, "--at", "0000-07-01").stderr
        == "snapshot at 0000-07-01, wide: 2 nodes, 1 ties\n"
    )
    assert (
        run("snapshot", data, "--at", "0999-05-15").stderr
        == "snapshot at 0999-05-15, wide: 2 nodes, 0 ties\n"  # Adela, and Dora (attested 0000-9999)
    )
