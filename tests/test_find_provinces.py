# ruff: noqa: E501
"""Citations of the provinces development set the finder used to miss (issue 12, kinds 4, 5)."""

from __future__ import annotations

import pytest

from parsers.find import find_citations
from parsers.normalize import normalize
from parsers.segment import segment

CASES = [
    # laws of 1994-2005 cited by name
    (
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;",
        "11/2003/QH11",
    ),
    ("Căn cứ Luật Tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;", "11/2003/QH11"),
    ("Căn cứ Luật Tổ chức Hội đồng\nnhân dân và Ủy ban nhân dân ngày 26/11/2003;", "11/2003/QH11"),
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật của Hội đồng nhân dân, Ủy ban\nnhân dân ngày 03 tháng 12 năm 2004;",
        "31/2004/QH11",
    ),
    ("Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;", "29/2013/QH13"),
    # a lower-case name the vocabulary knows, with a misprinted year (the law is of 29/11/2005)
    ("Căn cứ Luật giao dịch điện tử ngày 29 tháng 11 năm 2015;", "51/2005/QH11"),
    # unusual separators in symbols
    (
        "Thực hiện Công văn số 2231/SNV-CCHC&PC ngày 28 tháng 9 năm 2018 của Sở Nội vụ;",
        "2231/SNV-CCHC&PC",
    ),
    (
        "Căn cứ Chỉ thị số 19/2001/CT/UB ngày 01 tháng 7 năm 2001 của Ủyban nhân dân thành phố;",
        "19/2001/CT-UB",
    ),
    (
        "Căn cứ Quyết định số 01/1999/QĐ.UB ngày 15/01/1999 của Ủy ban nhân dân tỉnh Tiền Giang;",
        "01/1999/QĐ-UB",
    ),
]


@pytest.mark.parametrize(("sentence", "key"), CASES)
def test_found(sentence: str, key: str) -> None:
    norm = normalize(sentence)
    keys = {c.key for c in find_citations(norm, segment(norm)).citations}
    assert key in keys, keys


def test_the_1994_law_is_not_the_2003_law() -> None:
    norm = normalize(
        "Căn cứ Luật tổ chức Hội đồng nhân dân và Ủyban nhân dân ngày 21 tháng 6 năm 1994;"
    )
    cits = find_citations(norm, segment(norm)).citations
    assert [c.key for c in cits] == [None]
    assert cits[0].date is not None and cits[0].date.isoformat() == "1994-06-21"


def test_lower_case_words_after_luat_are_no_law() -> None:
    norm = normalize("Mời Luật sư Nguyễn Văn An tham dự; Luật này có hiệu lực từ ngày 01/7/2016.")
    assert find_citations(norm, segment(norm)).citations == ()


def test_a_document_with_the_same_number_as_the_header_is_still_cited() -> None:
    """Huế 2026: the header is 01/QĐ-UBND; "Nghị quyết số 01-NQ/TU … của Thành ủy" is cited."""
    text = (
        "ỦY BAN NHÂN DÂN |\nSố: 01/QĐ-UBND |\nHuế, ngày 01 tháng 01 năm 2026 |\n"
        "Căn cứ Nghị quyết số 01-NQ/TU ngày 05 tháng 12 năm 2025 của Thành ủy về nhiệm vụ năm 2026;\n"
    )
    norm = normalize(text)
    assert "01-NQ/TU" in {c.key for c in find_citations(norm, segment(norm)).citations}


@pytest.mark.parametrize(
    ("sentence", "key", "iso"),
    [
        (
            "Ngày 21/04/2015, Thủ tướng Chính\nphủ đã ban hành Chỉ thị số 06/CT-TTg về việc tăng cường chỉ đạo.",
            "06/CT-TTg",
            "2015-04-21",
        ),
        (
            "Ngày 04/3/2023, UBND thành phố Đà Nẵng đã ban hành Kế hoạch số 56/KH-UBND về cải cách hành chính.",
            "56/KH-UBND",
            "2023-03-04",
        ),
    ],
)
def test_narrative_date(sentence: str, key: str, iso: str) -> None:
    norm = normalize(sentence)
    dates = {c.key: c.date for c in find_citations(norm, segment(norm)).citations}
    assert dates[key] is not None and dates[key].isoformat() == iso
