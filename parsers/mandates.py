"""Extract the mandates of a plan: targets, tasks, duties and the areas covered.

Public verbs: :func:`extract_mandates` and :func:`compare_targets`; helpers
:func:`classify_area`, :func:`load_reform_areas`.

A CCHC plan (DESIGN.md §5) has I. MỤC ĐÍCH, YÊU CẦU; II. NHIỆM VỤ, GIẢI PHÁP
with one numbered part per reform area, each with "a) Chỉ tiêu" / "Mục tiêu"
items and "b) Nhiệm vụ, giải pháp" items; III. TỔ CHỨC THỰC HIỆN with the
duties of each unit. The structure comes from :func:`parsers.segment.segment`;
this module

1. keeps the structural sections (parts, area parts, a)/b) blocks, units) and
   drops what OCR made look like a heading (a footnote "2 Nghị quyết số …"
   numbered out of sequence), finds "III. TỔ CHỨC THỰC HIỆN" even when OCR
   spelt it "I11." and recomputes section ends;
2. splits each block into items on dash bullets, "a)" labels or paragraphs;
3. classifies areas with the folded cues of ``data/vocab/reform_areas.yaml``
   (exact first, then fuzzy on short titles only, for OCR);
4. parses quantities with :mod:`parsers.quantity`.

Matching runs on ``norm.folded``; every span returned is an ORIGINAL offset.
All patterns are linear-time except the fuzzy title match, which only ever
runs on a heading of at most 200 characters.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml

from parsers.mandate_models import (
    Duty,
    Mandates,
    MatchStatus,
    Quantity,
    Target,
    TargetMatch,
    Task,
)
from parsers.models import NormalizedText, SegmentedDocument
from parsers.normalize import fold
from parsers.quantity import find_quantities

VOCAB_PATH = Path(__file__).resolve().parent.parent / "data" / "vocab" / "reform_areas.yaml"

# ============================================================================= patterns
# All run on folded text (lower case, no diacritics, "đ" → "d"); OCR letters are
# allowed where they are seen in the seeds ("\S{0,2}" stands for a mangled vowel).

# --- parts of a plan (top-level headings)
# "III. TỔ CHỨC THỰC HIỆN", OCR "I11. TO CHUC THUC HIEN"
PART_ORGANISATION = regex.compile(r"t\S{0,2}\s*ch\S{0,3}c\s+th\S{0,3}c\s+hi\S{0,3}n")
# "I. MỤC ĐÍCH, YÊU CẦU", "I. MỤC TIÊU, YÊU CẦU", OCR "MUC PiCH, YEU CAU"
PART_PURPOSE = regex.compile(r"m\S{1,2}c\s+(?:d|p)\S{0,2}ch|y\S{0,2}u\s+c\S{1,2}u(?!\w)")
# "II. NHIỆM VỤ, GIẢI PHÁP", "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "NHIỆM VỤ TRỌNG TÂM"
PART_TASKS = regex.compile(r"nhi\S{0,2}m\s+v\S{1,2}|gi\S{1,2}i\s+ph\S{1,2}p|n\S{0,2}i\s+dung")
# The organisation heading as a line when the segmenter missed it:
# "III. TỔ CHỨC THỰC HIỆN", OCR "I11. TO CHUC THUC HIEN"
ORGANISATION_LINE = regex.compile(
    r"(?m)^[^\S\n]*(?:[ivxl1]{1,4}|\d)[^\S\n]*[.)][^\S\n]*"
    r"t\S{0,2}\s*ch\S{0,3}c\s+th\S{0,3}c\s+hi\S{0,3}n[^\S\n]*:?[^\S\n]*$"
)

# The second line of a wrapped heading: short, lower-case, then a blank line.
# "1. Céong tac chi dao, … va kiém tra cai\ncach hanh chinh\n\n"
HEADING_CONTINUATION = regex.compile(r"[^\S\n]*\n[^\S\n]*\p{Ll}[^\n]{0,80}(?=\n[^\S\n]*\n)")

# --- blocks inside an area part
# "a) Chỉ tiêu", "a) Mục tiêu", "Chỉ tiêu cụ thể", OCR "Chi ti€u", "Muc tiéu"
BLOCK_TARGETS = regex.compile(r"^\W*(?:cac\s+)?(?:chi|m\S{1,2}c)\s+ti\S{1,2}u(?!\w)")
# "b) Nhiệm vụ, giải pháp", OCR "Nhiém vy, gidi phap", "Nhi¢m vu, giai phap"
BLOCK_TASKS = regex.compile(r"^\W*(?:nhi\S{0,2}m\s+v\S{1,2}|gi\S{1,2}i\s+ph\S{1,2}p)")

# --- items
# A bullet at the start of a line: "- ", "+ ", "• ", OCR " - ", "o Hoan thanh",
# or a letter label "a) ", "đ) ". Runs on the text (the case of "o Hoan" matters).
BULLET = regex.compile(r"(?m)^[^\S\n]*(?:[-+•*∙●○◦]|o(?=[^\S\n]+\p{Lu})|[a-zđ]\))[^\S\n]+")
# A blank line between paragraphs.
PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\n\s*")
# "(Có phụ lục các nhiệm vụ trọng tâm … kèm theo)." OCR "(C6 phu luc …"
ANNEX_NOTE = regex.compile(r"^\W*\(\s*c\S{0,2}\s+ph\S{0,2}\s+l\S{0,2}c")
# Clause boundaries in an item: ";" or a full stop before a capital.
CLAUSE_BREAK = regex.compile(r";|\.(?=\s+\p{Lu})")
# A footnote-like line the segmenter took for a heading: "2 Nghi quyét s& 18-NQ/TW …"
CITATION_START = regex.compile(
    r"^\W*(?:nghi\s+quy|nghi\s+dinh|quy\S{0,2}t\s+dinh|k\S{1,2}\s+hoach|th\S{0,2}ng\s+t"
    r"|chi\s+thi|lu\S{0,2}t|cong\s+van|ket\s+lu)"
)

# --- duties
# The unit asks to issue its own plan: "xây dựng Kế hoạch thực hiện công tác CCHC năm
# 2023", "cụ thể hóa, xây dựng và triển khai thực hiện kế hoạch CCHC năm 2024",
# "ban hành kế hoạch"; not "triển khai thực hiện kế hoạch này".
REQUIRES_PLAN = regex.compile(
    r"(?:xay\s+d\S{1,3}ng|ban\s+hanh|cu\s+the\s+hoa)[^.;:\n]{0,45}?k\S{1,2}\s+hoach(?!\s+(?:nay|cua))"
)
# "chậm nhất ngày 15/01/2024", "trước ngày 15/01/2024", "không muộn hơn ngày 15 tháng 01 năm 2024"
DEADLINE = regex.compile(
    r"(?:ch\S{0,2}m\s+nh\S{1,2}t|tr\S{1,2}\s*c|kh\S{1,2}ng\s+mu\S{1,2}n\s+h\S{1,2}n|h\S{1,2}n\s+chot)"
    r"\s+(?:la\s+)?(?:ngay\s+)?(?P<d>\d{1,2})\s*(?:[/.\-]|\s+thang\s+)\s*(?P<m>\d{1,2})"
    r"\s*(?:[/.\-]|\s+nam\s+)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
# "bao gồm đầy đủ 06 lĩnh vực CCHC", "tất cả các lĩnh vực", "06 lĩnh vực cải cách"
ALL_AREAS = regex.compile(
    r"(?:(?:day\s+du|tat\s+ca(?:\s+cac)?|toan\s+bo(?:\s+cac)?|ca)\s+(?:0?6\s+|sau\s+)?linh\s+v\S{1,2}c"
    r"|0?6\s+linh\s+v\S{1,2}c\s+(?:cchc|cai\s+cach))"
)
# The closing request: "UBND tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch
# UBND các huyện, thành phố nghiêm túc triển khai thực hiện./."
CLOSING = regex.compile(
    r"(?:tren\s+day\s+la[^.]{0,200}?)?(?:y\S{0,2}u\s+c\S{0,2}u|de\s+nghi)\s+"
    r"(?P<units>(?:thu\s+tru\S{1,3}ng|cac|chu\s+tich|ubnd|uy\s+ban)[^.;]{0,200}?)\s+"
    r"(?P<action>(?:nghi\S{0,2}m\s+t\S{0,2}c|tri\S{0,2}n\s+khai|to\s+chuc|th\S{0,2}c\s+hi\S{0,2}n"
    r"|chu\s+dong)[^\n]*)"
)
# A paragraph that opens the closing request (a new item even after a comma).
CLOSING_START = regex.compile(
    r"(?:ubnd|uy\s+ban)[^\n]{0,40}?(?:y\S{0,2}u\s+c\S{0,2}u|de\s+nghi)|tren\s+day\s+la"
)
# A paragraph "Unit: action" in a section III without numbered units:
# "Sở Nội vụ: chủ trì …", "- Các sở, ban, ngành; UBND các huyện, thành phố: …"
UNIT_COLON = regex.compile(r"^(?P<unit>[^:\n]{3,160}?)\s*:\s*(?P<action>\S.*)$", regex.DOTALL)
# Where one unit ends and another begins inside a list of units (before the comma):
# "Các sở, ban, ngành, UBND các huyện, thành phố" → split before ", UBND"
UNIT_HEAD = (
    r"(?:ubnd|uy\s+ban|s\S{0,2}\s+\w|phong\s+\w|cac\s+(?:co\s+quan|don\s+vi|s\S{0,2}(?:\s|,))"
    r"|[dp]ai\s+|b\w?ao\s+|cong\s+thong\s+tin|trung\s+tam|van\s+phong|trang\s+|chu\s+tich|thu\s+truong"
    r"|buu\s+dien|cong\s+an|ban\s+\w|kho\s+bac|vien\s+)"
)
UNIT_SPLIT = regex.compile(rf";\s*|,\s*(?={UNIT_HEAD})")
UNIT_START = regex.compile(rf"^\W*(?:de\s+nghi\s+)?(?:{UNIT_HEAD}|cac\s+)")
# Canonical names of the unit groups plans address (folded pattern → name).
CANONICAL_UNITS: tuple[tuple[regex.Pattern[str], str], ...] = tuple(
    (regex.compile(p), name)
    for p, name in (
        (r"cac\s+s\S{0,2},\s*ban,\s*ng\S{0,2}nh", "Các sở, ban, ngành"),
        (r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+cac\s+huy\S{0,2}n,\s*th\S{0,2}nh\s+ph\S{0,2}",
         "UBND các huyện, thành phố"),
        (r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+cac\s+xa,\s*th\S{0,2}\s+tr\S{0,2}n",
         "UBND các xã, thị trấn"),
        (r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+cac\s+ph\S{0,3}ng,\s*xa", "UBND các phường, xã"),
        (r"cac\s+thanh\s+vi\S{0,2}n\s+ban\s+chi\s+dao[^\n]*", "Các thành viên Ban Chỉ đạo CCHC"),
        (r"s\S{0,2}\s+n\S{0,2}i\s+v\S{1,2}", "Sở Nội vụ"),
        (r"s\S{0,2}\s+t\S{0,2}i\s+ch\S{0,2}nh", "Sở Tài chính"),
        (r"phong\s+n\S{0,2}i\s+v\S{1,2}", "Phòng Nội vụ"),
        (r"cac\s+co\s+quan,\s*don\s+vi", "Các cơ quan, đơn vị"),
    )
)  # fmt: skip

# --- subjects
# Index names keep their acronym: "Chỉ số CCHC (PAR INDEX)", "(SIPAS)", "(PAPI)".
INDEX_ACRONYM = regex.compile(r"\b(?P<acr>PAR\s+INDEX|SIPAS|PAPI|PCI|DTI|DDCI)\b")
# Abbreviations plans use interchangeably (folded phrase → canonical form).
SYNONYMS: tuple[tuple[regex.Pattern[str], str], ...] = tuple(
    (regex.compile(p), name)
    for p, name in (
        (r"van\s+ban\s+(?:van\s+ban\s+)?quy\s+pham\s+phap\s+luat(?:\s*\(\s*qppl\s*\))?",
         "văn bản QPPL"),
        (r"van\s+ban\s+qppl|vbqppl", "văn bản QPPL"),
        (r"thu\s+tuc\s+hanh\s+chinh(?:\s*\(\s*tthc\s*\))?", "TTHC"),
        (r"cai\s+cach\s+hanh\s+chinh(?:\s*\(\s*cchc\s*\))?", "CCHC"),
        (r"dich\s+vu\s+cong\s+truc\s+tuyen(?:\s*\(\s*dvctt\s*\))?", "DVCTT"),
        (r"uy\s+ban\s+nhan\s+dan", "UBND"),
    )
)  # fmt: skip
# Where the measured noun phrase after a figure stops: "hồ sơ TTHC | do cơ quan …"
# Words between a figure and its noun: "99% tỷ lệ hồ sơ", OCR "ty 1& ho so", "các"
LEADING_FILLER = regex.compile(r"\s*(?:(?:ty\s+[l1]\S{0,2}|so|cac|céc|nhung|tong\s+so)\s+){0,3}")
SUBJECT_HEAD_STOP = regex.compile(
    r"[,;:.(]|\s(?:do|cua|tai|trong|thuoc|doi\s+voi|theo|duoc|dugc|phai|nam|dat|va|tu|co)(?!\w)"
)
# The predicate after "được"/"phải": "được giải quyết đúng hạn | và trước hạn"
SUBJECT_PRED = regex.compile(r"(?<!\w)(?:d(?:uo|ug)ce?|phai)\s+")  # OCR "dugc", "dugce"
# "95% cán bộ, công chức có trình độ đại học" (on the text: folded "co" is also "cơ")
SUBJECT_HAS = regex.compile(r"(?i)\s*(?:có|c6)\s+")
SUBJECT_PRED_STOP = regex.compile(r"[,;:.(]|\s(?:va|hoac|theo|tai|cua|tren|trong|doi\s+voi)(?!\w)")
STOPWORDS = frozenset(
    ("cac", "nhung", "ty", "le", "so", "tong", "duoc", "dugc", "phai", "co", "cua", "va", "tai",
     "trong", "do", "the", "hien", "thuc", "nam", "theo", "quy", "dinh", "voi", "doi", "mot")
)  # fmt: skip
_WORD = regex.compile(r"[\p{L}\p{N}%]+")

BULLET_LABELS = frozenset({"-", "+", "•", "*", "∙", "●", "○", "◦", "o"})
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


# ============================================================================= vocabulary


@dataclass(frozen=True)
class ReformArea:
    """A concept of the reform-area scheme (``data/vocab/reform_areas.yaml``)."""

    id: str
    order: int
    vi: str
    en: str
    alt: tuple[str, ...]
    cues: tuple[str, ...]
    cross_cutting: bool = False


@cache
def load_reform_areas(path: Path = VOCAB_PATH) -> tuple[ReformArea, ...]:
    """The reform areas, in the order of a plan's section II."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    areas = [
        ReformArea(
            id=a["id"],
            order=int(a["order"]),
            vi=a["vi"],
            en=a["en"],
            alt=tuple(a.get("alt") or ()),
            cues=tuple(fold(c) for c in a.get("cues") or ()),
            cross_cutting=bool(a.get("cross_cutting", False)),
        )
        for a in data["areas"]
    ]
    return tuple(sorted(areas, key=lambda a: a.order))


@cache
def _cue_patterns() -> tuple[tuple[str, regex.Pattern[str], tuple[str, ...]], ...]:
    out = []
    for area in load_reform_areas():
        cues = sorted(area.cues, key=len, reverse=True)
        alt = "|".join(regex.escape(c).replace(r"\ ", r"\s+") for c in cues)
        out.append((area.id, regex.compile(rf"(?<!\w)(?:{alt})(?!\w)"), tuple(cues)))
    return tuple(out)


def classify_area(text: str, *, title: bool = True) -> str | None:
    """The reform area a section title (or, with ``title=False``, an item's text) names.

    Exact folded cues first: for a title the longest cue wins, for a text the
    area with most cue hits (earliest on a tie). A title of at most 200
    characters that no cue matches exactly is tried again with fuzzy matching
    (OCR: "Cai cach to chirc b may hanh chinh", "Cai cach tai chinh cng").
    """
    folded = fold(text)
    best: tuple[float, float, str] | None = None
    for area_id, pattern, _cues in _cue_patterns():
        hits = list(pattern.finditer(folded))
        if not hits:
            continue
        if title:
            key = (float(max(len(h.group()) for h in hits)), -float(hits[0].start()), area_id)
        else:
            key = (float(len(hits)), -float(hits[0].start()), area_id)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None:
        return best[2]
    if not title or len(folded) > 200:
        return None
    fuzzy_best: tuple[int, int, str] | None = None  # (errors, -cue length, area)
    for area_id, _pattern, cues in _cue_patterns():
        for cue in cues:
            if len(cue) < 8:
                continue
            k = len(cue) // 6
            m = regex.search(
                rf"(?<!\w)(?:{regex.escape(cue)}){{e<={k}}}(?!\w)", folded, regex.BESTMATCH
            )
            if m:
                errors = sum(m.fuzzy_counts)
                key2 = (errors, -len(cue), area_id)
                if fuzzy_best is None or key2[:2] < fuzzy_best[:2]:
                    fuzzy_best = key2
    return fuzzy_best[2] if fuzzy_best else None


# ============================================================================= structure


@dataclass
class _Node:
    """A structural section, in NORMALISED offsets."""

    path: str
    label: str
    title: str
    level: int
    start: int
    end: int
    kind: str = ""  # part: purpose|tasks|organisation|other; block: targets|tasks


def _ordinal(label: str) -> int | None:
    core = label.strip().rstrip(".):").lower()
    if core.isdigit():
        return int(core)
    if core in ROMAN:
        return ROMAN[core]
    if len(core) == 1 and core.isalpha():
        return ord(core) - ord("a") + 1
    return None


def _roman(n: int) -> str:
    return {v: k for k, v in ROMAN.items()}.get(n, str(n)).upper()


class _Doc:
    """The normalised text with maps between original and normalised offsets."""

    def __init__(self, norm: NormalizedText, seg: SegmentedDocument) -> None:
        self.norm = norm
        self.text = norm.text
        self.folded = norm.folded
        self.offsets = norm.offsets
        end = len(self.text)
        for o in (seg.recipients_start, seg.signature.start if seg.signature else None):
            if o is not None:
                end = min(end, self.to_norm(o))
        self.end = end
        self.excluded: list[tuple[int, int]] = [
            (self.to_norm(f.start), self.to_norm(f.end)) for f in seg.footnotes
        ]

    def to_norm(self, original: int) -> int:
        return bisect.bisect_left(self.offsets, original, 0, len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_original(start, end)

    def heading_end(self, node: _Node) -> int:
        """Where the body of a section begins: after its label and title."""
        text = self.text
        i = node.start
        j = text.find(node.label.strip(), i, i + len(node.label) + 8) if node.label else -1
        if j >= 0:
            i = j + len(node.label.strip())
        for ch in node.title:
            if ch.isspace():
                continue
            while i < len(text) and text[i].isspace():
                i += 1
            if i < len(text) and text[i].casefold() == ch.casefold():
                i += 1
            else:  # title not found verbatim: the body starts on the next line
                nl = text.find("\n", node.start)
                return nl if nl >= 0 else node.end
        # a heading wrapped onto a short lower-case line followed by a blank line:
        # "… và kiém tra cai\ncach hanh chinh\n\na) Chi ti€u"
        m = HEADING_CONTINUATION.match(text, i)
        if m:
            i = m.end()
        while i < len(text) and text[i] in " \t:.":
            i += 1
        return min(i, node.end)

    def heading_text(self, node: _Node) -> str:
        """The heading's title including a wrapped second line."""
        end = self.heading_end(node)
        start = node.start
        j = self.text.find(node.label.strip(), start, start + len(node.label) + 8)
        if node.label and j >= 0:
            start = j + len(node.label.strip())
        return regex.sub(r"\s+", " ", self.text[start:end]).strip(" :.")


def _structure(doc: _Doc, seg: SegmentedDocument) -> list[_Node]:
    """Structural sections: parts, area parts, blocks and units, with ends recomputed."""
    raw = [
        _Node(s.path, s.label, s.title, s.level, doc.to_norm(s.start), doc.to_norm(s.end))
        for s in seg.sections
        if s.label.strip() not in BULLET_LABELS
    ]
    raw = [n for n in raw if n.start < doc.end]
    # 1. drop out-of-sequence or citation-like headings (OCR footnotes)
    kept: list[_Node] = []
    last: dict[str, int] = {}
    dropped_paths: set[str] = set()
    for n in raw:
        parent = n.path.rsplit(".", 1)[0] if "." in n.path else ""
        num = _ordinal(n.label)
        bare = bool(regex.fullmatch(r"\s*\d+\s*", n.label))
        bogus = (
            parent in dropped_paths
            or (num is not None and num <= last.get(parent, 0))
            or (bare and bool(CITATION_START.match(fold(n.title))))
        )
        if bogus:
            dropped_paths.add(n.path)
            if bare or CITATION_START.match(fold(n.title)):
                # the footnote text: up to a blank line or the next bullet
                brk = PARAGRAPH_BREAK.search(doc.text, n.start, n.end)
                stop = brk.start() if brk else n.end
                bullet = BULLET.search(doc.text, n.start + 1, stop)
                doc.excluded.append((n.start, bullet.start() if bullet else stop))
            continue
        dropped_paths.discard(n.path)
        if num is not None:
            last[parent] = num
        for p in list(last):  # a new sibling restarts the numbering of children
            if p.startswith(n.path + "."):
                del last[p]
        kept.append(n)
    tops = [n for n in kept if n.level == 1]
    for n in tops:
        f = fold(n.title)
        if PART_ORGANISATION.search(f):
            n.kind = "organisation"
        elif PART_PURPOSE.search(f):
            n.kind = "purpose"
        elif PART_TASKS.search(f):
            n.kind = "tasks"
        else:
            n.kind = "other"
    org = next((n for n in tops if n.kind == "organisation"), None)
    if org is None:
        # 2. the organisation heading as a line ("I11. TO CHUC THUC HIEN")
        m = ORGANISATION_LINE.search(doc.folded, 0, doc.end)
        if m:
            org_start = m.start() + len(m.group()) - len(m.group().lstrip())
            n_before = sum(1 for n in tops if n.start < org_start)
            org = _Node(_roman(n_before + 1), "", doc.text[org_start : m.end()].strip(), 1,
                        org_start, doc.end, "organisation")  # fmt: skip
            # units: every numbered heading after the line, renumbered under the part
            after = [
                _Node(s.path, s.label, s.title, s.level, doc.to_norm(s.start), doc.to_norm(s.end))
                for s in seg.sections
                if s.label.strip() not in BULLET_LABELS and doc.to_norm(s.start) > m.end()
            ]
            after = [n for n in after if n.start < doc.end]
            units: list[_Node] = []
            if after:
                top_level = min(n.level for n in after)
                prev = 0
                for n in after:
                    num = _ordinal(n.label)
                    if (
                        n.level == top_level
                        and num is not None
                        and num > prev
                        and not (CITATION_START.match(fold(n.title)))
                    ):
                        prev = num
                        units.append(_Node(f"{org.path}.{num}", n.label, n.title, 2, n.start,
                                           n.end))  # fmt: skip
            kept = [n for n in kept if n.start < org_start] + [org, *units]
    # non-organisation parts: only what precedes the organisation part
    kept.sort(key=lambda n: (n.start, n.level))
    # 3. ends: the next section at the same or a shallower level
    for i, n in enumerate(kept):
        end = doc.end
        for m2 in kept[i + 1 :]:
            if m2.level <= n.level:
                end = m2.start
                break
        n.end = min(end, doc.end)
    return kept


def _parent(nodes: list[_Node], node: _Node) -> _Node | None:
    best = None
    for n in nodes:
        if (
            n is not node
            and n.level < node.level
            and n.start <= node.start < n.end
            and (best is None or n.level > best.level)
        ):
            best = n
    return best


def _children(nodes: list[_Node], node: _Node) -> list[_Node]:
    return [
        n for n in nodes
        if n.level == node.level + 1 and node.start <= n.start < node.end
    ]  # fmt: skip


# ============================================================================= items


@dataclass(frozen=True)
class _Item:
    start: int  # normalised offsets, bullet marker excluded
    end: int
    text: str  # whitespace collapsed, footnotes removed
    bullet: bool


def _clean(doc: _Doc, start: int, end: int) -> str:
    pieces = []
    pos = start
    for s, e in sorted(doc.excluded):
        if e <= pos or s >= end:
            continue
        pieces.append(doc.text[pos:s])
        pos = max(pos, e)
    if pos < end:
        pieces.append(doc.text[pos:end])
    return regex.sub(r"\s+", " ", " ".join(pieces)).strip()


def _items(doc: _Doc, start: int, end: int) -> list[_Item]:
    """Split ``[start, end)`` into items on bullets, else on paragraphs."""
    if start >= end:
        return []
    bounds: list[tuple[int, int, bool]] = []  # (item start, next boundary, is bullet)
    bullets = [
        m for m in BULLET.finditer(doc.text, start, end)
        if not any(s <= m.start() < e for s, e in doc.excluded)
    ]  # fmt: skip
    cuts: list[tuple[int, int, bool]] = [(b.start(), b.end(), True) for b in bullets]
    # paragraphs: the text before the first bullet, and any paragraph that follows a
    # sentence end and starts with a capital (not a page break inside a sentence:
    # "nâng cao nhận thức của\n\ncán bộ")
    first = bullets[0].start() if bullets else end
    if start < first:
        cuts.append((start, start, False))
    bullet_starts = {b.start() for b in bullets}
    for m in PARAGRAPH_BREAK.finditer(doc.text, start, end):
        nxt = m.end()
        if nxt >= end or nxt in bullet_starts or any(s <= nxt < e for s, e in doc.excluded):
            continue
        prev = doc.text[: m.start()].rstrip()
        k = len(prev)
        for fs, fe in sorted(doc.excluded, reverse=True):  # skip a footnote just before
            if fs < k <= fe + 1:
                k = len(doc.text[:fs].rstrip())
        sentence_end = k and doc.text[k - 1] in ".;:!?"
        if (sentence_end and (doc.text[nxt].isupper() or doc.text[nxt] == "(")) or (
            CLOSING_START.match(doc.folded, nxt)
        ):
            cuts.append((nxt, nxt, False))
    cuts.sort()
    for i, (cut_start, body_start, is_bullet) in enumerate(cuts):
        nxt = cuts[i + 1][0] if i + 1 < len(cuts) else end
        del cut_start
        bounds.append((body_start, nxt, is_bullet))
    out = []
    for s, e, is_bullet in bounds:
        while s < e and doc.text[s].isspace():
            s += 1
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        if s >= e or any(fs <= s and e <= fe for fs, fe in doc.excluded):
            continue
        text = _clean(doc, s, e)
        if len(regex.findall(r"\p{L}", text)) < 3 or ANNEX_NOTE.match(fold(text)):
            continue
        out.append(_Item(s, e, text, is_bullet))
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of an item's text (split on ";" and sentence ends)."""
    spans, pos = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in " .;":
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# ============================================================================= subjects


def _canonical(text: str) -> str:
    """Replace long forms by the abbreviations plans use ("thủ tục hành chính" → "TTHC")."""
    for pattern, name in SYNONYMS:
        folded = fold(text)
        edits = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        for s, e in reversed(edits):
            text = text[:s] + name + text[e:]
    return regex.sub(r"\s+", " ", text).strip()


def subject_of(text: str, quantity_span: tuple[int, int] | None = None) -> str | None:
    """A short phrase naming what a target measures.

    "Trên 99% tỷ lệ hồ sơ TTHC do cơ quan … được giải quyết đúng hạn và trước hạn"
    → "hồ sơ TTHC giải quyết đúng hạn"; "Chỉ số CCHC (PAR INDEX) năm 2024 …" →
    "Chỉ số PAR INDEX".
    """
    acr = INDEX_ACRONYM.search(text)
    if acr:
        return "Chỉ số " + regex.sub(r"\s+", " ", acr.group("acr"))
    text = _canonical(text)
    if quantity_span is None:
        found = find_quantities(text)
        quantity_span = (found[0][0], found[0][1]) if found else None
    folded = fold(text)
    if quantity_span is None:
        words = _WORD.findall(text)[:7]
        return " ".join(words) or None
    q_start, q_end = quantity_span
    clause_end = len(text)
    m = regex.compile(r"[;]|\.(?=\s)").search(folded, q_end)
    if m:
        clause_end = m.start()
    before_all = _WORD.findall(text[:q_start])
    if len(before_all) > 6:  # the figure comes late: the clause's opening names the subject
        words = [w for w in before_all if fold(w) not in STOPWORDS][:6]
        return " ".join(words) or None
    # verb before the figure: "cắt giảm tối thiểu 30% thời gian" → "cắt giảm"
    before = [w for w in before_all if fold(w) not in STOPWORDS]
    prefix = before[-2:]
    # noun phrase after the figure
    head_start = q_end
    lead = LEADING_FILLER.match(folded, head_start)
    if lead:
        head_start = lead.end()
    head_end = clause_end
    for stop in SUBJECT_HEAD_STOP.finditer(folded, head_start, clause_end):
        # a comma inside a short list does not end the phrase: "cán bộ, công chức"
        if stop.group() == "," and len(_WORD.findall(text[head_start : stop.start()])) < 3:
            continue
        head_end = stop.start()
        break
    head = _WORD.findall(text[head_start:head_end])[:7]
    # predicate after the last "được"/"phải" of the clause
    pred: list[str] = []
    preds = list(SUBJECT_PRED.finditer(folded, head_end, clause_end))
    has = SUBJECT_HAS.match(text, head_end, clause_end)  # "có" right after the noun
    p_start = preds[-1].end() if preds else has.end() if has else -1
    if p_start >= 0:
        p_stop = SUBJECT_PRED_STOP.search(folded, p_start, clause_end)
        pred = _WORD.findall(text[p_start : p_stop.start() if p_stop else clause_end])[:5]
    words = [*prefix, *head, *pred]
    # drop a repeated word run ("văn bản văn bản")
    out: list[str] = []
    for w in words:
        if not (out and out[-1].lower() == w.lower()):
            out.append(w)
    return " ".join(out) or None


def _tokens(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in _WORD.findall(fold(_canonical(text))) if w not in STOPWORDS and len(w) > 1}


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


# ============================================================================= extract


def _targets_from_item(
    doc: _Doc, item: _Item, area: str | None, section: str, *, require_quantity: bool,
    in_task: bool = False,
) -> list[Target]:  # fmt: skip
    """One target per item, or one per clause when several clauses state a figure."""
    raw = doc.text[item.start : item.end]
    clauses = _clauses(raw)
    with_q = [(s, e) for s, e in clauses if find_quantities(raw[s:e])]
    if in_task:
        # a target inside a task: a clause that begins with a percentage
        picked = []
        for s, e in clauses:
            found = find_quantities(raw[s:e])
            if found and found[0][0] <= 2 and found[0][2].unit == "%":
                picked.append((s, e))
        spans = picked
    elif len(with_q) >= 2:
        spans = clauses
    else:
        spans = [(0, len(raw))]
    out = []
    for s, e in spans:
        text = _clean(doc, item.start + s, item.start + e)
        if not text:
            continue
        found = find_quantities(text)
        if require_quantity and not found:
            continue
        quantity = found[0][2] if found else None
        o_start, o_end = doc.span(item.start + s, item.start + e)
        out.append(
            Target(
                text=text,
                quantity=quantity,
                area=area,
                section=section,
                start=o_start,
                end=o_end,
                subject=subject_of(text, (found[0][0], found[0][1]) if found else None),
                quantities=tuple(q for _s, _e, q in found),
                in_task=in_task,
            )
        )
    return out


def _units(unit_text: str) -> tuple[str, ...]:
    """Normalised unit names of a unit heading."""
    folded = fold(unit_text)
    names: list[str] = []
    pos = 0
    pieces = []
    for m in UNIT_SPLIT.finditer(folded):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(folded)))
    for s, e in pieces:
        piece = unit_text[s:e].strip(" .:;,-")
        fpiece = fold(piece)
        if not piece:
            continue
        fpiece = regex.sub(r"^de\s+nghi\s+", "", fpiece)
        piece = piece[len(piece) - len(fpiece) :] if len(fpiece) < len(piece) else piece
        name = next((n for p, n in CANONICAL_UNITS if p.fullmatch(fpiece)), None)
        if name is None:
            name = _canonical(piece)
            name = regex.sub(r"(?i)^ủy ban nhân dân|^uỷ ban nhân dân", "UBND", name)
            name = name[:1].upper() + name[1:]
        if name not in names:
            names.append(name)
    return tuple(names)


def _deadline(folded: str) -> date | None:
    for m in DEADLINE.finditer(folded):
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
    return None


def _duty(doc: _Doc, unit_text: str, start: int, end: int, section: str) -> Duty:
    action = _clean(doc, start, end)
    folded = fold(action)
    o_start, o_end = doc.span(start, end)
    return Duty(
        unit_text=regex.sub(r"\s+", " ", unit_text).strip(" :"),
        units=_units(unit_text),
        action=action,
        requires_plan=bool(REQUIRES_PLAN.search(folded)),
        deadline=_deadline(folded),
        requires_all_areas=bool(ALL_AREAS.search(folded)),
        section=section,
        start=o_start,
        end=o_end,
    )


def _duties_of_unit(doc: _Doc, node: _Node, unit_text: str, start: int) -> list[Duty]:
    items = _items(doc, start, node.end)
    duties: list[Duty] = []
    i = 0
    while i < len(items):
        item = items[i]
        closing = CLOSING.search(fold(item.text))
        if closing and not item.bullet and i == len(items) - 1 and i > 0:
            break  # handled by the caller as the closing request
        j = i + 1
        if item.text.endswith(":"):  # an intro and the list it introduces
            while j < len(items) and items[j].bullet:
                j += 1
        duties.append(_duty(doc, unit_text, item.start, items[j - 1].end, node.path))
        i = j
    return duties


def _closing_duty(doc: _Doc, org: _Node, last_unit: _Node | None) -> Duty | None:
    """The request that closes section III ("UBND tỉnh yêu cầu Thủ trưởng …")."""
    start = doc.heading_end(last_unit) if last_unit else doc.heading_end(org)
    items = _items(doc, start, org.end)
    if not items or items[-1].bullet:
        return None
    item = items[-1]
    folded = doc.folded[item.start : item.end]
    m = CLOSING.search(folded)
    if not m:
        return None
    unit_text = doc.text[item.start + m.start("units") : item.start + m.end("units")]
    return _duty(doc, unit_text, item.start, item.end, org.path)


def extract_mandates(norm: NormalizedText, seg: SegmentedDocument) -> Mandates:
    """Targets, tasks and duties of a plan, with section paths and original spans."""
    doc = _Doc(norm, seg)
    nodes = _structure(doc, seg)
    targets: list[Target] = []
    tasks: list[Task] = []
    duties: list[Duty] = []

    def area_of(node: _Node | None) -> str | None:
        while node is not None and node.level > 1:
            a = classify_area(node.title)
            if a:
                return a
            node = _parent(nodes, node)
        return None

    def collect(node: _Node, kind: str, area: str | None, in_purpose: bool) -> None:
        children = [
            c for c in _children(nodes, node)
            if BLOCK_TARGETS.match(fold(c.title)) or BLOCK_TASKS.match(fold(c.title))
            or (node.level == 1 and not in_purpose)
        ]  # fmt: skip
        ranges = []
        pos = doc.heading_end(node) if node.level > 0 else node.start
        for c in children:
            ranges.append((pos, c.start))
            pos = c.end
        ranges.append((pos, node.end))
        for s, e in ranges:
            for item in _items(doc, s, e):
                if kind == "targets":
                    targets.extend(
                        _targets_from_item(doc, item, area or classify_area(item.text, title=False),
                                           node.path, require_quantity=in_purpose)
                    )  # fmt: skip
                elif not in_purpose:
                    item_area = area or classify_area(item.text, title=False)
                    o_start, o_end = doc.span(item.start, item.end)
                    tasks.append(Task(item.text, item_area, node.path, o_start, o_end))
                    targets.extend(
                        _targets_from_item(doc, item, item_area, node.path,
                                           require_quantity=True, in_task=True)
                    )  # fmt: skip
        for c in children:
            f = fold(c.title)
            child_kind = (
                "targets" if BLOCK_TARGETS.match(f) else "tasks" if BLOCK_TASKS.match(f) else kind
            )
            child_area = area or (classify_area(c.title) if c.level == 2 else None)
            collect(c, child_kind, child_area, in_purpose)

    tops = [n for n in nodes if n.level == 1]
    for part in tops:
        if part.kind == "tasks" or (part.kind == "other" and part.start < _org_start(nodes)):
            collect(part, "tasks", None, in_purpose=False)
        elif part.kind == "purpose":
            # only explicit target blocks, and only their items with a figure
            for c in nodes:
                if (
                    part.start <= c.start < part.end
                    and c.level > 1
                    and BLOCK_TARGETS.match(fold(c.title))
                ):
                    collect(c, "targets", area_of(_parent(nodes, c)), in_purpose=True)
        elif part.kind == "organisation":
            units = _children(nodes, part)
            for u in units:
                title = doc.heading_text(u)
                body_start = doc.heading_end(u)
                if ":" in title and len(title.split(":", 1)[1].strip()) >= 10:
                    unit_text = title.split(":", 1)[0]
                    colon = doc.text.find(":", u.start, body_start)
                    body_start = colon + 1 if colon >= 0 else body_start
                else:
                    unit_text = title
                duties.extend(_duties_of_unit(doc, u, unit_text, body_start))
            if not units:
                for item in _items(doc, doc.heading_end(part), part.end):
                    m = UNIT_COLON.match(item.text)
                    if m and UNIT_START.match(fold(m.group("unit"))):
                        duties.append(_duty(doc, m.group("unit"), item.start, item.end, part.path))
            closing = _closing_duty(doc, part, units[-1] if units else None)
            if closing:
                duties.append(closing)
    order = {a.id: a.order for a in load_reform_areas()}
    areas = {t.area for t in targets if t.area} | {t.area for t in tasks if t.area}
    covered = sorted(areas, key=lambda a: order.get(a, 99))
    return Mandates(tuple(targets), tuple(tasks), tuple(duties), tuple(covered))


def _org_start(nodes: list[_Node]) -> int:
    return min((n.start for n in nodes if n.kind == "organisation"), default=1 << 62)


# ============================================================================= compare

_FLOOR_STRENGTH: dict[str | None, int] = {
    "gt": 2, "ge": 1, "eq": 1, None: 1, "increase": 1, "reduce": 1,
}  # fmt: skip
_CEILING_STRENGTH: dict[str | None, int] = {"lt": 2, "le": 1}


def _compare_quantity(p: Quantity, c: Quantity) -> tuple[MatchStatus, str | None]:
    """Is the child's figure weaker, equal or stronger than the parent's?"""
    if p.comparator == "rank_top" or c.comparator == "rank_top":
        if p.comparator != c.comparator:
            return "carried", "one states a rank, the other a figure"
        if p.unit != c.unit:
            return "carried", f"ranks among different units: {p.unit} vs {c.unit}"
        if c.value == p.value:
            return "carried", None
        return ("strengthened" if c.value < p.value else "weakened"), None
    if p.unit != c.unit:
        return "carried", f"units differ: {p.unit} vs {c.unit}"
    if (p.comparator == "reduce") != (c.comparator == "reduce"):
        return "carried", "one states a reduction, the other a level"
    ceiling = p.comparator in _CEILING_STRENGTH
    if c.value != p.value:
        better = c.value < p.value if ceiling else c.value > p.value
        return ("strengthened" if better else "weakened"), None
    table = _CEILING_STRENGTH if ceiling else _FLOOR_STRENGTH
    ps, cs = table.get(p.comparator, 1), table.get(c.comparator, 1)
    if cs == ps:
        return "carried", None
    return ("strengthened" if cs > ps else "weakened"), None


def _compare_targets(p: Target, c: Target) -> tuple[MatchStatus, str | None]:
    if p.quantity is None:
        return "carried", None
    if c.quantity is None:
        return "weakened", "the child states no figure"
    p_scoped = {q.scope: q for q in p.quantities if q.scope}
    c_scoped = {q.scope: q for q in c.quantities if q.scope}
    common = [s for s in p_scoped if s in c_scoped]
    if common:
        results = [_compare_quantity(p_scoped[s], c_scoped[s]) for s in common]
        statuses = [r[0] for r in results]
        note = f"compared at level(s): {', '.join(common)}"
        if "weakened" in statuses:
            return "weakened", note
        if "strengthened" in statuses:
            return "strengthened", note
        return "carried", note
    return _compare_quantity(p.quantity, c.quantity)


def _similarity(p: Target, c: Target) -> float:
    if p.area and c.area and p.area != c.area:
        return 0.0
    s = 0.6 * _dice(_tokens(p.subject), _tokens(c.subject)) + 0.4 * _dice(
        _tokens(p.text), _tokens(c.text)
    )
    if p.quantity and c.quantity and p.quantity.unit == c.quantity.unit:
        s += 0.05
    return min(s, 1.0)


def compare_targets(
    parent: Sequence[Target], child: Sequence[Target], *, threshold: float = 0.4
) -> list[TargetMatch]:
    """How each parent target is carried into the child plan.

    Targets are paired one to one, best similarity first (same area, similar
    subject and text); a parent target without a partner above ``threshold`` is
    ``dropped``. A paired target is ``weakened`` when the child's figure is
    weaker ("95%" for "Trên 99%", or no figure), ``strengthened`` when stronger,
    else ``carried``. The result follows the order of ``parent``.
    """
    pairs = sorted(
        ((_similarity(p, c), i, j) for i, p in enumerate(parent) for j, c in enumerate(child)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: dict[int, tuple[int, float]] = {}
    used_c: set[int] = set()
    for score, i, j in pairs:
        if score < threshold:
            break
        if i in used_p or j in used_c:
            continue
        used_p[i] = (j, score)
        used_c.add(j)
    out = []
    for i, p in enumerate(parent):
        if i not in used_p:
            out.append(TargetMatch(p, None, "dropped", 0.0, None))
            continue
        j, score = used_p[i]
        status, note = _compare_targets(p, child[j])
        out.append(TargetMatch(p, child[j], status, round(score, 3), note))
    return out
