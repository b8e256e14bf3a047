"""The JSON document embedded in the graph page, built from a networkx graph.

The input contract (node and edge attributes) is documented in :mod:`graph.web.graph_page`;
:func:`graph_data` is also handy for tests and other front ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx
import regex

from graph.messages import t as message
from graph.web.graph_layout import CLUSTER_MIN_NODES, LEVELS, clusters, layout, parents_of
from graph.web.graph_style import (
    LEVEL_COLORS,
    RELATION_COLORS,
    RELATIONS,
    WORDS,
    relation_order,
    type_color,
    type_name,
    type_order,
    vis_options,
    word,
)

# "known": a placeholder of an expected unit whose plan is known only from a citation (the
# trace's ``cited`` status), linked by a ``known_as`` edge to that cited document's node
STATUSES = ("corpus", "cited", "missing", "known")
PLACEHOLDERS = ("missing", "known")


def graph_data(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    lang: str = "vi",
    cluster: bool | None = None,
    title: str = "",
) -> dict[str, Any]:
    """The JSON document embedded in the page (also handy for tests and other front ends)."""
    nodes = {str(n): _node_record(str(n), attrs) for n, attrs in g.nodes(data=True)}
    edges = _edge_records(g)
    chain = focus_chain(g, focus) if focus is not None else None
    chain_nodes = set(chain["nodes"]) if chain else set()

    parents = parents_of(nodes, edges)
    positions, bands = layout(nodes, parents)
    for nid, (x, y) in positions.items():
        nodes[nid]["x"], nodes[nid]["y"] = x, y

    do_cluster = cluster if cluster is not None else len(nodes) > CLUSTER_MIN_NODES
    groups = clusters(nodes, parents, exclude=chain_nodes) if do_cluster else []

    type_counts = Counter(n["doc_type"] for n in nodes.values())
    rel_counts = Counter(e["relation"] for e in edges)
    year_counts = Counter(n["year"] for n in nodes.values())
    return {
        "version": 1,
        "lang": lang,
        "title": title,
        "words": {k: word(k, lang) for k in WORDS},
        "options": vis_options(),
        "nodes": list(nodes.values()),
        "edges": edges,
        "clusters": groups,
        "doc_types": [
            {
                "code": code,
                "name": type_name(code, lang),
                "color": type_color(code),
                "count": type_counts[code],
            }
            for code in sorted(type_counts, key=type_order)
        ],
        "relations": [
            {
                "code": rel,
                "name": message(f"relation.{rel}", lang)
                if rel in RELATIONS
                else word(f"relation_{rel}", lang)
                if f"relation_{rel}" in WORDS
                else rel,
                "color": RELATION_COLORS.get(rel, "#b0b0b0"),
                "count": rel_counts[rel],
            }
            for rel in sorted(rel_counts, key=relation_order)
        ],
        "levels": [
            {
                "code": b["level"],
                # the level as everywhere else ("cấp huyện": Lạng Sơn city is district level)
                "name": _capitalized(message(f"level.{b['level']}", lang)),
                "color": LEVEL_COLORS[b["level"]],
                **{k: b[k] for k in ("count", "y_min", "y_max", "x_min", "x_max")},
            }
            for b in bands
        ],
        "years": [
            {"year": y, "count": year_counts[y]}
            for y in sorted(year_counts, key=lambda y: (y is None, y or 0))
        ],
        "statuses": [
            {"code": s, "name": word(f"status_{s}", lang), "count": c}
            for s in STATUSES
            if (c := sum(1 for n in nodes.values() if n["status"] == s))
        ],
        "focus": chain,
    }


def focus_chain(g: nx.MultiDiGraph, focus: str) -> dict[str, Any]:
    """The implementation chain of ``focus``: ids of its nodes and of its edges.

    Nodes: ``focus``; every node with a path of ``implements`` edges to it (the documents
    implementing it, directly or not); every node it reaches by ``implements`` edges (what
    it implements, upward); the ``missing`` and ``known`` placeholders linked to any of those
    and the documents a ``known`` placeholder stands for. Edges: the ``implements`` edges
    between chain nodes, and the edges of the placeholders.
    Edge ids are those of :func:`graph_data` (``"e0"``, ``"e1"`` … in ``g.edges`` order).
    """
    impl = nx.DiGraph()
    impl.add_nodes_from(g.nodes)
    impl.add_edges_from(
        (u, v) for u, v, r in g.edges(data="relation", default="cites") if r == "implements"
    )
    below = nx.ancestors(impl, focus)  # nodes with an implements path to focus
    above = nx.descendants(impl, focus)  # what focus implements, transitively
    chain = {focus} | below | above
    status = nx.get_node_attributes(g, "status")
    missing = {
        other
        for n in chain
        for other in (*g.predecessors(n), *g.successors(n))
        if status.get(other) in PLACEHOLDERS
    }
    known_as = {v for u, v, rel in g.edges(data="relation") if u in missing and rel == "known_as"}
    nodes = chain | missing | known_as
    edge_ids: list[str] = []
    for i, (u, v, rel) in enumerate(g.edges(data="relation", default="cites")):
        on_chain = rel == "implements" and (
            (u in below and v in below | {focus}) or (u in above | {focus} and v in above)
        )
        to_placeholder = (u in missing and v in chain | known_as) or (v in missing and u in chain)
        if on_chain or to_placeholder:
            edge_ids.append(f"e{i}")
    return {
        "id": str(focus),
        "nodes": sorted(str(n) for n in nodes),
        "edges": edge_ids,
        "missing": sorted(str(n) for n in nodes if status.get(n) == "missing"),
    }


def _node_record(nid: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    key = _text(attrs.get("key"))
    date_value = attrs.get("date")
    date_text = date_value.isoformat() if isinstance(date_value, date) else _text(date_value)
    year = attrs.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        year = _year_of(date_text)
    level = _text(attrs.get("level")) or "unknown"
    status = _text(attrs.get("status")) or "cited"
    return {
        "id": nid,
        "label": _text(attrs.get("label")) or key or nid,
        "key": key,
        "doc_type": _text(attrs.get("doc_type")),
        "title": _text(attrs.get("title")),
        "title_original": _text(attrs.get("title_original")) or None,
        "date": date_text or None,
        "year": year,
        "issuer": _text(attrs.get("issuer")),
        "level": level if level in LEVELS else "unknown",
        "status": status if status in STATUSES else "cited",
        "source": _text(attrs.get("source")) or None,
        "citing": [_citing_record(c) for c in attrs.get("citing") or () if isinstance(c, Mapping)],
    }


def _citing_record(c: Mapping[str, Any]) -> dict[str, Any]:
    """Split the sentence in Python (code points) so the page never does offset arithmetic."""
    text = _text(c.get("text"))
    start, end = c.get("start"), c.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        before, mark, after = text[:start], text[start:end], text[end:]
    else:
        before, mark, after = text, "", ""
    return {
        "source": _text(c.get("source")) or None,
        "before": before,
        "mark": mark,
        "after": after,
    }


def _edge_records(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    seen: Counter[frozenset[str]] = Counter()
    edges = []
    for i, (u, v, attrs) in enumerate(g.edges(data=True)):
        rel = _text(attrs.get("relation")) or "cites"
        pair = frozenset((str(u), str(v)))
        edges.append(
            {
                "id": f"e{i}",
                "from": str(u),
                "to": str(v),
                "relation": rel,
                "late": bool(attrs.get("late", False)),
                "parallel": seen[pair],  # 0 for the first edge of a pair: drawn straight
            }
        )
        seen[pair] += 1
    return edges


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _year_of(date_text: str) -> int | None:
    m = regex.match(r"(\d{4})-\d{2}-\d{2}", date_text)
    return int(m[1]) if m else None


def _capitalized(text: str) -> str:
    """A legend entry: "cấp huyện" → "Cấp huyện"."""
    return text[:1].upper() + text[1:]
