"""graph.web.graph_page: one self-contained offline HTML page, escaped data, focus chain, scale.

``lang_son_graph()`` and ``synthetic_graph()`` build the graphs used here and by
``test_render_browser.py``.
"""

from __future__ import annotations

import json
import time
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import regex

from graph.web.graph_page import focus_chain, graph_data, json_for_script, render_html

BASE = "https://w3id.org/vbkg/eli"
NQ76 = f"{BASE}/vn/cp/nq/2021/76"
NQ60 = f"{BASE}/vn-20/tu/nq/2021/60"
KH249 = f"{BASE}/vn-20/ubnd/kh/2021/249"
KH04 = f"{BASE}/vn-20/ubnd/kh/2024/04"
KH37 = f"{BASE}/vn-20/ubnd/kh/2024/37"
CAO_LOC_2024 = f"{BASE}/vn-20-183/ubnd/kh/2024/_cchc-2024-8c1f"
CAO_LOC_30 = f"{BASE}/vn-20-183/ubnd/kh/2022/30"
TP_TUYEN_TRUYEN = f"{BASE}/vn-20-178/ubnd/kh/2024/_tuyen-truyen-2024-51aa"

SEED001 = "001_e31f9ee25f552465.txt"
SEED002 = "002_667d8307f84b3ad3.txt"
SEED004 = "004_3940132143a2bbd2.txt"

# The ten other districts of Lạng Sơn (before 1 July 2025), with their unit codes.
OTHER_DISTRICTS = {
    "Thành phố Lạng Sơn": "178",
    "Tràng Định": "180",
    "Bình Gia": "181",
    "Văn Lãng": "182",
    "Văn Quan": "184",
    "Bắc Sơn": "185",
    "Hữu Lũng": "186",
    "Chi Lăng": "187",
    "Lộc Bình": "188",
    "Đình Lập": "189",
}

CAO_LOC_SENTENCE = (
    "Thực hiện Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh về cải cách hành chính "
    "tỉnh Lạng Sơn năm 2024, để tiếp tục thực hiện có hiệu quả công tác cải cách hành chính "
    "(CCHC) góp phần thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội của huyện."
)
KH04_CITATION = "Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh"
HOSTILE = '<script>alert(1)</script> <a href="https://evil.example/x">href</a> & \u2028'


def citing(source: str, text: str, cited: str) -> dict[str, Any]:
    start = text.index(cited)
    return {"source": source, "text": text, "start": start, "end": start + len(cited)}


def missing_id(district: str) -> str:
    return f"{BASE}/vn-20-{OTHER_DISTRICTS[district]}/ubnd/kh/2024/_missing-cchc-2024"


def lang_son_graph() -> nx.MultiDiGraph:
    """The Lạng Sơn case: 76/NQ-CP ← 60-NQ/TU ← 249/KH-UBND ← 04/KH-UBND ← Cao Lộc 2024,
    and the ten other districts whose 2024 plan is missing."""
    g = nx.MultiDiGraph()
    g.add_node(
        NQ76,
        label="NQ 76/NQ-CP",
        key="76/NQ-CP",
        doc_type="NQ",
        title="Ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
        date="2021-07-15",
        year=2021,
        issuer="Chính phủ",
        level="central",
        status="cited",
        source=None,
        citing=[
            citing(
                SEED002,
                "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về việc ban hành "
                "Chương trình tổng thể cải cách hành chính Nhà nước giai đoạn 2021 - 2030.",
                "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
            )
        ],
    )
    g.add_node(
        NQ60,
        label="NQ 60-NQ/TU",
        key="60-NQ/TU",
        doc_type="NQ",
        title="Về đẩy mạnh cải cách hành chính trên địa bàn tỉnh giai đoạn 2021 - 2030",
        date="2021-12-15",
        year=2021,
        issuer="Ban Thường vụ Tỉnh ủy Lạng Sơn",
        level="province",
        status="cited",
        source=None,
        citing=[],
    )
    g.add_node(
        KH249,
        label="KH 249/KH-UBND",
        key="249/KH-UBND",
        doc_type="KH",
        title="Cải cách hành chính tỉnh Lạng Sơn giai đoạn 2021 - 2025",
        date="2021-12-29",
        year=2021,
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        level="province",
        status="cited",
        source=None,
        citing=[],
    )
    g.add_node(
        KH04,
        label="KH 04/KH-UBND",
        key="04/KH-UBND",
        doc_type="KH",
        title="Cải cách hành chính tỉnh Lạng Sơn năm 2024",
        date="2024-01-09",
        year=2024,
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        level="province",
        status="corpus",
        source=SEED002,
        citing=[citing(SEED001, CAO_LOC_SENTENCE, KH04_CITATION)],
    )
    g.add_node(
        KH37,
        label="KH 37/KH-UBND",
        key="37/KH-UBND",
        doc_type="KH",
        title="Tuyên truyền cải cách hành chính năm 2024",
        date="2024-02-06",
        year=2024,
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        level="province",
        status="cited",
    )
    g.add_node(
        CAO_LOC_2024,
        label="KH CCHC 2024 Cao Lộc",
        key="",
        doc_type="KH",
        title="Cải cách hành chính huyện Cao Lộc năm 2024",
        date="2024-01-15",
        year=2024,
        issuer="Ủy ban nhân dân huyện Cao Lộc",
        level="district",
        status="corpus",
        source=SEED001,
        citing=[],
    )
    g.add_node(
        CAO_LOC_30,
        label="KH 30/KH-UBND (Cao Lộc)",
        key="30/KH-UBND",
        doc_type="KH",
        title="Cải cách hành chính Nhà nước huyện Cao Lộc giai đoạn 2021-2025",
        date="2022-01-25",
        year=2022,
        issuer="Ủy ban nhân dân huyện Cao Lộc",
        level="district",
        status="cited",
    )
    g.add_node(
        TP_TUYEN_TRUYEN,
        label="KH tuyên truyền 2024 TP Lạng Sơn",
        key="",
        doc_type="KH",
        title="Tuyên truyền cải cách hành chính năm 2024 trên địa bàn thành phố Lạng Sơn",
        date="2024-02-27",
        year=2024,
        issuer="Ủy ban nhân dân thành phố Lạng Sơn",
        level="district",
        status="corpus",
        source=SEED004,
    )
    for district in OTHER_DISTRICTS:
        prefix = "" if district.startswith("Thành phố") else "huyện "
        g.add_node(
            missing_id(district),
            label=f"KH CCHC 2024 {district.removeprefix('Thành phố ')}",
            key="",
            doc_type="KH",
            title=f"Kế hoạch cải cách hành chính {prefix}{district} năm 2024 (chưa có)",
            date=None,
            year=2024,
            issuer=f"Ủy ban nhân dân {prefix}{district}",
            level="district",
            status="missing",
            source=None,
            citing=[],
        )
        g.add_edge(missing_id(district), KH04, relation="implements")
    g.add_edge(NQ60, NQ76, relation="implements")
    g.add_edge(KH249, NQ60, relation="implements")
    g.add_edge(KH249, NQ76, relation="implements")
    g.add_edge(KH04, KH249, relation="implements")
    g.add_edge(KH04, NQ76, relation="implements")
    g.add_edge(KH04, NQ60, relation="implements")
    g.add_edge(KH37, KH249, relation="implements")
    g.add_edge(CAO_LOC_2024, KH04, relation="implements")
    g.add_edge(CAO_LOC_2024, CAO_LOC_30, relation="cites")
    g.add_edge(CAO_LOC_30, KH249, relation="implements")
    g.add_edge(TP_TUYEN_TRUYEN, NQ60, relation="based_on")
    g.add_edge(TP_TUYEN_TRUYEN, KH249, relation="based_on")
    g.add_edge(TP_TUYEN_TRUYEN, KH37, relation="implements")
    return g


def synthetic_graph(n_nodes: int = 3000, seed: int = 7) -> nx.MultiDiGraph:
    """A province-sized graph: central laws and decrees, province plans, district plans
    implementing province plans, commune plans implementing district plans."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    levels = [("central", n_nodes // 50), ("province", n_nodes // 12), ("district", n_nodes // 4)]
    levels.append(("commune", n_nodes - sum(c for _, c in levels)))
    types = {
        "central": ["LUAT", "NĐ", "NQ", "QĐ", "TT"],
        "province": ["KH", "QĐ", "NQ", "BC", "CV"],
        "district": ["KH", "BC", "CV", "QĐ"],
        "commune": ["KH", "BC", "CV"],
    }
    ids: dict[str, list[str]] = {}
    for level, count in levels:
        ids[level] = []
        for i in range(count):
            year = rnd.randint(2019, 2025)
            doc_type = rnd.choice(types[level])
            nid = f"{BASE}/synthetic/{level}/{doc_type.lower()}/{year}/{i}"
            district = i % 11
            g.add_node(
                nid,
                label=f"{doc_type} {i}/{year}",
                key=f"{i}/{doc_type}-{level[:2].upper()}",
                doc_type=doc_type,
                title=f"Văn bản {level} số {i} năm {year}",
                date=f"{year}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                year=year,
                issuer=f"UBND {level} {district}",
                level=level,
                status=rnd.choice(["corpus", "cited", "cited", "missing"]),
                source=f"{level}-{i}.txt",
                citing=[citing(f"src-{i}.txt", f"Thực hiện văn bản số {i} của UBND.", f"số {i}")],
            )
            ids[level].append(nid)
    order = ["central", "province", "district", "commune"]
    for k, level in enumerate(order[1:], start=1):
        upper = ids[order[k - 1]]
        for i, nid in enumerate(ids[level]):
            # a handful of plans of each level is implemented by many lower documents
            plans = upper[: max(1, len(upper) // 12)]
            parent = plans[i % len(plans)] if level != "province" else rnd.choice(upper)
            g.add_edge(nid, parent, relation="implements", late=rnd.random() < 0.05)
            g.add_edge(nid, rnd.choice(ids["central"]), relation=rnd.choice(["based_on", "cites"]))
    return g


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
    started = time.perf_counter()
    out = render_html(g, tmp_path / "big.html")
    elapsed = time.perf_counter() - started
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
