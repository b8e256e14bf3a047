"""The look of the graph page: words, colours and vis-network options (no layout, no I/O).

Read by :mod:`graph.web.graph_layout` (the type order), :mod:`graph.web.graph_data` (the
legend) and :mod:`graph.web.graph_page` (the page's words).
"""

from __future__ import annotations

from typing import Any

from parsers.models import Relation
from parsers.vocab import load_vocabulary

RELATIONS = tuple(r.value for r in Relation)  # strongest first
DEFAULT_TITLE = {
    "vi": "Đồ thị dẫn chiếu văn bản",
    "en": "Document citation graph",
}

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

WORDS: dict[str, dict[str, str]] = {
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
    "status_corpus": {"vi": "có trong kho", "en": "in the corpus"},
    "status_cited": {"vi": "chỉ được dẫn chiếu", "en": "cited only"},
    "status_missing": {"vi": "dự kiến nhưng thiếu", "en": "expected but missing"},
    "status_known": {"vi": "biết qua trích dẫn", "en": "known from a citation"},
    "relation_known_as": {"vi": "là văn bản", "en": "is the document"},
    "panel_known": {
        "vi": "Văn bản của đơn vị này không có trong kho; một văn bản khác dẫn chiếu nó "
        "(xem liên kết).",
        "en": "This unit's document is not in the corpus; another document cites it "
        "(see the link).",
    },
    "noscript": {
        "vi": "Trang này cần JavaScript để hiển thị đồ thị.",
        "en": "This page needs JavaScript to show the graph.",
    },
}


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
    entry = WORDS[key]
    return entry.get(lang) or entry["vi"]


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
