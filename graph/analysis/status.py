"""Status of a plan's targets from the results its reports state (issue 15).

Public verbs: :func:`target_status` (one target against reported results), :func:`status`
(every target of a plan against the reports on it), :func:`judge` (the same against reports
already known to be on it: the store's, :mod:`graph.analysis.report_links`) and
:func:`read_report` (a report file as a :class:`Report`); records :class:`Report`,
:class:`Plan`, :class:`TargetStatus`, :class:`PlanStatus`.

A report is *on* a plan when it cites the plan (its key and year, "Thực hiện Kế hoạch số
04/KH-UBND ngày 09/01/2024 …"), or when it is the plan's issuer's report of the plan's year.
A target is matched with the reported results of those reports that

- are in the same reform area (or one of the two has none),
- state a comparable figure: a percentage (or a ratio, as a percentage) for a target in
  "%", a rank for "nhóm 35 tỉnh … cao nhất", a reduction for "giảm 6,17% so với năm 2021",
  a count in the same unit for "Có thêm 01 đơn vị",
- cover the plan's year (a result about "năm 2023" does not report a 2024 target),
- and say the same thing: the best token overlap (Dice) of subject and words, at least
  :data:`MIN_SCORE`; a result about the whole unit wins over one about a level (the
  98,6% of the province, not the 99,1% of "cấp tỉnh"), unless the target sets one figure
  per level ("95% … cấp tỉnh, 85% … cấp huyện"), when each level is compared on its own.

Then the target is ``achieved`` when the figure meets its quantity (comparator, value,
base year as :mod:`parsers.quantity` parsed them), ``not_achieved`` when it does not and
the report covers the whole year, ``in_progress`` when it does not yet and the report covers
part of the year ("9 tháng đầu năm"), ``not_reported`` when no result matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import regex
from rdflib import URIRef

from graph import queries
from graph.store import StoreLike
from parsers.find import find_citations
from parsers.load import load_document
from parsers.models import Quantity, ReportedResult, Target
from parsers.normalize import fold, normalize
from parsers.results import extract_results
from parsers.segment import segment
from parsers.targets import STOPWORDS

TargetState = Literal["achieved", "not_achieved", "in_progress", "not_reported"]
STATES: tuple[TargetState, ...] = ("achieved", "not_achieved", "in_progress", "not_reported")

#: The least token overlap between a target and a result that reports on it.
MIN_SCORE = 0.3

__all__ = [
    "MIN_SCORE",
    "STATES",
    "Plan",
    "PlanStatus",
    "Report",
    "TargetState",
    "TargetStatus",
    "judge",
    "read_report",
    "reported_in_store",
    "status",
    "target_status",
]


@dataclass(frozen=True)
class Report:
    """A report (Báo cáo) and the results it states.

    ``cites`` holds ``(key, year)`` of the documents the report cites ("04/KH-UBND", 2024);
    ``issuer`` is the issuer as resolved or written ("UBND tỉnh Lạng Sơn").
    """

    source: str
    results: tuple[ReportedResult, ...]
    key: str | None = None
    title: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    iri: str | None = None
    cites: tuple[tuple[str, int | None], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.iri,
            "key": self.key,
            "title": self.title,
            "date": self.date,
            "issuer": self.issuer,
            "source": Path(self.source).name,
        }


@dataclass(frozen=True)
class Plan:
    """A plan's identity and targets (:func:`parsers.mandates.extract_mandates`)."""

    targets: tuple[Target, ...]
    key: str | None = None
    year: int | None = None
    issuer: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class TargetStatus:
    """One target's status, with the result (and its report) that decides it."""

    target: Target
    status: TargetState
    result: ReportedResult | None = None
    report: Report | None = None
    score: float = 0.0
    note: str | None = None
    per_level: tuple[TargetStatus, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``reported`` entry of ``vbkg trace --format json`` (issue 15)."""
        out: dict[str, Any] = {
            "target": self.target.text,
            "area": self.target.area,
            "status": self.status,
            "report": self.report.to_dict() if self.report else None,
            "value": None,
            "evidence": None,
        }
        if self.result is not None and self.report is not None:
            out["value"] = self.result.figure.text
            out["evidence"] = {
                "text": self.result.text,
                "source": Path(self.report.source).name,
                "start": self.result.start,
                "end": self.result.end,
            }
        if self.note:
            out["note"] = self.note
        if self.per_level:
            out["levels"] = [s.to_dict() for s in self.per_level]
        return out


@dataclass(frozen=True)
class PlanStatus:
    plan: Plan
    targets: tuple[TargetStatus, ...]
    reports: tuple[Report, ...] = field(default_factory=tuple)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for t in self.targets if t.status == s) for s in STATES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": {"id": self.plan.iri, "key": self.plan.key, "year": self.plan.year},
            "reports": [r.to_dict() for r in self.reports],
            "counts": self.counts(),
            "targets": [t.to_dict() for t in self.targets],
        }


# ============================================================================= matching

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_SYNONYMS = (
    (regex.compile(r"thu\s+tuc\s+hanh\s+chinh"), "tthc"),
    (regex.compile(r"dich\s+vu\s+cong\s+truc\s+tuyen"), "dvctt"),
    (regex.compile(r"van\s+ban\s+quy\s+pham\s+phap\s+luat|vbqppl"), "van ban qppl"),
    (regex.compile(r"cai\s+cach\s+hanh\s+chinh"), "cchc"),
)


def _tokens(*texts: str | None) -> set[str]:
    out: set[str] = set()
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        for pattern, short in _SYNONYMS:
            folded = pattern.sub(short, folded)
        out |= {w for w in _WORD.findall(folded) if w not in STOPWORDS and not w.isdigit()}
    return out


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _is_reduction(target: Target, q: Quantity) -> bool:
    """ "giảm 6,17% so với năm 2021", "cắt giảm tối thiểu 30% thời gian": a reduction."""
    return q.comparator == "reduce" or "giam" in _tokens(target.text)


def _comparable(target: Target, q: Quantity, r: ReportedResult) -> bool:
    f = r.figure
    if q.comparator == "rank_top":
        return f.kind == "rank"
    if f.kind == "rank":
        return False
    if _is_reduction(target, q) and q.unit == "%":
        return f.comparator == "reduce" and f.unit == "%"
    if q.unit == "%":
        return f.percent is not None and f.comparator != "reduce"
    return f.unit is not None and fold(f.unit).startswith(fold(q.unit)) and f.kind != "percent"


def _meets(q: Quantity, r: ReportedResult) -> tuple[bool, str | None]:
    f = r.figure
    value = f.percent if q.unit == "%" and q.comparator not in ("reduce",) else f.value
    assert value is not None
    note = None
    if q.comparator == "reduce" and q.base_year and f.base_year and q.base_year != f.base_year:
        note = f"base years differ: {q.base_year} vs {f.base_year}"
    match q.comparator:
        case "gt":
            return value > q.value, note
        case "lt":
            return value < q.value, note
        case "le":
            return value <= q.value, note
        case "rank_top":
            return value <= q.value, note
        case _:  # ge, eq, a bare figure, reduce, increase: at least the figure
            return value >= q.value, note


def _covers_year(r: ReportedResult, year: int | None) -> bool:
    return year is None or r.period is None or r.period.year is None or r.period.year == year


def _candidates(
    target: Target, q: Quantity, results: Iterable[tuple[Report | None, ReportedResult]],
    year: int | None, level: str | None,
) -> list[tuple[float, int, Report | None, ReportedResult]]:  # fmt: skip
    t_tokens = _tokens(target.subject, target.text)
    out = []
    for i, (report, r) in enumerate(results):
        if target.area and r.area and target.area != r.area:
            continue
        if not _comparable(target, q, r) or not _covers_year(r, year):
            continue
        if level is not None and r.level != level:
            continue
        score = _dice(t_tokens, _tokens(r.subject, r.text))
        if score >= MIN_SCORE:
            out.append((score, i, report, r))
    # the best overlap; on a tie a result about the whole unit, then the first stated
    out.sort(key=lambda c: (-round(c[0], 3), c[3].level is not None, c[1]))
    return out


def _judge(
    target: Target, q: Quantity, results: Sequence[tuple[Report | None, ReportedResult]],
    year: int | None, level: str | None = None,
) -> TargetStatus:  # fmt: skip
    found = _candidates(target, q, results, year, level)
    if not found:
        return TargetStatus(target, "not_reported")
    score, _i, report, r = found[0]
    return _decide(target, q, report, r, score)


def _decide(
    target: Target, q: Quantity, report: Report | None, r: ReportedResult, score: float
) -> TargetStatus:
    ok, note = _meets(q, r)
    state: TargetState = (
        "achieved" if ok else "in_progress" if r.period is not None and r.period.partial
        else "not_achieved"
    )  # fmt: skip
    return TargetStatus(target, state, r, report, round(score, 3), note)


_WORST: dict[TargetState, int] = {"not_achieved": 0, "in_progress": 1, "not_reported": 2,
                                  "achieved": 3}  # fmt: skip


def target_status(
    target: Target,
    results: Iterable[ReportedResult | tuple[Report | None, ReportedResult]],
    *,
    year: int | None = None,
) -> TargetStatus:
    """The status of ``target`` from ``results`` (bare results or ``(report, result)``).

    ``year`` is the plan's year: results about another year are not compared.
    """
    pairs = [(None, r) if isinstance(r, ReportedResult) else r for r in results]
    q = target.quantity
    if q is None:
        return TargetStatus(target, "not_reported", note="the target states no figure")
    scoped = [x for x in target.quantities if x.scope]
    if _per_level(target):
        levels = tuple(_judge(target, x, pairs, year, x.scope) for x in scoped)
        judged = [s for s in levels if s.status != "not_reported"]
        if judged:
            worst = min(judged, key=lambda s: _WORST[s.status])
            return TargetStatus(target, worst.status, worst.result, worst.report, worst.score,
                                f"compared at level(s): {', '.join(x.scope or '' for x in scoped)}",
                                levels)  # fmt: skip
    return _judge(target, q, pairs, year)


def _per_level(target: Target) -> bool:
    """The target sets one figure per level ("95% … cấp tỉnh, 85% … cấp huyện")."""
    return len({x.scope for x in target.quantities if x.scope}) >= 2


def _on_plan(report: Report, plan: Plan) -> bool:
    if plan.key and any(k == plan.key and (y is None or plan.year is None or y == plan.year)
                        for k, y in report.cites):  # fmt: skip
        return True
    return bool(
        plan.issuer and report.issuer and fold(plan.issuer) == fold(report.issuer)
        and plan.year is not None and report.year == plan.year
    )  # fmt: skip


def status(reports: Sequence[Report], plan: Plan) -> PlanStatus:
    """Every target of ``plan`` against the results of the ``reports`` that are on it."""
    return judge(tuple(r for r in reports if _on_plan(r, plan)), plan)


def judge(on: Sequence[Report], plan: Plan) -> PlanStatus:
    """Every target of ``plan`` against the results of ``on``, reports known to be on it (the
    store picks them with the named query ``plan-reports``; :func:`status` picks them from
    files with the rule of the module docstring)."""
    on = tuple(on)
    pairs: list[tuple[Report | None, ReportedResult]] = [(r, x) for r in on for x in r.results]
    # one result decides one target: the best pairs first (as compare_targets pairs targets)
    ranked = []
    for ti, t in enumerate(plan.targets):
        if t.quantity is None or _per_level(t):
            continue
        for score, ri, report, r in _candidates(t, t.quantity, pairs, plan.year, None):
            ranked.append((-round(score, 3), r.level is not None, ti, ri, report, r, score))
    ranked.sort(key=lambda c: c[:4])
    chosen: dict[int, TargetStatus] = {}
    used: set[int] = set()
    for _neg, _lvl, ti, ri, report, r, score in ranked:
        if ti in chosen or ri in used:
            continue
        t = plan.targets[ti]
        assert t.quantity is not None
        chosen[ti] = _decide(t, t.quantity, report, r, score)
        used.add(ri)
    out = []
    for ti, t in enumerate(plan.targets):
        if ti in chosen:
            out.append(chosen[ti])
        elif t.quantity is not None and _per_level(t):
            out.append(target_status(t, pairs, year=plan.year))
        else:
            note = None if t.quantity is not None else "the target states no figure"
            out.append(TargetStatus(t, "not_reported", note=note))
    return PlanStatus(plan, tuple(out), on)


# ============================================================================= the store


def _row_text(row: Any) -> Callable[[str], str | None]:
    """A reader of ``row``'s values as strings (``None`` when unbound)."""

    def text(name: str) -> str | None:
        v = row.get(name)
        return None if v is None else str(v)

    return text


def reported_in_store(store: StoreLike, plan_iri: str) -> dict[str, list[dict[str, Any]]]:
    """What the store's reports say about each target of the plan ``plan_iri`` (named query
    ``reported-results``): target IRI → the ``reported`` list of ``vbkg trace --format json``,
    ``{"report": {...}, "status", "value", "period", "evidence": {text, source, start, end}}``,
    oldest report first. Targets no result reports on are absent (``targets-never-reported``).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for row in queries.run(store, "reported-results", doc=URIRef(plan_iri)):
        text = _row_text(row)
        start, end = text("start"), text("end")
        out.setdefault(str(row["target"]), []).append(
            {
                "report": {"id": text("report"), "key": text("reportKey"),
                           "date": text("reportDate")},
                "status": text("status"),
                "value": text("value"),
                "period": text("period"),
                "evidence": {
                    "text": text("evidence"),
                    "source": Path(text("file") or "").name,
                    "start": int(start) if start is not None else None,
                    "end": int(end) if end is not None else None,
                },
            }
        )  # fmt: skip
    return out


# ============================================================================= reading

_ISSUER_LINE = regex.compile(
    r"(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+(?P<unit>tinh|huyen|thanh\s+pho|xa)"
)


def read_report(path: str | Path, *, issuer: str | None = None) -> Report:
    """A report file as a :class:`Report`: its results and the documents it cites.

    ``issuer`` overrides the issuer read from the header ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN").
    """
    loaded = load_document(Path(path))
    norm = normalize(loaded.text)
    seg = segment(norm)
    found = find_citations(norm, seg)
    cites = []
    for c in found.citations:
        if c.key:
            year = c.year_in_number or (c.date.year if c.date else None)
            cites.append((c.key, year))
    h = seg.header
    key = f"{h.number}/{h.symbol}" if h.number and h.symbol else None
    return Report(
        source=str(path),
        results=extract_results(norm, seg),
        key=key,
        title=h.title,
        date=h.date.isoformat() if h.date else None,
        year=h.date.year if h.date else None,
        issuer=issuer or _issuer(norm.text[: h.end + 400] if h.end else norm.text[:400]),
        cites=tuple(dict.fromkeys(cites)),
    )


def _issuer(head: str) -> str | None:
    """ "ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN" → "UBND tỉnh Lạng Sơn"."""
    flat = regex.sub(r"\s+", " ", head)
    m = _ISSUER_LINE.search(fold(flat))
    if not m:
        return None
    rest = flat[m.end("unit") :].split(" Số", 1)[0].split(" CỘNG", 1)[0].strip()
    words = regex.findall(r"\p{L}+", rest)[:3]
    unit = flat[m.start("unit") : m.end("unit")].lower()
    return f"UBND {unit} {' '.join(w.capitalize() for w in words)}".strip()
