"""Fuzzing: mutated datasets get netpipe's own errors, never a traceback, and never cost a file.

Valid datasets are mutated cell by cell (dates, ids, weights, relation types, every
column of relations.csv), row by row, and byte by byte (quotes, separators, line ends,
zero bytes, byte order marks), and re-encoded as spreadsheets save them. Validation and
loading must then either succeed or raise :class:`~netpipe.errors.DataError`;
``netpipe run`` must exit 0, or exit 1 or 2 with netpipe's message and leave the output
folder it was given byte for byte as it was.

The examples are fixed in CI (``derandomize``). A longer, random run::

    NETPIPE_FUZZ_EXAMPLES=20000 NETPIPE_FUZZ_RANDOM=1 .venv/bin/pytest tests/test_fuzz.py \\
        -p no:cacheprovider --hypothesis-show-statistics
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import netpipe
from conftest import file_hashes
from netpipe.cli import app
from netpipe.errors import DataError
from netpipe.graph import build_graph
from netpipe.pipeline import run

EXAMPLES = int(os.environ.get("NETPIPE_FUZZ_EXAMPLES", "2000"))
#: ``netpipe run`` is slower than validation: it gets a share of the examples.
RUN_EXAMPLES = max(50, EXAMPLES // 16)


def fuzz_settings(examples: int) -> settings:
    """Settings for a fuzz test of ``examples`` examples."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize="NETPIPE_FUZZ_RANDOM" not in os.environ,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


#: The dataset every example starts from: each file as rows of cells.
BASE = {
    "nodes.csv": [
        ["id", "name", "kind", "aliases", "start", "end", "group"],
        ["sergo", "Sergo", "person", "Sergo|Grigol", "1886-10-24", "1937-02-18", "Bolsheviks"],
        ["koba", "Joseph Stalin", "person", "Koba", "1878", "1953-03~", "Bolsheviks"],
        ["okhrana", "Okhrana", "organization", "", "1881", "1917", "Tsarist state"],
        ["007", "NA", "", "", "", "", ""],
        ["kirov", "Sergei Kirov", "", "", "1886?", "1934-12-01", "Bolsheviks"],
    ],
    "edges.csv": [
        ["id", "source", "target", "relation", "start", "end", "certainty", "weight", "citation"],
        ["t1", "sergo", "koba", "ally", "1907", "1937-02", "certain", "2", "Montefiore 2003"],
        ["t2", "sergo", "okhrana", "arrested-by", "1912-04-14", "", "", "", "Ulam 2007"],
        ["t3", "koba", "kirov", "rival", "1930~", "1934?", "alleged", "0.5", "Orlov"],
        ["t4", "007", "koba", "deputy-of", "", "", "possible", "", ""],
        ["t5", "kirov", "sergo", "ally", "1920", "", "probable", "1", "main narrative"],
    ],
    "relations.csv": [
        ["relation", "directed", "sign", "kind", "inverse", "description"],
        ["ally", "false", "1", "state", "", "A and B were allies"],
        ["rival", "false", "-1", "state", "", "A and B were rivals"],
        ["arrested-by", "true", "-1", "event", "arrested", "A was arrested by B"],
        ["deputy-of", "true", "1", "state", "had as deputy", "A was B's deputy"],
    ],
}
FILES = tuple(BASE)

DATES = st.one_of(
    st.sampled_from(
        [
            "", "1932", "1932-09", "1932-09-22", "1932-13", "1932-02-30", "1900-02-29", "2000-02-29",
            "0000", "0001", "0999-12-31", "-0043", "-0043-03-15", "9999", "9999-12-31", "10000",
            "1677-09-20", "2262-04-12", "193X", "19XX", "1932-XX", "1932-09-XX", "1903/1907",
            "1907/1903", "1903-05/1903-09", "1932?", "1932~", "1932%", "?1932", "1932-9-1", "32",
            " 1932 ", "1932-09-22T10:00", "1e3", "\u22121932",
        ]
    ),
    st.from_regex(r"\A-?[0-9X]{1,5}(-[0-9X]{1,2}(-[0-9X]{1,2})?)?[?~%]?(/-?[0-9]{4})?\Z"),
)  # fmt: skip
IDS = st.sampled_from(
    ["sergo", "koba", "Koba", "ko\u200bba", "KOBA", "okhrana", "007", "7", "", " koba", "nobody", "cafe\u0301",
     "café", "NA", "null", "=1+2", "a" * 300, "sergo\u202e", "kirov"]
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        ["", "true", "false", "TRUE", "yes", "1", "-1", "+1", "0", "2", "inf", "-inf", "nan", "NaN", "1e309",
         "1e-320", "0.5", "-0.5", "0x10", "1_000", "state", "event", "lasting", "certain", "probable",
         "possible", "alleged", "rumoured", "ally", "rival", "arrested-by", "deputy-of", "aly", "person",
         "organization", "agency", '"', '""', ",", "\n", "\r", "\r\n", "\t", "|", "=HYPERLINK(\"x\")", "\x07"]
    ),
    st.text(max_size=12),
)  # fmt: skip
#: How many mutations of one kind an example gets: mostly none, so that many stay valid.
FEW = st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3])
BYTES = st.one_of(
    st.sampled_from(
        [b'"', b",", b";", b"\t", b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b"\xe9", b"\xef\xbb\xbf",
         b"\xff\xfe", b"\xe2\x80\x8b", b" ", b'""', b'",', b',"']
    ),
    st.binary(min_size=1, max_size=4),
)  # fmt: skip


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, bytes | None]:
    """A mutated copy of :data:`BASE`, as the bytes of each file (None: the file is absent)."""
    tables = {name: [list(row) for row in rows] for name, rows in BASE.items()}
    for _ in range(draw(FEW)):
        rows = tables[draw(st.sampled_from(FILES))]
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[0]) - 1)) if rows[0] else 0
        name = rows[0][column] if rows[0] else ""
        values = DATES if name in ("start", "end") else IDS if name in ("id", "source", "target") else VALUES
        if column < len(rows[row]):
            rows[row][column] = draw(values)
    for _ in range(draw(FEW)):
        rows = tables[draw(st.sampled_from(FILES))]
        row = draw(st.integers(0, len(rows) - 1))
        change = draw(st.sampled_from(["drop row", "repeat row", "drop cell", "add cell", "drop column"]))
        if change == "drop row":
            del rows[row]
        elif change == "repeat row":
            rows.append(list(rows[row]))
        elif change == "drop cell" and rows[row]:
            rows[row].pop()
        elif change == "add cell":
            rows[row].append(draw(VALUES))
        elif change == "drop column" and rows and rows[0]:
            column = draw(st.integers(0, len(rows[0]) - 1))
            for cells in rows:
                del cells[column : column + 1]
    files: dict[str, bytes | None] = {}
    for name, rows in tables.items():
        text = io.StringIO()
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        csv.writer(text, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            rows
        )
        files[name] = text.getvalue().encode("utf-8", errors="surrogatepass")
    for _ in range(draw(FEW)):
        name = draw(st.sampled_from(FILES))
        data = files[name] or b""
        at = draw(st.integers(0, len(data)))
        chunk = draw(BYTES)
        kind = draw(st.sampled_from(["insert", "replace", "delete"]))
        end = at if kind == "insert" else min(len(data), at + draw(st.integers(1, 3)))
        files[name] = data[:at] + (b"" if kind == "delete" else chunk) + data[end:]
    name = draw(st.sampled_from(FILES))
    saved_as = draw(
        st.sampled_from(["as is"] * 12 + ["utf-16", "utf-32", "cp1252", "utf-8-sig", ";", "\t", "absent"])
    )
    files[name] = _save_as(files[name] or b"", saved_as)
    event(f"saved {name} {saved_as!r}")
    return files


def _save_as(data: bytes, how: str) -> bytes | None:
    """The bytes of a file as a spreadsheet would save them (None: not saved at all)."""
    if how == "absent":
        return None
    if how in (";", "\t"):
        return data.replace(b",", how.encode())
    if how == "as is":
        return data
    text = data.decode("utf-8", errors="replace")
    return text.encode(how, errors="replace")


def write(folder: Path, files: dict[str, bytes | None]) -> Path:
    """Write a dataset's files into a new folder."""
    folder.mkdir()
    for name, data in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
    return folder


def test_the_base_dataset_is_valid(tmp_path: Path) -> None:
    files = {name: _save_as(datasets_base_bytes(name), "as is") for name in FILES}
    assert netpipe.validate(write(tmp_path / "data", files)).ok


def datasets_base_bytes(name: str) -> bytes:
    """One file of :data:`BASE` as CSV bytes."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(BASE[name])
    return text.getvalue().encode("utf-8")


@fuzz_settings(EXAMPLES)
@given(files=datasets())
def test_validation_and_loading_raise_only_data_errors(
    tmp_path_factory: pytest.TempPathFactory, files
) -> None:
    folder = write(tmp_path_factory.mktemp("fuzz") / "data", files)
    try:
        tables = netpipe.read_tables(folder)
    except DataError as error:
        event("invalid")
        assert not error.report.ok
        assert all(isinstance(line, str) for line in error.report.lines())
        return
    event("valid")
    graph = build_graph(tables)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(tables.nodes), len(tables.edges))


@pytest.fixture(scope="module")
def previous_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a run of the base dataset: what a later, failing run must leave alone."""
    root = tmp_path_factory.mktemp("previous")
    files = {name: datasets_base_bytes(name) for name in FILES}
    out = root / "outputs"
    run(write(root / "data", files), out, every="50y", max_nodes=20)
    return out


@fuzz_settings(RUN_EXAMPLES)
@given(files=datasets())
def test_run_exits_cleanly_and_keeps_the_previous_outputs(
    tmp_path_factory: pytest.TempPathFactory, previous_outputs: Path, files
) -> None:
    root = tmp_path_factory.mktemp("fuzz-run")
    data = write(root / "data", files)
    out = root / "outputs"
    shutil.copytree(previous_outputs, out)
    before = file_hashes(out)
    result = CliRunner().invoke(
        app, ["run", str(data), "--out", str(out), "--every", "50y", "--max-nodes", "20"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    event(f"exit {result.exit_code}")
    if result.exit_code != 0:
        assert result.exit_code in (1, 2)
        assert file_hashes(out) == before
    assert sorted(p.name for p in root.iterdir()) == ["data", "outputs"]
