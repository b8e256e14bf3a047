"""Stage 2: normalise text on a copy, keeping a map back to the original.

Public verb: :func:`normalize`; helper :func:`fold`.

The copy is built in four passes, each one an ordered list of edits
``(start, end, replacement)`` on the previous pass's text; every character of a
replacement maps to the original offset of the first character it replaces, so
the offset map stays non-decreasing and ``offsets[-1] == len(original)``.

1. characters: NFC per cluster (a character and the marks that follow it),
   look-alike and invisible characters, full-width ASCII, line separators;
2. homoglyphs: Cyrillic/Greek capitals that look like Latin ones, only inside an
   all-caps symbol such as ``NQ-СP`` (Cyrillic С);
3. gazette page breaks: a run of lines made of page headers
   (``CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024``), page numbers, blank lines and
   digital-signature stamps (``Ký bởi: …`` … ``Ngày ký: …``) becomes one ``\\n``;
4. document symbols: a line break right after ``/`` or ``-`` inside a symbol is
   removed (``45/2020/\\nNĐ-CP`` → ``45/2020/NĐ-CP``), and so is the space of the
   party form ``19- NQ/TW`` → ``19-NQ/TW``.

Every pass is linear in the length of the text and the whole is idempotent:
``normalize(normalize(x).text).text == normalize(x).text``.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import regex

from parsers import codepoints
from parsers.models import NormalizedText
from parsers.offsets import OffsetMap
from parsers.pagebreaks import page_break_edits

# Characters that look like the ones the patterns expect. Value "" deletes.
LOOKALIKES: dict[str, str] = {
    "\u00d0": "Đ",  # Ð ETH used for Đ in many Word documents
    "\u0110": "Đ",
    "\u00f0": "đ",  # ð eth used for đ in legacy fonts
    "\u0189": "Đ",  # Ɖ African D
    "\u2044": "/",  # ⁄ fraction slash: "13⁄2012/QH13"
    "\u2215": "/",  # ∕ division slash
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",
    "\u2013": "-",  # en dash inside symbols "NQ–CP"
    "\u2212": "-",  # minus
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\u000b": "\n",  # vertical tab
    "\u000c": "\n",  # form feed (PDF page break)
    "\u0085": "\n",  # next line
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",  # BOM / zero-width no-break space
    "\u00ad": "",  # soft hyphen
}
# full-width ASCII "０１２" "ＮＱ" "／" → "012" "NQ" "/"
for _cp in range(0xFF01, 0xFF5F):
    LOOKALIKES[chr(_cp)] = chr(_cp - 0xFEE0)

# Cyrillic and Greek capitals that OCR and copy-paste put into Latin symbols.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip

_Edit = tuple[int, int, str]

# ----------------------------------------------------------------------------- patterns

# A cluster that needs work: a character followed by marks, or a special character.
_SPECIAL = regex.compile(
    r"(?s:.)\p{M}+|[" + regex.escape("".join(LOOKALIKES)) + r"\r]",
)


def _class_ranges(chars: str) -> str:
    """A character class body of ranges (``\\u0009\\u000b-\\u000d…``): a long list of
    single characters makes ``regex`` scan several times slower."""
    cps = sorted(set(map(ord, chars)))
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"\\u{cps[i]:04x}" + (f"-\\u{cps[j]:04x}" if j > i else ""))
        i = j + 1
    return "".join(out)


# Where a match of ``_SPECIAL`` that changes something can be: a mark or a special
# character (see _special_matches). "Đ" maps to itself and is left out: alone it is
# copied unchanged; followed by a mark, the mark triggers.
_TRIGGER = regex.compile(
    r"[\p{M}" + _class_ranges("".join(c for c in LOOKALIKES if LOOKALIKES[c] != c) + "\r") + "]"
)

# An all-caps symbol that may hold a homoglyph: "NQ-СP", "QĐ-ТTg", "45/2020/NĐ-СP"
_CAPS_SYMBOL = regex.compile(
    r"(?<![\p{L}\p{N}])[\p{Lu}\p{N}]+[a-z]{0,2}(?:[-/][\p{Lu}\p{N}]+[a-z]{0,2})+"
)
_HAS_HOMOGLYPH = regex.compile("[" + "".join(HOMOGLYPHS) + "]")
_HOMOGLYPH_CHARS = "".join(HOMOGLYPHS)

# A document symbol whose pieces may be split by a line break after "/" or "-":
# "45/2020/\nNĐ-CP", "76/\nNQ-CP", "19-\nNQ/TW", and the party form "19- NQ/TW".
_BRK = r"[^\S\n]*\n[^\S\n]*"
_SYMBOL_CHAIN = regex.compile(
    rf"""
    (?<![\p{{L}}\p{{N}}/.\-])
    \d{{1,6}}(?:\.\d{{1,4}})?                      # number "45", "66.16"
    (?:
        (?: /(?P<b1>{_BRK})?                       # "/" then maybe a line break
          | -(?: (?P<b2>{_BRK})                    # "-" then a line break
               | (?P<b3>[^\S\n]+)(?=\p{{Lu}}{{1,5}}/\p{{Lu}})  # "19- NQ/TW"
             )?
        )
        (?:[\p{{Lu}}\d]{{2,}}[a-z]?|[\p{{Lu}}\d])(?!\p{{Ll}})   # piece "2020", "NĐ", "TTg"
    )+
    """,
    regex.VERBOSE,
)

# ----------------------------------------------------------------------------- fold


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed lazily, one entry per code point seen."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


def _fold_char(ch: str) -> str:
    """One character without diacritics, lower case; always exactly one character."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


_FOLD = _FoldTable()

# ``str.translate`` with a list indexed by code point is about five times faster than
# with a dict (no hashing, no ``__missing__``); the list covers the Basic Multilingual
# Plane and is filled on first use (~60 ms). Text with characters beyond it uses the dict.
_BMP = 0x10000
_FOLD_LIST: list[str] = []
_ASTRAL = regex.compile(r"[^\x00-\uffff]")


def _fold_list() -> list[str]:
    if not _FOLD_LIST:
        _FOLD_LIST.extend(
            _fold_char(chr(cp)) if cp < 0xD800 or cp > 0xDFFF else chr(cp) for cp in range(_BMP)
        )
    return _FOLD_LIST


_FOLD_ARRAY: list[Any] = []  # _fold_list() as a code point array (parsers.codepoints)


def fold(text: str) -> str:
    """Diacritic-folded, lower-case copy of ``text`` with the same length."""
    units = codepoints.code_units(text)
    if units is not None:  # a long text of the BMP: one array lookup (six times faster)
        if not _FOLD_ARRAY:
            _FOLD_ARRAY.append(codepoints.table(_fold_list()))
        return codepoints.translate(units, _FOLD_ARRAY[0])
    if _ASTRAL.search(text) is not None:
        return text.translate(_FOLD)
    return text.translate(_fold_list())


def fold_keep_case(text: str) -> str:
    """:func:`fold` with the case kept ("Kế hoạch" → "Ke hoach", "Đ" → "D")."""
    return "".join(
        c if c.isspace() else (f.upper() if c.isupper() else f)
        for c, f in zip(text, fold(text), strict=True)
    )


_CCHC = regex.compile(r"\bcchc\b")
_ABOUT = regex.compile(r"^\s*(?:ve\s+(?:viec\s+)?)?")
_NOT_ALNUM = regex.compile(r"[^a-z0-9]+")


def title_key(title: str | None) -> str:
    """A title folded for comparison: no diacritics, no punctuation, no leading "về (việc)",
    "CCHC" spelt out ("Về việc CCHC năm 2024" → "cai cach hanh chinh nam 2024")."""
    f = fold(title or "")
    f = _CCHC.sub("cai cach hanh chinh", f)
    f = _ABOUT.sub("", f)
    return _NOT_ALNUM.sub(" ", f).strip()


# ----------------------------------------------------------------------------- edits


def _apply(text: str, offsets: OffsetMap, edits: list[_Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits; replacement characters map to ``offsets[start]``."""
    if not edits:
        return text, offsets
    out: list[str] = []
    new_offsets = OffsetMap()
    pos = 0
    for start, end, repl in edits:
        out.append(text[pos:start])
        new_offsets.extend_from(offsets, pos, start)
        out.append(repl)
        new_offsets.append(offsets[start], len(repl), 0)
        pos = end
    out.append(text[pos:])
    new_offsets.extend_from(offsets, pos, len(offsets))  # includes the final sentinel
    return "".join(out), new_offsets


def _special_matches(text: str) -> Iterator[regex.Match[str]]:
    """The matches of ``_SPECIAL.finditer(text)``, found fast.

    ``_SPECIAL`` tries its first branch (any character followed by marks) at every
    position, which is slow; a match can only start at a special character or right
    before a mark, so a plain character-class search finds where to try it.
    """
    n = len(text)
    pos = 0
    found = _trigger_positions(text)
    k = 0
    while pos < n:
        if found is None:
            t = _TRIGGER.search(text, pos)
            if t is None:
                return
            at = t.start()
        else:  # the same, from the positions found at once
            k = bisect_left(found, pos, k)
            if k == len(found):
                return
            at = found[k]
        m = _SPECIAL.search(text, max(pos, at - 1))
        if m is None:
            return
        yield m
        pos = m.end()


_TRIGGER_MASK: list[Any] = []  # the code points _TRIGGER matches, over the BMP


def _trigger_positions(text: str) -> list[int] | None:
    """Where ``_TRIGGER`` matches in ``text``, in order, by one array lookup; ``None`` for
    a short text or one beyond the BMP (then ``_TRIGGER.search`` finds them)."""
    units = codepoints.code_units(text)
    if units is None:
        return None
    if not _TRIGGER_MASK:
        bmp = "".join(map(chr, range(0x10000)))
        _TRIGGER_MASK.append(codepoints.mask("".join(_TRIGGER.findall(bmp))))
    return codepoints.positions(units, _TRIGGER_MASK[0])


def _apply_text(text: str, edits: list[_Edit]) -> str:
    """:func:`_apply` without the offsets."""
    out: list[str] = []
    pos = 0
    for start, end, repl in edits:
        out.append(text[pos:start])
        out.append(repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _characters(original: str) -> tuple[str, OffsetMap]:
    """Pass 1: NFC per cluster, look-alikes, invisible characters, line separators."""
    out: list[str] = []
    offsets = OffsetMap()
    pos = 0

    def copy_plain(start: int, end: int) -> None:
        run = original[start:end]
        if unicodedata.is_normalized("NFC", run):
            out.append(run)
            offsets.append(start, end - start, 1)
            return
        for k, ch in enumerate(run):
            composed = unicodedata.normalize("NFC", ch)
            out.append(composed)
            offsets.append(start + k, len(composed), 0)

    for m in _special_matches(original):
        i, j = m.span()
        if pos < i:
            copy_plain(pos, i)
        cluster = m.group()
        head = cluster[0]
        if head == "\r":
            repl = "" if original.startswith("\n", j) else "\n"
            composed = unicodedata.normalize("NFC", repl + cluster[1:]) if repl else ""
        elif head in LOOKALIKES:
            repl = LOOKALIKES[head]
            composed = unicodedata.normalize("NFC", repl + cluster[1:]) if repl else ""
        else:
            composed = unicodedata.normalize("NFC", cluster)
        out.append(composed)
        offsets.append(i, len(composed), 0)
        pos = j
    if pos < len(original):
        copy_plain(pos, len(original))
    offsets.append(len(original), 1, 1)
    return "".join(out), offsets


def _homoglyph_edits(text: str) -> list[_Edit]:
    """Pass 2: Cyrillic/Greek capitals inside an all-caps Latin symbol."""
    edits: list[_Edit] = []
    at = codepoints.find_any(text, _HOMOGLYPH_CHARS)  # one array lookup for a long text
    if (at is not None and not at) or not any(ch in text for ch in HOMOGLYPHS):
        return edits
    for m in _CAPS_SYMBOL.finditer(text):
        token = m.group()
        if not _HAS_HOMOGLYPH.search(token) or not regex.search(r"[A-Z]", token):
            continue
        for k, ch in enumerate(token):
            i = m.start() + k
            nxt = text[i + 1] if i + 1 < len(text) else ""
            # a following mark would compose differently: leave such a character alone
            if ch in HOMOGLYPHS and not (nxt and unicodedata.category(nxt).startswith("M")):
                edits.append((i, i + 1, HOMOGLYPHS[ch]))
    return edits


# Where an edit of _SYMBOL_CHAIN can be: a "/" or "-" before a line break (b1, b2), a "-"
# and spaces before a party symbol (b3). Every match that edits holds one of these.
_SYMBOL_BREAK = regex.compile(r"[/-][^\S\n]*\n|-[^\S\n]+(?=\p{Lu}{1,5}/\p{Lu})")

# A character no match of _SYMBOL_CHAIN holds: no match crosses it, so _SYMBOL_CHAIN.finditer
# may start after it (and stop a little after it) and find what a scan of the whole text finds.
_OUTSIDE = r"[^\d./\-\p{Lu}a-z\s]"
_OUTSIDE_BEFORE = regex.compile(rf"(?r){_OUTSIDE}")
_OUTSIDE_AFTER = regex.compile(_OUTSIDE)
_LOOKAHEAD = 16  # the characters _SYMBOL_CHAIN's look-aheads may read past its match


def _outside(text: str, lo: int, hi: int, before: bool) -> int | None:
    """The position of the last (``before``) or first character of ``text[lo:hi]`` no match
    of ``_SYMBOL_CHAIN`` holds, ``None`` if there is none; searched from ``hi`` back (or
    ``lo`` on) in widening windows, as a search costs its whole window."""
    width = 64
    while lo < hi:
        a, b = (max(lo, hi - width), hi) if before else (lo, min(hi, lo + width))
        out = (_OUTSIDE_BEFORE if before else _OUTSIDE_AFTER).search(text, a, b)
        if out is not None:
            return int(out.start())
        hi, lo = (a, lo) if before else (hi, b)
        width *= 4
    return None


def _symbol_edits(text: str) -> list[_Edit]:
    """Pass 4: line breaks and stray spaces inside document symbols.

    The edits of ``_SYMBOL_CHAIN.finditer(text)``, found fast: the chain is tried only
    around the places an edit can be (``_SYMBOL_BREAK``), from a point no match crosses.
    """
    edits: list[_Edit] = []
    done = 0  # the scan has found every match ending up to here
    for b in _SYMBOL_BREAK.finditer(text):
        at = b.start()
        if at < done:
            continue
        back = _outside(text, done, at, before=True)
        ahead = _outside(text, at, len(text), before=False)
        stop = len(text) if ahead is None else min(len(text), ahead + _LOOKAHEAD)
        for m in _SYMBOL_CHAIN.finditer(text, done if back is None else back + 1, stop):
            if m.start() > at:
                break
            done = m.end()
            spans = [*m.spans("b1"), *m.spans("b2"), *m.spans("b3")]
            edits.extend((s, e, "") for s, e in sorted(spans) if s < e)
    return edits


# ----------------------------------------------------------------------------- verb


def normalize(original: str) -> NormalizedText:
    """Normalise ``original``: NFC, look-alikes, gazette page breaks, split symbols.

    The result keeps an offset map so every span found on the copy maps back
    to the original text.

    >>> normalize("Nghị định số 45/2020/\\nCÔNG BÁO/Số 271/Ngày 12-05-2026\\nNĐ-CP").text
    'Nghị định số 45/2020/NĐ-CP'
    >>> normalize("Nghị quyết số 19- NQ/TW").text
    'Nghị quyết số 19-NQ/TW'
    """
    text, offsets = _characters(original)
    text, offsets = _apply(text, offsets, _homoglyph_edits(text))
    # the folded copy is carried through the later passes: folding is character by
    # character, so folding the edited text equals editing the folded text
    folded = fold(text)
    edits = page_break_edits(text, folded)
    # homoglyphs again at the end: a symbol split by a line break is whole only now
    for make_edits in (None, _symbol_edits, _homoglyph_edits):
        if make_edits is not None:
            edits = make_edits(text)
        if edits:
            folded = _apply_text(folded, [(s, e, fold(r)) for s, e, r in edits])
            text, offsets = _apply(text, offsets, edits)
    return NormalizedText(original=original, text=text, folded=folded, offsets=offsets)
