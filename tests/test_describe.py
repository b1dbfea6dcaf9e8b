"""The datapackage.json netpipe writes: valid for Frictionless, with the contract's keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
from typer.testing import CliRunner

from netpipe.app.cli import app
from netpipe.io.describe import datapackage, write_datapackage_json
from netpipe.io.errors import OutputError
from netpipe.io.validation import read_tables


def run(*args: str):
    """Invoke the CLI."""
    return CliRunner().invoke(app, list(args))


RELATIONS = (
    "relation,directed,sign,kind,inverse,description\n"
    "ally,false,1,state,,A and B were allies\n"
    "rival,false,-1,state,,A and B were rivals\n"
    "arrested-by,true,-1,event,arrested,A was arrested by B\n"
    "deputy-of,true,1,state,had as deputy,A was B's deputy\n"
)


def _copy(source: str, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _describe(folder: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["describe", str(folder)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"wrote {folder / 'datapackage.json'}\n"
    package: dict[str, object] = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return package


def _errors(folder: Path) -> list[tuple[object, object, object]]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [tuple(row) for row in report.flatten(["rowNumber", "fieldName", "type"])]


def test_valid_dataset_is_a_valid_data_package(tmp_path: Path) -> None:
    folder = _copy("tests/data/valid", tmp_path / "valid")
    package = _describe(folder)
    assert frictionless.validate(str(folder / "datapackage.json")).valid
    assert package["name"] == "valid"
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}  # type: ignore[attr-defined]
    assert list(resources) == ["nodes", "edges"]
    assert resources["nodes"]["schema"]["primaryKey"] == ["id"]
    assert resources["edges"]["schema"]["primaryKey"] == ["id"]
    assert resources["edges"]["schema"]["foreignKeys"] == [
        {"fields": "source", "reference": {"resource": "nodes", "fields": "id"}},
        {"fields": "target", "reference": {"resource": "nodes", "fields": "id"}},
    ]
    assert [f["name"] for f in resources["edges"]["schema"]["fields"]] == [
        "id",
        "source",
        "target",
        "relation",
        "start",
        "end",
        "certainty",
        "citation",
        "note",
    ]
    assert all(f["type"] == "string" for f in resources["nodes"]["schema"]["fields"])


def test_relations_get_a_resource_and_a_foreign_key(tmp_path: Path) -> None:
    folder = _copy("tests/data/valid", tmp_path / "with-relations")
    (folder / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    package = _describe(folder)
    assert frictionless.validate(str(folder / "datapackage.json")).valid
    resources = {r["name"]: r for r in package["resources"]}  # type: ignore[attr-defined]
    assert resources["relations"]["schema"]["primaryKey"] == ["relation"]
    assert resources["edges"]["schema"]["foreignKeys"][2] == {
        "fields": "relation",
        "reference": {"resource": "relations", "fields": "relation"},
    }


def test_frictionless_finds_what_the_keys_forbid(tmp_path: Path) -> None:
    folder = _copy("tests/data/valid", tmp_path / "keys")
    (folder / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    _describe(folder)
    edges = folder / "edges.csv"
    edges.write_text(edges.read_text().replace("t4,koba,sergo,rival", "t1,koba,beria,rivals"))
    nodes = folder / "nodes.csv"
    nodes.write_text(nodes.read_text().replace("Okhrana,organization", ",organization"))
    assert _errors(folder) == [
        (4, "name", "constraint-error"),
        (5, None, "primary-key"),
        (5, None, "foreign-key"),
        (5, None, "foreign-key"),
    ]


def test_extra_columns_bom_crlf_and_multiline_cells(tmp_path: Path) -> None:
    folder = tmp_path / "Café Data"
    folder.mkdir()
    (folder / "nodes.csv").write_bytes(
        b'\xef\xbb\xbfid,name,born_in\r\na,"A\r\nA",Gori\r\n007,NA,\r\nnull,None,\r\n'
    )
    (folder / "edges.csv").write_bytes(
        b"source,target,relation,citation,weight,place\r\na,007,ally,x,2.5,Tiflis\r\n007,null,rival,y,,\r\n"
    )
    package = _describe(folder)
    assert package["name"] == "cafe-data"
    assert package["title"] == "netpipe network: Café Data"
    assert _errors(folder) == []


def test_written_atomically(tmp_path: Path) -> None:
    folder = _copy("tests/data/valid", tmp_path / "valid")
    (folder / "datapackage.json").write_text('{"name": "old"}', encoding="utf-8")
    _describe(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["datapackage.json", "edges.csv", "nodes.csv"]
    assert json.loads((folder / "datapackage.json").read_text())["name"] == "old"  # what the user named it


def test_bad_data_leaves_the_old_package(tmp_path: Path) -> None:
    folder = _copy("tests/data/bad-date", tmp_path / "bad")
    (folder / "datapackage.json").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(app, ["describe", str(folder)])
    assert result.exit_code == 1
    assert (folder / "datapackage.json").read_text() == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["datapackage.json", "edges.csv", "nodes.csv"]


@pytest.mark.parametrize(
    ("folder_name", "package_name"),
    [("valid", "valid"), ("My Network", "my-network"), ("Грузия", "dataset"), ("1937_v2.1", "1937_v2.1")],
)
def test_package_names_are_valid(tmp_path: Path, folder_name: str, package_name: str) -> None:
    package = datapackage(read_tables("tests/data/valid"), tmp_path / folder_name)
    assert package["name"] == package_name


def test_describe_keeps_what_the_user_wrote_in_datapackage_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree("tests/data/valid", data)
    mine = {
        "name": "bolsheviks",
        "title": "The Bolshevik leadership, 1903-1937",
        "description": "Built by hand from a biography.",
        "licenses": [{"name": "CC-BY-4.0"}],
        "resources": [
            {"name": "sources", "path": "sources.csv", "schema": {"fields": [{"name": "work"}]}},
            {
                "name": "nodes",
                "path": "nodes.csv",
                "schema": {"fields": [{"name": "group", "description": "Faction, as the source names it"}]},
            },
        ],
    }
    (data / "datapackage.json").write_text(json.dumps(mine), encoding="utf-8")
    result = run("describe", str(data))
    assert result.exit_code == 0, result.output
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert {k: package[k] for k in ("name", "title", "description", "licenses")} == {
        k: mine[k] for k in ("name", "title", "description", "licenses")
    }
    assert [r["name"] for r in package["resources"]] == ["sources", "nodes", "edges"]
    assert package["resources"][0] == mine["resources"][0]
    fields = {f["name"]: f for f in package["resources"][1]["schema"]["fields"]}
    assert fields["group"]["description"] == "Faction, as the source names it"
    assert fields["id"]["constraints"] == {"required": True}


def test_describe_will_not_replace_a_file_it_cannot_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree("tests/data/valid", data)
    (data / "datapackage.json").write_text("{not json", encoding="utf-8")
    result = run("describe", str(data))
    assert result.exit_code == 1
    assert result.stderr.startswith(f'error: "{data / "datapackage.json"}" is not JSON netpipe can update (')
    assert (data / "datapackage.json").read_text(encoding="utf-8") == "{not json"


def test_describe_says_what_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    target = tmp_path / "file" / "datapackage.json"  # under a file, not a folder
    with pytest.raises(OutputError, match=f"^cannot write {target}: "):
        write_datapackage_json(read_tables("tests/data/valid"), "tests/data/valid", target)
    result = run("describe", "tests/data/valid", "--out", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {target}: ")


@pytest.mark.parametrize("era", ["era-tudor", "era-rome"])
def test_edtf_dates_of_any_era_are_valid_for_frictionless(tmp_path: Path, era: str) -> None:
    folder = _copy(f"tests/data/{era}", tmp_path / era)
    _describe(folder)
    assert frictionless.validate(str(folder / "datapackage.json")).valid


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("", True),
        ("1932", True),
        ("1932-09-22~", True),
        ("1903/1907", True),
        ("1936-08/1936-09-12", True),
        ("193X", True),
        ("1932-XX", True),
        ("-0043%", True),
        ("1932/09", False),
        ("22.09.1932", False),
    ],
)
def test_date_pattern_takes_the_edtf_forms_of_the_bundled_data(text: str, matches: bool) -> None:
    import re

    from netpipe.io.describe import _DATE

    assert bool(re.match(_DATE, text)) is matches


def test_the_claim_column_is_declared(make_dataset) -> None:
    edges = (
        "id,source,target,relation,start,end,certainty,citation,note,claim\n"
        "t1,sergo,koba,ally,1907,1936,,Montefiore 2003,,friendship\n"
        "t2,sergo,koba,ally,1907,1937-02-18,,Ulam 2007,,friendship\n"
    )
    folder = make_dataset(edges=edges)
    package = datapackage(read_tables(folder), folder)
    fields = {f["name"]: f for f in package["resources"][1]["schema"]["fields"]}
    assert fields["claim"] == {
        "name": "claim",
        "type": "string",
        "description": "Claim id: the rows that are rival readings of one fact share it (blank: none)",
    }
