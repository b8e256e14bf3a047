"""Stage 5: resolve each citation to one canonical document.

Public verb: :func:`resolve`. Identity = issuer + type + year + number
(DESIGN.md §2). The rules are replaceable arguments with public defaults, as in
eyecite's ``resolve_citations``: pass your own ``context_rule`` or
``issuer_rule`` to change how the citing document's jurisdiction or a cited
issuer is determined.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

import regex

from graph import ids
from graph.issuers import (
    Context,
    _fold,
    _issuer,
    agent_code,
    default_context_rule,
    default_issuer_rule,
    is_local,
    undated_context,
    with_printed_issuer,
    with_source_province,
)
from graph.models import DocumentRef, Extraction, Issuer, NamedReference, ResolvedCitation
from graph.relation_rule import default_relation_rule
from parsers.heap import collector_paused
from parsers.models import (
    Citation,
    FoundCitations,
    LoadedDocument,
    NormalizedText,
    Relation,
    SegmentedDocument,
    format_key,
)
from parsers.normalize import fold, title_key

__all__ = [
    "Context",
    "ContextRule",
    "IssuerRule",
    "RelationRule",
    "agent_code",
    "default_context_rule",
    "default_issuer_rule",
    "default_relation_rule",
    "find_identity",
    "is_local",
    "is_own",
    "merge_numberless",
    "resolve",
]

# Relation precedence when one document is cited several times with different cues: the
# order of the Relation enum (strongest first).
_PRECEDENCE = list(Relation)


_NAME_YEAR = regex.compile(r"[\s,]{0,3}(?:ngay[^;\n]{0,25}?)?nam\s{1,3}((?:19|20)\d\d)\b")


def _year_after(norm: NormalizedText, cit: Citation) -> int | None:
    """The year written right after a name: "Luật Xây dựng ngày 18 tháng năm 2014" → 2014."""
    i = bisect.bisect_left(norm.offsets, cit.mention.end, 0, len(norm.text))
    m = _NAME_YEAR.match(norm.folded, i, min(len(norm.folded), i + 60))
    return int(m.group(1)) if m else None


def _identifiable(cit: Citation, norm: NormalizedText) -> Citation | None:
    """``cit`` if it identifies one document: a key, or a name with a date or a year.

    "Luật Xây dựng ngày 18 tháng năm 2014" (OCR lost the month) is the law of 2014; a bare
    "Luật Chất lượng sản phẩm, hàng hóa" names a law amended many times and is kept only as
    a named reference.
    """
    if cit.key is not None:
        return cit
    name = (cit.name or "").strip()
    if not name:
        return None
    if cit.date is not None or _year(cit):
        return cit
    year = _year_after(norm, cit)
    if year is None:
        return None
    return replace(cit, name=name if str(year) in name else f"{name} năm {year}")


_RE_NAME_YEAR_END = regex.compile(r"\bnam\s((?:19|20)\d\d)$")


def _year(cit: Citation) -> int | None:
    if cit.key is None and cit.name:
        m = _RE_NAME_YEAR_END.search(_fold(cit.name))
        if m and not cit.year_in_number and not cit.date:
            return int(m.group(1))
    if cit.year_in_number:
        return cit.year_in_number
    return cit.date.year if cit.date else None


def _doc_ref(cit: Citation, issuer: Issuer | None, year: int | None, base: str) -> DocumentRef:
    key = cit.key
    if key and issuer and issuer.jurisdiction != "vn-unknown":
        iri = ids.document_iri(
            jurisdiction=issuer.jurisdiction,
            agent=issuer.agent,
            doc_type=cit.doc_type,
            year=year,
            number=cit.number or "",
            base=base,
        )
    elif key:
        iri = ids.unresolved_iri(key if year is None else f"{year}-{key}", base)
    else:
        iri = ids.numberless_iri(
            jurisdiction=issuer.jurisdiction if issuer else "vn",
            agent=issuer.agent if issuer else "x",
            doc_type=cit.doc_type,
            on=cit.date,
            year=year,
            title=cit.name or cit.title,
            base=base,
        )
    return DocumentRef(
        iri=iri,
        doc_type=cit.doc_type,
        number=cit.number,
        year_in_number=cit.year_in_number,
        symbol=cit.symbol,
        key=key,
        date=cit.date,
        year=year,
        issuer=issuer,
        title=cit.name if key is None and cit.name else cit.title or cit.name,
    )


def _group_key(cit: Citation, issuer: Issuer | None) -> tuple[str, str, str]:
    who = f"{issuer.jurisdiction}/{issuer.agent}" if issuer else "?"
    if cit.key:
        return ("key", fold(cit.key).replace(" ", ""), who)  # keys are distinct: not kept
    return ("name", _fold(cit.name or cit.title or "").strip(), who)


def _merge(cits: list[tuple[Citation, Issuer | None]], base: str) -> list[ResolvedCitation]:
    """Group mentions of the same document; split same-number documents of different years."""
    groups: dict[tuple[str, str, str], list[tuple[Citation, Issuer | None]]] = {}
    for cit, iss in cits:
        groups.setdefault(_group_key(cit, iss), []).append((cit, iss))
    out: list[ResolvedCitation] = []
    for members in groups.values():
        # numbers without a year in them are reused every year: a different year is another document
        by_year: dict[int | None, list[tuple[Citation, Issuer | None]]] = {}
        for cit, iss in members:
            by_year.setdefault(_year(cit), []).append((cit, iss))
        undated = by_year.pop(None, [])
        if by_year and undated:
            first_year = next(iter(by_year))
            by_year[first_year].extend(undated)
        elif undated:
            by_year[None] = undated
        for year, mem in by_year.items():
            out.append(_resolved(mem, year, base))
    return out


def _resolved(
    mem: list[tuple[Citation, Issuer | None]], year: int | None, base: str
) -> ResolvedCitation:
    dated = [c for c, _ in mem if c.date]
    first = dated[0] if dated else mem[0][0]
    issuer = next((i for c, i in mem if i is not None and c is first), None) or next(
        (i for _, i in mem if i is not None), None
    )
    title = next((c.title for c, _ in mem if c.title), None)
    doc = _doc_ref(
        first if first.title == title else replace(first, title=title), issuer, year, base
    )
    conflicts = sorted({f"date: {first.date} ≠ {c.date}" for c in dated if c.date != first.date})
    rels = [c.relation for c, _ in mem]
    relation = min(rels, key=_PRECEDENCE.index)
    chosen = next(c for c, _ in mem if c.relation == relation)
    mentions = tuple(sorted((c.mention for c, _ in mem), key=lambda m: m.start))
    return ResolvedCitation(
        document=doc,
        relation=relation,
        confidence=max(c.confidence for c, _ in mem),
        cue=chosen.cue,
        mentions=mentions,
        conflicts=tuple(conflicts),
    )


_TYPE_FROM_BODY = [
    (r"\bban hanh\s+ke hoach\b", "KH"),
    (r"\btran trong bao cao\b|\bbao cao ket qua\b", "BC"),
]


def _own_document(
    seg: SegmentedDocument, norm: NormalizedText, ctx: Context, base: str
) -> DocumentRef:
    h = seg.header
    doc_type = h.doc_type
    if doc_type is None and h.symbol:
        doc_type = h.symbol.split("-")[0].split("/")[0] or None
    if doc_type is None:
        f = fold(norm.text[:4000])
        doc_type = next((t for pat, t in _TYPE_FROM_BODY if regex.search(pat, f)), None)
    code = agent_code(h.symbol) if h.symbol else None
    if code is None:
        f = fold(norm.text[:4000])
        code = "UBND" if regex.search(r"\b(?:ubnd|uy ban nhan dan)\b", f) and ctx.unit else None
    issuer = None
    if code:
        issuer = _issuer(code, ctx.unit if is_local(code) else None, None)
    year = h.date.year if h.date else None
    if year is None and h.title:
        m = regex.search(r"\bnam\s+((?:19|20)\d\d)\b", fold(h.title))
        year = int(m.group(1)) if m else None
    number = h.number
    year_in_number = h.year_in_number
    sym = h.symbol
    key = format_key(number, sym, year_in_number)
    jur = issuer.jurisdiction if issuer else "vn-unknown"
    agent = issuer.agent if issuer else "x"
    if key and issuer and jur != "vn-unknown":
        iri = ids.document_iri(
            jurisdiction=jur,
            agent=agent,
            doc_type=doc_type,
            year=year_in_number or year,
            number=number or "",
            base=base,
        )
    else:
        iri = ids.numberless_iri(
            jurisdiction=jur,
            agent=agent,
            doc_type=doc_type,
            on=h.date,
            year=year,
            title=h.title,
            base=base,
        )
    return DocumentRef(
        iri=iri,
        doc_type=doc_type,
        number=number,
        year_in_number=year_in_number,
        symbol=sym,
        key=key,
        date=h.date,
        year=year_in_number or year,
        issuer=issuer,
        title=h.title,
    )


def _loose_symbol(symbol: str | None) -> str:
    return regex.sub(r"[\W_]+", "", fold(symbol or ""))


def is_own(doc: DocumentRef, own: DocumentRef) -> bool:
    """Whether a cited document is the citing document itself.

    A document's own number printed again in its body is not a citation: a table header
    "Số: 01/QĐ-UBND |", a portal title line "Kế hoạch 32/KH-UBND năm 2026 …", "(Ban hành kèm
    theo Quyết định số 881/QĐ-UBND …)", a page title "1961/2019/QĐ-UBND" for a header whose
    PDF text lost the hyphen ("1961/QĐUBND"). Same number and symbol (separators aside), no
    other year, and no other known jurisdiction.
    """
    if not doc.key or not own.key or (doc.number or "") != (own.number or ""):
        return False
    if _loose_symbol(doc.symbol) != _loose_symbol(own.symbol):
        return False
    if doc.year is not None and own.year is not None and doc.year != own.year:
        return False
    jd = doc.issuer.jurisdiction if doc.issuer else "vn-unknown"
    jo = own.issuer.jurisdiction if own.issuer else "vn-unknown"
    known = [j for j in (jd, jo) if j.startswith("vn-") and j != "vn-unknown"]
    return len(known) < 2 or jd == jo


# The page's own document announced in its lead (portal pages without a header):
# "Ngày 30/12/2025, Văn phòng UBND tỉnh Lai Châu đã ban hành Kế hoạch số 1888/KH-VPUBND …",
# "(Ban hành kèm theo Quyết định số: 59/QĐ-UBND …)" (folded text before the number)
_OWN_LEAD = regex.compile(r"(?:da\s+ban\s+hanh|\(\s*ban\s+hanh\s+kem\s+theo)\s+[^\n,;.]{0,25}$")
_LEAD_ZONE = 600


def _own_from_lead(
    merged: list[ResolvedCitation], norm: NormalizedText, own: DocumentRef, base: str
) -> DocumentRef:
    """The own identity of a document without a number line, from its lead sentence."""
    for r in merged:
        m = r.mentions[0]
        i = bisect.bisect_left(norm.offsets, m.start, 0, len(norm.text))
        if i > _LEAD_ZONE or not r.document.key:
            continue
        if _OWN_LEAD.search(norm.folded[max(0, i - 80) : i]):
            d = r.document
            year = d.year or own.year
            iri = own.iri
            if own.issuer is not None and own.issuer.jurisdiction != "vn-unknown":
                iri = ids.document_iri(
                    jurisdiction=own.issuer.jurisdiction,
                    agent=own.issuer.agent,
                    doc_type=d.doc_type or own.doc_type,
                    year=year,
                    number=d.number or "",
                    base=base,
                )
            return replace(
                own,
                iri=iri,
                number=d.number,
                symbol=d.symbol,
                key=d.key,
                year_in_number=d.year_in_number,
                year=year,
                doc_type=own.doc_type or d.doc_type,
                date=own.date or d.date,
            )
    return own


ContextRule = Callable[[SegmentedDocument, NormalizedText], Context]


IssuerRule = Callable[[Citation, Context], Issuer | None]


RelationRule = Callable[[Citation, SegmentedDocument], Relation]


def resolve(
    loaded: LoadedDocument,
    norm: NormalizedText,
    seg: SegmentedDocument,
    found: FoundCitations,
    *,
    base: str = ids.DEFAULT_BASE,
    context_rule: ContextRule = default_context_rule,
    issuer_rule: IssuerRule = default_issuer_rule,
    relation_rule: RelationRule = default_relation_rule,
) -> Extraction:
    """Resolve the citations found in one document into canonical documents."""
    # several objects a citation, none in a reference cycle (parsers.heap)
    with collector_paused():
        return _resolve(loaded, norm, seg, found, base, context_rule, issuer_rule, relation_rule)


def _resolve(
    loaded: LoadedDocument,
    norm: NormalizedText,
    seg: SegmentedDocument,
    found: FoundCitations,
    base: str,
    context_rule: ContextRule,
    issuer_rule: IssuerRule,
    relation_rule: RelationRule,
) -> Extraction:
    ctx = undated_context(context_rule, seg, norm, found.citations)
    ctx = with_source_province(ctx, loaded.source)
    own = _own_document(seg, norm, ctx, base)
    pairs: list[tuple[Citation, Issuer | None]] = []
    issuers: dict[Issuer, Issuer] = {}  # one object per issuer, not one per citation
    for found_cit in found.citations:
        cit = _identifiable(found_cit, norm)
        if cit is None:
            continue
        relation = relation_rule(cit, seg)
        if relation is not cit.relation:
            cit = replace(cit, relation=relation)
        issuer = issuer_rule(with_printed_issuer(cit, norm), ctx)
        pairs.append((cit, None if issuer is None else issuers.setdefault(issuer, issuer)))
    merged = _merge(pairs, base)
    if own.key is None:
        own = _own_from_lead(merged, norm, own, base)
    resolved = [
        _reports_on(r, own)
        for r in merged
        if r.document.iri != own.iri and not is_own(r.document, own)
    ]
    iri_of_mention = {m.start: r.document.iri for r in resolved for m in r.mentions}
    named = tuple(
        NamedReference(
            c.name, c.mention.start, c.mention.end, c.key, iri_of_mention.get(c.mention.start)
        )
        for c in found.citations
        if c.name
    )
    between = []
    for rel in found.relations_between_cited:
        s = iri_of_mention.get(found.citations[rel.subject].mention.start)
        o = iri_of_mention.get(found.citations[rel.object].mention.start)
        if s and o and s != o:
            between.append((s, rel.relation, o, rel))
    return Extraction(
        source=loaded.source,
        format=loaded.format,
        encoding=loaded.encoding,
        document=own,
        place=seg.header.place,
        signer=seg.signature.signer if seg.signature else None,
        citations=tuple(sorted(resolved, key=lambda r: r.mentions[0].start)),
        relations_between_cited=tuple(between),
        named_references=named,
        segmented=seg,
        warnings=loaded.warnings + found.warnings,
        text_length=len(loaded.text),
        era_on=ctx.on,
        era_from=ctx.era_from,
    )


_REPORT_RELATIONS = {Relation.IMPLEMENTS, Relation.BASED_ON}


def _reports_on(r: ResolvedCitation, own: DocumentRef) -> ResolvedCitation:
    """A report (Báo cáo) that cites a plan of its own unit reports on it (issue 15): "Thực
    hiện Kế hoạch số 04/KH-UBND … của UBND tỉnh" in the province's report ``reports_on``."""
    d = r.document
    if (
        own.doc_type == "BC" and d.doc_type == "KH" and r.relation in _REPORT_RELATIONS
        and own.issuer is not None and d.issuer is not None
        and own.issuer.jurisdiction == d.issuer.jurisdiction
    ):  # fmt: skip
        return replace(r, relation=Relation.REPORTS_ON)
    return r


def merge_numberless(extractions: Sequence[Extraction]) -> list[Extraction]:
    """Give a corpus document that lacks its own number the identity another file cites it by.

    Seed 002 (OCR lost its header) is "Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND
    tỉnh về cải cách hành chính tỉnh Lạng Sơn năm 2024", cited by seed 001: same type,
    same issuer, compatible date and year, and the same title once folded.
    """
    cited: list[DocumentRef] = [
        c.document for e in extractions for c in e.citations if c.document.key
    ]
    out: list[Extraction] = []
    for e in extractions:
        d = e.document
        if d.key is None:
            match = find_identity(d, cited)
            if match is not None:
                d = replace(match, title=d.title or match.title, date=d.date or match.date)
                e = replace(e, document=d)
        out.append(e)
    return out


def find_identity(d: DocumentRef, cited: Sequence[DocumentRef]) -> DocumentRef | None:
    candidates = []
    for c in cited:
        if c.doc_type != d.doc_type or c.issuer is None or d.issuer is None:
            continue
        if (c.issuer.jurisdiction, c.issuer.agent) != (d.issuer.jurisdiction, d.issuer.agent):
            continue
        if d.date and c.date and d.date != c.date:
            continue
        if d.year and c.year and d.year != c.year:
            continue
        same_title = bool(d.title and c.title and title_key(d.title) == title_key(c.title))
        if not d.date and not same_title:
            continue
        if (
            d.date
            and c.date == d.date
            and d.title
            and c.title
            and (title_key(d.title) != title_key(c.title))
        ):
            continue
        candidates.append(c)
    iris = {c.iri for c in candidates}
    return candidates[0] if len(iris) == 1 else None
