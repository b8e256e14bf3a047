"""Reports against their plans in the store: each target's status, and the links it makes.

Public verbs: :func:`store_status` (a plan of the store against the reports on it, one
:class:`graph.analysis.status.PlanStatus` per report), :func:`link_graph` and
:func:`link_reports` (the post-pass of ``vbkg build``: ``vbkg:reportsOnTarget`` and
``vbkg:targetStatus`` of every reported result that reports on a target); record
:class:`StoreStatus`. Decision note: docs/decisions/0009-report-status.md.

A report and its plan come from different files, so the link between a reported result and a
target is no fact of either file's graph. It is computed when both are in the store, by the
one comparison of :mod:`graph.analysis.status` (:func:`graph.analysis.status.judge`), on

- the plan's targets as stored (:func:`graph.analysis.coverage.read_targets`);
- the results of the reports on the plan (named query ``plan-reports``: the reports that
  report on, implement, are based on or cite it, or its issuer's reports of its year),
  rebuilt as :class:`parsers.models.ReportedResult`;
- the documents' facts from :mod:`graph.analysis.documents` (the one reader).

Each report is judged on its own, so a target has one entry per report that reports on it
(a 9-month report "in progress", the annual report "not achieved"); the target's status is
that of the latest report (by date), as the named query ``targets-not-reached`` reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from graph.analysis.coverage import TargetInfo, read_targets
from graph.analysis.references import (
    DocumentCache,
    DocumentInfo,
    as_int,
    as_str,
    query_rows,
)
from graph.analysis.status import (
    Plan,
    PlanStatus,
    Report,
    TargetStatus,
    judge,
)
from graph.namespace import VBKG
from graph.store import StoreLike
from parsers.models import Figure, Period, ReportedResult

__all__ = ["LINKS_SOURCE", "StoreStatus", "link_graph", "link_reports", "store_status"]

#: The pseudo-source whose named graph holds the links (``StoreLike.replace_source``): it
#: states no ``vbkg:SourceFile``, so it is no source of ``store.sources()``.
LINKS_SOURCE = "vbkg:derived/report-links"


@dataclass(frozen=True)
class StoreStatus:
    """A plan of the store, its targets and one judgement per report on it (oldest first)."""

    plan: DocumentInfo
    targets: tuple[TargetInfo, ...]  # in the order of ``latest().targets``
    by_report: tuple[tuple[DocumentInfo, PlanStatus], ...]
    base: PlanStatus  # every target as "not reported" (no report)
    result_iris: Mapping[int, str]  # id(ReportedResult) → its IRI

    def entries(self, index: int) -> list[dict[str, Any]]:
        """The ``reported`` list of target ``index``: one entry per report that reports on it."""
        out = []
        for doc, ps in self.by_report:
            ts = ps.targets[index]
            if ts.status == "not_reported" or ts.result is None or ts.report is None:
                continue
            r = ts.result
            out.append(
                {
                    "report": doc.to_dict(),
                    "status": ts.status,
                    "value": r.figure.text,
                    "period": r.period.text if r.period else None,
                    "evidence": {
                        "text": r.text,
                        "source": Path(ts.report.source).name,
                        "start": r.start,
                        "end": r.end,
                    },
                }
            )
        return out

    def latest(self) -> PlanStatus:
        """Each target as the latest report that reports on it says (else not reported)."""
        chosen: list[TargetStatus] = []
        for i, default in enumerate(self.base.targets):
            found = next(
                (ps.targets[i] for _d, ps in reversed(self.by_report)
                 if ps.targets[i].status != "not_reported"),
                default,
            )  # fmt: skip
            chosen.append(found)
        reports = tuple(r for _d, ps in self.by_report for r in ps.reports)
        return PlanStatus(self.base.plan, tuple(chosen), reports)

    def targets_dict(self) -> list[dict[str, Any]]:
        """Each target with its latest status and its ``reported`` list (``vbkg trace``)."""
        latest = self.latest()
        return [
            {**info.to_dict(), "status": latest.targets[i].status, "reported": self.entries(i)}
            for i, info in enumerate(self.targets)
        ]

    def to_dict(self) -> dict[str, Any]:
        d = self.latest().to_dict()
        d["plan"] = self.plan.to_dict()
        d["reports"] = [doc.to_dict() for doc, _ps in self.by_report]
        for i, t in enumerate(d["targets"]):
            t["id"] = self.targets[i].id
            t["reported"] = self.entries(i)
        return d


def _float(v: Any) -> float | None:
    return None if v is None else float(str(v))


def _result(row: Mapping[str, Any]) -> ReportedResult:
    start, end = int(str(row["start"])), int(str(row["end"]))
    figure_start = as_int(row.get("figureStart"))
    figure = Figure(
        text=as_str(row.get("qtext")) or "",
        kind=as_str(row.get("kind")) or "count",  # type: ignore[arg-type]
        value=float(str(row["value"])),
        unit=as_str(row.get("unit")),
        start=start if figure_start is None else figure_start,
        end=end if figure_start is None else figure_start + len(as_str(row.get("qtext")) or ""),
        total=_float(row.get("total")),
        comparator=as_str(row.get("comparator")),  # type: ignore[arg-type]
        base_year=as_int(row.get("baseYear")),
    )
    text = as_str(row.get("periodText"))
    year, months = as_int(row.get("periodYear")), as_int(row.get("periodMonths"))
    period = Period(text or "", year, months, start, end) if text or year or months else None
    return ReportedResult(
        figure=figure,
        subject=as_str(row.get("subject")),
        text=str(row["text"]),
        period=period,
        level=as_str(row.get("scope")),
        unit=None,
        area=as_str(row.get("area")),
        section=as_str(row.get("section")),
        start=start,
        end=end,
    )


def _reports(
    rows: Iterable[Mapping[str, Any]], docs: DocumentCache
) -> tuple[list[tuple[DocumentInfo, Report]], dict[int, str]]:
    by_report: dict[str, list[tuple[str, ReportedResult, str]]] = {}
    seen: set[str] = set()
    for row in rows:
        iri = str(row["result"])
        if iri in seen:  # one row per result (a result has at most one of each value)
            continue
        seen.add(iri)
        by_report.setdefault(str(row["report"]), []).append((iri, _result(row), str(row["file"])))
    docs.prefetch(by_report)
    out = []
    iris: dict[int, str] = {}
    for report_iri, items in by_report.items():
        info = docs.require(report_iri)
        for iri, r, _f in items:
            iris[id(r)] = iri
        report = Report(
            source=info.source or items[0][2],
            results=tuple(r for _i, r, _f in items),
            key=info.key,
            title=info.title,
            date=info.date.isoformat() if info.date else None,
            year=info.year,
            issuer=info.issuer,
            iri=report_iri,
        )
        out.append((info, report))
    out.sort(key=lambda x: (x[0].date or date.max, x[0].id))
    return out, iris


def store_status(
    store: StoreLike, plan_iri: str, *, docs: DocumentCache | None = None
) -> StoreStatus:
    """The plan ``plan_iri`` of the store against each report on it (module docstring)."""
    docs = docs or DocumentCache(store)
    info = docs.require(plan_iri)
    stored = read_targets(store, plan_iri)
    plan = Plan(tuple(t for _i, t in stored), key=info.key, year=info.year, issuer=info.issuer,
                iri=plan_iri)  # fmt: skip
    rows = query_rows(store, "plan-reports", doc=URIRef(plan_iri)) if stored else []
    reports, iris = _reports(rows, docs)  # a document without targets: nothing to compare
    by_report = tuple((doc, judge((report,), plan)) for doc, report in reports)
    return StoreStatus(info, tuple(i for i, _t in stored), by_report, judge((), plan), iris)


def link_graph(store: StoreLike) -> Graph:
    """``result vbkg:reportsOnTarget target ; vbkg:targetStatus "…"`` for every reported
    result of the store that reports on a target of a plan of the store (a result links to
    one target at most: the first plan, by IRI, keeps it)."""
    g = Graph()
    docs = DocumentCache(store)
    plans = dict.fromkeys(str(r["doc"]) for r in query_rows(store, "report-plans"))
    linked: set[str] = set()
    for plan_iri in plans:
        st = store_status(store, plan_iri, docs=docs)
        for _doc, ps in st.by_report:
            for i, ts in enumerate(ps.targets):
                if ts.result is None or ts.status == "not_reported":
                    continue
                iri = st.result_iris.get(id(ts.result))
                if iri is None or iri in linked:
                    continue
                linked.add(iri)
                g.add((URIRef(iri), VBKG.reportsOnTarget, URIRef(st.targets[i].id)))
                g.add((URIRef(iri), VBKG.targetStatus, Literal(ts.status)))
    return g


def link_reports(store: StoreLike) -> int:
    """Replace the store's links of reported results to targets (:func:`link_graph`) in one
    named graph; returns the number of results linked. Run after every build: the links of a
    report whose plan arrives later, or changes, are made again. Links that are already the
    store's are not written again (a build that adds no report or plan writes nothing here)."""
    g = link_graph(store)
    if set(store.source_graph(LINKS_SOURCE)) != set(g):
        store.replace_source(LINKS_SOURCE, g)
    return len(g) // 2
