"""The report document: Markdown and HTML forms, with the data's text escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

import netpipe
from conftest import Run
from netpipe.analysis.everything import analyse
from netpipe.app.cli import app
from netpipe.app.pipeline import write_report
from netpipe.io.validation import read_tables
from netpipe.model.network import Network
from netpipe.outputs.report.build import evidence
from netpipe.outputs.report.document import Section, markdown_escape, to_html, to_markdown


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
    assert found["undated-ties"].empty


def test_where_the_sources_disagree_lists_each_claim_with_its_readings(make_dataset) -> None:
    from netpipe.io.validation import read_tables
    from netpipe.outputs.report.build import evidence
    from netpipe.outputs.report.findings import _disagreements

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
    section = _disagreements(claims)
    assert section.title == "Where the sources disagree"
    assert section.paragraphs[0].startswith("1 fact on which the sources disagree: each reading")
    [(title, table)] = section.tables
    assert title == "Rival readings"
    assert table.to_dict("records") == [
        {
            "claim": "friendship",
            "tie": "Sergo Ordzhonikidze ally Joseph Stalin",
            "readings": "1907 \u2013 1936, certain (Montefiore 2003) | 1907 \u2013 1937-02-18, certain (Ulam 2007)",
        }
    ]


def test_no_claim_column_means_no_disagreements(make_dataset) -> None:
    from netpipe.io.validation import read_tables
    from netpipe.outputs.report.build import evidence
    from netpipe.outputs.report.findings import _disagreements

    claims = evidence(read_tables(make_dataset()))["claims"]
    assert claims.empty
    section = _disagreements(claims)
    assert section.paragraphs == ["The data records no rival readings (no row of edges.csv has a claim id)."]
    assert section.tables == []


CHROMIUM = "/usr/bin/chromium"


def _links(page: str) -> list[str]:
    """Every local link and image of an HTML page (anchors within the page left out)."""
    return [link for link in re.findall(r'(?:href|src)="([^"#][^"]*)"', page)]


def test_a_report_written_alone_links_only_to_files_it_has(tmp_path: Path, valid_run: Run) -> None:
    out = tmp_path / "alone"
    result = CliRunner().invoke(app, ["report", "tests/data/valid", "--out", str(out)])
    assert result.exit_code == 0, result.output
    links = _links((out / "report.html").read_text(encoding="utf-8"))
    assert links == [
        "plots/central-rank.png",
        "plots/central-rank.svg",
        "plots/turnover.png",
        "plots/turnover.svg",
        "plots/balance.png",
        "plots/balance.svg",
    ]
    assert all((out / link).is_file() for link in links)
    assert "network.html" not in (out / "report.md").read_text(encoding="utf-8")
    # After a full run the report links to the page, the period figure and the exports, all there.
    links = _links((valid_run.out / "report.html").read_text(encoding="utf-8"))
    assert {"network.html", "periods/periods.png", "exports/"} <= set(links)
    assert all((valid_run.out / link).exists() for link in links)


def test_findings_first_then_the_appendix(valid_run: Run) -> None:
    text = (valid_run.out / "report.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# valid",
        "## The network",
        "## Views and files",
        "## What the measures mean",
        "## Who was most central in each period",
        "## Who rose and who fell",
        "## Who could have reached whom",
        "## Ties formed and dissolved",
        "## Brokers",
        "## Brokers between groups",
        "## How balance changed",
        "## What dropping uncertain ties changes",
        "## Where the sources disagree",
        "## Rankings",
        "## Communities and declared groups",
        "## Appendix: reference tables",
        "### The dataset in numbers",
        "### Validation warnings",
        "### Presence in time",
        "### Uncertain and unsourced ties",
        "### Rival readings in full",
        "### Balance: every date, and the ties that frustrate it",
        "### Ties formed and dissolved in every period",
        "### Robustness of the rankings",
        "### Brokerage of persons and organizations, and bridges",
        "### Communities",
    ]
    assert text.split("## The network\n\n")[1].startswith(
        "3 persons and 1 organization, 4 ties of 4 relation types, dated 1878-01-01 to 1953-12-31. "
        "2 ties (50%) are certain; 3 cite one of 3 sources; 0 are undated. "
        "The sources disagree on 0 facts. Validation left 1 warning (see the appendix).\n"
    )
    assert text.split("## How balance changed\n\n")[1].startswith(
        "0 signed triangles in the whole network, 0 balanced and 0 unbalanced (ratio nan); "
        "1 ambivalent pair left out."
    )
    # 007 (no group) is Stalin's deputy and Stalin Sergo's ally: Stalin passes into his own group.
    assert text.split("## Brokers between groups\n\n")[1].split("\n\n")[1] == (
        "Joseph Stalin (Bolsheviks) stands between two others in 1 chain: 1 as a gatekeeper."
    )
    # Sergo and Stalin share first place on the first and the last date on which they have ties.
    assert text.split("## Who rose and who fell\n\n")[1].split("\n\n")[1] == (
        "No person's place changed between dates on which they had ties."
    )
    assert "(s)" not in text


def test_rankings_list_persons_and_organizations_apart(valid_run: Run) -> None:
    text = (valid_run.out / "report.md").read_text(encoding="utf-8")
    persons = text.split("**Persons: the first 10 by each measure**")[1].split("**Organizations")[0]
    organizations = text.split("**Organizations: the first 5 by each measure**")[1].split("##")[0]
    assert "Okhrana" not in persons
    assert persons.splitlines()[4:7] == [
        "| 1 Joseph Stalin | 1 Joseph Stalin | 1 Joseph Stalin | 1 Joseph Stalin | 1 Joseph Stalin |",
        "| =2 NA | =2 NA | =2 NA | =2 NA | 2 Sergo Ordzhonikidze |",
        "| =2 Sergo Ordzhonikidze | =2 Sergo Ordzhonikidze | =2 Sergo Ordzhonikidze | =2 Sergo Ordzhonikidze | 3 NA |",
    ]
    # The Okhrana's one tie is an arrest: hostile ties confer no standing, so it is not ranked.
    assert organizations.strip() == "(none)"
    central = text.split("**The most central persons**")[1].split("![")[0]
    assert "Okhrana" not in central


def test_the_first_screen_of_the_bundled_report_and_its_collapsed_appendix(bundled_run: Run) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto((bundled_run.out / "report.html").resolve().as_uri())
        page.wait_for_load_state("load")
        appendix = page.evaluate("() => document.getElementById('appendix').getBoundingClientRect().top")
        images = page.evaluate("() => [...document.images].map(i => i.naturalWidth > 0)")
        folded = page.evaluate(
            "() => [...document.querySelectorAll('details')].map(d => [d.open, d.querySelector('summary').textContent])"
        )
        browser.close()
    assert 2000 < appendix <= 6200  # the findings, with three plots
    assert images == [True, True, True]
    assert [False, "Ties that are not certain (80 rows)"] in folded
    assert all(not is_open for is_open, _ in folded)


def test_who_could_have_reached_whom_agrees_with_reach(bundled_run: Run) -> None:
    """The section's figures for the five persons with most ties, checked against netpipe.reach."""
    report = (bundled_run.out / "report.md").read_text(encoding="utf-8")
    section = report.split("## Who could have reached whom\n")[1].split("\n## ")[0]
    graph = netpipe.load("data")
    sentence = re.compile(
        r"([^.;]+?) could have reached (\d+) persons \(half of them by ([-\d]+)\), of (\d+) linked to them by "
        r"the same ties in any order; (\d+) of (\d+) could have reached \1\."
    )
    found = sentence.findall(section)
    names = [name.strip() for name, *_ in found]
    assert names == [
        "Sergo Ordzhonikidze",
        "Joseph Stalin",
        "Yuri Piatakov",
        "Sergei Kirov",
        "Lavrenti Beria",
    ]
    for name, reaches, half, _, reached_by, _ in found:
        forward = netpipe.reach(graph, name.strip())
        backward = netpipe.reach(graph, name.strip(), direction="backward")
        assert int(reaches) == len(forward) - 1
        assert half == sorted(forward["arrival"][1:])[(len(forward) - 2) // 2]
        assert int(reached_by) == len(backward) - 1
    # Kirov, killed on 1934-12-01, could be reached by fewer than the others: time closes chains.
    assert [row[4] for row in found] == ["31", "31", "31", "19", "31"]


def test_a_result_not_computed_keeps_its_sections_which_say_why(tmp_path: Path) -> None:
    tables = read_tables("tests/data/valid")
    results = analyse(Network.from_tables(tables))
    why = "Not computed: the undirected projection (all ties) holds 4 ties, above the gather limit (3)."
    skipped = replace(results, skipped=dict.fromkeys(["communities", "community-groups", "turnover"], why))
    write_report(tables, skipped, tmp_path, "valid")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for title in (
        "## Ties formed and dissolved",
        "## Communities and declared groups",
        "### Ties formed and dissolved in every period",
        "### Communities",
    ):
        assert text.split(f"{title}\n\n")[1].split("\n")[0] == why
    assert text.split("## Brokers\n\n")[1].startswith("The persons whose contacts are least tied")
    assert set(results.tables()) - set(skipped.tables()) == {"communities", "community-groups", "turnover"}
