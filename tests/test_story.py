"""The story over time: the bundled network on the days the source text makes turning points.

Each moment cites the passage of ``sources/ordzhonikidze.txt`` it rests on, and checks who is
present that day and which named ties (edge ids of ``data/edges.csv``) hold or have lapsed. The
time rules are those of the data contract: a node without a declared ``start`` or ``end`` is
present from its first to its last dated tie, read widely; a range such as ``1936-08/1936-09-12``
is "at some point within". Days the text gives in the Old Style (Russia before 14 February 1918)
are written as the text writes them, with ``calendar="julian"``; where the engine reads the
``calendar`` column of the data, the moment is looked up on its Gregorian day (13 days later in
the 20th century). These tests are kept apart from the tests of the rules themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

import netpipe
from netpipe.io.dates import parse_date
from netpipe.model.selection import snapshot, window

#: Days between the Julian and the Gregorian calendar from 1 March 1900 to 28 February 2100.
JULIAN_LAG_1900S = 13


@dataclass(frozen=True)
class Moment:
    """One day of the story: the passage, who is there, which ties hold and which do not."""

    at: str
    passage: str
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    holds: tuple[str, ...] = ()
    lapsed: tuple[str, ...] = field(default=())
    reading: str = "wide"
    calendar: str = "gregorian"


MOMENTS = [
    Moment(
        "1886-10-24",
        "Sergo Ordzhonikidze ... was born in Georgia on 24th October 1886.",
        present=("ordzhonikidze",),
        absent=("stalin", "kirov", "nkvd", "communist-party", "okhrana"),
    ),
    Moment(
        "1903-06-01",
        "In 1903 Ordzhonikidze joined the Social Democratic Party and supported the Bolshevik faction.",
        present=("ordzhonikidze", "rsdlp", "bolsheviks"),
        absent=("stalin",),
        holds=("e001", "e002", "e003"),
    ),
    Moment(
        "1908-06-01",
        "After eight months of work on the Baku committee, Ordzhonikidze and Stalin were caught by the "
        "Okhrana.",
        present=("ordzhonikidze", "stalin", "baku-committee"),
        holds=("e011", "e013", "e014", "e016"),
    ),
    Moment(
        "1908-11-15",
        "In November 1908 Ordzhonikidze and Stalin were deported to Solvychegodsk.",
        present=("ordzhonikidze", "stalin"),
        holds=("e021",),
    ),
    Moment(
        "1912-04-07",
        "On April 7 he was in Moscow, conferring with Ordzhonikidze and Malinovsky.",
        present=("ordzhonikidze", "stalin", "malinovsky", "russian-bureau", "okhrana"),
        holds=("e022", "e023", "e025", "e028", "e031", "e032", "e033"),
        calendar="julian",
    ),
    Moment(
        "1912-04-23",
        "Ordzhonikidze was arrested on April 14, Stalin on April 22, then Spandaryan and Yelena Stasova.",
        present=("russian-bureau", "stasova"),
        holds=("e024",),  # Stasova is arrested "then", within the next few weeks
        lapsed=("e022", "e023", "e037", "e038"),
        calendar="julian",
    ),
    Moment(
        "1917-10-25",
        "The Red Guards, led by Vladimir Antonov-Ovseenko, now entered the Winter Palace and arrested "
        "the Cabinet ministers.",
        present=("provisional-government", "red-guards", "antonov-ovseenko", "kerensky", "aurora"),
        holds=("e046", "e053", "e054", "e056", "e311", "e312"),
        calendar="julian",
    ),
    Moment(
        "1917-10-26",
        "... and arrested the Cabinet ministers.",
        absent=("provisional-government",),
        lapsed=("e045", "e046", "e053", "e056"),
        calendar="julian",
    ),
    Moment(
        "1926-11-15",
        "In November, 1926, Joseph Stalin appointed Ordzhonikidze to the presidency of the Central "
        "Control Commission.",
        present=("ordzhonikidze", "stalin", "central-control-commission", "left-opposition"),
        holds=("e062", "e063", "e065"),
    ),
    Moment(
        "1929-06-01",
        "In November, 1926, Joseph Stalin appointed Ordzhonikidze to the presidency of the Central "
        "Control Commission. (The text gives no end to the presidency; the Commission lasts until 1934.)",
        present=("ordzhonikidze", "central-control-commission"),
        holds=("e063", "e064"),
    ),
    Moment(
        "1932-09-22",
        "On 22nd September, 1932, Martemyan Ryutin was arrested and held for investigation.",
        present=("ryutin", "kirov", "piatakov", "heavy-industry-commissariat"),
        absent=("nkvd",),  # the text names no arresting body, and the NKVD was formed in 1934
        holds=("e076", "e077", "e291"),
    ),
    Moment(
        "1932-09-28",
        "On 27th September, Ryutin and his supporters were expelled from the Communist Party.",
        present=("ryutin",),
        lapsed=("e099", "e291", "e292"),
    ),
    Moment(
        "1934-12-01",
        "On 1st December, 1934, Nikolayev, got past the guards and was able to shoot Kirov dead.",
        present=("kirov", "nikolayev", "yagoda"),
        holds=("e122", "e097"),
    ),
    Moment(
        "1934-12-02",
        "... he signed a statement saying that Gregory Zinoviev and Lev Kamenev had been the leaders of "
        "the conspiracy to assassinate Kirov.",
        present=("nikolayev", "zinoviev", "kamenev", "yagoda"),
        absent=("kirov",),
        holds=("e124", "e125", "e126"),
        lapsed=("e097", "e122"),
    ),
    Moment(
        "1936-08-15",
        "The first of what became known as show trials took place in August 1936.",
        present=("zinoviev", "kamenev", "ivan-smirnov", "piatakov", "yezhov"),
        holds=("e077", "e137", "e138", "e139", "e147"),
    ),
    Moment(
        "1936-09-11",
        "He was expelled from the party on 11 September and arrested the next day. ... Ordzhonikidze was "
        "invited to a 'confrontation' with the arrested Piatakov.",
        present=("ordzhonikidze", "piatakov", "bukharin"),
        holds=("e077", "e154"),
        lapsed=("e158", "e165", "e166", "e167", "e168"),
    ),
    Moment(
        "1936-10-01",
        "Soon after their execution, Yuri Piatakov, who was Sergo Ordzhonikidze's deputy, was arrested.",
        present=("ordzhonikidze", "piatakov", "yezhov", "beria"),
        absent=("zinoviev", "kamenev", "ivan-smirnov", "kirov"),
        holds=("e080", "e129", "e159"),
        lapsed=("e077", "e078", "e079", "e158"),
    ),
    Moment(
        "1936-12-15",
        "In December 1936 Lavrenty Beria arrested Papulia Ordzhonikidze, Sergo's elder brother.",
        present=("papulia-ordzhonikidze", "beria", "ordzhonikidze"),
        holds=("e169", "e170", "e182"),
    ),
    Moment(
        "1937-02-17",
        "On 17th February the NKVD searched Ordzhonikidze's offices. He complained to Stalin.",
        present=("ordzhonikidze", "stalin", "kaganovich", "yezhov"),
        holds=("e227", "e231", "e234", "e304", "e306"),
    ),
    Moment(
        "1937-02-17",
        "Later on it was alleged that the tyrant's new favorite, then head of the Transcaucasian Party, "
        "Lavrenti Beria, had for a long time intrigued against Ordzhonikidze.",
        present=("beria", "transcaucasian-party"),
        holds=("e135", "e136"),
    ),
    Moment(
        "1937-02-17",
        "His wife Zina hurried after him with the coat and fur hat but he was already in Stalin's apartment.",
        present=("ordzhonikidze", "zinaida-ordzhonikidze"),
        holds=("e060",),
        reading="narrow",
    ),
    Moment(
        "1937-02-18",
        "At 5.30 p.m. Zinaida heard a dull sound and rushed into the bedroom.",
        present=("ordzhonikidze", "zinaida-ordzhonikidze", "konstantin-ordzhonikidze", "makhover"),
        holds=("e076", "e241", "e245", "e248", "e267", "e282", "e316"),
    ),
    Moment(
        "1937-02-19",
        "On the 19th February, 1937, the newspapers announced the death of Sergo by heart attack.",
        present=("stalin", "kaminsky"),
        absent=("ordzhonikidze", "piatakov"),
        lapsed=("e076", "e241"),
    ),
    Moment(
        "1937-02-19",
        "Suddenly Beria, in Moscow for the Plenum, appeared in the dining room. ... And now on February 19 "
        "the Central Committee was to assemble.",
        present=("beria", "yezhov", "transcaucasian-party", "nkvd"),
        holds=("e135", "e159"),
    ),
    Moment(
        "1937-03-01",
        "Within a few weeks three of the four doctors were dead, including Grigory Kaminsky.",
        present=("stalin", "kaminsky"),
        absent=("ordzhonikidze", "piatakov", "zinoviev"),
        holds=("e238",),
    ),
    Moment(
        "1942-06-01",
        "In 1942 ... orders went out to change the names of several cities and towns called after "
        "Ordzhonikidze.",
        present=("stalin",),
        absent=("ordzhonikidze", "kirov"),
    ),
]


@pytest.fixture(scope="module")
def graph():
    return netpipe.load("data")


@pytest.fixture(scope="module")
def ends(graph):
    """The two ends of every tie, by its id."""
    return {key: (u, v) for u, v, key in graph.edges(keys=True)}


@pytest.fixture(scope="module")
def reads_calendars(graph) -> bool:
    """Whether the engine places Old Style dates on the Gregorian day line (e037 is 14 April 1912, O.S.)."""
    return netpipe.load_tables(graph).edges.loc["e037", "start_lo"] != parse_date("1912-04-14")[0]


def on_the_day(moment: Moment, reads_calendars: bool) -> str:
    """The Gregorian day of a moment the text gives in the Old Style, where the engine reads calendars."""
    if moment.calendar == "gregorian" or not reads_calendars:
        return moment.at
    day = datetime.date.fromisoformat(moment.at) + datetime.timedelta(days=JULIAN_LAG_1900S)
    return day.isoformat()


@pytest.mark.parametrize("moment", MOMENTS, ids=[f"{m.at}-{m.reading}-{i}" for i, m in enumerate(MOMENTS)])
def test_the_network_on_a_turning_point_of_the_story(graph, ends, reads_calendars, moment: Moment) -> None:
    view = snapshot(graph, on_the_day(moment, reads_calendars), reading=moment.reading)
    assert [n for n in moment.present if n not in view] == [], moment.passage
    assert [n for n in moment.absent if n in view] == [], moment.passage
    assert [k for k in moment.holds if not view.has_edge(*ends[k], k)] == [], moment.passage
    assert [k for k in moment.lapsed if view.has_edge(*ends[k], k)] == [], moment.passage


def test_there_are_at_least_fifteen_turning_points() -> None:
    assert len({m.at for m in MOMENTS}) >= 15
    assert all(m.passage for m in MOMENTS)


def test_no_nkvd_tie_in_1932(graph) -> None:
    """On 22nd September, 1932, Martemyan Ryutin was arrested and held for investigation.

    The text names no arresting body, and the NKVD it names from 1934 on was formed that year.
    """
    year = window(graph, "1932", "1932")
    assert "ryutin" in year
    assert [k for u, v, k in year.edges(keys=True) if "nkvd" in (u, v)] == []
    assert "nkvd" not in year
