"""Knowledge checks of a draft's citations: unknown, contradicted, wrong issuer, superseded.

Each asks the store through :mod:`graph.checks.knowledge` (the facts of a cited document are
those :mod:`graph.analysis.documents` chooses).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import regex

from graph.checks.base import Check, CheckContext, Finding, register, source_name
from graph.checks.knowledge import (
    Facts,
    KnowledgeCheck,
    State,
    Verdict,
    as_date,
    as_int,
    date_span,
    mentions,
    span_of,
    state,
    title_years,
    type_code,
    verdict,
    vi_date,
)
from graph.messages import Msg
from graph.models import ResolvedCitation
from graph.resolve import agent_code
from parsers.models import SUPERSESSION_ORDER, Citation, relation_rank
from parsers.normalize import fold
from parsers.vocab import cannot_change_types, issuer_families, load_vocabulary

ND30 = source_name("nd30")


@register
class CitationUnresolved(KnowledgeCheck):
    code = "citation-unresolved"
    source_ids = ("nd30", "vbkg")
    severity = "info"
    source = f"{ND30}, Điều 8 (số, ký hiệu văn bản); kho dữ liệu vbkg"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        st = state(ctx)
        for rc in st.extraction.citations:
            doc = rc.document
            if doc.key is None:
                continue  # a document cited by name: nothing to mistype
            v = verdict(st, doc)
            if v.kind not in ("close", "unknown"):
                continue
            cit = next(mentions(st, rc), None)
            if cit is None:
                continue
            start, end = date_span(ctx, cit)
            label = cit.key or doc.key
            if v.kind == "unknown":
                yield ctx.finding(
                    self,
                    start,
                    end,
                    text=self.msg("unknown", label=label),
                )
                continue
            best = v.candidates[0]
            phrase = best.facts.phrase(best.doc_type)
            title = best.facts.display_title
            about = _about(title)
            yield ctx.finding(
                self,
                start,
                end,
                severity="warning",
                text=self.msg(
                    "close", label=label, phrase=phrase, about=about, why=self.msg(f"{best.why}")
                ),
                suggestion=phrase,
            )


def _about(title: str | None) -> str:
    """ " về <title>": the rest of a document's Vietnamese phrase, as the document reads."""
    return f" về {title}" if title else ""


@register
class CitationConflict(KnowledgeCheck):
    code = "citation-conflict"
    source_ids = ("nd30",)
    severity = "error"
    source = f"{ND30}, Điều 8 và Phụ lục I (số, ký hiệu, ngày, trích yếu)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        st = state(ctx)
        for rc in st.extraction.citations:
            doc = rc.document
            v = verdict(st, doc)
            if v.facts is None:
                continue
            if v.kind in ("conflict-year", "conflict-issuer"):
                yield from self._identity(ctx, st, rc, v)
            elif v.kind in ("known", "numberless"):
                yield from self._facts(ctx, st, rc, v.facts)

    def _source_words(self, f: Facts, own: bool, n: int) -> Msg:
        if own:
            return self.msg("own-source", source=f.own_source or "")
        return self.msg("other-sources", n=n)

    def _when(self, d: date | None, year: object) -> Msg:
        return self.msg("on-day", date=d) if d else self.msg("in-year", year=year)

    def _facts(
        self, ctx: CheckContext, st: State, rc: ResolvedCitation, f: Facts
    ) -> Iterator[Finding]:
        kb_date, own, n = f.date
        phrase = f.phrase(rc.document.doc_type, rc.document.key)
        for cit in mentions(st, rc):
            label = cit.key or rc.document.key or cit.mention.text
            if kb_date is not None and cit.date is not None and cit.date != kb_date:
                what = self.msg("what-year" if cit.date.year != kb_date.year else "what-day")
                start, end = date_span(ctx, cit)
                yield ctx.finding(
                    self,
                    start,
                    end,
                    text=self.msg(
                        "wrong-date",
                        what=what,
                        label=label,
                        cited=cit.date,
                        source=self._source_words(f, own, n),
                        kb=kb_date,
                    ),
                    suggestion=f"{cit.mention.text} ngày {vi_date(kb_date)}",
                )
            cited_years = title_years(cit.title)
            kb_title = f.title
            kb_years = title_years(kb_title)
            if (
                cited_years
                and kb_years
                and not (cited_years <= kb_years or kb_years <= cited_years)
            ):
                start, end = span_of(ctx, cit)
                shown = f.display_title or kb_title
                yield ctx.finding(
                    self,
                    start,
                    end,
                    text=self.msg("wrong-title", label=label, cited=cit.title, title=shown),
                    suggestion=f"{phrase} về {shown}",
                )

    def _identity(
        self, ctx: CheckContext, st: State, rc: ResolvedCitation, v: Verdict
    ) -> Iterator[Finding]:
        f = v.facts
        assert f is not None
        doc = rc.document
        phrase = f.phrase(doc.doc_type, doc.key)
        title = f.display_title
        for cit in mentions(st, rc):
            label = cit.key or doc.key or cit.mention.text
            start, end = date_span(ctx, cit) if v.kind == "conflict-year" else span_of(ctx, cit)
            if v.kind == "conflict-year":
                kb_d, _own, _n = f.date
                text = self.msg(
                    "wrong-year",
                    label=label,
                    cited=self._when(cit.date, doc.year),
                    title=title,
                    phrase=phrase,
                    when=self._when(kb_d, f.year),
                )
            else:
                cited_by = doc.issuer.name if doc.issuer else (cit.issuer or "?")
                text = self.msg(
                    "wrong-issuer", label=label, cited=cited_by, title=title, phrase=phrase
                )
            yield ctx.finding(self, start, end, text, suggestion=phrase)


# --------------------------------------------------------------------------- issuer vs symbol


def _family_of_name(name: str) -> str | None:
    f = fold(name).strip()
    for prefix, fam in issuer_families().of_name:
        if f == prefix or f.startswith(prefix + " "):
            return fam

    for ic in load_vocabulary().issuer_codes:  # a ministry or department by its name
        if ic.level in ("central", "province") and fold(ic.name) == f:
            return f"code:{ic.code}"
    return None


def _family_of_symbol(symbol: str | None) -> str | None:

    code = agent_code(symbol)
    if code is None:
        return None
    family = issuer_families().of_code.get(code)
    if family is not None:
        return family
    if regex.fullmatch(r"QH\d*", code):
        return "qh"

    ic = load_vocabulary().issuer_code(fold(code))
    if ic is not None and ic.level in ("central", "province"):
        return f"code:{ic.code}"
    return None


def _issuer_words(ctx: CheckContext, cit: Citation, a: int, b: int) -> tuple[int, int] | None:
    """Where "của <issuer>" stands within the citation's span."""
    name = cit.issuer or ""
    words = [w for w in fold(name).split() if w]
    if not words:
        return None

    lo = bisect.bisect_left(ctx.norm.offsets, a)
    folded = ctx.norm.folded
    pattern = regex.compile(r"cua\s+" + r"\s+".join(regex.escape(w) for w in words))
    hi = min(len(folded), lo + (b - a) + 40)
    m = pattern.search(folded, lo, hi)
    if not m:
        return None
    return ctx.norm.to_original(m.start(), m.end())


@register
class CitationIssuerMismatch(Check):
    family = "knowledge"
    code = "citation-issuer-mismatch"
    source_ids = ("nd30", "luat-bhvbqppl")
    severity = "error"
    source = (
        f"{ND30}, Phụ lục I (ký hiệu văn bản: chữ viết tắt tên loại và tên cơ quan "
        f"ban hành); Luật Ban hành văn bản QPPL 2015 (thẩm quyền ban hành)"
    )
    needs_store = False

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for cit in ctx.citations:
            if not cit.symbol or not cit.issuer:
                continue
            by_symbol = _family_of_symbol(cit.symbol)
            by_text = _family_of_name(cit.issuer)
            if by_symbol is None or by_text is None or by_symbol == by_text:
                continue
            a, b = span_of(ctx, cit)
            where = _issuer_words(ctx, cit, a, b)
            start, end = (cit.mention.start, where[1]) if where else (a, b)
            right = _symbol_issuer_name(by_symbol, cit.issuer)
            label = cit.key or cit.mention.text
            yield ctx.finding(
                self,
                start,
                end,
                text=self.msg(
                    "mismatch", label=label, symbol=cit.symbol, right=right, stated=cit.issuer
                ),
                suggestion=f"của {right}",
            )


def _symbol_issuer_name(family: str, stated: str) -> str:
    if family.startswith("code:"):
        ic = load_vocabulary().issuer_code(fold(family[5:]))
        return ic.name if ic else family[5:]
    name = issuer_families().name.get(family, family)
    if family in ("ubnd", "hdnd"):  # keep the level the draft wrote: "HĐND tỉnh" → "UBND tỉnh"
        m = regex.search(r"(?i)\b(tỉnh|huyện|thành phố|thị xã|xã|phường)\b.*$", stated)
        if m:
            return f"{name} {m.group(0)}"
    return name


# --------------------------------------------------------------------------- superseded


@register
class CitationSuperseded(KnowledgeCheck):
    code = "citation-superseded"
    source_ids = ("luat-bhvbqppl", "vbkg")
    severity = "warning"
    source = "Luật Ban hành văn bản QPPL 2015, Điều 154 (văn bản hết hiệu lực); kho dữ liệu vbkg"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        st = state(ctx)
        on = ctx.draft_date or ctx.seg.header.date or ctx.latest_draft_date
        if on is None:
            return
        cited = {rc.document.iri for rc in st.extraction.citations}
        for rc in st.extraction.citations:
            rows = st.kb.superseded_by(rc.document.iri)
            by: dict[str, dict[str, Any]] = {}
            for r in rows:
                d, y = as_date(r.get("date")), as_int(r.get("year"))
                if not (
                    (d is not None and d <= on) or (d is None and y is not None and y < on.year)
                ):
                    continue
                iri = str(r["by"])
                if (
                    iri == st.extraction.document.iri
                    or type_code(r.get("docType")) in CANNOT_CHANGE
                ):
                    continue
                rel = str(r["relation"])
                prev = by.get(iri)
                if prev is None or _REL_RANK[rel] < _REL_RANK[str(prev["relation"])]:
                    by[iri] = r
            if not by:
                continue
            strongest = min(by.values(), key=lambda r: _REL_RANK[str(r["relation"])])
            rel = str(strongest["relation"])
            by_iri = str(strongest["by"])
            if rel == "amends" and by_iri in cited:
                continue  # the draft cites the amendment too
            cit = next(mentions(st, rc), None)
            if cit is None:
                continue
            f = st.kb.facts(by_iri) or Facts.from_rows(by_iri, [{**strongest, "own": False}])
            d = as_date(strongest.get("date"))
            phrase = f.phrase(type_code(strongest.get("docType")))
            label = cit.key or rc.document.key or cit.mention.text
            verb = self.msg(rel)
            start, end = date_span(ctx, cit)
            if rel == "amends":
                yield ctx.finding(
                    self,
                    start,
                    end,
                    severity="info",
                    text=self.msg("amended", label=label, verb=verb, phrase=phrase),
                    suggestion=f"{cit.mention.text} (được sửa đổi, bổ sung bởi {phrase})",
                )
            else:
                yield ctx.finding(
                    self,
                    start,
                    end,
                    text=self.msg("superseded", label=label, verb=verb, phrase=phrase, on=on),
                    suggestion=phrase,
                )


_REL_RANK = relation_rank(SUPERSESSION_ORDER)
# documents that report, propose or notify: "sửa đổi" in them is a wish, not a change
CANNOT_CHANGE = cannot_change_types()  # data/vocab/relations.yaml
