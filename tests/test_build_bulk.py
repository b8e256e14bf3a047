"""The build's fast path gives the same store as the old one.

Workers write each file's N-Triples directly (:func:`graph.build.document_ntriples`,
:class:`graph.ntwriter.NTriplesLines`) instead of an rdflib graph serialised by Oxigraph, and
the parent defers new graphs to part files bulk-loaded by Oxigraph
(:meth:`graph.store.local.Store.replace_sources` with ``defer=True``). Both must give exactly
the quads of the old path: rdflib graph per document, one transaction per batch.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import assert_isomorphic
from factories import EXAMPLES
from rdflib import XSD, BNode, Graph, Literal, URIRef

from graph import ids
from graph.build import build_document_graph, document_ntriples
from graph.ingest import ingest
from graph.ntwriter import NTriplesLines
from graph.pipeline import extract_paths
from graph.store import Store, ntriples
from graph.store import local as store_local


def _triples(data: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def _quads(path: Path) -> set[ox.Quad]:
    with Store.open(path, read_only=True) as st:
        return set(st._inner)


def test_direct_ntriples_equal_the_rdflib_graph(seeds_and_synth_extractions: list[Any]) -> None:
    good = seeds_and_synth_extractions
    for e in good:
        old = ntriples(ids.source_iri(e.source), build_document_graph(e))
        new = document_ntriples(e)
        assert _triples(new) == _triples(old), e.source
        assert new.count(b"\n") == len(_triples(new)), "one line per distinct triple"
    # and as rdflib reads them (the golden graphs are rdflib graphs)
    first = good[0]
    parsed = Graph().parse(data=document_ntriples(first).decode("utf-8"), format="nt")
    assert_isomorphic(build_document_graph(first), parsed)


@pytest.mark.parametrize(
    "text",
    [
        'a "quoted" word',
        "back\\slash and \\n not a newline",
        "line\nbreak\r\nand tab\tend",
        "controls \x00\x01\x1f\x7f here",
        "Việt Nam — ≥ 95% “ngoặc” 𝔸",
        "",
        " .\n<http://evil/s> <http://evil/p> <http://evil/o> .",
    ],
)
def test_literals_are_escaped_as_oxigraph_reads_them(text: str) -> None:
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    for lit in (
        Literal(text),
        Literal(text, lang="vi"),
        Literal(text, datatype=URIRef("http://example.org/dt")),
    ):
        lines = NTriplesLines("http://example.org/g")
        lines.add((s, p, lit))
        data = lines.data()
        assert data.count(b"\n") == 1 and data.endswith(b" .\n")
        (t,) = _triples(data)
        expected = ntriples("http://example.org/g", [(s, p, lit)])
        assert {t} == _triples(expected)
        assert t.object.value == text


def test_typed_literals_and_blank_nodes() -> None:
    from datetime import date
    from decimal import Decimal

    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    terms = [
        Literal(True),
        Literal(42),
        Literal(date(2024, 3, 1)),
        Literal(Decimal("0.95"), datatype=XSD.decimal),
        BNode("b1"),
    ]
    lines = NTriplesLines("http://example.org/g")
    for o in terms:
        lines.add((s, p, o))
    lines.add((s, p, Literal(42)))  # twice: one line
    assert len(lines) == len(terms)
    assert _triples(lines.data()) == _triples(
        ntriples("http://example.org/g", [(s, p, o) for o in terms])
    )


def _old_way(corpus: Path, target: Path) -> None:
    """The store as the build wrote it before: an rdflib graph per document, transactions."""
    good, bad = extract_paths([corpus])
    assert not bad
    with Store.open(target) as st:
        st.replace_sources([(e.source, build_document_graph(e)) for e in good])


@pytest.mark.parametrize("bulk_min", [0, 10**9], ids=["bulk_load", "transaction"])
def test_built_store_equals_the_old_way(
    seeds_and_synth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_min: int
) -> None:
    _old_way(seeds_and_synth, tmp_path / "old")
    # parts of 2,000 quads: several bulk loads (or transactions) in one build
    monkeypatch.setattr(store_local, "BULK_MIN", bulk_min)
    monkeypatch.setattr(store_local, "BULK_PART", 2_000)
    report = ingest([seeds_and_synth], tmp_path / "new", jobs=1)
    assert not report.failures
    old, new = _quads(tmp_path / "old"), _quads(tmp_path / "new")
    assert len(new) > 10_000
    assert new == old
    assert not (tmp_path / "new" / store_local.BULK_PART_FILE).exists()


def test_rebuild_replaces_deferred_graphs(
    seeds_and_synth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second build over a bulk-loaded store (a file edited, one removed) leaves exactly
    the store that a fresh build of the new folder gives: no triple of the old text stays,
    in its named graph or in the default graph."""
    monkeypatch.setattr(store_local, "BULK_MIN", 0)
    work = tmp_path / "corpus"
    shutil.copytree(seeds_and_synth, work)
    ingest([work], tmp_path / "store", jobs=1)
    plan = next((work / "synth").rglob("*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("Số: ", "Số: 7", 1), "utf-8")
    ingest([work], tmp_path / "store", jobs=1)
    ingest([work], tmp_path / "fresh", jobs=1)
    assert _quads(tmp_path / "store") == _quads(tmp_path / "fresh")


def test_writer_reads_what_it_deferred(tmp_path: Path) -> None:
    good, _ = extract_paths([EXAMPLES])
    e = good[0]
    with Store.open(tmp_path / "st") as st:
        st.replace_sources([(e.source, document_ntriples(e))], defer=True)
        assert (tmp_path / "st" / store_local.BULK_PART_FILE).exists()
        assert st.sources() == [e.source]  # a read loads the part first
        assert not (tmp_path / "st" / store_local.BULK_PART_FILE).exists()
        assert len(st) == document_ntriples(e).count(b"\n")


def test_a_build_loads_parts_by_size_not_by_the_snapshot_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big deferred build is loaded in parts of BULK_PART quads, each then published; a
    small write is still loaded and published at every snapshot interval."""
    good, _ = extract_paths([EXAMPLES])
    data = [(e.source, document_ntriples(e)) for e in good]
    sizes = [2 * d.count(b"\n") for _, d in data]  # each triple in its graph and the union
    monkeypatch.setattr(store_local, "SNAPSHOT_INTERVAL", 0.0)  # "every write" for a small one
    monkeypatch.setattr(store_local, "BULK_MIN", sizes[0] + 1)
    monkeypatch.setattr(store_local, "BULK_PART", sum(sizes[:3]))
    part = tmp_path / "st" / store_local.BULK_PART_FILE
    published: list[int] = []
    with Store.open(tmp_path / "st") as st:
        real = st._publish
        monkeypatch.setattr(st, "_publish", lambda: (published.append(len(st)), real())[1])
        st.replace_sources([data[0]], defer=True)  # under BULK_MIN: loaded, published
        assert not part.exists() and published == [data[0][1].count(b"\n")]
        st.replace_sources([data[1]], defer=True)
        assert part.exists() and len(published) == 1  # pending, not loaded at the interval
        st.replace_sources([data[2]], defer=True)
        assert part.exists() and len(published) == 1
        st.replace_sources([data[3]], defer=True)  # the part is full: loaded, then published
        assert not part.exists() and len(published) >= 2  # (interval 0: the write's own too)
        assert published[1] == sum(d.count(b"\n") for _, d in data[:4])
