"""The summary and the evidence of the report made of ties kept on a Dask cluster, part by part
(:mod:`netpipe.io.summary_on_cluster`, :mod:`netpipe.outputs.report.evidence_on_cluster`): equal,
table for table and in the same order, to those made of the same tables in memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from distributed import Client
from test_dask import PEOPLE, any_network_in_any_parts, dataset, network_in_parts, tie

from conftest import parted
from netpipe.io.dask_validation import read_on_cluster
from netpipe.io.summary import summarize
from netpipe.io.summary_on_cluster import summarize_on_cluster
from netpipe.io.validation import read_tables
from netpipe.outputs.report.build import evidence
from netpipe.outputs.report.evidence_on_cluster import evidence_on_cluster

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)


def assert_same_evidence(folder: Path, client: Client) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The summary and the evidence of ``folder`` on the cluster equal those in memory (the counts
    in the same order at every level, the tables frame for frame); return those in memory."""
    tables, ties = read_tables(folder), read_on_cluster(folder, client)
    summary, found = summarize(tables), evidence(tables)
    assert json.dumps(summarize_on_cluster(ties)) == json.dumps(summary)
    spread = evidence_on_cluster(ties)
    assert list(spread) == list(found)
    for name, table in found.items():
        pd.testing.assert_frame_equal(spread[name], table, obj=name)
    return summary, found


@pytest.mark.parametrize("parquet", [False, True])
def test_the_bundled_data_in_parts_has_the_summary_and_evidence_it_has_in_memory(
    client: Client, tmp_path: Path, parquet: bool
) -> None:
    folder = parted(Path("data"), tmp_path / "data", [100, 250], parquet)
    summary, found = assert_same_evidence(folder, client)
    assert summary["ties"] == 328
    assert summary["ties by certainty"] == {"certain": 248, "probable": 49, "alleged": 22, "possible": 9}
    assert {name: len(table) for name, table in found.items()} == {
        "warnings": 42,
        "uncertain-ties": 80,
        "unsourced-ties": 0,
        "presence": 89,
        "undated-ties": 0,
        "claims": 51,
    }
    assert "start_gregorian" in found["uncertain-ties"]  # the bundled data has Julian dates


def test_the_valid_dataset_in_parts_has_the_same_evidence(client: Client, tmp_path: Path) -> None:
    summary, found = assert_same_evidence(parted(Path("tests/data/valid"), tmp_path / "data", [1, 3]), client)
    assert summary["ties by relation"] == {"ally": 1, "arrested-by": 1, "deputy-of": 1, "rival": 1}
    assert found["uncertain-ties"]["id"].tolist() == ["t3", "t4"]
    assert found["unsourced-ties"]["id"].tolist() == ["t3"]


def test_calendars_claims_across_parts_and_equal_counts_are_the_same(client: Client, tmp_path: Path) -> None:
    parts = [
        [],  # a first part with only its header
        [
            tie("t1", "koba", "sergo", "rival", "1917-10-25", calendar="julian", certainty="probable", claim="c1"),
            tie("t2", "koba", "kirov", start="0002-11-09", calendar="french-republican", citation=""),
            tie("t3", "lonely", "brief", "deputy-of", start=""),
        ],
        [
            tie("t4", "koba", "sergo", "ally", "1917-11", claim="c1", citation="another source"),
            tie("t5", "bukharin", "kirov", "rival", "1925", certainty="alleged"),
        ],
    ]  # fmt: skip
    folder = dataset(tmp_path / "data", PEOPLE, parts)
    summary, found = assert_same_evidence(folder, client)
    # Equal counts in the order the values first appear, as value_counts orders them.
    assert list(summary["ties by relation"].items()) == [("rival", 2), ("ally", 2), ("deputy-of", 1)]
    relations = read_tables(folder).edges["relation"].value_counts()
    assert list(summary["ties by relation"].items()) == [(k, int(v)) for k, v in relations.items()]
    assert list(summary["ties by certainty"].items()) == [("certain", 3), ("probable", 1), ("alleged", 1)]
    assert list(summary["ties by citation"].items()) == [("a source", 3), ("another source", 1)]
    assert found["uncertain-ties"][["id", "start", "start_gregorian"]].values.tolist() == [
        ["t1", "1917-10-25", "1917-11-07"],
        ["t5", "1925", "1925-01-01/1925-12-31"],
    ]
    assert found["unsourced-ties"][["id", "start_gregorian"]].values.tolist() == [["t2", "1794-07-27"]]
    assert found["claims"][["claim", "id", "relation"]].values.tolist() == [
        ["c1", "t1", "rival"],
        ["c1", "t4", "ally"],
    ]
    assert found["undated-ties"].values.tolist() == [["t3", "lonely", "deputy-of", "brief"]]


def test_a_dataset_without_ties_has_the_same_evidence(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "edges").mkdir(parents=True)
    pd.DataFrame(PEOPLE).to_csv(folder / "nodes.csv", index=False)
    for number in range(2):
        (folder / "edges" / f"part-{number}.csv").write_text(
            "id,source,target,relation,claim\n", encoding="utf-8"
        )
    summary, found = assert_same_evidence(folder, client)
    assert (summary["ties"], summary["ties by relation"], summary["undated ties"]) == (0, {}, 0)
    assert [name for name, table in found.items() if len(table)] == ["warnings", "presence"]


@any_network_in_any_parts
def test_any_network_in_any_parts_has_the_same_summary_and_evidence(
    client: Client,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, str]],
    cuts: list[int],
    hostile: bool,
) -> None:
    # Certainties and citations of every kind, blank ones too, from what was drawn.
    certainties = ["certain", "probable", "possible", "alleged"]
    varied = [
        {**row, "certainty": certainties[len(row["weight"]) % 4], "citation": row["start"]} for row in rows
    ]
    assert_same_evidence(network_in_parts(tmp_path_factory, varied, cuts), client)
