"""Build or update a store from files: extract, merge identities, build graphs, store them.

Public verb: :func:`ingest`. A bad file is reported and the batch goes on; a batch in
which no file could be read raises :class:`IngestError` and leaves the store untouched.

Scale (DESIGN.md §6): files are extracted by a pool of ``jobs`` processes, in windows, and
streamed: the parent never holds the corpus, only counters (:class:`IngestReport`), the
identities of numbered cited documents (for :func:`graph.resolve.merge_numberless`) and the
paths of number-less documents. Each worker returns one file's graph as N-Triples bytes
written directly (:func:`graph.build.document_ntriples`, no rdflib graph); the parent hands
them to the store in batches (:meth:`graph.store.local.Store.replace_sources`, ``defer``: new
graphs go to part files of about a million quads, bulk-loaded; changed ones in one transaction
per batch of up to :data:`BATCH` files or one snapshot interval; a batch the store refuses is
written again file by file) and/or to N-Quads files that any SPARQL server bulk-loads.

Number-less documents (seed 002: OCR lost the header) are held back; once every file has
been read, each gets the identity that other files cite it by, exactly as
:func:`graph.resolve.merge_numberless` decides on the whole batch, and is extracted again
and written with it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graph import ids
from graph.build import document_ntriples
from graph.messages import both, t
from graph.models import DocumentRef, Extraction
from graph.pipeline import Failure, iter_extractions, worker_failure
from graph.pool import Budget, run_bounded
from graph.resolve import find_identity
from graph.store import SNAPSHOT_INTERVAL, Store, StoreLike, from_ox, in_graph, open_store
from graph.store.nquads import NQuadsSink
from parsers.load import DEFAULT_MAX_CHARS, LoadError, printable, walk_sources

_STAGES = ("extraction", "graph_writing", "loading")
BATCH = 128  # documents written to the store in one transaction at most


@dataclass
class IngestReport:
    """What a build did, as counts (no document is kept in memory for it)."""

    documents: int = 0
    citations_by_relation: Counter[str] = field(default_factory=Counter)
    cited: set[str] = field(default_factory=set)
    in_corpus: set[str] = field(default_factory=set)
    unresolved: int = 0
    conflicts: int = 0
    failures: list[Failure] = field(default_factory=list)
    triples: int | None = None  # triples of the documents this build wrote (not the store's)
    merged_numberless: int = 0
    nquads: list[str] = field(default_factory=list)
    pruned: list[str] | None = None  # sources dropped by ``prune_gone`` (files gone)
    # CPU seconds: "extraction" and "graph_writing" (workers), "loading" (the store's writes)
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_STAGES, 0.0))

    def add(self, e: Extraction) -> None:
        self.add_summary(_summary(e))

    def add_summary(self, s: _Summary) -> None:
        self.documents += 1
        self.in_corpus.add(s.iri)
        for iri, relation, conflicted in s.citations:
            self.citations_by_relation[relation] += 1
            self.cited.add(iri)
            if "/ref/" in iri:
                self.unresolved += 1
            if conflicted:
                self.conflicts += 1

    def summary(self, lang: str = "vi") -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": self.documents,
            "cited_documents": len(self.cited),
            "citations_by_relation": dict(sorted(self.citations_by_relation.items())),
            "unresolved": self.unresolved,
            "not_in_corpus": len(self.cited - self.in_corpus),
            "conflicts": self.conflicts,
            "skipped": [
                {"source": f.source, "reason": f.reason if lang == "vi" else f.reason_en}
                for f in self.failures
            ],
            "triples": self.triples,
        }
        if self.nquads:
            out["nquads"] = list(self.nquads)
        if self.pruned is not None:
            out["pruned"] = list(self.pruned)
        return out


class IngestError(Exception):
    """No input file could be read: nothing was written."""

    def __init__(self, report: IngestReport, key: str = "error.no_input") -> None:
        super().__init__(t(key, "en"))
        self.report = report
        self.key = key

    @property
    def failures(self) -> list[Failure]:
        return self.report.failures

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang)

    def summary(self, lang: str = "vi") -> dict[str, Any]:
        return self.report.summary(lang)


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class Progress:
    """Where a build is: files read (stored, held back or failed) of ``total``, their bytes,
    failures so far. Given to :func:`ingest`'s ``progress`` after each file of the first pass."""

    done: int
    total: int
    bytes: int
    failures: int


@dataclass(frozen=True)
class _Task:
    """One file for a worker: where, the IRI base, the identity to give it (second pass),
    whether N-Quads are wanted, the characters it may give at most, the source's name in the
    store (:func:`source_name`)."""

    path: str
    base: str
    identity: DocumentRef | None
    nquads: bool
    max_chars: int | None
    name: str


@dataclass(frozen=True)
class _Summary:
    """What the parent keeps of one file: counts, and the cited identities for merging."""

    source: str
    iri: str
    citations: tuple[tuple[str, str, bool], ...]  # (iri, relation, has conflicts)
    cited_refs: tuple[DocumentRef, ...]  # numbered cited documents, in order
    numberless: DocumentRef | None  # the document itself when it has no number


@dataclass(frozen=True)
class _Done:
    summary: _Summary
    ntriples: bytes  # the file's graph (graph.build.document_ntriples)
    nquads: bytes | None
    cpu: tuple[float, float] = (0.0, 0.0)  # CPU seconds of extraction, of graph writing


def _summary(e: Extraction) -> _Summary:
    d = e.document
    return _Summary(
        source=e.source,
        iri=d.iri,
        citations=tuple((c.document.iri, c.relation.value, bool(c.conflicts)) for c in e.citations),
        cited_refs=tuple(c.document for c in e.citations if c.document.key),
        numberless=d if d.key is None else None,
    )


def _work(task: _Task) -> _Done | Failure:
    """Extract one file and build its graph (runs in a worker process)."""
    path, base, identity, want_nquads = task.path, task.base, task.identity, task.nquads
    cpu0 = time.process_time()
    item = next(iter_extractions([path], base=base, max_chars=task.max_chars))
    cpu1 = time.process_time()
    if isinstance(item, Failure):
        return item
    e = item if item.source == task.name else replace(item, source=task.name)
    if identity is not None:
        d = e.document
        e = replace(
            e,
            document=replace(
                identity, title=d.title or identity.title, date=d.date or identity.date
            ),
        )
    name = ids.source_iri(e.source, base)
    try:
        nt = document_ntriples(e, base=base)  # N-Triples written directly, no rdflib graph
    except Exception as exc:  # one bad file must not stop a batch
        kind, shown, detail = type(exc).__name__, printable(path), printable(str(exc))
        return Failure(path, *both("build.graph_error", path=shown, kind=kind, detail=detail))
    nq = in_graph(nt, name) if want_nquads else None
    return _Done(_summary(e), nt, nq, (cpu1 - cpu0, time.process_time() - cpu1))


def _task_name(task: _Task) -> str:
    return Path(task.path).name


def _lost(task: _Task, how: str) -> Failure:
    """The report of a file whose worker died or ran past its time budget."""
    return worker_failure(task.path, how)


def _run(
    tasks: Iterable[_Task],
    jobs: int,
    budget: Budget | None = None,
) -> Iterator[_Done | Failure]:
    """Results of :func:`_work` in input order, in ``jobs`` worker processes each file
    within ``budget`` (:func:`graph.pool.run_bounded`: a dead worker is reported for its
    file and replaced). ``jobs`` 1 without a budget runs in this process."""
    if jobs <= 1 and budget is None:
        for task in tasks:
            yield _work(task)
        return
    yield from run_bounded(
        _work, tasks, jobs=jobs, budget=budget or Budget(), name=_task_name, on_death=_lost
    )


# --------------------------------------------------------------------------- identities


class _CitedIndex:
    """Numbered cited documents by (type, jurisdiction, agent), each distinct ref once, in
    the order first cited: what :func:`graph.resolve.merge_numberless` searches."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str | None, str, str], dict[DocumentRef, None]] = {}

    def add(self, refs: Iterable[DocumentRef]) -> None:
        for r in refs:
            if r.issuer is None:
                continue
            key = (r.doc_type, r.issuer.jurisdiction, r.issuer.agent)
            self.groups.setdefault(key, {}).setdefault(r, None)

    def identity(self, d: DocumentRef) -> DocumentRef | None:
        if d.issuer is None:
            return None
        group = self.groups.get((d.doc_type, d.issuer.jurisdiction, d.issuer.agent))
        return find_identity(d, list(group)) if group else None


# --------------------------------------------------------------------------- sinks


def _store_batch(store: StoreLike, batch: list[_Done]) -> list[Failure]:
    """Write ``batch`` to ``store`` in one transaction; when the store refuses it, write the
    files one at a time and return the ones it refuses (the others are kept)."""
    bulk = getattr(store, "replace_sources", None)
    if bulk is not None:
        try:
            if isinstance(store, Store):  # new graphs go to part files, bulk-loaded
                store.replace_sources([(d.summary.source, d.ntriples) for d in batch], defer=True)
            else:
                bulk([(d.summary.source, d.ntriples) for d in batch])
            return []
        except (SyntaxError, ValueError) as exc:
            if len(batch) == 1:
                return [_refused(batch[0], exc)]
    failures: list[Failure] = []
    for d in batch:
        try:
            if bulk is not None:
                bulk([(d.summary.source, d.ntriples)])
            else:  # e.g. graph.store.remote.RemoteStore: one update per file
                store.replace_source(d.summary.source, _rdflib_graph(d.ntriples))
        except (SyntaxError, ValueError) as exc:
            failures.append(_refused(d, exc))
    return failures


def _refused(d: _Done, exc: Exception) -> Failure:
    kind = type(exc).__name__
    src, shown, detail = d.summary.source, printable(d.summary.source), printable(str(exc))
    return Failure(src, *both("build.refused", path=shown, kind=kind, detail=detail))


def _rdflib_graph(data: bytes) -> Graph:
    g = Graph()
    for q in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def source_name(path: str | Path, root: Path | None) -> str:
    """The name a file has in the store (docs/decisions/0010-source-root.md): its path
    relative to ``root`` (``/``-separated) when it lies inside it, else absolute (links
    resolved); moving the folder and building again with the new ``root`` replaces the
    documents instead of adding them twice."""
    full = Path(path).resolve()
    if root is not None and full.is_relative_to(top := root.resolve()):
        return full.relative_to(top).as_posix()
    return str(full)


def source_path(source: str, root: Path | None) -> Path:
    """Where the file of the store's ``source`` is: a relative name lies under ``root``."""
    p = Path(source)
    return p if p.is_absolute() or root is None else root / p


def sources_under(
    store: StoreLike, paths: Sequence[str | Path], root: Path | None = None
) -> list[str]:
    """The store's sources that are one of ``paths`` or lie inside one of them (as the
    build names them: absolute, links resolved, or relative to ``root``), whether or not
    the files still exist."""
    keys = [Path(os.path.abspath(p)) for p in paths]
    keys += [k.resolve() for k in keys]
    found = []
    for s in store.sources():
        full = Path(os.path.abspath(source_path(s, root)))
        if any(full.is_relative_to(k) or full.resolve().is_relative_to(k) for k in keys):
            found.append(s)
    return found


def prune(store: StoreLike, paths: Sequence[str | Path], root: Path | None = None) -> list[str]:
    """Drop from ``store`` the documents under ``paths`` whose files are gone; their sources."""
    gone = [s for s in sources_under(store, paths, root) if not source_path(s, root).exists()]
    for s in gone:
        store.remove_source(s)
    return gone


def ingest(
    paths: Sequence[str | Path],
    store_path: str | Path | StoreLike | None,
    *,
    base: str | None = None,
    export: Path | None = None,
    jobs: int = 1,
    nquads: Path | None = None,
    nquads_dir: Path | None = None,
    follow_links: bool = False,
    budget: Budget | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    progress: Callable[[Progress], None] | None = None,
    prune_gone: bool = False,
    root: Path | None = None,
) -> IngestReport:
    """Extract ``paths`` and add each document's graph to the store at ``store_path``.

    Each file's graph replaces that file's previous graph, several files per transaction
    (:func:`_store_batch`), so a build can be re-run or interrupted without duplicating or
    corrupting anything. ``jobs``
    processes extract in parallel. ``nquads`` (one file) and ``nquads_dir`` (part files)
    also write the graphs as N-Quads; with ``store_path=None`` only those are written.

    ``store_path`` is a location (:func:`graph.store.open_store`: a folder or a SPARQL
    endpoint URL), opened and closed here, or an open store (:class:`graph.store.StoreLike`),
    written to and flushed but left open for its owner. ``base`` (default
    :data:`graph.ids.DEFAULT_BASE`, or an open store's own ``base``) names the IRIs.
    ``root``: files inside it are named relative to it (:func:`source_name`).
    """
    given: StoreLike | None = store_path if isinstance(store_path, StoreLike) else None
    if given is not None:
        if base is not None and base != given.base:
            raise ValueError(f"base {base!r} differs from the store's base {given.base!r}")
        base = given.base
    elif store_path is not None and not isinstance(store_path, str | Path):
        raise TypeError(
            f"store_path must be a location (str, Path) or a store, not {type(store_path)!r}"
        )
    base = base or ids.DEFAULT_BASE
    report = IngestReport()
    want_nq = nquads is not None or nquads_dir is not None
    index = _CitedIndex()
    pending: list[tuple[str, DocumentRef]] = []
    store: StoreLike | None = given
    sinks: list[NQuadsSink] = []

    opened = False  # outputs are opened once the first document is read

    def open_outputs() -> None:
        nonlocal store, opened
        opened = True
        if store is None and isinstance(store_path, str | Path):
            store = open_store(store_path, base=base)
        if nquads is not None:
            if nquads.exists():
                nquads.unlink()
            sinks.append(NQuadsSink(nquads, folder=False, base=base))
        if nquads_dir is not None:
            sinks.append(NQuadsSink(nquads_dir, folder=True, base=base))

    batch: list[_Done] = []
    started = 0.0  # when the first document of ``batch`` arrived

    def flush() -> None:
        if not batch:
            return
        done = list(batch)
        batch.clear()
        if store is not None:
            cpu0 = time.process_time()
            refused = _store_batch(store, done)
            report.cpu["loading"] += time.process_time() - cpu0
            for item in refused:
                report.failures.append(item)
                done = [d for d in done if d.summary.source != item.source]
        for d in done:
            if d.nquads is not None:
                for s in sinks:
                    s.write(d.nquads)
            report.add_summary(d.summary)
            report.triples = (report.triples or 0) + d.ntriples.count(b"\n")
            report.cpu["extraction"] += d.cpu[0]
            report.cpu["graph_writing"] += d.cpu[1]

    def write(done: _Done) -> None:
        nonlocal started
        if not batch:
            started = time.monotonic()
        batch.append(done)
        # readers see progress at least every snapshot interval (graph.store.local)
        if len(batch) >= BATCH or time.monotonic() - started >= SNAPSHOT_INTERVAL:
            flush()

    # one identity per file however its path is written ("data/x.txt", "/abs/data/x.txt",
    # "./data/x.txt"): re-adding it replaces its graph instead of adding a second copy
    def sources() -> Iterator[str]:
        for p in walk_sources([Path(p) for p in paths], follow_links=follow_links):
            if isinstance(p, LoadError):  # a link loop, a link leaving the folders
                report.failures.append(Failure(p.path, p.message("vi"), p.message("en")))
            else:
                yield str(p.resolve())

    # the file list first (names only): the progress has a total
    listed = list(sources()) if progress is not None else None
    done_files = done_bytes = 0

    def tick(item: _Done | Failure) -> None:
        nonlocal done_files, done_bytes
        if progress is None or listed is None:
            return
        done_files += 1
        with contextlib.suppress(OSError):
            done_bytes += os.path.getsize(
                item.source if isinstance(item, Failure) else source_path(item.summary.source, root)
            )
        failed = len(report.failures) + isinstance(item, Failure)
        progress(Progress(done_files, len(listed), done_bytes, failed))

    tasks = (
        _Task(src, base, None, want_nq, max_chars, source_name(src, root))
        for src in (listed if listed is not None else sources())
    )
    try:
        for item in _run(tasks, jobs, budget):
            tick(item)
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            index.add(item.summary.cited_refs)
            if item.summary.numberless is not None:
                # held back until every citation is known (merge_numberless)
                pending.append((item.summary.source, item.summary.numberless))
                continue
            if not opened:
                open_outputs()
            write(item)
        flush()
        if report.documents == 0 and not pending and report.failures:
            raise IngestError(report)
        if not opened:
            open_outputs()
        # second pass: number-less documents with the identity other files cite them by
        second: list[_Task] = []
        for source, d in pending:
            match = index.identity(d)
            if match is not None:
                report.merged_numberless += 1
            path = str(source_path(source, root))
            second.append(_Task(path, base, match, want_nq, max_chars, source))
        for item in _run(second, jobs if len(second) > 8 else 1, budget):
            if isinstance(item, Failure):
                report.failures.append(item)
            else:
                write(item)
        flush()
        if store is not None and prune_gone:
            report.pruned = prune(store, paths, root)
        if store is not None and export is not None:
            fmt = {
                ".ttl": "turtle",
                ".nt": "nt",
                ".nq": "nquads",
                ".trig": "trig",
                ".jsonld": "json-ld",
                ".json": "json-ld",
            }.get(export.suffix.lower(), "turtle")
            export.parent.mkdir(parents=True, exist_ok=True)
            store.export(export, format=fmt)
    finally:
        for s in sinks:
            s.close()
            report.nquads.extend(f for f in s.files if f not in report.nquads)
        cpu0 = time.process_time()  # the last part file is loaded now
        if store is not None and store is given:
            store.flush()  # the caller's store: left open
        elif store is not None:
            store.close()
        report.cpu["loading"] += time.process_time() - cpu0
    return report
