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

import re
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
from parsers.heap import collector_paused
from parsers.lines import (
    _H,
    _OCR_BULLET,
    _RE_H,
    _clean,
    _heading_candidates,
    _Hit,
    _is_upper,
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

# the lines _OCR_ROMAN_LINE matches, after the line break before each (see _opening_lines);
# stdlib ``re`` (with the exact class of horizontal white space): 3x faster
_OCR_ROMAN_OPENING = re.compile(f"\n(?:{_RE_H}|[*#_>])*+[IVXl1|!]{{1,5}}\\.(?={_RE_H})")

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

# the kinds whose title may go on over the next lines
_TITLED = frozenset(("chapter", "part", "article", "roman", "arabic"))

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


def _ocr_numeral(text: str) -> tuple[regex.Match[str], int] | None:
    """An OCR-spelt roman heading ("I11. TO CHUC THUC HIEN") on the line ``text``, and
    the value of its numeral: the heading counts when that is the expected numeral.

    The numeral must read as a roman numeral once "1", "l", "|", "!" are taken for "I",
    and an all-caps title must follow; an all-digit numeral ("11.") only from "II" on,
    since "11." is also an arabic number (and the expected numeral is "I" only before the
    first roman heading).
    """
    m = _OCR_ROMAN_LINE.match(text)  # _MARKUP, then _OCR_ROMAN
    if m is None:
        return None
    ident = m.group("id")
    fixed = ident.translate(_OCR_ROMAN_MAP)
    if fixed == ident:
        return None
    value = _roman_value(fixed)
    if value is None or (value < 2 and ident.isdigit()):
        return None
    title = _clean(text[m.end() :]).strip(" .:")
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 3 or not _is_upper(title):
        return None
    return m, value


def _page_noise(folded: str) -> bool:
    """OCR page furniture: "v . 2", "- 2 -", a lone page number (``folded``: a line)."""
    s = folded.strip()
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
    text, folded, starts, hits = lines.text, lines.folded, lines.starts, lines.hits
    n = len(starts)
    end = starts[k + 1] - 1 if k + 1 < n else len(text)
    head = text[starts[k] : end].strip()
    while k + 1 < last and (not out or (len(out) < 2 and upper)):
        if not title or title[-1] in ".;:!?)" or len(title) > 250:
            break
        full = width > 0 and len(head) >= 0.8 * width
        # (a match of _DANGLING, look-behind included, lies in the title's last 6 characters)
        if not (full or _DANGLING.search(fold(title[-12:]).rstrip())):
            break
        start, end = starts[k + 1], (starts[k + 2] - 1 if k + 2 < n else len(text))
        nxt = text[start:end]
        s = nxt.strip()
        if (
            not s
            or k + 1 in skip
            or s[-1] in ".;:!?"
            or k + 1 in hits  # _heading_match
            or _OCR_BULLET.match(nxt)
            or _LABEL_LIKE.match(nxt)
            or _page_noise(folded[start:end])
            or len(s) > max(width, 40) * 1.1
        ):
            break
        if upper is None:
            upper = _is_upper(title)
        if not (s[0].islower() or (upper and _is_upper(s))):
            break
        if k + 2 < last:
            after = text[starts[k + 2] : (starts[k + 3] - 1 if k + 3 < n else len(text))]
            if after.strip() and k + 2 not in hits:
                break
        out.append(k + 1)
        title = f"{title} {_clean(s)}"
        head = s
        k += 1
    return out


def _sections(
    norm: NormalizedText, lines: _Lines, first: int, last: int, skip: set[int]
) -> list[Section]:
    """Numbered sections between line ``first`` and line ``last`` (exclusive).

    One pass over the heading candidates with the line offsets and the two texts: no line
    object is made except where an OCR numeral or a wrapped title needs the lines around."""
    text, folded, starts, hits = norm.text, norm.folded, lines.starts, lines.hits
    n_lines, n_text = len(starts), len(text)
    body_end = starts[last] if last < n_lines else n_text
    stack: list[tuple[int, str, str, str, int, int]] = []  # rank, path, label, title, level, start
    width = lines.width(first, last)
    last_roman: dict[str, int] = {}  # parent path → value of the last roman heading under it
    closed: list[tuple[tuple[int, str, str, str, int, int], int]] = []  # each and its end

    dash_count: dict[tuple[str, str], int] = {}
    joined: set[int] = set()  # continuation lines of a wrapped heading
    # only a line that may open a heading (or an OCR roman one) can open a section
    ocr_roman = {k for k in _opening_lines(text, starts, _OCR_ROMAN_OPENING) if first <= k < last}
    candidates = _heading_candidates(lines, first, last)
    if not ocr_roman.issubset(candidates):
        candidates = sorted(ocr_roman.union(candidates))
    for k in candidates:
        if k in skip or k in joined:
            continue
        start = starts[k]
        end = starts[k + 1] - 1 if k + 1 < n_lines else n_text
        # _page_noise: a stripped line of at most 12 characters
        if end - start <= 12 or folded[start].isspace() or folded[end - 1].isspace():
            s = folded[start:end].strip()
            if 0 < len(s) <= 12 and _PAGE_NOISE.fullmatch(s) is not None:
                continue
        hit = hits.get(k)
        line_text = text[start:end]
        ocr = None
        roman_parent = ""
        expected = 0
        if k in ocr_roman and (hit is None or hit[0] != "roman"):
            # only a line _OCR_ROMAN_OPENING finds can be an OCR roman heading; an arabic
            # "1." is not one (its numeral would be "I" written with a digit)
            numeral = (
                None
                if hit is not None and line_text[hit[1].id_start : hit[1].id_end] == "1"
                else _ocr_numeral(line_text)
            )
            if numeral is not None:
                roman_parent = next((e[1] for e in reversed(stack) if e[0] < _ROMAN_RANK), "")
                expected = last_roman.get(roman_parent, 0) + 1
                if numeral[1] == expected:
                    ocr = numeral[0]
        elif hit is not None and hit[0] == "roman":
            roman_parent = next((e[1] for e in reversed(stack) if e[0] < _ROMAN_RANK), "")
            expected = last_roman.get(roman_parent, 0) + 1
        if ocr is not None:
            kind, h = "roman", _Hit.of(ocr)
            ident = _to_roman(expected)
        elif hit is not None:
            kind, h = hit
            ident = line_text[h.id_start : h.id_end] if h.id_start >= 0 else ""
        else:
            continue
        label_text = line_text[h.label_start : h.label_end]
        if kind == "roman":
            if not ident.isupper():
                continue
            last_roman[roman_parent] = _roman_value(ident) or expected
        elif kind == "letter" and not ident.islower():
            continue
        rank = _RANK[kind]
        if kind == "arabic":
            rank += ident.count(".")
            ident = ident.split(".")[-1]
        title = " ".join(line_text[h.end :].replace("*", " ").split()).strip(" .:")  # _clean
        if kind in _TITLED:
            title_line = k
            if kind in ("chapter", "part") and not title and k + 1 < last:
                nxt = lines[k + 1].text.strip()
                if nxt and _is_upper(nxt):
                    title = _clean(nxt)
                    title_line = k + 1
                    joined.add(k + 1)
            # (a title ending on punctuation or too long: _continuation stops at once)
            if title and title[-1] not in ".;:!?)" and len(title) <= 250:
                more = _continuation(lines, title_line, last, title, width, skip)
                for j in more:
                    title = f"{title} {_clean(lines[j].text)}"
                    joined.add(j)
            title = title.strip(" .:")
        if stack and stack[-1][0] >= rank:
            back = _rstrip_end(text, 0, start)  # each section closed ends here (or at its start)
            while stack and stack[-1][0] >= rank:
                entry = stack.pop()
                closed.append((entry, max(entry[5], back)))
        parent_path = stack[-1][1] if stack else ""
        if kind == "arabic" or kind == "roman" or kind == "letter":
            comp = ident
        elif kind == "article":
            comp = f"Điều {ident}"
            parent_path = ""  # articles are numbered through the document
        elif kind == "chapter":
            comp = f"Chương {ident}"
        elif kind == "part":
            comp = f"Mục {ident}"
        else:  # dash, plus
            key = (parent_path, kind)
            dash_count[key] = count = dash_count.get(key, 0) + 1
            comp = f"{label_text}{count}"
        path = f"{parent_path}.{comp}" if parent_path else comp
        stack.append((rank, path, label_text, title, len(stack) + 1, start))
    back = _rstrip_end(text, 0, body_end)
    while stack:
        entry = stack.pop()
        closed.append((entry, max(entry[5], back)))
    # to the original text, all at once (NormalizedText.to_original of each span), in the
    # order of (start, level), ties in the order closed
    ends = [e - 1 if e > entry[5] else entry[5] for entry, e in closed]
    o_starts = norm.offsets.take([entry[5] for entry, _ in closed])  # type: ignore[attr-defined]
    o_ends = norm.offsets.take(ends)  # type: ignore[attr-defined]
    levels = [entry[4] for entry, _ in closed]
    done = []
    for o_s, level, i in sorted(zip(o_starts, levels, range(len(closed)), strict=True)):
        entry, e = closed[i]
        done.append(Section(entry[1], entry[2], entry[3], level, o_s, o_ends[i] + (e > entry[5])))
    return done


def _rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the white space before it (not before ``start``): for
    ``end >= start``, ``max(start, _rstrip_end(text, 0, end))``."""
    lo = max(start, end - 64)
    kept = len(text[lo:end].rstrip())
    if kept or lo == start:
        return lo + kept
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def segment(norm: NormalizedText) -> SegmentedDocument:
    """Split ``norm`` into header, numbered sections, footnotes, signature, recipients."""
    # One object per line, none of them in a reference cycle: the cyclic collector pauses
    # while the lines live (parsers.heap).
    with collector_paused():
        return _segment(norm)


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
