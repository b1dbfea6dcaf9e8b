"""The structure commands: exact output, exit codes, and JSON equal to the library's."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner, Result

import netpipe
from netpipe.analysis.balance import balance_over_time
from netpipe.analysis.brokerage import brokerage
from netpipe.app.cli import app
from netpipe.outputs.table_text import to_json

MakeDataset = Callable[..., Path]
VALID = "tests/data/valid"
WHOLE = "whole network: 4 nodes, 4 ties\n"


def run(*args: str) -> Result:
    """Invoke the CLI; no output may hold a traceback."""
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_communities() -> None:
    result = run("communities", VALID, "--resolution", "1.5", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "node,name,group,community\n"
        "sergo,Sergo Ordzhonikidze,Bolsheviks,1\n"
        "okhrana,Okhrana,Tsarist police,1\n"
        "koba,Joseph Stalin,Bolsheviks,2\n"
        "007,NA,,2\n"
    )
    assert result.stderr == WHOLE + "modularity -0.2500 (seed 42, resolution 1.5)\n"


def test_communities_groups() -> None:
    result = run("communities", VALID, "--resolution", "1.5", "--groups")
    assert result.exit_code == 0
    assert result.stdout == (
        " community  (none)  Bolsheviks  Tsarist police\n"
        "         1       0           1               1\n"
        "         2       1           1               0\n"
    )
    assert result.stderr.endswith("purity 0.5000, NMI 0.4000\n")


def test_brokers() -> None:
    result = run("brokers", VALID, "--top", "2")
    assert result.exit_code == 0
    assert result.stdout == (
        " node                name  degree  effective_size  constraint  articulation\n"
        "sergo Sergo Ordzhonikidze       2          2.0000      0.5556          True\n"
        " koba       Joseph Stalin       2          2.0000      0.5556          True\n"
    )
    assert result.stderr == WHOLE


def test_brokers_json_equals_library() -> None:
    result = run("brokers", VALID, "--format", "json")
    assert json.loads(result.stdout) == json.loads(to_json(brokerage(netpipe.load(VALID))))


def test_bridges_at_a_date() -> None:
    result = run("brokers", VALID, "--bridges", "--at", "1912-04-15", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "a,a_name,b,b_name,weight,relations,citations,ties\n"
        "sergo,Sergo Ordzhonikidze,koba,Joseph Stalin,1.0,ally,Montefiore 2003,t1\n"
        "sergo,Sergo Ordzhonikidze,okhrana,Okhrana,1.0,arrested-by,main narrative,t2\n"
    )
    assert result.stderr == "snapshot at 1912-04-15, wide: 3 nodes, 2 ties\n"


def test_balance_summary() -> None:
    result = run("balance", VALID, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "nodes": 4, "positive": 1, "negative": 1, "ambivalent": 1, "triangles": 0, "balanced": 0,
            "no_hostile": 0, "two_hostile": 0, "unbalanced": 0, "one_hostile": 0, "three_hostile": 0, "ratio": None,
        }
    ]  # fmt: skip


def test_balance_over_time() -> None:
    result = run("balance", VALID, "--dates", "1910,1936", "--dates", "1940", "--format", "json")
    assert result.exit_code == 0
    expected = balance_over_time(netpipe.load(VALID), ["1910", "1936", "1940"])
    assert json.loads(result.stdout) == json.loads(to_json(expected))
    every = run("balance", VALID, "--every", "25y", "--format", "csv")
    assert (
        every.stdout.splitlines()[0]
        == "date,nodes,positive,negative,ambivalent,triangles,balanced,no_hostile,two_hostile,unbalanced,one_hostile,three_hostile,ratio"
    )
    assert [line.split(",")[0] for line in every.stdout.splitlines()[1:]] == [
        "1878-01-01", "1903-01-01", "1928-01-01", "1953-01-01",
    ]  # fmt: skip


def test_balance_bad_usage() -> None:
    assert run("balance", VALID, "--every", "fortnight").exit_code == 2
    result = run("balance", VALID, "--every", "year", "--at", "1930")
    assert result.exit_code == 2
    assert "--every/--dates cannot be combined with --at or --ties" in result.stderr
    ties = run("balance", VALID, "--ties")
    assert (ties.exit_code, ties.stdout) == (0, "(no rows)\n")


def test_path() -> None:
    result = run("path", "Okhrana", "nA", VALID)
    assert result.exit_code == 0
    assert result.stdout == (
        " chain  step                from      relation                  to   start     end certainty"
        "        citation tie\n"
        "     1     1             Okhrana      arrested Sergo Ordzhonikidze 1912-04           certain"
        "  main narrative  t2\n"
        "     1     2 Sergo Ordzhonikidze          ally       Joseph Stalin    1907 1937-02   certain"
        " Montefiore 2003  t1\n"
        "     1     2 Sergo Ordzhonikidze         rival       Joseph Stalin    1936          probable"
        "  Khlevniuk 1995  t4\n"
        "     1     3       Joseph Stalin had as deputy                  NA   1930~   1931?   alleged"
        "                  t3\n"
    )
    assert result.stderr == WHOLE


def test_path_errors() -> None:
    unknown = run("path", "Stalyn", "Sergo", VALID)
    assert unknown.exit_code == 2
    assert 'no one is called "Stalyn"; did you mean "koba" (Joseph Stalin)?' in " ".join(
        line.strip("│ ") for line in unknown.stderr.splitlines()
    )
    none = run("path", "okhrana", "007", VALID, "--at", "1930")
    assert none.exit_code == 1
    assert none.stdout == ""
    assert none.stderr == "error: Okhrana (okhrana) is not in the selection (snapshot at 1930, wide)\n"
    absent = run("path", "koba", "sergo", VALID, "--at", "1880")
    assert (absent.exit_code, absent.stderr) == (
        1,
        "error: Sergo Ordzhonikidze (sergo) is not in the selection (snapshot at 1880, wide)\n",
    )


def test_ambiguous_name_exits_2(make_dataset: MakeDataset) -> None:
    nodes = "id,name\nx,Ivan Petrov\ny,Ivan Petrov\nz,Zoya\n"
    folder = make_dataset(nodes=nodes, edges="source,target,relation\nx,z,ally\n")
    result = run("ego", "ivan petrov", str(folder))
    assert result.exit_code == 2
    assert '"x" (Ivan Petrov), "y" (Ivan Petrov)' in " ".join(
        line.strip("│ ") for line in result.stderr.splitlines()
    )


def test_ego() -> None:
    result = run("ego", "Stalin", VALID, "--radius", "2", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "node,name,group,distance,ties,relations\n"
        "koba,Joseph Stalin,Bolsheviks,0,0,\n"
        "sergo,Sergo Ordzhonikidze,Bolsheviks,1,2,ally; rival\n"
        "007,NA,,1,1,deputy-of\n"
        "okhrana,Okhrana,Tsarist police,2,0,\n"
    )
    assert result.stderr == "ego network of koba, radius 2: 4 nodes, 4 ties\n"
    frame = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert frame["node"].tolist() == ["koba", "sergo", "007", "okhrana"]


def test_ego_absent_at_date() -> None:
    result = run("ego", "sergo", VALID, "--at", "1940")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: Sergo Ordzhonikidze (sergo) is not in the selection (snapshot at 1940, wide)\n"
    )


def test_reach() -> None:
    result = run("reach", "sergo", VALID)
    assert result.exit_code == 0
    assert result.stdout == (
        " node                name    arrival  steps   via ties  uncertain\n"
        "sergo Sergo Ordzhonikidze 1886-10-24      0                 False\n"
        " koba       Joseph Stalin 1907-01-01      1 sergo   t1       True\n"
    )
    assert result.stderr == WHOLE + "Sergo Ordzhonikidze could reach 1 person (wide reading)\n"


def test_reach_backward_with_hostile_ties_and_options() -> None:
    result = run("reach", "Koba", VALID, "--backward", "--hostile", "--to", "1936", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "node,name,arrival,steps,via,ties,uncertain\n"
        "koba,Joseph Stalin,1936-12-31,0,,,False\n"
        "sergo,Sergo Ordzhonikidze,1936-12-31,1,koba,t1,False\n"
        "007,NA,1931-12-31,1,koba,t3,True\n"
    )
    assert result.stderr == WHOLE + "Joseph Stalin could be reached by 2 people (wide reading)\n"
    narrow = run("reach", "Koba", VALID, "--backward", "--reading", "narrow", "--certainty", "certain", "-q")
    assert (narrow.exit_code, narrow.stderr) == (0, "")
    assert narrow.stdout == (  # koba's end, 1953, surely only to its first day; t1's likewise
        " node                name    arrival  steps  via ties  uncertain\n"
        " koba       Joseph Stalin 1953-01-01      0                False\n"
        "sergo Sergo Ordzhonikidze 1937-02-01      1 koba   t1      False\n"
    )
    json_rows = json.loads(run("reach", "sergo", VALID, "--format", "json").stdout)
    assert json_rows == json.loads(to_json(netpipe.reach(netpipe.load(VALID), "sergo")))


def test_reach_errors() -> None:
    absent = run("reach", "sergo", VALID, "--from", "1938")
    assert (absent.exit_code, absent.stdout) == (2, "")
    assert absent.stderr == "error: Sergo Ordzhonikidze (sergo) is not present from 1938\n"
    unknown = run("reach", "Trotsky", VALID)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith('error: no one is called "Trotsky"')


def test_path_in_time() -> None:
    result = run("path", "Koba", "Sergo", VALID, "--in-time", "--from", "1920", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "step,day,from,to,relation,start,end,certainty,citation,tie\n"
        "1,1920-01-01,Joseph Stalin,Sergo Ordzhonikidze,ally,1907,1937-02,certain,Montefiore 2003,t1\n"
    )
    assert result.stderr == WHOLE
    none = run("path", "sergo", "007", VALID, "--in-time")
    assert none.exit_code == 2
    assert none.stderr == (
        "error: no chain in time leads from Sergo Ordzhonikidze (sergo) to NA (007) (whole network)\n"
    )
    at = run("path", "sergo", "koba", VALID, "--in-time", "--at", "1930")
    assert at.exit_code == 2
    assert "--in-time follows time from --from to --to, not --at" in at.stderr
