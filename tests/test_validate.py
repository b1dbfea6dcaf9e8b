"""Validation of whole datasets: every problem of every file, in one pass, with exact messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import netpipe
from netpipe.io.errors import DataError
from netpipe.io.problems import Report
from netpipe.io.validation import read_tables, validate

#: The hint for bytes that are not UTF-8 but read as Windows-1252.
LATIN1 = (
    "the file seems to be in Latin-1 or Windows-1252: "
    'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")'
)

MakeDataset = Callable[..., Path]
DATA = Path("tests/data")
NOT_A_DATE = (
    "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (-0043 for 44 BC), X for unknown digits "
    "(193X, 1932-XX), optionally followed by ?, ~ or %, or a range START/END (1903/1907)"
)
#: What an undeclared relation's error says of the columns of the row that declares it.
SET_COLUMNS = (
    'then set directed (true or false), sign (1, -1 or 0) and kind (state or event) to what "%s" means'
)
UNCITED = 'edges.csv:4: column "citation": is empty: the tie t3 (007 deputy-of koba) has no source'

#: For each folder of tests/data: its error lines and warning lines, without the folder prefix.
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "valid": ([], [UNCITED]),
    "era-tudor": (
        [],
        [
            'edges.csv:17: column "citation": is empty: the tie t16 (council ally henry8) has no source',
            'nodes.csv:12: column "id": Privy Council: present only 1540-06-10 to 1540-06-10 (from its ties)',
        ],
    ),
    "era-rome": (
        [],
        ['edges.csv:17: column "citation": is empty: the tie r16 (senate ally caesar) has no source'],
    ),
    "bad-date": (
        [
            'edges.csv:2: column "start": "1932-13" is not a real date: there is no month 13',
            'edges.csv:3: column "start": "1932-02-30" is not a real date: 1932-02 has 29 days',
            f'edges.csv:5: column "start": "19x2" {NOT_A_DATE}',
        ],
        [UNCITED],
    ),
    "bad-values": (
        [
            'edges.csv:4: column "certainty": "rumoured" is not allowed here: '
            "use certain, probable, possible or alleged",
            'relations.csv:2: column "flow": "sometimes" is not allowed here: use true or false',
            'relations.csv:3: column "directed": "no" is not allowed here: use true or false',
            'relations.csv:4: column "sign": "-2" is not allowed here: use 1, +1, -1 or 0',
            'relations.csv:5: column "kind": "lasting" is not allowed here: use state or event',
        ],
        [UNCITED],
    ),
    "control-character": (
        ['nodes.csv:2: column "aliases": control character U+0007 in the text'],
        [UNCITED],
    ),
    "duplicate-header": (
        ['nodes.csv:1: column "name" appears twice in the header (columns 2 and 7)'],
        [UNCITED],
    ),
    "duplicate-id": (
        ['nodes.csv:6: column "id": "koba" is already the id of the node on line 3'],
        [UNCITED],
    ),
    "duplicate-id-nfc": (
        [
            'nodes.csv:7: column "id": "cafe\u0301" is the same id as the node on line 6 once Unicode '
            "is normalized (NFC): the two look alike but are stored differently"
        ],
        [
            UNCITED,
            'nodes.csv:6: column "id": "caf\u00e9" (Caf\u00e9 A) has no ties',
            'nodes.csv:7: column "id": "cafe\u0301" (Caf\u00e9 B) has no ties',
        ],
    ),
    "end-before-start": (
        ['nodes.csv:3: column "end": "1878" is before the start "1953"'],
        [
            'edges.csv:2: column "target": the tie t1 (sergo ally koba), dated 1907/1937-02, falls outside the lifespan of "koba" '
            "(1953 to 1878)",
            UNCITED,
            'edges.csv:4: column "target": the tie t3 (007 deputy-of koba), dated 1930~/1931?, falls outside the lifespan of "koba" '
            "(1953 to 1878)",
            'edges.csv:5: column "source": the tie t4 (koba rival sergo), dated 1936, falls outside the lifespan of "koba" '
            "(1953 to 1878)",
        ],
    ),
    "missing-cell": (['nodes.csv:3: column "name": is empty: a value is required'], [UNCITED]),
    "lone-claim": (
        [
            'edges.csv:4: column "claim": "deputyship" is on no other row: '
            "rows that are rival readings of one fact share a claim id"
        ],
        [],
    ),
    "missing-column": (
        ['edges.csv:1: the header has no column "relation": edges.csv needs source, target, relation'],
        [],
    ),
    "not-utf8": (
        ['nodes.csv:4: column "group": bytes that are not UTF-8 (E9); ' + LATIN1],
        [UNCITED],
    ),
    "ragged-row": (
        [
            "edges.csv:3: the row has 10 cells, the header has 9",
            "edges.csv:5: the row has 5 cells, the header has 9",
        ],
        # No "has no ties" for okhrana: its tie on line 3 is read, its extra cell cut.
        [UNCITED, 'edges.csv:5: column "citation": is empty: the tie t4 (koba rival sergo) has no source'],
    ),
    "self-loop": (
        ['edges.csv:6: column "target": "sergo" is also the source: a tie needs two different ends'],
        [UNCITED],
    ),
    "unknown-node": (
        [
            'edges.csv:5: column "source": "Stalin" is not a node id in nodes.csv; '
            'did you mean "koba" (Joseph Stalin)?',
            'edges.csv:6: column "target": "nobody-at-all" is not a node id in nodes.csv',
        ],
        [UNCITED],
    ),
    "unknown-relation": (
        [
            'edges.csv:2: column "relation": "aly" is not a declared relation (1 row: line 2); did you mean '
            '"ally"? Or, to declare it, write tests/data/unknown-relation/relations.csv with the header '
            f'"relation,directed,sign,kind" and the row "aly,true,0,state", {SET_COLUMNS % "aly"}'
        ],
        [UNCITED],
    ),
    "warnings": (
        [],
        [
            UNCITED,
            'edges.csv:6: column "source": the tie t5 (okhrana arrested-by koba), dated 1930, falls outside the existence of "okhrana" '
            "(1881 to 1917)",
            "edges.csv:7: the tie t6 (koba ally sergo) repeats the tie on line 2 (same people, relation and dates); "
            "both are kept",
            'nodes.csv:6: column "name": "  Lonely Person " has spaces at its start or end (stripped)',
            'nodes.csv:6: column "id": "lonely" (Lonely Person) has no ties',
        ],
    ),
    "many-defects": (
        [
            'edges.csv:2: column "relation": "aly" is not a declared relation (1 row: line 2); did you mean '
            '"ally"? Or, to declare it, add the row "aly,true,0,state" to tests/data/many-defects/relations.csv '
            f"(its columns: relation,directed,sign,kind), {SET_COLUMNS % 'aly'}",
            'edges.csv:4: column "certainty": "rumoured" is not allowed here: '
            "use certain, probable, possible or alleged",
            'edges.csv:5: column "source": "Stalin" is not a node id in nodes.csv; did you mean "koba"?',
            'edges.csv:6: column "target": "koba" is also the source: a tie needs two different ends',
            'edges.csv:6: column "end": "1910" is before the start "1920"',
            'edges.csv:7: column "id": "t2" is already the id of the tie on line 3',
            'nodes.csv:3: column "name": is empty: a value is required',
            'nodes.csv:4: column "kind": "agency" is not allowed here: use person or organization',
            'nodes.csv:5: column "start": "1932-02-30" is not a real date: 1932-02 has 29 days',
            'nodes.csv:6: column "id": "sergo" is already the id of the node on line 2',
            'relations.csv:5: column "directed": "yes" is not allowed here: use true or false',
        ],
        [UNCITED],
    ),
}


def expected_lines(folder: str, severity: str) -> list[str]:
    """The expected problem lines of a folder of tests/data, with their full file paths."""
    errors, warnings = EXPECTED[folder]
    return [f"{DATA / folder}/{line}" for line in (errors if severity == "error" else warnings)]


def test_every_dataset_folder_has_expectations() -> None:
    assert sorted(p.name for p in DATA.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_errors_of_each_folder(folder: str) -> None:
    assert validate(DATA / folder).lines("error") == expected_lines(folder, "error")


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_warnings_of_each_folder(folder: str) -> None:
    assert validate(DATA / folder).lines("warning") == expected_lines(folder, "warning")


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_public_validate_gives_the_same_lines(folder: str) -> None:
    report = netpipe.validate(f"tests/data/{folder}")
    assert report.lines("error") == expected_lines(folder, "error")
    assert report.ok is (not EXPECTED[folder][0])


def test_many_defects_in_several_files_are_reported_in_one_run() -> None:
    report = validate(DATA / "many-defects")
    errors = report.errors
    assert sorted(set(errors["file"])) == [
        "tests/data/many-defects/edges.csv",
        "tests/data/many-defects/nodes.csv",
        "tests/data/many-defects/relations.csv",
    ]
    assert sorted(set(errors["code"])) == [
        "bad-certainty",
        "bad-date",
        "bad-directed",
        "bad-kind",
        "duplicate-id",
        "end-before-start",
        "missing-value",
        "self-loop",
        "unknown-node",
        "unknown-relation",
    ]
    with pytest.raises(DataError) as raised:
        read_tables(DATA / "many-defects")
    assert raised.value.report.lines("error") == expected_lines("many-defects", "error")


def test_problems_are_data() -> None:
    report = validate(DATA / "missing-cell")
    assert report.to_records() == [
        {
            "severity": "warning",
            "file": "tests/data/missing-cell/edges.csv",
            "line": 4,
            "column": "citation",
            "value": "",
            "message": "is empty: the tie t3 (007 deputy-of koba) has no source",
            "code": "no-citation",
        },
        {
            "severity": "error",
            "file": "tests/data/missing-cell/nodes.csv",
            "line": 3,
            "column": "name",
            "value": "",
            "message": "is empty: a value is required",
            "code": "missing-value",
        },
    ]
    assert (len(report.errors), len(report.warnings), report.ok) == (1, 1, False)


def test_data_error_lists_every_error() -> None:
    with pytest.raises(DataError) as raised:
        read_tables(DATA / "bad-date")
    assert str(raised.value) == "3 error(s) in the data:\n" + "\n".join(expected_lines("bad-date", "error"))
    assert isinstance(raised.value.report, Report)
    assert raised.value.report.lines("warning") == expected_lines("bad-date", "warning")


def test_missing_folder() -> None:
    report = validate("tests/data/no-such-folder")
    assert report.lines() == [
        "tests/data/no-such-folder: is not a folder: give the folder that holds nodes.csv and edges.csv, "
        "or a workbook (.xlsx, .ods) with the sheets nodes and edges"
    ]
    assert report.to_records()[0]["line"] is None


def test_a_file_is_not_a_folder() -> None:
    assert validate(DATA / "valid" / "nodes.csv").lines("error") == [
        "tests/data/valid/nodes.csv: is not a folder: give the folder that holds nodes.csv and edges.csv, "
        "or a workbook (.xlsx, .ods) with the sheets nodes and edges"
    ]


def test_missing_files(tmp_path: Path) -> None:
    assert validate(tmp_path).lines("error") == [
        f"{tmp_path}/edges.csv: file not found",
        f"{tmp_path}/nodes.csv: file not found",
    ]


def test_bad_weights(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        edges=(
            "source,target,relation,citation,weight\n"
            "sergo,koba,ally,x,0\n"
            "sergo,koba,rival,x,-1\n"
            "sergo,okhrana,ally,x,abc\n"
            "007,koba,ally,x,inf\n"
            "007,sergo,ally,x,\n"
            "koba,okhrana,ally,x,2.5\n"
        )
    )
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:2: column "weight": "0" is not a positive number',
        f'{folder}/edges.csv:3: column "weight": "-1" is not a positive number',
        f'{folder}/edges.csv:4: column "weight": "abc" is not a positive number',
        f'{folder}/edges.csv:5: column "weight": "inf" is not a positive number',
    ]


def test_reserved_column_names_are_errors(make_dataset: MakeDataset) -> None:
    # netpipe computes these columns: a user column of that name would be silently overwritten.
    folder = make_dataset(
        nodes="id,name,line,start_lo\nsergo,Sergo,a,b\nkoba,Koba,c,d\n",
        edges="source,target,relation,citation,kind,directed\nsergo,koba,ally,x,friendship,yes\n",
    )
    message = "has a name netpipe uses for a computed value: rename it"
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:1: column "kind" {message}',
        f'{folder}/edges.csv:1: column "directed" {message}',
        f'{folder}/nodes.csv:1: column "line" {message}',
        f'{folder}/nodes.csv:1: column "start_lo" {message}',
    ]


def test_no_citation_column_is_one_warning(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        edges="source,target,relation\nsergo,koba,ally\nkoba,okhrana,rival\n007,koba,ally\n"
    )
    assert validate(folder).lines() == [
        f"{folder}/edges.csv:1: there is no citation column: no tie says where it comes from"
    ]


# Ids that look alike, invisible characters, values that once crashed validation


def test_ids_that_differ_only_in_case_or_invisible_characters(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        nodes="id,name\nkoba,Koba\nKoba,Koba 2\nko\u200bba,Koba 3\nsergo,Sergo\n",
        edges="id,source,target,relation,citation\nt1,sergo,koba,ally,x\nt2,sergo,Koba,ally,x\n"
        "t3,sergo,ko\u200bba,ally,x\nt4,sergo,KOBA\u200b,ally,x\n",
    )
    report = validate(folder)
    assert report.lines("error") == [
        f'{folder}/edges.csv:5: column "target": "KOBA\\u200b" is not a node id in nodes.csv; '
        'did you mean "Koba" (Koba 2), "koba" (Koba), "ko\\u200bba" (Koba 3)?'
    ]
    assert report.lines("warning") == [
        f'{folder}/nodes.csv:3: column "id": "Koba" differs from the id "koba" of the node on line 2 '
        "only in case, accents or invisible characters: are they the same?",
        f'{folder}/nodes.csv:4: column "id": "ko\\u200bba" differs from the id "koba" of the node on line 2 '
        "only in case, accents or invisible characters: are they the same?",
        f'{folder}/nodes.csv:4: column "id": "ko\\u200bba" holds invisible characters (shown escaped): '
        "retype the id",
    ]
    assert report.problems["value"].tolist()[-1] == "ko\u200bba"  # the value stays as written


def test_a_sign_that_is_not_one_of_the_four(make_dataset: MakeDataset) -> None:
    relations = (
        "relation,directed,sign,kind\nally,false,1,state\nrival,false,inf,state\nmet,false,nan,event\n"
    )
    folder = make_dataset(relations=relations)
    assert validate(folder).lines("error") == [
        f'{folder}/relations.csv:3: column "sign": "inf" is not allowed here: use 1, +1, -1 or 0',
        f'{folder}/relations.csv:4: column "sign": "nan" is not allowed here: use 1, +1, -1 or 0',
    ]


def test_an_unknown_end_beside_a_tie_outside_a_lifespan(make_dataset: MakeDataset) -> None:
    edges = (
        "id,source,target,relation,start,citation\nt1,sergo,koba,ally,1960,x\nt2,sergo,nobody,ally,1910,x\n"
    )
    folder = make_dataset(edges=edges)
    report = validate(folder)
    assert report.lines("error") == [
        f'{folder}/edges.csv:3: column "target": "nobody" is not a node id in nodes.csv'
    ]
    assert report.lines("warning")[:2] == [
        f'{folder}/edges.csv:2: column "source": the tie t1 (sergo ally koba), dated 1960, falls outside the lifespan of "sergo" '
        "(1886-10-24 to 1937-02-18)",
        f'{folder}/edges.csv:2: column "target": the tie t1 (sergo ally koba), dated 1960, falls outside the lifespan of "koba" '
        "(1878 to 1953)",
    ]


def test_an_inverse_named_like_another_relation(make_dataset: MakeDataset) -> None:
    relations = (
        "relation,directed,sign,kind,inverse\n"
        "ally,false,1,state,\nrival,false,-1,state,\n"
        "arrested-by,true,-1,event,arrested\ndeputy-of,true,1,state,ally\n"
    )
    folder = make_dataset(relations=relations)
    assert validate(folder).lines("warning")[-1] == (
        f'{folder}/relations.csv:5: column "inverse": "ally" is also the name of a declared relation: '
        "a tie read from its target's side could be taken for that relation"
    )


def test_edtf_forms_load_and_impossible_ones_name_their_place(make_dataset: MakeDataset) -> None:
    nodes = "id,name,start,end\na,Anna,193X,19XX\nb,Boris,-0043-03-15,0000\nc,Clara,1932-02-30,\n"
    edges = (
        "id,source,target,relation,start,end,citation\n"
        "t1,a,b,ally,1903/1907,1932-09-XX%,x\n"
        "t2,a,b,ally,1907/1903,,x\n"
        "t3,a,b,ally,1932-13~,,x\n"
        "t4,a,b,ally,1935,1934,x\n"
    )
    folder = make_dataset(nodes=nodes, edges=edges)
    assert validate(folder).lines("error") == [
        f'{folder}/edges.csv:3: column "start": "1907/1903" is not a date range: it ends before it starts',
        f'{folder}/edges.csv:4: column "start": "1932-13~" is not a real date: there is no month 13',
        f'{folder}/edges.csv:5: column "end": "1934" is before the start "1935"',
        f'{folder}/nodes.csv:4: column "start": "1932-02-30" is not a real date: 1932-02 has 29 days',
    ]
