"""``vbkg serve`` in a real browser (headless Chromium through Playwright).

A real uvicorn serves the seeds' store on 127.0.0.1; every request the pages make to
anything else is aborted and recorded, and each test fails if one was attempted, if the
console shows an error (a Content-Security-Policy violation included) or if a dialog
opened. Waits use selectors, not ``wait_for_function``: the pages' CSP forbids ``eval``,
which Playwright's function predicates need. Skipped when Playwright or a Chromium
executable is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install playwright; no browser download needed)",
)
pytest.importorskip("uvicorn", reason="uvicorn is not installed")

from factories import EXAMPLES, KH04, running_server, seed_store  # noqa: E402

from graph.web.app import ServeConfig  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@dataclass
class Session:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = seed_store(tmp_path_factory.mktemp("serve-browser"))
    with running_server(ServeConfig(store=str(store), timeout=60)) as url:
        yield url


@pytest.fixture
def open_page(browser: Any, server: str) -> Iterator[Callable[[str], Session]]:
    contexts: list[Any] = []
    sessions: list[Session] = []

    def _open(path: str) -> Session:
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=False
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        s = Session(page)
        sessions.append(s)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith((server + "/", "data:", "about:")):
                r.continue_()
            else:
                s.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: s.requests.append(req.url))
        page.on(
            "console", lambda m: s.errors.append(m.text) if m.type in ("error", "assert") else None
        )
        page.on("pageerror", lambda e: s.errors.append(str(e)))

        def on_dialog(d: Any) -> None:
            s.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(server + path)
        return s

    yield _open
    for s in sessions:
        assert s.blocked == [], f"requests left the server: {s.blocked}"
        assert all(u.startswith((server + "/", "data:", "about:")) for u in s.requests)
        assert s.errors == [], f"console errors: {s.errors}"
        assert s.dialogs == [], f"a dialog opened: {s.dialogs}"
    for c in contexts:
        c.close()


def test_query_page_runs_a_prefilled_query(open_page: Callable[[str], Session]) -> None:
    s = open_page("/")
    page = s.page
    page.wait_for_selector("body[data-ready='1']")
    # the default query lists the documents of the corpus
    page.click("#run")
    page.wait_for_selector("body[data-ran='1']")
    table = page.locator("#results table.results")
    assert table.locator("tr").count() == 6  # header + five seeds
    assert "04/KH-UBND" in table.inner_text()
    assert "5" in page.locator("#status").inner_text()
    # a cookbook query: click it, it fills the editor, run it with Ctrl+Enter
    page.click('#query-list li[data-name="graph_edges"]')
    assert "graph_edges" not in page.input_value("#query")
    assert "?relation" in page.input_value("#query")
    assert page.locator("#question").inner_text().startswith("Which relations")
    page.focus("#query")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("body[data-ran='2']")
    rows = table.locator("tr").count()
    assert rows > 100
    assert "implements" in table.inner_text()
    # an error is shown as text
    page.fill("#query", "SELECT <script>alert(1)</script>")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "400" in page.locator("#error").inner_text()
    assert page.locator("#error script").count() == 0
    # the browser logs the deliberate 400 itself; nothing else may be there
    assert [e for e in s.errors if "status of 400" not in e] == []
    s.errors.clear()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-query.png"))


def test_graph_page_renders(open_page: Callable[[str], Session]) -> None:
    s = open_page("/graph?focus=04/KH-UBND")
    page = s.page
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#graph canvas").count() == 1
    assert s.page.evaluate("window.vbkg.nodes.length") > 50
    assert page.locator("body").get_attribute("data-focus") == KH04
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-graph.png"))


def test_check_page_shows_findings(open_page: Callable[[str], Session]) -> None:
    s = open_page("/check?lang=en")
    page = s.page
    page.set_input_files("#draft", str(EXAMPLES / "001_e31f9ee25f552465.txt"))
    page.click("#check-submit")
    page.wait_for_selector("#check-result")
    heading = page.locator("#check-result").inner_text()
    assert "001_e31f9ee25f552465.txt" in heading and "findings" in heading
    report = page.frame_locator("#report")
    report.locator("table").first.wait_for()
    assert report.locator("table tr").count() > 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-check.png"), full_page=True)


def test_query_page_resolves_a_citation_key(open_page: Callable[[str], Session]) -> None:
    s = open_page("/?lang=en")
    page = s.page
    page.wait_for_selector("body[data-ready='1']")
    page.click('#query-list li[data-name="covered-areas"]')
    page.fill('#binds input[name="doc"]', "04/KH-UBND")
    page.click("#run")
    page.wait_for_selector("body[data-ran='1']")
    assert page.locator("#results table.results tr").count() > 1
    assert f"04/KH-UBND → {KH04}" in page.locator("#resolved").inner_text()
    # a key the store does not have: said so, not "0 rows"
    page.fill('#binds input[name="doc"]', "999/KH-NONE")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "no document in the store has the key 999/KH-NONE" in page.locator("#error").inner_text()
    assert "rows" not in page.locator("#status").inner_text()
    # the browser logs the deliberate 404 itself; nothing else may be there
    assert [e for e in s.errors if "status of 404" not in e] == []
    s.errors.clear()
