"""The framework of draft checks: findings, the context a check reads, the registry.

A check is one small class in a module per family (``structure``, ``dates``,
``text`` …), registered with :func:`register`::

    @register
    class NumberingGap(Check):
        code = "numbering-gap"
        severity = "warning"
        source = "Nghị định 30/2020/NĐ-CP, Phụ lục I"

        def run(self, ctx: CheckContext) -> Iterable[Finding]:
            ...
            yield ctx.finding(self, start, end, self.msg("gap", found=..., expected=...))

The texts are in the message catalogue (data/messages/checks.yaml), by the check's code: the
rule ``checks.<code>.rule`` (``rule``/``rule_en`` are filled from it at registration) and each
kind of finding ``checks.<code>.<name>`` with its ``{fields}``.

Every offset is into the ORIGINAL text returned by ``load_document`` (the
convention of ``parsers.models``); :meth:`CheckContext.finding` turns a span
into line, column (1-based, counted in characters), section path and the exact
evidence text, so a check only decides *what* is wrong and *where*.

Checks that need the knowledge base set ``needs_store = True``: the runner skips
them (and says so in the report's summary) when no store is given, and they read
``ctx.store``.
"""

from __future__ import annotations

import bisect
from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any, ClassVar, Literal, TypeVar

import regex

from graph.messages import MESSAGES, Msg, both
from graph.paths import VOCAB_DIR
from graph.store import StoreLike
from parsers.models import (
    Citation,
    FoundCitations,
    LoadedDocument,
    NormalizedText,
    Section,
    SegmentedDocument,
)
from parsers.yamldata import read_yaml

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in a draft.

    ``message`` is Vietnamese, ``message_en`` English; ``evidence`` is the exact
    source text ``original[start:end]``; ``suggestion`` is what to write instead
    (or ``None`` when there is nothing mechanical to propose); ``section`` is the
    path (``"II.3.b"``) of the innermost numbered section holding ``start``.
    """

    code: str
    severity: Severity
    message: str
    message_en: str
    line: int
    column: int
    section: str | None
    evidence: str
    suggestion: str | None
    start: int
    end: int

    def text(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message


# --------------------------------------------------------------------------- context


_PLAN_YEAR = regex.compile(r"(?<!\d)(?:năm|nam)\s+((?:19|20)\d\d)(?!\d)", regex.IGNORECASE)
# "Cao Lộc, ngày    tháng 01 năm 2024": a draft leaves the day (and the month) blank
_PARTIAL_DATE = regex.compile(
    r"(?m)^[^\S\n]*[^\W\d][^\n,]{1,40},[^\S\n]*ngay[\s.…_]*thang[^\S\n]*(?P<m>\d{1,2})?"
    r"[\s.…_]*nam[^\S\n]*(?P<y>(?:19|20)\d\d)"
)


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read about one draft.

    ``loaded``/``norm``/``seg``/``found`` are the outputs of the parser stages;
    ``store`` is an optional knowledge-base handle (``graph.store.local.Store`` or any
    object the store-backed checks agree on), ``None`` when checking a draft on
    its own. ``draft_date`` defaults to the date of the draft's header; a draft
    often leaves the day blank ("ngày    tháng 01 năm 2024"), and then
    :attr:`latest_draft_date` is the last day the draft can carry.
    """

    loaded: LoadedDocument
    norm: NormalizedText
    seg: SegmentedDocument
    found: FoundCitations = field(default_factory=FoundCitations)
    draft_date: date | None = None
    store: StoreLike | None = None
    options: dict[str, Any] = field(default_factory=dict)

    # ---------------------------------------------------------------- text

    @property
    def text(self) -> str:
        """The original text (all offsets point into it)."""
        return self.loaded.text

    @property
    def source(self) -> str:
        return self.loaded.source

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in regex.finditer(r"\n", self.text))
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an original offset."""
        offset = max(0, min(offset, len(self.text)))
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def line_span(self, offset: int) -> tuple[int, int]:
        """Start and end (without the newline) of the original line holding ``offset``."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    # ---------------------------------------------------------------- structure

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return tuple(sorted(self.seg.sections, key=lambda s: (s.start, s.level)))

    def section_at(self, offset: int) -> Section | None:
        return self.seg.section_at(offset)

    @cached_property
    def _parents(self) -> dict[tuple[int, int, str], Section | None]:
        out: dict[tuple[int, int, str], Section | None] = {}
        stack: list[Section] = []
        for s in self.sections:
            while stack and not (
                stack[-1].start <= s.start < stack[-1].end and stack[-1].level < s.level
            ):
                stack.pop()
            out[(s.start, s.level, s.path)] = stack[-1] if stack else None
            stack.append(s)
        return out

    def parent_of(self, section: Section) -> Section | None:
        """The innermost section of a lower level whose span holds ``section``."""
        key = (section.start, section.level, section.path)
        if key in self._parents:
            return self._parents[key]
        best: Section | None = None
        for s in self.sections:
            if (
                s.level < section.level
                and s.start <= section.start < s.end
                and (best is None or s.level > best.level)
            ):
                best = s
        return best

    @cached_property
    def body_start(self) -> int:
        """Where the body starts: the end of the header (0 when unknown)."""
        return self.seg.header.end or 0

    @cached_property
    def body_end(self) -> int:
        """Where the body ends: the signature or "Nơi nhận", whichever comes first."""
        ends = [len(self.text)]
        if self.seg.recipients_start is not None:
            ends.append(self.seg.recipients_start)
        if self.seg.signature is not None and self.seg.signature.end > self.seg.signature.start:
            ends.append(self.seg.signature.start)
        return min(ends)

    # ---------------------------------------------------------------- citations

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.found.citations

    @cached_property
    def citation_spans(self) -> tuple[tuple[int, int], ...]:
        """Original spans of every citation, extended over the cited document's own title.

        A citation's title ("… về cải cách hành chính tỉnh Lạng Sơn năm 2024") is
        the cited document's words, not the draft's: checks about the draft's
        own wording skip them.
        """
        spans: list[tuple[int, int]] = []
        text = self.text
        for c in self.citations:
            start, end = c.mention.start, c.mention.end
            title = " ".join((c.title or "").split())
            k = _find_loose(text, title, end - len(title), end + 400 + len(title))
            if k is None and title:
                k = _find_loose(text, title[:40], end - 40, end + 400)
                if k is not None:
                    k = (k[0], _clause_end(text, k[0]))
            if k is None and _TITLE_LEAD.match(text, end):
                k = (end, _clause_end(text, end))
            if k is not None:
                end = max(end, k[1])
            spans.append((start, end))
        return tuple(sorted(spans))

    def in_citation(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return any(s < end and start < e for s, e in self.citation_spans)

    # ---------------------------------------------------------------- dates

    @cached_property
    def plan_year(self) -> int | None:
        """The year the plan is for: the year in its title, else the year of its date."""
        title = self.seg.header.title
        if title:
            years = [int(y) for y in _PLAN_YEAR.findall(title)]
            if years:
                return years[-1]
        d = self.latest_draft_date
        return d.year if d else None

    @cached_property
    def latest_draft_date(self) -> date | None:
        """The draft's date, or the last day a partly blank date line allows."""
        if self.draft_date is not None:
            return self.draft_date
        if self.seg.header.date is not None:
            return self.seg.header.date
        return _partial_header_date(self)

    # ---------------------------------------------------------------- findings

    def finding(
        self,
        check: Check,
        start: int,
        end: int,
        text: Msg,
        *,
        suggestion: str | None = None,
        severity: Severity | None = None,
        section: str | Literal[False] | None = False,
    ) -> Finding:
        """A :class:`Finding` of ``check`` at the original span ``start``-``end``, saying
        ``text`` (a catalogue message, usually ``check.msg(name, **fields)``).

        ``section`` defaults to the innermost section holding ``start``.
        """
        line, col = self.line_col(start)
        if section is False:
            sec = self.section_at(start)
            section = sec.path if sec else None
        return Finding(
            code=check.code,
            severity=severity or check.severity,
            message=text.text("vi"),
            message_en=text.text("en"),
            line=line,
            column=col,
            section=section,
            evidence=self.text[start:end],
            suggestion=suggestion,
            start=start,
            end=end,
        )


def _find_loose(text: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Find ``needle`` in ``text[lo:hi]`` allowing any run of whitespace for each space."""
    if not needle:
        return None
    pattern = r"\s+".join(regex.escape(w) for w in needle.split(" ") if w)
    m = regex.compile(pattern, regex.IGNORECASE).search(text, max(0, lo), min(len(text), hi))
    return (m.start(), m.end()) if m else None


# what follows a citation and still belongs to it: its date, issuer, title
_TITLE_LEAD = regex.compile(
    r"[\s,]*(?:ngày|của|về|ban hành|quy định|hướng dẫn|sửa đổi|thực hiện|\(|năm)",
    regex.IGNORECASE,
)
_CLAUSE_END = regex.compile(r";|\n|\.(?:\s|$)")


def _clause_end(text: str, pos: int, limit: int = 400) -> int:
    m = _CLAUSE_END.search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


def _partial_header_date(ctx: CheckContext) -> date | None:
    """The last possible date of a draft whose date line leaves the day blank.

    "Cao Lộc, ngày    tháng 01 năm 2024" → 31/01/2024; "ngày   tháng   năm 2024" → 31/12/2024.
    """

    hdr = ctx.seg.header
    lo = bisect.bisect_left(ctx.norm.offsets, hdr.start) if hdr.end > hdr.start else 0
    folded = ctx.norm.folded
    hi = len(folded)
    if hdr.end > hdr.start:
        hi = min(hi, bisect.bisect_left(ctx.norm.offsets, hdr.end) + 200)
    else:
        hi = min(hi, 2000)
    m = _PARTIAL_DATE.search(folded, lo, hi)
    if not m:
        return None
    y = int(m["y"])
    mo = int(m["m"]) if m["m"] else 12
    if not 1 <= mo <= 12:
        return None
    return date(y, mo, monthrange(y, mo)[1])


# --------------------------------------------------------------------------- checks


class Check:
    """One rule a draft must satisfy.

    Subclasses set the class attributes and implement :meth:`run`, yielding
    findings built with :meth:`CheckContext.finding`. ``code`` is stable (users
    filter and suppress by it); ``rule``/``rule_en`` state the rule in one
    sentence (from the catalogue's ``checks.<code>.rule``); ``source`` says where the rule comes
    from.
    """

    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    rule: ClassVar[str] = ""
    rule_en: ClassVar[str] = ""
    source: ClassVar[str] = ""
    family: ClassVar[str] = ""
    needs_store: ClassVar[bool] = False
    #: ids of the rule's sources in ``data/vocab/check_sources.yaml`` (``source`` cites them).
    source_ids: ClassVar[tuple[str, ...]] = ()

    def run(self, ctx: CheckContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def msg(self, name: str, /, **fields: Any) -> Msg:
        """The catalogue message ``checks.<code>.<name>`` of this check, with ``fields``."""
        return Msg(f"checks.{self.code}.{name}", fields)

    def __repr__(self) -> str:
        return f"<check {self.code}>"


_REGISTRY: dict[str, Check] = {}
C = TypeVar("C", bound=type[Check])


@cache
def check_sources() -> dict[str, dict[str, str]]:
    """The sources of the rules (``data/vocab/check_sources.yaml``), by id."""
    data = read_yaml(VOCAB_DIR / "check_sources.yaml")
    return {str(e["id"]): {k: str(v) for k, v in e.items()} for e in data["sources"]}


def source_name(source_id: str) -> str:
    """How reports name the source ``source_id`` ("Nghị định 30/2020/NĐ-CP về …")."""
    try:
        return check_sources()[source_id]["name"]
    except KeyError:
        raise KeyError(f"unknown check source {source_id!r} (check_sources.yaml)") from None


def register(cls: C) -> C:
    """Class decorator: add one instance of ``cls`` to the registry under ``cls.code``."""
    if not cls.code or not regex.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", cls.code):
        raise ValueError(f"check {cls.__name__}: code must be kebab-case, got {cls.code!r}")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"check {cls.code}: severity must be one of {SEVERITIES}")
    rule_key = f"checks.{cls.code}.rule"
    if rule_key in MESSAGES:
        cls.rule, cls.rule_en = both(rule_key)
    if not (cls.rule and cls.source):
        raise ValueError(f"check {cls.code}: rule ({rule_key}) and source are required")
    unknown = [i for i in cls.source_ids if i not in check_sources()]
    if unknown:
        raise ValueError(f"check {cls.code}: unknown source ids {unknown} (check_sources.yaml)")
    existing = _REGISTRY.get(cls.code)
    if existing is not None and type(existing).__qualname__ != cls.__qualname__:
        raise ValueError(f"check code {cls.code!r} registered twice")
    if not cls.family:
        cls.family = cls.__module__.rsplit(".", 1)[-1]
    _REGISTRY[cls.code] = cls()
    return cls


def registered() -> list[Check]:
    """Every registered check, in a stable order (family, then code). The checks of the
    package are the family modules' classes listed in ``graph.checks.ALL_CHECKS`` (importing
    any ``graph.checks`` module imports them first)."""
    return sorted(_REGISTRY.values(), key=lambda c: (c.family, c.code))


def get_check(code: str) -> Check:
    try:
        return _REGISTRY[code]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown check {code!r}; known: {known}") from None


def iter_matches(
    pattern: regex.Pattern[str],
    ctx: CheckContext,
    *,
    folded: bool = True,
) -> Iterator[tuple[regex.Match[str], int, int]]:
    """Matches of ``pattern`` on the normalised (or folded) text, with their ORIGINAL span."""
    hay = ctx.norm.folded if folded else ctx.norm.text
    for m in pattern.finditer(hay):
        s, e = ctx.norm.to_original(m.start(), m.end())
        yield m, s, e


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class CheckFailure:
    """A check that raised instead of running to the end (a defect of ours, reported)."""

    code: str
    error: str


@dataclass(frozen=True)
class CheckReport:
    """The result of checking one draft.

    ``document`` names the draft (its path, or ``"<text>"``); ``findings`` are in
    text order; ``summary`` counts them (see :func:`summarize`); ``text`` is the
    original text (for the HTML page); ``failures`` lists checks that crashed.
    """

    document: str
    findings: tuple[Finding, ...]
    summary: dict[str, Any]
    lang: str = "vi"
    text: str = ""
    failures: tuple[CheckFailure, ...] = ()
    checks: tuple[str, ...] = ()  # codes of the checks that ran

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]


def summarize(
    findings: Iterable[Finding],
    *,
    ran: Iterable[str] = (),
    skipped: Iterable[str] = (),
    failures: Iterable[CheckFailure] = (),
    **extra: Any,
) -> dict[str, Any]:
    """Counts by severity and by code, the checks run, skipped and failed."""
    fs = list(findings)
    by_code: dict[str, int] = {}
    for f in fs:
        by_code[f.code] = by_code.get(f.code, 0) + 1
    fail = [{"code": x.code, "error": x.error} for x in failures]
    out: dict[str, Any] = {
        "total": len(fs),
        "error": sum(f.severity == "error" for f in fs),
        "warning": sum(f.severity == "warning" for f in fs),
        "info": sum(f.severity == "info" for f in fs),
        "by_code": dict(sorted(by_code.items())),
        "checks_run": list(ran),
        "checks_skipped": list(skipped),
        "checks_failed": fail,
    }
    out.update(extra)
    return out


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
