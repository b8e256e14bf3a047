"""Checks on the draft's structure: numbering, footnotes, header elements."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from graph.checks.base import Check, CheckContext, Finding, register, source_name
from parsers.models import Section

ND30 = source_name("nd30")

# --------------------------------------------------------------------------- numbering

# Points are lettered in the order of the Vietnamese alphabet (Nghị định 30/2020/NĐ-CP,
# Phụ lục I): a, b, c, d, đ, e, g, h, i, k … Many drafts use the Latin order (d, e, f):
# both are accepted as "the next letter"; the suggestion follows the Vietnamese one.
VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_ROMAN = regex.compile(r"(?P<v>[IVXLC]+)\s*[.):]?")
_ARABIC = regex.compile(r"(?:\d+\.)*(?P<v>\d+)\s*[.):]?")
_LETTER = regex.compile(r"(?P<v>[a-zđ])\s*[.)]")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if int_to_roman(total) == s else None


def int_to_roman(n: int) -> str:
    out = []
    for v, r in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


@dataclass(frozen=True)
class Label:
    """A section label read as a kind and a value: ``("roman", 3)`` for ``III.``."""

    kind: str  # roman, arabic, letter
    value: int  # position: 1-based
    core: str  # "III", "4", "c"
    punct: str  # what follows the core in the source: ".", ")"


def parse_label(label: str) -> Label | None:
    s = label.strip()
    m = _ROMAN.fullmatch(s)
    if m:
        n = roman_to_int(m["v"])
        if n:
            return Label("roman", n, m["v"], s[len(m["v"]) :].strip())
    m = _ARABIC.fullmatch(s)
    if m:
        return Label("arabic", int(m["v"]), m["v"], s[m.end("v") :].strip())
    m = _LETTER.fullmatch(s)
    if m:
        return Label(
            "letter",
            VI_LETTERS.index(m["v"]) + 1
            if m["v"] in VI_LETTERS
            else LATIN_LETTERS.index(m["v"]) + 1,
            m["v"],
            s[m.end("v") :].strip(),
        )
    return None  # "-", "+", "*" and anything unnumbered


def _next_cores(prev: Label) -> set[str]:
    if prev.kind == "letter":
        out = set()
        for alphabet in (VI_LETTERS, LATIN_LETTERS):
            k = alphabet.find(prev.core)
            if 0 <= k < len(alphabet) - 1:
                out.add(alphabet[k + 1])
        return out
    if prev.kind == "roman":
        return {int_to_roman(prev.value + 1)}
    return {str(prev.value + 1)}


def _expected_core(prev: Label | None, kind: str) -> str:
    if prev is None:
        return {"roman": "I", "arabic": "1", "letter": "a"}[kind]
    if prev.kind == "letter":
        k = VI_LETTERS.find(prev.core)
        if 0 <= k < len(VI_LETTERS) - 1:
            return VI_LETTERS[k + 1]
        k = LATIN_LETTERS.find(prev.core)
        return LATIN_LETTERS[min(k + 1, len(LATIN_LETTERS) - 1)]
    if prev.kind == "roman":
        return int_to_roman(prev.value + 1)
    return str(prev.value + 1)


def _first_cores(kind: str) -> set[str]:
    return {"roman": {"I"}, "arabic": {"1"}, "letter": {"a"}}[kind]


def _with_punct(core: str, like: Label) -> str:
    return f"{core}{like.punct or '.'}"


def _sibling_groups(ctx: CheckContext) -> Iterator[list[tuple[Section, Label]]]:
    """Numbered sections grouped by parent, level and kind of label, in text order."""
    groups: dict[tuple[int, int, str], list[tuple[Section, Label]]] = defaultdict(list)
    for s in ctx.sections:
        lab = parse_label(s.label)
        # a bare "2" (no "." or ")") is an OCR footnote or page number more often than a
        # section; a section inside a footnote text is not part of the numbering
        if lab is None or not lab.punct or ctx.seg.in_footnote(s.start):
            continue
        parent = ctx.parent_of(s)
        key = (parent.start if parent else -1, s.level, lab.kind)
        groups[key].append((s, lab))
    yield from groups.values()


def _child_path(parent_path: str | None, core: str) -> str:
    return f"{parent_path}.{core}" if parent_path else core


# an amending text quotes the points it replaces: "… điểm c khoản 2 như sau:\n“c) …"
_QUOTE_CONTEXT = regex.compile(r"(?:nhu\s+sau\s*:|[“\"])[\s“\"]*$")


def _quoted(ctx: CheckContext, s: Section) -> bool:
    """Whether ``s`` opens a quoted passage of an amending text (its numbering is not ours)."""
    lo = bisect.bisect_left(ctx.norm.offsets, max(0, s.start - 200))
    hi = bisect.bisect_left(ctx.norm.offsets, s.start)
    return bool(_QUOTE_CONTEXT.search(ctx.norm.folded, lo, hi))


# an appendix or a form restarts the numbering: "PHỤ LỤC I", "Mẫu số 01"
_APPENDIX = regex.compile(r"(?m)^[^\S\n]*(?:phu\s+luc|mau(?:\s+so)?\s+\w)")


def _appendix_between(ctx: CheckContext, start: int, end: int) -> bool:
    lo = bisect.bisect_left(ctx.norm.offsets, start)
    hi = bisect.bisect_left(ctx.norm.offsets, end)
    return bool(_APPENDIX.search(ctx.norm.folded, lo, hi))


@register
class NumberingGap(Check):
    code = "numbering-gap"
    source_ids = ("nd30",)
    severity = "warning"
    source = f"{ND30}, Phụ lục I (bố cục nội dung văn bản: phần, mục, khoản, điểm)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for group in _sibling_groups(ctx):
            prev: Label | None = None
            prev_start = 0
            for s, lab in group:
                parent = ctx.parent_of(s)
                ppath = parent.path if parent else None
                if prev is None:
                    ok = lab.core in _first_cores(lab.kind)
                else:
                    ok = lab.core in _next_cores(prev)
                if (
                    not ok
                    and not _quoted(ctx, s)
                    and not (
                        prev is not None
                        and lab.value == 1
                        and _appendix_between(ctx, prev_start, s.start)
                    )
                ):
                    yield self._finding(ctx, s, lab, prev, ppath)
                prev, prev_start = lab, s.start

    def _finding(
        self, ctx: CheckContext, s: Section, lab: Label, prev: Label | None, ppath: str | None
    ) -> Finding:
        expected = _expected_core(prev, lab.kind)
        exp_label = _with_punct(expected, lab)
        found_path = _child_path(ppath, lab.core)
        exp_path = _child_path(ppath, expected)
        ls, le = ctx.line_span(s.start)
        end = min(le, max(s.start + len(s.label), ls))
        prev_path = _child_path(ppath, prev.core) if prev is not None else None
        if prev is not None and prev.core == lab.core:
            kind = "repeated"
        elif prev is None:
            kind = "late-start"
        elif lab.value == 1 and prev.value > 1:
            kind = "restart"
        else:
            kind = "gap"
        text = self.msg(kind, found=found_path, expected=exp_path, previous=prev_path)
        return ctx.finding(self, s.start, end, text, suggestion=exp_label, section=s.path)


# --------------------------------------------------------------------------- footnotes

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
# "tỉnh¹", "Kế hoạch²", markdown "[^3]" (not "[3]": forms number their fields so)
_MARKER = regex.compile(rf"(?P<sup>[{_SUPERSCRIPTS}]+)|(?<=\S)\[\^(?P<br>\d{{1,3}})\](?!:)")
# a footnote text: a line starting with a marker: "¹ Kế hoạch số …", "[^1]: …"
_FOOTNOTE_LINE = regex.compile(
    rf"(?m)^[ \t]*(?:(?P<sup>[{_SUPERSCRIPTS}]+)|\[\^(?P<br>\d{{1,3}})\]:)[ \t]*\S"
)
# "m²", "km²": units, not markers
_UNIT_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:[kcdm]?m|ha)$")


def marker_key(marker: str) -> str:
    """A footnote marker as plain digits: "¹" → "1", "[^12]" → "12"."""
    s = marker.translate(_SUP_TO_DIGIT)
    digits = regex.sub(r"\D", "", s)
    return digits or s.strip()


@register
class FootnoteOrphan(Check):
    code = "footnote-orphan"
    source_ids = ("nd30",)
    severity = "warning"
    source = f"{ND30}, Phụ lục I (ghi chú, chú thích trong nội dung văn bản)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        text = ctx.text
        # footnote texts: the segmenter's, and any line that starts with a marker
        defs: dict[str, tuple[int, int]] = {}
        called: set[str] = set()
        for f in ctx.seg.footnotes:
            key = marker_key(f.marker)
            defs.setdefault(key, (f.start, f.end))
            if f.marker_start is not None:
                called.add(key)
        def_spans: list[tuple[int, int]] = [(f.start, f.end) for f in ctx.seg.footnotes]
        for m in _FOOTNOTE_LINE.finditer(text):
            key = marker_key(m["sup"] or m["br"])
            s = m.start("sup") if m["sup"] else m.start()
            le = ctx.line_span(s)[1]
            defs.setdefault(key, (s, le))
            def_spans.append((s, le))
        # markers in the body
        refs: list[tuple[str, int, int]] = []
        for m in _MARKER.finditer(text):
            s, e = m.span()
            if any(a <= s < b for a, b in def_spans):
                continue
            ls = ctx.line_span(s)[0]
            if not text[ls:s].strip():
                continue  # a marker opening a line is a footnote text, handled above
            if m["sup"] and _UNIT_BEFORE.search(text[max(0, s - 4) : s]):
                continue
            refs.append((marker_key(m.group()), s, e))
        called.update(k for k, _, _ in refs)
        for key, s, e in refs:
            if key not in defs:
                yield ctx.finding(
                    self,
                    s,
                    e,
                    text=self.msg("no-text", marker=m_disp(key)),
                    suggestion=None,
                )
        for key, (s, e) in sorted(defs.items(), key=lambda kv: kv[1]):
            if key not in called:
                ls, le = ctx.line_span(s)
                yield ctx.finding(
                    self,
                    s,
                    min(e, le) if e > s else le,
                    text=self.msg("not-called", marker=m_disp(key)),
                    suggestion=None,
                    section=None,
                )


def m_disp(key: str) -> str:
    return f"({key})"


# --------------------------------------------------------------------------- header

_SO_LINE = regex.compile(r"(?im)^[ \t*]*(?:số|so)\s*[:.]")


@register
class HeaderIncomplete(Check):
    code = "header-incomplete"
    source_ids = ("nd30",)
    severity = "info"
    source = f"{ND30}, Điều 8 (thể thức văn bản) và Phụ lục I"

    ELEMENTS = ("number", "date", "place", "signer")  # named by checks.header-incomplete.<e>

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        hdr = ctx.seg.header
        sig = ctx.seg.signature
        present = {
            "number": bool(hdr.number),
            "date": hdr.date is not None,
            "place": bool(hdr.place),
            "signer": bool(sig and sig.signer),
        }
        missing = [e for e in self.ELEMENTS if not present[e]]
        if not missing:
            return
        start, end = self._where(ctx, missing)
        yield ctx.finding(
            self,
            start,
            end,
            text=self.msg("lacks", missing=tuple(self.msg(e) for e in missing)),
            suggestion=None,
            section=None,
        )

    @staticmethod
    def _where(ctx: CheckContext, missing: list[str]) -> tuple[int, int]:
        text = ctx.text
        hdr = ctx.seg.header
        sig = ctx.seg.signature
        if missing == ["signer"] and sig is not None and sig.end > sig.start:
            _ls, le = ctx.line_span(sig.start)
            return sig.start, le
        lo, hi = (hdr.start, hdr.end) if hdr.end > hdr.start else (0, min(len(text), 1500))
        if "number" in missing:
            m = _SO_LINE.search(text, lo, hi)
            if m:
                s = m.start() + len(m.group()) - len(m.group().lstrip(" \t*"))
                return s, ctx.line_span(s)[1]
        m = regex.compile(r"\S").search(text, lo, max(hi, lo + 1)) or regex.compile(r"\S").search(
            text
        )
        s = m.start() if m else 0
        return s, ctx.line_span(s)[1]
