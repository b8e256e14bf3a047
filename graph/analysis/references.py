"""Which document a reference names, and the trace's record of a document.

:func:`resolve_reference` turns a key (``76/NQ-CP``), a key with year or issuer
(``02/KH-UBND@2023``), an IRI or a source file path into one :class:`DocumentInfo`, read by
:mod:`graph.analysis.documents` (the one rule for files that disagree). Used by
:mod:`graph.analysis.trace` and :mod:`graph.analysis.coverage`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import regex
from rdflib import Literal

from graph import queries
from graph.analysis.documents import DocumentFacts, read_documents, rows_by
from graph.messages import t
from graph.store import StoreLike
from parsers.models import split_key
from parsers.normalize import fold

# --------------------------------------------------------------------------- errors


class TraceError(Exception):
    """A reference that cannot be traced; :meth:`message` is one line in vi or en."""

    key = "trace.unknown"

    def __init__(self, ref: str, detail: str = "") -> None:
        super().__init__(f"{t(self.key, 'en')} {ref}{detail}")
        self.ref = ref
        self.detail = detail

    def message(self, lang: str = "vi") -> str:
        return f"{t(self.key, lang)} {self.ref}{self.detail}"


class UnknownReference(TraceError):
    """No document of the store matches the reference."""


class NoParentPlan(TraceError):
    """Coverage without ``parent``: the child implements no plan with targets in the store."""

    key = "trace.no_parent"


class AmbiguousReference(TraceError):
    """Several documents match; ``candidates`` lists them (the CLI prints them)."""

    key = "trace.ambiguous"

    def __init__(self, ref: str, candidates: Iterable[DocumentInfo]) -> None:
        self.candidates = tuple(candidates)
        super().__init__(ref)

    def message(self, lang: str = "vi") -> str:
        return f"{t(self.key, lang)} {self.ref}"

    def candidate_lines(self) -> list[str]:
        return [c.describe() for c in self.candidates]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DocumentInfo:
    """What the store says about one document (one value where files disagree)."""

    id: str
    key: str | None
    title: str | None
    date: date | None
    year: int | None
    issuer: str | None
    issuer_id: str | None
    agent: str | None
    level: str | None
    jurisdiction: str | None  # unit IRI
    source: str | None  # the source file, when the document is in the corpus
    in_corpus: bool
    is_plan: bool
    # the stored OCR title when ``title`` shows it restored (graph.analysis.documents.shown)
    title_original: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            **(
                {
                    "title_restored": {
                        "text": self.title,
                        "original": self.title_original,
                        "restored": True,
                    }
                }
                if self.title_original is not None
                else {}
            ),
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "issuer": self.issuer,
            "level": self.level,
            "in_corpus": self.in_corpus,
        }

    def describe(self) -> str:
        """One line: key (or id), date, issuer, source."""
        parts = [self.key or self.id]
        if self.date:
            parts.append(self.date.isoformat())
        elif self.year:
            parts.append(str(self.year))
        if self.issuer:
            parts.append(self.issuer)
        if self.title:
            parts.append(self.title)
        if self.source:
            parts.append(self.source)
        return " — ".join(parts)


# --------------------------------------------------------------------------- reading the store


def query_rows(store: StoreLike, name: str, **bindings: Any) -> list[dict[str, Any]]:
    rows = queries.run(store, name, **bindings)
    assert isinstance(rows, list)
    return rows


def rows_by_doc(store: StoreLike, name: str, iris: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The named query ``name`` (bind: ?doc) for many documents, a chunk per query: its rows
    grouped by ``?doc``, each group in the order the query gives for that document alone."""
    return rows_by(store, name, "doc", iris)


def as_str(v: Any) -> str | None:
    return None if v is None else str(v)


def as_date(v: Any) -> date | None:
    if v is None:
        return None
    py = v.toPython() if isinstance(v, Literal) else v
    if isinstance(py, date):
        return py
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        return None


def as_int(v: Any) -> int | None:
    try:
        return None if v is None else int(str(v))
    except ValueError:
        return None


def as_bool(v: Any) -> bool:
    return v is not None and str(v).lower() in ("true", "1")


def _info(facts: DocumentFacts) -> DocumentInfo:
    """The trace's record of a document, from :mod:`graph.analysis.documents` (the one rule)."""
    t = facts.title_shown
    return DocumentInfo(
        id=facts.iri,
        key=facts.key,
        title=t.text if t else None,
        title_original=t.original if t and t.restored else None,
        date=facts.date,
        year=facts.year,
        issuer=facts.issuer_label,
        issuer_id=facts.issuer,
        agent=facts.agent,
        level=facts.level,
        jurisdiction=facts.jurisdiction,
        source=facts.own_source,
        in_corpus=facts.in_corpus,
        is_plan=facts.is_plan,
    )


class DocumentCache:
    """Cache of :class:`DocumentInfo` read with :func:`graph.analysis.documents.read_documents`."""

    def __init__(self, store: StoreLike) -> None:
        self.store = store
        self.cache: dict[str, DocumentInfo | None] = {}

    def get(self, iri: str) -> DocumentInfo | None:
        if iri not in self.cache:
            self.prefetch([iri])
        return self.cache.get(iri)

    def require(self, iri: str) -> DocumentInfo:
        info = self.get(iri)
        if info is None:
            return DocumentInfo(
                iri, None, None, None, None, None, None, None, None, None, None, False, False
            )
        return info

    def prefetch(self, iris: Iterable[str]) -> None:
        """Read the documents ``iris`` not cached yet, many per query."""
        todo = [i for i in dict.fromkeys(iris) if i not in self.cache]
        if not todo:
            return
        found = read_documents(self.store, todo)
        for iri in todo:
            f = found.get(iri)
            self.cache[iri] = _info(f) if f is not None else None


# --------------------------------------------------------------------------- references

_KEY_AT = regex.compile(r"^(?P<key>.+?)@(?P<rest>[^@/]+)$")


def _parse_ref(
    ref: str, year: int | None, issuer: str | None
) -> tuple[str, int | None, str | None]:
    """``02/KH-UBND@2023`` → (key, 2023, issuer); ``KEY@UBND tỉnh Lạng Sơn`` → issuer."""
    ref = ref.strip()
    m = _KEY_AT.match(ref)
    if m and not ref.startswith(("http://", "https://")):
        rest = m["rest"].strip()
        if regex.fullmatch(r"(?:19|20)\d\d", rest):
            year = year or int(rest)
        else:
            issuer = issuer or rest
        ref = m["key"].strip()
    return ref, year, issuer


def _candidates_by_key(store: StoreLike, key: str) -> list[str]:
    rows = query_rows(store, "find-by-key", key=Literal(key))
    if rows:
        return sorted({str(r["doc"]) for r in rows})
    # another capitalisation or spelling of the key: match its number, compare folded keys
    try:
        number = split_key(key.strip())[0]
    except ValueError:
        return []
    want = regex.sub(r"\s+", "", fold(key))
    rows = query_rows(store, "find-by-number", number=Literal(number))
    return sorted(
        {str(r["doc"]) for r in rows if regex.sub(r"\s+", "", fold(str(r["key"]))) == want}
    )


def _candidates_by_source(store: StoreLike, ref: str) -> list[str]:
    tries = [ref]
    p = Path(ref)
    with contextlib.suppress(OSError):
        tries.append(str(p.resolve()))
    for s in tries:
        rows = query_rows(store, "find-by-source", source=Literal(s))
        if rows:
            return sorted({str(r["doc"]) for r in rows})
    # a path relative to another working directory: match the file name
    sources = [s for s in store.sources() if Path(s).name == p.name]
    out: set[str] = set()
    for s in sources:
        out |= {str(r["doc"]) for r in query_rows(store, "find-by-source", source=Literal(s))}
    return sorted(out)


def _looks_like_path(ref: str) -> bool:
    return bool(regex.search(r"\.(?:txt|md|docx|pdf|doc|html?)$", ref, flags=regex.I)) or (
        ("/" in ref or "\\" in ref) and Path(ref).exists()
    )


def _issuer_matches(info: DocumentInfo, issuer: str) -> bool:
    want = fold(issuer).strip()
    names = [fold(x) for x in (info.issuer, info.issuer_id, info.jurisdiction) if x]
    return any(want == n or want in n for n in names)


def resolve_reference(
    store: StoreLike,
    ref: str,
    *,
    year: int | None = None,
    issuer: str | None = None,
    docs: Any = None,
) -> DocumentInfo:
    """The one document ``ref`` names: a key (``76/NQ-CP``), a key with year or issuer
    (``02/KH-UBND@2023``, or ``year=``/``issuer=``), an IRI or a source file path.

    Raises :class:`AmbiguousReference` (with the candidates) or :class:`UnknownReference`.
    """
    docs = docs or DocumentCache(store)
    key, year, issuer = _parse_ref(ref, year, issuer)
    if key.startswith(("http://", "https://")):
        found = [key] if docs.get(key) is not None else []
    elif _looks_like_path(key):
        found = _candidates_by_source(store, key)
    else:
        found = _candidates_by_key(store, key)
    infos = [docs.require(i) for i in found]
    if year is not None:
        infos = [d for d in infos if d.year == year or (d.date and d.date.year == year)]
    if issuer:
        infos = [d for d in infos if _issuer_matches(d, issuer)]
    detail = "".join([f" ({year})" if year else "", f" ({issuer})" if issuer else ""])
    if not infos:
        raise UnknownReference(ref, detail)
    if len(infos) > 1:
        raise AmbiguousReference(ref, sorted(infos, key=lambda d: (d.date or date.min, d.id)))
    return infos[0]


__all__ = [
    "AmbiguousReference",
    "DocumentInfo",
    "NoParentPlan",
    "TraceError",
    "UnknownReference",
    "resolve_reference",
]
