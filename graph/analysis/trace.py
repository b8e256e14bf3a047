"""Trace a mandate down the levels: who implemented a document, who missed it, what was dropped.

Public verbs: :func:`trace` and :func:`coverage` (and :func:`resolve_reference`, which both use).

- ``trace(store, "04/KH-UBND")`` → :class:`TraceResult`: the documents that implement it,
  recursively (``implemented_by``), each with ``on_time`` against the deadline of the duty of
  its parent that requires a plan ("Thời điểm ban hành Kế hoạch chậm nhất ngày 15/01/2024");
  the units expected to issue their own plan (``expected``: from the duty's addressees and the
  administrative hierarchy at the document's date, computed at build time —
  :func:`graph.build.expected_implementers`) with ``implemented | late | missing | unknown``;
  and the upward chain of what it implements (``implements``).
- ``coverage(store, child, parent=None)`` → :class:`CoverageResult`: for each target of the
  parent plan, whether the child carried, weakened, strengthened or dropped it
  (:func:`parsers.mandates.compare_targets`), and per reform area whether the child covers it.
  Mandates are **read back from the store** (query ``coverage``), so coverage works on any
  store, local or remote, without the source files.

"Implements" is ``vbkg:implements``, or ``eli:based_on`` from a plan to a plan (a plan "căn cứ"
a higher plan carries it out). A document that merely cites another (seed 004, the city's
propaganda plan, cites 76/NQ-CP) does not implement it.

Every query is a named query of :mod:`graph.queries`, run with bound values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import regex
from rdflib import Literal, URIRef

from graph import queries
from graph.analysis.documents import DocumentFacts, read_documents
from graph.messages import t
from graph.store import StoreLike, bind_rows
from parsers.mandate_models import Quantity, Target
from parsers.mandates import compare_targets, load_reform_areas
from parsers.normalize import fold

STATUSES = ("implemented", "late", "missing", "unknown")
MAX_DEPTH = 12

# "Các sở, ban, ngành", "các cơ quan chuyên môn", "Thủ trưởng các cơ quan, đơn vị" (folded)
_DEPARTMENT_GROUP = regex.compile(r"\bcac\s+(?:so\b|co\s+quan|don\s+vi|ban\b)")
# "UBND các xã, thị trấn", "UBND các phường, xã" (folded)
_COMMUNE_GROUP = regex.compile(r"\bcac\s+(?:xa|phuong)\b")
# Agents of issuers that are not departments (people's committees and councils, party bodies).
_NOT_DEPARTMENT = regex.compile(r"^(?:ubnd|hdnd|cp|ttg|qh|ubtvqh|ctn|tw|bct|bbt|\w*tu|hu|thu|du)$")


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
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


@dataclass(frozen=True)
class TraceNode:
    """A document in the tree below (``implemented_by``) or above (``implements``) the traced one.

    ``relation``: ``implements`` or ``based_on`` (plan to plan). ``on_time``: for a node
    below, whether it was issued by the deadline its parent set (``None``: no deadline, or
    no date); always ``None`` above.
    """

    document: DocumentInfo
    relation: str
    on_time: bool | None = None
    deadline: date | None = None
    implemented_by: tuple[TraceNode, ...] = ()
    implements: tuple[TraceNode, ...] = ()

    def to_dict(self, direction: str = "down") -> dict[str, Any]:
        d = self.document.to_dict()
        d["relation"] = self.relation
        if direction == "down":
            d["on_time"] = self.on_time
            d["deadline"] = self.deadline.isoformat() if self.deadline else None
            d["implemented_by"] = [n.to_dict("down") for n in self.implemented_by]
        else:
            d["implements"] = [n.to_dict("up") for n in self.implements]
        return d


@dataclass(frozen=True)
class ExpectedEntry:
    """One unit (or unit group without a member list) expected to issue its own plan."""

    unit: str  # unit IRI, or the group's name
    name: str
    code: str | None
    is_group: bool
    status: str  # implemented | late | missing | unknown
    deadline: date | None
    documents: tuple[DocumentInfo, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": {
                "id": None if self.is_group else self.unit,
                "code": self.code,
                "name": self.name,
                "group": self.is_group,
            },
            "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "documents": [
                {
                    "id": d.id,
                    "key": d.key,
                    "title": d.title,
                    "source": d.source,
                    "date": d.date.isoformat() if d.date else None,
                }
                for d in self.documents
            ],
        }


@dataclass(frozen=True)
class TraceResult:
    document: DocumentInfo
    deadline: date | None
    implemented_by: tuple[TraceNode, ...]
    expected: tuple[ExpectedEntry, ...]
    implements: tuple[TraceNode, ...]
    lang: str = "vi"

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(1 for e in self.expected if e.status == s) for s in STATUSES}
        return {
            "document": self.document.to_dict(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "implemented_by": [n.to_dict("down") for n in self.implemented_by],
            "expected": [e.to_dict() for e in self.expected],
            "expected_summary": counts,
            "implements": [n.to_dict("up") for n in self.implements],
        }


# --------------------------------------------------------------------------- reading the store


def _rows(store: Any, name: str, **bindings: Any) -> list[dict[str, Any]]:
    rows = queries.run(store, name, **bindings)
    assert isinstance(rows, list)
    return rows


_CHUNK = 256  # documents per query of :func:`_by_doc`


def _by_doc(store: Any, name: str, iris: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The named query ``name`` (bind: ?doc) for many documents, a chunk per query: its rows
    grouped by ``?doc``, each group in the order the query gives for that document alone."""

    text = queries.get(name).text
    out: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(iris), _CHUNK):
        chunk = iris[i : i + _CHUNK]
        rows = store.query(bind_rows(text, ["doc"], [[URIRef(x)] for x in chunk]))
        assert isinstance(rows, list)
        for r in rows:
            out.setdefault(str(r["doc"]), []).append(r)
    return out


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _date(v: Any) -> date | None:
    if v is None:
        return None
    py = v.toPython() if isinstance(v, Literal) else v
    if isinstance(py, date):
        return py
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        return None


def _int(v: Any) -> int | None:
    try:
        return None if v is None else int(str(v))
    except ValueError:
        return None


def _bool(v: Any) -> bool:
    return v is not None and str(v).lower() in ("true", "1")


def _info(facts: DocumentFacts) -> DocumentInfo:
    """The trace's record of a document, from :mod:`graph.analysis.documents` (the one rule)."""
    return DocumentInfo(
        id=facts.iri,
        key=facts.key,
        title=facts.title,
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


class _Documents:
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


def _candidates_by_key(store: Any, key: str) -> list[str]:
    rows = _rows(store, "find-by-key", key=Literal(key))
    if rows:
        return sorted({str(r["doc"]) for r in rows})
    # another capitalisation or spelling of the key: match its number, compare folded keys
    number = regex.split(r"[/\-]", key, maxsplit=1)[0].strip()
    if not number:
        return []
    want = regex.sub(r"\s+", "", fold(key))
    rows = _rows(store, "find-by-number", number=Literal(number))
    return sorted(
        {str(r["doc"]) for r in rows if regex.sub(r"\s+", "", fold(str(r["key"]))) == want}
    )


def _candidates_by_source(store: Any, ref: str) -> list[str]:
    tries = [ref]
    p = Path(ref)
    with contextlib.suppress(OSError):
        tries.append(str(p.resolve()))
    for s in tries:
        rows = _rows(store, "find-by-source", source=Literal(s))
        if rows:
            return sorted({str(r["doc"]) for r in rows})
    # a path relative to another working directory: match the file name
    sources = [s for s in store.sources() if Path(s).name == p.name]
    out: set[str] = set()
    for s in sources:
        out |= {str(r["doc"]) for r in _rows(store, "find-by-source", source=Literal(s))}
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
    store: Any, ref: str, *, year: int | None = None, issuer: str | None = None, docs: Any = None
) -> DocumentInfo:
    """The one document ``ref`` names: a key (``76/NQ-CP``), a key with year or issuer
    (``02/KH-UBND@2023``, or ``year=``/``issuer=``), an IRI or a source file path.

    Raises :class:`AmbiguousReference` (with the candidates) or :class:`UnknownReference`.
    """
    docs = docs or _Documents(store)
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


# --------------------------------------------------------------------------- trace


@dataclass(frozen=True)
class _Duty:
    deadline: date | None
    units: dict[str, tuple[str, str | None]]  # unit IRI → (name, code)
    groups: tuple[str, ...]


def _duties(store: Any, iri: str) -> list[_Duty]:
    return _duties_of_rows(_rows(store, "expected-implementers", doc=URIRef(iri)))


def _duties_of_rows(rows: Iterable[Mapping[str, Any]]) -> list[_Duty]:
    by_duty: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = by_duty.setdefault(str(r["duty"]), {"deadline": None, "units": {}, "groups": []})
        d["deadline"] = d["deadline"] or _date(r.get("deadline"))
        if r.get("unit") is not None:
            d["units"][str(r["unit"])] = (_str(r.get("name")) or str(r["code"]), _str(r["code"]))
        if r.get("group") is not None and str(r["group"]) not in d["groups"]:
            d["groups"].append(str(r["group"]))
    return [_Duty(d["deadline"], d["units"], tuple(d["groups"])) for d in by_duty.values()]


def _deadline_for(duties: list[_Duty], child: DocumentInfo | None) -> date | None:
    """The deadline of the duty that binds ``child`` (its unit is expected), else the one
    deadline all duties share."""
    if child is not None and child.jurisdiction:
        for d in duties:
            if child.jurisdiction in d.units and d.deadline:
                return d.deadline
    deadlines = {d.deadline for d in duties if d.deadline}
    return deadlines.pop() if len(deadlines) == 1 else None


def _on_time(doc: DocumentInfo, deadline: date | None) -> bool | None:
    if deadline is None or doc.date is None:
        return None
    return doc.date <= deadline


def _edges(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """parent → [(child, relation)] (``implementers``) or child → [(parent, relation)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        a, b, rel = str(r["parent"]), str(r["child"]), str(r["relation"])
        lst = out.setdefault(a, [])
        if (b, rel) not in lst:
            lst.append((b, rel))
    return out


def _merge_relations(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One entry per document; ``implements`` wins over ``based_on``."""
    best: dict[str, str] = {}
    for iri, rel in pairs:
        if best.get(iri) != "implements":
            best[iri] = rel
    return list(best.items())


def trace(
    store: Any, ref: str, *, lang: str = "vi", year: int | None = None, issuer: str | None = None
) -> TraceResult:
    """Who implemented ``ref`` (recursively), which expected units did and did not, and what
    ``ref`` itself implements (see the module docstring)."""
    docs = _Documents(store)
    top = resolve_reference(store, ref, year=year, issuer=issuer, docs=docs)
    down = _edges(_rows(store, "implementers", doc=URIRef(top.id)))
    up_rows = _rows(store, "implements-chain", doc=URIRef(top.id))
    up: dict[str, list[tuple[str, str]]] = {}
    for r in up_rows:
        lst = up.setdefault(str(r["child"]), [])
        if (str(r["parent"]), str(r["relation"])) not in lst:
            lst.append((str(r["parent"]), str(r["relation"])))
    duties_cache: dict[str, list[_Duty]] = {}

    def duties_of(iri: str) -> list[_Duty]:
        if iri not in duties_cache:
            duties_cache[iri] = _duties(store, iri)
        return duties_cache[iri]

    # every document of the tree, and the duties of every parent in it, a few queries in all
    # (not two per node)
    parents = [top.id, *(p for p in down if p != top.id)]
    if len(parents) > 1:
        found = _by_doc(store, "expected-implementers", parents)
        for p in parents:
            duties_cache[p] = _duties_of_rows(found.get(p, []))
    docs.prefetch(
        [c for kids in down.values() for c, _ in kids] + [p for ps in up.values() for p, _ in ps]
    )

    def below(iri: str, seen: frozenset[str], depth: int) -> tuple[TraceNode, ...]:
        if depth > MAX_DEPTH:
            return ()
        nodes = []
        kids = _merge_relations(down.get(iri, []))
        duties = duties_of(iri) if kids else []  # a leaf's duties are not needed
        for child, rel in kids:
            if child in seen:
                continue
            info = docs.require(child)
            deadline = _deadline_for(duties, info)
            nodes.append(
                TraceNode(
                    info,
                    rel,
                    _on_time(info, deadline),
                    deadline,
                    implemented_by=below(child, seen | {child}, depth + 1),
                )
            )
        return tuple(sorted(nodes, key=lambda n: (n.document.date or date.max, n.document.id)))

    def above(iri: str, seen: frozenset[str], depth: int) -> tuple[TraceNode, ...]:
        if depth > MAX_DEPTH:
            return ()
        nodes = []
        for parent, rel in _merge_relations(up.get(iri, [])):
            if parent in seen:
                continue
            nodes.append(
                TraceNode(
                    docs.require(parent), rel, implements=above(parent, seen | {parent}, depth + 1)
                )
            )
        return tuple(sorted(nodes, key=lambda n: (n.document.date or date.max, n.document.id)))

    implemented_by = below(top.id, frozenset({top.id}), 1)
    duties = duties_of(top.id)
    direct = [n for n in implemented_by]
    expected = _expected(duties, direct, top)
    deadlines = sorted({d.deadline for d in duties if d.deadline})
    return TraceResult(
        document=top,
        deadline=deadlines[0] if deadlines else None,
        implemented_by=implemented_by,
        expected=expected,
        implements=above(top.id, frozenset({top.id}), 1),
        lang=lang,
    )


def _status(nodes: list[TraceNode], *, none: str) -> str:
    if not nodes:
        return none
    if any(n.on_time is not False for n in nodes):
        return "implemented"
    return "late"


def _expected(
    duties: list[_Duty], direct: list[TraceNode], top: DocumentInfo
) -> tuple[ExpectedEntry, ...]:
    out: list[ExpectedEntry] = []
    seen: set[str] = set()
    for duty in duties:
        for unit, (name, code) in sorted(duty.units.items(), key=lambda kv: kv[1][1] or ""):
            if unit in seen:
                continue
            seen.add(unit)
            mine = [n for n in direct if n.document.jurisdiction == unit]
            out.append(
                ExpectedEntry(
                    unit,
                    name,
                    code,
                    False,
                    _status(mine, none="missing"),
                    duty.deadline,
                    tuple(n.document for n in mine),
                )
            )
        for group in duty.groups:
            if group in seen:
                continue
            seen.add(group)
            mine = [n for n in direct if _in_group(n.document, group, top)]
            out.append(
                ExpectedEntry(
                    group,
                    group,
                    None,
                    True,
                    _status(mine, none="unknown"),
                    duty.deadline,
                    tuple(n.document for n in mine),
                )
            )
    return tuple(out)


def _in_group(doc: DocumentInfo, group: str, top: DocumentInfo) -> bool:
    """Whether ``doc`` was issued by a member of an addressee group without a member list:
    departments (same jurisdiction as the parent's issuer, not its people's committee or
    council) or communes (commune level)."""
    g = fold(group)
    if _COMMUNE_GROUP.search(g):
        return doc.level == "commune"
    if _DEPARTMENT_GROUP.search(g):
        return (
            doc.jurisdiction is not None
            and doc.jurisdiction == top.jurisdiction
            and doc.agent is not None
            and not _NOT_DEPARTMENT.match(doc.agent)
        )
    return False


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class TargetInfo:
    id: str
    text: str
    area: str | None
    section: str | None
    start: int
    end: int
    subject: str | None
    quantity: str | None  # the main quantity's words

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "area": self.area,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "subject": self.subject,
            "quantity": self.quantity,
        }


@dataclass(frozen=True)
class TargetCoverage:
    parent: TargetInfo
    child: TargetInfo | None
    status: str  # carried | weakened | dropped | strengthened
    score: float
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "score": self.score,
            "note": self.note,
            "parent": self.parent.to_dict(),
            "child": self.child.to_dict() if self.child else None,
        }


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    label: str
    parent_covers: bool
    child_covers: bool
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "label": self.label,
            "parent_covers": self.parent_covers,
            "child_covers": self.child_covers,
            "targets": dict(self.counts),
        }


@dataclass(frozen=True)
class CoverageResult:
    child: DocumentInfo
    parent: DocumentInfo
    targets: tuple[TargetCoverage, ...]
    areas: tuple[AreaCoverage, ...]
    mandates_from: str = "store"  # mandates were read back from the store, not re-extracted

    def counts(self) -> dict[str, int]:
        return {
            s: sum(1 for x in self.targets if x.status == s)
            for s in ("carried", "weakened", "dropped", "strengthened")
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "child": self.child.to_dict(),
            "parent": self.parent.to_dict(),
            "mandates_from": self.mandates_from,
            "summary": self.counts(),
            "targets": [x.to_dict() for x in self.targets],
            "areas": [a.to_dict() for a in self.areas],
        }


def read_targets(store: Any, iri: str) -> list[tuple[TargetInfo, Target]]:
    """The targets of document ``iri`` as stored, rebuilt as
    :class:`parsers.mandate_models.Target` (for :func:`parsers.mandates.compare_targets`)."""
    by_target: dict[str, dict[str, Any]] = {}
    for r in _rows(store, "coverage", doc=URIRef(iri)):
        tid = str(r["target"])
        d = by_target.setdefault(tid, {"row": r, "q": {}})
        if r.get("qindex") is not None:
            d["q"][int(str(r["qindex"]))] = Quantity(
                comparator=_str(r.get("comparator")),  # type: ignore[arg-type]
                value=float(str(r["value"])),
                unit=_str(r.get("unit")) or "",
                base_year=_int(r.get("baseYear")),
                text=_str(r.get("qtext")) or "",
                scope=_str(r.get("scope")),
            )
    out: list[tuple[int, TargetInfo, Target]] = []
    for tid, d in by_target.items():
        r = d["row"]
        qs = tuple(d["q"][i] for i in sorted(d["q"]))
        target = Target(
            text=str(r["text"]),
            quantity=qs[0] if qs else None,
            area=_str(r.get("area")),
            section=_str(r.get("section")) or "",
            start=int(str(r["start"])),
            end=int(str(r["end"])),
            subject=_str(r.get("subject")),
            quantities=qs,
            in_task=_bool(r.get("inTask")),
        )
        info = TargetInfo(
            tid,
            target.text,
            target.area,
            _str(r.get("section")),
            target.start,
            target.end,
            target.subject,
            qs[0].text if qs else None,
        )
        out.append((int(str(r["index"])), info, target))
    return [(i, tg) for _, i, tg in sorted(out, key=lambda x: x[0])]


def _areas(store: Any, iri: str) -> list[str]:
    return [str(r["id"]) for r in _rows(store, "covered-areas", doc=URIRef(iri))]


def _default_parent(store: Any, child: DocumentInfo, docs: _Documents) -> DocumentInfo:
    rows = _rows(store, "implements-chain", doc=URIRef(child.id))
    parents = [docs.require(str(r["parent"])) for r in rows if str(r["child"]) == child.id]
    with_targets = {p.id: p for p in parents if p.in_corpus and read_targets(store, p.id)}
    found = list(with_targets.values())
    if len(found) > 1 and child.year:
        same = [p for p in found if p.year == child.year]
        found = same or found
    if not found:
        raise NoParentPlan(child.key or child.id)
    if len(found) > 1:
        raise AmbiguousReference(child.key or child.id, found)
    return found[0]


def coverage(
    store: Any,
    child_ref: str,
    parent_ref: str | None = None,
    *,
    year: int | None = None,
    issuer: str | None = None,
) -> CoverageResult:
    """How the child plan carries the parent's targets and areas (module docstring).

    Without ``parent_ref`` the parent is the plan with targets in the store that the child
    implements (of the child's year when there are several).
    """
    docs = _Documents(store)
    child = resolve_reference(store, child_ref, year=year, issuer=issuer, docs=docs)
    parent = (
        resolve_reference(store, parent_ref, docs=docs)
        if parent_ref
        else _default_parent(store, child, docs)
    )
    p_targets = read_targets(store, parent.id)
    c_targets = read_targets(store, child.id)
    c_by_text = {id(tg): info for info, tg in c_targets}
    matches = compare_targets([tg for _, tg in p_targets], [tg for _, tg in c_targets])
    rows: list[TargetCoverage] = []
    for (p_info, _), m in zip(p_targets, matches, strict=True):
        c_info = c_by_text.get(id(m.child)) if m.child is not None else None
        rows.append(TargetCoverage(p_info, c_info, m.status, m.score, m.note))
    p_areas, c_areas = set(_areas(store, parent.id)), set(_areas(store, child.id))
    areas = []
    for a in load_reform_areas():
        counts = {
            s: sum(1 for r in rows if r.parent.area == a.id and r.status == s)
            for s in ("carried", "weakened", "dropped", "strengthened")
        }
        areas.append(AreaCoverage(a.id, a.vi, a.id in p_areas, a.id in c_areas, counts))
    return CoverageResult(child, parent, tuple(rows), tuple(areas))


__all__ = [
    "AmbiguousReference",
    "AreaCoverage",
    "CoverageResult",
    "DocumentInfo",
    "ExpectedEntry",
    "NoParentPlan",
    "TargetCoverage",
    "TraceError",
    "TraceNode",
    "TraceResult",
    "UnknownReference",
    "coverage",
    "resolve_reference",
    "trace",
]
