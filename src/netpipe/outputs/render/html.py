"""The interactive network page: one self-contained, offline ``network.html``.

The node and tie options are produced with pyvis (its ``Network``, ``Node`` and
``Edge``) and drawn by the vis-network script that pyvis ships, inlined into the page.
The page itself comes from netpipe's own template (``templates/network.html.j2``): every
text from the data travels as JSON inside a ``<script type="application/json">`` block
(with ``<``, ``>`` and ``&`` escaped) and reaches the page only through ``textContent``,
so a name like ``<img src=x onerror=alert(1)>`` is shown, never run.

What the page shows (colours from :mod:`netpipe.outputs.drawing.colors`): people in their group's
colour, ties by the sign of their relation; the labels of the largest nodes that fit
without overlapping, drawn by the page itself, more as one zooms in; a click on a person
fades everything but their neighbours and lists their ties in date order, with the rival
readings of a fact (the ``claim`` column) side by side; filters by group, kind,
certainty, source and relation, and "hide people without ties"; dragging, and "reset
layout". ``window.netpipe`` exposes the network, the labels drawn and the focus.

Only the ``max_nodes`` largest nodes and the ``max_edges`` strongest ties among them are
drawn (:func:`netpipe.outputs.drawing.drawn.drawn_part`), and the page says what was left out.
Everything is computed from the selection's tables with numpy, on integer row positions,
so a :class:`~netpipe.model.network.Network` of a million ties is drawn without any graph.

A time slider shows the drawn network as of each date of the timeline with the rules of
:func:`netpipe.model.selection.snapshot` (wide reading): each node and tie carries the day
interval of :func:`netpipe.model.selection.time_spans`, and the page only compares day numbers.

On demand, the page rings whom the focused person could have reached by chains of ties in
time by the end of the date shown, or who could have reached them: the rule of
:func:`netpipe.reach` on the drawn network as the filters keep it, followed in the page
(``templates/chains.js``, with the rules per tie of :mod:`netpipe.outputs.render.chains`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from netpipe.io.atomic import write_text
from netpipe.io.calendars import as_written
from netpipe.io.dates import format_days, parse_date_list
from netpipe.io.errors import ArgumentError
from netpipe.io.spans import presence_table
from netpipe.io.title import title_of
from netpipe.io.words import MEASURE_NAMES, place_words
from netpipe.model.network import NetworkLike, selection_of
from netpipe.model.selection import time_spans, timeline
from netpipe.outputs.drawing.colors import (
    OTHER_GROUPS,
    OTHER_GROUPS_COLOR,
    SIGN_COLORS,
    SIGN_NAMES,
    group_colors,
    node_groups,
)
from netpipe.outputs.drawing.drawn import MAX_EDGES, MAX_NODES, Drawn, drawn_part, node_sizes
from netpipe.outputs.drawing.style import drawn_style
from netpipe.outputs.render.chains import chain_rules

__all__ = [
    "SHAPES", "check_budget", "drawn_directed", "drawn_page", "edge_options", "network_html", "network_page",
    "node_sizes", "slider_stops", "written_precisions",
]  # fmt: skip

#: The vis-network shape of each node kind.
SHAPES = {"person": "dot", "organization": "square"}
_DASHES = {"probable": [8, 4], "possible": [4, 4], "alleged": [2, 5]}
_NO_CITATION = "(no citation)"
_TEMPLATE = "network.html.j2"
_CHAINS_SCRIPT = "chains.js"
"""The page's script that follows chains in time (as :func:`netpipe.reach`), inlined beside the template."""
_DENSE = 5000
"""Above this many ties on the page, ties are drawn faint."""


def network_html(
    graph: NetworkLike,
    path: str | Path,
    sizes: pd.Series | None = None,
    measures: pd.DataFrame | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 42,
    title: str | None = None,
    *,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    start: str | None = None,
    end: str | None = None,
    max_edges: int = MAX_EDGES,
) -> Path:
    """Write the interactive view of a network: one offline HTML file.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection
        (:meth:`netpipe.model.network.Network.from_tables`: no graph is needed, which is how
        a million ties are drawn). The page is built from the selection's tables.
    path : str or Path
        The file to write (e.g. ``outputs/network.html``), atomically.
    sizes : pandas.Series, optional
        A measure by node id (e.g. PageRank) that sizes the nodes and decides which
        nodes are drawn when there are more than ``max_nodes``; its ``name`` is shown.
        Default: each node's number of ties.
    measures : pandas.DataFrame, optional
        Measures by node id shown in the tooltips, with each node's rank among all the
        selected nodes (columns that are not numbers, such as ``name``, are left out).
    max_nodes : int
        Draw at most this many nodes (the largest by ``sizes``, ties broken by id) and the
        ties among them; the page says how many nodes and ties were left out, and only
        the drawn nodes are laid out.
    max_edges : int
        Draw at most this many of the ties among the drawn nodes (the strongest, see
        :func:`netpipe.outputs.drawing.drawn.drawn_part`); the page says how many were left out.
    seed : int
        Seed of the layout.
    title : str, optional
        The page's heading (plain text); default the dataset's title
        (:func:`netpipe.io.title.title_of`).
    dates : sequence of str, optional
        The dates of the time slider; default the days on which the network changes
        (see :func:`netpipe.model.selection.timeline`).
    every : str, optional
        The slider's step when ``dates`` is not given (``year``, ``5y``, ``month``).
    start, end : str, optional
        Keep on the slider only the dates wholly within this period (either end may be open).

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import netpipe, tempfile
    >>> out = network_html(netpipe.load("tests/data/valid"), tempfile.mkdtemp() + "/network.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    page = network_page(
        graph, sizes, measures, max_nodes, seed, title,
        dates=dates, every=every, start=start, end=end, max_edges=max_edges,
    )  # fmt: skip
    return write_text(path, page)


def network_page(
    graph: NetworkLike,
    sizes: pd.Series | None = None,
    measures: pd.DataFrame | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 42,
    title: str | None = None,
    *,
    dates: Sequence[str] | None = None,
    every: str | None = None,
    start: str | None = None,
    end: str | None = None,
    max_edges: int = MAX_EDGES,
) -> str:
    """The text of the page :func:`network_html` writes (same parameters, no file).

    Examples
    --------
    >>> import netpipe
    >>> network_page(netpipe.load("tests/data/valid")).startswith("<!DOCTYPE html>")
    True
    """
    graph = selection_of(graph)
    check_budget(max_nodes, max_edges)
    tables = graph.tables
    stops = slider_stops(
        written_precisions([tables.nodes, tables.edges]), timeline(graph, dates, every, start=start, end=end)
    )
    drawn = drawn_part(graph, sizes, max_nodes, max_edges)
    return drawn_page(drawn, drawn_style(drawn, seed), sizes, measures, title, stops)


def check_budget(max_nodes: int, max_edges: int) -> None:
    """Raise :class:`~netpipe.io.errors.ArgumentError` for a page that could draw nothing."""
    if max_nodes < 1:
        raise ArgumentError(f"max_nodes must be at least 1, not {max_nodes}")
    if max_edges < 0:
        raise ArgumentError(f"max_edges must be at least 0, not {max_edges}")


def drawn_page(
    drawn: Drawn,
    style: pd.DataFrame,
    sizes: pd.Series | None,
    measures: pd.DataFrame | None,
    title: str | None,
    stops: list[dict[str, Any]],
) -> str:
    """The page of a drawn part of a network, of its ``style`` (see
    :func:`~netpipe.outputs.drawing.style.drawn_style`), with the slider's ``stops`` (see
    :func:`slider_stops`); the other arguments as :func:`network_html` takes them."""
    import pyvis

    selection, part = drawn.base, drawn.part
    nodes = selection.tables.nodes.iloc[drawn.node_rows]
    edges = selection.tables.edges.iloc[drawn.edge_rows]
    node_spans, edge_spans = time_spans(part, "wide")
    edge_spans = edge_spans.loc[edges.index]  # in the drawn order
    vocabulary = selection.vocabulary
    heading = title_of(selection.tables, title)

    groups = node_groups(nodes)
    group_color = group_colors(list(groups.index))
    relation_names = [r for r in vocabulary if r in set(edges["relation"])]
    relation_names += sorted(set(edges["relation"]) - set(relation_names))

    net = pyvis.network.Network(directed=True, cdn_resources="in_line")
    net.toggle_physics(False)
    for node_id, kind, x, y, size, color in zip(
        nodes.index.astype(str),
        nodes["kind"],
        style["x"],
        style["y"],
        style["size"],
        style["color"],
        strict=True,
    ):
        net.add_node(
            node_id, shape=SHAPES.get(kind, "dot"), color=color, size=float(size), x=float(x), y=float(y)
        )
        net.nodes[-1].pop("label")  # the page draws the labels itself, never two overlapping
    net.edges = edge_options(edges, vocabulary)

    names = np.where(nodes["name"] != "", nodes["name"], nodes.index.astype(str)).astype(object)
    source, target = drawn.endpoints()
    if measures is not None and sizes is not None and sizes.name in measures.columns:
        # The measure that sizes the nodes comes first in the tooltips.
        measures = measures[[sizes.name, *[c for c in measures.columns if c != sizes.name]]]
    ranks = _ranked(measures, nodes.index, selection.tables.nodes.index[selection.node_mask])
    citations = pd.Series(_texts(edges, "citation"), dtype=object).replace("", _NO_CITATION).value_counts()
    payload: dict[str, Any] = {
        "title": heading.title,
        "description": heading.description,
        "sizeLabel": str(sizes.name) if sizes is not None and sizes.name is not None else "number of ties",
        "nodes": net.nodes,
        "nodeInfo": [
            {**_node_info(str(node_id), row, (lo, hi), ranks.get(str(node_id), [])), "presence": present}
            for (node_id, row), lo, hi, present in zip(
                nodes.iterrows(),
                node_spans["lo"].tolist(),
                node_spans["hi"].tolist(),
                _presence_texts(presence_table(selection.tables).loc[nodes.index]),
                strict=True,
            )
        ],
        "edges": net.edges,
        "edgeInfo": _edge_infos(edges, names[source], names[target], vocabulary, edge_spans),
        "chains": chain_rules(part, edges),
        "groups": [
            {"name": str(name), "color": group_color[str(name)], "count": int(count)}
            for name, count in groups.items()
        ],
        "other": {"name": OTHER_GROUPS, "color": OTHER_GROUPS_COLOR},
        "kinds": sorted(set(nodes["kind"])),
        "signs": [{"name": SIGN_NAMES[sign], "color": color} for sign, color in SIGN_COLORS.items()],
        "citations": sorted(
            ([str(name), int(count)] for name, count in citations.items()),
            key=lambda item: (item[0] == _NO_CITATION, -item[1], item[0]),
        ),
        "relations": [
            {
                "name": name,
                "color": SIGN_COLORS[_sign(vocabulary, name)],
                "sign": SIGN_NAMES[_sign(vocabulary, name)],
                "directed": bool(vocabulary.get(name, {}).get("directed", True)),
                "inverse": str(vocabulary.get(name, {}).get("inverse", "")),
                "description": str(vocabulary.get(name, {}).get("description", "")),
                "count": int((edges["relation"] == name).sum()),
            }
            for name in relation_names
        ],
        "dates": stops,
        "undated": int(edge_spans[["lo", "hi"]].isna().all(axis=1).sum()),
        "total": {"nodes": drawn.held[0], "edges": drawn.held[1]},
        "omitted": {"nodes": drawn.omitted_nodes, "edges": drawn.omitted_edges},
        "budget": {"cut": drawn.ties_cut},
        "options": _options(json.loads(net.options.to_json()), len(nodes)),
    }
    return _render(payload)


def _sign(vocabulary: dict[str, dict[str, Any]], relation: str) -> int:
    """The sign of a relation (-1, 0, 1); 0 for one the vocabulary does not declare."""
    return int(vocabulary.get(relation, {}).get("sign", 0))


def _text(row: pd.Series, column: str) -> str:
    """A cell as text, blank when the column is absent."""
    value = row.get(column, "")
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as text (blank for missing cells, or when the column is absent)."""
    if column not in frame:
        return [""] * len(frame)
    values = frame[column]
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values.tolist()]


def drawn_directed(edges: pd.DataFrame, vocabulary: dict[str, dict[str, Any]]) -> list[bool]:
    """Whether each tie is drawn with an arrow: its relation's ``directed``, else its own."""
    declared = {name: bool(v["directed"]) for name, v in vocabulary.items() if "directed" in v}
    return [
        declared.get(relation, bool(own))
        for relation, own in zip(edges["relation"].tolist(), edges["directed"].tolist(), strict=True)
    ]


def edge_options(edges: pd.DataFrame, vocabulary: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """vis-network options for each tie: colour by sign, arrow, dashes, and a curve per parallel tie."""
    from pyvis.edge import Edge

    # pyvis's Network.add_edge scans every node and edge per call; Edge gives the same options.
    # Ids as the page names its nodes: as text (any hashable id: a tuple, a frozenset).
    source, target = (edges[end].astype(str).to_numpy(dtype=object) for end in ("source", "target"))
    first = np.where(source <= target, source, target)
    pairs = pd.DataFrame({"a": first, "b": np.where(source <= target, target, source)})
    position = pairs.groupby(["a", "b"]).cumcount().to_numpy()
    count = pairs.groupby(["a", "b"])["a"].transform("size").to_numpy()
    # Ties of one pair fan out: 0, +1, -1, +2, ... (odd count) or +1, -1, +2, ... (even).
    rank = position + (count % 2 == 0)
    offset = (rank + 1) // 2 * np.where(rank % 2 == 1, 1, -1)
    offset = np.where(source != first, -offset, offset).tolist()
    weights = edges["weight"].astype(float).tolist()
    width = [round(1.5 + min(math.log1p(max(w, 0.0)), 3.0), 2) for w in weights]
    certainty = _texts(edges, "certainty") if "certainty" in edges else ["certain"] * len(edges)
    # Many ties drawn at once hide the nodes: draw them fainter.
    opacity = 0.85 if len(edges) <= _DENSE else 0.3
    options = []
    for edge_id, a, b, relation, directed, shift, dash, thickness in zip(
        edges.index.tolist(), source.tolist(), target.tolist(), edges["relation"].tolist(),
        drawn_directed(edges, vocabulary), offset, certainty, width, strict=True,
    ):  # fmt: skip
        smooth: dict[str, Any] | bool = False
        if shift:
            smooth = {
                "enabled": True,
                "type": "curvedCW" if shift > 0 else "curvedCCW",
                "roundness": round(0.2 * abs(shift), 2),
            }
        color = SIGN_COLORS[_sign(vocabulary, relation)]
        edge = Edge(
            a,
            b,
            directed,
            id=edge_id,
            color={"color": color, "highlight": color, "opacity": opacity},
            dashes=_DASHES.get(dash, False),
            smooth=smooth,
            width=thickness,
        )
        options.append(edge.options)
    return options


def _presence_texts(table: pd.DataFrame) -> list[str]:
    """When each node is present, and whether each bound is declared, attested, inferred or open."""
    starts, ends = format_days(table["from"]), format_days(table["until"])
    return [
        "undated: on no date (no dated evidence)"
        if first == "undated"
        else f"present from {start or '…'} ({first}) until {end or '…'} ({last})"
        for start, first, end, last in zip(
            starts, table["from_basis"], ends, table["until_basis"], strict=True
        )
    ]


def _node_info(
    node_id: str, row: pd.Series, span: tuple[float, float], measures: list[str]
) -> dict[str, Any]:
    """The text a node's tooltip shows, and its day interval."""
    return {
        "id": str(node_id),
        "name": _text(row, "name") or str(node_id),
        "aliases": [a for a in _text(row, "aliases").split("|") if a.strip()],
        "kind": _text(row, "kind"),
        "start": _text(row, "start"),
        "end": _text(row, "end"),
        "group": _text(row, "group"),
        "description": _text(row, "description"),
        "citation": _text(row, "citation"),
        "measures": measures,
        "lo": _day(span[0]),
        "hi": _day(span[1]),
    }


def _edge_infos(
    edges: pd.DataFrame,
    source_names: np.ndarray,
    target_names: np.ndarray,
    vocabulary: dict[str, dict[str, Any]],
    spans: pd.DataFrame,
) -> list[dict[str, Any]]:
    """The text each tie's tooltip shows (read both ways), and its day interval."""
    inverses = {name: str(v.get("inverse", "")) for name, v in vocabulary.items()}
    columns = [as_written(edges, "start"), as_written(edges, "end")]  # other calendars: the Gregorian day too
    columns += [_texts(edges, c) for c in ("certainty", "citation", "note", "claim")]
    infos = []
    for source, target, name, directed, lo, hi, start, end, certainty, citation, note, claim in zip(
        source_names.tolist(), target_names.tolist(), edges["relation"].tolist(),
        drawn_directed(edges, vocabulary), spans["lo"].tolist(), spans["hi"].tolist(), *columns, strict=True,
    ):  # fmt: skip
        inverse = inverses.get(name, "")
        backward = (
            f"{target} {inverse} {source}" if inverse else f"{target} {name} {source}" if not directed else ""
        )
        infos.append(
            {
                "relation": str(name),
                "forward": f"{source} {name} {target}",
                "backward": backward,
                "start": start,
                "end": end,
                "certainty": certainty or "certain",
                "citation": citation,
                "note": note,
                "claim": claim,
                "lo": _day(lo),
                "hi": _day(hi),
            }
        )
    return infos


def _ranked(
    measures: pd.DataFrame | None, ids: pd.Index, among: pd.Index | None = None
) -> dict[Any, list[str]]:
    """Per node of ``ids``, its place by each of the first six measures among the nodes of
    ``among`` that have a value ("2nd of 26 by PageRank", "joint 3rd of 26 by number of ties")."""
    if measures is not None:
        measures = measures.select_dtypes("number")  # a name column is not a measure
    if measures is None or measures.empty:
        return {}
    everyone = measures.reindex(ids if among is None else among).iloc[:, :6]
    columns: list[list[str]] = []
    for column in everyone.columns:
        values = everyone[column]
        if pd.api.types.is_bool_dtype(values):
            continue
        number = values.astype(float)
        rank = number.rank(ascending=False, method="min")
        shared = rank.map(rank.value_counts()).gt(1)
        ranked, label = int(number.notna().sum()), MEASURE_NAMES.get(str(column), str(column))
        columns.append(
            [
                f"{place_words(int(r), bool(s))} of {ranked} by {label}" if np.isfinite(r) else ""
                for r, s in zip(
                    rank.reindex(ids).to_numpy(float), shared.reindex(ids).fillna(False), strict=True
                )
            ]
        )
    return {node_id: [texts[i] for texts in columns if texts[i]] for i, node_id in enumerate(ids)}


def _day(value: float) -> int | None:
    """A day number, None (open) for NaN."""
    return None if pd.isna(value) else int(value)


def written_precisions(tables: Sequence[pd.DataFrame]) -> set[str]:
    """The precisions of the dates written in some typed tables (``day``, ``month``, ``year``)."""
    return {p for table in tables for bound in ("start", "end") for p in table[f"{bound}_precision"].unique()}


def slider_stops(written: set[str], dates: Sequence[str]) -> list[dict[str, Any]]:
    """The slider's stops: each date's first and last day, labelled at the finest precision of the
    data's ``written`` dates (see :func:`written_precisions`)."""
    spans = parse_date_list(dates)
    finest = next((p for p in ("day", "month", "year") if p in written), "day")
    labels = format_days([lo for lo, _ in spans], finest)
    label_spans = parse_date_list(labels)
    return [
        {"label": label if lo == hi and label_lo == lo else date, "lo": lo, "hi": hi}
        for date, label, (lo, hi), (label_lo, _) in zip(dates, labels, spans, label_spans, strict=True)
    ]


def _options(base: dict[str, Any], n_nodes: int) -> dict[str, Any]:
    """pyvis's options with the page's settings: laid-out positions, hover, dragging, no physics."""
    base.pop("configure", None)
    base["physics"] = {"enabled": False}
    base["layout"] = {"improvedLayout": False}
    base["interaction"] = {
        **base.get("interaction", {}),
        "hover": True,
        "tooltipDelay": 120,
        "dragNodes": True,
        "hideEdgesOnDrag": n_nodes > 1000,
        "hideEdgesOnZoom": n_nodes > 1000,
        "keyboard": False,
    }
    base["nodes"] = {"borderWidth": 1}
    base["edges"] = {
        "smooth": False,
        "color": {"inherit": False},
        "arrows": {"to": {"enabled": False, "scaleFactor": 0.6}},
        "hoverWidth": 1.5,
        "selectionWidth": 2,
    }
    return base


def _render(payload: dict[str, Any]) -> str:
    """Fill the template: the vis-network script and the data as escaped JSON, both inlined."""
    import pyvis

    loader = jinja2.PackageLoader("netpipe", "templates")
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    library = Path(pyvis.network.__file__).parent / "lib"
    script = (library / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    # The source map comment would point the browser's developer tools at a missing file.
    script = re.sub(r"^//# sourceMappingURL=\S*\s*$", "", script, flags=re.MULTILINE)
    if "</script" in script.lower():
        script = script.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    chains, _, _ = loader.get_source(environment, _CHAINS_SCRIPT)  # plain script, not a template
    return environment.get_template(_TEMPLATE).render(
        vis_script=Markup(script),
        chains_script=Markup(chains),
        data=Markup(_json_for_script(payload)),
    )


def _json_for_script(payload: dict[str, Any]) -> str:
    """Strict JSON that cannot close its ``<script>`` block: ``<``, ``>``, ``&`` as escapes."""
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
