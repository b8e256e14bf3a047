"""Stage 6: RDF triples from resolved extractions, with provenance.

Public verbs: :func:`build_graph` (many files), :func:`build_document_graph` (one file, the
unit that :class:`graph.store.local.Store` replaces atomically), :func:`document_ntriples` (as
N-Triples, what workers send), :func:`write_document` (into a :class:`graph.sink.Sink`).

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
- for a plan whose extraction carries mandates (:mod:`parsers.mandates`): its recipients
  (*Nơi nhận*), and its targets, tasks and duties (:mod:`graph.build_mandates`);
- the results a report states (:mod:`graph.build_results`).

Every IRI passes :func:`safe_iri` (rdflib's ``URIRef`` accepts ``>`` and spaces, which would
let document text inject triples into serialised output) or extends one that did by a safe
suffix (:func:`graph.sink.child_iri`). The triples go to a :class:`graph.sink.Sink`, which
makes the literals: rdflib terms, or N-Triples strings (:func:`document_ntriples`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

import pyoxigraph
import regex
from rdflib import Graph, URIRef

from graph import ids, units
from graph.build_mandates import add_mandates
from graph.build_results import add_results, decimal_value
from graph.eli import add_eli_resource
from graph.models import DocumentRef, Extraction, Issuer
from graph.namespace import LEVEL, RELATION
from graph.ntwriter import NTriplesLines
from graph.sink import DCTERMS, ELI, PROV, RDF, SKOS, VBKG, GraphSink, Sink
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
    "write_document",
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


@functools.lru_cache(maxsize=16384)  # the cited documents recur in every file
def _known_iri(iri: str) -> URIRef:
    return safe_iri(iri)


_RELATION_CONCEPT = {r: RELATION[r.value] for r in Relation}
_LEVEL_CONCEPT = {level: LEVEL[level] for level in LEVELS}


def relation_concept(relation: Relation) -> URIRef:
    return _RELATION_CONCEPT[relation]


def level_concept(level: str | None) -> URIRef:
    return _LEVEL_CONCEPT.get(level or "unknown", _LEVEL_CONCEPT["unknown"])


@functools.lru_cache(maxsize=16384)  # the same units in every file
def _unit_chain(jurisdiction: str, base: str) -> tuple[tuple[str, URIRef], ...]:
    """``vn-20-183`` → ``vn``, ``vn-20``, ``vn-20-183`` (the chain of units, top first), each
    with its node."""
    parts = jurisdiction.split("-")
    chain = (
        [jurisdiction]
        if parts[0] != "vn"
        else ["-".join(parts[: i + 1]) for i in range(len(parts))]
    )
    return tuple((jur, safe_iri(ids.unit_iri(jur, base))) for jur in chain)


@functools.lru_cache(maxsize=16384)
def _issuer_node(jurisdiction: str, agent: str, base: str) -> URIRef:
    return safe_iri(ids.issuer_iri(jurisdiction, agent, base))


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


class _Builder:
    def __init__(self, sink: Sink, base: str) -> None:
        self.sink = sink
        self.base = base
        self.units_done: set[str] = set()
        self.add = sink.triple  # (s, p, o): one call per triple
        self.lit = sink.literal  # (value, lang=None): the literal as the sink writes it

    def vi(self, text: str) -> Any:
        return self.lit(text, "vi")

    # -- units and issuers

    def unit(
        self, jurisdiction: str, *, name: str | None, level: str | None, on: date | None
    ) -> URIRef:
        chain = _unit_chain(jurisdiction, self.base)
        parent: URIRef | None = None
        for depth, (jur, node) in enumerate(chain, start=1):
            own = jur == jurisdiction
            if jur not in self.units_done:
                self.units_done.add(jur)
                self.add(node, RDF.type, VBKG.AdministrativeUnit)
                code = jur.rsplit("-", 1)[-1]
                self.add(node, VBKG.unitCode, self.lit(code))
                lvl = level if own and level and level != "unknown" else None
                lvl = lvl or (_DEPTH_LEVEL.get(depth) if chain[0][0] == "vn" else None)
                self.add(node, VBKG.level, level_concept(lvl))
                label = name if own and name else _unit_name(jur, on)
                if label:
                    self.add(node, SKOS.prefLabel, self.vi(label))
                if lvl == "district":
                    self.add(node, VBKG.validUntil, self.lit(DISTRICTS_UNTIL))
                if parent is not None:
                    self.add(node, VBKG.parentUnit, parent)
            parent = node
        assert parent is not None
        return parent

    def issuer(self, issuer: Issuer, on: date | None) -> URIRef:
        node = _issuer_node(issuer.jurisdiction, issuer.agent, self.base)
        self.add(node, RDF.type, VBKG.Issuer)
        self.add(node, SKOS.prefLabel, self.vi(issuer.name))
        self.add(node, SKOS.notation, self.lit(issuer.agent))
        self.add(node, VBKG.level, level_concept(issuer.level))
        unit = self.unit(issuer.jurisdiction, name=issuer.unit_name, level=issuer.level, on=on)
        self.add(node, VBKG.jurisdiction, unit)
        return node

    # -- documents

    def document(self, ref: DocumentRef, *, own: bool = False) -> URIRef:
        """The document ``ref``; ``own``: this file is the document's own (its title is
        eli:title, a citing file's title is vbkg:citedTitle, docs/decisions/0008)."""
        node = _known_iri(ref.iri)
        self.add(node, RDF.type, VBKG.Document)
        if ref.doc_type:
            if ref.doc_type == "KH":
                self.add(node, RDF.type, VBKG.Plan)
            self.add(node, VBKG.docType, doc_type_concept(ref.doc_type))
        if ref.key:
            self.add(node, VBKG.key, self.lit(ref.key))
        else:
            self.add(node, VBKG.numberless, self.lit(True))
            self.add(node, DCTERMS.identifier, self.lit(str(node).rstrip("/").rsplit("/", 1)[-1]))
        if ref.symbol:
            self.add(node, VBKG.symbol, self.lit(ref.symbol))
        if ref.number:
            self.add(node, VBKG.numberInSymbol, self.lit(ref.number))
        if ref.year_in_number is not None:
            self.add(node, VBKG.yearInNumber, self.lit(ref.year_in_number))
        if ref.year is not None:
            self.add(node, VBKG.year, self.lit(ref.year))
        if ref.date is not None:
            self.add(node, ELI.date_document, self.lit(ref.date))
        if ref.title:
            self.add(node, ELI.title if own else VBKG.citedTitle, self.vi(ref.title))
        issuer = self.issuer(ref.issuer, ref.date) if ref.issuer is not None else None
        if issuer is not None:
            self.add(node, VBKG.issuer, issuer)
        add_eli_resource(self.sink, node, key=ref.key, doc_type=ref.doc_type, issuer=issuer)
        return node

    def key_only_document(self, iri: str, key: str | None) -> URIRef:
        node = _known_iri(iri)
        self.add(node, RDF.type, VBKG.Document)
        if key:
            self.add(node, VBKG.key, self.lit(key))
        else:
            self.add(node, VBKG.numberless, self.lit(True))
            self.add(node, DCTERMS.identifier, self.lit(str(node).rstrip("/").rsplit("/", 1)[-1]))
        add_eli_resource(self.sink, node, key=key, doc_type=None, issuer=None)
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
        return URIRef(iri)  # citing + "/citation/" + hex digits (graph.sink.child_iri)


def write_document(sink: Sink, extraction: Extraction, *, base: str = DEFAULT_BASE) -> None:
    """The triples that one source file contributes (see the module docstring), into ``sink``."""
    _fill(_Builder(sink, base), extraction)


def build_document_graph(extraction: Extraction, *, base: str = DEFAULT_BASE) -> Graph:
    """:func:`write_document` into an rdflib graph."""
    g = _bind(Graph())
    write_document(GraphSink(g), extraction, base=base)
    return g


def document_ntriples(extraction: Extraction, *, base: str = DEFAULT_BASE) -> bytes:
    """:func:`build_document_graph`'s triples as N-Triples lines, written directly
    (:class:`graph.ntwriter.NTriplesLines`: no rdflib graph), what the store loads."""
    lines = NTriplesLines(ids.source_iri(extraction.source, base))
    write_document(lines, extraction, base=base)
    return lines.data()


def _fill(b: _Builder, ex: Extraction) -> None:
    base = b.base

    src = safe_iri(ids.source_iri(ex.source, base))
    b.add(src, RDF.type, VBKG.SourceFile)
    b.add(src, DCTERMS.identifier, b.lit(ex.source))
    if ex.format:
        b.add(src, VBKG.format, b.lit(ex.format))
    if ex.encoding:
        b.add(src, VBKG.encoding, b.lit(ex.encoding))
    if ex.text_length:
        b.add(src, VBKG.textLength, b.lit(ex.text_length))
    for w in ex.warnings:
        b.add(src, VBKG.warning, b.lit(w))

    doc = b.document(ex.document, own=True)
    b.add(doc, VBKG.inCorpus, b.lit(True))
    b.add(doc, PROV.wasDerivedFrom, src)
    if ex.place:
        b.add(doc, VBKG.place, b.vi(ex.place))
    if ex.signer:
        b.add(doc, VBKG.signer, b.vi(ex.signer))

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
        b.add(c, VBKG.startOffset, b.lit(start))
        b.add(c, VBKG.endOffset, b.lit(end))
        return c

    for rc in ex.citations:
        cited = b.document(rc.document)
        cited_iris.add(str(cited))
        b.add(doc, RELATION_PROPERTY[rc.relation], cited)
        for conflict in rc.conflicts:
            b.add(cited, VBKG.hasConflict, b.lit(conflict))
        for m in rc.mentions:
            spans.add((m.start, m.end))
            c = citation_node(doc, cited, rc.relation, m.start, m.end)
            b.add(c, VBKG.surfaceText, b.vi(m.text))
            if rc.cue:
                b.add(c, VBKG.cue, b.vi(rc.cue))
            b.add(c, VBKG.confidence, b.lit(decimal_value(rc.confidence)))
            b.add(c, VBKG.inFootnote, b.lit(bool(m.in_footnote)))
            if m.section:
                b.add(c, VBKG.section, b.lit(m.section))

    for subj_iri, relation, obj_iri, cr in ex.relations_between_cited:
        subj, obj = _known_iri(subj_iri), _known_iri(obj_iri)
        if str(subj) not in cited_iris or str(obj) not in cited_iris:
            b.add(
                src,
                VBKG.warning,
                b.lit(
                    f"relation {relation.value} between cited documents not found in "
                    f"this file: {subj_iri} → {obj_iri}"
                ),
            )
            continue
        b.add(subj, RELATION_PROPERTY[relation], obj)
        c = citation_node(subj, obj, relation, cr.start, cr.end)
        b.add(c, VBKG.statedIn, doc)
        b.add(c, VBKG.cue, b.vi(cr.cue))
        b.add(c, VBKG.inFootnote, b.lit(bool(ex.segmented and ex.segmented.in_footnote(cr.start))))

    for nr in ex.named_references:
        if nr.iri is None or (nr.start, nr.end) in spans:
            continue
        spans.add((nr.start, nr.end))
        if nr.iri in cited_iris:
            cited = _known_iri(nr.iri)
        else:
            cited = b.key_only_document(nr.iri, nr.key)
            cited_iris.add(str(cited))
            b.add(doc, ELI.cites, cited)
        c = citation_node(doc, cited, Relation.CITES, nr.start, nr.end)
        b.add(c, VBKG.surfaceText, b.vi(nr.name))
        b.add(c, VBKG.byName, b.lit(True))

    if ex.mandates is not None:
        if ex.segmented is not None:
            for r in ex.segmented.recipients:
                if r.strip():
                    b.add(doc, VBKG.recipient, b.vi(r.strip()))
        add_mandates(b.sink, b.unit, ex, doc, src)
    add_results(b.sink, b.unit, ex, doc, src)  # what a report says was done (build_results)


def build_graph(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE) -> Graph:
    """The union of :func:`build_document_graph` over ``extractions``."""
    g = _bind(Graph())
    for ex in extractions:
        for t in build_document_graph(ex, base=base):
            g.add(t)
    return g
