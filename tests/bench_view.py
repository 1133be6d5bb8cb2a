"""`make bench`, graph.html at scale: python -m tests.bench_view [--copies 100] [--rounds 3]

Time to interactive of graph.html in headless Chromium (the system browser, as the browser
tests use it): from navigation to the page marking itself ready (body[data-ready]) and then
answering a script (its main thread free).  The graph is `kg build` of --copies x the seeds
(copies made as tests/bench_scale.py makes them); the reference is the same measure for the
seeds themselves, in the same run and browser, so the figure is a ratio; absolute seconds are
printed for information.  Also, once: the time to show everything at that size (ticking
documents and mention edges), and to search a name and open its panel.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.bench_scale import SEEDS, make_corpus

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 600_000


def build_page(corpus: Path, out: Path) -> tuple[Path, int, int, int]:
    from kg.graph import read_graph
    from kg.pipeline import build
    from loaders.html_view import VIEW_FILE, write_html

    build([corpus], out, sinks=())
    g = read_graph(out)
    path = write_html(g, out / VIEW_FILE)
    return path, g.number_of_nodes(), g.number_of_edges(), path.stat().st_size


def time_to_interactive(context, page_path: Path) -> tuple[float, object]:
    page = context.new_page()
    started = time.perf_counter()
    page.goto(page_path.resolve().as_uri(), wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=TIMEOUT_MS)
    page.evaluate("1")
    return time.perf_counter() - started, page


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=100, help="copies of the seeds (default 100)")
    ap.add_argument("--rounds", type=int, default=3, help="page loads per graph, best taken (default 3)")
    args = ap.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("graph.html time to interactive: skipped (playwright is not installed: pip install -e '.[test]')")
        return
    if not CHROMIUM.exists():
        print(f"graph.html time to interactive: skipped (no {CHROMIUM}; the browser tests install it on Debian)")
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        tmp_path = Path(tmp)
        make_corpus(tmp_path / "big-in", args.copies)
        pages = {1: build_page(SEEDS, tmp_path / "one"), args.copies: build_page(tmp_path / "big-in", tmp_path / "big")}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
            time_to_interactive(context, pages[1][0])[1].close()  # the browser's own start-up, not counted
            best = {}
            for factor, (path, *_) in pages.items():
                runs = []
                for _ in range(args.rounds):
                    seconds, page = time_to_interactive(context, path)
                    runs.append(seconds)
                    page.close()
                best[factor] = min(runs)
            _, page = time_to_interactive(context, pages[args.copies][0])
            stats = page.inner_text("#stats")
            search = timed(lambda: (page.fill("#search", "能源局"), page.press("#search", "Enter"),
                                    page.wait_for_function("document.querySelector('#panel h2')", timeout=TIMEOUT_MS)))
            everything = timed(lambda: (
                page.check("#legend input[data-type='Document']", timeout=TIMEOUT_MS),
                page.check("#edge-legend input[data-relation='mentionedIn']", timeout=TIMEOUT_MS),
                page.evaluate("1")))
            everything_stats = page.inner_text("#stats")
            browser.close()
    print(f"graph.html time to interactive (headless Chromium, best of {args.rounds}):")
    for factor, (_, nodes, edges, size) in pages.items():
        print(f"  {factor:>4}x seeds  {nodes:>6,} nodes {edges:>7,} edges  {size / 1e6:6.1f} MB  {best[factor]:6.2f} s")
    print(f"  ratio {args.copies}x / 1x          {best[args.copies] / best[1]:6.2f}")
    print(f"  {args.copies}x opens showing: {stats}")
    print(f"  {args.copies}x search 能源局 + Enter to its panel {search:.2f} s; "
          f"ticking documents and mention edges (everything) {everything:.2f} s: {everything_stats}")


if __name__ == "__main__":
    main()
