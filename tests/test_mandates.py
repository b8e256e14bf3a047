"""extract_mandates and compare_targets on the seed plans (data/examples)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from parsers.mandates import classify_area, compare_targets, extract_mandates, load_reform_areas
from parsers.models import Mandates, Target
from parsers.normalize import fold, normalize
from parsers.quantity import find_quantities
from parsers.segment import segment

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
ALL_AREAS = (
    "chi-dao-dieu-hanh", "the-che", "tthc", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong",
    "chinh-phu-so",
)  # fmt: skip


@cache
def _load(seed: str) -> tuple[str, Mandates]:
    path = next(EXAMPLES.glob(f"{seed}_*.txt"))
    original = path.read_text(encoding="utf-8")
    norm = normalize(original)
    return original, extract_mandates(norm, segment(norm))


def _target(m: Mandates, folded_words: str) -> Target:
    hits = [t for t in m.targets if folded_words in fold(t.text)]
    assert hits, f"no target with {folded_words!r}"
    return hits[0]


# ----------------------------------------------------------------------------- vocabulary


def test_vocabulary_has_the_areas_of_76_nq_cp() -> None:
    areas = load_reform_areas()
    assert tuple(a.id for a in areas) == ALL_AREAS
    assert all(a.vi and a.en and a.cues for a in areas)


@pytest.mark.parametrize(
    ("title", "area"),
    [
        ("Công tác chỉ đạo, điều hành, thông tin tuyên truyền và kiểm tra cải cách hành chính",
         "chi-dao-dieu-hanh"),
        ("Cải cách thể chế", "the-che"),
        ("Cải cách thủ tục hành chính", "tthc"),
        ("Cải cách tổ chức bộ máy hành chính", "to-chuc-bo-may"),
        ("Cải cách chế độ công vụ", "cong-vu"),
        ("Cải cách tài chính công", "tai-chinh-cong"),
        ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "chinh-phu-so"),
        # OCR seed 002
        ("Cai cach to chirc b may hanh chinh", "to-chuc-bo-may"),
        ("Cai cach ché d9 cong vu", "cong-vu"),
        ("Cai cach tai chinh cng", "tai-chinh-cong"),
        ("Xay dung va phat trién Chinh quyén dién tir, Chinh quyén s6", "chinh-phu-so"),
        ("Mục đích", None),
    ],
)  # fmt: skip
def test_classify_area(title: str, area: str | None) -> None:
    assert classify_area(title) == area


# ----------------------------------------------------------------------------- spans


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_spans_point_at_the_original_words(seed: str) -> None:
    original, m = _load(seed)
    spans = [(t.start, t.end, t.text) for t in m.targets] + [
        (t.start, t.end, t.text) for t in m.tasks
    ]
    for start, end, text in spans:
        assert 0 <= start < end <= len(original)
        assert fold(text)[:12] in " ".join(fold(original[start:end]).split()), text
    for d in m.duties:
        assert fold(d.action)[:12] in " ".join(fold(original[d.start : d.end]).split())


@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_plans_cover_all_areas(seed: str) -> None:
    assert _load(seed)[1].areas_covered == ALL_AREAS


# ----------------------------------------------------------------------------- targets


def test_district_plan_targets_per_area() -> None:
    m = _load("001")[1]
    per_area = Counter(t.area for t in m.targets if not t.in_task)
    # by reading seed 001: 1, 2, 5, 1, 3 items (one with three figures → 5), 3, 4
    assert per_area == {
        "chi-dao-dieu-hanh": 1, "the-che": 2, "tthc": 5, "to-chuc-bo-may": 1, "cong-vu": 6,
        "tai-chinh-cong": 3, "chinh-phu-so": 4,
    }  # fmt: skip
    assert all(t.section.endswith(".a") for t in m.targets if not t.in_task)


def test_province_plan_targets_per_area() -> None:
    m = _load("002")[1]
    per_area = Counter(t.area for t in m.targets if not t.in_task)
    # by reading seed 002 (OCR): 3, 3 (two in one bullet), 5, 3, 2, 5, 9
    assert per_area == {
        "chi-dao-dieu-hanh": 3, "the-che": 3, "tthc": 5, "to-chuc-bo-may": 3, "cong-vu": 2,
        "tai-chinh-cong": 5, "chinh-phu-so": 9,
    }  # fmt: skip


def test_on_time_target() -> None:
    t = _target(_load("001")[1], "tren 99% ty le ho so tthc")
    assert (t.area, t.section) == ("tthc", "II.3.a")
    assert t.quantity is not None
    assert (t.quantity.comparator, t.quantity.value, t.quantity.unit) == ("gt", 99.0, "%")
    assert t.subject == "hồ sơ TTHC giải quyết đúng hạn"


def test_reduction_target_in_ocr() -> None:
    t = _target(_load("002")[1], "giam 6,17%")
    assert (t.area, t.section) == ("to-chuc-bo-may", "II.4.a")
    assert t.quantity is not None
    assert (t.quantity.comparator, t.quantity.value, t.quantity.base_year) == (
        "reduce", 6.17, 2021,
    )  # fmt: skip


def test_rank_target_in_ocr() -> None:
    t = _target(_load("002")[1], "par index")
    assert (t.area, t.section, t.subject) == ("chi-dao-dieu-hanh", "II.1.a", "Chỉ số PAR INDEX")
    assert t.quantity is not None
    assert (t.quantity.comparator, t.quantity.value, t.quantity.unit) == ("rank_top", 35.0, "tỉnh")


def test_one_more_unit_target() -> None:
    t = _target(_load("002")[1], "01 don vi su nghi")
    assert (t.area, t.section) == ("tai-chinh-cong", "II.6.a")
    assert t.quantity is not None
    assert (t.quantity.comparator, t.quantity.value, t.quantity.unit) == (
        "increase", 1.0, "đơn vị",
    )  # fmt: skip


def test_minimum_targets() -> None:
    t = _target(_load("001")[1], "cat giam toi thieu 30% thoi gian")
    assert t.quantity is not None and t.quantity.comparator == "ge"
    assert t.subject == "cắt giảm thời gian thực hiện"
    qs = _target(_load("001")[1], "don gian hoa toi thieu 20%").quantities
    assert [(q.comparator, q.value) for q in qs] == [("ge", 20.0), ("ge", 20.0)]


def test_clauses_with_figures_are_separate_targets() -> None:
    m = _load("001")[1]
    texts = [fold(t.text) for t in m.targets if t.section == "II.5.a"]
    assert any(x.startswith("95% can bo, cong chuc") for x in texts)
    assert any(x.startswith("60% vien chuc") for x in texts)
    assert any(x.startswith("80% can bo, cong chuc cap xa") for x in texts)


def test_target_inside_a_task() -> None:
    """Seed 000 has no "Chỉ tiêu" blocks; its one figure sits in a task of II.2."""
    m = _load("000")[1]
    assert [(t.area, t.section, t.in_task) for t in m.targets] == [("the-che", "II.2", True)]
    assert fold(m.targets[0].text).startswith("100% cac van de phat hien")


def test_no_targets_in_a_propaganda_plan() -> None:
    m = _load("004")[1]
    assert m.targets == ()  # its "ít nhất 01 tin, bài" figures are duties of section III


# ----------------------------------------------------------------------------- tasks


def test_tasks_per_area_000() -> None:
    m = _load("000")[1]
    # by reading: dash bullets of II.1 … II.7
    assert Counter(t.area for t in m.tasks) == {
        "chi-dao-dieu-hanh": 5, "the-che": 7, "tthc": 7, "to-chuc-bo-may": 3, "cong-vu": 6,
        "tai-chinh-cong": 3, "chinh-phu-so": 6,
    }  # fmt: skip
    footnoted = next(t for t in m.tasks if "chính sách khuyến khích đào tạo" in t.text)
    assert "Nghị quyết số 15/2022" not in footnoted.text  # the footnote is cut out
    assert "kế hoạch đào tạo, bồi dưỡng cán bộ" in footnoted.text


def test_tasks_in_b_blocks() -> None:
    for seed in ("001", "002"):
        m = _load(seed)[1]
        assert len(m.tasks) >= 30
        assert all(t.section.endswith(".b") for t in m.tasks), seed


def test_propaganda_plan_tasks_classified_by_text() -> None:
    m = _load("004")[1]
    content = [t for t in m.tasks if t.section == "II.1"]
    assert len(content) == 9
    assert {t.area for t in content} >= {"the-che", "tthc", "to-chuc-bo-may", "cong-vu",
                                         "tai-chinh-cong", "chinh-phu-so"}  # fmt: skip


# ----------------------------------------------------------------------------- duties


def test_duty_to_issue_plan_000() -> None:
    m = _load("000")[1]
    duty = next(d for d in m.duties if "UBND các huyện, thành phố" in d.units and d.requires_plan)
    assert duty.units == ("Các sở, ban, ngành", "UBND các huyện, thành phố")
    assert duty.section == "III.4"
    assert duty.deadline is None  # seed 000 sets no deadline
    assert fold(duty.action).startswith("xay dung ke hoach thuc hien cong tac cchc nam 2023")


def test_duty_with_deadline_and_all_areas_002() -> None:
    m = _load("002")[1]
    duty = next(d for d in m.duties if d.requires_plan)
    assert duty.units == ("Các sở, ban, ngành", "UBND các huyện, thành phố")
    assert duty.section == "III.1"  # found although OCR spelt the heading "I11."
    # "Thoi diém ban hanh Ké hoach cham nhat ngay 15/01/2024"
    assert duty.deadline == date(2024, 1, 15)
    assert duty.requires_all_areas  # "bao gom day du 06 linh vuc CCHC"


def test_duties_per_unit() -> None:
    m = _load("000")[1]
    assert Counter(d.units[0] for d in m.duties if d.section != "III") == {
        "Các thành viên Ban Chỉ đạo CCHC": 1, "Sở Nội vụ": 2, "Sở Tài chính": 1,
        "Các sở, ban, ngành": 2, "Đài Phát thanh và Truyền hình tỉnh": 2,
    }  # fmt: skip
    closing = [d for d in m.duties if d.section == "III"]
    assert [d.units for d in closing] == [
        ("Thủ trưởng các cơ quan, đơn vị", "Chủ tịch UBND các huyện, thành phố")
    ]
    m1 = _load("001")[1]
    plan = [d for d in m1.duties if d.requires_plan]
    assert [d.units for d in plan] == [
        ("Các cơ quan chuyên môn UBND huyện", "Các đơn vị sự nghiệp công lập",
         "UBND các xã, thị trấn")
    ]  # fmt: skip
    m4 = _load("004")[1]
    units4 = {d.units for d in m4.duties}
    assert {
        ("Phòng Nội vụ",),
        ("Phòng Tư pháp",),
        ("Các cơ quan, đơn vị", "UBND các phường, xã"),
    } <= (units4)


# ----------------------------------------------------------------------------- compare


def test_province_to_district_2024() -> None:
    parent, child = _load("002")[1], _load("001")[1]
    result = compare_targets(parent.targets, child.targets)
    assert len(result) == len(parent.targets)
    status = Counter(r.status for r in result)
    assert status["carried"] >= 14
    assert status["dropped"] >= 8
    by_text = {fold(r.parent.text)[:25]: r for r in result}
    on_time = next(r for k, r in by_text.items() if k.startswith("tren 99%"))
    assert on_time.status == "carried" and on_time.child is not None
    sipas = next(r for r in result if "SIPAS" in r.parent.text)
    assert sipas.status == "dropped"  # a district has no SIPAS rank
    par = next(r for r in result if "PAR INDEX" in r.parent.text)
    assert par.status == "carried" and par.note  # ranks among provinces vs districts
    reduce = next(
        r for r in result if r.parent.quantity and r.parent.quantity.comparator == "reduce"
    )
    assert reduce.status == "dropped"
    online = next(r for r in result if fold(r.parent.text).startswith("95% ho so cong vi"))
    assert online.status == "carried"  # 85% huyện and 60% xã, compared level by level
    assert online.note and "huyen" in online.note


def test_province_2023_to_district_2024() -> None:
    parent, child = _load("000")[1], _load("001")[1]
    result = compare_targets(parent.targets, child.targets)
    assert [r.status for r in result] == ["carried"]
    assert result[0].child is not None and result[0].child.area == "the-che"


def _t(text: str, area: str = "tthc") -> Target:
    from parsers.mandates import subject_of

    found = find_quantities(text)
    return Target(
        text=text, quantity=found[0][2] if found else None, area=area, section="II.3.a",
        start=0, end=len(text), subject=subject_of(text),
        quantities=tuple(q for _s, _e, q in found),
    )  # fmt: skip


def test_hand_made_weakened_strengthened_dropped() -> None:
    parent = [
        _t("Trên 99% hồ sơ TTHC được giải quyết đúng hạn và trước hạn."),
        _t("Rà soát, cắt giảm tối thiểu 30% thời gian thực hiện đối với các TTHC."),
        _t("100% văn bản quy phạm pháp luật được ban hành đúng trình tự, thủ tục.", "the-che"),
        _t("Tiếp tục giảm số lượng người làm việc, giảm 6,17% so với năm 2021.",
           "to-chuc-bo-may"),
    ]  # fmt: skip
    child = [
        _t("95% hồ sơ TTHC được giải quyết đúng hạn."),
        _t("Rà soát, cắt giảm tối thiểu 40% thời gian thực hiện đối với các TTHC."),
        _t("Văn bản quy phạm pháp luật được ban hành đúng trình tự, thủ tục.", "the-che"),
    ]
    result = compare_targets(parent, child)
    assert [r.status for r in result] == ["weakened", "strengthened", "weakened", "dropped"]
    assert result[0].child is child[0]
    assert result[2].note == "the child states no figure"


def test_same_figure_weaker_comparator() -> None:
    parent = [_t("Trên 99% hồ sơ TTHC được giải quyết đúng hạn.")]
    assert compare_targets(parent, [_t("99% hồ sơ TTHC được giải quyết đúng hạn.")])[0].status == (
        "weakened"
    )
    assert compare_targets(parent, parent)[0].status == "carried"


def test_areas_must_agree() -> None:
    parent = [_t("Trên 99% hồ sơ TTHC được giải quyết đúng hạn.", "tthc")]
    child = [_t("Trên 99% hồ sơ TTHC được giải quyết đúng hạn.", "cong-vu")]
    assert compare_targets(parent, child)[0].status == "dropped"


def test_tasks_per_area_002_ocr() -> None:
    """OCR footnotes the segmenter took for headings ("5 Ké hoach s6 226/KH-UBND …")
    neither end a block nor swallow the bullet that follows them."""
    m = _load("002")[1]
    assert Counter(t.area for t in m.tasks) == {
        "chi-dao-dieu-hanh": 4, "the-che": 5, "tthc": 7, "to-chuc-bo-may": 4, "cong-vu": 6,
        "tai-chinh-cong": 6, "chinh-phu-so": 5,
    }  # fmt: skip
