"""Fuzzing: mutated datasets get netpipe's own errors, never a traceback, and never cost a file.

Valid datasets are mutated cell by cell (dates, ids, weights, relation types, every
column of relations.csv), row by row, and byte by byte (quotes, separators, line ends,
zero bytes, byte order marks), and re-encoded as spreadsheets save them. Validation and
loading must then either succeed or raise :class:`~netpipe.io.errors.DataError`;
``netpipe run`` must exit 0, or exit 1 or 2 with netpipe's message and leave the output
folder it was given byte for byte as it was. The folders themselves are mutated too
(symbolic links, FIFOs, loops, an unreadable sub-folder, in the output and the data
folder): nothing outside the outputs may change, and a refused run changes nothing.

The examples are fixed in CI (``derandomize``). A longer, random run::

    NETPIPE_FUZZ_EXAMPLES=20000 NETPIPE_FUZZ_RANDOM=1 .venv/bin/pytest tests/test_fuzz.py \\
        -p no:cacheprovider --hypothesis-show-statistics
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import netpipe
from conftest import file_hashes
from netpipe.app.cli import app
from netpipe.app.pipeline import run
from netpipe.io.errors import DataError
from netpipe.model.networkx_adapter import build_graph

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


# The folders themselves: links, FIFOs and what cannot be read, in the output and the data folder

#: What may be done to the output folder of a run (named by what it does).
OUTPUT_MUTATIONS = (
    "manifest links to a data file",
    "a listed file links outside",
    "a listed folder links outside",
    "a listed file is a FIFO",
    "a FIFO added",
    "a sub-folder cannot be read",
    "the lock links nowhere",
    "a folder of the user's named like a leftover",
    "a loop of links added",
)
#: What may be done to the data folder.
DATA_MUTATIONS = (
    "datapackage.json is a FIFO",
    "README.md is a FIFO",
    "README.md links to /dev/zero",
    "datapackage.json is a loop of links",
    "relations.csv is a FIFO",
    "nodes.csv links to /dev/zero",
    "datapackage.json nests 100,000 deep",
)
#: What a run goes on with: JSON that is not a package's is no title, as any other broken JSON;
#: a folder of the user's beside the outputs is none of netpipe's business (and kept).
TOLERATED = {"datapackage.json nests 100,000 deep", "a folder of the user's named like a leftover"}
RUN_FOLDER_EXAMPLES = max(20, EXAMPLES // 50)


def snapshot_tree(folder: Path) -> dict[str, str]:
    """Everything below ``folder``, links not followed: a file's hash, a link's target, else its kind."""
    found = {}
    pending = [folder]
    while pending:
        for entry in os.scandir(pending.pop()):
            name = Path(entry.path).relative_to(folder).as_posix()
            if entry.is_symlink():
                found[name] = "link to " + os.readlink(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                found[name] = "folder"
                pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                found[name] = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
            else:
                found[name] = "special"
    return found


def mutate_output(root: Path, out: Path, how: str) -> None:
    """Do ``how`` to the netpipe folder ``out`` (files outside it go to ``root / "elsewhere"``)."""
    elsewhere = root / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "photo.png").write_bytes(b"a photograph")
    listed = sorted(p for p in out.rglob("*.png") if p.parent != out)
    if how == "manifest links to a data file":
        (out / ".netpipe-manifest.json").unlink()
        (out / ".netpipe-manifest.json").symlink_to(root / "data" / "edges.csv")
    elif how == "a listed file links outside":
        listed[0].unlink()
        listed[0].symlink_to(elsewhere / "photo.png")
    elif how == "a listed folder links outside":
        shutil.rmtree(listed[0].parent)
        listed[0].parent.symlink_to(elsewhere, target_is_directory=True)
    elif how == "a listed file is a FIFO":
        listed[0].unlink()
        os.mkfifo(listed[0])
    elif how == "a FIFO added":
        os.mkfifo(out / "pipe")
    elif how == "a loop of links added":
        (out / "loop").symlink_to("loop")
    elif how == "the lock links nowhere":
        (root / ".outputs.netpipe-lock").symlink_to(elsewhere / "created-by-the-lock")
    elif how == "a folder of the user's named like a leftover":
        mine = root / ".outputs.netpipe-backup-2024"
        mine.mkdir()
        (mine / ".netpipe-manifest.json").write_text(
            '{"written_by": "netpipe", "files": []}', encoding="utf-8"
        )
        (mine / ".netpipe-partial").write_text("0" * 32, encoding="utf-8")
        (mine / "notes.txt").write_text("keep me", encoding="utf-8")


def mutate_data(data: Path, how: str) -> None:
    """Do ``how`` to the data folder."""
    name = how.split()[0]
    (data / name).unlink(missing_ok=True)
    if how.endswith("is a FIFO"):
        os.mkfifo(data / name)
    elif how.endswith("links to /dev/zero"):
        (data / name).symlink_to("/dev/zero")
    elif how.endswith("is a loop of links"):
        (data / name).symlink_to(name)
    elif how.endswith("deep"):
        (data / name).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


@fuzz_settings(RUN_FOLDER_EXAMPLES)
@given(
    output=st.lists(st.sampled_from(OUTPUT_MUTATIONS), max_size=2, unique=True),
    data=st.lists(st.sampled_from(DATA_MUTATIONS), max_size=2, unique=True),
)
def test_links_fifos_and_unreadable_folders_never_cost_a_file(
    tmp_path_factory: pytest.TempPathFactory, previous_outputs: Path, output: list[str], data: list[str]
) -> None:
    root = tmp_path_factory.mktemp("fuzz-folders")
    folder = write(root / "data", {name: datasets_base_bytes(name) for name in FILES})
    out = root / "outputs"
    shutil.copytree(previous_outputs, out)
    for how in output:
        mutate_output(root, out, how)
    data = list({how.split()[0]: how for how in data}.values())  # one file, one mutation: the last
    for how in data:
        mutate_data(folder, how)
    before = snapshot_tree(root)
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # as root, a folder cannot be made unreadable
        if "a sub-folder cannot be read" in output and Path(path) == out / "periods":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "scandir", scandir)
        result = CliRunner().invoke(
            app,
            ["report", str(folder), "--out", str(out)]
            if data
            else ["render", str(folder), "--out", str(out)],
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    event(f"exit {result.exit_code}")
    after = snapshot_tree(root)
    outside = {k: v for k, v in before.items() if not k.startswith("outputs/") and k != "outputs"}
    assert {k: after.get(k) for k in outside} == outside  # nothing outside the outputs changed
    if set(output + data) - TOLERATED:
        assert result.exit_code in (1, 2), result.output
        assert after == before  # refused: nothing changed at all
    else:
        assert result.exit_code == 0, result.output
