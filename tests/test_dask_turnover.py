"""Turnover and the durations of ties of a network whose ties stay on a two-worker ``LocalCluster``
(:mod:`netpipe.analysis.turnover_on_cluster`): every field equals what
:func:`netpipe.analysis.turnover.turnover` and :func:`~netpipe.analysis.turnover.tied_durations`
give for the same network in memory."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from distributed import Client
from test_dask import PEOPLE, any_network_in_any_parts, dataset, generated_in_parts, network_in_parts, tie

from conftest import parted
from netpipe.analysis.turnover import Turnover, tied_durations, turnover
from netpipe.analysis.turnover_on_cluster import tied_durations_on_cluster, turnover_on_cluster
from netpipe.io.dask_validation import ClusterTies, read_on_cluster
from netpipe.io.errors import ArgumentError
from netpipe.model.network import Network, NetworkLike
from netpipe.model.on_cluster import ClusterSelection, select_on_cluster, whole_on_cluster
from netpipe.model.selection import select

pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

#: The options of turnover each network is counted with.
TURNOVER_OPTIONS: list[dict[str, Any]] = [
    {},
    {"reading": "narrow"},
    {"periods": "year"},
    {"periods": "5y", "reading": "narrow"},
    {"periods": ["1900", "1917-03", "1924-01-21", "1937"]},
    {"start": "1917", "end": "1930-06"},
    {"periods": "decade", "start": "1920"},
    {"certainty": "probable"},
]
#: The options of the durations.
DURATION_OPTIONS: list[dict[str, Any]] = [
    {},
    {"reading": "narrow"},
    {"by_relation": True},
    {"by_relation": True, "reading": "narrow", "certainty": "certain"},
]


def assert_same_turnover(spread: Turnover, alone: Turnover) -> None:
    """Every field of two results is the same (the tables frame for frame, dtypes included)."""
    for name in (field.name for field in fields(Turnover)):
        found, expected = getattr(spread, name), getattr(alone, name)
        if isinstance(expected, pd.DataFrame):
            pd.testing.assert_frame_equal(found, expected, obj=name)
        else:
            assert found == expected, name


def assert_same_as_in_memory(
    spread: ClusterTies | ClusterSelection,
    alone: NetworkLike,
    turnover_options: list[dict[str, Any]] = TURNOVER_OPTIONS,
    duration_options: list[dict[str, Any]] = DURATION_OPTIONS,
) -> None:
    """Turnover and the durations of a network on the cluster equal those in memory, with each option."""
    for options in turnover_options:
        assert_same_turnover(turnover_on_cluster(spread, **options), turnover(alone, **options))
    for options in duration_options:
        pd.testing.assert_frame_equal(
            tied_durations_on_cluster(spread, **options), tied_durations(alone, **options), obj=str(options)
        )


def test_the_bundled_network_in_parts_has_the_turnover_it_has_in_memory(
    client: Client, bundled_in_parts: Path
) -> None:
    ties, alone = read_on_cluster(bundled_in_parts, client), Network.read(bundled_in_parts)
    assert_same_as_in_memory(ties, alone)
    found = turnover_on_cluster(ties)
    assert (found.step, len(found.totals), len(found.ties)) == ("5y", 12, 320)
    assert (found.undated, found.never_active, found.open_starts, found.open_ends) == (2, 6, 0, 24)
    assert (found.loose_starts, found.loose_ends) == (14, 8)
    assert found.totals.iloc[1][["start", "end", "active_at_start", "formed"]].tolist() == [
        "1890",
        "1894",
        8,
        0,
    ]
    assert len(tied_durations_on_cluster(ties, reading="narrow")) == 87


def test_a_selection_on_the_cluster_has_the_turnover_of_the_same_selection_in_memory(
    client: Client, bundled_in_parts: Path
) -> None:
    chosen = {
        "relations": ["ally", "rival", "deputy-of", "arrested-by"],
        "persons_only": True,
        "certainty": "probable",
    }
    whole = whole_on_cluster(read_on_cluster(bundled_in_parts, client))
    spread = select_on_cluster(whole, **chosen)  # type: ignore[arg-type]
    alone = select(Network.read(bundled_in_parts), **chosen)  # type: ignore[arg-type]
    assert_same_as_in_memory(spread, alone)


@pytest.mark.parametrize(("era", "cuts"), [("era-rome", [4, 9]), ("era-tudor", [0, 6])])
def test_other_eras_in_parts_have_the_turnover_they_have_in_memory(
    client: Client, tmp_path: Path, era: str, cuts: list[int]
) -> None:
    folder = parted(Path("tests/data") / era, tmp_path / era, cuts)  # tudor's first part: a header alone
    options = [{}, {"reading": "narrow"}, {"periods": "year"}, {"periods": ["-0060", "-0049", "-0044"]}]
    assert_same_as_in_memory(read_on_cluster(folder, client), Network.read(folder), options)


def test_a_network_without_ties_has_no_turnover_on_the_cluster_either(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "edges").mkdir(parents=True)
    pd.DataFrame(PEOPLE).to_csv(folder / "nodes.csv", index=False)
    for number in range(2):
        (folder / "edges" / f"part-{number}.csv").write_text("id,source,target,relation\n", encoding="utf-8")
    ties = read_on_cluster(folder, client)
    assert_same_as_in_memory(ties, Network.read(folder))
    assert turnover_on_cluster(ties).totals.empty and tied_durations_on_cluster(ties).empty


def test_undated_ties_events_and_a_header_only_part_count_as_in_memory(
    client: Client, tmp_path: Path
) -> None:
    parts = [
        [],  # a part with only its header
        [
            tie("t1", "koba", "sergo", "ally", "1917-10-25", calendar="julian", end="1937-02-18"),
            tie("t2", "koba", "kirov", "rival", start=""),  # undated
            tie("t3", "sergo", "kirov", "arrested-by", "1912~"),  # an event, dated loosely
        ],
        [
            tie("t4", "koba", "sergo", "ally", "1930", end="1931"),
            tie("t5", "bukharin", "kirov", "rival", "1925?", certainty="alleged"),
        ],
    ]
    folder = dataset(tmp_path / "data", PEOPLE, parts)
    ties, alone = read_on_cluster(folder, client), Network.read(folder)
    assert_same_as_in_memory(ties, alone)
    found = turnover_on_cluster(ties, periods="decade")
    assert found.ties["id"].tolist() == ["t1", "t3", "t4", "t5"]
    assert (found.undated, found.loose_starts) == (1, 0)


def test_a_hundred_thousand_generated_ties_have_the_turnover_they_have_in_memory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = generated_in_parts()
    options: list[dict[str, Any]] = [{}, {"periods": "year", "reading": "narrow", "certainty": "probable"}]
    assert_same_as_in_memory(read_on_cluster(folder, client), Network.read(folder), options, options[:1])
    pd.testing.assert_frame_equal(
        tied_durations_on_cluster(read_on_cluster(folder, client), reading="narrow", by_relation=True),
        tied_durations(Network.read(folder), reading="narrow", by_relation=True),
    )


@any_network_in_any_parts
def test_any_network_in_any_parts_has_the_turnover_it_has_in_memory(
    client: Client, tmp_path_factory: pytest.TempPathFactory, **drawn: Any
) -> None:
    folder = network_in_parts(tmp_path_factory, drawn["rows"], drawn["cuts"])  # turnover counts hostile ties
    options: list[dict[str, Any]] = [{}, {"reading": "narrow"}]
    assert_same_as_in_memory(read_on_cluster(folder, client), Network.read(folder), options, options)


def test_bad_options_are_refused_as_in_memory(client: Client, bundled_in_parts: Path) -> None:
    ties = read_on_cluster(bundled_in_parts, client)
    with pytest.raises(ArgumentError, match='"broad" is not a reading: use wide or narrow'):
        turnover_on_cluster(ties, reading="broad")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError) as error:
        turnover_on_cluster(ties, periods="fortnight")
    with pytest.raises(ArgumentError) as expected:
        turnover(Network.read(bundled_in_parts), periods="fortnight")
    assert str(error.value) == str(expected.value)
