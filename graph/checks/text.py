"""Checks on the wording of the draft."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import regex

from graph.checks.base import Check, CheckContext, Finding, register
from graph.checks.dates import is_plan
from parsers.models import Section
from parsers.normalize import fold

MIN_WORDS = 12  # a shorter identical sentence may be a legitimate formula

_SENTENCE_END = regex.compile(r"[.;!?](?=\s|$)|\n")
_LEAD = regex.compile(r"[\s\-+*•–]*(?:[a-zđ]\)\s*)?")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*")
_IMPLEMENTATION = regex.compile(r"to\s+chuc\s+thuc\s+hien")


def implementation_section(ctx: CheckContext) -> Section | None:
    """The section "TỔ CHỨC THỰC HIỆN" (section III of a CCHC plan), the outermost one."""
    best: Section | None = None
    for s in ctx.sections:
        if _IMPLEMENTATION.search(fold(s.title)) and (best is None or s.level < best.level):
            best = s
    return best


def unit_headings(ctx: CheckContext, parent: Section) -> list[tuple[Section, int]]:
    """The numbered children of ``parent`` (one per unit) with the end of each one's text."""
    kids = [
        s
        for s in ctx.sections
        if s is not parent and ctx.parent_of(s) == parent and s.label.strip() not in "-+*•"
    ]
    out: list[tuple[Section, int]] = []
    for i, k in enumerate(kids):
        end = kids[i + 1].start if i + 1 < len(kids) else min(parent.end, ctx.body_end)
        out.append((k, max(end, k.start)))
    return out


def _key(sentence: str) -> str:
    s = unicodedata.normalize("NFC", sentence).casefold()
    return " ".join(_WORD.findall(s))


@register
class DuplicateText(Check):
    code = "duplicate-text"
    source_ids = ("nq76",)
    severity = "warning"
    source = "Nghị quyết 76/NQ-CP (phân công trách nhiệm thực hiện); bố cục kế hoạch CCHC"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        if not is_plan(ctx):
            return
        impl = implementation_section(ctx)
        if impl is None:
            return
        units = unit_headings(ctx, impl)
        if len(units) < 2:
            return
        text = ctx.text
        seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # key -> (unit, s, e)
        for ui, (unit, end) in enumerate(units):
            body_start = ctx.line_span(unit.start)[1]  # after the heading line
            pos = body_start
            for m in _SENTENCE_END.finditer(text, body_start, end):
                self._add(text, pos, m.start() + (m.group() != "\n"), ui, seen)
                pos = m.end()
            self._add(text, pos, end, ui, seen)
        for occurrences in seen.values():
            first_unit = occurrences[0][0]
            if all(u == first_unit for u, _, _ in occurrences):
                continue
            first, _ = units[first_unit]
            n_units = len({u for u, _, _ in occurrences})
            reported: set[int] = set()
            for u, s, e in occurrences[1:]:
                if u == first_unit or u in reported:
                    continue
                reported.add(u)
                name = " ".join(first.title.split()) or first.path
                yield ctx.finding(
                    self,
                    s,
                    e,
                    text=self.msg("copied", name=name, section=first.path, units=n_units),
                    suggestion=f"Xóa câu này, hoặc ghi: “Phối hợp với {name} …”",
                )

    @staticmethod
    def _add(
        text: str, s: int, e: int, unit: int, seen: dict[str, list[tuple[int, int, int]]]
    ) -> None:
        lead = _LEAD.match(text, s, e)
        if lead:
            s = lead.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        key = _key(text[s:e])
        # "Phối hợp với …" is a coordination duty several units legitimately share
        if len(key.split()) >= MIN_WORDS and not fold(key).startswith("phoi hop"):
            seen[key].append((unit, s, e))
