"""Answers as sheets of rows, and an ``.xlsx`` writer for them (openpyxl).

:func:`trace_sheets` and :func:`coverage_sheets` turn a trace / coverage result into
:class:`Sheet` records (a title, headers in the reader's language, rows, and each row's
language-neutral status code for colouring); :func:`write_xlsx` writes any list of sheets as a
workbook: one worksheet per sheet, a bold frozen header row, an auto-filter over the data,
column widths fitted to the text, the status cells coloured. The check report reuses the
writer (:mod:`graph.checks.report_office`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from graph.analysis.coverage import CoverageResult
from graph.analysis.references import DocumentInfo
from graph.analysis.trace import TraceNode, TraceResult
from graph.messages import note_text, t
from parsers.mandates import load_reform_areas

#: Fill colours (RGB) of the status codes: green done, amber late or weakened, red missing.
STATUS_FILLS: dict[str, str] = {
    "implemented": "C6EFCE",
    "on_time": "C6EFCE",
    "carried": "C6EFCE",
    "strengthened": "B7DEE8",
    "late": "FFEB9C",
    "cited": "DDEBF7",  # known from a citation: the plan exists, not in the store
    "weakened": "FFEB9C",
    "warning": "FFEB9C",
    "missing": "FFC7CE",
    "dropped": "FFC7CE",
    "error": "FFC7CE",
    "unknown": "EDEDED",
    "info": "DDEBF7",
}
_COVERAGE_STATUSES = ("carried", "weakened", "dropped", "strengthened")
_SHEET_NAME_BAD = regex.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH, _MIN_WIDTH = 60, 6


@dataclass(frozen=True)
class Sheet:
    """One worksheet: ``rows`` under ``headers``; ``statuses[i]`` colours row i's cell in
    column ``status_column`` (``None``: no colour)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    statuses: tuple[str | None, ...] = ()
    status_column: int | None = None


# --------------------------------------------------------------------------- trace


def _doc_cells(d: DocumentInfo, lang: str) -> tuple[Any, ...]:
    return (
        d.key or "",
        d.title or "",
        d.date.isoformat() if d.date else "",
        d.issuer or "",
        t(f"level.{d.level}", lang) if d.level else "",
        d.source or t("trace.not_in_corpus", lang),
        d.id,
    )


def _doc_headers(lang: str) -> tuple[str, ...]:
    return tuple(
        t(k, lang)
        for k in (
            "table.key",
            "table.title",
            "table.date",
            "table.issuer",
            "table.level",
            "table.source",
            "table.iri",
        )
    )


def _flatten(nodes: Iterable[TraceNode], depth: int, attr: str) -> Iterable[tuple[int, TraceNode]]:
    for n in nodes:
        yield depth, n
        yield from _flatten(getattr(n, attr), depth + 1, attr)


def _on_time_code(node: TraceNode) -> str | None:
    return {True: "on_time", False: "late", None: None}[node.on_time]


def trace_sheets(result: TraceResult, lang: str = "vi") -> list[Sheet]:
    """Document (facts and counts), implemented by, expected units, implements."""
    d = result.document
    counts = result.to_dict()["expected_summary"]
    facts: list[tuple[Any, ...]] = list(zip(_doc_headers(lang), _doc_cells(d, lang), strict=True))
    if result.deadline:
        facts.append((t("trace.deadline", lang), result.deadline.isoformat()))
    facts += [(t(f"status.{s}", lang), n) for s, n in counts.items()]
    document = Sheet(
        t("trace.document", lang),
        (t("table.field", lang), t("table.value", lang)),
        tuple(facts),
        statuses=tuple([None] * (len(facts) - len(counts)) + list(counts)),
        status_column=0,
    )
    down = list(_flatten(result.implemented_by, 1, "implemented_by"))
    implemented_by = Sheet(
        t("trace.implemented_by", lang),
        (
            t("table.depth", lang),
            *_doc_headers(lang),
            t("table.relation", lang),
            t("trace.deadline", lang),
            t("trace.status", lang),
        ),
        tuple(
            (
                depth,
                *_doc_cells(n.document, lang),
                t(f"relation.{n.relation}", lang),
                n.deadline.isoformat() if n.deadline else "",
                t(f"trace.{code}", lang) if (code := _on_time_code(n)) else "",
            )
            for depth, n in down
        ),
        statuses=tuple(_on_time_code(n) for _, n in down),
        status_column=10,
    )
    expected = Sheet(
        t("trace.expected", lang),
        (
            t("trace.unit", lang),
            t("table.code", lang),
            t("trace.status", lang),
            t("trace.deadline", lang),
            t("trace.documents", lang),
        ),
        tuple(
            (
                e.name,
                e.code or "",
                t(f"status.{e.status}", lang),
                e.deadline.isoformat() if e.deadline else "",
                "; ".join(x.key or x.title or x.id for x in e.documents),
            )
            for e in result.expected
        ),
        statuses=tuple(e.status for e in result.expected),
        status_column=2,
    )
    up = list(_flatten(result.implements, 1, "implements"))
    implements = Sheet(
        t("trace.implements", lang),
        (t("table.depth", lang), *_doc_headers(lang)),
        tuple((depth, *_doc_cells(n.document, lang)) for depth, n in up),
    )
    return [document, implemented_by, expected, implements]


# --------------------------------------------------------------------------- coverage


def area_names(lang: str = "vi") -> dict[str, str]:
    """Reform area id → its name in ``lang`` (data/vocab/reform_areas.yaml)."""
    return {a.id: (a.en if lang == "en" else a.vi) for a in load_reform_areas()}


def coverage_sheets(result: CoverageResult, lang: str = "vi") -> list[Sheet]:
    """Summary (plans and counts), targets with their status, reform areas."""
    names = area_names(lang)
    counts = result.counts()
    summary_rows: list[tuple[Any, ...]] = [
        (t("coverage.child", lang), result.child.describe()),
        (t("coverage.parent", lang), result.parent.describe()),
        *((t(f"coverage.{s}", lang), n) for s, n in counts.items()),
    ]
    summary = Sheet(
        t("table.summary", lang),
        (t("table.field", lang), t("table.value", lang)),
        tuple(summary_rows),
        statuses=(None, None, *counts),
        status_column=0,
    )
    targets = Sheet(
        t("coverage.targets", lang),
        (
            t("coverage.area", lang),
            t("coverage.parent_target", lang),
            t("trace.status", lang),
            t("coverage.child_target", lang),
            t("coverage.note", lang),
        ),
        tuple(
            (
                names.get(x.parent.area or "", x.parent.area or ""),
                x.parent.text,
                t(f"coverage.{x.status}", lang),
                x.child.text if x.child else "",
                note_text(x.note, lang),
            )
            for x in result.targets
        ),
        statuses=tuple(x.status for x in result.targets),
        status_column=2,
    )
    yes, no = t("coverage.covered", lang), t("coverage.not_covered", lang)
    areas = Sheet(
        t("coverage.areas", lang),
        (
            t("coverage.area", lang),
            t("coverage.parent", lang),
            t("coverage.child", lang),
            *(t(f"coverage.{s}", lang) for s in _COVERAGE_STATUSES),
        ),
        tuple(
            (
                names.get(a.area, a.label),
                yes if a.parent_covers else no,
                yes if a.child_covers else no,
                *(a.counts.get(s, 0) for s in _COVERAGE_STATUSES),
            )
            for a in result.areas
        ),
        statuses=tuple(
            None if not a.parent_covers else "carried" if a.child_covers else "dropped"
            for a in result.areas
        ),
        status_column=2,
    )
    return [summary, targets, areas]


# --------------------------------------------------------------------------- xlsx


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, i = base, 2
    while name.casefold() in used:
        suffix = f" ({i})"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name.casefold())
    return name


def _width(values: Sequence[Any]) -> float:
    longest = max((len(line) for v in values for line in str(v).split("\n")), default=0)
    return float(min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2)))


def write_xlsx(sheets: Sequence[Sheet], out: str | Path) -> Path:
    """Write ``sheets`` as one workbook at ``out`` (parents created); returns the path."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.title, used))
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font, cell.fill = bold, header_fill
        for i, row in enumerate(sheet.rows):
            ws.append(list(row))
            status = sheet.statuses[i] if i < len(sheet.statuses) else None
            if sheet.status_column is not None and status in STATUS_FILLS:
                cell = ws.cell(row=i + 2, column=sheet.status_column + 1)
                cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[status])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        ws.freeze_panes = "A2"
        last = get_column_letter(len(sheet.headers))
        ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
        for c, header in enumerate(sheet.headers):
            column = [header, *(r[c] for r in sheet.rows if c < len(r))]
            ws.column_dimensions[get_column_letter(c + 1)].width = _width(column)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


__all__ = ["STATUS_FILLS", "Sheet", "area_names", "coverage_sheets", "trace_sheets", "write_xlsx"]
