"""Generate a synthetic dataset in the netpipe data contract (seeded, vectorized).

    python benchmarks/generate.py --ties 1000000 --people 100000 --out benchmarks/generated/1m

The data validates with no error and few warnings: every tie is cited and dated inside
the lifespans of both its people, every node has a tie, and no tie is written twice.
Endpoints are drawn with Zipf weights, so degrees are skewed and centrality means something.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["generate", "main"]

RELATIONS = pd.DataFrame(
    {
        "relation": ["ally", "rival", "arrested-by", "deputy-of", "family", "membership"],
        "directed": ["false", "false", "true", "true", "false", "true"],
        "sign": ["+1", "-1", "-1", "+1", "+1", "0"],
        "kind": ["state", "state", "event", "state", "state", "state"],
        "flow": ["true", "false", "false", "true", "false", "false"],
        "inverse": ["", "", "arrested", "had as deputy", "", "has as member"],
        "description": [
            "A and B were allies",
            "A and B were rivals",
            "A was arrested by B",
            "A was B's deputy",
            "A and B were kin",
            "A was a member of B",
        ],
    }
)
#: Share of each relation among ties (``membership`` always points at an organization).
RELATION_SHARES = [0.32, 0.18, 0.07, 0.13, 0.12, 0.18]
CERTAINTIES = np.array(["certain", "", "probable", "possible", "alleged"])
CERTAINTY_SHARES = [0.58, 0.17, 0.12, 0.08, 0.05]

FIRST = np.array(
    [
        "Aleksandr",
        "Aleksei",
        "Anastas",
        "Andrei",
        "Anna",
        "Avel",
        "Boris",
        "Budu",
        "Dmitri",
        "Elena",
        "Feliks",
        "Filipp",
        "Georgi",
        "Grigol",
        "Grigori",
        "Ivan",
        "Iosif",
        "Kliment",
        "Lavrenti",
        "Lazar",
        "Lev",
        "Maria",
        "Mikhail",
        "Nadezhda",
        "Nestor",
        "Nikolai",
        "Nina",
        "Pavel",
        "Polina",
        "Sergo",
        "Sergei",
        "Sofia",
        "Stepan",
        "Valerian",
        "Vasili",
        "Vera",
        "Viacheslav",
        "Vladimir",
        "Yakov",
        "Yemelian",
        "Zinaida",
    ]
)
LAST = np.array(
    [
        "Abakumov",
        "Andreev",
        "Antonov",
        "Beria",
        "Bukharin",
        "Budyonny",
        "Chubar",
        "Dzerzhinsky",
        "Eikhe",
        "Enukidze",
        "Frunze",
        "Gamarnik",
        "Kaganovich",
        "Kalinin",
        "Kamenev",
        "Kirov",
        "Kosior",
        "Krupskaya",
        "Kuibyshev",
        "Lakoba",
        "Litvinov",
        "Lominadze",
        "Makharadze",
        "Mdivani",
        "Menzhinsky",
        "Mikoyan",
        "Molotov",
        "Nazaretian",
        "Orakhelashvili",
        "Ordzhonikidze",
        "Petrovsky",
        "Piatakov",
        "Postyshev",
        "Radek",
        "Rudzutak",
        "Rykov",
        "Shliapnikov",
        "Smirnov",
        "Sokolnikov",
        "Svanidze",
        "Syrtsov",
        "Tomsky",
        "Trotsky",
        "Tsereteli",
        "Tukhachevsky",
        "Uritsky",
        "Voroshilov",
        "Yagoda",
        "Yezhov",
        "Zhdanov",
        "Zinoviev",
    ]
)
NICKNAMES = np.array(
    [
        "Koba",
        "Sergo",
        "Soso",
        "Kamo",
        "Lado",
        "Misha",
        "Kostia",
        "Volodia",
        "Grisha",
        "Sasha",
        "Vania",
        "Petia",
        "Mitia",
        "Kolia",
        "Tolia",
        "Fedia",
    ]
)
GROUPS = np.array(
    [
        "Bolsheviks",
        "Mensheviks",
        "Socialist Revolutionaries",
        "Anarchists",
        "Caucasian Bureau",
        "Politburo",
        "Central Committee",
        "Left Opposition",
        "Right Opposition",
        "Workers' Opposition",
        "Tsarist police",
        "Cheka",
        "NKVD",
        "Red Army",
        "Transcaucasian Federation",
        "Georgian Communists",
        "Baku Committee",
        "Tiflis Committee",
        "Comintern",
        "Heavy Industry Commissariat",
    ]
)
ORG_WORDS = np.array(
    ["Committee", "Bureau", "Soviet", "Commissariat", "Trust", "Union", "Section", "Cell", "Department"]
)
PLACES = np.array(
    [
        "Tiflis",
        "Baku",
        "Kutais",
        "Batum",
        "Moscow",
        "Petrograd",
        "Kharkov",
        "Kiev",
        "Rostov",
        "Tsaritsyn",
        "Omsk",
        "Tomsk",
    ]
)
NOTES = np.array(
    [
        "letter, see appendix",
        "mentioned in passing",
        "memoir account, not confirmed",
        'called him "a friend"',
        "witness statement",
        "dated from the postmark",
        "according to the party file",
        "interrogation record",
    ]
)
DESCRIPTIONS = np.array(["party worker", "military commander", "journalist", "economist", "police officer"])
AUTHORS = np.array(
    [
        "Montefiore",
        "Khlevniuk",
        "Kotkin",
        "Service",
        "Conquest",
        "Medvedev",
        "Tucker",
        "Fitzpatrick",
        "Getty",
        "Naumov",
        "Suny",
        "Rayfield",
        "Knight",
        "Volkogonov",
        "Ulam",
        "Deutscher",
        "Souvarine",
        "Radzinsky",
        "Brent",
        "Kun",
        "Jansen",
        "Petrov",
        "Werth",
    ]
)
EPOCH, FIRST_DAY = np.datetime64("1970-01-01", "D"), -43830  # 1850-01-01


def main() -> None:
    """Parse the command line and write the dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=None, help="nodes (default: ties / 10)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.ties, args.people or max(args.ties // 10, 10), args.seed)


def generate(out: Path, ties: int, people: int, seed: int = 42) -> None:
    """Write nodes.csv, edges.csv and relations.csv for ``people`` nodes and ``ties`` ties."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    nodes, birth, death = _nodes(rng, people)
    edges = _edges(rng, ties, nodes, birth, death)
    nodes.to_csv(out / "nodes.csv", index=False)
    edges.to_csv(out / "edges.csv", index=False)
    RELATIONS.to_csv(out / "relations.csv", index=False)


def _pick(rng: np.random.Generator, choices: np.ndarray, n: int, share: float = 1.0) -> np.ndarray:
    """``n`` random choices, blank with probability ``1 - share``."""
    picked = rng.choice(choices, n).astype(object)
    picked[rng.random(n) >= share] = ""
    return picked


def _join(*parts: np.ndarray) -> np.ndarray:
    """Concatenate arrays of text element-wise."""
    out = parts[0].astype(object)
    for part in parts[1:]:
        out = out + part.astype(object)
    return out


def _format(
    days: np.ndarray, precision: np.ndarray, rng: np.random.Generator, blank: np.ndarray
) -> np.ndarray:
    """Dates (days since 1970) as EDTF text at a precision (0 year, 1 month, 2 day), some ``?``/``~``."""
    dates = EPOCH + days.astype("timedelta64[D]")
    text = np.select(
        [precision == 0, precision == 1],
        [
            np.datetime_as_string(dates, unit="Y"),
            np.datetime_as_string(dates.astype("datetime64[M]"), unit="M"),
        ],
        np.datetime_as_string(dates, unit="D"),
    ).astype(object)
    text = text + rng.choice(np.array(["", "?", "~"], dtype=object), len(days), p=[0.94, 0.03, 0.03])
    text[blank] = ""
    return text


def _precision(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random precisions: half years, a quarter months, a quarter days."""
    return rng.choice(3, n, p=[0.5, 0.25, 0.25])


def _nodes(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The node table, and each node's first and last possible day (days since 1970)."""
    org = rng.random(n) < 0.03
    birth = rng.integers(FIRST_DAY, FIRST_DAY + 100 * 365, n)  # 1850 .. 1950
    life = rng.integers(20 * 365, 90 * 365, n)
    death = birth + life
    ids = np.where(org, "org", "p").astype(object) + pd.Series(np.arange(n)).map("{:06d}".format).to_numpy()
    person_names = _join(rng.choice(FIRST, n), np.full(n, " "), rng.choice(LAST, n))
    org_names = _join(rng.choice(PLACES, n), np.full(n, " "), rng.choice(ORG_WORDS, n))
    one, r = rng.choice(NICKNAMES, n).astype(object), rng.random(n)
    aliases = np.where(r < 0.05, one + "|" + rng.choice(LAST, n), np.where(r < 0.2, one, ""))
    blank_birth = ~org & (rng.random(n) < 0.04)
    blank_death = rng.random(n) < np.where(org, 0.5, 0.08)
    nodes = pd.DataFrame(
        {
            "id": ids,
            "name": np.where(org, org_names, person_names),
            "kind": np.where(org, "organization", np.where(rng.random(n) < 0.7, "person", "")),
            "aliases": np.where(org, "", aliases),
            "start": _format(birth, _precision(rng, n), rng, blank_birth),
            "end": _format(death, _precision(rng, n), rng, blank_death),
            "group": _pick(rng, GROUPS, n, 0.9),
            "description": _pick(rng, DESCRIPTIONS, n, 0.2),
            "citation": _citations(rng, n, 0.5),
        }
    )
    return nodes, birth, death


def _citations(rng: np.random.Generator, n: int, share: float = 1.0) -> np.ndarray:
    """Citations from a pool of 500 works (author, year, chapter or page)."""
    works = _join(
        np.resize(AUTHORS, 500),
        np.full(500, " "),
        (1950 + np.arange(500) % 70).astype(str),
        np.where(np.arange(500) % 3 == 0, ", ch. ", ", p. "),
        (1 + np.arange(500) * 7 % 400).astype(str),
    )
    works[np.arange(500) % 5 == 0] = _strip_locator(works[np.arange(500) % 5 == 0])
    return _pick(rng, works, n, share)


def _strip_locator(works: np.ndarray) -> np.ndarray:
    """Keep only author and year."""
    return pd.Series(works, dtype=object).str.split(",").str[0].to_numpy(dtype=object)


def _zipf(rng: np.random.Generator, n: int, size: int, exponent: float = 0.8) -> np.ndarray:
    """``size`` indices in ``range(n)`` drawn with Zipf weights over a random ranking."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    ranking = rng.permutation(n)
    return ranking[rng.choice(n, size, p=weights / weights.sum())]


def _edges(
    rng: np.random.Generator, ties: int, nodes: pd.DataFrame, birth: np.ndarray, death: np.ndarray
) -> pd.DataFrame:
    """The tie table: each node has a tie, and ties fall inside both lifespans."""
    n = len(nodes)
    extra = ties + ties // 20 + 100  # drawn in excess; repeated ties are dropped
    org = (nodes["kind"] == "organization").to_numpy()
    orgs = np.flatnonzero(org)
    relation = rng.choice(len(RELATIONS), extra, p=RELATION_SHARES)
    source = _zipf(rng, n, extra)
    source[: min(n, extra)] = rng.permutation(n)[: min(n, extra)]  # every node has a tie
    target = _zipf(rng, n, extra)
    member = (RELATIONS["relation"].to_numpy()[relation] == "membership") & ~org[source]
    target[member] = orgs[_zipf(rng, len(orgs), int(member.sum()))]
    lo, hi = np.maximum(birth[source], birth[target]), np.minimum(death[source], death[target])
    for _ in range(8):  # redraw targets of pairs that are the same node or never met
        redo = (source == target) | (lo > hi)
        if not redo.any():
            break
        target[redo] = _zipf(rng, n, int(redo.sum()))
        lo[redo] = np.maximum(birth[source[redo]], birth[target[redo]])
        hi[redo] = np.minimum(death[source[redo]], death[target[redo]])
    keep = source != target
    undated = (lo > hi) | (rng.random(extra) < 0.05)
    hi = np.maximum(lo, hi)
    start = lo + (rng.random(extra) * (hi - lo)).astype(np.int64)
    end = start + (rng.random(extra) * (hi - start) * rng.random(extra)).astype(np.int64)
    event = RELATIONS["kind"].to_numpy()[relation] == "event"
    no_end = undated | event | (rng.random(extra) < 0.4)
    edges = pd.DataFrame(
        {
            "id": np.zeros(extra, dtype=object),
            "source": nodes["id"].to_numpy()[source],
            "target": nodes["id"].to_numpy()[target],
            "relation": RELATIONS["relation"].to_numpy()[relation],
            "start": _format(start, _precision(rng, extra), rng, undated),
            "end": _format(end, _precision(rng, extra), rng, no_end),
            "certainty": rng.choice(CERTAINTIES, extra, p=CERTAINTY_SHARES),
            "citation": _citations(rng, extra),
            "note": _pick(rng, NOTES, extra, 0.1),
            "weight": _pick(rng, np.array(["2", "3", "0.5", "1.5"]), extra, 0.02),
        }
    )
    undirected = ~RELATIONS.set_index("relation")["directed"].eq("true").reindex(edges["relation"]).to_numpy()
    swap = undirected & (edges["target"] < edges["source"]).to_numpy()
    key = pd.DataFrame(
        {
            "a": edges["source"].where(~swap, edges["target"]),
            "b": edges["target"].where(~swap, edges["source"]),
            "rest": edges["relation"] + "/" + edges["start"] + "/" + edges["end"],
        }
    )
    edges = edges[keep & ~key.duplicated().to_numpy()].head(ties).reset_index(drop=True)
    edges["id"] = "t" + pd.Series(np.arange(1, len(edges) + 1)).astype(str)
    return edges


if __name__ == "__main__":
    main()
