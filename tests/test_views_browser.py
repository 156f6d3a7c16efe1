"""The views in a real browser: headless Chromium from Debian, driven by Selenium.

Each page opens from file:// with no console error and no request to any other host, draws its
network, finds an entity from the search box, hides a class from the legend, and shows hostile
text from an article as text without running it. Without Chromium the tests are skipped, except
under CI (``$CI`` set), where they must run: `make test` installs Debian's chromium and
chromium-driver when it runs as root.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kg import views
from kg.facts import load_facts, parse_facts
from kg.namespaces import official_iri
from kg.settings import SAMPLES_DIR
from kg.store import Store
from tests.browser import CHROMEDRIVER, CHROMIUM, headless_chromium

PWNED = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'

HOSTILE = {
    "id": "hostile",
    "title": f"</script>{PWNED} \"quoted\" & 'single'",
    "url": "javascript:window.__pwned=1",
    "published": "2025-03-01",
    "countries": ["JP"],
    "officials": [
        {
            "name": PWNED,
            "title": "Defence Minister",
            "country": "JP",
            "evidence": {"sentence": f'He said "{IMG}" & left.'},
        },
        {"name": IMG, "title": "Chief of Staff", "country": "JP", "evidence": {"sentence": "Quotes: \" ' ` end."}},
    ],
    "meetings": [{"participants": [PWNED, IMG], "location": "Tokyo", "evidence": {"sentence": f"They met. {IMG}"}}],
}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium for the module; Selenium Manager is told to download nothing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        _unavailable("the selenium package is not installed (pip install -e '.[test]')")
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        _unavailable("Debian's chromium and chromium-driver are not installed (run `make test` as root)")
    driver = headless_chromium(
        tmp_path_factory.mktemp("chromium-profile"),
        capabilities={"goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}},
    )
    driver.set_script_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample graph's whole view and a country view, and a view of a hostile article."""
    folder = tmp_path_factory.mktemp("pages")
    with Store(folder / "samples") as store:
        for facts in sorted((SAMPLES_DIR / "facts").glob("*.json")):
            store.ingest(load_facts(facts))
        graph = views.write_graph_view(store, folder / "graph.html").path
        country = views.write_graph_view(store, folder / "japan.html", country="JP").path
    with Store(folder / "hostile") as store:
        store.ingest(parse_facts(HOSTILE, "hostile"))
        hostile = views.write_graph_view(store, folder / "hostile" / "hostile.html").path
    return {"graph": graph, "country": country, "hostile": hostile, "index": folder / "index.html"}


def open_page(driver, page: Path, timeout: float = 20.0) -> None:
    """Load ``page`` from file:// and wait until its network is laid out and drawn."""
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return window.kgReady === true"):
        assert time.monotonic() < deadline, f"{page.name} was not drawn within {timeout:.0f} s"
        time.sleep(0.05)


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for, from Chromium's network log and the page's resource timings."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    urls += driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    return urls


@pytest.mark.parametrize("name", ["graph", "country", "hostile", "index"])
def test_a_page_opens_offline_without_errors(browser, pages: dict[str, Path], name: str) -> None:
    if name == "index":
        browser.get(pages["index"].resolve().as_uri())
        assert browser.execute_script("return document.querySelectorAll('#views a').length") == 2
    else:
        open_page(browser, pages[name])
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not errors, errors
    urls = requested_urls(browser)
    assert urls, "the network log should at least show the page itself"
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in urls), urls


def test_the_network_is_drawn(browser, pages: dict[str, Path]) -> None:
    open_page(browser, pages["graph"])
    drawn = browser.execute_script(
        """
        const canvas = document.querySelector('#graph canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set();
        let inked = 0;
        for (let i = 0; i < pixels.length; i += 16) {
          if (pixels[i + 3] > 0) { inked++; colours.add(pixels[i] << 16 | pixels[i + 1] << 8 | pixels[i + 2]); }
        }
        return { nodes: window.kgNodes.length, edges: window.kgEdges.length, colours: colours.size, inked,
                 width: canvas.width, height: canvas.height };
        """
    )
    data_nodes = browser.execute_script(
        "return JSON.parse(document.getElementById('kg-data').textContent).nodes.length"
    )
    assert drawn["nodes"] == data_nodes > 50 and drawn["edges"] > 50
    assert drawn["width"] > 300 and drawn["height"] > 300
    assert drawn["colours"] >= 8, "the canvas should show the classes' colours, not a blank page"
    assert drawn["inked"] > 200
    assert len(browser.get_screenshot_as_png()) > 10_000


def test_searching_selects_the_entity(browser, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages["graph"])
    search = browser.find_element(By.ID, "search")
    search.send_keys("Mark Rutte", Keys.ENTER)
    assert browser.execute_script("return window.kgNetwork.getSelectedNodes()") == [str(official_iri("Mark Rutte"))]
    panel = browser.find_element(By.ID, "details")
    assert panel.is_displayed() and "Mark Rutte" in panel.text and "NATO" in panel.text
    links = browser.execute_script("return [...document.querySelectorAll('#details a')].map((a) => a.href)")
    assert links and all(link.startswith("https://example.org/") for link in links)


def test_the_legend_hides_a_class_and_the_country_filter_keeps_a_neighbourhood(browser, pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, pages["graph"])
    count = "return window.kgNodes.get({ filter: (n) => n.hidden }).map((n) => n.id)"
    officials = browser.execute_script(
        "return JSON.parse(document.getElementById('kg-data').textContent).nodes"
        ".filter((n) => n.cls === 'Official').map((n) => n.id)"
    )
    box = browser.find_element(By.CSS_SELECTOR, "#legend input[value='Official']")
    box.click()
    assert sorted(browser.execute_script(count)) == sorted(officials)
    hidden_edges = browser.execute_script("return window.kgEdges.get({ filter: (e) => e.hidden }).length")
    assert hidden_edges > 0
    box.click()
    assert browser.execute_script(count) == []

    Select(browser.find_element(By.ID, "country")).select_by_visible_text("Japan")
    shown = browser.execute_script("return window.kgNodes.get({ filter: (n) => !n.hidden }).map((n) => n.label)")
    assert "Japan" in shown and "Sanae Takaichi" in shown and "Keir Starmer" not in shown
    browser.find_element(By.ID, "reset").click()
    assert browser.execute_script(count) == []

    browser.execute_script(
        "const input = document.getElementById('date-from'); input.value = '2025-10-01';"
        "input.dispatchEvent(new Event('change'));"
    )
    shown = browser.execute_script("return window.kgNodes.get({ filter: (n) => !n.hidden }).map((n) => n.label)")
    assert "Lai Ching-te" in shown and "Keir Starmer" not in shown  # Taiwan's article is from November 2025


def test_hostile_text_is_shown_as_text_and_never_runs(browser, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(browser, pages["hostile"])
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    node = str(official_iri(PWNED))
    # Hover the node: vis-network shows its tooltip.
    x, y = browser.execute_script(
        "const p = window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([arguments[0]])[arguments[0]]);"
        "return [p.x, p.y];",
        node,
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#graph canvas")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).perform()
    deadline = time.monotonic() + 5
    tooltip = ""
    while time.monotonic() < deadline and PWNED not in tooltip:
        tooltip = browser.execute_script(
            "const t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : '';"
        )
        time.sleep(0.05)
    assert PWNED in tooltip and IMG in tooltip
    # Open the details panel: the evidence sentence and the article's title, as text.
    browser.execute_script("window.kgShowDetails(arguments[0])", node)
    panel = browser.find_element(By.ID, "details").text
    assert PWNED in panel and f'He said "{IMG}" & left.' in panel and "\"quoted\" & 'single'" in panel
    assert browser.execute_script("return window.kgSearch(arguments[0]).length", IMG) >= 1
    found = browser.execute_script(
        "return { images: document.getElementsByTagName('img').length,"
        " scripts: document.scripts.length, links: [...document.querySelectorAll('a')].map((a) => a.href) }"
    )
    assert found["images"] == 0 and found["scripts"] == 3, found
    assert not any(link.startswith("javascript:") for link in found["links"]), found["links"]
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_the_index_links_the_views(browser, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    browser.get(pages["index"].resolve().as_uri())
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#views a")}
    assert set(links) == {"defense-kg: the whole graph", "Japan (JP)"}
    browser.find_element(By.LINK_TEXT, "Japan (JP)").click()
    deadline = time.monotonic() + 20
    while not browser.execute_script("return window.kgReady === true"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert browser.title == "Japan (JP)"
