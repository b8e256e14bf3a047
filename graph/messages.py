"""User-facing messages: Vietnamese by default, English with ``--lang en``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "summary.title": {"vi": "Tóm tắt", "en": "Summary"},
    "summary.documents": {"vi": "Văn bản đã đọc", "en": "Documents read"},
    "summary.cited": {"vi": "Văn bản được dẫn chiếu (khác nhau)", "en": "Distinct cited documents"},
    "summary.citations": {"vi": "Trích dẫn theo quan hệ", "en": "Citations by relation"},
    "summary.unresolved": {
        "vi": "Trích dẫn chưa xác định được cơ quan ban hành",
        "en": "Citations whose issuer could not be resolved",
    },
    "summary.not_in_corpus": {
        "vi": "Văn bản được dẫn chiếu nhưng chưa có trong kho",
        "en": "Cited documents not in the corpus",
    },
    "summary.conflicts": {
        "vi": "Trích dẫn mâu thuẫn (ngày, cơ quan)",
        "en": "Conflicting citations (date, issuer)",
    },
    "summary.skipped": {"vi": "Tệp bị bỏ qua", "en": "Files skipped"},
    "summary.triples": {"vi": "Bộ ba RDF đã ghi", "en": "RDF triples written"},
    "summary.store": {"vi": "Kho dữ liệu", "en": "Store"},
    "summary.export": {"vi": "Đã xuất đồ thị", "en": "Graph exported to"},
    "summary.page": {
        "vi": "Trang đồ thị (mở được khi không có mạng)",
        "en": "Graph page (works offline)",
    },
    "summary.shacl_ok": {
        "vi": "Đồ thị thỏa mãn các ràng buộc SHACL",
        "en": "The graph satisfies the SHACL shapes",
    },
    "summary.shacl_fail": {
        "vi": "Đồ thị vi phạm ràng buộc SHACL",
        "en": "The graph violates the SHACL shapes",
    },
    "error.no_input": {"vi": "Không có tệp đầu vào nào đọc được.", "en": "No readable input file."},
    "error.store": {"vi": "Không mở được kho dữ liệu", "en": "Cannot open the store"},
    "error.query": {"vi": "Truy vấn SPARQL lỗi", "en": "SPARQL query error"},
    "error.query_file": {"vi": "Không đọc được tệp truy vấn", "en": "Cannot read the query file"},
    "relation.implements": {"vi": "triển khai thực hiện", "en": "implements"},
    "relation.based_on": {"vi": "căn cứ", "en": "based on"},
    "relation.amends": {"vi": "sửa đổi, bổ sung", "en": "amends"},
    "relation.repeals": {"vi": "bãi bỏ", "en": "repeals"},
    "relation.replaces": {"vi": "thay thế", "en": "replaces"},
    "relation.guides": {"vi": "hướng dẫn", "en": "guides"},
    "relation.corrects": {"vi": "đính chính", "en": "corrects"},
    "relation.reports_on": {"vi": "báo cáo kết quả thực hiện", "en": "reports on"},
    "relation.cites": {"vi": "dẫn chiếu", "en": "cites"},
}

LANGS = ("vi", "en")


def t(key: str, lang: str = "vi") -> str:
    """The message ``key`` in ``lang`` (falls back to Vietnamese, then to the key)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["vi"]


# `vbkg check` (graph/cli/check.py): new keys only
MESSAGES.update(
    {
        "check.no_store": {
            "vi": "Không có --store: chỉ chạy các kiểm tra trên chính dự thảo; bỏ qua các kiểm tra "
            "cần kho dữ liệu",
            "en": "No --store: only the checks on the draft itself ran; the knowledge-base checks "
            "were skipped",
        },
        "check.store_missing": {"vi": "Không có kho dữ liệu tại", "en": "No store at"},
        "check.cannot_read": {"vi": "Không đọc được dự thảo", "en": "Cannot read the draft"},
        "check.failed": {
            "vi": "Kiểm tra bị lỗi (lỗi của vbkg)",
            "en": "A check crashed (a vbkg bug)",
        },
        "check.written": {"vi": "Đã ghi báo cáo", "en": "Report written to"},
        "check.cannot_write": {"vi": "Không ghi được báo cáo", "en": "Cannot write the report"},
    }
)

# `vbkg trace` and `vbkg coverage` (graph/analysis/trace.py, graph/cli/trace.py): new keys only
MESSAGES.update(
    {
        "trace.unknown": {
            "vi": "Không tìm thấy văn bản trong kho:",
            "en": "No document in the store matches",
        },
        "trace.ambiguous": {
            "vi": "Số ký hiệu ứng với nhiều văn bản; hãy thêm --year hoặc --issuer (hoặc KEY@NĂM):",
            "en": "The key matches several documents; add --year or --issuer (or KEY@YEAR):",
        },
        "trace.no_parent": {
            "vi": "Không tìm thấy kế hoạch cấp trên có chỉ tiêu trong kho; hãy chỉ rõ --parent:",
            "en": "No parent plan with targets in the store; give --parent:",
        },
        "trace.document": {"vi": "Văn bản", "en": "Document"},
        "trace.implemented_by": {"vi": "Được triển khai bởi", "en": "Implemented by"},
        "trace.implements": {"vi": "Triển khai thực hiện", "en": "Implements"},
        "trace.expected": {
            "vi": "Đơn vị phải ban hành kế hoạch",
            "en": "Units expected to issue a plan",
        },
        "trace.deadline": {"vi": "Thời hạn", "en": "Deadline"},
        "trace.none": {"vi": "(không có)", "en": "(none)"},
        "trace.on_time": {"vi": "đúng hạn", "en": "on time"},
        "trace.late": {"vi": "quá hạn", "en": "late"},
        "trace.not_in_corpus": {"vi": "chưa có trong kho", "en": "not in the corpus"},
        "trace.unit": {"vi": "Đơn vị", "en": "Unit"},
        "trace.status": {"vi": "Tình trạng", "en": "Status"},
        "trace.documents": {"vi": "Văn bản", "en": "Documents"},
        "status.implemented": {"vi": "đã ban hành", "en": "implemented"},
        "status.late": {"vi": "ban hành quá hạn", "en": "late"},
        "status.missing": {"vi": "chưa có kế hoạch", "en": "missing"},
        "status.unknown": {"vi": "chưa rõ", "en": "unknown"},
        "coverage.title": {
            "vi": "Mức độ cụ thể hóa chỉ tiêu",
            "en": "Coverage of the parent's targets",
        },
        "coverage.parent": {"vi": "Kế hoạch cấp trên", "en": "Parent plan"},
        "coverage.child": {"vi": "Kế hoạch cấp dưới", "en": "Child plan"},
        "coverage.parent_target": {"vi": "Chỉ tiêu cấp trên", "en": "Parent target"},
        "coverage.child_target": {"vi": "Chỉ tiêu cấp dưới", "en": "Child target"},
        "coverage.area": {"vi": "Lĩnh vực", "en": "Area"},
        "coverage.areas": {"vi": "Lĩnh vực cải cách", "en": "Reform areas"},
        "coverage.covered": {"vi": "có", "en": "yes"},
        "coverage.not_covered": {"vi": "không", "en": "no"},
        "coverage.note": {"vi": "Ghi chú", "en": "Note"},
        "coverage.carried": {"vi": "giữ nguyên", "en": "carried"},
        "coverage.weakened": {"vi": "giảm nhẹ", "en": "weakened"},
        "coverage.dropped": {"vi": "bị bỏ", "en": "dropped"},
        "coverage.strengthened": {"vi": "nâng cao", "en": "strengthened"},
        "level.central": {"vi": "trung ương", "en": "central"},
        "level.province": {"vi": "tỉnh", "en": "province"},
        "level.district": {"vi": "huyện", "en": "district"},
        "level.commune": {"vi": "xã", "en": "commune"},
        "level.unknown": {"vi": "chưa xác định", "en": "unknown"},
    }
)


# Notes that parsers.mandates.compare_targets attaches to a comparison (English in the data),
# as shown to a Vietnamese reader.
_NOTES_VI = (
    (
        r"^ranks among different units: (.+) vs (.+)$",
        r"xếp hạng giữa các đơn vị khác cấp: \1 và \2",
    ),
    (r"^one states a rank, the other a figure$", "một bên nêu thứ hạng, bên kia nêu con số"),
    (r"^one states a reduction, the other a level$", "một bên nêu mức giảm, bên kia nêu mức đạt"),
    (r"^the child states no figure$", "kế hoạch cấp dưới không nêu con số"),
    (r"^compared at level\(s\): (.+)$", r"so sánh ở cấp: \1"),
)


def note_text(note: str | None, lang: str = "vi") -> str:
    """A target-comparison note in ``lang`` (unknown notes are shown as they are)."""
    import regex

    if not note or lang == "en":
        return note or ""
    for pattern, vi in _NOTES_VI:
        if regex.match(pattern, note):
            return regex.sub(pattern, vi, note)
    return note


# `vbkg stats` and `vbkg status` (graph/analysis/stats.py, status.py; graph/cli/stats.py,
# status.py): new keys only
MESSAGES.update(
    {
        "stats.title": {"vi": "Số liệu của đồ thị", "en": "Numbers of the graph"},
        "stats.documents": {"vi": "Văn bản", "en": "Documents"},
        "stats.in_corpus": {"vi": "có trong kho", "en": "in the corpus"},
        "stats.cited_only": {"vi": "chỉ được dẫn chiếu", "en": "cited only"},
        "stats.relations": {"vi": "Quan hệ", "en": "Relations"},
        "stats.by_type": {"vi": "Theo loại văn bản", "en": "By document type"},
        "stats.by_level": {"vi": "Theo cấp", "en": "By level"},
        "stats.by_year": {"vi": "Theo năm", "en": "By year"},
        "stats.value": {"vi": "Giá trị", "en": "Value"},
        "stats.all": {"vi": "Tất cả", "en": "All"},
        "stats.most_cited": {"vi": "Văn bản được dẫn chiếu nhiều nhất", "en": "Most cited"},
        "stats.document": {"vi": "Văn bản", "en": "Document"},
        "stats.cited_by": {"vi": "Số văn bản dẫn chiếu", "en": "Cited by"},
        "stats.mentions": {"vi": "Số lần nhắc", "en": "Mentions"},
        "stats.chains": {
            "vi": "Chuỗi triển khai dài nhất",
            "en": "Longest implementation chains",
        },
        "stats.length": {"vi": "Độ dài", "en": "Length"},
        "stats.chain": {"vi": "Chuỗi", "en": "Chain"},
        "stats.components": {
            "vi": "Thành phần liên thông yếu",
            "en": "Weakly connected components",
        },
        "stats.sizes": {"vi": "kích thước", "en": "sizes"},
        "stats.cycles": {
            "vi": "Chu trình (lỗi dữ liệu)",
            "en": "Cycles (an error in the data)",
        },
        "stats.no_cycle": {"vi": "Không có chu trình", "en": "No cycle"},
        "stats.not_in_store": {
            "vi": "Văn bản được dẫn chiếu nhưng chưa có trong kho (nên thu thập tiếp)",
            "en": "Cited but not in the store (what to collect next)",
        },
        "reported.achieved": {"vi": "đạt", "en": "achieved"},
        "reported.not_achieved": {"vi": "không đạt", "en": "not achieved"},
        "reported.in_progress": {"vi": "đang thực hiện", "en": "in progress"},
        "reported.not_reported": {"vi": "chưa báo cáo", "en": "not reported"},
        "reported.title": {"vi": "Kết quả thực hiện chỉ tiêu", "en": "Status of the targets"},
        "reported.target": {"vi": "Chỉ tiêu", "en": "Target"},
        "reported.value": {"vi": "Kết quả báo cáo", "en": "Reported value"},
        "reported.report": {"vi": "Báo cáo", "en": "Report"},
        "reported.no_plan": {
            "vi": "Không đọc được kế hoạch",
            "en": "Cannot read the plan",
        },
        "reported.no_report": {"vi": "Không đọc được báo cáo", "en": "Cannot read the report"},
    }
)
