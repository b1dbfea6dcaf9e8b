"""Datasets whose nodes or ties are kept in several CSV or Parquet parts, and Parquet exports in parts."""

from __future__ import annotations

import itertools
import shutil
import warnings
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.errors import DataError
from netpipe.io.parts import list_parts
from netpipe.io.validation import read_tables, validate
from netpipe.outputs.exports import export
from netpipe.outputs.exports.parquet_files import write_edges_parquet, write_nodes_parquet
from netpipe.outputs.table_text import neutralize_formulas

ROME = Path("tests/data/era-rome")
VALID = Path("tests/data/valid")


def text(path: Path) -> pd.DataFrame:
    """A CSV file's cells as text, as netpipe reads them."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_csv_parts(frame: pd.DataFrame, folder: Path, cuts: list[int], name: str = "part-{}.csv") -> None:
    """Write ``frame`` cut before each row of ``cuts`` as CSV parts."""
    folder.mkdir(parents=True)
    bounds = [0, *cuts, len(frame)]
    for number, (start, stop) in enumerate(itertools.pairwise(bounds)):
        frame.iloc[start:stop].to_csv(folder / name.format(number), index=False)


def write_parquet(frame: pd.DataFrame, path: Path, **types: pa.DataType) -> None:
    """Write ``frame`` as one Parquet file, its columns text unless given a type."""
    arrays = {c: pa.array(frame[c].tolist(), types.get(c, pa.string())) for c in frame.columns}
    pq.write_table(pa.table(arrays), path)


def write_parquet_parts(frame: pd.DataFrame, folder: Path, cuts: list[int]) -> None:
    """Write ``frame`` cut before each row of ``cuts`` as Parquet parts named as Dask names them."""
    folder.mkdir(parents=True)
    bounds = [0, *cuts, len(frame)]
    for number, (start, stop) in enumerate(itertools.pairwise(bounds)):
        write_parquet(frame.iloc[start:stop], folder / f"part.{number}.parquet")


def assert_same_tables(parted: netpipe.Tables, single: netpipe.Tables) -> None:
    """The typed tables agree but for where each row was read (its line)."""
    for name in ("nodes", "edges"):
        a, b = getattr(parted, name), getattr(single, name)
        pd.testing.assert_frame_equal(a.drop(columns="line"), b.drop(columns="line"))
    pd.testing.assert_frame_equal(parted.relations, single.relations)
    assert parted.user_columns == single.user_columns


def assert_same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    assert a.graph["relations"] == b.graph["relations"]


@pytest.fixture
def rome_parts(tmp_path: Path) -> Path:
    """The Roman dataset (BC dates) with its ties in three CSV parts and its nodes in two Parquet parts."""
    data = tmp_path / "rome"
    data.mkdir()
    shutil.copy(ROME / "relations.csv", data)
    edges = text(ROME / "edges.csv")
    write_csv_parts(edges, data / "edges", [2, 5], name="part-{:05d}.csv")
    write_parquet_parts(text(ROME / "nodes.csv"), data / "nodes", [3])
    return data


def test_parts_read_as_the_single_files(rome_parts: Path) -> None:
    assert [p.name for p in list_parts(rome_parts / "edges")[0]] == [
        "part-00000.csv",
        "part-00001.csv",
        "part-00002.csv",
    ]
    assert_same_tables(read_tables(rome_parts), read_tables(ROME))
    assert_same_graph(netpipe.load(rome_parts), netpipe.load(ROME))
    tables = read_tables(rome_parts)
    assert tables.nodes.loc["caesar", "end_hi"] == -735160  # 15 March 44 BC
    assert tables.edges["line"].tolist()[:4] == [2, 3, 2, 3]  # each part's own lines


def test_parts_in_natural_order_with_unicode(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    nodes = pd.DataFrame({"id": [f"n{i}" for i in range(12)], "name": [f"Łukasz {i} 李" for i in range(12)]})
    nodes.to_csv(data / "nodes.csv", index=False)
    edges = pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(11)],
            "source": [f"n{i}" for i in range(11)],
            "target": [f"n{i + 1}" for i in range(11)],
            "relation": "ally",
            "start": [
                "-0500",
                "0000",
                "1066-10-14",
                "1453-05-29",
                "1789-07-14",
                "1917-11-07",
                "2001",
                "193X",
                "1932-09~",
                "1903/1907",
                "",
            ],
            "citation": "Źródło",
        }
    )
    (data / "edges").mkdir()
    for i in range(11):  # part.0 ... part.10: read in the order of the numbers, not of the text
        write_parquet(edges.iloc[i : i + 1], data / "edges" / f"part.{i}.parquet")
    (data / "edges" / "_SUCCESS").write_text("", encoding="utf-8")  # skipped, as by every reader
    (data / "edges" / ".part.0.parquet.crc").write_bytes(b"x")
    tables = read_tables(data)
    assert tables.edges.index.tolist() == [f"e{i}" for i in range(11)]
    assert tables.edges["start"].tolist() == edges["start"].tolist()
    assert tables.edges["line"].tolist() == [1] * 11  # the first row of each part
    assert tables.nodes.loc["n3", "name"] == "Łukasz 3 李"


def test_problems_are_listed_in_the_natural_order_of_the_parts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "edges").mkdir(parents=True)
    pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"]}).to_csv(data / "nodes.csv", index=False)
    for i in (2, 10, 1):  # Dask's names: part.1, part.2, part.10; a bad date in each
        row = {"id": f"e{i}", "source": "a", "target": "b", "relation": "ally", "start": f"1900-13-{i:02d}"}
        pd.DataFrame([row]).to_csv(data / "edges" / f"part.{i}.csv", index=False)
    files = [Path(f).name for f in validate(data).errors["file"]]
    assert files == ["part.1.csv", "part.2.csv", "part.10.csv"]


def test_parquet_types_become_the_contract_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "nodes.csv").write_text("id,name\n7,Seven\n8,Eight\n", encoding="utf-8")
    (data / "edges").mkdir()
    days = [-735160, 0]  # 15 March 44 BC, 1 January 1970
    table = pa.table(
        {
            "source": pa.array([7, 8], pa.int64()),
            "target": pa.array([8, 7], pa.int32()),
            "relation": pa.array(["ally", "rival"]).dictionary_encode(),
            "start": pa.array(days, pa.date32()),
            "end": pa.array([None, 365], pa.date32()),
            "weight": pa.array([2.5, None], pa.float64()),
            "note": pa.array([None, "a\nline"], pa.large_string()),
            "flag": pa.array([True, False]),
            "citation": pa.array(["x", "y"]),
        }
    )
    pq.write_table(table, data / "edges" / "part-0.parquet")
    tables = read_tables(data)
    edges = tables.edges
    assert edges["source"].tolist() == ["7", "8"]
    assert edges["start"].tolist() == ["-0043-03-15", "1970-01-01"]
    assert edges["start_lo"].tolist() == days
    assert edges["end"].tolist() == ["", "1971-01-01"]  # a null date is a blank cell
    assert edges["weight"].tolist() == [2.5, 1.0]  # a null is a blank cell: weight 1
    assert edges["note"].tolist() == ["", "a\nline"]
    assert edges["flag"].tolist() == ["true", "false"]


# Errors, each with its place


def problem_lines(path: Path) -> list[str]:
    return validate(path).lines("error")


def test_a_bad_date_in_part_three_names_the_part_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROME / "nodes.csv", data)
    shutil.copy(ROME / "relations.csv", data)
    edges = text(ROME / "edges.csv")
    rows = pd.concat([edges] * 5, ignore_index=True)
    rows["id"] = [f"r{i}" for i in range(len(rows))]
    rows.loc[len(edges) * 2 + 12, "start"] = "-0050-13"  # part 3 (from 2 * len), its 13th row: line 14
    write_csv_parts(rows, data / "edges", [len(edges), len(edges) * 2], name="part-{:05d}.csv")
    assert problem_lines(data) == [
        f'{data}/edges/part-00002.csv:14: column "start": "-0050-13" is not a real date: there is no month 13'
    ]


def test_a_bad_date_in_a_parquet_part_names_the_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    edges.loc[2, "start"] = "1932-02-30"
    write_parquet_parts(edges, data / "edges", [1])
    assert problem_lines(data) == [
        f'{data}/edges/part.1.parquet: row 2: column "start": "1932-02-30" is not a real date: '
        "1932-02 has 29 days"
    ]


def test_a_duplicated_id_across_parts_names_both(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "edges.csv", data)
    nodes = text(VALID / "nodes.csv")
    nodes = pd.concat([nodes, nodes.iloc[[0]].assign(name="Sergo again")], ignore_index=True)
    write_parquet_parts(nodes, data / "nodes", [2])
    report = validate(data)
    assert report.lines("error") == [
        f'{data}/nodes/part.1.parquet: row 3: column "id": "sergo" is already the id of the node '
        f"in row 1 of {data}/nodes/part.0.parquet"
    ]
    assert report.problems.loc[report.problems["code"] == "duplicate-id", "line"].tolist() == [3]


def test_a_repeated_tie_across_csv_parts_names_both_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    edges = pd.concat([edges, edges.iloc[[0]].assign(id="t5")], ignore_index=True)
    write_csv_parts(edges, data / "edges", [3])
    repeated = [line for line in validate(data).lines("warning") if "repeats" in line]
    assert repeated == [
        f"{data}/edges/part-1.csv:3: the tie t5 (sergo ally koba) repeats the tie on line 2 of "
        f"{data}/edges/part-0.csv (same people, relation and dates); both are kept"
    ]


def test_a_part_with_other_columns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    write_csv_parts(edges, data / "edges", [2])
    edges.iloc[2:].drop(columns="note").assign(extra="x").to_csv(data / "edges" / "part-1.csv", index=False)
    assert problem_lines(data) == [
        f"{data}/edges/part-1.csv:1: the columns differ from those of the first part "
        f'{data}/edges/part-0.csv: it lacks "note"; it has "extra"'
    ]


def test_a_table_both_as_a_file_and_as_parts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    write_csv_parts(text(VALID / "edges.csv"), data / "edges", [2])
    assert problem_lines(data) == [
        f"{data}/edges.csv: the folder of parts {data}/edges holds this table too: keep either the file "
        "or the folder"
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "holds no parts: put the table's part-*.csv or part-*.parquet files in it"),
        (["_SUCCESS"], "holds no parts: put the table's part-*.csv or part-*.parquet files in it"),
        (
            ["part-0.csv", "part-1.parquet"],
            "holds both .csv and .parquet parts: the parts of a table are all of one format",
        ),
        (
            ["part-0.csv", "notes.txt"],
            'holds "notes.txt", which is not a part: a folder of parts holds only .csv or .parquet '
            "files (names starting with _ or . are skipped)",
        ),
        (
            ["part-0.csv", "year=1914/part-0.csv"],
            'holds the folder "year=1914": the parts of a table are files in its folder itself '
            "(partitioned subfolders, name=value, are not read)",
        ),
    ],
)
def test_a_folder_of_parts_that_is_not_one_table(tmp_path: Path, files: list[str], message: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    (data / "edges").mkdir()
    for name in files:
        (data / "edges" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(VALID / "edges.csv", data / "edges" / name)
    assert problem_lines(data) == [f"{data}/edges: {message}"]
    with pytest.raises(DataError):
        netpipe.load(data)


def test_a_parquet_float_in_a_date_column(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "edges.csv", data)
    (data / "nodes").mkdir()
    nodes = text(VALID / "nodes.csv")
    table = pa.table(
        {
            "id": nodes["id"],
            "name": nodes["name"],
            "start": pa.array([1886.0, 1878.0, None, None]),
            "born": pa.array([1, 2, 3, 4], pa.timestamp("ms")),
        }
    )
    pq.write_table(table, data / "nodes" / "part-0.parquet")
    assert problem_lines(data) == [
        f'{data}/nodes/part-0.parquet: column "start": holds floating-point numbers (double): a date is '
        "text (1932-09-22, 1932-09, 1932, -0043) or a Parquet date (date32)",
        f'{data}/nodes/part-0.parquet: column "born": holds timestamps of the Parquet type timestamp[ms]: '
        "netpipe reads text, whole numbers, true/false and dates (date32)",
    ]


def test_csv_parts_are_read_by_the_strict_reader(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    write_csv_parts(edges, data / "edges", [2])
    path = data / "edges" / "part-1.csv"
    path.write_bytes(path.read_bytes().replace(b"probable", b"prob\xe9able"))
    (data / "edges" / "part-0.csv").write_text(
        "id;source;target;relation\nt1;sergo;koba;ally\n", encoding="utf-8"
    )
    assert problem_lines(data) == [
        f"{data}/edges/part-0.csv:1: the header has no comma but semicolons: the file seems to be separated "
        'by ";" (as spreadsheets in many languages save it); save it separated by commas, e.g. as "CSV UTF-8"',
        f'{data}/edges/part-1.csv:3: column "certainty": bytes that are not UTF-8 (E9); the file seems to be '
        'in Latin-1 or Windows-1252: save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")',
    ]


def test_commands_take_a_dataset_in_parts(rome_parts: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(rome_parts)]).exit_code == 0
    parted = runner.invoke(app, ["info", str(rome_parts), "--format", "json"])
    assert parted.exit_code == 0
    assert parted.stdout == runner.invoke(app, ["info", str(ROME), "--format", "json"]).stdout
    described = runner.invoke(app, ["describe", str(rome_parts)])
    assert described.exit_code == 1
    assert "keeps its nodes or ties in a folder of parts" in described.stderr
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", str(rome_parts), "--out", str(out)])
    assert ran.exit_code == 0, ran.stderr
    assert (out / "exports" / "network-edges.csv").is_file()
    exported = runner.invoke(
        app, ["export", str(rome_parts), "--format", "datapackage", "--out", str(out / "x")]
    )
    assert exported.exit_code == 0, exported.stderr
    assert_same_graph(netpipe.load(out / "x" / "datapackage"), netpipe.load(ROME))


# Parquet exports in parts


def exported_dataset(out: Path, relations: Path | None, target: Path) -> Path:
    """A dataset folder made of the exported parts (and the dataset's relations.csv)."""
    target.mkdir()
    shutil.copytree(out / "network-nodes.parquet", target / "nodes")
    shutil.copytree(out / "network-edges.parquet", target / "edges")
    if relations is not None:
        shutil.copy(relations, target)
    return target


@pytest.mark.parametrize("source", [ROME, Path("data")])
def test_parquet_export_reads_back_as_the_dataset(tmp_path: Path, source: Path) -> None:
    graph = netpipe.load(source)
    paths = export(graph, tmp_path / "out", formats=["csv", "parquet"])
    assert [p.name for p in paths] == [
        "network-nodes.csv",
        "network-edges.csv",
        "network-nodes.parquet",
        "network-edges.parquet",
    ]
    relations = source / "relations.csv" if (source / "relations.csv").exists() else None
    back = exported_dataset(tmp_path / "out", relations, tmp_path / "back")
    assert validate(back).ok
    assert_same_graph(netpipe.load(back), graph)
    edges = pd.read_parquet(tmp_path / "out" / "network-edges.parquet")  # pandas skips the manifest
    csv = text(tmp_path / "out" / "network-edges.csv")
    own = [c for c in csv.columns if c not in ("interaction", "directed") and not c.endswith("_gregorian")]
    assert list(edges.columns) == own
    assert edges["weight"].dtype == "float64"
    # the same values, written as they are where the CSV neutralizes a formula for spreadsheets ('-0043)
    shown = neutralize_formulas(edges.drop(columns="weight"))
    pd.testing.assert_frame_equal(shown, csv[own].drop(columns="weight"), check_dtype=False)
    assert edges["weight"].tolist() == csv["weight"].astype(float).tolist()
    assert ds.dataset(tmp_path / "out" / "network-nodes.parquet").count_rows() == graph.number_of_nodes()


def test_parquet_export_in_several_parts(tmp_path: Path) -> None:
    graph = netpipe.load(ROME)
    folder = write_edges_parquet(graph, tmp_path / "edges", rows_per_part=3)
    names = sorted(p.name for p in folder.iterdir())
    parts = (graph.number_of_edges() + 2) // 3
    assert names == [".netpipe-manifest.json", *(f"part-{i:05d}.parquet" for i in range(parts))]
    assert [pq.ParquetFile(folder / f"part-{i:05d}.parquet").metadata.num_rows for i in range(parts)] == [
        3
    ] * (parts - 1) + [graph.number_of_edges() - 3 * (parts - 1)]
    ids = pd.read_parquet(folder)["id"].tolist()
    assert sorted(ids) == sorted(k for _, _, k in graph.edges(keys=True))
    write_edges_parquet(graph, folder, rows_per_part=100)  # replaces the folder whole: no old part left
    assert sorted(p.name for p in folder.iterdir()) == [".netpipe-manifest.json", "part-00000.parquet"]
    empty = write_nodes_parquet(nx.MultiDiGraph(), tmp_path / "empty")
    assert pd.read_parquet(empty).empty


def test_parquet_export_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(VALID), "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out / 'network-nodes.parquet'}\n{out / 'network-edges.parquet'}\n"


# Any split of a dataset into parts reads as the single files


SPLIT_DATA = [ROME, VALID, Path("tests/data/era-tudor")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    source=st.sampled_from(SPLIT_DATA),
    node_cuts=st.lists(st.integers(0, 40), max_size=4),
    edge_cuts=st.lists(st.integers(0, 60), max_size=6),
    parquet=st.tuples(st.booleans(), st.booleans()),
)
def test_any_split_reads_as_the_single_files(
    tmp_path_factory: pytest.TempPathFactory,
    source: Path,
    node_cuts: list[int],
    edge_cuts: list[int],
    parquet: tuple[bool, bool],
) -> None:
    data = tmp_path_factory.mktemp("split")
    if (source / "relations.csv").exists():
        shutil.copy(source / "relations.csv", data)
    for name, cuts, as_parquet in (("nodes", node_cuts, parquet[0]), ("edges", edge_cuts, parquet[1])):
        frame = text(source / f"{name}.csv")
        bounds = sorted({min(c, len(frame)) for c in cuts})
        if as_parquet:
            write_parquet_parts(frame, data / name, bounds)
        else:
            write_csv_parts(frame, data / name, bounds)
    assert_same_tables(read_tables(data), read_tables(source))


def test_other_tools_read_the_parquet_exports(tmp_path: Path) -> None:
    import duckdb

    graph = netpipe.load(ROME)
    folder = write_edges_parquet(graph, tmp_path / "edges", rows_per_part=4)
    pattern = str(folder / "*.parquet").replace("'", "''")
    count, ties = duckdb.sql(
        f"select count(*), count(distinct id) from read_parquet('{pattern}')"
    ).fetchall()[0]
    assert count == ties == graph.number_of_edges()
    dataset = ds.dataset(folder, format="parquet")  # skips the manifest, as files starting with a dot
    assert dataset.to_table().column("id").to_pylist() == pd.read_parquet(folder)["id"].tolist()
    import dask.dataframe as dd

    with warnings.catch_warnings():  # Dask's own calls of pandas warn of deprecations
        warnings.simplefilter("ignore", DeprecationWarning)
        frame = dd.read_parquet(folder)
        assert frame.npartitions == len(list(folder.glob("*.parquet")))
        assert frame.compute()["id"].tolist() == pd.read_parquet(folder)["id"].tolist()


def test_relations_are_one_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    write_csv_parts(text(ROME / "relations.csv"), data / "relations", [2])
    assert problem_lines(data) == [
        f"{data}/relations: relations are declared in one file, relations.csv, not in a folder of parts"
    ]


def test_parquet_text_is_checked_as_csv_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    edges.loc[1, "note"] = "bell\x07"
    edges.loc[2, "citation"] = " Khlevniuk 1995 "
    (data / "edges").mkdir()
    table = pa.table(
        {
            **{c: pa.array(edges[c]) for c in edges.columns if c != "end"},
            "end": pa.array([-12000, None, 0, None], pa.date32()),
        }
    )
    pq.write_table(table, data / "edges" / "part-0.parquet")
    report = validate(data)
    assert report.lines("error") == [
        f'{data}/edges/part-0.parquet: row 2: column "note": control character U+0007 in the text'
    ]
    stripped = (
        f'{data}/edges/part-0.parquet: row 3: column "citation": " Khlevniuk 1995 " has spaces at its '
        "start or end (stripped)"
    )
    assert stripped in report.lines("warning")


def test_an_undeclared_relation_names_its_rows_in_their_parts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(VALID / "nodes.csv", data)
    edges = text(VALID / "edges.csv")
    edges.loc[[0, 3], "relation"] = "friend"
    write_parquet_parts(edges, data / "edges", [2])
    (message,) = problem_lines(data)
    assert message.startswith(
        f'{data}/edges/part.0.parquet: row 1: column "relation": "friend" is not a declared relation '
        f"(2 rows: row 1 of {data}/edges/part.0.parquet, row 2 of {data}/edges/part.1.parquet); "
        f"to declare it, write {data}/relations.csv with the header"
    )


DATES = st.sampled_from(
    ["", "-0043-03-15", "-0500", "0000", "0800-12-25", "1066~", "193X", "1903/1907", "2001-09?"]
)
IDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S")), min_size=1, max_size=6)


@st.composite
def datasets(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A valid dataset: unicode ids, ties of the built-in relations dated in any era."""
    ids = draw(st.lists(IDS.filter(lambda i: i == i.strip()), min_size=2, max_size=12, unique=True))
    nodes = pd.DataFrame({"id": ids, "name": [f"Name of {i}" for i in ids]})
    ends = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda pair: pair[0] != pair[1])
    rows = draw(
        st.lists(st.tuples(ends, st.sampled_from(["ally", "rival", "deputy-of"]), DATES), max_size=30)
    )
    edges = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(len(rows))],
            "source": [pair[0] for pair, _, _ in rows],
            "target": [pair[1] for pair, _, _ in rows],
            "relation": [relation for _, relation, _ in rows],
            "start": [date for _, _, date in rows],
            "citation": "a source",
        }
    )
    return nodes, edges


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=datasets(), cuts=st.lists(st.integers(0, 30), max_size=5), as_parquet=st.booleans())
def test_any_split_of_a_generated_dataset(
    tmp_path_factory: pytest.TempPathFactory,
    data: tuple[pd.DataFrame, pd.DataFrame],
    cuts: list[int],
    as_parquet: bool,
) -> None:
    nodes, edges = data
    single, parted = tmp_path_factory.mktemp("single"), tmp_path_factory.mktemp("parted")
    nodes.to_csv(single / "nodes.csv", index=False)
    nodes.to_csv(parted / "nodes.csv", index=False)
    edges.to_csv(single / "edges.csv", index=False)
    bounds = sorted({min(c, len(edges)) for c in cuts})
    (write_parquet_parts if as_parquet else write_csv_parts)(edges, parted / "edges", bounds)
    one, parts = validate(single), validate(parted)
    assert one.ok and parts.ok
    facts = ["severity", "code", "column", "value"]  # the same warnings, each at its place
    pd.testing.assert_frame_equal(parts.problems[facts], one.problems[facts])
    placed = one.problems["code"] == "repeated-tie"  # names the first tie's line, with its part
    assert parts.problems["message"][~placed].tolist() == one.problems["message"][~placed].tolist()
    assert_same_tables(read_tables(parted), read_tables(single))
