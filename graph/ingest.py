"""Build or update a store from files: extract, merge identities, build graphs, store them.

Public verb: :func:`ingest`. A bad file is reported and the batch goes on; a batch in
which no file could be read raises :class:`IngestError` and leaves the store untouched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import ids
from graph.messages import t
from graph.model import Extraction
from graph.pipeline import Failure, extract_paths


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
    triples: int | None = None

    def add(self, e: Extraction) -> None:
        self.documents += 1
        self.in_corpus.add(e.document.iri)
        for c in e.citations:
            self.citations_by_relation[c.relation.value] += 1
            self.cited.add(c.document.iri)
            if "/ref/" in c.document.iri:
                self.unresolved += 1
            if c.conflicts:
                self.conflicts += 1

    def summary(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "documents": self.documents,
            "cited_documents": len(self.cited),
            "citations_by_relation": dict(sorted(self.citations_by_relation.items())),
            "unresolved": self.unresolved,
            "not_in_corpus": len(self.cited - self.in_corpus),
            "conflicts": self.conflicts,
            "skipped": [{"source": f.source, "reason": f.reason if lang == "vi" else f.reason_en}
                        for f in self.failures],
            "triples": self.triples,
        }


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


def ingest(paths: Sequence[str | Path], store_path: str | Path, *,
           base: str = ids.DEFAULT_BASE, export: Path | None = None) -> IngestReport:
    """Extract ``paths`` and add each document's graph to the store at ``store_path``.

    Each file's graph replaces that file's previous graph in one transaction, so a build
    can be re-run or interrupted without duplicating or corrupting anything.
    """
    from graph.build import build_document_graph
    from graph.store import open_store

    good, bad = extract_paths(paths, base=base)
    report = IngestReport(failures=list(bad))
    if not good and bad:
        raise IngestError(report)
    store = open_store(store_path, base=base)
    try:
        for e in good:
            store.replace_source(e.source, build_document_graph(e, base=base))
            report.add(e)
        report.triples = len(store)
        if export is not None:
            fmt = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
                   ".json": "json-ld"}.get(export.suffix.lower(), "turtle")
            export.parent.mkdir(parents=True, exist_ok=True)
            store.export(export, format=fmt)
    finally:
        store.flush()
    return report
