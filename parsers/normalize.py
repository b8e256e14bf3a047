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
from collections.abc import Iterator

import regex

from parsers.models import NormalizedText
from parsers.offsets import OffsetMap

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

# One line of a gazette page break, matched on the folded line.
# "CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024", "7   CÔNG BÁO/Số 271/Ngày 12-05-2026   8"
_HEADER_BODY = (
    r"cong[^\S\n]*bao[^\S\n]*/[^\S\n]*so[^\S\n]*\d{1,5}(?:[^\S\n]*\+[^\S\n]*\d{1,5}){0,3}"
    r"[^\S\n]*/[^\S\n]*ngay[^\S\n]*\d{1,2}[^\S\n]*-[^\S\n]*\d{1,2}[^\S\n]*-[^\S\n]*\d{4,5}"
)
_PAGE_HEADER = regex.compile(
    rf"[^\S\n]*(?:\d{{1,4}}[^\S\n]+)?{_HEADER_BODY}[^\S\n]*(?:\d{{1,4}}[^\S\n]*)?"
)
_PAGE_NUMBER = regex.compile(r"\s*\d{1,4}\s*")
_BLANK = regex.compile(r"\s*")
# digital-signature stamp of the gazette PDFs:
# "Ký bởi: CÔNG BÁO NƯỚC …" / "Người ký: Cổng Thông tin điện tử Chính phủ"
_STAMP_START = regex.compile(r"\s*(?:ky boi|nguoi ky)\s*:.*")
# "Email: thongtinchinhphu@chinhphu.vn", "Cơ quan: Văn phòng Chính phủ"
_STAMP_MIDDLE = regex.compile(r"\s*(?:email\s*:\s*\S+@\S+|co quan\s*:\s*van phong chinh phu)\s*")
# "Thời gian ký: 23.12.2020 10:45:09 +07:00", "Ngày ký: 2026-06-02 08:06:58 +07:00"
_STAMP_END = regex.compile(r"\s*(?:thoi gian ky|ngay ky)\s*:\s*\d.*")
# where to look: a header line or the first line of a stamp (folded text)
_PAGE_BREAK_CORE = regex.compile(
    rf"(?m)^[^\S\n]*(?:(?:\d{{1,4}}[^\S\n]+)?{_HEADER_BODY}|(?:ky boi|nguoi ky)[^\S\n]*:)"
)

# A literal part of every header line, found fast (see _page_break_cores)
_PAGE_BREAK_HINT = regex.compile(r"cong[^\S\n]*bao")

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


def fold(text: str) -> str:
    """Diacritic-folded, lower-case copy of ``text`` with the same length."""
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
    while pos < n:
        t = _TRIGGER.search(text, pos)
        if t is None:
            return
        m = _SPECIAL.search(text, max(pos, t.start() - 1))
        if m is None:
            return
        yield m
        pos = m.end()


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
    if not any(ch in text for ch in HOMOGLYPHS):  # fast: one C scan per character
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


def _line_span(text: str, pos: int) -> tuple[int, int]:
    """The line holding ``pos``: start and end (the end excludes the ``\\n``)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_junk(line: str) -> bool:
    """A folded line that may stand in a page break."""
    return bool(
        _BLANK.fullmatch(line)
        or _PAGE_NUMBER.fullmatch(line)
        or _PAGE_HEADER.fullmatch(line)
        or _STAMP_START.fullmatch(line)
        or _STAMP_MIDDLE.fullmatch(line)
        or _STAMP_END.fullmatch(line)
    )


def _page_break_cores(folded: str) -> Iterator[regex.Match[str]]:
    """The matches of ``_PAGE_BREAK_CORE.finditer(folded)``, found fast.

    The pattern matches at a line start only, within that line, and its line holds
    "cong … bao", "ky boi" or "nguoi ky": those lines are found by fast literal searches
    and the pattern is tried at their starts, in order.
    """
    starts = {folded.rfind("\n", 0, m.start()) + 1 for m in _PAGE_BREAK_HINT.finditer(folded)}
    for word in ("ky boi", "nguoi ky"):
        i = folded.find(word)
        while i >= 0:
            starts.add(folded.rfind("\n", 0, i) + 1)
            i = folded.find(word, i + 1)
    for ls in sorted(starts):
        m = _PAGE_BREAK_CORE.match(folded, ls)
        if m is not None:
            yield m


def _page_break_edits(text: str, folded: str | None = None) -> list[_Edit]:
    """Pass 3: runs of page-break lines that hold a page header or a signature stamp."""
    if folded is None:
        folded = fold(text)
    if "cong" not in folded and " ky" not in folded:
        return []
    n = len(text)
    runs: list[tuple[int, int]] = []  # [first line start, last line end]
    for m in _page_break_cores(folded):
        if runs and m.start() <= runs[-1][1]:
            continue  # already inside a run
        start, end = _line_span(text, m.start())
        if _STAMP_START.fullmatch(folded[start:end]):  # a stamp must be complete
            probe = end
            while probe < n:
                s2, e2 = _line_span(text, probe + 1)
                line = folded[s2:e2]
                if _STAMP_MIDDLE.fullmatch(line):
                    probe = e2
                    continue
                if not _STAMP_END.fullmatch(line):
                    probe = -1
                break
            if probe < 0 or probe >= n:
                continue
        if runs and start <= runs[-1][1] + 1:  # inside or right after the previous run
            start = runs[-1][0]
            runs.pop()
        # extend over junk lines on both sides
        while start > 0:
            s2, e2 = _line_span(text, start - 1)
            if not _is_junk(folded[s2:e2]):
                break
            start = s2
        while end < n:
            s2, e2 = _line_span(text, end + 1)
            if not _is_junk(folded[s2:e2]):
                break
            end = e2
        if runs and start <= runs[-1][1] + 1:
            start = runs[-1][0]
            runs.pop()
        runs.append((start, end))
    edits: list[_Edit] = []
    for start, end in runs:
        if start == 0:
            edits.append((0, min(end + 1, n), ""))
        elif end >= n:
            edits.append((start - 1, n, ""))
        else:
            edits.append((start - 1, end + 1, "\n"))
    return edits


def _symbol_edits(text: str) -> list[_Edit]:
    """Pass 4: line breaks and stray spaces inside document symbols."""
    edits: list[_Edit] = []
    for m in _SYMBOL_CHAIN.finditer(text):
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
    edits = _page_break_edits(text, folded)
    # homoglyphs again at the end: a symbol split by a line break is whole only now
    for make_edits in (None, _symbol_edits, _homoglyph_edits):
        if make_edits is not None:
            edits = make_edits(text)
        if edits:
            folded = _apply_text(folded, [(s, e, fold(r)) for s, e, r in edits])
            text, offsets = _apply(text, offsets, edits)
    return NormalizedText(original=original, text=text, folded=folded, offsets=offsets)
