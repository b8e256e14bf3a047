"""The numbers of the whole graph (``vbkg stats``): what the store holds and how it hangs together.

Public verb: :func:`graph_stats` (a store) and :func:`stats_of_graph` (a networkx graph as
:func:`graph.analysis.netx.store_to_networkx` builds it, plus citation counts); record
:class:`GraphStats`.

- counts of documents by type, level and year (all documents, and those in the corpus);
- the most cited documents: by citing documents, then by mentions (named query
  ``most-cited``);
- the longest implementation chains: paths along ``implements`` (and ``based_on`` from
  plan to plan, as ``implements-chain`` reads them), from the top document down, e.g.
  76/NQ-CP → 04/KH-UBND → the plan of huyện Cao Lộc;
- weakly connected components (sizes, largest first);
- cycles: documents that, through their relations, cite themselves: an error in the data
  (a misresolved key, two documents merged into one); one cycle per strongly connected
  component, found in linear time;
- documents cited but not in the store, ranked by how many documents cite them (named query
  ``cited-not-in-corpus``): what to collect next.

Every step is linear in the size of the graph (the chains: per document, plus at most
``MAX_CHAINS`` enumerated paths).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import queries
from graph.analysis.netx import store_to_networkx
from graph.store import StoreLike

__all__ = [
    "MAX_CHAINS",
    "Chain",
    "Cited",
    "DocumentSummary",
    "GraphStats",
    "graph_stats",
    "stats_of_graph",
]  # fmt: skip

#: The most chains enumerated before the longest are picked (bounds the cost).
MAX_CHAINS = 200
_CHAIN_RELATIONS = frozenset({"implements"})
_PLAN_TYPES = frozenset({"KH", "CTr", "ĐA"})


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    key: str | None
    label: str
    title: str | None
    doc_type: str | None
    level: str
    year: int | None
    issuer: str | None
    in_corpus: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "key": self.key, "label": self.label, "title": self.title,
            "doc_type": self.doc_type, "level": self.level, "year": self.year,
            "issuer": self.issuer, "in_corpus": self.in_corpus,
        }  # fmt: skip


@dataclass(frozen=True)
class Cited:
    document: DocumentSummary
    cited_by: int  # citing documents
    mentions: int  # mentions in their texts

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "cited_by": self.cited_by,
                "mentions": self.mentions}  # fmt: skip


@dataclass(frozen=True)
class Chain:
    """An implementation chain, from the top document down to the last implementer."""

    documents: tuple[DocumentSummary, ...]

    @property
    def length(self) -> int:
        return len(self.documents) - 1

    def to_dict(self) -> dict[str, Any]:
        return {"length": self.length, "documents": [d.to_dict() for d in self.documents]}


@dataclass(frozen=True)
class GraphStats:
    documents: int
    in_corpus: int
    relations: dict[str, int]
    by_type: dict[str, dict[str, int]]  # "KH" → {"all": 40, "corpus": 5}
    by_level: dict[str, dict[str, int]]
    by_year: dict[str, dict[str, int]]
    most_cited: tuple[Cited, ...]
    chains: tuple[Chain, ...]
    components: tuple[int, ...]  # sizes, largest first
    cycles: tuple[tuple[DocumentSummary, ...], ...]
    not_in_store: tuple[Cited, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": {"all": self.documents, "in_corpus": self.in_corpus,
                          "cited_only": self.documents - self.in_corpus},
            "relations": self.relations,
            "by_type": self.by_type,
            "by_level": self.by_level,
            "by_year": self.by_year,
            "most_cited": [c.to_dict() for c in self.most_cited],
            "longest_chains": [c.to_dict() for c in self.chains],
            "components": {"count": len(self.components), "sizes": list(self.components)},
            "cycles": [[d.to_dict() for d in cycle] for cycle in self.cycles],
            "not_in_store": [c.to_dict() for c in self.not_in_store],
        }  # fmt: skip


# ============================================================================= helpers


def _summary(g: nx.MultiDiGraph, n: str) -> DocumentSummary:
    a = g.nodes[n] if n in g else {}
    year = a.get("year")
    return DocumentSummary(
        id=n,
        key=a.get("key") or None,
        label=str(a.get("label") or n),
        title=a.get("title") or None,
        doc_type=a.get("doc_type") or None,
        level=str(a.get("level") or "unknown"),
        year=year if isinstance(year, int) else None,
        issuer=a.get("issuer") or None,
        in_corpus=a.get("status") == "corpus",
    )


def _count(g: nx.MultiDiGraph, attr: str) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {}
    for _n, a in g.nodes(data=True):
        value = a.get(attr)
        name = str(value) if value not in (None, "") else "?"
        c = counts.setdefault(name, Counter())
        c["all"] += 1
        if a.get("status") == "corpus":
            c["corpus"] += 1
    return {k: {"all": v["all"], "corpus": v["corpus"]} for k, v in
            sorted(counts.items(), key=lambda kv: (-kv[1]["all"], kv[0]))}  # fmt: skip


def _chain_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Edges parent → child along implementation (child implements parent)."""
    h = nx.DiGraph()
    for u, v, a in g.edges(data=True):
        rel = a.get("relation")
        plan_basis = (
            rel == "based_on"
            and g.nodes[u].get("doc_type") in _PLAN_TYPES
            and g.nodes[v].get("doc_type") in _PLAN_TYPES
        )
        if (rel in _CHAIN_RELATIONS or plan_basis) and u != v:
            h.add_edge(v, u)
    return h


def _acyclic(h: nx.DiGraph) -> nx.DiGraph:
    """``h`` without the edges inside a cycle (the cycles are reported separately)."""
    scc_of = {}
    for i, comp in enumerate(nx.strongly_connected_components(h)):
        for n in comp:
            scc_of[n] = i
    dag = nx.DiGraph()
    dag.add_nodes_from(h)
    dag.add_edges_from((u, v) for u, v in h.edges if scc_of[u] != scc_of[v])
    return dag


def _longest_chains(g: nx.MultiDiGraph, top: int) -> tuple[Chain, ...]:
    dag = _acyclic(_chain_graph(g))
    if dag.number_of_edges() == 0:
        return ()
    depth: dict[str, int] = {}  # longest path from n down to a last implementer
    for n in reversed(list(nx.topological_sort(dag))):
        depth[n] = 1 + max((depth[c] for c in dag.successors(n)), default=-1)
    best = max(depth.values())
    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        if len(paths) >= MAX_CHAINS:
            return
        n = path[-1]
        nxt = sorted(c for c in dag.successors(n) if depth[c] == depth[n] - 1)
        if not nxt:
            paths.append(path)
            return
        for c in nxt:
            walk([*path, c])

    roots = sorted((n for n in dag if dag.in_degree(n) == 0 and depth[n] > 0),
                   key=lambda n: (-depth[n], n))  # fmt: skip
    for r in roots:
        if depth[r] < best and len(paths) >= top:
            break
        walk([r])
    paths.sort(key=lambda p: (-len(p), [g.nodes[n].get("label", n) for n in p]))
    return tuple(Chain(tuple(_summary(g, n) for n in p)) for p in paths[:top])


def _cycles(g: nx.MultiDiGraph) -> tuple[tuple[DocumentSummary, ...], ...]:
    h = nx.DiGraph()
    h.add_edges_from((u, v) for u, v in g.edges())
    out: list[tuple[DocumentSummary, ...]] = []
    for n in sorted(n for n in h if h.has_edge(n, n)):
        out.append((_summary(g, n),))
    for comp in nx.strongly_connected_components(h):
        if len(comp) < 2:
            continue
        sub = h.subgraph(comp)
        start = min(comp)
        cycle = nx.find_cycle(sub, source=start)
        out.append(tuple(_summary(g, u) for u, _v in cycle))
    return tuple(sorted(out, key=lambda c: [d.id for d in c]))


def _int(v: Any) -> int:
    try:
        return int(str(v))
    except (TypeError, ValueError):
        return 0


# ============================================================================= verbs


def stats_of_graph(
    g: nx.MultiDiGraph,
    cited_rows: Iterable[Mapping[str, Any]] = (),
    missing_rows: Iterable[Mapping[str, Any]] = (),
    *,
    top: int = 10,
) -> GraphStats:
    """The numbers of ``g``; ``cited_rows`` are rows of ``most-cited`` (doc, citedBy,
    mentions), ``missing_rows`` of ``cited-not-in-corpus`` (doc, citedBy); without them the
    most cited are counted from ``g`` (distinct citing documents)."""
    cited: list[Cited] = []
    rows = [(str(r["doc"]), _int(r.get("citedBy")), _int(r.get("mentions"))) for r in cited_rows]
    if not rows:
        rows = [(n, len(set(g.predecessors(n)) - {n}), 0) for n in g]
        rows = [r for r in rows if r[1]]
        rows.sort(key=lambda r: (-r[1], r[0]))
    for n, by, mentions in rows[:top]:
        cited.append(Cited(_summary(g, n), by, mentions))
    mentions_of = {n: m for n, _b, m in rows}
    missing = []
    for r in missing_rows:
        n = str(r["doc"])
        missing.append(Cited(_summary(g, n), _int(r.get("citedBy")), mentions_of.get(n, 0)))
    missing.sort(key=lambda c: (-c.cited_by, -c.mentions, c.document.label))
    relations: Counter[str] = Counter(str(a.get("relation")) for _u, _v, a in g.edges(data=True))
    sizes = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
    return GraphStats(
        documents=g.number_of_nodes(),
        in_corpus=sum(1 for _n, a in g.nodes(data=True) if a.get("status") == "corpus"),
        relations=dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_type=_count(g, "doc_type"),
        by_level=_count(g, "level"),
        by_year=dict(sorted(_count(g, "year").items())),
        most_cited=tuple(cited),
        chains=_longest_chains(g, top),
        components=tuple(sizes),
        cycles=_cycles(g),
        not_in_store=tuple(missing[:top]),
    )


def graph_stats(store: StoreLike, *, top: int = 10) -> GraphStats:
    """The numbers of the documents and relations in ``store`` (module docstring)."""
    g = store_to_networkx(store)
    return stats_of_graph(
        g, queries.run(store, "most-cited"), queries.run(store, "cited-not-in-corpus"), top=top
    )
