"""The ties read, checked and typed on Dask (``--cluster``), part by part, on a two-worker
``LocalCluster``: the same report and tables as in one process, and the same files from a run."""

from __future__ import annotations

import importlib.util
import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import netpipe
from conftest import Run, examples, file_hashes, parted, text
from netpipe.analysis.centrality import centrality
from netpipe.analysis.common import project
from netpipe.analysis.on_cluster import centrality_on_cluster, project_on_cluster
from netpipe.app.cli import app
from netpipe.app.pipeline import run
from netpipe.io.dask_validation import ClusterTies, read_on_cluster
from netpipe.io.errors import DataError
from netpipe.io.problems import KEPT_PER_CODE
from netpipe.io.validation import read_tables, validate
from netpipe.model.network import Network
from netpipe.model.on_cluster import ClusterSelection

#: The cluster's scheduler runs in this process, on a thread that draws from ``random`` as it
#: assigns tasks; Hypothesis, seeing the module's state change while it draws an example, would
#: take that for a strategy of ours using ``random``.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

BUNDLED = Path("data")
ROME = Path("tests/data/era-rome")


def assert_same_reading(folder: Path, client: Client) -> netpipe.Report:
    """Check ``folder`` in this process and on the cluster: the same problems, in the same order,
    the same counts of those not kept, and (if it loads) the same typed tables. Return the report."""
    alone, spread = validate(folder), validate(folder, cluster=client)
    pd.testing.assert_frame_equal(spread.problems, alone.problems)
    assert spread.more == alone.more
    if alone.ok:
        one, many = read_tables(folder), read_tables(folder, cluster=client)
        for name in ("nodes", "edges", "relations"):
            pd.testing.assert_frame_equal(getattr(many, name), getattr(one, name))
        pd.testing.assert_frame_equal(many.report.problems, one.report.problems)
        assert (many.user_columns, many.declared_relations) == (one.user_columns, one.declared_relations)
        assert (many.name, many.folder) == (one.name, one.folder)
    else:
        with pytest.raises(DataError) as raised:
            read_tables(folder, cluster=client)
        assert str(raised.value) == str(DataError(alone))
    return alone


def assert_same_projections(spread: ClusterTies | ClusterSelection, alone: Network) -> None:
    """Every projection of a network on the cluster equals that of the same network in memory, array
    for array, with the same counts of the ties set apart."""
    for kind, layer in itertools.product(
        ("undirected", "directed", "signed"), ("all", "standing", "hostile")
    ):
        found, expected = project_on_cluster(spread, kind, layer), project(alone, kind, layer)  # type: ignore[arg-type]
        assert found.nodes.equals(expected.nodes)
        for name in ("source", "target", "weight", "sign"):
            assert np.array_equal(getattr(found, name), getattr(expected, name)), (kind, layer, name)
        assert (found.loops, found.unweighted, found.ambivalent) == (
            expected.loops,
            expected.unweighted,
            expected.ambivalent,
        )


def assert_same_measures(folder: Path, client: Client, **options: object) -> pd.DataFrame:
    """Every projection made on the cluster from the ties kept there equals the one made in memory,
    array for array, and so does the centrality table; return it."""
    ties, network = read_on_cluster(folder, client), Network.read(folder)
    assert len(ties.parts) == max(len(list((folder / "edges").glob("*"))), 1)
    assert_same_projections(ties, network)
    expected = centrality(network, **options)  # type: ignore[arg-type]
    measured = centrality_on_cluster(ties, **options)
    pd.testing.assert_frame_equal(measured.table, expected.table)
    assert measured.notes == expected.notes
    return measured.table


@pytest.mark.parametrize("parquet", [False, True])
def test_the_bundled_data_reads_the_same_whole_and_in_parts(
    client: Client, tmp_path: Path, parquet: bool
) -> None:
    report = assert_same_reading(BUNDLED, client)
    assert report.ok and len(report.warnings) == 42
    folder = parted(BUNDLED, tmp_path / "parts", [100, 250], parquet)
    assert_same_reading(folder, client)
    table = assert_same_measures(folder, client, hostile=parquet)
    assert table["degree"].idxmax() == "ordzhonikidze"


@pytest.mark.parametrize("name", sorted(p.name for p in Path("tests/data").iterdir() if p.is_dir()))
def test_every_dataset_of_the_tests_reads_the_same(client: Client, name: str) -> None:
    assert_same_reading(Path("tests/data") / name, client)


def test_an_era_of_bc_dates_reads_the_same(client: Client, tmp_path: Path) -> None:
    assert_same_reading(ROME, client)
    assert_same_reading(parted(ROME, tmp_path / "rome", [1, 2]), client)


def test_a_run_on_the_cluster_writes_the_files_of_a_run_in_one_process(
    client: Client,
    bundled_run: Run,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(request.config.rootpath)  # the messages name data/edges.csv as the run did
    out = tmp_path / "outputs"
    result = run(BUNDLED, out, every="10y", cluster=client)
    assert file_hashes(out) == file_hashes(bundled_run.out)
    assert result.warnings == bundled_run.result.warnings == 42


def _generate() -> object:
    """The benchmarks' generator of datasets (seeded)."""
    spec = importlib.util.spec_from_file_location(
        "generate", Path(__file__).parents[1] / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def generated_in_parts() -> Path:
    """100,000 generated ties among 10,000 people (seed 7) in ``single/``, and cut into seven Parquet
    parts in ``parts/`` (the folder returned), in the current folder."""
    _generate()(Path("single"), 100_000, 10_000, 7)  # type: ignore[operator]
    return parted(Path("single"), Path("parts"), [12_500 * k for k in range(1, 8)], parquet=True)


def test_a_hundred_thousand_generated_ties_in_parquet_parts_run_the_same(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = generated_in_parts()
    report = assert_same_reading(folder, client)
    assert report.ok
    assert_same_measures(folder, client)
    run(folder, "alone", every="10y")
    run(folder, "spread", every="10y", cluster=client)
    alone, spread = file_hashes(Path("alone")), file_hashes(Path("spread"))
    assert len(alone) > 40 and spread == alone


def dataset(
    folder: Path, nodes: list[dict[str, str]], parts: list[list[dict[str, str]]], **files: str
) -> Path:
    """Write a dataset whose ties are in CSV parts, one per list of rows (a part may be only a header)."""
    (folder / "edges").mkdir(parents=True)
    pd.DataFrame(nodes).to_csv(folder / "nodes.csv", index=False)
    columns = list(dict.fromkeys(key for rows in parts for row in rows for key in row))
    for number, rows in enumerate(parts):
        pd.DataFrame(rows, columns=columns, dtype=object).fillna("").to_csv(
            folder / "edges" / f"part-{number}.csv", index=False
        )
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


PEOPLE = [
    {"id": "koba", "name": "Joseph Stalin", "start": "1878-12-18", "end": "1953-03-05"},
    {"id": "sergo", "name": "Sergo Ordzhonikidze", "start": "1886-10-24", "end": "1937-02-18"},
    {"id": "bukharin", "name": "Nikolai Bukharin", "start": "1888", "end": "1938-03-15"},
    {"id": "kirov", "name": "Sergei Kirov", "start": "1886", "end": "1934-12-01"},
    {"id": "lonely", "name": "Nobody Tied", "start": "", "end": ""},
    {"id": "brief", "name": "Seen Briefly", "start": "", "end": ""},
]


def tie(
    id: str, source: str, target: str, relation: str = "ally", start: str = "1920", **more: str
) -> dict[str, str]:
    """One row of edges.csv, cited."""
    return {"id": id, "source": source, "target": target, "relation": relation, "start": start,
            "citation": "a source", **more}  # fmt: skip


def test_every_check_across_parts_finds_what_one_process_finds(client: Client, tmp_path: Path) -> None:
    parts = [
        [
            tie("t1", "koba", "sergo"),
            tie("t2", "sergo", "kirov", "frend"),
            tie("t3", "koba", "bukharin", claim="c1"),
        ],
        [],  # a part with only its header
        [
            tie("t1", "kirov", "koba"),  # an id used in part 0
            tie("t4", "sergo", "koba"),  # the tie t1 again (an undirected relation: ends swapped)
            tie("t5", "koba", "sergo", "frend"),  # the undeclared relation of part 0 again
            tie("t6", "koba", "bukharin", "rival", claim="c1"),  # the rival reading of part 0's claim
            tie("t7", "kirov", "bukharin", claim="c2"),  # a claim on one row
            tie("t8", "kirov", "stalin"),  # a node that is not there
            tie("t9", "brief", "koba", start="1930-05-01", end="1930-06-01"),
            tie("t10", "sergo", "kirov", "frend", start="1937-02-31"),
            tie("t11", "sergo", "kirov", "frend", citation=""),
        ],
    ]
    folder = dataset(tmp_path / "data", PEOPLE, parts)
    report = assert_same_reading(folder, client)
    codes = set(report.problems["code"])
    assert {
        "duplicate-id",
        "repeated-tie",
        "unknown-relation",
        "lone-claim",
        "unknown-node",
        "bad-date",
    } <= codes
    unknown = report.errors[report.errors["code"] == "unknown-relation"]["message"].item()
    assert unknown.startswith(
        f'"frend" is not a declared relation (4 rows: line 3 of {folder}/edges/part-0.csv, '
        f"line 4 of {folder}/edges/part-2.csv, line 9 of {folder}/edges/part-2.csv and 1 more)"
    )
    duplicate = report.errors[report.errors["code"] == "duplicate-id"]
    assert duplicate["message"].tolist() == [
        f'"t1" is already the id of the tie on line 2 of {folder}/edges/part-0.csv'
    ]


def test_warnings_across_parts_are_the_same_when_the_data_loads(client: Client, tmp_path: Path) -> None:
    parts = [
        [tie("t1", "koba", "sergo"), tie("t2", "koba", "bukharin", claim="c1"), tie("t3", "kirov", "koba", end="1935")],
        [tie("t4", "sergo", "koba"), tie("t5", "koba", "bukharin", "rival", claim="c1"), tie("t6", "brief", "koba", start="1930-05-01", end="1930-06-01")],
        [tie("t7", "kirov", "sergo", start="", end="1925"), tie("t8", "sergo", "bukharin", start="1940", citation="")],
    ]  # fmt: skip
    report = assert_same_reading(dataset(tmp_path / "data", PEOPLE, parts), client)
    assert report.ok
    assert set(report.warnings["code"]) == {
        "repeated-tie",
        "no-ties",
        "short-presence",
        "no-citation",
        "outside-lifespan",
    }


def test_thousands_of_errors_keep_the_first_of_each_code_and_count_the_rest(
    client: Client, tmp_path: Path
) -> None:
    parts = [
        [tie(f"t{k % 700}", "koba", "sergo", "frend", start=f"1920-13-{k % 9}") for k in range(part, 2100, 3)]
        for part in range(3)
    ]
    report = assert_same_reading(dataset(tmp_path / "data", PEOPLE, parts), client)
    kept = report.errors["code"].value_counts()
    assert kept["bad-date"] == kept["duplicate-id"] == KEPT_PER_CODE
    assert report.more[("error", "bad-date")] == 2100 - KEPT_PER_CODE
    assert report.more[("error", "duplicate-id")] == 1400 - KEPT_PER_CODE


def test_ties_without_ids_and_one_file_of_ties_read_the_same(client: Client, tmp_path: Path) -> None:
    rows = [{k: v for k, v in tie("", "koba", "sergo").items() if k != "id"}] * 2
    rows += [{k: v for k, v in tie("", "kirov", "nobody", "frend").items() if k != "id"}]
    folder = dataset(tmp_path / "parts", PEOPLE, [rows[:1], rows[1:]])
    report = assert_same_reading(folder, client)
    assert f"the tie (koba ally sergo) repeats the tie on line 2 of {folder}/edges/part-0.csv" in " ".join(
        report.problems["message"]
    )
    single = tmp_path / "single"
    single.mkdir()
    shutil.copy(folder / "nodes.csv", single / "nodes.csv")
    pd.concat([text(p) for p in sorted((folder / "edges").iterdir())]).to_csv(
        single / "edges.csv", index=False
    )
    assert_same_reading(single, client)


def test_parts_that_cannot_be_joined_stop_the_checks_as_in_one_process(
    client: Client, tmp_path: Path
) -> None:
    differ = dataset(
        tmp_path / "differ", PEOPLE, [[tie("t1", "koba", "sergo")], [tie("t2", "koba", "kirov")]]
    )
    text(differ / "edges" / "part-1.csv").assign(extra="x").to_csv(
        differ / "edges" / "part-1.csv", index=False
    )
    assert assert_same_reading(differ, client).errors["code"].tolist() == ["part-columns"]
    broken = dataset(
        tmp_path / "broken", PEOPLE, [[tie("t1", "koba", "sergo")], [tie("t2", "koba", "nobody")]]
    )
    (broken / "edges" / "part-1.csv").write_bytes(
        b"id,source,target,relation,start,citation\nt2,koba,\xff,ally,1920,a source\n"
    )
    assert assert_same_reading(broken, client).errors["code"].tolist() == ["not-utf8", "unknown-node"]
    (broken / "edges" / "part-1.csv").write_bytes(b"")  # a part that cannot be read: no tie is checked
    assert assert_same_reading(broken, client).errors["code"].tolist() == ["empty-file"]
    headless = dataset(
        tmp_path / "headless", PEOPLE, [[{"id": "t1", "source": "koba", "target": "sergo"}]] * 2
    )
    assert assert_same_reading(headless, client).errors["code"].tolist() == ["missing-column"]
    (tmp_path / "both").mkdir()
    both = dataset(tmp_path / "both" / "data", PEOPLE, [[tie("t1", "koba", "sergo")]])
    shutil.copy(both / "edges" / "part-0.csv", both / "edges.csv")
    assert assert_same_reading(both, client).errors["code"].tolist() == ["parts-folder"]


#: Node ids, relations (one undeclared), dates (one impossible) and claims the generated ties draw from.
IDS = ["a", "b", "c", "d", "e", "x"]
RELATIONS = ["ally", "rival", "arrested-by", "frend"]
DATES = ["", "1920", "1920-05", "1931-02-30", "-0044-03-15", "1200"]


def generated(folder: Path, rows: list[dict[str, str]]) -> Path:
    """Write a dataset of the people of ``IDS`` (all but the last, an id of no node) and the ties ``rows``."""
    pd.DataFrame({"id": IDS[:-1], "name": [f"Person {i}" for i in IDS[:-1]]}).to_csv(
        folder / "nodes.csv", index=False
    )
    columns = list(dict.fromkeys(key for row in rows for key in row)) or [
        "id",
        "source",
        "target",
        "relation",
    ]
    pd.DataFrame(rows, columns=columns).to_csv(folder / "edges.csv", index=False)
    return folder


@st.composite
def tie_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Ties with every kind of problem the checks across parts look for, drawn from small pools."""
    count = draw(st.integers(0, 25))
    pick = lambda pool: draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count))  # noqa: E731
    ids, sources, targets = pick([f"t{k}" for k in range(20)]), pick(IDS), pick(IDS)
    relations, starts, claims = pick(RELATIONS), pick(DATES), pick(["", "", "c1", "c2"])
    return [
        {"id": i, "source": s, "target": t, "relation": r, "start": d, "claim": c, "citation": "src"}
        for i, s, t, r, d, c in zip(ids, sources, targets, relations, starts, claims, strict=True)
    ]


@settings(
    max_examples=examples(12, 120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=tie_rows(), cuts=st.lists(st.integers(0, 25), max_size=4), parquet=st.booleans())
def test_any_dataset_in_any_parts_reads_the_same_on_the_cluster(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, str]],
    cuts: list[int],
    parquet: bool,
) -> None:
    single = generated(tmp_path_factory.mktemp("generated"), rows)
    assert_same_reading(single, client)
    bounds = sorted({min(cut, len(rows)) for cut in cuts})
    folder = parted(single, tmp_path_factory.mktemp("parts") / "data", bounds, parquet)
    if assert_same_reading(folder, client).ok:
        assert_same_measures(folder, client)


@st.composite
def networks(draw: st.DrawFn) -> list[dict[str, str]]:
    """Valid ties that tell facts several times over: rows of one pair and relation whose dates
    overlap, rival readings under one claim, weights of every size, friendly, neutral and hostile."""
    count = draw(st.integers(0, 30))
    pick = lambda pool: draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count))  # noqa: E731
    pairs = zip(pick(IDS[:-1]), pick(IDS[:-1]), strict=True)
    relations, starts = (
        pick(["ally", "rival", "arrested-by", "deputy-of"]),
        pick(["", "1920", "1920-05", "1921", "-0044"]),
    )
    weights, claims = pick(["", "1", "2", "0.5", "3"]), pick(["", "", "", "c1", "c2"])
    rows = [
        {
            "id": f"t{k}",
            "source": a,
            "target": b,
            "relation": r,
            "start": d,
            "weight": w,
            "claim": c,
            "citation": "src",
        }
        for k, ((a, b), r, d, w, c) in enumerate(zip(pairs, relations, starts, weights, claims, strict=True))
        if a != b
    ]
    once = {
        claim
        for claim, n in pd.Series([row["claim"] for row in rows], dtype=object).value_counts().items()
        if n == 1
    }
    return [{**row, "claim": "" if row["claim"] in once else row["claim"]} for row in rows]


def any_network_in_any_parts(test: Callable[..., None]) -> Callable[..., None]:
    """``test(client, tmp_path_factory, rows, cuts, hostile)`` on generated networks (:func:`networks`)
    cut into parts anywhere (see :func:`network_in_parts`), with or without the hostile ties."""
    return settings(
        max_examples=examples(10, 100),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )(given(rows=networks(), cuts=st.lists(st.integers(0, 30), max_size=4), hostile=st.booleans())(test))


@any_network_in_any_parts
def test_the_measures_of_any_network_in_any_parts_are_the_same_on_the_cluster(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, str]],
    cuts: list[int],
    hostile: bool,
) -> None:
    assert_same_measures(network_in_parts(tmp_path_factory, rows, cuts), client, hostile=hostile)


def network_in_parts(factory: pytest.TempPathFactory, rows: list[dict[str, str]], cuts: list[int]) -> Path:
    """A valid generated network of the ties ``rows``, cut into CSV parts before the rows ``cuts``."""
    single = generated(factory.mktemp("network"), rows)
    bounds = sorted({min(cut, len(rows)) for cut in cuts})
    folder = parted(single, factory.mktemp("parts") / "data", bounds, parquet=False)
    assert validate(folder).ok
    return folder


def test_the_command_line_checks_on_a_local_cluster(tmp_path: Path) -> None:
    runner = CliRunner()
    alone = runner.invoke(app, ["validate", str(BUNDLED), "--format", "json"])
    spread = runner.invoke(app, ["validate", str(BUNDLED), "--format", "json", "--cluster", "local"])
    assert spread.exit_code == alone.exit_code == 0
    assert spread.stdout == alone.stdout
    assert spread.stderr == (
        "note: data/edges.csv is one file, read and checked by one worker: to spread the ties over the "
        "workers, keep them as parts in data/edges/ (netpipe export --format parquet writes them)\n"
    )
    parted(BUNDLED, tmp_path / "data", [100, 200], parquet=True)
    report = runner.invoke(
        app, ["report", str(tmp_path / "data"), "--out", str(tmp_path / "out"), "--cluster", "local"]
    )
    assert report.exit_code == 0 and report.stderr == ""
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8").count("Sergo") > 10


def test_the_centrality_command_on_a_cluster_prints_the_table_it_prints_in_memory(tmp_path: Path) -> None:
    folder = parted(BUNDLED, tmp_path / "data", [150], parquet=True)
    runner = CliRunner()
    for options, said in (
        ([], "whole network: 89 nodes, 328 ties\n"),
        (["--hostile", "--by", "pagerank", "--format", "csv"], "whole network: 89 nodes, 328 ties\n"),
        (
            ["--at", "1930", "--persons", "--by", "betweenness"],
            "persons only; snapshot at 1930, wide: 23 nodes, 19 ties\nnote: the ties form 2 separate parts: "
            "eigenvector centrality is above zero only in the 1 part with the largest leading eigenvalue "
            "(as NetworkX computes it)\n",
        ),
    ):
        alone = runner.invoke(app, ["centrality", str(folder), *options])
        spread = runner.invoke(app, ["centrality", str(folder), *options, "--cluster", "local"])
        assert spread.exit_code == alone.exit_code == 0
        assert spread.stdout == alone.stdout and spread.stderr == alone.stderr == said


def test_a_cluster_that_does_not_answer_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("netpipe.app.cluster.CONNECT_SECONDS", 1)
    result = CliRunner().invoke(app, ["validate", str(BUNDLED), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        'error: --cluster "tcp://127.0.0.1:9": no Dask scheduler answered there (Timed out trying to connect'
    )
    assert result.stderr.rstrip().endswith(
        'give "local" or the address of a running scheduler, e.g. tcp://host:8786'
    )
