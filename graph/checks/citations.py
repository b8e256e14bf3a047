"""Knowledge checks of a draft's citations: unknown, contradicted, wrong issuer, superseded.

Each asks the store through :mod:`graph.checks.knowledge` (the facts of a cited document are
those :mod:`graph.analysis.documents` chooses).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
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
    rule = (
        "Văn bản được dẫn chiếu có trong kho dữ liệu; nếu kho chỉ biết một văn bản gần giống "
        "(cùng số khác năm, khác cơ quan, khác loại, hoặc số sai một ký tự) thì có thể đã "
        "ghi nhầm số, ký hiệu"
    )
    rule_en = (
        "A cited document is known to the knowledge base; when only a near miss is known "
        "(same number in another year, issuer or type, or a number one keystroke away) "
        "the citation is probably mistyped"
    )
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
                    message=f"Kho dữ liệu chưa có văn bản {label}; kiểm tra lại số, ký hiệu, "
                    f"ngày và cơ quan ban hành",
                    message_en=f"The knowledge base does not know {label}; check its number, "
                    f"symbol, date and issuer",
                )
                continue
            best = v.candidates[0]
            why_vi = {
                "year": "khác năm",
                "issuer": "khác cơ quan ban hành",
                "type": "khác loại văn bản",
                "number": "số gần giống",
            }[best.why]
            why_en = {
                "year": "another year",
                "issuer": "another issuer",
                "type": "another type",
                "number": "a number one keystroke away",
            }[best.why]
            phrase = best.facts.phrase(best.doc_type)
            title = best.facts.display_title
            about = f" về {title}" if title else ""
            yield ctx.finding(
                self,
                start,
                end,
                severity="warning",
                message=f"Kho dữ liệu không có văn bản {label}, nhưng có {phrase}{about} "
                f"({why_vi}); có thể đã ghi nhầm",
                message_en=f"The knowledge base does not know {label} but knows {phrase}{about} "
                f"({why_en}); probably a mistyped citation",
                suggestion=phrase,
            )


@register
class CitationConflict(KnowledgeCheck):
    code = "citation-conflict"
    source_ids = ("nd30",)
    severity = "error"
    rule = (
        "Ngày, năm, cơ quan ban hành và trích yếu của văn bản được dẫn chiếu khớp với "
        "văn bản đó (ưu tiên phần đầu của chính văn bản trong kho, sau đó các trích dẫn khác)"
    )
    rule_en = (
        "The date, year, issuer and title of a cited document agree with the document "
        "itself (its own header in the knowledge base first, then other citations)"
    )
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

    def _source_words(self, f: Facts, own: bool, n: int) -> tuple[str, str]:
        if own:
            src = f.own_source or ""
            return (
                f"theo phần đầu của chính văn bản trong kho ({src})",
                f"per the document's own header in the knowledge base ({src})",
            )
        return (f"theo {n} trích dẫn khác trong kho", f"per {n} other citation(s) in the store")

    def _facts(
        self, ctx: CheckContext, st: State, rc: ResolvedCitation, f: Facts
    ) -> Iterator[Finding]:
        kb_date, own, n = f.date
        phrase = f.phrase(rc.document.doc_type, rc.document.key)
        for cit in mentions(st, rc):
            label = cit.key or rc.document.key or cit.mention.text
            if kb_date is not None and cit.date is not None and cit.date != kb_date:
                vi_src, en_src = self._source_words(f, own, n)
                what_vi = "năm" if cit.date.year != kb_date.year else "ngày"
                what_en = "year" if cit.date.year != kb_date.year else "day"
                start, end = date_span(ctx, cit)
                yield ctx.finding(
                    self,
                    start,
                    end,
                    message=f"Sai {what_vi} ban hành của {label}: dự thảo ghi ngày "
                    f"{vi_date(cit.date)}, {vi_src} là ngày {vi_date(kb_date)}",
                    message_en=f"Wrong {what_en} for {label}: the draft says "
                    f"{cit.date.isoformat()}, {en_src} it is {kb_date.isoformat()}",
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
                    message=f"Trích yếu của {label} không khớp với kho dữ liệu: dự thảo ghi "
                    f"“{cit.title}”, văn bản là “{shown}”",
                    message_en=f"The title of {label} disagrees with the knowledge base: the draft "
                    f"says “{cit.title}”, the document is “{shown}”",
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
                when = vi_date(kb_d) if kb_d else f"năm {f.year}"
                when_en = kb_d.isoformat() if kb_d else str(f.year)
                cited_when = vi_date(cit.date) if cit.date else f"năm {doc.year}"
                msg = (
                    f"Sai năm của {label}: dự thảo ghi {cited_when}, nhưng văn bản “{title}” "
                    f"trong kho là {phrase} ({when})"
                )
                msg_en = (
                    f"Wrong year for {label}: the draft says "
                    f"{cit.date.isoformat() if cit.date else doc.year}, but the document "
                    f"“{title}” in the knowledge base is {phrase} ({when_en})"
                )
            else:
                cited_by = doc.issuer.name if doc.issuer else (cit.issuer or "?")
                msg = (
                    f"Sai cơ quan ban hành của {label}: dự thảo ghi của {cited_by}, nhưng "
                    f"văn bản “{title}” trong kho là {phrase}"
                )
                msg_en = (
                    f"Wrong issuer for {label}: the draft says {cited_by}, but the "
                    f"document “{title}” in the knowledge base is {phrase}"
                )
            yield ctx.finding(self, start, end, message=msg, message_en=msg_en, suggestion=phrase)


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
    rule = (
        "Cơ quan ban hành ghi sau văn bản được dẫn chiếu khớp với ký hiệu của nó: …/NĐ-CP "
        "là của Chính phủ, …/QĐ-TTg, …/CT-TTg của Thủ tướng Chính phủ, …/QĐ-UBND của UBND, "
        "…/NQ-HĐND của HĐND, …-NQ/TW của Trung ương Đảng"
    )
    rule_en = (
        "The issuer written after a cited document agrees with its symbol: …/NĐ-CP is the "
        "Government's, …/QĐ-TTg and …/CT-TTg the Prime Minister's, …/QĐ-UBND a People's "
        "Committee's, …/NQ-HĐND a People's Council's, …-NQ/TW the Party Central's"
    )
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
                message=f"{label} có ký hiệu {cit.symbol} là văn bản của {right}, nhưng dự thảo "
                f"ghi “của {cit.issuer}”",
                message_en=f"{label} has the symbol {cit.symbol}, a document of {right}, but "
                f"the draft attributes it to {cit.issuer}",
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
    rule = (
        "Không dẫn chiếu văn bản đã bị thay thế hoặc bãi bỏ trước ngày của dự thảo; văn bản đã "
        "được sửa đổi, bổ sung thì dẫn chiếu kèm văn bản sửa đổi"
    )
    rule_en = (
        "Do not rely on a document replaced or repealed before the draft's date; cite an "
        "amended document together with the amending one"
    )
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
            verb_vi = {
                "replaces": "đã bị thay thế",
                "repeals": "đã bị bãi bỏ",
                "amends": "đã được sửa đổi, bổ sung",
            }[rel]
            verb_en = {
                "replaces": "was replaced",
                "repeals": "was repealed",
                "amends": "was amended",
            }[rel]
            start, end = date_span(ctx, cit)
            if rel == "amends":
                yield ctx.finding(
                    self,
                    start,
                    end,
                    severity="info",
                    message=f"{label} {verb_vi} bởi {phrase}; nên dẫn chiếu kèm văn bản sửa đổi",
                    message_en=f"{label} {verb_en} by {phrase}; cite the amending document too",
                    suggestion=f"{cit.mention.text} (được sửa đổi, bổ sung bởi {phrase})",
                )
            else:
                yield ctx.finding(
                    self,
                    start,
                    end,
                    message=f"{label} {verb_vi} bởi {phrase} (trước ngày của dự "
                    f"thảo {vi_date(on)}); dẫn chiếu văn bản thay thế",
                    message_en=f"{label} {verb_en} by {phrase} (before the draft's date "
                    f"{on.isoformat()}); cite the replacing document",
                    suggestion=phrase,
                )


_REL_RANK = relation_rank(SUPERSESSION_ORDER)
# documents that report, propose or notify: "sửa đổi" in them is a wish, not a change
CANNOT_CHANGE = cannot_change_types()  # data/vocab/relations.yaml
