"""Stage 6: RDF triples from resolved extractions, with provenance.

Public verbs: :func:`build_graph` (many files) and :func:`build_document_graph`
(one file, the unit that :class:`graph.store.Store` replaces atomically).

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
- issuers and administrative units as resources.

Every IRI passes :func:`safe_iri`: rdflib's ``URIRef`` accepts ``>`` and spaces,
which would let document text inject triples into serialised output.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph
import regex
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG

from graph import ids
from graph.model import DocumentRef, Extraction, Issuer
from graph.namespace import DOC_TYPE, ELI, LEVEL, REFORM_AREA, RELATION, VBKG
from parsers.models import Relation

DEFAULT_BASE = ids.DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "vbkg.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
DOC_TYPES_FILE = ROOT / "data" / "vocab" / "doc_types.yaml"
REFORM_AREAS_FILE = ROOT / "data" / "vocab" / "reform_areas.yaml"

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

PREFIXES: dict[str, str] = {
    "vbkg": str(VBKG),
    "eli": str(ELI),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "org": str(ORG),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "doctype": str(DOC_TYPE),
    "level": str(LEVEL),
    "rel": str(RELATION),
    "area": str(REFORM_AREA),
}


# --------------------------------------------------------------------------- IRIs

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


# --------------------------------------------------------------------------- document types


@dataclass(frozen=True)
class DocType:
    code: str  # "NĐ"
    slug: str  # "nd"
    vi: str  # "Nghị định"
    en: str  # "Decree"


# Used only when data/vocab/doc_types.yaml is absent or lacks a name.
_FALLBACK_DOC_TYPES: tuple[tuple[str, str, str], ...] = (
    ("NQ", "Nghị quyết", "Resolution"),
    ("NĐ", "Nghị định", "Decree"),
    ("QĐ", "Quyết định", "Decision"),
    ("TT", "Thông tư", "Circular"),
    ("TTLT", "Thông tư liên tịch", "Joint circular"),
    ("CT", "Chỉ thị", "Directive"),
    ("KH", "Kế hoạch", "Plan"),
    ("KL", "Kết luận", "Conclusion"),
    ("HD", "Hướng dẫn", "Guidance"),
    ("BC", "Báo cáo", "Report"),
    ("TB", "Thông báo", "Notice"),
    ("CTr", "Chương trình", "Programme"),
    ("ĐA", "Đề án", "Scheme"),
    ("TTr", "Tờ trình", "Submission"),
    ("CV", "Công văn", "Official letter"),
    ("LUAT", "Luật", "Law"),
    ("PL", "Pháp lệnh", "Ordinance"),
    ("HP", "Hiến pháp", "Constitution"),
    ("BLUAT", "Bộ luật", "Code"),
)


def _slug(code: str) -> str:
    return ids.segment(code)


def _first_str(entry: dict[str, Any], *names: str) -> str | None:
    for n in names:
        v = entry.get(n)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _yaml_doc_types(path: Path) -> dict[str, DocType]:
    """Read ``doc_types.yaml`` leniently: a mapping code → fields, a list of
    entries with ``code``, or either under a top-level ``types`` key."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("types"), list | dict):
        data = data["types"]
    entries: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict):
        for code, fields in data.items():
            entries.append((str(code), fields if isinstance(fields, dict) else {"vi": fields}))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and item.get("code"):
                entries.append((str(item["code"]), item))
    out: dict[str, DocType] = {}
    for code, fields in entries:
        slug = _first_str(fields, "slug", "eli", "eli_slug") or _slug(code)
        vi = _first_str(fields, "vi", "name", "name_vi", "label", "label_vi") or code
        en = _first_str(fields, "en", "name_en", "label_en") or code
        out[code] = DocType(code, _slug(slug), vi, en)
    return out


@lru_cache(maxsize=1)
def doc_types() -> dict[str, DocType]:
    """Document types by code: ``data/vocab/doc_types.yaml`` over a built-in fallback."""
    table = {c: DocType(c, _slug(c), vi, en) for c, vi, en in _FALLBACK_DOC_TYPES}
    if DOC_TYPES_FILE.exists():
        # a malformed vocabulary file must not stop a build: the fallback still names every type
        with contextlib.suppress(Exception):
            table.update(_yaml_doc_types(DOC_TYPES_FILE))
    return table


def doc_type_concept(code: str) -> URIRef:
    known = doc_types().get(code)
    return DOC_TYPE[known.slug if known else _slug(code)]


# --------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple[tuple[Any, Any, Any], ...]:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return tuple(g)


def ontology_graph() -> Graph:
    """``ontology/vbkg.ttl`` as a fresh graph."""
    g = _bind(Graph())
    for t in _ontology_triples():
        g.add(t)
    return g


def doc_type_graph() -> Graph:
    """The concepts of ``vbkg:DocumentTypes``, generated from the document-type table."""
    g = _bind(Graph())
    for dt in doc_types().values():
        c = DOC_TYPE[dt.slug]
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, VBKG.DocumentTypes))
        g.add((c, SKOS.topConceptOf, VBKG.DocumentTypes))
        g.add((c, SKOS.notation, Literal(dt.code)))
        g.add((c, SKOS.prefLabel, Literal(dt.vi, lang="vi")))
        g.add((c, SKOS.prefLabel, Literal(dt.en, lang="en")))
    return g


def reform_area_graph(path: Path = REFORM_AREAS_FILE) -> Graph:
    """The concepts of ``vbkg:ReformAreas``, generated from ``data/vocab/reform_areas.yaml``."""
    import yaml

    g = _bind(Graph())
    if not path.exists():
        return g
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for area in data.get("areas", []) if isinstance(data, dict) else []:
        if not isinstance(area, dict) or not area.get("id"):
            continue
        c = REFORM_AREA[ids.segment(str(area["id"]))]
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, VBKG.ReformAreas))
        g.add((c, SKOS.topConceptOf, VBKG.ReformAreas))
        g.add((c, SKOS.notation, Literal(str(area["id"]))))
        if isinstance(area.get("order"), int):
            g.add((c, VBKG.order, Literal(area["order"])))
        for lang in ("vi", "en"):
            if area.get(lang):
                g.add((c, SKOS.prefLabel, Literal(str(area[lang]), lang=lang)))
        for alt in area.get("alt") or []:
            g.add((c, SKOS.altLabel, Literal(str(alt), lang="vi")))
    return g


def vocabulary_graph() -> Graph:
    """Ontology plus generated concepts: what the store keeps in its default graph."""
    g = ontology_graph()
    g += doc_type_graph()
    g += reform_area_graph()
    return g


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return g


# --------------------------------------------------------------------------- builder


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _unit_parts(jurisdiction: str) -> list[str]:
    """``vn-20-183`` → ``["vn", "vn-20", "vn-20-183"]`` (the chain of units, top first)."""
    parts = jurisdiction.split("-")
    if parts[0] != "vn":
        return [jurisdiction]
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


_DEPTH_LEVEL = {1: "central", 2: "province", 3: "district", 4: "commune"}


def _unit_name(jurisdiction: str, on: date | None) -> str | None:
    if jurisdiction == "vn":
        return "Việt Nam"
    parts = jurisdiction.split("-")
    if len(parts) == 2 and parts[0] == "vn":
        try:
            from graph import units

            u = units.province(parts[1], on)
        except Exception:  # names are a nicety; the code identifies the unit
            return None
        return u.name if u else None
    return None


class _Builder:
    def __init__(self, g: Graph, base: str) -> None:
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

    def document(self, ref: DocumentRef) -> URIRef:
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
            self.add(node, ELI.title, _vi(ref.title))
        if ref.issuer is not None:
            self.add(node, VBKG.issuer, self.issuer(ref.issuer, ref.date))
        return node

    def key_only_document(self, iri: str, key: str | None) -> URIRef:
        node = safe_iri(iri)
        self.add(node, RDF.type, VBKG.Document)
        if key:
            self.add(node, VBKG.key, Literal(key))
        else:
            self.add(node, VBKG.numberless, Literal(True))
            self.add(node, DCTERMS.identifier, Literal(str(node).rstrip("/").rsplit("/", 1)[-1]))
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


def _decimal(x: float) -> Literal:
    return Literal(Decimal(str(round(x, 4))), datatype=XSD.decimal)


def build_document_graph(extraction: Extraction, *, base: str = DEFAULT_BASE) -> Graph:
    """The triples that one source file contributes (see the module docstring)."""
    g = _bind(Graph())
    b = _Builder(g, base)
    ex = extraction

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

    doc = b.document(ex.document)
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
    return g


def build_graph(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE) -> Graph:
    """The union of :func:`build_document_graph` over ``extractions``."""
    g = _bind(Graph())
    for ex in extractions:
        for t in build_document_graph(ex, base=base):
            g.add(t)
    return g


def iter_document_graphs(
    extractions: Iterable[Extraction],
    *,
    base: str = DEFAULT_BASE,
) -> Iterator[tuple[str, Graph]]:
    """``(source, graph)`` per extraction, the arguments of ``Store.replace_source``."""
    for ex in extractions:
        yield ex.source, build_document_graph(ex, base=base)
