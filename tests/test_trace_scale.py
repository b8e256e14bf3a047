"""A trace reads what it shows, not the store: unrelated documents do not add to its work.

An operation count, not a timing (speed is measured in bench/): the documents whose facts the
trace reads (:func:`graph.analysis.documents.read_documents`, the one reader) and the rows the
store hands back to its other queries are the same on a store of one province and on a store
of four, and so is the tree below the plan (issue 16: a trace took 51 s at 28,014 documents).
The central documents above it are cited by every province: their facts have more variants
(one per citing file) in the bigger store, by the rule of :mod:`graph.analysis.documents`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph import queries
from graph.analysis import references
from graph.analysis.trace import trace
from graph.ingest import ingest
from graph.store import open_store
from graph.store.local import Store
from graph.synth import TRUTH_FILE, Params, generate

pytestmark = pytest.mark.slow

# the queries of graph.analysis.documents.read_documents, by their text before WHERE
_READER = tuple(
    queries.get(n).text.split("WHERE")[0]
    for n in ("document_variants", "document_vocabulary", "graph_sources")
)


def _traced(root: Path, provinces: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    corpus = root / "corpus"  # one path for both stores: a target's IRI names its file
    shutil.rmtree(corpus, ignore_errors=True)
    generate(
        corpus,
        Params(provinces=provinces, districts_per_province=3, communes_per_district=2, seed=1),
    )
    ingest([corpus], root / f"store-{provinces}")
    truth = json.loads((corpus / TRUTH_FILE).read_text(encoding="utf-8"))
    plan = next(p for p in truth["plans"] if p["level"] == "province")
    read: list[str] = []
    rows = [0]
    real_read, real_query = references.read_documents, Store.query

    def counting_read(store: Any, iris: Any, **kw: Any) -> Any:
        iris = list(iris)
        read.extend(iris)
        return real_read(store, iris, **kw)

    def counting_query(self: Store, sparql: str, bindings: Any = None) -> Any:
        out = real_query(self, sparql, bindings)
        # not the facts (the reader's queries: read_documents counted above)
        if not sparql.startswith(_READER):
            rows[0] += len(out) if isinstance(out, list) else 1
        return out

    monkeypatch.setattr(references, "read_documents", counting_read)
    monkeypatch.setattr(Store, "query", counting_query)
    try:
        result = trace(open_store(root / f"store-{provinces}", read_only=True), plan["iri"])
    finally:
        monkeypatch.undo()
    below = {k: v for k, v in result.to_dict().items() if k != "implements"}
    shown = json.dumps(below, ensure_ascii=False, sort_keys=True)
    return {
        "documents": len(truth["documents"]),
        "read": len(read),
        "distinct": len(set(read)),
        "rows": rows[0],
        "shown": shown,
    }


def test_unrelated_documents_do_not_add_to_what_a_trace_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _traced(tmp_path, 1, monkeypatch)
    big = _traced(tmp_path, 4, monkeypatch)
    assert big["documents"] > 2 * small["documents"]  # the other provinces are unrelated
    assert big["shown"] == small["shown"]
    assert small["distinct"] > 5  # the plan, the plans below it, what it implements
    assert big["read"] == small["read"]
    assert big["distinct"] == small["distinct"]
    assert big["rows"] == small["rows"]
