"""Renderers of a :class:`CheckReport`: text, JSON, SARIF 2.1.0, self-contained HTML.

Exit codes (:func:`exit_code`): 0 no error-severity finding, 1 at least one,
2 the check could not run (file unreadable, a check crashed).
"""

from __future__ import annotations

import html
import itertools
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from graph.checks.base import SEVERITIES, CheckReport, Finding, get_check, line_col
from graph.messages import t

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _w(key: str, lang: str) -> str:
    return t(f"report.{key}", lang)


def severity_words(lang: str = "vi") -> dict[str, str]:
    """How a report names each severity in ``lang`` ("lỗi", "cảnh báo", "thông tin")."""
    return {s: t(f"severity.{s}", lang) for s in SEVERITIES}


def _lang(report: CheckReport, lang: str | None) -> str:
    return lang or report.lang or "vi"


def exit_code(report: CheckReport | None) -> int:
    """0 when no error-severity finding, 1 when there is one, 2 when the check could not run."""
    if report is None or report.failures:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


# --------------------------------------------------------------------------- text


def format_finding(f: Finding, document: str, lang: str = "vi") -> str:
    """``file:line:col: severity code: message — gợi ý: …`` on one line."""
    sev = severity_words(lang)[f.severity]
    msg = " ".join(f.text(lang).split())
    out = f"{document}:{f.line}:{f.column}: {sev} {f.code}: {msg}"
    if f.suggestion:
        out += f" — {_w('suggestion', lang)}: {' '.join(f.suggestion.split())}"
    return out


def summary_line(report: CheckReport, lang: str = "vi") -> str:
    s = report.summary
    words = severity_words(lang)
    if not report.findings:
        out = _w("clean", lang)
    else:
        parts = [_count(s.get(k, 0), words[k], lang) for k in ("error", "warning", "info")]
        out = f"{_w('total', lang)}: " + ", ".join(parts)
    if report.failures:
        out += (
            "; "
            + _w("failed", lang)
            + ": "
            + ", ".join(f"{x.code} ({x.error})" for x in report.failures)
        )
    if s.get("checks_skipped"):
        out += "; " + _w("skipped", lang) + ": " + ", ".join(s["checks_skipped"])
    return out


def _count(n: int, word: str, lang: str) -> str:
    plural = lang == "en" and n != 1 and word != "info"
    return f"{n} {word}{'s' if plural else ''}"


def render_text(report: CheckReport, lang: str | None = None, *, summary: bool = True) -> str:
    """One line per finding, then a summary line."""
    lang = _lang(report, lang)
    lines = [format_finding(f, report.document, lang) for f in report.findings]
    if summary:
        lines.append(summary_line(report, lang))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def report_to_dict(report: CheckReport, lang: str | None = None) -> dict[str, Any]:
    """``{"document", "findings": [{code, severity, message, line, column, section,
    evidence, suggestion}], "summary"}``."""
    lang = _lang(report, lang)
    return {
        "document": report.document,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "message": f.text(lang),
                "line": f.line,
                "column": f.column,
                "section": f.section,
                "evidence": f.evidence,
                "suggestion": f.suggestion,
            }
            for f in report.findings
        ],
        "summary": report.summary,
    }


def render_json(report: CheckReport, lang: str | None = None, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report, lang), ensure_ascii=False, indent=indent)


# --------------------------------------------------------------------------- SARIF


def _artifact_uri(document: str) -> str:
    if document.startswith("<"):
        return "text"
    p = Path(document)
    return p.resolve().as_uri() if p.is_absolute() else p.as_posix()


def _rule_codes(report: CheckReport) -> list[str]:
    codes = list(report.checks)
    for f in report.findings:
        if f.code not in codes:
            codes.append(f.code)
    return codes


def _rule(code: str, lang: str) -> dict[str, Any]:
    try:
        check = get_check(code)
    except KeyError:
        return {"id": code}
    rule = check.rule_en if lang == "en" and check.rule_en else check.rule
    return {
        "id": code,
        "name": "".join(p.capitalize() for p in code.split("-")),
        "shortDescription": {"text": rule},
        "fullDescription": {"text": f"{rule} ({_w('source', lang)}: {check.source})"},
        "defaultConfiguration": {"level": SARIF_LEVEL[check.severity]},
        "properties": {
            "source": check.source,
            "family": check.family,
            "needsStore": check.needs_store,
        },
    }


def report_to_sarif(report: CheckReport, lang: str | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; columns count Unicode code points."""
    lang = _lang(report, lang)
    codes = _rule_codes(report)
    index = {c: i for i, c in enumerate(codes)}
    uri = _artifact_uri(report.document)
    results = []
    for f in report.findings:
        region: dict[str, Any] = {
            "startLine": f.line,
            "startColumn": f.column,
            "charOffset": f.start,
            "charLength": max(0, f.end - f.start),
        }
        if report.text:
            el, ec = line_col(report.text, f.end)
            region.update({"endLine": el, "endColumn": ec})
        region["snippet"] = {"text": f.evidence}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.text(lang)},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
                }
            ],
        }
        if f.section:
            result["locations"][0]["logicalLocations"] = [{"name": f.section, "kind": "module"}]
        if f.suggestion:
            result["properties"] = {"suggestion": f.suggestion}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vbkg",
                        "version": _version(),
                        "rules": [_rule(c, lang) for c in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": uri}}],
                "invocations": [
                    {
                        "executionSuccessful": not report.failures,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": x.error},
                                "descriptor": {"id": x.code},
                            }
                            for x in report.failures
                        ],
                    }
                ],
                "results": results,
            }
        ],
    }


def render_sarif(report: CheckReport, lang: str | None = None) -> str:
    return json.dumps(report_to_sarif(report, lang), ensure_ascii=False, indent=2)


def _version() -> str:
    try:
        return version("vbkg")
    except Exception:
        return "0.0.0"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}.sev-error{color:#b00020;font-weight:600}
.sev-warning{color:#a05a00;font-weight:600}.sev-info{color:#1a5fb4}
pre.doc{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;line-height:1.5;
font-family:inherit;background:#fcfcfc}
mark.error{background:#ffd6d9}mark.warning{background:#ffe9b3}mark.info{background:#d7e8ff}
code{font-size:.9em}.sugg{color:#1b5e20}.summary{margin:.5rem 0}
"""


def _marked_text(text: str, findings: tuple[Finding, ...], lang: str) -> str:
    """The whole text, escaped, with each finding's span in a ``<mark>``."""
    bounds = {0, len(text)}
    for f in findings:
        if 0 <= f.start < f.end <= len(text):
            bounds.update((f.start, f.end))
    points = sorted(bounds)
    anchors: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        anchors.setdefault(f.start, []).append(i)
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        for i in anchors.pop(a, []):
            out.append(f'<span id="f{i}"></span>')
        covering = [f for f in findings if f.start <= a and b <= f.end and f.start < f.end]
        chunk = html.escape(text[a:b])
        if covering:
            worst = min(covering, key=lambda f: ("error", "warning", "info").index(f.severity))
            title = html.escape("; ".join(f"{f.code}: {f.text(lang)}" for f in covering))
            out.append(f'<mark class="{worst.severity}" title="{title}">{chunk}</mark>')
        else:
            out.append(chunk)
    for ids in anchors.values():
        out.extend(f'<span id="f{i}"></span>' for i in ids)
    return "".join(out)


def render_html(report: CheckReport, lang: str | None = None) -> str:
    """A self-contained HTML page (no external resources); every text is escaped."""
    lang = _lang(report, lang)
    e = html.escape
    words = severity_words(lang)
    rows = []
    for i, f in enumerate(report.findings):
        sugg = (
            f'<div class="sugg">{e(_w("suggestion", lang))}: {e(f.suggestion)}</div>'
            if f.suggestion
            else ""
        )
        rows.append(
            f'<tr><td><a href="#f{i}">{f.line}:{f.column}</a></td>'
            f'<td class="sev-{f.severity}">{e(words[f.severity])}</td>'
            f"<td><code>{e(f.code)}</code></td>"
            f"<td>{e(f.text(lang))}{sugg}</td>"
            f"<td>{e(f.section or '')}</td>"
            f"<td><code>{e(f.evidence)}</code></td></tr>"
        )
    rules = []
    for code in _rule_codes(report):
        try:
            c = get_check(code)
        except KeyError:
            continue
        rule = c.rule_en if lang == "en" and c.rule_en else c.rule
        rules.append(
            f"<tr><td><code>{e(code)}</code></td><td>{e(rule)}</td><td>{e(c.source)}</td></tr>"
        )
    head = (
        f"<tr><th>{e(_w('line', lang))}</th><th>{e(_w('severity', lang))}</th>"
        f"<th>{e(_w('code', lang))}</th><th>{e(_w('message', lang))}</th>"
        f"<th>{e(_w('section', lang))}</th><th>{e(_w('evidence', lang))}</th></tr>"
    )
    findings_table = f"<table>{head}{''.join(rows)}</table>" if rows else ""
    rules_table = (
        f"<details><summary>{e(_w('rule', lang))}</summary><table>"
        f"<tr><th>{e(_w('code', lang))}</th><th>{e(_w('rule', lang))}</th>"
        f"<th>{e(_w('source', lang))}</th></tr>{''.join(rules)}</table></details>"
    )
    doc = _marked_text(report.text, report.findings, lang) if report.text else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(_w('title', lang))} — {e(report.document)}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<h1>{e(_w('title', lang))}: {e(report.document)}</h1>"
        f'<p class="summary">{e(summary_line(report, lang))}</p>'
        f"{findings_table}{rules_table}"
        f'<h2>{e(_w("text", lang))}</h2><pre class="doc">{doc}</pre>'
        "</body></html>\n"
    )


# --------------------------------------------------------------------------- dispatch

FORMATS = ("text", "json", "sarif", "html")


def render(report: CheckReport, fmt: str = "text", lang: str | None = None) -> str:
    """Render ``report`` as ``text``, ``json``, ``sarif`` or ``html``."""
    if fmt == "text":
        return render_text(report, lang)
    if fmt == "json":
        return render_json(report, lang)
    if fmt == "sarif":
        return render_sarif(report, lang)
    if fmt == "html":
        return render_html(report, lang)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
