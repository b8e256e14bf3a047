"""``.pdf`` files (pypdf): the text layer of every page.

pypdf's own log lines (thousands for one damaged file) are collected into ONE warning
naming the file. A file none of whose pages gives text is refused with what is wrong:
broken content (pypdf's error), text operators whose glyphs map to no characters, or no
text operators at all (scanned images: run OCR first).
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from pathlib import Path
from typing import Any

import regex

from parsers.load.base import (
    PDF_MIN_PAGE_CHARS,
    PDF_PAGE_SEPARATOR,
    CharCap,
    LoadError,
    _one_line,
    _sniff,
)
from parsers.load.ocr import Progress, pdf_ocr_fallback
from parsers.messages import Msg, Note

_LOGGED_SHOWN = 3  # distinct pypdf log lines quoted in the warning
# text-showing operators of a content stream: Tj, TJ, ' and "
_TEXT_OPERATOR = regex.compile(rb"(?:\bT[jJ]|['\"])(?:\s|$)")


class _Collect(logging.Handler):
    """pypdf's log records of one file: a count and the first distinct lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self.first: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.first) < _LOGGED_SHOWN:
            with contextlib.suppress(Exception):  # an unformattable record still counts
                self.first.setdefault(_one_line(record.getMessage(), 160), None)


def _load_pdf(
    path: Path, data: bytes, cap: CharCap | None = None, *, progress: Progress | None = None
) -> tuple[str, list[str], bool]:
    cap = cap or CharCap(path, None)
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = _sniff(data)
        detail = (
            Msg("load.detail.content_is", {"kind": kind})
            if kind
            else Msg("load.detail.no_pdf_header")
        )
        raise LoadError(path, "invalid_pdf", detail=detail)
    logger = logging.getLogger("pypdf")
    collect = _Collect()
    propagate = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            texts, failed, operators, warns = _read_pages(path, data, cap)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if collect.count:
        shown = "; ".join(collect.first)
        warns.append(Note("load.warn.pypdf", path=path, n=collect.count, shown=shown))
    empty = [n for n, t in enumerate(texts, 1) if _letter_count(t) < PDF_MIN_PAGE_CHARS]
    # --- OCR fallback hook (parsers.load.ocr): pages without a text layer
    texts, empty, ocr = pdf_ocr_fallback(path, data, texts, empty, progress=progress)
    # --- end OCR fallback hook
    if len(empty) == len(texts):
        if failed:
            error = failed[0][1]
            raise LoadError(path, "broken_pdf", pages=_page_list([p for p, _ in failed]),
                            detail=error)  # fmt: skip
        logged = next(iter(collect.first), "")
        if operators:
            raise LoadError(path, "pdf_no_chars", pages=_page_list(operators), detail=logged)
        if logged:  # no exception, but pypdf complained while reading the pages
            raise LoadError(path, "broken_pdf", pages=_page_list(empty), detail=f"pypdf: {logged}")
        raise LoadError(path, "no_text_layer")
    if failed:
        pages = _page_list([p for p, _ in failed])
        warns.append(Note("load.warn.pages_failed", pages=pages, error=failed[0][1]))
    if empty:
        warns.append(Note("load.warn.no_text_layer", pages=_page_list(empty)))
    return PDF_PAGE_SEPARATOR.join(texts), warns, ocr


def _read_pages(
    path: Path, data: bytes, cap: CharCap
) -> tuple[list[str], list[tuple[int, str]], list[int], list[str]]:
    """Each page's text, the pages that failed (with pypdf's error), the empty pages that
    do hold text operators, and warnings."""
    warns: list[str] = []
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            if not opened:
                raise LoadError(path, "encrypted_pdf")
            warns.append(Note("load.warn.empty_password"))
        pages = list(reader.pages)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(path, "invalid_pdf", detail=f"{type(exc).__name__}: {exc}") from None
    if not pages:
        raise LoadError(path, "invalid_pdf", detail=Msg("load.detail.no_pages"))
    texts: list[str] = []
    failed: list[tuple[int, str]] = []
    operators: list[int] = []
    for number, page in enumerate(pages, 1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            text = ""
            failed.append((number, f"{type(exc).__name__}: {exc}"))
        cap.take(len(text))
        texts.append(text)
        this_failed = bool(failed) and failed[-1][0] == number
        if not this_failed and not text.strip():  # operators that give no character at all
            try:
                if _has_text_operators(page):
                    operators.append(number)
            except Exception as exc:  # the content stream itself cannot be decoded
                failed.append((number, f"{type(exc).__name__}: {exc}"))
    return texts, failed, operators, warns


def _has_text_operators(page: Any) -> bool:
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return _TEXT_OPERATOR.search(data) is not None


def _letter_count(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" … (+{len(numbers) - 20})" if len(numbers) > 20 else "")
