"""Stage 3: segment a normalised document into header, sections, footnotes,
signature block and recipients ("Nơi nhận").

Public verb: :func:`segment`. Matching runs on ``norm.folded`` (so OCR text
without diacritics segments too) and on ``norm.text`` where case matters; every
span in the result is an offset into the ORIGINAL text (``norm.to_original``).

OCR text (Tesseract, no diacritics) gets extra care: roman numerals misread as
"I11."/"Il."/"V1." count when they are the next sibling's numeral and an all-caps
title follows; footnote texts whose superscript marker became a plain digit or "!"
("2 Nghi quyét s& 18-NQ/TW …") are footnotes, not sections, with their body markers
("quy dinh?", "quy dinh®"); wrapped headings keep their second line; page noise
("v . 2", "- 2 -") is skipped; and a header that lost its "Số", date and type lines
takes its title from a stand-alone first line and its type from the opening.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import regex

from parsers.footnotes import _footnotes
from parsers.header import (
    DOC_TYPES,
    HEADER_ZONE,
    _header,
    _recipients,
    _signature,
)
from parsers.lines import (
    _H,
    _OCR_BULLET,
    _clean,
    _heading_candidates,
    _heading_match,
    _Hit,
    _is_upper,
    _Line,
    _Lines,
    _lines,
    _opening_lines,
)
from parsers.models import (
    NormalizedText,
    Section,
    SegmentedDocument,
)
from parsers.normalize import fold

__all__ = ["DOC_TYPES", "HEADER_ZONE", "segment"]

# OCR roman numerals: "I11." for "III.", "Il.", "1I.", "lV.", "V1." (tried on the text).
_OCR_ROMAN = regex.compile(rf"(?P<label>(?P<id>[IVXl1|!]{{1,5}})\.)(?={_H})")

_OCR_ROMAN_LINE = regex.compile(rf"[\s*#_>]*+(?P<label>(?P<id>[IVXl1|!]{{1,5}})\.)(?={_H})")

# what _OCR_ROMAN_LINE opens on, after the line break before the line (see _opening_lines)
_OCR_ROMAN_OPENING = regex.compile(r"\n(?:[^\S\n]|[*#_>])*+[IVXl1|!]")

_OCR_ROMAN_MAP = str.maketrans("l1|!", "IIII")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}

# Page noise an OCR engine leaves between pages: "v . 2", "- 2 -", "10", "Trang 3", "2/10"
_PAGE_NOISE = regex.compile(
    r"[^\p{L}\d]*(?:[ivxl]|trang|page)?[^\p{L}\d]*\d{1,4}(?:[^\p{L}\d]*/[^\p{L}\d]*\d{1,4})?"
    r"[^\p{L}\d.)]*"
)

# Words a wrapped heading line may end on: "… và", "… của", "… các", "…,"
_DANGLING = regex.compile(
    r"(?:,|-|(?<![\p{L}])(?:va|cua|cac|ve|trong|voi|cho|tai|tren|hoac|nhung|doi|theo|de))$"
)

_RANK = {"chapter": 0, "part": 1, "article": 2, "roman": 3, "arabic": 4, "letter": 20, "dash": 21,
         "plus": 22}  # fmt: skip

_ROMAN_RANK = _RANK["roman"]

# a line opening on something like a label: "1I. NHIỆM VỤ", "l. MỤC ĐÍCH", "(2)"
_LABEL_LIKE = regex.compile(rf"{_H}*(?:[\w|!]{{1,5}}[.)]|\(\w{{1,3}}\)){_H}")


@dataclass
class _Open:
    """A section whose end is not known yet."""

    rank: int
    path: str
    label: str
    title: str
    level: int
    start: int


def _roman_value(s: str) -> int | None:
    """``III`` → 3, ``IV`` → 4; None when ``s`` is not a well-formed numeral up to 39."""
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total if 0 < total < 40 and _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = []
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


def _ocr_roman(line: _Line, expected: int) -> regex.Match[str] | None:
    """An OCR-spelt roman heading ("I11. TO CHUC THUC HIEN") that is the expected numeral.

    The numeral must read as ``expected`` once "1", "l", "|", "!" are taken for "I",
    and an all-caps title must follow; an all-digit numeral ("11.") only after the
    first roman heading, since "11." is also an arabic number.
    """
    m = _OCR_ROMAN_LINE.match(line.text)  # _MARKUP, then _OCR_ROMAN
    if m is None:
        return None
    ident = m.group("id")
    fixed = ident.translate(_OCR_ROMAN_MAP)
    if fixed == ident or _roman_value(fixed) != expected:
        return None
    if ident.isdigit() and expected < 2:
        return None
    title = _clean(line.text[m.end() :]).strip(" .:")
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 3 or not _is_upper(title):
        return None
    return m


def _is_page_noise(line: _Line) -> bool:
    """OCR page furniture: "v . 2", "- 2 -", a lone page number."""
    s = line.folded.strip()
    return 0 < len(s) <= 12 and _PAGE_NOISE.fullmatch(s) is not None


def _continuation(
    lines: _Lines, k: int, last: int, title: str, width: int, skip: set[int]
) -> list[int]:
    """Lines after heading line ``k`` that continue its title (a wrapped heading).

    "1. Công tác chỉ đạo, … và kiểm tra cải\ncách hành chính\n\na) …": the heading
    line fills the width of the page (or ends on "và", "của", ","), has no final
    punctuation, and the next line starts in lower case (or both are upper case),
    is not a numbered item nor a bullet, ends without punctuation and is followed by
    a blank line, a heading or the end of the body.
    """
    out: list[int] = []
    upper: bool | None = None  # _is_upper(title), computed when first needed
    head = lines[k].text.strip()
    while k + 1 < last and (not out or (len(out) < 2 and upper)):
        if not title or title[-1] in ".;:!?)" or len(title) > 250:
            break
        full = width > 0 and len(head) >= 0.8 * width
        if not (full or _DANGLING.search(fold(title).rstrip())):
            break
        nxt = lines[k + 1]
        s = nxt.text.strip()
        if (
            not s
            or k + 1 in skip
            or s[-1] in ".;:!?"
            or _heading_match(nxt) is not None
            or _OCR_BULLET.match(nxt.text)
            or _LABEL_LIKE.match(nxt.text)
            or _is_page_noise(nxt)
            or len(s) > max(width, 40) * 1.1
        ):
            break
        if upper is None:
            upper = _is_upper(title)
        if not (s[0].islower() or (upper and _is_upper(s))):
            break
        after = lines[k + 2] if k + 2 < last else None
        if after is not None and after.text.strip() and _heading_match(after) is None:
            break
        out.append(k + 1)
        title = f"{title} {_clean(s)}"
        head = s
        k += 1
    return out


def _sections(
    norm: NormalizedText, lines: _Lines, first: int, last: int, skip: set[int]
) -> list[Section]:
    """Numbered sections between line ``first`` and line ``last`` (exclusive)."""
    body_end = lines[last].start if last < len(lines) else len(norm.text)
    stack: list[_Open] = []
    width = lines.width(first, last)
    last_roman: dict[str, int] = {}  # parent path → value of the last roman heading under it

    closed: list[tuple[_Open, int]] = []  # each section and its end (normalised text)

    def close(entry: _Open, end: int) -> None:
        closed.append((entry, max(entry.start, _rstrip_end(norm.text, entry.start, end))))

    dash_count: dict[tuple[str, str], int] = {}
    joined: set[int] = set()  # continuation lines of a wrapped heading
    # only a line that may open a heading (or an OCR roman one) can open a section
    ocr_roman = {
        k for k in _opening_lines(norm.text, lines.starts, _OCR_ROMAN_OPENING) if first <= k < last
    }
    candidates = _heading_candidates(lines, first, last)
    if not ocr_roman.issubset(candidates):
        candidates = sorted(ocr_roman.union(candidates))
    for k in candidates:
        if k in skip or k in joined:
            continue
        line = lines[k]
        if _is_page_noise(line):
            continue
        hit = _heading_match(line)
        ocr = None
        roman_parent = ""
        expected = 0
        if k in ocr_roman or (hit is not None and hit[0] == "roman"):
            roman_parent = next((e.path for e in reversed(stack) if e.rank < _ROMAN_RANK), "")
            expected = last_roman.get(roman_parent, 0) + 1
            # only a line _OCR_ROMAN_OPENING finds can be an OCR roman heading
            if k in ocr_roman and (hit is None or hit[0] != "roman"):
                ocr = _ocr_roman(line, expected)
        if ocr is not None:
            kind, h = "roman", _Hit.of(ocr)
            ident = _to_roman(expected)
        elif hit is not None:
            kind, h = hit
            ident = line.text[h.id_start : h.id_end] if h.id_start >= 0 else ""
        else:
            continue
        label_text = line.text[h.label_start : h.label_end]
        if kind == "roman" and not ident.isupper():
            continue
        if kind == "letter" and not ident.islower():
            continue
        rank = _RANK[kind]
        if kind == "arabic":
            rank += ident.count(".")
            ident = ident.split(".")[-1]
        if kind == "roman":
            last_roman[roman_parent] = _roman_value(ident) or expected
        title = _clean(line.text[h.end :]).strip(" .:")
        title_line = k
        if kind in ("chapter", "part") and not title and k + 1 < last:
            nxt = lines[k + 1].text.strip()
            if nxt and _is_upper(nxt):
                title = _clean(nxt)
                title_line = k + 1
                joined.add(k + 1)
        if kind in ("chapter", "part", "article", "roman", "arabic"):
            # (a title ending on punctuation or too long: _continuation stops at once)
            if title and title[-1] not in ".;:!?)" and len(title) <= 250:
                more = _continuation(lines, title_line, last, title, width, skip)
                for j in more:
                    title = f"{title} {_clean(lines[j].text)}"
                    joined.add(j)
            title = title.strip(" .:")
        while stack and stack[-1].rank >= rank:
            close(stack.pop(), line.start)
        parent_path = stack[-1].path if stack else ""
        if kind == "chapter":
            comp = f"Chương {ident}"
        elif kind == "part":
            comp = f"Mục {ident}"
        elif kind == "article":
            comp = f"Điều {ident}"
            parent_path = ""  # articles are numbered through the document
        elif kind in ("dash", "plus"):
            key = (parent_path, kind)
            dash_count[key] = dash_count.get(key, 0) + 1
            comp = f"{label_text}{dash_count[key]}"
        else:
            comp = ident
        path = f"{parent_path}.{comp}" if parent_path else comp
        level = len(stack) + 1
        stack.append(_Open(rank, path, label_text, title, level, line.start))
    while stack:
        close(stack.pop(), body_end)
    # to the original text, all at once (NormalizedText.to_original of each span)
    ends = [e - 1 if e > entry.start else entry.start for entry, e in closed]
    o_starts = norm.offsets.take([entry.start for entry, _ in closed])  # type: ignore[attr-defined]
    o_ends = norm.offsets.take(ends)  # type: ignore[attr-defined]
    done = [
        Section(entry.path, entry.label, entry.title, entry.level, o_s, o_e + (e > entry.start))
        for (entry, e), o_s, o_e in zip(closed, o_starts, o_ends, strict=True)
    ]
    done.sort(key=lambda d: (d.start, d.level))
    return done


def _rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the white space before it (not before ``start``)."""
    lo = max(start, end - 64)
    kept = len(text[lo:end].rstrip())
    if kept or lo == start:
        return lo + kept
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def segment(norm: NormalizedText) -> SegmentedDocument:
    """Split ``norm`` into header, numbered sections, footnotes, signature, recipients."""
    # One object per line, none of them in a reference cycle: the cyclic collector would
    # walk them all again and again while they pile up (bench/growth.py: exponent 1.15
    # with it, 1.06 without), so it pauses while the lines live.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _segment(norm)
    finally:
        if enabled:
            gc.enable()


def _segment(norm: NormalizedText) -> SegmentedDocument:
    lines = _lines(norm)
    header, first = _header(norm, lines)
    recipients, rec_start, rec_line = _recipients(norm, lines, first)
    signature, sig_line = _signature(norm, lines, first, rec_line)
    footnotes, note_lines = _footnotes(norm, lines)
    ends = [i for i in (rec_line, sig_line) if i is not None and i >= first]
    last = min(ends) if ends else len(lines)
    sections = _sections(norm, lines, first, last, note_lines)
    return SegmentedDocument(
        header=header,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        signature=signature,
        recipients=recipients,
        recipients_start=rec_start,
    )
