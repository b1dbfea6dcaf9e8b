"""Reading one CSV file strictly: text cells, physical line numbers, and the problems of bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netpipe.io.problems import Report
from netpipe.io.read import read_table
from netpipe.io.validation import validate
from netpipe.model.loader import load, load_tables
from tests.conftest import examples

#: The hint for bytes that are not UTF-8 but read as Windows-1252.
LATIN1 = (
    "the file seems to be in Latin-1 or Windows-1252: "
    'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")'
)

MakeDataset = Callable[..., Path]

EDGES = (
    "id,source,target,relation,citation\n"
    "t1,sergo,koba,ally,Montefiore 2003\n"
    "t2,sergo,okhrana,arrested-by,main narrative\n"
    "t3,007,koba,deputy-of,Khlevniuk 1995\n"
)


def _read(tmp_path: Path, data: bytes) -> tuple[list[dict[Any, Any]], list[int], list[str]]:
    """The rows, their lines and the problem lines of a CSV file holding ``data``."""
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    table, problems = read_table(path, "f.csv")
    found = Report.from_frames(problems).lines()
    if table is None:
        return [], [], found
    return table.frame.to_dict("records"), table.lines.tolist(), found


def test_plain_file(tmp_path: Path) -> None:
    rows, lines, problems = _read(tmp_path, b"id,name\na,A\nb,B\n")
    assert rows == [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    assert lines == [2, 3]
    assert problems == []


def test_bom_is_accepted(tmp_path: Path) -> None:
    rows, lines, problems = _read(tmp_path, b"\xef\xbb\xbfid,name\na,A\n")
    assert rows == [{"id": "a", "name": "A"}]
    assert lines == [2]
    assert problems == []


def test_bom_dataset_loads(make_dataset: MakeDataset) -> None:
    folder = make_dataset(nodes=b"\xef\xbb\xbf" + Path("tests/data/valid/nodes.csv").read_bytes())
    assert validate(folder).lines("error") == []
    assert sorted(load(folder).nodes) == ["007", "koba", "okhrana", "sergo"]


def test_identifiers_and_missing_value_markers_stay_text(tmp_path: Path) -> None:
    words = ["007", "NA", "None", "null", "#N/A", "NaN", "nan", "N/A", "n/a", "-1.0", "1e3", "TRUE", "0x1F"]
    data = "id,name\n" + "".join(f"{w},{w}\n" for w in words)
    rows, _, problems = _read(tmp_path, data.encode())
    assert rows == [{"id": w, "name": w} for w in words]
    assert problems == []


def test_missing_value_markers_are_names_in_the_graph(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        nodes="id,name\n007,NA\nnull,None\n#N/A,null\n",
        edges="source,target,relation,citation\n007,null,ally,x\nnull,#N/A,rival,y\n",
    )
    graph = load(folder)
    assert dict(graph.nodes(data="name")) == {"007": "NA", "null": "None", "#N/A": "null"}
    assert sorted((u, v) for u, v, _ in graph.edges) == [("007", "null"), ("null", "#N/A")]


def test_quoted_cell_spanning_lines_keeps_later_line_numbers(tmp_path: Path) -> None:
    data = b'id,name,description\na,A,"first line\nsecond line\nthird line"\nb,B,plain\nc,C,"x\ny"\nd,D,\n'
    rows, lines, problems = _read(tmp_path, data)
    assert [r["description"] for r in rows] == ["first line\nsecond line\nthird line", "plain", "x\ny", ""]
    assert lines == [2, 5, 6, 8]
    assert problems == []


def test_errors_after_a_multiline_cell_name_the_right_line(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        nodes=(
            "id,name,start,description\n"
            'sergo,Sergo Ordzhonikidze,1886,"born in Goresha,\nImeretia"\n'
            'koba,Joseph Stalin,1878-13,"two\nlines\nhere"\n'
            "okhrana,Okhrana,1881,\n"
            "007,NA,19x2,\n"
        ),
        edges=EDGES,
    )
    assert validate(folder).lines("error") == [
        f'{folder}/nodes.csv:4: column "start": "1878-13" is not a real date: there is no month 13',
        f'{folder}/nodes.csv:8: column "start": "19x2" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD '
        "(-0043 for 44 BC), X for unknown digits (193X, 1932-XX), optionally followed by ?, ~ or %, "
        "or a range START/END (1903/1907)",
    ]


def test_ragged_row_after_a_multiline_cell_names_the_right_line(tmp_path: Path) -> None:
    data = b'id,name\na,"A\nA"\nb\nc,C,extra\nd,D\n'
    rows, lines, problems = _read(tmp_path, data)
    assert problems == [
        "f.csv:4: the row has 1 cells, the header has 2",
        "f.csv:5: the row has 3 cells, the header has 2",
    ]
    # Rows of the wrong width stay on their lines (cells past the header cut, missing ones blank).
    assert rows == [
        {"id": "a", "name": "A\nA"},
        {"id": "b", "name": ""},
        {"id": "c", "name": "C"},
        {"id": "d", "name": "D"},
    ]
    assert lines == [2, 4, 5, 6]


def test_bad_bytes_after_a_multiline_cell_name_the_right_line_and_column(tmp_path: Path) -> None:
    data = b'id,name,group\na,"A\nA",x\nb,B\x01,y\nc,C,caf\xe9\n'
    _, lines, problems = _read(tmp_path, data)
    assert problems == [
        'f.csv:4: column "name": control character U+0001 in the text',
        'f.csv:5: column "group": bytes that are not UTF-8 (E9); ' + LATIN1,
    ]
    assert lines == [2, 4, 5]


def test_blank_lines_are_skipped_with_right_line_numbers(tmp_path: Path) -> None:
    data = b"id,name\n\na,A\n   \n\t\nb,B\n\n\nc,C"
    rows, lines, problems = _read(tmp_path, data)
    assert rows == [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}]
    assert lines == [3, 6, 9]
    assert problems == []


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    rows, lines, problems = _read(tmp_path, b"\n\nid,name\na,A\n")
    assert problems == []
    assert rows == [{"id": "a", "name": "A"}]
    assert lines == [4]


def test_crlf_line_ends(tmp_path: Path) -> None:
    data = b'id,name,note\r\na,A,"two\r\nlines"\r\n\r\nb,B,\r\n'
    rows, lines, problems = _read(tmp_path, data)
    assert rows == [{"id": "a", "name": "A", "note": "two\r\nlines"}, {"id": "b", "name": "B", "note": ""}]
    assert lines == [2, 5]
    assert problems == []


def test_crlf_dataset_reports_right_lines(make_dataset: MakeDataset) -> None:
    nodes = Path("tests/data/bad-date/nodes.csv").read_text().replace("\n", "\r\n")
    edges = Path("tests/data/bad-date/edges.csv").read_text().replace("\n", "\r\n")
    folder = make_dataset(nodes=nodes, edges=edges)
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:2: column "start": "1932-13" is not a real date: there is no month 13',
        f'{folder}/edges.csv:3: column "start": "1932-02-30" is not a real date: 1932-02 has 29 days',
        f'{folder}/edges.csv:5: column "start": "19x2" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD '
        "(-0043 for 44 BC), X for unknown digits (193X, 1932-XX), optionally followed by ?, ~ or %, "
        "or a range START/END (1903/1907)",
    ]


def test_cr_only_line_ends_are_reported(tmp_path: Path) -> None:
    # Excel's "CSV (Macintosh)" ends lines with CR alone: never a traceback.
    path = tmp_path / "f.csv"
    path.write_bytes(b"id,name\ra,A\rb,B\r")
    table, problems = read_table(path, "f.csv")
    assert table is None
    assert Report.from_frames(problems).lines() == [
        "f.csv: lines end with a carriage return only (old Mac format): save it with LF or CRLF line ends"
    ]


def test_first_row_with_too_many_cells_is_a_ragged_row(tmp_path: Path) -> None:
    rows, lines, problems = _read(tmp_path, b"id,name\na,A,extra\nb,B\n")
    assert problems == ["f.csv:2: the row has 3 cells, the header has 2"]
    assert rows == [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    assert lines == [2, 3]


def test_stray_spaces_are_stripped_and_warned(tmp_path: Path) -> None:
    data = b'id,name,note\n a ,A,\nb,  B\t," x\ny "\n'
    rows, _, problems = _read(tmp_path, data)
    assert rows == [{"id": "a", "name": "A", "note": ""}, {"id": "b", "name": "B", "note": "x\ny"}]
    assert problems == [
        'f.csv:2: column "id": " a " has spaces at its start or end (stripped)',
        'f.csv:3: column "name": "  B\t" has spaces at its start or end (stripped)',
        'f.csv:3: column "note": " x\\ny " has spaces at its start or end (stripped)',
    ]


def test_stray_spaces_are_warnings_not_errors(make_dataset: MakeDataset) -> None:
    folder = make_dataset(nodes=Path("tests/data/valid/nodes.csv").read_text().replace("koba,", " koba ,"))
    report = validate(folder)
    assert report.lines("error") == []
    assert f'{folder}/nodes.csv:3: column "id": " koba " has spaces at its start or end (stripped)' in (
        report.lines("warning")
    )
    assert "koba" in load(folder)


def test_extra_columns_are_kept_in_tables_and_graph(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        nodes="id,name,born_in,rank\nsergo,Sergo,Goresha,\nkoba,Stalin,Gori,General Secretary\n",
        edges="id,source,target,relation,citation,place\nt1,sergo,koba,ally,M 2003,Tiflis\n",
    )
    tables = load_tables(folder)
    assert tables.user_columns == {
        "nodes": ["id", "name", "born_in", "rank"],
        "edges": ["id", "source", "target", "relation", "citation", "place"],
    }
    assert tables.nodes["born_in"].to_dict() == {"sergo": "Goresha", "koba": "Gori"}
    assert tables.nodes["rank"].to_dict() == {"sergo": "", "koba": "General Secretary"}
    assert tables.edges["place"].to_dict() == {"t1": "Tiflis"}
    graph = load(folder)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["sergo"] == {"name": "Sergo", "born_in": "Goresha", "kind": "person"}
    assert graph.nodes["koba"] == {
        "name": "Stalin",
        "born_in": "Gori",
        "rank": "General Secretary",
        "kind": "person",
    }
    assert graph.edges["sergo", "koba", "t1"]["place"] == "Tiflis"


def test_missing_file(tmp_path: Path) -> None:
    assert _read_missing(tmp_path) == ["f.csv: file not found"]


def _read_missing(tmp_path: Path) -> list[str]:
    table, problems = read_table(tmp_path / "f.csv", "f.csv")
    assert table is None
    return Report.from_frames(problems).lines()


def test_empty_file(tmp_path: Path) -> None:
    assert _read(tmp_path, b"") == ([], [], ["f.csv:1: the file is empty: a header row is required"])
    assert _read(tmp_path, b"\n  \n") == ([], [], ["f.csv:1: the file is empty: a header row is required"])


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"id,name\n")
    table, problems = read_table(path, "f.csv")
    assert table is not None
    assert list(table.frame.columns) == ["id", "name"]
    assert len(table.frame) == 0
    assert Report.from_frames(problems).lines() == []


def test_header_problems(tmp_path: Path) -> None:
    _, _, problems = _read(tmp_path, b"id,name,,name\na,A,x,y\n")
    assert problems == [
        "f.csv:1: column 3 of the header has no name",
        'f.csv:1: column "name" appears twice in the header (columns 2 and 4)',
    ]


# What spreadsheets and hand edits produce: one clear error with its line, never a traceback

SAVE_AS_UTF8 = 'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")'
QUOTING = (
    'a cell with a quote must be quoted whole and its quotes doubled (""); the rest of the file was not read'
)


def test_a_bare_carriage_return_in_the_header(tmp_path: Path) -> None:
    assert _read(tmp_path, b"id,na\rme\na,A\n") == (
        [],
        [],
        ["f.csv:1: a carriage return (CR) alone ends a line here: save the file with LF or CRLF line ends"],
    )


def test_bare_carriage_returns_in_rows_are_reported_on_each_line(tmp_path: Path) -> None:
    _, _, problems = _read(tmp_path, b'id,name\r\na,A\rb,"B\rquoted"\nc,C\r\nd,D\re,E\n')
    assert problems == [
        "f.csv:2: a carriage return (CR) alone ends a line here: save the file with LF or CRLF line ends",
        "f.csv:4: a carriage return (CR) alone ends a line here: save the file with LF or CRLF line ends",
    ]


def test_excel_unicode_text_is_utf16(tmp_path: Path) -> None:
    text = "id\tname\r\nsergo\tSergo\r\n"
    for data, name in (
        (text.encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + text.encode("utf-16-be"), "UTF-16"),
        (text.encode("utf-32"), "UTF-32"),
    ):
        assert _read(tmp_path, data)[2] == [
            f'f.csv: the file is encoded as {name} (Excel\'s "Unicode Text"): {SAVE_AS_UTF8}'
        ]
    assert _read(tmp_path, "id,name\nsergo,Sergo\n".encode("utf-16-le"))[2] == [
        f"f.csv: the file seems to be encoded as UTF-16 or UTF-32 (it is full of zero bytes): {SAVE_AS_UTF8}"
    ]


def test_an_unterminated_quote_in_the_middle(tmp_path: Path) -> None:
    assert _read(tmp_path, b'id,name,note\na,A,"opened\nb,B,x\nc,C,y\n')[2] == [
        f'f.csv:2: column "note": a quote opens a cell that is never closed: {QUOTING}'
    ]


def test_an_unterminated_quote_at_the_end_is_not_accepted(tmp_path: Path) -> None:
    assert _read(tmp_path, b'id,name\na,A\nb,"B')[2] == [
        f'f.csv:3: column "name": a quote opens a cell that is never closed: {QUOTING}'
    ]


def test_a_quote_inside_an_unquoted_cell_is_read_as_written_with_a_warning(tmp_path: Path) -> None:
    data = b'id,name,height\na,A,"5\'9"""\nb,B,5\'10"\nc,said "no",=HYPERLINK("x")\nd,"D",1"\n'
    rows, lines, problems = _read(tmp_path, data)
    assert [list(row.values()) for row in rows] == list(csv.reader(io.StringIO(data.decode())))[1:]
    assert rows[2] == {"id": "c", "name": 'said "no"', "height": '=HYPERLINK("x")'}
    assert lines == [2, 3, 4, 5]
    read_as_written = "a quote inside a cell that is not quoted, read as written"
    assert problems == [
        f'f.csv:3: column "height": {read_as_written}: 5\'10"',
        f'f.csv:4: column "name": {read_as_written}: said "no"',
        f'f.csv:4: column "height": {read_as_written}: =HYPERLINK("x")',
        f'f.csv:5: column "height": {read_as_written}: 1"',
    ]


def test_the_rest_of_a_file_with_a_quote_inside_a_cell_is_checked(tmp_path: Path) -> None:
    # Python's csv cuts this row at the comma: three cells, and the next row is read on.
    data = b'id,name\na,say "no, really"\nb,B,extra\nc,\x07\n'
    assert _read(tmp_path, data)[2] == [
        "f.csv:2: the row has 3 cells, the header has 2",
        'f.csv:2: column "name": a quote inside a cell that is not quoted, read as written: say "no',
        "f.csv:3: the row has 3 cells, the header has 2",
        'f.csv:4: column "name": control character U+0007 in the text',
    ]


def test_text_after_a_closing_quote(tmp_path: Path) -> None:
    assert _read(tmp_path, b'id,name\na,"A" Smith\n')[2] == [
        f'f.csv:2: column "name": text after the closing quote of a quoted cell: {QUOTING}'
    ]


def test_quoted_cells_as_rfc_4180_writes_them_are_read(tmp_path: Path) -> None:
    rows, lines, problems = _read(tmp_path, b'"id","na""me"\n"a","say ""hi"", then go"\n"","x"\n')
    assert rows == [{"id": "a", 'na"me': 'say "hi", then go'}, {"id": "", 'na"me': "x"}]
    assert (lines, problems) == ([2, 3], [])


def test_a_semicolon_or_tab_separated_file(tmp_path: Path) -> None:
    hint = '(as spreadsheets in many languages save it); save it separated by commas, e.g. as "CSV UTF-8"'
    assert _read(tmp_path, b"id;name;kind\na;A;person\n")[2] == [
        f'f.csv:1: the header has no comma but semicolons: the file seems to be separated by ";" {hint}'
    ]
    assert _read(tmp_path, b"\nid\tname\na\tA\n")[2] == [
        f'f.csv:2: the header has no comma but tabs: the file seems to be separated by "\\t" {hint}'
    ]
    # Excel quotes the cells that hold the separator, or a quote; a header may be quoted too
    semicolons = (
        f'f.csv:1: the header has no comma but semicolons: the file seems to be separated by ";" {hint}'
    )
    for data in (
        b'id;name;note\na;"Smith; John";"said ""no"""\n',
        b'"id";"name"\r\n"a";"A, B"\r\n',
        b'id;"full; name"\na;A\n',
    ):
        assert _read(tmp_path, data)[2] == [semicolons]
    # a comma file whose cells hold semicolons is a comma file
    assert _read(tmp_path, b'id,"name; alias"\na,A\n')[2] == []


def test_spreadsheet_files_through_the_command_line(make_dataset: MakeDataset) -> None:
    from typer.testing import CliRunner

    from netpipe.app.cli import app

    nodes = Path("tests/data/valid/nodes.csv").read_text(encoding="utf-8")
    folder = make_dataset(nodes=nodes.replace(",", ";").encode("utf-8"), edges=EDGES.encode("utf-16"))
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f'error: {folder}/edges.csv: the file is encoded as UTF-16 (Excel\'s "Unicode Text"): {SAVE_AS_UTF8}',
        f"error: {folder}/nodes.csv:1: the header has no comma but semicolons: the file seems to be separated "
        'by ";" (as spreadsheets in many languages save it); save it separated by commas, e.g. as "CSV UTF-8"',
        "2 error(s), 0 warning(s)",
    ]


def test_a_file_that_cannot_be_read(make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_dataset()

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert validate(folder).lines("error") == [
        f"{folder}/edges.csv: cannot be read: Permission denied",
        f"{folder}/nodes.csv: cannot be read: Permission denied",
    ]


def test_a_folder_named_like_a_file(make_dataset: MakeDataset) -> None:
    folder = make_dataset()
    (folder / "edges.csv").unlink()
    (folder / "edges.csv").mkdir()
    assert validate(folder).lines("error") == [f"{folder}/edges.csv: is a folder, not a CSV file"]


#: Cells of every kind a spreadsheet or a hand edit writes: quotes anywhere, commas, line ends.
_CELLS = st.text(st.sampled_from(["a", "\u00e9", '"', ",", "\n", " ", "x"]), max_size=6)


def _written(cell: str, quote: bool) -> str:
    """A cell as CSV text: quoted (its quotes doubled), or bare where Python's csv reads it as it is."""
    bare_allowed = not any(c in cell for c in ",\n") and not cell.startswith('"')
    return cell if bare_allowed and not quote else '"' + cell.replace('"', '""') + '"'


@settings(max_examples=examples(60, 1000), deadline=None)
@given(st.lists(st.lists(st.tuples(_CELLS, st.booleans()), min_size=3, max_size=3), min_size=1, max_size=6))
def test_cells_are_read_as_pythons_csv_reads_them(tmp_path_factory, rows) -> None:
    written = [",".join(_written(cell, quote) for cell, quote in row) + "\n" for row in rows]
    text = "a,b,c\n" + "".join(written)
    read, lines, problems = _read(tmp_path_factory.mktemp("csv"), text.encode("utf-8"))
    reference = list(csv.reader(io.StringIO(text, newline="")))[1:]  # the independent reading
    assert [list(row.values()) for row in read] == [[cell.strip() for cell in row] for row in reference]
    starts = [2 + sum(row.count("\n") for row in written[:i]) for i in range(len(rows))]
    assert lines == starts
    # a warning for each cell written bare with a quote in it, on its line, naming its column
    assert [p for p in problems if "not quoted" in p] == [
        f"f.csv:{starts[i] + sum(_written(*before).count(chr(10)) for before in row[:j])}: "
        f'column "{"abc"[j]}": a quote inside a cell that is not quoted, read as written: {cell}'
        for i, row in enumerate(rows)
        for j, (cell, quote) in enumerate(row)
        if '"' in cell and _written(cell, quote) == cell
    ]
