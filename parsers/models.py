"""Typed, frozen records for everything the parsers extract.

Every span (``start``/``end``) in these records is a character offset into the
*original* text returned by :func:`parsers.load.load_document`, never into the
normalised copy: users and the graph's provenance point back to the exact words
of the source file. ``NormalizedText.to_original`` does the mapping.

Equality: records compare by value (dataclass equality). Two ``Citation``
records are the same citation only when their spans are the same too; the
notion "same cited document" belongs to resolution (``graph.resolve``), which
groups citations by their identity key.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from typing import Literal

import regex


class Relation(StrEnum):
    """How a citing document relates to a cited one (DESIGN.md §4)."""

    IMPLEMENTS = "implements"
    BASED_ON = "based_on"
    AMENDS = "amends"
    REPEALS = "repeals"
    REPLACES = "replaces"
    GUIDES = "guides"
    CORRECTS = "corrects"
    REPORTS_ON = "reports_on"
    CITES = "cites"


# The enum's order is the relation precedence (strongest first). Two questions rank a few
# relations otherwise, each for its reason; they are named here, next to the enum, and ranked
# with :func:`relation_rank`:
#: how far a cited document is out of force: repealed, then replaced, then only amended
#: (the draft check citation-superseded reports the strongest)
SUPERSESSION_ORDER: tuple[Relation, ...] = (Relation.REPEALS, Relation.REPLACES, Relation.AMENDS)
#: which tie makes a lower-level document the child of a plan on the graph page: carrying it
#: out, then reporting on it, then citing it as a basis, then guiding it
PARENT_ORDER: tuple[Relation, ...] = (
    Relation.IMPLEMENTS,
    Relation.REPORTS_ON,
    Relation.BASED_ON,
    Relation.GUIDES,
)


def relation_rank(order: tuple[Relation, ...] = tuple(Relation)) -> dict[str, int]:
    """Relation value → its rank in ``order`` (0 is the strongest; default: the enum's)."""
    return {r.value: i for i, r in enumerate(order)}


# --------------------------------------------------------------------------- load


# ----------------------------------------------------------------- citation keys

_KEY_WITH_SLASH = regex.compile(r"(?P<n>[0-9][0-9.]*[a-z]?)(?:/(?P<y>\d{4}))?/(?P<s>.+)")
_KEY_PARTY = regex.compile(r"(?P<n>[0-9][0-9.]*[a-z]?)-(?P<s>.+/.+)")
_KEY_BARE = regex.compile(r"[0-9]{1,6}")


def format_key(
    number: str | None,
    symbol: str | None,
    year_in_number: int | None = None,
    bare: bool = False,
) -> str | None:
    """The citation key as officials write it, ``None`` without a number or a symbol.

    ``("76", "NQ-CP")`` → ``76/NQ-CP``; ``("45", "NĐ-CP", 2020)`` → ``45/2020/NĐ-CP``; a
    party symbol holds the slash: ``("60", "NQ/TU")`` → ``60-NQ/TU``. With ``bare``, a cited
    number printed without a symbol ("công văn số 3597 ngày 09/8/2019 của UBND tỉnh Quảng
    Trị") is its own key: ``("3597", None)`` → ``3597`` (its IRI is the ELI one of
    :func:`graph.ids.document_iri`). The inverse of :func:`split_key`.
    """
    if not number:
        return None
    if not symbol:
        return number if bare and number.isdigit() else None
    if "/" in symbol:  # party form "60-NQ/TU"
        return f"{number}-{symbol}"
    if year_in_number:
        return f"{number}/{year_in_number}/{symbol}"
    return f"{number}/{symbol}"


def split_key(key: str) -> tuple[str, int | None, str]:
    """Split a key: ``"45/2020/NĐ-CP"`` → ``("45", 2020, "NĐ-CP")``; ``"60-NQ/TU"`` →
    ``("60", None, "NQ/TU")``; a bare number ``"3597"`` → ``("3597", None, "")``. Raises
    ``ValueError`` for anything else. The inverse of :func:`format_key`."""
    m = _KEY_WITH_SLASH.fullmatch(key)
    if m:
        return m["n"], int(m["y"]) if m["y"] else None, m["s"]
    m = _KEY_PARTY.fullmatch(key)
    if m:
        return m["n"], None, m["s"]
    if _KEY_BARE.fullmatch(key):
        return key, None, ""
    raise ValueError(f"not a citation key: {key!r}")


@dataclass(frozen=True)
class LoadedDocument:
    """A file read into text.

    ``encoding`` names what was detected: ``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``cp1258``, ``tcvn3``, ``vni``, ``docx``, ``pdf``, ``ocr`` (some or all text
    recognised by OCR) or ``office`` (converted by LibreOffice/antiword).

    ``locations``: provenance of parts of ``text``, ``(start offset, label)`` in
    order: ``"trang 3"`` for the pages of a PDF or a scan, ``"Sheet1!12"`` for
    the rows of a register. A part runs to the next one's start.
    """

    source: str
    text: str
    format: str
    encoding: str
    warnings: tuple[str, ...] = ()
    locations: tuple[tuple[int, str], ...] = ()

    def location(self, offset: int) -> str | None:
        """The label of the part holding ``offset`` (``None`` without locations)."""
        i = bisect.bisect_right(self.locations, offset, key=lambda loc: loc[0])
        return self.locations[i - 1][1] if i else None


# --------------------------------------------------------------------------- normalise


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of ``original`` with a map back to it.

    ``text`` is NFC with look-alike characters repaired and gazette page headers
    removed; ``folded`` has exactly the length of ``text`` (lower case, no
    diacritics, ``đ`` → ``d``) so a match on ``folded`` is a match on ``text``
    at the same offsets. ``offsets[i]`` is the index in ``original`` of
    ``text[i]``; ``offsets[len(text)] == len(original)``.
    """

    original: str
    text: str
    folded: str
    offsets: Sequence[int]  # parsers.offsets.OffsetMap: runs, not one int per character

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the matching span of ``original``."""
        if start >= end:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


# --------------------------------------------------------------------------- segment


@dataclass(frozen=True)
class Header:
    """The document's own identity as its header states it."""

    number: str | None = None  # "02"; None for a draft "Số: /KH-UBND"
    symbol: str | None = None  # "KH-UBND"
    doc_type: str | None = None  # type code from data/vocab/doc_types.yaml: "KH", "NQ", ...
    doc_type_line: str | None = None  # "KẾ HOẠCH"
    title: str | None = None  # "Cải cách hành chính tỉnh Lạng Sơn năm 2023"
    place: str | None = None  # "Lạng Sơn"
    date: date | None = None
    issuer_line: str | None = None  # "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" when present
    start: int = 0
    end: int = 0
    year_in_number: int | None = None  # 2022 in "Số: 111/2022/NĐ-CP"


@dataclass(frozen=True)
class Section:
    """A numbered section: ``path`` such as ``II.1.a`` and its span."""

    path: str
    label: str  # "II.", "1.", "a)", "-"
    title: str
    level: int
    start: int
    end: int


@dataclass(frozen=True)
class Footnote:
    """A footnote text and, when found, the marker in the body that calls it."""

    marker: str
    text: str
    start: int
    end: int
    marker_start: int | None = None
    marker_end: int | None = None


@dataclass(frozen=True)
class Signature:
    authority: str | None = None  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"
    position: str | None = None  # "PHÓ CHỦ TỊCH"
    signer: str | None = None  # "Dương Xuân Huyền"
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class SegmentedDocument:
    header: Header
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    signature: Signature | None = None
    recipients: tuple[str, ...] = ()
    recipients_start: int | None = None

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset`` (original offsets)."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    @cached_property
    def _footnote_starts(self) -> list[int] | None:
        """Footnote starts for bisection, when the footnotes are in order and disjoint (as
        segment makes them); ``None`` otherwise, and lookups scan."""
        fns = self.footnotes
        if all(a.end <= b.start for a, b in pairwise(fns)):
            return [f.start for f in fns]
        return None

    def footnote_at(self, offset: int, *, marked: bool = False) -> Footnote | None:
        """The first footnote containing ``offset`` (with a body marker if ``marked``), in
        logarithmic time however many footnotes the document has."""
        starts = self._footnote_starts
        if starts is None:
            return next(
                (
                    f
                    for f in self.footnotes
                    if f.start <= offset < f.end and (not marked or f.marker_start is not None)
                ),
                None,
            )
        i = bisect.bisect_right(starts, offset) - 1
        f = self.footnotes[i] if i >= 0 else None
        if f is None or offset >= f.end or (marked and f.marker_start is None):
            return None
        return f

    def in_footnote(self, offset: int) -> bool:
        return self.footnote_at(offset) is not None


# --------------------------------------------------------------------------- find


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a citation stands in the original text."""

    start: int
    end: int
    text: str
    in_footnote: bool = False
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of a cited document, as found in the text.

    ``issuer`` is the issuer as the text names it, canonicalised to its
    vocabulary name but not yet resolved to a jurisdiction ("UBND tỉnh",
    "Chính phủ", "Ban Thường vụ Tỉnh ủy"); ``graph.resolve`` turns it into a
    full name such as "UBND tỉnh Lạng Sơn".
    """

    doc_type: str | None  # type code: "NQ", "NĐ", "KH", "LUAT"; None for a letter "6459/BNV-CCHC"
    number: str | None  # "76", "45", "66.16"
    year_in_number: int | None  # 2020 in "45/2020/NĐ-CP"
    symbol: str | None  # "NQ-CP", "NĐ-CP", "NQ/TU", "QĐ-TTg", "BNV-CCHC"
    date: date | None
    issuer: str | None
    title: str | None
    relation: Relation
    cue: str | None
    confidence: float
    mention: Mention
    name: str | None = None  # for a reference by name only

    @property
    def key(self) -> str | None:
        """The citation key as officials write it: ``76/NQ-CP``, ``45/2020/NĐ-CP``, ``60-NQ/TU``."""
        return format_key(self.number, self.symbol, self.year_in_number, bare=True)


@dataclass(frozen=True, slots=True)
class CitedRelation:
    """A relation that a citation's own title states between two cited documents.

    "Nghị định số 107/2021/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số
    61/2018/NĐ-CP" gives ``subject=107/2021/NĐ-CP, relation=amends,
    object=61/2018/NĐ-CP``. ``subject`` and ``object`` index into the
    ``citations`` of the same :class:`FoundCitations`.
    """

    subject: int
    relation: Relation
    object: int
    cue: str
    start: int
    end: int


@dataclass(frozen=True)
class FoundCitations:
    citations: tuple[Citation, ...] = ()
    relations_between_cited: tuple[CitedRelation, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


# ============================================================== mandates of a plan
# Typed, frozen records of the mandates of a plan (DESIGN.md §5).
#
# A CCHC plan requires things of lower units: targets (*Chỉ tiêu* / *Mục tiêu*
# items with a measurable quantity), tasks (*Nhiệm vụ, giải pháp* items) and, in
# section III (*Tổ chức thực hiện*), duties per unit (issue your own plan by a
# deadline, cover all six reform areas ...).
#
# Every span (``start``/``end``) is a character offset into the *original* text,
# like the records above. Records compare by value.
#
# Areas are ids of the SKOS concept scheme in ``data/vocab/reform_areas.yaml``
# (``the-che``, ``tthc``, ``to-chuc-bo-may``, ``cong-vu``, ``tai-chinh-cong``,
# ``chinh-phu-so``, ``chi-dao-dieu-hanh``).


# "gt": "Trên 99%"; "ge": "tối thiểu 20%", "ít nhất 70%", "từ 90% trở lên";
# "eq": "100%", "đạt 95%", "01 đơn vị"; "le": "tối đa", "không quá"; "lt": "dưới";
# "rank_top": "nhóm 35 tỉnh, thành phố có chỉ số cao nhất";
# "reduce": "giảm 6,17% so với năm 2021"; "increase": "tăng 5%", "có thêm 01 đơn vị".
Comparator = Literal["gt", "ge", "eq", "le", "lt", "rank_top", "reduce", "increase"]

# How a child target relates to the parent target it carries down.
MatchStatus = Literal["carried", "weakened", "dropped", "strengthened"]


@dataclass(frozen=True)
class Quantity:
    """A measurable quantity as a target states it.

    ``value`` is the number (``6.17`` for "6,17%"); ``unit`` a short Vietnamese
    unit ("%", "đơn vị", "hồ sơ", "ngày", "tỉnh", "huyện" ...); ``base_year`` the
    year of comparison ("so với năm 2021"); ``text`` the words that state it.
    ``scope`` is the administrative level the figure applies to when the text
    says so ("95% hồ sơ công việc tại cấp tỉnh" → ``"tinh"``; ``"huyen"``, ``"xa"``).
    """

    comparator: Comparator | None
    value: float
    unit: str
    base_year: int | None
    text: str
    scope: str | None = None


@dataclass(frozen=True)
class Target:
    """One target (*chỉ tiêu*) of a plan.

    ``subject`` is a short normalised phrase naming what is measured ("hồ sơ
    TTHC giải quyết đúng hạn"), used to match a parent target to a child one.
    ``quantities`` holds every quantity of the text ("95% … cấp tỉnh, 85% … cấp
    huyện"); ``quantity`` is the main one (the first). ``in_task`` is true for a
    target stated inside a task item ("…; 100% các vấn đề phát hiện … được xử lý").
    """

    text: str
    quantity: Quantity | None
    area: str | None
    section: str
    start: int
    end: int
    subject: str | None = None
    quantities: tuple[Quantity, ...] = ()
    in_task: bool = False


@dataclass(frozen=True)
class Task:
    """One task (*nhiệm vụ, giải pháp*) item of a plan."""

    text: str
    area: str | None
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Duty:
    """What section III requires of a unit.

    ``unit_text`` is the unit as written ("Các sở, ban, ngành, UBND các huyện,
    thành phố"); ``units`` its normalised names ("Các sở, ban, ngành", "UBND các
    huyện, thành phố"). ``requires_plan``: the unit must issue its own plan;
    ``deadline``: "chậm nhất ngày 15/01/2024"; ``requires_all_areas``: the plan
    must cover "đầy đủ 06 lĩnh vực CCHC".
    """

    unit_text: str
    units: tuple[str, ...]
    action: str
    requires_plan: bool
    deadline: date | None
    requires_all_areas: bool
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Mandates:
    """Everything a plan requires: targets, tasks, duties and the areas it covers."""

    targets: tuple[Target, ...] = ()
    tasks: tuple[Task, ...] = ()
    duties: tuple[Duty, ...] = ()
    areas_covered: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetMatch:
    """How a parent target is carried into a child plan.

    ``child`` is ``None`` when the target is ``dropped``. ``score`` is the
    similarity of the two subjects (0..1). ``note`` explains a judgement that is
    not obvious ("units differ: tỉnh vs huyện").
    """

    parent: Target
    child: Target | None
    status: MatchStatus
    score: float = 0.0
    note: str | None = None


# Results a report states (parsers.results)

FigureKind = Literal["percent", "ratio", "count", "amount", "rank", "change"]


@dataclass(frozen=True)
class Period:
    """The period a result covers: "9 tháng đầu năm 2021" → ``months=9, year=2021``.

    ``months`` is 12 for a whole year ("năm 2024"), 3 for a quarter, ``None`` when unknown.
    """

    text: str
    year: int | None
    months: int | None
    start: int
    end: int

    @property
    def partial(self) -> bool:
        """True for a period shorter than a year (a 9-month report): results still running."""
        return self.months is not None and self.months < 12


@dataclass(frozen=True)
class Figure:
    """One reported figure: "18/18 nhiệm vụ", "đạt 99,2%", "xếp thứ 25/63".

    ``value`` is the number (``18``, ``99.2``, ``25``); ``total`` the denominator of a ratio or
    rank (``18``, ``63``); ``unit`` the word after the number ("nhiệm vụ", "%", "hồ sơ");
    ``comparator`` "reduce"/"increase" for a change, "eq" for "đạt …", "gt" for "trên …".
    """

    text: str
    kind: FigureKind
    value: float
    unit: str | None
    start: int
    end: int
    total: float | None = None
    comparator: Comparator | None = None
    base_year: int | None = None

    @property
    def percent(self) -> float | None:
        """The figure as a percentage when it is one (99.2) or a ratio (18/18 → 100.0)."""
        if self.unit == "%":
            return self.value
        if self.kind == "ratio" and self.total:
            return round(100.0 * self.value / self.total, 2)
        return None


@dataclass(frozen=True)
class ReportedResult:
    """A result a report states, with the clause that states it (``start``/``end``)."""

    figure: Figure
    subject: str | None
    text: str
    period: Period | None
    level: str | None  # "tinh", "huyen", "xa" ("Cấp tỉnh: tiếp nhận …")
    unit: str | None  # a named unit ("huyện Cao Lộc") when the clause names one
    area: str | None
    section: str | None
    start: int
    end: int
    in_footnote: bool = False
