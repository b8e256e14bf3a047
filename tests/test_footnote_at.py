"""SegmentedDocument.footnote_at: the first footnote holding an offset, found by bisection
when the footnotes are in order and disjoint (as segment makes them), by a scan otherwise;
both answer as the scan over every footnote did."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.models import Footnote, Header, SegmentedDocument


def _doc(*spans: tuple[int, int, int | None]) -> SegmentedDocument:
    notes = tuple(
        Footnote(str(i + 1), "x", s, e, marker_start=m, marker_end=None if m is None else m + 1)
        for i, (s, e, m) in enumerate(spans)
    )
    return SegmentedDocument(header=Header(), footnotes=notes)


def _scan(doc: SegmentedDocument, offset: int, marked: bool) -> Footnote | None:
    return next(
        (
            f
            for f in doc.footnotes
            if f.start <= offset < f.end and (not marked or f.marker_start is not None)
        ),
        None,
    )


DISJOINT = _doc((10, 20, 1), (20, 30, None), (40, 40, 2), (40, 50, 3))

CASES = [
    # offset, marked, index of the footnote expected (None: none)
    (0, False, None),
    (10, False, 0),  # a span holds its start
    (19, False, 0),
    (20, False, 1),  # and not its end: the next one starts there
    (25, True, None),  # no marker in the body
    (30, False, None),  # the gap
    (40, False, 3),  # the empty footnote holds nothing
    (49, True, 3),
    (50, False, None),
]


@pytest.mark.parametrize(("offset", "marked", "want"), CASES)
def test_footnote_at_disjoint(offset: int, marked: bool, want: int | None) -> None:
    got = DISJOINT.footnote_at(offset, marked=marked)
    assert got is (None if want is None else DISJOINT.footnotes[want])
    assert DISJOINT.in_footnote(offset) is (DISJOINT.footnote_at(offset) is not None)


def test_overlapping_footnotes_are_scanned_in_order() -> None:
    doc = _doc((10, 40, None), (15, 20, 5))
    assert doc.footnote_at(16) is doc.footnotes[0]
    assert doc.footnote_at(16, marked=True) is doc.footnotes[1]
    assert doc.footnote_at(30, marked=True) is None


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 30), st.one_of(st.none(), st.integers(0, 9))),
    max_size=12,
)


@given(spans, st.integers(-5, 240), st.booleans(), st.booleans())
def test_footnote_at_answers_as_the_scan(
    raw: list[tuple[int, int, int | None]], offset: int, marked: bool, ordered: bool
) -> None:
    items = [(s, s + n, m) for s, n, m in raw]
    if ordered:  # laid end to end: the bisected path
        at, laid = 0, []
        for s, e, m in items:
            laid.append((at + s % 7, at + s % 7 + (e - s), m))
            at = laid[-1][1]
        items = laid
    doc = _doc(*items)
    assert doc.footnote_at(offset, marked=marked) is _scan(doc, offset, marked)


# Texts with footnotes whose normalisation moves offsets (double spaces, combining marks,
# NBSP), so that normalised and original offsets differ inside and around the footnotes.
FOOTNOTED = [
    "Căn cứ Nghị quyết số 76/NQ-CP¹ của Chính phủ;  Kế hoạch số 249/KH-UBND².\n"
    "Kết quả đạt 98%³.\n\n"
    "¹ Nghị quyết số 76/NQ-CP ngày 15/7/2021\n"
    "² Kế hoạch   số 249/KH-UBND ngày 30/12/2021 của UBND tỉnh\n"
    "³ Số liệu đến\u00a0ngày 15/12/2024\n",
    "Ke hoach so 12/KH-UBND1 cu\u0301a UBND huyen.\n\n1 Ke hoach  so 12/KH-UBND ngay 5/1/2023\n",
]


@pytest.mark.parametrize("text", FOOTNOTED)
def test_results_read_footnotes_as_the_segmenter(text: str) -> None:
    # parsers.results asks the segmenter at the original offset; it used to keep one flag
    # per normalised character from the footnotes' spans mapped forward: the same answer
    from parsers.normalize import normalize
    from parsers.offsets import bisect_offsets
    from parsers.results import _Doc
    from parsers.segment import segment

    norm = normalize(text)
    seg = segment(norm)
    doc = _Doc(norm, seg)
    flags = bytearray(len(norm.text) + 1)
    for f in seg.footnotes:
        fs, fe = bisect_offsets(norm.offsets, f.start), bisect_offsets(norm.offsets, f.end)
        flags[fs:fe] = b"\x01" * (fe - fs)
    assert [doc.in_footnote(p) for p in range(len(norm.text) + 1)] == [bool(b) for b in flags]
    assert any(flags) == bool(seg.footnotes)
