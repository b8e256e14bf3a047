"""Diacritic restoration of OCR text (parsers.restore), issue 13 point 2.

The table rows are real OCR passages of seed 002 (the 2024 Lạng Sơn plan, read by
Tesseract without its diacritics) with the clean wording of the same passage in
seed 000 (the 2023 plan).
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize import fold
from parsers.restore import (
    Restored,
    TokenKind,
    apply_case,
    read_model,
    restore_diacritics,
    syllable_key,
    tokens,
)

ROOT = Path(__file__).resolve().parent.parent


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ev = _bench("eval_restore")
builder = _bench("build_diacritics_model")

# (OCR line of seed 002, the same passage in seed 000); the model alone, no context
MODEL_ROWS = [
    ("3. Cai cach thu tuc hanh chinh", "3. Cải cách thủ tục hành chính"),
    ("phat sinh trong qua trinh thuc hién.", "phát sinh trong quá trình thực hiện."),
    (
        "manh cai cach hanh chinh trén dia ban tinh giai doan",
        "mạnh cải cách hành chính trên địa bàn tỉnh giai đoạn",
    ),
    ("hiéu qua quan tri va hanh chinh", "hiệu quả quản trị và hành chính"),
    ("cong tac thong tin, tuyén truyén vé CCHC", "công tác thông tin, tuyên truyền về CCHC"),
    ("mot cua lién thong trong giai quyét TTHC", "một cửa liên thông trong giải quyết TTHC"),
    (
        "cat giam TTHC, cat giam thoi han giai quyét, thanh phan",
        "cắt giảm TTHC, cắt giảm thời hạn giải quyết, thành phần",
    ),
    ("hoa ho so, két qua giai quyét TTHC theo quy", "hóa hồ sơ, kết quả giải quyết TTHC theo quy"),
    (
        "hé thong chinh tri; ra soat, sap xép, tinh gon",
        "hệ thống chính trị; rà soát, sắp xếp, tinh gọn",
    ),
    ("thong tin va dich vu cong truc tuyén", "thông tin và dịch vụ công trực tuyến"),
    ("dam bao cong khai, minh bach;", "đảm bảo công khai, minh bạch;"),
    (
        "thi nham nang cao chat luong, hiéu qua trong tuyén chon thi sinh",
        "thi nhằm nâng cao chất lượng, hiệu quả trong tuyển chọn thí sinh",
    ),
    (
        "bién ché, nhiém vu chuyén mon duoc giao, dinh",
        "biên chế, nhiệm vụ chuyên môn được giao, định",
    ),
    ("Xay dung va phat trién Chinh quyén dién", "Xây dựng và phát triển Chính quyền điện"),
    # line breaks of the OCR stay where they were
    (
        "Chinh phu vé viéc\nban hanh Chuong trinh tong thé cai cach hanh chinh Nha",
        "Chính phủ về việc\nban hành Chương trình tổng thể cải cách hành chính Nhà",
    ),
    (
        "vat chat, trang thiét bi dé thuc hién tiép nhan, giai quyét TTHC trén\nmoi truong dién tu",
        "vật chất, trang thiết bị để thực hiện tiếp nhận, giải quyết TTHC trên\nmôi trường điện tử",
    ),
    # symbols, numbers and garbled letters ("K&", "sO", "s6")
    (
        "K& hoach sO 249/KH-UBND ngay 29/12/2021 cua UBND tinh",
        "Kế hoạch số 249/KH-UBND ngày 29/12/2021 của UBND tỉnh",
    ),
    ("Nghi quyét s6 76/NQ-CP cua Chinh phu", "Nghị quyết số 76/NQ-CP của Chính phủ"),
    ("Nghi quyét sé 60-NQ/TU, ngay 15/12/2021", "Nghị quyết số 60-NQ/TU, ngày 15/12/2021"),
    ("I. MUC PiCH, YEU CAU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("giam sO lugng nguoi lam viéc", "giảm số lượng người làm việc"),
]


@pytest.mark.parametrize(("ocr", "clean"), MODEL_ROWS)
def test_restores_real_ocr_lines(ocr: str, clean: str) -> None:
    result = restore_diacritics(ocr)
    assert result.text == clean
    assert result.changed
    assert result.original == ocr


# passages the model alone gets wrong and the clean 2023 plan (seed 000) gets right
CONTEXT_ROWS = [
    ("loai thuc hién nhiém vu va xac dinh chi", "loại thực hiện nhiệm vụ và xác định chỉ"),
]


@pytest.mark.parametrize(("ocr", "clean"), CONTEXT_ROWS)
def test_context_of_the_same_family_wins(ocr: str, clean: str) -> None:
    context = ev.seed("000")
    assert restore_diacritics(ocr).text != clean
    result = restore_diacritics(ocr, context=[context])
    assert result.text == clean
    assert any(t.kind is TokenKind.CONTEXT for t in result.tokens)


def test_tokens_map_back_to_the_original() -> None:
    ocr = "nang cao chat lugng cung ung dich vu hanh chinh céng"
    result = restore_diacritics(ocr)
    assert result.text == "nâng cao chất lượng cung ứng dịch vụ hành chính công"
    for t in result.tokens:
        assert ocr[t.start : t.end] == t.original
        assert result.text[t.restored_start : t.restored_end] == t.restored
        assert result.to_original(t.restored_start, t.restored_end) == (t.start, t.end)
        assert 0.0 < t.confidence <= 1.0
    assert result.to_original(0, len(result.text)) == (0, len(ocr))
    gap = result.text.index(" ", result.tokens[3].restored_start)  # the space after "lượng"
    assert result.to_original(gap, gap + 1) == (result.tokens[3].end, result.tokens[3].end + 1)
    by_word = {t.original: t for t in result.tokens}
    assert by_word["lugng"].repaired and by_word["lugng"].restored == "lượng"
    assert by_word["céng"].repaired and by_word["céng"].restored == "công"
    assert not by_word["chat"].repaired and by_word["chat"].kind is TokenKind.MODEL
    assert by_word["cung"].kind is TokenKind.KEPT and not by_word["cung"].changed
    assert result.changed_count == sum(1 for t in result.tokens if t.changed)


def test_restored_is_frozen() -> None:
    result = restore_diacritics("ban hanh")
    assert isinstance(result, Restored)
    with pytest.raises(AttributeError):
        result.text = "x"  # type: ignore[misc]


def test_nothing_to_restore() -> None:
    text = "04/KH-UBND, 2024; a) PAR INDEX - CCHC."
    result = restore_diacritics(text)
    assert result.text == text
    assert not result.changed and result.changed_count == 0
    assert all(t.kind is TokenKind.KEPT for t in result.tokens)


@pytest.mark.parametrize(
    ("pattern", "form", "expected"),
    [
        ("NHIEM", "nhiệm", "NHIỆM"),
        ("Nghi", "nghị", "Nghị"),
        ("sO", "số", "số"),
        ("PiCH", "đích", "ĐÍCH"),
    ],
)
def test_apply_case(pattern: str, form: str, expected: str) -> None:
    assert apply_case(pattern, form) == expected


# ----------------------------------------------------------------------------- properties

# folded syllables of the shipped model, and pieces that must come through unchanged
_SYLLABLES = sorted(
    {fold(w.group()) for w in tokens(ev.seed("000")) if syllable_key(w.group()) is not None}
)
_FIXED = ["76/NQ-CP", "04/KH-UBND", "2024", "15/7/2021", "60-NQ/TU", "(PAPI)", "35", "99,5%"]
_SEPS = [" ", " ", " ", ", ", "; ", "\n", " - ", ": "]

_piece = st.one_of(st.sampled_from(_SYLLABLES), st.sampled_from(_FIXED))
_text = st.lists(st.tuples(_piece, st.sampled_from(_SEPS), st.booleans()), min_size=1, max_size=25)


def _render(parts: list[tuple[str, str, bool]]) -> str:
    return "".join((p.capitalize() if cap and p.isalpha() else p) + sep for p, sep, cap in parts)


_NUMBER_OR_SYMBOL = regex.compile(r"[\p{N}/%()-]*\p{N}[\p{L}\p{N}/%()-]*|[\p{Lu}\p{N}/-]{2,}")


@settings(max_examples=60, deadline=None)
@given(_text)
def test_restoring_keeps_tokens_numbers_symbols_and_folded_text(
    parts: list[tuple[str, str, bool]],
) -> None:
    text = _render(parts)
    result = restore_diacritics(text)
    assert len(result.tokens) == len(list(tokens(text)))
    assert len(result.text.split()) == len(text.split())
    # every syllable of the input is a known one: no letter is repaired
    assert not any(t.repaired for t in result.tokens)
    assert fold(result.text) == fold(text)
    assert _NUMBER_OR_SYMBOL.findall(result.text) == _NUMBER_OR_SYMBOL.findall(text)
    # the same text outside the tokens
    gaps = regex.sub(r"\p{L}[\p{L}\p{M}\p{N}]*", "", text)
    assert regex.sub(r"\p{L}[\p{L}\p{M}\p{N}]*", "", result.text) == gaps


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("aăâeêioôơuưyđdAĐ éò6&€/-.,0123 \nNQCPlugn"), max_size=60))
def test_any_text_keeps_its_gaps_and_unrepaired_tokens(text: str) -> None:
    result = restore_diacritics(text)
    assert len(result.tokens) == len(list(tokens(text)))
    pos = 0
    rpos = 0
    for t in result.tokens:
        assert result.text[rpos : t.restored_start] == text[pos : t.start]
        pos, rpos = t.end, t.restored_end
        if not t.repaired:
            assert fold(t.restored) == fold(t.original)
    assert result.text[rpos:] == text[pos:]


# ----------------------------------------------------------------------------- measurement


def test_syllable_accuracy_on_seed_002_stays_above_090() -> None:
    ocr, clean = ev.seed("002"), ev.seed("000")
    same, _ = ev.gold_pairs(ocr, clean)
    assert len(same) > 1500  # the two plans share most of their wording
    words = [m.group() for m in tokens(restore_diacritics(ocr).text)]
    assert ev.score(words, same).accuracy >= 0.9  # the model alone, no context
    with_context = [m.group() for m in tokens(restore_diacritics(ocr, context=[clean]).text)]
    assert ev.score(with_context, same).accuracy >= ev.score(words, same).accuracy
    as_is = [m.group() for m in tokens(ocr)]
    assert ev.score(as_is, same).accuracy < 0.2


def test_builder_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "clean.txt"
    src.write_text("Kế hoạch cải cách hành chính. Kế hoạch cải cách hành chính.\n" * 3)
    uni, bi = builder.count([src])
    assert uni["hoạch"] == 6 and bi["kế hoạch"] == 6 and bi["<s> kế"] == 6
    out = tmp_path / "m.tsv.gz"
    builder.write(out, uni, bi)
    model = read_model(out)
    assert model.forms["hanh"] == ("hành",)
    assert model.unigram == dict(uni)


def test_builder_names_a_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert builder.main(["--gazette", str(tmp_path / "absent"), "--out", str(tmp_path / "m")]) == 2
    assert "absent" in capsys.readouterr().err


def test_model_counts_are_real() -> None:
    from parsers.restore import _model

    m = _model()
    assert m.forms["nghi"][0] == "nghị"
    assert m.unigram["của"] > 10_000
    assert Counter(len(f) for f in m.forms).most_common(1)[0][0] >= 3
