"""graph.web.graph_page: one self-contained offline HTML page, escaped data, focus chain, scale.

``lang_son_graph()`` and ``synthetic_graph()`` build the graphs used here and by
``test_render_browser.py``.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import regex
from factories import (
    CAO_LOC_30,
    CAO_LOC_2024,
    CAO_LOC_SENTENCE,
    HOSTILE,
    KH04,
    KH04_CITATION,
    KH37,
    KH249,
    NQ60,
    NQ76,
    OTHER_DISTRICTS,
    SEED001,
    TP_TUYEN_TRUYEN,
    best_of,
    citing,
    lang_son_graph,
    missing_id,
    synthetic_graph,
)

from graph.web.graph_page import focus_chain, graph_data, json_for_script, render_html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
        if tag == "script":
            self.scripts.append(dict(attrs))


def embedded_data(page: str) -> dict[str, Any]:
    m = regex.search(
        r'<script type="application/json" id="vbkg-data">(.*?)</script>', page, regex.DOTALL
    )
    assert m, "no data block"
    data: dict[str, Any] = json.loads(m[1])
    return data


def without_data_and_library(page: str) -> str:
    """The page with the JSON data block and the inlined vis-network library cut out."""
    page = regex.sub(
        r'(<script type="application/json" id="vbkg-data">).*?(</script>)',
        r"\1\2",
        page,
        flags=regex.DOTALL,
    )
    return page.replace(_vis_js(), "")


def _vis_js() -> str:
    return (
        resources.files("pyvis")
        .joinpath("lib/vis-9.1.2/vis-network.min.js")
        .read_text(encoding="utf-8")
    )


@pytest.fixture
def sample_page(tmp_path: Path) -> str:
    out = render_html(lang_son_graph(), tmp_path / "g.html")
    return out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- self-contained


def test_page_is_self_contained(sample_page: str) -> None:
    tags = _Tags()
    tags.feed(sample_page)
    for tag, name, value in tags.attrs:
        if name in ("src", "href", "action", "srcset", "poster", "data"):
            pytest.fail(f"<{tag} {name}={value!r}> would load something")
    assert all("src" not in s for s in tags.scripts)
    assert not regex.search(r"<script[^>]*\ssrc\s*=", sample_page, regex.IGNORECASE)
    assert not regex.search(r"<link\b", sample_page, regex.IGNORECASE)
    assert not regex.search(r"@import|url\(\s*['\"]?(?!data:)", sample_page)
    # every http(s):// left is inside the embedded data (IRIs) or the library's licence text
    rest = without_data_and_library(sample_page)
    assert "http://" not in rest and "https://" not in rest
    assert "default-src 'none'" in sample_page  # and the page forbids fetching anything


def test_vis_network_is_inlined_from_pyvis(sample_page: str) -> None:
    assert _vis_js() in sample_page
    assert "@version 9.1.2" in sample_page
    # data, library, page script (core-js inside the library has a "<script>" string of its own)
    assert without_data_and_library(sample_page).count("<script") == 3


# --------------------------------------------------------------------------- escaping


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    g = lang_son_graph()
    g.nodes[KH04]["title"] = HOSTILE
    g.nodes[KH04]["label"] = "<b>KH</b> href"
    g.nodes[KH04]["citing"] = [citing("<img src=x onerror=alert(2)>.txt", HOSTILE, "alert(1)")]
    page = render_html(g, tmp_path / "g.html", title="</title><script>alert(3)</script>").read_text(
        encoding="utf-8"
    )
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert '<a href="https://evil' not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(3)" in page
    assert without_data_and_library(page).count("<script") == 3
    data = embedded_data(page)  # the data survives the escaping unchanged
    node = next(n for n in data["nodes"] if n["id"] == KH04)
    assert node["title"] == HOSTILE
    assert node["label"] == "<b>KH</b> href"
    assert node["citing"][0]["mark"] == "alert(1)"
    assert node["citing"][0]["before"] + "alert(1)" + node["citing"][0]["after"] == HOSTILE
    assert data["title"] == "</title><script>alert(3)</script>"


def test_json_for_script_escapes_html_and_line_separators() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028\u2029 >"})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_page_script_never_uses_inner_html() -> None:
    js = resources.files("graph.web").joinpath("templates", "graph.js").read_text(encoding="utf-8")
    assert not regex.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", js)


# --------------------------------------------------------------------------- content


def test_citing_sentence_is_split_around_the_citation() -> None:
    data = graph_data(lang_son_graph())
    node = next(n for n in data["nodes"] if n["id"] == KH04)
    (c,) = node["citing"]
    assert c == {
        "source": SEED001,
        "before": "Thực hiện ",
        "mark": KH04_CITATION,
        "after": CAO_LOC_SENTENCE[len("Thực hiện ") + len(KH04_CITATION) :],
    }


def test_bad_offsets_show_the_sentence_without_a_mark() -> None:
    g = nx.MultiDiGraph()
    g.add_node("x", citing=[{"source": "a.txt", "text": "abc", "start": 2, "end": 9}])
    (c,) = graph_data(g)["nodes"][0]["citing"]
    assert (c["before"], c["mark"], c["after"]) == ("abc", "", "")


def test_missing_attributes_take_defaults(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "b")
    g.add_node("c", date="2023-05-02", level="ward?", status="odd")
    data = graph_data(g)
    c = next(n for n in data["nodes"] if n["id"] == "c")
    assert (c["label"], c["year"], c["level"], c["status"]) == ("c", 2023, "unknown", "cited")
    assert data["edges"][0]["relation"] == "cites"
    assert render_html(g, tmp_path / "x.html").exists()


def test_levels_are_laid_out_top_down_and_grouped() -> None:
    data = graph_data(lang_son_graph())
    y = {n["id"]: n["y"] for n in data["nodes"]}
    assert y[NQ76] < y[KH04] < y[CAO_LOC_2024]
    assert [lvl["code"] for lvl in data["levels"]] == ["central", "province", "district"]
    xs = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(set(xs)) == len(xs), "two nodes share a position"
    assert data["options"]["physics"]["enabled"] is False


def test_legend_lists_types_relations_and_statuses() -> None:
    data = graph_data(lang_son_graph())
    assert {t["code"] for t in data["doc_types"]} == {"NQ", "KH"}
    kh = next(t for t in data["doc_types"] if t["code"] == "KH")
    assert kh["name"] == "Kế hoạch (KH)" and kh["count"] == 16
    assert [r["code"] for r in data["relations"]] == ["implements", "based_on", "cites"]
    assert data["relations"][0]["name"] == "triển khai thực hiện"
    assert {s["code"]: s["count"] for s in data["statuses"]} == {
        "corpus": 3,
        "cited": 5,
        "missing": 10,
    }


def test_english_labels(tmp_path: Path) -> None:
    page = render_html(lang_son_graph(), tmp_path / "en.html", lang="en").read_text("utf-8")
    assert '<html lang="en">' in page
    assert "<title>Document citation graph</title>" in page
    data = embedded_data(page)
    assert data["words"]["legend_types"] == "Document type"
    assert data["relations"][0]["name"] == "implements"
    assert next(t for t in data["doc_types"] if t["code"] == "KH")["name"] == "Plan (KH)"
    assert data["levels"][0]["name"] == "Central"


def test_vietnamese_is_the_default(sample_page: str) -> None:
    assert '<html lang="vi">' in sample_page
    assert "<title>Đồ thị dẫn chiếu văn bản</title>" in sample_page
    assert embedded_data(sample_page)["words"]["legend_types"] == "Loại văn bản"


def test_rejects_unknown_language_and_focus(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_html(lang_son_graph(), tmp_path / "x.html", lang="fr")
    with pytest.raises(KeyError):
        render_html(lang_son_graph(), tmp_path / "x.html", focus="https://nowhere/1")


# --------------------------------------------------------------------------- focus


def test_focus_marks_the_implementation_chain(tmp_path: Path) -> None:
    g = lang_son_graph()
    # Cao Lộc's plan was issued late, say: the edge is marked and stays on the chain.
    key = next(k for u, v, k in g.edges(keys=True) if (u, v) == (CAO_LOC_2024, KH04))
    g.edges[CAO_LOC_2024, KH04, key]["late"] = True
    page = render_html(g, tmp_path / "focus.html", focus=KH04).read_text(encoding="utf-8")
    focus = embedded_data(page)["focus"]
    missing = {missing_id(d) for d in OTHER_DISTRICTS}
    assert focus["id"] == KH04
    assert set(focus["nodes"]) == {NQ76, NQ60, KH249, KH04, CAO_LOC_2024} | missing
    assert set(focus["missing"]) == missing
    # dimmed: a sibling plan, the district's own 2022 plan, the city's propaganda plan
    assert not {KH37, CAO_LOC_30, TP_TUYEN_TRUYEN} & set(focus["nodes"])
    edges = {e["id"]: e for e in embedded_data(page)["edges"]}
    chain_edges = {(edges[i]["from"], edges[i]["to"]) for i in focus["edges"]}
    assert (CAO_LOC_2024, KH04) in chain_edges and (KH04, KH249) in chain_edges
    assert (NQ60, NQ76) in chain_edges
    assert (KH37, KH249) not in chain_edges and (CAO_LOC_2024, CAO_LOC_30) not in chain_edges
    late = [e for e in edges.values() if e["late"]]
    assert [(e["from"], e["to"]) for e in late] == [(CAO_LOC_2024, KH04)]
    assert late[0]["id"] in focus["edges"]


def test_focus_on_a_central_document_reaches_everything_implementing_it() -> None:
    chain = focus_chain(lang_son_graph(), NQ76)
    assert {KH37, CAO_LOC_30, TP_TUYEN_TRUYEN, CAO_LOC_2024} <= set(chain["nodes"])
    assert len(chain["missing"]) == 10


def test_no_focus_no_chain(sample_page: str) -> None:
    assert embedded_data(sample_page)["focus"] is None


# --------------------------------------------------------------------------- scale


def test_province_sized_graph(tmp_path: Path) -> None:
    g = synthetic_graph(3000)
    assert g.number_of_nodes() == 3000
    elapsed, out = best_of(lambda: render_html(g, tmp_path / "big.html"))
    assert elapsed < 20, f"rendering took {elapsed:.1f}s"
    page = out.read_text(encoding="utf-8")
    data = embedded_data(page)
    assert len(data["nodes"]) == 3000
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["layout"]["improvedLayout"] is False
    # lower levels are collapsed into groups
    clusters = {c["id"]: c for c in data["clusters"]}
    assert clusters
    lower = [n for n in data["nodes"] if n["level"] in ("district", "commune")]
    grouped = [n for n in lower if n.get("cid")]
    assert len(grouped) > 0.9 * len(lower)
    assert all(n["level"] in ("district", "commune") for n in data["nodes"] if n.get("cid"))
    assert any(c["cid"] for c in clusters.values() if c["level"] == "commune"), "no nesting"
    assert all(clusters[c["cid"]]["level"] == "district" for c in clusters.values() if c["cid"])


def test_focus_chain_is_never_clustered() -> None:
    g = synthetic_graph(1000)
    commune = next(n for n, lvl in g.nodes(data="level") if lvl == "commune")
    data = graph_data(g, focus=commune, cluster=True)
    chain = set(data["focus"]["nodes"])
    assert len(chain) >= 3
    assert not [n["id"] for n in data["nodes"] if n["id"] in chain and n.get("cid")]


def test_small_graphs_are_not_clustered_unless_asked() -> None:
    assert graph_data(lang_son_graph())["clusters"] == []
    clusters = graph_data(lang_son_graph(), cluster=True)["clusters"]
    assert len(clusters) == 1 and clusters[0]["size"] == 11 and clusters[0]["missing"] == 10
