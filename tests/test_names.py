"""Finding people by id, name or alias: case and accent insensitive, with suggestions."""

from __future__ import annotations

import pandas as pd
import pytest

from netpipe.io.names import (
    AmbiguousName,
    UnknownName,
    describe_ids,
    name_index,
    normalize,
    resolve,
    suggest,
)

NODES = pd.DataFrame(
    {
        "name": ["Sergo Ordzhonikidze", "Joseph Stalin", "Lavrentiy Beria", "Zinaida Ordzhonikidze", ""],
        "aliases": ["Sergo|Grigóriy", "Koba|Stalin", "", "Zina|Sergo", ""],
    },
    index=["sergo", "koba", "beria", "zina", "x7"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lavrentiy  BERIA", "lavrentiy beria"),
        ("  Ordzhonikidze, Grigóriy ", "ordzhonikidze, grigoriy"),
        ("Grigo\u0301riy", "grigoriy"),
        ("Straße", "strasse"),
        ("\tKoba\n", "koba"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_name_index() -> None:
    assert name_index(NODES) == {
        "sergo": {"sergo", "zina"},
        "sergo ordzhonikidze": {"sergo"},
        "grigoriy": {"sergo"},
        "koba": {"koba"},
        "joseph stalin": {"koba"},
        "stalin": {"koba"},
        "beria": {"beria"},
        "lavrentiy beria": {"beria"},
        "zina": {"zina"},
        "zinaida ordzhonikidze": {"zina"},
        "x7": {"x7"},
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("koba", "koba"),
        ("KOBA", "koba"),
        ("Joseph Stalin", "koba"),
        ("joseph   stalin", "koba"),
        ("STALIN", "koba"),
        ("Grigoriy", "sergo"),
        ("grigóriy", "sergo"),
        ("Lavréntiy Béria", "beria"),
        ("Zina", "zina"),
    ],
)
def test_resolve(value: str, expected: str) -> None:
    assert resolve(value, NODES) == expected


def test_resolve_with_a_prebuilt_index() -> None:
    assert resolve("stalin", NODES, name_index(NODES)) == "koba"


def test_an_id_wins_over_a_shared_alias() -> None:
    # "sergo" is Sergo's id and also an alias of Zina: the id decides.
    assert resolve("sergo", NODES) == "sergo"


def test_ambiguous_name_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousName) as raised:
        resolve("SERGO", NODES)
    assert str(raised.value) == (
        '"SERGO" could be any of: "sergo" (Sergo Ordzhonikidze), "zina" (Zinaida Ordzhonikidze)'
    )


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UnknownName) as raised:
        resolve("Stallin", NODES)
    assert str(raised.value) == 'no one is called "Stallin"; did you mean "koba" (Joseph Stalin)?'


def test_unknown_name_without_anything_close() -> None:
    with pytest.raises(UnknownName) as raised:
        resolve("Trotsky", NODES)
    assert str(raised.value) == 'no one is called "Trotsky"'


def test_errors_are_lookup_errors() -> None:
    assert issubclass(UnknownName, LookupError)
    assert issubclass(AmbiguousName, LookupError)


def test_suggest() -> None:
    index = name_index(NODES)
    assert suggest("Beriya", index) == ["beria"]
    assert suggest("lavrenty beria", index) == ["beria"]
    assert suggest("SERGO", index) == ["sergo", "zina"]
    assert suggest("Ordzhonikidze", index) == ["sergo", "zina"]
    assert suggest("zzz", index) == []


def test_describe_ids() -> None:
    assert describe_ids(["koba", "beria"], NODES) == '"koba" (Joseph Stalin), "beria" (Lavrentiy Beria)'
    assert describe_ids(["x7"], NODES) == '"x7"'
    assert describe_ids(iter(["koba"]), NODES) == '"koba" (Joseph Stalin)'
