"""The report document: Markdown and HTML forms, with the data's text escaped."""

from __future__ import annotations

import pandas as pd

from netpipe.report.build import evidence
from netpipe.report.document import Section, markdown_escape, to_html, to_markdown
from netpipe.validation import read_tables


def test_markdown_table_keeps_numbers_and_escapes_markup() -> None:
    table = pd.DataFrame({"name": ["a|b", "-x"], "score": [0.5, -1.25]})
    text = to_markdown("T", [Section("S", paragraphs=["1. not a list"], tables=[("Scores", table)])])
    assert text.splitlines() == [
        "# T",
        "",
        "## S",
        "",
        "1\\. not a list",
        "",
        "**Scores**",
        "",
        "| name | score |",
        "| --- | --- |",
        "| a\\|b | 0.5000 |",
        "| -x | -1.2500 |",
    ]


def test_html_escapes_every_piece_of_data_text() -> None:
    hostile = "</script><script>alert(1)</script>"
    table = pd.DataFrame({hostile: [hostile]})
    page = to_html(hostile, [Section(hostile, paragraphs=[hostile], tables=[(hostile, table)])])
    assert "<script>" not in page
    # title, heading, contents, section heading, paragraph, caption, column name, cell
    assert page.count("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 8


def test_escape_in_a_line_and_in_a_cell() -> None:
    assert markdown_escape("# heading") == "\\# heading"
    assert markdown_escape("+1", block=False) == "+1"
    assert markdown_escape("+1") == "\\+1"


def test_the_evidence_says_where_each_presence_comes_from() -> None:
    found = evidence(read_tables("tests/data/valid"))
    assert found["presence"][["id", "from", "from_basis", "until", "until_basis"]].values.tolist() == [
        ["sergo", "1886-10-24", "declared", "1937-02-18", "declared"],
        ["koba", "1878-01-01", "declared", "1953-12-31", "declared"],
        ["okhrana", "1881-01-01", "declared", "1917-12-31", "declared"],
        ["007", "1930-01-01", "attested", "1931-12-31", "attested"],
    ]
    assert found["always-present-ties"].empty


def test_where_the_sources_disagree_lists_each_claim_with_its_readings(make_dataset) -> None:
    from netpipe.report.build import _disagreements, evidence
    from netpipe.validation import read_tables

    edges = (
        "id,source,target,relation,start,end,certainty,citation,note,claim\n"
        "t1,sergo,koba,ally,1907,1936,,Montefiore 2003,,friendship\n"
        "t2,sergo,okhrana,arrested-by,1912-04,,certain,main narrative,,\n"
        "t3,sergo,koba,ally,1907,1937-02-18,,Ulam 2007,,friendship\n"
    )
    claims = evidence(read_tables(make_dataset(edges=edges)))["claims"]
    assert claims.to_dict("records") == [
        {
            "claim": "friendship", "id": "t1", "from": "Sergo Ordzhonikidze", "relation": "ally",
            "to": "Joseph Stalin", "start": "1907", "end": "1936", "certainty": "certain",
            "citation": "Montefiore 2003", "note": "",
        },
        {
            "claim": "friendship", "id": "t3", "from": "Sergo Ordzhonikidze", "relation": "ally",
            "to": "Joseph Stalin", "start": "1907", "end": "1937-02-18", "certainty": "certain",
            "citation": "Ulam 2007", "note": "",
        },
    ]  # fmt: skip
    section = _disagreements({"claims": claims})
    assert section.title == "Where the sources disagree"
    assert section.paragraphs[0].startswith("1 fact(s) on which the sources disagree, in 2 rows")
    assert [title for title, _ in section.tables] == ["Claims and their readings"]


def test_no_claim_column_means_no_disagreements(make_dataset) -> None:
    from netpipe.report.build import _disagreements, evidence
    from netpipe.validation import read_tables

    claims = evidence(read_tables(make_dataset()))["claims"]
    assert claims.empty
    section = _disagreements({"claims": claims})
    assert section.paragraphs == ["The data records no rival readings (no row of edges.csv has a claim id)."]
    assert section.tables == []
