"""The default relation rule of :func:`graph.resolve.resolve` (:func:`default_relation_rule`):
which cue's relation a citation keeps, given where it stands in the citing document (its
basis, its purpose, a footnote) and what kind of document that is."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from graph.issuers import _fold
from parsers.models import Citation, Relation, Section, SegmentedDocument
from parsers.normalize import fold
from parsers.scan import SpanIndex
from parsers.vocab import cannot_change_types

_PURPOSE_TITLE = regex.compile(r"\b(?:muc dich|muc tieu|yeu cau|can cu|quan diem)\b")


# "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "CĂN CỨ PHÁP LÝ", "Căn cứ ban hành": a heading over a list
# of the documents the plan rests on (folded)
_BASIS_TITLE = regex.compile(r"^\W*can cu(?:\s+(?:xay dung|phap ly|ban hanh|de)\b|\W*$)")


@dataclass(frozen=True)
class _SectionIndex:
    """What :func:`default_relation_rule` asks of a document's sections and footnotes, built
    once per document: O(log n) per citation instead of a scan of every section."""

    markers: tuple[int, ...]  # the marker offset of each footnote that has one
    footnotes: SpanIndex  # those footnotes' spans
    basis: SpanIndex  # the sections headed as the document's basis
    top: tuple[Section, ...]  # the top-level sections, in document order
    top_spans: SpanIndex
    first_start: int | None

    @classmethod
    def of(cls, seg: SegmentedDocument) -> _SectionIndex:
        marked = [f for f in seg.footnotes if f.marker_start is not None]
        secs = seg.sections
        top_level = min((x.level for x in secs), default=0)
        top = tuple(x for x in secs if x.level == top_level)
        return cls(
            markers=tuple(f.marker_start for f in marked if f.marker_start is not None),
            footnotes=SpanIndex([(f.start, f.end) for f in marked]),
            basis=SpanIndex(
                [
                    (x.start, x.end)
                    for x, t in zip(secs, _fold_all(secs), strict=True)
                    if _BASIS_TITLE.search(t)
                ]
            ),
            top=top,
            top_spans=SpanIndex([(x.start, x.end) for x in top]),
            first_start=min((x.start for x in secs), default=None),
        )


def _fold_all(secs: tuple[Section, ...]) -> list[str]:
    """The folded title of each section: one :func:`fold` of them all (folding is one
    character for one character), not one call per section."""
    titles = [x.title or "" for x in secs]
    parts = fold("\x00".join(titles)).split("\x00")
    return parts if len(parts) == len(titles) else [fold(t) for t in titles]


_INDEXES: dict[int, tuple[SegmentedDocument, _SectionIndex]] = {}


def _section_index(seg: SegmentedDocument) -> _SectionIndex:
    """The index of ``seg``, kept for the document being resolved (by identity)."""
    hit = _INDEXES.get(id(seg))
    if hit is None or hit[0] is not seg:
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        hit = (seg, _SectionIndex.of(seg))
        _INDEXES[id(seg)] = hit
    return hit[1]


def _governing_offset(cit: Citation, idx: _SectionIndex) -> int:
    """Where the text that governs a mention stands: the footnote marker for a footnote."""
    if cit.mention.in_footnote:
        k = idx.footnotes.first(cit.mention.start)
        if k is not None:
            return idx.markers[k]
    return cit.mention.start


_CHANGES = {Relation.AMENDS, Relation.REPEALS, Relation.REPLACES, Relation.CORRECTS}


def default_relation_rule(cit: Citation, seg: SegmentedDocument) -> Relation:
    """Keep "implements" only in a plan's own basis or purpose (DESIGN.md §4), and changes
    (amends, repeals, replaces, corrects) only in documents that can make them.

    "Thực hiện …" in the opening paragraph or in section I (Mục đích, yêu cầu) states what the
    document carries out; the same words inside its tasks or a report's body only mention
    another document, which is ``cites``.
    """
    if cit.relation in _CHANGES and (seg.header.doc_type or "") in cannot_change_types():
        # "Đề nghị Bộ Nội vụ sớm sửa đổi, bổ sung … Nghị quyết 76/NQ-CP" in a report asks for
        # a change; only the document that makes it amends, repeals or replaces
        return Relation.CITES
    if cit.relation is not Relation.CITES and cit.relation is not Relation.IMPLEMENTS:
        return cit.relation
    idx = _section_index(seg)
    if cit.relation is Relation.CITES:
        return Relation.BASED_ON if idx.basis.covers(_governing_offset(cit, idx)) else cit.relation
    at = _governing_offset(cit, idx)
    k = idx.top_spans.first(at)
    if k is None:
        first = idx.first_start
        return cit.relation if first is None or at < first else Relation.CITES
    return cit.relation if _PURPOSE_TITLE.search(_fold(idx.top[k].title)) else Relation.CITES
