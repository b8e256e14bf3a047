"""parsers.prefilter: the literal prefilters find exactly what a full ``finditer`` finds.

The finder tries its cue, law-word, named-document and type-word patterns only where one of
the prefilter's keys stands (word chains such as "thuc hien", with every kind of white space
between the words); these tests compare the two on real texts (the seeds and the gold
sample) and on the same texts with the spaces replaced by other white space.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import parsers.prefilter as pf
import parsers.scan as scan
from parsers.codepoints import WHITESPACE
from parsers.find import find_citations
from parsers.normalize import normalize
from parsers.prefilter import Literals, _matches_at, chain_keys, prefilters
from parsers.regexes import compiled
from parsers.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "data" / "examples").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "gold" / "corpus_sample").glob("*.txt")
)

# sentences of the seeds with the gaps the keys must cover: a tab, a line break, no-break
# and em spaces, two and four spaces
SENTENCES = [
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
    "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh về việc triển khai thực hiện;",
    "sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP; bãi bỏ Quyết định số 5",
    "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản quy phạm pháp"
    " luật; Bộ luật Lao động; Hiến pháp năm 2013; Pháp lệnh số 02",
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030; Luật Tổ chức "
    "Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003; đính chính; cụ thể hóa; sơ kết",
    "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1494/TTr-SNV; theo đề nghị; thay thế",
]
GAPS = [" ", "\t", "\n", "\u00a0", "\u2003", "  ", " \n", "\n ", "    ", "\u3000\u3000"]


def _folded_texts() -> list[str]:
    texts = [normalize(p.read_text(encoding="utf-8")).folded for p in TEXTS]
    for gap in GAPS:
        texts.extend(
            normalize(s).folded.replace(" ", gap) for s in SENTENCES
        )  # after folding: normalize would turn the gaps back into spaces
    return texts


FOLDED = _folded_texts()


def test_whitespace_is_what_regex_calls_white_space() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert set(regex.findall(r"\s", every)) == set(WHITESPACE)


def test_chain_keys_cover_every_gap() -> None:
    keys = chain_keys([("thuc", "hien")])
    assert keys is not None
    assert "thuc hien" in keys and "thuc\t" in keys and "thuc \n" in keys
    assert chain_keys([("thuc", "")]) is None


@pytest.mark.parametrize("name", ["cue", "law_word", "named_document", "type_word"])
def test_prefilter_finds_what_finditer_finds(name: str) -> None:
    vocab = load_vocabulary()
    pattern = getattr(compiled(vocab), name)
    literals = getattr(prefilters(vocab), name)
    assert literals is not None
    after_letter = name != "cue"
    found = 0
    for text in FOLDED:
        want = [(m.span(), m.lastgroup) for m in pattern.finditer(text)]
        got = [
            (m.span(), m.lastgroup)
            for m in _matches_at(pattern, text, literals.starts(text), after_letter=after_letter)
        ]
        assert got == want, text[:80]
        found += len(want)
    assert found > 20  # the patterns really matched


def test_one_pass_gives_each_pattern_its_starts() -> None:
    pre = prefilters(load_vocabulary())
    assert pre.named_document is not None
    for text in FOLDED:
        cue, law, named = pre.text_starts(text)
        assert cue == pre.cue.starts(text)
        assert law == pre.law_word.starts(text)
        assert named == pre.named_document.starts(text)


def test_fallback_without_the_wheel_gives_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    vocab = load_vocabulary()
    pattern = compiled(vocab).cue
    cue = prefilters(vocab).cue
    with_wheel = [m.span() for t in FOLDED for m in _matches_at(pattern, t, cue.starts(t))]
    monkeypatch.setattr(pf, "ahocorasick", None)
    literals = Literals(cue.firsts, cue.keys)
    without = [m.span() for t in FOLDED for m in _matches_at(pattern, t, literals.starts(t))]
    assert without == with_wheel and with_wheel


def test_finder_without_the_wheel_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    norms = [normalize(p.read_text(encoding="utf-8")) for p in TEXTS[:6]]
    with_wheel = [find_citations(n) for n in norms]
    monkeypatch.setattr(pf, "ahocorasick", None)
    # not the automata built above: the prefilters built afresh, without the wheel
    monkeypatch.setattr(pf, "_compute", pf._compute.__wrapped__)
    assert [find_citations(n) for n in norms] == with_wheel
    assert sum(len(f.citations) for f in with_wheel) > 20


def _plain_lowercase(head: str, letters: int) -> bool:
    """The count lowercase_text replaces: every word of ``\\b\\p{L}+\\b``, the title-case ones."""
    words = regex.findall(r"\b\p{L}+\b", head)
    titled = sum(1 for w in words if len(w) > 1 and w[0].isupper() and w[1:].islower())
    return letters > 0 and titled < max(2, len(words) // 100)


# title-case words at the edges of the fast count: after "_", a digit or a mark, before
# "²", glued capitals, a letter outside Vietnamese, a lone capital, register summaries
LOWERCASE_CASES = [
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
    "căn cứ nghị quyết số 76/nq-cp ngày 15/7/2021 của chính phủ; kế hoạch số 12/kh-ubnd",
    "_Căn 1Cứ Nghị² Quyết\u0301 ÑAndú Kế\u200bHoạch A B CĂN NQ Ủy",
    "Ủy ban nhân dân tỉnh; " * 40,
    "x " * 2500 + "Nghị Quyết",
    "văn bản số 1386/bcđqg " * 200 + "Hà Nội",
    "",
    "Đà Nẵng",
]


@pytest.mark.parametrize("head", LOWERCASE_CASES)
def test_lowercase_text_is_the_plain_count(head: str) -> None:
    letters = sum(map(str.isalpha, head))
    assert scan.lowercase_text(head, letters) == _plain_lowercase(head, letters)


_PIECES = ["Nghị", "quyết", "Ủy", "ban", "x", "A", "Đ", "é", "ß", "_", "1", "²", "\u0301", " ",
           "\n", ",", "(", "-", "\u200b", "NQ"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=300), st.integers(1, 40))
def test_lowercase_text_is_the_plain_count_on_made_up_heads(pieces: list[str], copies: int) -> None:
    head = ("".join(pieces) * copies)[:5000]
    letters = sum(map(str.isalpha, head))
    assert scan.lowercase_text(head, letters) == _plain_lowercase(head, letters)


def test_some_titled_finds_only_words_the_plain_count_finds() -> None:
    # every character of the fast pattern's classes is what the plain count takes it for
    for c in scan._VI_LOWER[1:-1]:
        assert c.islower() and regex.fullmatch(r"\p{L}", c), c
        assert c.upper().isupper() and len(c.upper()) == 1 and regex.fullmatch(r"\p{L}", c.upper())
    edges = [chr(c) for c in range(0x110000) if re.fullmatch(scan._EDGE, chr(c))]
    assert not [c for c in edges if regex.fullmatch(r"\w", c)]


_HINT_PIECES = ["1", "23", "٣", "²", "/", "-", " ", "\t", "\n", "a", "nq", "ĐT", "x", "_", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HINT_PIECES), max_size=60))
def test_anchor_hints_are_the_forward_scans(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert pf.anchor_hints(text) == [m.start() for m in pf._RE_ANCHOR_HINT.finditer(text)]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_anchor_hints_on_real_texts(path: Path) -> None:
    norm = normalize(path.read_text(encoding="utf-8"))
    for text in (norm.text, norm.folded):
        assert pf.anchor_hints(text) == [m.start() for m in pf._RE_ANCHOR_HINT.finditer(text)]
