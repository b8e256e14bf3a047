"""User-facing messages: Vietnamese by default, English with ``--lang en``."""

from __future__ import annotations

import regex

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
    "error.bad_iri": {
        "vi": 'IRI không hợp lệ (có khoảng trắng hoặc ký tự <>"{}|\\^` không được phép)',
        "en": 'Invalid IRI (spaces and the characters <>"{}|\\^` are not allowed)',
    },
    "summary.pruned": {"vi": "Đã bỏ khỏi kho (tệp không còn)", "en": "Dropped (file gone)"},
    "summary.removed": {"vi": "Đã bỏ khỏi kho", "en": "Removed from the store"},
    "error.not_in_store": {
        "vi": "không có văn bản nào của đường dẫn này trong kho",
        "en": "no document of this path in the store",
    },
    "progress.files": {"vi": "Đang đọc tệp", "en": "Reading files"},
    "progress.failed": {"vi": "lỗi", "en": "failed"},
    "error.interrupted": {
        "vi": "Đã dừng theo yêu cầu. Những gì đã ghi vẫn còn trong kho; chạy lại để hoàn tất.",
        "en": "Interrupted. What was written stays in the store; run again to finish.",
    },
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


# A text restored from OCR, marked, with the original beside it (issue 13)
MESSAGES.update(
    {
        "restored.mark": {
            "vi": "(đã khôi phục dấu; bản OCR: “{original}”)",
            "en": "(diacritics restored; OCR text: “{original}”)",
        },
    }
)


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
        "status.cited": {
            "vi": "có kế hoạch (biết qua trích dẫn, chưa có trong kho)",
            "en": "cited (its plan is known from a citation, not in the corpus)",
        },
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
        "level.province": {"vi": "cấp tỉnh", "en": "province"},
        "level.district": {"vi": "cấp huyện", "en": "district"},
        "level.commune": {"vi": "cấp xã", "en": "commune"},
        "level.unknown": {"vi": "chưa xác định", "en": "unknown"},
    }
)


# `vbkg serve` (graph/web/, graph/cli/serve.py): new keys only
MESSAGES.update(
    {
        "serve.service_refused": {
            "vi": "Máy chủ này không chạy truy vấn liên kết SERVICE ({endpoint}); chạy `vbkg serve "
            "--allow-service URL` để cho phép một điểm truy vấn",
            "en": "this server does not run federated SERVICE queries ({endpoint}); run `vbkg "
            "serve --allow-service URL` to allow an endpoint",
        },
        "serve.service_not_allowed": {
            "vi": "Điểm truy vấn SERVICE {endpoint} không nằm trong danh sách --allow-service",
            "en": "the SERVICE endpoint {endpoint} is not one of the --allow-service endpoints",
        },
        "serve.service_self": {
            "vi": "--allow-service không được trỏ tới chính máy chủ này ({endpoint})",
            "en": "--allow-service may not name this server itself ({endpoint})",
        },
        "serve.bad_host": {
            "vi": "Tên máy {host} không được phục vụ ở đây (thêm --allowed-host {host} nếu đúng "
            "là tên của máy chủ này)",
            "en": "the host name {host} is not served here (add --allowed-host {host} if it is "
            "this server's name)",
        },
        "serve.busy": {
            "vi": "Máy chủ đang bận với các truy vấn khác; hãy thử lại sau {seconds} giây",
            "en": "the server is busy with other queries; try again in {seconds} s",
        },
        "serve.no_resource": {
            "vi": "Kho dữ liệu không có gì về {iri}",
            "en": "the store says nothing about {iri}",
        },
        "serve.no_ref": {"vi": "Thiếu tham số ref", "en": "missing the ref parameter"},
        "serve.no_document": {
            "vi": "Không có văn bản nào trong kho có số ký hiệu {ref}",
            "en": "no document in the store has the key {ref}",
        },
        "serve.ambiguous": {
            "vi": "Số ký hiệu {ref} ứng với nhiều văn bản; thêm năm (KEY@NĂM) hoặc dùng IRI",
            "en": "the key {ref} matches several documents; add the year (KEY@YEAR) or use an IRI",
        },
        "serve.resolved": {"vi": "{ref} → {iri}", "en": "{ref} → {iri}"},
        "serve.resource_title": {"vi": "Tài nguyên", "en": "Resource"},
        "serve.property": {"vi": "Thuộc tính", "en": "Property"},
        "serve.value": {"vi": "Giá trị", "en": "Value"},
        "serve.other_formats": {"vi": "Định dạng khác", "en": "Other formats"},
        "serve.check_timeout": {
            "vi": "Việc kiểm tra dự thảo vượt quá thời gian cho phép {seconds} giây và đã bị dừng "
            "(chạy `vbkg check` trên máy của bạn, hoặc `vbkg serve --check-timeout` dài hơn)",
            "en": "checking the draft exceeded its time budget of {seconds} s and was stopped "
            "(run `vbkg check` locally, or `vbkg serve --check-timeout` with more time)",
        },
    }
)


# Headers of the sheets and documents written for officials (.xlsx, .docx).
MESSAGES.update(
    {
        "table.key": {"vi": "Số, ký hiệu", "en": "Number"},
        "check.col_line": {"vi": "Dòng", "en": "Line"},
        "check.col_severity": {"vi": "Mức độ", "en": "Severity"},
        "check.col_code": {"vi": "Mã", "en": "Code"},
        "check.col_message": {"vi": "Nội dung", "en": "Message"},
        "check.report_title": {"vi": "Kết quả kiểm tra dự thảo", "en": "Draft check report"},
        "table.title": {"vi": "Trích yếu", "en": "Title"},
        "table.date": {"vi": "Ngày ban hành", "en": "Date"},
        "table.issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
        "table.level": {"vi": "Cấp", "en": "Level"},
        "table.source": {"vi": "Tệp nguồn", "en": "Source file"},
        "table.iri": {"vi": "Định danh (IRI)", "en": "Identifier (IRI)"},
        "table.field": {"vi": "Mục", "en": "Field"},
        "table.value": {"vi": "Giá trị", "en": "Value"},
        "table.depth": {"vi": "Tầng", "en": "Depth"},
        "table.relation": {"vi": "Quan hệ", "en": "Relation"},
        "table.code": {"vi": "Mã đơn vị", "en": "Unit code"},
        "table.summary": {"vi": "Tóm tắt", "en": "Summary"},
        "table.suggestion": {"vi": "Gợi ý sửa", "en": "Suggestion"},
        "table.rule_source": {"vi": "Căn cứ của quy tắc", "en": "Rule source"},
        "table.findings": {"vi": "Các vấn đề phát hiện", "en": "Findings"},
        "table.draft": {"vi": "Dự thảo", "en": "Draft"},
        "table.checked_on": {"vi": "Ngày kiểm tra", "en": "Checked on"},
        "table.out_required": {
            "vi": "Định dạng {fmt} là tệp nhị phân: cần --out TỆP.",
            "en": "Format {fmt} is a binary file: --out FILE is required.",
        },
        "table.written": {"vi": "Đã ghi", "en": "Written"},
        "coverage.targets": {"vi": "Chỉ tiêu", "en": "Targets"},
        "coverage.summary": {"vi": "Tổng số chỉ tiêu", "en": "Targets in all"},
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
        "reported.reports": {"vi": "Báo cáo", "en": "Reports"},
        "reported.targets": {"vi": "Chỉ tiêu", "en": "Targets"},
        "reported.no_source": {
            "vi": "Cần tệp kế hoạch kèm --report, hoặc số hiệu kế hoạch kèm --store",
            "en": "Give a plan file with --report, or a plan reference with --store",
        },
        "summary.report_links": {
            "vi": "Kết quả báo cáo gắn với chỉ tiêu",
            "en": "Reported results linked to targets",
        },
    }
)
# `vbkg --help` and every command's help (graph/cli/group.py, LocalizedCommand): the Vietnamese
# text of each command (``help.COMMAND``) and option (``help.COMMAND.PARAM``, or
# ``help.opt.PARAM`` for a shared option). The English text is the one written in the command's
# own decorator and docstring, shown with ``--lang en`` or ``VBKG_LANG=en``.
HELP_VI: dict[str, str] = {
    "help.vbkg": "vbkg — đồ thị tri thức về trích dẫn văn bản pháp luật và kế hoạch Việt Nam.\n\n"
    "Ngôn ngữ của phần trợ giúp và thông báo: tiếng Việt (mặc định) hoặc tiếng Anh với "
    "`vbkg --lang en LỆNH ...`, `vbkg LỆNH --lang en --help` hoặc biến môi trường VBKG_LANG=en.",
    "help.opt.help": "Hiện phần trợ giúp này rồi thoát.",
    "help.opt.version": "Hiện phiên bản rồi thoát.",
    "help.opt.lang": "Ngôn ngữ của thông báo (vi|en; mặc định: VBKG_LANG, nếu không có thì vi).",
    "help.opt.store_path": "Kho dữ liệu: một thư mục (Oxigraph nhúng) hoặc địa chỉ điểm truy vấn "
    "SPARQL (http://máy:cổng/ cho máy chủ Oxigraph).",
    "help.opt.base": "Phần gốc của các IRI được tạo.",
    "help.build": "Dựng hoặc cập nhật kho dữ liệu từ PATHS (tệp và thư mục).",
    "help.build.out": "Xuất thêm toàn bộ đồ thị (.ttl, .nt, .nq, .trig hoặc .jsonld); với --format "
    "nquads: thư mục chứa các tệp N-Quads.",
    "help.build.fmt": "store: kho nhúng; nquads: chỉ các tệp N-Quads trong --out DIR (mỗi tệp "
    "nguồn một đồ thị có tên) cho công cụ nạp hàng loạt của máy chủ SPARQL.",
    "help.build.nquads": "Ghi thêm mọi đồ thị vào một tệp N-Quads này.",
    "help.build.jobs": "Số tiến trình trích xuất song song (mặc định: số CPU, tối đa 4).",
    "help.build.as_json": "In bản tóm tắt dưới dạng JSON.",
    "help.build.follow_links": "Đọc cả các liên kết tượng trưng trỏ ra ngoài các thư mục đã cho "
    "(mặc định: bỏ qua và báo tên liên kết).",
    "help.build.file_timeout": "Thời gian tối đa cho mỗi tệp, tính bằng giây (quá hạn: tệp bị "
    "bỏ qua và được nêu tên; 0: không giới hạn).",
    "help.build.file_memory": "Bộ nhớ tối đa của tiến trình xử lý mỗi tệp, tính bằng MB (vượt: "
    "tệp bị bỏ qua và được nêu tên; 0: không giới hạn).",
    "help.build.max_chars": "Số ký tự tối đa trích ra từ mỗi tệp (vượt: tệp bị từ chối).",
    "help.build.prune": "Bỏ thêm khỏi kho các văn bản thuộc PATHS mà tệp không còn nữa.",
    "help.build.root": "Lưu tên tệp tương đối với thư mục DIR (chuyển thư mục rồi dựng lại "
    "với --root mới: văn bản được thay, không nhân đôi; mặc định: đường dẫn tuyệt đối).",
    "help.remove.root": "Thư mục gốc mà lần dựng đã dùng (--root của vbkg build).",
    "help.remove": "Bỏ khỏi kho các văn bản của PATHS (tệp, hoặc mọi tệp trong thư mục), kể cả "
    "khi tệp không còn.",
    "help.build.quiet": "Không hiện tiến độ (tiến độ chỉ hiện khi stderr là một terminal).",
    "help.stats": "Số liệu của toàn bộ đồ thị: văn bản theo loại, cấp và năm; văn bản được dẫn "
    "chiếu nhiều nhất; chuỗi triển khai dài nhất; thành phần liên thông; chu trình; văn bản nên "
    "thu thập tiếp.",
    "help.stats.fmt": "Định dạng đầu ra: text (bảng) hoặc json.",
    "help.stats.top": "Số dòng của mỗi bảng xếp hạng.",
    "help.status": "Những chỉ tiêu nào của PLAN được các báo cáo cho là đạt, không đạt, đang "
    "thực hiện hoặc chưa được báo cáo. PLAN là một tệp kế hoạch khi có --report TỆP; nếu không, "
    "là một kế hoạch trong kho (số hiệu như 04/KH-UBND, SỐ@NĂM, một IRI hoặc một tệp nguồn), so "
    "với các báo cáo có trong kho.",
    "help.status.reports": "Một báo cáo về tệp kế hoạch PLAN; lặp lại tùy chọn cho nhiều báo "
    "cáo. Không có tùy chọn này, PLAN là một kế hoạch trong kho (--store) và các báo cáo là các "
    "báo cáo trong kho.",
    "help.status.fmt": "Định dạng đầu ra: table (bảng) hoặc json.",
    "help.check": "Kiểm tra dự thảo kế hoạch DRAFT (.txt, .md, .docx, .pdf) trước khi ban hành.",
    "help.check.store_path": "Cơ sở tri thức: thư mục kho dữ liệu (hoặc địa chỉ điểm truy vấn "
    "SPARQL). Không có nó, chỉ chạy các kiểm tra trên chính dự thảo.",
    "help.check.out": "Ghi báo cáo vào tệp này thay vì đầu ra chuẩn.",
    "help.check.fmt": "Định dạng báo cáo; xlsx và docx (cho cán bộ) cần --out TỆP.",
    "help.check.on": "Ngày của dự thảo (YYYY-MM-DD) khi phần đầu văn bản để trống.",
    "help.coverage": "Những chỉ tiêu nào của kế hoạch cấp trên mà CHILD đã giữ, giảm, tăng hay "
    "bỏ, và CHILD bao quát những lĩnh vực cải cách nào.",
    "help.coverage.parent": "Kế hoạch cấp trên (mặc định: kế hoạch có chỉ tiêu mà CHILD triển "
    "khai).",
    "help.coverage.fmt": "Định dạng đầu ra: table (bảng), json, md (Markdown) hoặc xlsx (Excel, "
    "cần --out TỆP).",
    "help.coverage.out": "Ghi kết quả vào tệp này (bắt buộc với xlsx).",
    "help.coverage.year": "Năm đánh số của CHILD, khi số hiệu chưa rõ.",
    "help.coverage.issuer": "Cơ quan ban hành CHILD, khi số hiệu chưa rõ.",
    "help.demo": "Dựng đồ thị của các văn bản mẫu đi kèm (việc `make demo` chạy).",
    "help.demo.out": "Thư mục chứa kho dữ liệu và đồ thị được xuất.",
    "help.extract": "Trích xuất trích dẫn từ FILES (và thư mục) mà không lưu gì.",
    "help.html": "Ghi đồ thị trích dẫn của kho thành một trang HTML dùng được khi không có mạng; "
    "in đường dẫn của trang.",
    "help.html.focus": "Làm nổi bật chuỗi triển khai của kế hoạch này (IRI hoặc số hiệu, ví dụ "
    "04/KH-UBND).",
    "help.html.out": "Tệp HTML cần ghi.",
    "help.html.title": "Tiêu đề của trang.",
    "help.query": "Chạy một truy vấn SPARQL (văn bản hoặc @tệp.rq) với các tiền tố của dự án đã "
    "khai báo sẵn.",
    "help.serve": "Phục vụ kho dữ liệu: điểm truy vấn SPARQL 1.1 tại /sparql, trang truy vấn tại "
    "/, đồ thị tại /graph, kiểm tra dự thảo tại /check.",
    "help.serve.host": "Địa chỉ lắng nghe (mặc định chỉ máy này).",
    "help.serve.allow_update": "Nhận cập nhật SPARQL (nếu không: từ chối với mã 403).",
    "help.serve.timeout": "Giới hạn thời gian của một truy vấn, tính bằng giây (quá hạn: 503).",
    "help.serve.max_rows": "Kết quả bị cắt bớt còn chừng này dòng (tiêu đề X-VBKG-Truncated).",
    "help.serve.workers": "Số tiến trình chạy truy vấn (1 khi có --allow-update trên một thư mục).",
    "help.serve.allow_service": "Một điểm truy vấn SPARQL mà mệnh đề SERVICE được phép gọi (lặp "
    "lại được); nếu không, SERVICE bị từ chối với mã 403.",
    "help.serve.allowed_host": "Một tên máy mà máy chủ trả lời, ngoài --host và các tên loopback "
    "(lặp lại được; '*' cho mọi tên); tiêu đề Host khác nhận mã 400.",
    "help.serve.check_timeout": "Thời gian tối đa cho một lần kiểm tra dự thảo tại /check, tính "
    "bằng giây.",
    "help.serve.header_timeout": "Một kết nối phải gửi xong phần tiêu đề của yêu cầu trong chừng "
    "này giây.",
    "help.serve.max_connections": "Các kết nối vượt quá số này bị đóng ngay.",
    "help.synth": "Ghi một bộ văn bản tổng hợp (tên và mã đơn vị thật) cùng truth.json vào OUT.",
    "help.trace": "Ai đã triển khai REF (số hiệu như 04/KH-UBND, SỐ@NĂM, một IRI hoặc một tệp), "
    "ai chưa, và REF triển khai văn bản nào.",
    "help.trace.fmt": "Định dạng đầu ra: tree (cây), json, md (Markdown) hoặc xlsx (Excel, cần "
    "--out TỆP).",
    "help.trace.out": "Ghi kết quả vào tệp này (bắt buộc với xlsx).",
    "help.trace.year": "Năm đánh số, khi số hiệu chưa rõ.",
    "help.trace.issuer": "Tên cơ quan ban hành, khi số hiệu chưa rõ.",
}


def help_text(command: str, param: str | None, lang: str) -> str | None:
    """The Vietnamese help of ``command`` (or of its option ``param``) when ``lang`` is
    Vietnamese; ``None`` otherwise (the command's own English text is then shown)."""
    if lang == "en":
        return None
    if param is None:
        return HELP_VI.get(f"help.{command}")
    return HELP_VI.get(f"help.{command}.{param}") or HELP_VI.get(f"help.opt.{param}")
