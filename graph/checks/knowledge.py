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

from graph import ids, queries
from graph.analysis.documents import (
    DocumentFacts,
    facts_from_statements,
    read_documents,
    statements_from_wide_rows,
)
from graph.build import doc_type_concept, doc_types
from graph.checks.base import Check, CheckContext, Finding
from graph.models import DocumentRef, Extraction, ResolvedCitation
from graph.resolve import resolve
from graph.store import StoreLike
from parsers.models import Citation, Duty, Mandates
from parsers.normalize import title_key
from parsers.vocab import load_vocabulary

# --------------------------------------------------------------------------- small helpers


def as_str(v: Any) -> str | None:
    return None if v is None else str(v)


def as_int(v: Any) -> int | None:
    if v is None:
        return None
    try:
        return int(str(v))
    except ValueError:
        return None


def as_date(v: Any) -> date | None:
    if v is None:
        return None
    py = v.toPython() if isinstance(v, Literal) else v
    if isinstance(py, date):
        return py
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def vi_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def title_years(title: str | None) -> set[int]:
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
            out += f" ngày {vi_date(d)}"
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

    def __init__(self, store: StoreLike, draft_source: str) -> None:
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

        rows = self.run(
            "check_issuer_documents", docType=doc_type_concept(doc_type), issuer=URIRef(issuer_iri)
        )
        return [r for r in rows if (y := as_int(r.get("year"))) is not None and y0 <= y <= y1]

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
        when = vi_date(d) if d else "…"
        out = f"Kế hoạch số {key} ngày {when} của {f.issuer_name or 'UBND tỉnh'}"
        title = f.display_title
        if title:
            out += f" về {title[:1].lower() + title[1:]}"
        return out


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
    """The shared state of the knowledge checks (run only with a store: ``needs_store``)."""
    st = ctx.options.get(_STATE_KEY)
    if isinstance(st, State) and st.kb.store is ctx.store:
        return st
    if ctx.store is None:
        raise ValueError("the knowledge checks need a store")
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
            rows.setdefault(str(r["doc"]), (r, type_code(r.get("docType")), same_issuer))
    close: list[tuple[int, Candidate]] = []
    for iri, (r, r_type, same_issuer) in rows.items():
        if iri == doc.iri:
            continue
        f = kb.facts(iri)
        if f is None:
            continue
        r_year = as_int(r.get("year"))
        r_number = as_str(r.get("number"))
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

    return {dt.slug: code for code, dt in doc_types().items()}


def type_code(concept: Any) -> str | None:
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


def span_of(ctx: CheckContext, cit: Citation) -> tuple[int, int]:
    """The citation's span extended over its date, issuer and title (``citation_spans``)."""
    s = cit.mention.start
    for a, b in ctx.citation_spans:
        if a == s:
            return a, b
    return s, cit.mention.end


def date_span(ctx: CheckContext, cit: Citation) -> tuple[int, int]:
    """The mention and the date written right after it: "Kế hoạch số 04/KH-UBND ngày 09/01/2024"."""
    m = _DATE_AFTER.match(ctx.text, cit.mention.end)
    return cit.mention.start, (m.end() if m else cit.mention.end)


def mentions(st: State, rc: ResolvedCitation) -> Iterator[Citation]:
    for m in rc.mentions:
        c = st.by_start.get(m.start)
        if c is not None:
            yield c


# --------------------------------------------------------------------------- the checks


class KnowledgeCheck(Check):
    """A check that asks the store (family ``knowledge``: ``citations``, ``mandates``)."""

    family = "knowledge"
    needs_store = True

    def run(self, ctx: CheckContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError
