"""Coverage of a parent plan by a child plan: carried, weakened, strengthened, dropped targets.

``coverage(store, child, parent=None)`` → :class:`CoverageResult`: for each target of the
parent plan, whether the child carried, weakened, strengthened or dropped it
(:func:`parsers.mandates.compare_targets`), and per reform area whether the child covers it.
Mandates are **read back from the store** (query ``coverage``), so coverage works on any
store, local or remote, without the source files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from graph.analysis.documents import Shown, shown
from graph.analysis.references import (
    AmbiguousReference,
    DocumentCache,
    DocumentInfo,
    NoParentPlan,
    as_bool,
    as_date,
    as_int,
    as_str,
    query_rows,
    resolve_reference,
)
from graph.store import StoreLike
from parsers.mandates import compare_targets, load_reform_areas
from parsers.models import Duty, Mandates, Quantity, Target

# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class TargetInfo:
    id: str
    text: str
    area: str | None
    section: str | None
    start: int
    end: int
    subject: str | None
    quantity: str | None  # the main quantity's words

    @property
    def shown(self) -> Shown:
        """The text as users read it: restored when OCR text (issue 13)."""
        return shown(self.text)

    def to_dict(self) -> dict[str, Any]:
        s = self.shown
        return {
            "id": self.id,
            "text": self.text,
            **({"text_restored": s.to_json()} if s.restored else {}),
            "area": self.area,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "subject": self.subject,
            "quantity": self.quantity,
        }


@dataclass(frozen=True)
class TargetCoverage:
    parent: TargetInfo
    child: TargetInfo | None
    status: str  # carried | weakened | dropped | strengthened
    score: float
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "score": self.score,
            "note": self.note,
            "parent": self.parent.to_dict(),
            "child": self.child.to_dict() if self.child else None,
        }


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    label: str
    parent_covers: bool
    child_covers: bool
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "label": self.label,
            "parent_covers": self.parent_covers,
            "child_covers": self.child_covers,
            "targets": dict(self.counts),
        }


@dataclass(frozen=True)
class CoverageResult:
    child: DocumentInfo
    parent: DocumentInfo
    targets: tuple[TargetCoverage, ...]
    areas: tuple[AreaCoverage, ...]
    mandates_from: str = "store"  # mandates were read back from the store, not re-extracted

    def counts(self) -> dict[str, int]:
        return {
            s: sum(1 for x in self.targets if x.status == s)
            for s in ("carried", "weakened", "dropped", "strengthened")
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "child": self.child.to_dict(),
            "parent": self.parent.to_dict(),
            "mandates_from": self.mandates_from,
            "summary": self.counts(),
            "targets": [x.to_dict() for x in self.targets],
            "areas": [a.to_dict() for a in self.areas],
        }


def read_targets(store: StoreLike, iri: str) -> list[tuple[TargetInfo, Target]]:
    """The targets of document ``iri`` as stored, rebuilt as
    :class:`parsers.models.Target` (for :func:`parsers.mandates.compare_targets`)."""
    by_target: dict[str, dict[str, Any]] = {}
    for r in query_rows(store, "coverage", doc=URIRef(iri)):
        tid = str(r["target"])
        d = by_target.setdefault(tid, {"row": r, "q": {}})
        if r.get("qindex") is not None:
            d["q"][int(str(r["qindex"]))] = Quantity(
                comparator=as_str(r.get("comparator")),  # type: ignore[arg-type]
                value=float(str(r["value"])),
                unit=as_str(r.get("unit")) or "",
                base_year=as_int(r.get("baseYear")),
                text=as_str(r.get("qtext")) or "",
                scope=as_str(r.get("scope")),
            )
    out: list[tuple[int, TargetInfo, Target]] = []
    for tid, d in by_target.items():
        r = d["row"]
        qs = tuple(d["q"][i] for i in sorted(d["q"]))
        target = Target(
            text=str(r["text"]),
            quantity=qs[0] if qs else None,
            area=as_str(r.get("area")),
            section=as_str(r.get("section")) or "",
            start=int(str(r["start"])),
            end=int(str(r["end"])),
            subject=as_str(r.get("subject")),
            quantities=qs,
            in_task=as_bool(r.get("inTask")),
        )
        info = TargetInfo(
            tid,
            target.text,
            target.area,
            as_str(r.get("section")),
            target.start,
            target.end,
            target.subject,
            qs[0].text if qs else None,
        )
        out.append((int(str(r["index"])), info, target))
    return [(i, tg) for _, i, tg in sorted(out, key=lambda x: x[0])]


def read_duties(store: StoreLike, iri: str) -> list[Duty]:
    """The duties of document ``iri`` as stored (named query ``duties``), rebuilt as
    :class:`parsers.models.Duty`, in the document's order."""
    by_duty: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for r in query_rows(store, "duties", doc=URIRef(iri)):
        _row, names = by_duty.setdefault(str(r["duty"]), (r, []))
        if r.get("addressee") is not None:
            names.append(str(r["addressee"]))
    out: list[tuple[int, Duty]] = []
    for r, names in by_duty.values():
        duty = Duty(
            unit_text=as_str(r.get("unitText")) or ", ".join(dict.fromkeys(names)),
            units=tuple(dict.fromkeys(names)),
            action=str(r["text"]),
            requires_plan=as_bool(r.get("requiresPlan")),
            deadline=as_date(r.get("deadline")),
            requires_all_areas=as_bool(r.get("requiresAllAreas")),
            section=as_str(r.get("section")) or "",
            start=int(str(r["start"])),
            end=int(str(r["end"])),
        )
        out.append((int(str(r["index"])), duty))
    return [d for _, d in sorted(out, key=lambda x: x[0])]


def read_mandates(store: StoreLike, iri: str) -> Mandates:
    """What the plan ``iri`` requires, as stored: its targets, duties and covered areas (the one
    source of a parent plan's mandates for the draft checks; no file is read)."""
    return Mandates(
        targets=tuple(t for _, t in read_targets(store, iri)),
        duties=tuple(read_duties(store, iri)),
        areas_covered=tuple(_areas(store, iri)),
    )


def _areas(store: StoreLike, iri: str) -> list[str]:
    return [str(r["id"]) for r in query_rows(store, "covered-areas", doc=URIRef(iri))]


def _default_parent(store: StoreLike, child: DocumentInfo, docs: DocumentCache) -> DocumentInfo:
    rows = query_rows(store, "implements-chain", doc=URIRef(child.id))
    parents = [docs.require(str(r["parent"])) for r in rows if str(r["child"]) == child.id]
    with_targets = {p.id: p for p in parents if p.in_corpus and read_targets(store, p.id)}
    found = list(with_targets.values())
    if len(found) > 1 and child.year:
        same = [p for p in found if p.year == child.year]
        found = same or found
    if not found:
        raise NoParentPlan(child.key or child.id)
    if len(found) > 1:
        raise AmbiguousReference(child.key or child.id, found)
    return found[0]


def coverage(
    store: StoreLike,
    child_ref: str,
    parent_ref: str | None = None,
    *,
    year: int | None = None,
    issuer: str | None = None,
) -> CoverageResult:
    """How the child plan carries the parent's targets and areas (module docstring).

    Without ``parent_ref`` the parent is the plan with targets in the store that the child
    implements (of the child's year when there are several).
    """
    docs = DocumentCache(store)
    child = resolve_reference(store, child_ref, year=year, issuer=issuer, docs=docs)
    parent = (
        resolve_reference(store, parent_ref, docs=docs)
        if parent_ref
        else _default_parent(store, child, docs)
    )
    p_targets = read_targets(store, parent.id)
    c_targets = read_targets(store, child.id)
    c_by_text = {id(tg): info for info, tg in c_targets}
    matches = compare_targets([tg for _, tg in p_targets], [tg for _, tg in c_targets])
    rows: list[TargetCoverage] = []
    for (p_info, _), m in zip(p_targets, matches, strict=True):
        c_info = c_by_text.get(id(m.child)) if m.child is not None else None
        rows.append(TargetCoverage(p_info, c_info, m.status, m.score, m.note))
    p_areas, c_areas = set(_areas(store, parent.id)), set(_areas(store, child.id))
    areas = []
    for a in load_reform_areas():
        counts = {
            s: sum(1 for r in rows if r.parent.area == a.id and r.status == s)
            for s in ("carried", "weakened", "dropped", "strengthened")
        }
        areas.append(AreaCoverage(a.id, a.vi, a.id in p_areas, a.id in c_areas, counts))
    return CoverageResult(child, parent, tuple(rows), tuple(areas))


__all__ = [
    "AreaCoverage",
    "CoverageResult",
    "TargetCoverage",
    "TargetInfo",
    "coverage",
    "read_duties",
    "read_mandates",
    "read_targets",
]
