"""A :class:`CheckReport` as files officials work with: ``.xlsx`` (openpyxl) and ``.docx``
(python-docx).

The Word report is what an official attaches to a draft: a title, the draft's identity (file,
date of the check, counts by severity), then one table of findings (line, severity, code,
message, suggestion, rule source). The workbook has a summary sheet and a findings sheet, the
severity cells coloured (:data:`graph.analysis.tables.STATUS_FILLS`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from graph.analysis.tables import STATUS_FILLS, Sheet, write_xlsx
from graph.checks.base import CheckReport, Finding, get_check
from graph.checks.report import severity_words, summary_line
from graph.messages import t

_HEADERS = (
    "report.line",
    "report.severity",
    "report.code",
    "report.message",
    "table.suggestion",
    "table.rule_source",
)


def _rule_source(code: str) -> str:
    try:
        return get_check(code).source
    except KeyError:
        return ""


def _finding_row(f: Finding, lang: str) -> tuple[Any, ...]:
    words = severity_words(lang)
    return (
        f.line,
        words[f.severity],
        f.code,
        " ".join(f.text(lang).split()),
        " ".join((f.suggestion or "").split()),
        _rule_source(f.code),
    )


def _identity(report: CheckReport, lang: str, today: date) -> list[tuple[str, Any]]:
    return [
        (t("table.draft", lang), report.document),
        (t("table.checked_on", lang), today.isoformat()),
        (t("table.summary", lang), summary_line(report, lang)),
    ]


def check_sheets(
    report: CheckReport, lang: str = "vi", *, today: date | None = None
) -> list[Sheet]:
    """A summary sheet (the draft's identity and counts) and the findings sheet."""
    identity = _identity(report, lang, today or date.today())
    return [
        Sheet(
            t("table.summary", lang),
            (t("table.field", lang), t("table.value", lang)),
            tuple(identity),
        ),
        Sheet(
            t("table.findings", lang),
            tuple(t(k, lang) for k in _HEADERS),
            tuple(_finding_row(f, lang) for f in report.findings),
            statuses=tuple(f.severity for f in report.findings),
            status_column=1,
        ),
    ]


def write_check_xlsx(
    report: CheckReport, out: str | Path, lang: str = "vi", *, today: date | None = None
) -> Path:
    return write_xlsx(check_sheets(report, lang, today=today), out)


def _shade(cell: Any, rgb: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), rgb)
    props.append(shd)


def write_check_docx(
    report: CheckReport, out: str | Path, lang: str = "vi", *, today: date | None = None
) -> Path:
    """The check report as a Word document (landscape A4): title, identity, findings table."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(t("report.title", lang), level=1)
    for name, value in _identity(report, lang, today or date.today()):
        p = doc.add_paragraph()
        p.add_run(f"{name}: ").bold = True
        p.add_run(str(value))
    doc.add_heading(t("table.findings", lang), level=2)
    if not report.findings:
        doc.add_paragraph(summary_line(report, lang))
    else:
        table = doc.add_table(rows=1, cols=len(_HEADERS))
        table.style = "Table Grid"
        for cell, key in zip(table.rows[0].cells, _HEADERS, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(t(key, lang)).bold = True
            _shade(cell, "D9E1F2")
        for f in report.findings:
            cells = table.add_row().cells
            for cell, value in zip(cells, _finding_row(f, lang), strict=True):
                cell.text = str(value)
            _shade(cells[1], STATUS_FILLS[f.severity])
        widths = (Cm(1.4), Cm(2.2), Cm(3.6), Cm(8.5), Cm(5.5), Cm(4.8))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


__all__ = ["check_sheets", "write_check_docx", "write_check_xlsx"]
