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


def markdown_escape(text: object) -> str:
    """Backslash every character Markdown would read as markup; newlines become spaces.

    >>> print(markdown_escape("<img src=x> *bold* | a_b, 1937-02-18"))
    \\<img src=x\\> \\*bold\\* \\| a\\_b, 1937-02-18
    >>> print(markdown_escape("- not a list"))
    \\- not a list
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(r"\1\\\2", escaped)


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
    for section in sections:
        lines += [f"## {markdown_escape(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [markdown_escape(paragraph), ""]
        for caption, table in section.tables:
            lines += [f"**{markdown_escape(caption)}**", ""]
            lines += _markdown_table(table) + [""]
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
    header = "| " + " | ".join(markdown_escape(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    rows = [
        "| " + " | ".join(markdown_escape(_cell(v)) for v in row) + " |"
        for row in table.itertuples(index=False)
    ]
    return [header, rule, *rows]


_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.7rem; } h2 { border-bottom: 1px solid #ddd; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<nav><ul>{% for section in sections %}<li><a href="#s{{ loop.index }}">{{ section.title }}</a></li>{% endfor %}</ul></nav>
{% for section in sections %}
<section id="s{{ loop.index }}">
<h2>{{ section.title }}</h2>
{% for paragraph in section.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
{% for caption, table in section.tables %}
<table>
<caption>{{ caption }}</caption>
<thead><tr>{% for column in table.columns %}<th>{{ column }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in table.rows %}<tr>{% for value, number in row %}<td{% if number %} class="number"{% endif %}>{{ value }}</td>{% endfor %}</tr>
{% else %}<tr><td colspan="{{ table.columns|length }}">(none)</td></tr>
{% endfor %}
</tbody>
</table>
{% endfor %}
{% for figure in section.figures %}
<figure><img src="{{ figure.png }}" alt="{{ figure.caption }}"><figcaption>{{ figure.caption }}{% if figure.svg %} (<a href="{{ figure.svg }}">SVG</a>){% endif %}</figcaption></figure>
{% endfor %}
{% if section.links %}<ul>{% for text, path in section.links %}<li><a href="{{ path }}">{{ text }}</a></li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
</body>
</html>
"""
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
        }
        for s in sections
    ]
    return _TEMPLATE.render(title=title, sections=prepared)


def _html_table(table: pd.DataFrame) -> dict[str, object]:
    """Columns and rows of (text, is-number) cells."""
    numeric = [pd.api.types.is_numeric_dtype(table[c]) for c in table.columns]
    rows = [
        [(_cell(v), n) for v, n in zip(row, numeric, strict=True)] for row in table.itertuples(index=False)
    ]
    return {"columns": [str(c) for c in table.columns], "rows": rows}
