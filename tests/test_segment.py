"""Segmentation on the seeds, a gazette excerpt and small real-shaped cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parsers.models import SegmentedDocument
from parsers.normalize import normalize
from parsers.segment import segment

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "data" / "examples"
SAMPLES = Path(__file__).parent / "data" / "gazette_samples"
SHARED = ROOT.parent / "shared"


def seg_seed(prefix: str) -> tuple[str, SegmentedDocument]:
    path = next(EXAMPLES.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, segment(normalize(text))


def seg(text: str) -> SegmentedDocument:
    return segment(normalize(text))


HEADERS = [
    # seed, number, symbol, type, place, date, title
    ("000", "02", "KH-UBND", "KH", "Lạng Sơn", date(2023, 1, 4),
     "Cải cách hành chính tỉnh Lạng Sơn năm 2023"),
    ("001", None, "KH-UBND", "KH", "Cao Lộc", date(2024, 1, 15),
     "Cải cách hành chính huyện Cao Lộc năm 2024"),
    ("003", None, None, "BC", None, None,
     "Kết quả triển khai, thực hiện công tác cải cách hành chính 9 tháng đầu năm 2021 "
     "trên địa bàn tỉnh Lạng Sơn"),
    ("004", None, "KH-UBND", "KH", "TP. Lạng Sơn", date(2024, 2, 27),
     "Tuyên truyền cải cách hành chính năm 2024 trên địa bàn thành phố Lạng Sơn"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("seed", "number", "symbol", "doc_type", "place", "when", "title"), HEADERS
)
def test_seed_headers(seed, number, symbol, doc_type, place, when, title) -> None:  # type: ignore[no-untyped-def]
    original, doc = seg_seed(seed)
    h = doc.header
    assert (h.number, h.symbol, h.doc_type, h.place, h.date, h.title) == (
        number, symbol, doc_type, place, when, title,
    )  # fmt: skip
    if symbol:
        assert "Số:" in original[h.start : h.end]


def test_header_offsets_are_original() -> None:
    original, doc = seg_seed("000")
    assert original[doc.header.start :].startswith("Số: 02 /KH-UBND")
    assert original[: doc.header.end].endswith("năm 2023")


@pytest.mark.parametrize(
    ("line", "number", "symbol", "when"),
    [
        ("Sé: 04/KH-UBND\n\nLang Son, ngay 09 thang 01 nam 2024\n", "04", "KH-UBND",
         date(2024, 1, 9)),
        ("S6: 04/KH-UBND        Lạng Sơn, ngày 09 tháng 01 năm 2024\n", "04", "KH-UBND",
         date(2024, 1, 9)),
        ("Số: 111/2022/NĐ-CP\nHà Nội, ngày 30 tháng 12 năm 2022\n", "111", "NĐ-CP",
         date(2022, 12, 30)),
        ("Số: /KH-UBND\n", None, "KH-UBND", None),
    ],
)  # fmt: skip
def test_ocr_and_draft_headers(
    line: str, number: str | None, symbol: str, when: date | None
) -> None:
    h = seg(line + "\nKẾ HOẠCH\nCải cách hành chính năm 2024\n\nI. MỤC ĐÍCH\n").header
    assert (h.number, h.symbol, h.date, h.doc_type) == (number, symbol, when, "KH")
    assert h.title == "Cải cách hành chính năm 2024"


def test_seed_sections() -> None:
    original, doc = seg_seed("001")
    paths = {s.path: s for s in doc.sections}
    assert {"I", "I.1", "II", "II.1", "II.1.a", "III"} <= set(paths)
    s = paths["II.1.a"]
    assert s.label == "a)" and s.level == 3
    assert original[s.start : s.end].startswith("a)")
    roman = paths["II"]
    assert roman.title == "NHIỆM VỤ, GIẢI PHÁP"
    assert original[roman.start : roman.end].startswith("II. NHIỆM VỤ")
    assert roman.end <= paths["III"].start
    assert doc.section_at(s.start + 3) == s


def test_seed_sections_end_before_recipients() -> None:
    _, doc = seg_seed("000")
    assert doc.recipients_start is not None
    assert all(s.end <= doc.recipients_start for s in doc.sections)
    paths = [s.path for s in doc.sections]
    assert "II.1.-1" in paths  # dash bullets under "1."


def test_seed_recipients_and_signature() -> None:
    _, doc = seg_seed("000")
    assert "UBND các huyện, thành phố" in doc.recipients
    assert "Bộ Nội vụ" in doc.recipients
    assert not any(r.startswith("Lưu") for r in doc.recipients)
    _, doc3 = seg_seed("003")
    assert doc3.signature is not None
    assert doc3.signature.authority == "KT. CHỦ TỊCH"
    assert doc3.signature.position == "PHÓ CHỦ TỊCH"
    assert doc3.signature.signer == "Dương Xuân Huyền"
    _, doc1 = seg_seed("001")
    assert doc1.signature is not None
    assert (doc1.signature.position, doc1.signature.signer) == ("CHỦ TỊCH", "Nguyễn Duy Anh")


def test_seed_002_ocr_without_diacritics() -> None:
    _, doc = seg_seed("002")
    paths = {s.path for s in doc.sections}
    assert {"I", "I.1", "II", "II.1", "II.1.a"} <= paths
    sig = doc.signature
    assert sig is not None
    assert sig.position == "PHO CHU TICH"
    assert "KT. CHU TICH" in (sig.authority or "")
    assert sig.signer == "Dwong Xuan Huyén"
    # two-column OCR: the signature words are cut off the recipients
    assert "Thuong tryc Tinh uy" in doc.recipients
    assert "UBND céac huyén, thanh phé" in doc.recipients


def test_seed_footnotes_superscript() -> None:
    original, doc = seg_seed("000")
    notes = {f.marker: f for f in doc.footnotes}
    assert set(notes) == {"1", "2", "3", "4", "5"}
    f1 = notes["1"]
    assert f1.text.startswith("Nghị định số 45/2020/NĐ-CP")
    assert f1.marker_start is not None and original[f1.marker_start : f1.marker_end] == "¹"
    assert original[f1.start : f1.end].startswith("¹ Nghị định")
    assert doc.in_footnote(f1.start + 5)
    _, doc3 = seg_seed("003")
    assert {"1", "10", "11"} <= {f.marker for f in doc3.footnotes}


def test_footnotes_docx_brackets() -> None:
    text = (
        "I. MỤC ĐÍCH\n\nThực hiện các quy định[1] về chính sách.\n\n---\n"
        "[1] Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ.\n"
    )
    doc = seg(text)
    assert len(doc.footnotes) == 1
    f = doc.footnotes[0]
    assert f.marker == "1" and f.text.startswith("Nghị định số 45/2020/NĐ-CP")
    assert f.marker_start is not None and text[f.marker_start : f.marker_end] == "[1]"


def test_footnotes_glued_ocr_digits_are_conservative() -> None:
    text = (
        "Thực hiện Nghị quyết của Chính phủ1 về cải cách.\n"
        "Tỉnh có 2 huyện và kế hoạch của tỉnh2 năm 2023.\n"
        "1 Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.\n"
    )
    doc = seg(text)
    assert [f.marker for f in doc.footnotes] == ["1"]  # no text for "2": no footnote
    f = doc.footnotes[0]
    assert f.marker_start is not None and text[f.marker_start : f.marker_end] == "1"
    assert text[f.marker_start - 3 : f.marker_start] == "phủ"


def test_gazette_excerpt_articles() -> None:
    path = SAMPLES / "nghi-dinh-111-2022-excerpt.txt"
    original = path.read_text(encoding="utf-8")
    doc = segment(normalize(original))
    h = doc.header
    assert (h.number, h.year_in_number, h.symbol, h.doc_type) == ("111", 2022, "NĐ-CP", "NĐ")
    assert h.issuer_line == "CHÍNH PHỦ"
    assert h.date == date(2022, 12, 30) and h.place == "Hà Nội"
    assert h.title is not None and h.title.startswith("Về hợp đồng đối với một số loại công việc")
    paths = {s.path: s for s in doc.sections}
    assert {"Chương I", "Điều 1", "Điều 2", "Điều 2.1"} <= set(paths)
    assert paths["Chương I"].title == "QUY ĐỊNH CHUNG"
    assert paths["Điều 1"].title == "Phạm vi điều chỉnh"
    assert paths["Điều 2"].level == paths["Chương I"].level + 1
    # the page header between two items of Điều 2 is gone, the article keeps going
    art2 = paths["Điều 2"]
    assert "3. Đơn vị sự nghiệp công lập" in original[art2.start : art2.end]


@pytest.mark.corpus
def test_gazette_corpus_smoke() -> None:
    gazette = SHARED / "corpus" / "gazette"
    if not gazette.is_dir():
        pytest.skip(f"shared corpus absent: {gazette}")
    with_articles = 0
    files = sorted(gazette.glob("nghi-dinh-*.txt"))[:25]
    for path in files:
        original = path.read_text(encoding="utf-8", errors="replace")
        doc = segment(normalize(original))
        assert all(0 <= s.start <= s.end <= len(original) for s in doc.sections)
        if any(s.path == "Điều 1" for s in doc.sections):
            with_articles += 1
        assert doc.header.doc_type in (None, "NĐ")
    assert with_articles >= len(files) * 0.8


def test_empty_and_garbage_do_not_crash() -> None:
    for text in ["", "\n\n", "Nơi nhận:", "KT. CHỦ TỊCH", "- a\n+ b\n1. c\na) d", "¹"]:
        doc = seg(text)
        assert isinstance(doc, SegmentedDocument)
