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

import statistics
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import regex

from parsers.models import (
    Footnote,
    Header,
    NormalizedText,
    Section,
    SegmentedDocument,
    Signature,
)
from parsers.normalize import fold

# Document type line (folded) → type code. Longest names first.
DOC_TYPES: dict[str, str] = {
    "thong tu lien tich": "TTLT",
    "nghi quyet": "NQ",
    "nghi dinh": "NĐ",
    "quyet dinh": "QĐ",
    "thong tu": "TT",
    "chi thi": "CT",
    "ke hoach": "KH",
    "ket luan": "KL",
    "huong dan": "HD",
    "bao cao": "BC",
    "thong bao": "TB",
    "chuong trinh": "CTr",
    "de an": "ĐA",
    "to trinh": "TTr",
    "cong van": "CV",
    "bo luat": "BLUAT",
    "luat": "LUAT",
    "phap lenh": "PL",
    "hien phap": "HP",
}

HEADER_ZONE = 4000  # characters of normalised text searched for the header

_H = r"[^\S\n]"  # horizontal white space

# "Số: 02 /KH-UBND", "Số: /KH-UBND", OCR "Sé: 04/KH-UBND", "S6:", "Luật số: 56/2020/QH14"
_NUMBER_LINE = regex.compile(
    rf"(?<![\p{{L}}\d])s[o0-9e]{_H}*[:;]{_H}*(?P<num>\d{{1,5}})?{_H}*"
    rf"(?:/{_H}*(?P<year>(?:19|20)\d\d){_H}*)?/{_H}*(?P<sym>[\p{{L}}\d]+(?:[-/][\p{{L}}\d]+)*)"
)
# "Lạng Sơn, ngày 04 tháng 01 năm 2023", OCR "ngay 09 thang 01 nam 2024" (folded)
_PLACE_DATE = regex.compile(
    rf"(?P<pre>[^\n,]{{0,60}}),{_H}*ngay{_H}*(?P<d>\d{{1,2}}){_H}*thang{_H}*(?P<m>\d{{1,2}})"
    rf"{_H}*nam{_H}*(?P<y>\d{{4}})"
)
_PLACE_TAIL = regex.compile(r"(?:(?:TP|Tp|tp)\.\s*)?\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3}\s*$")
_TYPE_LINE = regex.compile(
    rf"{_H}*(?P<type>{'|'.join(k.replace(' ', f'{_H}+') for k in DOC_TYPES)})"
    rf"(?![\p{{L}}])(?P<rest>.*)"
)
_VV_LINE = regex.compile(rf"{_H}*v/v{_H}*(?P<rest>.+)")
# The gazette prints a document's identity as one title line instead of a "Số:" line:
# "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018" (folded, whole line)
_GAZETTE_TITLE = regex.compile(
    rf"(?m)^{_H}*(?P<type>{'|'.join(k.replace(' ', f'{_H}+') for k in DOC_TYPES)})"
    rf"{_H}+so{_H}*:?{_H}*(?P<num>\d{{1,5}})/(?:(?P<year>(?:19|20)\d\d)/)?"
    rf"(?P<sym>[\p{{L}}\d]+(?:-[\p{{L}}\d]+)*)"
    rf"(?:{_H}+ngay{_H}+(?P<d>\d{{1,2}}){_H}+thang{_H}+(?P<m>\d{{1,2}}){_H}+nam{_H}+(?P<y>\d{{4}}))?"
    rf"{_H}*$"
)
# The issuing clause of an opening paragraph without a type line (folded, OCR letters):
# "UBND tỉnh ban hành Kế hoạch … như sau:", OCR "ban hanh K& hoach"; not the title of a
# cited document "… về việc ban hành Chương trình tổng thể …".
_ISSUING = regex.compile(
    rf"(?<!ve{_H}viec{_H})(?<!viec{_H})ban{_H}+hanh{_H}+(?P<type>"
    rf"k\S{{0,2}}{_H}+hoach|quy\S{{0,2}}t{_H}+dinh|nghi{_H}+quy\S{{0,2}}t|chi{_H}+thi|"
    rf"chuong{_H}+trinh|huong{_H}+dan|thong{_H}+bao|de{_H}+an)(?![\p{{L}}])"
)
_ISSUING_TYPES = {"k": "KH", "quy": "QĐ", "nghi": "NQ", "chi": "CT", "chuong": "CTr",
                  "huong": "HD", "thong": "TB", "de": "ĐA"}  # fmt: skip
# "UBND tỉnh báo cáo kết quả … như sau:", "báo cáo như sau"
_REPORTING = regex.compile(rf"(?<![\p{{L}}])bao{_H}+cao(?![\p{{L}}])[^.;]{{0,200}}?nhu{_H}+sau")
_MARKER_WINDOW = 6000  # an OCR footnote marker stands at most this far before its text
_TITLE_MAX = 160  # a stand-alone first line longer than this is body text, not a title
_BODY_START = regex.compile(
    rf"{_H}*(?:can cu|thuc hien|theo de nghi|de |chuong{_H}+[ivxlc\d]|dieu{_H}+\d|kinh gui)"
)
_ISSUER_SKIP = regex.compile(r"cong hoa|doc lap|cong bao|so\s*:")

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
# OCR roman numerals: "I11." for "III.", "Il.", "1I.", "lV.", "V1." (tried on the text).
_OCR_ROMAN = regex.compile(rf"(?P<label>(?P<id>[IVXl1|!]{{1,5}})\.)(?={_H})")
_OCR_ROMAN_LINE = regex.compile(rf"[\s*#_>]*+(?P<label>(?P<id>[IVXl1|!]{{1,5}})\.)(?={_H})")
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
_MARKUP = regex.compile(r"[\s*#_>]*")
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
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_SUP_RUN = regex.compile(f"[{_SUPERSCRIPT}]+")
_FOOTNOTE_SUP_LINE = regex.compile(rf"{_H}*(?P<m>[{_SUPERSCRIPT}]+){_H}*(?P<t>\S.*)")
_FOOTNOTE_BRACKET_LINE = regex.compile(rf"{_H}*\[(?P<m>\d{{1,3}})\]{_H}*(?P<t>\S.*)")
_FOOTNOTE_RULE = regex.compile(rf"{_H}*(?:-{{3,}}|_{{3,}}|\*{{3,}}){_H}*")
_FOOTNOTE_DIGIT_LINE = regex.compile(rf"{_H}*(?P<m>\d{{1,2}}){_H}+(?P<t>\p{{Lu}}.*)")
# How the lines each footnote pattern can fullmatch open (multi-line, on the whole text)
# (each after the line break before the line: see _opening_lines)
_FOOTNOTE_OPENING = regex.compile(rf"\n{_H}*+[-_*\[{_SUPERSCRIPT}]")
_DIGIT_OPENING = regex.compile(rf"\n{_H}*+\d")
_OCR_OPENING = regex.compile(rf"\n{_H}*+[\d!|]")
# OCR: superscript markers read as plain characters. A footnote text "2 Nghi quyét s& 18-NQ/TW…",
# "! Nghi dinh s0 45/2020/ND-CP…" (¹ read as "!"), rarely "2. Nghị quyết …" out of sequence.
_FOOTNOTE_OCR_LINE = regex.compile(rf"{_H}*(?P<m>\d{{1,2}}|[!|])(?P<dot>\.)?{_H}+(?P<t>\S.*)")
# … and its marker in the body: a digit or a symbol glued to a word: "quy dinh?;",
# "Nghi quyét?", "quy dinh® phu hop", "quy dinh* Ve", "Chính phủ1"
_OCR_MARKER = regex.compile(
    rf"(?:(?<=\p{{Ll}})(?P<d>\d{{1,2}})|(?<=\p{{L}})(?P<s>[?®*°º©™{_SUPERSCRIPT}]))"
    r"(?=[\s,.;:)]|$)"
)
# A citation opening a footnote text (folded, OCR letters): "nghi quyet so 18-nq/tw", "ke hoach so"
_CITATION_START = regex.compile(
    r"\W*(?:ngh\S{1,2}\s*quy\S{1,3}t|ngh\S{1,2}\s*d\S{1,2}nh|quy\S{1,3}t\s*d\S{1,2}nh"
    r"|k\S{1,2}\s*ho\S{1,3}ch|th\S{1,2}ng\s*t\S{1,2}|ch\S\s*th\S|lu\S{1,2}t|c\S{1,2}ng\s*v\S{1,2}n"
    r"|k\S{1,2}t\s*lu\S{1,2}n|h\S{1,3}ng\s*d\S{1,2}n|ch\S{1,3}ng\s*tr\S{1,2}nh|d\S{1,2}\s+an"
    r"|th\S{1,2}ng\s*b\S{1,2}o|v\S{1,2}n\s*b\S{1,2}n|quy\s*ch\S{1,2}|hi\S{1,2}n\s*ph\S{1,2}p)"
    r"(?![\p{L}])"
)
# a document number in the first words: "18-NQ/TW", "45/2020/ND-CP", "226/KH-UBND"
_CITATION_NUMBER = regex.compile(r"\d{1,5}\s*[-/]\s*(?:(?:19|20)\d\d\s*/\s*)?\p{L}{2,}")
# a line opening on something like a label: "1I. NHIỆM VỤ", "l. MỤC ĐÍCH", "(2)"
_LABEL_LIKE = regex.compile(rf"{_H}*(?:[\w|!]{{1,5}}[.)]|\(\w{{1,3}}\)){_H}")
_OCR_BULLET = regex.compile(rf"{_H}*(?:[-+•*]|[a-zđ]\)|\d{{1,2}}[.)]|[IVX]+\.){_H}")

# Signature block (matched on folded text, checked upper case on the text)
_AUTHORITY = regex.compile(r"(?<![\p{L}])(?:ktl|kt|tm|tl|tuq|q)\.[ ]*\p{L}[\p{L} ]*")
_POSITION = regex.compile(
    rf"(?<![\p{{L}}])(?:pho{_H}+)?(?:chu{_H}+tich|thu{_H}+tuong|bo{_H}+truong|thu{_H}+truong|"
    rf"giam{_H}+doc|chanh{_H}+van{_H}+phong|truong{_H}+ban|bi{_H}+thu|chanh{_H}+an|"
    rf"vien{_H}+truong|chu{_H}+nhiem|tong{_H}+kiem{_H}+toan(?:{_H}+nha{_H}+nuoc)?)"
    rf"[\s*]*$"
)
# _POSITION on the whole text: "$" is the end of a line and the trailing space stays on it
_POSITION_M = regex.compile(
    rf"(?m)(?<![\p{{L}}])(?:pho{_H}+)?(?:chu{_H}+tich|thu{_H}+tuong|bo{_H}+truong|thu{_H}+truong|"
    rf"giam{_H}+doc|chanh{_H}+van{_H}+phong|truong{_H}+ban|bi{_H}+thu|chanh{_H}+an|"
    rf"vien{_H}+truong|chu{_H}+nhiem|tong{_H}+kiem{_H}+toan(?:{_H}+nha{_H}+nuoc)?)"
    rf"(?:{_H}|\*)*$"
)
_NAME_LINE = regex.compile(
    rf"{_H}*\**{_H}*(?P<name>\p{{Lu}}\p{{Ll}}*(?:{_H}+\p{{Lu}}\p{{Ll}}*){{1,5}}){_H}*\**{_H}*"
)
_RECIPIENTS = regex.compile(rf"{_H}*\**{_H}*noi{_H}*nhan{_H}*:?\**")


_UNSET: object = object()


class _Line:
    """One line of the normalised text (its heading match is computed once, on demand)."""

    __slots__ = ("end", "folded", "heading", "start", "text")

    def __init__(self, start: int, end: int, text: str, folded: str) -> None:
        self.start = start  # offsets into norm.text
        self.end = end
        self.text = text
        self.folded = folded
        self.heading: object = _UNSET  # cache of _heading_match


def _lines(norm: NormalizedText) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for text, folded in zip(norm.text.split("\n"), norm.folded.split("\n"), strict=True):
        end = pos + len(text)
        out.append(_Line(pos, end, text, folded))
        pos = end + 1
    return out


def _clean(s: str) -> str:
    return " ".join(s.replace("*", " ").split())


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ----------------------------------------------------------------------------- header


def _header(norm: NormalizedText, lines: list[_Line]) -> tuple[Header, int]:
    """The header and the index of the first line after it."""
    zone = min(len(norm.text), HEADER_ZONE)
    folded = norm.folded[:zone]
    text = norm.text
    number = symbol = place = title = issuer = type_line = doc_type = None
    year: int | None = None
    when: date | None = None
    spans: list[tuple[int, int]] = []

    m = _NUMBER_LINE.search(folded)
    if m:
        number = m.group("num")
        sym = text[m.start("sym") : m.end("sym")]
        symbol = sym
        year = int(m.group("year")) if m.group("year") else None
        spans.append(m.span())
    d = _PLACE_DATE.search(folded)
    if d:
        try:
            when = date(int(d.group("y")), int(d.group("m")), int(d.group("d")))
        except ValueError:
            when = None
        pre = text[d.start("pre") : d.end("pre")]
        p = _PLACE_TAIL.search(pre)
        if p:
            place = _clean(p.group())
        spans.append(d.span())

    # the type line and the title under it
    first_body = len(lines)
    type_idx = None
    g = None if m else _GAZETTE_TITLE.search(folded)
    if g and _type_line_before(lines, g.start()):
        g = None  # a consolidated text ("THÔNG TƯ" … then the amending documents it lists)
    if g:
        number, year = g.group("num"), int(g.group("year")) if g.group("year") else None
        symbol = text[g.start("sym") : g.end("sym")]
        doc_type = DOC_TYPES[" ".join(g.group("type").split())]
        if g.group("y") and when is None:
            try:
                when = date(int(g.group("y")), int(g.group("m")), int(g.group("d")))
            except ValueError:
                when = None
        spans.append(g.span())
        type_idx = next(k for k, ln in enumerate(lines) if ln.start <= g.start() < ln.end + 1)
        title_parts: list[str] = []
        j = type_idx + 1
        while j < len(lines) and lines[j].text.strip() and len(title_parts) < 4:
            if _BODY_START.match(lines[j].folded):
                break
            title_parts.append(_clean(lines[j].text))
            spans.append((lines[j].start, lines[j].end))
            j += 1
        title = " ".join(title_parts) or None
        first_body = j
    for k, line in enumerate(lines):
        if type_idx is not None:
            break
        if line.start >= zone:
            break
        t = _TYPE_LINE.fullmatch(line.folded)
        if t and _is_upper(line.text[t.start("type") : t.end("type")]):
            rest = _clean(line.text[t.start("rest") :].strip(" .*_"))
            # "NGHỊ ĐỊNH" alone, or "NGHI ĐỊNH Quy định cơ chế ..." (OCR two columns)
            if rest and _is_upper(rest) and len(rest) > 60:
                continue
            type_idx = k
            type_line = _clean(line.text[t.start("type") : t.end("type")])
            doc_type = DOC_TYPES[" ".join(t.group("type").split())]
            title_parts = [rest] if rest else []
            spans.append((line.start, line.end))
            j = k + 1
            while j < len(lines) and not lines[j].text.strip() and not title_parts:
                j += 1
            while j < len(lines) and lines[j].text.strip() and len(title_parts) < 6:
                if _BODY_START.match(lines[j].folded):
                    break
                title_parts.append(_clean(lines[j].text))
                spans.append((lines[j].start, lines[j].end))
                j += 1
            title = " ".join(p for p in title_parts if p) or None
            first_body = j
            break
    if type_idx is None:
        for k, line in enumerate(lines):
            if line.start >= zone:
                break
            v = _VV_LINE.fullmatch(line.folded)
            if v:
                title = _clean(line.text[v.start("rest") :])
                doc_type = "CV"
                spans.append((line.start, line.end))
                first_body = k + 1
                break
    if type_idx is None and title is None:
        # OCR lost the "Số", date and type lines: a short first line standing alone is
        # the title (seed 002: " Cai cach hanh chinh tinh Lang Son nam 2024")
        k_title = _standalone_title(lines, m, d)
        if k_title is not None:
            title = _clean(lines[k_title].text)
            spans.append((lines[k_title].start, lines[k_title].end))
            first_body = k_title + 1
    if doc_type is None and symbol:
        code = regex.split(r"[-/]", symbol)[0]
        doc_type = next((c for c in DOC_TYPES.values() if c.upper() == code.upper()), None)
    if doc_type is None and type_idx is None and symbol is None:
        # no type line and no symbol (a letter's "UBND-VP" says nothing of the opening)
        doc_type = _type_from_opening(norm, lines, first_body if spans else 0)

    # issuer: upper-case lines above the number line (or the type line)
    limit = m.start() if m else (lines[type_idx].start if type_idx is not None else 0)
    issuer_lines: list[str] = []
    for line in lines:
        if line.start >= limit:
            break
        s = line.text.strip()
        if not s or not _is_upper(s) or _ISSUER_SKIP.search(line.folded):
            # "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one OCR line
            cut = line.folded.find("cong hoa")
            if cut > 0 and _is_upper(line.text[:cut]):
                issuer_lines.append(_clean(line.text[:cut]))
            continue
        issuer_lines.append(_clean(s))
    if issuer_lines:
        issuer = "\n".join(issuer_lines)
    if m and first_body == len(lines):
        first_body = next((k for k, ln in enumerate(lines) if ln.start > m.end()), len(lines))
    if d and first_body == len(lines):
        first_body = next((k for k, ln in enumerate(lines) if ln.start > d.end()), len(lines))
    if not spans:
        first_body = 0
    start = min((s for s, _ in spans), default=0)
    end = max((e for _, e in spans), default=0)
    o_start, o_end = norm.to_original(start, end)
    return (
        Header(
            number=number,
            symbol=symbol,
            doc_type=doc_type,
            doc_type_line=type_line,
            title=title,
            place=place,
            date=when,
            issuer_line=issuer,
            start=o_start,
            end=o_end,
            year_in_number=year,
        ),
        first_body,
    )


def _type_line_before(lines: list[_Line], offset: int) -> bool:
    """Whether an upper-case type line ("THÔNG TƯ") stands before ``offset``."""
    for line in lines:
        if line.start >= offset:
            return False
        t = _TYPE_LINE.fullmatch(line.folded)
        if t and _is_upper(line.text[t.start("type") : t.end("type")]):
            return True
    return False


def _standalone_title(
    lines: list[_Line], number: regex.Match[str] | None, when: regex.Match[str] | None
) -> int | None:
    """Index of the document's first non-empty line when it reads as a stand-alone title.

    Only for a header without a type line: the line opens the document, is short, is
    not upper case (an issuer or a type line), not a heading, a body opening or a
    header field, ends without punctuation and a blank line (or the end) follows it.
    """
    k = next((i for i, ln in enumerate(lines) if ln.text.strip()), None)
    if k is None:
        return None
    line = lines[k]
    s = line.text.strip()
    for found in (number, when):
        if found is not None and found.start() < line.end:
            return None
    if (
        len(s) >= _TITLE_MAX
        or len(s.split()) < 3
        or _is_upper(s)
        or s[-1] in ".;:,"
        or not s[0].isalpha()
        or _BODY_START.match(line.folded)
        or _ISSUER_SKIP.search(line.folded)
        or _heading_match(line) is not None
    ):
        return None
    if k + 1 < len(lines) and lines[k + 1].text.strip():
        return None
    return k


def _type_from_opening(norm: NormalizedText, lines: list[_Line], first: int) -> str | None:
    """The type a document without a type line gives itself in its opening paragraph.

    "… UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2024 như sau:" → ``KH``;
    "UBND tỉnh báo cáo kết quả … như sau:" → ``BC``. The opening runs up to the first
    numbered heading (at most 3000 characters).
    """
    if first >= len(lines):
        return None
    start = lines[first].start
    stop = min(len(norm.text), start + 3000)
    for line in lines[first:]:
        if line.start >= stop:
            break
        if line.start > start and _heading_match(line) is not None:
            stop = line.start
            break
    opening = norm.folded[start:stop]
    issuing = list(_ISSUING.finditer(opening))
    if issuing:
        word = issuing[-1].group("type").split()[0]
        return next(
            (code for w, code in _ISSUING_TYPES.items() if word == w or word.startswith(w)), None
        )
    if _REPORTING.search(opening):
        return "BC"
    return None


# ----------------------------------------------------------------------------- recipients


def _recipients(
    norm: NormalizedText, lines: list[_Line], first: int
) -> tuple[tuple[str, ...], int | None, int | None]:
    """Items of the "Nơi nhận:" list; its start (original) and its line index."""
    for k in range(len(lines) - 1, first - 1, -1):
        m = _RECIPIENTS.match(lines[k].folded)
        if m:
            break
    else:
        return (), None, None
    items: list[str] = []

    def strip_signature(line: _Line, text: str, offset: int) -> str:
        for pat in (_AUTHORITY, _POSITION):
            for s in pat.finditer(line.folded, offset):
                if _is_upper(line.text[s.start() : s.end()]) and len(text) > 0:
                    return line.text[offset : s.start()]
        return text

    head = lines[k]
    rest = head.text[m.end() :]
    rest = strip_signature(head, rest, m.end()).strip()
    if rest.startswith(("-", "+", "•")):
        items.append(rest)
    for line in lines[k + 1 :]:
        s = line.text.strip()
        if not s:
            continue
        s = strip_signature(line, line.text, 0).strip()
        if s.startswith(("-", "+", "•")):
            items.append(s)
        elif items and s and s[0].islower() and not items[-1].rstrip().endswith((";", ".")):
            items[-1] += " " + s
        elif items:
            break
    out = []
    for it in items:
        it = _clean(it.lstrip("-+• ").rstrip(" ;,."))
        if it and not regex.match(r"(?i)l[ưu]u\s*:", it):
            out.append(it)
    return tuple(out), norm.to_original(head.start, head.end)[0], k


# ----------------------------------------------------------------------------- signature


def _signature(
    norm: NormalizedText, lines: list[_Line], first: int, near: int | None
) -> tuple[Signature | None, int | None]:
    """The signature block nearest the recipients list (or the last one)."""
    found: list[tuple[int, str, int, int]] = []  # line index, kind, start, end (text offsets)
    if first < len(lines):
        # One scan of the text (no match crosses a line), then the matches line by line.
        starts = [ln.start for ln in lines]
        text = norm.text
        hits: list[tuple[int, int, str, int, int]] = []
        for order, (kind, pat) in enumerate((("authority", _AUTHORITY), ("position", _POSITION_M))):
            for mm in pat.finditer(norm.folded, lines[first].start):
                s, e = mm.span()
                if _is_upper(text[s:e]):
                    hits.append((bisect_right(starts, s) - 1, order, kind, s, e))
        hits.sort(key=lambda h: (h[0], h[1]))  # stable: in text order within a line and kind
        found = [(k, kind, s, e) for k, _, kind, s, e in hits]
    if not found:
        return None, None
    # group elements on lines close to each other
    groups: list[list[tuple[int, str, int, int]]] = [[found[0]]]
    for f in found[1:]:
        if f[0] - groups[-1][-1][0] <= 4:
            groups[-1].append(f)
        else:
            groups.append([f])
    group = min(groups, key=lambda g: abs(g[0][0] - near)) if near is not None else groups[-1]
    text = norm.text
    authorities = [_clean(text[s:e]) for _, kind, s, e in group if kind == "authority"]
    # an authority "KT. CHỦ TỊCH" also matches the position pattern: keep distinct spans
    auth_spans = [(s, e) for _, kind, s, e in group if kind == "authority"]
    positions = [
        _clean(text[s:e])
        for _, kind, s, e in group
        if kind == "position" and not any(a <= s < b for a, b in auth_spans)
    ]
    last_line = max(f[0] for f in group)
    signer = None
    end = max(f[3] for f in group)
    for line in lines[last_line + 1 :]:
        if not line.text.strip() or line.text.lstrip().startswith(("-", "+")):
            continue
        n = _NAME_LINE.fullmatch(line.text)
        if n:
            signer = n.group("name")
            end = line.start + n.end("name")
            break
    start = min(f[2] for f in group)
    o_start, o_end = norm.to_original(start, end)
    return (
        Signature(
            authority="\n".join(authorities) or None,
            position=positions[-1] if positions else None,
            signer=signer,
            start=o_start,
            end=o_end,
        ),
        group[0][0],
    )


# ----------------------------------------------------------------------------- footnotes


def _footnotes(norm: NormalizedText, lines: list[_Line]) -> tuple[list[Footnote], set[int]]:
    """Footnote texts with their body markers; also the indices of footnote lines."""
    text = norm.text
    notes: list[tuple[str, int, int, int, str]] = []  # marker, start, end, line index, style
    rule_seen = False
    starts = [ln.start for ln in lines]
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
    # OCR: a digit glued to a word in the body ("Chính phủ1") and a line "1 Nghị định ..."
    glued = {
        g.group(1): g.start(1) for g in regex.finditer(r"(?<=\p{Ll})(\d{1,2})(?=[\s,.;:)]|$)", text)
    }
    noted = {n[3] for n in notes}
    for k in _opening_lines(text, starts, _DIGIT_OPENING) if glued else ():
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
    marker_cache: dict[tuple[str, str], list[tuple[int, int]]] = {}
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
        key = (marker, style)
        cands = marker_cache.get(key)
        if cands is None:
            cands = marker_cache[key] = list(_markers(text, marker, style))
        for cand in cands:
            if cand[0] >= s:
                break
            if _inside(note_spans, note_starts, cand[0]):
                continue
            ms, me = cand  # the last marker before the footnote text
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


def _ocr_footnotes(norm: NormalizedText, lines: list[_Line]) -> tuple[list[Footnote], set[int]]:
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
    width = _line_width(lines)
    found: list[_OcrNote] = []
    taken: set[int] = set()
    last_num = 0
    last_arabic = 0
    k = 0
    ocr_openings = set(_opening_lines(norm.text, [ln.start for ln in lines], _OCR_OPENING))
    while k < len(lines):
        line = lines[k]
        m = _FOOTNOTE_OCR_LINE.fullmatch(line.text) if k in ocr_openings else None
        num = None
        if m is not None:
            num = 1 if m.group("m") in "!|" else int(m.group("m"))
            t_fold = line.folded[m.start("t") :]
            if not (
                (m.group("m") not in "!|" or last_num == 0)
                and last_num < num <= last_num + 2
                and _CITATION_START.match(t_fold)
                and _CITATION_NUMBER.search(t_fold[:100])
                and (not m.group("dot") or num != last_arabic + 1)
            ):
                num = None
        if m is None or num is None:
            hit = _heading_match(line)
            if hit is not None and hit[0] == "roman":
                last_arabic = 0
            elif hit is not None and hit[0] == "arabic" and "." in hit[1].group("label"):
                ident = hit[1].group("id")
                if ident.isdigit():
                    last_arabic = int(ident)
            k += 1
            continue
        group = _wide_block(lines, k, width)
        note = _OcrNote(num, str(num), group, [])
        found.append(note)
        taken.update(group)
        last_num = num
        k = group[-1] + 1
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


def _opening_lines(text: str, starts: list[int], opening: regex.Pattern[str]) -> list[int]:
    """Indices of the lines (``starts``: their offsets) that open on ``opening``, in order.

    ``opening`` starts with the line break before the line: searched in ``"\\n" + text``,
    a match's start is the offset of its line in ``text``.
    """
    return [bisect_right(starts, m.start()) - 1 for m in opening.finditer("\n" + text)]


def _inside(spans: list[tuple[int, int]], span_starts: list[int], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, disjoint half-open ``spans``."""
    i = bisect_right(span_starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def _cites_at_start(line: _Line) -> bool:
    """``line`` opens on a number and a citation, as a footnote text does."""
    m = _FOOTNOTE_OCR_LINE.fullmatch(line.text)
    return m is not None and _CITATION_START.match(line.folded, m.start("t")) is not None


def _wide_block(lines: list[_Line], k: int, width: int, widest: int = 0) -> list[int]:
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


def _assign_markers(
    text: str, lines: list[_Line], taken: set[int], notes: list[_OcrNote]
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
    for m in _OCR_MARKER.finditer(text):
        pos = m.start()
        if _inside(spans, span_starts, pos):
            continue
        if m.group("d") is not None:
            word = regex.search(r"\p{L}+$", text[max(0, pos - 20) : pos])
            if word is None or len(word.group()) < 2:
                continue  # "s6", "t6": an OCR "ố", not a marker
            cands.append((pos, m.end(), int(m.group("d"))))
        else:
            sym = m.group("s").translate(_SUP_TO_DIGIT)
            cands.append((pos, m.end(), int(sym) if sym.isdigit() else None))
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


def _markers(text: str, marker: str, style: str) -> Iterator[tuple[int, int]]:
    if style == "sup":
        for m in _SUP_RUN.finditer(text):
            if m.group().translate(_SUP_TO_DIGIT) == marker:
                yield m.span()
    elif style == "bracket":
        for m in regex.finditer(rf"\[{marker}\]", text):
            yield m.span()
    else:
        for m in regex.finditer(rf"(?<=\p{{Ll}}){marker}(?=[\s,.;:)]|$)", text):
            yield m.span()


# ----------------------------------------------------------------------------- sections


@dataclass
class _Open:
    """A section whose end is not known yet."""

    rank: int
    path: str
    label: str
    title: str
    level: int
    start: int


def _heading_match(line: _Line) -> tuple[str, regex.Match[str]] | None:
    """The kind of numbered heading ``line`` opens, and the match on its folded text."""
    cached = line.heading
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    found: tuple[str, regex.Match[str]] | None = None
    start = _HEADING_START.match(line.folded)  # cheap necessary condition
    if start is not None:
        off = start.end("lead")  # where _MARKUP's match ends
        for kind, pat in _HEADINGS_BY_FIRST.get(line.folded[off], _HEADINGS):
            m = pat.match(line.folded, off)
            if m:
                found = kind, m
                break
    line.heading = found
    return found


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


def _line_width(lines: list[_Line]) -> int:
    """The width of a full line of body text: upper quartile of the non-empty lines."""
    sizes = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    return sizes[(3 * len(sizes)) // 4] if sizes else 0


def _continuation(
    lines: list[_Line], k: int, last: int, title: str, width: int, skip: set[int]
) -> list[int]:
    """Lines after heading line ``k`` that continue its title (a wrapped heading).

    "1. Công tác chỉ đạo, … và kiểm tra cải\ncách hành chính\n\na) …": the heading
    line fills the width of the page (or ends on "và", "của", ","), has no final
    punctuation, and the next line starts in lower case (or both are upper case),
    is not a numbered item nor a bullet, ends without punctuation and is followed by
    a blank line, a heading or the end of the body.
    """
    out: list[int] = []
    upper = _is_upper(title)
    head = lines[k].text.strip()
    while k + 1 < last and len(out) < (2 if upper else 1):
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
    norm: NormalizedText, lines: list[_Line], first: int, last: int, skip: set[int]
) -> list[Section]:
    """Numbered sections between line ``first`` and line ``last`` (exclusive)."""
    body_end = lines[last].start if last < len(lines) else len(norm.text)
    stack: list[_Open] = []
    done: list[Section] = []
    width = _line_width(lines[first:last])
    last_roman: dict[str, int] = {}  # parent path → value of the last roman heading under it

    def close(entry: _Open, end: int) -> None:
        end = max(entry.start, _rstrip_end(norm.text, entry.start, end))
        o_s, o_e = norm.to_original(entry.start, end)
        done.append(Section(entry.path, entry.label, entry.title, entry.level, o_s, o_e))

    dash_count: dict[tuple[str, str], int] = {}
    joined: set[int] = set()  # continuation lines of a wrapped heading
    for k in range(first, last):
        if k in skip or k in joined:
            continue
        line = lines[k]
        if _is_page_noise(line):
            continue
        hit = _heading_match(line)
        roman_parent = next((e.path for e in reversed(stack) if e.rank < _RANK["roman"]), "")
        expected = last_roman.get(roman_parent, 0) + 1
        ocr = _ocr_roman(line, expected) if hit is None or hit[0] != "roman" else None
        if ocr is not None:
            kind, m = "roman", ocr
            ident = _to_roman(expected)
        elif hit is not None:
            kind, m = hit
            ident = line.text[m.start("id") : m.end("id")] if "id" in m.groupdict() else ""
        else:
            continue
        label_text = line.text[m.start("label") : m.end("label")]
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
        title = _clean(line.text[m.end() :]).strip(" .:")
        title_line = k
        if kind in ("chapter", "part") and not title and k + 1 < last:
            nxt = lines[k + 1].text.strip()
            if nxt and _is_upper(nxt):
                title = _clean(nxt)
                title_line = k + 1
                joined.add(k + 1)
        if kind in ("chapter", "part", "article", "roman", "arabic"):
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
    done.sort(key=lambda d: (d.start, d.level))
    return done


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ----------------------------------------------------------------------------- verb


def segment(norm: NormalizedText) -> SegmentedDocument:
    """Split ``norm`` into header, numbered sections, footnotes, signature, recipients."""
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
