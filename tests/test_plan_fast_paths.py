"""The fast paths of plan extraction give what the plain forms they replace give.

Each fast path (issue 16) is checked against the plain form, kept here as the reference, on
real sentences of the seed plans and OCR copies, then on generated text.
"""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import units
from parsers.normalize import fold, normalize
from parsers.offsets import OffsetMap, bisect_offsets
from parsers.plan import BULLET, WHITESPACE, _after_title, squash
from parsers.plan_items import _bullet_spans
from parsers.quantity import (
    MEMO_CHARS,
    QUANTITY,
    _find_quantities,
    _quantity_matches,
    find_quantities,
)
from parsers.targets import (
    _classify_area,
    _cue_hits,
    _cue_patterns,
    _fuzzy_patterns,
    _pieces,
    _subject_of,
    classify_area,
    subject_of,
)

# Sentences of the seed plans, OCR copies and reports (targets, tasks, duties, headings).
SENTENCES = [
    "Trên 99% tỷ lệ hồ sơ TTHC do cơ quan chuyên môn, UBND cấp xã tiếp nhận trong năm "
    "được giải quyết đúng hạn và trước hạn.",
    "Trén 99% ty 1& ho so TTHC do co quan chuyén mon cap tinh",
    "Ra soat, dé xuat cat giam, don gian hoa tdi thiéu 20% s6 quy dinh",
    "Ra sodt, cat giam tbi ’thiéu 30% thoi gian thuc hién",
    "dam bao dén hét 2024 giam 6,17% so vi nam 2021",
    "nam trong nhom 35\ntinh, thanh phd co6 chi s6 cao nhat.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%; 100% thủ tục hành chính được công khai.",
    "của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng 90%, 80%, 75%",
    "không vượt quá tỷ lệ tương ứng chỉ tiêu 5% số biên chế được giao",
    "dat chi tiéu ttr 90% trd lén",
    "C6 thém 01 don vi su nghi€p cong 1ap tu bao ddm chi thuong xuyén.",
    "Hằng tháng, có ít nhất 01 tin, bài về CCHC; trả đúng hạn 78.742 hồ sơ đạt 99,99%",
    "- Tăng cường kiểm tra, đôn đốc việc triển khai công tác CCHC gắn với thực hiện kỷ luật, "
    "kỷ cương hành chính;\n- nâng cao tinh thần trách nhiệm của cán bộ, công chức.",
    "II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Cải cách thể chế\n\na) Chỉ tiêu\n\n- 100% văn bản quy phạm "
    "pháp luật được ban hành đúng thẩm quyền.\n  + o Hoan thanh 100% ke hoach\n b) Nhiệm vụ",
    "I11. TO CHUC THUC HIEN\n1. Sở Nội vụ: chủ trì, theo dõi; chậm nhất ngày 15/01/2024 báo cáo.",
    "UBND tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện, thành phố "
    "nghiêm túc triển khai thực hiện./.",
    "Công tác chỉ đạo, điều hành, thông tin tuyên truyền và kiểm tra cải cách hành chính",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số; Cai cach tai chinh cng",
]

# Unicode whitespace (with the separators U+001C-U+001F that ``str.isspace`` counts and
# ``\s`` does not), case pairs whose folding changes length, letters, digits, bullets.
CHARS = st.sampled_from(
    [
        *" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000ßSsİiΣσςﬁaAoO-+•đ)%5,.;:'’",
        *("cap tinh", "dat ", "tren ", "toi thieu ", "ty le ", "tuong ung ", "99", "1.000 "),
    ]
)
TEXTS = st.lists(CHARS, max_size=40).map("".join)


def _title_end_reference(text: str, i: int, title: str) -> int:
    """The character walk ``heading_end`` made before: -1 where the title is not there."""
    for ch in title:
        if ch.isspace():
            continue
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i].casefold() == ch.casefold():
            i += 1
        else:
            return -1
    return i


@pytest.mark.parametrize(
    ("text", "i", "title", "end"),
    [
        ("II. NHIỆM VỤ, GIẢI PHÁP\n\n1.", 3, "NHIỆM VỤ, GIẢI PHÁP", 23),
        ("II.  Nhiệm  vụ,\ngiải pháp\n", 3, "NHIỆM VỤ, GIẢI PHÁP", 25),
        ("I11. TO CHUC THUC HIEN", 4, "TỔ CHỨC THỰC HIỆN", -1),
        ("1. STRASSE x", 2, "straße", -1),  # "ß" folds to two letters: one to one, no match
        ("1.   \n", 2, "   ", 2),
    ],
)
def test_title_end_on_headings(text: str, i: int, title: str, end: int) -> None:
    assert _after_title(text, i, title) == end == _title_end_reference(text, i, title)


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS, st.integers(0, 40))
def test_title_end_is_the_character_walk(text: str, title: str, i: int) -> None:
    i = min(i, len(text))
    assert _after_title(text, i, title) == _title_end_reference(text, i, title)
    # a title cut from the text itself, its case changed
    piece = text[i : i + 12].swapcase()
    assert _after_title(text, i, piece) == _title_end_reference(text, i, piece)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_squash_is_the_regex_collapse(text: str) -> None:
    assert squash(text) == WHITESPACE.sub(" ", text).strip()


@pytest.mark.parametrize("text", SENTENCES)
def test_bullets_on_plans(text: str) -> None:
    for start in range(len(text) + 1):
        want = [m.span() for m in BULLET.finditer(text, start, len(text))]
        assert _bullet_spans(text, start, len(text)) == want


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(0, 40), st.integers(0, 40))
def test_bullets_are_the_line_start_pattern(text: str, a: int, b: int) -> None:
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    assert _bullet_spans(text, a, b) == [m.span() for m in BULLET.finditer(text, a, b)]


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", SENTENCES)
def test_quantity_matches_on_plans(text: str) -> None:
    folded = fold(text)
    assert _spans(_quantity_matches(folded)) == _spans(QUANTITY.finditer(folded))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_quantity_matches_are_the_scan(text: str) -> None:
    folded = fold(text)
    assert _spans(_quantity_matches(folded)) == _spans(QUANTITY.finditer(folded))


def test_quantities_remembered_are_fresh_lists() -> None:
    text = SENTENCES[6]
    first = find_quantities(text)
    first.clear()
    again = find_quantities(text)
    assert [q.text for _s, _e, q in again] == ["trên 98%", "100%"]


def test_long_texts_are_not_remembered() -> None:
    """Memory stays bounded: a text over MEMO_CHARS is worked out, not kept."""
    times = 2 * MEMO_CHARS // len(SENTENCES[6]) + 1  # long still with "TTHC" for its words
    long = (SENTENCES[6] + " ") * times
    area = classify_area(SENTENCES[6], title=False)
    memos = (_find_quantities, _classify_area, _subject_of)
    kept = [f.cache_info().currsize for f in memos]
    assert [q.text for _s, _e, q in find_quantities(long)] == ["trên 98%", "100%"] * times
    assert classify_area(long, title=False) == area == "tthc"
    assert subject_of(long) == _subject_of.__wrapped__(long, None)
    assert [f.cache_info().currsize for f in memos] == kept


# Titles of the seed plans and their OCR copies (fuzzy matches) and titles that name no area.
TITLES = [
    "Cai cach to chirc b may hanh chinh",
    "Cai cach ché d9 cong vu",
    "Cai cach tai chinh cng",
    "Xay dung va phat trién Chinh quyén dién tir, Chinh quyén s6",
    "Cải cách thủ tục hành chính",
    "Nhiệm vụ thứ 17",
    "Mục đích, yêu cầu",
    "TO CHUC THUC HIEN",
    "Cai cach",
    "",
]


def _fuzzy_reference(folded: str) -> str | None:
    """The fuzzy step of ``_classify_area`` as it was: every pattern searched, no pieces."""
    best: tuple[int, int, str] | None = None
    for area_id, cue, _cut, fuzzy in _fuzzy_patterns():
        m = fuzzy.search(folded)
        if m:
            key = (sum(m.fuzzy_counts), -len(cue), area_id)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None


def _fuzzy_filtered(folded: str) -> str | None:
    """The fuzzy step as ``_classify_area`` runs it (a title no exact cue matches)."""
    assert not any(_cue_hits(folded)), folded  # else the fuzzy step is not reached
    return _classify_area.__wrapped__(folded, True)


FUZZY_TITLES = [t for t in TITLES if not any(_cue_hits(fold(t)))]


@pytest.mark.parametrize("title", FUZZY_TITLES)
def test_fuzzy_areas_of_titles(title: str) -> None:
    folded = fold(title)
    assert _fuzzy_filtered(folded) == _fuzzy_reference(folded)


def test_fuzzy_areas_found_on_ocr_titles() -> None:
    # the pieces must not hide a real match: these OCR titles name their area only fuzzily
    ocr = [TITLES[0], TITLES[2], TITLES[3]]
    assert set(ocr) <= set(FUZZY_TITLES)
    got = [_fuzzy_filtered(fold(t)) for t in ocr]
    assert got == ["to-chuc-bo-may", "tai-chinh-cong", "chinh-phu-so"]


@pytest.mark.parametrize(("cue", "n"), [("cai cach", 2), ("cai cach hanh chinh", 4), ("abc", 3)])
def test_pieces_cut_the_whole_cue(cue: str, n: int) -> None:
    pieces = _pieces(cue, n)
    assert len(pieces) == n and "".join(pieces) == cue
    assert max(map(len, pieces)) - min(map(len, pieces)) <= 1


EDIT = st.tuples(st.sampled_from("sid"), st.integers(0, 40), st.sampled_from("aeiouxz 9é"))


def _edited(text: str, edits: list[tuple[str, int, str]]) -> str:
    """``text`` after substitutions (s), insertions (i) and deletions (d) at the positions."""
    for op, i, ch in edits:
        i %= len(text) + 1
        if op == "s":
            text = text[:i] + ch + text[i + 1 :]
        elif op == "i":
            text = text[:i] + ch + text[i:]
        else:
            text = text[:i] + text[i + 1 :]
    return text


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([c for _a, c, _p, _f in _fuzzy_patterns()]),
    st.lists(EDIT, max_size=4),  # up to 4 errors: more than the shorter cues allow
    st.sampled_from(["", "1. ", "phan "]),
)
def test_fuzzy_areas_of_damaged_cues(
    cue: str, edits: list[tuple[str, int, str]], head: str
) -> None:
    text = _edited(cue, edits)
    folded = fold(head + text)
    if any(_cue_hits(folded)):
        return  # an exact cue: the fuzzy step is not reached (checked by the cue tests)
    assert _fuzzy_filtered(folded) == _fuzzy_reference(folded)


@pytest.mark.parametrize("text", SENTENCES)
def test_area_cues_on_plans(text: str) -> None:
    folded = fold(text)
    want = [[m.span() for m in p.finditer(folded)] for _a, p, _c in _cue_patterns()]
    assert [[m.span() for m in hits] for hits in _cue_hits(folded)] == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), st.integers(0, 200))
def test_area_cues_on_pieces(parts: list[str], cut: int) -> None:
    folded = fold(" ".join(parts))[cut:]
    want = [[m.span() for m in p.finditer(folded)] for _a, p, _c in _cue_patterns()]
    assert [[m.span() for m in hits] for hits in _cue_hits(folded)] == want


@pytest.mark.parametrize("text", SENTENCES)
def test_offsets_bisection_of_normalised_plans(text: str) -> None:
    norm = normalize(text + "\n\u00a0Trang 2\n" + text)
    offsets = norm.offsets
    assert isinstance(offsets, OffsetMap)
    plain = list(offsets)
    for x in range(-1, len(norm.original) + 2):
        for hi in (None, len(norm.text)):
            want = bisect.bisect_left(plain, x, 0, len(plain) if hi is None else hi)
            assert bisect_offsets(offsets, x, hi) == want
            assert bisect_offsets(plain, x, hi) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5), st.booleans()), max_size=8))
def test_offsets_bisection_of_runs(runs: list[tuple[int, int, bool]]) -> None:
    m, orig = OffsetMap(), 0
    for gap, n, copied in runs:
        orig += gap
        m.append(orig, n, int(copied))
        orig += (n - 1) * int(copied)
    plain = list(m)
    for x in range(-1, (plain[-1] if plain else 0) + 3):
        for hi in (None, len(plain), len(plain) // 2):
            want = bisect.bisect_left(plain, x, 0, len(plain) if hi is None else hi)
            assert m.bisect_left(x, hi) == want


def _units_in_reference(text: str, within: str | None) -> list[units.Unit]:
    """``units_in`` looking every candidate name up (no test of the table's names first)."""
    out: list[units.Unit] = []
    for m in units._UNIT_PHRASE.finditer(fold(text)):
        kind = " ".join(m["kind"].split())
        level = {"tinh": "province", "xa": "commune", "phuong": "commune", "thi tran": "commune",
                 "dac khu": "commune"}.get(kind, "district")  # fmt: skip
        scope = within
        if level == "commune":
            scope = next((u.code for u in reversed(out) if u.level != "commune"), within)
            if scope is None:
                continue
        words = m["name"].split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            unit = units.find_unit(cand, level, within=scope)
            if unit is None and kind == "thanh pho":
                unit = units.find_unit(cand, "province")
                if unit is not None and unit.kind != "thành phố trung ương":
                    unit = None
            if unit is not None:
                out.append(unit)
                break
    return out


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("UBND huyện Cao Lộc, tỉnh Lạng Sơn; thành phố Hà Nội; xã Hợp Thành", None),
        ("Kế hoạch cải cách hành chính xã Sảng Tủng năm 2022 của huyện Đồng Văn", "02"),
        ("UBND thành phố Lạng Sơn, huyện Văn Lãng, thị trấn Na Sầm", "20"),
        ("tinh Thua Thien Hue, thanh pho Ho Chi Minh, quan 1, phuong Ben Nghe", None),
    ],
)
def test_units_named_in_text(text: str, within: str | None) -> None:
    found = units.units_in(text, within=within)
    assert found == _units_in_reference(text, within)
    assert found  # every sentence names a unit the table knows
