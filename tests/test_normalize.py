"""Normalisation: real cases, invariants for any input, idempotence, linear time."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import best_of
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize import fold, normalize

DATA = Path(__file__).parent / "data" / "gazette_samples"
SHARED = Path(__file__).parents[1].parent / "shared"

CASES = [
    # (input, expected normalised text)
    ("Luật số 13⁄2012/QH13", "Luật số 13/2012/QH13"),
    ("Nghị định số 45/2020/\nCÔNG BÁO/Số 271/Ngày 12-05-2026\nNĐ-CP", "Nghị định số 45/2020/NĐ-CP"),
    ("số 45/2020/ \n\n \n7 \nCÔNG BÁO/Số 11 + 12/Ngày 10-01-2023 \n \nNĐ-CP", "số 45/2020/NĐ-CP"),
    (
        "thực hiện theo quy \n\n \nCÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024 \n9 \n \nđịnh",
        "thực hiện theo quy \nđịnh",
    ),
    ("Nghị quyết số 19- NQ/TW", "Nghị quyết số 19-NQ/TW"),
    ("Nghị quyết số 19-\nNQ/TW", "Nghị quyết số 19-NQ/TW"),
    ("số 40/2026/NĐ-\nСР;", "số 40/2026/NĐ-CP;"),  # Cyrillic С, Р
    ("Nghị quyết 76/NQ-СP", "Nghị quyết 76/NQ-CP"),
    ("ＮＱ số ７６", "NQ số 76"),
    ("QUYẾT Ð ỊNH", "QUYẾT Đ ỊNH"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("x\u200by\u00adz", "xyz"),
    ("Hoa\u0300", "Hoà"),
    # what must not change
    ("kinh tế - xã hội", "kinh tế - xã hội"),
    ("giai đoạn 2021 -\n2030", "giai đoạn 2021 -\n2030"),
    ("năm 2021-\nDo đó", "năm 2021-\nDo đó"),
    ("CCCP Россия", "CCCP Россия"),  # Cyrillic outside a Latin symbol stays
    ("I.\nNHIỆM VỤ", "I.\nNHIỆM VỤ"),
    ("Cơ quan: Sở Nội vụ\n", "Cơ quan: Sở Nội vụ\n"),
]


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_real_cases(original: str, expected: str) -> None:
    norm = normalize(original)
    assert norm.text == expected
    _check_invariants(original)


def test_signature_stamp_and_header_removed() -> None:
    text = (
        "cao chất lượng phục vụ Nhân dân. \n"
        "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
        "Ngày ký: 2026-06-02 08:06:58 +07:00\n\n"
        "CÔNG BÁO/Số 302/Ngày 02-06-2026 \n71\n \nĐiều 2. Đối tượng"
    )
    assert normalize(text).text == "cao chất lượng phục vụ Nhân dân. \nĐiều 2. Đối tượng"


def test_offsets_point_back_to_the_original() -> None:
    original = "Nghị định số 45/2020/\nCÔNG BÁO/Số 271/Ngày 12-05-2026\nNĐ-CP ngày"
    norm = normalize(original)
    i = norm.text.index("NĐ-CP")
    s, e = norm.to_original(i, i + len("NĐ-CP"))
    assert original[s:e] == "NĐ-CP"
    i = norm.text.index("45/2020/NĐ-CP")
    s, e = norm.to_original(i, i + len("45/2020/NĐ-CP"))
    assert original[s:e].startswith("45/2020/") and original[s:e].endswith("NĐ-CP")


def test_fold_same_length() -> None:
    assert fold("Nghị ĐỊNH số") == "nghi dinh so"
    assert len(fold("Ǆǅǆ ﬁ İ")) == len("Ǆǅǆ ﬁ İ")


def test_gazette_sample_has_no_page_header() -> None:
    for path in DATA.glob("*.txt"):
        norm = normalize(path.read_text(encoding="utf-8"))
        assert "cong bao/so" not in norm.folded
        assert "СР" not in norm.text  # Cyrillic
        assert normalize(norm.text).text == norm.text


@pytest.mark.corpus
def test_gazette_corpus_headers_removed() -> None:
    gazette = SHARED / "corpus" / "gazette"
    if not gazette.is_dir():
        pytest.skip(f"shared corpus absent: {gazette}")
    files = sorted(gazette.glob("*.txt"))[:30]
    for path in files:
        original = path.read_text(encoding="utf-8", errors="replace")
        norm = normalize(original)
        assert "cong bao/so" not in norm.folded, path.name
        assert normalize(norm.text).text == norm.text, path.name


# ----------------------------------------------------------------------------- properties


def _check_invariants(original: str) -> None:
    norm = normalize(original)
    assert norm.original == original
    assert len(norm.folded) == len(norm.text)
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(original)
    assert all(0 <= o <= len(original) for o in norm.offsets)
    assert all(a <= b for a, b in zip(norm.offsets, norm.offsets[1:], strict=False))
    assert all(o < len(original) for o in norm.offsets[:-1])
    assert normalize(norm.text).text == norm.text


# text shaped like our inputs: symbols, line breaks, headers, look-alikes, marks
_PIECES = st.sampled_from(
    [
        "45", "/", "-", " ", "\n", "2020", "NĐ", "CP", "NQ", "TW", "С", "Р", "Ð", "⁄", "\r",
        "\u0301", "\u0300", "\u200b", "CÔNG BÁO/Số 271/Ngày 12-05-2026", "7", "Ký bởi: X",
        "Ngày ký: 2026", "Cơ quan: Văn phòng Chính phủ", "ngày", "Điều 1.", "a)", "１",
        "\u00a0", "\t", "\u2028", "ệ", "e", "Ω", "\u212b", "\u1100", "\u1161",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_invariants_any_text(original: str) -> None:
    _check_invariants(original)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_invariants_shaped_text(original: str) -> None:
    _check_invariants(original)


@pytest.mark.parametrize(
    "adversarial",
    [
        "1/" * 400_000,
        "A-" * 400_000,
        " 19- " * 150_000,
        "\u0301" * 300_000,
        "a\u0301" * 300_000,
        "CÔNG BÁO/Số 11/Ngày 10-01-2023\n" * 30_000,
        "\n \n7\n" * 200_000,
        "NQ-С" * 200_000,
        "Ký bởi: x\nEmail: a@b\n" * 50_000,
        "1/\n" * 300_000,
    ],
    ids=[
        "slashes",
        "dashes",
        "party",
        "marks",
        "composed",
        "headers",
        "blank",
        "cyrillic",
        "stamps",
        "breaks",
    ],
)
def test_linear_time_on_adversarial_input(adversarial: str) -> None:
    elapsed, norm = best_of(lambda: normalize(adversarial))
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(adversarial)
    assert elapsed < 5.0, f"{elapsed:.1f} s on {len(adversarial)} characters"
