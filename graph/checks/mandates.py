"""Knowledge checks of a draft against its parent plans: missing parent, uncovered areas,
dropped or weakened targets, missed deadline (family ``knowledge``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from typing import Any

import regex

from graph import units
from graph.analysis.coverage import read_mandates
from graph.analysis.documents import shown
from graph.checks.base import CheckContext, Finding, register
from graph.checks.dates import is_plan
from graph.checks.knowledge import (
    Knowledge,
    KnowledgeCheck,
    Parent,
    Verdict,
    state,
    verdict,
    vi_date,
)
from graph.messages import Msg, Pair
from parsers.mandates import compare_targets, extract_mandates, load_reform_areas
from parsers.models import Duty, Mandates, Quantity, Target
from parsers.normalize import fold, title_key

# --------------------------------------------------------------------------- parent plans


_SUBJECT_STOP = frozenset(
    {
        "nam",
        "giai",
        "doan",
        "tren",
        "dia",
        "ban",
        "tinh",
        "huyen",
        "thanh",
        "pho",
        "thi",
        "xa",
        "quan",
        "phuong",
        "tran",
        "ke",
        "hoach",
        "cua",
        "ve",
        "viec",
        "nha",
        "nuoc",
        "va",
        "trong",
        "thuc",
        "hien",
    }
)


def _subject(title: str | None, unit_names: Iterable[str]) -> set[str]:
    key = title_key(title)
    for name in unit_names:
        n = title_key(name)
        if n:
            key = regex.sub(rf"\b{regex.escape(n)}\b", " ", key)
    return {w for w in key.split() if w not in _SUBJECT_STOP and not w.isdigit()}


def _same_subject(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return a == b or 2 * len(a & b) / (len(a) + len(b)) >= 0.85


_LEVEL_WORDS = {
    "district": r"\b(?:huyen|quan|thi xa|thanh pho|dia phuong)\b",
    "commune": r"\b(?:xa|phuong|thi tran|dac khu|dia phuong)\b",
}


def _addresses(duty: Duty, level: str) -> bool:
    pattern = _LEVEL_WORDS.get(level)
    return bool(pattern and regex.search(pattern, fold(" ".join(duty.units) or duty.unit_text)))


def _parent_jurisdiction(jur: str, level: str, on: date | None) -> str | None:
    parts = jur.split("-")
    if level == "district" and len(parts) == 3:
        prov = units.province(parts[1], on)
        return prov.jurisdiction if prov is not None else "-".join(parts[:2])
    if level == "commune" and len(parts) >= 4:
        return "-".join(parts[:-1])
    return None


def parent_mandates(iri: str, kb: Knowledge) -> Mandates | None:
    """The mandates of the higher plan ``iri``, as the store holds them (None without a duty:
    nothing to check against). No file is read, so a remote store runs these checks too."""
    mandates = read_mandates(kb.store, iri)
    return mandates if mandates.duties else None


def parents(ctx: CheckContext) -> list[Parent]:
    """The higher plans of the draft's parent unit, same year and subject, that require the
    draft's unit to issue its plan."""
    st = state(ctx)
    if st.parents is not None:
        return st.parents
    st.parents = []
    own = st.extraction.document
    if not is_plan(ctx) or own.issuer is None or own.year is None:
        return st.parents
    level = own.issuer.level
    jur = _parent_jurisdiction(own.issuer.jurisdiction, level, own.date)
    if jur is None:
        return st.parents
    names = [n for n in (own.issuer.unit_name or "",) if n]
    prov = units.province(jur.split("-")[1], own.date) if len(jur.split("-")) >= 2 else None
    if prov is not None:
        names.append(prov.short_name)
    if own.issuer.unit_name:
        names.append(
            regex.sub(
                r"(?i)^(?:huyện|quận|thị xã|thành phố|xã|phường)\s+", "", own.issuer.unit_name
            )
        )
    draft_subject = _subject(own.title, names)
    cited_iris = {rc.document.iri for rc in st.extraction.citations}
    seen: set[str] = set()
    for row in st.kb.unit_plans(jur, own.year):
        iri = str(row["plan"])
        if iri in seen:
            continue
        seen.add(iri)
        f = st.kb.facts(iri)
        if f is None:
            continue
        if not any(_same_subject(draft_subject, _subject(t, names)) for t in f.titles):
            continue
        src = str(row["src"])
        mandates = parent_mandates(iri, st.kb)
        if mandates is None:
            continue
        duty = next((d for d in mandates.duties if d.requires_plan and _addresses(d, level)), None)
        if duty is None:
            continue
        cited = iri in cited_iris or any(
            _names(verdict(st, rc.document), iri) for rc in st.extraction.citations
        )
        st.parents.append(Parent(iri, f, src, mandates, duty, cited))
    return st.parents


def _names(v: Verdict, iri: str) -> bool:
    """Whether a citation means the document ``iri``, rightly or with a mistake that another
    finding (citation-conflict, citation-unresolved) already reports."""
    if v.facts is not None and v.facts.iri == iri:
        return True
    return v.kind == "close" and bool(v.candidates) and v.candidates[0].facts.iri == iri


def draft_mandates(ctx: CheckContext) -> Mandates:
    st = state(ctx)
    if st.draft_mandates is None:
        st.draft_mandates = extract_mandates(ctx.norm, ctx.seg)
    return st.draft_mandates


def target_matches(ctx: CheckContext) -> list[tuple[Parent, Any]]:
    """Each binding target of each parent plan paired with the draft's (compared once for
    target-dropped and target-weakened)."""
    st = state(ctx)
    if st.target_matches is None:
        own = st.extraction.document
        level = own.issuer.level if own.issuer else "district"
        draft = draft_mandates(ctx)
        st.target_matches = [
            (p, m)
            for p in parents(ctx)
            for m in compare_targets(
                [t for t in p.mandates.targets if _applies_to(t, level)], draft.targets
            )
        ]
    return st.target_matches


def _first_body_line(ctx: CheckContext) -> tuple[int, int]:
    """The first non-empty line after the header (the basis paragraph of a plan)."""
    m = regex.compile(r"\S").search(ctx.text, ctx.body_start)
    s = m.start() if m else 0
    return s, ctx.line_span(s)[1]


@register
class MissingParent(KnowledgeCheck):
    code = "missing-parent"
    source_ids = ("nq76", "kh-cchc-tinh")
    severity = "error"
    source = "Nghị quyết 76/NQ-CP; mục III (Tổ chức thực hiện) của kế hoạch CCHC cấp tỉnh"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for p in parents(ctx):
            if p.cited:
                continue
            s, e = _first_body_line(ctx)
            yield ctx.finding(
                self,
                s,
                e,
                self.msg(
                    "not-cited",
                    phrase=p.phrase(),
                    label=p.label,
                    issuer=p.facts.issuer_name,
                    section=p.duty.section,
                    unit=p.duty.unit_text,
                ),
                suggestion=f"Thực hiện {p.phrase()}",
            )


def _tasks_heading(ctx: CheckContext) -> tuple[int, int, str | None]:
    """The section II heading (NHIỆM VỤ, GIẢI PHÁP), where a missing area belongs."""
    best = None
    for s in ctx.sections:
        if regex.search(r"nhiem\s+vu", fold(s.title)) and (best is None or s.level < best.level):
            best = s
    if best is None:
        s0, e0 = _first_body_line(ctx)
        return s0, e0, None
    return best.start, ctx.line_span(best.start)[1], best.path


@register
class AreaMissing(KnowledgeCheck):
    code = "area-missing"
    source_ids = ("nq76",)
    severity = "error"
    source = "Nghị quyết 76/NQ-CP (Chương trình tổng thể CCHC 2021-2030), sáu nội dung cải cách"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:

        requiring = [p for p in parents(ctx) if p.duty.requires_all_areas]
        if not requiring:
            return
        p = requiring[0]
        covered = set(draft_mandates(ctx).areas_covered)
        s, e, path = _tasks_heading(ctx)
        for area in load_reform_areas():
            if area.cross_cutting or area.id in covered:
                continue
            yield ctx.finding(
                self,
                s,
                e,
                section=path,
                text=self.msg(
                    "lacks",
                    area=Pair(area.vi, area.en),
                    label=p.label,
                    section=p.duty.section,
                ),
                suggestion=f"Bổ sung phần “{area.vi}” (chỉ tiêu và nhiệm vụ, giải pháp) vào mục "
                f"{path or 'II'}",
            )


# --------------------------------------------------------------------------- targets

_FIGURE_WORDS = {
    "gt": "Trên",
    "ge": "Tối thiểu",
    "le": "Tối đa",
    "lt": "Dưới",
    "reduce": "Giảm",
    "increase": "Tăng",
}


def _num(v: float) -> str:
    return (f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))).replace(".", ",")


def figure(q: Quantity) -> str:
    """A parent's figure, written cleanly whatever OCR did to it: "Trên 99%", "giảm 6,17%"."""
    if q.comparator == "rank_top":
        return f"nhóm {_num(q.value)} {q.unit} có chỉ số cao nhất"
    unit = q.unit if q.unit == "%" else f" {q.unit}"
    out = f"{_num(q.value)}{unit}"
    word = _FIGURE_WORDS.get(q.comparator or "")
    if word:
        out = f"{word} {out}"
    if q.base_year:
        out += f" so với năm {q.base_year}"
    return out


_SCOPE_VI = {"tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã"}


def _applies_to(t: Target, level: str) -> bool:
    """Whether a parent target binds a lower unit (not a province's own ranking or figure)."""
    if t.quantity is None:
        return False
    if all(q.comparator == "rank_top" and fold(q.unit) == "tinh" for q in t.quantities):
        return False  # a rank among provinces (PAR INDEX, SIPAS, PAPI) is the province's own
    scopes = {q.scope for q in t.quantities if q.scope}
    lower = regex.search(r"\b(?:huyen|xa|cac cap)\b", fold(t.text))
    return not (scopes == {"tinh"} and not lower)


def _short(text: str, n: int = 160) -> str:
    s = " ".join(text.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _block_anchor(
    ctx: CheckContext, area: str | None, draft: Mandates
) -> tuple[int, int, str | None]:
    """Where a dropped target belongs: the draft's target block of the same area."""
    for t in draft.targets:
        if t.area == area and not t.in_task:
            sec = next((s for s in ctx.sections if s.path == t.section), None)
            if sec is not None:
                return sec.start, ctx.line_span(sec.start)[1], sec.path
    return _tasks_heading(ctx)


@register
class TargetDropped(KnowledgeCheck):
    code = "target-dropped"
    source_ids = ("kh-cchc-tinh",)
    severity = "warning"
    source = "Kế hoạch CCHC cấp tỉnh, mục III (cụ thể hóa mục tiêu, chỉ tiêu của kế hoạch)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        draft = draft_mandates(ctx)
        for p, m in target_matches(ctx):
            if m.status != "dropped":
                continue
            s, e, path = _block_anchor(ctx, m.parent.area, draft)
            figs = ", ".join(figure(q) for q in m.parent.quantities)
            # OCR text of the parent shown restored, marked, the original beside it
            text = shown(m.parent.text, (ctx.text,))
            mark: Msg | str = (
                Msg(
                    "restored.after",
                    {"mark": Msg("restored.mark", {"original": _short(text.original)})},
                )
                if text.restored
                else ""
            )
            yield ctx.finding(
                self,
                s,
                e,
                section=path,
                text=self.msg(
                    "dropped",
                    label=p.label,
                    section=m.parent.section,
                    figures=figs,
                    target=_short(text.text),
                    mark=mark,
                ),
                suggestion=f"Bổ sung chỉ tiêu: {_short(text.text, 300)}",
            )


@register
class TargetWeakened(KnowledgeCheck):
    code = "target-weakened"
    source_ids = ("kh-cchc-tinh",)
    severity = "error"
    source = "Kế hoạch CCHC cấp tỉnh, mục III (cụ thể hóa mục tiêu, chỉ tiêu của kế hoạch)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for p, m in target_matches(ctx):
            if m.status != "weakened" or m.child is None:
                continue
            pq, cq = _compared(m.parent, m.child)
            if pq is None:
                continue
            cfig = figure(cq) if cq else self.msg("no-figure")
            pfig = figure(pq)
            s, e = m.child.start, m.child.end
            yield ctx.finding(
                self,
                s,
                e,
                text=self.msg(
                    "weaker",
                    draft=cfig,
                    label=p.label,
                    section=m.parent.section,
                    parent=pfig,
                ),
                suggestion=pfig,
            )


def _compared(p: Target, c: Target) -> tuple[Quantity | None, Quantity | None]:
    """The parent's and the child's quantity that were compared (same scope when both say)."""
    p_scoped = {q.scope: q for q in p.quantities if q.scope}
    c_scoped = {q.scope: q for q in c.quantities if q.scope}
    for scope in p_scoped:
        if scope in c_scoped:
            pq, cq = p_scoped[scope], c_scoped[scope]
            if (pq.value, pq.comparator) != (cq.value, cq.comparator):
                return pq, cq
    return p.quantity, c.quantity


# --------------------------------------------------------------------------- deadline

_HEADER_DATE = regex.compile(
    r"(?m)^[^\S\n]*[^\W\d][^\n,]{0,40},[^\S\n]*ngay\b[^\n]*?nam[^\S\n]*(?:19|20)\d\d"
)


@register
class DeadlineMissed(KnowledgeCheck):
    code = "deadline-missed"
    source_ids = ("kh-cchc-tinh",)
    severity = "error"
    source = "Kế hoạch CCHC cấp tỉnh, mục III (“Thời điểm ban hành Kế hoạch chậm nhất ngày …”)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        on = ctx.draft_date or ctx.seg.header.date
        if on is None:
            return
        for p in parents(ctx):
            dl = p.duty.deadline
            if dl is None or on <= dl:
                continue
            s, e = self._where(ctx)
            late = (on - dl).days
            yield ctx.finding(
                self,
                s,
                e,
                section=None,
                text=self.msg(
                    "late", on=on, late=late, deadline=dl, label=p.label, section=p.duty.section
                ),
                suggestion=f"Ban hành chậm nhất ngày {vi_date(dl)}",
            )

    @staticmethod
    def _where(ctx: CheckContext) -> tuple[int, int]:
        hdr = ctx.seg.header
        hi = len(ctx.norm.folded)
        if hdr.end > hdr.start:
            hi = min(hi, bisect.bisect_left(ctx.norm.offsets, hdr.end) + 200)
        m = _HEADER_DATE.search(ctx.norm.folded, 0, min(hi, 3000))
        if m:
            a = m.start() + len(m.group()) - len(m.group().lstrip())
            return ctx.norm.to_original(a, m.end())
        return _first_body_line(ctx)
