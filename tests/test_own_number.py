"""The document's own number printed again in its body is not a citation (issue 12, kind 1)."""

from __future__ import annotations

import pytest

from graph.pipeline import extract_file
from parsers.normalize import normalize
from parsers.segment import segment

HEADER_CASES = [
    # a table cell broken after the colon (thuvienphapluat page of HCMC 120/2003/QĐ-UB)
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n|\nSố:\n120/2003/QĐ-UB\n|\n", "120", "QĐ-UB"),
    (
        "UBND TỈNH X\nSố: 30/2018/QĐ-UBND | Hải Phòng, ngày 09 tháng 10 năm 2018 |\n",
        "30",
        "QĐ-UBND",
    ),
    # a register row names other documents with a lower-case "số:": not the own number
    ("3381/QĐ-UBND\tthu hồi các quyết định số: 2833/qđ-ubnd ngày 24/10/2016\n", None, None),
]


@pytest.mark.parametrize(("text", "number", "symbol"), HEADER_CASES)
def test_own_number_line(text: str, number: str | None, symbol: str | None) -> None:
    h = segment(normalize(text)).header
    assert (h.number, h.symbol) == (number, symbol)


OWN_CASES = [
    # (file of the provinces dev set, its own key that must not be cited)
    ("026_hue_2026.txt", "01/QĐ-UBND"),  # table header "Số: 01/QĐ-UBND |"
    ("014_can-tho_2026.txt", "32/KH-UBND"),  # portal title "Kế hoạch 32/KH-UBND năm 2026 …"
    ("041_quang-ngai_2025.txt", "119/QĐ-UBND"),  # "… xã Long Phụng đã ban hành Quyết định số 119"
    ("035_da-nang_2019.txt", "881/QĐ-UBND"),  # "(Ban hành kèm theo Quyết định số 881/QĐ-UBND …)"
    ("009_ho-chi-minh_2003.txt", "120/2003/QĐ-UB"),  # "Số:⏎120/2003/QĐ-UB"
    ("030_kien-giang_2019.txt", "1961/2019/QĐ-UBND"),  # page title; the header lost the hyphen
    (
        "002_lai-chau_2025.txt",
        "1888/KH-VPUBND",
    ),  # "… Văn phòng UBND tỉnh … đã ban hành Kế hoạch số"
]


@pytest.mark.parametrize(("name", "own"), OWN_CASES)
def test_own_number_is_not_cited(name: str, own: str) -> None:
    ex = extract_file(f"tests/data/gold/provinces/{name}")
    cited = {c.document.key for c in ex.citations}
    assert own not in cited
