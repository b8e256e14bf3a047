"""graph.analysis.netx: the seeds' store as render_html's input graph; focus placeholders.

The store of the five seeds is conftest's session fixture ``seed_store_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.analysis import netx
from graph.analysis.netx import (
    apply_trace,
    citing_sentence,
    resolve_focus,
    store_to_networkx,
)
from graph.analysis.trace import trace
from graph.web.graph_page import (
    LEVELS,
    RELATIONS,
    STATUSES,
    graph_data,
    render_html,
    write_demo_page,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"

BASE = "https://w3id.org/vbkg/eli"
NQ76 = f"{BASE}/vn/cp/nq/2021/76"
NQ60 = f"{BASE}/vn-20/tu/nq/2021/60"
KH249 = f"{BASE}/vn-20/ubnd/kh/2021/249"
KH04 = f"{BASE}/vn-20/ubnd/kh/2024/04"
KH02 = f"{BASE}/vn-20/ubnd/kh/2023/02"
KH30 = f"{BASE}/vn-20-183/ubnd/kh/2022/30"

SEED001 = "001_e31f9ee25f552465.txt"
SEED002 = "002_667d8307f84b3ad3.txt"


@pytest.fixture(scope="module")
def store(seed_store_path: Path) -> Any:
    from graph.store import open_store

    return open_store(seed_store_path, read_only=True)


@pytest.fixture(scope="module")
def g(store: Any) -> nx.MultiDiGraph:
    return store_to_networkx(store)


def by_source(g: nx.MultiDiGraph, name: str) -> str:
    (nid,) = [n for n, a in g.nodes(data=True) if a.get("source") == name]
    return nid


def relations(g: nx.MultiDiGraph, u: str, v: str) -> set[str]:
    return {a["relation"] for a in (g.get_edge_data(u, v) or {}).values()}


# --------------------------------------------------------------------------- nodes


def test_every_node_follows_the_contract(g: nx.MultiDiGraph) -> None:
    assert g.number_of_nodes() > 50
    for nid, a in g.nodes(data=True):
        assert nid.startswith("https://w3id.org/vbkg/")
        assert set(a) >= {
            "label",
            "key",
            "doc_type",
            "title",
            "date",
            "year",
            "issuer",
            "level",
            "status",
            "source",
            "citing",
        }
        assert a["label"] and isinstance(a["label"], str)
        assert a["level"] in LEVELS and a["status"] in STATUSES
        assert a["date"] is None or date.fromisoformat(a["date"])
        assert a["year"] is None or isinstance(a["year"], int)
        if a["date"] and a["year"]:
            assert a["year"] == int(a["date"][:4])
        for c in a["citing"]:
            assert set(c) == {"source", "text", "start", "end"}
            assert 0 <= c["start"] < c["end"] <= len(c["text"])
    for _, _, a in g.edges(data=True):
        assert a["relation"] in RELATIONS


def test_the_five_seeds_are_in_the_corpus(g: nx.MultiDiGraph) -> None:
    corpus = {n: a for n, a in g.nodes(data=True) if a["status"] == "corpus"}
    assert len(corpus) == 5
    assert {a["source"] for a in corpus.values()} == {p.name for p in EXAMPLES.glob("*.txt")}
    assert {KH04, KH02} <= set(corpus)
    kh04 = g.nodes[KH04]
    assert kh04["label"] == "KH 04/KH-UBND"
    assert kh04["key"] == "04/KH-UBND"
    assert kh04["doc_type"] == "KH"
    assert kh04["date"] == "2024-01-09" and kh04["year"] == 2024
    assert kh04["level"] == "province"
    assert kh04["source"] == SEED002
    assert "Lạng Sơn" in kh04["issuer"]
    # the own file's title has no diacritics (OCR); the spelling with them is shown
    assert kh04["title"].casefold() == "cải cách hành chính tỉnh lạng sơn năm 2024"
    cao_loc = by_source(g, SEED001)
    assert g.nodes[cao_loc]["level"] == "district"
    assert g.nodes[cao_loc]["key"] == ""  # number-less plan
    assert "Cao Lộc" in g.nodes[cao_loc]["title"]
    assert g.nodes[cao_loc]["label"].startswith("KH ")


def test_cited_documents(g: nx.MultiDiGraph) -> None:
    for nid in (NQ76, NQ60, KH249, KH30):
        assert g.nodes[nid]["status"] == "cited"
        assert g.nodes[nid]["source"] is None
    assert g.nodes[NQ76]["level"] == "central"
    assert g.nodes[NQ76]["label"] == "NQ 76/NQ-CP"
    assert g.nodes[KH30]["level"] == "district"
    law = [a for _, a in g.nodes(data=True) if a["doc_type"] == "LUAT"]
    assert law and all(a["label"].startswith("Luật ") for a in law)


# --------------------------------------------------------------------------- edges


def test_implementation_edges(g: nx.MultiDiGraph) -> None:
    cao_loc = by_source(g, SEED001)
    assert "implements" in relations(g, cao_loc, KH04)
    assert "implements" in relations(g, KH04, KH249)
    assert "implements" in relations(g, KH04, NQ76)
    assert g.number_of_edges() > 100
    counts = {r: 0 for r in RELATIONS}
    for _, _, a in g.edges(data=True):
        counts[a["relation"]] += 1
    assert counts["implements"] >= 10 and counts["cites"] >= 50 and counts["based_on"] >= 1


def test_cites_is_dropped_beside_a_stronger_relation(g: nx.MultiDiGraph) -> None:
    for u, v in {(u, v) for u, v in g.edges()}:
        rels = relations(g, u, v)
        assert not ("cites" in rels and len(rels) > 1), (u, v, rels)


# --------------------------------------------------------------------------- citing sentences


def test_citing_sentence_from_the_source_text(g: nx.MultiDiGraph) -> None:
    records = [c for c in g.nodes[KH04]["citing"] if c["source"] == SEED001]
    assert records
    c = records[0]
    assert c["text"].startswith("Thực hiện Kế hoạch số 04/KH-UBND ngày 09/01/2024")
    assert c["text"][c["start"] : c["end"]].startswith("Kế hoạch số 04/KH-UBND")
    assert c["text"].endswith(".")


def test_sentence_goes_on_across_a_page_break() -> None:
    text = (
        "b) Nhiệm vụ\n\n- Triển khai Chỉ thị số 43/CT-TTg; Kết luận số 83-KL/TW ngày\n\n"
        "29/7/2020 của Bộ Chính trị về pháp luật.\n\n2. Tiếp theo"
    )
    start = text.index("Kết luận")
    end = start + len("Kết luận số 83-KL/TW")
    sentence, s, e = citing_sentence(text, start, end)
    assert sentence == "Kết luận số 83-KL/TW ngày 29/7/2020 của Bộ Chính trị về pháp luật."
    assert sentence[s:e] == "Kết luận số 83-KL/TW"


def test_long_sentence_is_cut_around_the_citation() -> None:
    text = "Mở đầu " + "rất dài " * 200 + "Nghị quyết số 76/NQ-CP" + " tiếp" * 200 + "."
    start = text.index("Nghị quyết")
    sentence, s, e = citing_sentence(text, start, start + len("Nghị quyết số 76/NQ-CP"))
    assert len(sentence) <= 430
    assert sentence.startswith("…") and sentence.endswith("…")
    assert sentence[s:e] == "Nghị quyết số 76/NQ-CP"


def test_surface_text_when_the_source_file_is_gone(tmp_path: Path) -> None:
    from graph.ingest import ingest
    from graph.store import open_store

    copy = tmp_path / SEED001
    shutil.copy(EXAMPLES / SEED001, copy)
    ingest([copy], tmp_path / "store")
    copy.unlink()
    g1 = store_to_networkx(open_store(tmp_path / "store", read_only=True))
    records = [c for c in g1.nodes[KH04]["citing"] if c["source"] == SEED001]
    assert records
    assert records[0]["text"].startswith("Kế hoạch số 04/KH-UBND")
    assert (records[0]["start"], records[0]["end"]) == (0, len(records[0]["text"]))


# --------------------------------------------------------------------------- focus


def test_resolve_focus(g: nx.MultiDiGraph) -> None:
    assert resolve_focus(g, KH04) == KH04
    assert resolve_focus(g, "04/KH-UBND") == KH04
    assert resolve_focus(g, " kh 04/kh-ubnd ") == KH04
    with pytest.raises(KeyError):
        resolve_focus(g, "999/KH-XYZ")


@pytest.fixture
def fake_trace(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A ``graph.analysis.trace`` whose result has two missing districts and one late plan."""
    calls: list[str] = []

    class Result:
        def __init__(self, ref: str) -> None:
            self.ref = ref

        def to_dict(self) -> dict[str, Any]:
            return {
                "document": {"id": KH04, "key": "04/KH-UBND"},
                "implemented_by": [
                    {
                        "id": cao_loc_id(),
                        "key": "",
                        "date": "2024-01-15",
                        "issuer": "UBND",
                        "level": "district",
                        "relation": "implements",
                        "on_time": False,
                        "implemented_by": [],
                    },
                ],
                "expected": [
                    {
                        "unit": {"code": "180", "name": "huyện Tràng Định", "level": "district"},
                        "status": "missing",
                        "documents": [],
                    },
                    {"unit": "huyện Bình Gia", "status": "missing", "documents": []},
                    {
                        "unit": {"code": "183", "name": "huyện Cao Lộc"},
                        "status": "late",
                        "documents": [cao_loc_id()],
                    },
                ],
                "implements": [],
            }

    def trace(store: Any, ref: str) -> Result:
        calls.append(ref)
        return Result(ref)

    monkeypatch.setattr(netx, "trace", trace)
    yield calls


_CAO_LOC: list[str] = []


def cao_loc_id() -> str:
    return _CAO_LOC[0]


def test_focus_adds_missing_placeholders_and_late_edges(
    store: Any, g: nx.MultiDiGraph, fake_trace: list[str]
) -> None:
    _CAO_LOC[:] = [by_source(g, SEED001)]
    gf = store_to_networkx(store, focus="04/KH-UBND")
    assert fake_trace == [KH04]
    assert gf.graph["focus"] == KH04
    missing = {n: a for n, a in gf.nodes(data=True) if a["status"] == "missing"}
    assert len(missing) == 2
    for nid, a in missing.items():
        assert relations(gf, nid, KH04) == {"implements"}
        assert a["level"] == "district" and a["doc_type"] == "KH" and a["year"] == 2024
    labels = sorted(a["label"] for a in missing.values())
    assert labels == ["KH huyện Bình Gia", "KH huyện Tràng Định"]
    late = [(u, v) for u, v, a in gf.edges(data=True) if a.get("late")]
    assert late == [(cao_loc_id(), KH04)]
    # the page renders, focused, with the placeholders in the chain
    data = graph_data(gf, focus=KH04)
    assert set(missing) <= set(data["focus"]["nodes"])
    assert g.number_of_nodes() + 2 == gf.number_of_nodes()


def test_apply_trace_is_idempotent_and_tolerant(g: nx.MultiDiGraph) -> None:
    h = g.copy()
    data: dict[str, Any] = {
        "expected": [
            {"unit": {"code": "181", "name": "huyện Bình Gia"}, "status": "missing"},
            "junk",
            {"status": "missing"},
        ],
        "implemented_by": [{"id": "not-a-node", "on_time": False}, 3],
    }
    apply_trace(h, KH04, data)
    apply_trace(h, KH04, data)
    assert h.number_of_nodes() == g.number_of_nodes() + 2


def test_focus_when_the_trace_fails(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_trace(store: Any, ref: str) -> Any:
        raise RuntimeError("trace failed")

    monkeypatch.setattr(netx, "trace", failing_trace)  # the graph stays usable without it
    gf = store_to_networkx(store, focus=KH04)
    assert gf.graph["focus"] == KH04
    assert not [n for n, a in gf.nodes(data=True) if a["status"] == "missing"]


def test_unknown_focus_raises(store: Any) -> None:
    with pytest.raises(KeyError):
        store_to_networkx(store, focus="no such plan")


# --------------------------------------------------------------------------- pages


def test_rendered_page(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = render_html(g, tmp_path / "g.html", focus=KH04)
    page = out.read_text(encoding="utf-8")
    assert "04/KH-UBND" in page and "<script src=" not in page


def test_write_demo_page(seed_store_path: Path, tmp_path: Path) -> None:
    out = write_demo_page(seed_store_path, tmp_path / "demo")
    assert out == tmp_path / "demo" / "graph.html"
    page = out.read_text(encoding="utf-8")
    assert "KH 04/KH-UBND" in page and "http://" not in page.split("<script")[0]


def test_focus_with_the_real_trace(store: Any) -> None:
    """With ``graph.analysis.trace`` present: one placeholder per missing unit of the trace."""
    expected = trace(store, KH04).to_dict().get("expected") or []
    missing_units = [e for e in expected if e.get("status") == "missing"]
    gf = store_to_networkx(store, focus="04/KH-UBND")
    placeholders = [n for n, a in gf.nodes(data=True) if a["status"] == "missing"]
    assert len(placeholders) == len(missing_units)
    for nid in placeholders:
        assert relations(gf, nid, KH04) == {"implements"}
        assert gf.nodes[nid]["level"] in LEVELS
    assert set(placeholders) <= set(graph_data(gf, focus=KH04)["focus"]["nodes"])


KH13_CITY = f"{BASE}/vn-20-178/ubnd/kh/2024/13"


def test_a_cited_unit_links_its_placeholder_to_the_cited_plan(store: Any, tmp_path: Path) -> None:
    """Lạng Sơn city's plan is not in the store but seed 004 cites it ("Kế hoạch số
    13/KH-UBND ngày 12/01/2024 của UBND thành phố …"): the trace says ``cited``, the graph
    page shows the city's placeholder linked to that document's node."""
    expected = trace(store, KH04).to_dict().get("expected") or []
    (city,) = [e for e in expected if e.get("status") == "cited"]
    assert city["unit"]["name"] == "Thành phố Lạng Sơn"
    assert [d["key"] for d in city["documents"]] == ["13/KH-UBND"]
    gf = store_to_networkx(store, focus="04/KH-UBND")
    (nid,) = [n for n, a in gf.nodes(data=True) if a["status"] == "known"]
    assert relations(gf, nid, KH04) == {"implements"}
    assert relations(gf, nid, KH13_CITY) == {"known_as"}
    assert gf.nodes[nid]["level"] == "district" and "13/KH-UBND" in gf.nodes[nid]["title"]
    data = graph_data(gf, focus=KH04, lang="en")
    link = [e for e in data["edges"] if e["relation"] == "known_as"]
    assert [(e["from"], e["to"]) for e in link] == [(nid, KH13_CITY)]
    assert {nid, KH13_CITY} <= set(data["focus"]["nodes"])
    assert link[0]["id"] in data["focus"]["edges"]
    assert nid not in data["focus"]["missing"]
    assert {"code": "known", "name": "known from a citation", "count": 1} in data["statuses"]
    (rel,) = [r for r in data["relations"] if r["code"] == "known_as"]
    assert rel["name"] == "is the document"
    page = render_html(gf, tmp_path / "g.html", focus=KH04).read_text(encoding="utf-8")
    assert "known_as" in page and "13/KH-UBND" in page
