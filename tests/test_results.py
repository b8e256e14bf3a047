"""extract_results on real report sentences: seed 003 (the 2021 9-month report) and the
2024 report fixture (tests/data/reports), with and without diacritics."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from parsers.normalize import fold, normalize
from parsers.results import ReportedResult, extract_results, find_periods
from parsers.segment import segment
from tests.conftest import seed

REPORT_2024 = Path(__file__).resolve().parent / "data" / "reports" / "bc_2024_lang_son_cchc.txt"

# Every reported figure with a number in sections I-II of seed 003, counted by hand (body
# and footnotes; not dates, document numbers, years, periods such as "9 tháng" or "05 năm",
# durations such as "thời hạn 03 năm", nor ordinals of names such as "Phòng Công chứng số 1",
# "đợt 1", "mức độ 4", "ISO 9001:2015", "covid-19", "Huy hiệu 50 năm tuổi đảng").
# I.1: 3, I.3 (with footnote 3): 6, II.1: 7, II.2: 40, II.3 (with footnote 9): 14,
# II.4 (with footnote 14): 24, II.5: 4, II.6 (with footnotes 23, 24): 16 — 114 in all.
SEED_003_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I.1", ("100%", "18/18 nhiệm vụ", "14 nhiệm vụ")),
    ("I.3", ("tối thiểu 30%", "06/10 cơ quan", "đạt tỷ lệ 60%", "36 chuyên đề", "32/35",
             "đạt tỷ lệ 91,43%")),
    ("II.1", ("36 văn bản", "15 Nghị quyết", "21 Quyết định", "60 văn bản", "96 dự thảo",
              "49 dự thảo", "11 văn bản")),
    ("II.2", ("59/59 TTHC", "47 TTHC", "10 TTHC", "02 TTHC", "vượt kế hoạch 04 TTHC",
              "cắt giảm 599/1.542 ngày", "đạt 38,83%", "71 TTHC", "49 TTHC", "13 TTHC", "09 TTHC",
              "642 TTHC", "365 TTHC", "183 TTHC", "94 TTHC", "958 TTHC", "791 TTHC", "115 TTHC",
              "52 TTHC", "1.771 TTHC", "1.423 TTHC", "247 TTHC", "101 TTHC", "79.918 hồ sơ",
              "78.751 hồ sơ", "78.742 hồ sơ", "đạt 99,99%", "09 hồ sơ", "1.167 hồ sơ",
              "36.858 hồ sơ", "36.545 hồ sơ", "36.470 hồ sơ", "đạt 99,80%", "75 hồ sơ",
              "chiếm tỷ lệ 0,20%", "313 hồ sơ", "307.596 hồ sơ", "307.373 hồ sơ", "223 hồ sơ",
              "09 phản ánh")),
    ("II.3", ("đạt 99,99%", "100%", "100%", "2,9%", "03/104 phòng", "02 phòng", "2.066",
              "giảm 332 biên chế so với năm 2015", "tỷ lệ giảm 13,84%", "21.892 người",
              "giảm 2.422 người so với năm 2015", "tỷ lệ giảm 10%", "369 trường hợp",
              "06 biên chế")),
    ("II.4", ("43 thí sinh/58 chỉ tiêu", "55 trường hợp", "02 viên chức", "467 chỉ tiêu",
              "02 công chức", "400 kế toán", "62 viên chức", "1.769 trường hợp", "31 người",
              "24 người", "25.449 lượt", "10 công chức", "03 cán bộ", "82 người", "23.090 người",
              "1.110 người", "11.898 người", "6.194 người", "3.729 người", "3.954 người",
              "3.915 người", "tỷ lệ 99,01%", "39 người", "chiếm tỷ lệ 0,99%")),
    ("II.5", ("42.808 triệu đồng", "8.750 triệu đồng", "34.058 triệu đồng", "100%")),
    ("II.6", ("100%", "17.467 tài khoản", "trên 65%", "213 điểm cầu", "1.685 TTHC", "100%",
              "100%", "2.312 chữ ký", "734 chữ ký", "1.578 chữ ký", "200 điểm cầu",
              "11 điểm cầu", "02 điểm cầu", "17 sở", "11 huyện", "200 xã")),
)  # fmt: skip
SEED_003_COUNT = 114


@cache
def _results(path: Path, folded: bool = False) -> tuple[str, tuple[ReportedResult, ...]]:
    original = path.read_text(encoding="utf-8")
    if folded:  # OCR text that lost its diacritics, capitals kept (seed 002 style)
        original = _strip_marks(original)
    norm = normalize(original)
    return original, extract_results(norm, segment(norm))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.replace("đ", "d").replace("Đ", "D")


def _part(section: str | None) -> str:
    parts = (section or "").split(".")
    return ".".join(parts[:2])


def test_hand_count_is_114() -> None:
    assert sum(len(figs) for _s, figs in SEED_003_FIGURES) == SEED_003_COUNT


@pytest.mark.parametrize(("section", "figures"), SEED_003_FIGURES)
def test_seed_003_every_figure_of_sections_i_ii(section: str, figures: tuple[str, ...]) -> None:
    _original, results = _results(seed("003"))
    found = [r.figure.text for r in results if _part(r.section) == section]
    assert found == list(figures)


def test_seed_003_nothing_else_in_sections_i_ii() -> None:
    _original, results = _results(seed("003"))
    in_i_ii = [r for r in results if (r.section or "").split(".")[0] in ("I", "II")]
    assert len(in_i_ii) == SEED_003_COUNT
    # the forward-looking part IV and the proposals of part V state no results
    assert not [r for r in results if (r.section or "").split(".")[0] in ("IV", "V")]


def test_spans_point_into_the_original_text() -> None:
    original, results = _results(seed("003"))
    for r in results:
        assert " ".join(original[r.figure.start : r.figure.end].replace("*", "").split()) == (
            r.figure.text
        )
        assert r.start <= r.figure.start and r.figure.end <= r.end
        assert " ".join(original[r.start : r.end].split()) == r.text


def _one(results: tuple[ReportedResult, ...], original: str, figure: str) -> ReportedResult:
    hits = [r for r in results if r.figure.text == figure]
    assert hits, f"no result {figure!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("figure", "kind", "value", "total", "unit", "comparator", "base_year", "percent"),
    [
        ("18/18 nhiệm vụ", "ratio", 18, 18, "nhiệm vụ", None, None, 100.0),
        ("đạt 99,99%", "percent", 99.99, None, "%", "eq", None, 99.99),
        ("06/10 cơ quan", "ratio", 6, 10, "cơ quan", None, None, 60.0),
        ("giảm 332 biên chế so với năm 2015", "change", 332, None, "biên chế", "reduce", 2015,
         None),
        ("42.808 triệu đồng", "amount", 42808, None, "triệu đồng", None, None, None),
        ("trên 65%", "percent", 65, None, "%", "gt", None, 65.0),
        ("43 thí sinh/58 chỉ tiêu", "ratio", 43, 58, "thí sinh", None, None, 74.14),
    ],
)  # fmt: skip
def test_seed_003_figures_parsed(
    figure: str, kind: str, value: float, total: float | None, unit: str,
    comparator: str | None, base_year: int | None, percent: float | None,
) -> None:  # fmt: skip
    original, results = _results(seed("003"))
    f = _one(results, original, figure).figure
    assert (f.kind, f.value, f.total, f.unit, f.comparator, f.base_year, f.percent) == (
        kind, value, total, unit, comparator, base_year, percent,
    )  # fmt: skip


def test_seed_003_period_level_area() -> None:
    original, results = _results(seed("003"))
    r = _one(results, original, "79.918 hồ sơ")  # "- Cấp tỉnh: tiếp nhận 79.918 hồ sơ TTHC"
    assert (r.level, r.area, r.section) == ("tinh", "tthc", "II.2.-1")
    assert r.period is not None and (r.period.months, r.period.year) == (9, 2021)
    assert r.period.partial
    assert _one(results, original, "791 TTHC").level == "tinh"  # "791 TTHC cấp tỉnh"
    assert _one(results, original, "10 TTHC").level == "huyen"  # "cấp huyện 10 TTHC"
    assert _one(results, original, "36 văn bản").area == "the-che"
    assert _one(results, original, "17.467 tài khoản").area == "chinh-phu-so"
    assert _one(results, original, "36 chuyên đề").in_footnote
    assert "đúng hạn" in (_one(results, original, "100%").subject or "")


@pytest.mark.parametrize("folded", [False, True])
def test_report_2024_figures(folded: bool) -> None:
    _original, results = _results(REPORT_2024, folded)
    figures = [fold(r.figure.text) for r in results]
    assert figures == [
        "25/25 nhiem vu", "xep thu 28/63 tinh", "xep thu 22/63 tinh", "12/35 co quan",
        "dat ty le 34,3%", "45 van ban", "100%", "45/45 van ban", "cat giam 32,5%", "120 tthc",
        "03 ngay", "dat 98,6%", "99,1%", "97,8%", "98,2%", "giam 6,5% so voi nam 2021",
        "co them 02 don vi", "dat 92,4%", "dat 34%",
    ]  # fmt: skip
    by = {fold(r.figure.text): r for r in results}
    rank = by["xep thu 22/63 tinh"]
    assert (rank.figure.kind, rank.figure.value, rank.figure.total) == ("rank", 22, 63)
    assert rank.period is not None and rank.period.year == 2024
    assert by["xep thu 28/63 tinh"].period.year == 2023  # type: ignore[union-attr]
    assert by["giam 6,5% so voi nam 2021"].figure.base_year == 2021
    assert by["dat 98,6%"].area == "tthc" and by["dat 98,6%"].level is None
    assert by["99,1%"].level == "tinh"
    # nothing from part III (PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025): "trên 99%" is a plan
    assert "tren 99%" not in figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo kết quả 9 tháng đầu năm 2021", [(9, 2021)]),
        ("trong 6 tháng cuối năm", [(6, None)]),
        ("quý III năm 2024", [(3, 2024)]),
        ("năm 2024", [(12, 2024)]),
        ("giảm so với năm 2015", []),
        ("giai đoạn 2021-2025 và định hướng đến năm 2030", []),
    ],
)
def test_periods(text: str, expected: list[tuple[int, int | None]]) -> None:
    assert [(p.months, p.year) for p in find_periods(normalize(text))] == expected
