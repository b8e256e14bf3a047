"""The vocabulary graph: the ontology (``ontology/vbkg.ttl``), the SHACL shapes, and the
SKOS schemes generated from the data (document types from :func:`parsers.vocab.load_vocabulary`,
reform areas from :func:`parsers.targets.load_reform_areas`); the prefixes every graph binds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG

from graph import ids
from graph.namespace import DOC_TYPE, ELI, LEVEL, REFORM_AREA, RELATION, VBKG
from graph.paths import ONTOLOGY_DIR, VOCAB_DIR
from parsers.targets import load_reform_areas
from parsers.vocab import load_vocabulary

ONTOLOGY_FILE = ONTOLOGY_DIR / "vbkg.ttl"


SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


REFORM_AREAS_FILE = VOCAB_DIR / "reform_areas.yaml"


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


@dataclass(frozen=True)
class DocType:
    code: str  # "NĐ"
    slug: str  # "nd"
    vi: str  # "Nghị định"
    en: str  # "Decree"


def _slug(code: str) -> str:
    return ids.segment(code)


@lru_cache(maxsize=1)
def doc_types() -> dict[str, DocType]:
    """Document types by code, from ``data/vocab/doc_types.yaml`` (read by
    :func:`parsers.vocab.load_vocabulary`, the one loader of that file)."""
    return {t.code: DocType(t.code, _slug(t.eli), t.vi, t.en) for t in load_vocabulary().doc_types}


def doc_type_concept(code: str) -> URIRef:
    known = doc_types().get(code)
    return DOC_TYPE[known.slug if known else _slug(code)]


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
    """The concepts of ``vbkg:ReformAreas``, generated from ``data/vocab/reform_areas.yaml``
    (read by :func:`parsers.targets.load_reform_areas`, the one reader of that file)."""
    g = _bind(Graph())
    if not path.exists():
        return g
    for area in load_reform_areas(path):
        c = REFORM_AREA[ids.segment(area.id)]
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, VBKG.ReformAreas))
        g.add((c, SKOS.topConceptOf, VBKG.ReformAreas))
        g.add((c, SKOS.notation, Literal(area.id)))
        g.add((c, VBKG.order, Literal(area.order)))
        for lang, label in (("vi", area.vi), ("en", area.en)):
            if label:
                g.add((c, SKOS.prefLabel, Literal(label, lang=lang)))
        for alt in area.alt:
            g.add((c, SKOS.altLabel, Literal(alt, lang="vi")))
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


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g
