"""The vocabulary is data: data/vocab/*.yaml read once by parsers.vocab; one truth per fact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import parsers.find as find_mod
from graph.build import doc_types
from graph.checks.citations import CANNOT_CHANGE
from graph.resolve import _PRECEDENCE, is_local
from parsers.find import find_citations
from parsers.models import Relation, format_key, split_key
from parsers.normalize import normalize, title_key
from parsers.vocab import (
    VOCAB_DIR,
    cannot_change_types,
    load_vocabulary,
    local_levels,
    unit_kinds,
)

NEW_CODE = "  - {code: BTN, name: Bộ Thử nghiệm, level: central}\n"
SENTENCE = "Căn cứ Thông tư số 12/2024/TT-BTN ngày 05/3/2024 hướng dẫn thử nghiệm;"


def _vocab_with(tmp_path: Path, line: str) -> Path:
    folder = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, folder)
    issuers = folder / "issuers.yaml"
    text = issuers.read_text(encoding="utf-8")
    issuers.write_text(text.replace("codes:\n", "codes:\n" + line, 1), encoding="utf-8")
    return folder


def test_a_new_ministry_code_is_one_line_of_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_vocabulary().issuer_code("btn") is None
    before = find_citations(normalize(SENTENCE)).citations
    assert [c.key for c in before] == ["12/2024/TT-BTN"]
    assert before[0].issuer != "Bộ Thử nghiệm"

    vocab = load_vocabulary(_vocab_with(tmp_path, NEW_CODE))
    code = vocab.issuer_code("btn")
    assert code is not None
    assert (code.code, code.name, code.level) == ("BTN", "Bộ Thử nghiệm", "central")
    monkeypatch.setattr(find_mod, "load_vocabulary", lambda: vocab)
    after = find_citations(normalize(SENTENCE)).citations
    assert [(c.key, c.issuer, c.doc_type) for c in after] == [
        ("12/2024/TT-BTN", "Bộ Thử nghiệm", "TT")
    ]


def test_bct_means_bo_cong_thuong() -> None:
    code = load_vocabulary().issuer_code("bct")
    assert code is not None
    assert (code.name, code.level) == ("Bộ Công Thương", "central")
    cits = find_citations(normalize("Căn cứ Thông tư số 42/2019/TT-BCT của Bộ Công Thương;"))
    assert [(c.key, c.issuer) for c in cits.citations] == [("42/2019/TT-BCT", "Bộ Công Thương")]


def test_cannot_change_types_are_data() -> None:
    assert cannot_change_types() == frozenset({"BC", "TTr", "TB", "CV", "BB"})
    assert cannot_change_types() == CANNOT_CHANGE  # the checks read the one definition


def test_local_levels_are_data() -> None:
    assert local_levels() == frozenset(
        {"context", "party-province", "party-district", "province", "district", "commune"}
    )
    assert is_local("UBND") and is_local("TU")
    assert not is_local("CP") and not is_local("BCT")


def test_named_types_and_their_issuers() -> None:
    v = load_vocabulary()
    assert v.named_types == frozenset({"LUAT", "BLUAT", "PL", "HP"})
    issuers = {c: v.type_by_code[c].issuer for c in sorted(v.named_types)}
    assert issuers == {"BLUAT": "Quốc hội", "HP": "Quốc hội", "LUAT": "Quốc hội", "PL": None}


def test_type_spellings_are_data() -> None:
    spellings = load_vocabulary().type_spellings
    assert {"nghị quyết", "kế hoạch", "ủy ban", "uỷ ban"} <= spellings
    assert "nghi quyet" not in spellings  # an unaccented spelling is an OCR repair


def test_graph_doc_types_come_from_the_one_loader() -> None:
    table = doc_types()
    v = load_vocabulary()
    assert list(table) == [t.code for t in v.doc_types]
    assert (table["NĐ"].slug, table["NĐ"].vi, table["NĐ"].en) == ("nd", "Nghị định", "Decree")


KEYS = [
    ("76/NQ-CP", ("76", None, "NQ-CP")),
    ("45/2020/NĐ-CP", ("45", 2020, "NĐ-CP")),
    ("60-NQ/TU", ("60", None, "NQ/TU")),
    ("04/KH-UBND", ("04", None, "KH-UBND")),
    ("18-NQ/TW", ("18", None, "NQ/TW")),
    ("6459/BNV-CCHC", ("6459", None, "BNV-CCHC")),
]


@pytest.mark.parametrize(("key", "parts"), KEYS)
def test_format_and_split_key_are_inverse(key: str, parts: tuple[str, int | None, str]) -> None:
    assert split_key(key) == parts
    number, year, symbol = parts
    assert format_key(number, symbol, year) == key


def test_format_key_needs_number_and_symbol() -> None:
    assert format_key(None, "KH-UBND") is None
    assert format_key("04", None) is None
    with pytest.raises(ValueError, match="not a citation key"):
        split_key("Kế hoạch cải cách hành chính")


TITLES = [
    "Về việc ban hành Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030",
    "về đẩy mạnh cải cách hành chính Nhà nước trên địa bàn tỉnh Lạng Sơn",
    "ban hanh Chuong trinh tong thé cai cach hanh chinh",
    "Cải cách hành chính tỉnh Lạng Sơn năm 2023",
    "",
]


def test_title_key_is_the_one_the_checks_and_resolve_use() -> None:
    from graph import resolve
    from graph.checks import knowledge, mandates

    assert knowledge.title_key is title_key
    assert mandates.title_key is title_key
    assert resolve.title_key is title_key
    assert title_key(None) == ""


def test_title_key_folds_and_spells_out() -> None:
    assert title_key("Về việc CCHC năm 2024!") == "cai cach hanh chinh nam 2024"


def test_relation_precedence_is_the_enum_order() -> None:
    assert list(Relation) == _PRECEDENCE
    assert _PRECEDENCE[0] is Relation.IMPLEMENTS and _PRECEDENCE[-1] is Relation.CITES


def test_unit_kinds_are_data() -> None:
    kinds = unit_kinds()
    assert kinds["huyen"] == "huyện" and kinds["thanh pho"] == "thành phố"
    assert len(kinds) == 9
