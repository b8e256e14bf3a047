"""The fast paths of segmentation find what the plain scans find.

Segmentation tries its detailed patterns only where a cheap necessary condition holds
(parsers/lines.py ``_Lines``, the prefilters of parsers/header.py and parsers/footnotes.py).
Each is compared here with the plain scan it replaces, on the gold texts of the repository
and on made-up lines around each condition's edge.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import footnotes, header, lines
from parsers.normalize import fold, normalize
from parsers.segment import segment

SEGMENT = importlib.import_module("parsers.segment")  # (parsers.segment is also the verb)

GOLD = sorted((Path(__file__).parent / "data" / "gold").glob("*/*.txt"))

SIGNATURES = (
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn A\n",
    "BỘ TRƯỞNG  *\nTỔNG KIỂM TOÁN NHÀ NƯỚC\nchủ tịch\nBÍ THƯ THỦ TƯỚNG\n",
    "phó chủ tịch ủy ban\nCHÁNH VĂN PHÒNG**  \nx chanh an\nVIỆN TRƯỞNG\nPHÓ  GIÁM\tĐỐC",
    # the edges of the reversed scan: other separators, glued words, a trailing "\r" or
    # word, the longer of two positions, an empty last line
    "chủ-tịch\nxchủ tịch\nchủ tịch x\nTỔNG KIỂM TOÁN\r\nTỔNG KIỂM TOÁN NHÀ NƯỚC *\r\n\n",
    "thủ\u2003trưởng\nbộ_trưởng\nbí  thư.\nchánh án\x1c\nphó chủ nhiệm",
)

OCR_NOTES = (
    "1. MỤC ĐÍCH\nQuy định tại Nghị quyết?; thực hiện quy dinh® phù hợp, Chính phủ1 và quy dinh*\n"
    "2 Nghi quyét s& 18-NQ/TW ngay 25/10/2017 cua Ban Chap hanh\n"
    "! Nghi dinh s0 45/2020/ND-CP ngay 09/4/2020\n"
    "  3.  “Kế hoạch số 226/KH-UBND ngày 1/1/2024\n12 Thông tư 02/2024/TT-BKHĐT\n"
    "II. NHIỆM VỤ\n3. Luật số 56/2020/QH14\n| Quyết định số 1/QĐ-UBND\n"
)


HEADINGS = (
    "CHƯƠNG IV\nChương 2.\n** Mục 3 **\nĐiều 12a. Phạm vi\nĐiều 5\n> ii. NHIỆM VỤ\n1.2.3 Nội dung"
    "\n2) a\n  a) b\nđ) c\n- d\n+ e\n-x\n1.\n10 \nii.\nchương ivx1\nđiều 7\tx\n\u2003- f"
    "\n#1. g\nI11. TỔ CHỨC THỰC HIỆN\n12.34.56.78.9 x\nmục 1"
    "\nmục 12a\nchương 5x\nChương IIa\nchương 3²\nmục 4\u2003\nĐiều 3\x1c. y\n1.\x1fz\n- \x1d"
)


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in GOLD]
    return [*out, *SIGNATURES, OCR_NOTES, OCR_NOTES * 40, "\n".join(SIGNATURES) * 300, HEADINGS]


def test_gold_texts_are_there() -> None:
    assert len(GOLD) >= 40


def test_re_classes_are_the_regex_ones() -> None:
    # the stdlib re prefilters spell two regex classes out (re's tables differ)
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for spelt, plain in ((lines._RE_H, r"[^\S\n]"), (lines._RE_D, r"\d")):
        got = [m.start() for m in re.finditer(spelt, every)]
        assert got == [m.start() for m in regex.finditer(plain, every)]


def test_fold_keeps_the_classes_the_folded_prefilters_read() -> None:
    # _OCR_CITATION_OPENING reads the folded text where _FOOTNOTE_OCR_LINE reads the text
    classes = [regex.compile(p) for p in (r"[^\S\n]", r"\d", r"\S", r"[!|.]", r"\n")]
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = fold(every)
    for cls in classes:
        assert [m.start() for m in cls.finditer(every)] == [m.start() for m in cls.finditer(folded)]


@pytest.mark.parametrize("text", _texts())
def test_prefiltered_scans_equal_plain_ones(text: str) -> None:
    norm = normalize(text)
    ls = lines._lines(norm)
    # the lines, made on demand, are the lines of the text
    plain = norm.text.split("\n")
    assert len(ls) == len(plain)
    assert [ln.text for ln in ls] == plain
    assert [ln.folded for ln in ls] == norm.folded.split("\n")
    assert ls.width() == _plain_width(plain)
    # the headings found by one scan of the text are those found line by line
    by_line = [lines._match_heading(ln) for ln in norm.folded.split("\n")]
    assert [lines._heading_match(ln) for ln in ls] == by_line
    assert lines._heading_candidates(ls) == [k for k, h in enumerate(by_line) if h is not None]
    # the OCR roman headings: the lines the opening scan finds are the lines they open
    roman = [k for k, ln in enumerate(ls) if SEGMENT._OCR_ROMAN_LINE.match(ln.text)]
    assert lines._opening_lines(norm.text, ls.starts, SEGMENT._OCR_ROMAN_OPENING) == roman
    # the positions of a signature
    for begin in (0, len(norm.folded) // 2):
        want = [m.span() for m in header._POSITION_M.finditer(norm.folded, begin)]
        assert list(header._position_spans(norm.folded, begin)) == want
    # the body markers of OCR footnotes
    want_markers = [
        (m.start(), m.end(), m.group("d"), m.group("s") or "")
        for m in footnotes._OCR_MARKER.finditer(norm.text)
    ]
    assert footnotes._ocr_markers(norm.text) == want_markers
    # the OCR footnote lines: every line the plain test accepts is found
    accepted = {
        k
        for k, ln in enumerate(ls)
        if (m := footnotes._FOOTNOTE_OCR_LINE.fullmatch(ln.text))
        and footnotes._CITATION_START.match(ln.folded, m.start("t"))
    }
    found = set(lines._opening_lines(norm.folded, ls.starts, footnotes._OCR_CITATION_OPENING))
    assert accepted <= found
    # the recipients: the last line from the body on that opens on "Nơi nhận"
    for first in (0, len(ls) // 2):
        back = range(len(ls) - 1, first - 1, -1)
        want = next((k for k in back if header._RECIPIENTS.match(ls[k].folded)), None)
        assert header._recipients(norm, ls, first)[2] == want


def _plain_width(plain: list[str]) -> int:
    sizes = sorted(len(s.strip()) for s in plain if s.strip())
    return sizes[(3 * len(sizes)) // 4] if sizes else 0


def test_ocr_footnotes_found_in_made_up_text() -> None:
    # what the plain scan over every line found on this text (checked with it before the
    # fast paths): "2 Nghi quyét …" follows no footnote 1 with a dot-less number, "3. …" is
    # out of the sequence of the arabic headings (after "1."), "12 …" jumps too far
    seg = segment(normalize(OCR_NOTES))
    got = [(f.marker, f.text[:12], f.marker_start) for f in seg.footnotes]
    assert got == [("2", "Nghi quyét s", 56), ("3", "“Kế hoạch số", 89)]
    assert [s.path for s in seg.sections] == ["1", "12", "II", "II.3"]


@pytest.mark.parametrize("text", _texts()[-6:])
def test_offset_map_take_equals_indexing(text: str) -> None:
    offsets = normalize(text).offsets
    few = list(range(0, len(offsets), 7))[:50]
    many = list(range(len(offsets)))
    for indices in (few, many, many[::-1], []):
        assert offsets.take(indices) == [offsets[i] for i in indices]  # type: ignore[attr-defined]


# the forward scan the reversed one replaces (header._position_ends): every line end it finds
_POSITION_END = re.compile(
    r"(?m)(?:"
    + "|".join(header._S.join(p.split(" ")) for p in header._POSITION_WORDS)
    + r")[^\w\n]*$"
)

_SIGNATURE_PIECES = (
    "chu", "tich", "thu", "tuong", "truong", "bo", "giam", "doc", "tong", "kiem", "toan",
    "nha", "nuoc", "an", "chanh", "pho", "x", " ", "  ", "\t", "\n", "*", "-", "_", "\r",
    "\u2003", "\x1c", "1",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SIGNATURE_PIECES), max_size=40), st.integers(0, 200))
def test_position_ends_are_the_forward_scans(pieces: list[str], begin: int) -> None:
    folded = "".join(pieces)
    begin = min(begin, len(folded))
    line_start = folded.rfind("\n", 0, begin) + 1
    # from a line start, the same line ends; from inside a line, at least those
    want = [m.end() for m in _POSITION_END.finditer(folded, begin)]
    got = header._position_ends(folded, begin)
    if line_start == begin:
        assert got == want
    assert set(want) <= set(got)
    want_spans = [m.span() for m in header._POSITION_M.finditer(folded, begin)]
    assert list(header._position_spans(folded, begin)) == want_spans
