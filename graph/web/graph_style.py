"""The look of the graph page: words (from the message catalogue), colours and vis-network
options (no layout, no I/O).

Read by :mod:`graph.web.graph_layout` (the type order), :mod:`graph.web.graph_data` (the
legend) and :mod:`graph.web.graph_page` (the page's words).
"""

from __future__ import annotations

from typing import Any

from graph.messages import LANGS, keys, t
from parsers.models import Relation
from parsers.vocab import load_vocabulary

RELATIONS = tuple(r.value for r in Relation)  # strongest first
DEFAULT_TITLE = {lang: t("graph_page.title", lang) for lang in LANGS}

# Colour-blind-friendly categorical palette (Okabe-Ito + Tableau extras).
TYPE_COLORS = {
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
EXTRA_COLORS = ("#ff9da7", "#9c755f", "#76b7b2", "#edc948", "#b07aa1", "#59a14f")
RELATION_COLORS = {
    "implements": "#1f5fbf",
    "based_on": "#2ca02c",
    "amends": "#ff7f0e",
    "repeals": "#111111",
    "replaces": "#9467bd",
    "guides": "#17becf",
    "corrects": "#8c564b",
    "reports_on": "#e377c2",
    "cites": "#b0b0b0",
    # a "known" placeholder → the cited document it stands for (not a relation of the corpus)
    "known_as": "#e69f00",
}
LEVEL_COLORS = {
    "central": "#fdecea",
    "province": "#eaf2fd",
    "district": "#eafaf0",
    "commune": "#fdf8e6",
    "unknown": "#f2f2f2",
}
# Parent preference when clustering lower levels: an implementation is the strongest tie.

#: The page's words: the catalogue's ``graph.*`` keys (data/messages/web.yaml), without the prefix.
WORDS: tuple[str, ...] = tuple(k.removeprefix("graph.") for k in keys("graph."))


def vis_options() -> dict[str, Any]:
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


def word(key: str, lang: str) -> str:
    return t(f"graph.{key}", lang)


def type_order(code: str) -> tuple[int, str]:
    order = list(TYPE_COLORS)
    return (order.index(code), code) if code in TYPE_COLORS else (len(order), code)


def relation_order(rel: str) -> tuple[int, str]:
    return (RELATIONS.index(rel), rel) if rel in RELATIONS else (len(RELATIONS), rel)


def type_color(code: str) -> str:
    if code in TYPE_COLORS:
        return TYPE_COLORS[code]
    return EXTRA_COLORS[sum(map(ord, code)) % len(EXTRA_COLORS)]


def type_name(code: str, lang: str) -> str:
    if not code:
        return word("unknown_type", lang)
    try:
        doc_type = load_vocabulary().doc_type(code)
    except Exception:  # the legend must render even if the vocabulary cannot be read
        doc_type = None
    if doc_type is None:
        return code
    return f"{doc_type.en if lang == 'en' else doc_type.vi} ({code})"
