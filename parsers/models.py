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

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


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


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class LoadedDocument:
    """A file read into text.

    ``encoding`` names what was detected: ``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``cp1258``, ``tcvn3``, ``vni``, ``docx`` or ``pdf``.
    """

    source: str
    text: str
    format: str
    encoding: str
    warnings: tuple[str, ...] = ()


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
    offsets: tuple[int, ...]

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

    def in_footnote(self, offset: int) -> bool:
        return any(f.start <= offset < f.end for f in self.footnotes)


# --------------------------------------------------------------------------- find


@dataclass(frozen=True)
class Mention:
    """Where a citation stands in the original text."""

    start: int
    end: int
    text: str
    in_footnote: bool = False
    section: str | None = None


@dataclass(frozen=True)
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
        if not self.number or not self.symbol:
            return None
        if "/" in self.symbol:  # party form "60-NQ/TU"
            return f"{self.number}-{self.symbol}"
        if self.year_in_number:
            return f"{self.number}/{self.year_in_number}/{self.symbol}"
        return f"{self.number}/{self.symbol}"


@dataclass(frozen=True)
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
