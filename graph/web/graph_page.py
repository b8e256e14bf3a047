"""Interactive citation graph as ONE self-contained, offline HTML file.

Public verb: :func:`render_html`.

The page embeds vis-network (read from the ``pyvis`` package, so no second copy is
vendored), its own template (``graph/web/templates/graph.html``, ``graph.css``, ``graph.js``)
and the graph as JSON in a ``<script type="application/json">`` block. It makes no
network request at all: no CDN, no web font, no remote image.

Input contract (what the store → networkx conversion must produce)
-----------------------------------------------------------------
``g`` is a :class:`networkx.MultiDiGraph`. An edge ``u → v`` reads "u <relation> v":
the citing document is the source, the cited one the target (``KH 04/KH-UBND``
``implements`` ``KH 249/KH-UBND``).

Node id: the document IRI (``https://w3id.org/vbkg/eli/vn-20/ubnd/kh/2024/04``).

Node attributes (every one optional; a missing one takes the default shown):

========== ============================================================ ============
attribute  meaning                                                      default
========== ============================================================ ============
label      short display label, e.g. ``"KH 04/KH-UBND"``                ``key`` or id
key        citation key, e.g. ``"04/KH-UBND"``                          ``""``
doc_type   type code as in ARCHITECTURE.md: NQ, NĐ, QĐ, KH, BC, CV,     ``""``
           LUAT ...
title      title (trích yếu)                                            ``""``
date       ISO date ``"2024-01-09"`` or ``None``                        ``None``
year       ``int`` or ``None`` (taken from ``date`` when absent)        ``None``
issuer     issuing body, display name                                   ``""``
level      ``"central" | "province" | "district" | "commune" |          ``"unknown"``
           "unknown"``
status     ``"corpus"`` (the document is in the corpus), ``"cited"``    ``"cited"``
           (only cited), ``"missing"`` (expected but missing
           placeholder, e.g. a district that did not issue its plan)
source     file name of the document in the corpus, or ``None``         ``None``
citing     list of ``{"source", "text", "start", "end"}``: each         ``[]``
           sentence citing this document, the file it is in, and the
           offsets (code points) of the citation inside ``text``
========== ============================================================ ============

Edge attributes: ``relation`` (``implements, based_on, amends, repeals, replaces, guides,
corrects, reports_on, cites``; default ``cites``) and optional ``late`` (bool: the
implementing document was issued after the deadline set by the implemented one).

Every text taken from a document reaches the page only as JSON inside the data block,
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script builds the DOM
with ``textContent``; a title containing ``<script>`` or ``href`` is shown as text.
A node's ``title_original`` (the stored OCR title when ``title`` shows it restored) is
shown in the side panel beside the title, which is marked as restored.

Layout: positions are computed here (levels top to bottom: central, province, district,
commune, unknown; within a level, grouped by year and issuer, lower levels placed under
their parent) and physics is off, so a province-sized graph opens at once. On large
graphs the district and commune documents implementing the same parent are collapsed
into one cluster node, opened by a click.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import regex

from graph.analysis.netx import store_to_networkx
from graph.messages import t as message
from graph.store import open_store
from parsers.models import Relation
from parsers.vocab import load_vocabulary

__all__ = ["DEFAULT_TITLE", "LEVELS", "RELATIONS", "STATUSES", "render_html", "write_demo_page"]

LEVELS = ("central", "province", "district", "commune", "unknown")
STATUSES = ("corpus", "cited", "missing")
RELATIONS = tuple(r.value for r in Relation)  # strongest first
DEFAULT_TITLE = {
    "vi": "Đồ thị dẫn chiếu văn bản",
    "en": "Document citation graph",
}

#: Graphs with more nodes than this are clustered by default (``cluster=None``).
CLUSTER_MIN_NODES = 300
#: A cluster is made only when at least this many documents share a parent.
CLUSTER_MIN_MEMBERS = 3
CLUSTERED_LEVELS = ("district", "commune")

# Layout geometry, in vis-network canvas units.
_DX = 160  # horizontal distance between two nodes of a row (labels wrap at 130)
_GROUP_GAP = 70  # extra gap between two (year, issuer) groups
_ROW_DY = 90  # vertical distance between two rows of a level
_LEVEL_GAP = 260  # vertical distance between the last row of a level and the next level
_MIN_COLUMNS = 8  # a level wraps into rows of at least this many nodes

# Colour-blind-friendly categorical palette (Okabe-Ito + Tableau extras).
_TYPE_COLORS = {
    "NQ": "#d55e00",
    "NQLT": "#e07b39",
    "NĐ": "#0072b2",
    "QĐ": "#009e73",
    "TT": "#56b4e9",
    "TTLT": "#7fc4ec",
    "CT": "#cc79a7",
    "KH": "#e69f00",
    "KL": "#8c564b",
    "HD": "#17becf",
    "BC": "#7f7f7f",
    "TB": "#bcbd22",
    "CTr": "#9467bd",
    "ĐA": "#c49c94",
    "TTr": "#aec7e8",
    "CV": "#a0a0a0",
    "LUAT": "#1a1a8c",
    "BLUAT": "#3a3aa8",
    "PL": "#5b5bc4",
    "HP": "#000000",
}
_EXTRA_COLORS = ("#ff9da7", "#9c755f", "#76b7b2", "#edc948", "#b07aa1", "#59a14f")
_RELATION_COLORS = {
    "implements": "#1f5fbf",
    "based_on": "#2ca02c",
    "amends": "#ff7f0e",
    "repeals": "#111111",
    "replaces": "#9467bd",
    "guides": "#17becf",
    "corrects": "#8c564b",
    "reports_on": "#e377c2",
    "cites": "#b0b0b0",
}
_LEVEL_COLORS = {
    "central": "#fdecea",
    "province": "#eaf2fd",
    "district": "#eafaf0",
    "commune": "#fdf8e6",
    "unknown": "#f2f2f2",
}
# Parent preference when clustering lower levels: an implementation is the strongest tie.
_PARENT_RELATION_RANK = {"implements": 0, "reports_on": 1, "based_on": 2, "guides": 3}

_WORDS: dict[str, dict[str, str]] = {
    "legend_types": {"vi": "Loại văn bản", "en": "Document type"},
    "legend_levels": {"vi": "Cấp ban hành", "en": "Level"},
    "legend_years": {"vi": "Năm", "en": "Year"},
    "legend_relations": {"vi": "Quan hệ", "en": "Relation"},
    "legend_status": {"vi": "Tình trạng", "en": "Status"},
    "filters": {"vi": "Chú giải và bộ lọc", "en": "Legend and filters"},
    "search": {"vi": "Tìm theo số hiệu, trích yếu…", "en": "Search by number, title…"},
    "search_label": {"vi": "Tìm văn bản", "en": "Find a document"},
    "no_result": {"vi": "Không tìm thấy văn bản nào", "en": "No document found"},
    "expand_all": {"vi": "Mở tất cả nhóm", "en": "Expand all groups"},
    "collapse_all": {"vi": "Thu gọn nhóm", "en": "Collapse groups"},
    "fit": {"vi": "Xem toàn bộ", "en": "Fit to screen"},
    "all": {"vi": "tất cả", "en": "all"},
    "none": {"vi": "bỏ chọn", "en": "none"},
    "panel_empty": {
        "vi": "Nhấp vào một văn bản để xem chi tiết. Nhấp vào một nhóm để mở nhóm.",
        "en": "Click a document to see its details. Click a group to open it.",
    },
    "panel_key": {"vi": "Số, ký hiệu", "en": "Number"},
    "panel_type": {"vi": "Loại văn bản", "en": "Type"},
    "panel_title": {"vi": "Trích yếu", "en": "Title"},
    "panel_title_original": {"vi": "Bản OCR gốc", "en": "Original OCR text"},
    "panel_restored": {"vi": " (đã khôi phục dấu)", "en": " (diacritics restored)"},
    "panel_date": {"vi": "Ngày ban hành", "en": "Date"},
    "panel_issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
    "panel_level": {"vi": "Cấp", "en": "Level"},
    "panel_status": {"vi": "Tình trạng", "en": "Status"},
    "panel_source": {"vi": "Tệp nguồn", "en": "Source file"},
    "panel_iri": {"vi": "Định danh (IRI)", "en": "Identifier (IRI)"},
    "panel_out": {"vi": "Văn bản này", "en": "This document"},
    "panel_in": {"vi": "Được dẫn chiếu bởi", "en": "Cited by"},
    "panel_citing": {"vi": "Câu dẫn chiếu", "en": "Citing sentences"},
    "panel_no_citing": {"vi": "Không có câu dẫn chiếu nào", "en": "No citing sentence"},
    "panel_chain": {"vi": "Làm nổi bật chuỗi triển khai", "en": "Highlight implementation chain"},
    "panel_missing": {
        "vi": "Văn bản dự kiến phải ban hành nhưng không có trong kho.",
        "en": "Expected document, not found in the corpus.",
    },
    "focus_banner": {"vi": "Chuỗi triển khai của", "en": "Implementation chain of"},
    "focus_clear": {"vi": "Bỏ làm nổi bật", "en": "Clear highlight"},
    "late": {"vi": "trễ hạn", "en": "late"},
    "late_legend": {"vi": "ban hành trễ hạn (nét đứt)", "en": "issued late (dashed)"},
    "cluster": {"vi": "văn bản", "en": "documents"},
    "cluster_missing": {"vi": "thiếu", "en": "missing"},
    "cluster_hint": {"vi": "nhấp để mở", "en": "click to open"},
    "stats_nodes": {"vi": "văn bản", "en": "documents"},
    "stats_edges": {"vi": "quan hệ", "en": "relations"},
    "unknown_year": {"vi": "không rõ", "en": "unknown"},
    "unknown_type": {"vi": "Không rõ loại", "en": "Unknown type"},
    "level_central": {"vi": "Trung ương", "en": "Central"},
    "level_province": {"vi": "Tỉnh", "en": "Province"},
    "level_district": {"vi": "Huyện", "en": "District"},
    "level_commune": {"vi": "Xã", "en": "Commune"},
    "level_unknown": {"vi": "Không rõ cấp", "en": "Unknown level"},
    "status_corpus": {"vi": "có trong kho", "en": "in the corpus"},
    "status_cited": {"vi": "chỉ được dẫn chiếu", "en": "cited only"},
    "status_missing": {"vi": "dự kiến nhưng thiếu", "en": "expected but missing"},
    "noscript": {
        "vi": "Trang này cần JavaScript để hiển thị đồ thị.",
        "en": "This page needs JavaScript to show the graph.",
    },
}

_VIS_JS = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")
_TEMPLATE_DIR = "templates"
_PLACEHOLDER = regex.compile(r"@@([A-Z_]+)@@")
_SCRIPT_CLOSE = regex.compile(r"</(script)", regex.IGNORECASE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = regex.compile("[<>&\u2028\u2029]")


def render_html(
    g: nx.MultiDiGraph,
    out: Path,
    *,
    title: str | None = None,
    focus: str | None = None,
    lang: str = "vi",
    cluster: bool | None = None,
) -> Path:
    """Write the graph ``g`` to ``out`` as one self-contained interactive HTML page.

    ``title`` defaults to "Đồ thị dẫn chiếu văn bản" ("Document citation graph" in English).
    ``focus`` (a node id) highlights the implementation chain of that document: every
    document with a path of ``implements`` edges to it, the documents it implements in
    turn, the missing placeholders next to them in red, late edges marked; everything
    else is dimmed. ``lang`` is ``"vi"`` (default) or ``"en"``. ``cluster`` collapses
    district and commune documents sharing a parent into one node (``None``: only when
    the graph has more than :data:`CLUSTER_MIN_NODES` nodes). Returns ``out``.
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    if focus is not None and focus not in g:
        raise KeyError(f"focus node not in the graph: {focus!r}")
    page_title = title if title is not None else DEFAULT_TITLE[lang]
    data = graph_data(g, focus=focus, lang=lang, cluster=cluster, title=page_title)
    page = _fill(
        _template("graph.html"),
        {
            "LANG": lang,
            "TITLE": html.escape(page_title),
            "NOSCRIPT": html.escape(_w("noscript", lang)),
            "CSS": _template("graph.css"),
            "VIS_JS": _script_safe(_vis_js()),
            "APP_JS": _script_safe(_template("graph.js")),
            "DATA": json_for_script(data),
        },
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# --------------------------------------------------------------------------- data


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

    parents = _parents(nodes, edges)
    positions, bands = _layout(nodes, parents)
    for nid, (x, y) in positions.items():
        nodes[nid]["x"], nodes[nid]["y"] = x, y

    do_cluster = cluster if cluster is not None else len(nodes) > CLUSTER_MIN_NODES
    clusters = _clusters(nodes, parents, exclude=chain_nodes) if do_cluster else []

    type_counts = Counter(n["doc_type"] for n in nodes.values())
    rel_counts = Counter(e["relation"] for e in edges)
    year_counts = Counter(n["year"] for n in nodes.values())
    return {
        "version": 1,
        "lang": lang,
        "title": title,
        "words": {k: _w(k, lang) for k in _WORDS},
        "options": _vis_options(),
        "nodes": list(nodes.values()),
        "edges": edges,
        "clusters": clusters,
        "doc_types": [
            {
                "code": code,
                "name": _type_name(code, lang),
                "color": _type_color(code),
                "count": type_counts[code],
            }
            for code in sorted(type_counts, key=_type_order)
        ],
        "relations": [
            {
                "code": rel,
                "name": message(f"relation.{rel}", lang) if rel in RELATIONS else rel,
                "color": _RELATION_COLORS.get(rel, "#b0b0b0"),
                "count": rel_counts[rel],
            }
            for rel in sorted(rel_counts, key=_relation_order)
        ],
        "levels": [
            {
                "code": b["level"],
                "name": _w(f"level_{b['level']}", lang),
                "color": _LEVEL_COLORS[b["level"]],
                **{k: b[k] for k in ("count", "y_min", "y_max", "x_min", "x_max")},
            }
            for b in bands
        ],
        "years": [
            {"year": y, "count": year_counts[y]}
            for y in sorted(year_counts, key=lambda y: (y is None, y or 0))
        ],
        "statuses": [
            {"code": s, "name": _w(f"status_{s}", lang), "count": c}
            for s in STATUSES
            if (c := sum(1 for n in nodes.values() if n["status"] == s))
        ],
        "focus": chain,
    }


def focus_chain(g: nx.MultiDiGraph, focus: str) -> dict[str, Any]:
    """The implementation chain of ``focus``: ids of its nodes and of its edges.

    Nodes: ``focus``; every node with a path of ``implements`` edges to it (the documents
    implementing it, directly or not); every node it reaches by ``implements`` edges (what
    it implements, upward); the ``missing`` placeholders linked to any of those. Edges:
    the ``implements`` edges between chain nodes, and the edges of the placeholders.
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
        if status.get(other) == "missing"
    }
    nodes = chain | missing
    edge_ids: list[str] = []
    for i, (u, v, rel) in enumerate(g.edges(data="relation", default="cites")):
        on_chain = rel == "implements" and (
            (u in below and v in below | {focus}) or (u in above | {focus} and v in above)
        )
        to_placeholder = (u in missing and v in chain) or (v in missing and u in chain)
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


def _parents(
    nodes: Mapping[str, dict[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> dict[str, str]:
    """For each node, the higher-level document it hangs from (implements first)."""
    best: dict[str, tuple[int, int, str]] = {}
    rank = {lvl: i for i, lvl in enumerate(LEVELS[:4])}
    for e in edges:
        u, v = e["from"], e["to"]
        lu, lv = nodes[u]["level"], nodes[v]["level"]
        if u == v or lu not in rank or lv not in rank or rank[lv] >= rank[lu]:
            continue
        cand = (_PARENT_RELATION_RANK.get(e["relation"], 9), rank[lu] - rank[lv], v)
        if u not in best or cand < best[u]:
            best[u] = cand
    return {u: c[2] for u, c in best.items()}


def _layout(
    nodes: Mapping[str, dict[str, Any]], parents: Mapping[str, str]
) -> tuple[dict[str, tuple[int, int]], list[dict[str, Any]]]:
    """Positions: one band per level, rows grouped by (year, issuer), children under parents."""
    by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in nodes.values():
        by_level[n["level"]].append(n)
    positions: dict[str, tuple[int, int]] = {}
    bands: list[dict[str, Any]] = []
    y = 0
    for level in LEVELS:
        members = by_level.get(level)
        if not members:
            continue

        def sort_key(n: dict[str, Any], level: str = level) -> tuple[Any, ...]:
            group = (n["year"] is None, n["year"] or 0, n["issuer"])
            rest = (_type_order(n["doc_type"]), n["label"], n["id"])
            if level in CLUSTERED_LEVELS:
                parent = parents.get(n["id"])
                px = positions[parent][0] if parent in positions else math.inf
                return (px, parent or "", *group, n["status"] == "missing", *rest)
            return (*group, *rest)

        members.sort(key=sort_key)
        columns = max(_MIN_COLUMNS, math.ceil(math.sqrt(len(members) * 4)))
        width = columns * _DX
        # A block (documents of one parent on clustered levels, else one year and issuer)
        # starts a new row rather than being cut in two, when it fits in one row.
        blocks = Counter(sort_key(n)[: 2 if level in CLUSTERED_LEVELS else 3] for n in members)
        rows: list[list[tuple[str, float]]] = [[]]
        x = 0.0
        previous_group: tuple[Any, ...] | None = None
        previous_block: tuple[Any, ...] | None = None
        for n in members:
            key = sort_key(n)
            group = key[:-3]
            block = key[: 2 if level in CLUSTERED_LEVELS else 3]
            if rows[-1] and group != previous_group:
                x += _GROUP_GAP
                if (
                    block != previous_block
                    and x + blocks[block] * _DX > width >= blocks[block] * _DX
                ):
                    x = width + 1  # wrap now
            if rows[-1] and x > width:
                rows.append([])
                x = 0.0
            rows[-1].append((n["id"], x))
            x += _DX
            previous_group, previous_block = group, block
        y_min = y
        for row in rows:
            shift = (row[-1][1]) / 2
            for nid, rx in row:
                positions[nid] = (round(rx - shift), y)
            y += _ROW_DY
        y_max = y - _ROW_DY
        xs = [positions[n["id"]][0] for n in members]
        bands.append(
            {
                "level": level,
                "count": len(members),
                "y_min": y_min,
                "y_max": y_max,
                "x_min": min(xs),
                "x_max": max(xs),
            }
        )
        y = y_max + _LEVEL_GAP
    return positions, bands


def _clusters(
    nodes: dict[str, dict[str, Any]],
    parents: Mapping[str, str],
    *,
    exclude: set[str],
) -> list[dict[str, Any]]:
    """Groups of district/commune documents sharing a parent; sets each member's ``cid``.

    Commune groups come first; a commune group whose parent is itself in a district group
    gets that group as its own ``cid``, so it opens in two clicks (district, then commune).
    The page labels the groups itself (counts change with the filters).
    """
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in nodes.values():
        if n["level"] in CLUSTERED_LEVELS and n["id"] not in exclude:
            anchor = parents.get(n["id"]) or "issuer:" + n["issuer"]
            groups[(n["level"], anchor)].append(n["id"])
    top: dict[str, int] = {}
    for n in nodes.values():
        top[n["level"]] = min(top.get(n["level"], n["y"]), n["y"])
    out: list[dict[str, Any]] = []
    member_of: dict[str, str] = {}
    for level in ("commune", "district"):
        for (lvl, anchor), members in sorted(groups.items()):
            if lvl != level or len(members) < CLUSTER_MIN_MEMBERS:
                continue
            cid = f"cluster:{len(out)}"
            missing = sum(1 for m in members if nodes[m]["status"] == "missing")
            for m in members:
                nodes[m]["cid"] = cid
                member_of[m] = cid
            xs = [nodes[m]["x"] for m in members]
            out.append(
                {
                    "id": cid,
                    "level": level,
                    "parent": anchor if anchor in nodes else None,
                    "size": len(members),
                    "missing": missing,
                    "x": round(sum(xs) / len(xs)),
                    "y": top[level],  # groups sit on the first row of their level
                    "cid": None,
                }
            )
    for c in out:  # nest commune groups into the district group of their parent
        if c["level"] == "commune" and c["parent"] in member_of:
            c["cid"] = member_of[c["parent"]]
    for level in ("commune", "district"):
        _spread([c for c in out if c["level"] == level], gap=round(_DX * 1.4))
    return out


def _spread(items: list[dict[str, Any]], *, gap: int) -> None:
    """Move ``items`` (with ``x``) apart to at least ``gap``, keeping their order and centre."""
    if not items:
        return
    items.sort(key=lambda c: c["x"])
    centre = sum(c["x"] for c in items) / len(items)
    for left, right in itertools.pairwise(items):
        right["x"] = max(right["x"], left["x"] + gap)
    shift = centre - sum(c["x"] for c in items) / len(items)
    for c in items:
        c["x"] = round(c["x"] + shift)


def _vis_options() -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "hideEdgesOnZoom": True,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "font": {
                "face": "sans-serif",
                "size": 16,
                "color": "#222222",
                "strokeWidth": 4,  # a white halo keeps labels readable over edges
                "strokeColor": "#ffffff",
            },
            "borderWidth": 1.5,
            "widthConstraint": {"maximum": 130},
            "scaling": {"label": {"drawThreshold": 5}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "width": 1.2,
            "selectionWidth": 2,
            "font": {"face": "sans-serif", "size": 12, "align": "middle"},
        },
    }


# --------------------------------------------------------------------------- page assembly


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``</script>``,
    no ``<!--``, no HTML entity, no JavaScript line terminator."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m[0]], text)


def _script_safe(js: str) -> str:
    """Code inlined into ``<script>``: a literal ``</script`` would end the element."""
    return _SCRIPT_CLOSE.sub(r"<\\/\1", js).replace("<!--", "<\\!--")


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``@@NAME@@`` in one pass: inserted text is never scanned again."""

    def repl(m: regex.Match[str]) -> str:
        return values[m[1]]

    return _PLACEHOLDER.sub(repl, template)


def _template(name: str) -> str:
    return resources.files("graph.web").joinpath(_TEMPLATE_DIR, name).read_text(encoding="utf-8")


def _vis_js() -> str:
    package, path = _VIS_JS
    return resources.files(package).joinpath(path).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- helpers


def _w(key: str, lang: str) -> str:
    entry = _WORDS[key]
    return entry.get(lang) or entry["vi"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _year_of(date_text: str) -> int | None:
    m = regex.match(r"(\d{4})-\d{2}-\d{2}", date_text)
    return int(m[1]) if m else None


def _type_order(code: str) -> tuple[int, str]:
    order = list(_TYPE_COLORS)
    return (order.index(code), code) if code in _TYPE_COLORS else (len(order), code)


def _relation_order(rel: str) -> tuple[int, str]:
    return (RELATIONS.index(rel), rel) if rel in RELATIONS else (len(RELATIONS), rel)


def _type_color(code: str) -> str:
    if code in _TYPE_COLORS:
        return _TYPE_COLORS[code]
    return _EXTRA_COLORS[sum(map(ord, code)) % len(_EXTRA_COLORS)]


def _type_name(code: str, lang: str) -> str:
    if not code:
        return _w("unknown_type", lang)
    try:
        doc_type = load_vocabulary().doc_type(code)
    except Exception:  # the legend must render even if the vocabulary cannot be read
        doc_type = None
    if doc_type is None:
        return code
    return f"{doc_type.en if lang == 'en' else doc_type.vi} ({code})"


def write_demo_page(store_path: str | Path, out_dir: str | Path, *, lang: str = "vi") -> Path:
    """Write ``out_dir/graph.html``, the interactive graph of the store at ``store_path``.

    Called by ``vbkg demo`` after the build; returns the page's path.
    """
    store = open_store(store_path, read_only=True)
    try:
        g = store_to_networkx(store)
    finally:
        store.close()
    return render_html(g, Path(out_dir) / "graph.html", lang=lang)
