"""The header of a document (number line, place and date, type line, title, issuer)
and its closing (signature block, recipients "Nơi nhận"); part of stage 3
(:func:`parsers.segment.segment`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date

import regex

from parsers.lines import (
    _H,
    _clean,
    _heading_match,
    _is_upper,
    _Line,
    _Lines,
)
from parsers.models import (
    Header,
    NormalizedText,
    Signature,
)

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

# "Số: 02 /KH-UBND", "Số: /KH-UBND", OCR "Sé: 04/KH-UBND", "S6:", "Luật số: 56/2020/QH14",
# a table cell broken after the colon: "Số:⏎120/2003/QĐ-UB"
_NUMBER_LINE = regex.compile(
    rf"(?<![\p{{L}}\d])s[o0-9e]{_H}*[:;]{_H}*(?:\n{_H}*)?(?P<num>\d{{1,5}})?{_H}*"
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

_TITLE_MAX = 160  # a stand-alone first line longer than this is body text, not a title

_BODY_START = regex.compile(
    rf"{_H}*(?:can cu|thuc hien|theo de nghi|de |chuong{_H}+[ivxlc\d]|dieu{_H}+\d|kinh gui)"
)

_ISSUER_SKIP = regex.compile(r"cong hoa|doc lap|cong bao|so\s*:")

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

# The lines a match of _POSITION_M can end: a position, then nothing but spaces and "*" to
# the end of the line ("[^\w\n]" holds both, whatever either module counts as a space, so
# every line holding a match of _POSITION_M ends on one of these positions). Stdlib ``re``
# on the reversed text: each try starts at a line break (a literal ``re`` skips to), where
# the forward pattern tried every "c", "t", "b", "g", "v" (0.11 s against 0.24 s over the
# 26 M characters of the gazette corpus); docs/decisions/0011-stdlib-re-prefilters.md.
_POSITION_WORDS = (
    "chu tich", "thu tuong", "bo truong", "thu truong", "giam doc", "chanh van phong",
    "truong ban", "bi thu", "chanh an", "vien truong", "chu nhiem", "tong kiem toan nha nuoc",
    "tong kiem toan",
)  # fmt: skip
_S = r"[^\w\n]+"
_POSITION_END_REVERSED = re.compile(
    r"\n[^\w\n]*(?:"
    + "|".join(_S.join(w[::-1] for w in reversed(p.split(" "))) for p in _POSITION_WORDS)
    + ")"
)

_NAME_LINE = regex.compile(
    rf"{_H}*\**{_H}*(?P<name>\p{{Lu}}\p{{Ll}}*(?:{_H}+\p{{Lu}}\p{{Ll}}*){{1,5}}){_H}*\**{_H}*"
)

_RECIPIENTS = regex.compile(rf"{_H}*\**{_H}*noi{_H}*nhan{_H}*:?\**")

# what every line _RECIPIENTS matches holds (a literal start: found fast)
_RECIPIENTS_WORDS = regex.compile(rf"noi{_H}*nhan")


def _number_line_ok(text: str, m: regex.Match[str]) -> bool:
    """A number line is "Số:" (capital S, OCR "Sé:", "S6:") or "Luật số:"; a lower-case "số:"
    in running text is another document's number ("thu hồi các quyết định số: 2833/qđ-ubnd")."""
    if text[m.start()] not in "sS" or text[m.start()].isupper():
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start : m.start()].strip()
    return bool(before) and len(before.split()) <= 3 and before[0].isupper()


def _header(norm: NormalizedText, lines: _Lines) -> tuple[Header, int]:
    """The header and the index of the first line after it."""
    zone = min(len(norm.text), HEADER_ZONE)
    folded = norm.folded[:zone]
    text = norm.text
    number = symbol = place = title = issuer = type_line = doc_type = None
    year: int | None = None
    when: date | None = None
    spans: list[tuple[int, int]] = []

    m = next((x for x in _NUMBER_LINE.finditer(folded) if _number_line_ok(text, x)), None)
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


def _type_line_before(lines: _Lines, offset: int) -> bool:
    """Whether an upper-case type line ("THÔNG TƯ") stands before ``offset``."""
    for line in lines:
        if line.start >= offset:
            return False
        t = _TYPE_LINE.fullmatch(line.folded)
        if t and _is_upper(line.text[t.start("type") : t.end("type")]):
            return True
    return False


def _standalone_title(
    lines: _Lines, number: regex.Match[str] | None, when: regex.Match[str] | None
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


def _type_from_opening(norm: NormalizedText, lines: _Lines, first: int) -> str | None:
    """The type a document without a type line gives itself in its opening paragraph.

    "… UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2024 như sau:" → ``KH``;
    "UBND tỉnh báo cáo kết quả … như sau:" → ``BC``. The opening runs up to the first
    numbered heading (at most 3000 characters).
    """
    if first >= len(lines):
        return None
    start = lines[first].start
    stop = min(len(norm.text), start + 3000)
    for k in range(first, len(lines)):
        line = lines[k]
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


def _recipients(
    norm: NormalizedText, lines: _Lines, first: int
) -> tuple[tuple[str, ...], int | None, int | None]:
    """Items of the "Nơi nhận:" list; its start (original) and its line index."""
    # the last line from ``first`` on that opens on "Nơi nhận"
    starts = lines.starts
    holding = [bisect_right(starts, w.start()) - 1 for w in _RECIPIENTS_WORDS.finditer(norm.folded)]
    for k in reversed(holding):
        if k < first:
            return (), None, None
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
    for j in range(k + 1, len(lines)):
        line = lines[j]
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


def _position_ends(folded: str, begin: int) -> list[int]:
    """The ends (a line break or the end of the text) of the lines of ``folded[begin:]`` that
    end on a position of :data:`_POSITION_WORDS` (words apart by ``[^\\w\\n]+``, then only
    ``[^\\w\\n]*``), in order: one scan of the reversed text."""
    rest = folded[begin:]
    top = len(folded)  # "\n" + the reversed rest: offset i stands for folded[top - i]
    ends = [top - m.start() for m in _POSITION_END_REVERSED.finditer("\n" + rest[::-1])]
    ends.reverse()
    return ends


def _position_spans(folded: str, begin: int) -> Iterator[tuple[int, int]]:
    """The spans of ``_POSITION_M.finditer(folded, begin)``, found fast: the pattern is
    tried only on the lines :func:`_position_ends` finds (the line of every match)."""
    for end in _position_ends(folded, begin):
        line_start = max(begin, folded.rfind("\n", 0, end) + 1)
        m = _POSITION_M.search(folded, line_start, end)
        if m is not None:
            yield m.span()


def _signature(
    norm: NormalizedText, lines: _Lines, first: int, near: int | None
) -> tuple[Signature | None, int | None]:
    """The signature block nearest the recipients list (or the last one)."""
    found: list[tuple[int, str, int, int]] = []  # line index, kind, start, end (text offsets)
    if first < len(lines):
        # One scan of the text (no match crosses a line), then the matches line by line.
        starts = lines.starts
        text = norm.text
        hits: list[tuple[int, int, str, int, int]] = []
        begin = lines[first].start
        for order, kind in enumerate(("authority", "position")):
            found_spans = (
                _position_spans(norm.folded, begin)
                if kind == "position"
                else (mm.span() for mm in _AUTHORITY.finditer(norm.folded, begin))
            )
            for s, e in found_spans:
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
    for j in range(last_line + 1, len(lines)):
        line = lines[j]
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
