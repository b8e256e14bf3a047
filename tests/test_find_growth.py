"""The citation finder and the resolver stay linear (issue 16): four times the text costs
about four times the CPU, never sixteen. Min-of-several interleaved CPU timings
(tests/factories.py ``confirmed_growth``), compared as a ratio (no absolute timing); the
found counts pin that the work was really done."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from factories import confirmed_growth

from graph.resolve import resolve
from parsers.find import find_citations
from parsers.models import LoadedDocument
from parsers.normalize import normalize
from parsers.segment import segment

pytestmark = pytest.mark.slow

# a quadratic cost gives 16 for four times the input; linear gives 4 (with noise on a
# loaded machine): an exponent of about 1.2 at most (the quadratic cue look-back of
# issue 16 gave 6.0 on the long line, the fixed finder 4.0)
MAX_RATIO = 5.5

SENTENCE = (
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về chương trình cải cách, "
    "thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh; "
)


def one_long_line(copies: int) -> str:
    """A text of one line (spreadsheet or PDF export): no line break after the title."""
    return "KẾ HOẠCH\n" + SENTENCE * copies


def distinct_citations(count: int) -> str:
    """A basis section listing ``count`` different resolutions, one a line."""
    lines = [
        f"Căn cứ Nghị quyết số {i}/2020/NQ-HĐND ngày 1/1/2020 của HĐND tỉnh về nội dung {i};\n"
        for i in range(1, count + 1)
    ]
    return "KẾ HOẠCH\nI. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n" + "".join(lines)


def _extract(text: str) -> tuple[Callable[[], tuple[int, int]], int, int]:
    """A run of find + resolve over ``text`` (for timing), the citations found and resolved."""
    norm = normalize(text)
    seg = segment(norm)
    loaded = LoadedDocument(source="growth.txt", text=text, format="txt", encoding="utf-8")

    def run() -> tuple[int, int]:
        found = find_citations(norm, seg)
        extraction = resolve(loaded, norm, seg, found)
        return len(found.citations), len(extraction.citations)

    found_n, resolved_n = run()
    return run, found_n, resolved_n


CASES: list[tuple[str, Callable[[int], str], int, int, int]] = [
    # name, text maker, small size, citations found per size unit, documents per unit
    ("one long line", one_long_line, 4000, 2, 2),
    ("distinct citations", distinct_citations, 2000, 1, 1),
]


@pytest.mark.parametrize(("name", "make", "small", "found_per", "docs_per"), CASES)
def test_four_times_the_text_costs_about_four_times(
    name: str, make: Callable[[int], str], small: int, found_per: int, docs_per: int
) -> None:
    run1, found1, _ = _extract(make(small))
    run4, found4, resolved4 = _extract(make(4 * small))
    assert found1 == found_per * small
    assert found4 == found_per * 4 * small
    if name == "distinct citations":
        assert resolved4 == 4 * small  # every resolution is its own document
    else:
        assert resolved4 == docs_per  # the same two documents, cited many times
    ratio, (t1, t4) = confirmed_growth(
        [run1, run4], lambda t: t[1] / max(t[0], 1e-3), MAX_RATIO, repeat=3
    )
    assert ratio < MAX_RATIO, f"{name}: {t1:.3f}s → {t4:.3f}s for 4× the text"
