"""How a result shows in a notebook: a heading, a few facts, its tables (``_repr_html_``).

Every text is escaped (a name like ``<img onerror=...>`` is shown, never run); long tables
show their first rows and say how many more the result holds.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = ["SHOWN_ROWS", "result_html"]

#: The rows of a table a notebook shows; the rest are counted.
SHOWN_ROWS = 20


def result_html(
    heading: str, facts: Sequence[str] = (), tables: Mapping[str, pd.DataFrame] | None = None
) -> str:
    """A result as HTML: ``heading``, then ``facts`` as a list, then each table under its caption.

    >>> shown = result_html("Chains", ["2 steps"], {"": pd.DataFrame({"from": ["<b>A</b>"]})})
    >>> shown.startswith('<div class="netpipe-result"><p><strong>Chains</strong></p><ul><li>2 steps</li>')
    True
    >>> "<td>&lt;b&gt;A&lt;/b&gt;</td>" in shown
    True
    """
    parts = [f'<div class="netpipe-result"><p><strong>{html.escape(heading)}</strong></p>']
    if facts:
        parts.append("<ul>" + "".join(f"<li>{html.escape(fact)}</li>" for fact in facts) + "</ul>")
    for caption, table in (tables or {}).items():
        parts.append(f"<p>{html.escape(caption)}</p>" if caption else "")
        parts.append(table.head(SHOWN_ROWS).to_html(escape=True, border=0, na_rep=""))
        if len(table) > SHOWN_ROWS:
            parts.append(f"<p>… and {len(table) - SHOWN_ROWS:,} more rows</p>")
    parts.append("</div>")
    return "".join(parts)
