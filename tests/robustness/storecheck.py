"""Consistency checks of a store, shared by the crash and concurrency tests (and run by
``reader_loop.py`` in another process)."""

from __future__ import annotations

from typing import Any

from graph.store import Store

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
UNION_COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)
ORPHANS = "ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def _count(store: Store, sparql: str) -> int:
    rows = store.query(sparql)
    assert isinstance(rows, list)
    return int(rows[0]["n"])  # type: ignore[arg-type]


def state(store: Store) -> dict[str, Any]:
    """Triples per named graph, and whether the default graph is exactly their set union."""
    rows = store.query(PER_GRAPH)
    assert isinstance(rows, list)
    graphs = {str(r["g"]): int(r["n"]) for r in rows}  # type: ignore[arg-type]
    default, union = _count(store, DEFAULT_COUNT), _count(store, UNION_COUNT)
    return {
        "graphs": graphs,
        "default": default,
        "union": union,
        "union_ok": default == union and store.query(ORPHANS) is False,
        "sources": len(store.sources()),
    }
