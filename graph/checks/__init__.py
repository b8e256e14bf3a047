"""Consistency checks run on a draft plan before it is issued.

One module per family of checks (``structure``, ``dates``, ``text`` …); each
check is a small class registered with :func:`register` (see ``base``). The
public verb is :func:`graph.checks.run.check_plan`; renderers are in ``render``.

Adding a check: write a class in a family module (an existing one, or a new
module in this package: it is discovered automatically)::

    from graph.checks.base import Check, CheckContext, Finding, register

    @register
    class CitationSuperseded(Check):
        code = "citation-superseded"
        severity = "warning"
        rule = "Không căn cứ văn bản đã bị thay thế, bãi bỏ"
        rule_en = "Do not rely on a replaced or repealed document"
        source = "Luật Ban hành văn bản QPPL 2015, Điều 154"
        needs_store = True  # skipped (and reported as skipped) without a store

        def run(self, ctx: CheckContext) -> Iterable[Finding]:
            for c in ctx.citations:
                ...  # ask ctx.store
                yield ctx.finding(self, c.mention.start, c.mention.end,
                                  message="…", message_en="…", suggestion="…")
"""

from graph.checks.base import (
    SEVERITIES,
    Check,
    CheckContext,
    CheckFailure,
    CheckReport,
    Finding,
    Severity,
    get_check,
    register,
    registered,
)

__all__ = [
    "SEVERITIES",
    "Check",
    "CheckContext",
    "CheckFailure",
    "CheckReport",
    "Finding",
    "Severity",
    "get_check",
    "register",
    "registered",
]
