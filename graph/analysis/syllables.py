"""How clean a Vietnamese text is: the share of its letters in well-formed, well-marked syllables.

A Vietnamese syllable is ``onset + rhyme`` with at most one tone mark (Đoàn Thiện Thuật,
*Ngữ âm tiếng Việt*; the rhymes of the school spelling tables):

- the onset is one of ``b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x``
  or none, with the spelling rules ``k gh ngh`` before ``i e ê y`` only and ``c g ng`` never
  before them;
- the rhyme is one of :data:`RHYMES` (the vowel, with its quality marks ``â ă ê ô ơ ư``, and
  the final consonant or glide);
- a rhyme closed by ``p t c ch`` takes only the sắc or nặng tone.

OCR text keeps some marks and loses or garbles others: "déy manh cai cach hanh chinh" has
accents but "déy" and "cach" are not syllables (no rhyme "ey"; "ch" without sắc/nặng), while
"đẩy mạnh cải cách hành chính" is clean. :func:`clean_share` is the share of letters of the
words that are Vietnamese-looking (abbreviations such as ``UBND``, ``CCHC``, ``TTg`` and
numbers are left out) which stand in well-formed syllables.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

__all__ = ["RHYMES", "clean_share", "is_syllable", "word_count"]

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_STOP_TONES = {"\u0301", "\u0323"}  # sắc, nặng: the only tones of p t c ch

# longest first
_ONSETS = tuple("ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split())  # noqa: SIM905

#: Every rhyme of Vietnamese spelling, without tone (quality marks kept).
RHYMES: frozenset[str] = frozenset(
    """
    a ai ao au ay am an ang anh ap at ac ach
    ă ăm ăn ăng ăp ăt ăc
    âu ây âm ân âng âp ât âc
    e eo em en eng ep et ec
    ê êu êm ên ênh êp êt êch
    i ia iu im in inh ip it ich iêu iêm iên iêng iêp iêt iêc
    y ya yêu yêm yên yêng yêt
    o oi om on ong op ot oc oong ooc
    ô ôi ôm ôn ông ôp ôt ôc
    ơ ơi ơm ơn ơp ơt
    u ua ui uy um un ung up ut uc uôi uôm uôn uông uôt uôc
    ư ưa ưi ưu ưm ưn ưng ưt ưc ươi ươu ươm ươn ương ươp ươt ươc
    oa oai oay oao oan oang oanh oap oat oac oach oăm oăn oăng oăt oăc
    oe oeo oen oet
    uâ uân uâng uât uây uê uênh uêch uơ uya uyu uyên uyêt uynh uych uyt uyn
    """.split()  # noqa: SIM905
)


_FRONT = ("i", "e", "ê", "y")
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def _split_tone(word: str) -> tuple[str, list[str]]:
    """(the word lowercased with its quality marks, its tone marks)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in nfd if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return base, tones


@cache
def is_syllable(word: str) -> bool:
    """True when ``word`` is a well-formed Vietnamese syllable with well-placed marks."""
    return _parses(word, check_tone=True)


def _parses(word: str, *, check_tone: bool) -> bool:
    base, tones = _split_tone(word)
    if len(tones) > 1 or not base.isalpha():
        return False
    for onset in (*_ONSETS, ""):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if onset == "gi" and (rhyme == "" or rhyme[:1] not in ("i", "ê")):
            rhyme = rhyme or "i"  # "gì", "gia", "giữa": the i is the onset's
        elif onset == "qu" and (not rhyme or rhyme.startswith("u")):
            continue
        if rhyme not in RHYMES and not (onset == "gi" and "i" + rhyme in RHYMES):
            continue
        front = rhyme[:1] in _FRONT
        if onset in ("k", "gh", "ngh") and not front:
            continue
        if onset in ("c", "g", "ng") and front and not (onset == "g" and rhyme == "i"):
            continue
        stop = rhyme.endswith(("p", "t", "c", "ch"))
        if check_tone and stop and not (tones and tones[0] in _STOP_TONES):
            continue
        return True
    return False


def _counted(word: str) -> bool:
    """A word that ought to be a syllable: not an abbreviation (``UBND``, ``TTg``, ``HĐND``),
    i.e. not a word of two or more capitals whose letters could not spell a syllable."""
    if len(word) == 1:
        return is_syllable(word)  # "a", "y" are words; "b)", "c)" label list items
    if sum(c.isupper() for c in word) < 2:
        return True
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    )
    return _parses(bare, check_tone=False)


def clean_share(text: str) -> float:
    """The share of the letters of ``text`` in well-formed syllables (1.0 for no words)."""
    total = good = 0
    for w in _WORD.findall(unicodedata.normalize("NFC", text)):
        if not _counted(w):
            continue
        total += len(w)
        if is_syllable(w):
            good += len(w)
    return good / total if total else 1.0


def word_count(text: str) -> int:
    """The number of words (runs of letters) of ``text``."""
    return len(_WORD.findall(text))
