"""Size, count and time limits: each one refuses an input with a message naming the input, what was
too big or too slow, the limit and the environment variable that raises it; the variables raise and
lower the limits; a bad value is one clear error; the rest of a batch is still read.

Files are real files in tmp_path; URLs are served by a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg import pipeline, settings
from kg.settings import SettingsError
from kg.sources import Article, ReadError, read_articles

GOOD = "Borduria budget\n\nBorduria will spend 2% of GDP on defence next year, the finance ministry said.\n"
PAGE = (
    b"<html><head><title>Borduria budget</title></head><body><article><h1>Borduria budget</h1><p>"
    + b"Borduria will spend 2.2% of GDP on defence next year, the finance ministry said. " * 4
    + b"</p></article></body></html>"
)
ENV = {name: spec.env for name, spec in settings.LIMITS.items()}


def rss(items: int) -> str:
    entries = "".join(
        f"<item><guid>wire-{n}</guid><title>Borduria news {n}</title>"
        f"<description>Borduria will spend {n} billion euros on defence.</description></item>"
        for n in range(1, items + 1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


def read(*inputs: str | Path) -> list[Article | ReadError]:
    items = list(read_articles(inputs))
    for item in items:
        if isinstance(item, ReadError):
            assert "\n" not in item.message, item
    return items


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | ReadError]) -> list[str]:
    return [str(item) for item in items if isinstance(item, ReadError)]


@pytest.fixture(autouse=True)
def default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every limit at its default, whatever the environment running the tests sets."""
    for env in ENV.values():
        monkeypatch.delenv(env, raising=False)


# --- the settings --------------------------------------------------------------------------------


def test_every_limit_has_a_default_and_a_variable():
    assert ENV == {
        "MAX_ARTICLE_BYTES": "DEFENSE_KG_MAX_ARTICLE_BYTES",
        "MAX_FILE_BYTES": "DEFENSE_KG_MAX_FILE_BYTES",
        "MAX_FEED_ITEMS": "DEFENSE_KG_MAX_FEED_ITEMS",
        "FETCH_TIMEOUT_SECONDS": "DEFENSE_KG_FETCH_TIMEOUT",
        "MAX_FETCH_BYTES": "DEFENSE_KG_MAX_FETCH_BYTES",
    }
    for name, env in ENV.items():
        assert settings.limit(name) == getattr(settings, name)
        assert env in settings.__doc__


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("MAX_ARTICLE_BYTES", "10000000", 10_000_000),
        ("MAX_ARTICLE_BYTES", " 500 ", 500),
        ("MAX_FILE_BYTES", "2e9", 2_000_000_000),
        ("MAX_FILE_BYTES", "1_000_000", 1_000_000),
        ("MAX_FEED_ITEMS", "50", 50),
        ("FETCH_TIMEOUT_SECONDS", "60", 60),
        ("FETCH_TIMEOUT_SECONDS", "0.25", 0.25),
        ("MAX_FETCH_BYTES", "20000000", 20_000_000),
    ],
)
def test_a_variable_sets_its_limit(monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: float):
    monkeypatch.setenv(ENV[name], value)
    assert settings.limit(name) == expected
    assert isinstance(settings.limit(name), int) == (name != "FETCH_TIMEOUT_SECONDS")


def test_an_empty_variable_is_unset(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "  ")
    assert settings.limit("MAX_FEED_ITEMS") == 10_000


def test_the_module_attribute_is_the_default_and_the_variable_wins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "MAX_FEED_ITEMS", 3)
    assert settings.limit("MAX_FEED_ITEMS") == 3
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "7")
    assert settings.limit("MAX_FEED_ITEMS") == 7


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "MAX_ARTICLE_BYTES",
            "2MB",
            "DEFENSE_KG_MAX_ARTICLE_BYTES='2MB' is not a positive whole number of bytes (the default is 2000000)",
        ),
        (
            "MAX_FILE_BYTES",
            "0",
            "DEFENSE_KG_MAX_FILE_BYTES='0' is not a positive whole number of bytes (the default is 200000000)",
        ),
        (
            "MAX_FEED_ITEMS",
            "-5",
            "DEFENSE_KG_MAX_FEED_ITEMS='-5' is not a positive whole number of items (the default is 10000)",
        ),
        (
            "MAX_FEED_ITEMS",
            "2.5",
            "DEFENSE_KG_MAX_FEED_ITEMS='2.5' is not a positive whole number of items (the default is 10000)",
        ),
        (
            "FETCH_TIMEOUT_SECONDS",
            "ten",
            "DEFENSE_KG_FETCH_TIMEOUT='ten' is not a positive number of seconds (the default is 15)",
        ),
        (
            "FETCH_TIMEOUT_SECONDS",
            "nan",
            "DEFENSE_KG_FETCH_TIMEOUT='nan' is not a positive number of seconds (the default is 15)",
        ),
        (
            "MAX_FETCH_BYTES",
            "inf",
            "DEFENSE_KG_MAX_FETCH_BYTES='inf' is not a positive whole number of bytes (the default is 5000000)",
        ),
        (
            "MAX_FETCH_BYTES",
            "5\n000",
            "DEFENSE_KG_MAX_FETCH_BYTES='5\\n000' is not a positive whole number of bytes (the default is 5000000)",
        ),
    ],
)
def test_a_bad_value_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str):
    monkeypatch.setenv(ENV[name], value)
    with pytest.raises(SettingsError) as raised:
        settings.limit(name)
    assert str(raised.value) == message
    assert "\n" not in str(raised.value)


def test_a_long_bad_value_is_cut_short(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "x" * 500)
    with pytest.raises(SettingsError, match=r"^DEFENSE_KG_MAX_FEED_ITEMS='x{39}…' is not"):
        settings.limit("MAX_FEED_ITEMS")


def test_a_bad_value_stops_a_batch_before_anything_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("DEFENSE_KG_FETCH_TIMEOUT", "soon")
    stream = read_articles([good])
    with pytest.raises(SettingsError, match=r"^DEFENSE_KG_FETCH_TIMEOUT='soon' is not a positive number of seconds"):
        next(stream)


def test_a_bad_value_is_one_line_from_kg_ingest(kg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("DEFENSE_KG_MAX_ARTICLE_BYTES", "lots")
    result = kg("ingest", good)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == (
        "error: DEFENSE_KG_MAX_ARTICLE_BYTES='lots' is not a positive whole number of bytes (the default is 2000000)"
    )


# --- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".page"])
def test_article_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str):
    path = tmp_path / f"big{suffix}"
    content = GOOD if suffix != ".html" else PAGE.decode()
    path.write_text(content, encoding="utf-8")
    size = path.stat().st_size
    monkeypatch.setenv("DEFENSE_KG_MAX_ARTICLE_BYTES", "50")
    assert errors(read(path)) == [
        f"{path}: too large: {size} bytes (limit 50 bytes; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_ARTICLE_BYTES", str(size))
    assert len(articles(read(path))) == 1


def test_article_size_by_default_in_megabytes(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 52.4 MB without writing them
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x")
    assert errors(read(big)) == [f"{big}: too large: 52.4 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"]


def test_just_over_the_limit_is_shown_in_bytes(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD.encode() + b"x" * (settings.MAX_ARTICLE_BYTES + 1 - len(GOOD)))
    assert errors(read(big)) == [
        f"{big}: too large: 2,000,001 bytes (limit 2,000,000 bytes; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"
    ]


def test_jsonl_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{n}", "text": GOOD}) + "\n" for n in range(3)), encoding="utf-8")
    size = path.stat().st_size
    monkeypatch.setenv("DEFENSE_KG_MAX_FILE_BYTES", "200")
    assert errors(read(path)) == [
        f"{path}: too large: {size} bytes (limit 200 bytes; raise it with DEFENSE_KG_MAX_FILE_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_FILE_BYTES", str(size))
    assert [a.id for a in read(path)] == ["r0", "r1", "r2"]


def test_jsonl_record_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "corpus.jsonl"
    records = [{"id": "small", "text": GOOD}, {"id": "big", "text": GOOD * 40}, {"id": "after", "text": GOOD}]
    path.write_text("\r\n".join(json.dumps(r) for r in records) + "\r\n", encoding="utf-8")
    big = len(json.dumps(records[1]))
    monkeypatch.setenv("DEFENSE_KG_MAX_ARTICLE_BYTES", "1000")
    items = read(path)
    assert [getattr(i, "id", None) for i in items] == ["small", None, "after"]
    assert errors(items) == [
        f"{path}:2: record too large: {big} bytes (limit 1000 bytes; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_ARTICLE_BYTES", str(big))  # a record exactly at the limit is read
    assert [a.id for a in read(path)] == ["small", "big", "after"]


@pytest.mark.parametrize("suffix", [".rss", ".xml"])
def test_feed_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str):
    path = tmp_path / f"wire{suffix}"
    path.write_text(rss(3), encoding="utf-8")
    size = path.stat().st_size
    monkeypatch.setenv("DEFENSE_KG_MAX_FILE_BYTES", "100")
    assert errors(read(path)) == [
        f"{path}: too large: {size} bytes (limit 100 bytes; raise it with DEFENSE_KG_MAX_FILE_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_FILE_BYTES", "100000")
    assert len(articles(read(path))) == 3


def test_feed_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "wire.rss"
    path.write_text(rss(5), encoding="utf-8")
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "2")
    items = read(path)
    assert [a.id for a in articles(items)] == ["wire-1", "wire-2"]
    assert errors(items) == [
        f"{path}: too many items: 5 (limit 2; raise it with DEFENSE_KG_MAX_FEED_ITEMS): "
        "read the first 2, skipped the last 3"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "5")
    items = read(path)
    assert errors(items) == [] and len(items) == 5


def test_a_folder_with_one_file_too_large_still_reads_the_others(tmp_path: Path):
    folder = tmp_path / "coverage"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    big = folder / "b-big.txt"
    with big.open("wb") as handle:
        handle.seek(3_000_000)
        handle.write(b"x")
    (folder / "c-good.md").write_text(GOOD, encoding="utf-8")
    items = read(folder)
    assert [type(i) for i in items] == [Article, ReadError, Article]
    assert [a.id for a in articles(items)] == ["a-good", "c-good"]
    assert errors(items) == [f"{big}: too large: 3 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"]


# --- URLs ----------------------------------------------------------------------------------------


class Server:
    """A local HTTP server answering from ``routes``; a slow answer ends early once ``released`` is set."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = server.routes.get(self.path)
                try:
                    if route is None:
                        self.send_error(404, "Not Found")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past a limit

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


def _send(body: bytes, content_type: str = "text/html; charset=utf-8", declare: bool = True):
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if declare:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    local = Server()

    def slow(handler: BaseHTTPRequestHandler) -> None:
        """The page after 0.6 s (or as soon as the test is over)."""
        local.released.wait(0.6)
        _send(PAGE)(handler)

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        """Headers at once, then a byte every 50 ms for 3 s: each wait is short, the whole is not."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(60):
            if local.released.wait(0.05):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()

    local.routes.update(
        {
            "/page": _send(PAGE),
            "/undeclared": _send(PAGE, declare=False),
            "/slow": slow,
            "/trickle": trickle,
            "/feed": _send(rss(4).encode(), "application/rss+xml"),
        }
    )
    local.thread.start()
    yield local
    local.released.set()
    local.httpd.shutdown()
    local.httpd.server_close()


def test_url_size_declared(server: Server, monkeypatch: pytest.MonkeyPatch):
    url = server.url("/page")
    monkeypatch.setenv("DEFENSE_KG_MAX_FETCH_BYTES", "200")
    assert errors(read(url)) == [
        f"{url}: response too large: the server declares {len(PAGE)} bytes "
        "(limit 200 bytes; raise it with DEFENSE_KG_MAX_FETCH_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_FETCH_BYTES", str(len(PAGE)))
    assert articles(read(url))[0].title == "Borduria budget"


def test_url_size_streamed(server: Server, monkeypatch: pytest.MonkeyPatch):
    url = server.url("/undeclared")
    monkeypatch.setenv("DEFENSE_KG_MAX_FETCH_BYTES", "200")
    assert errors(read(url)) == [
        f"{url}: response too large: more than 200 bytes (limit 200 bytes; raise it with DEFENSE_KG_MAX_FETCH_BYTES)"
    ]
    monkeypatch.setenv("DEFENSE_KG_MAX_FETCH_BYTES", "100000")
    assert articles(read(url))[0].title == "Borduria budget"


def test_url_timeout_and_raising_it(server: Server, monkeypatch: pytest.MonkeyPatch):
    url = server.url("/slow")
    monkeypatch.setenv("DEFENSE_KG_FETCH_TIMEOUT", "0.2")
    started = time.monotonic()
    assert errors(read(url)) == [
        f"{url}: cannot fetch: timed out (limit 0.2 s; raise it with DEFENSE_KG_FETCH_TIMEOUT)"
    ]
    assert time.monotonic() - started < 0.55
    monkeypatch.setenv("DEFENSE_KG_FETCH_TIMEOUT", "5")
    assert articles(read(url))[0].title == "Borduria budget"


def test_url_timeout_bounds_a_slow_trickle(server: Server, monkeypatch: pytest.MonkeyPatch):
    url = server.url("/trickle")
    monkeypatch.setenv("DEFENSE_KG_FETCH_TIMEOUT", "0.3")
    started = time.monotonic()
    assert errors(read(url)) == [
        f"{url}: cannot fetch: timed out (limit 0.3 s; raise it with DEFENSE_KG_FETCH_TIMEOUT)"
    ]
    assert time.monotonic() - started < 1.5  # the server would go on for 3 s


def test_feed_items_from_a_url(server: Server, monkeypatch: pytest.MonkeyPatch):
    url = server.url("/feed")
    monkeypatch.setenv("DEFENSE_KG_MAX_FEED_ITEMS", "3")
    items = read(url)
    assert [a.source for a in articles(items)] == [f"{url}#1", f"{url}#2", f"{url}#3"]
    assert errors(items) == [
        f"{url}: too many items: 4 (limit 3; raise it with DEFENSE_KG_MAX_FEED_ITEMS): "
        "read the first 3, skipped the last 1"
    ]


# --- a whole batch -------------------------------------------------------------------------------


def test_a_batch_past_every_limit_reads_all_it_can(tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch):
    for env, value in {
        "DEFENSE_KG_MAX_ARTICLE_BYTES": "400",
        "DEFENSE_KG_MAX_FILE_BYTES": "2000",
        "DEFENSE_KG_MAX_FEED_ITEMS": "2",
        "DEFENSE_KG_FETCH_TIMEOUT": "0.2",
        "DEFENSE_KG_MAX_FETCH_BYTES": "300",
    }.items():
        monkeypatch.setenv(env, value)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 10, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "fits", "text": GOOD}) + "\n" + json.dumps({"id": "big", "text": GOOD * 10}) + "\n",
        encoding="utf-8",
    )
    huge_feed = tmp_path / "huge.rss"
    huge_feed.write_text(rss(40), encoding="utf-8")
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(3), encoding="utf-8")
    inputs = [good, big, corpus, huge_feed, feed, server.url("/page"), server.url("/slow")]
    items = read(*inputs)
    assert [a.id for a in articles(items)] == ["good", "fits", "wire-1", "wire-2"]
    problems = errors(items)
    assert [p.split(": ", 1)[0] for p in problems] == [
        str(big),
        f"{corpus}:2",
        str(huge_feed),
        str(feed),
        server.url("/page"),
        server.url("/slow"),
    ]
    for problem, env in zip(
        problems,
        [
            "DEFENSE_KG_MAX_ARTICLE_BYTES",
            "DEFENSE_KG_MAX_ARTICLE_BYTES",
            "DEFENSE_KG_MAX_FILE_BYTES",
            "DEFENSE_KG_MAX_FEED_ITEMS",
            "DEFENSE_KG_MAX_FETCH_BYTES",
            "DEFENSE_KG_FETCH_TIMEOUT",
        ],
        strict=True,
    ):
        assert problem.endswith(f"; raise it with {env})") or f"; raise it with {env}): read the first" in problem


def test_the_pipeline_reports_a_refused_input_and_stores_the_rest(tmp_path: Path, store):
    folder = tmp_path / "coverage"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    big = folder / "huge.txt"
    with big.open("wb") as handle:
        handle.seek(10_000_000)
        handle.write(b"x")
    report = pipeline.ingest(store, [folder])
    assert report.articles == 1
    assert report.errors == [f"{big}: too large: 10 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)"]
