"""READ: articles from text, Markdown, HTML, JSON Lines, feeds and URLs; bad inputs as ReadErrors.

Real files in tmp_path and the fixtures in tests/fixtures/sources; URLs are served by a real HTTP
server on 127.0.0.1, and nothing else on the network is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg import settings
from kg.sources import READERS, Article, ReadError, read_articles, safe_id
from kg.sources.urls import USER_AGENT

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SAMPLE_ARTICLES = settings.SAMPLES_DIR / "articles"
SHARED_JSONL = Path(settings.PROJECT_ROOT).parent / "shared" / "corpus" / "dev.jsonl"


@pytest.fixture(autouse=True)
def default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits at their defaults, whatever the environment running the tests sets."""
    for spec in settings.LIMITS.values():
        monkeypatch.delenv(spec.env, raising=False)


def read(*inputs: str | Path) -> list[Article | ReadError]:
    return list(read_articles(inputs))


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | ReadError]) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


def one_article(*inputs: str | Path) -> Article:
    items = read(*inputs)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def one_error(*inputs: str | Path) -> ReadError:
    items = read(*inputs)
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    assert "\n" not in items[0].message
    return items[0]


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["dev-000", "wire_2025.04", "A1"])
def test_safe_ids_stay_unchanged(raw: str):
    assert safe_id(raw) == raw


@pytest.mark.parametrize(
    "raw", ["../../etc/passwd", "/etc/passwd", "..", "", "a b/c", "C:\\x\\y", "-x", ".hidden", "x" * 500, "ü/ö"]
)
def test_hostile_ids_become_safe_file_stems(raw: str, tmp_path: Path):
    cleaned = safe_id(raw)
    assert cleaned and len(cleaned) <= 120
    assert "/" not in cleaned and "\\" not in cleaned
    assert not cleaned.startswith((".", "-"))
    assert (tmp_path / f"{cleaned}.json").resolve().parent == tmp_path.resolve()


def test_distinct_raw_ids_stay_distinct():
    raws = ["a/b", "a b", "a?b", "a--b/", "x" * 200, "x" * 201]
    assert len({safe_id(raw) for raw in raws}) == len(raws)


def test_registry_snapshot():
    """A reader removed by mistake shows up here."""
    assert sorted(READERS) == [
        ".atom", ".htm", ".html", ".jsonl", ".markdown", ".md", ".ndjson", ".rss", ".txt", ".xml"
    ]  # fmt: skip


# --- text and Markdown ---------------------------------------------------------------------------


def test_text_with_front_matter():
    article = one_article(FIXTURES / "front-matter.txt")
    assert article.id == "borduria-review"
    assert article.title == "Borduria publishes defence review"
    assert article.url == "https://example.org/defense-kg/fixtures/borduria-review"
    assert article.published == dt.date(2025, 6, 25)
    assert article.text.startswith("Borduria publishes defence review\n\nOSTRAVA — ")
    assert article.source == str(FIXTURES / "front-matter.txt")
    assert article.notes == ()


def test_markdown_title_and_published_line():
    article = one_article(FIXTURES / "briefing.markdown")
    assert article.id == "briefing"
    assert article.title == "Syldavia to double cyber defence spending"
    assert article.published == dt.date(2025, 8, 10)
    assert article.url is None
    assert article.text.startswith("# Syldavia to double cyber defence spending\n")


@pytest.mark.parametrize("stem", sorted(p.stem for p in SAMPLE_ARTICLES.glob("*.txt")))
def test_sample_text_is_the_file_after_its_front_matter(stem: str):
    """Evidence offsets in the sample facts point into exactly this text."""
    raw = (SAMPLE_ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")
    article = one_article(SAMPLE_ARTICLES / f"{stem}.txt")
    assert article.id == stem
    assert article.text == raw[raw.index("\n---\n", 3) + len("\n---\n") :]
    assert article.title == article.text.split("\n", 1)[0]
    assert article.url and article.published


@pytest.mark.parametrize(
    ("second_line", "published"),
    [
        ("Published: 10 Aug. 2025, 13:34 Updated: 10 Aug. 2025, 17:00", dt.date(2025, 8, 10)),
        ("15th July 2025 - 16:52 GMT | by a staff reporter in London", dt.date(2025, 7, 15)),
        ("June 2, 2025", dt.date(2025, 6, 2)),
        ("Posted on 2025-06-05", dt.date(2025, 6, 5)),
        ("Published: 31 June 2025", None),  # no such day: left out rather than guessed
        ("Published: June 2025", None),  # no day: left out rather than taken from today
        ("Ministers will meet on June 2, 2025 to agree a budget that lifts spending to 2% of GDP by 2030.", None),
    ],
)
def test_dateline_in_the_first_lines(tmp_path: Path, second_line: str, published: dt.date | None):
    path = tmp_path / "dated.txt"
    path.write_text(f"Borduria budget rises\n{second_line}\n\nBorduria will spend more on defence.\n", encoding="utf-8")
    assert one_article(path).published == published


def test_headline_date_is_not_a_dateline(tmp_path: Path):
    path = tmp_path / "headline.txt"
    path.write_text("Summit on June 2, 2025\n\nThe ministers met to agree a defence budget.\n", encoding="utf-8")
    assert one_article(path).published is None


def test_text_without_front_matter_keeps_every_byte(tmp_path: Path):
    raw = "\ufeffRuritania buys drones\r\n\r\nRuritania will spend 10 million euros on drones.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = one_article(path)
    assert article.text == raw.removeprefix("\ufeff")
    assert article.title == "Ruritania buys drones"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("---\nurl: x\ntitle: a: b\n---\nHeadline\n", "bad front matter on line 3: mapping values are not allowed"),
        ("---\ntitle: x\nHeadline\n", "never closed"),
        ("---\n- a list\n---\nHeadline\n", "front matter is not"),
        ("---\npublished: someday\n---\nHeadline\n", "published: not a date"),
        ("---\npublished: May 2025\n---\nHeadline\n", "published: not a date: 'May 2025'"),
        ("---\ntitle: x\n---\n\n  \n", "no article text after the front matter"),
    ],
)
def test_bad_front_matter(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "bad.md"
    path.write_text(content, encoding="utf-8")
    error = one_error(path)
    assert error.source == str(path)
    assert problem in error.message


# --- HTML ----------------------------------------------------------------------------------------


def test_html_page_without_boilerplate():
    article = one_article(FIXTURES / "page.html")
    assert article.id == "page"
    assert article.title == "Ruritania lifts defence budget to 2.5% of GDP"
    assert article.url == "https://news.example.org/defence/ruritania-budget"
    assert article.published == dt.date(2025, 3, 14)
    assert article.text.startswith("Ruritania lifts defence budget to 2.5% of GDP\n\nSTRELSAU — ")
    assert article.text.count("Ruritania lifts defence budget") == 1
    assert "called for a vote in parliament next month." in article.text
    for boilerplate in ("Advertisement", "Weather", "Most read", "recipes", "Copyright", "Privacy"):
        assert boilerplate not in article.text


def test_malformed_html_still_extracts():
    article = one_article(FIXTURES / "malformed.html")
    assert article.title == "Syldavia signs frigate deal"
    assert article.text.startswith("Syldavia signs frigate deal\n\nKLOW — ")
    assert "paid for from a special fund" in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Menu</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_an_article(tmp_path: Path, page: str):
    path = tmp_path / "empty-page.html"
    path.write_text(page, encoding="utf-8")
    assert one_error(path).message == "no article text found in the HTML"


def test_html_declared_charset(tmp_path: Path):
    body = "<p>Le ministère de la Défense de Borduria a reçu 2,1 milliards d'euros pour l'année prochaine.</p>" * 3
    head = '<head><meta charset="iso-8859-1"><title>Défense</title></head>'
    page = f"<html>{head}<body><article>{body}</article></body></html>"
    path = tmp_path / "latin1.htm"
    path.write_bytes(page.encode("iso-8859-1"))
    article = one_article(path)
    assert "ministère de la Défense" in article.text
    assert article.notes == ()


# --- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines():
    path = FIXTURES / "articles.jsonl"
    items = read(path)
    good = {a.source.rsplit(":", 1)[1]: a for a in articles(items)}
    bad = {e.source.rsplit(":", 1)[1]: e.message for e in errors(items)}
    assert sorted(good, key=int) == ["1", "3", "9", "10"]
    assert good["1"].id == "wire-001" and good["1"].published == dt.date(2025, 2, 3)
    assert good["1"].url == "https://wire.example.org/1"
    assert good["1"].text.startswith("Borduria raises defence budget\n\n")
    assert good["3"].id == "42" and good["3"].title == "Syldavia orders tanks"
    assert good["10"].id == "articles-10"
    assert good["9"].published == dt.date(2025, 4, 5)
    assert bad == {
        "4": "invalid JSON: Expecting ',' delimiter at column 47",
        "5": "not a JSON object but list",
        "6": "text: missing",
        "7": "text: not a string but int",
        "8": "published: not an ISO date (YYYY-MM-DD): '10/06/2025'",
    }
    assert all(e.source.startswith(f"{path}:") for e in errors(items))


def test_jsonl_hostile_id_is_made_safe():
    hostile = next(a for a in articles(read(FIXTURES / "articles.jsonl")) if a.source.endswith(":9"))
    assert "/" not in hostile.id and not hostile.id.startswith(".")
    assert hostile.id.startswith("etc-passwd-")


def test_jsonl_record_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 200)
    path = tmp_path / "big.ndjson"
    records = [{"id": "small", "text": "Small\n\nA short record."}, {"id": "big", "text": "x" * 5000}]
    path.write_text("\n".join(json.dumps(r) for r in [*records, records[0] | {"id": "after"}]) + "\n", encoding="utf-8")
    items = read(path)
    assert [getattr(i, "id", None) for i in items] == ["small", None, "after"]
    size = len(json.dumps(records[1]))  # 5025: the record without its line break
    assert items[1] == ReadError(
        f"{path}:2", f"record too large: {size} bytes (limit 200 bytes; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"
    )


def test_shared_corpus_jsonl():
    if not SHARED_JSONL.is_file():
        pytest.skip("the shared corpus (../shared/corpus/dev.jsonl) is not beside the project")
    records = [json.loads(line) for line in SHARED_JSONL.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = read(SHARED_JSONL)
    assert errors(items) == []
    assert [a.id for a in items] == [record["id"] for record in records]
    for article, record in zip(items, records, strict=True):
        assert article.text == record["text"]
        assert article.url == record["url"]


# --- feeds ---------------------------------------------------------------------------------------


def test_rss_items():
    first, second = read(FIXTURES / "feed.rss")
    assert first.id == "wire-2025-0412"
    assert first.title == "Borduria sets 3% defence target for 2030"
    assert first.url == "https://wire.example.org/borduria-target"
    # The date as written (23:30 at UTC-5), not feedparser's UTC date (the 13th).
    assert first.published == dt.date(2025, 4, 12)
    assert first.text == (
        "Borduria sets 3% defence target for 2030\n\n"
        "Borduria's parliament voted on Friday to raise defence spending to 3% of GDP by 2030.\n"
        "The plan adds 800 million euros a year to the military budget."
    )
    assert first.source == f"{FIXTURES / 'feed.rss'}#1"
    # No guid: the id is a slug of the link's path and a short hash of the link.
    assert second.id == "syldavia-boats-f417d1"
    assert second.published == dt.date(2025, 4, 14)
    assert second.text.startswith("Syldavia buys coastal patrol boats\n\nSyldavia signed")


def test_atom_entries():
    first, second = read(FIXTURES / "feed.atom")
    assert first.id == "ruritania-doubles-drone-budget-63c3b1"  # a one-word path ("/drones"): the title
    assert first.url == "https://atom.example.org/drones"
    assert first.published == dt.date(2025, 5, 1)
    assert first.text.startswith("Ruritania doubles drone budget\n\nRuritania will spend 300 million euros")
    assert "- Training: 120 million" in first.text  # list items kept, one a line
    assert second.title == "Syldavia & Borduria share air defence costs"
    assert second.url is None  # feedparser copies the tag: id into link; only web URLs are kept
    assert second.id == "syldavia-borduria-share-air-defence-costs-a58f42"  # no link: the title, never the tag
    assert second.published == dt.date(2025, 5, 3)


def test_broken_feed():
    error = one_error(FIXTURES / "broken.rss")
    assert error.source == str(FIXTURES / "broken.rss")
    assert error.message.startswith("not a valid RSS/Atom feed: ")


def test_feed_partly_broken_keeps_the_items_it_has(tmp_path: Path):
    path = tmp_path / "partial.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Ruritania orders tanks</title><description>Ruritania ordered forty tanks &nbsp; for "
        "1 billion euros.</description></item><item><title>Cut off</title>",
        encoding="utf-8",
    )
    items = read(path)
    assert isinstance(items[0], Article) and items[0].title == "Ruritania orders tanks"
    assert items[0].notes and items[0].notes[0].startswith("feed is not well-formed")
    assert items[1] == ReadError(f"{path}#2", "no article text: the item has no content or summary")


def test_feed_item_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "MAX_FEED_ITEMS", 1)
    items = read(FIXTURES / "feed.rss")
    assert [type(i) for i in items] == [Article, ReadError]
    assert items[1].message == (
        "too many items: 2 (limit 1; raise it with DEFENSE_KG_MAX_FEED_ITEMS): read the first 1, skipped the last 1"
    )


def test_xml_is_read_when_it_is_a_feed(tmp_path: Path):
    feed = tmp_path / "wire.xml"
    shutil.copy(FIXTURES / "feed.atom", feed)
    other = tmp_path / "config.xml"
    other.write_text('<?xml version="1.0"?><settings><budget>1</budget></settings>', encoding="utf-8")
    items = read(feed, other)
    assert len(articles(items)) == 2
    assert errors(items) == [
        ReadError(str(other), "not a feed (root element <settings>; expected <rss>, <feed> or <rdf:RDF>)")
    ]


# --- folders, globs, unknown suffixes ----------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder tree with articles, facts files, hidden files and files no reader claims."""
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(FIXTURES / "page.html", root / "b" / "page.html")
    shutil.copy(FIXTURES / "feed.rss", root / "b" / "deeper" / "wire.rss")
    (root / "a.txt").write_text("Alpha budget\n\nAlpha spends more on defence.\n", encoding="utf-8")
    (root / "c.md").write_text("# Gamma budget\n\nGamma spends less.\n", encoding="utf-8")
    (root / "a.json").write_text("{}", encoding="utf-8")
    (root / "b" / "facts.yaml").write_text("id: x\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("Hidden\n\nNot read.\n", encoding="utf-8")
    (root / ".cache" / "x.txt").write_text("Cached\n\nNot read.\n", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04\x00\x00")
    return root


def test_folder_is_read_recursively_in_sorted_order(corpus: Path):
    items = read(corpus)
    assert errors(items) == []
    assert [a.source for a in items] == [
        str(corpus / "a.txt"),
        str(corpus / "b" / "deeper" / "wire.rss") + "#1",
        str(corpus / "b" / "deeper" / "wire.rss") + "#2",
        str(corpus / "b" / "page.html"),
        str(corpus / "c.md"),
    ]


def test_globs(corpus: Path):
    assert [a.id for a in read(str(corpus / "**" / "*.html"))] == ["page"]
    assert [a.id for a in read(str(corpus / "?.*"))] == ["a", "c"]  # a.json is a facts file
    everything = read(str(corpus / "**"))  # matches folders and files: each file read once
    assert [a.source for a in everything] == [a.source for a in read(corpus)]
    pattern = str(corpus / "*.pdf")
    assert one_error(pattern) == ReadError(pattern, "no files match the pattern")
    pattern = str(corpus / "*.docx")
    assert one_error(pattern) == ReadError(pattern, "no article files match the pattern")


def test_folder_without_articles(tmp_path: Path):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.json").write_text("{}", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert read(tmp_path / "facts") == []  # facts are read elsewhere: nothing to say
    assert "no article files" in one_error(tmp_path / "empty").message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"<!DOCTYPE html><html><body><article><p>" + b"Ruritania spends more on defence. " * 10 + b"</p></article>",
            "html",
        ),
        (FIXTURES.joinpath("feed.atom").read_bytes(), "feed"),
        (b"Ruritania budget\n\nRuritania spends more on defence.\n", "text"),
    ],
)
def test_unknown_suffix_is_sniffed(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "README"
    path.write_bytes(content)
    items = read(path)
    assert errors(items) == []
    sources = [a.source for a in items]
    assert sources == ([f"{path}#1", f"{path}#2"] if expected == "feed" else [str(path)])
    if expected == "html":
        assert items[0].text.startswith("Ruritania spends more on defence.")


def test_facts_file_named_explicitly(tmp_path: Path):
    path = tmp_path / "dev-000.json"
    path.write_text("{}", encoding="utf-8")
    assert "holds facts, not an article" in one_error(path).message


# --- bad inputs: one ReadError each, the batch goes on ------------------------------------------------


def test_bad_inputs_in_one_batch(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Borduria budget\n\nBorduria will spend 2% of GDP on defence.\n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    controls = tmp_path / "controls.md"
    controls.write_bytes(b"\x01\x02\x03\x04 text \x05\x06\x07\x08\x0e\x0f")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b" \n\t\n")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Défense budget\n\nLa Défense reçoit 2 milliards.\n".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 50 MiB without writing them
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x")
    missing = tmp_path / "missing.txt"

    started = time.monotonic()
    items = read(good, binary, controls, empty, blank, latin1, huge, missing, good)
    assert time.monotonic() - started < 2

    assert [type(i).__name__ for i in items] == [
        "Article",
        *["ReadError"] * 4,
        "Article",
        *["ReadError"] * 2,
        "Article",
    ]
    assert [str(e) for e in errors(items)] == [
        f"{binary}: binary file, not text",
        f"{controls}: binary file, not text",
        f"{empty}: empty file",
        f"{blank}: empty file",
        f"{huge}: too large: 52.4 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)",
        f"{missing}: no such file or folder",
    ]
    replaced = items[5]
    assert replaced.notes == ("invalid UTF-8 replaced (3 bytes)",)
    assert replaced.text.startswith("D\ufffdfense budget\n")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x")
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert one_error(huge).message == "too large: 52.4 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"
    assert opened == []


# --- URLs ----------------------------------------------------------------------------------------


PAGE = (FIXTURES / "page.html").read_bytes()
PLAIN_PAGE = (
    b"<html><head><title>Borduria budget</title></head><body><article><h1>Borduria budget</h1><p>"
    + b"Borduria will spend 2.2% of GDP on defence next year, the finance ministry said. " * 3
    + b"</p></article></body></html>"
)


class Server:
    """A local HTTP server answering from ``routes`` (path -> handler); ``url(path)`` is where to find one."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.released = threading.Event()  # ends a slow answer when the test is over
        self.user_agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.user_agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(self.path)
                try:
                    if route is None:
                        self.send_error(404, "Not Found")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should for a body too large

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def slow(self, handler: BaseHTTPRequestHandler) -> None:
        """Answers after 2 s (or as soon as the test is over)."""
        self.released.wait(2)
        _send(PLAIN_PAGE)(handler)


def _send(body: bytes, content_type: str = "text/html; charset=utf-8", length: int | None = None):
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if length is not None:
            handler.send_header("Content-Length", str(length))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def _redirect(location: str):
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.end_headers()

    return route


def _stream_without_length(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    for _ in range(settings.MAX_FETCH_BYTES // len(chunk) + 2):
        handler.wfile.write(chunk)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    local = Server()
    local.routes.update(
        {
            "/defence/page.html": _send(PAGE),
            "/plain": _send(PLAIN_PAGE),
            "/old-address": _redirect("/plain"),
            "/to-ftp": _redirect("ftp://127.0.0.1/x"),
            "/notes.txt": _send(b"Borduria budget\n\nBorduria will spend more.\n", "text/plain"),
            "/feed": _send((FIXTURES / "feed.rss").read_bytes(), "application/rss+xml"),
            "/report.pdf": _send(b"%PDF-1.7\n", "application/pdf"),
            "/big-declared": _send(b"<p>x</p>", length=settings.MAX_FETCH_BYTES + 1),
            "/big-streamed": _stream_without_length,
            "/slow": local.slow,
        }
    )
    local.thread.start()
    yield local
    local.released.set()
    local.httpd.shutdown()
    local.httpd.server_close()


def test_url_page(server: Server):
    url = server.url("/defence/page.html")
    article = one_article(url)
    assert article.url == "https://news.example.org/defence/ruritania-budget"  # the page's canonical URL
    assert article.id.startswith("page-") and len(article.id) == len("page-") + 8
    assert article.source == url
    assert article.title == "Ruritania lifts defence budget to 2.5% of GDP"
    assert article.published == dt.date(2025, 3, 14)
    assert server.user_agents == [USER_AGENT]


def test_url_after_redirect_is_the_final_one(server: Server):
    article = one_article(server.url("/old-address"))
    assert article.url == server.url("/plain")
    assert article.text.startswith("Borduria budget\n\nBorduria will spend 2.2% of GDP")


def test_url_plain_text_and_feed(server: Server):
    text = one_article(server.url("/notes.txt"))
    assert text.title == "Borduria budget" and text.url == server.url("/notes.txt")
    feed = read(server.url("/feed"))
    assert feed[0].id == "wire-2025-0412"
    assert [a.source for a in feed] == [server.url("/feed#1"), server.url("/feed#2")]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "cannot fetch: HTTP 404 Not Found"),
        ("/report.pdf", "not an HTML page (content type application/pdf)"),
        (
            "/big-declared",
            "response too large: the server declares 5,000,001 bytes "
            "(limit 5,000,000 bytes; raise it with DEFENSE_KG_MAX_FETCH_BYTES)",
        ),
        ("/big-streamed", "response too large: more than 5 MB (limit 5 MB; raise it with DEFENSE_KG_MAX_FETCH_BYTES)"),
        ("/to-ftp", "redirected to a URL that is not http(s): ftp://127.0.0.1/x"),
    ],
)
def test_url_problems(server: Server, path: str, problem: str):
    url = server.url(path)
    assert one_error(url) == ReadError(url, problem)


def test_url_timeout(server: Server, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "FETCH_TIMEOUT_SECONDS", 0.5)
    started = time.monotonic()
    url = server.url("/slow")
    assert one_error(url) == ReadError(
        url, "cannot fetch: timed out (limit 0.5 s; raise it with DEFENSE_KG_FETCH_TIMEOUT)"
    )
    assert time.monotonic() - started < 1.5


def test_unreachable_url_and_the_batch_goes_on(server: Server):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = f"http://127.0.0.1:{port}/x"
    items = read(closed, "ftp://127.0.0.1/x", server.url("/plain"))
    assert [str(e) for e in errors(items)] == [
        f"{closed}: cannot fetch: connection refused",
        "ftp://127.0.0.1/x: only http:// and https:// URLs are read",
    ]
    assert len(articles(items)) == 1
