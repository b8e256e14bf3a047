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

import itertools
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

import regex

from parsers.models import (
    Duty,
    Mandates,
    NormalizedText,
    Quantity,
    SegmentedDocument,
    Target,
    Task,
)
from parsers.normalize import fold
from parsers.plan import (
    WHITESPACE,
    _ancestors,
    _Doc,
    _folded_title,
    _label_number,
    _Node,
    _structure,
    squash,
    tree,
)
from parsers.plan_items import _clauses, _clean, _Item, _items
from parsers.quantity import MEMO_CHARS, _find_quantities, find_quantities
from parsers.targets import (
    ReformArea,
    _canonical,
    _classify_area,
    _subject_of,
    classify_area,
    compare_targets,
    load_reform_areas,
    subject_of,
)

__all__ = [
    "ReformArea",
    "classify_area",
    "compare_targets",
    "extract_mandates",
    "forget",
    "load_reform_areas",
    "subject_of",
]


# "a) Chỉ tiêu", "a) Mục tiêu", "Chỉ tiêu cụ thể", OCR "Chi ti€u", "Muc tiéu"
BLOCK_TARGETS = regex.compile(r"^\W*(?:cac\s+)?(?:chi|m\S{1,2}c)\s+ti\S{1,2}u(?!\w)")


# "b) Nhiệm vụ, giải pháp", OCR "Nhiém vy, gidi phap", "Nhi¢m vu, giai phap"
BLOCK_TASKS = regex.compile(r"^\W*(?:nhi\S{0,2}m\s+v\S{1,2}|gi\S{1,2}i\s+ph\S{1,2}p)")


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


# "Đề nghị" opening a unit name (folded): "đề nghị Sở Nội vụ" → "Sở Nội vụ"
UNIT_REQUEST = regex.compile(r"^de\s+nghi\s+")


# The full name of a people's committee at the start of a unit name → "UBND"
UNIT_COMMITTEE = regex.compile(r"(?i)^ủy ban nhân dân|^uỷ ban nhân dân")


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


def _targets_from_item(
    doc: _Doc, item: _Item, area: str | None, section: str, *, require_quantity: bool,
    in_task: bool = False,
) -> list[Target]:  # fmt: skip
    """One target per item, or one per clause when several clauses state a figure."""
    raw = doc.text[item.start : item.end]
    pieces: Sequence[_Piece]
    if doc.excluded:  # footnotes cut out of the clauses' text: this document's own
        pieces = _target_pieces(
            raw, require_quantity, in_task, lambda s, e: _clean(doc, item.start + s, item.start + e)
        )
    elif len(raw) > MEMO_CHARS:
        pieces = _item_targets.__wrapped__(raw, require_quantity, in_task)
    else:
        pieces = _item_targets(raw, require_quantity, in_task)
    out = []
    for s, e, text, found, subject in pieces:
        o_start, o_end = doc.span(item.start + s, item.start + e)
        out.append(
            Target(
                text=text,
                quantity=found[0][2] if found else None,
                area=area,
                section=section,
                start=o_start,
                end=o_end,
                subject=subject,
                quantities=tuple(q for _s, _e, q in found),
                in_task=in_task,
            )
        )
    return out


#: a target of an item: its clause's span in the item, text, quantities and subject
_Piece = tuple[int, int, str, tuple[tuple[int, int, Quantity], ...], str | None]


@lru_cache(maxsize=4096)
def _item_targets(raw: str, require_quantity: bool, in_task: bool) -> tuple[_Piece, ...]:
    """:func:`_target_pieces` of an item with no footnote in it, remembered for short items
    (district plans copy the province's targets; quantities and subjects are frozen)."""
    return tuple(_target_pieces(raw, require_quantity, in_task, lambda s, e: squash(raw[s:e])))


def _target_pieces(
    raw: str, require_quantity: bool, in_task: bool, clean: Callable[[int, int], str]
) -> list[_Piece]:
    """The targets of an item's text ``raw`` (``clean(s, e)``: the text of ``raw[s:e]``)."""
    clauses = _clauses(raw)
    in_clauses = [find_quantities(raw[s:e]) for s, e in clauses]
    if in_task:
        # a target inside a task: a clause that begins with a percentage
        spans = [
            span
            for span, found in zip(clauses, in_clauses, strict=True)
            if found and found[0][0] <= 2 and found[0][2].unit == "%"
        ]
    elif sum(1 for found in in_clauses if found) >= 2:
        spans = clauses
    else:
        spans = [(0, len(raw))]
    known = dict(zip(clauses, in_clauses, strict=True))
    out: list[_Piece] = []
    for s, e in spans:
        text = clean(s, e)
        if not text:
            continue
        # the clause's quantities when the cleaned text is the clause itself
        found = known[s, e] if (s, e) in known and text == raw[s:e] else find_quantities(text)
        if require_quantity and not found:
            continue
        subject = subject_of(text, (found[0][0], found[0][1]) if found else None)
        out.append((s, e, text, tuple(found), subject))
    return out


@lru_cache(maxsize=4096)
def _units(unit_text: str) -> tuple[str, ...]:
    """Normalised unit names of a unit heading (remembered: plans address the same units)."""
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
        fpiece = UNIT_REQUEST.sub("", fpiece)
        piece = piece[len(piece) - len(fpiece) :] if len(fpiece) < len(piece) else piece
        name = next((n for p, n in CANONICAL_UNITS if p.fullmatch(fpiece)), None)
        if name is None:
            name = _canonical(piece)
            name = UNIT_COMMITTEE.sub("UBND", name)
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


@lru_cache(maxsize=4096)
def _asks(action: str) -> tuple[bool, date | None, bool]:
    """What a duty's action asks: its own plan, a deadline, all the areas (remembered for
    short actions: plans repeat their requests)."""
    folded = fold(action)
    return bool(REQUIRES_PLAN.search(folded)), _deadline(folded), bool(ALL_AREAS.search(folded))


def _duty(doc: _Doc, unit_text: str, start: int, end: int, section: str) -> Duty:
    action = _clean(doc, start, end)
    plan, deadline, all_areas = (_asks.__wrapped__ if len(action) > MEMO_CHARS else _asks)(action)
    o_start, o_end = doc.span(start, end)
    return Duty(
        unit_text=WHITESPACE.sub(" ", unit_text).strip(" :"),
        units=_units(unit_text),
        action=action,
        requires_plan=plan,
        deadline=deadline,
        requires_all_areas=all_areas,
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
        if not item.bullet and i == len(items) - 1 and i > 0 and CLOSING.search(fold(item.text)):
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
    shape = tree(nodes)
    targets: list[Target] = []
    tasks: list[Task] = []
    duties: list[Duty] = []

    def area_of(node: _Node | None) -> str | None:
        while node is not None and node.level > 1:
            a = classify_area(node.title)
            if a:
                return a
            node = shape.parent(node)
        return None

    blocks: dict[int, str | None] = {}  # id(node) → "targets", "tasks" or None, once a node

    def block(node: _Node) -> str | None:
        known = blocks.get(id(node), "")
        if known == "":
            f = node.folded_title
            known = blocks[id(node)] = (
                "targets" if BLOCK_TARGETS.match(f) else "tasks" if BLOCK_TASKS.match(f) else None
            )
        return known

    def collect(node: _Node, kind: str, area: str | None, in_purpose: bool) -> None:
        children = shape.children(node)
        if node.level != 1 or in_purpose:
            children = [c for c in children if block(c)]
        pos = doc.heading_end(node) if node.level > 0 else node.start
        path = node.path
        for c in [*children, None]:
            s, e = (pos, c.start) if c is not None else (pos, node.end)
            if c is not None:
                pos = c.end
            if s >= e:
                continue  # an empty gap between two children
            for item in _items(doc, s, e):
                if kind == "targets":
                    targets.extend(
                        _targets_from_item(doc, item, area or classify_area(item.text, title=False),
                                           path, require_quantity=in_purpose)
                    )  # fmt: skip
                elif not in_purpose:
                    item_area = area or classify_area(item.text, title=False)
                    o_start, o_end = doc.span(item.start, item.end)
                    tasks.append(Task(item.text, item_area, path, o_start, o_end))
                    targets.extend(
                        _targets_from_item(doc, item, item_area, path,
                                           require_quantity=True, in_task=True)
                    )  # fmt: skip
        for c in children:
            child_area = area or (classify_area(c.title) if c.level == 2 else None)
            collect(c, block(c) or kind, child_area, in_purpose)

    tops = [n for n in nodes if n.level == 1]
    org_start = _org_start(nodes)
    starts = [n.start for n in nodes]
    in_order = all(a <= b for a, b in itertools.pairwise(starts))
    for part in tops:
        if part.kind == "tasks" or (part.kind == "other" and part.start < org_start):
            collect(part, "tasks", None, in_purpose=False)
        elif part.kind == "purpose":
            # only explicit target blocks, and only their items with a figure; the nodes
            # that start inside the part (found by bisection: one scan per part was
            # quadratic in a document of many chapters)
            inside = (
                nodes[bisect_left(starts, part.start) : bisect_left(starts, part.end)]
                if in_order
                else [c for c in nodes if part.start <= c.start < part.end]
            )
            for c in inside:
                if c.level > 1 and BLOCK_TARGETS.match(c.folded_title):
                    collect(c, "targets", area_of(shape.parent(c)), in_purpose=True)
        elif part.kind == "organisation":
            units = shape.children(part)
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


def forget() -> None:
    """Empty what the plan stages remember of the texts they have seen (the quantities,
    areas and subjects of texts, the targets of items, unit names, labels and paths): for
    benchmarks of a first pass and for tests."""
    for remembered in (
        _find_quantities, _classify_area, _subject_of, _item_targets, _units, _asks,
        _label_number, _ancestors, _folded_title,
    ):  # fmt: skip
        remembered.cache_clear()
