"""Tests for parsers.find: tables of real sentences with span markup (eyecite style).

In a case, «…» marks the expected mention; the markers are removed before the text is
searched, and the found mention must cover exactly the marked span of the original.
Sentences come from the seeds (data/examples) and the shared corpus (gazette, OCR,
register summaries).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import best_of
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.find import find_citations
from parsers.models import Citation, FoundCitations, Relation
from parsers.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "examples"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus absent: {CORPUS}")


# --------------------------------------------------------------------------- factories


def marked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove «…» markers; return the plain text and the marked spans."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    start = -1
    for ch in text:
        if ch == "«":
            start = len("".join(out))
        elif ch == "»":
            spans.append((start, len("".join(out))))
        else:
            out.append(ch)
    return "".join(out), spans


def find(text: str) -> FoundCitations:
    return find_citations(normalize(text))


def only(text: str) -> Citation:
    found = find(text).citations
    assert len(found) == 1, [c.mention.text for c in found]
    return found[0]


def check(case: str, **expected: Any) -> Citation:
    """Find in ``case``; the first marked span must be a citation with ``expected`` fields."""
    plain, spans = marked(case)
    found = find(plain)
    by_span = {(c.mention.start, c.mention.end): c for c in found.citations}
    assert spans, "case without «» markup"
    for span in spans:
        assert span in by_span, (
            plain[span[0] : span[1]],
            [c.mention.text for c in found.citations],
        )
    c = by_span[spans[0]]
    for name, value in expected.items():
        got = c.key if name == "key" else getattr(c, name)
        assert got == value, f"{name}: {got!r} != {value!r} in {plain!r}"
    return c


# --------------------------------------------------------------------------- forms

FORMS: list[tuple[str, dict[str, Any]]] = [
    (
        "Thực hiện «Nghị quyết số 76/NQ-CP» ngày 15/7/2021 của Chính phủ về việc ban hành"
        " Chương trình tổng thể cải cách hành chính Nhà nước giai đoạn 2021-2030;",
        dict(
            key="76/NQ-CP",
            doc_type="NQ",
            number="76",
            symbol="NQ-CP",
            date=date(2021, 7, 15),
            issuer="Chính phủ",
            relation=Relation.IMPLEMENTS,
            confidence=1.0,
        ),
    ),
    (
        "¹ «Nghị định số 45/2020/NĐ-CP» ngày 08/4/2020 của Chính phủ về thực hiện TTHC",
        dict(key="45/2020/NĐ-CP", doc_type="NĐ", year_in_number=2020, title="thực hiện TTHC"),
    ),
    (
        "«Nghị quyết số 60-NQ/TU», ngày 15/12/2021 của Ban Thường vụ Tỉnh ủy về đẩy mạnh",
        dict(
            key="60-NQ/TU", symbol="NQ/TU", issuer="Ban Thường vụ Tỉnh ủy", date=date(2021, 12, 15)
        ),
    ),
    (
        "«Kết luận số 83-KL/TW» ngày\n\n29/7/2020 của Bộ Chính trị và văn bản của Trung ương",
        dict(key="83-KL/TW", doc_type="KL", date=date(2020, 7, 29), issuer="Bộ Chính trị"),
    ),
    (
        "Thực hiện «Công văn số 6459/BNV-CCHC» ngày 07/12/2020 của Bộ Nội vụ về việc hướng dẫn",
        dict(key="6459/BNV-CCHC", doc_type="CV", issuer="Bộ Nội vụ", relation=Relation.IMPLEMENTS),
    ),
    (
        "; «Quyết định 1807/QĐ-UBND» ngày 11/11/2022 của UBND tỉnh về việc ban hành danh mục",
        dict(key="1807/QĐ-UBND", doc_type="QĐ", issuer="UBND tỉnh", title="ban hành danh mục"),
    ),
    (
        "⁴ «Nghị quyết số 15/2022/NQ-HĐND» 13/07/2022 của HĐND tỉnh quy định chính sách",
        dict(key="15/2022/NQ-HĐND", date=date(2022, 7, 13), issuer="HĐND tỉnh"),
    ),
    (
        "«Kế hoạch số 249/KH-UBND» ngày 29 tháng 12 năm 2021 của Ủy ban nhân dân tỉnh Lạng Sơn",
        dict(key="249/KH-UBND", date=date(2021, 12, 29), issuer="UBND tỉnh"),
    ),
    (
        "Căn cứ «Luật Ngân sách nhà nước số 83/2015/QH13»;",
        dict(
            key="83/2015/QH13",
            doc_type="LUAT",
            number="83",
            year_in_number=2015,
            symbol="QH13",
            issuer="Quốc hội",
            title="Ngân sách nhà nước",
            relation=Relation.BASED_ON,
        ),
    ),
    (
        "Căn cứ «Luật Tổ chức Chính phủ» ngày 19 tháng 6 năm 2015;",
        dict(
            key="76/2015/QH13",
            name="Luật Tổ chức Chính phủ",
            doc_type="LUAT",
            date=date(2015, 6, 19),
            relation=Relation.BASED_ON,
        ),
    ),
    # OCR (seed 002, corpus/ocr)
    (
        "Thuc hién «Nghi quyét sé 76/NQ-CP» ngay 15/7/2021 ctia Chinh phu vé viéc",
        dict(key="76/NQ-CP", issuer="Chính phủ", date=date(2021, 7, 15), confidence=0.9),
    ),
    (
        "TTHC; «K& hoach s6 157/KH-UBND» ngay 15/7/2021 ctia UBND tinh vé trién khai",
        dict(key="157/KH-UBND", issuer="UBND tỉnh"),
    ),
    ("ctia «Nghi dinh s 37/2014/NB-CP» ngay 05/5/2014 ciia Chinh phii", dict(key="37/2014/NĐ-CP")),
    ("hiéu qua; «Nghi quyét s 19- NQ/TW» ngay", dict(key="19-NQ/TW", symbol="NQ/TW")),
    ("Căn cứ «Luật Giám định tư pháp số 13⁄2012/QH13»;", dict(key="13/2012/QH13")),
    ("theo «Chỉ thị số 19CT-TTg» của Thủ tướng", dict(key="19/CT-TTg", doc_type="CT")),
    ("giai doan 2021 - 2025; «K& hoach\nsO 249/KH-UBND» ngay 29/12/2021", dict(key="249/KH-UBND")),
    ("«Ké hoach sb 195/KH-\nUBND» ngay 18/12/2020", dict(key="195/KH-UBND")),
    # lower-case register summaries
    (
        "kế hoạch triển khai thực hiện «nghị định số 116/2021/nđ-cp» ngày 21/12/2021 của chính phủ",
        dict(
            key="116/2021/NĐ-CP", symbol="NĐ-CP", issuer="Chính phủ", relation=Relation.IMPLEMENTS
        ),
    ),
    ("triển khai «chỉ thị số 09/ct-ttg»", dict(key="09/CT-TTg")),
    ("«quyết định 4800/qđ-byt» ngày 12/10/2021 của bộ y tế", dict(key="4800/QĐ-BYT")),
    ("thực hiện «công văn số 645-cv/tu» ngày 28/02/2022", dict(key="645-CV/TU")),
    ("«Nghị quyết số 76/NQCP» của Chính phủ", dict(key="76/NQ-CP")),
    (
        "«Nghị quyết số 66.16/2026/NQ-CP» ngày 1/7/2026",
        dict(key="66.16/2026/NQ-CP", number="66.16"),
    ),
    ("theo «76/NQ-CP» của Chính phủ", dict(key="76/NQ-CP", doc_type="NQ", confidence=0.85)),
    ("«Thông tư liên tịch số 01/2015/TTLT-BNV-BTC»", dict(doc_type="TTLT", symbol="TTLT-BNV-BTC")),
    ("«Chỉ thị số 05-CT/TW» ngày 15/5/2016 của Bộ Chính trị", dict(key="05-CT/TW", doc_type="CT")),
    ("«Quy định số 08-QĐi/TW» ngày 25/10/2021", dict(key="08-QĐi/TW", doc_type="QyĐ")),
    ("«Hướng dẫn số 12-HD/BTGTW»", dict(key="12-HD/BTGTW", doc_type="HD")),
    ("«Thông báo kết luận số 35-TB/TW» của Bộ Chính trị", dict(key="35-TB/TW", doc_type="TB")),
    ("«Thông tư số 338/\n2016/TT-BTC» ngày 28/12/2016", dict(key="338/2016/TT-BTC")),
    ("«Tờ trình số 194/TTr-CAT-QLHC» ngày 16/10/2025", dict(key="194/TTr-CAT-QLHC")),
    (
        "Tập trung tuyên truyền về «Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030» của"
        " Chính phủ;",
        dict(key="76/NQ-CP", name="Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030"),
    ),
    (
        "Tiếp tục thực hiện nghiêm túc «Luật Ban hành VBQPPL năm 2015», Luật Sửa đổi",
        dict(key="80/2015/QH13", relation=Relation.IMPLEMENTS),
    ),
]


@pytest.mark.parametrize(("case", "expected"), FORMS, ids=[marked(c)[0][:40] for c, _ in FORMS])
def test_forms(case: str, expected: dict[str, Any]) -> None:
    check(case, **expected)


def test_header_number_is_not_a_citation() -> None:
    text = "\n\nSố: 02 /KH-UBND\n\nLạng Sơn, ngày 04 tháng 01 năm 2023\n\nKẾ HOẠCH\n"
    assert find(text).citations == ()


NEGATIVE = [
    "Điện thoại: 0205.3812.345; fax 0205 3812 346",
    "ngày 15/7/2021 và ngày 29 tháng 12 năm 2021",
    "theo khoản 2 Điều 5, điểm a khoản 3 Điều 12",
    "giảm 6,17% so với năm 2021; tổng số biên chế là 2.066⁹",
    "tỷ lệ 1/500 đã được duyệt; kinh phí 5.000.000 đồng/người",
    "theo mẫu số 17/TB-ĐKT ban hành kèm theo",
    "quy định của pháp luật hiện hành; Luật này có hiệu lực",
    "giai đoạn 2021 - 2025 và 2026-2030; COVID-19",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_citations(text: str) -> None:
    assert find(text).citations == ()


# --------------------------------------------------------------------------- lists, relations


def test_list_shares_date_and_issuer() -> None:
    text = (
        "- Tiếp tục triển khai thực hiện có hiệu quả Nghị quyết số 18-NQ/TW, Nghị quyết số"
        " 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương; rà soát"
    )
    a, b = find(text).citations
    assert (a.key, b.key) == ("18-NQ/TW", "19-NQ/TW")
    for c in (a, b):
        assert c.date == date(2017, 10, 25)
        assert c.issuer == "Ban Chấp hành Trung ương"
        assert c.relation is Relation.IMPLEMENTS


def test_list_does_not_share_a_date_that_contradicts_the_year() -> None:
    text = "Nghị định số 34/2016/NĐ-CP và Nghị định số 154/2020/NĐ-CP ngày 31/12/2020 của Chính phủ"
    a, b = find(text).citations
    assert a.date is None and b.date == date(2020, 12, 31)
    assert a.issuer == "Chính phủ"


def test_cited_relation_in_title() -> None:
    text = (
        "Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ về sửa đổi, bổ sung một số"
        " điều của Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế"
    )
    found = find(text)
    (rel,) = found.relations_between_cited
    assert rel.relation is Relation.AMENDS
    assert found.citations[rel.subject].key == "107/2021/NĐ-CP"
    assert found.citations[rel.object].key == "61/2018/NĐ-CP"
    assert found.citations[rel.object].relation is Relation.CITES


def test_cited_relation_implements_and_outer_cue() -> None:
    text = (
        "Thực hiện Kế hoạch số 226/KH-UBND ngày 18/11/2021 của UBND tỉnh về thực hiện Nghị quyết"
        " số 49-NQ/TU, ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy về chuyển đổi số;"
        " Kế hoạch số 247/KH-UBND ngày 14/12/2022 của UBND tỉnh về chuyển đổi số."
    )
    found = find(text)
    a, b, c = found.citations
    assert a.relation is Relation.IMPLEMENTS and a.cue == "Thực hiện"
    assert b.relation is Relation.CITES
    assert c.relation is Relation.IMPLEMENTS
    (rel,) = found.relations_between_cited
    assert (rel.subject, rel.relation, rel.object) == (0, Relation.IMPLEMENTS, 1)


def test_passive_amendment() -> None:
    text = "Căn cứ Luật Hải quan số 54/2014/QH13 được sửa đổi, bổ sung bởi Luật số 90/2025/QH15;"
    found = find(text)
    (rel,) = found.relations_between_cited
    assert found.citations[rel.subject].key == "90/2025/QH15"
    assert found.citations[rel.object].key == "54/2014/QH13"
    assert rel.relation is Relation.AMENDS


CUES = [
    ("Căn cứ Nghị định số 45/2020/NĐ-CP;", Relation.BASED_ON),
    ("Cụ thể hóa Nghị quyết số 60-NQ/TU của Ban Thường vụ Tỉnh ủy", Relation.IMPLEMENTS),
    ("bám sát chỉ tiêu theo Kế hoạch số 30/KH-UBND ngày 25/01/2022", Relation.IMPLEMENTS),
    ("Nghị định này bãi bỏ Nghị định số 12/2019/NĐ-CP", Relation.REPEALS),
    ("Nghị định này thay thế Nghị định số 12/2019/NĐ-CP", Relation.REPLACES),
    ("Thông tư này hướng dẫn thi hành Nghị định số 12/2019/NĐ-CP", Relation.GUIDES),
    ("đính chính Quyết định số 01/2022/QĐ-UBND ngày 06 tháng 01 năm 2022", Relation.CORRECTS),
    ("Báo cáo kết quả thực hiện Kế hoạch số 02/KH-UBND", Relation.REPORTS_ON),
    ("sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP", Relation.AMENDS),
    ("theo Quyết định số 468/QĐ-TTg ngày 27/3/2021", Relation.CITES),
]


@pytest.mark.parametrize(("text", "relation"), CUES)
def test_cues(text: str, relation: Relation) -> None:
    assert only(text).relation is relation


def test_cue_scope_ends_at_paragraph() -> None:
    text = "Thực hiện Nghị quyết số 76/NQ-CP.\n\nNghị quyết số 04/NQ-CP về phân cấp."
    a, b = find(text).citations
    assert a.relation is Relation.IMPLEMENTS and b.relation is Relation.CITES


# --------------------------------------------------------------------------- offsets, seeds


def test_offsets_map_to_original() -> None:
    original = "Căn cứ\u00a0Nghị  định số 45/2020/NÐ\u2013CP ngày 08/4/2020;\r\n"
    c = only(original)
    assert original[c.mention.start : c.mention.end] == c.mention.text
    assert c.key == "45/2020/NĐ-CP"


SEED_000_KEYS = {
    "76/NQ-CP", "60-NQ/TU", "249/KH-UBND", "43/CT-TTg", "468/QĐ-TTg", "45/2020/NĐ-CP",
    "107/2021/NĐ-CP", "61/2018/NĐ-CP", "157/KH-UBND", "04/NQ-CP", "18-NQ/TW", "19-NQ/TW",
    "107/2020/NĐ-CP", "24/2014/NĐ-CP", "108/2020/NĐ-CP", "37/2014/NĐ-CP", "120/2020/NĐ-CP",
    "15/2022/NQ-HĐND", "1807/QĐ-UBND", "226/KH-UBND", "49-NQ/TU", "195/KH-UBND",
    "131/KH-UBND", "247/KH-UBND", "42/2022/NĐ-CP",
}  # fmt: skip


def test_seeds() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    keys: dict[str, set[str]] = {}
    for path in seeds:
        norm = normalize(path.read_text(encoding="utf-8"))
        found = find_citations(norm)
        for c in found.citations:
            assert norm.original[c.mention.start : c.mention.end] == c.mention.text
        keys[path.name[:3]] = {c.key for c in found.citations if c.key}
    assert keys["000"] == SEED_000_KEYS
    # the OCR copy of the 2024 plan finds the same central documents
    assert {"76/NQ-CP", "60-NQ/TU", "249/KH-UBND", "37/2014/NĐ-CP", "19-NQ/TW"} <= keys["002"]
    assert {"04/KH-UBND", "30/KH-UBND", "83-KL/TW", "80/2015/QH13", "63/2020/QH14"} <= keys["001"]
    assert "6459/BNV-CCHC" in keys["003"]
    assert "76/NQ-CP" in keys["004"]


# --------------------------------------------------------------------------- corpus


@needs_corpus
def test_register_summaries() -> None:
    lines = (CORPUS / "summaries" / "heldout_lines.txt").read_text(encoding="utf-8").splitlines()
    found_any = 0
    for line in lines:
        summary = line.split("\t", 1)[-1]
        found = find(summary)
        found_any += bool(found.citations)
        for c in found.citations:
            assert c.symbol is None or c.symbol == c.symbol.strip()
            assert c.symbol is None or not c.symbol.islower()
    assert found_any >= len(lines) // 2


@needs_corpus
def test_ocr_letter_matches_clean_letter() -> None:
    clean = {c.key for c in find((CORPUS / "ocr" / "congvan_1906_clean.txt").read_text()).citations}
    assert clean, "the clean letter cites documents"


@needs_corpus
def test_gazette_sample_spans() -> None:
    files = sorted((CORPUS / "gazette").glob("*.txt"))[:25]
    for path in files:
        norm = normalize(path.read_text(encoding="utf-8", errors="replace"))
        found = find_citations(norm)
        assert found.citations, path.name
        for c in found.citations:
            assert norm.original[c.mention.start : c.mention.end] == c.mention.text
            assert 0 < c.confidence <= 1


# --------------------------------------------------------------------------- robustness

FRAGMENTS = [
    "Nghị quyết số ", "76/NQ-CP", " ngày ", "15/7/2021", " của Chính phủ", "; ", ", ",
    "Căn cứ ", "Luật ", "Tổ chức Chính phủ", " năm 2015", "số 1/", "12/2020/", "ngày 1 tháng ",
    "\n", "sửa đổi, bổ sung một số điều của ", "19- NQ/TW", "K& hoach s6 ", "về việc ", "Số: ",
    "Thực hiện ", "và ", "QH13", "-", "/", "NĐ-CP", "tháng ] ] năm 2019",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    norm = normalize(text)
    for c in find_citations(norm).citations:
        assert 0 <= c.mention.start <= c.mention.end <= len(text)
        assert text[c.mention.start : c.mention.end] == c.mention.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_never_raises_on_citation_fragments(parts: list[str]) -> None:
    text = "".join(parts)
    norm = normalize(text)
    found = find_citations(norm)
    for c in found.citations:
        assert 0 <= c.mention.start <= c.mention.end <= len(text)
        assert text[c.mention.start : c.mention.end] == c.mention.text
    for r in found.relations_between_cited:
        assert 0 <= r.subject < len(found.citations) and 0 <= r.object < len(found.citations)


@pytest.mark.parametrize(
    "unit", ["số 1/", "Nghị quyết số ", "12/2020/", "ngày 1 tháng ", "Luật Tổ chức ", "1/NQ-CP "]
)
def test_linear_time_on_adversarial_input(unit: str) -> None:
    small, big = unit * 2000, unit * 8000
    small_s, _ = best_of(lambda: find(small))
    big_s, _ = best_of(lambda: find(big))
    assert big_s < 8 * small_s + 0.5
