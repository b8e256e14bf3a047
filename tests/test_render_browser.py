"""graph.web.graph_page in a real browser (headless Chromium through Playwright), fully offline.

Every request that is not the page's own file is aborted and recorded; each test fails if
one was attempted, if the console shows an error, or if a dialog (``alert``) opened.
Skipped when Playwright or a Chromium executable is missing (``pip install playwright``;
``apt-get install chromium``, or set ``VBKG_CHROMIUM`` to the executable). Playwright's own
browser download is not needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from factories import (
    CAO_LOC_2024,
    HOSTILE,
    KH04,
    KH04_CITATION,
    KH37,
    NQ76,
    OTHER_DISTRICTS,
    best_of,
    lang_son_graph,
    missing_id,
    synthetic_graph,
)

from graph.web.graph_page import render_html

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install playwright; no browser download needed)",
)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@dataclass
class Session:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def canvas_box(self) -> dict[str, float]:
        box: dict[str, float] = self.page.locator("#graph canvas").bounding_box()
        return box

    def click_node(self, node_id: str) -> None:
        """Click where vis-network draws ``node_id`` (canvas → DOM coordinates)."""
        pos = self.page.evaluate("id => window.vbkg.domPosition(id)", node_id)
        box = self.canvas_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Session]]:
    contexts: list[Any] = []
    sessions: list[Session] = []

    def _open(path: Path) -> Session:
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        contexts.append(context)
        page = context.new_page()
        s = Session(page)
        sessions.append(s)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith("file:"):
                r.continue_()
            else:
                s.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: s.requests.append(req.url))
        page.on(
            "console",
            lambda m: s.errors.append(m.text) if m.type in ("error", "assert") else None,
        )
        page.on("pageerror", lambda e: s.errors.append(str(e)))

        def on_dialog(d: Any) -> None:
            s.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.resolve().as_uri())
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
        return s

    yield _open
    for s in sessions:
        assert s.blocked == [], f"requests left the file: {s.blocked}"
        assert all(u.startswith(("file:", "data:")) for u in s.requests), s.requests
        assert s.errors == [], f"console errors: {s.errors}"
        assert s.dialogs == [], f"a dialog opened: {s.dialogs}"
    for c in contexts:
        c.close()


def late_lang_son() -> nx.MultiDiGraph:
    g = lang_son_graph()
    key = next(k for u, v, k in g.edges(keys=True) if (u, v) == (CAO_LOC_2024, KH04))
    g.edges[CAO_LOC_2024, KH04, key]["late"] = True
    return g


# --------------------------------------------------------------------------- tests


def test_sample_page_offline_legend_panel_screenshot(
    open_page: Callable[[Path], Session], tmp_path: Path
) -> None:
    s = open_page(render_html(late_lang_son(), tmp_path / "graph.html"))
    page = s.page
    assert page.locator("#graph canvas").count() == 1
    box = s.canvas_box()
    assert box["width"] > 500 and box["height"] > 500
    legend = page.locator("#legend").inner_text()
    for text in (
        "Loại văn bản",
        "Kế hoạch (KH)",
        "Nghị quyết (NQ)",
        "triển khai thực hiện",
        "dự kiến nhưng thiếu",
        "Trung ương",
        "Cấp huyện",  # a level as shown everywhere (issue 12, point 2)
        "ban hành trễ hạn",
    ):
        assert text in legend
    assert s.js("window.vbkg.nodes.length") == 18
    # the canvas is drawn on: some pixels are not white
    painted = s.js(
        """() => { const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++; return n; }"""
    )
    assert painted > 1000

    s.click_node(KH04)
    panel = page.locator("#panel")
    text = panel.inner_text()
    for expected in (
        "KH 04/KH-UBND",
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "2024-01-09",
        "002_667d8307f84b3ad3.txt",
        "Câu dẫn chiếu",
        "001_e31f9ee25f552465.txt",
        "KH CCHC 2024 Tràng Định",
    ):
        assert expected in text
    assert panel.locator("mark").first.inner_text() == KH04_CITATION
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph.png"))


def test_hostile_text_renders_as_text(open_page: Callable[[Path], Session], tmp_path: Path) -> None:
    g = lang_son_graph()
    g.nodes[KH04]["title"] = HOSTILE
    g.nodes[KH04]["citing"][0]["source"] = "<img src=x onerror=alert(2)>"
    s = open_page(render_html(g, tmp_path / "hostile.html", title="<script>alert(3)</script>"))
    assert s.page.title() == "<script>alert(3)</script>"
    s.click_node(KH04)
    panel = s.page.locator("#panel")
    assert "<script>alert(1)</script>" in panel.inner_text()
    assert '<a href="https://evil.example/x">href</a>' in panel.inner_text()
    assert "<img src=x onerror=alert(2)>" in panel.inner_text()
    assert s.page.locator("#panel script, #panel a[href], #panel img").count() == 0
    assert s.page.locator("body script").count() == 3
    s.page.mouse.move(10, 10)  # tooltips are elements built from text nodes too
    assert s.dialogs == []


def test_focus_highlights_the_chain(open_page: Callable[[Path], Session], tmp_path: Path) -> None:
    s = open_page(render_html(late_lang_son(), tmp_path / "focus.html", focus=KH04))
    assert s.page.locator("body").get_attribute("data-focus") == KH04
    assert "Chuỗi triển khai của KH 04/KH-UBND" in s.page.locator("#focus-banner").inner_text()
    # the page's own chain equals the one computed in Python
    assert s.js(
        "JSON.stringify(vbkg.chainOf(vbkg.data.focus.id)) === JSON.stringify(vbkg.data.focus)"
    )
    opacity = "id => vbkg.nodes.get(id).opacity"
    assert s.js(opacity, KH37) == pytest.approx(0.15)  # dimmed
    assert s.js(opacity, NQ76) == 1 and s.js(opacity, CAO_LOC_2024) == 1
    placeholder = s.js("id => vbkg.nodes.get(id)", missing_id("Tràng Định"))
    assert placeholder["opacity"] == 1 and placeholder["color"]["border"] == "#d62728"
    assert placeholder["shapeProperties"]["borderDashes"]
    late = s.js(
        """() => vbkg.edges.get().filter(e => e.label === 'trễ hạn')
             .map(e => [e.from, e.to, e.width, !!e.dashes])"""
    )
    assert late == [[CAO_LOC_2024, KH04, 4, True]]
    # clear, then focus again from the side panel
    s.page.click("#btn-unfocus")
    assert s.js(opacity, KH37) == 1
    s.click_node(NQ76)
    s.page.click("#btn-chain")
    assert s.page.locator("body").get_attribute("data-focus") == NQ76
    assert s.js(opacity, KH37) == 1  # 37/KH-UBND implements 249 which implements 76
    ARTIFACTS.mkdir(exist_ok=True)
    s.page.screenshot(path=str(ARTIFACTS / "graph-focus.png"))


def test_filters_and_search(open_page: Callable[[Path], Session], tmp_path: Path) -> None:
    s = open_page(render_html(lang_son_graph(), tmp_path / "filters.html"))
    page = s.page
    page.locator('#legend [data-facet="status"] input[value="missing"]').uncheck()
    assert s.js("vbkg.nodes.length") == 8
    assert s.js("id => vbkg.nodes.get(id)", missing_id("Bình Gia")) is None
    page.locator('#legend [data-facet="status"] input[value="missing"]').check()
    page.locator('#legend [data-facet="relation"] input[value="implements"]').uncheck()
    shown_relations = s.js(
        "vbkg.edges.get().map(e => vbkg.data.edges.find(x => x.id === e.id).relation)"
    )
    assert shown_relations and "implements" not in shown_relations
    page.locator('#legend [data-facet="relation"] input[value="implements"]').check()
    page.locator('#legend [data-facet="year"] input[value="2021"]').uncheck()
    assert s.js("id => vbkg.nodes.get(id)", NQ76) is None
    page.locator('#legend [data-facet="year"] button', has_text="tất cả").click()
    assert s.js("vbkg.nodes.length") == 18

    page.fill("#search", "cao loc 2024")  # folded: matches "Cao Lộc"
    page.wait_for_selector("#search-results li[data-id]")
    assert "KH CCHC 2024 Cao Lộc" in page.locator("#search-results").inner_text()
    page.press("#search", "Enter")
    assert page.locator("#panel h2").inner_text() == "KH CCHC 2024 Cao Lộc"
    page.fill("#search", "04/KH-UBND")
    page.wait_for_selector("#search-results li[data-id]")
    assert page.locator("#search-results li[data-id]").first.get_attribute("data-id") == KH04


def test_province_sized_graph_stays_responsive(
    open_page: Callable[[Path], Session], tmp_path: Path
) -> None:
    out = render_html(synthetic_graph(3000), tmp_path / "big.html")
    elapsed, s = best_of(lambda: open_page(out))
    assert elapsed < 20
    shown = s.js("vbkg.nodes.length")
    assert shown < 600, "district and commune documents should start collapsed"
    cluster = s.js("vbkg.data.clusters.find(c => !c.cid && vbkg.nodes.get(c.id)).id")
    s.page.click("#btn-fit")  # the first view shows the top levels; the groups lie below
    s.click_node(cluster)
    s.page.wait_for_function(f"vbkg.nodes.length > {shown}")
    member = s.js(
        "cid => vbkg.data.nodes.find(n => n.cid === cid && vbkg.nodes.get(n.id))", cluster
    )
    assert member is not None
    assert s.js("id => vbkg.network.getPositions([id])[id]", member["id"]) == {
        "x": member["x"],
        "y": member["y"],
    }

    def expand_and_collapse() -> None:
        s.page.click("#btn-expand")
        assert s.js("vbkg.nodes.length") == 3000
        s.page.click("#btn-collapse")
        assert s.js("vbkg.nodes.length") == shown

    elapsed, _ = best_of(expand_and_collapse)
    assert elapsed < 20
    hidden = s.js("vbkg.data.nodes.find(n => n.cid && !vbkg.nodes.get(n.id))")
    s.page.fill("#search", hidden["key"])
    s.page.wait_for_selector("#search-results li[data-id]")
    s.page.press("#search", "Enter")  # a collapsed document is revealed by the search
    assert s.js("id => !!vbkg.nodes.get(id)", hidden["id"])
    assert s.page.locator("#panel h2").inner_text() == hidden["label"]


def test_english_page(open_page: Callable[[Path], Session], tmp_path: Path) -> None:
    s = open_page(render_html(lang_son_graph(), tmp_path / "en.html", lang="en"))
    legend = s.page.locator("#legend").inner_text()
    for text in ("Document type", "Plan (KH)", "implements", "expected but missing", "District"):
        assert text in legend
    s.click_node(KH04)
    panel = s.page.locator("#panel").inner_text()
    assert "Citing sentences" in panel and "Issuer" in panel
    assert len(OTHER_DISTRICTS) == 10


# --------------------------------------------------------------------------- first view


def _overlaps(boxes: list[dict[str, Any]], slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap by more than ``slack`` px both ways (sweep on x)."""
    out = []
    ordered = sorted(boxes, key=lambda b: b["x"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x"] >= a["x"] + a["width"] - slack:
                break
            dy = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            if dy > slack:
                out.append((a["id"], b["id"]))
    return out


@pytest.mark.parametrize(
    ("graph", "focus"),
    [
        ("lang_son", KH04),
        ("lang_son", None),
        ("synthetic", None),
    ],
)
def test_first_view_labels_are_legible_and_never_overlap(
    open_page: Callable[[Path], Session], tmp_path: Path, graph: str, focus: str | None
) -> None:
    g = lang_son_graph() if graph == "lang_son" else synthetic_graph(1500)
    s = open_page(render_html(g, tmp_path / "first.html", focus=focus))
    boxes = s.js("vbkg.labelBoxes()")
    assert len(boxes) >= 5, boxes
    assert min(b["font"] for b in boxes) >= 12, "labels must be legible (>= 12 px on screen)"
    assert _overlaps(boxes) == []
    ids = {b["id"] for b in boxes}
    if focus is not None:
        chain = s.js("vbkg.data.focus.nodes")
        assert focus in ids and len(ids & set(chain)) >= min(5, len(chain))
    else:
        top = s.js("vbkg.data.levels[0].code")
        assert any(
            s.js("id => vbkg.data.nodes.find(n => n.id === id)", i)["level"] == top
            for i in ids
            if not i.startswith("cluster:")
        )


def test_search_dropdown_closes_on_enter(
    open_page: Callable[[Path], Session], tmp_path: Path
) -> None:
    s = open_page(render_html(lang_son_graph(), tmp_path / "search.html"))
    page = s.page
    for text in ("cao loc 2024", "no such document zzz"):
        page.fill("#search", text)
        page.press("#search", "Enter")  # before the debounced search ran
        page.wait_for_timeout(400)
        assert page.locator("#search-results").is_hidden(), text
    page.fill("#search", "04/KH-UBND")
    page.wait_for_selector("#search-results li[data-id]")
    page.press("#search", "Enter")
    page.wait_for_timeout(400)
    assert page.locator("#search-results").is_hidden()
