"""parse_quantity on real phrases of the seed plans (data/examples)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.quantity import find_quantities, parse_quantity

# (phrase, comparator, value, unit, base_year)
CASES = [
    # seed 001 II.3.a
    ("Trên 99% tỷ lệ hồ sơ TTHC do cơ quan chuyên môn, UBND cấp xã tiếp nhận trong năm "
     "được giải quyết đúng hạn và trước hạn.", "gt", 99.0, "%", None),
    # seed 002 (OCR)
    ("Trén 99% ty 1& ho so TTHC do co quan chuyén mon cap tinh", "gt", 99.0, "%", None),
    ("Rà soát, đề xuất cắt giảm, đơn giản hóa tối thiểu 20% số quy định", "ge", 20.0, "%", None),
    ("Ra soat, dé xuat cat giam, don gian hoa tdi thiéu 20% s6 quy dinh", "ge", 20.0, "%", None),
    ("Ra sodt, cat giam tbi ’thiéu 30% thoi gian thuc hién", "ge", 30.0, "%", None),
    ("đảm bảo đến hết 2024 giảm 6,17% so với năm 2021", "reduce", 6.17, "%", 2021),
    ("dam bao dén hét 2024 giam 6,17% so vi nam 2021", "reduce", 6.17, "%", 2021),
    ("Chỉ số cải cách hành chính (PAR INDEX) năm 2024 nằm trong nhóm 35 tỉnh, thành phố có "
     "chỉ số cao nhất.", "rank_top", 35.0, "tỉnh", None),
    ("nam trong nhom 35\ntinh, thanh phd co6 chi s6 cao nhat.", "rank_top", 35.0, "tỉnh", None),
    ("nằm trong nhóm 06 huyện, thành phố có chỉ số cao nhất", "rank_top", 6.0, "huyện", None),
    ("niam trong nhém cao nhat (nhém 15 tinh cé diém sé cao nhdt theo phdn nhém",
     "rank_top", 15.0, "tỉnh", None),
    ("100% văn bản quy phạm pháp luật được ban hành đúng trình tự", None, 100.0, "%", None),
    ("C6 thém 01 don vi su nghi€p cong 1ap tu bao ddm chi thuong xuyén.",
     "increase", 1.0, "đơn vị", None),
    ("Có 01 đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên", None, 1.0, "đơn vị", None),
    ("Hằng tháng, có ít nhất 01 tin, bài về CCHC", "ge", 1.0, "tin bài", None),
    ("giải ngân kế hoạch vốn ngân sách nhà nước đạt ít nhất 70% kế hoạch được giao",
     "ge", 70.0, "%", None),
    ("ít nhất 80% hồ sơ", "ge", 80.0, "%", None),
    ("Tỷ lệ DVCTT toàn trình có phát sinh hồ sơ trực tuyến đạt 95%.", "eq", 95.0, "%", None),
    ("dat chi tiéu ttr 90% trd lén", "ge", 90.0, "%", None),
    ("thời hạn giải quyết từ 03 ngày trở lên", "ge", 3.0, "ngày", None),
    ("phấn đấu giải ngân hết 100% kế hoạch vốn", "eq", 100.0, "%", None),
    ("tỷ lệ lỗi không quá 5%", "le", 5.0, "%", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "comparator", "value", "unit", "base_year"), CASES)
def test_parse_quantity(
    text: str, comparator: str | None, value: float, unit: str, base_year: int | None
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.comparator, q.value, q.unit, q.base_year) == (comparator, value, unit, base_year)
    assert q.text and q.text in text


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh",
        "giai đoạn 2021 - 2030",
        "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018",
        "Tiếp tục triển khai thực hiện các nội dung Đề án",
        "",
    ],
)
def test_no_quantity(text: str) -> None:
    assert parse_quantity(text) is None


def test_quantity_text_is_the_words() -> None:
    q = parse_quantity("Tiếp tục giảm số lượng người làm việc, giảm 6,17% so với năm 2021.")
    assert q is not None
    assert q.text == "giảm 6,17% so với năm 2021"


def test_levels_after_each_figure() -> None:
    # seed 002 II.7.a
    found = find_quantities(
        "95% hồ sơ công việc tại cấp tỉnh, 85% hồ sơ công việc tại cấp huyện và "
        "60% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng"
    )
    assert [(q.value, q.scope) for _s, _e, q in found] == [
        (95.0, "tinh"),
        (85.0, "huyen"),
        (60.0, "xa"),
    ]


def test_respectively_list_inherits_comparator_and_levels() -> None:
    # seed 002 II.7.a: "… của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng
    # 90%, 80%, 75%"
    found = find_quantities(
        "thuộc thẩm quyền giải quyết của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu "
        "tương ứng 90%, 80%, 75%."
    )
    assert [(q.comparator, q.value, q.scope) for _s, _e, q in found] == [
        ("ge", 90.0, "tinh"),
        ("ge", 80.0, "huyen"),
        ("ge", 75.0, "xa"),
    ]


def test_two_figures_in_one_clause() -> None:
    found = find_quantities(
        "đơn giản hóa tối thiểu 20% số quy định và cắt giảm tối thiểu 20% chi phí tuân thủ"
    )
    assert [(q.comparator, q.value) for _s, _e, q in found] == [("ge", 20.0), ("ge", 20.0)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or q.value >= 0


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789%,./- trênốiđaểgmhóáà\nnhomtinh")), max_size=80
    )
)
def test_never_raises_on_number_soup(text: str) -> None:
    for start, end, q in find_quantities(text):
        assert 0 <= start < end <= len(text)
        assert q.unit
