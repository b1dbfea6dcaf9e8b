"""Library calls from several threads at once give what they give one after another."""

from __future__ import annotations

import datetime
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import netpipe
from netpipe.io import dates
from netpipe.io.csvscan import undecodable_positions
from netpipe.model.network import Network

THREADS = 8
#: Distinct dates each dataset uses; the memo of parsed dates is made smaller, so it is emptied often.
DATES = 80
MEMO = 40


def _day(number: int) -> str:
    return (datetime.date(1700, 1, 1) + datetime.timedelta(days=number)).isoformat()


def _dataset(folder: Path, number: int, bad_byte: bool) -> Path:
    """People in a ring with chords, each tie dated on its own day; with ``bad_byte``, one name
    on line ``number + 2`` of nodes.csv holds a byte that is not UTF-8 (other in each dataset)."""
    folder.mkdir()
    people = 60
    names = [f"Person {number}-{i}".encode() for i in range(people)]
    if bad_byte:
        names[number] += bytes([0xE0 + number])  # a Latin-1 letter, alone: not UTF-8
    rows = b"".join(b"p%d,%s\n" % (i, name) for i, name in enumerate(names))
    (folder / "nodes.csv").write_bytes(b"id,name\n" + rows)
    ties = []
    for tie in range(DATES):
        a, b = tie % people, (tie * 7 + number + 1) % people
        if a != b:
            ties.append(f"t{tie},p{a},p{b},ally,{_day(number * DATES + tie)},,Source {tie}\n")
    (folder / "edges.csv").write_text(
        "id,source,target,relation,start,end,citation\n" + "".join(ties), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("threads")
    return {
        kind: [_dataset(root / f"{kind}-{i}", i, kind == "bad") for i in range(THREADS)]
        for kind in ("bad", "good")
    }


@pytest.fixture(autouse=True)
def small_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "_PARSED_AT_MOST", MEMO)


def _in_threads(work: object, items: list[object]) -> list[object]:
    """``work`` of each item, in threads that take turns far more often than usual (races show)."""
    usual = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            return list(pool.map(work, items))  # type: ignore[arg-type]
    finally:
        sys.setswitchinterval(usual)


def _problems(folder: object) -> list[tuple[object, ...]]:
    report = netpipe.validate(folder)  # type: ignore[arg-type]
    return [tuple(row) for row in report.problems.itertuples(index=False)]


def test_validate_in_threads_reports_each_dataset_its_own_bad_bytes(datasets: dict[str, list[Path]]) -> None:
    serial = [_problems(folder) for folder in datasets["bad"]]
    for number, problems in enumerate(serial):  # each dataset has its own byte at its own line
        bad = [p for p in problems if p[-1] == "not-utf8"]
        assert [(Path(p[1]).parts[-2:], p[2]) for p in bad] == [((f"bad-{number}", "nodes.csv"), number + 2)]
        assert bad[0][5].startswith(f"bytes that are not UTF-8 ({0xE0 + number:X});")
    for _ in range(5):
        assert _in_threads(_problems, list(datasets["bad"])) == serial


def _snapshots(folder: object) -> list[tuple[int, int]]:
    """Nodes and ties present on each day a tie starts on, and the day after."""
    graph = Network.from_tables(netpipe.read_tables(folder))  # type: ignore[arg-type]
    days = sorted(graph.tables.edges["start"].astype(str).unique())
    shown = []
    for day in days:
        seen = netpipe.snapshot(graph, day)
        shown.append((seen.number_of_nodes(), seen.number_of_edges()))
    return shown


def test_snapshot_in_threads_with_many_distinct_dates(datasets: dict[str, list[Path]]) -> None:
    serial = [_snapshots(folder) for folder in datasets["good"]]
    assert all(len(shown) > DATES // 2 for shown in serial)  # hundreds of dates in each
    assert _in_threads(_snapshots, list(datasets["good"])) == serial


def _centrality(folder: object) -> pd.DataFrame:
    return netpipe.centrality(netpipe.load(folder)).table  # type: ignore[arg-type]


def test_centrality_in_threads(datasets: dict[str, list[Path]]) -> None:
    serial = [_centrality(folder) for folder in datasets["good"]]
    for threaded, alone in zip(_in_threads(_centrality, list(datasets["good"])), serial, strict=True):
        pd.testing.assert_frame_equal(threaded, alone, check_exact=True)  # type: ignore[arg-type]


def _undecodable_many_times(number: int) -> set[tuple[tuple[tuple[int, bytes], ...], bool]]:
    """What the scan finds in this thread's own bytes, each of 2000 times."""
    data = b"x" * number + bytes([0xE0 + number]) + b" and more text"
    return {(tuple(found), more) for found, more in (undecodable_positions(data) for _ in range(2000))}


def test_the_scan_for_bad_bytes_in_threads_finds_each_thread_its_own() -> None:
    found = _in_threads(_undecodable_many_times, list(range(THREADS)))
    assert found == [{(((number, bytes([0xE0 + number])),), False)} for number in range(THREADS)]
