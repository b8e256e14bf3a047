"""Readable Vietnamese from OCR text: restore the diacritics for display.

Public verb: :func:`restore_diacritics`; records :class:`Restored` and
:class:`RestoredToken`; helpers :func:`tokens` and :func:`syllable_key` shared with
the model builder (``bench/build_diacritics_model.py``) and the measurement
(``bench/eval_restore.py``).

OCR of a Vietnamese scan often loses the diacritics or garbles them
("Tiép tuc giam sO lugng nguoi lam viéc"). Restoration works token by token on the
original text and keeps everything between tokens (spaces, punctuation, numbers,
symbols such as ``04/KH-UBND``) exactly as it is:

1. every word token gets candidate syllables: the accented forms whose folded key
   (:func:`parsers.normalize.fold`) equals the token's key; a token whose key is no
   Vietnamese syllable ("lugng", "c6", "K&") is repaired through a small table of OCR
   confusions (``data/models/diacritics/confusions.tsv``), each with a cost;
2. a syllable bigram model (counts from clean legal texts, shipped as
   ``data/models/diacritics/syllables.tsv.gz``, smoothed towards the unigram
   distribution) picks the most likely sequence with Viterbi over each run of words
   separated by spaces only: linear in the text length;
3. ``context``: clean texts of the same document family. Wherever three or more
   consecutive words of the result match a clean passage by folded key, the clean
   wording wins; this is the strongest signal.

The result maps every token back to the original, so a caller shows the restored
text, marked as restored, with the original one click away.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import regex

from parsers.messages import Msg
from parsers.normalize import fold

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "diacritics"
MODEL_FILE = MODEL_DIR / "syllables.tsv.gz"
CONFUSIONS_FILE = MODEL_DIR / "confusions.tsv"

# ----------------------------------------------------------------------------- patterns

# OCR stand-ins for letters that may sit inside a word: "K&" (Kế), "ti€u" (tiêu),
# "hi¢u" (hiệu), "c6" (có), "hdi1" (hội).
_OCR_CHARS = "&€¢"
# A word token: starts with a letter, then letters, marks, digits or OCR stand-ins.
# "Nghị", "lugng", "c6", "K&", "NQ" ("76/NQ-CP" gives "NQ" and "CP"; "76" is no token).
WORD = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}" + regex.escape(_OCR_CHARS) + r"]*")
# A separator that keeps the bigram context: whitespace only (OCR wraps lines).
_SPACE_ONLY = regex.compile(r"\s*")
# A number right after a word ("số 76/NQ-CP", "năm 2024") or right before one
# ("2021 của"): the model has a pseudo-word NUMBER for it.
_NUMBER_AFTER = regex.compile(r"\s*\p{N}")
_NUMBER_BEFORE = regex.compile(r"(?:^|\s)\p{N}[\p{N}/.,%]*\s+$")
# The folded key of a Vietnamese syllable: onset, vowel nucleus, coda.
# "nghieng", "tuyen", "qua", "gi", "dong"; not "nq", "ubnd", "index".
SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|oai|oay|uay|uoi|uou|ieu|yeu|oeo|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|"
    r"ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)
# A list marker "a)", "b." or a single capital initial: never restored.
_MARKER_AFTER = regex.compile(r"[).]")
_SYMBOL_JOINERS = frozenset("/-")


class TokenKind(StrEnum):
    """How a token's displayed form was chosen."""

    KEPT = "kept"  # shown as written: no syllable, a symbol, a number, unchanged
    MODEL = "model"  # chosen by the syllable model
    CONTEXT = "context"  # taken from a clean passage of the same document family


@dataclass(frozen=True)
class RestoredToken:
    """One word token: its span in the original text and in the restored text.

    ``repaired`` says the letters changed beyond their diacritics ("lugng" → "lượng"),
    so ``fold(restored) != fold(original)``; ``confidence`` is the share of the
    model's probability mass on the chosen form given its neighbours (1.0 for a kept
    or context token).
    """

    start: int
    end: int
    original: str
    restored: str
    restored_start: int
    restored_end: int
    kind: TokenKind
    confidence: float
    repaired: bool = False

    @property
    def changed(self) -> bool:
        return self.restored != self.original


@dataclass(frozen=True)
class Restored:
    """The restored text of ``original``, token by token.

    ``text`` equals ``original`` outside the tokens; ``tokens`` lists every word token
    in order with both spans, so the original wording is one lookup away.
    """

    original: str
    text: str
    tokens: tuple[RestoredToken, ...]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def changed_count(self) -> int:
        """How many syllables were changed."""
        return sum(1 for t in self.tokens if t.changed)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the matching span of ``original``."""
        shift_s = shift_e = 0
        s_out = e_out = None
        for t in self.tokens:
            if s_out is None and start < t.restored_end:
                s_out = t.start if start >= t.restored_start else start - shift_s
            if e_out is None and end <= t.restored_end:
                e_out = t.end if end > t.restored_start else end - shift_e
            if s_out is not None and e_out is not None:
                break
            shift_s = shift_e = t.restored_end - t.end
        if s_out is None:
            s_out = start - shift_s
        if e_out is None:
            e_out = end - shift_e
        return s_out, max(s_out, e_out)


# ----------------------------------------------------------------------------- tokens


def tokens(text: str) -> Iterator[regex.Match[str]]:
    """The word tokens of ``text`` (see ``WORD``)."""
    return WORD.finditer(text)


def syllable_key(word: str) -> str | None:
    """The folded key of ``word`` when it can be a Vietnamese syllable, else None."""
    key = fold(word)
    return key if SYLLABLE.fullmatch(key) else None


def is_acronym(word: str) -> bool:
    """An all-caps abbreviation that is no syllable ("UBND", "TTHC"): the model keeps
    it as a context word ("UBND tỉnh"), it is never changed."""
    return len(word) > 1 and word.isalpha() and word.isupper() and syllable_key(word) is None


def keeps_context(text: str, end: int, start: int) -> bool:
    """Whether the separator ``text[end:start]`` between two words keeps the context."""
    return _SPACE_ONLY.fullmatch(text, end, start) is not None


def context_before(text: str, prev_end: int, start: int) -> str:
    """The context word of a run of words starting at ``start``: NUMBER or START."""
    return NUMBER if _NUMBER_BEFORE.search(text[prev_end:start]) else START


def context_after(text: str, end: int, next_start: int) -> str:
    """The context word after a run of words ending at ``end``: NUMBER or END."""
    return NUMBER if _NUMBER_AFTER.match(text, end, next_start) else END


def apply_case(pattern: str, form: str) -> str:
    """``form`` in the case of ``pattern``: "NHIEM" → "NHIỆM", "Nghi" → "Nghị"."""
    letters = [c for c in pattern if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if len(letters) > 1 and upper * 2 > len(letters):
        return form.upper()
    if letters and letters[0].isupper():
        return form[:1].upper() + form[1:]
    return form


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Model:
    forms: dict[str, tuple[str, ...]]  # key -> accented forms, most frequent first
    unigram: dict[str, int]
    bigram: dict[str, int]  # "v w" -> count; v is "<s>" at a run start
    total: int
    alpha: float
    smoothed: dict[str, float]  # alpha * P(w), the unigram share of a bigram estimate


START = "<s>"
NUMBER = "<n>"
END = "</s>"
_MAX_FORMS = 8
_ALPHA = 8.0


def read_model(path: Path) -> _Model:
    """Read a model file written by ``bench/build_diacritics_model.py``."""
    unigram: dict[str, int] = {}
    bigram: dict[str, int] = {}
    section = ""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("#"):
                section = line[1:2]
                continue
            item, _, count = line.rpartition("\t")
            if section == "U":
                unigram[item] = int(count)
            elif section == "B":
                bigram[item] = int(count)
    by_key: dict[str, list[str]] = {}
    for form in sorted(unigram, key=lambda f: -unigram[f]):
        by_key.setdefault(fold(form), []).append(form)
    forms = {k: tuple(v[:_MAX_FORMS]) for k, v in by_key.items()}
    total = sum(unigram.values())
    denom = total + 0.5 * len(unigram)
    smoothed = {w: _ALPHA * (c + 0.5) / denom for w, c in unigram.items()}
    # a run has one start and one end: the end is as frequent as the start
    smoothed[END] = _ALPHA * bigram.get(START, 0) / denom
    smoothed[NUMBER] = _ALPHA * bigram.get(NUMBER, 0) / denom
    return _Model(forms, unigram, bigram, total, _ALPHA, smoothed)


@cache
def _model() -> _Model:
    if not MODEL_FILE.exists():
        raise FileNotFoundError(Msg("restore.no_model", {"path": MODEL_FILE}).text())
    return read_model(MODEL_FILE)


@cache
def _confusions() -> tuple[tuple[str, str, float], ...]:
    """(OCR text, folded letters, cost) rules, from ``confusions.tsv``."""
    rules: list[tuple[str, str, float]] = []
    for n, line in enumerate(CONFUSIONS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(
                Msg("restore.bad_confusion", {"where": f"{CONFUSIONS_FILE}:{n}"}).text()
            )
        src, dst, cost = parts
        rules.append((src, "" if dst == "-" else dst, float(cost)))
    return tuple(rules)


def _log_bigram(m: _Model, v: str, w: str) -> float:
    """log P(w | v), the bigram count smoothed towards the unigram distribution."""
    a_pw = m.smoothed.get(w)
    if a_pw is None:
        a_pw = m.alpha * 0.5 / (m.total + 0.5 * len(m.unigram))
    c_v = m.bigram.get(v, 0) if v in (START, NUMBER) else m.unigram.get(v, 0)
    return math.log((m.bigram.get(f"{v} {w}", 0) + a_pw) / (c_v + m.alpha))


# ----------------------------------------------------------------------------- candidates

_EDIT_PENALTY = 2.5  # cost of a repaired key on top of its rules' costs


def _repairs(raw: str, m: _Model) -> dict[str, float]:
    """Syllable keys reachable from the OCR token ``raw`` (lower case, accents kept
    for the rules) through at most two confusion rules, with their costs."""
    base = fold(raw)
    start = {base: 0.0}
    rules = _confusions()
    seen: dict[str, float] = {}
    keep = _accented_sources()
    frontier = [("".join(c if c in keep else fold(c) for c in raw.lower()), 0.0)]
    for _ in range(2):
        nxt: list[tuple[str, float]] = []
        for text, cost in frontier:
            for src, dst, c in rules:
                i = text.find(src)
                while i >= 0:
                    new = text[:i] + dst + text[i + len(src) :]
                    nc = cost + c
                    key = fold(new)
                    if key not in start and (key not in seen or seen[key] > nc):
                        seen[key] = nc
                        nxt.append((new, nc))
                    i = text.find(src, i + 1)
        frontier = nxt
    return {k: c + _EDIT_PENALTY for k, c in seen.items() if k in m.forms and SYLLABLE.fullmatch(k)}


def _in_symbol(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` touches a "/" or "-" of a symbol."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before in _SYMBOL_JOINERS or after in _SYMBOL_JOINERS


def _ocr_marked(word: str) -> bool:
    """Whether ``word`` holds an accented letter that OCR puts for another vowel
    ("sé" for "số", "céng" for "công"): then it is repaired like a garbled word too."""
    keep = _accented_sources()
    return any(c in keep for c in word.lower())


@cache
def _accented_sources() -> frozenset[str]:
    return frozenset(c for src, _, _ in _confusions() for c in src if fold(c) != c)


def _candidates(word: str, text: str, end: int, m: _Model) -> list[tuple[str, float]]:
    """(lower-case form, channel cost) for one token; empty when it is kept as is."""
    key = fold(word)
    if len(word) == 1 and (word.isupper() or _MARKER_AFTER.match(text, end)):
        return []  # an initial "A." or a list marker "a)"
    if word.isupper() and _in_symbol(text, end - len(word), end):
        return []  # a piece of a symbol: "TU" in "60-NQ/TU", "KH" in "04/KH-UBND"
    out: list[tuple[str, float]] = []
    if key in m.forms and SYLLABLE.fullmatch(key):
        out = [(f, 0.0) for f in m.forms[key]]
        if not _ocr_marked(word):
            return out
    # repair only what looks like a garbled word, never an all-caps symbol ("NQ", "UBND")
    if all(c.isupper() or c.isdigit() for c in word):
        return out
    for k, cost in sorted(_repairs(word, m).items(), key=lambda kc: kc[1])[:4]:
        out.extend((f, cost) for f in m.forms[k][:4])
    return out


# ----------------------------------------------------------------------------- decode


def _viterbi(
    run: list[list[tuple[str, float]]], m: _Model, left: str, right: str
) -> list[tuple[str, float]]:
    """Best forms for one run of words between the context words ``left`` and
    ``right``, with a local confidence for each."""
    scores = [_log_bigram(m, left, f) - c for f, c in run[0]]
    back: list[list[int]] = []
    for i in range(1, len(run)):
        prev = run[i - 1]
        new_scores: list[float] = []
        ptr: list[int] = []
        for f, c in run[i]:
            best, arg = -math.inf, 0
            for j, (pf, _) in enumerate(prev):
                s = scores[j] + _log_bigram(m, pf, f)
                if s > best:
                    best, arg = s, j
            new_scores.append(best - c)
            ptr.append(arg)
        scores = new_scores
        back.append(ptr)
    scores = [s + _log_bigram(m, f, right) for s, (f, _) in zip(scores, run[-1], strict=True)]
    idx = max(range(len(scores)), key=scores.__getitem__)
    path = [idx]
    for ptr in reversed(back):
        idx = ptr[idx]
        path.append(idx)
    path.reverse()
    out: list[tuple[str, float]] = []
    for i, k in enumerate(path):
        before = run[i - 1][path[i - 1]][0] if i else left
        after = run[i + 1][path[i + 1]][0] if i + 1 < len(run) else right
        local = [_log_bigram(m, before, f) - c + _log_bigram(m, f, after) for f, c in run[i]]
        top = max(local)
        total = sum(math.exp(s - top) for s in local)
        out.append((run[i][k][0], math.exp(local[k] - top) / total))
    return out


_CONTEXT_N = 3


def _context_index(context: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Folded key n-gram → the clean wording most often seen for it."""
    seen: dict[tuple[str, ...], Counter[str]] = {}
    for clean in context:
        words = [w.group().lower() for w in tokens(clean)]
        keys = [fold(w) for w in words]
        for i in range(len(words) - _CONTEXT_N + 1):
            gram = tuple(keys[i : i + _CONTEXT_N])
            seen.setdefault(gram, Counter())[" ".join(words[i : i + _CONTEXT_N])] += 1
    return {g: c.most_common(1)[0][0] for g, c in seen.items()}


def restore_diacritics(text: str, *, context: Iterable[str] = ()) -> Restored:
    """Restore the Vietnamese diacritics of the OCR text ``text`` for display.

    >>> restore_diacritics("ban hanh Chuong trinh tong thé").text
    'ban hành Chương trình tổng thể'
    """
    m = _model()
    matches = list(tokens(text))
    cands = [_candidates(w.group(), text, w.end(), m) for w in matches]
    for i, w in enumerate(matches):
        if not cands[i] and is_acronym(w.group()) and w.group() in m.unigram:
            cands[i] = [(w.group(), 0.0)]  # a fixed context word, shown as written
    chosen: list[tuple[str, float] | None] = [None] * len(matches)
    run: list[int] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            left = context_before(
                text, matches[first - 1].end() if first else 0, matches[first].start()
            )
            nxt = matches[last + 1].start() if last + 1 < len(matches) else len(text)
            right = context_after(text, matches[last].end(), nxt)
            best = _viterbi([cands[i] for i in run], m, left, right)
            for i, b in zip(run, best, strict=True):
                chosen[i] = b
            run.clear()

    for i, w in enumerate(matches):
        if not cands[i]:
            flush()
            continue
        if run and not keeps_context(text, matches[run[-1]].end(), w.start()):
            flush()
        run.append(i)
    flush()

    forms = [c[0] if c else w.group().lower() for w, c in zip(matches, chosen, strict=True)]
    from_context = [False] * len(matches)
    index = _context_index(context)
    if index:
        keys = [fold(f) for f in forms]
        for i in range(len(matches) - _CONTEXT_N + 1):
            clean = index.get(tuple(keys[i : i + _CONTEXT_N]))
            if clean is None:
                continue
            for k, form in enumerate(clean.split(" ")):
                if cands[i + k]:
                    forms[i + k] = form
                    from_context[i + k] = True

    out: list[str] = []
    records: list[RestoredToken] = []
    pos = 0
    length = 0
    for i, w in enumerate(matches):
        word = w.group()
        gap = text[pos : w.start()]
        out.append(gap)
        length += len(gap)
        best = chosen[i]
        if from_context[i]:
            shown, kind, conf = apply_case(word, forms[i]), TokenKind.CONTEXT, 1.0
        elif best is not None:
            shown, kind, conf = apply_case(word, best[0]), TokenKind.MODEL, best[1]
        else:
            shown, kind, conf = word, TokenKind.KEPT, 1.0
        if kind is not TokenKind.KEPT and shown == word:
            kind = TokenKind.KEPT
        out.append(shown)
        records.append(
            RestoredToken(
                start=w.start(),
                end=w.end(),
                original=word,
                restored=shown,
                restored_start=length,
                restored_end=length + len(shown),
                kind=kind,
                confidence=round(conf, 4),
                repaired=fold(shown) != fold(word),
            )
        )
        length += len(shown)
        pos = w.end()
    out.append(text[pos:])
    return Restored(original=text, text="".join(out), tokens=tuple(records))
