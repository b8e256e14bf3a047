"""Checks on dates and years that need only the draft itself."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable

import regex

from graph.checks.base import Check, CheckContext, Finding, iter_matches, register, source_name
from graph.messages import Msg
from parsers.normalize import fold

ND30 = source_name("nd30")

# --------------------------------------------------------------------------- patterns
# All patterns run on the folded text (lower case, no diacritics, same length).

_YEAR = r"(?:19|20)\d\d"
# "31/02/2024", "32/1/2024", "15.7.2021", "12-5-2021"; not "45/2020/NĐ-CP" (no day part)
_NUMERIC_DATE = regex.compile(
    rf"(?<![\d/.\-])(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})"
    r"(?![\d/]|-\p{L}|\.\d)"
)
# "ngày 30 tháng 02 năm 2024"
_VERBAL_DATE = regex.compile(
    rf"(?<!\p{{L}})ngay\s+(?P<d>\d{{1,2}})\s+thang\s+(?P<m>\d{{1,2}})\s+nam\s+(?P<y>{_YEAR})"
    r"(?!\d)"
)
# "giai đoạn 2025-2021", "nhiệm kỳ 2021 - 2021", "thời kỳ 2021–2030", "từ năm 2025 đến năm 2021"
_PERIOD = regex.compile(
    rf"""(?<!\p{{L}})
    (?:
        (?P<cue>giai\s+doan|nhiem\s+ky|thoi\s+ky|nien\s+khoa|nam\s+hoc|khoa)
        \s+(?:tu\s+(?:nam\s+)?)?(?P<a>{_YEAR})\s*(?:-|den(?:\s+het)?(?:\s+nam)?)\s*(?P<b>{_YEAR})
      | tu\s+nam\s+(?P<a2>{_YEAR})\s*(?:-|den(?:\s+het)?(?:\s+nam)?)\s*(?P<b2>{_YEAR})
    )(?!\d)""",
    regex.VERBOSE,
)


def _date_problem(d: int, m: int, y: int) -> Msg | None:
    """Why day ``d`` of month ``m`` of ``y`` does not exist, or None."""
    if not 1 <= m <= 12:
        return Msg("checks.date-invalid.no-month", {"month": m})
    last = monthrange(y, m)[1]
    if not 1 <= d <= last:
        return Msg("checks.date-invalid.short-month", {"month": m, "year": y, "last": last})
    return None


@register
class DateInvalid(Check):
    code = "date-invalid"
    source_ids = ("calendar", "nd30")
    severity = "error"
    source = f"Lịch dương; {ND30}, Phụ lục I (cách ghi ngày, tháng, năm)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for pattern in (_NUMERIC_DATE, _VERBAL_DATE):
            for m, s, e in iter_matches(pattern, ctx):
                why = _date_problem(int(m["d"]), int(m["m"]), int(m["y"]))
                if why is None:
                    continue
                ev = ctx.text[s:e]
                yield ctx.finding(
                    self,
                    s,
                    e,
                    text=self.msg("impossible", evidence=ev, why=why),
                )
        for m, s, e in iter_matches(_PERIOD, ctx):
            a = int(m["a"] or m["a2"])
            b = int(m["b"] or m["b2"])
            if m["cue"] and regex.fullmatch(r"nam\s+hoc|nien\s+khoa", m["cue"]) and b == a + 1:
                continue
            if b > a:
                continue
            ev = ctx.text[s:e]
            kind, sugg = ("one-year", None) if b == a else ("reversed", f"{b}-{a}")
            yield ctx.finding(
                self, s, e, self.msg(kind, evidence=ev, start=a, end=b), suggestion=sugg
            )


# --------------------------------------------------------------------------- stale year

# "năm 2023" not followed by "-2025" (a period) nor preceded by a digit
_NAM_YEAR = regex.compile(rf"(?<!\p{{L}})nam\s+(?P<y>{_YEAR})(?!\d|\s*-\s*\d|\s*den\s)")
# words before the year that make it history or background, not a task of the plan
_BACKGROUND_BEFORE = regex.compile(
    r"""(?:ket\s+qua|so\s+voi|tu\s+nam|ke\s+tu|cung\s+ky|giai\s+doan|nam\s+truoc|
    tinh\s+den|den\s+het|den\s+nam|tong\s+ket|so\s+ket|danh\s+gia|bao\s+cao|da\s+dat|
    da\s+thuc\s+hien|da\s+hoan\s+thanh|nhiem\s+ky|chi\s+so|xep\s+hang|xep\s+loai|
    nam\s+qua|nhu\s+nam|vua\s+qua|truoc\s+day|ton\s+tai|han\s+che|cong\s+bo|
    trong\s+cac\s+nam|cac\s+nam|kiem\s+toan|thanh\s+tra|quyet\s+toan|ket\s+luan|
    nam\s+\d{4}\s*(?:,|va))""",
    regex.VERBOSE,
)
_BACKGROUND_AFTER = regex.compile(r"\s*,?\s*(?:da\s|vua\s+qua|truoc|tro\s+ve\s+truoc)")
# names of laws carry their year: "Luật Ban hành VBQPPL năm 2015" (on the non-folded text)
_LAW_NAME = regex.compile(r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp)\s+\p{Lu}")
_CLAUSE_START = regex.compile(r"[;.\n(:]")
STALE_WINDOW = 5  # years before the plan's year that may be left over from an earlier plan


@register
class StaleYear(Check):
    code = "stale-year"
    source_ids = ("kh-cchc-nam", "nq76")
    severity = "warning"
    source = "Kế hoạch CCHC hằng năm (Nghị quyết 76/NQ-CP; hướng dẫn của Bộ Nội vụ): kỳ kế hoạch"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        year = ctx.plan_year
        if year is None or not is_plan(ctx):
            return
        ntext, folded = ctx.norm.text, ctx.norm.folded
        for m, s, e in iter_matches(_NAM_YEAR, ctx):
            y = int(m["y"])
            if not year - STALE_WINDOW <= y < year:
                continue
            if s < ctx.body_start or s >= ctx.body_end or ctx.seg.in_footnote(s):
                continue
            if ctx.in_citation(s, e):
                continue
            clause = _clause_start(ntext, m.start())
            before = folded[max(clause, m.start() - 80) : m.start("y")]
            if _BACKGROUND_BEFORE.search(before):
                continue
            if _BACKGROUND_AFTER.match(folded, m.end()):
                continue
            if _LAW_NAME.search(ntext, max(clause, m.start() - 80), m.start()):
                continue
            ev = ctx.text[s:e]
            yield ctx.finding(
                self,
                s,
                e,
                text=self.msg("stale", evidence=ev, year=year),
                suggestion=f"năm {year}",
            )


PLAN_TYPES = frozenset({"KH", "CTr", "ĐA"})
# a decision issuing a plan: "Ban hành Kế hoạch …", "Phê duyệt Chương trình …"
_ISSUES_PLAN = regex.compile(
    r"(?:ve\s+viec\s+)?(?:ban\s+hanh|phe\s+duyet)\s+"
    r"(?:ke\s+hoach|chuong\s+trinh|de\s+an)"
)


def is_plan(ctx: CheckContext) -> bool:
    """A plan, a decision issuing one, or a document whose type the header does not say."""
    hdr = ctx.seg.header
    if hdr.symbol and "VBHN" in hdr.symbol.upper():
        return False
    if hdr.doc_type is None or hdr.doc_type in PLAN_TYPES:
        return True
    return bool(hdr.title and _ISSUES_PLAN.match(fold(hdr.title).strip()))


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos`` (after the last ; . newline ( or :)."""
    lo = max(0, pos - 300)
    last = lo
    for m in _CLAUSE_START.finditer(text, lo, pos):
        last = m.end()
    return last


# --------------------------------------------------------------------------- anachronism


@register
class CitationAnachronism(Check):
    code = "citation-anachronism"
    source_ids = ("nd30",)
    severity = "error"
    source = f"{ND30}, Điều 8 và Phụ lục I (thời gian ban hành); trình tự thời gian"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        own = ctx.latest_draft_date
        hdr = ctx.seg.header
        if own is None or (hdr.symbol and "VBHN" in hdr.symbol.upper()):
            return  # a consolidated text legitimately cites the later amending documents
        exact = ctx.draft_date is not None or ctx.seg.header.date is not None
        own_text = self.msg("own-day" if exact else "own-month", date=own)
        for c in ctx.citations:
            label = c.key or c.name or c.mention.text
            m = c.mention
            # "13/2024/TT-BLĐTBXH ngày 01/02/2025": a date in another year than the number's
            # is some other date (entry into force) attached by mistake: trust the number
            reliable = c.date is not None and (
                c.year_in_number is None or c.date.year == c.year_in_number
            )
            if reliable and c.date is not None and c.date > own:
                yield ctx.finding(
                    self,
                    m.start,
                    m.end,
                    text=self.msg("later-date", label=label, date=c.date, own=own_text),
                )
            elif c.year_in_number is not None and c.year_in_number > own.year:
                yield ctx.finding(
                    self,
                    m.start,
                    m.end,
                    text=self.msg("later-year", label=label, year=c.year_in_number, own=own.year),
                )
