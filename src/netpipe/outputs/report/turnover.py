"""The report's section on turnover: ties formed and dissolved per period, and how long pairs were tied."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netpipe.analysis.everything import Analyses
from netpipe.analysis.turnover import Turnover
from netpipe.io.dates import format_days, parse_date_list
from netpipe.io.typed_tables import Tables
from netpipe.io.words import count, join_names
from netpipe.outputs.report.document import Figure, Section
from netpipe.outputs.report.plots import line_plot

__all__ = ["turnover_section", "turnover_table"]

#: How a step of periods reads in a sentence.
_STEP_WORDS = {
    "month": "month",
    "3m": "three-month period",
    "6m": "six-month period",
    "year": "year",
    "2y": "two-year period",
    "5y": "five-year period",
    "decade": "decade",
    "20y": "twenty-year period",
    "25y": "quarter-century",
    "50y": "half-century",
    "100y": "century",
}
#: How many relations a sentence names.
_RELATIONS = 3
#: How many of the longest-tied pairs the section lists.
_PAIRS = 5
_DAYS_PER_YEAR = 365.2425


def turnover_section(title: str, tables: Tables, results: Analyses, out: Path) -> Section:
    """When ties formed and dissolved and how long pairs were tied, in words, with the plot (written
    into ``out/plots``); the table of every period is :func:`turnover_table`'s, in the appendix."""
    found = results.turnover
    section = Section(title)
    if found is None or found.totals.empty:
        section.paragraphs.append("No tie is dated: nothing can be placed in time.")
        return section
    totals = found.totals.assign(period=_labels(found.totals))
    section.paragraphs += [_method(found, totals), _findings(tables, found, totals)]
    section.paragraphs.append(_durations(results.tied_durations))
    # Each period drawn at its middle day, so a five-year period's point stands over its years.
    first = np.array([lo for lo, _ in parse_date_list(totals["start"])])
    last = np.array([hi for _, hi in parse_date_list(totals["end"])])
    series = pd.DataFrame(
        {
            "ties formed": totals["formed"].to_numpy(float),
            "ties dissolved": totals["dissolved"].to_numpy(float),
        },
        index=format_days((first + last) // 2),
    )
    step = _STEP_WORDS.get(found.step, "period")
    png, svg = line_plot(
        series,
        f"Lasting ties formed and dissolved per {step} (each at its middle)",
        "ties",
        out / "plots" / "turnover",
    )
    section.figures.append(
        Figure(
            "Ties formed and dissolved per period",
            png.relative_to(out).as_posix(),
            svg.relative_to(out).as_posix(),
        )
    )
    return section


def turnover_table(title: str, results: Analyses) -> Section:
    """Every period: ties held at its start, formed, dissolved, events and the rates."""
    found = results.turnover
    section = Section(title)
    if found is None or found.totals.empty:
        return section
    totals = found.totals
    shown = pd.DataFrame({"period": _labels(totals)}).join(
        totals[["active_at_start", "formed", "dissolved", "events"]].rename(
            columns={"active_at_start": "held at the start"}
        )
    )
    for column in ("formation_rate", "dissolution_rate"):
        shown[column.replace("_", " ")] = [
            f"{rate:.2f}" if np.isfinite(rate) else "" for rate in totals[column]
        ]
    section.paragraphs.append(
        "Rates are per tie held when the period began (blank where none was); by relation in "
        "exports/turnover.csv, tie by tie in exports/turnover-ties.csv."
    )
    section.tables.append(("Lasting ties and events in each period", shown))
    return section


def _labels(totals: pd.DataFrame) -> list[str]:
    """Each period as a reader writes it: ``1935-1939`` (with an en dash), or ``1937`` for a single one."""
    return [
        start if start == end else f"{start}\u2013{end}"
        for start, end in zip(totals["start"], totals["end"], strict=True)
    ]


def _method(found: Turnover, totals: pd.DataFrame) -> str:
    """How the figures are counted, and what is left out, in one paragraph."""
    step = _STEP_WORDS.get(found.step, "period")
    span = f"from {totals['start'].iloc[0]} to {totals['end'].iloc[-1]}"
    periods = f"in each {step} {span}" if found.step else f"in each of {count(len(totals), 'period')} {span}"
    loose = found.loose_starts + found.loose_ends
    left_out = [
        (found.open_ends, f"{count(found.open_ends, 'end')} the data does not state (ties still held when "
         "the record falls silent)"),
        (found.open_starts, f"{count(found.open_starts, 'start')} the data does not state"),
        (loose, f"{count(loose, 'start or end', 'starts or ends')} dated across periods"),
        (found.undated, count(found.undated, "undated tie")),
        (found.never_active, f"{count(found.never_active, 'tie')} dated outside their people's presence"),
    ]  # fmt: skip
    said = [text for n, text in left_out if n]
    return (
        f"Lasting ties (relations of kind state) {periods}: a tie forms on its first day and dissolves on "
        "its last, or at a declared end of one of its people; where the sources only first show a tie, its "
        f"start is that first sighting. {'Not counted: ' + '; '.join(said) + '. ' if said else ''}"
        "Events (arrests, meetings: relations of kind event) begin no lasting tie and are counted apart. "
        "Every period is in the appendix."
    )


def _findings(tables: Tables, found: Turnover, totals: pd.DataFrame) -> str:
    """When most ties formed and dissolved, which relations, and where ties were lost on balance."""
    sentences = []
    for column, verb in (("formed", "formed"), ("dissolved", "dissolved")):
        if not totals[column].any():
            sentences.append(f"No tie {verb} in a period the data places it in.")
            continue
        peak = int(np.argmax(totals[column].to_numpy()))  # the earliest of equal peaks
        period, start = totals["period"].iloc[peak], totals["start"].iloc[peak]
        n = int(totals[column].iloc[peak])
        rows = found.table[(found.table["start"] == start) & (found.table[column] > 0)]
        relations = rows.sort_values(column, ascending=False, kind="stable").head(_RELATIONS)
        named = join_names(
            [f"{r} {int(k)}" for r, k in zip(relations["relation"], relations[column], strict=True)]
        )
        day = _busiest_day(tables, found, start) if column == "dissolved" else ""
        sentences.append(f"Most ties {verb} in {period} ({n}: {named}){day}.")
    if totals["events"].any():
        peak = int(np.argmax(totals["events"].to_numpy()))
        sentences.append(
            f"Events were most frequent in {totals['period'].iloc[peak]} ({totals['events'].iloc[peak]})."
        )
    losing = totals[totals["dissolved"] > totals["formed"]]
    if len(losing):
        listed = join_names(
            [
                f"{p} ({f} formed, {d} dissolved)"
                for p, f, d in zip(losing["period"], losing["formed"], losing["dissolved"], strict=True)
            ],
            "and",
        )
        sentences.append(f"More ties dissolved than formed in {listed}.")
    else:
        sentences.append("In no period did more ties dissolve than form.")
    return " ".join(sentences)


def _busiest_day(tables: Tables, found: Turnover, start: str) -> str:
    """``, K of them on DAY, the end date the data gives for NAME``, where at least a third of the
    dissolutions of the period fall on one day, with the person most of them share if that day is
    within that person's declared end; else ``""``."""
    ties = found.ties[found.ties["dissolved_in"] == start]
    days = ties["last"].value_counts(sort=True)
    if days.empty or days.iloc[0] < 2 or days.iloc[0] * 3 < len(ties):
        return ""
    day, k = str(days.index[0]), int(days.iloc[0])
    on_day = ties[ties["last"] == day]
    people = pd.concat([on_day["source"], on_day["target"]]).value_counts()
    nodes = tables.nodes
    who = people.index[0]
    declared = nodes.loc[who, "end_lo"] if who in nodes.index else pd.NA
    if pd.isna(declared) or people.iloc[0] * 2 < k:
        return f", {k} of them on {day}"
    return f", {k} of them on {day}, the end date the data gives for {nodes.loc[who, 'name']}"


def _durations(durations: pd.DataFrame) -> str:
    """How long pairs stayed tied (read narrowly), in one paragraph."""
    if durations.empty:
        return "No pair is surely tied by a dated lasting tie."
    known = durations[~durations["censored"] & durations["days"].notna()]
    censored = int(durations["censored"].sum())
    text = (
        f"{count(len(durations), 'pair')} of people (or bodies) were surely tied by dated lasting ties: "
        "the time tied counts the days covered by any of their ties, read narrowly (a tie dated within a "
        "range counts from the range's end, and one whose dates carry ? or ~ is left out)."
    )
    if len(known):
        years = known["days"].to_numpy(dtype=float) / _DAYS_PER_YEAR
        longest = [
            f"{a} and {b} ({first} to {last})"
            for a, b, first, last in zip(
                known["name_a"].head(_PAIRS), known["name_b"].head(_PAIRS),
                known["first"].head(_PAIRS), known["last"].head(_PAIRS), strict=True,
            )
        ]  # fmt: skip
        text += (
            f" For the {count(len(known), 'pair')} whose time tied begins and ends on stated dates, the "
            f"median is {np.median(years):.1f} years; the longest tied: {join_names(longest, 'and')}."
        )
    if censored:
        text += (
            f" For {count(censored, 'pair')} a start or an end is not stated (the record's first or last "
            "sight of them): they may have been tied longer."
        )
    return text
