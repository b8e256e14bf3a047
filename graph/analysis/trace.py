"""Trace a mandate down the levels: who implemented a document, who missed it, what was dropped.

Public verb: :func:`trace` (and :func:`resolve_reference`, from :mod:`graph.analysis.references`;
coverage is :mod:`graph.analysis.coverage`).

- ``trace(store, "04/KH-UBND")`` → :class:`TraceResult`: the documents that implement it,
  recursively (``implemented_by``), each with ``on_time`` against the deadline of the duty of
  its parent that requires a plan ("Thời điểm ban hành Kế hoạch chậm nhất ngày 15/01/2024");
  the units expected to issue their own plan (``expected``: from the duty's addressees and the
  administrative hierarchy at the document's date, computed at build time —
  :func:`graph.build.expected_implementers`) with ``implemented | late | missing | unknown``;
  and the upward chain of what it implements (``implements``);
- the reports (Báo cáo) on the document and on each document below it (``reports``: named
  query ``reports-on``), so the chain reads plan → lower plans → reports;
- each target of the document with its status and ``reported`` list, one entry per report
  that reports on it (:func:`graph.analysis.report_links.store_status`, at query time).

"Implements" is ``vbkg:implements``, or ``eli:based_on`` from a plan to a plan (a plan "căn cứ"
a higher plan carries it out). A document that merely cites another (seed 004, the city's
propaganda plan, cites 76/NQ-CP) does not implement it.

Every query is a named query of :mod:`graph.queries`, run with bound values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex
from rdflib import URIRef

from graph.analysis.coverage import CoverageResult, coverage, read_targets
from graph.analysis.expected import (
    ExpectedEntry,
    _department_code,
    _on_time,
    _with_cited,
)
from graph.analysis.references import (
    AmbiguousReference,
    DocumentCache,
    DocumentInfo,
    NoParentPlan,
    TraceError,
    UnknownReference,
    as_date,
    as_str,
    query_rows,
    resolve_reference,
    rows_by_doc,
)
from graph.analysis.report_links import StoreStatus, store_status
from graph.store import StoreLike
from graph.units import COMMUNE_GROUP
from parsers.normalize import fold

STATUSES = ("implemented", "late", "cited", "missing", "unknown")
TARGET_STATES = ("achieved", "not_achieved", "in_progress", "not_reported")
MAX_DEPTH = 12

# "Các sở, ban, ngành", "các cơ quan chuyên môn", "Thủ trưởng các cơ quan, đơn vị" (folded)
_DEPARTMENT_GROUP = regex.compile(r"\bcac\s+(?:so\b|co\s+quan|don\s+vi|ban\b)")
# Agents of issuers that are not departments (people's committees and councils, party bodies).
# bodies that are not departments; no "bct": BCT is Bộ Công Thương, a ministry (issuers.yaml)
_NOT_DEPARTMENT = regex.compile(r"^(?:ubnd|hdnd|cp|ttg|qh|ubtvqh|ctn|tw|bbt|\w*tu|hu|thu|du)$")


@dataclass(frozen=True)
class TraceNode:
    """A document in the tree below (``implemented_by``) or above (``implements``) the traced one.

    ``relation``: ``implements`` or ``based_on`` (plan to plan). ``on_time``: for a node
    below, whether it was issued by the deadline its parent set (``None``: no deadline, or
    no date); always ``None`` above.
    """

    document: DocumentInfo
    relation: str
    on_time: bool | None = None
    deadline: date | None = None
    implemented_by: tuple[TraceNode, ...] = ()
    implements: tuple[TraceNode, ...] = ()
    reports: tuple[DocumentInfo, ...] = ()  # below only: the reports on it ("Báo cáo")

    def to_dict(self, direction: str = "down") -> dict[str, Any]:
        d = self.document.to_dict()
        d["relation"] = self.relation
        if direction == "down":
            d["on_time"] = self.on_time
            d["deadline"] = self.deadline.isoformat() if self.deadline else None
            d["implemented_by"] = [n.to_dict("down") for n in self.implemented_by]
            d["reports"] = [r.to_dict() for r in self.reports]
        else:
            d["implements"] = [n.to_dict("up") for n in self.implements]
        return d


@dataclass(frozen=True)
class TraceResult:
    document: DocumentInfo
    deadline: date | None
    implemented_by: tuple[TraceNode, ...]
    expected: tuple[ExpectedEntry, ...]
    implements: tuple[TraceNode, ...]
    lang: str = "vi"
    reports: tuple[DocumentInfo, ...] = ()  # the reports on the document ("Báo cáo")
    status: StoreStatus | None = None  # its targets against the reports on it

    def targets(self) -> list[dict[str, Any]]:
        """Each target with its status and ``reported`` list (issue 15)."""
        return self.status.targets_dict() if self.status is not None else []

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(1 for e in self.expected if e.status == s) for s in STATUSES}
        targets = self.targets()
        return {
            "document": self.document.to_dict(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "implemented_by": [n.to_dict("down") for n in self.implemented_by],
            "reports": [r.to_dict() for r in self.reports],
            "expected": [e.to_dict() for e in self.expected],
            "expected_summary": counts,
            "implements": [n.to_dict("up") for n in self.implements],
            "targets": targets,
            "targets_summary": {
                s: sum(1 for x in targets if x["status"] == s) for s in TARGET_STATES
            },
        }


# --------------------------------------------------------------------------- trace


@dataclass(frozen=True)
class _Duty:
    deadline: date | None
    units: dict[str, tuple[str, str | None]]  # unit IRI → (name, code)
    groups: tuple[str, ...]


def _duties(store: StoreLike, iri: str) -> list[_Duty]:
    return _duties_of_rows(query_rows(store, "expected-implementers", doc=URIRef(iri)))


def _duties_of_rows(rows: Iterable[Mapping[str, Any]]) -> list[_Duty]:
    by_duty: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = by_duty.setdefault(str(r["duty"]), {"deadline": None, "units": {}, "groups": []})
        d["deadline"] = d["deadline"] or as_date(r.get("deadline"))
        if r.get("unit") is not None:
            d["units"][str(r["unit"])] = (
                as_str(r.get("name")) or str(r["code"]),
                as_str(r["code"]),
            )
        if r.get("group") is not None and str(r["group"]) not in d["groups"]:
            d["groups"].append(str(r["group"]))
    return [_Duty(d["deadline"], d["units"], tuple(d["groups"])) for d in by_duty.values()]


def _deadline_for(
    duties: list[_Duty], child: DocumentInfo | None, parent: DocumentInfo | None = None
) -> date | None:
    """The deadline of the duty that binds ``child``: its unit is expected; else it is the one
    department a duty names ("Sở Nội vụ … hoàn thành trước ngày 20/01/2026"); else it belongs
    to a group a duty names ("Các sở, ban, ngành"); else the one deadline all duties share."""
    if child is not None and child.jurisdiction:
        for d in duties:
            if child.jurisdiction in d.units and d.deadline:
                return d.deadline
    if child is not None and parent is not None:
        named = [d for d in duties if d.deadline and any(_department_code(g) for g in d.groups)]
        for ds in (named, duties):
            for d in ds:
                groups = [g for g in d.groups if ds is duties or _department_code(g)]
                if d.deadline and any(_in_group(child, g, parent) for g in groups):
                    return d.deadline
    deadlines = {d.deadline for d in duties if d.deadline}
    return deadlines.pop() if len(deadlines) == 1 else None


def _edges(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """parent → [(child, relation)] (``implementers``) or child → [(parent, relation)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        a, b, rel = str(r["parent"]), str(r["child"]), str(r["relation"])
        lst = out.setdefault(a, [])
        if (b, rel) not in lst:
            lst.append((b, rel))
    return out


def _merge_relations(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One entry per document; ``implements`` wins over ``based_on``."""
    best: dict[str, str] = {}
    for iri, rel in pairs:
        if best.get(iri) != "implements":
            best[iri] = rel
    return list(best.items())


def trace(
    store: StoreLike,
    ref: str,
    *,
    lang: str = "vi",
    year: int | None = None,
    issuer: str | None = None,
) -> TraceResult:
    """Who implemented ``ref`` (recursively), which expected units did and did not, and what
    ``ref`` itself implements (see the module docstring)."""
    docs = DocumentCache(store)
    top = resolve_reference(store, ref, year=year, issuer=issuer, docs=docs)
    down = _edges(query_rows(store, "implementation-edges", doc=URIRef(top.id)))
    up_rows = query_rows(store, "implements-chain", doc=URIRef(top.id))
    up: dict[str, list[tuple[str, str]]] = {}
    for r in up_rows:
        lst = up.setdefault(str(r["child"]), [])
        if (str(r["parent"]), str(r["relation"])) not in lst:
            lst.append((str(r["parent"]), str(r["relation"])))
    duties_cache: dict[str, list[_Duty]] = {}

    def duties_of(iri: str) -> list[_Duty]:
        if iri not in duties_cache:
            duties_cache[iri] = _duties(store, iri)
        return duties_cache[iri]

    # every document of the tree, and the duties of every parent in it, a few queries in all
    # (not two per node)
    parents = [top.id, *(p for p in down if p != top.id)]
    if len(parents) > 1:
        found = rows_by_doc(store, "expected-implementers", parents)
        for p in parents:
            duties_cache[p] = _duties_of_rows(found.get(p, []))
    below_iris = [top.id, *(c for kids in down.values() for c, _ in kids)]
    reports_of = {
        d: [str(r["report"]) for r in rows]
        for d, rows in rows_by_doc(store, "reports-on", list(dict.fromkeys(below_iris))).items()
    }
    docs.prefetch(
        [c for kids in down.values() for c, _ in kids]
        + [p for ps in up.values() for p, _ in ps]
        + [r for rs in reports_of.values() for r in rs]
    )

    def reports(iri: str) -> tuple[DocumentInfo, ...]:
        found = [docs.require(r) for r in reports_of.get(iri, [])]
        return tuple(sorted(found, key=lambda d: (d.date or date.max, d.id)))

    def below(iri: str, seen: frozenset[str], depth: int) -> tuple[TraceNode, ...]:
        if depth > MAX_DEPTH:
            return ()
        nodes = []
        kids = _merge_relations(down.get(iri, []))
        duties = duties_of(iri) if kids else []  # a leaf's duties are not needed
        for child, rel in kids:
            if child in seen:
                continue
            info = docs.require(child)
            deadline = _deadline_for(duties, info, docs.require(iri))
            nodes.append(
                TraceNode(
                    info,
                    rel,
                    _on_time(info, deadline),
                    deadline,
                    implemented_by=below(child, seen | {child}, depth + 1),
                    reports=reports(child),
                )
            )
        return tuple(sorted(nodes, key=lambda n: (n.document.date or date.max, n.document.id)))

    def above(iri: str, seen: frozenset[str], depth: int) -> tuple[TraceNode, ...]:
        if depth > MAX_DEPTH:
            return ()
        nodes = []
        for parent, rel in _merge_relations(up.get(iri, [])):
            if parent in seen:
                continue
            nodes.append(
                TraceNode(
                    docs.require(parent), rel, implements=above(parent, seen | {parent}, depth + 1)
                )
            )
        return tuple(sorted(nodes, key=lambda n: (n.document.date or date.max, n.document.id)))

    implemented_by = below(top.id, frozenset({top.id}), 1)
    duties = duties_of(top.id)
    direct = [n for n in implemented_by]
    expected = _with_cited(store, docs, _expected(duties, direct, top), top)
    deadlines = sorted({d.deadline for d in duties if d.deadline})
    return TraceResult(
        document=top,
        deadline=deadlines[0] if deadlines else None,
        implemented_by=implemented_by,
        expected=expected,
        implements=above(top.id, frozenset({top.id}), 1),
        lang=lang,
        reports=reports(top.id),
        status=store_status(store, top.id, docs=docs),
    )


def _status(nodes: list[TraceNode], *, none: str) -> str:
    if not nodes:
        return none
    if any(n.on_time is not False for n in nodes):
        return "implemented"
    return "late"


def _expected(
    duties: list[_Duty], direct: list[TraceNode], top: DocumentInfo
) -> tuple[ExpectedEntry, ...]:
    out: list[ExpectedEntry] = []
    seen: set[str] = set()
    for duty in duties:
        for unit, (name, code) in sorted(duty.units.items(), key=lambda kv: kv[1][1] or ""):
            if unit in seen:
                continue
            seen.add(unit)
            mine = [n for n in direct if n.document.jurisdiction == unit]
            out.append(
                ExpectedEntry(
                    unit,
                    name,
                    code,
                    False,
                    _status(mine, none="missing"),
                    duty.deadline,
                    tuple(n.document for n in mine),
                )
            )
        for group in duty.groups:
            if group in seen:
                continue
            seen.add(group)
            mine = [n for n in direct if _in_group(n.document, group, top)]
            # one named department ("Sở Nội vụ") is a known unit: without a plan it is missing
            none = "missing" if _department_code(group) else "unknown"
            out.append(
                ExpectedEntry(
                    group,
                    group,
                    None,
                    True,
                    _status(mine, none=none),
                    duty.deadline,
                    tuple(n.document for n in mine),
                )
            )
    return tuple(out)


def _in_group(doc: DocumentInfo, group: str, top: DocumentInfo) -> bool:
    """Whether ``doc`` was issued by a member of an addressee group without a member list:
    departments (same jurisdiction as the parent's issuer, not its people's committee or
    council) or communes (commune level)."""
    g = fold(group)
    if COMMUNE_GROUP.search(g):
        return doc.level == "commune"
    code = _department_code(group)
    if code is not None:  # "Sở Nội vụ": that department of the parent's province
        return (
            doc.jurisdiction is not None
            and doc.jurisdiction == top.jurisdiction
            and doc.agent == fold(code).lower()
        )
    if _DEPARTMENT_GROUP.search(g):
        return (
            doc.jurisdiction is not None
            and doc.jurisdiction == top.jurisdiction
            and doc.agent is not None
            and not _NOT_DEPARTMENT.match(doc.agent)
        )
    return False


# coverage, read_targets, CoverageResult: re-exported for the callers of graph.analysis.trace
# (the CLI, notebooks/02_trace_and_coverage.ipynb); they live in graph.analysis.coverage.
__all__ = [
    "AmbiguousReference",
    "CoverageResult",
    "DocumentInfo",
    "ExpectedEntry",
    "NoParentPlan",
    "TraceError",
    "TraceNode",
    "TraceResult",
    "UnknownReference",
    "coverage",
    "read_targets",
    "resolve_reference",
    "trace",
]
