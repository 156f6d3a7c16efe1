"""View speed: the time to render a 1,000-node view and to load it in a browser.

usage: python benchmarks/view_speed.py [--nodes 1000] [--repeat 5] [--browser-repeat 3]

Builds a synthetic graph of about ``--nodes`` nodes (countries, officials and their offices,
targets, expenditures, strategies and meetings, through the facts schema like any article) in a
temporary store, then measures, median of the repeats:

- render: ``kg view`` of the whole graph (read the store, choose the nodes, write the HTML);
- load: open the page from file:// in headless Chromium until the layout has settled and the
  network is drawn (the page sets ``window.kgReady``).

Beside them, in the same run, the baseline: pyvis's own ``Network.write_html`` of the same nodes
and edges, and the time its page (1,000 layout iterations, curved edges) takes to settle in the
same browser, measured once since it takes a minute or more. The browser figures need
Debian's chromium and chromium-driver and the ``selenium`` package; without them they are skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the browser helper lives with the tests

from kg import views
from kg.facts import parse_facts
from kg.gazetteer import countries
from kg.store import Store
from tests.browser import headless_chromium

FIRST = ["Alex", "Maria", "Kenji", "Ingrid", "Tomas", "Amara", "Lucas", "Sofia", "Yuki", "Omar", "Elena", "Pavel"]
LAST = ["Brandt", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Rossi", "Haddad", "Kowalski", "Silva"]
TITLES = ["Defence Minister", "Prime Minister", "Chief of Defence", "Finance Minister"]


def synthetic_articles(nodes: int = 1000, articles: int = 50) -> list[dict]:
    """Facts (as JSON data) for about ``nodes`` nodes, spread over ``articles`` dated articles."""
    codes = sorted(c for c in countries() if c.isalpha())[: max(4, nodes // 8)]
    officials = max(4, nodes * 22 // 100)
    out = [
        {
            "id": f"synthetic-{i:03d}",
            "title": f"Synthetic report {i}",
            "url": f"https://example.org/defense-kg/synthetic/{i}",
            "published": (dt.date(2024, 1, 1) + dt.timedelta(days=7 * i)).isoformat(),
            "countries": [],
            "officials": [],
            "spending_targets": [],
            "expenditures": [],
            "strategies": [],
            "meetings": [],
        }
        for i in range(articles)
    ]

    def article(i: int) -> dict:
        return out[i % articles]

    def evidence(text: str) -> dict:
        return {"evidence": {"sentence": text}}

    names = [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}" for i in range(officials)]
    for i, code in enumerate(codes):
        article(i)["countries"].append(code)
    for i, name in enumerate(names):
        code, title = codes[i % len(codes)], TITLES[(i // len(codes)) % len(TITLES)]
        article(i)["officials"].append({"name": name, "title": title, "country": code} | evidence(f"{title} {name}."))
    for i in range(nodes * 12 // 100):
        code = codes[i % len(codes)]
        target = {"applies_to": [code], "value": 2 + (i % 7) / 2, "unit": "percent_gdp", "deadline": str(2026 + i % 9)}
        article(i)["spending_targets"].append(target | {"set_by": codes[(i + 1) % len(codes)]} | evidence("A target."))
    for i in range(nodes * 16 // 100):
        spend = {"country": codes[i % len(codes)], "value": 1e9 * (1 + i), "unit": "USD", "year": str(2015 + i % 10)}
        article(i)["expenditures"].append(spend | {"kind": "budget"} | evidence("A budget."))
    for i in range(nodes * 4 // 100):
        strategy = {"name": f"Defence Strategy {i}", "country": codes[i % len(codes)], "year": str(2020 + i % 6)}
        article(i)["strategies"].append(strategy | evidence("A strategy."))
    for i in range(nodes * 12 // 100):
        pair = [names[i % officials], names[(i * 7 + 3) % officials]]
        if pair[0] != pair[1]:
            meeting = {"participants": pair, "location": "Geneva", "date": f"2025-01-{1 + i % 28:02d}"}
            article(i)["meetings"].append(meeting | evidence("They met."))
    return out


def median_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pyvis_page(index: views.GraphIndex, view: views.View, path: Path) -> None:
    """The same nodes and edges drawn by pyvis's own template (the baseline)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    kept = set(view.nodes)
    for iri in view.nodes:
        node = index.nodes[iri]
        facts = "\n".join(f"{k}: {v}" for k, v in node.facts)
        net.add_node(iri, label=node.label, title=facts, color=node.style.colour, shape=node.style.shape)
    for s, p, o in index.edges:
        if s in kept and o in kept:
            label = views.EDGE_LABELS.get(p, p)
            net.add_edge(s, o, label=label, title=label)
    net.write_html(str(path))


class Browser:
    """Headless Chromium that opens local pages and waits for ``window.kgReady``."""

    def __init__(self, profile: Path) -> None:
        # nothing leaves the machine, not even pyvis's CDN links
        self.driver = headless_chromium(profile, extra=["--host-resolver-rules=MAP * ~NOTFOUND"])

    def load(self, page: Path, timeout: float = 120.0) -> float:
        self.driver.get("about:blank")
        start = time.perf_counter()
        self.driver.get(page.resolve().as_uri())
        while not self.driver.execute_script("return window.kgReady === true"):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{page} did not settle in {timeout:.0f} s")
            time.sleep(0.01)
        return time.perf_counter() - start

    def close(self) -> None:
        self.driver.quit()


def _mark_ready(page: Path) -> None:
    """Let pyvis's page say when it has settled, as ours does."""
    hook = (
        "<script>network.once('stabilizationIterationsDone', () => "
        "network.once('afterDrawing', () => { window.kgReady = true; }));</script>\n</body>"
    )
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", hook, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser-repeat", type=int, default=3)
    parser.add_argument("--pyvis-load", action="store_true", help="also time pyvis's page in the browser (minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="view-speed-") as tmp:
        tmp_path = Path(tmp)
        with Store(tmp_path / "store") as store:
            for data in synthetic_articles(args.nodes):
                store.ingest(parse_facts(data, data["id"]))
            index = views.GraphIndex.from_store(store)
            view = views.whole_graph_view(index, limit=len(index.nodes))
            edges = sum(1 for s, _, o in index.edges if s in index.nodes and o in index.nodes)
            print(f"graph: {len(index.nodes):,} nodes, {edges:,} edges, {len(index.articles)} articles")
            ours = tmp_path / "graph.html"
            theirs = tmp_path / "pyvis.html"
            read = median_time(lambda: views.GraphIndex.from_store(store), args.repeat)
            render = median_time(
                lambda: views.write_graph_view(store, ours, limit=len(index.nodes), index=False), args.repeat
            )
            base = median_time(lambda: pyvis_page(index, view, theirs), args.repeat)
        _mark_ready(theirs)
        print(f"{'step':<46} {'median s':>9}")
        print(f"{'kg view: render (read store + write HTML)':<46} {render:>9.3f}")
        print(f"{'  of which reading the store':<46} {read:>9.3f}")
        print(f"{'pyvis Network.write_html (baseline)':<46} {base:>9.3f}")
        print(
            f"render: {render / base:.2f}x pyvis's time; page {ours.stat().st_size / 1e6:.2f} MB, "
            f"pyvis's {theirs.stat().st_size / 1e6:.2f} MB"
        )
        try:
            browser = Browser(tmp_path / "profile")
        except Exception as exc:  # no chromium, no driver, no selenium: the render figures still stand
            print(f"browser load: skipped ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
            return
        try:
            load = median_time(lambda: browser.load(ours), args.browser_repeat)
            # one run, on request: pyvis's page settles in minutes, not seconds
            base_load = browser.load(theirs, timeout=300) if args.pyvis_load else None
        finally:
            browser.close()
        print(f"{'load in headless Chromium until drawn':<46} {load:>9.3f}")
        if base_load is not None:
            print(f"{'pyvis page, same browser (baseline, 1 run)':<46} {base_load:>9.3f}")
            print(f"load: {load / base_load:.2f}x pyvis's time")
        print(f"target <= 3 s for 1,000 nodes: {'met' if load <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
