"""The machine-readable contract of ``vbkg extract --format json`` (documented in README)."""

from __future__ import annotations

from typing import Any

from graph.models import DocumentRef, Extraction, ResolvedCitation
from graph.units import REFORM_DATE
from parsers.messages import in_lang

SCHEMA_VERSION = 1


def _doc(d: DocumentRef) -> dict[str, Any]:
    return {
        "id": d.iri,
        "doc_type": d.doc_type,
        "number": d.number,
        "year_in_number": d.year_in_number,
        "symbol": d.symbol,
        "key": d.key,
        "date": d.date.isoformat() if d.date else None,
        "year": d.year,
        "issuer": d.issuer.name if d.issuer else None,
        "issuer_level": d.issuer.level if d.issuer else None,
        "jurisdiction": d.issuer.jurisdiction if d.issuer else None,
        "title": d.title,
    }


def _citation(c: ResolvedCitation) -> dict[str, Any]:
    out = _doc(c.document)
    out.update(
        {
            "name": c.document.title if c.document.key is None else None,
            "relation": c.relation.value,
            "cue": c.cue,
            "confidence": round(c.confidence, 3),
            "conflicts": list(c.conflicts),
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "in_footnote": m.in_footnote,
                    "section": m.section,
                }
                for m in c.mentions
            ],
        }
    )
    return out


def _era(e: Extraction) -> dict[str, Any]:
    """When the document stands, for its units: its own date, or an undated page's latest
    cited date (``from: citations``), or nothing known (``from: unknown``, ``period`` null)."""
    period = None
    if e.era_on is not None:
        period = "after-2025-07" if e.era_on >= REFORM_DATE else "before-2025-07"
    on = e.era_on.isoformat() if e.era_on else None
    return {"on": on, "from": e.era_from, "period": period}


def extraction_to_dict(e: Extraction, lang: str = "vi") -> dict[str, Any]:
    """The JSON contract of one extraction; its warnings in ``lang`` (the loaders' warnings are
    catalogue messages, :class:`parsers.messages.Note`)."""
    own = _doc(e.document)
    own.update({"place": e.place, "signer": e.signer, "era": _era(e)})
    return {
        "source": e.source,
        "format": e.format,
        "encoding": e.encoding,
        "document": own,
        "citations": [_citation(c) for c in e.citations],
        "relations_between_cited": [
            {
                "subject": s,
                "relation": r.value,
                "object": o,
                "cue": ev.cue,
                "start": ev.start,
                "end": ev.end,
            }
            for s, r, o, ev in e.relations_between_cited
        ],
        "named_references": [
            {"name": n.name, "start": n.start, "end": n.end, "key": n.key, "id": n.iri}
            for n in e.named_references
        ],
        "warnings": [in_lang(w, lang) for w in e.warnings],
    }
