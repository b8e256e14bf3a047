# ruff: noqa: E501
"""The long tail of real text (issue 12, point 7): OCR-damaged law names and dates, own numbers
the OCR or the law header format hides, and "Thực hiện" cues that must not leak to neighbours.
Sentences from tests/data/gold/corpus_sample (OCR) and tests/data/gold/provinces."""

from __future__ import annotations

import pytest

from parsers.find import find_citations
from parsers.models import Relation, format_key, split_key
from parsers.normalize import normalize
from parsers.segment import segment


def _found(text: str) -> dict[str | None, Relation]:
    norm = normalize(text)
    return {c.key: c.relation for c in find_citations(norm, segment(norm)).citations}


LAWS = [
    # a known longer name is not cut at "theo"
    (
        "Căn cứ Luật Đầu tư theo phương thức đối tác công tư ngày 18 tháng 6 năm 2020;",
        "64/2020/QH14",
    ),
    # the month lost to OCR, the year kept ("tháng Í Ï", "tháng ó", "tháng năm")
    (
        "Căn cứ Luật doanh nghiệp ngày 26 tháng Í Ï năm 2014; Căn cứ Luật đầu tư ngày 26 tháng năm 2014;",
        "68/2014/QH13",
    ),
    (
        "Căn cứ Luật doanh nghiệp ngày 26 tháng Í Ï năm 2014; Căn cứ Luật đầu tư ngày 26 tháng năm 2014;",
        "67/2014/QH13",
    ),
    ("Căn cứ Luật Ban hành văn bản quy pham pháp luật ngày 22 tháng ó năm 2015;", "80/2015/QH13"),
    (
        "Căn cứ Luật chung khoán ngày 29 tháng ó năm 2006 và Luật sửa đổi, bổ sung một số điều của Luat chứng khoán ngày 24 tháng 11 năm 2010;",
        "70/2006/QH11",
    ),
    # OCR-damaged names: the law of that year with the closest name
    ("Căn cứ Luật tỔ chức Chính ngày 19 tháng 6 năm 2015; Căn cứ Luật chung khoán", "76/2015/QH13"),
    ("Căn cứ Luật Quản sử dụng tài sản công ngày 21 tháng ó năm 2017; Căn cứ", "15/2017/QH14"),
    ("Luật sửa bồ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020;", "62/2020/QH14"),
]


@pytest.mark.parametrize(("sentence", "key"), LAWS)
def test_law_by_name(sentence: str, key: str) -> None:
    assert key in _found(sentence)


def test_a_damaged_name_of_another_year_is_no_law() -> None:
    """ "Luật Đầu tư" of 2019 does not exist: not the Luật Đầu tư công of 2019."""
    assert "39/2019/QH14" not in _found("Căn cứ Luật Đầu tư ngày 13 tháng 6 năm 2019;")


OWN = [
    # a law's header line, with a stray OCR mark before it
    (
        "Number\n' Luật số: 56/2020/QH14 \nTopic\nName\n_ LUẬT . SỬA ĐỎI, BỎ SUNG MỘT SỐ ĐIỀU CỦA LUẬT GIÁM ĐỊNH TƯ PHÁP \nQuốc hội ban hành Luật sửa đổi, bồ sung một số điều của Luật Giám định tư pháp số 13⁄2012/QH13.\n",
        "56/2020/QH14",
        "13/2012/QH13",
    ),
    # the header number whose "Số:" the OCR lost, alone on its line
    (
        "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \n47/2017/NĐ-CP \nHà \nNội, ngày 25 tháng 12 năm 2017 \nSữa đổi, bổ sung một số điều của Nghị định số 151/2013/NĐ-CP ngày 01 tháng 11 năm 2013 của Chính phú\n",
        "47/2017/NĐ-CP",
        "151/2013/NĐ-CP",
    ),
]


@pytest.mark.parametrize(("text", "own", "cited"), OWN)
def test_own_number_is_no_citation(text: str, own: str, cited: str) -> None:
    got = _found(text)
    assert own not in got and cited in got, got


def test_a_lone_number_after_the_preamble_is_cited() -> None:
    got = _found("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n47/2017/NĐ-CP\n")
    assert "47/2017/NĐ-CP" in got


RELATIONS = [
    # a lower-case "thực hiện" far from the document does not govern it (Đà Nẵng, 2025)
    (
        "- Quán triệt, tạo sự thống nhất trong lãnh đạo, chỉ đạo và tổ chức thực hiện các quan điểm, mục tiêu, chỉ tiêu, nhiệm vụ mà Nghị quyết Đại hội đại biểu lần thứ I Đảng bộ thành phố, nhiệm kỳ 2025-2030 đã đề ra gắn với các quan điểm, định hướng phát triển thành phố Đà Nẵng theo Nghị quyết số 43-NQ/TW của Bộ Chính trị (khóa XII), Kết luận số 79-KL/TW của Bộ Chính trị (khóa XIII).",
        "43-NQ/TW",
        Relation.CITES,
    ),
    (
        "- Quán triệt, tạo sự thống nhất trong lãnh đạo, chỉ đạo và tổ chức thực hiện các quan điểm, mục tiêu, chỉ tiêu, nhiệm vụ mà Nghị quyết Đại hội đại biểu lần thứ I Đảng bộ thành phố, nhiệm kỳ 2025-2030 đã đề ra gắn với các quan điểm, định hướng phát triển thành phố Đà Nẵng theo Nghị quyết số 43-NQ/TW của Bộ Chính trị (khóa XII), Kết luận số 79-KL/TW của Bộ Chính trị (khóa XIII).",
        "79-KL/TW",
        Relation.CITES,
    ),
    # … but a near one does, and the documents listed after it (Lạng Sơn seed 001)
    (
        "a) Tiếp tục triển khai đồng bộ, toàn diện, có hiệu quả các mục tiêu, nhiệm vụ theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, ban hành Chương trình tổng thể CCHC Nhà nước giai đoạn 2021 - 2030 và Nghị quyết số 60-NQ/TU ngày 15/12/2021 của Ban Thường vụ Tỉnh ủy về đẩy mạnh CCHC trên địa bàn tỉnh Lạng Sơn giai đoạn 2021-2030, Kế hoạch số 249/KH-UBND ngày 29/12/2021 của UBND tỉnh về cải cách hành chính tỉnh Lạng Sơn giai đoạn 2021-2025;",
        "249/KH-UBND",
        Relation.IMPLEMENTS,
    ),
    # a narrative "đã ban hành" ends the cue (Hà Nội, 2018)
    (
        "Thực hiện Kế hoạch phát triển kinh tế - xã hội năm\n2018, ngay từ đầu năm UBND Thành phố đã ban hành Chương trình hành động số\n34/CTr-UBND ngày 28/01/2018 với 188 nhiệm vụ cụ thể",
        "34/CTr-UBND",
        Relation.CITES,
    ),
    # a document named "tại …" in the title of the implemented one is only cited (Hà Nội, 2025)
    (
        "Thực hiện Kế hoạch số 355-KH/TU của Thành ủy về việc triển khai thực hiện các nội dung, nhiệm vụ theo kết luận làm việc của đồng chí Tổng Bí thư với Thành ủy Hà Nội tại Thông báo số 237-TB/VPTW ngày 25/6/2025 của Văn phòng Trung ương Đảng; Để việc triển khai",
        "237-TB/VPTW",
        Relation.CITES,
    ),
    (
        "Thực hiện Kế hoạch số 355-KH/TU của Thành ủy về việc triển khai thực hiện các nội dung, nhiệm vụ theo kết luận làm việc của đồng chí Tổng Bí thư với Thành ủy Hà Nội tại Thông báo số 237-TB/VPTW ngày 25/6/2025 của Văn phòng Trung ương Đảng; Để việc triển khai",
        "355-KH/TU",
        Relation.IMPLEMENTS,
    ),
    # a doubled cue still governs (Lạng Sơn portal page, 2018)
    (
        "          Thực hiện Thực hiện Chỉ thị số 22/CT-TW ngày 23/01/2018 của Ban Bí thư Trung ương Đảng về đẩy mạnh các phong trào thi đua yêu nước",
        "22/CT-TW",
        Relation.IMPLEMENTS,
    ),
]


@pytest.mark.parametrize(("text", "key", "relation"), RELATIONS)
def test_relation(text: str, key: str, relation: Relation) -> None:
    assert _found(text).get(key) is relation


HELDOUT = [
    # an amending law that lists the laws it amends is one law (Thanh Hóa, 2025)
    (
        "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015; Luật Sửa đổi, bổ sung một số điều của Luật Chứng khoán, Luật Kế toán, Luật Kiểm toán độc lập, Luật Ngân sách nhà nước, Luật Quản lý tài sản công, Luật Quản lý thuế, Luật Thuế thu nhập cá nhân, Luật Dữ trữ quốc gia, Luật Xử lý vi phạm hành chính ngày 29 tháng 11 năm 2024;",
        {"83/2015/QH13", "56/2024/QH15"},
    ),
    # two laws of one name and year: the printed date tells (Phú Yên, April 2025)
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;", {"65/2025/QH15"}),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", {"72/2025/QH15"}),
    # "pháp luật" misprinted "phát luật" still ends the name (Thanh Hóa, 2025)
    (
        "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm phát luật ngày 25 tháng 6 năm 2025;",
        {"87/2025/QH15"},
    ),
    # a number without a symbol, with type, date and issuer printed: the number is the key
    (
        "Thực hiện công văn số 3597 ngày 09/8/2019 của UBND tỉnh Quảng Trị về việc triển khai",
        {"3597"},
    ),
]


@pytest.mark.parametrize(("text", "keys"), HELDOUT)
def test_found_exactly(text: str, keys: set[str]) -> None:
    assert set(_found(text)) == keys


@pytest.mark.parametrize(
    "text",
    [
        "Tại Hội nghị số 12 ngày 3/4/2019 đã thống nhất",  # no issuer: a meeting, not a document
        "Công văn số 3597 của UBND tỉnh Quảng Trị",  # no date
        "theo Phụ lục số 02 ngày 09/8/2019 của UBND tỉnh",  # a form, not a document type
    ],
)
def test_a_bare_number_needs_type_date_and_issuer(text: str) -> None:
    assert _found(text) == {}


def test_a_date_after_a_blank_line_is_not_the_citations() -> None:
    """Tế Lợi commune page: the page date under the title is not the Constitution's date."""
    norm = normalize(
        "NGHỊ QUYẾT Sửa đổi, bổ sung một số điều của Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013\n\nNgày 19/05/2025 00:00:00\n"
    )
    for c in find_citations(norm, segment(norm)).citations:
        assert c.date is None or c.date.year != 2025


def test_bare_number_key_round_trips() -> None:
    assert format_key("3597", None, bare=True) == "3597"
    assert format_key("3597", None) is None
    assert split_key("3597") == ("3597", None, "")
    assert format_key(*split_key("45/2020/NĐ-CP")[::2], 2020) == "45/2020/NĐ-CP"


@pytest.mark.parametrize(
    ("text", "key", "iso", "issuer"),
    [
        # the symbol printed twice (Ninh Thuận, Thanh Hóa portals)
        (
            "Căn cứ Nghị quyết số 37-NQ/TW NQ/TW ngày 24/12/2018 của Bộ Chính trị về việc sắp xếp các đơn vị hành chính cấp huyện và cấp xã;",
            "37-NQ/TW",
            "2018-12-24",
            "Bộ Chính trị",
        ),
        # a PDF text layer that dropped the "Đ" of "QĐ"
        (
            "Căn cứ Quyết định số 123/1998/Q -TTg ngày 01/7/1998 của Thủ tướng Chính phủ về việc",
            "123/1998/QĐ-TTg",
            "1998-07-01",
            "Thủ tướng Chính phủ",
        ),
    ],
)
def test_damaged_symbols_keep_date_and_issuer(text: str, key: str, iso: str, issuer: str) -> None:
    norm = normalize(text)
    (c,) = find_citations(norm, segment(norm)).citations
    assert (c.key, c.date and c.date.isoformat(), c.issuer) == (key, iso, issuer)
