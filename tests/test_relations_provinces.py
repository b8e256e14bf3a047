# ruff: noqa: E501
"""Relations of the provinces development set (issue 12, failure kinds 7 and 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.pipeline import extract_file
from parsers.models import Relation

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 58/2016/QĐ-UBND\nQuảng Trị, ngày 27 tháng 12 năm 2016\nQUYẾT ĐỊNH\nVề việc thử\n"

CASES = [
    # "Xét đề nghị … tại Tờ trình số …" is not a Căn cứ clause (DESIGN §4): cites
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Xét đề nghị của Sở Công Thương tại Tờ trình số 1530/TTr-SCT ngày 15/12/2016,\n",
        "1530/TTr-SCT",
        Relation.CITES,
    ),
    (
        "Căn cứ Nghị định số 24/2014/NĐ-CP ngày 04/4/2014 của Chính phủ;\n"
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 138/TTr-SNV ngày 20/01/2010,\n",
        "24/2014/NĐ-CP",
        Relation.BASED_ON,
    ),
]


@pytest.mark.parametrize(("body", "key", "relation"), CASES)
def test_relation_of_a_clause(tmp_path: Path, body: str, key: str, relation: Relation) -> None:
    src = tmp_path / "doc.txt"
    src.write_text(HEADER + body, encoding="utf-8")
    got = {c.document.key: c.relation for c in extract_file(src).citations}
    assert got.get(key) is relation


def test_a_basis_heading_over_a_numbered_list() -> None:
    """ "I. CĂN CỨ XÂY DỰNG⏎KẾ HOẠCH" then "1. Quyết định số 924/QĐ-TTg …" (Tiền Giang, 2022)."""
    ex = extract_file("tests/data/gold/provinces/028_tien-giang_2022.txt")
    got = {c.document.key: c.relation for c in ex.citations}
    for key in ("924/QĐ-TTg", "05/2022/TT-BNNPTNT", "05-NQ/TU", "25/NQ-HĐND", "605/QĐ-UBND"):
        assert got.get(key) is Relation.BASED_ON, key


def test_a_cue_opening_a_line_after_a_cited_title_governs() -> None:
    """Hà Nội 2025: the title "TRIỂN KHAI THỰC HIỆN KẾ HOẠCH SỐ 355-KH/TU … CỦA THÀNH ỦY …"
    runs into the next line "Thực hiện Kế hoạch số 355-KH/TU của Thành ủy …": implements."""
    ex = extract_file("tests/data/gold/provinces/019_ha-noi_2025.txt")
    got = {c.document.key: c.relation for c in ex.citations}
    assert got["355-KH/TU"] is Relation.IMPLEMENTS
