"""The triples of the results a report states (issue 15), for :mod:`graph.build`.

Public verb: :func:`add_results`; helper :func:`decimal_value` (the one rule for
``xsd:decimal`` values of the graph).

Each :class:`parsers.models.ReportedResult` of an extraction becomes a ``vbkg:ReportedResult``
(a ``vbkg:Passage`` of the report's source file: the evidence), linked from its document by
``vbkg:hasResult``, with

- its clause (``vbkg:text``), source file, original offsets, section and subject
  (``vbkg:resultSubject``);
- its figure as a ``vbkg:Quantity`` (``vbkg:reportedQuantity``): value, words, kind
  (``vbkg:figureKind``), ``vbkg:total`` of a ratio or rank, unit, comparator, base year and
  the level it is about as ``vbkg:scope`` ("tinh": "Cấp tỉnh: …");
- its period (``vbkg:periodText``, ``periodYear``, ``periodMonths``);
- its reform area (``vbkg:area``) and the unit it is about (``vbkg:aboutUnit``: the unit the
  clause names, "huyện Cao Lộc", else the unit of the report's issuer).

Which target of which plan a result reports on, and the target's status according to it
(``vbkg:reportsOnTarget``, ``vbkg:targetStatus``), are not facts of one file: they are
computed when the report and its plan are both in the store
(:mod:`graph.analysis.report_links`, docs/decisions/0009-report-status.md).
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from rdflib import URIRef

from graph import ids, units
from graph.models import Extraction
from graph.namespace import REFORM_AREA
from graph.sink import RDF, VBKG, Sink, UnitNode

__all__ = ["add_results", "decimal_value", "result_iri"]


def decimal_value(x: float) -> Decimal:
    """``x`` rounded to 4 places (no binary float noise), the value of an ``xsd:decimal``
    literal (rdflib's ``Literal`` of a ``Decimal`` is typed ``xsd:decimal``)."""
    return Decimal(str(round(x, 4)))


def result_iri(doc: str, source: str, start: int, end: int, figure_start: int) -> str:
    """The IRI of a result: under its document, from its file and offsets (stable)."""
    basis = f"{source}|{start}|{end}|{figure_start}"
    return ids.check_iri(f"{doc}/result/{hashlib.sha1(basis.encode()).hexdigest()[:12]}")


def _about_unit(ex: Extraction, named: str | None, unit: UnitNode) -> URIRef | None:
    issuer = ex.document.issuer
    on: date | None = ex.document.date
    if issuer is None or not issuer.jurisdiction.startswith("vn"):
        return None
    if named:
        parts = issuer.jurisdiction.split("-")
        within = parts[1] if len(parts) >= 2 else None
        found = units.units_in(named, on=on, within=within)[:1]
        if found:
            u = found[0]
            return unit(u.jurisdiction, name=u.name, level=u.level, on=on)
    return unit(issuer.jurisdiction, name=issuer.unit_name, level=issuer.level, on=on)


def add_results(sink: Sink, unit: UnitNode, ex: Extraction, doc: URIRef, src: URIRef) -> None:
    """The ``vbkg:ReportedResult`` nodes of ``ex.results`` (see the module docstring)."""
    add, lit = sink.triple, sink.literal
    used: set[str] = set()
    for r in ex.results:
        f = r.figure
        iri = result_iri(str(doc), ex.source, r.start, r.end, f.start)
        if iri in used:  # the same figure twice (cannot happen: offsets differ); keep one
            continue
        used.add(iri)
        node = URIRef(iri)
        add(node, RDF.type, VBKG.ReportedResult)
        add(doc, VBKG.hasResult, node)
        add(node, VBKG.text, lit(r.text, "vi"))
        add(node, VBKG.sourceFile, src)
        add(node, VBKG.startOffset, lit(r.start))
        add(node, VBKG.endOffset, lit(r.end))
        if r.section:
            add(node, VBKG.section, lit(r.section))
        if r.subject:
            add(node, VBKG.resultSubject, lit(r.subject, "vi"))
        if r.area:
            add(node, VBKG.area, REFORM_AREA[ids.segment(r.area)])
        q = URIRef(f"{iri}/q")
        add(q, RDF.type, VBKG.Quantity)
        add(node, VBKG.reportedQuantity, q)
        add(q, VBKG.value, lit(decimal_value(f.value)))
        add(q, VBKG.text, lit(f.text, "vi"))
        add(q, VBKG.figureKind, lit(f.kind))
        add(q, VBKG.figureOffset, lit(f.start))
        if f.total is not None:
            add(q, VBKG.total, lit(decimal_value(f.total)))
        if f.unit:
            add(q, VBKG.unit, lit(f.unit))
        if f.comparator:
            add(q, VBKG.comparator, lit(f.comparator))
        if f.base_year is not None and 1945 <= f.base_year <= 2100:
            add(q, VBKG.baseYear, lit(f.base_year))
        if r.level:
            add(q, VBKG.scope, lit(r.level))
        p = r.period
        if p is not None:
            add(node, VBKG.periodText, lit(p.text, "vi"))
            if p.year is not None and 1945 <= p.year <= 2100:
                add(node, VBKG.periodYear, lit(p.year))
            if p.months is not None and 1 <= p.months <= 12:
                add(node, VBKG.periodMonths, lit(p.months))
        about = _about_unit(ex, r.unit, unit)
        if about is not None:
            add(node, VBKG.aboutUnit, about)
