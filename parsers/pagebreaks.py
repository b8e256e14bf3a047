"""Pass 3 of :func:`parsers.normalize.normalize`: gazette page breaks.

A run of lines made of page headers (``CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024``), page
numbers, blank lines and digital-signature stamps (``Ký bởi: …`` … ``Ngày ký: …``) becomes
one ``\\n``. Public verb: :func:`page_break_edits`.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from parsers.codepoints import WHITESPACE

# One line of a gazette page break, matched on the folded line.
# "CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024", "7   CÔNG BÁO/Số 271/Ngày 12-05-2026   8"
_HEADER_BODY = (
    r"cong[^\S\n]*bao[^\S\n]*/[^\S\n]*so[^\S\n]*\d{1,5}(?:[^\S\n]*\+[^\S\n]*\d{1,5}){0,3}"
    r"[^\S\n]*/[^\S\n]*ngay[^\S\n]*\d{1,2}[^\S\n]*-[^\S\n]*\d{1,2}[^\S\n]*-[^\S\n]*\d{4,5}"
)
_PAGE_HEADER = regex.compile(
    rf"[^\S\n]*(?:\d{{1,4}}[^\S\n]+)?{_HEADER_BODY}[^\S\n]*(?:\d{{1,4}}[^\S\n]*)?"
)
_PAGE_NUMBER = regex.compile(r"\s*\d{1,4}\s*")
_BLANK = regex.compile(r"\s*")
# digital-signature stamp of the gazette PDFs:
# "Ký bởi: CÔNG BÁO NƯỚC …" / "Người ký: Cổng Thông tin điện tử Chính phủ"
_STAMP_START = regex.compile(r"\s*(?:ky boi|nguoi ky)\s*:.*")
# "Email: thongtinchinhphu@chinhphu.vn", "Cơ quan: Văn phòng Chính phủ"
_STAMP_MIDDLE = regex.compile(r"\s*(?:email\s*:\s*\S+@\S+|co quan\s*:\s*van phong chinh phu)\s*")
# "Thời gian ký: 23.12.2020 10:45:09 +07:00", "Ngày ký: 2026-06-02 08:06:58 +07:00"
_STAMP_END = regex.compile(r"\s*(?:thoi gian ky|ngay ky)\s*:\s*\d.*")
# where to look: a header line or the first line of a stamp (folded text)
_PAGE_BREAK_CORE = regex.compile(
    rf"(?m)^[^\S\n]*(?:(?:\d{{1,4}}[^\S\n]+)?{_HEADER_BODY}|(?:ky boi|nguoi ky)[^\S\n]*:)"
)

# A literal part of every header line, found fast (see _page_break_cores)
_PAGE_BREAK_HINT = regex.compile(r"cong[^\S\n]*bao")


def _line_span(text: str, pos: int) -> tuple[int, int]:
    """The line holding ``pos``: start and end (the end excludes the ``\\n``)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


# any of the lines that may stand in a page break, in one pattern (fullmatch: one branch
# matching the whole line)
_JUNK = regex.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (_BLANK, _PAGE_NUMBER, _PAGE_HEADER, _STAMP_START, _STAMP_MIDDLE, _STAMP_END)
    )
)


# what no line of _JUNK but a blank one opens on after its white space (each of its other
# patterns opens, after ``\s*``, on a digit or on "c", "e", "k", "n", "t")
_NOT_JUNK_START = frozenset("abdfghijlmopqrsuvwxyz")


def _is_junk(line: str) -> bool:
    """A folded line that may stand in a page break: ``_JUNK.fullmatch(line)``, a blank
    line or one opening on a letter no junk opens on decided without the pattern."""
    rest = line.lstrip(WHITESPACE)
    if not rest:
        return True  # _BLANK
    if rest[0] in _NOT_JUNK_START:
        return False
    return _JUNK.fullmatch(line) is not None


def _page_break_cores(folded: str) -> Iterator[regex.Match[str]]:
    """The matches of ``_PAGE_BREAK_CORE.finditer(folded)``, found fast.

    The pattern matches at a line start only, within that line, and its line holds
    "cong … bao", "ky boi" or "nguoi ky": those lines are found by fast literal searches
    and the pattern is tried at their starts, in order.
    """
    starts = {folded.rfind("\n", 0, m.start()) + 1 for m in _PAGE_BREAK_HINT.finditer(folded)}
    for word in ("ky boi", "nguoi ky"):
        i = folded.find(word)
        while i >= 0:
            starts.add(folded.rfind("\n", 0, i) + 1)
            i = folded.find(word, i + 1)
    for ls in sorted(starts):
        m = _PAGE_BREAK_CORE.match(folded, ls)
        if m is not None:
            yield m


def page_break_edits(text: str, folded: str) -> list[tuple[int, int, str]]:
    """Runs of page-break lines that hold a page header or a signature stamp (``folded``:
    the folded ``text``), as edits ``(start, end, replacement)``."""
    if "cong" not in folded and " ky" not in folded:
        return []
    n = len(text)
    runs: list[tuple[int, int]] = []  # [first line start, last line end]
    for m in _page_break_cores(folded):
        if runs and m.start() <= runs[-1][1]:
            continue  # already inside a run
        start, end = _line_span(text, m.start())
        if _STAMP_START.fullmatch(folded[start:end]):  # a stamp must be complete
            probe = end
            while probe < n:
                s2, e2 = _line_span(text, probe + 1)
                line = folded[s2:e2]
                if _STAMP_MIDDLE.fullmatch(line):
                    probe = e2
                    continue
                if not _STAMP_END.fullmatch(line):
                    probe = -1
                break
            if probe < 0 or probe >= n:
                continue
        if runs and start <= runs[-1][1] + 1:  # inside or right after the previous run
            start = runs[-1][0]
            runs.pop()
        # extend over junk lines on both sides
        while start > 0:
            s2, e2 = _line_span(text, start - 1)
            if not _is_junk(folded[s2:e2]):
                break
            start = s2
        while end < n:
            s2, e2 = _line_span(text, end + 1)
            if not _is_junk(folded[s2:e2]):
                break
            end = e2
        if runs and start <= runs[-1][1] + 1:
            start = runs[-1][0]
            runs.pop()
        runs.append((start, end))
    edits: list[tuple[int, int, str]] = []
    for start, end in runs:
        if start == 0:
            edits.append((0, min(end + 1, n), ""))
        elif end >= n:
            edits.append((start - 1, n, ""))
        else:
            edits.append((start - 1, end + 1, "\n"))
    return edits
