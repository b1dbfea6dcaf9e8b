"""The relation vocabulary: relations.csv adds to and overrides the built-in relations; each
undeclared relation is one error that says how to declare it; warnings name their node or tie."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import frictionless
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from netpipe.app.cli import app
from netpipe.io.contract import DEFAULT_RELATIONS
from netpipe.io.describe import datapackage
from netpipe.io.validation import read_tables, validate
from tests.conftest import VALID, MakeDataset, examples

#: The end of every undeclared relation's error, for a relation named ``%s``.
SET_COLUMNS = (
    'then set directed (true or false), sign (1, -1 or 0) and kind (state or event) to what "%s" means'
)


def test_relations_csv_adds_to_and_overrides_the_built_in_relations(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        edges="source,target,relation,citation\nsergo,koba,family,x\nkoba,007,ally,x\n007,sergo,rival,x\n",
        relations="relation,directed,sign,kind,description\nfamily,TRUE,+1,state,kin\nally,true,0,event,\n",
    )
    tables = read_tables(folder)
    assert tables.report.lines("error") == []
    relations = tables.relations
    assert list(relations.index) == ["family", "ally", "rival", "arrested-by", "deputy-of"]
    # the file's "ally" overrides the built-in one; the built-in relations it does not declare stay
    assert relations.loc["ally", ["directed", "sign", "kind", "flow"]].tolist() == [True, 0, "event", False]
    assert relations.loc["family", ["directed", "sign", "kind", "description"]].tolist() == [
        True,
        1,
        "state",
        "kin",
    ]
    built_in = DEFAULT_RELATIONS["rival"]
    assert relations.loc["rival", list(built_in)].tolist() == list(built_in.values())
    assert tables.declared_relations == ("family", "ally")
    assert tables.edges["sign"].tolist() == [1, 0, -1]


def test_an_inverse_named_like_a_built_in_relation(make_dataset: MakeDataset) -> None:
    folder = make_dataset(relations="relation,directed,sign,kind,inverse\nbetrayed,true,-1,event,rival\n")
    assert validate(folder).lines() == [
        f'{folder}/edges.csv:4: column "citation": is empty: the tie t3 (007 deputy-of koba) has no source',
        f'{folder}/relations.csv:2: column "inverse": "rival" is also the name of a declared relation: '
        "a tie read from its target's side could be taken for that relation",
    ]


def _with_mentors(make_dataset: MakeDataset, relations: str | None) -> Path:
    """The valid dataset with 40 ties of an undeclared relation "mentor" (lines 6 to 45)."""
    mentors = "".join(
        f"m{i},{'sergo' if i % 2 else 'koba'},007,mentor,1920-{i % 12 + 1:02}-{i // 12 + 1:02},,,x,\n"
        for i in range(1, 41)
    )
    return make_dataset(edges=(VALID / "edges.csv").read_text() + mentors, relations=relations)


def test_an_undeclared_relation_in_40_rows_is_one_error_saying_how_to_declare_it(
    make_dataset: MakeDataset,
) -> None:
    folder = _with_mentors(make_dataset, None)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == (
        f'error: {folder}/edges.csv:6: column "relation": "mentor" is not a declared relation '
        "(40 rows: lines 6, 7, 8 and 37 more); to declare it, write "
        f'{folder}/relations.csv with the header "relation,directed,sign,kind" and the row '
        f'"mentor,true,0,state", {SET_COLUMNS % "mentor"}\n'
        f'warning: {folder}/edges.csv:4: column "citation": is empty: the tie t3 (007 deputy-of koba) '
        "has no source\n"
        "1 error(s), 1 warning(s)\n"
    )


def test_the_row_to_add_follows_the_columns_of_relations_csv(make_dataset: MakeDataset) -> None:
    relations = "relation,description,directed,sign,kind,flow\nfamily,kin,false,1,state,\n"
    folder = _with_mentors(make_dataset, relations)
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:6: column "relation": "mentor" is not a declared relation '
        '(40 rows: lines 6, 7, 8 and 37 more); to declare it, add the row "mentor,,true,0,state," to '
        f"{folder}/relations.csv (its columns: relation,description,directed,sign,kind,flow), "
        f"{SET_COLUMNS % 'mentor'}"
    ]


def test_each_undeclared_relation_once_with_a_did_you_mean(make_dataset: MakeDataset) -> None:
    edges = "source,target,relation,citation\nsergo,koba,Ally,x\nkoba,007,allly,x\nsergo,007,Ally,x\n"
    folder = make_dataset(edges=edges)
    declare = f'to declare it, write {folder}/relations.csv with the header "relation,directed,sign,kind"'
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:2: column "relation": "Ally" is not a declared relation (2 rows: lines 2, 4); '
        f'did you mean "ally"? Or, {declare} and the row "Ally,true,0,state", {SET_COLUMNS % "Ally"}',
        f'{folder}/edges.csv:3: column "relation": "allly" is not a declared relation (1 row: line 3); '
        f'did you mean "ally"? Or, {declare} and the row "allly,true,0,state", {SET_COLUMNS % "allly"}',
    ]


_ROW = re.compile(r'add the row "(.*)" to ')
#: Relation names: any text but control and invisible characters (messages show those escaped).
_NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Z"), whitelist_characters=' ,"'),
    min_size=1,
    max_size=12,
)


@settings(max_examples=examples(15, 200), deadline=None)
@given(relation=_NAMES.map(str.strip).filter(lambda name: name and name not in DEFAULT_RELATIONS))
def test_the_row_given_declares_the_relation(tmp_path_factory, relation: str) -> None:
    # The row the error gives, added to relations.csv as it says, declares the relation, however
    # it is spelled (commas and quotes in it are quoted as Python's csv module writes them).
    folder = tmp_path_factory.mktemp("declare")
    for name in ("nodes.csv", "edges.csv"):
        (folder / name).write_bytes((VALID / name).read_bytes())
    with open(folder / "edges.csv", "a", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerow(
            ["t9", "sergo", "koba", relation, "1920", "", "", "x", ""]
        )
    (folder / "relations.csv").write_text(
        "relation,directed,sign,kind\nfamily,false,1,state\n", encoding="utf-8"
    )
    (error,) = validate(folder).lines("error")
    (row,) = _ROW.findall(error)
    assert next(csv.reader(io.StringIO(row))) == [relation, "true", "0", "state"]
    with open(folder / "relations.csv", "a", encoding="utf-8", newline="") as file:
        file.write(row + "\n")
    tables = read_tables(folder)
    assert tables.relations.loc[relation, ["directed", "sign", "kind"]].tolist() == [True, 0, "state"]


def test_a_relations_csv_without_every_relation_used_is_no_foreign_key(make_dataset: MakeDataset) -> None:
    # relations.csv adds to the built-in relations: a key to it would refuse the built-in ones used.
    folder = make_dataset(relations="relation,directed,sign,kind\nfamily,false,1,state\n")
    package = datapackage(read_tables(folder), folder)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    edges = {r["name"]: r for r in package["resources"]}["edges"]
    assert [key["reference"]["resource"] for key in edges["schema"]["foreignKeys"]] == ["nodes", "nodes"]
    assert frictionless.validate(str(folder / "datapackage.json")).valid


def test_warnings_name_their_node_or_tie(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        nodes="id,name,start,end\nsergo,Sergo,1886,1937\nkoba,Joseph Stalin,1878,1953\nalone,alone,,\n"
        "hermit,The Hermit,,\n",
        edges="source,target,relation,start,citation\nsergo,koba,ally,1907,\nsergo,koba,ally,1907,x\n"
        "koba,sergo,rival,1940,x\n",
    )
    assert validate(folder).lines() == [
        f'{folder}/edges.csv:2: column "citation": is empty: the tie (sergo ally koba) has no source',
        f"{folder}/edges.csv:3: the tie (sergo ally koba) repeats the tie on line 2 (same people, "
        "relation and dates); both are kept",
        f'{folder}/edges.csv:4: column "target": the tie (koba rival sergo), dated 1940, falls outside '
        'the lifespan of "sergo" (1886 to 1937)',
        f'{folder}/nodes.csv:4: column "id": "alone" has no ties',
        f'{folder}/nodes.csv:5: column "id": "hermit" (The Hermit) has no ties',
    ]


def test_run_ends_with_a_line_counting_the_warnings_and_saying_where_they_are(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "tests/data/warnings", "--out", str(out), "--max-nodes", "10"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        f"5 warning(s) in the data: listed in {out}/exports/warnings.csv and in {out}/report.md "
        "(Validation warnings)"
    )
    with open(out / "exports" / "warnings.csv", encoding="utf-8", newline="") as file:
        listed = list(csv.DictReader(file))
    assert [row["message"] for row in listed] == validate("tests/data/warnings").warnings["message"].tolist()
