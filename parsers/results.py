"""Extract the results a report (Báo cáo) states: figures with their subject, period and unit.

Public verb: :func:`extract_results`; records :class:`ReportedResult`, :class:`Figure`,
:class:`Period` (defined in :mod:`parsers.models`); helper :func:`find_periods`.

A CCHC report ("Báo cáo kết quả thực hiện công tác CCHC 9 tháng đầu năm 2021") states what
was done as figures: "hoàn thành đúng hạn 100% nhiệm vụ … (18/18 nhiệm vụ)", "trả đúng và
trước hạn 78.742 hồ sơ đạt 99,99%", "xếp thứ 25/63", "giảm 332 biên chế so với năm 2015".
Each figure becomes one :class:`ReportedResult` with

- ``figure``: its kind (percent, ratio, count, amount, rank, change), value, total ("18/18"),
  unit word, comparator and base year (:func:`parsers.quantity.parse_quantity` where the
  figure is a quantity it knows, "giảm 6,17% so với năm 2021");
- ``subject``: the words that say what was counted ("trả đúng và trước hạn hồ sơ");
- ``text``: the clause around the figure (between ``;``, a line break or a sentence end);
- ``period``: the nearest period before it in its paragraph ("Trong 9 tháng đầu năm 2021"),
  else the report's own (from its title);
- ``level``/``unit``: the administrative level ("cấp tỉnh") or named unit the figure is about;
- ``area``: the reform area of its section (:func:`parsers.mandates.classify_area`, the
  classifier of plan targets), else of its clause.

What is not a figure: dates, document numbers ("76/NQ-CP", "45/2020/NĐ-CP"), years and
ranges ("năm 2021", "2021-2025"), periods and durations ("9 tháng", "05 năm"), ordinals of
names ("Phòng Công chứng số 1", "đợt 1", "mức độ 4", "ISO 9001:2015", "covid-19") and
footnote markers.

Which parts are read: in a report, every top-level part except the forward-looking and
proposal parts ("PHƯƠNG HƯỚNG, NHIỆM VỤ …", "ĐỀ XUẤT, KIẾN NGHỊ"); in any other document, the
parts titled as results ("KẾT QUẢ …", "TÌNH HÌNH THỰC HIỆN …"). Footnotes inside those parts
are read too (``in_footnote``).

Matching runs on the folded shadow text (``NormalizedText.folded``), so OCR text without
diacritics matches; every span is an ORIGINAL offset. Every pattern is linear-time.
"""

from __future__ import annotations

import regex

from parsers.models import (
    Comparator,
    Figure,
    FigureKind,
    NormalizedText,
    Period,
    ReportedResult,
    Section,
    SegmentedDocument,
)
from parsers.offsets import bisect_offsets
from parsers.plan import squash
from parsers.quantity import parse_quantity
from parsers.targets import classify_area

__all__ = ["Figure", "FigureKind", "Period", "ReportedResult", "extract_results", "find_periods"]

# ============================================================================= patterns
# All on folded text (lower case, no diacritics, "đ" → "d").

# A number: "79.918" (thousands dots), "99,99" (decimal comma), "06".
_N = r"\d{1,3}(?:\.\d{3})+(?![\d,])|\d{1,7}(?:,\d{1,3})?"
# Not inside a date, symbol, range or code: "18/01/2013", "45/2020/NĐ-CP", "2021-2025".
_BEFORE = r"(?<![\w.,/\-–:])(?<![\-–/]\s{1,2})"
_AFTER = r"(?![\d]|[.,]\d|\s{0,2}[/\-–]\s{0,2}\w|:\d)"
_WORD = r"[^\W\d_]+"
_MARKS = r"[*⁰¹²³⁴⁵⁶⁷⁸⁹]*"  # bold markup and footnote markers: "**3.954**", "2.066⁹"

# "xếp thứ 25/63", "đứng thứ 5/11", "xếp hạng 25 trên 63 tỉnh"
RANK = regex.compile(
    rf"(?<!\w)(?:xep|dung)\s+(?:thu(?:\s+hang)?|hang(?:\s+thu)?)\s+(?P<num>{_N})"
    rf"(?:\s*(?:/|tren|trong\s+so)\s*(?P<total>{_N}))?(?:\s+(?P<unit>tinh|huyen|xa|don\s+vi))?"
)
# "18/18 nhiệm vụ", "06/10 cơ quan", "599/1.542 ngày", "43 thí sinh/58 chỉ tiêu"
RATIO = regex.compile(
    rf"{_BEFORE}(?P<num>{_N})(?:\s{{1,2}}(?P<u1>{_WORD}(?:\s{_WORD})?))?\s*/\s*(?P<total>{_N})"
    rf"(?![\d/]|[.,]\d|\s*/)(?:{_MARKS}\s{{1,2}}(?P<unit>{_WORD}(?:\s{_WORD})?))?"
)
# "99,99%", "1.771 TTHC", "42.808 triệu đồng", "**3.954** người", "là 2.066⁹"
NUMBER = regex.compile(
    rf"{_BEFORE}(?P<num>{_N}){_AFTER}{_MARKS}"
    rf"(?:\s{{0,2}}(?P<pct>%)|\s{{1,2}}(?P<unit>{_WORD}(?:\s{_WORD})?))?"
)
# Words right before a number that make it a name, a date or a code, not a figure.
_NOT_FIGURE_BEFORE = regex.compile(
    r"(?:(?<!\w)(?:ngay|so|dot|khoa|hang|muc\s+do|nhom|phien|lan\s+thu|thu|iso|tcvn|quy|nam"
    r"|doan|ky|thang|chuong|dieu|khoan|phu\s+luc)|covid)[\s\-]*$"
)
# Words after a number that make it a period or a duration: "9 tháng", "05 năm".
_DURATION_UNITS = frozenset({"nam", "thang", "quy", "tuan", "gio", "phut"})
# A bare number (no unit) is a figure only after one of these: "là 2.066", "đạt 60".
_BARE_CUE = regex.compile(r"(?<!\w)(?:la|dat|gom|con|tong\s+so|chiem)\s*$")
# A unit word that is a function word: the number has no unit ("75 hồ sơ chiếm …" keeps
# "hồ sơ"; "36 của" drops "của").
_STOP_UNITS = frozenset(
    [
        "cua",
        "trong",
        "duoc",
        "da",
        "la",
        "va",
        "voi",
        "cho",
        "tren",
        "theo",
        "khi",
        "nhu",
        "nay",
        "ve",
        "tu",
        "den",
        "dat",
        "khong",
        "se",
        "phai",
        "nham",
        "cap",
        "thuoc",
        "chua",
        "duoi",
        "sau",
        "truoc",
        "nam",
    ]
)
# One-syllable units: the next word is not part of the unit ("1.423 TTHC cấp tỉnh").
_ONE_WORD_UNITS = frozenset(
    [
        "nguoi",
        "phong",
        "so",
        "huyen",
        "xa",
        "luot",
        "tinh",
        "lop",
        "cuoc",
        "lan",
        "ngay",
        "gio",
        "tthc",
        "dvc",
        "dvctt",
        "vbqppl",
        "cbccvc",
    ]
)
_MONEY = regex.compile(r"(?:trieu|ty|nghin)\s+dong|dong")
# The comparator words just before a figure.
_COMPARATOR_BEFORE = regex.compile(
    r"(?:(?P<reduce>giam|cat\s+giam|ty\s+le\s+giam)|(?P<increase>tang|tang\s+them|co\s+them"
    r"|vuot(?:\s+ke\s+hoach)?)|(?P<gt>tren|hon)|(?P<ge>toi\s+thieu|it\s+nhat)"
    r"|(?P<eq>dat(?:\s+ty\s+le)?|chiem(?:\s+ty\s+le)?|ty\s+le))\s*$"
)
# "so với năm 2015", "so với cùng kỳ năm 2023", OCR "so vi nam 2021"
_CMP_GROUPS: tuple[Comparator, ...] = ("reduce", "increase", "gt", "ge", "eq")
_BASE_YEAR = regex.compile(
    r"[^;\n]{0,40}?so\s+v\w{0,3}\s+(?:cung\s+ky\s+)?(?:nam\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
)
# Periods: "9 tháng đầu năm 2021", "6 tháng cuối năm", "quý I năm 2024", "năm 2024".
PERIOD = regex.compile(
    r"(?<!\w)(?:(?P<months>0?\d|1[0-2])\s+thang\s+(?P<edge>dau|cuoi)\s+nam(?:\s+(?P<y1>(?:19|20)\d\d))?"
    r"|quy\s+(?P<quarter>iv|iii|ii|i|[1-4])(?:\s+nam\s+(?P<y2>(?:19|20)\d\d))?"
    r"|(?<!(?:so\s+v\w{0,3}\s+(?:cung\s+ky\s+)?|(?:den|toi|doan|ky|truoc|sau)\s+))nam\s+(?P<y3>(?:19|20)\d\d)(?!\s*[-–]\s*\d))(?![\w])"
)
_CLAUSE_BOUND = regex.compile(r"[;\n]|\.(?=\s)")
_PARAGRAPH_BOUND = regex.compile(r"\n")
_SUBJECT_BOUND = regex.compile(r"[(),:;]")
# "Cấp tỉnh:", "cấp huyện", "tại cấp xã"
_LEVEL = regex.compile(r"(?<!\w)cap\s+(?P<level>tinh|huyen|xa)(?!\w)")
_LEVEL_AFTER = regex.compile(r"\s{1,3}(?:o\s+|tai\s+)?cap\s+(?P<level>tinh|huyen|xa)(?!\w)")
_LEVEL_LEAD = regex.compile(r"[\s\-+•*]*cap\s+(?P<level>tinh|huyen|xa)[\s*]*:")
# A named unit: "huyện Cao Lộc", "thành phố Lạng Sơn" (on the text: the capitals matter)
_NAMED_UNIT = regex.compile(
    r"(?<!\w)(?:[Hh]uyện|[Tt]hành phố|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn|[Tt]ỉnh)"
    r"(?:\s+\p{Lu}\p{Ll}*){1,3}"
)
# Parts of a report that state no results: "PHƯƠNG HƯỚNG, NHIỆM VỤ …", "ĐỀ XUẤT, KIẾN NGHỊ".
_NOT_RESULTS = regex.compile(
    r"(?<!\w)(?:phuong\s+huong|de\s+xuat|kien\s+nghi|nhiem\s+vu\s+(?:trong\s+tam|thoi\s+gian)"
    r"|to\s+chuc\s+thuc\s+hien|muc\s+(?:dich|tieu))"
)
_RESULTS = regex.compile(r"(?<!\w)(?:ket\s+qua|tinh\s+hinh\s+thuc\s+hien|danh\s+gia)")
_LEADING_FILLER = regex.compile(
    r"^(?:\W|(?:va|voi|trong\s+do|gom|cu\s+the|dong\s+thoi|da|so)(?!\w))+(?=\w)"
    r"|(?:\W|(?<!\w)(?:dat|chiem|ty\s+le|doi\s+voi|voi|la|va|tong\s+so|gom)(?!\w))+$"
)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
_UNIT_WORD = regex.compile(_WORD)
_BOLD = regex.compile(r"\*+")
_FIGURE_DIGITS = regex.compile(r"\d[\d.,/]*%?")
_SUBJECT_WORD = regex.compile(r"[\p{L}\p{N}]+")
_ROMAN_MONTHS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


# ============================================================================= helpers


def _value(raw: str) -> float:
    """ "79.918" → 79918; "99,99" → 99.99; "06" → 6."""
    if _THOUSANDS.fullmatch(raw):
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


def _unit_span(folded: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """The span of the unit words of ``[start, end)`` without a trailing function word."""
    words = list(_UNIT_WORD.finditer(folded[start:end]))
    kept: list[tuple[int, int]] = []
    for w in words:
        if w.group() in _STOP_UNITS:
            break
        kept.append((start + w.start(), start + w.end()))
        if w.group() in _ONE_WORD_UNITS or text[start + w.start() : start + w.end()].isupper():
            break
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


def find_periods(norm: NormalizedText, start: int = 0, end: int | None = None) -> list[Period]:
    """Every period of ``norm.text[start:end]`` (normalised offsets in, original out)."""
    out = []
    for m in PERIOD.finditer(norm.folded, start, len(norm.text) if end is None else end):
        year_raw = m.group("y1") or m.group("y2") or m.group("y3")
        if m.group("months"):
            months: int | None = int(m.group("months"))
        elif m.group("quarter"):
            months = 3
        else:
            months = 12
        s, e = norm.to_original(m.start(), m.end())
        out.append(Period(norm.text[m.start() : m.end()], int(year_raw) if year_raw else None,
                          months, s, e))  # fmt: skip
    return out


class _Doc:
    def __init__(self, norm: NormalizedText, seg: SegmentedDocument) -> None:
        self.norm = norm
        self.text = norm.text
        self.folded = norm.folded
        self.seg = seg
        self.offsets = norm.offsets
        # footnote markers and the marker that starts each footnote line
        self.markers: list[tuple[int, int]] = []
        for f in seg.footnotes:
            if f.marker_start is not None and f.marker_end is not None:
                self.markers.append((self.to_norm(f.marker_start), self.to_norm(f.marker_end)))
            fs = self.to_norm(f.start)
            self.markers.append((max(0, fs - len(f.marker) - 2), fs))
        # one flag per character: linear lookups however many footnotes and figures
        self.marker_at = bytearray(len(self.text) + 1)
        for ms, me in self.markers:
            self.marker_at[ms:me] = b"\x01" * (me - ms)
        self.sections = {x.path: x for x in seg.sections}

    def to_norm(self, original: int) -> int:
        return bisect_offsets(self.offsets, original)

    def in_marker(self, pos: int) -> bool:
        return bool(self.marker_at[pos])

    def in_footnote(self, pos: int) -> bool:
        """Whether normalised ``pos`` is in a footnote: the segmenter's answer
        (:meth:`SegmentedDocument.in_footnote`) at its original offset (the offsets never
        decrease, so this is ``to_norm(start) <= pos < to_norm(end)`` of a footnote)."""
        return self.seg.in_footnote(self.offsets[pos])


def _regions(doc: _Doc) -> list[tuple[int, int]]:
    """Normalised spans of the parts that state results (module docstring)."""
    seg = doc.seg
    tops = [s for s in seg.sections if s.level == 1]
    is_report = seg.header.doc_type == "BC"
    if not tops:
        start = doc.to_norm(seg.header.end)
        end = doc.to_norm(seg.signature.start) if seg.signature else len(doc.text)
        return [(start, end)] if is_report else []
    out = []
    for s in tops:
        title = doc.folded[doc.to_norm(s.start) : doc.to_norm(s.start) + 160]
        title = title.split("\n", 1)[0]
        if (is_report and not _NOT_RESULTS.search(title)) or _RESULTS.search(title):
            out.append((doc.to_norm(s.start), doc.to_norm(s.end)))
    return out


def _area(doc: _Doc, section: Section | None, clause: str) -> str | None:
    sections = doc.sections
    path = section.path if section else None
    while path:
        s = sections.get(path)
        if s is not None and s.level <= 2:
            area = classify_area(s.title)
            if area:
                return area
        path = path.rsplit(".", 1)[0] if "." in path else None
    return classify_area(clause, title=False)


def _bounds(
    pattern: regex.Pattern[str], text: str, lo: int, hi: int, s: int, e: int
) -> tuple[int, int]:
    """The span of ``text[lo:hi]`` from the last boundary before ``s`` to the first after ``e``
    (at most 600 characters each way)."""
    left = max(lo, s - 600)
    for m in pattern.finditer(text, left, s):
        left = m.end()
    limit = min(hi, e + 600)
    m2 = pattern.search(text, e, limit)
    return left, m2.start() if m2 else limit


# ============================================================================= figures


def _figures(doc: _Doc, start: int, end: int) -> list[tuple[int, int, int, Figure]]:
    """``(number start, figure start, figure end, figure)`` in normalised offsets."""
    text, folded = doc.text, doc.folded
    found: list[tuple[int, int, int, Figure]] = []
    taken = bytearray(len(folded) + 1)  # characters already in a figure

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def figure(
        kind: FigureKind, m: regex.Match[str], unit_span: tuple[int, int] | None,
        total: float | None, unit: str | None = None,
    ) -> None:  # fmt: skip
        s = m.start()
        e = unit_span[1] if unit_span else m.end("pct") if "pct" in m.re.groupindex and m.group(
            "pct") else m.end("total") if total is not None else m.end("num")  # fmt: skip
        if unit_span and unit is None:
            unit = text[unit_span[0] : unit_span[1]]
        before = folded[max(start, s - 30) : m.start("num")]
        comparator: Comparator | None = None
        c = _COMPARATOR_BEFORE.search(before)
        if c and kind != "rank":
            s = max(start, s - 30) + c.start()
            comparator = next((k for k in _CMP_GROUPS if c.group(k)), None)
        base_year = None
        clause_end = _bounds(_CLAUSE_BOUND, folded, start, end, m.start(), e)[1]
        b = _BASE_YEAR.match(folded, e, clause_end)
        if b and comparator in ("reduce", "increase"):
            base_year = int(b.group("year"))
            e = b.end()
        q = parse_quantity(text[s:e])
        if q is not None and q.value == _value(m.group("num")):
            comparator = q.comparator or comparator
            base_year = q.base_year or base_year
        if comparator in ("reduce", "increase") and kind in ("count", "percent"):
            kind = "change"
        s_o, e_o = doc.norm.to_original(s, e)
        words = squash(_BOLD.sub("", text[s:e]))
        fig = Figure(words, kind, _value(m.group("num")), unit, s_o, e_o,
                     total, comparator, base_year)  # fmt: skip
        found.append((m.start("num"), s, e, fig))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    for m in RANK.finditer(folded, start, end):
        unit_span = m.span("unit") if m.group("unit") else None
        total = _value(m.group("total")) if m.group("total") else None
        figure("rank", m, unit_span, total)
    for m in RATIO.finditer(folded, start, end):
        if not free(*m.span()) or doc.in_marker(m.start("num")):
            continue
        if _NOT_FIGURE_BEFORE.search(folded, max(0, m.start() - 12), m.start()):
            continue
        unit_span = (
            _unit_span(folded, m.start("unit"), m.end("unit"), text) if m.group("unit") else None
        )
        unit = None
        if m.group("u1") and (u1 := _unit_span(folded, m.start("u1"), m.end("u1"), text)):
            unit = text[u1[0] : u1[1]]  # "43 thí sinh/58 chỉ tiêu": the unit of the count
        figure("ratio", m, unit_span, _value(m.group("total")), unit)
    for m in NUMBER.finditer(folded, start, end):
        if not free(*m.span()) or doc.in_marker(m.start("num")):
            continue
        pct = m.group("pct") is not None
        unit_span = None
        if m.group("unit"):
            first = m.group("unit").split()[0]
            if first in _DURATION_UNITS:
                continue
            unit_span = _unit_span(folded, m.start("unit"), m.end("unit"), text)
        if not pct and _NOT_FIGURE_BEFORE.search(folded, max(0, m.start() - 12), m.start()):
            continue
        if (
            not pct
            and unit_span is None
            and not _BARE_CUE.search(folded, max(0, m.start() - 12), m.start())
        ):
            continue
        if not pct and _YEAR.fullmatch(m.group("num")):
            continue  # a year: counts of thousands are written "2.021"
        kind: FigureKind = "percent" if pct else "count"
        if unit_span and _MONEY.fullmatch(folded[unit_span[0] : unit_span[1]]):
            kind = "amount"
        figure(kind, m, unit_span, None, "%" if pct else None)
    found.sort(key=lambda x: x[0])
    return found


def _subject(doc: _Doc, clause_start: int, s: int, e: int, unit: str | None) -> str | None:
    """The words before the figure in its clause (back to a bracket, colon or comma) and
    the unit noun after it: "trả đúng và trước hạn" + "hồ sơ"."""
    folded = doc.folded
    left = clause_start
    for m in _SUBJECT_BOUND.finditer(folded, max(clause_start, s - 200), s):
        left = m.end()
    words_before = squash(doc.text[left:s])
    f_before = squash(folded[left:s])
    trim = _LEADING_FILLER.sub("", f_before)
    if trim != f_before:  # drop leading and trailing fillers on the text too
        i = f_before.find(trim) if trim else 0
        words_before = words_before[i : i + len(trim)]
    words_before = _FIGURE_DIGITS.sub("", words_before).strip(" ,")
    words = _SUBJECT_WORD.findall(words_before)[-8:]
    if unit and unit != "%":
        words.append(unit)
    del e
    return " ".join(words) or None


def _level(folded: str, p_start: int, c_start: int, s: int, e: int, c_end: int) -> str | None:
    """The level a figure is about: named right after it ("791 TTHC cấp tỉnh"), else the
    last one before it in its clause ("cấp tỉnh 47 TTHC"), else its paragraph's lead
    ("- Cấp tỉnh: tiếp nhận …")."""
    after = _LEVEL_AFTER.match(folded, e, c_end)
    if after:
        return after.group("level")
    before = list(_LEVEL.finditer(folded, c_start, s))
    if before:
        return before[-1].group("level")
    lead = _LEVEL_LEAD.match(folded, p_start, s)
    return lead.group("level") if lead else None


def extract_results(norm: NormalizedText, seg: SegmentedDocument) -> tuple[ReportedResult, ...]:
    """Every reported figure of the results parts of ``norm`` (module docstring)."""
    doc = _Doc(norm, seg)
    header_periods = find_periods(
        norm, doc.to_norm(seg.header.start), doc.to_norm(seg.header.end)
    ) if seg.header.end > seg.header.start else []  # fmt: skip
    own_period = next((p for p in header_periods if p.months), None)
    out: list[ReportedResult] = []
    for start, end in _regions(doc):
        for _num, s, e, fig in _figures(doc, start, end):
            c_start, c_end = _bounds(_CLAUSE_BOUND, doc.folded, start, end, s, e)
            p_start, _p_end = _bounds(_PARAGRAPH_BOUND, doc.folded, start, end, s, e)
            periods = find_periods(norm, p_start, s)
            period = periods[-1] if periods else own_period
            if period is not None and period.year is None and own_period is not None:
                period = Period(period.text, own_period.year, period.months, period.start,
                                period.end)  # fmt: skip
            level = _level(doc.folded, p_start, c_start, s, e, c_end)
            named = list(_NAMED_UNIT.finditer(doc.text, c_start, c_end))
            clause = squash(doc.text[c_start:c_end])
            section = seg.section_at(norm.offsets[s])
            o_start, o_end = norm.to_original(c_start, c_end)
            out.append(
                ReportedResult(
                    figure=fig,
                    subject=_subject(doc, c_start, s, e, fig.unit),
                    text=clause,
                    period=period,
                    level=level,
                    unit=named[0].group() if named else None,
                    area=_area(doc, section, clause),
                    section=section.path if section else None,
                    start=o_start,
                    end=o_end,
                    in_footnote=doc.in_footnote(s),
                )
            )
    return tuple(out)
