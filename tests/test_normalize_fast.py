"""The fast paths of normalisation give what the plain ones give.

Long texts of the Basic Multilingual Plane are folded and searched for marks by array
lookups (parsers.codepoints); the symbol pass tries its pattern only around line breaks.
Each is compared here with the plain ``str.translate`` / ``regex`` scan it replaces, on
real sentences repeated past :data:`parsers.codepoints.LONG` characters.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import codepoints
from parsers import pagebreaks as pb
from parsers.normalize import fold, normalize

N = sys.modules["parsers.normalize"]  # the module (``parsers.normalize`` is also the verb)

SENTENCES = [
    "Căn cứ Nghị định số 45/2020/\nNĐ-CP ngày 09 tháng 4 năm 2020 của Chính phủ;",
    "Thực hiện Nghị quyết số 19- NQ/TW và Nghị quyết số 19-\nNQ/TW của Ban Chấp hành;",
    "số 40/2026/NĐ-\nСР; Quyết định số 1523/QĐ-\n  UBND ngày 29-12-2024",
    "Hoa\u0300 bi\u0300nh, QUYẾT Ð ỊNH, ＮＱ số ７６, x\u200by\u00adz, a\r\nb\rc\tđ",
    "giai đoạn 2021 -\n2030; năm 2021-\nDo đó; kinh tế - xã hội; 66.16/\nTTg-KGVX",
    "CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024\n9\n\nKý bởi: CÔNG BÁO\nNgày ký: 2026-06-02\n",
    "Điều 1. Phạm vi điều chỉnh\n1. Kế hoạch này ... theo Thông tư số 02/2024/TT-\nBKHĐT.",
]


def _long(text: str) -> str:
    return (text + "\n") * (codepoints.LONG // len(text) + 2)


def _plain_fold(text: str) -> str:
    return text.translate(N._FOLD)


def _plain_symbol_edits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in N._SYMBOL_CHAIN.finditer(text):
        spans = [*m.spans("b1"), *m.spans("b2"), *m.spans("b3")]
        edits.extend((s, e, "") for s, e in sorted(spans) if s < e)
    return edits


def _plain_special(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        t = N._TRIGGER.search(text, pos)
        if t is None:
            return out
        m = N._SPECIAL.search(text, max(pos, t.start() - 1))
        if m is None:
            return out
        out.append(m.span())
        pos = m.end()


@pytest.mark.parametrize("text", SENTENCES)
def test_long_text_paths_equal_plain_ones(text: str) -> None:
    long = _long(text)
    assert codepoints.code_units(long) is not None  # the array path is taken
    assert fold(long) == _plain_fold(long)
    assert [m.span() for m in N._special_matches(long)] == _plain_special(long)
    assert N._symbol_edits(long) == _plain_symbol_edits(long)
    assert N._symbol_edits(text) == _plain_symbol_edits(text)


def test_beyond_the_bmp_and_lone_surrogates_take_the_plain_path() -> None:
    astral = _long("Quyết định 𝟏𝟐/QĐ-UBND 😀 Hoa\u0300")
    assert codepoints.code_units(astral) is None
    assert fold(astral) == _plain_fold(astral)
    lone = _long("Nghị định \udc8d số 45/2020/NĐ-CP Hoa\u0300")
    assert codepoints.code_units(lone) is not None
    assert fold(lone) == _plain_fold(lone)
    assert [m.span() for m in N._special_matches(lone)] == _plain_special(lone)


def test_symbol_edits_found_around_breaks() -> None:
    # the edits are found, in order, however far apart the breaks are
    text = "Căn cứ 45/2020/\nNĐ-CP" + " và văn bản khác" * 500 + " số 19- NQ/TW;"
    edits = N._symbol_edits(text)
    assert edits == _plain_symbol_edits(text)
    assert len(edits) == 2
    assert normalize(text).text.startswith("Căn cứ 45/2020/NĐ-CP")


_PIECES = st.sampled_from(
    ["45", "/", "-", "\n", " ", "NĐ", "CP", "2020", "TTg", "a", "ư", ".", "NQ/TW", "Hoa\u0300",
     "\u00a0", "Đ", "x", "(", "16"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60), st.integers(min_value=1, max_value=90))
def test_any_text_fast_equals_plain(pieces: list[str], times: int) -> None:
    text = "".join(pieces) * times
    assert N._symbol_edits(text) == _plain_symbol_edits(text)
    assert [m.span() for m in N._special_matches(text)] == _plain_special(text)
    assert fold(text) == _plain_fold(text)


JUNK_LINES = [
    "", "  ", "\u2003", "7", " 12 ", "12345", "cong bao/so 1523 + 1524/ngay 29-12-2024",
    "7   cong bao/so 271/ngay 12-05-2026   8", "ky boi: cong bao", "nguoi ky : x",
    "email: thongtinchinhphu@chinhphu.vn", "co quan: van phong chinh phu",
    "thoi gian ky: 23.12.2020 10:45:09 +07:00", "ngay ky: 2026-06-02", "ngay ky:", "dieu 1",
    "cong bao/so 1/ngay 1-1-20", "email: x", "1 2", "\x1c", "a\u00a0",
    # the fast paths' edges: white space regex's \s is not, a letter no junk opens on, a
    # digit outside ASCII, a capital (folded lines have none)
    "\x1c\x1d", " \u200b", "\u3000\u3000", "ba", " x 12", "\u0663", " \u0663\u0664 ", "Cong bao",
]  # fmt: skip


@pytest.mark.parametrize("line", JUNK_LINES)
def test_junk_line_pattern_equals_its_parts(line: str) -> None:
    parts = (pb._BLANK, pb._PAGE_NUMBER, pb._PAGE_HEADER, pb._STAMP_START, pb._STAMP_MIDDLE,
             pb._STAMP_END)  # fmt: skip
    assert pb._is_junk(line) == any(p.fullmatch(line) for p in parts)


def _plain_junk(line: str) -> bool:
    parts = (pb._BLANK, pb._PAGE_NUMBER, pb._PAGE_HEADER, pb._STAMP_START, pb._STAMP_MIDDLE,
             pb._STAMP_END)  # fmt: skip
    return any(p.fullmatch(line) for p in parts)


_JUNK_PIECES = st.sampled_from(
    [" ", "\t", "\u2003", "\x1c", "\u200b", "7", "12", "\u0663", "cong bao/so 1/ngay 1-1-2020",
     "ky boi: x", "nguoi ky:", "email: a@b", "co quan: van phong chinh phu", "ngay ky: 2", "a",
     "b", "x", "dieu", "+", "/", "-", ":", "thoi gian ky: 1", "z"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_JUNK_PIECES, max_size=8))
def test_junk_line_fast_paths_equal_the_pattern(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert pb._is_junk(line) == _plain_junk(line)


def test_no_junk_line_opens_on_the_letters_skipped() -> None:
    for c in sorted(pb._NOT_JUNK_START):
        for line in (c, " " + c, c + " 1", c + "ong bao/so 1/ngay 1-1-2020"):
            assert not _plain_junk(line)
    # and every other lower-case ASCII letter opens some junk line
    openers = {"cong bao/so 1/ngay 1-1-2020", "ky boi: x", "nguoi ky: x", "email: a@b",
               "thoi gian ky: 1"}  # fmt: skip
    assert {o[0] for o in openers if _plain_junk(o)} | pb._NOT_JUNK_START == set(
        "abcdefghijklmnopqrstuvwxyz"
    )


def test_code_units_of_the_same_text_are_kept_once() -> None:
    long_text = "Nghị quyết số 76/NQ-CP\n" * 400
    other = "x" * codepoints.LONG
    first = codepoints.code_units(long_text)
    assert first is not None and codepoints.code_units(long_text) is first  # kept
    assert not first.flags.writeable  # no caller can change what the next one reads
    copy = long_text[:-1] + long_text[-1:]  # an equal text, another object
    assert copy is not long_text
    again = codepoints.code_units(copy)
    assert again is not None and again.tolist() == first.tolist()
    assert codepoints.code_units(other) is not codepoints.code_units(long_text)  # replaced
    assert codepoints.code_units("\U0001f600" + other) is None  # beyond the BMP, kept too
    assert codepoints.code_units(other).tolist() == [ord("x")] * codepoints.LONG  # type: ignore[union-attr]
