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
Readers and writers follow :mod:`graph.store.snapshots`: one writer at a time, which publishes
a snapshot when it opens, at least every :data:`SNAPSHOT_INTERVAL` seconds while it writes
(a build's bulk loads: after each part file of :data:`BULK_PART` quads is loaded), and on
:meth:`Store.flush`; readers (``read_only=True``) open the current snapshot.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from graph import ids
from graph.build import vocabulary_graph
from graph.store.base import StoreError, StoreReading
from graph.store.snapshots import (
    EXCLUSIVE,
    FORMAT_VERSION,
    SNAPSHOT_INTERVAL,
    WRITER_LOCK,
    Closed,
    existing_info,
    mark_clean,
    open_snapshot,
    publish,
    read_current,
    take_clean,
    try_lock,
    vocabulary_digest,
    write_marker,
)
from graph.store.sparql import (
    DATASET_FORMATS,
    EXPORT_FORMATS,
    PREFIX_MAP,
    bind_values,
    serialize_jsonld,
    write_output,
)
from graph.store.terms import (
    Payload,
    Term,
    canonical,
    from_ox,
    in_graph,
    nt_line,
    solution_rows,
    triple_set,
)

#: Quads of deferred new graphs per part file (a build's bulk loads; memory bounded:
#: Oxigraph's bulk loader took ~1.1 GB for parts of 1 M quads, bench/results/build.md).
BULK_PART = 500_000
#: Fewer deferred quads than this are loaded in one transaction instead (a small build).
BULK_MIN = 10_000
BULK_PART_FILE = "bulk-part.nq"


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
        self._current: str | None = None  # a writer: the snapshot it published last
        self._untracked = False  # a writer: written through rdflib_graph() (not tracked)
        # deferred new graphs (replace_sources(defer=True)): N-Quads waiting in a part file
        self._part: IO[bytes] | None = None
        self._part_quads = 0
        self._part_graphs: set[str] = set()

    # -- opening

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, base: str | None = None) -> Store:
        """Open (or, read-write, create) the store in directory ``path``.

        ``base`` is recorded at creation; later opens use the recorded value
        unless another is given.
        """
        path = Path(path)
        if read_only:
            info = existing_info(path)
            if info is None:
                raise StoreError("store.missing", path=path)
            inner, lock, snapshot = open_snapshot(path)
            reader = cls(path, inner, read_only=True, base=base or str(info.get("base")))
            reader._lock, reader.snapshot = lock, snapshot
            return reader
        info = existing_info(path)  # refuse a foreign folder before creating anything in it
        path.mkdir(parents=True, exist_ok=True)
        lock = try_lock(path / WRITER_LOCK, EXCLUSIVE)
        if lock is None:
            raise StoreError(
                "store.busy",
                path=path,
            )
        try:
            info = existing_info(path)  # again, now that no other writer can create it
            if info is None:
                info = {
                    "format": FORMAT_VERSION,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "base": base or ids.DEFAULT_BASE,
                }
                write_marker(path, info)
            inner = ox.Store(str(path))
        except OSError as exc:
            lock.close()
            raise StoreError("store.cannot_open", path=path, exc=exc) from exc
        except BaseException:
            lock.close()
            raise
        (path / BULK_PART_FILE).unlink(missing_ok=True)  # a crashed build's unloaded part
        resolved_base = base or str(info.get("base"))
        store = cls(path, inner, read_only=False, base=resolved_base)
        store._lock = lock
        # the last writer closed with everything published: its snapshot is the live state
        # (read, and its record removed, before anything is written)
        clean = take_clean(path)
        digest = vocabulary_digest()
        if info.get("vocabulary") != digest:  # rebuilding the vocabulary costs ~0.5 s: only
            store.refresh_vocabulary()  # when the ontology or the vocabularies changed
            write_marker(path, {**info, "vocabulary": digest})
        if clean and not store._dirty:  # no snapshot to publish (~0.05 s at 100,000 files)
            store._current, store._published = read_current(path), time.monotonic()
        else:
            store._publish()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Write everything to disk and publish a snapshot for readers (read-write only)."""
        if not self.read_only:
            self._settle()
            self._inner.flush()
            if self._dirty:
                self._publish()

    def close(self) -> None:
        """Flush (publishing a snapshot), then release the database, the writer's lock or
        the reader's snapshot. Idempotent; the store cannot be used afterwards.

        A writer that closes with everything published records it
        (:func:`snapshots.mark_clean`): the next writer does not publish the same state again
        as it opens."""
        if isinstance(self._inner, Closed):
            return
        self.flush()
        if not self.read_only and not self._dirty and not self._untracked and self._current:
            mark_clean(self.path, self._current)
        self._inner = Closed()  # type: ignore[assignment]  # drops RocksDB's lock
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
        name = read_current(self.path)
        if name is None or name == self.snapshot:
            return False
        inner, lock, snapshot = open_snapshot(self.path)
        old_lock = self._lock
        self._inner, self._lock, self.snapshot = inner, lock, snapshot
        if old_lock is not None:
            old_lock.close()  # the old snapshot may now be removed by the writer
        return True

    # -- snapshots (see the module docstring)

    def _wrote(self) -> None:
        self._dirty = True
        if time.monotonic() - self._published < SNAPSHOT_INTERVAL:
            return
        if self._part_quads >= BULK_MIN:
            # a build's part file: loading it now would make parts of a few seconds each,
            # many small bulk loads whose cost grows with the store (bench/results/
            # build-100k.md); it is published once loaded (:meth:`_defer`)
            return
        self._settle()  # a snapshot holds everything written so far, deferred or not
        self._publish()

    def _settle(self) -> None:
        """Load the deferred part file (see :meth:`replace_sources`): with Oxigraph's bulk
        loader when it is big (:data:`BULK_MIN` quads or more), else in one transaction."""
        if self._part is None:
            return
        part, quads = self._part, self._part_quads
        self._part, self._part_quads = None, 0
        self._part_graphs.clear()
        part.close()
        target = self.path / BULK_PART_FILE
        try:
            if quads >= BULK_MIN:
                # lenient: no IRI re-validation (~12% of the loading CPU, bench/results/
                # build-100k.md); a build's payloads come from graph.ntwriter, every IRI
                # through graph.build.safe_iri (see replace_sources' ``defer``)
                self._inner.bulk_load(path=str(target), format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                self._inner.load(path=str(target), format=ox.RdfFormat.N_QUADS)
        finally:
            target.unlink(missing_ok=True)
        self._dirty = True

    def _publish(self) -> None:
        """Publish a snapshot of the live database for readers (:func:`snapshots.publish`)."""
        self._current = publish(self.path, self._inner)
        self._dirty = False
        self._published = time.monotonic()

    # -- writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("store.read_only")
        self._dirty = True  # a write that fails part-way is published too (see close)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction) with the project's prefixes predeclared.

        It bypasses :meth:`replace_source`'s bookkeeping (the default graph as the set union
        of the source graphs): keeping that is the caller's responsibility.
        """
        self._writable()
        self._settle()
        self._inner.update(sparql, prefixes=PREFIX_MAP)
        self._wrote()

    def source_graph_name(self, source: str) -> URIRef:
        """Name of the named graph holding ``source``'s triples (its SourceFile IRI)."""
        return URIRef(ids.source_iri(source, self.base))

    def replace_source(self, source: str, graph: Graph) -> int:
        """Atomically replace the named graph of ``source`` with ``graph``; returns its size."""
        self.replace_sources([(source, graph)])
        return len(graph)

    def replace_sources(self, batch: Iterable[tuple[str, Payload]], *, defer: bool = False) -> int:
        """Replace the named graphs of several sources at once; returns the triples written.

        Each payload is an rdflib graph, rdflib triples or N-Triples bytes (:func:`ntriples`).
        A source given twice keeps its last payload. The default graph stays the set union
        of all named graphs. The new sources and the ones that only gain triples (a fresh
        build, an unchanged file) are loaded in ONE transaction (Oxigraph's N-Quads loader,
        no SPARQL); the sources that lose triples then change in ONE SPARQL update holding
        only their differences. A crash leaves every source either as before or replaced.
        A snapshot is published at most once per call (see :meth:`flush`).

        ``defer`` (a build): the new sources' N-Quads go to a part file instead, loaded
        when it reaches :data:`BULK_PART` quads, before any read or other write, and on
        :meth:`flush` (:meth:`_settle`: Oxigraph's bulk loader, memory bounded, ~3× faster
        than a transaction; lenient: the caller vouches that the payloads are the build
        writer's well-formed N-Triples, IRIs not validated again). A bulk load is not one
        transaction: a crash during it may leave a part of those new sources, which the next
        build of them completes.
        """
        self._writable()
        items = [(ox.NamedNode(str(self.source_graph_name(s))), p) for s, p in batch]
        written = self._replace_graphs(items, defer=defer)
        self._wrote()
        return written

    def _replace_graphs(
        self, items: Iterable[tuple[ox.NamedNode, Payload]], *, defer: bool = False
    ) -> int:
        final: dict[str, bytes] = {}
        for name, payload in items:
            final.pop(name.value, None)  # the last payload of a graph wins (and goes last)
            final[name.value] = canonical(name, payload)
        if not self._part_graphs.isdisjoint(final):
            self._settle()  # a graph of the part file changes again: load the part first
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
            new = triple_set(data)
            removed = old - new
            if not removed:  # adding what is there already is a no-op
                load += [in_graph(data, g), data]
            else:
                changed.append((name, removed, new - old))
        if load and defer:
            self._defer(load, [g for g in final if g not in {n.value for n, _, _ in changed}])
        elif load:
            self._inner.load(b"".join(load), format=ox.RdfFormat.N_QUADS)
        if changed:
            self._settle()  # the diff looks at every graph, the deferred ones included
            self._inner.update(self._diff_update(changed, final))
        return written

    def _defer(self, load: list[bytes], graphs: list[str]) -> None:
        if self._part is None:
            self._part = (self.path / BULK_PART_FILE).open("wb")
        for chunk in load:
            self._part.write(chunk)
            self._part_quads += chunk.count(b"\n")
        self._part_graphs.update(graphs)
        if self._part_quads >= BULK_PART:
            self._settle()
            if time.monotonic() - self._published >= SNAPSHOT_INTERVAL:
                self._publish()  # readers see a build's progress part by part

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
            deletes.append(f"GRAPH {name} {{ " + " ".join(nt_line(t) for t in removed) + " }")
            if added:
                inserts.append(f"GRAPH {name} {{ " + " ".join(nt_line(t) for t in added) + " }")
                inserts.extend(nt_line(t) for t in added)
            for t in removed:
                leaving[t] = None
        for t in leaving:
            if any(
                not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value not in final
                for q in self._inner.quads_for_pattern(t.subject, t.predicate, t.object, None)
            ):
                continue  # a graph outside the batch states it
            if states is None:
                states = set().union(*(triple_set(d) for d in final.values()))
            if t not in states:
                deletes.append(nt_line(t))
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
        if self._part is not None:
            self._settle()  # the writer reads what it wrote
        sparql = bind_values(sparql, bindings)
        # the default graph already is the set union of all graphs (see the module docstring)
        return self._inner.query(sparql, prefixes=PREFIX_MAP)

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
            return solution_rows(result)
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
        self._settle()
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

        Triple formats (turtle, nt) get the union of all graphs without duplicates;
        dataset formats (nquads, trig) keep one named graph per source file; json-ld has
        both, under an ``@context`` (:func:`graph.store.sparql.serialize_jsonld`).
        """
        fmt = EXPORT_FORMATS.get(format.lower())
        if fmt is None:
            raise ValueError(f"unknown export format {format!r}; one of {sorted(EXPORT_FORMATS)}")
        self._settle()
        vocab = self.vocabulary_graph_name
        named = (
            q
            for q in self._inner
            if not isinstance(q.graph_name, ox.DefaultGraph)
            and (include_vocabulary or q.graph_name != vocab)
        )
        graph: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
        triples: Any = (
            q.triple
            for q in self._inner.quads_for_pattern(None, None, None, graph)
            if include_vocabulary
            or not any(
                True for _ in self._inner.quads_for_pattern(q.subject, q.predicate, q.object, vocab)
            )
            or any(
                True
                for h in self._inner.quads_for_pattern(q.subject, q.predicate, q.object)
                if h.graph_name not in (vocab, ox.DefaultGraph())
            )
        )
        data: bytes
        if fmt == ox.RdfFormat.JSON_LD:
            data = serialize_jsonld(triples, named)
        elif fmt in DATASET_FORMATS:
            data = ox.serialize(named, None, fmt, prefixes=PREFIX_MAP) or b""
        else:
            data = ox.serialize(triples, None, fmt, prefixes=PREFIX_MAP) or b""
        write_output(target, data)

    # -- rdflib view

    def rdflib_graph(self) -> Dataset:
        """An rdflib ``Dataset`` backed by this store through oxrdflib (its default graph is
        the store's set union of all graphs). Writes through it bypass
        :meth:`replace_source`'s atomicity; use it for reading."""
        from oxrdflib import OxigraphStore  # third-party, only for this view

        self._settle()
        self._untracked = not self.read_only  # writes through it are not seen by close()
        ds = Dataset(store=OxigraphStore(store=self._inner))
        for prefix, ns in PREFIX_MAP.items():
            ds.bind(prefix, ns, override=True)
        return ds


__all__ = ["SNAPSHOT_INTERVAL", "Store"]
