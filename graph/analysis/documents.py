"""The one reader of what the store says about a document: title, date, issuer, level, key.

The store keeps every variant with its provenance: each source file that mentions a document
states its facts in its own named graph (the document's own file its header, a citing file
what the citation says). Users see one value per fact, chosen by one rule (:func:`choose`):

(a) the document's own file first (the file that *is* the document, not one that cites it);
    for text, spellings that differ only in marks and case count as one value, so a clean
    citation of the title an OCR header states lends the header its spelling;
(b) then clean text over OCR text: the share of letters in well-formed Vietnamese syllables
    with correct marks (:func:`graph.analysis.syllables.clean_share`); a value at or above
    :data:`CLEAN` is clean, and clean values tie here;
(c) then the most complete: the most words (a title of a few words, "đẩy mạnh", is a
    fragment of "đẩy mạnh cải cách hành chính …"); then the cleaner of two unclean values;
(d) then the value the most files state; last, the smallest value (a stable choice).

A title of at most :data:`FRAGMENT_WORDS` words ("đẩy mạnh", "thực hiện") is a fragment the
citation cut short, not a title: when it is the best the store has, the document has no title
to show (``title`` is ``None``, ``variants("title")`` still lists it) — except for the types
cited by name (``named`` in ``data/vocab/doc_types.yaml``: "Luật Đất đai" is titled "Đất đai").

(b) and (c) apply to text (title, issuer label); other facts (key, number, type, date, year,
issuer IRI) go from (a) to (d). The issuer's label is chosen among the labels of the chosen
issuer. Every display — trace, coverage, check, the graph page, serve and the JSON outputs —
reads documents here (:func:`read_documents`, :func:`read_all_documents`).

Readable Vietnamese: a chosen title that is still OCR text (its syllable share below
:data:`CLEAN`) is shown with its diacritics restored (:func:`parsers.restore.restore_diacritics`,
the document's clean variants of its facts as context), marked as restored with the stored
original beside it (:func:`shown`, :class:`Shown`; ``title_shown``). The store and every
comparison keep the original; only what users read changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rdflib import URIRef

from graph import queries
from graph.analysis.syllables import clean_share, word_count
from graph.store import StoreLike, bind_rows
from parsers.normalize import fold
from parsers.restore import restore_diacritics
from parsers.vocab import load_vocabulary

__all__ = [
    "CLEAN",
    "FRAGMENT_WORDS",
    "DocumentFacts",
    "Shown",
    "Statement",
    "choose",
    "facts_from_statements",
    "read_all_documents",
    "read_documents",
    "rows_by",
    "shown",
    "statements_from_wide_rows",
]

#: A text whose share of letters in well-formed syllables reaches this is clean (clean seeds
#: score 0.99-1.0; OCR titles of the seeds 0.75-0.85).
CLEAN = 0.95
#: A title of this many words or fewer is a fragment (module docstring).
FRAGMENT_WORDS = 2
#: Documents per query of :func:`read_documents`.
CHUNK = 256

_TEXT_FACTS = frozenset({"title", "issuer_label"})


@dataclass(frozen=True)
class Statement:
    """One fact as one file states it: ``prop`` = ``value`` in the file ``source`` (``None``:
    the vocabulary), ``own`` when that file is the document's own; ``of``: the issuer a label
    belongs to."""

    prop: str
    value: str
    source: str | None
    own: bool
    of: str | None = None


@dataclass(frozen=True)
class Choice:
    """The chosen value of a fact, whether the document's own file states it, by how many
    files."""

    value: str
    own: bool
    sources: int


def _text_rank(value: str, own: bool, sources: int) -> tuple[Any, ...]:
    share = clean_share(value)
    return (own, share >= CLEAN, word_count(value), share, sources, _Desc(value))


class _Desc:
    """Orders the smallest string last, so that ``max`` picks it on a tie."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _Desc) -> bool:
        return self.s > other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)


def _spelling(value: str) -> str:
    return " ".join(fold(value).split())


def choose(prop: str, statements: Iterable[Statement]) -> Choice | None:
    """The value of ``prop`` to show among ``statements`` (all of one document), by the rule
    of the module docstring; ``None`` when none states it.

    For text, spellings that differ only in marks and case are one value (an OCR header
    "Cai cach hanh chinh" and a citation's "Cải cách hành chính" say the same title): the
    value ranks with the files of all its spellings and is shown in the cleanest spelling."""
    by_value: dict[str, tuple[bool, set[str | None]]] = {}
    for s in statements:
        if s.prop != prop or s.value == "":
            continue
        own, srcs = by_value.get(s.value, (False, set()))
        srcs.add(s.source)
        by_value[s.value] = (own or s.own, srcs)
    if not by_value:
        return None
    if prop not in _TEXT_FACTS:
        value, (own, srcs) = max(
            by_value.items(), key=lambda kv: (kv[1][0], len(kv[1][1]), _Desc(kv[0]))
        )
        return Choice(value, own, len(srcs))
    groups: dict[str, list[str]] = defaultdict(list)
    for v in by_value:
        groups[_spelling(v)].append(v)
    best: tuple[tuple[Any, ...], Choice] | None = None
    for members in groups.values():
        own = any(by_value[v][0] for v in members)
        srcs = set().union(*(by_value[v][1] for v in members))
        shown = max(members, key=lambda v: _text_rank(v, by_value[v][0], len(by_value[v][1]))[1:])
        rank = _text_rank(shown, own, len(srcs))
        if best is None or rank > best[0]:
            best = (rank, Choice(shown, own, len(srcs)))
    assert best is not None
    return best[1]


@dataclass(frozen=True)
class Shown:
    """A text as users see it: ``text`` restored from OCR when ``restored``, else as stored."""

    text: str
    original: str
    restored: bool

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "original": self.original, "restored": self.restored}


def shown(text: str, context: Iterable[str] = ()) -> Shown:
    """``text`` to show: as stored when clean, else with its diacritics restored (clean texts
    of the same family in ``context`` lend their wording)."""
    if clean_share(text) >= CLEAN:
        return Shown(text, text, False)
    return _restored(text, tuple(c for c in context if c and clean_share(c) >= CLEAN))


@lru_cache(maxsize=4096)
def _restored(text: str, context: tuple[str, ...]) -> Shown:
    r = restore_diacritics(text, context=context)
    return Shown(r.text, text, r.changed)


@dataclass(frozen=True)
class DocumentFacts:
    """What users see of one document (one value per fact) and every variant behind it."""

    iri: str
    statements: tuple[Statement, ...] = field(repr=False)
    chosen: Mapping[str, Choice] = field(repr=False)

    def _v(self, prop: str) -> str | None:
        c = self.chosen.get(prop)
        return c.value if c else None

    @property
    def key(self) -> str | None:
        return self._v("key")

    @property
    def number(self) -> str | None:
        return self._v("number")

    @property
    def doc_type(self) -> str | None:
        return self._v("doc_type")

    @property
    def title(self) -> str | None:
        """The title to show, restored when OCR text; ``None`` for a fragment (module
        docstring)."""
        t = self.title_shown
        return t.text if t is not None else None

    @property
    def title_shown(self) -> Shown | None:
        """The title to show with its stored original (:class:`Shown`)."""
        t = self._v("title")
        if t is not None and word_count(t) <= FRAGMENT_WORDS:
            dt = load_vocabulary().doc_type(self.doc_type) if self.doc_type else None
            if dt is None or not dt.named:
                return None
        if t is None:
            return None
        context = [s.value for s in self.statements if s.prop in _TEXT_FACTS]
        return shown(t, context)

    @property
    def date(self) -> date | None:
        return _date(self._v("date"))

    @property
    def year(self) -> int | None:
        d = self.date
        if d is not None:
            return d.year
        y = self._v("year")
        return int(y) if y and y.isdigit() else None

    @property
    def issuer(self) -> str | None:
        """The issuer's IRI."""
        return self._v("issuer")

    @property
    def issuer_label(self) -> str | None:
        return self._v("issuer_label")

    @property
    def agent(self) -> str | None:
        return self._v("agent")

    @property
    def level(self) -> str | None:
        return self._v("level")

    @property
    def jurisdiction(self) -> str | None:
        return self._v("jurisdiction")

    @property
    def in_corpus(self) -> bool:
        return any(s.own for s in self.statements) or any(
            s.prop == "in_corpus" and s.value.lower() in ("true", "1") for s in self.statements
        )

    @property
    def is_plan(self) -> bool:
        return any(s.prop == "plan" for s in self.statements)

    @property
    def source(self) -> str | None:
        """The document's own file, else the first file that mentions it."""
        own = sorted({s.source for s in self.statements if s.own and s.source})
        if own:
            return own[0]
        return min((s.source for s in self.statements if s.source), default=None)

    @property
    def own_source(self) -> str | None:
        return next(iter(sorted({s.source for s in self.statements if s.own and s.source})), None)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every file that states something about the document."""
        return tuple(sorted({s.source for s in self.statements if s.source}))

    def variants(self, prop: str) -> list[str]:
        """Every value files state for ``prop`` (one per file stating it), best first."""
        best = self._v(prop)
        vals = [s.value for s in self.statements if s.prop == prop]
        return sorted(vals, key=lambda v: (v != best, v))

    def support(self, prop: str) -> tuple[bool, int]:
        """(whether the own file states the chosen value, how many files state it)."""
        c = self.chosen.get(prop)
        return (c.own, c.sources) if c else (False, 0)


def facts_from_statements(iri: str, statements: Iterable[Statement]) -> DocumentFacts:
    """Apply the rule to the statements of one document (each fact reads its own statements,
    in their order: one pass over them, however many files state the document)."""
    stmts = tuple(statements)
    by_prop: dict[str, list[Statement]] = defaultdict(list)
    for s in stmts:
        by_prop[s.prop].append(s)
    chosen: dict[str, Choice] = {}
    for prop in sorted(set(by_prop) - {"issuer_label"}):
        c = choose(prop, by_prop[prop])
        if c is not None:
            chosen[prop] = c
    issuer = chosen.get("issuer")
    labels = by_prop.get("issuer_label", [])
    if issuer is not None and any(s.of == issuer.value for s in labels):
        labels = [s for s in labels if s.of == issuer.value]
    label = choose("issuer_label", labels)
    if label is not None:
        chosen["issuer_label"] = label
    for prop in ("agent", "level", "jurisdiction"):  # the chosen issuer's, from the vocabulary
        if issuer is not None:
            c = choose(prop, [s for s in by_prop.get(prop, ()) if s.of == issuer.value])
            if c is not None:
                chosen[prop] = c
    return DocumentFacts(iri, stmts, chosen)


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _date(v: str | None) -> date | None:
    if not v:
        return None
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


def _truthy(v: Any) -> bool:
    return v is not None and str(v).lower() in ("true", "1")


def _statements(
    rows: Iterable[Mapping[str, Any]],
    sources: Mapping[str, list[str]],
    exclude: Callable[[str], bool] | None,
) -> dict[str, list[Statement]]:
    """The statements of the rows of ``document_variants``, by document. A row's graph is
    named by its file (``sources``, from ``graph_sources``); a graph is the document's own
    when the document was derived from it (``derived_from``) or it states the document
    ``vbkg:inCorpus true`` (``in_corpus_true``)."""
    facts: list[tuple[str, str, str, str | None, str | None]] = []
    own: set[tuple[str, str]] = set()
    for r in rows:
        doc, prop, value = _text(r.get("doc")), _text(r.get("prop")), _text(r.get("value"))
        if doc is None or prop is None or value is None:
            continue
        g = _text(r.get("g"))
        if prop == "derived_from":
            own.add((doc, value))
            continue
        if prop == "in_corpus_true":  # vbkg:inCorpus true: the graph is the document's own
            prop = "in_corpus"
            own.add((doc, str(g)))
        facts.append((doc, prop, value, value if prop == "issuer" else _text(r.get("of")), g))
    out: dict[str, list[Statement]] = defaultdict(list)
    for doc, prop, value, of, g in facts:
        is_own = g is not None and (doc, g) in own
        for src in sources.get(g, [None]) if g is not None else [None]:
            if src is not None and exclude is not None and exclude(src):
                continue
            out[doc].append(Statement(prop, value, src or g, is_own, of))
    for stmts in out.values():  # one order whatever the store's: the rule reads them in it
        stmts.sort(key=lambda s: (s.prop, s.value, s.source or "", s.own, s.of or ""))
    return out


def _graph_sources(store: StoreLike, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The file(s) of each named graph of ``rows`` (named query ``graph_sources``)."""
    graphs = sorted({str(r["g"]) for r in rows if r.get("g") is not None})
    out: dict[str, list[str]] = defaultdict(list)
    for g, rs in rows_by(store, "graph_sources", "g", graphs).items():
        out[g] = [str(r["src"]) for r in rs]
    return out


def rows_by(
    store: StoreLike, name: str, var: str, iris: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """The named query ``name`` with ``?var`` bound to each of ``iris``, :data:`CHUNK` per
    query: its rows grouped by ``?var``, each group in the order the query gives."""
    text = queries.get(name).text
    out: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(iris), CHUNK):
        chunk = iris[i : i + CHUNK]
        rows = store.query(bind_rows(text, [var], [[URIRef(x)] for x in chunk]))
        assert isinstance(rows, list)
        for r in rows:
            out.setdefault(str(r[var]), []).append(r)
    return out


#: The issuer's facts of the vocabulary (named query ``document_vocabulary``) as statements.
_VOCABULARY = {"notation": "agent", "level": "level", "jurisdiction": "jurisdiction"}


def _variant_rows(
    store: StoreLike, rows: Iterable[Mapping[str, Any]]
) -> list[dict[str, str | None]]:
    """The rows of ``document_variants`` (one per fact and value, with the graphs stating it)
    as one row per fact, value and graph (``doc``, ``prop``, ``value``, ``of``, ``g``): a type
    as its notation, and the vocabulary's facts about each issuer (``agent``, ``level``,
    ``jurisdiction``; no graph), read once per type and issuer (``document_vocabulary``)."""
    rows = list(rows)
    iris = sorted({str(r["value"]) for r in rows if str(r["prop"]) in ("doc_type_iri", "issuer")})
    vocab = {
        of: [(str(r["prop"]), str(r["value"])) for r in rs]
        for of, rs in rows_by(store, "document_vocabulary", "of", iris).items()
    }
    out: dict[tuple[str, str, str, str | None, str | None], None] = {}
    for r in rows:
        doc, prop, value, of = str(r["doc"]), str(r["prop"]), str(r["value"]), _text(r.get("of"))
        for g in str(r.get("graphs") or "").split():
            if prop != "doc_type_iri":
                out[(doc, prop, value, of, g)] = None
                continue
            for p, v in vocab.get(value, []):
                if p == "notation":
                    out[(doc, "doc_type", v, None, g)] = None
        if prop == "issuer":
            for p, v in vocab.get(value, []):
                out[(doc, _VOCABULARY[p], v, value, None)] = None
    return [dict(zip(("doc", "prop", "value", "of", "g"), k, strict=True)) for k in out]


def read_documents(
    store: StoreLike,
    iris: Iterable[str],
    *,
    exclude: Callable[[str], bool] | None = None,
) -> dict[str, DocumentFacts]:
    """The facts of the documents ``iris`` (named queries ``document_variants``,
    ``document_vocabulary`` and ``graph_sources``, :data:`CHUNK` documents per query).
    ``exclude(source)`` leaves out what a file states (the checks leave out the draft). A
    document the store does not know (or knows only from excluded files) is absent from the
    result."""
    todo = list(dict.fromkeys(iris))
    found = [r for rs in rows_by(store, "document_variants", "doc", todo).values() for r in rs]
    rows = _variant_rows(store, found)
    out: dict[str, DocumentFacts] = {}
    for iri, stmts in _statements(rows, _graph_sources(store, rows), exclude).items():
        if any(s.source for s in stmts):
            out[iri] = facts_from_statements(iri, stmts)
    return out


def read_all_documents(store: StoreLike) -> dict[str, DocumentFacts]:
    """The facts of every document of the store (a query, and the vocabulary of its types and
    issuers)."""
    rows = _variant_rows(store, queries.run(store, "document_variants"))
    sources: dict[str, list[str]] = defaultdict(list)
    for r in queries.run(store, "graph_sources"):
        sources[str(r["g"])].append(str(r["src"]))
    return {
        iri: facts_from_statements(iri, stmts)
        for iri, stmts in _statements(rows, sources, None).items()
    }


_WIDE = {
    "key": "key",
    "number": "number",
    "date": "date",
    "year": "year",
    "title": "title",
    "issuerName": "issuer_label",
}


def statements_from_wide_rows(rows: Iterable[Mapping[str, Any]]) -> list[Statement]:
    """Statements from rows of a query with one column per fact (``key``, ``date``, ``title``,
    ``issuerName`` …, ``src``, ``own``): for facts that arrive with another query's rows."""
    out: list[Statement] = []
    for r in rows:
        src, own = _text(r.get("src")), _truthy(r.get("own"))
        for col, prop in _WIDE.items():
            v = r.get(col)
            if v is None:
                continue
            value = str(v)[:10] if prop == "date" else str(v)
            out.append(Statement(prop, value, src, own))
    return out
