"""The text of the synthetic corpus (:mod:`graph.synth`): the central documents every plan
cites, the reform-area sections, body paragraphs, signers, and the OCR damage applied to a
share of the files."""

from __future__ import annotations

import random
from datetime import date

from parsers.normalize import fold_keep_case

#: (number, symbol, agent, doc type, date, title) of the central documents every plan cites
RESOLUTION_76 = (
    "76",
    "NQ-CP",
    "cp",
    "NQ",
    date(2021, 7, 15),
    "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
)


DECREE_61 = (
    "61",
    "2018/NĐ-CP",
    "cp",
    "NĐ",
    date(2018, 4, 23),
    "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
)


DECREE_45 = (
    "45",
    "2020/NĐ-CP",
    "cp",
    "NĐ",
    date(2020, 4, 8),
    "thực hiện thủ tục hành chính trên môi trường điện tử",
)


#: the topics of the province plans of a year (:attr:`graph.synth.Params.topics`): (the plan's
#: subject after "Kế hoạch", its short form). The first is the CCHC plan implementing
#: Nghị quyết 76/NQ-CP; the others are based on Nghị định 45/2020/NĐ-CP.
TOPICS: tuple[tuple[str, str], ...] = (
    ("cải cách hành chính", "CCHC"),
    ("chuyển đổi số", "CĐS"),
    ("phổ biến, giáo dục pháp luật", "PBGDPL"),
    ("kiểm soát thủ tục hành chính", "KSTTHC"),
    ("thực hiện cơ chế một cửa, một cửa liên thông", "MCLT"),
    ("nâng cao chỉ số hài lòng của người dân", "SIPAS"),
)


#: reform areas of section II, with a target sentence each (from the seeds)
AREAS: tuple[tuple[str, str], ...] = (
    (
        "Cải cách thể chế",
        "100% văn bản quy phạm pháp luật được ban hành đúng thẩm quyền, đúng trình tự, thủ tục.",
    ),
    (
        "Cải cách thủ tục hành chính",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên {p}%; 100% thủ tục hành chính được công khai.",
    ),
    (
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        "Sắp xếp, kiện toàn tổ chức bộ máy bảo đảm tinh gọn, hoạt động hiệu lực, hiệu quả.",
    ),
    (
        "Cải cách chế độ công vụ",
        "{p}% cán bộ, công chức được đánh giá, xếp loại chất lượng đúng quy định.",
    ),
    ("Cải cách tài chính công", "Giải ngân vốn đầu tư công đạt trên {p}% kế hoạch được giao."),
    (
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu {p}% tổng số hồ sơ.",
    ),
)


BODY_PURPOSE = (
    "Tiếp tục triển khai đồng bộ, toàn diện, có hiệu quả các mục tiêu, nhiệm vụ cải cách hành "
    "chính. Cải thiện và nâng cao Chỉ số CCHC (PAR INDEX), Chỉ số hiệu quả quản trị và hành "
    "chính công (PAPI) và Chỉ số hài lòng về sự phục vụ hành chính của cơ quan nhà nước (SIPAS)."
)


BODY_REQUIREMENT = (
    "Kế hoạch phải xác định rõ trách nhiệm của cơ quan, đơn vị và người đứng đầu cơ quan hành "
    "chính nhà nước các cấp trong việc triển khai công tác CCHC; lấy sự hài lòng của người dân, "
    "doanh nghiệp là thước đo đánh giá chất lượng phục vụ của cơ quan hành chính nhà nước."
)


DUTY = (
    "- Tăng cường kiểm tra, đôn đốc việc triển khai công tác CCHC gắn với thực hiện kỷ luật, "
    "kỷ cương hành chính; nâng cao tinh thần trách nhiệm của cán bộ, công chức trong thực thi "
    "công vụ."
)


SIGNERS = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Minh Cường",
    "Phạm Quốc Dũng",
    "Hoàng Thu Hà",
    "Vũ Đức Hải",
    "Đặng Thị Lan",
    "Bùi Văn Long",
    "Đỗ Thanh Minh",
    "Ngô Quang Nam",
)


# OCR confusions of folded text (seed 002): "cua" → "ctia", "nam" → "ndm" …
_OCR_SWAPS = (
    ("ua", "tia"),
    ("a", "d"),
    ("e", "é"),
    ("o", "6"),
    ("u", "y"),
    ("i", "1"),
    ("n", "ri"),
    ("c", "¢"),
)


def _d(x: date) -> str:
    return f"{x.day:02d}/{x.month:02d}/{x.year}"


def _long(x: date) -> str:
    return f"ngày {x.day:02d} tháng {x.month:02d} năm {x.year}"


def _ocr(text: str, rng: random.Random) -> str:
    """Folded text with OCR noise in the body words (citations and header are kept readable)."""
    out: list[str] = []
    for line in fold_keep_case(text).split("\n"):
        protected = any(w in line for w in ("/KH-UBND", "/NQ-CP", "/ND-CP", "So:", ", ngay "))
        if not protected and line.strip():
            words = line.split(" ")
            for k, w in enumerate(words):
                if len(w) > 3 and w.isalpha() and rng.random() < 0.08:
                    a, b = _OCR_SWAPS[rng.randrange(len(_OCR_SWAPS))]
                    words[k] = w.replace(a, b, 1)
            line = " ".join(words)
        out.append(line)
    return "\n".join(out)
