"""The triples of the mandates a plan states (:mod:`parsers.mandates`), for :mod:`graph.build`.

Public verb: :func:`add_mandates`. For a plan whose extraction carries mandates: its targets
with their quantities, tasks and section III duties (``vbkg:hasTarget`` / ``hasTask`` /
``hasDuty``), each a ``vbkg:Passage`` with section path and original offsets, the reform areas
it covers, and for a duty the units it names and, when it requires lower units to issue a plan,
the units expected to do so (:func:`graph.units.expected_implementers`).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from typing import Any

from rdflib import URIRef

from graph import ids, units
from graph.build_results import decimal_value
from graph.models import Extraction, Issuer
from graph.namespace import REFORM_AREA
from graph.sink import RDF, VBKG, Sink, UnitNode, child_iri
from graph.units import ExpectedImplementers, expected_implementers
from parsers.normalize import fold

__all__ = ["add_mandates"]


@functools.lru_cache(maxsize=4096)  # the same addressees in every plan
def _names_one_unit(name: str) -> bool:
    """``name`` addresses one unit ("UBND huyện Cao Lộc"): graph.units says (one home for the
    administrative hierarchy)."""
    return units.ONE_DISTRICT.match(fold(name)) is not None


def _mandate_node(
    doc: URIRef, kind: str, source: str, start: int, end: int, used: set[str]
) -> URIRef:
    basis = f"{source}|{start}|{end}"
    while True:
        suffix = f"/{kind}/{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
        iri = f"{doc}{suffix}"
        if iri not in used:
            used.add(iri)
            return child_iri(doc, suffix)
        basis += "|"


@functools.lru_cache(maxsize=4096)  # the same duties recur in every plan of an issuer
def _expected(
    addressees: tuple[str, ...], issuer: Issuer | None, on: date | None
) -> ExpectedImplementers:
    return expected_implementers(addressees, issuer, on)


@functools.lru_cache(maxsize=1024)
def _area(area: str) -> URIRef:
    return REFORM_AREA[ids.segment(area)]


def add_mandates(sink: Sink, unit: UnitNode, ex: Extraction, doc: URIRef, src: URIRef) -> None:
    """The targets, tasks and duties of ``ex.mandates`` (see the module docstring)."""
    m = ex.mandates
    assert m is not None
    add, lit = sink.triple, sink.literal
    used: set[str] = set()

    def vi(text: str) -> Any:
        return lit(text, "vi")

    def passage(kind: str, cls: URIRef, prop: URIRef, index: int, item: Any, text: str) -> URIRef:
        node = _mandate_node(doc, kind, ex.source, item.start, item.end, used)
        add(node, RDF.type, cls)
        add(doc, prop, node)
        add(node, VBKG.index, lit(index))
        add(node, VBKG.text, vi(text))
        add(node, VBKG.sourceFile, src)
        add(node, VBKG.startOffset, lit(item.start))
        add(node, VBKG.endOffset, lit(item.end))
        if item.section:
            add(node, VBKG.section, lit(item.section))
        return node

    for area in m.areas_covered:
        add(doc, VBKG.coversArea, _area(area))
    for i, t in enumerate(m.targets):
        node = passage("target", VBKG.Target, VBKG.hasTarget, i, t, t.text)
        if t.area:
            add(node, VBKG.area, _area(t.area))
        if t.subject:
            add(node, VBKG.targetSubject, vi(t.subject))
        add(node, VBKG.inTask, lit(bool(t.in_task)))
        quantities = t.quantities or ((t.quantity,) if t.quantity else ())
        for j, q in enumerate(quantities):
            qn = child_iri(node, f"/q{j}")
            add(qn, RDF.type, VBKG.Quantity)
            add(node, VBKG.quantity, qn)
            if j == 0:
                add(node, VBKG.mainQuantity, qn)
            add(qn, VBKG.index, lit(j))
            if q.comparator:
                add(qn, VBKG.comparator, lit(q.comparator))
            add(qn, VBKG.value, lit(decimal_value(q.value)))
            if q.unit:
                add(qn, VBKG.unit, lit(q.unit))
            if q.base_year is not None:
                add(qn, VBKG.baseYear, lit(q.base_year))
            if q.scope:
                add(qn, VBKG.scope, lit(q.scope))
            if q.text:
                add(qn, VBKG.text, vi(q.text))
    for i, task in enumerate(m.tasks):
        node = passage("task", VBKG.Task, VBKG.hasTask, i, task, task.text)
        if task.area:
            add(node, VBKG.area, _area(task.area))
    on = ex.document.date
    for i, d in enumerate(m.duties):
        node = passage("duty", VBKG.Duty, VBKG.hasDuty, i, d, d.action)
        add(node, VBKG.unitText, vi(d.unit_text))
        for name in d.units:
            add(node, VBKG.addressee, vi(name))
            if _names_one_unit(name):  # link it
                for u in _expected((name,), ex.document.issuer, on).units:
                    add(
                        node,
                        VBKG.addresseeUnit,
                        unit(u.jurisdiction, name=u.name, level=u.level, on=on),
                    )
        add(node, VBKG.requiresPlan, lit(bool(d.requires_plan)))
        add(node, VBKG.requiresAllAreas, lit(bool(d.requires_all_areas)))
        if d.deadline is not None:
            add(node, VBKG.deadline, lit(d.deadline))
        if d.requires_plan:
            expected = _expected(tuple(d.units), ex.document.issuer, on)
            for u in expected.units:
                add(
                    node,
                    VBKG.expectedImplementer,
                    unit(u.jurisdiction, name=u.name, level=u.level, on=on),
                )
            for group in expected.groups:
                add(node, VBKG.expectedGroup, vi(group))
