# ruff: noqa: E501
"""Issuers from what is printed, in every province and at every level (issue 12, points 1-3).

Each row is a real sentence of the provinces development set under a minimal real header.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import units
from graph.pipeline import extract_file
from graph.resolve import agent_code
from parsers.vocab import load_vocabulary

HCM = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 120/2003/QĐ-UB\nTP Hồ Chí Minh, ngày 17 tháng 7 năm 2003\n"
CAN_THO = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 3109/QĐ-UBND\nCần Thơ, ngày 18 tháng 12 năm 2025\n"
)
HA_NOI = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 08/CTr-UBND\nHà Nội, ngày 25 tháng 8 năm 2025\n"
HUE_2025 = "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ\nSố: 113/NQ-HĐND\nHuế, ngày 09 tháng 12 năm 2025\n"
HUE_2022 = "TỈNH ỦY THỪA THIÊN HUẾ\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 445-KL/TƯ\nThừa Thiên Huế, ngày 13 tháng 5 năm 2022\n"
HAI_PHONG = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 30/2018/QĐ-UBND\nHải Phòng, ngày 09 tháng 10 năm 2018\n"
QUANG_TRI = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 58/2016/QĐ-UBND\nQuảng Trị, ngày 27 tháng 12 năm 2016\n"
)
NINH_THUAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 12/KH-UBND\nNinh Thuận, ngày 10 tháng 01 năm 2024\n"
)
HA_NAM = "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 05/KH-UBND\nHà Nam, ngày 10 tháng 01 năm 2014\n"

CASES = [
    # the printed phrase wins over the symbol code
    (
        HCM,
        "Căn cứ Công văn số 525/CV-KHĐT ngày 17 tháng 12 năm 2003 của Bộ Công nghiệp về triển khai;",
        "525/CV-KHĐT",
        "Bộ Công nghiệp",
    ),
    # department codes: that department of the citing document's province
    (
        HCM,
        "Xét đề nghị của Sở Kế hoạch và Đầu tư tại Tờ trình số 2653/KHĐT-CNDV ngày 09 tháng 7 năm 2003;",
        "2653/KHĐT-CNDV",
        "Sở Kế hoạch và Đầu tư thành phố Hồ Chí Minh",
    ),
    (
        HAI_PHONG,
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1494/TTr-SNV ngày 28/9/2018 và Báo cáo thẩm định số 18/BCTĐ-STP ngày 25/9/2018 của Sở Tư pháp;",
        "18/BCTĐ-STP",
        "Sở Tư pháp thành phố Hải Phòng",
    ),
    (
        QUANG_TRI,
        "Xét đề nghị của Sở Công Thương tại Tờ trình số 1530/TTr-SCT ngày 15/12/2016,",
        "1530/TTr-SCT",
        "Sở Công Thương tỉnh Quảng Trị",
    ),
    (
        HA_NAM,
        "Thực hiện Công văn số 2191/BNN-TCTL ngày 18/6/2014 về việc triển khai;",
        "2191/BNN-TCTL",
        "Bộ Nông nghiệp và Phát triển nông thôn",
    ),
    (
        NINH_THUAN,
        "Căn cứ Phương án số 316/PA-UBND ngày 20/01/2023 của Ủy ban nhân dân tỉnh;",
        "316/PA-UBND",
        "UBND tỉnh Ninh Thuận",
    ),
    # province-level cities: "thành phố", "Thành ủy" are the province-level bodies
    (
        CAN_THO,
        "Căn cứ Nghị quyết số 269/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân thành phố;",
        "269/NQ-HĐND",
        "HĐND thành phố Cần Thơ",
    ),
    (
        HUE_2025,
        "Căn cứ Nghị quyết số 01-NQ/TU ngày 05 tháng 12 năm 2025 của Thành ủy về nhiệm vụ năm 2026;",
        "01-NQ/TU",
        "Thành ủy Huế",
    ),
    (
        HA_NOI,
        "Thực hiện Kế hoạch số 355-KH/TU ngày 15/8/2025 của Thành ủy về thực hiện;",
        "355-KH/TU",
        "Thành ủy Hà Nội",
    ),
    (
        HCM,
        "Căn cứ Quyết định số 60/2003/QĐ-UB ngày 25 tháng 4 năm 2003 của Ủy ban nhân dân thành phố;",
        "60/2003/QĐ-UB",
        "UBND thành phố Hồ Chí Minh",
    ),
    # Huế before 1 January 2025 was Tỉnh Thừa Thiên Huế
    (
        HUE_2022,
        "Thực hiện Nghị quyết số 13-NQ/TƯ ngày 10/02/2022 của Tỉnh ủy về phát triển;",
        "13-NQ/TU",
        "Tỉnh ủy Thừa Thiên Huế",
    ),
]


@pytest.mark.parametrize(("header", "sentence", "key", "issuer"), CASES)
def test_issuer_from_what_is_printed(
    tmp_path: Path, header: str, sentence: str, key: str, issuer: str
) -> None:
    src = tmp_path / "doc.txt"
    src.write_text(f"{header}KẾ HOẠCH\nThử nghiệm\n{sentence}\n", encoding="utf-8")
    ex = extract_file(src)
    found = {c.document.key: c.document.issuer for c in ex.citations}
    assert key in found, sorted(k for k in found if k)
    got = found[key]
    assert got is not None and got.name == issuer


@pytest.mark.parametrize(
    ("symbol", "agent"),
    [("BCTĐ-STP", "STP"), ("TTr-SCT", "SCT"), ("SNgV-VP", "SNgV"), ("UBND-KGVX", "UBND")],
)
def test_agent_code_skips_a_document_kind_code(symbol: str, agent: str) -> None:
    assert agent_code(symbol) == agent


def test_bodies_that_no_longer_exist_keep_their_dates() -> None:
    v = load_vocabulary()
    bcn = v.issuer_code("bcn")
    assert bcn is not None and bcn.name == "Bộ Công nghiệp"
    assert bcn.valid_on(date(2003, 12, 17)) and not bcn.valid_on(date(2008, 1, 1))
    bct = v.issuer_code("bct")
    assert bct is not None and not bct.valid_on(date(2003, 1, 1))


def test_hue_is_thua_thien_hue_before_2025() -> None:
    before = units.find_unit("Thừa Thiên Huế", "province", on=date(2022, 5, 13))
    after = units.find_unit("Huế", "province", on=date(2025, 3, 1))
    assert before is not None and before.kind == "tỉnh" and before.short_name == "Thừa Thiên Huế"
    assert after is not None and after.kind == "thành phố trung ương"
    assert before.code == after.code == "46"


def test_unit_name_does_not_run_into_the_next_unit() -> None:
    found = units.units_in("cấp huyện, cấp xã tỉnh Hà Giang giai đoạn 2023", on=date(2023, 9, 5))
    assert [u.short_name for u in found] == ["Hà Giang"]
