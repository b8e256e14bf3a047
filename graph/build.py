"""Stage 6: RDF triples from resolved extractions, with provenance.

Public verbs: :func:`build_graph` (many files) and :func:`build_document_graph`
(one file, the unit that :class:`graph.store.local.Store` replaces atomically).

What one file contributes (ontology: ``ontology/vbkg.ttl``, shapes:
``ontology/shapes.ttl``, decision note ``docs/decisions/0003-ontology.md``):

- its source file node (``vbkg:SourceFile``: path, format, encoding, warnings);
- the citing document with everything its header says, ``vbkg:inCorpus true``
  and ``prov:wasDerivedFrom`` the source file;
- each cited document with the facts *this* file gives about it (files may
  disagree: each named graph keeps its own statements; a disagreement found
  within the file is flagged with ``vbkg:hasConflict``);
- the direct relation triple (``citing eli:based_on cited`` ...) and one
  reified ``vbkg:Citation`` node per mention with file, offsets, words, cue,
  confidence, footnote flag and section;
- relations that a citation's title states between two cited documents;
- issuers and administrative units as resources;
- for a plan whose extraction carries mandates (:mod:`parsers.mandates`): its targets with
  their quantities, tasks and section III duties (``vbkg:hasTarget`` / ``hasTask`` /
  ``hasDuty``), each a ``vbkg:Passage`` with section path and original offsets, the reform
  areas it covers, its recipients (*Nơi nhận*) and, for a duty that requires lower units to
  issue a plan, the units expected to do so (:func:`expected_implementers`).

Every IRI passes :func:`safe_iri`: rdflib's ``URIRef`` accepts ``>`` and spaces,
which would let document text inject triples into serialised output.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol, cast
from urllib.parse import quote

import pyoxigraph
import regex
from rdflib import DCTERMS, PROV, RDF, SKOS, Graph, Literal, URIRef

from graph import ids, units
from graph.build_results import add_results, decimal_literal
from graph.eli import add_eli_resource
from graph.models import DocumentRef, Extraction, Issuer
from graph.namespace import ELI, LEVEL, REFORM_AREA, RELATION, VBKG
from graph.ntwriter import NTriplesLines
from graph.units import ExpectedImplementers, expected_implementers
from graph.vocabulary import (
    PREFIXES,
    DocType,
    _bind,
    doc_type_concept,
    doc_type_graph,
    doc_types,
    ontology_graph,
    reform_area_graph,
    shapes_graph,
    vocabulary_graph,
)
from parsers.models import Relation
from parsers.normalize import fold

__all__ = [
    "DEFAULT_BASE",
    "LEVELS",
    "PREFIXES",
    "RELATION_PROPERTY",
    "DocType",
    "ExpectedImplementers",
    "build_document_graph",
    "build_graph",
    "doc_type_concept",
    "doc_type_graph",
    "doc_types",
    "document_ntriples",
    "expected_implementers",
    "level_concept",
    "ontology_graph",
    "reform_area_graph",
    "relation_concept",
    "safe_iri",
    "shapes_graph",
    "vocabulary_graph",
]

DEFAULT_BASE = ids.DEFAULT_BASE


#: Relation → property of the direct triple (DESIGN.md §4).
RELATION_PROPERTY: dict[Relation, URIRef] = {
    Relation.BASED_ON: ELI.based_on,
    Relation.IMPLEMENTS: VBKG.implements,
    Relation.AMENDS: ELI.amends,
    Relation.REPEALS: ELI.repeals,
    Relation.REPLACES: VBKG.replaces,
    Relation.GUIDES: VBKG.guides,
    Relation.CORRECTS: ELI.corrects,
    Relation.REPORTS_ON: VBKG.reportsOn,
    Relation.CITES: ELI.cites,
}


LEVELS = ("central", "province", "district", "commune", "unknown")


#: Last day of the district level (districts were abolished on 1 July 2025).
DISTRICTS_UNTIL = date(2025, 6, 30)


_FORBIDDEN = regex.compile(r'[\x00-\x20<>"{}|\\^`\x7f]|%(?![0-9A-Fa-f]{2})')


def safe_iri(iri: str) -> URIRef:
    """``iri`` as a ``URIRef`` that serialises safely; characters that could
    break out of ``<...>`` (``>``, spaces, quotes, controls) are percent-encoded.

    Raises :class:`graph.ids.UnsafeIRIError` when the result is still not an
    absolute IRI (no scheme, or rejected by Oxigraph's RFC 3987 parser).
    """
    encoded = _FORBIDDEN.sub(lambda m: quote(m.group(), safe=""), iri)
    ids.check_iri(encoded)
    try:
        pyoxigraph.NamedNode(encoded)
    except ValueError as exc:
        raise ids.UnsafeIRIError(f"unsafe IRI: {iri!r}: {exc}") from exc
    return URIRef(encoded)


def relation_concept(relation: Relation) -> URIRef:
    return RELATION[relation.value]


def level_concept(level: str | None) -> URIRef:
    return LEVEL[level if level in LEVELS else "unknown"]


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _unit_parts(jurisdiction: str) -> list[str]:
    """``vn-20-183`` → ``["vn", "vn-20", "vn-20-183"]`` (the chain of units, top first)."""
    parts = jurisdiction.split("-")
    if parts[0] != "vn":
        return [jurisdiction]
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


_DEPTH_LEVEL = {1: "central", 2: "province", 3: "district", 4: "commune"}


@functools.lru_cache(maxsize=4096)  # graph.units.province scans every unit's eras
def _unit_name(jurisdiction: str, on: date | None) -> str | None:
    if jurisdiction == "vn":
        return "Việt Nam"
    parts = jurisdiction.split("-")
    if len(parts) == 2 and parts[0] == "vn":
        try:
            u = units.province(parts[1], on)
        except Exception:  # names are a nicety; the code identifies the unit
            return None
        return u.name if u else None
    return None


class _Sink(Protocol):
    """Where the triples go: an rdflib ``Graph`` or :class:`graph.ntwriter.NTriplesLines`."""

    def add(self, triple: tuple[Any, Any, Any], /) -> Any: ...


class _Builder:
    def __init__(self, g: _Sink, base: str) -> None:
        self.g = g
        self.base = base
        self.units_done: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    # -- units and issuers

    def unit(
        self, jurisdiction: str, *, name: str | None, level: str | None, on: date | None
    ) -> URIRef:
        chain = _unit_parts(jurisdiction)
        parent: URIRef | None = None
        for depth, jur in enumerate(chain, start=1):
            node = safe_iri(ids.unit_iri(jur, self.base))
            own = jur == jurisdiction
            if jur not in self.units_done:
                self.units_done.add(jur)
                self.add(node, RDF.type, VBKG.AdministrativeUnit)
                code = jur.rsplit("-", 1)[-1]
                self.add(node, VBKG.unitCode, Literal(code))
                lvl = level if own and level and level != "unknown" else None
                lvl = lvl or (_DEPTH_LEVEL.get(depth) if chain[0] == "vn" else None)
                self.add(node, VBKG.level, level_concept(lvl))
                label = name if own and name else _unit_name(jur, on)
                if label:
                    self.add(node, SKOS.prefLabel, _vi(label))
                if lvl == "district":
                    self.add(node, VBKG.validUntil, Literal(DISTRICTS_UNTIL))
                if parent is not None:
                    self.add(node, VBKG.parentUnit, parent)
            parent = node
        assert parent is not None
        return parent

    def issuer(self, issuer: Issuer, on: date | None) -> URIRef:
        node = safe_iri(ids.issuer_iri(issuer.jurisdiction, issuer.agent, self.base))
        self.add(node, RDF.type, VBKG.Issuer)
        self.add(node, SKOS.prefLabel, _vi(issuer.name))
        self.add(node, SKOS.notation, Literal(issuer.agent))
        self.add(node, VBKG.level, level_concept(issuer.level))
        unit = self.unit(issuer.jurisdiction, name=issuer.unit_name, level=issuer.level, on=on)
        self.add(node, VBKG.jurisdiction, unit)
        return node

    # -- documents

    def document(self, ref: DocumentRef, *, own: bool = False) -> URIRef:
        """The document ``ref``; ``own``: this file is the document's own (its title is
        eli:title, a citing file's title is vbkg:citedTitle, docs/decisions/0008)."""
        node = safe_iri(ref.iri)
        self.add(node, RDF.type, VBKG.Document)
        if ref.doc_type:
            if ref.doc_type == "KH":
                self.add(node, RDF.type, VBKG.Plan)
            self.add(node, VBKG.docType, doc_type_concept(ref.doc_type))
        if ref.key:
            self.add(node, VBKG.key, Literal(ref.key))
        else:
            self.add(node, VBKG.numberless, Literal(True))
            self.add(node, DCTERMS.identifier, Literal(str(node).rstrip("/").rsplit("/", 1)[-1]))
        if ref.symbol:
            self.add(node, VBKG.symbol, Literal(ref.symbol))
        if ref.number:
            self.add(node, VBKG.numberInSymbol, Literal(ref.number))
        if ref.year_in_number is not None:
            self.add(node, VBKG.yearInNumber, Literal(ref.year_in_number))
        if ref.year is not None:
            self.add(node, VBKG.year, Literal(ref.year))
        if ref.date is not None:
            self.add(node, ELI.date_document, Literal(ref.date))
        if ref.title:
            self.add(node, ELI.title if own else VBKG.citedTitle, _vi(ref.title))
        issuer = self.issuer(ref.issuer, ref.date) if ref.issuer is not None else None
        if issuer is not None:
            self.add(node, VBKG.issuer, issuer)
        add_eli_resource(
            cast(Graph, self.g), node, key=ref.key, doc_type=ref.doc_type, issuer=issuer
        )
        return node

    def key_only_document(self, iri: str, key: str | None) -> URIRef:
        node = safe_iri(iri)
        self.add(node, RDF.type, VBKG.Document)
        if key:
            self.add(node, VBKG.key, Literal(key))
        else:
            self.add(node, VBKG.numberless, Literal(True))
            self.add(node, DCTERMS.identifier, Literal(str(node).rstrip("/").rsplit("/", 1)[-1]))
        add_eli_resource(cast(Graph, self.g), node, key=key, doc_type=None, issuer=None)
        return node


class _MentionIds:
    """Citation node IRIs, unique within one file even if two citations share a span."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.used: set[str] = set()

    def __call__(self, citing: str, cited: str, start: int, end: int) -> URIRef:
        iri = ids.mention_iri(citing, self.source, start, end)
        if iri in self.used:
            iri = ids.mention_iri(citing, f"{self.source}|{cited}", start, end)
        self.used.add(iri)
        return safe_iri(iri)


_decimal = decimal_literal


# Who must carry out a duty: graph.units (one home for the administrative hierarchy)
_ONE_DISTRICT = units.ONE_DISTRICT


def _mandate_node(
    doc: URIRef, kind: str, source: str, start: int, end: int, used: set[str]
) -> URIRef:
    basis = f"{source}|{start}|{end}"
    while True:
        iri = f"{doc}/{kind}/{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
        if iri not in used:
            used.add(iri)
            return safe_iri(iri)
        basis += "|"


@functools.lru_cache(maxsize=4096)  # the same duties recur in every plan of an issuer
def _expected(
    addressees: tuple[str, ...], issuer: Issuer | None, on: date | None
) -> ExpectedImplementers:
    return expected_implementers(addressees, issuer, on)


def _area(area: str | None) -> URIRef | None:
    return REFORM_AREA[ids.segment(area)] if area else None


def _add_mandates(b: _Builder, ex: Extraction, doc: URIRef, src: URIRef) -> None:
    """The targets, tasks and duties of ``ex.mandates`` (see the module docstring)."""
    m = ex.mandates
    used: set[str] = set()

    def passage(kind: str, cls: URIRef, prop: URIRef, index: int, item: Any, text: str) -> URIRef:
        node = _mandate_node(doc, kind, ex.source, item.start, item.end, used)
        b.add(node, RDF.type, cls)
        b.add(doc, prop, node)
        b.add(node, VBKG.index, Literal(index))
        b.add(node, VBKG.text, _vi(text))
        b.add(node, VBKG.sourceFile, src)
        b.add(node, VBKG.startOffset, Literal(item.start))
        b.add(node, VBKG.endOffset, Literal(item.end))
        if item.section:
            b.add(node, VBKG.section, Literal(item.section))
        return node

    for area in m.areas_covered:
        b.add(doc, VBKG.coversArea, REFORM_AREA[ids.segment(area)])
    for i, t in enumerate(m.targets):
        node = passage("target", VBKG.Target, VBKG.hasTarget, i, t, t.text)
        if (a := _area(t.area)) is not None:
            b.add(node, VBKG.area, a)
        if t.subject:
            b.add(node, VBKG.targetSubject, _vi(t.subject))
        b.add(node, VBKG.inTask, Literal(bool(t.in_task)))
        quantities = t.quantities or ((t.quantity,) if t.quantity else ())
        for j, q in enumerate(quantities):
            qn = safe_iri(f"{node}/q{j}")
            b.add(qn, RDF.type, VBKG.Quantity)
            b.add(node, VBKG.quantity, qn)
            if j == 0:
                b.add(node, VBKG.mainQuantity, qn)
            b.add(qn, VBKG.index, Literal(j))
            if q.comparator:
                b.add(qn, VBKG.comparator, Literal(q.comparator))
            b.add(qn, VBKG.value, _decimal(q.value))
            if q.unit:
                b.add(qn, VBKG.unit, Literal(q.unit))
            if q.base_year is not None:
                b.add(qn, VBKG.baseYear, Literal(q.base_year))
            if q.scope:
                b.add(qn, VBKG.scope, Literal(q.scope))
            if q.text:
                b.add(qn, VBKG.text, _vi(q.text))
    for i, task in enumerate(m.tasks):
        node = passage("task", VBKG.Task, VBKG.hasTask, i, task, task.text)
        if (a := _area(task.area)) is not None:
            b.add(node, VBKG.area, a)
    on = ex.document.date
    for i, d in enumerate(m.duties):
        node = passage("duty", VBKG.Duty, VBKG.hasDuty, i, d, d.action)
        b.add(node, VBKG.unitText, _vi(d.unit_text))
        for name in d.units:
            b.add(node, VBKG.addressee, _vi(name))
            if _ONE_DISTRICT.match(fold(name)):  # one unit named: link it
                for u in _expected((name,), ex.document.issuer, on).units:
                    b.add(
                        node,
                        VBKG.addresseeUnit,
                        b.unit(u.jurisdiction, name=u.name, level=u.level, on=on),
                    )
        b.add(node, VBKG.requiresPlan, Literal(bool(d.requires_plan)))
        b.add(node, VBKG.requiresAllAreas, Literal(bool(d.requires_all_areas)))
        if d.deadline is not None:
            b.add(node, VBKG.deadline, Literal(d.deadline))
        if d.requires_plan:
            expected = _expected(tuple(d.units), ex.document.issuer, on)
            for u in expected.units:
                b.add(
                    node,
                    VBKG.expectedImplementer,
                    b.unit(u.jurisdiction, name=u.name, level=u.level, on=on),
                )
            for group in expected.groups:
                b.add(node, VBKG.expectedGroup, _vi(group))


def build_document_graph(extraction: Extraction, *, base: str = DEFAULT_BASE) -> Graph:
    """The triples that one source file contributes (see the module docstring)."""
    g = _bind(Graph())
    _fill(_Builder(g, base), extraction)
    return g


def document_ntriples(extraction: Extraction, *, base: str = DEFAULT_BASE) -> bytes:
    """:func:`build_document_graph`'s triples as N-Triples lines, written directly
    (:class:`graph.ntwriter.NTriplesLines`: no rdflib graph), what the store loads."""
    lines = NTriplesLines(ids.source_iri(extraction.source, base))
    _fill(_Builder(lines, base), extraction)
    return lines.data()


def _fill(b: _Builder, ex: Extraction) -> None:
    base = b.base

    src = safe_iri(ids.source_iri(ex.source, base))
    b.add(src, RDF.type, VBKG.SourceFile)
    b.add(src, DCTERMS.identifier, Literal(ex.source))
    if ex.format:
        b.add(src, VBKG.format, Literal(ex.format))
    if ex.encoding:
        b.add(src, VBKG.encoding, Literal(ex.encoding))
    if ex.text_length:
        b.add(src, VBKG.textLength, Literal(ex.text_length))
    for w in ex.warnings:
        b.add(src, VBKG.warning, Literal(w))

    doc = b.document(ex.document, own=True)
    b.add(doc, VBKG.inCorpus, Literal(True))
    b.add(doc, PROV.wasDerivedFrom, src)
    if ex.place:
        b.add(doc, VBKG.place, _vi(ex.place))
    if ex.signer:
        b.add(doc, VBKG.signer, _vi(ex.signer))

    mention_id = _MentionIds(ex.source)
    spans: set[tuple[int, int]] = set()
    cited_iris: set[str] = set()

    def citation_node(
        citing: URIRef, cited: URIRef, relation: Relation, start: int, end: int
    ) -> URIRef:
        c = mention_id(str(citing), str(cited), start, end)
        b.add(c, RDF.type, VBKG.Citation)
        b.add(c, VBKG.citingDocument, citing)
        b.add(c, VBKG.citedDocument, cited)
        b.add(c, VBKG.relation, relation_concept(relation))
        b.add(c, VBKG.sourceFile, src)
        b.add(c, VBKG.startOffset, Literal(start))
        b.add(c, VBKG.endOffset, Literal(end))
        return c

    for rc in ex.citations:
        cited = b.document(rc.document)
        cited_iris.add(str(cited))
        b.add(doc, RELATION_PROPERTY[rc.relation], cited)
        for conflict in rc.conflicts:
            b.add(cited, VBKG.hasConflict, Literal(conflict))
        for m in rc.mentions:
            spans.add((m.start, m.end))
            c = citation_node(doc, cited, rc.relation, m.start, m.end)
            b.add(c, VBKG.surfaceText, _vi(m.text))
            if rc.cue:
                b.add(c, VBKG.cue, _vi(rc.cue))
            b.add(c, VBKG.confidence, _decimal(rc.confidence))
            b.add(c, VBKG.inFootnote, Literal(bool(m.in_footnote)))
            if m.section:
                b.add(c, VBKG.section, Literal(m.section))

    for subj_iri, relation, obj_iri, cr in ex.relations_between_cited:
        subj, obj = safe_iri(subj_iri), safe_iri(obj_iri)
        if str(subj) not in cited_iris or str(obj) not in cited_iris:
            b.add(
                src,
                VBKG.warning,
                Literal(
                    f"relation {relation.value} between cited documents not found in "
                    f"this file: {subj_iri} → {obj_iri}"
                ),
            )
            continue
        b.add(subj, RELATION_PROPERTY[relation], obj)
        c = citation_node(subj, obj, relation, cr.start, cr.end)
        b.add(c, VBKG.statedIn, doc)
        b.add(c, VBKG.cue, _vi(cr.cue))
        b.add(
            c, VBKG.inFootnote, Literal(bool(ex.segmented and ex.segmented.in_footnote(cr.start)))
        )

    for nr in ex.named_references:
        if nr.iri is None or (nr.start, nr.end) in spans:
            continue
        spans.add((nr.start, nr.end))
        if nr.iri in cited_iris:
            cited = safe_iri(nr.iri)
        else:
            cited = b.key_only_document(nr.iri, nr.key)
            cited_iris.add(str(cited))
            b.add(doc, ELI.cites, cited)
        c = citation_node(doc, cited, Relation.CITES, nr.start, nr.end)
        b.add(c, VBKG.surfaceText, _vi(nr.name))
        b.add(c, VBKG.byName, Literal(True))

    if ex.mandates is not None:
        if ex.segmented is not None:
            for r in ex.segmented.recipients:
                if r.strip():
                    b.add(doc, VBKG.recipient, _vi(r.strip()))
        _add_mandates(b, ex, doc, src)
    add_results(b.add, b.unit, ex, doc, src)  # what a report says was done (build_results)


def build_graph(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE) -> Graph:
    """The union of :func:`build_document_graph` over ``extractions``."""
    g = _bind(Graph())
    for ex in extractions:
        for t in build_document_graph(ex, base=base):
            g.add(t)
    return g
