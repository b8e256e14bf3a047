"""The machine-readable contract of ``vbkg extract --format json`` (documented in README)."""

from __future__ import annotations

import json
from json import encoder as _encoder
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


# --------------------------------------------------------------------------- writing

_ENCODE_STR = _encoder.encode_basestring  # ensure_ascii=False; the C one when built
_INF = float("inf")


def _scalar(o: Any) -> str | None:
    """The JSON text of a str, int, float, bool or None as ``json.dumps`` writes it; None for
    anything else."""
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    t = type(o)
    if t is str:
        return _ENCODE_STR(o)
    if t is int:
        return int.__repr__(o)
    if t is float:
        if o != o:
            return "NaN"
        if o == _INF:
            return "Infinity"
        if o == -_INF:
            return "-Infinity"
        return float.__repr__(o)
    return None


def _write(o: Any, out: list[str], nl: str) -> None:
    """Append the JSON text of ``o`` at the indentation ``nl`` (a line break and spaces)."""
    t = type(o)
    if t is dict:
        if not o:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for k, v in o.items():
            if type(k) is not str:
                raise TypeError(f"key {k!r}")  # json.dumps converts it: left to json.dumps
            out.append(sep)
            out.append(_ENCODE_STR(k))
            out.append(": ")
            s = _scalar(v)
            if s is None:
                _write(v, out, inner)
            else:
                out.append(s)
            sep = "," + inner
        out.append(nl + "}")
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            s = _scalar(v)
            if s is None:
                _write(v, out, inner)
            else:
                out.append(s)
            sep = "," + inner
        out.append(nl + "]")
    else:
        s = _scalar(o)
        if s is None:
            raise TypeError(f"value of type {t.__name__}")
        out.append(s)


def dumps(payload: Any) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=2)``, the same text, written without
    the pure-Python indenting encoder (which ``json`` uses whenever ``indent`` is set: about
    half the cost of the extract command's output). Plain dicts, lists, tuples, str, int, float,
    bool and None; anything else (subclasses, other keys) goes to ``json.dumps``."""
    out: list[str] = []
    try:
        _write(payload, out, "\n")
    except (TypeError, RecursionError):
        return json.dumps(payload, ensure_ascii=False, indent=2)
    return "".join(out)
