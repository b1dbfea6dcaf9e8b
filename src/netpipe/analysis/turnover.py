"""Turnover over time: the ties formed and dissolved in each period, and how long pairs stayed tied.

The questions of R tsna's ``tEdgeFormation``, ``tEdgeDissolution`` and ``tiedDuration``, asked
with the time rules of :mod:`netpipe.io.spans` (read widely or narrowly, at least as sure as
a certainty):

- A tie is active from its first to its last active day: its own dates, within the presence
  of both its people (the days :func:`netpipe.snapshot` shows it).
- Only a ``state`` tie (an alliance, a friendship, a post, a membership) *forms* and
  *dissolves*: it forms on its first active day and dissolves on its last. An ``event``
  (an arrest, a meeting) begins no relationship: it is counted apart, in the period of its
  first day.
- A side of a tie that nothing states is *censored*, as in survival analysis: a tie with no
  start of its own, which begins only where the record first shows its people, is not counted
  as formed; a tie with no end of its own, which lasts until the record's last sight of its
  people (or stays open), is not counted as dissolved. A person's declared ``start`` or
  ``end`` (a birth, a death, a body's founding or dissolution) does state it: a tie cut by a
  death dissolved then.
- A tie with no date of its own (no start, no end) is left out, and counted: it is never
  placed in a period. So is a tie that is never active (read narrowly, a tie whose dates carry
  a qualifier never surely held).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from netpipe.io.dates import as_date_text, format_days, parse_date_list
from netpipe.io.errors import ArgumentError
from netpipe.io.spans import OPEN_END, OPEN_START, Reading, check_reading, days_or, spans
from netpipe.io.typed_tables import Tables, endpoint_positions
from netpipe.model.network import Network, NetworkLike, selection_of
from netpipe.model.selection import period_days, period_step, select

__all__ = [
    "PERIOD_LIMIT",
    "People",
    "Tally",
    "TieSpans",
    "Turnover",
    "counted_range",
    "durations_of",
    "joined_range",
    "people_of",
    "period_texts",
    "placed_ties",
    "state_ties",
    "tallied",
    "tie_spans",
    "tied_durations",
    "turnover",
    "turnover_of",
    "turnover_periods",
]

#: Without ``periods``, the shortest step of :data:`_STEPS` that makes at most this many periods.
PERIOD_LIMIT = 20
#: The steps ``turnover`` chooses among, shortest first.
_STEPS = (
    "month",
    "3m",
    "6m",
    "year",
    "2y",
    "5y",
    "decade",
    "20y",
    "25y",
    "50y",
    "100y",
    "250y",
    "500y",
    "1000y",
)
#: Months from the year 0 to 1970 (``datetime64[M]`` counts from 1970-01).
_MONTHS_TO_1970 = 1970 * 12

DateLike = str | int | datetime.date


@dataclass(frozen=True)
class Turnover:
    """The result of :func:`turnover`: the tables, and the ties not placed in any period."""

    table: pd.DataFrame
    """One row per period and relation (see :func:`turnover`)."""
    totals: pd.DataFrame
    """One row per period, over every relation: the same columns but ``relation`` and ``kind``."""
    ties: pd.DataFrame
    """One row per tie placed in time (selected, dated, active), in table order: ``id``,
    ``source``, ``relation``, ``target``, ``kind``, ``first`` and ``last`` (its first and last
    active day, ISO; blank when open), ``start_stated`` and ``end_stated`` (whether the data
    states them, see the module's rules), ``formed_in`` (the ``start`` of the period in which a
    state tie formed or an event happened; blank for none) and ``dissolved_in``."""
    undated: int
    """Ties left out because they have no date of their own (no start, no end)."""
    never_active: int
    """Dated ties left out because they are never active (read narrowly: never surely held;
    or their people are never present together)."""
    open_starts: int
    """Dated ties (``state``, and events) active within the periods with no stated start: not
    counted as formed (or as events)."""
    open_ends: int
    """Dated ``state`` ties active within the periods with no stated end: not counted as
    dissolved (censored)."""
    loose_starts: int
    """Formations and events the data dates too loosely to place in one period (their first day
    read widely and read narrowly fall in different periods): counted in none."""
    loose_ends: int
    """Dissolutions dated too loosely to place in one period: counted in none."""
    step: str
    """The step of the periods (``5y``, ``decade``, ...), or ``""`` for periods given as dates."""


def turnover(
    graph: NetworkLike,
    *,
    periods: str | Sequence[DateLike] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    reading: Reading = "wide",
    certainty: str | None = None,
) -> Turnover:
    """The ties formed and dissolved in each period, by relation, and the rates of change.

    The rules are the module's: only ``state`` ties form and dissolve, events are counted
    apart, a side nothing states is censored (not counted), undated ties are left out.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    periods : str or sequence of dates, optional
        A step (``year``, ``5y``, ``decade``, ``month``, ``6m``): periods of that length
        on the calendar (years divisible by the step: ``1910``-``1919`` for a decade,
        ``1915``-``1919`` for ``5y``), from the one holding the first active day of the
        ties to the one holding the last. Or the dates on which periods begin, in order:
        each lasts until the day before the next, the last through its own date (``1937``:
        all of 1937). Default: the shortest of month, 3m, 6m, year, 2y, 5y, decade, 20y,
        25y, 50y, 100y, ... that makes at most :data:`PERIOD_LIMIT` periods.
    start, end : str, int or datetime.date, optional
        Keep only the periods, or the parts of periods, within this period (either may be
        open); the default step is chosen for it.
    reading : {"wide", "narrow"}
        Read dates at their widest (whatever may have held) or narrowest (only what surely held).
    certainty : {"certain", "probable", "possible", "alleged"}, optional
        Count only ties at least this sure (default: all).

    Returns
    -------
    Turnover
        ``table``: one row per period and relation (every relation with a dated tie in the
        selection, in the order of the vocabulary): ``start`` and ``end`` (the period's
        first and last day, as ISO text at the coarsest precision that states them
        exactly: ``1910`` and ``1919``), ``relation``, ``kind`` (``state`` or ``event``),
        ``active_at_start`` (state ties held when the period begins: active on its first
        day and begun before it, their start stated or not), ``formed`` (state ties whose
        stated first active day falls in the period), ``dissolved`` (state ties whose
        stated last active day falls in the period), ``formation_rate`` and
        ``dissolution_rate`` (``formed`` and ``dissolved`` per tie active at the period's
        start; NaN where none was: a rate of nothing is not 0; a tie formed and dissolved
        within one period counts in ``dissolved`` but not in the denominator, so the
        dissolution rate may exceed 1) and ``events`` (events whose stated first day falls
        in the period). ``totals`` sums the relations per period (rates from the sums).
        ``undated``, ``never_active``, ``open_starts`` and
        ``open_ends`` count the ties left out or censored; ``step`` is the periods' step.

    Raises
    ------
    ArgumentError
        An unknown step, a date that is not one, dates out of order, a period that ends
        before it starts, or an option with an unknown value.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", relation="ally", start="1905", end="1912")
    >>> G.add_edge("b", "c", relation="ally", start="1908")
    >>> G.add_edge("a", "c", relation="arrested-by", start="1911-05-02")
    >>> found = turnover(G, periods="5y")
    >>> found.totals[["start", "end", "active_at_start", "formed", "dissolved", "events"]]
      start   end  active_at_start  formed  dissolved  events
    0  1905  1909                0       2          0       0
    1  1910  1914                2       0          1       1
    >>> found.totals["dissolution_rate"].tolist()  # no tie held before 1905: no rate, not 0
    [nan, 0.5]
    >>> found.open_ends  # b-c has no end: still held when the record stops, not dissolved
    1
    """
    check_reading(reading)
    selection = selection_of(select(graph, certainty=certainty) if certainty else graph)
    ties = _tie_spans(selection, reading)
    _, _, focus_lo, focus_hi = period_days(start, end)
    period_lo, period_hi, step = turnover_periods(
        periods, focus_lo, focus_hi, lambda: counted_range(ties, focus_lo, focus_hi)
    )
    texts = period_texts(period_lo, period_hi)
    tally, placed_in = tallied(ties, period_lo, period_hi, len(selection.tables.relations))
    placed = placed_ties(selection.tables.edges, ties, placed_in, texts[0])
    return turnover_of(tally, placed, period_lo, texts, step, selection.tables.relations)


def tied_durations(
    graph: NetworkLike,
    *,
    by_relation: bool = False,
    reading: Reading = "wide",
    certainty: str | None = None,
) -> pd.DataFrame:
    """How long each pair of people stayed tied: the days covered by their ``state`` ties.

    A pair is two different people (or bodies) joined by at least one dated ``state`` tie,
    whatever its direction; its ties' active days (as for :func:`turnover`) are joined into
    spells (ties that overlap or follow on the next day make one spell), and its duration is
    the number of days in them. Events last no time and tie no pair; undated ties, ties never
    active and self-loops are left out.

    Parameters
    ----------
    graph : networkx.Graph or Network
        Any NetworkX graph, as it is now, or a selection.
    by_relation : bool
        One row per pair and relation (each relation's spells apart) instead of per pair
        (spells of every relation joined).
    reading, certainty
        As for :func:`turnover`.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``a`` before ``b`` in the network's node order), longest first
        (those with an open spell last), then in node order: ``a``, ``name_a``, ``b``,
        ``name_b``, (``relation``), ``ties``, ``first`` and ``last`` (the first and last
        day tied, ISO; blank when open), ``spells``, ``days`` (days tied, each counted
        once, first and last day included; missing where a spell is open) and ``censored``
        (True where a spell begins or ends where the data states no date, at the record's
        first or last sight
        of the pair: the pair may have been tied longer).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_edge("a", "b", relation="ally", start="1905-01-01", end="1905-01-10")
    0
    >>> G.add_edge("a", "b", relation="friend", start="1905-01-08", end="1905-01-20")
    1
    >>> G.add_edge("b", "c", relation="ally", start="1906")
    0
    >>> tied_durations(G)[["a", "b", "first", "last", "spells", "days", "censored"]]
       a  b       first        last  spells  days  censored
    0  a  b  1905-01-01  1905-01-20       1    20     False
    1  b  c  1906-01-01                   1  <NA>      True
    """
    check_reading(reading)
    selection = selection_of(select(graph, certainty=certainty) if certainty else graph)
    tables = selection.tables
    return durations_of(
        state_ties(_tie_spans(selection, reading)), tables.nodes, tables.relations.index, by_relation
    )


@dataclass(frozen=True)
class Tally:
    """What :func:`turnover` counts of some ties (of a part of them: tallies add up)."""

    counts: np.ndarray
    """Ties held at each period's start, formed, dissolved and events, per period and relation of
    the vocabulary (4 x periods x relations)."""
    dated: np.ndarray
    """The ties placed in time (selected, dated, active), per relation of the vocabulary."""
    loose_starts: int
    loose_ends: int
    undated: int
    never_active: int
    open_starts: int
    open_ends: int

    def __add__(self, other: Tally) -> Tally:
        """The tally of both sets of ties."""
        return Tally(
            self.counts + other.counts,
            self.dated + other.dated,
            *(getattr(self, name) + getattr(other, name) for name in _TALLIED),
        )


#: The counts of a :class:`Tally` that are single numbers.
_TALLIED = ("loose_starts", "loose_ends", "undated", "never_active", "open_starts", "open_ends")


class People(NamedTuple):
    """What the ties' spans read of the node table and the vocabulary."""

    presence: dict[str, tuple[np.ndarray, np.ndarray]]
    """Each node's first and last day present, in each reading."""
    declared_start: np.ndarray
    declared_end: np.ndarray
    relations: pd.Index


def people_of(tables: Tables, presence: Callable[[Reading], tuple[np.ndarray, np.ndarray]]) -> People:
    """What the ties' spans read of the node table and the vocabulary of ``tables``, the nodes'
    presence in a reading as ``presence(reading)`` gives it."""
    nodes = tables.nodes
    return People(
        {"wide": presence("wide"), "narrow": presence("narrow")},
        nodes["start_lo"].notna().to_numpy(),
        nodes["end_lo"].notna().to_numpy(),
        tables.relations.index,
    )


def tie_spans(
    edges: pd.DataFrame,
    ends: tuple[np.ndarray, np.ndarray],
    edge_mask: np.ndarray,
    people: People,
    reading: Reading,
    written: Callable[[Reading], tuple[np.ndarray, np.ndarray]],
) -> TieSpans:
    """Each tie's active days and which of its bounds the data states (see the module's rules): of
    the ties ``edges`` (those of ``edge_mask`` selected), their people at the positions ``ends``,
    the days ``written(reading)`` gives as written on them."""
    source, target = ends

    def within(
        edge_days: tuple[np.ndarray, np.ndarray], node_days: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """A tie's first and last day within the presence of both its people."""
        first = np.maximum.reduce([edge_days[0], node_days[0][source], node_days[0][target]])
        last = np.minimum.reduce([edge_days[1], node_days[1][source], node_days[1][target]])
        return first, last

    node_lo, node_hi = people.presence[reading]
    lo, hi = within(written(reading), (node_lo, node_hi))
    state = (edges["kind"] == "state").to_numpy()
    # The same, read widely and read narrowly whatever the qualifiers: how precisely the data
    # places a tie's first and last day (a "?" doubts a date, it does not widen it).
    wide_lo, wide_hi = within(written("wide"), people.presence["wide"])
    narrow_start = days_or(edges["start_hi"], OPEN_START)
    event_end = edges["start_lo"].where(~state)
    narrow_end = days_or(edges["end_lo"].fillna(event_end), OPEN_END)
    narrow_lo, narrow_hi = within((narrow_start, narrow_end), people.presence["narrow"])
    declared_start, declared_end = people.declared_start, people.declared_end
    has_start = edges["start_lo"].notna().to_numpy()
    has_end = edges["end_lo"].notna().to_numpy()
    cut_start = (declared_start[source] & (node_lo[source] == lo)) | (
        declared_start[target] & (node_lo[target] == lo)
    )
    cut_end = (declared_end[source] & (node_hi[source] == hi)) | (
        declared_end[target] & (node_hi[target] == hi)
    )
    has_date = has_start | has_end
    active = lo <= hi
    return TieSpans(
        source=source,
        target=target,
        # Codes, not a million texts made Python strings: the vocabulary holds every relation used.
        relation=pd.Categorical(edges["relation"], categories=people.relations).codes.astype(np.int64),
        state=state,
        lo=lo,
        hi=hi,
        has_date=has_date,
        active=active,
        known_start=(has_start | cut_start) & (lo != OPEN_START),
        known_end=(has_end | ~state | cut_end) & (hi != OPEN_END),
        first_days=(wide_lo, narrow_lo),
        last_days=(narrow_hi, wide_hi),
        counted=edge_mask & has_date & active,
        selected=edge_mask,
    )


def counted_range(ties: TieSpans, focus_lo: int, focus_hi: int) -> tuple[int, int] | None:
    """The first and last day (none open) of the ties placed in time within the focus, or None."""
    days = np.concatenate([ties.lo[ties.counted], ties.hi[ties.counted]])
    days = days[(days != OPEN_START) & (days != OPEN_END) & (days >= focus_lo) & (days <= focus_hi)]
    return (int(days.min()), int(days.max())) if len(days) else None


def joined_range(ranges: Iterable[tuple[int, int] | None]) -> tuple[int, int] | None:
    """The range of several :func:`counted_range` (None where all are None)."""
    found = [found for found in ranges if found is not None]
    return (min(lo for lo, _ in found), max(hi for _, hi in found)) if found else None


def tallied(
    ties: TieSpans, period_lo: np.ndarray, period_hi: np.ndarray, n_relations: int
) -> tuple[Tally, np.ndarray]:
    """What :func:`turnover` counts of ``ties`` in the periods, and the periods (positions, -1 for
    none) in which each formed or happened (first row) and dissolved (second); ``n_relations``
    is the size of the vocabulary."""
    n_periods = len(period_lo)
    counts = np.zeros((4, n_periods, n_relations), np.int64)  # held, formed, dissolved, events
    dated, relation = ties.counted, ties.relation
    state = dated & ties.state
    loose, periods_of = [], []
    for which, keep, days in (
        (1, state & ties.known_start, ties.first_days),
        (2, state & ties.known_end, ties.last_days),
        (3, dated & ~ties.state & ties.known_start, ties.first_days),
    ):
        at, unplaced = _placed(days, keep, period_lo, period_hi)
        placed = at >= 0
        flat = np.bincount(at[placed] * n_relations + relation[placed], minlength=n_periods * n_relations)
        counts[which] = flat.reshape(n_periods, n_relations)
        loose.append(int(unplaced.sum()))
        periods_of.append(at)
    for r in np.unique(
        relation[state]
    ):  # held when each period begins (from before it), relation by relation
        mine = state & (relation == r)
        lo, hi = np.sort(ties.lo[mine]), np.sort(ties.hi[mine])
        counts[0, :, r] = np.searchsorted(lo, period_lo, "left") - np.searchsorted(hi, period_lo, "left")
    first_day, last_day = (period_lo[0], period_hi[-1]) if n_periods else (OPEN_END, OPEN_START)
    within = (ties.lo <= last_day) & (ties.hi >= first_day)  # censored within the periods' span
    tally = Tally(
        counts=counts,
        dated=np.bincount(relation[dated], minlength=n_relations),
        loose_starts=loose[0] + loose[2],
        loose_ends=loose[1],
        undated=int((ties.selected & ~ties.has_date).sum()),
        never_active=int((ties.selected & ties.has_date & ~ties.active).sum()),
        open_starts=int((dated & ~ties.known_start & within).sum()),
        open_ends=int((state & ~ties.known_end & within).sum()),
    )
    return tally, np.stack([np.maximum(periods_of[0], periods_of[2]), periods_of[1]])


def placed_ties(
    edges: pd.DataFrame, ties: TieSpans, placed_in: np.ndarray, starts: list[str]
) -> pd.DataFrame:
    """The rows of :attr:`Turnover.ties` of ``ties`` (the rows of ``edges``), placed in the periods
    that begin on ``starts`` as :func:`tallied` places them (``placed_in``)."""
    starts_of = np.append(np.array(starts, dtype=object), "")  # position -1: no period
    rows = np.flatnonzero(ties.counted)
    text = edges[["source", "relation", "target", "kind"]].iloc[rows]  # as stored: no Python strings
    return pd.DataFrame(
        {
            "id": edges.index[rows],
            **{column: text[column].array for column in text.columns},
            "first": _day_texts(ties.lo[rows]),
            "last": _day_texts(ties.hi[rows]),
            "start_stated": ties.known_start[rows],
            "end_stated": ties.known_end[rows],
            "formed_in": starts_of[placed_in[0, rows]],
            "dissolved_in": starts_of[placed_in[1, rows]],
        }
    )


def turnover_of(
    tally: Tally,
    placed: pd.DataFrame,
    period_lo: np.ndarray,
    texts: tuple[list[str], list[str]],
    step: str,
    relations: pd.DataFrame,
) -> Turnover:
    """The :class:`Turnover` of the ties ``tally`` counts and ``placed`` lists, in the periods that
    begin on the days ``period_lo`` (written ``texts``, first and last days), of the vocabulary
    ``relations``."""
    used = np.flatnonzero(tally.dated)
    shown = relations.index[used]
    counts = tally.counts[:, :, used]
    n_periods, n_relations = len(period_lo), len(shown)
    starts, ends = texts
    table = _counted(
        {
            "start": np.repeat(starts, n_relations),
            "end": np.repeat(ends, n_relations),
            "relation": np.tile(shown.to_numpy(dtype=object), n_periods),
            "kind": np.tile(relations.loc[shown, "kind"].to_numpy(dtype=object), n_periods),
        },
        *(part.ravel() for part in counts),
    )
    totals = _counted({"start": starts, "end": ends}, *(part.sum(axis=1) for part in counts))
    return Turnover(
        table=table,
        totals=totals,
        ties=placed,
        undated=tally.undated,
        never_active=tally.never_active,
        open_starts=tally.open_starts,
        open_ends=tally.open_ends,
        loose_starts=tally.loose_starts,
        loose_ends=tally.loose_ends,
        step=step,
    )


def state_ties(ties: TieSpans) -> pd.DataFrame:
    """The state ties :func:`tied_durations` joins into spells, in table order: their pair of people
    (positions in the node table, ``a`` the lower), first and last days, whether these are open
    (stated by nothing), and their relation (position in the vocabulary)."""
    keep = ties.counted & ties.state & (ties.source != ties.target)
    return pd.DataFrame(
        {
            "a": np.minimum(ties.source[keep], ties.target[keep]),
            "b": np.maximum(ties.source[keep], ties.target[keep]),
            "lo": ties.lo[keep],
            "hi": ties.hi[keep],
            "open_lo": ~ties.known_start[keep],
            "open_hi": ~ties.known_end[keep],
            "relation": ties.relation[keep],
        }
    )


def durations_of(
    frame: pd.DataFrame, nodes: pd.DataFrame, relations: pd.Index, by_relation: bool
) -> pd.DataFrame:
    """The table of :func:`tied_durations` of the state ties ``frame`` (as :func:`state_ties`
    gives them), of the node table ``nodes`` and the vocabulary ``relations``."""
    keys = ["a", "b"]
    if by_relation:
        frame["relation"] = relations.to_numpy(dtype=object)[frame["relation"].to_numpy()]
        keys.append("relation")
    frame = frame.sort_values([*keys, "lo", "hi"], kind="stable", ignore_index=True)
    group = frame.groupby(keys, sort=False).ngroup().to_numpy()
    reach_hi = frame.groupby(group)["hi"].cummax().to_numpy()
    before = np.concatenate([[OPEN_START], reach_hi[:-1]])
    new_group = np.concatenate([[True], group[1:] != group[:-1]])
    # A tie starting after every earlier tie of its pair has ended (a day apart or more) opens a spell.
    gap = (frame["lo"].to_numpy() > before) & (frame["lo"].to_numpy() - before > 1)
    spell = np.cumsum(new_group | gap) - 1
    frame["spell"] = spell
    spell_lo = frame.groupby("spell")["lo"].transform("min").to_numpy()
    spell_hi = frame.groupby("spell")["hi"].transform("max").to_numpy()
    frame["open_first"] = frame["open_lo"] & (frame["lo"].to_numpy() == spell_lo)
    frame["open_last"] = frame["open_hi"] & (frame["hi"].to_numpy() == spell_hi)
    spells = frame.groupby("spell", sort=True).agg(
        lo=("lo", "min"),
        hi=("hi", "max"),
        open_first=("open_first", "any"),
        open_last=("open_last", "any"),
    )
    spells["group"] = group[np.searchsorted(spell, spells.index.to_numpy())]
    spells["open"] = (spells["lo"] == OPEN_START) | (spells["hi"] == OPEN_END)
    spells["days"] = np.where(spells["open"], 0, spells["hi"] - spells["lo"] + 1)
    spells["censored"] = spells["open_first"] | spells["open_last"]
    pairs = spells.groupby("group", sort=True).agg(
        lo=("lo", "min"),
        hi=("hi", "max"),
        spells=("lo", "size"),
        days=("days", "sum"),
        open=("open", "any"),
        censored=("censored", "any"),
    )
    heads = frame.loc[~pd.Series(group).duplicated().to_numpy(), keys].reset_index(drop=True)
    ids, names = nodes.index.to_numpy(dtype=object), nodes["name"].to_numpy(dtype=object)
    days = pd.array(pairs["days"].to_numpy(), dtype="Int64")
    days[pairs["open"].to_numpy()] = pd.NA
    out = pd.DataFrame(
        {
            "a": ids[heads["a"].to_numpy()],
            "name_a": names[heads["a"].to_numpy()],
            "b": ids[heads["b"].to_numpy()],
            "name_b": names[heads["b"].to_numpy()],
            **({"relation": heads["relation"].to_numpy(dtype=object)} if by_relation else {}),
            "ties": np.bincount(group, minlength=len(pairs)),
            "first": _day_texts(pairs["lo"].to_numpy()),
            "last": _day_texts(pairs["hi"].to_numpy()),
            "spells": pairs["spells"].to_numpy(),
            "days": days,
            "censored": pairs["censored"].to_numpy(dtype=bool),
        }
    )
    order = np.lexsort((np.arange(len(out)), -pairs["days"].to_numpy(), pairs["open"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


@dataclass(frozen=True)
class TieSpans:
    """Every tie of the tables (row by row), as turnover reads it."""

    source: np.ndarray
    target: np.ndarray
    relation: np.ndarray
    """The position of each tie's relation in the vocabulary (``tables.relations``)."""
    state: np.ndarray
    lo: np.ndarray
    """The first active day (``OPEN_START`` if open)."""
    hi: np.ndarray
    """The last active day (``OPEN_END`` if open)."""
    has_date: np.ndarray
    """A start or an end is written on the tie."""
    active: np.ndarray
    """Active on some day (``lo <= hi``)."""
    known_start: np.ndarray
    """The first active day is stated: the tie's start, or a later declared start of one of its people."""
    known_end: np.ndarray
    """The last active day is stated: the tie's end (an event's own day), or an earlier declared end."""
    first_days: tuple[np.ndarray, np.ndarray]
    """The first active day read widely and read narrowly (qualifiers aside): where the data places it."""
    last_days: tuple[np.ndarray, np.ndarray]
    """The last active day read narrowly and read widely (qualifiers aside)."""
    counted: np.ndarray
    """Selected, dated and active: the ties turnover places in time."""
    selected: np.ndarray


def _tie_spans(selection: Network, reading: Reading) -> TieSpans:
    """The spans of a selection's ties (see :func:`tie_spans`)."""
    tables = selection.tables
    return tie_spans(
        tables.edges,
        endpoint_positions(tables),
        selection.edge_mask,
        people_of(tables, lambda read: spans(tables, read)[:2]),
        reading,
        lambda read: spans(tables, read)[2:],
    )


def turnover_periods(
    periods: str | Sequence[DateLike] | None,
    focus_lo: int,
    focus_hi: int,
    counted: Callable[[], tuple[int, int] | None],
) -> tuple[np.ndarray, np.ndarray, str]:
    """The periods' first and last days (clipped to the focus), and their step (``""`` for dates);
    ``counted()`` gives the first and last day of the ties placed in time within the focus (see
    :func:`counted_range`), asked only for a step."""
    if periods is not None and not isinstance(periods, str):
        texts = [as_date_text(date, "periods") for date in periods]
        given = np.array(parse_date_list(texts), np.int64).reshape(-1, 2)
        if len(given) and np.any(np.diff(given[:, 0]) <= 0):
            raise ArgumentError(
                "the dates that begin the periods must be in order, each after the one before"
            )
        lo = given[:, 0]
        hi = np.append(lo[1:] - 1, given[-1:, 1])
        return *_clipped(lo, hi, focus_lo, focus_hi), ""
    steps = [periods] if periods is not None else list(_STEPS)
    months = [_months(step) for step in steps]  # checks a given step
    found = counted()
    if found is None:
        empty = np.zeros(0, np.int64)
        return empty, empty, steps[0] if periods is not None else ""
    first, last = _month_number(found[0]), _month_number(found[1])
    counts = [(last - (first - first % length)) // length + 1 for length in months]
    chosen = 0 if periods is not None else next((i for i, n in enumerate(counts) if n <= PERIOD_LIMIT), -1)
    length, count = months[chosen], counts[chosen]
    begin = first - first % length
    months_since_1970 = begin + length * np.arange(count + 1, dtype=np.int64) - _MONTHS_TO_1970
    bounds = months_since_1970.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return *_clipped(bounds[:-1], bounds[1:] - 1, focus_lo, focus_hi), steps[chosen]


def _months(step: str) -> int:
    """A step's length in months."""
    years, months = period_step(step)
    return 12 * years + months


def _month_number(day: int) -> int:
    """The month holding ``day``, counted from January of the year 0."""
    return (
        int(np.int64(day).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)) + _MONTHS_TO_1970
    )


def _clipped(lo: np.ndarray, hi: np.ndarray, focus_lo: int, focus_hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Periods cut to the focus; those wholly outside it dropped."""
    lo, hi = np.maximum(lo, focus_lo), np.minimum(hi, focus_hi)
    inside = lo <= hi
    return lo[inside], hi[inside]


def _placed(
    days: tuple[np.ndarray, np.ndarray], keep: np.ndarray, period_lo: np.ndarray, period_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The period (position; -1 for none) of each tie of ``keep`` placed by two days that fall in
    the same one of the periods (contiguous, in order); and where they fall in different ones (at
    least one within the periods)."""
    last = period_hi[-1] if len(period_hi) else OPEN_START
    at = [np.where(day <= last, np.searchsorted(period_lo, day, "right") - 1, -1) for day in days]
    placed = keep & (at[0] == at[1]) & (at[0] >= 0)
    loose = keep & (at[0] != at[1]) & ((at[0] >= 0) | (at[1] >= 0))
    return np.where(placed, at[0], -1), loose


def _counted(
    head: dict[str, object], held: np.ndarray, formed: np.ndarray, dissolved: np.ndarray, events: np.ndarray
) -> pd.DataFrame:
    """The columns ``head``, then the counts and the rates (NaN where no tie was held at the start)."""
    base = np.where(held > 0, held, np.nan)
    return pd.DataFrame(
        {
            **head,
            "active_at_start": held,
            "formed": formed,
            "dissolved": dissolved,
            "formation_rate": formed / base,
            "dissolution_rate": dissolved / base,
            "events": events,
        }
    )


def period_texts(lo: np.ndarray, hi: np.ndarray) -> tuple[list[str], list[str]]:
    """Each period's first and last day, both as years where the period is whole years, as
    months where it is whole months, else as days."""
    first, last = lo.astype("datetime64[D]"), hi.astype("datetime64[D]")
    month_start = first == first.astype("datetime64[M]").astype("datetime64[D]")
    month_end = last == (last.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    year_start = month_start & (first.astype("datetime64[M]").astype(np.int64) % 12 == 0)
    year_end = month_end & (last.astype("datetime64[M]").astype(np.int64) % 12 == 11)
    precision = np.where(year_start & year_end, "year", np.where(month_start & month_end, "month", "day"))
    starts, ends = np.array(format_days(lo), dtype=object), np.array(format_days(hi), dtype=object)
    for name, size in (("year", -6), ("month", -3)):
        chosen = precision == name
        starts[chosen] = [text[:size] for text in starts[chosen]]
        ends[chosen] = [text[:size] for text in ends[chosen]]
    return starts.tolist(), ends.tolist()


def _day_texts(days: np.ndarray) -> list[str]:
    """Days as ISO text, blank where open."""
    open_day = (days == OPEN_START) | (days == OPEN_END)
    values = pd.array(np.where(open_day, 0, days), dtype="Int64")
    values[open_day] = pd.NA
    return format_days(pd.Series(values))
