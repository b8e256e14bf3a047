"""The level layout of the graph page, computed in Python (physics stays off in the page).

Levels top to bottom (central, province, district, commune, unknown); within a level, rows
grouped by year and issuer, lower levels placed under their parent. On large graphs the
district and commune documents sharing a parent are collapsed into one cluster node.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.web.graph_style import type_order
from parsers.models import PARENT_ORDER, relation_rank

LEVELS = ("central", "province", "district", "commune", "unknown")

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

# Parent preference when clustering lower levels: an implementation is the strongest tie.
_PARENT_RELATION_RANK = relation_rank(PARENT_ORDER)


def parents_of(
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


def layout(
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
            rest = (type_order(n["doc_type"]), n["label"], n["id"])
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


def clusters(
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
