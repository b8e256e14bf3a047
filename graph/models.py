"""Typed, frozen records produced by resolution and consumed by the graph builder.

Identity of a document (DESIGN.md §2): issuer + type + year + number. Two
``DocumentRef`` values denote the same document exactly when their ``iri`` is
equal; the IRI is derived from those four facts (``graph.ids``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from parsers.models import CitedRelation, Mention, Relation, SegmentedDocument


@dataclass(frozen=True, slots=True)
class Issuer:
    """An issuing body in its jurisdiction.

    ``agent`` is the ELI agent slug (``cp``, ``ttg``, ``ubnd``, ``hdnd``, ``tu``,
    ``bnv`` ...); ``jurisdiction`` is ``vn`` for central bodies or ``vn-20`` /
    ``vn-20-183`` with official administrative unit codes; ``level`` is one of
    ``central``, ``province``, ``district``, ``commune``, ``unknown``.
    """

    agent: str
    name: str  # full resolved name: "UBND tỉnh Lạng Sơn", "Chính phủ"
    jurisdiction: str
    level: str
    unit_name: str | None = None  # "Tỉnh Lạng Sơn", "Huyện Cao Lộc"


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """One canonical document, cited or in the corpus."""

    iri: str
    doc_type: str | None
    number: str | None
    year_in_number: int | None
    symbol: str | None
    key: str | None
    date: date | None
    year: int | None
    issuer: Issuer | None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedCitation:
    """All mentions of one cited document in one citing file."""

    document: DocumentRef
    relation: Relation
    confidence: float
    cue: str | None
    mentions: tuple[Mention, ...]
    conflicts: tuple[str, ...] = ()  # e.g. "date: 2021-07-15 vs 2021-07-16"


@dataclass(frozen=True)
class NamedReference:
    """A document cited by name only, resolved where the vocabulary knows the name."""

    name: str
    start: int
    end: int
    key: str | None
    iri: str | None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one file, resolved; the unit the graph builder takes."""

    source: str
    format: str
    encoding: str
    document: DocumentRef
    place: str | None
    signer: str | None
    citations: tuple[ResolvedCitation, ...]
    relations_between_cited: tuple[tuple[str, Relation, str, CitedRelation], ...]
    named_references: tuple[NamedReference, ...]
    segmented: SegmentedDocument | None
    warnings: tuple[str, ...] = ()
    text_length: int = 0
    # parsers.models.Mandates of a plan (targets, tasks, duties), None when not extracted
    mandates: Any = None
    # parsers.models.ReportedResult of a report or a results part (parsers.results), in order
    results: tuple[Any, ...] = ()
    # the date the document's units are resolved at and where it comes from: "date" (its own
    # date line), "citations" (an undated page: the latest date it cites), "unknown"
    era_on: date | None = None
    era_from: str = "unknown"
