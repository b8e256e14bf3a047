"""graph.store.local: atomic per-file replacement, exports, format marker, bound queries."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from pathlib import Path

import pytest
from factories import seed001_extraction
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.build import build_document_graph
from graph.namespace import VBKG
from graph.store import MARKER, Store, StoreError, StoreFormatError

pytestmark = pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "store")


def test_replace_twice_does_not_duplicate(store: Store) -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    store.replace_source(ex.source, g)
    size = len(store)
    assert size == len(g)
    store.replace_source(ex.source, g)
    assert len(store) == size
    assert store.sources() == [ex.source]
    assert isomorphic(store.source_graph(ex.source), g)


def test_replace_swaps_old_content(store: Store) -> None:
    ex = seed001_extraction()
    store.replace_source(ex.source, build_document_graph(ex))
    smaller = dataclasses.replace(ex, citations=ex.citations[:1])
    g = build_document_graph(smaller)
    store.replace_source(ex.source, g)
    assert len(store) == len(g)
    assert not store.query("ASK { ?c vbkg:key '76/NQ-CP' }")


def test_sources_are_separate_graphs(store: Store) -> None:
    a, b = seed001_extraction("a.txt"), seed001_extraction("b.txt")
    store.replace_source(a.source, build_document_graph(a))
    store.replace_source(b.source, build_document_graph(b))
    assert store.sources() == ["a.txt", "b.txt"]
    store.remove_source("a.txt")
    assert store.sources() == ["b.txt"]


def test_failed_update_leaves_previous_state(store: Store) -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    store.replace_source(ex.source, g)
    broken = Graph()
    broken.add((URIRef("https://x.org/a"), URIRef("https://x.org/p"), Literal("1")))
    broken.add((URIRef("not an iri"), URIRef("https://x.org/p"), Literal("2")))
    with pytest.raises(ValueError):
        store.replace_source(ex.source, broken)
    assert len(store) == len(g)


@pytest.mark.parametrize(
    "fmt,rdflib_format,dataset",
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("nquads", "nquads", True),
        ("trig", "trig", True),
        ("json-ld", "json-ld", True),
    ],
)
def test_export_parses_back(
    store: Store, tmp_path: Path, fmt: str, rdflib_format: str, dataset: bool
) -> None:
    ex = seed001_extraction()
    g = build_document_graph(ex)
    store.replace_source(ex.source, g)
    out = tmp_path / f"export.{fmt}"
    store.export(out, format=fmt)
    if dataset:
        ds = Dataset()
        ds.parse(out, format=rdflib_format)
        name = store.source_graph_name(ex.source)
        assert isomorphic(ds.graph(name), g)
    else:
        back = Graph().parse(out, format=rdflib_format)
        for triple in g:
            assert triple in back
        assert (VBKG.Document, None, None) in back  # vocabulary included


def test_export_to_streams(store: Store) -> None:
    ex = seed001_extraction()
    store.replace_source(ex.source, build_document_graph(ex))
    binary = io.BytesIO()
    store.export(binary, "nt", include_vocabulary=False)
    text = io.StringIO()
    store.export(text, "nt", include_vocabulary=False)
    assert binary.getvalue().decode("utf-8") == text.getvalue()
    assert len(Graph().parse(data=text.getvalue(), format="nt")) == len(store)


def test_query_with_bound_values(store: Store) -> None:
    ex = seed001_extraction()
    store.replace_source(ex.source, build_document_graph(ex))
    rows = store.query(
        "SELECT ?key WHERE { ?doc vbkg:implements ?c . ?c vbkg:key ?key } ORDER BY ?key",
        {"doc": URIRef(ex.document.iri)},
    )
    assert rows == [
        {"key": Literal("04/KH-UBND")},
        {"key": Literal("30/KH-UBND")},
        {"key": Literal("76/NQ-CP")},
    ]
    rows = store.query("SELECT ?doc WHERE { ?doc eli:date_document ?d }", {"d": date(2021, 7, 15)})
    assert rows == [{"doc": URIRef(ex.citations[2].document.iri)}]
    # a bound value is a term, never query text
    assert store.query("ASK { ?c vbkg:key ?k }", {"k": "x' } ; DROP ALL ; { '"}) is False
    assert len(store) > 0


def test_select_for_display(store: Store) -> None:
    header, rows = store.select(
        "SELECT ?label WHERE { ?c skos:notation 'KH' ; skos:prefLabel ?label } ORDER BY ?label"
    )
    assert header == ["label"]
    assert ["Kế hoạch"] in rows


def test_construct_returns_graph(store: Store) -> None:
    ex = seed001_extraction()
    store.replace_source(ex.source, build_document_graph(ex))
    g = store.query("CONSTRUCT { ?a vbkg:implements ?b } WHERE { ?a vbkg:implements ?b }")
    assert isinstance(g, Graph) and len(g) == 3


def test_vocabulary_in_default_graph(store: Store) -> None:
    assert store.sources() == []
    assert len(store) == 0
    assert store.query("ASK { vbkg:Plan rdfs:label 'Kế hoạch'@vi }") is True
    assert len(store) == 0


def test_marker_written_and_version_checked(tmp_path: Path) -> None:
    path = tmp_path / "store"
    Store.open(path).flush()
    info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    assert info["format"] == 1 and info["created"]
    info["format"] = 99
    (path / MARKER).write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(StoreFormatError) as err:
        Store.open(path)
    assert "format 99" in err.value.message("en")
    assert "vbkg build" in err.value.message("en")
    assert "định dạng 99" in err.value.message("vi")


def test_foreign_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StoreFormatError):
        Store.open(tmp_path)


def test_read_only(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with pytest.raises(StoreError):
        Store.open(path, read_only=True)
    ex = seed001_extraction()
    writer = Store.open(path)
    writer.replace_source(ex.source, build_document_graph(ex))
    writer.flush()
    n = len(writer)
    del writer
    reader = Store.open(path, read_only=True)
    assert len(reader) == n
    with pytest.raises(StoreError):
        reader.replace_source(ex.source, Graph())


def test_rdflib_view(store: Store) -> None:
    ex = seed001_extraction()
    store.replace_source(ex.source, build_document_graph(ex))
    ds = store.rdflib_graph()
    rows = list(
        ds.query(
            "SELECT ?k WHERE { ?d vbkg:inCorpus true ; vbkg:issuer ?i . ?i skos:prefLabel ?k }"
        )
    )
    assert [str(r[0]) for r in rows] == ["UBND huyện Cao Lộc"]


def test_a_fact_two_files_state_is_seen_once(store: Store) -> None:
    """The default graph is a set union: Oxigraph's own union graph is a bag."""
    a = URIRef("https://example.org/doc/a")
    fact = (a, VBKG.key, Literal("04/KH-UBND"))
    g1, g2 = Graph(), Graph()
    g1.add(fact)
    g2.add(fact)
    store.replace_source("one.txt", g1)
    store.replace_source("two.txt", g2)
    rows = store.query("SELECT ?k WHERE { ?d vbkg:key ?k }")
    assert isinstance(rows, list) and len(rows) == 1
    store.remove_source("one.txt")
    assert store.query("ASK { ?d vbkg:key '04/KH-UBND' }") is True  # two.txt still says it
    store.remove_source("two.txt")
    assert store.query("ASK { ?d vbkg:key '04/KH-UBND' }") is False
    assert len(store) == 0


def test_a_bound_variable_works_inside_a_filter(store: Store) -> None:
    """Regression: a trailing VALUES block left FILTER variables unbound (no rows, no error)."""
    g = Graph()
    for n in (1, 2, 3):
        g.add((URIRef(f"https://example.org/doc/{n}"), VBKG.year, Literal(2020 + n)))
    store.replace_source("years.txt", g)
    rows = store.query("SELECT ?d WHERE { ?d vbkg:year ?y FILTER (?y >= ?since) }", {"since": 2022})
    assert isinstance(rows, list) and len(rows) == 2


def test_vocabulary_is_rebuilt_only_when_its_sources_change(tmp_path: Path) -> None:
    """Opening a large store for one added document must not rebuild the vocabulary."""
    path = tmp_path / "store"
    Store.open(path).close()
    info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    digest = info["vocabulary"]
    info["vocabulary"] = "stale"
    (path / MARKER).write_text(json.dumps(info), encoding="utf-8")
    with Store.open(path) as s:
        assert s.query("ASK { vbkg:Plan rdfs:label 'Kế hoạch'@vi }") is True
    assert json.loads((path / MARKER).read_text(encoding="utf-8"))["vocabulary"] == digest
