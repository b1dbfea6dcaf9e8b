"""Files beside the data and outputs: special files never hang netpipe, sizes and depths are bounded."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.errors import DataError, OutputError
from netpipe.io.problems import KEPT_PER_CODE
from netpipe.io.read import read_table
from netpipe.io.small_files import MAX_DEPTH, NotReadable, loads_json, read_small
from netpipe.io.title import dataset_title
from netpipe.io.validation import validate
from netpipe.outputs.folder import MANIFEST, output_folder

VALID = Path(__file__).parent / "data" / "valid"


def dataset(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    return data


def netpipe_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line in its own process: a hang is a failure, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-c", "from netpipe.app.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", ["datapackage.json", "README.md"])
@pytest.mark.parametrize("command", ["run", "render", "describe"])
def test_a_fifo_beside_the_data_is_an_error_not_a_hang(tmp_path: Path, name: str, command: str) -> None:
    data = dataset(tmp_path)
    (data / "datapackage.json").unlink(missing_ok=True)
    os.mkfifo(data / name)
    args = [command, str(data)] + ([] if command == "describe" else ["--out", str(tmp_path / "out")])
    done = netpipe_cli(*args, cwd=tmp_path)
    if command == "describe" and name == "README.md":  # describe reads no README
        assert done.returncode == 0, done.stderr
        return
    expected = (
        f"error: {name}: is not a regular file: netpipe reads only a regular file of at most "
        "16,777,216 bytes here\n1 error(s), 0 warning(s)\n"
    )
    if command == "describe":
        expected = (
            f'error: "{data / name}" is not a regular file: netpipe updates only a regular file of JSON; '
            "fix or move it\n"
        )
    assert (done.returncode, done.stderr) == (1, expected)
    assert not (tmp_path / "out").exists()


def test_a_link_to_dev_zero_is_read_no_further(tmp_path: Path) -> None:
    data = dataset(tmp_path)
    (data / "README.md").symlink_to("/dev/zero")
    with pytest.raises(DataError) as raised:
        dataset_title(data)
    assert raised.value.report.lines() == [
        "README.md: is not a regular file: netpipe reads only a regular file of at most 16,777,216 bytes here"
    ]


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 101)
    with pytest.raises(NotReadable, match=r'big.json" is larger than 100 bytes$'):
        read_small(big, limit=100)
    assert read_small(big, limit=101) == b" " * 101
    (tmp_path / "link.json").symlink_to(big)
    with pytest.raises(NotReadable, match=r'link.json" is a symbolic link$'):
        read_small(tmp_path / "link.json", follow=False)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_json_deeper_than_the_bound(depth: int) -> None:
    text = "[" * depth + "]" * depth
    with pytest.raises(NotReadable, match=f"^JSON nested more than {MAX_DEPTH} deep$"):
        loads_json(text)
    shallow = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads_json(shallow) is not None


def test_a_deeply_nested_manifest_is_not_netpipe_s(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "a.txt").write_text("mine", encoding="utf-8")
    nested = '{"written_by": "netpipe 0.1.0", "files": ["a.txt"], "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (out / MANIFEST).write_text(nested, encoding="utf-8")
    with pytest.raises(OutputError, match=r"holds files netpipe did not write \(a.txt\)"), output_folder(out):
        pass


def test_a_deeply_nested_datapackage_json(tmp_path: Path) -> None:
    data = dataset(tmp_path)
    (data / "datapackage.json").write_text(
        '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["describe", str(data)])
    assert (result.exit_code, result.stderr) == (
        1,
        f'error: "{data / "datapackage.json"}" is not JSON netpipe can update (JSON nested more than '
        f"{MAX_DEPTH} deep): fix or move it\n",
    )
    assert netpipe.load(data).graph["title"] == "data"  # read beside the data: taken for no title


def test_deeply_nested_relations_of_a_hand_built_graph() -> None:
    graph = nx.MultiDiGraph(relations="[" * 100_000 + "]" * 100_000)
    graph.add_edge("a", "b", relation="ally")
    with pytest.raises(DataError) as raised:
        netpipe.centrality(graph)
    assert raised.value.report.lines() == [
        'G.graph["relations"]: is not a relation vocabulary: a JSON object (or dict) of relation -> its columns'
    ]


@pytest.mark.parametrize(
    "package",
    [
        {"resources": 5},
        {"resources": {"name": "nodes"}},
        {"resources": [{"name": ["nodes"]}, 7, {"name": "nodes", "schema": {"fields": 3}}]},
        {"resources": [{"name": "edges", "schema": {"fields": [{"name": ["id"]}, 4, {"name": {}}]}}]},
    ],
)
def test_odd_shapes_of_datapackage_json_in_describe(tmp_path: Path, package: dict[str, object]) -> None:
    data = dataset(tmp_path)
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    result = CliRunner().invoke(app, ["describe", str(data)])
    if not isinstance(package["resources"], list):
        assert (result.exit_code, result.stderr) == (
            1,
            f'error: "{data / "datapackage.json"}": its "resources" is not a list: fix or move it\n',
        )
        return
    assert (result.exit_code, result.stderr) == (0, "")
    written = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = [r.get("name") if isinstance(r, dict) else r for r in written["resources"]]
    kept = [r.get("name") if isinstance(r, dict) else r for r in package["resources"]]  # type: ignore[union-attr]
    assert names[: len(kept)] == kept  # every resource the user wrote kept, in order
    assert {"nodes", "edges"} <= {n for n in names if isinstance(n, str)}


def test_describe_keeps_the_mode_of_datapackage_json(tmp_path: Path) -> None:
    data = dataset(tmp_path)
    (data / "datapackage.json").write_text('{"title": "Private"}', encoding="utf-8")
    (data / "datapackage.json").chmod(0o600)
    assert CliRunner().invoke(app, ["describe", str(data)]).exit_code == 0
    assert stat.S_IMODE((data / "datapackage.json").stat().st_mode) == 0o600
    assert json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["title"] == "Private"


def test_a_file_in_latin_1_is_one_error_naming_the_first_places(make_dataset) -> None:
    rows = "".join(f"p{i},Andr\xe9 {i},person,,,,\n" for i in range(20_000))
    folder = make_dataset(nodes=("id,name,kind,aliases,start,end,group\n" + rows).encode("latin-1"))
    lines = [line for line in validate(folder).lines("error") if "not UTF-8" in line]
    assert lines == [
        f'{folder / "nodes.csv"}:2: column "name": bytes that are not UTF-8, the first at line 2 column "name" '
        '(E9), line 3 column "name" (E9), line 4 column "name" (E9), line 5 column "name" (E9), line 6 column '
        '"name" (E9) and more; the file seems to be in Latin-1 or Windows-1252: save it as UTF-8 (in Excel: '
        '"CSV UTF-8 (Comma delimited)")'
    ]


def test_a_header_of_a_million_columns_is_one_error(tmp_path: Path) -> None:
    data = dataset(tmp_path)
    header = "id,name,kind,aliases,start,end,group," + ",".join(f"c{i}" for i in range(1_000_000)) + ",c5\n"
    (data / "nodes.csv").write_text(header + "p1,One,person,,,," + "," * 1_000_001 + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", f"import netpipe; print(netpipe.validate({str(data)!r}).lines('error'))"],
        capture_output=True,
        text=True,
        timeout=300,  # it never finished: a header.index per column
        check=False,
    )
    assert done.stdout == (
        f"['{data / 'nodes.csv'}:1: the header has 1,000,008 columns: netpipe reads at most 16,384']\n"
    ), done.stderr


def test_a_file_of_200_000_ragged_rows_keeps_only_what_is_reported(make_dataset) -> None:
    nodes = (VALID / "nodes.csv").read_text(encoding="utf-8") + "".join(
        f"x{i},X,person,,,,,extra\n" for i in range(200_000)
    )
    folder = make_dataset(nodes=nodes)
    # the reader builds the first 50 problems and counts the others
    _, found = read_table(folder / "nodes.csv", "nodes.csv")
    ragged = [frame for frame in found if len(frame) and set(frame["code"]) == {"ragged-row"}]
    assert [len(frame) for frame in ragged] == [KEPT_PER_CODE] == [50]
    assert list(ragged[0]["line"]) == list(range(6, 56))
    assert ragged[0].attrs["more"] == {("error", "ragged-row"): 199_950}
    # the report keeps 50 of each code (the rows are nodes without ties too) and counts all;
    # the valid data's one tie without a citation is kept
    report = validate(folder)
    kept = report.problems.groupby(["severity", "code"]).size().to_dict()
    assert kept == {("error", "ragged-row"): 50, ("warning", "no-citation"): 1, ("warning", "no-ties"): 50}
    assert report.more == {("error", "ragged-row"): 199_950, ("warning", "no-ties"): 199_950}
    assert (report.error_count, report.warning_count) == (200_000, 200_001)
    with pytest.raises(DataError) as raised:
        netpipe.load(folder)
    assert str(raised.value).startswith("200000 error(s) in the data:\n")
    assert str(raised.value).endswith("\n... and 199950 more")
    result = CliRunner().invoke(app, ["validate", str(folder)])
    lines = result.stdout.splitlines()
    assert len(lines) == 50 + 1 + 51 + 1 + 1
    assert lines[50] == "error: ... and 199950 more ragged-row problem(s) not shown"
    assert lines[-2:] == [
        "warning: ... and 199950 more no-ties problem(s) not shown",
        "200000 error(s), 200001 warning(s)",
    ]
    payload = json.loads(CliRunner().invoke(app, ["validate", str(folder), "--format", "json"]).stdout)
    assert (payload["errors"], payload["warnings"], len(payload["problems"])) == (200_000, 200_001, 101)
    assert payload["not_listed"] == [
        {"severity": "error", "code": "ragged-row", "count": 199_950},
        {"severity": "warning", "code": "no-ties", "count": 199_950},
    ]


def test_warnings_of_data_that_loads_are_all_kept(make_dataset) -> None:
    nodes = (VALID / "nodes.csv").read_text(encoding="utf-8") + "".join(
        f"x{i},X,person,,,,\n" for i in range(120)
    )
    report = validate(make_dataset(nodes=nodes))
    assert report.ok
    assert (len(report.warnings), report.warning_count, report.more) == (121, 121, {})


def test_a_duplicate_column_is_named_in_a_wide_header(make_dataset) -> None:
    header = "id,name,kind,aliases,start,end,group," + ",".join(f"c{i}" for i in range(16_000)) + ",c5"
    folder = make_dataset(nodes=header + "\np1,One,person,,,," + "," * 16_001 + "\n")
    assert [line for line in validate(folder).lines("error") if "nodes.csv:" in line] == [
        f'{folder / "nodes.csv"}:1: column "c5" appears twice in the header (columns 13 and 16008)'
    ]


def test_the_problems_printed_are_bounded_per_code(make_dataset) -> None:
    nodes = (VALID / "nodes.csv").read_text(encoding="utf-8") + "".join(
        f"x{i},X,person,,,,,extra\n" for i in range(130)
    )
    folder = make_dataset(nodes=nodes)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    lines = result.stdout.splitlines()
    ragged = [line for line in lines if line.startswith("error:")]
    assert ragged[:2] == [
        f"error: {folder / 'nodes.csv'}:6: the row has 8 cells, the header has 7",
        f"error: {folder / 'nodes.csv'}:7: the row has 8 cells, the header has 7",
    ]
    assert len(ragged) == 51
    assert ragged[-1] == "error: ... and 80 more ragged-row problem(s) not shown"
    assert lines[-2:] == [
        "warning: ... and 80 more no-ties problem(s) not shown",
        "130 error(s), 131 warning(s)",
    ]
    assert result.exit_code == 1
