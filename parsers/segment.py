"""Stage 3: segment a normalised document into header, sections, footnotes,
signature block and recipients ("Nơi nhận").

Public verb: :func:`segment`. Matching runs on ``norm.folded`` (so OCR text
without diacritics segments too) and on ``norm.text`` where case matters; every
span in the result is an offset into the ORIGINAL text (``norm.to_original``).
"""

from __future__ import annotations

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
_RANK = {"chapter": 0, "part": 1, "article": 2, "roman": 3, "arabic": 4, "letter": 20, "dash": 21,
         "plus": 22}  # fmt: skip
_MARKUP = regex.compile(r"[\s*#_>]*")

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_SUP_RUN = regex.compile(f"[{_SUPERSCRIPT}]+")
_FOOTNOTE_SUP_LINE = regex.compile(rf"{_H}*(?P<m>[{_SUPERSCRIPT}]+){_H}*(?P<t>\S.*)")
_FOOTNOTE_BRACKET_LINE = regex.compile(rf"{_H}*\[(?P<m>\d{{1,3}})\]{_H}*(?P<t>\S.*)")
_FOOTNOTE_RULE = regex.compile(rf"{_H}*(?:-{{3,}}|_{{3,}}|\*{{3,}}){_H}*")
_FOOTNOTE_DIGIT_LINE = regex.compile(rf"{_H}*(?P<m>\d{{1,2}}){_H}+(?P<t>\p{{Lu}}.*)")

# Signature block (matched on folded text, checked upper case on the text)
_AUTHORITY = regex.compile(r"(?<![\p{L}])(?:ktl|kt|tm|tl|tuq|q)\.[ ]*\p{L}[\p{L} ]*")
_POSITION = regex.compile(
    rf"(?<![\p{{L}}])(?:pho{_H}+)?(?:chu{_H}+tich|thu{_H}+tuong|bo{_H}+truong|thu{_H}+truong|"
    rf"giam{_H}+doc|chanh{_H}+van{_H}+phong|truong{_H}+ban|bi{_H}+thu|chanh{_H}+an|"
    rf"vien{_H}+truong|chu{_H}+nhiem|tong{_H}+kiem{_H}+toan(?:{_H}+nha{_H}+nuoc)?)"
    rf"[\s*]*$"
)
_NAME_LINE = regex.compile(
    rf"{_H}*\**{_H}*(?P<name>\p{{Lu}}\p{{Ll}}*(?:{_H}+\p{{Lu}}\p{{Ll}}*){{1,5}}){_H}*\**{_H}*"
)
_RECIPIENTS = regex.compile(rf"{_H}*\**{_H}*noi{_H}*nhan{_H}*:?\**")


@dataclass(frozen=True)
class _Line:
    start: int  # offsets into norm.text
    end: int
    text: str
    folded: str


def _lines(norm: NormalizedText) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    text = norm.text
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        out.append(_Line(pos, end, text[pos:end], norm.folded[pos:end]))
        if nl < 0:
            return out
        pos = nl + 1


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
    for k, line in enumerate(lines):
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
    if doc_type is None and symbol:
        code = regex.split(r"[-/]", symbol)[0]
        doc_type = next((c for c in DOC_TYPES.values() if c.upper() == code.upper()), None)

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
    for k in range(first, len(lines)):
        line = lines[k]
        for kind, pat in (("authority", _AUTHORITY), ("position", _POSITION)):
            for mm in pat.finditer(line.folded):
                if _is_upper(line.text[mm.start() : mm.end()]):
                    found.append((k, kind, line.start + mm.start(), line.start + mm.end()))
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
    for k, line in enumerate(lines):
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
    # OCR: a digit glued to a word in the body ("Chính phủ1") and a line "1 Nghị định ..."
    glued = {
        g.group(1): g.start(1) for g in regex.finditer(r"(?<=\p{Ll})(\d{1,2})(?=[\s,.;:)]|$)", text)
    }
    for k, line in enumerate(lines):
        g = _FOOTNOTE_DIGIT_LINE.fullmatch(line.text)
        if (
            g
            and g.group("m") in glued
            and glued[g.group("m")] < line.start
            and not _is_upper(g.group("t"))
        ) and not any(n[3] == k for n in notes):
            notes.append((g.group("m"), line.start, line.end, k, "glued"))
    notes.sort(key=lambda n: n[1])
    note_lines = {n[3] for n in notes}
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
        for cand in _markers(text, marker, style):
            if cand[0] >= s:
                break
            if any(lines[i].start <= cand[0] < lines[i].end for i in note_lines):
                continue
            ms, me = cand  # the last marker before the footnote text
        o_s, o_e = norm.to_original(s, e)
        if ms is not None and me is not None:
            om_s, om_e = norm.to_original(ms, me)
            out.append(Footnote(marker, note_text, o_s, o_e, om_s, om_e))
        else:
            out.append(Footnote(marker, note_text, o_s, o_e))
    return out, note_lines


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


def _sections(
    norm: NormalizedText, lines: list[_Line], first: int, last: int, skip: set[int]
) -> list[Section]:
    """Numbered sections between line ``first`` and line ``last`` (exclusive)."""
    body_end = lines[last].start if last < len(lines) else len(norm.text)
    stack: list[_Open] = []
    done: list[Section] = []

    def close(entry: _Open, end: int) -> None:
        end = max(entry.start, _rstrip_end(norm.text, entry.start, end))
        o_s, o_e = norm.to_original(entry.start, end)
        done.append(Section(entry.path, entry.label, entry.title, entry.level, o_s, o_e))

    dash_count: dict[tuple[str, str], int] = {}
    for k in range(first, last):
        if k in skip:
            continue
        line = lines[k]
        lead = _MARKUP.match(line.folded)
        off = lead.end() if lead else 0
        hit = None
        for kind, pat in _HEADINGS:
            m = pat.match(line.folded, off)
            if m:
                hit = (kind, m)
                break
        if hit is None:
            continue
        kind, m = hit
        label_text = line.text[m.start("label") : m.end("label")]
        ident = line.text[m.start("id") : m.end("id")] if "id" in m.groupdict() else ""
        if kind == "roman" and not ident.isupper():
            continue
        if kind == "letter" and not ident.islower():
            continue
        rank = _RANK[kind]
        if kind == "arabic":
            rank += ident.count(".")
            ident = ident.split(".")[-1]
        title = _clean(line.text[m.end() :]).strip(" .:")
        if kind in ("chapter", "part") and not title and k + 1 < last:
            nxt = lines[k + 1].text.strip()
            if nxt and _is_upper(nxt):
                title = _clean(nxt)
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
