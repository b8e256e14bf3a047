"""The structure of a plan for :mod:`parsers.mandates`: its parts (I. MỤC ĐÍCH…, II.
NHIỆM VỤ…, III. TỔ CHỨC THỰC HIỆN), area parts, a)/b) blocks and units, kept from the
segmented sections (OCR headings repaired, false headings dropped); the items of a block are
:mod:`parsers.plan_items`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from parsers.models import NormalizedText, SegmentedDocument
from parsers.normalize import fold
from parsers.offsets import bisect_offsets, bisect_offsets_many
from parsers.quantity import MEMO_CHARS

if TYPE_CHECKING:
    from parsers.plan_items import _Item

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


# A bullet at the start of a line: "- ", "+ ", "• ", OCR " - ", "o Hoan thanh",
# or a letter label "a) ", "đ) ". Runs on the text (the case of "o Hoan" matters).
_BULLET_BODY = r"[^\S\n]*(?:[-+•*∙●○◦]|o(?=[^\S\n]+\p{Lu})|[a-zđ]\))[^\S\n]+"
BULLET = regex.compile(rf"(?m)^{_BULLET_BODY}")


# A blank line between paragraphs.
PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\n\s*")


# A footnote-like line the segmenter took for a heading: "2 Nghi quyét s& 18-NQ/TW …"
CITATION_START = regex.compile(
    r"^\W*(?:nghi\s+quy|nghi\s+dinh|quy\S{0,2}t\s+dinh|k\S{1,2}\s+hoach|th\S{0,2}ng\s+t"
    r"|chi\s+thi|lu\S{0,2}t|cong\s+van|ket\s+lu)"
)


# A run of whitespace (collapsed to one space in titles and items).
WHITESPACE = regex.compile(r"\s+")


def squash(text: str) -> str:
    """``WHITESPACE.sub(" ", text).strip()``: whitespace runs as one space, none at the ends.
    By ``str.split`` (a scan of a character class by ``regex`` is many times slower) unless
    the text holds an information separator (U+001C to U+001F), whitespace to ``str.isspace``
    and not to the ``\\s`` of ``regex``."""
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        return WHITESPACE.sub(" ", text).strip()
    return " ".join(text.split())


# A label that is a bare number: "2" of a footnote "2 Nghị quyết số …" taken for a heading.
BARE_NUMBER = regex.compile(r"\s*\d+\s*")


BULLET_LABELS = frozenset({"-", "+", "•", "*", "∙", "●", "○", "◦", "o"})


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


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
    _folded_title: str | None = field(default=None, repr=False, compare=False)

    @property
    def folded_title(self) -> str:
        """``fold(self.title)``, computed once (titles do not change)."""
        folded = self._folded_title
        if folded is None:
            title = self.title
            folded = fold(title) if len(title) > MEMO_CHARS else _folded_title(title)
            self._folded_title = folded
        return folded


@lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    """``fold(title)``, remembered: plans repeat their headings."""
    return fold(title)


def _ordinal(label: str) -> int | None:
    core = label.strip().rstrip(".):").lower()
    if core.isdigit():
        return int(core)
    if core in ROMAN:
        return ROMAN[core]
    if len(core) == 1 and core.isalpha():
        return ord(core) - ord("a") + 1
    return None


@lru_cache(maxsize=4096)
def _label_number(label: str) -> tuple[int | None, bool]:
    """The ordinal of a label and whether it is a bare number (labels repeat: remembered)."""
    return _ordinal(label), BARE_NUMBER.fullmatch(label) is not None


def _roman(n: int) -> str:
    return {v: k for k, v in ROMAN.items()}.get(n, str(n)).upper()


class _Doc:
    """The normalised text with maps between original and normalised offsets."""

    def __init__(self, norm: NormalizedText, seg: SegmentedDocument) -> None:
        self.norm = norm
        self.text = norm.text
        self.folded = norm.folded
        self.offsets = norm.offsets
        self._norm_of: dict[int, int] = {}
        end = len(self.text)
        for o in (seg.recipients_start, seg.signature.start if seg.signature else None):
            if o is not None:
                end = min(end, self.to_norm(o))
        self.end = end
        self.excluded: list[tuple[int, int]] = [
            (self.to_norm(f.start), self.to_norm(f.end)) for f in seg.footnotes
        ]
        self._excluded_index: tuple[int, list[tuple[int, int]], list[int], list[int]] | None = None
        self.items_of: dict[tuple[int, int, int], list[_Item]] = {}  # plan_items._items

    def excluded_index(self) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """``excluded`` sorted, their starts, and the running maximum of their ends
        (non-decreasing): built once per state of ``excluded``."""
        cached = self._excluded_index
        if cached is None or cached[0] != len(self.excluded):
            spans = sorted(self.excluded)
            top: list[int] = []
            hi = -1
            for _, e in spans:
                hi = max(hi, e)
                top.append(hi)
            cached = self._excluded_index = (len(self.excluded), spans, [a for a, _ in spans], top)
        return cached[1], cached[2], cached[3]

    def in_excluded(self, pos: int) -> bool:
        """``any(s <= pos < e for s, e in excluded)``, by bisection."""
        if not self.excluded:
            return False
        _, starts, top = self.excluded_index()
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and top[i] > pos

    def within_excluded(self, start: int, end: int) -> bool:
        """``any(s <= start and end <= e for s, e in excluded)``, by bisection."""
        if not self.excluded:
            return False
        _, starts, top = self.excluded_index()
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and top[i] >= end

    def to_norm(self, original: int) -> int:
        """The normalised offset of an original one (remembered: sections share their ends)."""
        known = self._norm_of.get(original)
        if known is None:
            known = self._norm_of[original] = bisect_offsets(self.offsets, original, len(self.text))
        return known

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_original(start, end)

    def heading_end(self, node: _Node) -> int:
        """Where the body of a section begins: after its label and title."""
        text = self.text
        i = node.start
        j = text.find(node.label.strip(), i, i + len(node.label) + 8) if node.label else -1
        if j >= 0:
            i = j + len(node.label.strip())
        i = _after_title(text, i, node.title)
        if i < 0:  # title not found verbatim: the body starts on the next line
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
        return WHITESPACE.sub(" ", self.text[start:end]).strip(" :.")


def _after_title(text: str, i: int, title: str) -> int:
    """Where ``title`` ends if it stands at ``text[i:]`` whatever the whitespace and case (each
    non-space character of the title against the next non-space character of the text, both
    casefolded), else -1. One slice and split per window, not one step per character."""
    verbatim = title.strip()
    if not verbatim:
        return i
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    if text.startswith(verbatim, j):  # the usual case: the title as the text has it
        return j + len(verbatim)
    want = title.split()
    chars = "".join(want)
    need = len(chars)
    size = len(title) + 16
    while True:  # a window holding ``need`` non-space characters (or the rest of the text)
        got = text[i : i + size].split()
        if sum(map(len, got)) >= need or i + size >= len(text):
            break
        size *= 2
    have = "".join(got)[:need]
    if len(have) < need or (have != chars and not _same_casefold(have, chars)):
        return -1
    pos = i
    for piece in got:  # the end of the ``need``-th non-space character
        start = text.find(piece, pos)  # only whitespace between ``pos`` and the piece
        if need <= len(piece):
            return start + need
        need -= len(piece)
        pos = start + len(piece)
    return pos  # not reached: the pieces hold ``need`` characters


def _same_casefold(a: str, b: str) -> bool:
    """``all(x.casefold() == y.casefold() for x, y in zip(a, b))`` for ``len(a) == len(b)``,
    on whole strings when no character folds to several."""
    fa, fb = a.casefold(), b.casefold()
    if len(fa) == len(a) and len(fb) == len(b):
        return fa == fb
    return all(x.casefold() == y.casefold() for x, y in zip(a, b, strict=True))


def _structure(doc: _Doc, seg: SegmentedDocument) -> list[_Node]:
    """Structural sections: parts, area parts, blocks and units, with ends recomputed."""
    sections = [s for s in seg.sections if s.label.strip() not in BULLET_LABELS]
    hi = len(doc.text)
    starts = bisect_offsets_many(doc.offsets, [s.start for s in sections], hi)
    ends = bisect_offsets_many(doc.offsets, [s.end for s in sections], hi)
    raw = [
        _Node(s.path, s.label, s.title, s.level, a, b)
        for s, a, b in zip(sections, starts, ends, strict=True)
        if a < doc.end
    ]
    # 1. drop out-of-sequence or citation-like headings (OCR footnotes)
    kept: list[_Node] = []
    last: dict[str, int] = {}
    below: dict[str, set[str]] = {}  # path → the keys of ``last`` under it (no scan of ``last``)
    dropped_paths: set[str] = set()
    for n in raw:
        parent = n.path.rsplit(".", 1)[0] if "." in n.path else ""
        num, bare = _label_number(n.label)
        bogus = (
            parent in dropped_paths
            or (num is not None and num <= last.get(parent, 0))
            or (bare and bool(CITATION_START.match(n.folded_title)))
        )
        if bogus:
            dropped_paths.add(n.path)
            if bare or CITATION_START.match(n.folded_title):
                # the footnote text: up to a blank line or the next bullet
                brk = PARAGRAPH_BREAK.search(doc.text, n.start, n.end)
                stop = brk.start() if brk else n.end
                bullet = BULLET.search(doc.text, n.start + 1, stop)
                doc.excluded.append((n.start, bullet.start() if bullet else stop))
            continue
        dropped_paths.discard(n.path)
        if num is not None:
            last[parent] = num
            for ancestor in _ancestors(parent):
                below.setdefault(ancestor, set()).add(parent)
        for p in below.pop(n.path, ()):  # a new sibling restarts the numbering of children
            last.pop(p, None)
        kept.append(n)
    tops = [n for n in kept if n.level == 1]
    for n in tops:
        f = n.folded_title
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
            after = [n for n in raw if n.start > m.end()]  # read only: units are new nodes
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
                        and not (CITATION_START.match(n.folded_title))
                    ):
                        prev = num
                        units.append(_Node(f"{org.path}.{num}", n.label, n.title, 2, n.start,
                                           n.end))  # fmt: skip
            kept = [n for n in kept if n.start < org_start] + [org, *units]
    # non-organisation parts: only what precedes the organisation part
    kept.sort(key=lambda n: (n.start, n.level))
    # 3. ends: the next section at the same or a shallower level (one pass with a stack)
    open_: list[_Node] = []
    for m2 in kept:
        while open_ and open_[-1].level >= m2.level:
            open_.pop().end = min(m2.start, doc.end)
        open_.append(m2)
    for n in open_:
        n.end = doc.end
    return kept


@lru_cache(maxsize=4096)
def _ancestors(path: str) -> tuple[str, ...]:
    """The strict ancestors of a section path ("II.1.a" → ("II", "II.1")), remembered."""
    parts = path.split(".")
    return tuple(".".join(parts[:i]) for i in range(1, len(parts)))


@dataclass(frozen=True)
class Tree:
    """Parent and children of every structural section, computed once (sections are nested:
    each ends where the next one at its level or above starts)."""

    parents: dict[int, _Node | None]
    kids: dict[int, list[_Node]]

    def parent(self, node: _Node | None) -> _Node | None:
        return None if node is None else self.parents.get(id(node))

    def children(self, node: _Node) -> list[_Node]:
        """The sections one level below ``node`` in it (a list to read, not to change)."""
        return self.kids.get(id(node), [])


def tree(nodes: list[_Node]) -> Tree:
    """The :class:`Tree` of ``nodes`` (in document order, as :func:`_structure` returns them)."""
    parents: dict[int, _Node | None] = {}
    kids: dict[int, list[_Node]] = {}
    stack: list[_Node] = []
    for x in nodes:
        while stack and not (stack[-1].start <= x.start < stack[-1].end):
            stack.pop()
        up = stack[-1] if stack and stack[-1].level < x.level else None
        if up is None:
            up = next((p for p in reversed(stack) if p.level < x.level), None)
        parents[id(x)] = up
        if up is not None and x.level == up.level + 1:  # Tree.children: one level below
            kids.setdefault(id(up), []).append(x)
        stack.append(x)
    return Tree(parents, kids)
