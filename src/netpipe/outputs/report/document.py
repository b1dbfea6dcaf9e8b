"""A report as data (sections of text, tables and figures) and its Markdown and HTML forms.

Text from the data is escaped in both: Markdown special characters are backslashed, and
the HTML is rendered by Jinja2 with autoescaping on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jinja2
import pandas as pd

__all__ = ["Figure", "Section", "markdown_escape", "to_html", "to_markdown"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&])")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


@dataclass
class Figure:
    """An image of the report, with the path of its PNG and SVG relative to the report."""

    caption: str
    png: str
    svg: str | None = None


@dataclass
class Section:
    """One heading of the report with its paragraphs, tables and figures, in that order."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, relative path) pairs."""
    appendix: bool = False
    """A reference section: after the findings, under "Appendix"; in HTML, long tables collapsed."""


#: The heading above the appendix sections.
APPENDIX = "Appendix: reference tables"
#: Tables of the appendix longer than this are collapsed in HTML (``<details>``).
COLLAPSE = 10


def markdown_escape(text: object, block: bool = True) -> str:
    """Backslash every character Markdown would read as markup; newlines become spaces.

    With ``block`` (text that starts a line), a leading ``-``, ``+``, ``=`` or ``1.``
    is escaped too, so it cannot start a list or a heading; table cells need not.

    >>> print(markdown_escape("<img src=x> *bold* | a_b, 1937-02-18"))
    \\<img src=x\\> \\*bold\\* \\| a\\_b, 1937-02-18
    >>> print(markdown_escape("- not a list"), markdown_escape("0.5", block=False))
    \\- not a list 0.5
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(_escape_marker, escaped) if block else escaped


def _escape_marker(match: re.Match[str]) -> str:
    """``- x`` as ``\\- x``, ``1. x`` as ``1\\. x`` (a digit cannot be escaped)."""
    lead, marker = match.groups()
    return f"{lead}{marker[:-1]}\\{marker[-1]}"


def _cell(value: object) -> str:
    """A table cell as text: floats with 4 decimals, missing values blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def to_markdown(title: str, sections: list[Section]) -> str:
    """The report as Markdown; every piece of text from the data is escaped."""
    lines = [f"# {markdown_escape(title)}", ""]
    in_appendix = False
    for section in sections:
        if section.appendix and not in_appendix:
            lines += [f"## {APPENDIX}", ""]
            in_appendix = True
        lines += [f"{'###' if section.appendix else '##'} {markdown_escape(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [markdown_escape(paragraph), ""]
        for caption, table in section.tables:
            lines += [f"**{markdown_escape(caption)}**", ""]
            lines += [*_markdown_table(table), ""]
        for figure in section.figures:
            lines += [f"![{markdown_escape(figure.caption)}]({figure.png})", ""]
        for text, path in section.links:
            lines += [f"- [{markdown_escape(text)}]({path})"]
        if section.links:
            lines.append("")
    return "\n".join(lines)


def _markdown_table(table: pd.DataFrame) -> list[str]:
    """A pipe table, or a line saying there is nothing to show."""
    if table.empty:
        return ["(none)"]
    header = "| " + " | ".join(markdown_escape(c, block=False) for c in table.columns) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    rows = [
        "| " + " | ".join(markdown_escape(_cell(v), block=False) for v in row) + " |"
        for row in table.itertuples(index=False)
    ]
    return [header, rule, *rows]


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("netpipe", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def to_html(title: str, sections: list[Section]) -> str:
    """The report as one HTML page (Jinja2, autoescaped); figures are linked, not inlined."""
    prepared = [
        {
            "title": s.title,
            "paragraphs": s.paragraphs,
            "tables": [(caption, _html_table(table)) for caption, table in s.tables],
            "figures": s.figures,
            "links": s.links,
            "appendix": s.appendix,
        }
        for s in sections
    ]
    return _ENVIRONMENT.get_template("report.html.j2").render(
        title=title, sections=prepared, appendix=APPENDIX, collapse=COLLAPSE
    )


def _html_table(table: pd.DataFrame) -> dict[str, object]:
    """Columns and rows of (text, is-number) cells."""
    numeric = [pd.api.types.is_numeric_dtype(table[c]) for c in table.columns]
    rows = [
        [(_cell(v), n) for v, n in zip(row, numeric, strict=True)] for row in table.itertuples(index=False)
    ]
    return {"columns": [str(c) for c in table.columns], "rows": rows}
