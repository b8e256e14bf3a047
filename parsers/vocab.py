"""Vocabularies as data: document types, issuers and named documents.

The YAML files in ``data/vocab/`` are read once (:func:`load_vocabulary` is cached) and
every spelling is folded with :func:`parsers.normalize.normalize` so it can be matched on
the folded shadow text. :mod:`parsers.regexes` compiles them into patterns.

A new ministry code or a new OCR spelling of a type name is a one-line data change.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import regex

from parsers.models import split_key
from parsers.normalize import normalize
from parsers.yamldata import read_yaml

VOCAB_DIR = Path(__file__).resolve().parents[1] / "data" / "vocab"

# "vbqppl" and friends, expanded before a name is looked up (folded text)
ABBREVIATIONS: dict[str, str] = {
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "ccqdp": "chinh quyen dia phuong",
    "nsnn": "ngan sach nha nuoc",
}


@lru_cache(maxsize=8192)  # names and phrases recur from document to document
def fold_text(text: str) -> str:
    """Folded form of a vocabulary spelling: NFC, lower case, no diacritics, single spaces."""
    folded = normalize(unicodedata.normalize("NFC", text)).folded
    return " ".join(folded.split())


_RE_NAME_WORD = regex.compile(r"[a-z0-9]+")


def name_key(folded_name: str) -> str:
    """Lookup key of a document name: folded, punctuation dropped, abbreviations expanded."""
    words = _RE_NAME_WORD.findall(folded_name)
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True)
class DocType:
    code: str  # "NĐ"
    vi: str  # "Nghị định"
    en: str
    eli: str  # "nd"
    symbol: tuple[str, ...]  # folded spellings inside symbols: ("nd", "nb")
    words: tuple[str, ...]  # folded spellings in running text: ("nghi dinh", ...)
    named: bool = False  # cited by name: Luật, Bộ luật, Pháp lệnh, Hiến pháp
    normative: bool = False
    issuer: str | None = None  # issuer of a named type cited without a symbol: Luật → Quốc hội


@dataclass(frozen=True)
class IssuerCode:
    code: str  # "TTg"
    name: str  # "Thủ tướng Chính phủ"
    level: str
    folded: tuple[str, ...]
    pattern: str | None = None  # "qh\\d{1,2}"
    valid_from: date | None = None  # a body created later: Bộ Công Thương (2007-08-05)
    valid_until: date | None = None  # a body that no longer exists: Bộ Công nghiệp (2007-08-05)

    def valid_on(self, on: date | None) -> bool:
        """Whether the body existed on ``on`` (always, when the date is unknown)."""
        if on is None:
            return True
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_until is None or on < self.valid_until


@dataclass(frozen=True)
class IssuerPhrase:
    name: str
    texts: tuple[str, ...]  # folded


@dataclass(frozen=True)
class NamedDocument:
    key: str | None
    doc_type: str
    name: str
    number: str | None = None
    year_in_number: int | None = None
    symbol: str | None = None
    date: date | None = None
    issuer: str | None = None
    year: int | None = None
    aliases: tuple[str, ...] = ()  # folded
    patterns: tuple[str, ...] = ()  # regular expressions on folded text


@lru_cache(maxsize=256)
def code_pattern(pattern: str) -> regex.Pattern[str]:
    """An issuer code's ``pattern`` (``issuers.yaml``), compiled once."""
    return regex.compile(pattern)


@dataclass(frozen=True)
class Vocabulary:
    doc_types: tuple[DocType, ...]
    issuer_codes: tuple[IssuerCode, ...]
    issuer_phrases: tuple[IssuerPhrase, ...]
    named_documents: tuple[NamedDocument, ...]
    local_levels: frozenset[str] = frozenset()  # issuers.yaml local_levels
    cannot_change: frozenset[str] = frozenset()  # relations.yaml cannot_change
    type_spellings: frozenset[str] = frozenset()  # spellings.yaml type_words (lower case)
    type_by_code: Mapping[str, DocType] = field(default_factory=dict, compare=False)
    type_by_word: Mapping[str, DocType] = field(default_factory=dict, compare=False)
    type_by_symbol: Mapping[str, DocType] = field(default_factory=dict, compare=False)
    issuer_by_folded: Mapping[str, IssuerCode] = field(default_factory=dict, compare=False)
    issuer_by_phrase: Mapping[str, str] = field(default_factory=dict, compare=False)
    laws_by_name: Mapping[tuple[str, int], NamedDocument] = field(
        default_factory=dict, compare=False
    )

    def doc_type(self, code: str | None) -> DocType | None:
        return self.type_by_code.get(code) if code else None

    def issuer_code(self, folded_code: str) -> IssuerCode | None:
        """The issuer code for a folded token: ``"ttg"`` → TTg, ``"qh13"`` → QH (pattern)."""
        hit = self.issuer_by_folded.get(folded_code)
        if hit is not None:
            return hit
        for ic in self.issuer_codes:
            if ic.pattern and code_pattern(ic.pattern).fullmatch(folded_code):
                return ic
        return None

    def law(
        self, folded_name: str, year: int | None, on: date | None = None
    ) -> NamedDocument | None:
        """The law called ``folded_name`` of ``year``; failing that, the only law of that name
        passed on the day and month of ``on`` — a misprinted year ("Luật giao dịch điện tử
        ngày 29 tháng 11 năm 2015" is the law of 29/11/2005)."""
        if year is None:
            return None
        hit = self.laws_by_name.get((name_key(folded_name), year))
        if hit is not None or on is None:
            return hit
        key = name_key(folded_name)
        same_day = {
            nd.key: nd
            for (name, _), nd in self.laws_by_name.items()
            if name == key
            and nd.date is not None
            and (nd.date.month, nd.date.day) == (on.month, on.day)
        }
        return next(iter(same_day.values())) if len(same_day) == 1 else None

    @property
    def named_types(self) -> frozenset[str]:
        """Codes of the types cited by name (``named: true``): LUAT, BLUAT, PL, HP."""
        return frozenset(t.code for t in self.doc_types if t.named)


def cannot_change_types() -> frozenset[str]:
    """Document types that cannot amend, repeal or replace another document (reports,
    submissions, notices, letters): ``data/vocab/relations.yaml`` ``cannot_change``."""
    return load_vocabulary().cannot_change


def local_levels() -> frozenset[str]:
    """Issuer levels numbered per local unit (``issuers.yaml`` ``local_levels``)."""
    return load_vocabulary().local_levels


@lru_cache(maxsize=1)
def unit_kinds() -> dict[str, str]:
    """Kinds of administrative units, folded word → spelling (``unit_kinds.yaml``)."""
    kinds = _read(VOCAB_DIR / "unit_kinds.yaml")["kinds"]
    return {str(k): str(v) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def unit_renames() -> tuple[dict[str, Any], ...]:
    """Earlier identities of administrative units (``unit_changes.yaml`` ``renames``)."""
    data = _read(VOCAB_DIR / "unit_changes.yaml") or {}
    return tuple(dict(r) for r in data.get("renames", ()))


@lru_cache(maxsize=1)
def former_units() -> tuple[dict[str, Any], ...]:
    """Units abolished before the tables' snapshot (``unit_changes.yaml`` ``former``)."""
    data = _read(VOCAB_DIR / "unit_changes.yaml") or {}
    return tuple(dict(r) for r in data.get("former", ()))


@dataclass(frozen=True)
class IssuerFamilies:
    """The issuer families of ``issuer_families.yaml``: a symbol's issuer code → family, a
    stated issuer's folded name (a prefix) → family, longest first, and each family's name."""

    of_code: Mapping[str, str]
    of_name: tuple[tuple[str, str], ...]
    name: Mapping[str, str]


@lru_cache(maxsize=1)
def issuer_families() -> IssuerFamilies:
    """The issuer families (``data/vocab/issuer_families.yaml``)."""
    rows = _read(VOCAB_DIR / "issuer_families.yaml")["families"]
    of_code = {str(c): str(r["id"]) for r in rows for c in r.get("codes", ())}
    names = [(str(n), str(r["id"])) for r in rows for n in r.get("names", ())]
    return IssuerFamilies(
        of_code=of_code,
        of_name=tuple(sorted(names, key=lambda nf: -len(nf[0]))),
        name={str(r["id"]): str(r["name"]) for r in rows},
    )


def _read(path: Path) -> Any:
    return read_yaml(path)


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return None


@lru_cache(maxsize=4)
def load_vocabulary(directory: Path = VOCAB_DIR) -> Vocabulary:
    """Read ``doc_types.yaml``, ``issuers.yaml``, ``named_documents.yaml``,
    ``relations.yaml`` and ``spellings.yaml`` once."""
    doc_types: list[DocType] = []
    for t in _read(directory / "doc_types.yaml")["types"]:
        words = tuple(dict.fromkeys(fold_text(w) for w in t.get("words", [])))
        symbols = tuple(dict.fromkeys(fold_text(s) for s in t.get("symbol", [])))
        doc_types.append(
            DocType(
                code=t["code"],
                vi=t["vi"],
                en=t["en"],
                eli=t["eli"],
                symbol=symbols,
                words=words,
                named=bool(t.get("named", False)),
                normative=bool(t.get("normative", False)),
                issuer=t.get("issuer"),
            )
        )
    issuers = _read(directory / "issuers.yaml")
    codes = tuple(
        IssuerCode(
            code=c["code"],
            name=c["name"],
            level=c.get("level", "context"),
            folded=tuple(
                dict.fromkeys([fold_text(c["code"]), *(fold_text(f) for f in c.get("folded", []))])
            ),
            pattern=c.get("pattern"),
            valid_from=_as_date(c.get("valid_from")),
            valid_until=_as_date(c.get("valid_until")),
        )
        for c in issuers["codes"]
    )
    phrases = tuple(
        IssuerPhrase(name=p["name"], texts=tuple(dict.fromkeys(fold_text(t) for t in p["text"])))
        for p in issuers["phrases"]
    )
    named: list[NamedDocument] = []
    for d in _read(directory / "named_documents.yaml")["documents"]:
        key = d.get("key")
        number, year_in_number, symbol = split_key(key) if key else (None, None, None)
        named.append(
            NamedDocument(
                key=key,
                doc_type=d["type"],
                name=d["name"],
                number=number,
                year_in_number=year_in_number,
                symbol=symbol,
                date=_as_date(d.get("date")),
                issuer=d.get("issuer"),
                year=d.get("year"),
                aliases=tuple(fold_text(a) for a in d.get("aliases", [])),
                patterns=tuple(d.get("patterns", [])),
            )
        )

    type_by_word: dict[str, DocType] = {}
    for t in doc_types:  # first listed wins ("nghi quyet" → NQ, not NQLT)
        for w in t.words:
            type_by_word.setdefault(w, t)
    type_by_symbol: dict[str, DocType] = {}
    for t in doc_types:
        for s in t.symbol:
            type_by_symbol.setdefault(s, t)
    issuer_by_folded: dict[str, IssuerCode] = {}
    for ic in codes:
        for f in ic.folded:
            issuer_by_folded.setdefault(f, ic)
    issuer_by_phrase: dict[str, str] = {}
    for p in phrases:
        for text in p.texts:
            issuer_by_phrase.setdefault(text, p.name)
    laws: dict[tuple[str, int], NamedDocument] = {}
    for nd in named:
        if nd.year is not None:
            for n in (nd.name, *nd.aliases):
                laws[(name_key(fold_text(n)), nd.year)] = nd
    return Vocabulary(
        doc_types=tuple(doc_types),
        issuer_codes=codes,
        issuer_phrases=phrases,
        named_documents=tuple(named),
        local_levels=frozenset(issuers.get("local_levels", ())),
        cannot_change=frozenset(_read(directory / "relations.yaml")["cannot_change"]),
        type_spellings=frozenset(
            w.lower() for w in _read(directory / "spellings.yaml")["type_words"]
        ),
        type_by_code={t.code: t for t in doc_types},
        type_by_word=type_by_word,
        type_by_symbol=type_by_symbol,
        issuer_by_folded=issuer_by_folded,
        issuer_by_phrase=issuer_by_phrase,
        laws_by_name=laws,
    )


_T = TypeVar("_T")


def per_vocabulary(compute: Callable[[Vocabulary], _T]) -> Callable[[Vocabulary], _T]:
    """``compute(vocab)``, remembered by the vocabulary's identity: hashing a vocabulary walks
    all its tables, too slow for a call per document. A few vocabularies at most are kept."""
    cache: dict[int, tuple[Vocabulary, _T]] = {}

    @functools.wraps(compute)
    def cached(vocab: Vocabulary) -> _T:
        hit = cache.get(id(vocab))
        if hit is None or hit[0] is not vocab:
            if len(cache) >= 4:
                cache.clear()
            hit = (vocab, compute(vocab))
            cache[id(vocab)] = hit
        return hit[1]

    return cached
