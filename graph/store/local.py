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

Readers and writers (docs/decisions/0005-concurrency.md): Oxigraph 0.5 documents that
opening a store read-only while another process writes it is undefined behaviour, so
readers never open the live database while a writer may exist. The writer (one at a
time: it holds an exclusive ``flock`` on ``writer.lock`` for as long as it is open, and
RocksDB's own lock) *publishes* immutable snapshots of the live database
(``pyoxigraph.Store.backup``: a RocksDB checkpoint, hard links, cheap) into
``snapshots/NNNNNNNN`` and then atomically replaces the pointer file
``snapshots/current``. A snapshot is published when the writer opens, at least every
:data:`SNAPSHOT_INTERVAL` seconds while it writes, and on :meth:`Store.flush`. Every
snapshot is taken between two transactions, so it is a consistent state. A reader
(``read_only=True``) follows the pointer and opens that snapshot read-only, holding a
shared ``flock`` on ``snapshots/NNNNNNNN.lock`` so the writer never deletes a snapshot
in use (old, unused ones are removed when a newer one is published). A store written
before snapshots existed is given one by the first reader that finds no writer.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import regex
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph import ids
from graph.build import PREFIXES, vocabulary_graph
from graph.paths import PROJECT_ROOT

FORMAT_VERSION = 1
MARKER = "vbkg-store.json"
WRITER_LOCK = "writer.lock"
SNAPSHOTS = "snapshots"
CURRENT = "current"  # inside SNAPSHOTS: the name of the snapshot readers open
# Seconds between two snapshots published while a writer writes (readers see progress).
SNAPSHOT_INTERVAL = float(os.environ.get("VBKG_SNAPSHOT_INTERVAL", "2.0"))
_SNAPSHOT_NAME = regex.compile(r"[0-9]{8}")
_WAIT_FOR_FIRST_SNAPSHOT = 30.0  # seconds a reader waits for a new store's first snapshot

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
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
DATASET_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD}

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
        if dt == XSD_STRING:
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


def replace_graph_update(
    graph_name: ox.NamedNode, triples: Iterator[tuple[Node, Node, Node]]
) -> str:
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


# --------------------------------------------------------------------------- bulk writing

# What :meth:`Store.replace_sources` takes for one source: an rdflib graph, rdflib triples,
# or N-Triples bytes (ideally :func:`ntriples` output: one triple per line, blank nodes
# already skolemised, which is loaded without any per-triple Python work).
Payload = Graph | bytes | Iterable[tuple[Node, Node, Node]]


def ntriples(graph_name: str, triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """``triples`` as N-Triples serialised by Oxigraph, blank nodes skolemised as the store
    names them in graph ``graph_name`` (the fast input of :meth:`Store.replace_sources`)."""
    g = ox.NamedNode(graph_name)
    out = [
        ox.Triple(to_ox(_skolem(s, g)), to_ox(p), to_ox(_skolem(o, g)))  # type: ignore[arg-type]
        for s, p, o in triples
    ]
    return ox.serialize(out, None, ox.RdfFormat.N_TRIPLES) or b""


def in_graph(data: bytes, graph_name: str) -> bytes:
    """:func:`ntriples` output as N-Quads in the named graph ``graph_name``.

    Every line of Oxigraph's N-Triples ends with `` .\n`` and no other ``\n`` byte occurs
    (literals escape it), so the graph name goes before each line's final dot.
    """
    return data.replace(b" .\n", b" " + str(ox.NamedNode(graph_name)).encode() + b" .\n")


def _canonical(name: ox.NamedNode, payload: Payload) -> bytes:
    """A source's payload as one-triple-per-line N-Triples without blank nodes."""
    if isinstance(payload, bytes | bytearray | memoryview):
        data = bytes(payload)
        lines = data.count(b"\n")
        if (
            b"_:" not in data
            and lines == data.count(b" .\n")
            and (not data or data.endswith(b"\n"))
        ):
            return data  # Oxigraph validates it as it loads
        triples: list[ox.Triple] = []
        for q in ox.parse(data, ox.RdfFormat.N_TRIPLES):
            s, o = q.subject, q.object
            if isinstance(s, ox.BlankNode):
                s = ox.NamedNode(f"{name.value}/.well-known/genid/{s.value}")
            if isinstance(o, ox.BlankNode):
                o = ox.NamedNode(f"{name.value}/.well-known/genid/{o.value}")
            triples.append(ox.Triple(s, q.predicate, o))
        return ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
    return ntriples(name.value, iter(payload))


def _triple_set(data: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def _line(t: ox.Triple | ox.Quad) -> str:
    return f"{t.subject} {t.predicate} {t.object} ."


# --------------------------------------------------------------------------- store


class StoreReading:
    """What every store offers on top of ``query`` (embedded and remote alike)."""

    vocabulary_graph_name: Any

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> Any:
        raise NotImplementedError

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
        return int(rows[0]["n"]) if rows else 0


class Store(StoreReading):
    """An embedded on-disk Oxigraph store of vbkg graphs. Use :meth:`open`."""

    def __init__(self, path: Path, inner: ox.Store, *, read_only: bool, base: str) -> None:
        self.path = path
        self.read_only = read_only
        self.base = base
        self._inner = inner
        # the writer's exclusive lock, or a reader's shared lock on its snapshot
        self._lock: IO[bytes] | None = None
        self.snapshot: str | None = None  # the snapshot a reader reads (None: the live store)
        self._dirty = False
        self._published = 0.0

    # -- opening

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, base: str | None = None) -> Store:
        """Open (or, read-write, create) the store in directory ``path``.

        ``base`` is recorded at creation; later opens use the recorded value
        unless another is given.
        """
        path = Path(path)
        if read_only:
            info = _existing_info(path)
            if info is None:
                raise StoreError(f"Chưa có kho dữ liệu tại {path}", f"no store at {path}")
            return _open_reader(cls, path, base or str(info.get("base")))
        info = _existing_info(path)  # refuse a foreign folder before creating anything in it
        path.mkdir(parents=True, exist_ok=True)
        lock = _try_lock(path / WRITER_LOCK, fcntl.LOCK_EX)
        if lock is None:
            raise StoreError(
                f"Kho dữ liệu {path} đang được một tiến trình vbkg khác ghi",
                f"the store {path} is being written by another vbkg process",
            )
        try:
            info = _existing_info(path)  # again, now that no other writer can create it
            if info is None:
                info = {
                    "format": FORMAT_VERSION,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "base": base or ids.DEFAULT_BASE,
                }
                _write_marker(path, info)
            inner = ox.Store(str(path))
        except OSError as exc:
            lock.close()
            raise StoreError(
                f"Không mở được kho dữ liệu {path}: {exc}", f"cannot open the store {path}: {exc}"
            ) from exc
        except BaseException:
            lock.close()
            raise
        resolved_base = base or str(info.get("base"))
        store = cls(path, inner, read_only=False, base=resolved_base)
        store._lock = lock
        digest = _vocabulary_digest()
        if info.get("vocabulary") != digest:  # rebuilding the vocabulary costs ~0.5 s: only
            store.refresh_vocabulary()  # when the ontology or the vocabularies changed
            _write_marker(path, {**info, "vocabulary": digest})
        store._publish()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Write everything to disk and publish a snapshot for readers (read-write only)."""
        if not self.read_only:
            self._inner.flush()
            if self._dirty:
                self._publish()

    def close(self) -> None:
        """Flush (publishing a snapshot), then release the database, the writer's lock or
        the reader's snapshot. Idempotent; the store cannot be used afterwards."""
        if isinstance(self._inner, _Closed):
            return
        self.flush()
        self._inner = _Closed()  # type: ignore[assignment]  # drops RocksDB's lock
        if self._lock is not None:
            self._lock.close()

    def refresh(self) -> bool:
        """A reader: move to the newest snapshot if the writer published one since this
        store was opened (or last refreshed); returns whether it moved.

        Long-lived readers (a server's workers) call it before each request; each query
        in between sees one consistent state. A no-op for a writer.
        """
        if not self.read_only or self.snapshot is None:
            return False
        name = _read_current(self.path)
        if name is None or name == self.snapshot:
            return False
        fresh = _open_reader(type(self), self.path, self.base)
        old_lock = self._lock
        self._inner, self._lock, self.snapshot = fresh._inner, fresh._lock, fresh.snapshot
        fresh._lock = None
        fresh._inner = _Closed()  # type: ignore[assignment]
        if old_lock is not None:
            old_lock.close()  # the old snapshot may now be removed by the writer
        return True

    # -- snapshots (see the module docstring)

    def _wrote(self) -> None:
        self._dirty = True
        if time.monotonic() - self._published >= SNAPSHOT_INTERVAL:
            self._publish()

    def _publish(self) -> None:
        """Checkpoint the live database into a new snapshot and point readers at it."""
        snaps = self.path / SNAPSHOTS
        snaps.mkdir(exist_ok=True)
        for leftover in snaps.glob(".tmp-*"):  # of a writer killed while publishing
            shutil.rmtree(leftover, ignore_errors=True)
        current = _read_current(self.path)
        numbers = [int(p.name) for p in snaps.iterdir() if _SNAPSHOT_NAME.fullmatch(p.name)]
        name = f"{max([*numbers, int(current or 0)], default=0) + 1:08d}"
        tmp = snaps / f".tmp-{name}"
        self._inner.backup(str(tmp))
        os.rename(tmp, snaps / name)
        pointer = snaps / f".{CURRENT}.tmp"
        with pointer.open("w", encoding="ascii") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(pointer, snaps / CURRENT)
        _fsync_dir(snaps)
        self._dirty = False
        self._published = time.monotonic()
        _remove_unused_snapshots(snaps, keep=name)

    # -- writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("Kho dữ liệu đang mở ở chế độ chỉ đọc", "the store is open read-only")

    def source_graph_name(self, source: str) -> URIRef:
        """Name of the named graph holding ``source``'s triples (its SourceFile IRI)."""
        return URIRef(ids.source_iri(source, self.base))

    def replace_source(self, source: str, graph: Graph) -> int:
        """Atomically replace the named graph of ``source`` with ``graph``; returns its size."""
        self.replace_sources([(source, graph)])
        return len(graph)

    def replace_sources(self, batch: Iterable[tuple[str, Payload]]) -> int:
        """Replace the named graphs of several sources at once; returns the triples written.

        Each payload is an rdflib graph, rdflib triples or N-Triples bytes (:func:`ntriples`).
        A source given twice keeps its last payload. The default graph stays the set union
        of all named graphs. The new sources and the ones that only gain triples (a fresh
        build, an unchanged file) are loaded in ONE transaction (Oxigraph's N-Quads loader,
        no SPARQL); the sources that lose triples then change in ONE SPARQL update holding
        only their differences. A crash leaves every source either as before or replaced.
        A snapshot is published at most once per call (see :meth:`flush`).
        """
        self._writable()
        items = [(ox.NamedNode(str(self.source_graph_name(s))), p) for s, p in batch]
        written = self._replace_graphs(items)
        self._wrote()
        return written

    def _replace_graphs(self, items: Iterable[tuple[ox.NamedNode, Payload]]) -> int:
        final: dict[str, bytes] = {}
        for name, payload in items:
            final.pop(name.value, None)  # the last payload of a graph wins (and goes last)
            final[name.value] = _canonical(name, payload)
        load: list[bytes] = []
        changed: list[tuple[ox.NamedNode, set[ox.Triple], set[ox.Triple]]] = []
        written = 0
        for g, data in final.items():
            name = ox.NamedNode(g)
            written += data.count(b"\n")
            if not self._inner.contains_named_graph(name):
                load += [in_graph(data, g), data]
                continue
            old = {q.triple for q in self._inner.quads_for_pattern(None, None, None, name)}
            new = _triple_set(data)
            removed = old - new
            if not removed:  # adding what is there already is a no-op
                load += [in_graph(data, g), data]
            else:
                changed.append((name, removed, new - old))
        if load:
            self._inner.load(b"".join(load), format=ox.RdfFormat.N_QUADS)
        if changed:
            self._inner.update(self._diff_update(changed, final))
        return written

    def _diff_update(
        self,
        changed: list[tuple[ox.NamedNode, set[ox.Triple], set[ox.Triple]]],
        final: dict[str, bytes],
    ) -> str:
        """One SPARQL update applying the differences of the graphs in ``changed``: a removed
        triple leaves the default graph only when no graph states it afterwards."""
        states: set[ox.Triple] | None = None  # every triple the batch's graphs state
        deletes: list[str] = []
        inserts: list[str] = []
        leaving: dict[ox.Triple, None] = {}
        for name, removed, added in changed:
            deletes.append(f"GRAPH {name} {{ " + " ".join(_line(t) for t in removed) + " }")
            if added:
                inserts.append(f"GRAPH {name} {{ " + " ".join(_line(t) for t in added) + " }")
                inserts.extend(_line(t) for t in added)
            for t in removed:
                leaving[t] = None
        for t in leaving:
            if any(
                not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value not in final
                for q in self._inner.quads_for_pattern(t.subject, t.predicate, t.object, None)
            ):
                continue  # a graph outside the batch states it
            if states is None:
                states = set().union(*(_triple_set(d) for d in final.values()))
            if t not in states:
                deletes.append(_line(t))
        update = "DELETE DATA { " + "\n".join(deletes) + " }"
        if inserts:
            update += " ;\nINSERT DATA { " + "\n".join(inserts) + " }"
        drops = [f"DROP SILENT GRAPH {name}" for name, _, _ in changed if not final[name.value]]
        return " ;\n".join([update, *drops])

    def remove_source(self, source: str) -> None:
        self._writable()
        self._replace_graphs([(ox.NamedNode(str(self.source_graph_name(source))), b"")])
        self._wrote()

    @property
    def vocabulary_graph_name(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}/graph/vocabulary")

    def refresh_vocabulary(self) -> None:
        """Replace the ontology and vocabulary graph with the current one (one transaction)."""
        self._writable()
        self._replace_graphs([(self.vocabulary_graph_name, vocabulary_graph())])
        self._wrote()

    # -- reading

    def _run(self, sparql: str, bindings: Mapping[str, object] | None) -> Any:
        """Execute with ``bindings`` pre-bound (see :func:`bind_values`)."""
        sparql = bind_values(sparql, bindings)
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
        if fmt in DATASET_FORMATS:
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
                or not any(
                    True
                    for _ in self._inner.quads_for_pattern(q.subject, q.predicate, q.object, vocab)
                )
                or any(
                    True
                    for h in self._inner.quads_for_pattern(q.subject, q.predicate, q.object)
                    if h.graph_name not in (vocab, ox.DefaultGraph())
                )
            )
            data = ox.serialize(triples, None, fmt, prefixes=dict(PREFIXES)) or b""
        write_output(target, data)

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


# --------------------------------------------------------------------------- locks, snapshots


class _Closed:
    """Stands for the database of a closed :class:`Store`: any use is a clear error."""

    def __getattr__(self, name: str) -> Any:
        raise StoreError("Kho dữ liệu đã đóng", "the store is closed")


def _try_lock(path: Path, kind: int) -> IO[bytes] | None:
    """An open file holding a ``flock`` of ``kind`` on ``path`` (created), or ``None`` when
    another open file holds a conflicting lock."""
    fh = path.open("ab")
    try:
        fcntl.flock(fh.fileno(), kind | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    except BaseException:
        fh.close()
        raise
    return fh


def _read_current(path: Path) -> str | None:
    try:
        name = (path / SNAPSHOTS / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _SNAPSHOT_NAME.fullmatch(name) else None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_unused_snapshots(snaps: Path, *, keep: str) -> None:
    """Delete every snapshot but ``keep`` that no reader holds (an exclusive lock succeeds)."""
    for entry in snaps.iterdir():
        if not _SNAPSHOT_NAME.fullmatch(entry.name) or entry.name == keep:
            continue
        lock = _try_lock(snaps / f"{entry.name}.lock", fcntl.LOCK_EX)
        if lock is None:
            continue  # a reader has it open: removed by a later publication
        try:
            shutil.rmtree(entry, ignore_errors=True)
            (snaps / f"{entry.name}.lock").unlink(missing_ok=True)
        finally:
            lock.close()
    for stray in snaps.glob("*.lock"):  # locks whose snapshot is gone
        if not (snaps / stray.stem).exists() and stray.stem != keep:
            lock = _try_lock(stray, fcntl.LOCK_EX)
            if lock is not None:
                stray.unlink(missing_ok=True)
                lock.close()


def _open_reader(cls: type[Store], path: Path, base: str) -> Store:
    """A read-only :class:`Store` on the current snapshot of the store at ``path``."""
    snaps = path / SNAPSHOTS
    deadline = time.monotonic() + _WAIT_FOR_FIRST_SNAPSHOT
    while True:
        name = _read_current(path)
        if name is None:
            state = _publish_first_snapshot(cls, path, base)
            if state == "published":
                continue
            if state == "unwritable":  # nobody can write it either: read the live database
                return _open_live_read_only(cls, path, base)
            if time.monotonic() > deadline:
                raise StoreError(
                    f"Kho dữ liệu {path} đang được tạo; hãy thử lại sau",
                    f"the store {path} is being created; try again later",
                )
            time.sleep(0.05)
            continue
        try:
            lock = (snaps / f"{name}.lock").open("ab")
        except OSError:  # a read-only copy of a store: nobody writes it either
            lock = None
        if lock is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_SH)  # the writer only ever tries, never waits
        target = snaps / name
        if not target.is_dir():  # removed between reading the pointer and locking it
            if lock is not None:
                lock.close()
            continue
        try:
            inner = ox.Store.read_only(str(target))
        except OSError as exc:
            if lock is not None:
                lock.close()
            raise StoreError(
                f"Không mở được kho dữ liệu {path}: {exc}", f"cannot open the store {path}: {exc}"
            ) from exc
        store = cls(path, inner, read_only=True, base=base)
        store._lock = lock
        store.snapshot = name
        return store


def _publish_first_snapshot(cls: type[Store], path: Path, base: str) -> str:
    """Give a store without snapshots (written before they existed) its first one.

    Only when no writer has it open. Returns ``published``, ``writer`` (a writer has it
    open: it publishes a snapshot as it opens) or ``unwritable`` (no write permission).
    """
    try:
        lock = _try_lock(path / WRITER_LOCK, fcntl.LOCK_EX)
    except OSError:
        return "unwritable"
    if lock is None:
        return "writer"
    try:
        if _read_current(path) is None:
            store = cls(path, ox.Store(str(path)), read_only=False, base=base)
            store._publish()
            store._inner.flush()
            del store
        return "published"
    except OSError:
        return "unwritable"
    finally:
        lock.close()


def _open_live_read_only(cls: type[Store], path: Path, base: str) -> Store:
    try:
        inner = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(
            f"Không mở được kho dữ liệu {path}: {exc}", f"cannot open the store {path}: {exc}"
        ) from exc
    return cls(path, inner, read_only=True, base=base)


_OWN_ENTRIES = frozenset({WRITER_LOCK, SNAPSHOTS, f".{MARKER}.tmp"})


def _existing_info(path: Path) -> dict[str, Any] | None:
    """The marker of the store at ``path``; ``None`` when there is no store there yet."""
    marker = path / MARKER
    if marker.exists():
        return _read_marker(marker)
    if path.exists() and any(e.name not in _OWN_ENTRIES for e in path.iterdir()):
        raise StoreFormatError(
            f"Thư mục {path} không phải kho vbkg (thiếu {MARKER})",
            f"{path} is not a vbkg store (no {MARKER})",
        )
    return None


def _write_marker(path: Path, info: dict[str, Any]) -> None:
    tmp = path / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path / MARKER)  # readers never see a half-written marker


_VOCABULARY_SOURCES = (
    ("ontology", "*.ttl"),
    ("data/vocab", "*.yaml"),
    ("graph", "build.py"),
)


def _vocabulary_digest() -> str:
    """A digest of everything :func:`graph.build.vocabulary_graph` is made from."""
    root = PROJECT_ROOT
    h = hashlib.sha1()
    for folder, pattern in _VOCABULARY_SOURCES:
        for f in sorted((root / folder).glob(pattern)):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


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
    "bind_rows",
    "from_ox",
    "in_graph",
    "ntriples",
    "to_ox",
]


_VARNAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What the scanner must step over: long and short strings, IRIs, comments; and what it looks for:
# the WHERE keyword and an opening brace.
_SCAN = regex.compile(
    r"'''(?:[^\\]|\\.)*?'''"
    r'|"""(?:[^\\]|\\.)*?"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|\#[^\n]*"
    r"|(?P<where>\bwhere\b)|(?P<brace>\{)",
    regex.IGNORECASE,
)


def write_output(target: str | Path | IO[bytes] | IO[str], data: bytes) -> None:
    """Write serialised RDF to a path, a text stream or a binary stream."""
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    elif isinstance(target, io.TextIOBase):
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]


def bind_values(sparql: str, bindings: Mapping[str, object] | None) -> str:
    """``sparql`` with ``bindings`` as a ``VALUES`` block at the start of its WHERE group.

    Inside the group the values are joined before the group's FILTERs run, so a bound
    variable works in a triple pattern and in a FILTER alike (a trailing VALUES block is
    joined after the FILTERs, which then see the variable unbound). Values are written by
    Oxigraph's serialisation of validated terms and names must be SPARQL variable names:
    no text of the caller's is ever spliced into the query.
    """
    if not bindings:
        return sparql
    return bind_rows(sparql, list(bindings), [list(bindings.values())])


def bind_rows(sparql: str, names: list[str], rows: Iterable[Iterable[object]]) -> str:
    """:func:`bind_values` with several rows of values for the variables ``names``: one
    query answering for many documents at once (rows of the result tell them apart)."""
    names = [k.lstrip("?$") for k in names]
    bad = [n for n in names if not _VARNAME.fullmatch(n)]
    if bad:
        raise ValueError(f"not SPARQL variable names: {bad!r}")
    values = " ".join("(" + " ".join(str(_to_ox_value(v)) for v in row) + ")" for row in rows)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {values} }} "
    first_brace: int | None = None
    seen_where = False
    for m in _SCAN.finditer(sparql):
        if m.group("where"):
            seen_where = True
        elif m.group("brace"):
            if seen_where:
                return sparql[: m.end()] + block + sparql[m.end() :]
            if first_brace is None:
                first_brace = m.end()
    if first_brace is not None and not regex.search(r"\bconstruct\b", sparql, regex.I):
        return sparql[:first_brace] + block + sparql[first_brace:]
    return f"{sparql}\n{block.strip()}"
