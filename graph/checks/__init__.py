"""Consistency checks run on a draft plan before it is issued.

One module per family of checks (``structure``, ``dates``, ``text`` …); each
check is a small class registered with :func:`register` (see ``base``) and listed
in :data:`ALL_CHECKS`. The public verb is :func:`check_plan` (``graph.checks.run``);
the renderers are in ``report``.

Adding a check: write a class in a family module (an existing one, or a new
module in this package) and add it to :data:`ALL_CHECKS`; its texts go in the message
catalogue, data/messages/checks.yaml (``checks.<code>.rule`` and one key per kind of finding)::

    from graph.checks.base import Check, CheckContext, Finding, register

    @register
    class CitationSuperseded(Check):
        code = "citation-superseded"
        severity = "warning"
        source = "Luật Ban hành văn bản QPPL 2015, Điều 154"
        source_ids = ("luat-bhvbqppl",)  # data/vocab/check_sources.yaml
        needs_store = True  # skipped (and reported as skipped) without a store

        def run(self, ctx: CheckContext) -> Iterable[Finding]:
            for c in ctx.citations:
                ...  # ask ctx.store
                yield ctx.finding(self, c.mention.start, c.mention.end,
                                  self.msg("amended", label=…), suggestion="…")
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
from graph.checks.citations import (
    CitationConflict,
    CitationIssuerMismatch,
    CitationSuperseded,
    CitationUnresolved,
)
from graph.checks.dates import CitationAnachronism, DateInvalid, StaleYear
from graph.checks.mandates import (
    AreaMissing,
    DeadlineMissed,
    MissingParent,
    TargetDropped,
    TargetWeakened,
)
from graph.checks.run import check_plan
from graph.checks.structure import FootnoteOrphan, HeaderIncomplete, NumberingGap
from graph.checks.text import DuplicateText

#: Every check of the package, by family (what ``vbkg check`` runs).
ALL_CHECKS: tuple[type[Check], ...] = (
    # structure
    NumberingGap,
    FootnoteOrphan,
    HeaderIncomplete,
    # dates
    DateInvalid,
    StaleYear,
    CitationAnachronism,
    # text
    DuplicateText,
    # knowledge: citations (need a store, except the issuer check), then mandates
    CitationUnresolved,
    CitationConflict,
    CitationIssuerMismatch,
    CitationSuperseded,
    MissingParent,
    AreaMissing,
    TargetDropped,
    TargetWeakened,
    DeadlineMissed,
)

__all__ = [
    "ALL_CHECKS",
    "SEVERITIES",
    "Check",
    "CheckContext",
    "CheckFailure",
    "CheckReport",
    "Finding",
    "Severity",
    "check_plan",
    "get_check",
    "register",
    "registered",
]
