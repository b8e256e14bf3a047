"""Checks of a draft against the knowledge base: what the store knows about the documents the
draft cites, and about the higher plan that mandates it.

Every check here but ``citation-issuer-mismatch`` needs the store (``ctx.store``, a
:class:`graph.store.local.Store` or anything with ``query(sparql, bindings)`` and ``base``). The
draft is resolved with :func:`graph.resolve.resolve` exactly as ``vbkg build`` would resolve
it, so a citation and the document it names in the store share one IRI. Every SPARQL query
is a named query of :mod:`graph.queries` (``check_*.rq``) run with bound values.

Facts stated by the draft itself are never used as knowledge: when the draft's own file is in
the store (checked again after an earlier build), rows of its source graph are ignored.

Mandates of the higher plan (targets, duties, reform areas) are re-extracted from the
higher plan's source file (the store keeps its path as the ``dcterms:identifier`` of its
``vbkg:SourceFile``) with :func:`parsers.mandates.extract_mandates`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import regex
from rdflib import Literal, URIRef

from graph import ids, queries, units
from graph.analysis.documents import (
    DocumentFacts,
    facts_from_statements,
    read_documents,
    statements_from_wide_rows,
)
from graph.checks.base import Check, CheckContext, Finding, register
from graph.checks.dates import is_plan
from graph.models import DocumentRef, Extraction, ResolvedCitation
from graph.paths import PROJECT_ROOT
from parsers.mandate_models import Duty, Mandates, Quantity, Target
from parsers.models import Citation
from parsers.normalize import fold

ND30 = "Nghị định 30/2020/NĐ-CP về công tác văn thư"

# --------------------------------------------------------------------------- small helpers


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


def _i(v: Any) -> int | None:
    if v is None:
        return None
    try:
        return int(str(v))
    except ValueError:
        return None


def _d(v: Any) -> date | None:
    if v is None:
        return None
    py = v.toPython() if isinstance(v, Literal) else v
    if isinstance(py, date):
        return py
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _vi_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def title_key(title: str | None) -> str:
    """A title folded for comparison: no diacritics, no punctuation, no leading "về (việc)"."""
    f = fold(title or "")
    f = regex.sub(r"\bcchc\b", "cai cach hanh chinh", f)
    f = regex.sub(r"^\s*(?:ve\s+(?:viec\s+)?)?", "", f)
    return regex.sub(r"[^a-z0-9]+", " ", f).strip()


def _title_years(title: str | None) -> set[int]:
    return {int(y) for y in regex.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", title_key(title))}


def _same_number(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a.lstrip("0") == b.lstrip("0")


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one inserted, deleted or replaced character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _type_name(doc_type: str | None) -> str:
    from parsers.vocab import load_vocabulary

    dt = load_vocabulary().doc_type(doc_type) if doc_type else None
    return dt.vi if dt is not None else "Văn bản"


# --------------------------------------------------------------------------- knowledge


@dataclass
class Facts:
    """What the store states about one document, from files other than the draft: the values
    :mod:`graph.analysis.documents` chooses (the same as trace and the graph page show)."""

    iri: str
    doc: DocumentFacts

    @classmethod
    def from_rows(cls, iri: str, rows: Iterable[dict[str, Any]]) -> Facts:
        """Facts from rows of another query (columns ``key``, ``date``, ``issuerName`` …)."""
        return cls(iri, facts_from_statements(iri, statements_from_wide_rows(rows)))

    @property
    def key(self) -> str | None:
        return self.doc.key

    @property
    def number(self) -> str | None:
        return self.doc.number

    @property
    def year(self) -> int | None:
        return self.doc.year

    @property
    def date(self) -> tuple[date | None, bool, int]:
        """(the date, whether the document's own file states it, how many files do)."""
        own, n = self.doc.support("date")
        return self.doc.date, own, n

    @property
    def issuer_name(self) -> str | None:
        return self.doc.issuer_label

    @property
    def in_corpus(self) -> bool:
        return self.doc.in_corpus

    @property
    def own_source(self) -> str | None:
        return self.doc.own_source

    @property
    def titles(self) -> list[str]:
        """Every title files state (one per file), the chosen one first."""
        return self.doc.variants("title")

    @property
    def title(self) -> str | None:
        return self.doc.title

    @property
    def display_title(self) -> str | None:
        return self.doc.title

    def phrase(self, doc_type: str | None, fallback_key: str | None = None) -> str:
        """ "Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh Lạng Sơn"."""
        key = self.key or fallback_key
        d, _own, _n = self.date
        out = f"{_type_name(doc_type)} số {key}" if key else f"{_type_name(doc_type)}"
        if d is not None:
            out += f" ngày {_vi_date(d)}"
        elif self.year is not None:
            out += f" năm {self.year}"
        if self.issuer_name:
            out += f" của {self.issuer_name}"
        return out


@dataclass(frozen=True)
class Candidate:
    """A document the store knows that may be the one a citation meant."""

    facts: Facts
    doc_type: str | None
    why: str  # "year" | "issuer" | "type" | "number"


@dataclass
class Verdict:
    """What the knowledge base says about one cited document."""

    kind: str  # known | numberless | conflict-year | conflict-issuer | close | unknown
    facts: Facts | None = None
    candidates: list[Candidate] = field(default_factory=list)


class Knowledge:
    """The store seen by the checks of one draft (cached queries, the draft's graph ignored)."""

    def __init__(self, store: Any, draft_source: str) -> None:
        self.store = store
        self.base = str(getattr(store, "base", None) or ids.DEFAULT_BASE)
        self._draft = {draft_source}
        with contextlib.suppress(OSError):  # an odd path: compare it as written
            self._draft.add(str(Path(draft_source).resolve()))
        self._facts: dict[str, Facts | None] = {}

    def is_draft(self, src: Any) -> bool:
        if src is None:
            return False
        s = str(src)
        if s in self._draft:
            return True
        try:
            return str(Path(s).resolve()) in self._draft
        except OSError:  # pragma: no cover
            return False

    def run(self, name: str, **bindings: Any) -> list[dict[str, Any]]:
        rows = queries.run(self.store, name, **bindings)
        return rows if isinstance(rows, list) else []

    def facts(self, iri: str) -> Facts | None:
        """The facts of ``iri`` stated by files other than the draft; None if there are none."""
        if iri not in self._facts:
            found = read_documents(self.store, [iri], exclude=self.is_draft).get(iri)
            self._facts[iri] = Facts(iri, found) if found is not None else None
        return self._facts[iri]

    def issuer_documents(
        self,
        doc_type: str,
        issuer_iri: str,
        y0: int,
        y1: int,
    ) -> list[dict[str, Any]]:
        """Documents of ``doc_type`` by ``issuer_iri`` numbered in the years ``y0``..``y1``."""
        from graph.build import doc_type_concept

        rows = self.run(
            "check_issuer_documents", docType=doc_type_concept(doc_type), issuer=URIRef(issuer_iri)
        )
        return [r for r in rows if (y := _i(r.get("year"))) is not None and y0 <= y <= y1]

    def same_number(self, number: str) -> list[dict[str, Any]]:
        return self.run("check_same_number", number=Literal(number))

    def superseded_by(self, iri: str) -> list[dict[str, Any]]:
        return self.run("check_superseded_by", doc=URIRef(iri))

    def unit_plans(self, jurisdiction: str, year: int) -> list[dict[str, Any]]:
        return [
            r
            for r in self.run(
                "check_unit_plans",
                unit=URIRef(ids.unit_iri(jurisdiction, self.base)),
                year=Literal(year),
            )
            if not self.is_draft(r.get("src"))
        ]


# --------------------------------------------------------------------------- per-draft state


@dataclass
class State:
    """What the knowledge checks of one draft share (computed once, kept in ``ctx.options``)."""

    kb: Knowledge
    extraction: Extraction
    by_start: dict[int, Citation]
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    parents: list[Parent] | None = None
    draft_mandates: Mandates | None = None
    target_matches: list[tuple[Parent, Any]] | None = None  # (parent, TargetMatch)


_STATE_KEY = "_knowledge_state"


def state(ctx: CheckContext) -> State:
    st = ctx.options.get(_STATE_KEY)
    if isinstance(st, State) and st.kb.store is ctx.store:
        return st
    from graph.resolve import resolve

    kb = Knowledge(ctx.store, ctx.source)
    ex = resolve(ctx.loaded, ctx.norm, ctx.seg, ctx.found, base=kb.base)
    st = State(kb, ex, {c.mention.start: c for c in ctx.citations})
    ctx.options[_STATE_KEY] = st
    return st


def verdict(st: State, doc: DocumentRef) -> Verdict:
    if doc.iri not in st.verdicts:
        st.verdicts[doc.iri] = _assess(st.kb, doc)
    return st.verdicts[doc.iri]


def _issuer_iri(doc: DocumentRef, base: str) -> str | None:
    if doc.issuer is None or doc.issuer.jurisdiction in ("vn-unknown", ""):
        return None
    return ids.issuer_iri(doc.issuer.jurisdiction, doc.issuer.agent, base)


def _assess(kb: Knowledge, doc: DocumentRef) -> Verdict:
    """Known, known under a lost number, known with another year or issuer, near misses, or
    unknown.

    A near miss (same number in another year, issuer or type; a number one keystroke away) is
    kept only when some other fact corroborates it (the same date, the same day and month in
    another year, or the same title) and the dates do not contradict it: numbers are reused
    every year by every issuer, so a bare coincidence of numbers means nothing.
    """
    known = kb.facts(doc.iri)
    if known is not None:
        return Verdict("known", known)
    year = doc.year
    tkey = title_key(doc.title)
    issuer = _issuer_iri(doc, kb.base)
    rows: dict[str, tuple[dict[str, Any], str | None, bool]] = {}  # iri -> row, type, same issuer
    if doc.doc_type and issuer and year:
        for r in kb.issuer_documents(doc.doc_type, issuer, year - 2, year + 2):
            rows.setdefault(str(r["doc"]), (r, doc.doc_type, True))
    if doc.number:
        for r in kb.same_number(doc.number):
            same_issuer = issuer is not None and str(r.get("issuer")) == issuer
            rows.setdefault(str(r["doc"]), (r, _type_code(r.get("docType")), same_issuer))
    close: list[tuple[int, Candidate]] = []
    for iri, (r, r_type, same_issuer) in rows.items():
        if iri == doc.iri:
            continue
        f = kb.facts(iri)
        if f is None:
            continue
        r_year = _i(r.get("year"))
        r_number = _s(r.get("number"))
        titles = {title_key(t) for t in f.titles}
        same_title = len(tkey.split()) >= 3 and tkey in titles
        if same_issuer and r_type == doc.doc_type:
            if r.get("key") is None and same_title and r_year == year:
                # a number-less document in the corpus (a header lost by OCR) with the same
                # type, issuer, year and title is this document (graph.resolve.merge_numberless)
                return Verdict("numberless", f)
            if (
                same_title
                and r_year != year
                and (r_number is None or _same_number(r_number, doc.number))
            ):
                return Verdict("conflict-year", f, [Candidate(f, r_type, "year")])
        if not r_number or not doc.number:
            continue
        kb_date = f.date[0]
        same_date = doc.date is not None and kb_date == doc.date
        same_day = (
            doc.date is not None
            and kb_date is not None
            and (kb_date.day, kb_date.month) == (doc.date.day, doc.date.month)
        )
        dates_differ = doc.date is not None and kb_date is not None and not same_date
        if _same_number(r_number, doc.number):
            if r_type != doc.doc_type:
                why = "type"
            elif r_year != year:
                why = "year"
            elif not same_issuer:
                why = "issuer"
            else:
                continue
            if why == "issuer" and same_title and not dates_differ:
                return Verdict("conflict-issuer", f, [Candidate(f, r_type, "issuer")])
            corroborated = same_title or same_date or (why == "year" and same_day)
            if corroborated and not (dates_differ and not (why == "year" and same_day)):
                close.append((1, Candidate(f, r_type, why)))
        elif (
            same_issuer
            and r_type == doc.doc_type
            and r_year == year
            and _one_edit(doc.number.lstrip("0") or "0", r_number.lstrip("0") or "0")
            and (same_title or same_date)
            and not dates_differ
        ):
            close.append((0, Candidate(f, r_type, "number")))
    if close:
        close.sort(
            key=lambda rc: (
                rc[0],
                not rc[1].facts.in_corpus,
                abs((rc[1].facts.year or 0) - (year or 0)),
            )
        )
        return Verdict("close", None, [c for _, c in close])
    return Verdict("unknown")


@functools.cache
def _type_by_slug() -> dict[str, str]:
    from graph.build import doc_types

    return {dt.slug: code for code, dt in doc_types().items()}


def _type_code(concept: Any) -> str | None:
    if concept is None:
        return None
    slug = str(concept).rstrip("/").rsplit("/", 1)[-1]
    return _type_by_slug().get(slug)


# --------------------------------------------------------------------------- spans


_DATE_AFTER = regex.compile(
    r"[\s,]*(?:ngày|ngay)\s*(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    regex.IGNORECASE,
)


def _span_of(ctx: CheckContext, cit: Citation) -> tuple[int, int]:
    """The citation's span extended over its date, issuer and title (``citation_spans``)."""
    s = cit.mention.start
    for a, b in ctx.citation_spans:
        if a == s:
            return a, b
    return s, cit.mention.end


def _date_span(ctx: CheckContext, cit: Citation) -> tuple[int, int]:
    """The mention and the date written right after it: "Kế hoạch số 04/KH-UBND ngày 09/01/2024"."""
    m = _DATE_AFTER.match(ctx.text, cit.mention.end)
    return cit.mention.start, (m.end() if m else cit.mention.end)


def _mentions(st: State, rc: ResolvedCitation) -> Iterator[Citation]:
    for m in rc.mentions:
        c = st.by_start.get(m.start)
        if c is not None:
            yield c


# --------------------------------------------------------------------------- citations


class _KnowledgeCheck(Check):
    needs_store = True

    def run(self, ctx: CheckContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


@register
class CitationUnresolved(_KnowledgeCheck):
    code = "citation-unresolved"
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
            cit = next(_mentions(st, rc), None)
            if cit is None:
                continue
            start, end = _date_span(ctx, cit)
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
class CitationConflict(_KnowledgeCheck):
    code = "citation-conflict"
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
        for cit in _mentions(st, rc):
            label = cit.key or rc.document.key or cit.mention.text
            if kb_date is not None and cit.date is not None and cit.date != kb_date:
                vi_src, en_src = self._source_words(f, own, n)
                what_vi = "năm" if cit.date.year != kb_date.year else "ngày"
                what_en = "year" if cit.date.year != kb_date.year else "day"
                start, end = _date_span(ctx, cit)
                yield ctx.finding(
                    self,
                    start,
                    end,
                    message=f"Sai {what_vi} ban hành của {label}: dự thảo ghi ngày "
                    f"{_vi_date(cit.date)}, {vi_src} là ngày {_vi_date(kb_date)}",
                    message_en=f"Wrong {what_en} for {label}: the draft says "
                    f"{cit.date.isoformat()}, {en_src} it is {kb_date.isoformat()}",
                    suggestion=f"{cit.mention.text} ngày {_vi_date(kb_date)}",
                )
            cited_years = _title_years(cit.title)
            kb_title = f.title
            kb_years = _title_years(kb_title)
            if (
                cited_years
                and kb_years
                and not (cited_years <= kb_years or kb_years <= cited_years)
            ):
                start, end = _span_of(ctx, cit)
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
        for cit in _mentions(st, rc):
            label = cit.key or doc.key or cit.mention.text
            start, end = _date_span(ctx, cit) if v.kind == "conflict-year" else _span_of(ctx, cit)
            if v.kind == "conflict-year":
                kb_d, _own, _n = f.date
                when = _vi_date(kb_d) if kb_d else f"năm {f.year}"
                when_en = kb_d.isoformat() if kb_d else str(f.year)
                cited_when = _vi_date(cit.date) if cit.date else f"năm {doc.year}"
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

# issuer families: the symbol's issuer code → the bodies that issue under it
_FAMILY_OF_CODE = {
    "CP": "cp",
    "TTg": "ttg",
    "QH": "qh",
    "UBTVQH": "ubtvqh",
    "CTN": "ctn",
    "L-CTN": "ctn",
    "TW": "tw",
    "BCT": None,
    "BBT": "tw",
    "TU": "tu",
    "BTVTU": "tu",
    "UBND": "ubnd",
    "HĐND": "hdnd",
    "TTHĐND": "hdnd",
}
# stated issuer (folded canonical name, prefix) → family
_FAMILY_OF_NAME: tuple[tuple[str, str], ...] = (
    ("thu tuong chinh phu", "ttg"),
    ("thu tuong", "ttg"),
    ("van phong chinh phu", "vpcp"),
    ("thanh tra chinh phu", "ttcp"),
    ("chinh phu", "cp"),
    ("uy ban thuong vu quoc hoi", "ubtvqh"),
    ("quoc hoi", "qh"),
    ("chu tich nuoc", "ctn"),
    ("ban chap hanh trung uong", "tw"),
    ("bo chinh tri", "tw"),
    ("ban bi thu", "tw"),
    ("ban thuong vu tinh uy", "tu"),
    ("thuong truc tinh uy", "tu"),
    ("tinh uy", "tu"),
    ("chu tich ubnd", "ubnd"),
    ("ubnd", "ubnd"),
    ("thuong truc hdnd", "hdnd"),
    ("hdnd", "hdnd"),
)
_FAMILY_NAME = {
    "cp": "Chính phủ",
    "ttg": "Thủ tướng Chính phủ",
    "qh": "Quốc hội",
    "ubtvqh": "Ủy ban Thường vụ Quốc hội",
    "ctn": "Chủ tịch nước",
    "tw": "Ban Chấp hành Trung ương",
    "tu": "Tỉnh ủy",
    "ubnd": "UBND",
    "hdnd": "HĐND",
}


def _family_of_name(name: str) -> str | None:
    f = fold(name).strip()
    for prefix, fam in _FAMILY_OF_NAME:
        if f == prefix or f.startswith(prefix + " "):
            return fam
    from parsers.vocab import load_vocabulary

    for ic in load_vocabulary().issuer_codes:  # a ministry or department by its name
        if ic.level in ("central", "province") and fold(ic.name) == f:
            return f"code:{ic.code}"
    return None


def _family_of_symbol(symbol: str | None) -> str | None:
    from graph.resolve import agent_code

    code = agent_code(symbol)
    if code is None:
        return None
    if code in _FAMILY_OF_CODE:
        return _FAMILY_OF_CODE[code]
    if regex.fullmatch(r"QH\d*", code):
        return "qh"
    from parsers.vocab import load_vocabulary

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
    import bisect

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
    code = "citation-issuer-mismatch"
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
            a, b = _span_of(ctx, cit)
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
        from parsers.vocab import load_vocabulary

        ic = load_vocabulary().issuer_code(fold(family[5:]))
        return ic.name if ic else family[5:]
    name = _FAMILY_NAME.get(family, family)
    if family in ("ubnd", "hdnd"):  # keep the level the draft wrote: "HĐND tỉnh" → "UBND tỉnh"
        m = regex.search(r"(?i)\b(tỉnh|huyện|thành phố|thị xã|xã|phường)\b.*$", stated)
        if m:
            return f"{name} {m.group(0)}"
    return name


# --------------------------------------------------------------------------- superseded


@register
class CitationSuperseded(_KnowledgeCheck):
    code = "citation-superseded"
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
                d, y = _d(r.get("date")), _i(r.get("year"))
                if not (
                    (d is not None and d <= on) or (d is None and y is not None and y < on.year)
                ):
                    continue
                iri = str(r["by"])
                if (
                    iri == st.extraction.document.iri
                    or _type_code(r.get("docType")) in CANNOT_CHANGE
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
            cit = next(_mentions(st, rc), None)
            if cit is None:
                continue
            f = st.kb.facts(by_iri) or Facts.from_rows(by_iri, [{**strongest, "own": False}])
            d = _d(strongest.get("date"))
            phrase = f.phrase(_type_code(strongest.get("docType")))
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
            start, end = _date_span(ctx, cit)
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
                    f"thảo {_vi_date(on)}); dẫn chiếu văn bản thay thế",
                    message_en=f"{label} {verb_en} by {phrase} (before the draft's date "
                    f"{on.isoformat()}); cite the replacing document",
                    suggestion=phrase,
                )


_REL_RANK = {"repeals": 0, "replaces": 1, "amends": 2}
# documents that report, propose or notify: "sửa đổi" in them is a wish, not a change
CANNOT_CHANGE = frozenset({"BC", "TTr", "TB", "CV", "BB"})


# --------------------------------------------------------------------------- parent plans


@dataclass
class Parent:
    """A higher plan that mandates the draft: its facts, its mandates, the duty on the draft."""

    iri: str
    facts: Facts
    source: str
    mandates: Mandates
    duty: Duty
    cited: bool

    @property
    def label(self) -> str:
        """ "Kế hoạch 04/KH-UBND", or the title when the store does not know the number."""
        if self.facts.key:
            return f"Kế hoạch {self.facts.key}"
        return f"Kế hoạch “{self.facts.display_title or '?'}”"

    def phrase(self) -> str:
        f = self.facts
        key = f.key or "…/KH-UBND"
        d, _own, _n = f.date
        when = _vi_date(d) if d else "…"
        out = f"Kế hoạch số {key} ngày {when} của {f.issuer_name or 'UBND tỉnh'}"
        title = f.display_title
        if title:
            out += f" về {title[:1].lower() + title[1:]}"
        return out


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
    "commune": r"\b(?:xa|phuong|thi tran|dia phuong)\b",
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


@functools.lru_cache(maxsize=64)
def _mandates_of_file(path: str, mtime: float) -> Mandates:
    from parsers.load import load_document
    from parsers.mandates import extract_mandates
    from parsers.normalize import normalize
    from parsers.segment import segment

    del mtime  # part of the cache key only
    loaded = load_document(path)
    norm = normalize(loaded.text)
    return extract_mandates(norm, segment(norm))


def _locate(source: str, kb: Knowledge) -> Path | None:
    p = Path(source)
    tries = [p] if p.is_absolute() else [Path.cwd() / p, PROJECT_ROOT / p]
    store_path = getattr(kb.store, "path", None)
    if not p.is_absolute() and isinstance(store_path, Path):
        tries.append(store_path.parent / p)
    return next((t for t in tries if t.is_file()), None)


def parent_mandates(source: str, kb: Knowledge) -> Mandates | None:
    """The mandates of a higher plan, re-extracted from its source file (None if unreadable)."""
    path = _locate(source, kb)
    if path is None:
        return None
    try:
        return _mandates_of_file(str(path), path.stat().st_mtime)
    except Exception:  # an unreadable parent: its mandates are unknown, not an error of the draft
        return None


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
        mandates = parent_mandates(src, st.kb)
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
        from parsers.mandates import extract_mandates

        st.draft_mandates = extract_mandates(ctx.norm, ctx.seg)
    return st.draft_mandates


def target_matches(ctx: CheckContext) -> list[tuple[Parent, Any]]:
    """Each binding target of each parent plan paired with the draft's (compared once for
    target-dropped and target-weakened)."""
    st = state(ctx)
    if st.target_matches is None:
        from parsers.mandates import compare_targets

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
class MissingParent(_KnowledgeCheck):
    code = "missing-parent"
    severity = "error"
    rule = (
        "Kế hoạch hằng năm của cấp dưới dẫn chiếu kế hoạch cùng năm, cùng nội dung của cấp "
        "trên đã yêu cầu ban hành nó (“Thực hiện Kế hoạch số … của UBND tỉnh …”)"
    )
    rule_en = (
        "An annual plan of a lower unit cites the higher plan of the same year and subject "
        "that requires it (“Thực hiện Kế hoạch số … của UBND tỉnh …”)"
    )
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
                message=f"Dự thảo không dẫn chiếu {p.phrase()}, kế hoạch cấp trên yêu cầu ban "
                f"hành kế hoạch này (mục {p.duty.section}: {p.duty.unit_text})",
                message_en=f"The draft does not cite {p.label} of {p.facts.issuer_name}, the "
                f"higher plan that requires it (section {p.duty.section}: "
                f"{p.duty.unit_text})",
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
class AreaMissing(_KnowledgeCheck):
    code = "area-missing"
    severity = "error"
    rule = (
        "Khi kế hoạch cấp trên yêu cầu đủ 06 lĩnh vực CCHC, kế hoạch cấp dưới có nhiệm vụ "
        "cho từng lĩnh vực: thể chế; thủ tục hành chính; tổ chức bộ máy; chế độ công vụ; "
        "tài chính công; chính quyền điện tử, chính quyền số"
    )
    rule_en = (
        "When the higher plan requires all six reform areas, the lower plan has tasks for "
        "each: institutions; procedures; organisation; civil service; public finance; "
        "e-government and digital government"
    )
    source = "Nghị quyết 76/NQ-CP (Chương trình tổng thể CCHC 2021-2030), sáu nội dung cải cách"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        from parsers.mandates import load_reform_areas

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
                message=f"Dự thảo thiếu lĩnh vực “{area.vi}”, trong khi {p.label} (mục "
                f"{p.duty.section}) yêu cầu kế hoạch bao gồm đầy đủ 06 lĩnh vực CCHC",
                message_en=f"The draft lacks the reform area “{area.en}”, while {p.label} "
                f"(section {p.duty.section}) requires all six reform areas",
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
class TargetDropped(_KnowledgeCheck):
    code = "target-dropped"
    severity = "warning"
    rule = "Mỗi chỉ tiêu của kế hoạch cấp trên áp dụng cho cấp dưới được cụ thể hóa trong kế hoạch"
    rule_en = "Every target of the higher plan that binds the lower unit is carried into its plan"
    source = "Kế hoạch CCHC cấp tỉnh, mục III (cụ thể hóa mục tiêu, chỉ tiêu của kế hoạch)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        draft = draft_mandates(ctx)
        for p, m in target_matches(ctx):
            if m.status != "dropped":
                continue
            s, e, path = _block_anchor(ctx, m.parent.area, draft)
            figs = ", ".join(figure(q) for q in m.parent.quantities)
            yield ctx.finding(
                self,
                s,
                e,
                section=path,
                message=f"Chỉ tiêu của {p.label} (mục {m.parent.section}: {figs}) không được "
                f"cụ thể hóa trong dự thảo: “{_short(m.parent.text)}”",
                message_en=f"A target of {p.label} (section {m.parent.section}: {figs}) is not "
                f"carried into the draft: “{_short(m.parent.text)}”",
                suggestion=f"Bổ sung chỉ tiêu: {_short(m.parent.text, 300)}",
            )


@register
class TargetWeakened(_KnowledgeCheck):
    code = "target-weakened"
    severity = "error"
    rule = "Chỉ tiêu của kế hoạch cấp dưới không thấp hơn chỉ tiêu tương ứng của cấp trên"
    rule_en = "A lower plan's target is not weaker than the matching target of the higher plan"
    source = "Kế hoạch CCHC cấp tỉnh, mục III (cụ thể hóa mục tiêu, chỉ tiêu của kế hoạch)"

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        for p, m in target_matches(ctx):
            if m.status != "weakened" or m.child is None:
                continue
            pq, cq = _compared(m.parent, m.child)
            if pq is None:
                continue
            cfig = figure(cq) if cq else "không có số liệu"
            cfig_en = figure(cq) if cq else "no figure"
            pfig = figure(pq)
            s, e = m.child.start, m.child.end
            yield ctx.finding(
                self,
                s,
                e,
                message=f"Chỉ tiêu thấp hơn cấp trên: dự thảo ghi {cfig}, {p.label} (mục "
                f"{m.parent.section}) yêu cầu {pfig}",
                message_en=f"Target weaker than the higher plan's: the draft says {cfig_en}, "
                f"{p.label} (section {m.parent.section}) requires {pfig}",
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
class DeadlineMissed(_KnowledgeCheck):
    code = "deadline-missed"
    severity = "error"
    rule = "Kế hoạch cấp dưới được ban hành không muộn hơn thời hạn kế hoạch cấp trên đặt ra"
    rule_en = "A lower plan is issued no later than the deadline the higher plan set for it"
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
                message=f"Dự thảo ghi ngày {_vi_date(on)}, muộn {late} ngày so với thời hạn "
                f"ban hành {_vi_date(dl)} mà {p.label} (mục {p.duty.section}) đặt ra",
                message_en=f"The draft is dated {on.isoformat()}, {late} day(s) after the deadline "
                f"{dl.isoformat()} set by {p.label} (section {p.duty.section})",
                suggestion=f"Ban hành chậm nhất ngày {_vi_date(dl)}",
            )

    @staticmethod
    def _where(ctx: CheckContext) -> tuple[int, int]:
        hdr = ctx.seg.header
        hi = len(ctx.norm.folded)
        if hdr.end > hdr.start:
            import bisect

            hi = min(hi, bisect.bisect_left(ctx.norm.offsets, hdr.end) + 200)
        m = _HEADER_DATE.search(ctx.norm.folded, 0, min(hi, 3000))
        if m:
            a = m.start() + len(m.group()) - len(m.group().lstrip())
            return ctx.norm.to_original(a, m.end())
        return _first_body_line(ctx)
