# ruff: noqa: E501
"""Issuers as printed and units at the document's era (issue 12, points 1 and 4).

Rows are real register rows and summary lines of the shared corpus (An Giang's 2026 tracking
sheet, the Bình Dương and Sơn La registers), written under a file named like their register,
and real headers of commune plans after the 2025 reform.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import units
from graph.cli import cli
from graph.pipeline import extract_file

AN_GIANG = "an_giang_vbqppl_tracking_2026_rows"
BINH_DUONG = "binhduong_ubnd_tinh"
SON_LA = "sonla_congbao"

ROWS = [
    # the unit printed after the issuer phrase wins over the province of the row's context
    (
        AN_GIANG,
        "NQ HDND da xu ly\t23\tNghị quyết số 13/2021/NQ-HĐND ngày 13 tháng 12 năm 2021 của Hội đồng nhân dân tỉnh Kiên Giang phân cấp thẩm quyền\tSở Tài chính\t\tNghị quyết số 15/2025/NQ-HĐND ngày 30/12/2025 của HĐND tỉnh An Giang bãi bỏ các Nghị quyết quy phạm pháp luật",
        {"13/2021/NQ-HĐND": "HĐND tỉnh Kiên Giang", "15/2025/NQ-HĐND": "HĐND tỉnh An Giang"},
    ),
    # "của Chủ tịch UBND tỉnh": the chairman's decision, the province from the register's file
    (
        AN_GIANG,
        "QD UBND can xu ly\t48\tQuyết định sửa đổi, bổ sung hệ số điều chỉnh giá đất.\tSở Nông nghiệp và Môi trường\t\t1\t\tTrâm\t\t\tQuyết định số 25/QĐ-UBND ngày 06/01/2026 của Chủ tịch UBND tỉnh",
        {"25/QĐ-UBND": "Chủ tịch UBND tỉnh An Giang"},
    ),
    # "VP-KT" in a province's register: the office of its people's committee
    (
        AN_GIANG,
        "QD UBND can xu ly\t158\tQuyết định bãi bỏ Quyết định số 16/2018/QĐ-UBND ngày 18/07/2018 của Ủy ban nhân dân tỉnh An Giang\tSở Công Thương\tCông văn số 5060/VP-KT ngày 02/10/2025",
        {"5060/VP-KT": "Văn phòng UBND tỉnh An Giang", "16/2018/QĐ-UBND": "UBND tỉnh An Giang"},
    ),
    # a summary line names no province: its register does
    (
        BINH_DUONG,
        "908/UBND-VX\tthực hiện thông báo số 120-tb/vptu ngày 25/02/2022 của văn phòng tỉnh ùy",
        {"120-TB/VPTU": "Văn phòng Tỉnh ủy Bình Dương"},
    ),
    (
        BINH_DUONG,
        "4076/KH-UBND\tkế hoạch thực hiện chương trình số 20/ctr-tu ngày 31/5/2021 của tỉnh ủy",
        {"20/CTr-TU": "Tỉnh ủy Bình Dương"},
    ),
    (
        SON_LA,
        "23/QĐ-TT HĐND\tVề việc điều chỉnh Danh mục ban hành kèm theo Quyết định số 120/QĐTTHĐND ngày 26/02/2026 của Thường trực HĐND tỉnh ban hành Danh mục Nghị quyết",
        {"120/QĐ-TTHĐND": "Thường trực HĐND tỉnh Sơn La"},
    ),
    # a permit of the chairman (GP: a document type, not an issuer)
    (
        SON_LA,
        "1886/QĐ-UBND\tGia hạn Giấy phép thăm dò khoáng sản số 2626/GP-UBND ngày 22/10/2025 của Chủ tịch UBND tỉnh để Công ty cổ phần tư vấn và xây dựng T26 được tiếp tục thăm dò mỏ cát tại bản Lừm Thượng B, xã Pắc Ngà và bản Kiếng, xã Chiềng Sung, tỉnh Sơn La",
        {"2626/GP-UBND": "Chủ tịch UBND tỉnh Sơn La"},
    ),
    # a 2026 commune of Sơn La (two-level government): the commune printed, in the province
    (
        SON_LA,
        "15/NQ-HĐND\tVề việc điều chỉnh biên chế theo phụ lục kèm theo Nghị quyết số 37/NQ-HĐND ngày 09/02/2026 của Hội đồng nhân dân xã Chiềng Hặc",
        {"37/NQ-HĐND": "HĐND xã Chiềng Hặc"},
    ),
    # a central body is never completed by a place named after it
    (
        BINH_DUONG,
        "3055/KH-UBND\tkế hoạch triển khai thực hiện nghị định số 116/2021/nđ-cp ngày 21/12/2021 của chính phủ trên địa bàn tỉnh bình dương",
        {"116/2021/NĐ-CP": "Chính phủ"},
    ),
]


@pytest.mark.parametrize(("register", "row", "expected"), ROWS)
def test_issuer_as_printed_in_the_register_context(
    tmp_path: Path, register: str, row: str, expected: dict[str, str]
) -> None:
    src = tmp_path / register / "row.txt"
    src.parent.mkdir()
    src.write_text(row + "\n", encoding="utf-8")
    found = {c.document.key: c.document.issuer for c in extract_file(src).citations}
    for key, name in expected.items():
        assert key in found, sorted(k for k in found if k)
        got = found[key]
        assert got is not None and got.name == name, (key, got)


@pytest.mark.parametrize(
    ("path", "province"),
    [
        ("corpus/summaries/binhduong_ubnd_tinh.tsv", "Bình Dương"),
        ("registers/an_giang_vbqppl_tracking_2026.xlsx", "An Giang"),
        ("sonla_congbao/heldout__039.txt", "Sơn La"),
        ("tests/data/gold/provinces/001_hai-phong_2018.txt", "Hải Phòng"),
        ("Ho-Chi-Minh/ke-hoach.docx", "Hồ Chí Minh"),
        ("data/examples/000_32ae2a5d26357acd.txt", None),
        ("an-giang_vs_kien-giang.txt", None),  # two provinces: cannot tell
    ],
)
def test_province_in_path(path: str, province: str | None) -> None:
    unit = units.province_in_path(path, date(2024, 1, 1))
    assert (unit.short_name if unit else None) == province


COMMUNE_2026 = (
    "ỦY BAN NHÂN DÂN\nXÃ CAO LỘC\nSố: 15/KH-UBND\n\nKẾ HOẠCH\nCải cách hành chính năm 2026\n\n"
    "Thực hiện Kế hoạch số 32/KH-UBND ngày 20/01/2026 của UBND tỉnh Lạng Sơn về cải cách hành "
    "chính năm 2026, UBND xã ban hành kế hoạch như sau:\n"
)
DISTRICT_2024 = (
    "ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\nSố: 15/KH-UBND\n\nKẾ HOẠCH\nCải cách hành chính\n\n"
    "Thực hiện Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh Lạng Sơn về cải cách hành "
    "chính tỉnh Lạng Sơn năm 2024, UBND huyện ban hành kế hoạch như sau:\n"
)
DATED_2026 = COMMUNE_2026.replace(
    "Số: 15/KH-UBND\n", "Số: 15/KH-UBND\nCao Lộc, ngày 26 tháng 01 năm 2026\n"
)
NO_DATE = "ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\n\nKẾ HOẠCH\nCải cách hành chính\n\nUBND huyện ban hành kế hoạch.\n"

ERAS = [
    # an undated commune header citing a 2026 plan is the 2026 commune, not the old district
    (COMMUNE_2026, "2026-01-20", "citations", "after-2025-07", "commune", "UBND xã Cao Lộc"),
    (DISTRICT_2024, "2024-01-09", "citations", "before-2025-07", "district", "UBND huyện Cao Lộc"),
    (DATED_2026, "2026-01-26", "date", "after-2025-07", "commune", "UBND xã Cao Lộc"),
    (NO_DATE, None, "unknown", None, None, None),
]


@pytest.mark.parametrize(("text", "on", "source", "period", "level", "issuer"), ERAS)
def test_era_of_an_undated_page_in_extract_json(
    tmp_path: Path,
    text: str,
    on: str | None,
    source: str,
    period: str | None,
    level: str | None,
    issuer: str | None,
) -> None:
    src = tmp_path / "plan.txt"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(src), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)["documents"][0]["document"]
    assert doc["era"] == {"on": on, "from": source, "period": period}
    if issuer is not None:
        assert (doc["issuer"], doc["issuer_level"]) == (issuer, level)


UNITS_AT = [
    ("Hà Tây", date(2005, 3, 1), "Tỉnh Hà Tây", "28"),
    ("Hà Tây", date(2008, 7, 31), "Tỉnh Hà Tây", "28"),
    ("Hà Tây", date(2008, 8, 1), None, None),  # merged into Hà Nội
    ("Thừa Thiên Huế", date(2024, 12, 31), "Tỉnh Thừa Thiên Huế", "46"),
    ("Huế", date(2025, 1, 1), "Thành phố Huế", "46"),
    ("Huế", date(2026, 3, 1), "Thành phố Huế", "46"),
]


@pytest.mark.parametrize(("name", "on", "full", "code"), UNITS_AT)
def test_province_valid_at_its_date(
    name: str, on: date, full: str | None, code: str | None
) -> None:
    unit = units.find_unit(name, "province", on=on)
    assert (unit.name if unit else None, unit.code if unit else None) == (full, code)


@pytest.mark.parametrize(
    ("on", "name"),
    [(date(2024, 12, 31), "Tỉnh Thừa Thiên Huế"), (date(2025, 1, 1), "Thành phố Huế")],
)
def test_hue_by_code_at_its_date(on: date, name: str) -> None:
    unit = units.province("46", on)
    assert unit is not None and unit.name == name


def test_ha_tay_people_committee_is_a_dated_issuer(tmp_path: Path) -> None:
    src = tmp_path / "qd.txt"
    src.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TÂY\nSố: 1234/QĐ-UBND\nHà Đông, ngày 12 tháng 5 năm 2005\n\n"
        "QUYẾT ĐỊNH\nVề việc thử nghiệm\n\nCăn cứ Quyết định số 20/2004/QĐ-UBND ngày 10/3/2004 "
        "của UBND tỉnh Hà Tây về việc ban hành quy định;\n",
        encoding="utf-8",
    )
    ex = extract_file(src)
    assert ex.document.issuer is not None and ex.document.issuer.name == "UBND tỉnh Hà Tây"
    assert ex.document.issuer.jurisdiction == "vn-28"
    found = {c.document.key: c.document.issuer for c in ex.citations}
    got = found["20/2004/QĐ-UBND"]
    assert got is not None and got.name == "UBND tỉnh Hà Tây"


CAN_THO_2026 = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 32/KH-UBND\nCần Thơ, ngày 22 tháng 01 năm 2026\n"
)
TIEN_GIANG_2022 = (
    "ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: 20/KH-UBND\nTiền Giang, ngày 10 tháng 3 năm 2022\n"
)

PARTY = [
    # party bodies as printed, in the citing document's province (provinces set 014, 028)
    (
        CAN_THO_2026,
        "Thực hiện Chương trình hành động số 02-CTr/TU ngày 28 tháng 10 năm 2025 của Ban Chấp hành Đảng bộ thành phố thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I;",
        "02-CTr/TU",
        "Ban Chấp hành Đảng bộ thành phố Cần Thơ",
    ),
    (
        CAN_THO_2026,
        "Thực hiện Chương trình hành động số 03-CTr/ĐU ngày 09 tháng 12 năm 2025 của Ban Chấp hành Đảng bộ Ủy ban nhân dân thành phố thực hiện Nghị quyết;",
        "03-CTr/ĐU",
        "Ban Chấp hành Đảng bộ Ủy ban nhân dân thành phố Cần Thơ",
    ),
    (
        TIEN_GIANG_2022,
        "Căn cứ Nghị quyết số 05-NQ/TU ngày 29 tháng 10 năm 2021 của Ban Chấp hành Đảng bộ tỉnh về lãnh đạo xây dựng nông thôn mới;",
        "05-NQ/TU",
        "Ban Chấp hành Đảng bộ tỉnh Tiền Giang",
    ),
    # without the printed body the symbol's committee stays
    (
        TIEN_GIANG_2022,
        "Căn cứ Nghị quyết số 08-NQ/TU ngày 15 tháng 4 năm 2022 của Tỉnh ủy về phát triển;",
        "08-NQ/TU",
        "Tỉnh ủy Tiền Giang",
    ),
]


@pytest.mark.parametrize(("header", "sentence", "key", "issuer"), PARTY)
def test_party_body_as_printed(
    tmp_path: Path, header: str, sentence: str, key: str, issuer: str
) -> None:
    src = tmp_path / "doc.txt"
    src.write_text(f"{header}KẾ HOẠCH\nThử nghiệm\n{sentence}\n", encoding="utf-8")
    found = {c.document.key: c.document.issuer for c in extract_file(src).citations}
    assert key in found, sorted(k for k in found if k)
    got = found[key]
    assert got is not None and got.name == issuer
