"""Check a draft plan before it is issued: public verb :func:`check_plan`.

::

    report = check_plan("du_thao.docx")            # or the text itself
    print(render_text(report))                     # "file:12:1: cảnh báo numbering-gap: …"
    sys.exit(exit_code(report))                    # 0 clean, 1 errors, 2 could not run

The draft goes through the parser stages (load → normalise → segment → find)
and every registered check (``graph.checks``) runs on the result. Checks that
need the knowledge base run only when ``store`` is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from graph.checks.base import (
    SEVERITY_RANK,
    Check,
    CheckContext,
    CheckFailure,
    CheckReport,
    Finding,
    get_check,
    registered,
    summarize,
)
from graph.checks.report import (
    exit_code,
    render,
    render_html,
    render_json,
    render_sarif,
    render_text,
)
from graph.store import StoreLike
from parsers.find import find_citations
from parsers.load import load_document
from parsers.models import LoadedDocument
from parsers.normalize import normalize
from parsers.segment import segment

__all__ = [
    "CheckReport",
    "Finding",
    "build_context",
    "check_plan",
    "exit_code",
    "render",
    "render_html",
    "render_json",
    "render_sarif",
    "render_text",
    "run_checks",
]

TEXT_SOURCE = "<text>"
_FILE_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def _is_path(x: str | os.PathLike[str]) -> bool:
    if isinstance(x, os.PathLike):
        return True
    if "\n" in x or len(x) > 4096:
        return False
    return x.lower().endswith(_FILE_SUFFIXES) or Path(x).is_file()


def load_input(path_or_text: str | os.PathLike[str]) -> LoadedDocument:
    """A file (path) or a text given directly, as a :class:`LoadedDocument`.

    Raises :class:`parsers.load.LoadError` for a file that cannot be read.
    """
    if _is_path(path_or_text):
        return load_document(path_or_text)
    return LoadedDocument(source=TEXT_SOURCE, text=str(path_or_text), format="text", encoding="str")


def build_context(
    loaded: LoadedDocument,
    *,
    store: StoreLike | None = None,
    draft_date: date | None = None,
    options: dict[str, Any] | None = None,
) -> CheckContext:
    """Run the parser stages on ``loaded`` and assemble what the checks read."""

    norm = normalize(loaded.text)
    seg = segment(norm)
    found = find_citations(norm, seg)
    return CheckContext(
        loaded=loaded,
        norm=norm,
        seg=seg,
        found=found,
        draft_date=draft_date,
        store=store,
        options=dict(options or {}),
    )


def _select(checks: Iterable[str | Check] | None) -> list[Check]:
    if checks is None:
        return registered()
    out: list[Check] = []
    for c in checks:
        out.append(get_check(c) if isinstance(c, str) else c)
    return out


def run_checks(
    ctx: CheckContext, checks: Iterable[str | Check] | None = None, *, lang: str = "vi"
) -> CheckReport:
    """Run ``checks`` (default: every registered one) on a prepared context.

    A check that needs the store is skipped when ``ctx.store`` is ``None``; a
    check that raises is recorded in ``failures`` and the others go on.
    """
    selected = _select(checks)
    findings: list[Finding] = []
    ran: list[str] = []
    skipped: list[str] = []
    failures: list[CheckFailure] = []
    for check in selected:
        if check.needs_store and ctx.store is None:
            skipped.append(check.code)
            continue
        try:
            findings.extend(check.run(ctx))
        except Exception as exc:
            failures.append(CheckFailure(check.code, f"{type(exc).__name__}: {exc}"))
        ran.append(check.code)
    # by position, then a stable key; duplicates dropped in the order found (not through a set,
    # whose order of str changes with PYTHONHASHSEED), so findings that share an anchor (the
    # targets one block dropped) keep the order their check found them in: the parent's order
    unique = sorted(
        dict.fromkeys(findings),
        key=lambda f: (f.start, SEVERITY_RANK[f.severity], f.code, f.end),
    )
    own = ctx.latest_draft_date
    summary = summarize(
        unique,
        ran=ran,
        skipped=skipped,
        failures=failures,
        draft_date=own.isoformat() if own else None,
        plan_year=ctx.plan_year,
    )
    return CheckReport(
        document=ctx.source,
        findings=tuple(unique),
        summary=summary,
        lang=lang,
        text=ctx.text,
        failures=tuple(failures),
        checks=tuple(ran),
    )


def check_plan(
    path_or_text: str | os.PathLike[str],
    *,
    store: StoreLike | None = None,
    lang: str = "vi",
    checks: Sequence[str | Check] | None = None,
    draft_date: date | None = None,
) -> CheckReport:
    """Check one draft plan (a path to ``.txt``/``.md``/``.docx``/``.pdf``, or its text).

    ``store`` is the knowledge base for the checks that need one; ``checks``
    restricts the run to some codes; ``draft_date`` overrides the date read from
    the header (a draft often has none). ``lang`` is the default language of
    the renderers. Raises :class:`parsers.load.LoadError` when the file cannot
    be read (the caller exits with :data:`EXIT_ERROR`).
    """
    loaded = load_input(path_or_text)
    ctx = build_context(loaded, store=store, draft_date=draft_date)
    return run_checks(ctx, checks, lang=lang)
