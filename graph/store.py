"""Stage 7: the embedded on-disk store (Oxigraph), one named graph per source file.

Layout of a store directory::

    out/store/
      vbkg-store.json     {"format": 1, "created": "...", "base": "https://w3id.org/vbkg"}
      ...                 Oxigraph (RocksDB) files

Each source file's triples live in the named graph whose name is the file's
``vbkg:SourceFile`` IRI (:func:`graph.ids.source_iri`); the ontology and vocabulary
(:func:`graph.build.vocabulary_graph`) live in the named graph
``{base}/graph/vocabulary``, refreshed on every read-write open.

The default graph is the *set* union of all those named graphs, maintained on every
write, so a query without ``GRAPH`` sees each fact once even when several files state
it (Oxigraph's ``use_default_graph_as_union`` is a bag: a fact stated by two files
would come back twice). ``GRAPH ?g { … }`` still tells which file said what.

:meth:`Store.replace_source` swaps one source's graph and updates the union in ONE
SPARQL update, which Oxigraph applies as one transaction: re-adding a file never
duplicates triples, and a crash part-way leaves the previous state. Blank nodes are
skolemised into IRIs first, so the union copy of a triple can be found again.

Readers and writers: :meth:`Store.open` with ``read_only=True`` opens a static
read-only view (``pyoxigraph.Store.read_only``). Oxigraph 0.5 documents that
opening read-only while another process writes is undefined behaviour (the
RocksDB "secondary" mode of 0.3 is gone), so do not read while ``vbkg build``
runs; a second read-write opener fails on the RocksDB lock with a clear error.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import regex
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph import ids
from graph.build import PREFIXES, vocabulary_graph

FORMAT_VERSION = 1
MARKER = "vbkg-store.json"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_DATASET_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD}

Term = URIRef | BNode | Literal


class StoreError(Exception):
    """A store that cannot be opened or used, with a message in Vietnamese and English."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return f"{self.vi} ({self.en})"


class StoreFormatError(StoreError):
    """The directory holds a store of another format version, or is not a vbkg store."""


# --------------------------------------------------------------------------- term conversion


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (IRIs are validated by Oxigraph)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term: {term!r}")


def from_ox(term: Any) -> Term:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported RDF term: {term!r}")


def _to_ox_value(value: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(value, URIRef | BNode | Literal):
        return to_ox(value)
    return to_ox(Literal(value))  # str, int, float, bool, date ... as typed literals


def _skolem(term: Node, graph_name: ox.NamedNode) -> Node:
    if isinstance(term, BNode):
        return URIRef(f"{graph_name.value}/.well-known/genid/{term}")
    return term


def _replace_graph(graph_name: ox.NamedNode, triples: Iterator[tuple[Node, Node, Node]]) -> str:
    """One SPARQL update replacing a named graph and keeping the default graph its set union.

    Terms are written by Oxigraph's own N-Triples serialisation of validated terms, so no
    text of ours is spliced in unescaped.
    """
    g = str(graph_name)
    body = "\n".join(
        f"{to_ox(_skolem(s, graph_name))} {to_ox(p)} {to_ox(_skolem(o, graph_name))} ."
        for s, p, o in triples
    )
    return (
        # facts only this graph states leave the union
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }} ;\n"
        f"INSERT DATA {{\n{body}\n}}"
    )


# --------------------------------------------------------------------------- store


class Store:
    """An embedded on-disk Oxigraph store of vbkg graphs. Use :meth:`open`."""

    def __init__(self, path: Path, inner: ox.Store, *, read_only: bool, base: str) -> None:
        self.path = path
        self.read_only = read_only
        self.base = base
        self._inner = inner

    # -- opening

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, base: str | None = None) -> Store:
        """Open (or, read-write, create) the store in directory ``path``.

        ``base`` is recorded at creation; later opens use the recorded value
        unless another is given.
        """
        path = Path(path)
        marker = path / MARKER
        info: dict[str, Any] | None = None
        if marker.exists():
            info = _read_marker(marker)
        elif path.exists() and any(path.iterdir()):
            raise StoreFormatError(
                f"Thư mục {path} không phải kho vbkg (thiếu {MARKER})",
                f"{path} is not a vbkg store (no {MARKER})",
            )
        elif read_only:
            raise StoreError(f"Chưa có kho dữ liệu tại {path}", f"no store at {path}")

        if info is None:
            info = {
                "format": FORMAT_VERSION,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "base": base or ids.DEFAULT_BASE,
            }
            path.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")

        try:
            inner = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"Không mở được kho dữ liệu {path}: {exc}", f"cannot open the store {path}: {exc}"
            ) from exc
        store = cls(path, inner, read_only=read_only, base=base or str(info.get("base")))
        if not read_only:
            store.refresh_vocabulary()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.read_only:
            self._inner.flush()

    # -- writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("Kho dữ liệu đang mở ở chế độ chỉ đọc", "the store is open read-only")

    def source_graph_name(self, source: str) -> URIRef:
        """Name of the named graph holding ``source``'s triples (its SourceFile IRI)."""
        return URIRef(ids.source_iri(source, self.base))

    def replace_source(self, source: str, graph: Graph) -> int:
        """Atomically replace the named graph of ``source`` with ``graph``; returns its size."""
        self._writable()
        name = ox.NamedNode(str(self.source_graph_name(source)))
        self._inner.update(_replace_graph(name, iter(graph)))
        return len(graph)

    def remove_source(self, source: str) -> None:
        self._writable()
        name = ox.NamedNode(str(self.source_graph_name(source)))
        self._inner.update(_replace_graph(name, iter(())).rsplit(" ;\n", 2)[0])

    @property
    def vocabulary_graph_name(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}/graph/vocabulary")

    def refresh_vocabulary(self) -> None:
        """Replace the ontology and vocabulary graph with the current one (one transaction)."""
        self._writable()
        self._inner.update(_replace_graph(self.vocabulary_graph_name, iter(vocabulary_graph())))

    # -- reading

    def sources(self) -> list[str]:
        """The source files in the store (their ``dcterms:identifier``), sorted."""
        rows = self.query(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?g a vbkg:SourceFile ; "
            "dcterms:identifier ?id } }",
        )
        assert isinstance(rows, list)
        return sorted(str(r["id"]) for r in rows)

    def __len__(self) -> int:
        """Number of triples in the source graphs (the vocabulary is not counted)."""
        vocab = self.vocabulary_graph_name  # a validated NamedNode, serialised by Oxigraph
        rows = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {vocab}) }}"
        )
        assert isinstance(rows, list)
        return int(rows[0]["n"]) if rows else 0  # type: ignore[arg-type]

    def _run(self, sparql: str, bindings: Mapping[str, object] | None) -> Any:
        """Execute with ``bindings`` as a trailing ``VALUES`` block.

        The block is joined with the WHERE pattern before projection (SPARQL 1.1
        §18.2.4.3), so bound variables need not be projected; values are written
        by Oxigraph's serialisation of validated terms, never spliced from text.
        """
        if bindings:
            names = " ".join(f"?{k.lstrip('?$')}" for k in bindings)
            values = " ".join(str(_to_ox_value(v)) for v in bindings.values())
            sparql = f"{sparql}\nVALUES ({names}) {{ ({values}) }}"
        # the default graph already is the set union of all graphs (see the module docstring)
        return self._inner.query(sparql, prefixes=dict(PREFIXES))

    def query(
        self, sparql: str, bindings: Mapping[str, object] | None = None
    ) -> list[dict[str, Term | None]] | bool | Graph:
        """Run a SPARQL query with the project's prefixes predeclared.

        ``bindings`` pre-binds variables (``{"doc": URIRef(...)}``; Python values
        become literals) without building query text from input. The default graph
        is the set union of all graphs; ``GRAPH ?g`` reaches one file's. Returns a list of
        rows (variable → term or ``None``) for SELECT, a bool for ASK and an
        rdflib ``Graph`` for CONSTRUCT and DESCRIBE.
        """
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [
                {n: (None if sol[n] is None else from_ox(sol[n])) for n in names} for sol in result
            ]
        g = Graph()
        for t in result:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, object] | None = None,
    ) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT query as a header and rows of strings (for display and CSV)."""
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return ["result"], [[str(bool(result)).lower()]]
        if isinstance(result, ox.QueryTriples):
            return ["subject", "predicate", "object"], [
                [str(from_ox(t.subject)), str(from_ox(t.predicate)), str(from_ox(t.object))]
                for t in result
            ]
        names = [v.value for v in result.variables]
        rows = [[None if sol[n] is None else str(from_ox(sol[n])) for n in names] for sol in result]
        return names, rows

    def source_graph(self, source: str) -> Graph:
        """The triples of one source file, as an rdflib graph."""
        name = ox.NamedNode(str(self.source_graph_name(source)))
        g = Graph()
        for q in self._inner.quads_for_pattern(None, None, None, name):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def export(
        self,
        target: str | Path | IO[bytes] | IO[str],
        format: str = "turtle",
        *,
        include_vocabulary: bool = True,
    ) -> None:
        """Write the store to a path or stream.

        Triple formats (turtle, nt) get the union of all graphs without
        duplicates; dataset formats (nquads, trig, json-ld) keep one named
        graph per source file.
        """
        fmt = EXPORT_FORMATS.get(format.lower())
        if fmt is None:
            raise ValueError(f"unknown export format {format!r}; one of {sorted(EXPORT_FORMATS)}")
        data: bytes
        vocab = self.vocabulary_graph_name
        if fmt in _DATASET_FORMATS:
            quads = (
                q
                for q in self._inner
                if not isinstance(q.graph_name, ox.DefaultGraph)
                and (include_vocabulary or q.graph_name != vocab)
            )
            data = ox.serialize(quads, None, fmt, prefixes=dict(PREFIXES)) or b""
        else:
            graph: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
            triples: Any = (
                q.triple
                for q in self._inner.quads_for_pattern(None, None, None, graph)
                if include_vocabulary
                or not any(True for _ in self._inner.quads_for_pattern(
                    q.subject, q.predicate, q.object, vocab))
                or any(
                    True for h in self._inner.quads_for_pattern(q.subject, q.predicate, q.object)
                    if h.graph_name not in (vocab, ox.DefaultGraph())
                )
            )
            data = ox.serialize(triples, None, fmt, prefixes=dict(PREFIXES)) or b""
        if isinstance(target, str | Path):
            Path(target).write_bytes(data)
        elif isinstance(target, io.TextIOBase):
            target.write(data.decode("utf-8"))
        else:
            target.write(data)  # type: ignore[arg-type]

    # -- rdflib view

    def rdflib_graph(self) -> Dataset:
        """An rdflib ``Dataset`` backed by this store through oxrdflib (its default graph is
        the store's set union of all graphs). Writes through it bypass
        :meth:`replace_source`'s atomicity; use it for reading."""
        from oxrdflib import OxigraphStore

        ds = Dataset(store=OxigraphStore(store=self._inner))
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns, override=True)
        return ds


def _read_marker(marker: Path) -> dict[str, Any]:
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreFormatError(
            f"Tệp {marker} bị hỏng: {exc}", f"{marker} is unreadable: {exc}"
        ) from exc
    fmt = info.get("format") if isinstance(info, dict) else None
    if fmt != FORMAT_VERSION:
        raise StoreFormatError(
            f"Kho dữ liệu {marker.parent} có định dạng {fmt}, phiên bản vbkg này đọc định dạng "
            f"{FORMAT_VERSION}: hãy dựng lại kho vào một thư mục mới bằng `vbkg build`",
            f"the store {marker.parent} has format {fmt}; this vbkg reads format "
            f"{FORMAT_VERSION}: rebuild it into a new folder with `vbkg build`",
        )
    assert isinstance(info, dict)
    return info


__all__ = [
    "FORMAT_VERSION",
    "MARKER",
    "Store",
    "StoreError",
    "StoreFormatError",
    "from_ox",
    "to_ox",
]


def open_store(location: str | Path, *, read_only: bool = False, base: str | None = None) -> Any:
    """Open the store at ``location``: a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    ``http(s)://…`` and ``sparql+http(s)://…`` locations are served by
    :class:`graph.remote.RemoteStore` (SPARQL 1.1 Protocol and Graph Store Protocol), which
    offers the same methods as :class:`Store`.
    """
    loc = str(location)
    if regex.match(r"(?:sparql\+)?https?://", loc):
        from graph.remote import RemoteStore  # type: ignore[import-not-found]

        return RemoteStore.open(loc, read_only=read_only, base=base)
    return Store.open(Path(loc), read_only=read_only, base=base)
