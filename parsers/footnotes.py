"""Footnotes: typed (superscript, ``[n]``, after a rule) and OCR ones whose marker
became a plain digit or symbol; part of stage 3 (:func:`parsers.segment.segment`)."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import repeat

import regex

from parsers import codepoints
from parsers.lines import (
    _H,
    _OCR_BULLET,
    _RE_D,
    _RE_H,
    _SUPERSCRIPT,
    _clean,
    _heading_match,
    _is_upper,
    _Line,
    _Lines,
    _opening_lines,
)
from parsers.models import (
    Footnote,
    NormalizedText,
)

_MARKER_WINDOW = 6000  # an OCR footnote marker stands at most this far before its text

_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")

_SUP_RUN = regex.compile(f"[{_SUPERSCRIPT}]+")

_FOOTNOTE_SUP_LINE = regex.compile(rf"{_H}*(?P<m>[{_SUPERSCRIPT}]+){_H}*(?P<t>\S.*)")

_FOOTNOTE_BRACKET_LINE = regex.compile(rf"{_H}*\[(?P<m>\d{{1,3}})\]{_H}*(?P<t>\S.*)")

_FOOTNOTE_RULE = regex.compile(rf"{_H}*(?:-{{3,}}|_{{3,}}|\*{{3,}}){_H}*")

_FOOTNOTE_DIGIT_LINE = regex.compile(rf"{_H}*(?P<m>\d{{1,2}}){_H}+(?P<t>\p{{Lu}}.*)")

# How the lines each footnote pattern can fullmatch open (multi-line, on the whole text)
# (each after the line break before the line: see _opening_lines). Stdlib ``re`` with the
# exact spellings of the horizontal space and digit classes (parsers/lines.py): 3x faster.
_FOOTNOTE_OPENING = re.compile(f"\n{_RE_H}*+(?:---|___|\\*\\*\\*|[{_SUPERSCRIPT}]|\\[{_RE_D})")

# "\n 12 Xyz": a line opening on a number, white space and (_UPPER, checked after) a capital
# (the look-ahead holds every capital: an ASCII one or any other character)
_DIGIT_OPENING = re.compile(f"\n{_RE_H}*+({_RE_D}{{1,2}}){_RE_H}+(?=[A-Z\\x80-\\U0010ffff])")
_UPPER = regex.compile(r"\p{Lu}")


# Body markers: "[12]" (bracket style) and a digit glued to a word "Chính phủ1" (glued)
_BRACKET_MARKER = re.compile(f"\\[({_RE_D}{{1,3}})\\]")  # stdlib re: exact classes
_GLUED_MARKER = regex.compile(r"(?<=\p{Ll})(\d{1,2})(?=[\s,.;:)]|$)")


# OCR: superscript markers read as plain characters. A footnote text "2 Nghi quyét s& 18-NQ/TW…",
# "! Nghi dinh s0 45/2020/ND-CP…" (¹ read as "!"), rarely "2. Nghị quyết …" out of sequence.
_FOOTNOTE_OCR_LINE = regex.compile(rf"{_H}*(?P<m>\d{{1,2}}|[!|])(?P<dot>\.)?{_H}+(?P<t>\S.*)")

# … and its marker in the body: a digit or a symbol glued to a word: "quy dinh?;",
# "Nghi quyét?", "quy dinh® phu hop", "quy dinh* Ve", "Chính phủ1"
_OCR_MARKER = regex.compile(
    rf"(?:(?<=\p{{Ll}})(?P<d>\d{{1,2}})|(?<=\p{{L}})(?P<s>[?®*°º©™{_SUPERSCRIPT}]))"
    r"(?=[\s,.;:)]|$)"
)

# _OCR_MARKER's symbol branch alone
_OCR_SYMBOLS = f"?®*°º©™{_SUPERSCRIPT}"
_OCR_SYMBOL = regex.compile(rf"(?<=\p{{L}})[{regex.escape(_OCR_SYMBOLS)}](?=[\s,.;:)]|$)")

# A citation opening a footnote text (folded, OCR letters): "nghi quyet so 18-nq/tw", "ke hoach so"
_CITATION_WORDS = (
    r"\W*(?:ngh\S{1,2}\s*quy\S{1,3}t|ngh\S{1,2}\s*d\S{1,2}nh|quy\S{1,3}t\s*d\S{1,2}nh"
    r"|k\S{1,2}\s*ho\S{1,3}ch|th\S{1,2}ng\s*t\S{1,2}|ch\S\s*th\S|lu\S{1,2}t|c\S{1,2}ng\s*v\S{1,2}n"
    r"|k\S{1,2}t\s*lu\S{1,2}n|h\S{1,3}ng\s*d\S{1,2}n|ch\S{1,3}ng\s*tr\S{1,2}nh|d\S{1,2}\s+an"
    r"|th\S{1,2}ng\s*b\S{1,2}o|v\S{1,2}n\s*b\S{1,2}n|quy\s*ch\S{1,2}|hi\S{1,2}n\s*ph\S{1,2}p)"
    r"(?![\p{L}])"
)
_CITATION_START = regex.compile(_CITATION_WORDS)


# the lines _FOOTNOTE_OCR_LINE matches with _CITATION_START at its text, after the line break
# before each (see _opening_lines), on the folded text: folding keeps every space, digit, "!",
# "|" and "." (tests/test_segment_fast.py), and no part of this crosses a line break
_OCR_CITATION_OPENING = regex.compile(
    rf"\n{_H}*(?:\d{{1,2}}|[!|])\.?{_H}+"
    + _CITATION_WORDS.replace(r"\W*", r"[^\w\n]*")
    .replace(r"\s*", f"{_H}*")
    .replace(r"\s+", f"{_H}+")
)

# a document number in the first words: "18-NQ/TW", "45/2020/ND-CP", "226/KH-UBND"
_CITATION_NUMBER = regex.compile(r"\d{1,5}\s*[-/]\s*(?:(?:19|20)\d\d\s*/\s*)?\p{L}{2,}")


def _footnotes(norm: NormalizedText, lines: _Lines) -> tuple[list[Footnote], set[int]]:
    """Footnote texts with their body markers; also the indices of footnote lines."""
    text = norm.text
    notes: list[tuple[str, int, int, int, str]] = []  # marker, start, end, line index, style
    rule_seen = False
    starts = lines.starts
    for k in _opening_lines(text, starts, _FOOTNOTE_OPENING):
        line = lines[k]
        if _FOOTNOTE_RULE.fullmatch(line.text):
            rule_seen = True
            continue
        m = _FOOTNOTE_SUP_LINE.fullmatch(line.text)
        if m:
            notes.append((m.group("m").translate(_SUP_TO_DIGIT), line.start, line.end, k, "sup"))
            continue
        if rule_seen:
            b = _FOOTNOTE_BRACKET_LINE.fullmatch(line.text)
            if b:
                notes.append((b.group("m"), line.start, line.end, k, "bracket"))
    ocr_notes: list[Footnote] = []
    ocr_lines: set[int] = set()
    if not notes:
        ocr_notes, ocr_lines = _ocr_footnotes(norm, lines)
    # OCR: a line "1 Nghị định ..." and a digit glued to a word in the body ("Chính phủ1");
    # the body is scanned for glued digits only when such a line is there
    openings = [
        (d.group(1), d.start())
        for d in _DIGIT_OPENING.finditer("\n" + text)
        if _UPPER.match(text, d.end() - 1) is not None
    ]
    glued_index = _marker_index(text, "glued") if openings else {}
    glued = {digits: spans[-1][0] for digits, spans in glued_index.items()}  # the last one
    noted = {n[3] for n in notes}
    for digits, at in openings if glued else ():
        if digits not in glued:
            continue  # g.group("m") below is this number
        k = bisect_right(starts, at) - 1
        line = lines[k]
        g = _FOOTNOTE_DIGIT_LINE.fullmatch(line.text)
        if (
            (
                g
                and g.group("m") in glued
                and glued[g.group("m")] < line.start
                and not _is_upper(g.group("t"))
            )
            and k not in noted
            and k not in ocr_lines
        ):
            notes.append((g.group("m"), line.start, line.end, k, "glued"))
    notes.sort(key=lambda n: n[1])
    note_lines = {n[3] for n in notes} | ocr_lines
    note_spans = sorted((lines[i].start, lines[i].end) for i in note_lines)
    note_starts = [a for a, _ in note_spans]
    # per style, the body markers outside footnote texts, by marker: one scan per style
    indexes: dict[str, dict[str, tuple[list[int], list[tuple[int, int]]]]] = {}
    out: list[Footnote] = []
    for marker, s, e, k, style in notes:
        line = lines[k]
        body = _FOOTNOTE_SUP_LINE.fullmatch(line.text) or _FOOTNOTE_BRACKET_LINE.fullmatch(
            line.text
        )
        if style == "glued" or body is None:
            body = _FOOTNOTE_DIGIT_LINE.fullmatch(line.text)
        assert body is not None
        note_text = _clean(body.group("t"))
        ms = me = None
        index = indexes.get(style)
        if index is None:
            raw = glued_index if style == "glued" else _marker_index(text, style)
            index = indexes[style] = {}
            for key, spans in raw.items():
                kept = [sp for sp in spans if not _inside(note_spans, note_starts, sp[0])]
                index[key] = ([a for a, _ in kept], kept)
        cand_starts, cands = index.get(marker, ([], []))
        i = bisect_left(cand_starts, s) - 1
        if i >= 0:
            ms, me = cands[i]  # the last marker before the footnote text
        o_s, o_e = norm.to_original(s, e)
        if ms is not None and me is not None:
            om_s, om_e = norm.to_original(ms, me)
            out.append(Footnote(marker, note_text, o_s, o_e, om_s, om_e))
        else:
            out.append(Footnote(marker, note_text, o_s, o_e))
    out.extend(ocr_notes)
    out.sort(key=lambda f: f.start)
    return out, note_lines


@dataclass
class _OcrNote:
    number: int
    marker: str
    lines: list[int]  # the footnote text's lines
    more: list[int]  # its continuation on the next page, if any


class _ArabicWalk:
    """The number of the last arabic heading with a dot ("2.", not "2.1." nor "2)") before
    a line, back to 0 at each roman heading: what a loop over the heading lines in order
    would hold, leaving out the lines of the footnote texts found (``skip``, in order).
    Walked forward on demand, each heading line once."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.skip: list[tuple[int, int]] = []  # first and last line of each footnote text
        self._i = 0  # next index into lines.heads
        self._r = 0  # next index into skip
        self._value = 0

    def before(self, k: int) -> int:
        heads, skip = self.lines.heads, self.skip
        hits, starts, folded = self.lines.hits, self.lines.starts, self.lines.folded
        while self._i < len(heads) and heads[self._i] < k:
            j = heads[self._i]
            self._i += 1
            while self._r < len(skip) and skip[self._r][1] < j:
                self._r += 1
            if self._r < len(skip) and skip[self._r][0] <= j:
                continue  # a line of a footnote text
            hit = hits.get(j)  # _heading_match of the line
            if hit is not None and hit[0] == "roman":
                self._value = 0
            elif hit is not None and hit[0] == "arabic":
                h, at = hit[1], starts[j]
                if "." in folded[at + h.label_start : at + h.label_end]:
                    ident = folded[at + h.id_start : at + h.id_end]
                    if ident.isdigit():
                        self._value = int(ident)
        return self._value


def _ocr_footnotes(norm: NormalizedText, lines: _Lines) -> tuple[list[Footnote], set[int]]:
    """Footnotes of an OCR text whose superscript markers were read as plain characters.

    A footnote text is a line opening on a number and a citation ("2 Nghi quyét s&
    18-NQ/TW, ngay …", "! Nghi dinh s0 45/2020/ND-CP …" where "!" is "¹"); the numbers
    follow each other, and a number with a dot ("2. Nghị quyết …") counts only when it is
    out of the sequence of the numbered sections around it. The text goes on over the
    following lines while they fill the footnote's width (a footnote is set in a smaller
    font, so its lines are longer than the body's), and a footnote cut at the foot of a
    page without final punctuation goes on in the first block of such wide lines on the
    next page. Markers in the body are a digit or a symbol glued to a word ("quy
    dinh?;", "quy dinh®", "quy dinh*", "Chính phủ1"), matched to the footnotes in order.
    """
    width = -1  # the width of the body's lines, computed when a footnote is found
    found: list[_OcrNote] = []
    taken: set[int] = set()
    last_num = 0
    arabic = _ArabicWalk(lines)
    nxt = 0
    # only a line opening on a number and a citation can be a footnote text
    for k in _opening_lines(norm.folded, lines.starts, _OCR_CITATION_OPENING):
        if k < nxt:
            continue  # inside the footnote text found last
        line = lines[k]
        m = _FOOTNOTE_OCR_LINE.fullmatch(line.text)
        if m is None:
            continue
        num = 1 if m.group("m") in "!|" else int(m.group("m"))
        t_fold = line.folded[m.start("t") :]
        if not (
            (m.group("m") not in "!|" or last_num == 0)
            and last_num < num <= last_num + 2
            and _CITATION_START.match(t_fold)
            and _CITATION_NUMBER.search(t_fold[:100])
            and (not m.group("dot") or num != arabic.before(k) + 1)
        ):
            continue
        if width < 0:
            width = lines.width()
        group = _wide_block(lines, k, width)
        note = _OcrNote(num, str(num), group, [])
        found.append(note)
        taken.update(group)
        arabic.skip.append((k, group[-1]))
        last_num = num
        nxt = group[-1] + 1
    # continuations on the next page
    for i, note in enumerate(found):
        # the width of the footnote's lines (median: normalising may join two lines)
        widest = int(statistics.median(len(lines[j].text.strip()) for j in note.lines))
        tail = lines[note.lines[-1]].text.strip()
        if widest < 1.15 * width or len(tail) < 0.85 * widest or tail[-1] in ".;":
            continue
        stop = found[i + 1].lines[0] if i + 1 < len(found) else len(lines)
        for j in range(note.lines[-1] + 1, min(stop, note.lines[-1] + 150)):
            s = lines[j].text
            if (
                j not in taken
                and s.strip()
                and not s[0].isspace()
                and (s[0].islower() or s[0].isdigit())
                and len(s.strip()) >= 0.85 * widest
                and not lines[j - 1].text.strip()
            ):
                note.more = _wide_block(lines, j, width, widest)
                taken.update(note.more)
                break
    if not found:
        return [], set()
    markers = _assign_markers(norm.text, lines, taken, found)
    out: list[Footnote] = []
    for note, mk in zip(found, markers, strict=True):
        for group in (note.lines, note.more):
            if not group:
                continue
            first = lines[group[0]]
            g_start, g_end = first.start, lines[group[-1]].end
            m = _FOOTNOTE_OCR_LINE.fullmatch(first.text) if group is note.lines else None
            body_start = first.start + m.start("t") if m else first.start
            note_text = _clean(norm.text[body_start:g_end])
            o_s, o_e = norm.to_original(g_start, g_end)
            if mk is not None:
                om_s, om_e = norm.to_original(*mk)
                out.append(Footnote(note.marker, note_text, o_s, o_e, om_s, om_e))
            else:
                out.append(Footnote(note.marker, note_text, o_s, o_e))
    return out, taken


def _inside(spans: list[tuple[int, int]], span_starts: list[int], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, disjoint half-open ``spans``."""
    i = bisect_right(span_starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def _cites_at_start(line: _Line) -> bool:
    """``line`` opens on a number and a citation, as a footnote text does."""
    m = _FOOTNOTE_OCR_LINE.fullmatch(line.text)
    return m is not None and _CITATION_START.match(line.folded, m.start("t")) is not None


def _wide_block(lines: _Lines, k: int, width: int, widest: int = 0) -> list[int]:
    """Line ``k`` and the lines after it that continue a footnote text.

    A line goes on to the next while it is about as wide as the footnote's lines
    (``widest``, else the median of the lines so far) and does not end a sentence.
    """
    group = [k]
    sizes = [len(lines[k].text.strip())]
    j = k + 1
    while j < len(lines):
        prev = lines[j - 1].text.strip()
        nxt = lines[j]
        s = nxt.text.strip()
        ref = widest or statistics.median(sizes)
        if (
            prev.endswith(".")
            or len(prev) < 0.85 * max(ref, width)
            or not s
            or nxt.text[0].isspace()
            or _OCR_BULLET.match(nxt.text)
            or _heading_match(nxt) is not None
            or _cites_at_start(nxt)
        ):
            break
        group.append(j)
        sizes.append(len(s))
        j += 1
    return group


def _ocr_markers(text: str) -> list[tuple[int, int, str | None, str]]:
    """The matches of ``_OCR_MARKER.finditer(text)``, in order, as ``(start, end, digits,
    symbol)``, found fast: its digit branch is ``_GLUED_MARKER``, its symbol branch tried only
    at the symbols (found by one array lookup); the two branches match disjoint characters."""
    out: list[tuple[int, int, str | None, str]] = [
        (m.start(), m.end(), m.group(1), "") for m in _GLUED_MARKER.finditer(text)
    ]
    at = codepoints.find_any(text, _OCR_SYMBOLS)
    if at is None:
        found = (m for m in _OCR_SYMBOL.finditer(text))
    else:
        found = (m for m in map(_OCR_SYMBOL.match, repeat(text), at) if m is not None)
    out.extend((m.start(), m.end(), None, m.group()) for m in found)
    out.sort()
    return out


def _assign_markers(
    text: str, lines: _Lines, taken: set[int], notes: list[_OcrNote]
) -> list[tuple[int, int] | None]:
    """The body marker of each footnote: candidates in order, each before its footnote.

    Markers stand in the order of their footnotes, each at most ``_MARKER_WINDOW``
    characters before its text (about two pages); a glued digit must be the footnote's
    number, a symbol fits any. Choosing from the last footnote back, each takes the
    latest marker that fits: the most footnotes get a marker, each the nearest one.
    """
    spans = sorted((lines[j].start, lines[j].end) for j in taken)
    span_starts = [a for a, _ in spans]
    cands: list[tuple[int, int, int | None]] = []
    for pos, end, digits, symbol in _ocr_markers(text):
        if _inside(spans, span_starts, pos):
            continue
        if digits is not None:
            word = regex.search(r"\p{L}+$", text[max(0, pos - 20) : pos])
            if word is None or len(word.group()) < 2:
                continue  # "s6", "t6": an OCR "ố", not a marker
            cands.append((pos, end, int(digits)))
        else:
            sym = symbol.translate(_SUP_TO_DIGIT)
            cands.append((pos, end, int(sym) if sym.isdigit() else None))
    chosen: list[tuple[int, int] | None] = [None] * len(notes)
    limit = len(text)
    c = len(cands) - 1
    # from the last footnote back: the latest fitting marker before its text and before
    # the marker of the footnote after it (keeps the most room for the earlier ones)
    for i in range(len(notes) - 1, -1, -1):
        start = lines[notes[i].lines[0]].start
        bound = min(start, limit)
        while c >= 0 and cands[c][0] >= bound:
            c -= 1
        k = c
        while k >= 0 and start - cands[k][0] <= _MARKER_WINDOW:
            if cands[k][2] is None or cands[k][2] == notes[i].number:
                chosen[i] = (cands[k][0], cands[k][1])
                limit = cands[k][0]
                c = k - 1
                break
            k -= 1
    return chosen


def _marker_index(text: str, style: str) -> dict[str, list[tuple[int, int]]]:
    """Every body marker of a footnote ``style`` in ``text``, by marker (its digits), in
    order: one scan of the text for all markers."""
    index: dict[str, list[tuple[int, int]]] = {}
    if style == "sup":
        for m in _SUP_RUN.finditer(text):
            index.setdefault(m.group().translate(_SUP_TO_DIGIT), []).append(m.span())
        return index
    for m in _BRACKET_MARKER.finditer(text) if style == "bracket" else _GLUED_MARKER.finditer(text):
        index.setdefault(m.group(1), []).append(m.span())
    return index
