"""Benchmark the network page: its size and how long headless Chromium takes to make it ready.

    python benchmarks/bench_page.py [--sizes 200000,1000000] [--runs 3]

For each size, generates the dataset under benchmarks/generated/ (or reuses it), writes
the page as ``netpipe run`` does (sized by PageRank, the default budgets of nodes and
ties) and prints: the time to write it, its size, and the time from navigation until the
page marks itself ready (``body[data-ready]``: data parsed, network drawn, labels placed)
in Debian's headless Chromium, offline, best and median of ``--runs`` fresh pages, and
the mean time the page takes to follow the chains in time from one drawn person (forward
and backward, every date: the largest searches). Also the bundled dataset's page. Targets:
at most 8 MB and 3 s at 1M ties.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_load import dataset

CHROMIUM = "/usr/bin/chromium"
TARGETS = {"megabytes": 8.0, "ready": 3.0}


def main() -> None:
    """Measure the page at each size and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200000,1000000", help="ties, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="fresh browser pages per size")
    args = parser.parse_args()
    folders = [("bundled", Path(__file__).resolve().parent.parent / "data")]
    folders += [(f"{int(n):,} ties", dataset(int(n), int(n) // 10)) for n in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        header = f"{'data':>16} {'write s':>8} {'MB':>7} {'ready best s':>13} {'ready median s':>15}"
        print(f"{header} {'chains ms':>10}")
        for label, folder in folders:
            page = Path(scratch) / f"{label.split()[0]}.html"
            seconds = write_page(folder, page)
            ready = ready_times(page, args.runs)
            chains = chain_time(page)
            megabytes = page.stat().st_size / 1e6
            best, median = min(ready), statistics.median(ready)
            print(
                f"{label:>16} {seconds:8.1f} {megabytes:7.2f} {best:13.2f} {median:15.2f} {chains:10.2f}",
                flush=True,
            )
    size, ready = TARGETS["megabytes"], TARGETS["ready"]
    print(f"targets at 1M ties: at most {size:.0f} MB, ready in at most {ready:.0f} s")


def write_page(folder: Path, page: Path) -> float:
    """Write the page of a dataset as ``netpipe run`` does; return the seconds it took (analysis excluded)."""
    from netpipe.analysis.centrality import centrality
    from netpipe.io.validation import read_tables
    from netpipe.model.network import Network
    from netpipe.outputs.render.html import network_html

    graph = Network.from_tables(read_tables(folder))
    sizes = centrality(graph, measures=["pagerank"]).table["pagerank"]
    start = time.perf_counter()
    network_html(graph, page, sizes)
    return time.perf_counter() - start


def ready_times(page: Path, runs: int) -> list[float]:
    """Seconds from navigation to ``body[data-ready]``, one fresh page per run, offline."""
    from playwright.sync_api import sync_playwright

    url = page.resolve().as_uri()
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1440, "height": 900})
            tab.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            start = time.perf_counter()
            tab.goto(url, timeout=120_000)
            tab.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
            times.append(time.perf_counter() - start)
            tab.close()
        browser.close()
    return times


def chain_time(page: Path) -> float:
    """Milliseconds the page takes to follow the chains from one drawn person, on average over
    every drawn person and both directions, at every date (offline, headless)."""
    from playwright.sync_api import sync_playwright

    url = page.resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        tab = browser.new_page()
        tab.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        tab.goto(url, timeout=120_000)
        tab.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
        milliseconds: float = tab.evaluate(
            """() => {
              const ids = window.netpipe.data.nodes.map(n => n.id);
              const began = performance.now();
              for (const id of ids) {
                window.netpipe.followChains(id, "forward", false, null);
                window.netpipe.followChains(id, "backward", false, null);
              }
              return (performance.now() - began) / (2 * ids.length);
            }"""
        )
        browser.close()
    return milliseconds


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
