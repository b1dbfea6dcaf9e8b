"""The colours every drawing shares: a few groups a person tells apart, ties by sign.

Groups take Paul Tol's "muted" scheme (nine colours that stay distinct for colour-blind
readers), most common group first; every further group is drawn as "other groups", and
nodes without a group in grey. Ties are coloured by the sign of their relation, from
Okabe and Ito's colour-blind safe set: friendly blue, hostile vermilion, neutral grey.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "GROUP_COLORS",
    "NO_GROUP",
    "NO_GROUP_COLOR",
    "OTHER_GROUPS",
    "OTHER_GROUPS_COLOR",
    "SIGN_COLORS",
    "SIGN_NAMES",
    "group_colors",
    "node_groups",
]

#: Paul Tol's "muted" qualitative scheme.
GROUP_COLORS = (
    "#332288",
    "#88ccee",
    "#44aa99",
    "#117733",
    "#999933",
    "#ddcc77",
    "#cc6677",
    "#882255",
    "#aa4499",
)
NO_GROUP = "(no group)"
NO_GROUP_COLOR = "#a0a0a0"
OTHER_GROUPS = "other groups"
OTHER_GROUPS_COLOR = "#dddddd"
#: Colours of ties by the sign of their relation (Okabe-Ito blue, vermilion, grey).
SIGN_COLORS = {1: "#0072b2", -1: "#d55e00", 0: "#8c8c8c"}
SIGN_NAMES = {1: "friendly", -1: "hostile", 0: "neutral"}


def node_groups(nodes: pd.DataFrame) -> pd.Series:
    """Node count per group, most common first (ties by name), blank groups as ``(no group)`` last."""
    group = nodes["group"] if "group" in nodes else pd.Series("", index=nodes.index)
    counts = group.replace("", NO_GROUP).value_counts()
    order = sorted(counts.index, key=lambda name: (name == NO_GROUP, -counts[name], name))
    return counts[order]


def group_colors(groups: Sequence[str]) -> dict[str, str]:
    """A colour per group, in the order given (most common first): nine, then "other", grey for none.

    >>> group_colors(["Bolsheviks", "(no group)", "Okhrana"])
    {'Bolsheviks': '#332288', 'Okhrana': '#88ccee', '(no group)': '#a0a0a0'}
    >>> group_colors([f"g{i}" for i in range(11)])["g10"]
    '#dddddd'
    """
    named = [g for g in groups if g != NO_GROUP]
    colors = {
        g: GROUP_COLORS[i] if i < len(GROUP_COLORS) else OTHER_GROUPS_COLOR for i, g in enumerate(named)
    }
    if NO_GROUP in groups:
        colors[NO_GROUP] = NO_GROUP_COLOR
    return colors
