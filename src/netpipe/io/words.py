"""Plain words for numbers and names: plurals, ordinals, lists of names."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["MEASURE_NAMES", "count", "join_names", "ordinal", "place_words"]

#: How the measures are named in plain words (the glossary of the report explains each).
MEASURE_NAMES = {
    "degree": "number of ties",
    "in_degree": "ties received",
    "out_degree": "ties given",
    "betweenness": "betweenness",
    "closeness": "closeness",
    "eigenvector": "eigenvector",
    "pagerank": "PageRank",
    "core": "core",
}

_IRREGULAR = {"person": "persons", "body": "bodies", "reading": "readings", "is": "are", "has": "have"}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A number and its noun, singular or plural.

    >>> count(1, "person"), count(56, "person"), count(2, "body"), count(0, "tie")
    ('1 person', '56 persons', '2 bodies', '0 ties')
    """
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or _IRREGULAR.get(noun) or _plural(noun)}"


def _plural(noun: str) -> str:
    """The regular English plural of a noun (a last word)."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st...

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_names(names: Iterable[str], last: str | None = None) -> str:
    """Names as one list: joined by commas, or by semicolons when a name holds a comma; ``last``
    (such as ``"and"``) joins the last two.

    >>> join_names(["Stalin", "Kirov"])
    'Stalin, Kirov'
    >>> join_names(["Sophie Chotek, Duchess of Hohenberg", "Franz Ferdinand"])
    'Sophie Chotek, Duchess of Hohenberg; Franz Ferdinand'
    >>> join_names(["Yagoda", "Kirov", "Ryutin"], last="and")
    'Yagoda, Kirov and Ryutin'
    """
    listed = [str(name) for name in names]
    separator = "; " if any("," in name for name in listed) else ", "
    if last is None or len(listed) < 2:
        return separator.join(listed)
    return f"{separator.join(listed[:-1])}{';' if separator == '; ' else ''} {last} {listed[-1]}"


def place_words(position: int, shared: bool = False) -> str:
    """A rank in words: "2nd", or "joint 2nd" when others share it.

    >>> place_words(2), place_words(3, shared=True)
    ('2nd', 'joint 3rd')
    """
    return ("joint " if shared else "") + ordinal(position)
