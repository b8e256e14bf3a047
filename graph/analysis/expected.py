"""Expected implementers of a traced plan known only from a citation, named departments,
and the records of the expected units (:class:`ExpectedEntry`); part of
:mod:`graph.analysis.trace` (the ``cited`` status, issue 12)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import regex

from graph.analysis.references import DocumentCache, DocumentInfo, as_str, rows_by
from graph.store import StoreLike
from parsers.normalize import fold
from parsers.vocab import load_vocabulary


@dataclass(frozen=True)
class ExpectedEntry:
    """One unit (or unit group without a member list) expected to issue its own plan."""

    unit: str  # unit IRI, or the group's name
    name: str
    code: str | None
    is_group: bool
    status: str  # implemented | late | cited | missing | unknown
    deadline: date | None
    documents: tuple[DocumentInfo, ...] = ()
    # for a ``cited`` unit: its plan's id → (the citing document's id, its source file)
    cited_by: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    on_time: bool | None = None  # for a ``cited`` unit: its plan's date against the deadline

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": {
                "id": None if self.is_group else self.unit,
                "code": self.code,
                "name": self.name,
                "group": self.is_group,
            },
            "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "documents": [self._document(d) for d in self.documents],
        }
        if self.status == "cited":
            out["on_time"] = self.on_time
        return out

    def _document(self, d: DocumentInfo) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": d.id,
            "key": d.key,
            "title": d.title,
            "source": d.source,
            "date": d.date.isoformat() if d.date else None,
        }
        if d.id in self.cited_by:  # known from a citation: where it is cited
            citing, src = self.cited_by[d.id]
            item["cited_by"] = {"id": citing, "source": src}
        return item


def _on_time(doc: DocumentInfo, deadline: date | None) -> bool | None:
    if deadline is None or doc.date is None:
        return None
    return doc.date <= deadline


# Words of a plan title that say nothing of its topic: "Kế hoạch cải cách hành chính thành
# phố Lạng Sơn năm 2024" and "Cải cách hành chính tỉnh Lạng Sơn năm 2024" share their topic.
_TITLE_NOISE = frozenset((
    "ke", "hoach", "ve", "viec", "cua", "thuc", "hien", "trien", "khai", "nam", "giai", "doan",
    "tren", "dia", "ban", "tinh", "thanh", "pho", "huyen", "quan", "thi", "xa", "tran", "phuong",
    "dac", "khu", "va", "cac",
))  # fmt: skip


def _topic(title: str | None) -> set[str]:
    return {w for w in regex.findall(r"[a-z0-9]+", fold(title or "").lower())} - _TITLE_NOISE


def _same_topic(top: DocumentInfo, doc: DocumentInfo) -> bool:
    """Whether a unit's plan known from a citation carries out the traced plan: a plan of its
    year (or after it), on the same topic (most words of the traced title, the same years)."""
    if top.date is not None and doc.date is not None and doc.date < top.date:
        return False
    year = top.year or (top.date.year if top.date else None)
    if year is not None and (doc.year or (doc.date.year if doc.date else None)) not in (None, year):
        return False
    want, got = _topic(top.title), _topic(doc.title)
    if not want or not got:
        return False
    years = {w for w in want if regex.fullmatch(r"(?:19|20)\d\d", w)}
    if not years <= got:
        return False
    return len(want & got) >= 0.6 * len(want)


def _with_cited(
    store: StoreLike, docs: DocumentCache, expected: tuple[ExpectedEntry, ...], top: DocumentInfo
) -> tuple[ExpectedEntry, ...]:
    """A missing unit whose plan is not in the store but is cited by a document that is
    ("Kế hoạch số 13/KH-UBND ngày 12/01/2024 của UBND thành phố về kế hoạch cải cách hành
    chính thành phố Lạng Sơn năm 2024", cited by seed 004) is ``cited``, with that plan."""
    missing = [e.unit for e in expected if e.status == "missing" and not e.is_group]
    if not missing:
        return expected
    rows = rows_by(store, "unit-cited-plans", "unit", missing)
    docs.prefetch(str(r["plan"]) for rs in rows.values() for r in rs)
    out = []
    for e in expected:
        found: dict[str, tuple[str, str | None]] = {}
        for r in rows.get(e.unit, []) if e.status == "missing" and not e.is_group else []:
            found.setdefault(str(r["plan"]), (str(r["citing"]), as_str(r.get("src"))))
        plans = [docs.require(p) for p in found]
        plans = [p for p in plans if _same_topic(top, p)]
        if not plans:
            out.append(e)
            continue
        plans.sort(key=lambda p: (p.date or date.max, p.id))
        on_time = [_on_time(p, e.deadline) for p in plans]
        out.append(
            replace(
                e,
                status="cited",
                documents=tuple(plans),
                cited_by={p.id: found[p.id] for p in plans},
                on_time=True if True in on_time else (False if False in on_time else None),
            )
        )
    return tuple(out)


def _department_code(group: str) -> str | None:
    """The issuer code of an addressee that is one department ("Sở Nội vụ" → SNV)."""
    g = fold(group).strip(" .;:")
    for ic in load_vocabulary().issuer_codes:
        if ic.level == "province" and fold(ic.name) == g:
            return ic.code
    return None
