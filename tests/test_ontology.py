"""ontology/vbkg.ttl, ontology/shapes.ttl and the generated graph/namespace.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from graph.build import doc_type_graph, doc_types, reform_area_graph, vocabulary_graph
from graph.namespace import DOC_TYPE, ELI, REFORM_AREA, VBKG
from ontology.generate_namespace import ELI_NS, TARGET, VBKG_NS, render, vbkg_terms

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "vbkg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _vbkg_subjects(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(VBKG_NS)}


def test_ontology_and_shapes_parse(ontology: Graph) -> None:
    assert (URIRef(VBKG_NS.rstrip("#")), RDF.type, OWL.Ontology) in ontology
    assert len(Graph().parse(SHAPES, format="turtle")) > 0


def test_every_term_has_vi_and_en_labels_and_a_comment(ontology: Graph) -> None:
    missing = []
    for term in sorted(_vbkg_subjects(ontology)):
        langs = {
            lbl.language for lbl in ontology.objects(term, RDFS.label) if isinstance(lbl, Literal)
        }
        if not {"vi", "en"} <= langs or ontology.value(term, RDFS.comment) is None:
            missing.append(str(term))
    assert not missing


def test_every_term_is_typed(ontology: Graph) -> None:
    typed = {n for names in vbkg_terms(ontology).values() for n in names}
    untyped = {str(t)[len(VBKG_NS) :] for t in _vbkg_subjects(ontology)} - typed
    assert not untyped


def test_every_concept_has_vi_and_en_pref_labels() -> None:
    g = vocabulary_graph()
    for concept in set(g.subjects(RDF.type, SKOS.Concept)):
        langs = {
            lbl.language for lbl in g.objects(concept, SKOS.prefLabel) if isinstance(lbl, Literal)
        }
        assert {"vi", "en"} <= langs, concept
        assert g.value(concept, SKOS.inScheme) is not None, concept


def test_every_vbkg_term_used_in_an_object_position_is_defined(ontology: Graph) -> None:
    defined = _vbkg_subjects(ontology)
    used = {
        t
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(VBKG_NS)
    }
    assert used <= defined


def test_reused_vocabularies(ontology: Graph) -> None:
    assert (VBKG.Document, RDFS.subClassOf, ELI.LegalResource) in ontology
    assert (VBKG.implements, RDFS.subPropertyOf, ELI.applies) in ontology
    assert (VBKG.replaces, RDFS.subPropertyOf, ELI.changes) in ontology
    assert (VBKG.issuer, RDFS.subPropertyOf, ELI.passed_by) in ontology


def test_namespace_is_up_to_date() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "graph/namespace.py is out of date: run python ontology/generate_namespace.py"
    )


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = VBKG.Documnet
    with pytest.raises(AttributeError):
        _ = ELI.basedOn
    assert str(VBKG.citedDocument) == VBKG_NS + "citedDocument"
    assert str(ELI.based_on) == ELI_NS + "based_on"


def test_doc_type_concepts_come_from_the_table() -> None:
    g = doc_type_graph()
    table = doc_types()
    for code in ("NQ", "NĐ", "QĐ", "KH", "LUAT"):
        concept = DOC_TYPE[table[code].slug]
        assert (concept, SKOS.notation, Literal(code)) in g
    assert DOC_TYPE["nd"] == DOC_TYPE[table["NĐ"].slug]


def test_reform_areas_come_from_data() -> None:
    g = reform_area_graph()
    concepts = set(g.subjects(SKOS.inScheme, VBKG.ReformAreas))
    assert len(concepts) == 7  # six areas of Nghị quyết 76/NQ-CP + direction
    orders = sorted(int(o) for o in g.objects(None, VBKG.order))  # type: ignore[call-overload]
    assert orders == list(range(7))
    assert all(str(c).startswith(str(REFORM_AREA)) for c in concepts)
