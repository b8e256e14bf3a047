"""ELI-style identifiers (DESIGN.md §3; decision note docs/decisions/0001-identifiers.md).

``{base}/eli/{jurisdiction}/{agent}/{type}/{year}/{number}``, for example
``https://w3id.org/vbkg/eli/vn/cp/nq/2021/76`` or
``https://w3id.org/vbkg/eli/vn-20-183/ubnd/kh/2022/30``.

Every segment is folded to ASCII lower case and checked against a strict
character class; anything else is percent-encoded, so text taken from a
document can never break out of an IRI (``>``, spaces, quotes).
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import quote

import regex

from parsers.normalize import fold

DEFAULT_BASE = "https://w3id.org/vbkg"

_SAFE_SEGMENT = regex.compile(r"[a-z0-9][a-z0-9.\-_]*")
_IRI_FORBIDDEN = regex.compile(r"[\x00-\x20<>\"{}|\\^`]")


class UnsafeIRIError(ValueError):
    """An IRI that would break serialisation (spaces, ``>``, quotes...)."""


def segment(value: str) -> str:
    """One IRI path segment from document text: ASCII, lower case, safe."""
    s = fold(value).strip().replace(" ", "-").replace("/", "-")
    if _SAFE_SEGMENT.fullmatch(s):
        return s
    return quote(s, safe="") or "_"


def check_iri(iri: str) -> str:
    """Return ``iri`` unchanged if it is safe to serialise, else raise."""
    if not iri or _IRI_FORBIDDEN.search(iri) or ":" not in iri:
        raise UnsafeIRIError(f"unsafe IRI: {iri!r}")
    return iri


def type_slug(doc_type: str | None) -> str:
    return segment(doc_type) if doc_type else "vb"


def document_iri(
    *,
    jurisdiction: str,
    agent: str,
    doc_type: str | None,
    year: int | None,
    number: str,
    base: str = DEFAULT_BASE,
) -> str:
    y = str(year) if year else "nd"  # "nd": year not determined
    return check_iri(
        f"{base}/eli/{segment(jurisdiction)}/{segment(agent)}/{type_slug(doc_type)}/{y}/"
        f"{segment(number)}"
    )


def numberless_iri(
    *,
    jurisdiction: str,
    agent: str,
    doc_type: str | None,
    on: date | None,
    year: int | None,
    title: str | None,
    base: str = DEFAULT_BASE,
) -> str:
    """A stable id for a document without a number (a draft, an OCR text that lost its header)."""
    basis = "|".join(
        [
            jurisdiction,
            agent,
            doc_type or "",
            on.isoformat() if on else "",
            str(year or ""),
            fold(title or "").strip(),
        ]
    )
    digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]
    y = str(on.year if on else year) if (on or year) else "nd"
    return check_iri(
        f"{base}/eli/{segment(jurisdiction)}/{segment(agent)}/{type_slug(doc_type)}/{y}/x-{digest}"
    )


def unresolved_iri(key: str, base: str = DEFAULT_BASE) -> str:
    """A cited document whose issuer cannot be determined: keyed by its citation key only."""
    return check_iri(f"{base}/ref/{segment(key)}")


def issuer_iri(jurisdiction: str, agent: str, base: str = DEFAULT_BASE) -> str:
    return check_iri(f"{base}/agent/{segment(jurisdiction)}/{segment(agent)}")


def unit_iri(jurisdiction: str, base: str = DEFAULT_BASE) -> str:
    return check_iri(f"{base}/unit/{segment(jurisdiction)}")


def source_iri(source: str, base: str = DEFAULT_BASE) -> str:
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]
    return check_iri(f"{base}/source/{digest}")


def mention_iri(citing_iri: str, source: str, start: int, end: int) -> str:
    digest = hashlib.sha1(f"{source}|{start}|{end}".encode()).hexdigest()[:12]
    return check_iri(f"{citing_iri}/citation/{digest}")
