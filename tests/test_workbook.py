"""Datasets kept in workbooks (.xlsx, .ods): read under the contract, problems named by cell."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from typer.testing import CliRunner

import netpipe
from netpipe.app.cli import app
from netpipe.io.validation import read_tables, validate
from netpipe.io.workbook import cell_text, column_letter, read_workbook
from tests.conftest import examples

ROME = Path("tests/data/era-rome")


def _rows(path: Path) -> list[list[Any]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook written by openpyxl, one sheet per entry, cells as given (text, numbers, dates)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _odf_cell(value: Any) -> TableCell:
    """An OpenDocument cell of the value's type, its text as LibreOffice shows it."""
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
        text = str(value).upper()
    elif isinstance(value, datetime.date):
        cell, text = TableCell(valuetype="date", datevalue=value.isoformat()), value.isoformat()
    elif isinstance(value, int | float):
        cell, text = TableCell(valuetype="float", value=str(value)), str(value)
    else:
        cell, text = TableCell(valuetype="string"), str(value)
    cell.addElement(P(text=text))
    return cell


def write_ods(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook written by odfpy, one sheet per entry, cells of the values' types."""
    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            line = TableRow()
            for value in row:
                line.addElement(_odf_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _rome(change: Any = None) -> dict[str, list[list[Any]]]:
    """The Roman dataset (BC dates, typed as text as Excel keeps them) as sheets."""
    sheets = {name: _rows(ROME / f"{name}.csv") for name in ("nodes", "edges", "relations")}
    if change is not None:
        change(sheets)
    return sheets


def _graph_data(graph: nx.MultiDiGraph) -> tuple[Any, ...]:
    """Everything a graph holds but its name and title."""
    return (
        sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True)),
        sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)),
        {k: v for k, v in graph.graph.items() if k not in ("name", "title")},  # named after the file
    )


@pytest.mark.parametrize("write", [write_xlsx, write_ods])
def test_a_workbook_loads_as_its_csv_files_do(tmp_path: Path, write: Any) -> None:
    book = write(tmp_path / f"rome{'.xlsx' if write is write_xlsx else '.ods'}", _rome())
    assert validate(book).lines() == [
        f'{book}: edges!H17: column "citation": is empty: the tie r16 (senate ally caesar) has no source'
    ]
    assert _graph_data(netpipe.load(book)) == _graph_data(netpipe.load(ROME))
    assert read_tables(book).name == book.stem


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_bad_cell_is_named_by_sheet_column_and_row(tmp_path: Path, suffix: str) -> None:
    def misspell(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["edges"][13][2] = "pompei"  # row 14, column C
        sheets["edges"][5][4] = "-0049-13"  # row 6, column E

    write = write_xlsx if suffix == ".xlsx" else write_ods
    book = write(tmp_path / f"rome{suffix}", _rome(misspell))
    result = CliRunner().invoke(app, ["validate", str(book)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f'error: {book}: edges!E6: column "start": "-0049-13" is not a real date: there is no month 13',
        f'error: {book}: edges!C14: column "target": "pompei" is not a node id in nodes.csv; '
        'did you mean "pompey" (Gnaeus Pompeius Magnus)?',
    ]
    record = next(r for r in validate(book).to_records() if r["column"] == "target")
    assert (record["file"], record["line"], record["cell"]) == (f"{book}: edges", 14, "C14")


def test_cells_typed_in_a_spreadsheet_read_as_the_text_the_contract_reads(tmp_path: Path) -> None:
    # Numbers as ids (7, not 7.0), date cells as ISO dates (medieval ones too in .ods), booleans as
    # true/false, a header below a blank row and right of a blank column.
    nodes = [
        [],
        [None, "id", "name", "start", "end"],
        [None, 7, "William of Normandy", datetime.date(1028, 1, 1), datetime.date(1087, 9, 9)],
        [None, "harold", "Harold Godwinson", 1022, datetime.date(1066, 10, 14)],
        [],
        [None, 1.5, "Edith Swanneck", None, None],
    ]
    edges = [
        ["source", "target", "relation", "start", "citation"],
        [7, "harold", "rival", datetime.date(1066, 10, 14), "ASC"],
    ]
    edges.append(["harold", 1.5, "married", 1045, "ASC"])
    relations = [["relation", "directed", "sign", "kind"], ["married", False, 1, "state"]]
    book = write_ods(tmp_path / "hastings.ods", {"nodes": nodes, "edges": edges, "relations": relations})
    tables = read_tables(book)
    assert tables.nodes[["id", "start", "end", "line"]].values.tolist() == [
        ["7", "1028-01-01", "1087-09-09", 3],
        ["harold", "1022", "1066-10-14", 4],
        ["1.5", "", "", 6],
    ]
    assert tables.edges[["source", "target", "start"]].values.tolist() == [
        ["7", "harold", "1066-10-14"],
        ["harold", "1.5", "1045"],
    ]
    assert tables.relations.loc["married", ["directed", "sign", "kind"]].tolist() == [False, 1, "state"]
    assert validate(book).lines() == []


def test_a_date_and_time_cell_is_kept_with_its_time_and_is_not_a_date(tmp_path: Path) -> None:
    sheets = _rome(lambda s: s["edges"][1].__setitem__(4, datetime.datetime(1914, 7, 28, 10, 30)))
    book = write_xlsx(tmp_path / "rome.xlsx", sheets)
    assert (
        validate(book)
        .lines("error")[0]
        .startswith(f'{book}: edges!E2: column "start": "1914-07-28T10:30:00" is not a date')
    )


@settings(max_examples=examples(20, 300), deadline=None)
@given(day=st.dates(min_value=datetime.date(1, 1, 1)))
def test_a_date_cell_is_its_iso_date(tmp_path_factory: pytest.TempPathFactory, day: datetime.date) -> None:
    folder = tmp_path_factory.mktemp("dates")
    book = write_ods(
        folder / "dates.ods", {"nodes": [["id", "name", "start"], ["a", "A", day]], "edges": [["source"]]}
    )
    tables, _ = read_workbook(book)
    assert tables["nodes.csv"] is not None
    assert tables["nodes.csv"].frame["start"].tolist() == [f"{day.year:04}-{day.month:02}-{day.day:02}"]


def test_an_undeclared_relation_in_a_workbook_says_which_row_to_add(tmp_path: Path) -> None:
    sheets = _rome(lambda s: s["edges"][2].__setitem__(3, "mentor"))
    book = write_xlsx(tmp_path / "rome.xlsx", sheets)
    assert validate(book).lines("error") == [
        f'{book}: edges!D3: column "relation": "mentor" is not a declared relation (1 row: row 3); to '
        f"declare it, add the row mentor | true | 0 | state |  |  to {book}: relations (its columns: "
        "relation | directed | sign | kind | inverse | description), then set directed (true or false), "
        'sign (1, -1 or 0) and kind (state or event) to what "mentor" means'
    ]


def test_missing_sheets_and_files_that_are_not_workbooks(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "book.xlsx", {"Nodes": _rows(ROME / "nodes.csv"), "Sheet1": [["x"]]})
    assert validate(book).lines() == [
        f'{book}: has no sheet "edges" (its sheets: Nodes, Sheet1): a workbook holds the sheets nodes, '
        "edges and optionally relations"
    ]
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    (line,) = validate(damaged).lines()
    assert line.startswith(f"{damaged}: cannot be read as a workbook (") and line.endswith(
        "open and save it again"
    )
    assert validate(tmp_path / "absent.ods").lines() == [f"{tmp_path / 'absent.ods'}: file not found"]
    long_name = "x" * 300 + ".xlsx"
    assert validate(long_name).lines() == [f"{long_name}: cannot be read (File name too long)"]
    empty = write_xlsx(tmp_path / "empty.xlsx", {"nodes": [], "edges": [["source", "target", "relation"]]})
    assert validate(empty).lines("error") == [f"{empty}: nodes: the sheet is empty: a header row is required"]


def test_run_and_every_command_take_a_workbook(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "rome.xlsx", _rome())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(book), "--out", str(out), "--max-nodes", "10"])
    assert result.exit_code == 0, result.output
    assert (out / "network.html").is_file() and (out / "report.md").is_file()
    exported = netpipe.load(out / "exports" / "datapackage")  # the dataset, written as CSV files
    assert _graph_data(exported)[:2] == _graph_data(netpipe.load(ROME))[:2]
    for command in (["info"], ["centrality", "--at", "-0050"], ["snapshot", "--at", "-0050"], ["timeline"]):
        assert CliRunner().invoke(app, [command[0], str(book), *command[1:]]).exit_code == 0, command
    refused = CliRunner().invoke(app, ["describe", str(book)])
    assert refused.exit_code == 1
    assert "is a workbook: a datapackage.json declares CSV files" in refused.stderr
    assert netpipe.Network.read(book).number_of_edges() == 16


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert cell_text(1e16) == "10000000000000000"
