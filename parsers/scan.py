"""Shared machinery of the citation finder (:mod:`parsers.find`): the citation under
construction (``_Found``), the finder's state and offset helpers (``_FinderBase``), the
paragraph/section sweeps, and :func:`trailing_connectors`. The literal prefilters that keep
every scan linear are in :mod:`parsers.prefilter`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

import regex

from parsers.models import (
    NormalizedText,
    Relation,
    Section,
    SegmentedDocument,
    format_key,
)
from parsers.prefilter import _matches_at, prefilters
from parsers.regexes import (
    TITLE_TRAIL_WORDS,
    Patterns,
)
from parsers.vocab import Vocabulary

LOOKBEHIND = 200  # characters searched for a type word before a number


TITLE_MAX = 400  # characters of a title at most


OCR_REPAIR = 0.9


_V = TypeVar("_V", bound=str | date | None)

_NO_EXTRA: Mapping[str, object] = MappingProxyType({})


@dataclass(slots=True)
class _Found:
    """A citation under construction; offsets into ``norm.text``."""

    start: int
    end: int
    doc_type: str | None = None
    number: str | None = None
    year_in_number: int | None = None
    symbol: str | None = None
    date: date | None = None
    has_date: bool = False  # a date was written, maybe unreadable
    issuer: str | None = None  # from "của …"
    issuer_from_code: str | None = None
    title: str | None = None
    name: str | None = None
    confidence: float = 1.0
    type_word_code: str | None = None
    after: int = 0  # end of date / issuer clauses
    tail_end: int = 0  # end of the title region
    relation: Relation = Relation.CITES
    cue: str | None = None
    nested: bool = False  # object of an in-title relation
    is_name: bool = False
    # named document, law name, year …: most citations have none (one shared empty mapping)
    extra: Mapping[str, object] = field(default_factory=lambda: _NO_EXTRA)


# bytes.translate deletion table: every byte but the ASCII letters (str.isalpha in ASCII)
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not chr(b).isalpha() or b > 127)


# small patterns compiled once (a string pattern costs a cache look-up at every call)
_RE_WORD = regex.compile(r"\b\p{L}+\b")

# Some of the title-case words of _RE_WORD (stdlib ``re``, 2x faster): Vietnamese letters
# only, between white space or ASCII punctuation other than "_" (never ``regex`` word
# characters). Each match is one word _RE_WORD finds, capitalised and in lower case after.
_VI_LOWER = (  # a character class: the lower-case letters of Vietnamese and of ASCII
    "[aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữự"
    "vwxyỳýỷỹỵz]"
)
_EDGE = r"[\s!-/:-@\[-^`{-~]"
_RE_SOME_TITLED = re.compile(rf"(?:(?<={_EDGE})|^){_VI_LOWER.upper()}{_VI_LOWER}+(?={_EDGE}|$)")


def lowercase_text(head: str, letters: int) -> bool:
    """Whether ``head`` (with ``letters`` letters) is written in lower case: fewer
    title-case words than ``max(2, 1 % of its words)``.

    The common case is decided after a few words: two words stand at least one character
    apart, so ``head`` has at most ``(len(head) + 1) // 2`` words, and once 1 % of that many
    (at least 2) title-case words are seen by :data:`_RE_SOME_TITLED` the text is not in
    lower case; else every word is counted (:data:`_RE_WORD`)."""
    enough = max(2, ((len(head) + 1) // 2) // 100)
    for seen, _ in enumerate(_RE_SOME_TITLED.finditer(head), 1):
        if seen >= enough:
            return False
    words = _RE_WORD.findall(head)
    titled = sum(1 for w in words if len(w) > 1 and w[0].isupper() and w[1:].islower())
    return letters > 0 and titled < max(2, len(words) // 100)


_RE_LETTERS = regex.compile(r"[a-z]*")


_RE_STRAY_DIGIT = regex.compile(r"([a-z]+)(\d{1,2})")


_RE_SPACE_TAB = regex.compile(r"[ \t]")


_RE_SPACE = regex.compile(r"\s")


_RE_SO = regex.compile(r"\s*s[o0]")


_RE_QH = regex.compile(r"(QH|UBTVQH)\d")


_RE_NOT_PLACE = regex.compile(r"(?:ve|v|quy|ban|phe|trien|thuc|huong|v&)(?![a-z])")


_RE_LEAD = regex.compile(r"[\s,]*")


_RE_TWO_WORDS = regex.compile(r"\S+\s+\S+")


class _BreakFinder:
    """The first ``scope_break`` match of ``finditer(text)`` starting at or after an
    offset, without scanning the whole text.

    A search from the offset finds the first place where the pattern can match; it is a
    ``finditer`` match unless an earlier match ("\\n[ \\t]*\\n", the only alternative
    longer than one character) consumed it. That happens to the last line break of a run
    of line breaks separated only by spaces and tabs exactly when the run before it has
    an odd number of line breaks (``finditer`` pairs them from the first). The last answer
    holds for every offset up to it (asked in increasing order, the searches do not
    overlap); long runs, or searches covering more than twice the text, fall back to the
    full scan, so the cost stays linear.
    """

    RUN_MAX = 256

    def __init__(self, pattern: regex.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.all: list[int] | None = None
        self.lo, self.hi = 1, 0  # every offset in [lo, hi] has the answer ``answer``
        self.answer: int | None = None
        self.searched = 0

    def first_at_or_after(self, pos: int) -> int | None:
        if self.lo <= pos <= self.hi:
            return self.answer
        found = self._first(pos)
        self.lo, self.hi, self.answer = pos, len(self.text) if found is None else found, found
        return found

    def _first(self, pos: int) -> int | None:
        text, search = self.text, self.pattern.search
        while self.all is None:
            if self.searched > 2 * len(text):
                self.all = [m.start() for m in self.pattern.finditer(text)]
                break
            m = search(text, pos)
            if m is None:
                self.searched += len(text) - pos
                return None
            s = m.start()
            self.searched += s - pos + 1
            if text[s] != "\n":
                return s
            run, j, steps = 0, s - 1, 0
            while steps <= self.RUN_MAX:
                while j >= 0 and text[j] in " \t" and steps <= self.RUN_MAX:
                    j -= 1
                    steps += 1
                if j < 0 or text[j] != "\n":
                    break
                run += 1
                j -= 1
                steps += 1
            if steps > self.RUN_MAX:
                self.all = [m.start() for m in self.pattern.finditer(text)]
                break
            if run % 2 == 0:
                return s
            pos = s + 1
        b = bisect.bisect_left(self.all, pos)
        return self.all[b] if b < len(self.all) else None


class SpanIndex:
    """Which of ``spans`` (half-open ``(start, end)``, in their list order) holds an offset:
    :meth:`first` is ``next(k for k, (s, e) in enumerate(spans) if s <= at < e)`` and
    :meth:`covers` is ``any(s <= at < e for s, e in spans)``, each in O(log n) (a bisect
    over the spans sorted by start) instead of a scan of all spans per offset.
    :meth:`first` falls back to the scan only when the spans overlap."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = list(spans)
        self.order = sorted((k for k, (s, e) in enumerate(self.spans) if s < e),
                            key=lambda k: self.spans[k][0])  # fmt: skip
        self.starts = [self.spans[k][0] for k in self.order]
        self.disjoint = all(
            self.spans[a][1] <= self.spans[b][0]
            for a, b in zip(self.order, self.order[1:], strict=False)
        )
        union: list[list[int]] = []
        for k in self.order:
            s, e = self.spans[k]
            if union and s <= union[-1][1]:
                union[-1][1] = max(union[-1][1], e)
            else:
                union.append([s, e])
        self.union_starts = [u[0] for u in union]
        self.union_ends = [u[1] for u in union]

    def covers(self, at: int) -> bool:
        i = bisect.bisect_right(self.union_starts, at) - 1
        return i >= 0 and at < self.union_ends[i]

    def first(self, at: int) -> int | None:
        if not self.disjoint:
            return next((k for k, (s, e) in enumerate(self.spans) if s <= at < e), None)
        i = bisect.bisect_right(self.starts, at) - 1
        if i < 0:
            return None
        k = self.order[i]
        return k if at < self.spans[k][1] else None


class _SectionSweep:
    """:meth:`SegmentedDocument.section_at` for offsets asked in increasing order.

    The sections open at an offset are kept; each one is dropped once passed, so a
    document's citations cost O(sections + citations) instead of their product.
    """

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.order = sorted(range(len(sections)), key=lambda k: sections[k].start)
        self.sections = sections
        self.next = 0
        self.open: list[int] = []
        self.last = -1

    def at(self, offset: int) -> Section | None:
        if offset < self.last:  # out of order: start again
            self.next, self.open = 0, []
        self.last = offset
        secs = self.sections
        while self.next < len(self.order) and secs[self.order[self.next]].start <= offset:
            self.open.append(self.order[self.next])
            self.next += 1
        self.open = [k for k in self.open if secs[k].end > offset]
        best: Section | None = None
        for k in sorted(self.open):  # document order, as section_at scans
            s = secs[k]
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best


_TRAIL_WORDS = tuple(sorted(TITLE_TRAIL_WORDS, key=len, reverse=True))


def _is_gap(ch: str) -> bool:
    return ch == "," or ch.isspace()


def trailing_connectors(folded: str) -> int | None:
    """Where the connector words ending a title start ("… về việc", "… của", "… và các").

    The rule of ``regexes.TITLE_TRAIL`` (one or more connector words, each after white space
    or a comma, then only white space or commas to the end), applied by scanning words
    backwards from the end: linear on any input. Returns the start of the white space before
    the first connector word, or ``None`` when the title does not end with one.
    """
    i = len(folded)
    first: int | None = None
    while True:
        j = i
        while j > 0 and _is_gap(folded[j - 1]):
            j -= 1
        word_start = next(
            (
                j - len(w)
                for w in _TRAIL_WORDS
                if j - len(w) > 0 and folded.endswith(w, 0, j) and _is_gap(folded[j - len(w) - 1])
            ),
            None,
        )
        if word_start is None:
            break
        first = i = word_start
    if first is None:
        return None
    while first > 0 and _is_gap(folded[first - 1]):
        first -= 1
    return first


class _FinderBase:
    """State of one run of the finder and its offset helpers."""

    def __init__(
        self,
        norm: NormalizedText,
        segmented: SegmentedDocument | None,
        vocab: Vocabulary,
        pats: Patterns,
    ) -> None:
        self.norm = norm
        self.text = norm.text
        # offset of the first non-blank character: "nothing but blanks before ``start``" is
        # ``start <= self.lead`` (one scan, instead of slicing the text for every anchor)
        self.lead = len(self.text) - len(self.text.lstrip())
        self.folded = norm.folded
        self.seg = segmented
        self.v = vocab
        self.p = pats
        self.named_types = vocab.named_types  # a property computed at each read: read once
        self.warnings: list[str] = []
        self._sweep: _SectionSweep | None = None
        self._header_bounds: tuple[int, int] | None = None  # the header's span in ``text``
        self._starts: tuple[set[int], set[int], set[int] | None] | None = None
        self._interned: dict[str | date, Any] = {}  # one copy of each value citations repeat
        # a text written all in lower case (register summaries) cannot use capitals as evidence
        # (capitalised words, "Nghị", "Chính", are the evidence; symbols such as "UBND-KT" are not)
        head = self.text[:5000]
        letters = sum(map(str.isalpha, head))  # counted in C: no Python object per character
        self.lowercase_doc = lowercase_text(head, letters)
        # OCR output or typing without diacritics: stop words are compared folded. The letters
        # outside ASCII are the letters less the ASCII ones (counted on bytes, in C)
        ascii_letters = len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
        marked = letters - ascii_letters
        self.has_diacritics = marked >= max(3, letters // 50)

    def _type_words(self, window: str) -> list[regex.Match[str]]:
        """``list(self.p.type_word.finditer(window))``: the pattern is tried only where a
        type word stands (one literal pass over the window), left to right and without
        overlap."""
        literals = prefilters(self.v).type_word
        if literals is None:
            return list(self.p.type_word.finditer(window))
        return _matches_at(self.p.type_word, window, literals.starts(window))

    def _same(self, value: _V) -> _V:
        """The first equal string or date seen in this document (``value`` if none)."""
        return value if value is None else self._interned.setdefault(value, value)

    def _text_starts(self) -> tuple[set[int], set[int], set[int] | None]:
        """Where the cues, law words and named documents can start in the folded text
        (:meth:`parsers.prefilter.Prefilters.text_starts`, one pass, kept)."""
        if self._starts is None:
            self._starts = prefilters(self.v).text_starts(self.folded)
        return self._starts

    def _to_norm(self, orig: int) -> int:
        return bisect.bisect_left(self.norm.offsets, orig, 0, len(self.text))

    def _orig_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_original(start, end)

    def _in_header(self, start: int) -> bool:
        """Whether ``text[start]`` comes from the header's span of the original."""
        bounds = self._header_bounds
        if bounds is None:
            bounds = (0, 0)
            if self.seg is not None and self.seg.header.end > self.seg.header.start:
                h = self.seg.header
                # the offsets do not decrease: h.start <= offsets[i] < h.end is lo <= i < hi
                bounds = (self._to_norm(h.start), self._to_norm(h.end))
            self._header_bounds = bounds
        return bounds[0] <= start < bounds[1]

    def _law_word_ok(self, pos: int) -> bool:
        """ "Luật" must be capitalised to start a name ("pháp luật" is not a law)."""
        return self.lowercase_doc or self.text[pos : pos + 1].isupper()

    @staticmethod
    def _key(f: _Found) -> str | None:
        return format_key(f.number, f.symbol, f.year_in_number)
