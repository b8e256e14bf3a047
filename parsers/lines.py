"""The lines of a normalised document and the numbered headings they open: the
primitives shared by :mod:`parsers.segment`, :mod:`parsers.header` and
:mod:`parsers.footnotes`."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple, overload

import regex

from parsers import codepoints
from parsers.models import (
    NormalizedText,
)

_H = r"[^\S\n]"  # horizontal white space

# Section headings, tried on the line (folded) after any markdown markup.
_HEADINGS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("chapter", regex.compile(rf"(?P<label>chuong{_H}+(?P<id>[ivxlc]+|\d+))(?![\p{{L}}\d])\.?")),
    ("part", regex.compile(rf"(?P<label>muc{_H}+(?P<id>\d+))(?![\p{{L}}\d])\.?")),
    ("article", regex.compile(rf"(?P<label>dieu{_H}+(?P<id>\d+[a-z]?))\.")),
    ("roman", regex.compile(rf"(?P<label>(?P<id>[ivx]{{1,5}})\.)(?={_H})")),
    ("arabic", regex.compile(rf"(?P<label>(?P<id>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})[.)]?)(?={_H})")),
    ("letter", regex.compile(rf"(?P<label>(?P<id>[a-zđ])\))(?={_H})")),
    ("dash", regex.compile(rf"(?P<label>-)(?={_H})")),
    ("plus", regex.compile(rf"(?P<label>\+)(?={_H})")),
)

_MARKUP = regex.compile(r"[\s*#_>]*")

# Exact stdlib ``re`` spellings of two ``regex`` classes (tests/test_segment_fast.py compares
# them over every code point): ``re`` counts U+001C-U+001F as white space, and its Unicode
# tables lack a few recent digits. ``re`` scans a text for a line break 3-4x faster.
_RE_H = "[\t\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_RE_D = (
    "[\\d\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9\U00011de0-\U00011de9"
    "\U00011f50-\U00011f59\U00016130-\U00016139\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9"
    "\U0001e4f0-\U0001e4f9\U0001e5f1-\U0001e5fa]"
)

# _HEADINGS at the start of every line at once (stdlib ``re``), searched in "\n" + the folded
# text: the markup of _HEADING_START (no line break), then the patterns in their order, each
# label a group of its own (a match's ``lastindex``: the label closes last). No part crosses
# a line break, and a look-ahead at the end of a line sees "\n" where the line alone ends:
# neither is a letter, a digit nor a horizontal space, so each line gets the match
# _match_heading gives it. One difference: the chapter and part patterns end on
# ``(?![\p{L}\d])`` (``re`` has no ``\p{L}``), checked after the scan (_Lines); when it
# fails, no other pattern matches a line opening on "chuong" or "muc" (a letter heading is a
# letter and ")"), so the line has no heading.
_HEADING_LINE = re.compile(
    f"\n(?:{_RE_H}|[*#_>])*+(?:"
    f"(chuong{_RE_H}+([ivxlc]+|{_RE_D}+))\\.?"
    f"|(muc{_RE_H}+({_RE_D}+))\\.?"
    f"|(dieu{_RE_H}+({_RE_D}+[a-z]?))\\."
    f"|(([ivx]{{1,5}})\\.)(?={_RE_H})"
    f"|(({_RE_D}{{1,2}}(?:\\.{_RE_D}{{1,2}}){{0,3}})[.)]?)(?={_RE_H})"
    f"|(([a-z\u0111])\\))(?={_RE_H})"
    f"|(-)(?={_RE_H})"
    f"|(\\+)(?={_RE_H})"
    ")"
)

# _HEADING_LINE's label group → its kind and whether a number group follows it
_LABEL_GROUPS: dict[int, tuple[str, bool]] = {
    1: ("chapter", True),
    3: ("part", True),
    5: ("article", True),
    7: ("roman", True),
    9: ("arabic", True),
    11: ("letter", True),
    13: ("dash", False),
    14: ("plus", False),
}

_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\d]")


class _Hit(NamedTuple):
    """Where a numbered heading's parts stand in the text of its line."""

    label_start: int
    label_end: int
    id_start: int  # -1: the kind has no number ("-", "+")
    id_end: int
    end: int  # where the heading's match ends (its title follows)

    @staticmethod
    def of(m: regex.Match[str], base: int = 0) -> _Hit:
        """The parts of ``m`` (a match of a heading pattern), ``base`` the offset of the
        line's start in the string matched."""
        ids, ide = m.span("id") if "id" in m.re.groupindex else (-1, -1)
        if ids >= 0:
            ids, ide = ids - base, ide - base
        ls, le = m.span("label")
        return _Hit(ls - base, le - base, ids, ide, m.end() - base)


# What every pattern of _HEADINGS opens on, after the markup: a quick filter for body lines.
_HEADING_START = regex.compile(
    r"(?P<lead>[\s*#_>]*+)(?:chuong|muc|dieu|[ivx]{1,5}\.|\d|[a-zđ]\)|-|\+)"
)


def _by_first() -> dict[str, tuple[tuple[str, regex.Pattern[str]], ...]]:
    """The patterns of _HEADINGS (in their order) that can match a text opening on a character."""
    first = {"chapter": "c", "part": "m", "article": "d", "roman": "ivx", "arabic": "0123456789",
             "letter": "abcdefghijklmnopqrstuvwxyzđ", "dash": "-", "plus": "+"}  # fmt: skip
    chars = "".join(first.values())
    return {c: tuple((k, p) for k, p in _HEADINGS if c in first[k]) for c in chars}


_HEADINGS_BY_FIRST = _by_first()

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_OCR_BULLET = regex.compile(rf"{_H}*(?:[-+•*]|[a-zđ]\)|\d{{1,2}}[.)]|[IVX]+\.){_H}")

_UNSET: object = object()


class _Line:
    """One line of the normalised text (its heading match is computed once, on demand)."""

    __slots__ = ("end", "folded", "heading", "start", "text")

    def __init__(
        self, start: int, end: int, text: str, folded: str, heading: object = _UNSET
    ) -> None:
        self.start = start  # offsets into norm.text
        self.end = end
        self.text = text
        self.folded = folded
        self.heading: object = heading  # cache of _heading_match (None: no heading)


class _Lines(Sequence[_Line]):
    """The lines of a normalised text; each :class:`_Line` is made on first use.

    Only the offsets of the lines are computed for the whole text (``starts``), and the
    indices of the lines that may open a numbered heading (``heads``, one scan of the
    folded text): most lines of a long document are never looked at one by one.
    """

    __slots__ = ("_hits", "_made", "folded", "heads", "starts", "text")

    def __init__(self, norm: NormalizedText) -> None:
        self.text = norm.text
        self.folded = norm.folded
        self.starts = _line_starts(norm.text)
        starts = self.starts
        # the parts of each match, not the match: a match holds all the pattern's groups
        hits: dict[int, tuple[str, _Hit]] = {}
        k = 0
        scanned = "\n" + norm.folded
        size = len(scanned)
        groups, new, letter_or_digit = _LABEL_GROUPS, tuple.__new__, _LETTER_OR_DIGIT.match
        for m in _HEADING_LINE.finditer(scanned):
            base = m.start()  # the line break before the line: its start in the text
            k = bisect_right(starts, base, k) - 1
            base += 1
            g: int = m.lastindex  # type: ignore[assignment]  # every alternative is a group
            kind, numbered = groups[g]
            ls, le = m.span(g)
            if g <= 3 and le < size and letter_or_digit(scanned, le):
                continue  # chapter, part: (?![\p{L}\d])
            ids, ide = m.span(g + 1) if numbered else (base - 1, base - 1)
            parts = (ls - base, le - base, ids - base, ide - base, m.end() - base)
            hits[k] = (kind, new(_Hit, parts))
        self.heads = list(hits)  # in order
        self._hits = hits
        self._made: dict[int, _Line] = {}

    @property
    def hits(self) -> dict[int, tuple[str, _Hit]]:
        """Line index → the numbered heading it opens (the lines of ``heads`` only)."""
        return self._hits

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, k: int) -> _Line: ...

    @overload
    def __getitem__(self, k: slice) -> list[_Line]: ...

    def __getitem__(self, k: int | slice) -> _Line | list[_Line]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.starts)))]
        line = self._made.get(k)
        if line is not None:
            return line
        n = len(self.starts)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("line index out of range")
        line = self._made.get(k)
        if line is None:
            start = self.starts[k]
            end = self.starts[k + 1] - 1 if k + 1 < n else len(self.text)
            heading = self._hits.get(k)
            line = _Line(start, end, self.text[start:end], self.folded[start:end], heading)
            self._made[k] = line
        return line

    def __iter__(self) -> Iterator[_Line]:
        for k in range(len(self.starts)):
            yield self[k]

    def width(self, first: int = 0, last: int | None = None) -> int:
        """The width of a full line of body text in lines ``[first, last)``: the upper
        quartile of the lengths of the non-empty lines (stripped)."""
        stop = len(self.starts) if last is None else last
        if first >= stop:
            return 0
        start = self.starts[first]
        end = self.starts[stop] - 1 if stop < len(self.starts) else len(self.text)
        sizes = sorted(map(len, filter(None, map(str.strip, self.text[start:end].split("\n")))))
        return sizes[(3 * len(sizes)) // 4] if sizes else 0


def _line_starts(text: str) -> list[int]:
    """The offset of each line of ``text`` (lines end at ``\\n``)."""
    starts = codepoints.after_each(text, "\n")
    if starts is not None:
        return [0, *starts]
    return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))


def _opening_lines(
    text: str, starts: list[int], opening: re.Pattern[str] | regex.Pattern[str]
) -> list[int]:
    """Indices of the lines (``starts``: their offsets) that open on ``opening``, in order.

    ``opening`` starts with the line break before the line: searched in ``"\\n" + text``,
    a match's start is the offset of its line in ``text``.
    """
    return [bisect_right(starts, m.start()) - 1 for m in opening.finditer("\n" + text)]


def _lines(norm: NormalizedText) -> _Lines:
    """The lines of ``norm`` (see :class:`_Lines`)."""
    return _Lines(norm)


def _heading_candidates(lines: _Lines, first: int = 0, last: int | None = None) -> list[int]:
    """Indices of the lines in ``[first, last)`` that may open a numbered heading, in order
    (cheap; :func:`_heading_match` decides)."""
    heads = lines.heads
    lo = bisect_left(heads, first)
    hi = len(heads) if last is None else bisect_left(heads, last)
    return heads[lo:hi]


def _clean(s: str) -> str:
    return " ".join(s.replace("*", " ").split())


def _is_upper(s: str) -> bool:
    """All letters upper case, as a heading is written.

    Text decoded from TCVN3 has no capital toned letters ("Kế HOạCH", "II. NHIệM
    Vụ"): a lower-case toned letter counts as a capital inside a word that has a
    capital (so "Kế" is a capital word, a lone "ở" is not).
    """
    if _ASCII_LOWER.search(s) is not None:
        return False  # (an ASCII lower-case letter is neither upper case nor toned)
    letters = 0
    for word in _WORDS.findall(s):
        capital = any(c.isupper() for c in word)
        for c in word:
            if not c.isalpha():
                continue
            letters += 1
            if not (c.isupper() or (capital and _TONED.match(unicodedata.normalize("NFD", c)))):
                return False
    return letters > 0


_WORDS = regex.compile(r"[\p{L}\p{M}]+")
_ASCII_LOWER = re.compile("[a-z]")
# a letter followed by a tone mark (grave, acute, tilde, hook, dot below), maybe after a
# vowel mark: TCVN3 writes such letters in lower case only
_TONED = regex.compile(r"\p{Ll}[\u0302\u0306\u031b]?[\u0300\u0301\u0303\u0309\u0323]")


def _heading_match(line: _Line) -> tuple[str, _Hit] | None:
    """The kind of numbered heading ``line`` opens, and where its parts stand."""
    cached = line.heading
    if cached is _UNSET:
        cached = line.heading = _match_heading(line.folded)
    return cached  # type: ignore[return-value]


def _match_heading(folded: str) -> tuple[str, _Hit] | None:
    """:func:`_heading_match` of one folded line, tried pattern by pattern."""
    start = _HEADING_START.match(folded)  # cheap necessary condition
    if start is not None:
        off = start.end("lead")  # where _MARKUP's match ends
        for kind, pat in _HEADINGS_BY_FIRST.get(folded[off], _HEADINGS):
            m = pat.match(folded, off)
            if m:
                return kind, _Hit.of(m)
    return None
