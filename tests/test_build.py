"""graph.build: triples, provenance, SHACL conformance, golden graph, IRI safety."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from pathlib import Path

import pytest
from conftest import assert_isomorphic
from factories import CHINH_PHU, doc_ref, mention, seed001_extraction
from rdflib import RDF, Graph, Literal, URIRef

from graph import ids
from graph.build import (
    RELATION_PROPERTY,
    build_document_graph,
    build_graph,
    safe_iri,
    shapes_graph,
    vocabulary_graph,
)
from graph.models import DocumentRef, Issuer, NamedReference, ResolvedCitation
from graph.namespace import ELI, RELATION, VBKG
from parsers.models import CitedRelation, Relation

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SEED001 = ROOT / "data" / "examples" / "001_e31f9ee25f552465.txt"
SEED001_SOURCE = "data/examples/001_e31f9ee25f552465.txt"


# --------------------------------------------------------------------------- helpers


@functools.cache
def _shapes_and_vocabulary() -> tuple[Graph, Graph]:
    return shapes_graph(), vocabulary_graph()


def shacl(graph: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    shapes, vocabulary = _shapes_and_vocabulary()
    conforms, _, text = validate(
        graph,
        shacl_graph=shapes,
        ont_graph=vocabulary,
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=False,
    )
    return bool(conforms), str(text)


# --------------------------------------------------------------------------- tests


def test_seed_offsets_match_the_seed_file() -> None:
    if not SEED001.exists():
        pytest.skip("seed file absent")
    text = SEED001.read_text(encoding="utf-8")
    assert len(text) == 21108
    for rc in seed001_extraction().citations:
        for m in rc.mentions:
            assert text[m.start : m.end] == m.text


def test_seed001_conforms_to_shapes() -> None:
    conforms, report = shacl(build_document_graph(seed001_extraction()))
    assert conforms, report


def test_seed001_matches_golden() -> None:
    expected = Graph().parse(GOLDEN / "seed001_min.ttl", format="turtle")
    assert_isomorphic(expected, build_document_graph(seed001_extraction()))


def test_citing_document_facts() -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    doc = URIRef(ex.document.iri)
    assert (doc, RDF.type, VBKG.Plan) in g
    assert (doc, VBKG.inCorpus, Literal(True)) in g
    assert (doc, VBKG.numberless, Literal(True)) in g
    assert (doc, VBKG.signer, Literal("Nguyễn Duy Anh", lang="vi")) in g
    assert g.value(doc, ELI.date_document) == Literal(date(2024, 1, 15))
    kh04 = URIRef(ex.citations[0].document.iri)
    assert (doc, VBKG.implements, kh04) in g
    assert (kh04, VBKG.key, Literal("04/KH-UBND")) in g
    assert (kh04, VBKG.inCorpus, None) not in g


def test_one_citation_node_per_mention_with_provenance() -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    kh30 = URIRef(ex.citations[1].document.iri)
    nodes = set(g.subjects(VBKG.citedDocument, kh30))
    assert len(nodes) == 2
    starts = sorted(int(g.value(n, VBKG.startOffset)) for n in nodes)  # type: ignore[arg-type]
    assert starts == [384, 1042]
    for n in nodes:
        assert g.value(n, VBKG.relation) == RELATION["implements"]
        assert g.value(n, VBKG.sourceFile) is not None


def test_every_relation_has_a_property_and_concept() -> None:
    voc = vocabulary_graph()
    for rel in Relation:
        concept = RELATION[rel.value]
        assert (concept, VBKG.relationProperty, RELATION_PROPERTY[rel]) in voc


def test_conflict_is_flagged() -> None:
    ex = seed001_extraction()
    rc = dataclasses.replace(ex.citations[2], conflicts=("date: 2021-07-15 vs 2021-07-16",))
    ex = dataclasses.replace(ex, citations=(ex.citations[0], ex.citations[1], rc))
    g = build_document_graph(ex)
    nq76 = URIRef(rc.document.iri)
    assert g.value(nq76, VBKG.hasConflict) == Literal("date: 2021-07-15 vs 2021-07-16")
    assert shacl(g)[0]


def test_files_may_disagree_and_both_statements_are_kept() -> None:
    a = seed001_extraction("a.txt")
    nq76 = a.citations[2].document
    other = dataclasses.replace(nq76, date=date(2021, 7, 16))
    b = dataclasses.replace(
        a, source="b.txt", citations=(dataclasses.replace(a.citations[2], document=other),)
    )
    g = build_graph([a, b])
    dates = set(g.objects(URIRef(nq76.iri), ELI.date_document))
    assert dates == {Literal(date(2021, 7, 15)), Literal(date(2021, 7, 16))}
    assert shacl(g)[0]


def test_relations_between_cited_documents() -> None:
    ex = seed001_extraction()
    nd107 = doc_ref(CHINH_PHU, "NĐ", "107", "NĐ-CP", date(2021, 12, 6))
    nd61 = doc_ref(CHINH_PHU, "NĐ", "61", "NĐ-CP", date(2018, 4, 23))
    rc107 = ResolvedCitation(nd107, Relation.BASED_ON, 0.9, "Căn cứ", (mention(2000, "x" * 20),))
    rc61 = ResolvedCitation(nd61, Relation.CITES, 0.7, None, (mention(2100, "y" * 20),))
    cr = CitedRelation(
        subject=0, relation=Relation.AMENDS, object=1, cue="sửa đổi, bổ sung", start=2030, end=2100
    )
    ex = dataclasses.replace(
        ex,
        citations=(*ex.citations, rc107, rc61),
        relations_between_cited=((nd107.iri, Relation.AMENDS, nd61.iri, cr),),
    )
    g = build_document_graph(ex)
    assert (URIRef(nd107.iri), ELI.amends, URIRef(nd61.iri)) in g
    stated = list(g.subjects(VBKG.statedIn, URIRef(ex.document.iri)))
    assert len(stated) == 1
    assert g.value(stated[0], VBKG.citingDocument) == URIRef(nd107.iri)
    conforms, report = shacl(g)
    assert conforms, report


def test_named_reference_becomes_a_citation_by_name() -> None:
    ex = seed001_extraction()
    nq76 = ex.citations[2].document
    nr = NamedReference(
        name="Chương trình tổng thể CCHC", start=5000, end=5026, key="76/NQ-CP", iri=nq76.iri
    )
    g = build_document_graph(dataclasses.replace(ex, named_references=(nr,)))
    by_name = list(g.subjects(VBKG.byName, Literal(True)))
    assert len(by_name) == 1
    assert g.value(by_name[0], VBKG.citedDocument) == URIRef(nq76.iri)
    assert shacl(g)[0]


HOSTILE = "x> <http://evil> <y"


def test_hostile_text_cannot_inject_triples() -> None:
    ex = seed001_extraction()
    bad = DocumentRef(
        iri=f"{ids.DEFAULT_BASE}/ref/{HOSTILE}",
        doc_type="KH",
        number=HOSTILE,
        year_in_number=None,
        symbol=HOSTILE,
        key=HOSTILE,
        date=None,
        year=None,
        issuer=Issuer(
            agent="a> <http://evil> <b",
            name=HOSTILE,
            jurisdiction="vn-20 <http://evil>",
            level="province",
        ),
        title='"""; <http://evil> <p> <o> . #',
    )
    rc = ResolvedCitation(bad, Relation.CITES, 0.5, HOSTILE, (mention(10, HOSTILE),))
    ex = dataclasses.replace(ex, source=f"{HOSTILE}.txt", citations=(*ex.citations, rc))
    g = build_document_graph(ex)
    for s, p, o in g:
        for term in (s, p, o):
            if isinstance(term, URIRef):
                assert " " not in term and ">" not in term and "<" not in term
    for fmt in ("nt", "turtle", "xml", "json-ld"):
        data = g.serialize(format=fmt)
        back = Graph().parse(data=data, format=fmt)
        assert len(back) == len(g), fmt
        assert not any(
            "evil" in str(t) and isinstance(t, URIRef) and str(t).startswith("http://evil")
            for triple in back
            for t in triple
        ), fmt
    # the literal keeps the hostile text verbatim
    assert (None, VBKG.key, Literal(HOSTILE)) in g


def test_safe_iri() -> None:
    assert safe_iri("https://w3id.org/vbkg/ref/a b") == URIRef("https://w3id.org/vbkg/ref/a%20b")
    assert safe_iri("https://x.org/100%") == URIRef("https://x.org/100%25")
    assert str(safe_iri("https://x.org/a%20b")) == "https://x.org/a%20b"
    with pytest.raises(ids.UnsafeIRIError):
        safe_iri("no scheme here")


# --------------------------------------------------------------------------- shapes catch defects


def _first_citation(g: Graph) -> URIRef:
    node = next(g.subjects(VBKG.startOffset, Literal(115)))
    assert isinstance(node, URIRef)
    return node


def _drop_key(g: Graph) -> None:
    g.remove((None, VBKG.key, Literal("04/KH-UBND")))


def _start_after_end(g: Graph) -> None:
    g.set((_first_citation(g), VBKG.endOffset, Literal(100)))


def _beyond_text(g: Graph) -> None:
    g.set((_first_citation(g), VBKG.endOffset, Literal(30000)))


def _confidence_above_one(g: Graph) -> None:
    from decimal import Decimal

    g.set((_first_citation(g), VBKG.confidence, Literal(Decimal("1.5"))))


def _date_as_string(g: Graph) -> None:
    for s in list(g.subjects(ELI.date_document, None)):
        g.set((s, ELI.date_document, Literal("09/01/2024")))


def _issuer_without_level(g: Graph) -> None:
    for s in list(g.subjects(RDF.type, VBKG.Issuer)):
        g.remove((s, VBKG.level, None))


def _two_cited(g: Graph) -> None:
    g.add((_first_citation(g), VBKG.citedDocument, URIRef(ids.unresolved_iri("1/X"))))


@pytest.mark.parametrize(
    "breakage",
    [
        _drop_key,
        _start_after_end,
        _beyond_text,
        _confidence_above_one,
        _date_as_string,
        _issuer_without_level,
        _two_cited,
    ],
)
def test_shapes_catch_defects(breakage) -> None:  # type: ignore[no-untyped-def]
    g = build_document_graph(seed001_extraction())
    breakage(g)
    conforms, _ = shacl(g)
    assert not conforms
