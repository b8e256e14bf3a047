"""The items of a block of a plan (dash bullets, "a)" labels, paragraphs) and the clauses of
an item, for :mod:`parsers.mandates`; offsets are those of the normalised text
(:class:`parsers.plan._Doc`)."""

from __future__ import annotations

import bisect
from typing import NamedTuple

import regex

from parsers.normalize import fold
from parsers.plan import _BULLET_BODY, BULLET, PARAGRAPH_BREAK, _Doc, squash

# :data:`BULLET` after a line break (the bullet in group ``b``): a pattern that opens with a
# literal is scanned for ten times faster than one that opens with ``^``.
BULLET_AFTER_BREAK = regex.compile(rf"\n(?P<b>{_BULLET_BODY})")


# "(Có phụ lục các nhiệm vụ trọng tâm … kèm theo)." OCR "(C6 phu luc …"
ANNEX_NOTE = regex.compile(r"^\W*\(\s*c\S{0,2}\s+ph\S{0,2}\s+l\S{0,2}c")


# Clause boundaries in an item: ";" or a full stop before a capital.
CLAUSE_BREAK = regex.compile(r";|\.(?=\s+\p{Lu})")


# A paragraph that opens the closing request (a new item even after a comma).
CLOSING_START = regex.compile(
    r"(?:ubnd|uy\s+ban)[^\n]{0,40}?(?:y\S{0,2}u\s+c\S{0,2}u|de\s+nghi)|tren\s+day\s+la"
)


# At least three letters: an item with fewer ("-", "1.", "(*)") is no item.
THREE_LETTERS = regex.compile(r"\p{L}\P{L}*\p{L}\P{L}*\p{L}")


class _Item(NamedTuple):
    """An item of a block (a tuple: made by the thousand, read-only)."""

    start: int  # normalised offsets, bullet marker excluded
    end: int
    text: str  # whitespace collapsed, footnotes removed
    bullet: bool


def _clean(doc: _Doc, start: int, end: int) -> str:
    if not doc.excluded:
        return squash(doc.text[start:end])
    pieces = []
    pos = start
    spans, _, top = doc.excluded_index()
    # the spans before the first whose running end passes ``start`` all end before it
    for s, e in spans[bisect.bisect_right(top, start) :]:
        if s >= end:
            break
        if e <= pos:
            continue
        pieces.append(doc.text[pos:s])
        pos = max(pos, e)
    if pos < end:
        pieces.append(doc.text[pos:end])
    return squash(" ".join(pieces))


def _rstripped(text: str, end: int) -> int:
    """``len(text[:end].rstrip())`` without the copy."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _items(doc: _Doc, start: int, end: int) -> list[_Item]:
    """Split ``[start, end)`` into items on bullets, else on paragraphs (remembered per span:
    section III's last items are asked for twice, by its units and by its closing request)."""
    key = (start, end, len(doc.excluded))
    known = doc.items_of.get(key)
    if known is None:
        known = doc.items_of[key] = _split_items(doc, start, end)
    return known


def _split_items(doc: _Doc, start: int, end: int) -> list[_Item]:
    text = doc.text
    if start >= end or text[start:end].isspace():
        return []  # nothing but whitespace: every item would be empty
    excluded = bool(doc.excluded)
    bullets = _bullet_spans(text, start, end)
    if excluded:
        bullets = [b for b in bullets if not doc.in_excluded(b[0])]
    cuts: list[tuple[int, int, bool]] = [(s, e, True) for s, e in bullets]
    # paragraphs: the text before the first bullet, and any paragraph that follows a
    # sentence end and starts with a capital (not a page break inside a sentence:
    # "nâng cao nhận thức của\n\ncán bộ")
    first = bullets[0][0] if bullets else end
    if start < first:
        cuts.append((start, start, False))
    bullet_starts = {s for s, _e in bullets}
    ex_spans, ex_starts, top = doc.excluded_index() if excluded else ([], [], [])
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end or nxt in bullet_starts or (excluded and doc.in_excluded(nxt)):
            continue
        k = _rstripped(text, m.start())
        # skip a footnote just before: the spans from the last back, as long as one may
        # still end at ``k`` (``top``: the running maximum of the ends)
        i = bisect.bisect_left(ex_starts, k) - 1
        while i >= 0 and top[i] + 1 >= k:
            fs, fe = ex_spans[i]
            if fs < k <= fe + 1:
                k = _rstripped(text, fs)
            i -= 1
        sentence_end = k and text[k - 1] in ".;:!?"
        if (sentence_end and (text[nxt].isupper() or text[nxt] == "(")) or (
            CLOSING_START.match(doc.folded, nxt)
        ):
            cuts.append((nxt, nxt, False))
    cuts.sort()
    out = []
    ends = [c[0] for c in cuts[1:]]
    ends.append(end)
    for (_cut, s, is_bullet), e in zip(cuts, ends, strict=True):
        body = text[s:e]  # without the white space at its ends (``str.strip``: ``isspace``)
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        s += lead
        e = s + len(body)
        if s >= e:
            continue
        if excluded:
            if doc.within_excluded(s, e):
                continue
            body = _clean(doc, s, e)
        else:
            body = squash(body)
        if THREE_LETTERS.search(body) is None or ("(" in body and ANNEX_NOTE.match(fold(body))):
            continue
        out.append(_Item(s, e, body, is_bullet))
    return out


def _bullet_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``BULLET.finditer(text, start, end)``: at ``start`` if a line starts
    there, then after each line break (a bullet never spans a line break)."""
    out = []
    if start == 0 or text[start - 1] == "\n":
        m = BULLET.match(text, start, end)
        if m is not None:
            out.append(m.span())
    out.extend(m.span("b") for m in BULLET_AFTER_BREAK.finditer(text, start, end))
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of an item's text (split on ";" and sentence ends)."""
    spans, pos = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in " .;":
            e -= 1
        if e > s:
            out.append((s, e))
    return out
