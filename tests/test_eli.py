"""ELI as data (docs/decisions/0008-eli-as-data.md): asserted ELI triples a client queries
without inference, one eli:title per document, and exports any RDF client reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import seed001_extraction
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from graph.build import build_document_graph
from graph.cli import cli
from graph.namespace import ELI, VBKG
from graph.store import open_store
from graph.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture(scope="module")
def store(seed_store_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(seed_store_path, read_only=True)
    yield s
    s.close()


def _values(store, sparql: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    names, rows = store.select(sparql)
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_every_numbered_document_is_an_eli_legal_resource(store) -> None:  # type: ignore[no-untyped-def]
    numbered = {str(r["d"]) for r in _values(store, "SELECT DISTINCT ?d { ?d vbkg:key ?k }")}
    eli = _values(
        store,
        "SELECT ?d ?x ?k { ?d a eli:LegalResource ; eli:passed_by ?x ; eli:id_local ?k }",
    )
    assert len(numbered) >= 50
    assert {str(r["d"]) for r in eli} == numbered
    by_doc = {str(r["d"]): str(r["k"]) for r in eli}
    kh04 = next(d for d, k in by_doc.items() if k == "04/KH-UBND")
    row = _values(
        store,
        f"SELECT ?t ?type ?date {{ <{kh04}> eli:type_document ?type ; eli:date_document ?date ;"
        " eli:title ?t }",
    )
    assert len(row) == 1  # ONE eli:title, the document's own file's
    assert str(row[0]["type"]).endswith("/doc-type/kh")
    assert str(row[0]["date"]) == "2024-01-09"


def test_one_eli_title_per_document_the_variants_as_cited_titles(store) -> None:  # type: ignore[no-untyped-def]
    many = _values(
        store,
        "SELECT ?d (COUNT(DISTINCT ?t) AS ?n) { ?d eli:title ?t } GROUP BY ?d HAVING (?n > 1)",
    )
    assert many == []
    cited_only = _values(
        store,
        "SELECT ?d { ?d vbkg:citedTitle ?t FILTER NOT EXISTS { ?d vbkg:inCorpus true } } LIMIT 1",
    )
    assert cited_only  # 76/NQ-CP and others: titles only as the citing files state them
    d = str(cited_only[0]["d"])
    assert not _values(store, f"SELECT ?t {{ <{d}> eli:title ?t }}")


def test_cited_titles_keep_their_provenance() -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    doc = URIRef(ex.document.iri)
    kh04 = URIRef(ex.citations[0].document.iri)
    assert (doc, RDF.type, ELI.LegalResource) in g
    assert (kh04, RDF.type, ELI.LegalResource) in g
    assert (kh04, ELI.id_local, Literal("04/KH-UBND")) in g
    assert g.value(kh04, ELI.title) is None  # seed 001 only cites 04/KH-UBND
    assert g.value(kh04, VBKG.citedTitle) is not None  # its title as seed 001 states it
    assert (kh04, ELI.passed_by, g.value(kh04, VBKG.issuer)) in g


@pytest.mark.parametrize(
    ("prop", "value", "words"),
    [
        (ELI.passed_by, URIRef("https://example.org/not-an-issuer"), "vbkg:Issuer"),
        (ELI.id_local, Literal(""), "MinLength"),
        (ELI.type_document, URIRef("https://example.org/type"), "Pattern"),
        (ELI.title, Literal("a second title", lang="vi"), None),  # a warning, not an error
    ],
)
def test_shapes_check_the_eli_values(prop: URIRef, value: object, words: str | None) -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    assert validate(g)[0]
    g.add((URIRef(ex.document.iri), prop, value))  # type: ignore[arg-type]
    ok, report = validate(g)
    if words is None:
        assert ok and "more than one eli:title" in report
    else:
        assert not ok and words in report


def test_jsonld_export_reads_as_the_turtle_triples(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    result = CliRunner().invoke(
        cli,
        ["build", str(EXAMPLES), "--store", str(store_dir), "--out", str(tmp_path / "g.jsonld")],
    )
    assert result.exit_code == 0, result.output
    s = open_store(store_dir, read_only=True)
    try:
        s.export(tmp_path / "g.ttl", format="turtle")
        s.export(tmp_path / "g.trig", format="trig")
        s.export(tmp_path / "g.nq", format="nquads")
        names = {str(s.source_graph_name(src)) for src in s.sources()}
    finally:
        s.close()
    turtle = Graph().parse(tmp_path / "g.ttl", format="turtle")
    jsonld = Graph().parse(
        data=(tmp_path / "g.jsonld").read_text(encoding="utf-8"), format="json-ld"
    )
    assert len(turtle) > 5000
    assert len(jsonld) == len(turtle)
    assert '"@context"' in (tmp_path / "g.jsonld").read_text(encoding="utf-8")[:200]
    for fmt, path in (("json-ld", "g.jsonld"), ("trig", "g.trig"), ("nquads", "g.nq")):
        ds = Dataset()
        ds.parse(tmp_path / path, format=fmt)
        graphs = {str(g.identifier) for g in ds.graphs()}
        assert len(names) == 5 and names <= graphs, fmt  # one named graph per source file
