"""Fixtures shared by the tests: small datasets written to a temporary folder."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from playwright.sync_api import Browser

from netpipe.app.pipeline import RunResult, run

if TYPE_CHECKING:
    from distributed import Client

#: ``NETPIPE_LONG_TESTS=1`` runs every property test with its long count of examples.
LONG_TESTS = os.environ.get("NETPIPE_LONG_TESTS") == "1"


def examples(default: int, long: int) -> int:
    """How many examples a property test draws: ``long`` when ``NETPIPE_LONG_TESTS=1``."""
    return long if LONG_TESTS else default


#: The valid dataset every test starts from (paths are relative to the repository root).
VALID = Path("tests/data/valid")

MakeDataset = Callable[..., Path]


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by relative path, with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def make_dataset(tmp_path: Path) -> MakeDataset:
    """Write a dataset folder; files not given are copied from ``tests/data/valid``.

    Contents are bytes (written as they are) or text (encoded as UTF-8, line ends kept).
    ``relations`` is left out unless given.
    """

    def make(
        nodes: bytes | str | None = None,
        edges: bytes | str | None = None,
        relations: bytes | str | None = None,
        name: str = "data",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for file, content in (("nodes.csv", nodes), ("edges.csv", edges), ("relations.csv", relations)):
            if content is None:
                if file == "relations.csv":
                    continue
                content = (VALID / file).read_bytes()
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / file).write_bytes(data)
        return folder

    return make


@dataclass(frozen=True)
class Run:
    """A ``netpipe run`` made once for the tests that only read its outputs (never write to them)."""

    out: Path
    result: RunResult


def _run_once(request: pytest.FixtureRequest, factory: pytest.TempPathFactory, data: Path, every: str) -> Run:
    """Run ``data`` from the repository root (as a test does) into ``outputs`` of a new folder."""
    out = factory.mktemp(f"{data.name}-run") / "outputs"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(request.config.rootpath)
        return Run(out, run(data, out, every=every))


@pytest.fixture(scope="session")
def valid_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``netpipe run tests/data/valid --every 25y``."""
    return _run_once(request, tmp_path_factory, VALID, "25y")


@pytest.fixture(scope="session")
def bundled_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``netpipe run data --every 10y``: the bundled data."""
    return _run_once(request, tmp_path_factory, Path("data"), "10y")


MakeNetwork = Callable[..., Path]


def _write_rows(path: Path, rows: list[dict[str, object]]) -> None:
    """Write dictionaries as a CSV file whose header is the union of their keys, in order."""
    import csv

    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def make_network(tmp_path: Path) -> MakeNetwork:
    """Write a dataset from rows (dictionaries): ``make_network(nodes, edges, relations=None)``.

    Node rows need ``id``; ``name`` defaults to the id. Edge rows need ``source``, ``target``
    and ``relation``; ``id`` defaults to ``t1``, ``t2``, ... in order.
    """
    count = iter(range(1_000_000))

    def make(
        nodes: list[dict[str, object]],
        edges: list[dict[str, object]],
        relations: list[dict[str, object]] | None = None,
    ) -> Path:
        folder = tmp_path / f"network{next(count)}"
        folder.mkdir()
        node_rows = [{"id": n["id"], "name": n.get("name", n["id"]), **n} for n in nodes]
        _write_rows(folder / "nodes.csv", node_rows)
        rows = [{"id": e.get("id", f"t{i}"), **e} for i, e in enumerate(edges, start=1)]
        if rows:
            _write_rows(folder / "edges.csv", rows)
        else:
            (folder / "edges.csv").write_text("id,source,target,relation\n", encoding="utf-8")
        if relations is not None:
            _write_rows(folder / "relations.csv", relations)
        return folder

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless; a missing browser fails the tests (no skip)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes of one thread each, as ``--cluster local`` starts on two cores (one
    cluster for each module that uses it)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def text(path: Path) -> pd.DataFrame:
    """A CSV file's cells as text."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def parted(source: Path, folder: Path, cuts: list[int], parquet: bool = False) -> Path:
    """A copy of the dataset ``source`` with its ties cut before each row of ``cuts`` into parts."""
    shutil.copytree(source, folder)
    edges = text(folder / "edges.csv")
    (folder / "edges.csv").unlink()
    (folder / "edges").mkdir()
    for number, (start, stop) in enumerate(itertools.pairwise([0, *cuts, len(edges)])):
        part = edges.iloc[start:stop]
        if parquet:
            part.to_parquet(folder / "edges" / f"part.{number}.parquet", index=False)
        else:
            part.to_csv(folder / "edges" / f"part.{number}.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def bundled_in_parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with its ties in three parts (one copy for each module that uses it)."""
    return parted(Path("data"), tmp_path_factory.mktemp("bundled") / "data", [100, 250])
