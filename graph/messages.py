"""User-facing messages: Vietnamese by default, English with ``--lang en``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "summary.title": {"vi": "Tóm tắt", "en": "Summary"},
    "summary.documents": {"vi": "Văn bản đã đọc", "en": "Documents read"},
    "summary.cited": {"vi": "Văn bản được dẫn chiếu (khác nhau)", "en": "Distinct cited documents"},
    "summary.citations": {"vi": "Trích dẫn theo quan hệ", "en": "Citations by relation"},
    "summary.unresolved": {"vi": "Trích dẫn chưa xác định được cơ quan ban hành",
                           "en": "Citations whose issuer could not be resolved"},
    "summary.not_in_corpus": {"vi": "Văn bản được dẫn chiếu nhưng chưa có trong kho",
                              "en": "Cited documents not in the corpus"},
    "summary.conflicts": {"vi": "Trích dẫn mâu thuẫn (ngày, cơ quan)",
                          "en": "Conflicting citations (date, issuer)"},
    "summary.skipped": {"vi": "Tệp bị bỏ qua", "en": "Files skipped"},
    "summary.triples": {"vi": "Bộ ba RDF trong kho", "en": "RDF triples in the store"},
    "summary.store": {"vi": "Kho dữ liệu", "en": "Store"},
    "summary.export": {"vi": "Đã xuất đồ thị", "en": "Graph exported to"},
    "summary.shacl_ok": {"vi": "Đồ thị thỏa mãn các ràng buộc SHACL",
                         "en": "The graph satisfies the SHACL shapes"},
    "summary.shacl_fail": {"vi": "Đồ thị vi phạm ràng buộc SHACL",
                           "en": "The graph violates the SHACL shapes"},
    "error.no_input": {"vi": "Không có tệp đầu vào nào đọc được.",
                       "en": "No readable input file."},
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
